#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(npc_html, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("npc-html"), &cadre::indexer::parsers::npc_html());
}
