#include "core/text.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

namespace {

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  }
  s += static_cast<char>(0x80 | (c & 0x3F));
  return s;
}

using cadre::text::k_elision_mark;

std::string marked(std::string s) {
  for (std::size_t p; (p = s.find('|')) != std::string::npos;) s.replace(p, 1, k_elision_mark);
  return s;
}

struct ElisionCase {
  const char* input;
  const char* expected; // '|' stands for the elision mark
};

class Elisions : public ::testing::TestWithParam<ElisionCase> {};

TEST_P(Elisions, SplitsFrenchElisionsOnly) {
  EXPECT_EQ(cadre::text::split_elisions(GetParam().input), marked(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Text, Elisions,
    ::testing::Values(ElisionCase{"l'intelligence", "l|intelligence"}, ElisionCase{"L'IA", "L|IA"},
                      ElisionCase{"d\u2019un système", "d|un système"}, ElisionCase{"qu'il", "qu|il"},
                      ElisionCase{"jusqu'au", "jusqu|au"}, ElisionCase{"aujourd'hui", "aujourd'hui"},
                      ElisionCase{"the AI's output", "the AI's output"}, ElisionCase{"l'", "l'"},
                      ElisionCase{"s'entend de l'évaluation", "s|entend de l|évaluation"},
                      ElisionCase{"d\u2019aujourd\u2019hui l\u2019État", "d|aujourd\u2019hui l|État"},
                      ElisionCase{"5 € \u2014 l'euro", "5 € \u2014 l|euro"}, ElisionCase{"qu'l'a", "qu|l|a"},
                      ElisionCase{"", ""}));

TEST(Text, RestoreElisionsGivesTypographicApostrophes) {
  EXPECT_EQ(cadre::text::restore_elisions(cadre::text::split_elisions("l'intelligence")), "l\u2019intelligence");
}

TEST(Text, FoldLatinLowerCasesAndDropsDiacriticsOfLatinLettersOnly) {
  EXPECT_EQ(cadre::text::fold_latin("Évaluation des RISQUES"), "evaluation des risques");
  EXPECT_EQ(cadre::text::fold_latin("proteção, Ação, œuvre, Łódź"), "protecao, acao, oeuvre, lodz");
  EXPECT_EQ(cadre::text::fold_latin("人工智能 × straße"), "人工智能 × straße") << "not Latin letters, or none to fold";
}

TEST(Text, DefinedTermKeysAreAlikeFromADefinitionAndFromAQuestion) {
  using cadre::text::defined_term_key;
  EXPECT_EQ(defined_term_key("Deployer", "en"), "deploy");
  EXPECT_EQ(defined_term_key("a deployer", "en"), "deploy") << "a leading article is dropped";
  EXPECT_EQ(defined_term_key("deployers?", "en"), "deploy");
  EXPECT_EQ(defined_term_key("PERSONAL DATA", "en"), defined_term_key("personal data", "en"));
  EXPECT_EQ(defined_term_key("Système de décision automatisé", "fr"), defined_term_key("systeme de decision automatise", "fr"));
  EXPECT_EQ(defined_term_key("high-impact system", "en"), "high impact system");
  EXPECT_EQ(defined_term_key("인공지능", "ko"), "인공지능");
  EXPECT_EQ(defined_term_key("「人工知能関連技術」", "ja"), "人工知能関連技術") << "CJK punctuation is not part of the term";
  EXPECT_EQ(defined_term_key("the", "en"), "the") << "a lone article is the term";
  EXPECT_EQ(defined_term_key(" ? ", "en"), "");
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(cadre::text::is_valid_utf8("surveillance humaine 人工智能"));
  EXPECT_FALSE(cadre::text::is_valid_utf8("\xC3\x28"));
  EXPECT_FALSE(cadre::text::is_valid_utf8("\xED\xA0\x80")); // a surrogate
  EXPECT_FALSE(cadre::text::is_valid_utf8("\xC0\xAF"));     // overlong '/'
  EXPECT_FALSE(cadre::text::is_valid_utf8("abc\xE2\x82"));  // truncated
}

TEST(Text, FindsCjkCodePoints) {
  EXPECT_TRUE(cadre::text::has_cjk("AI 人工智能"));
  EXPECT_TRUE(cadre::text::has_cjk("생성형"));
  EXPECT_TRUE(cadre::text::has_cjk("ＡＩ")); // full-width Latin is n-grammed too
  EXPECT_FALSE(cadre::text::has_cjk("réglementation — “IA”"));
  EXPECT_FALSE(cadre::text::has_cjk("\xE4\xBA")); // truncated, not a code point
}

TEST(Text, BracketsCjkRunsInQueries) {
  EXPECT_EQ(cadre::text::bracket_cjk_runs("AI 人工智能 law"), "AI (人工智能) law");
  EXPECT_EQ(cadre::text::bracket_cjk_runs("AI人工智能law"), "AI(人工智能)law");
  EXPECT_EQ(cadre::text::bracket_cjk_runs("\"생성형 AI\" 규제"), "\"(생성형) AI\" (규제)");
  EXPECT_EQ(cadre::text::bracket_cjk_runs("évaluation d'impact"), "évaluation d'impact");
}

// The contract of bracket_cjk_runs() checked against the Xapian this build links: every code
// point from U+0080 that makes "a <c> b" fail to parse (a CJK run between two words) parses once bracketed.
TEST(Text, BracketingLetsXapianParseEveryCodePointBetweenTwoWords) {
  Xapian::QueryParser parser;
  parser.set_default_op(Xapian::Query::OP_AND);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
  for (char32_t c = 0x80; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    const std::string query = "a " + utf8(c) + " b";
    try {
      parser.parse_query(query, flags);
    } catch (const Xapian::QueryParserError&) {
      EXPECT_TRUE(cadre::text::is_cjk_codepoint(c)) << std::hex << static_cast<unsigned>(c);
      EXPECT_NO_THROW(parser.parse_query(cadre::text::bracket_cjk_runs(query), flags)) << std::hex << static_cast<unsigned>(c);
    }
  }
}

TEST(Text, EscapesHtml) { EXPECT_EQ(cadre::text::escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"); }

TEST(Text, StemmersByLanguage) {
  EXPECT_EQ(cadre::text::stemmer_name("fr"), "french");
  EXPECT_EQ(cadre::text::stemmer_name("pt"), "portuguese");
  EXPECT_EQ(cadre::text::stemmer_name("zh"), "none");
  EXPECT_TRUE(cadre::text::is_cjk_language("ko"));
}

} // namespace
