// The one table of Xapian term prefixes and value slots. schema/xapian-prefixes.tsv documents
// it for people and tests/core/prefixes_test.cpp checks the two agree.
#pragma once

#include <array>
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
inline constexpr unsigned categories = 4;
inline constexpr unsigned collapse = 5;
inline constexpr unsigned copies = 6;

struct Entry {
  std::string_view name;
  unsigned slot;
};

inline constexpr std::array<Entry, 7> k_all = {{
    {"ordinal", ordinal},
    {"date", date},
    {"jurisdiction", jurisdiction},
    {"language", language},
    {"categories", categories},
    {"collapse", collapse},
    {"copies", copies},
}};

} // namespace cadre::slot
