#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using cadre::indexer::ParsedClause;
using cadre::indexer::SourceInput;

std::vector<ParsedClause> run(const std::string& format, const std::string& display, std::string bytes,
                              const std::string& language, std::map<std::string, std::string> options = {}) {
  SourceInput input{display, std::move(bytes), language, std::move(options)};
  return cadre::indexer::parser_for(format)->parse(input);
}

[[maybe_unused]] std::vector<ParsedClause> run_file(const std::string& format, const std::filesystem::path& path,
                                   const std::string& language) {
  return run(format, path.filename().string(), cadre::test::read_file(path), language);
}

const ParsedClause* find(const std::vector<ParsedClause>& clauses, const std::string& path,
                         const std::string& language = {}) {
  for (const auto& c : clauses)
    if (c.path == path && (language.empty() || c.language == language)) return &c;
  return nullptr;
}

[[maybe_unused]] std::size_t top_level(const std::vector<ParsedClause>& clauses, const std::string& prefix = "art_",
                      const std::string& language = {}) {
  std::size_t n = 0;
  for (const auto& c : clauses)
    if (c.parent.empty() && c.path.starts_with(prefix) && (language.empty() || c.language == language)) ++n;
  return n;
}

/// Unique (path, language), parents before children, parent = path minus its last component.
void expect_well_formed(const std::vector<ParsedClause>& clauses) {
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

[[maybe_unused]] std::vector<std::string> paths(const std::vector<ParsedClause>& clauses, const std::string& language) {
  std::vector<std::string> out;
  for (const auto& c : clauses)
    if (c.language == language) out.push_back(c.path);
  return out;
}

std::string message_of(const std::string& format, const std::string& display, const std::string& bytes,
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

void check_table(const std::vector<ParsedClause>& clauses, const std::vector<Expect>& table,
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

} // namespace

TEST(cac_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("cac-html"), &cadre::indexer::parsers::cac_html());
}

TEST(cac_html, Fixture) {
  const auto clauses = run_file("cac-html", cadre::test::data_dir() / "sources/cac-html/sample.zh.html", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 3u);
  check_table(clauses, {
      {"art_1", "", "第一条", "", "第一条 为了规范试验，制定本办法。"},
      {"art_2__item_1", "art_2", "第二条（一）", "", "（一）使用合法数据；"},
      {"art_2__item_2", "art_2", "第二条（二）", "", "（二）保护个人信息。"},
      {"art_12", "", "第十二条", "", "第十二条 本办法自2024年1月1日起施行。"},
  });
  // The article keeps its later paragraph; chapter headings, the order and the footer are not text.
  EXPECT_EQ(find(clauses, "art_2")->text,
            "第二条 开展试验，应当遵守以下规定： （一）使用合法数据； （二）保护个人信息。 违反前款规定的，依法处理。");
  EXPECT_EQ(find(clauses, "art_12")->text.find("版权"), std::string::npos);
}

TEST(cac_html, Errors) {
  EXPECT_EQ(message_of("cac-html", "empty.html", "", "zh"), "empty.html: the file is empty");
  EXPECT_EQ(message_of("cac-html", "none.html", "<html><body><p>首页</p></body></html>", "zh"),
            "none.html: no articles found: is this really a cac-html file?");
  EXPECT_EQ(message_of("cac-html", "dup.html", "<html><body>\n<p>第一条 甲。</p>\n<p>第一条 乙。</p></body></html>", "zh"),
            "dup.html:3: the clause id 'art_1' occurs twice");
  EXPECT_EQ(message_of("cac-html", "opt.html", "<p>x</p>", "zh", {{"x", "1"}}),
            "opt.html: unknown option 'x' for format 'cac-html'; this format accepts no options");
}

TEST(cac_html, RealInterimMeasures) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = run_file("cac-html", sources / "cn/genai-interim-measures-2023.zh.html", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 24u);
  check_table(clauses, {{"art_1", "", "第一条", "", "第一条 为了促进生成式人工智能"},
                        {"art_4__item_1", "art_4", "第四条（一）", "", "（一）坚持社会主义核心价值观"},
                        {"art_22__item_3", "art_22", "第二十二条（三）", "", "（三）"},
                        {"art_24", "", "第二十四条", "", "第二十四条 本办法自2023年8月15日起施行。"}});
  EXPECT_EQ(find(clauses, "art_24")->text, "第二十四条 本办法自2023年8月15日起施行。");
}
