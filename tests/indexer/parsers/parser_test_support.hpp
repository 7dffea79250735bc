// Helpers shared by the parser tests: run a parser on bytes or a file, find clauses, check the
// tree's invariants and tables of expected clauses, and capture a DataError's message.
#pragma once

#include "core/error.hpp"
#include "indexer/parsers/parsers.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cadre::test::parsers {

using cadre::indexer::ParsedClause;
using cadre::indexer::SourceInput;

inline std::vector<ParsedClause> run(const std::string& format, const std::string& display, std::string bytes,
                              const std::string& language, std::map<std::string, std::string> options = {}) {
  SourceInput input{display, std::move(bytes), language, std::move(options)};
  return cadre::indexer::parser_for(format)->parse(input);
}

inline std::vector<ParsedClause> run_file(const std::string& format, const std::filesystem::path& path,
                                   const std::string& language) {
  return run(format, path.filename().string(), cadre::test::read_file(path), language);
}

inline const ParsedClause* find(const std::vector<ParsedClause>& clauses, const std::string& path,
                         const std::string& language = {}) {
  for (const auto& c : clauses)
    if (c.path == path && (language.empty() || c.language == language)) return &c;
  return nullptr;
}

inline std::size_t top_level(const std::vector<ParsedClause>& clauses, const std::string& prefix = "art_",
                      const std::string& language = {}) {
  std::size_t n = 0;
  for (const auto& c : clauses)
    if (c.parent.empty() && c.path.starts_with(prefix) && (language.empty() || c.language == language)) ++n;
  return n;
}

/// Unique (path, language), parents before children, parent = path minus its last component.
inline void expect_well_formed(const std::vector<ParsedClause>& clauses) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& c : clauses) {
    EXPECT_TRUE(seen.insert({c.path, c.language}).second) << "duplicate " << c.path;
    const auto cut = c.path.rfind("__");
    EXPECT_EQ(c.parent, cut == std::string::npos ? std::string() : c.path.substr(0, cut)) << c.path;
    if (!c.parent.empty()) {
      EXPECT_TRUE(seen.count({c.parent, c.language})) << "parent after child: " << c.path;
    }
    EXPECT_FALSE(c.text.empty()) << c.path;
    EXPECT_FALSE(c.label.empty()) << c.path;
  }
}

inline std::vector<std::string> paths(const std::vector<ParsedClause>& clauses, const std::string& language) {
  std::vector<std::string> out;
  for (const auto& c : clauses)
    if (c.language == language) out.push_back(c.path);
  return out;
}

inline std::string message_of(const std::string& format, const std::string& display, const std::string& bytes,
                       const std::string& language, std::map<std::string, std::string> options = {}) {
  try {
    run(format, display, bytes, language, std::move(options));
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "(no error)";
}

struct Expect {
  std::string path, parent, label, heading, text_start;
};

inline void check_table(const std::vector<ParsedClause>& clauses, const std::vector<Expect>& table,
                 const std::string& language = {}) {
  for (const auto& e : table) {
    const ParsedClause* c = find(clauses, e.path, language);
    ASSERT_NE(c, nullptr) << e.path;
    EXPECT_EQ(c->parent, e.parent) << e.path;
    EXPECT_EQ(c->label, e.label) << e.path;
    EXPECT_EQ(c->heading, e.heading) << e.path;
    EXPECT_TRUE(c->text.starts_with(e.text_start)) << e.path << ": " << c->text;
  }
}


/// One expected clause, for expect_rows().
struct Row {
  const char* path;
  const char* parent;
  const char* label;
  const char* heading;
  const char* text;
};

/// `clauses` are exactly `rows`, in order, field by field; and in `language` when it is given.
inline void expect_rows(const std::vector<ParsedClause>& clauses, const std::vector<Row>& rows,
                        const std::string& language = {}) {
  ASSERT_EQ(clauses.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i].path);
    EXPECT_EQ(clauses[i].path, rows[i].path);
    EXPECT_EQ(clauses[i].parent, rows[i].parent);
    EXPECT_EQ(clauses[i].label, rows[i].label);
    EXPECT_EQ(clauses[i].heading, rows[i].heading);
    EXPECT_EQ(clauses[i].text, rows[i].text);
    if (!language.empty()) {
      EXPECT_EQ(clauses[i].language, language);
    }
  }
}

/// The message of the DataError `parse` throws, or "no error".
template <class Parse> std::string data_error_of(Parse&& parse) {
  try {
    parse();
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "no error";
}

} // namespace cadre::test::parsers
