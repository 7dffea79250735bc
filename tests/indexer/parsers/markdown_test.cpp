#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(markdown, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("markdown"), &cadre::indexer::parsers::markdown());
}
