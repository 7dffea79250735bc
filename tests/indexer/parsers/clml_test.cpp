#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(clml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("clml"), &cadre::indexer::parsers::clml());
}
