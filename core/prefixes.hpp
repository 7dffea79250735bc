// The one table of Xapian term prefixes and value slots. schema/xapian-prefixes.tsv documents
// it for people and tests/core/prefixes_test.cpp checks the two agree.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace cadre::prefix {

inline constexpr std::string_view id = "Q";
inline constexpr std::string_view language = "L";
inline constexpr std::string_view jurisdiction = "XJ";
inline constexpr std::string_view instrument = "XI";
inline constexpr std::string_view category = "XC";
inline constexpr std::string_view kind = "XK";
inline constexpr std::string_view status = "XS";
inline constexpr std::string_view doctype = "XT";
inline constexpr std::string_view defines = "XD";

/// Under `defines`: "XDterm" on every clause of a definitions unit; "XD:" + text::defined_term_key
/// on the one that defines that term.
inline constexpr std::string_view any_definition = "term";
inline std::string defined_term(std::string_view key) { return std::string(defines) + ":" + std::string(key); }

/// The unique key of a clause's document in one language, "clause:eu/gdpr/art_22@en"; its id
/// term is `id` + the key. With an empty language, the start that every language's key of the
/// clause shares, for a prefix scan of the id terms.
inline constexpr std::string_view clause_scheme = "clause:";
inline std::string clause_key(std::string_view clause_id, std::string_view lang) {
  return std::string(clause_scheme) + std::string(clause_id) + "@" + std::string(lang);
}

struct Entry {
  std::string_view name;
  std::string_view prefix;
};

inline constexpr std::array<Entry, 9> k_all = {{
    {"id", id},
    {"language", language},
    {"jurisdiction", jurisdiction},
    {"instrument", instrument},
    {"category", category},
    {"kind", kind},
    {"status", status},
    {"doctype", doctype},
    {"defines", defines},
}};

} // namespace cadre::prefix

namespace cadre::slot {

inline constexpr unsigned ordinal = 0;
inline constexpr unsigned date = 1;
inline constexpr unsigned facets = 2;
inline constexpr unsigned collapse = 3;

struct Entry {
  std::string_view name;
  unsigned slot;
};

inline constexpr std::array<Entry, 4> k_all = {{
    {"ordinal", ordinal},
    {"date", date},
    {"facets", facets},
    {"collapse", collapse},
}};

/// The facets value of a document: its jurisdiction, language, categories (comma-separated) and
/// collapse key (empty for cells and provisions), tab-separated. What search counts a match by,
/// in one value so that counting a match reads one value (reading four slots a match was a
/// quarter of a search's time at 100k clauses).
struct Facets {
  std::string_view jurisdiction, language, categories, collapse_key;
};

inline std::string facets_value(const Facets& f) {
  std::string out;
  for (const auto field : {f.jurisdiction, f.language, f.categories}) (out += field) += '\t';
  return out += f.collapse_key;
}

/// The fields of a facets value (views into `value`); nullopt when it has fewer than four.
inline std::optional<Facets> parse_facets(std::string_view value) {
  std::string_view fields[3];
  for (auto& field : fields) {
    const auto tab = value.find('\t');
    if (tab == std::string_view::npos) return std::nullopt;
    field = value.substr(0, tab);
    value.remove_prefix(tab + 1);
  }
  return Facets{fields[0], fields[1], fields[2], value};
}

/// The Xapian metadata key under which a build records the layout of its terms, slots and
/// document data, and the layout this Cadre writes and reads: raise it when any of them changes,
/// so that a build written the old way is refused with a request to rebuild, not misread.
inline constexpr std::string_view k_layout_key = "cadre.layout";
inline constexpr std::string_view k_layout = "3";

/// The Xapian metadata of each instrument a build holds, read once per build by search (a
/// value of every hit cost two more reads a hit): under k_instrument_key_prefix + its id, its
/// status, a tab, and the instruments holding the same text as it (its own included,
/// comma-separated) when there are several, else nothing.
inline constexpr std::string_view k_instrument_key_prefix = "cadre.instrument:";
inline std::string instrument_facts(std::string_view status, std::string_view copies) {
  return std::string(status) + "\t" + std::string(copies);
}

/// The names by which a query can name an instrument (search_names in core/search.hpp), under
/// k_instrument_names_key_prefix + its id, tab-separated; and the names of each jurisdiction
/// (its English and French names and its aliases), under k_jurisdiction_names_key_prefix + its
/// code. A build without them (written before they existed) names nothing.
inline constexpr std::string_view k_instrument_names_key_prefix = "cadre.instrument-names:";
inline constexpr std::string_view k_jurisdiction_names_key_prefix = "cadre.jurisdiction-names:";

} // namespace cadre::slot
