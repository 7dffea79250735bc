// Text helpers for the source parsers: encoding conversion and whitespace normalisation.
#pragma once

#include <string>
#include <string_view>

namespace cadre::indexer {

/// Converts `bytes` from `encoding` (an iconv name such as "windows-1252") to UTF-8.
/// Throws cadre::DataError naming `display_path` and the byte offset of the first bad byte.
std::string to_utf8(std::string_view bytes, const char* encoding, const std::string& display_path);

/// Throws cadre::DataError naming `display_path` and the line of the first invalid UTF-8
/// sequence, unless `bytes` is valid UTF-8. A leading BOM is allowed.
void require_utf8(std::string_view bytes, const std::string& display_path);

/// True when `bytes` is valid UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// Collapses runs of Unicode whitespace (including no-break spaces) to one ASCII space and trims.
std::string normalize_space(std::string_view text);

/// Drops a leading UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view bytes);

} // namespace cadre::indexer
