#include "indexer/text_util.hpp"

#include <gtest/gtest.h>

namespace {

struct SpaceCase {
  const char* input;
  const char* expected;
};

class NormalizeSpace : public ::testing::TestWithParam<SpaceCase> {};

// Every kind of space (ASCII white space, no-break, the U+2000 block's, line and paragraph
// separators, the narrow no-break and the ideographic space) becomes one ASCII space between
// words and none at either end; other bytes, the first bytes of those spaces' encodings among
// them, are kept as they are.
TEST_P(NormalizeSpace, FoldsEverySpaceIntoOne) {
  EXPECT_EQ(cadre::indexer::normalize_space(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    TextUtil, NormalizeSpace,
    ::testing::Values(SpaceCase{"", ""}, SpaceCase{" \t\n", ""}, SpaceCase{"word", "word"},
                      SpaceCase{"  two \r\n\f\v words  ", "two words"}, SpaceCase{"a\u00A0b\u2003c\u202Fd", "a b c d"},
                      SpaceCase{"a\u2028b\u2029c\u200Bd", "a b c d"}, SpaceCase{"人工\u3000智能", "人工 智能"},
                      SpaceCase{"5 € — «Â» 「AI」", "5 € — «Â» 「AI」"}, SpaceCase{"\u00A0\u00A0x", "x"},
                      SpaceCase{"end\xC2", "end\xC2"}, SpaceCase{"cut\xE2\x80", "cut\xE2\x80"}));

// Two encodings of one text (another numbering, punctuation, quotes, spacing or case; point
// markers printed or not) have one fingerprint; another word or letter changes it.
TEST(TextUtil, LettersFingerprintReadsTheWordsAlone) {
  using cadre::indexer::letters_fingerprint;
  const auto base = letters_fingerprint("1. Providers shall: (a) keep “logs”; (iv) report incidents.");
  EXPECT_EQ(letters_fingerprint("Providers shall keep \"logs\", report incidents"), base);
  EXPECT_EQ(letters_fingerprint("PROVIDERS\u00A0SHALL \u2014 (bb) keep \u00ABlogs\u00BB; (xviii) report incidents!"), base);
  EXPECT_EQ(letters_fingerprint("Providers (shall) keep logs, report incidents"), base) << "a word in brackets is kept";
  EXPECT_NE(letters_fingerprint("Providers shall keep logs and report incidents"), base);
  EXPECT_NE(letters_fingerprint("Providers shall keep log, report incidents"), base);
  EXPECT_NE(letters_fingerprint("Providers shall keep logs, report incidents (abc)"), base) << "not a marker";
  EXPECT_NE(letters_fingerprint("Fournisseurs : journaux d\u2019\u00E9v\u00E9nements"),
            letters_fingerprint("Fournisseurs : journaux d\u2019\u00E9v\u00E8nements"));
  EXPECT_NE(letters_fingerprint("人工智能"), letters_fingerprint("人工智慧"));
  EXPECT_EQ(letters_fingerprint("(a"), letters_fingerprint("a")) << "an unclosed bracket is not a marker";
}

} // namespace
