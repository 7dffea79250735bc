#include "indexer/text_util.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "indexer/xml.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>

namespace cadre::indexer {

std::string_view strip_bom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  return bytes;
}

std::string to_utf8(std::string_view bytes, const char* encoding, const std::string& display_path) {
  iconv_t cd = iconv_open("UTF-8", encoding);
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw DataError(display_path + ": unknown text encoding '" + encoding + "'");
  std::string out(bytes.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  const int saved_errno = errno;
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {
    const auto offset = static_cast<std::size_t>(in_ptr - bytes.data());
    throw DataError(display_path + ": byte " + std::to_string(offset) + " is not valid " + encoding +
                    (saved_errno == EINVAL ? " (the file ends inside a character)" : ""));
  }
  out.resize(out.size() - out_left);
  return out;
}

void require_text_limits(std::string_view bytes, const std::string& display_path) {
  if (bytes.empty()) throw DataError(display_path + ": the file is empty");
  if (bytes.size() > k_max_source_bytes)
    throw DataError(display_path + ": the file is larger than the " +
                    std::to_string(k_max_source_bytes / (1024 * 1024)) + " MiB limit for a source text");
  std::size_t line = 1, start = 0;
  for (;;) {
    const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
    if (end - start > k_max_line_bytes)
      throw DataError(display_path + ":" + std::to_string(line) + ": the line is longer than " +
                      std::to_string(k_max_line_bytes) + " bytes, the limit for a line of a text source");
    if (end == bytes.size()) break;
    start = end + 1;
    ++line;
  }
}

bool is_valid_utf8(std::string_view bytes) { return text::is_valid_utf8(bytes); }

std::size_t first_invalid_utf8_line(std::string_view bytes) {
  bytes = strip_bom(bytes);
  if (is_valid_utf8(bytes)) return 0;
  std::size_t good = 0, line = 1;
  for (std::size_t end = 1; end <= bytes.size(); ++end) {
    if (!is_valid_utf8(bytes.substr(good, end - good))) {
      // Allow an incomplete sequence to grow up to four bytes before declaring it bad.
      if (end - good < 4 && end < bytes.size()) continue;
      break;
    }
    for (std::size_t k = good; k < end; ++k)
      if (bytes[k] == '\n') ++line;
    good = end;
  }
  return line;
}

void require_utf8(std::string_view bytes, const std::string& display_path) {
  const std::size_t line = first_invalid_utf8_line(bytes);
  if (line == 0) return;
  throw DataError(display_path + ":" + std::to_string(line) +
                  ": the text is not valid UTF-8; convert it, or declare its encoding in jurisdiction.toml");
}

std::string normalize_space(std::string_view text) {
  // The bytes a space of any kind starts with; the text between them is copied a run at a time.
  static constexpr auto k_may_start_space = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) table[c] = true;
    for (const unsigned char c : {0xC2, 0xE2, 0xE3}) table[c] = true;
    return table;
  }();
  // Most texts come already normalised (parsers normalise as they go, and again where they
  // join pieces): those with no byte that may start another kind of space, no leading or
  // trailing space and no two spaces in a row are returned as they are.
  const auto already_normal = [&] {
    if (text.empty()) return true;
    if (text.front() == ' ' || text.back() == ' ') return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == ' ' ? text[i + 1] == ' ' : k_may_start_space[c]) return false; // text.back() is not ' '
    }
    return true;
  };
  if (already_normal()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t skip = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') skip = 1;
    else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) skip = 2;
    else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto c2 = static_cast<unsigned char>(text[i + 2]);
      if ((c2 >= 0x80 && c2 <= 0x8B) || c2 == 0xAF || c2 == 0xA8 || c2 == 0xA9) skip = 3;
    } else if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x80)
      skip = 3; // ideographic space
    if (skip > 0) {
      pending_space = !out.empty();
      i += skip;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && !k_may_start_space[static_cast<unsigned char>(text[end])]) ++end;
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::uint64_t letters_fingerprint(std::string_view text) {
  const auto is_marker = [](std::string_view inside) {
    const bool letters = std::all_of(inside.begin(), inside.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    const bool roman = inside.find_first_not_of("ivxlc") == std::string_view::npos;
    return !inside.empty() && letters && (inside.size() <= 2 || (roman && inside.size() <= 8));
  };
  std::uint64_t h = 1469598103934665603ULL;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u == '(') {
      const auto close = text.find(')', i + 1);
      if (close != std::string_view::npos && close - i <= 9 && is_marker(text.substr(i + 1, close - i - 1))) {
        i = close;
        continue;
      }
    }
    if (u < 0x80) { // inline: the C library's isalpha and tolower were a call a byte
      if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) h = (h ^ (u | 0x20)) * 1099511628211ULL;
      continue;
    }
    // Latin-1 punctuation and symbols (U+0080-U+00BF: no-break space, guillemets, section sign)
    // and general punctuation (U+2000-U+207F: dashes, typographic quotes, spaces).
    const bool latin1_punctuation = u == 0xC2 && i + 1 < text.size();
    const bool general_punctuation =
        u == 0xE2 && i + 2 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xFE) == 0x80;
    if (latin1_punctuation || general_punctuation) {
      i += latin1_punctuation ? 1 : 2;
      continue;
    }
    h = (h ^ u) * 1099511628211ULL;
  }
  return h;
}

long digits_value(std::string_view digits, long fallback) {
  long value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || value < 0) return fallback;
  return value;
}

} // namespace cadre::indexer
