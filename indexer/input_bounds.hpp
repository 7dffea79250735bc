// Bounds checked on raw bytes before a third-party parser sees them. toml++ recurses once per
// dotted-key segment and per nesting level (a 100 KB key of 50,000 segments overflows the
// stack), and libxml2 checks each attribute of an element against all the others before it (an
// element of 200,000 attributes takes minutes): both are refused here first, with a position.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cadre::indexer {

/// Most segments of a dotted TOML key (`a.b.c` has 3), in a key or a table header.
inline constexpr std::size_t k_max_toml_key_segments = 64;
/// Deepest nesting of TOML arrays and inline tables.
inline constexpr std::size_t k_max_toml_nesting = 32;
/// Most attributes on one XML or HTML element.
inline constexpr std::size_t k_max_markup_attributes = 256;

/// Where a bound is exceeded, and what is wrong (1-based line and column).
struct BoundViolation {
  int line = 0;
  int column = 0;
  std::string message;
};

/// Scans a TOML document (strings and comments understood, not parsed) for keys with too many
/// segments and values nested too deep.
std::optional<BoundViolation> check_toml_bounds(std::string_view text);

/// Scans XML or HTML for an element with more than k_max_markup_attributes attributes
/// (comments, CDATA, processing instructions and declarations skipped).
std::optional<BoundViolation> check_markup_bounds(std::string_view text);

/// True when year-month-day is a real calendar date in 1900..2199 (no 0000-01-01, no
/// 2026-02-31): the dates of the corpus are dates of laws and of their review.
bool is_calendar_date(int year, int month, int day);

} // namespace cadre::indexer
