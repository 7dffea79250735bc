#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(article_json, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("article-json"), &cadre::indexer::parsers::article_json());
}
