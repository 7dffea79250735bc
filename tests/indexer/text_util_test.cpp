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

} // namespace
