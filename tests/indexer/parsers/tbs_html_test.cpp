#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(tbs_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("tbs-html"), &cadre::indexer::parsers::tbs_html());
}
