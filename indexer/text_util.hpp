// Text helpers for the source parsers: encoding conversion and whitespace normalisation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cadre::indexer {

/// Longest line the line-based parsers (markdown, plain-text) accept: ten times the longest in
/// the real sources. Their std::regex matching recurses once per character and would exhaust
/// the stack on a line of a few hundred kilobytes.
inline constexpr std::size_t k_max_line_bytes = 32u * 1024u;

/// Throws cadre::DataError naming `display_path` when `bytes` is empty or larger than
/// k_max_source_bytes (indexer/xml.hpp), or (naming the line) has a line over k_max_line_bytes.
void require_text_limits(std::string_view bytes, const std::string& display_path);

/// Converts `bytes` from `encoding` (an iconv name such as "windows-1252") to UTF-8.
/// Throws cadre::DataError naming `display_path` and the byte offset of the first bad byte.
std::string to_utf8(std::string_view bytes, const char* encoding, const std::string& display_path);

/// Throws cadre::DataError naming `display_path` and the line of the first invalid UTF-8
/// sequence, unless `bytes` is valid UTF-8. A leading BOM is allowed.
void require_utf8(std::string_view bytes, const std::string& display_path);

/// The 1-based line of the first invalid UTF-8 sequence in `bytes` (a leading BOM is allowed),
/// or 0 when `bytes` is valid UTF-8.
std::size_t first_invalid_utf8_line(std::string_view bytes);

/// True when `bytes` is valid UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// Collapses runs of Unicode whitespace (including no-break spaces) to one ASCII space and trims.
std::string normalize_space(std::string_view text);

/// FNV-1a over the letters of a text (ASCII lower-cased, and every byte of a multi-byte UTF-8
/// character other than Latin-1 and general punctuation), so that two encodings of one text that
/// differ in numbering, punctuation, quotes or spacing get the same value. Point markers in
/// brackets, one or two letters or a Roman numeral ("(a)", "(aa)", "(xviii)"), are numbering
/// too: one edition of the AI Act prints them and its PDF conversion drops them.
std::uint64_t letters_fingerprint(std::string_view text);

/// Drops a leading UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view bytes);

/// The value of `digits`, a run of ASCII digits, or `fallback` when it is empty, holds anything
/// else, or does not fit a long. (A source's numbers are compared with what the parser
/// expects, never trusted to fit: std::stoi throws on "99999999999".)
long digits_value(std::string_view digits, long fallback = -1);

} // namespace cadre::indexer
