// The one table of Xapian term prefixes and value slots. schema/xapian-prefixes.tsv documents
// it for people and tests/core/prefixes_test.cpp checks the two agree.
#pragma once

#include <array>
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
inline constexpr unsigned jurisdiction = 2;
inline constexpr unsigned language = 3;
inline constexpr unsigned facets = 4;
inline constexpr unsigned collapse = 5;
inline constexpr unsigned copies = 6;
inline constexpr unsigned status = 7;

struct Entry {
  std::string_view name;
  unsigned slot;
};

inline constexpr std::array<Entry, 8> k_all = {{
    {"ordinal", ordinal},
    {"date", date},
    {"jurisdiction", jurisdiction},
    {"language", language},
    {"facets", facets},
    {"collapse", collapse},
    {"copies", copies},
    {"status", status},
}};

/// The facets value of a document: what search counts a match by, in one value so that counting
/// a match reads one value (reading four slots a match was a quarter of a search's time at 100k
/// clauses). Categories are comma-separated; the collapse key is empty for cells and provisions.
inline std::string facets_value(std::string_view jurisdiction, std::string_view language, std::string_view categories,
                                std::string_view collapse_key) {
  std::string out;
  for (const auto field : {jurisdiction, language, categories}) (out += field) += '\t';
  return out += collapse_key;
}

/// The Xapian metadata key under which a build records the layout of its terms, slots and
/// document data, and the layout this Cadre writes and reads: raise it when any of them changes,
/// so that a build written the old way is refused with a request to rebuild, not misread.
inline constexpr std::string_view k_layout_key = "cadre.layout";
inline constexpr std::string_view k_layout = "2";

} // namespace cadre::slot
