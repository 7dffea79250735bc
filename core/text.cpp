#include "core/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace cadre::text {
namespace {

constexpr std::array<std::string_view, 12> k_elided = {
    "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"};

bool is_letter_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

} // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string fold_latin(std::string_view text) {
  // Latin-1 Supplement U+00C0..U+00FF, lower-cased and without diacritics (null: kept as it is,
  // for × ÷ and ß).
  static constexpr const char* k_latin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", nullptr, nullptr,
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", nullptr, "y"};
  // Latin Extended-A U+0100..U+017F by base letter, capital and small alike (ĳ as i, œ below).
  static constexpr char k_extended_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
                                         "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    const char32_t cp = decode_utf8_at(text, i, &length);
    if (cp >= 'A' && cp <= 'Z') out += static_cast<char>(cp - 'A' + 'a');
    else if (cp >= 0xC0 && cp <= 0xFF && k_latin1[cp - 0xC0]) out += k_latin1[cp - 0xC0];
    else if (cp == 0x152 || cp == 0x153) out += "oe";
    else if (cp >= 0x100 && cp <= 0x17F) out += k_extended_a[cp - 0x100];
    else out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string restore_elisions(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i).starts_with(k_elision_mark)) {
      out += "\u2019";
      i += k_elision_mark.size() - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string split_elisions(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;     // text before this is in `out`
  std::size_t after_mark = 0; // where the text after the last elision mark starts
  for (std::size_t i = text.find_first_of("'\xE2"); i != std::string_view::npos; i = text.find_first_of("'\xE2", i + 1)) {
    const std::size_t apostrophe = text[i] == '\'' ? 1 : text.substr(i).starts_with("\u2019") ? 3 : 0;
    if (apostrophe == 0) continue;
    // The word before the apostrophe: the letters back to a non-letter or the last mark.
    std::size_t word_start = i;
    while (word_start > after_mark && is_letter_byte(static_cast<unsigned char>(text[word_start - 1]))) --word_start;
    const bool followed_by_letter =
        i + apostrophe < text.size() && is_letter_byte(static_cast<unsigned char>(text[i + apostrophe]));
    if (!followed_by_letter) continue;
    const std::string word = ascii_lower(text.substr(word_start, i - word_start));
    if (std::find(k_elided.begin(), k_elided.end(), word) == k_elided.end()) continue;
    out.append(text.substr(copied, i - copied)).append(k_elision_mark);
    copied = after_mark = i + apostrophe;
    i += apostrophe - 1;
  }
  return out.append(text.substr(copied));
}

std::string_view stemmer_name(std::string_view language) {
  if (language == "en") return "english";
  if (language == "fr") return "french";
  if (language == "pt") return "portuguese";
  return "none";
}

bool is_cjk_language(std::string_view language) {
  return language == "zh" || language == "ja" || language == "ko";
}

bool is_cjk_codepoint(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xA700 && cp <= 0xA71F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

char32_t decode_utf8_at(std::string_view s, std::size_t i, std::size_t* length) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + n > s.size()) n = 1;
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *length = n;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool has_cjk(std::string_view text) {
  for (std::size_t i = 0, length = 0; i < text.size(); i += length)
    if (is_cjk_codepoint(decode_utf8_at(text, i, &length))) return true;
  return false;
}

std::string bracket_cjk_runs(std::string_view query) {
  std::string out;
  out.reserve(query.size() + 8);
  bool in_run = false;
  for (std::size_t i = 0, length = 0; i < query.size(); i += length) {
    const bool cjk = is_cjk_codepoint(decode_utf8_at(query, i, &length));
    if (cjk != in_run) out += cjk ? '(' : ')';
    in_run = cjk;
    out.append(query.substr(i, length));
  }
  if (in_run) out += ')';
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    if (len == 2 && c < 0xC2) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if (len == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return false;
    }
    if (len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return false;
    }
    i += len;
  }
  return true;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string excerpt(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  const auto space = text.rfind(' ', end);
  if (space != std::string::npos && space > max_bytes / 2) end = space;
  return text.substr(0, end) + "…";
}

bool is_web_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return false;
  const auto host_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view host = rest.substr(0, host_end);
  if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    const auto port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
    host = host.substr(0, colon);
  }
  if (host.empty() || host.front() == '.' || host.front() == '-' ||
      host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != std::string_view::npos)
    return false;
  const std::string_view tail = rest.substr(host_end);
  static constexpr std::string_view allowed =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=";
  for (std::size_t i = 0; i < tail.size(); ++i) {
    if (tail[i] == '%') {
      if (i + 2 >= tail.size() || !std::isxdigit(static_cast<unsigned char>(tail[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(tail[i + 2])))
        return false;
      i += 2;
    } else if (allowed.find(tail[i]) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char buffer[16];
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      // U+0080..U+009F, the C1 controls (CSI, OSC...) in UTF-8.
      std::snprintf(buffer, sizeof buffer, "\\u{%04x}", static_cast<unsigned char>(text[i + 1]));
      out += buffer;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string defined_term_key(std::string_view phrase, std::string_view language) {
  static const std::array<std::string_view, 14> k_articles = {"a", "an", "the", "le", "la", "les", "l", "un",
                                                              "une", "o", "os", "as", "um", "uma"};
  const std::string folded = fold_latin(phrase);
  std::vector<std::string> words;
  std::string word;
  bool word_is_cjk = false;
  const auto end_word = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < folded.size();) {
    std::size_t length = 1;
    const char32_t cp = decode_utf8_at(folded, i, &length);
    const bool cjk = is_cjk_codepoint(cp) && cp >= 0x3040; // not CJK punctuation
    const bool latin = cp < 0x80 ? std::isalnum(static_cast<unsigned char>(cp)) != 0 : !cjk && cp >= 0xC0 && cp < 0x2000;
    if ((cjk || latin) && (word.empty() || cjk == word_is_cjk)) {
      word.append(folded, i, length);
      word_is_cjk = cjk;
    } else {
      end_word();
      if (cjk || latin) {
        word.append(folded, i, length);
        word_is_cjk = cjk;
      }
    }
    i += length;
  }
  end_word();
  if (words.size() > 1 && std::find(k_articles.begin(), k_articles.end(), words.front()) != k_articles.end())
    words.erase(words.begin());
  const std::string_view stemmer = stemmer_name(language);
  const Xapian::Stem stem = stemmer == "none" ? Xapian::Stem() : Xapian::Stem(std::string(stemmer));
  std::string key;
  for (const auto& w : words) {
    if (!key.empty()) key += ' ';
    key += has_cjk(w) ? w : stem(w);
  }
  return key;
}

} // namespace cadre::text
