// The schema files compiled into the binary: categories with their lexicon, SQL migrations.
#pragma once

#include "core/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cadre {

/// EN/FR terms that signal a category (tagging) and are equivalent across languages (search).
struct LexiconEntry {
  std::string category;
  std::vector<std::string> en; ///< lowercase
  std::vector<std::string> fr; ///< lowercase
};

struct Schema {
  std::vector<Category> categories; ///< display order
  std::vector<LexiconEntry> lexicon;
  std::vector<Provision> provisions; ///< display order: grouped by category, in category order
  /// Index of the category in display order, or -1.
  int category_index(std::string_view id) const;
  /// Index of the provision in display order, or -1.
  int provision_index(std::string_view id) const;
};

/// schema/categories.toml and schema/provisions.toml, parsed once. Throws InternalError if an
/// embedded file is invalid.
const Schema& schema();

/// The SQL migrations in order; the database's user_version after a build is their count.
std::vector<std::string_view> migrations();
int schema_version();

/// An embedded schema file by its path under schema/ ("xapian-prefixes.tsv"); empty if absent.
std::string_view schema_file(std::string_view name);

} // namespace cadre
