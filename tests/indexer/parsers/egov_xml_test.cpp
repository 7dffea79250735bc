#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(egov_xml, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("egov-xml"), &cadre::indexer::parsers::egov_xml());
}
