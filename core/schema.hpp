// The schema files compiled into the binary: categories, the lexicon, provisions, SQL migrations.
#pragma once

#include "core/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cadre {

/// The languages a lexicon entry can word its concept in: those Cadre indexes.
inline constexpr std::string_view k_lexicon_languages[] = {"en", "fr", "pt", "zh", "ja", "ko"};

/// One concept worded in several languages (schema/lexicon.toml): every wording is equivalent to
/// every wording of the same entry in another language (search, related clauses). An entry with
/// a category also signals it: its English and French wordings are tagging cues (indexer/tagger).
struct LexiconEntry {
  std::string category; ///< empty for a concept that only translates
  /// (language, lowercase wordings), in k_lexicon_languages order; languages without any left out
  std::vector<std::pair<std::string, std::vector<std::string>>> wordings;
  /// The wordings in `language`; empty when there are none.
  const std::vector<std::string>& in(std::string_view language) const;
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

/// schema/categories.toml, schema/lexicon.toml and schema/provisions.toml, parsed once. Throws
/// InternalError if an embedded file is invalid.
const Schema& schema();

/// The SQL migrations in order; the database's user_version after a build is their count.
std::vector<std::string_view> migrations();
int schema_version();

/// An embedded schema file by its path under schema/ ("xapian-prefixes.tsv"); empty if absent.
std::string_view schema_file(std::string_view name);

} // namespace cadre
