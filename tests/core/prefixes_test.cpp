// core/prefixes.hpp and schema/xapian-prefixes.tsv describe the same table.
#include "core/prefixes.hpp"
#include "core/schema.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace {

std::map<std::string, std::string> rows_of_kind(const std::string& kind) {
  std::map<std::string, std::string> rows;
  std::istringstream in{std::string(cadre::schema_file("xapian-prefixes.tsv"))};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string row_kind, name, value;
    std::getline(fields, row_kind, '\t');
    std::getline(fields, name, '\t');
    std::getline(fields, value, '\t');
    if (row_kind == kind) rows[name] = value;
  }
  return rows;
}

TEST(Prefixes, CodeTableMatchesSchemaTable) {
  std::map<std::string, std::string> code;
  for (const auto& entry : cadre::prefix::k_all) code[std::string(entry.name)] = std::string(entry.prefix);
  EXPECT_EQ(code, rows_of_kind("prefix"));
}

TEST(Prefixes, SlotTableMatchesSchemaTable) {
  std::map<std::string, std::string> code;
  for (const auto& entry : cadre::slot::k_all) code[std::string(entry.name)] = std::to_string(entry.slot);
  EXPECT_EQ(code, rows_of_kind("slot"));
}

TEST(Prefixes, NoPrefixIsAPrefixOfAnother) {
  for (const auto& a : cadre::prefix::k_all) {
    for (const auto& b : cadre::prefix::k_all) {
      if (a.name != b.name) {
        EXPECT_FALSE(b.prefix.starts_with(a.prefix)) << a.prefix << " / " << b.prefix;
      }
    }
  }
}

} // namespace
