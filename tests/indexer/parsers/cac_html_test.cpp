#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(cac_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("cac-html"), &cadre::indexer::parsers::cac_html());
}
