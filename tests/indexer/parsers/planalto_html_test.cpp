#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(planalto_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("planalto-html"), &cadre::indexer::parsers::planalto_html());
}
