#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(lawgokr_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("lawgokr-xml"), &cadre::indexer::parsers::lawgokr_xml());
}
