#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(fedreg_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("fedreg-xml"), &cadre::indexer::parsers::fedreg_xml());
}
