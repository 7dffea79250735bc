#include "core/text.hpp"

#include <gtest/gtest.h>

namespace {

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
                      ElisionCase{"s'entend de l'évaluation", "s|entend de l|évaluation"}));

TEST(Text, RestoreElisionsGivesTypographicApostrophes) {
  EXPECT_EQ(cadre::text::restore_elisions(cadre::text::split_elisions("l'intelligence")), "l\u2019intelligence");
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(cadre::text::is_valid_utf8("surveillance humaine 人工智能"));
  EXPECT_FALSE(cadre::text::is_valid_utf8("\xC3\x28"));
  EXPECT_FALSE(cadre::text::is_valid_utf8("\xED\xA0\x80")); // a surrogate
  EXPECT_FALSE(cadre::text::is_valid_utf8("\xC0\xAF"));     // overlong '/'
  EXPECT_FALSE(cadre::text::is_valid_utf8("abc\xE2\x82"));  // truncated
}

TEST(Text, EscapesHtml) { EXPECT_EQ(cadre::text::escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"); }

TEST(Text, StemmersByLanguage) {
  EXPECT_EQ(cadre::text::stemmer_name("fr"), "french");
  EXPECT_EQ(cadre::text::stemmer_name("pt"), "portuguese");
  EXPECT_EQ(cadre::text::stemmer_name("zh"), "none");
  EXPECT_TRUE(cadre::text::is_cjk_language("ko"));
}

} // namespace
