#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(plain_text, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("plain-text"), &cadre::indexer::parsers::plain_text());
}
