#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(eurlex_xhtml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("eurlex-xhtml"), &cadre::indexer::parsers::eurlex_xhtml());
}
