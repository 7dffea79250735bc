#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(legisquebec_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("legisquebec-html"), &cadre::indexer::parsers::legisquebec_html());
}
