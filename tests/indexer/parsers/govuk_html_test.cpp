#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(govuk_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("govuk-html"), &cadre::indexer::parsers::govuk_html());
}
