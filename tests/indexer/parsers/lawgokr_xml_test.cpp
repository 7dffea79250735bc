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

TEST(lawgokr_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("lawgokr-xml"), &cadre::indexer::parsers::lawgokr_xml());
}

TEST(lawgokr_xml, KoreanFixture) {
  const auto clauses = run_file("lawgokr-xml", cadre::test::data_dir() / "sources/lawgokr-xml/sample.ko.xml", "ko");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses), 4u); // the chapter heading (전문) is not a clause
  check_table(clauses, {
      {"art_1", "", "제1조", "목적", "제1조(목적) 이 법은"},
      {"art_2__item_1", "art_2", "제2조제1호", "", "1. \"시험\""},
      {"art_2__item_1-2", "art_2", "제2조제1호의2", "", "1의2. \"규칙\""},
      {"art_2__item_1-2__point_2", "art_2__item_1-2", "제2조제1호의2나목", "", "나. 명령"},
      {"art_3__para_1", "art_3", "제3조제1항", "", "① 국가는"},
      {"art_3__para_2__item_1", "art_3__para_2", "제3조제2항제1호", "", "1. 안전"},
      {"art_3-2", "", "제3조의2", "보고", "제3조의2(보고)"},
  });
  // Editorial notes are dropped.
  EXPECT_EQ(find(clauses, "art_3__para_2")->text, "② 국가는 다음 사항을 고려한다. 1. 안전");
  EXPECT_EQ(find(clauses, "art_2")->text.find("<개정"), std::string::npos);
}

TEST(lawgokr_xml, EnglishFixtureAlignsWithKorean) {
  const auto ko = run_file("lawgokr-xml", cadre::test::data_dir() / "sources/lawgokr-xml/sample.ko.xml", "ko");
  const auto en = run_file("lawgokr-xml", cadre::test::data_dir() / "sources/lawgokr-xml/sample.en.xml", "en");
  expect_well_formed(en);
  check_table(en, {
      {"art_1", "", "Article 1", "Purpose", "Article 1 (Purpose) The purpose"},
      {"art_2__item_1-2__point_1", "art_2__item_1-2", "Article 2, subparagraph 1-2, item (a)", "", "a. Acts;"},
      {"art_3__para_1", "art_3", "Article 3(1)", "", "(1) The State shall support tests."},
      {"art_3__para_2__item_1", "art_3__para_2", "Article 3(2), subparagraph 1", "", "1. Safety."},
      {"art_3-2", "", "Article 3-2", "Reports", "Article 3-2 (Reports)"},
  });
  EXPECT_EQ(find(en, "art_3")->text,
            "Article 3 (Responsibilities of the State) (1) The State shall support tests. (2) The State shall "
            "consider the following: 1. Safety.");
  EXPECT_EQ(paths(ko, "ko"), paths(en, "en"));
}

TEST(lawgokr_xml, Errors) {
  EXPECT_EQ(message_of("lawgokr-xml", "bad.xml", "<법령>\n<조문>", "ko"),
            "bad.xml:2: Premature end of data in tag 조문 line 2 (the file is not well-formed XML)");
  EXPECT_EQ(message_of("lawgokr-xml", "empty.xml", "", "ko"), "empty.xml: the file is empty");
  EXPECT_EQ(message_of("lawgokr-xml", "none.xml", "<법령><조문/></법령>", "ko"),
            "none.xml: no articles found: is this really a lawgokr-xml file?");
  EXPECT_EQ(message_of("lawgokr-xml", "para.xml",
                       "<법령><조문>\n<조문단위><조문번호>1</조문번호><조문여부>조문</조문여부>\n<항><항번호>(1)</항번호>"
                       "</항></조문단위></조문></법령>",
                       "ko"),
            "para.xml:3: <항번호> '(1)' is not a circled paragraph number");
  EXPECT_EQ(message_of("lawgokr-xml", "opt.xml", "<법령/>", "ko", {{"a", "1"}, {"b", "2"}}),
            "opt.xml: unknown options 'a', 'b' for format 'lawgokr-xml'; this format accepts no options");
}

TEST(lawgokr_xml, RealAiBasicAct) {
  CADRE_REQUIRE_SOURCES();
  const auto current = run_file("lawgokr-xml", sources / "kr/ai-framework-act-current-2026-07-20.ko.xml", "ko");
  const auto ko = run_file("lawgokr-xml", sources / "kr/ai-framework-act-2026-07-21.ko.xml", "ko");
  const auto en = run_file("lawgokr-xml", sources / "kr/ai-framework-act-2026-07-21.en.xml", "en");
  expect_well_formed(current);
  expect_well_formed(ko);
  expect_well_formed(en);
  EXPECT_EQ(top_level(current), 44u);
  EXPECT_EQ(top_level(ko), 46u);
  EXPECT_EQ(top_level(en), 46u);
  EXPECT_EQ(find(current, "art_17-2"), nullptr);
  check_table(ko, {{"art_2__item_4__point_1", "art_2__item_4", "제2조제4호가목", "", "가. "},
                   {"art_3__para_1", "art_3", "제3조제1항", "", "① "},
                   {"art_17-2", "", "제17조의2", "인공지능제품 및 인공지능서비스 이용비용의 지원", "제17조의2("},
                   {"art_6__para_2__item_4-2", "art_6__para_2", "제6조제2항제4호의2", "", "4의2. "}});
  check_table(en, {{"art_2__item_4__point_1", "art_2__item_4", "Article 2, subparagraph 4, item (a)", "", "a. Supply"},
                   {"art_3__para_1", "art_3", "Article 3(1)", "", "(1) "},
                   {"art_17-2", "", "Article 17-2", "Support for expenses for using artificial intelligence products "
                                                     "and artificial intelligence services", "Article 17-2 ("},
                   {"art_22-3", "", "Article 22-3", "Establishment and operation of research institutions for "
                                                    "securing artificial intelligence technology", "Article 22-3 ("}});
  EXPECT_EQ(paths(ko, "ko"), paths(en, "en")); // the two language versions align clause for clause
}
