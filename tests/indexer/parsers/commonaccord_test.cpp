#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(commonaccord, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("commonaccord"), &cadre::indexer::parsers::commonaccord());
}
