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

TEST(article_json, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("article-json"), &cadre::indexer::parsers::article_json());
}

TEST(article_json, BrazilianFixturePortugueseAndEnglish) {
  const auto dir = cadre::test::data_dir() / "sources/article-json";
  const auto pt = run_file("article-json", dir / "sample.pt.json", "pt");
  const auto en = run_file("article-json", dir / "sample.en.json", "en");
  expect_well_formed(pt);
  expect_well_formed(en);
  EXPECT_EQ(top_level(pt), 3u);
  check_table(pt, {
      {"art_1", "", "Art. 1", "", "Art. 1º Esta Lei estabelece"},
      {"art_1__para_1", "art_1", "Art. 1, § 1", "", "§ 1º Esta Lei não se aplica:"},
      {"art_1__para_1__item_II", "art_1__para_1", "Art. 1, § 1, II", "", "II − à defesa"},
      {"art_1__para_1__item_II__point_b", "art_1__para_1__item_II", "Art. 1, § 1, II, b", "", "b) houver registro."},
      {"art_2__item_I", "art_2", "Art. 2, I", "", "I – a pessoa humana;"},
      {"art_2__para_single", "art_2", "Art. 2, parágrafo único", "", "Parágrafo único."},
  });
  check_table(en, {
      {"art_1__para_2", "art_1", "Article 1, § 2", "", "§ 2. The regulation applies."},
      {"art_2__para_single", "art_2", "Article 2, sole paragraph", "", "Sole paragraph."},
  });
  // Quoted amending text is part of the article, never structure.
  EXPECT_EQ(find(pt, "art_3__item_IV"), nullptr);
  EXPECT_NE(find(pt, "art_3")->text.find("IV – novo inciso;"), std::string::npos);
  EXPECT_EQ(paths(pt, "pt"), paths(en, "en"));
}

TEST(article_json, TaiwaneseFixtureYieldsBothLanguages) {
  const auto clauses =
      run_file("article-json", cadre::test::data_dir() / "sources/article-json/sample.zh-Hant+en.json", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses, "art_", "zh"), 3u);
  EXPECT_EQ(top_level(clauses, "art_", "en"), 3u);
  check_table(clauses, {{"art_1", "", "第1條", "", "為測試規則"},
                        {"art_2__item_1", "art_2", "第2條第1款", "", "一、安全"},
                        {"art_3__para_2", "art_3", "第3條第2項", "", "前項測試之方法"}},
              "zh");
  check_table(clauses, {{"art_1", "", "Article 1", "", "This Act is enacted"},
                        {"art_2__item_2", "art_2", "Article 2, subparagraph 2", "", "2. Transparency"},
                        {"art_3__para_1", "art_3", "Article 3(1)", "", "The government shall conduct tests."}},
              "en");
  EXPECT_EQ(paths(clauses, "zh"), paths(clauses, "en"));
}

TEST(article_json, Errors) {
  EXPECT_EQ(message_of("article-json", "bad.json", "{\"articles\": [\n{\"articleNumber\": }]}", "pt"),
            "bad.json:2: not valid JSON (syntax error while parsing value - unexpected '}'; expected '[', '{', or "
            "a literal)");
  EXPECT_EQ(message_of("article-json", "empty.json", "", "pt"), "empty.json: the file is empty");
  EXPECT_EQ(message_of("article-json", "none.json", "{\"articles\": []}", "pt"),
            "none.json: no articles found: is this really an article-json file? (expected a list of articles, or "
            "an object with \"articles\" or \"units\")");
  EXPECT_EQ(message_of("article-json", "num.json", "[{\"paragraphs\": [\"x\"]}]", "pt"),
            "num.json: article entry 1 has no usable article number (\"articleNumber\", or an id ending in -art-N)");
  EXPECT_EQ(message_of("article-json", "opt.json", "[]", "pt", {{"lang", "pt"}}),
            "opt.json: unknown option 'lang' for format 'article-json'; this format accepts no options");
}

TEST(article_json, RealPl2338) {
  CADRE_REQUIRE_SOURCES();
  const auto pt = run_file("article-json", sources / "br/pl-2338-2023-senate-autograph.pt.json", "pt");
  const auto en = run_file("article-json", sources / "br/pl-2338-2023-senate-autograph.project-translation.en.json", "en");
  expect_well_formed(pt);
  expect_well_formed(en);
  EXPECT_EQ(top_level(pt), 79u);
  EXPECT_EQ(top_level(en), 79u);
  EXPECT_EQ(find(pt, "art_31"), nullptr);
  check_table(pt, {{"art_1__para_1__item_I", "art_1__para_1", "Art. 1, § 1, I", "", "I – utilizado"},
                   {"art_13__item_I__point_a", "art_13__item_I", "Art. 13, I, a", "", "a) instigar"},
                   {"art_80", "", "Art. 80", "", "Art. 80."}});
  check_table(en, {{"art_1__para_1__item_I", "art_1__para_1", "Article 1, § 1, I", "", "I – used"}});
  EXPECT_EQ(paths(pt, "pt"), paths(en, "en"));
}

TEST(article_json, RealTaiwanAiBasicAct) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = run_file("article-json", sources / "tw/ai-basic-act-2026.zh-Hant+en.json", "zh");
  expect_well_formed(clauses);
  EXPECT_EQ(top_level(clauses, "art_", "zh"), 20u);
  EXPECT_EQ(top_level(clauses, "art_", "en"), 20u);
  check_table(clauses, {{"art_4__item_1", "art_4", "第4條第1款", "", "一、永續發展與福祉"},
                        {"art_5__para_2", "art_5", "第5條第2項", "", "政府應以兒少最佳利益為原則"}},
              "zh");
  check_table(clauses, {{"art_5__para_2", "art_5", "Article 5(2)", "", "The government shall act in the best"}},
              "en");
  EXPECT_EQ(paths(clauses, "zh"), paths(clauses, "en"));
}
