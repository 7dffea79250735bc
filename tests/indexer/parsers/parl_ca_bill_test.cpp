#include "indexer/parsers/parsers.hpp"

#include <gtest/gtest.h>

TEST(parl_ca_bill, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("parl-ca-bill"), &cadre::indexer::parsers::parl_ca_bill());
}
