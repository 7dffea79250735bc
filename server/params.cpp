#include "server/params.hpp"

#include "core/error.hpp"
#include "core/library.hpp"
#include "core/search.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>

namespace cadre::server {
namespace {

bool is_code_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool is_id_char(char c) {
  return is_code_char(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '/';
}

/// Printable excerpt of a bad value for an error message: ASCII only, bounded.
std::string excerpt(std::string_view value) {
  std::string out = "'";
  for (char c : value.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (value.size() > 40) out += "...";
  return out + "'";
}

} // namespace

std::string check_token(std::string_view value, Token kind, const std::string& parameter) {
  const char* what = kind == Token::code ? "code" : "id";
  if (value.empty()) throw UserError(parameter + ": an empty " + std::string(what) + " is not allowed", parameter);
  if (value.size() > Limits::max_token_bytes)
    throw UserError(parameter + ": " + what + " longer than " + std::to_string(Limits::max_token_bytes) + " bytes",
                    parameter);
  const bool chars_ok = kind == Token::code ? std::all_of(value.begin(), value.end(), is_code_char)
                                            : std::all_of(value.begin(), value.end(), is_id_char);
  bool segments_ok = true;
  if (kind == Token::id) {
    std::size_t start = 0;
    while (segments_ok) {
      const auto end = std::min(value.find('/', start), value.size());
      const auto segment = value.substr(start, end - start);
      segments_ok = !segment.empty() && segment != "." && segment != "..";
      if (end == value.size()) break;
      start = end + 1;
    }
  }
  if (!chars_ok || !segments_ok)
    throw UserError(parameter + ": " + excerpt(value) + " is not a valid " + what +
                        (kind == Token::code ? " (lowercase letters, digits and '-')"
                                             : " (like eu/ai-act/art_5__para_1)"),
                    parameter);
  return std::string(value);
}

Params::Params(const std::multimap<std::string, std::string>& raw, std::initializer_list<std::string_view> allowed)
    : m_raw(raw) {
  if (raw.size() > Limits::max_parameters)
    throw UserError("too many query parameters (at most " + std::to_string(Limits::max_parameters) + ")",
                    raw.rbegin()->first);
  for (const auto& [name, value] : raw) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      const std::string shown = text::is_valid_utf8(name) ? excerpt(name) : "(not UTF-8)";
      throw UserError("unknown parameter " + shown + (names.empty() ? ": this endpoint takes none"
                                                                   : ": this endpoint takes " + names),
                      text::is_valid_utf8(name) && name.size() <= 40 ? name : "?");
    }
    if (!text::is_valid_utf8(value)) throw UserError(name + ": the value is not valid UTF-8", name);
    const std::size_t limit = name == "q" ? static_cast<std::size_t>(k_max_query_bytes) : Limits::max_value_bytes;
    if (value.size() > limit)
      throw UserError(name + ": the value is longer than " + std::to_string(limit) + " bytes", name);
  }
}

std::string Params::text(const std::string& name, const std::string& fallback) const {
  const auto count = m_raw.count(name);
  if (count == 0) return fallback;
  if (count > 1) throw UserError(name + ": give this parameter once", name);
  return m_raw.find(name)->second;
}

std::vector<std::string> Params::list(const std::string& name, Token kind) const {
  std::vector<std::string> out;
  const auto [first, last] = m_raw.equal_range(name);
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto comma = std::min(rest.find(','), rest.size());
      const auto item = rest.substr(0, comma);
      rest.remove_prefix(std::min(comma + 1, rest.size()));
      if (item.empty()) continue;
      if (out.size() == Limits::max_list_items)
        throw UserError(name + ": at most " + std::to_string(Limits::max_list_items) + " values", name);
      out.push_back(check_token(item, kind, name));
    }
  }
  return out;
}

int Params::integer(const std::string& name, int fallback, int min, int max) const {
  const std::string value = text(name);
  if (value.empty() && m_raw.count(name) == 0) return fallback;
  long long parsed = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  if (ec != std::errc() || ptr != end || parsed < min || parsed > max)
    throw UserError(name + " must be an integer between " + std::to_string(min) + " and " + std::to_string(max),
                    name);
  return static_cast<int>(parsed);
}

bool Params::flag(const std::string& name, bool fallback) const {
  const std::string value = text(name);
  if (m_raw.count(name) == 0) return fallback;
  if (value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  throw UserError(name + " must be 1, true, 0 or false", name);
}

std::string Params::language(const std::string& name) const {
  const std::string value = text(name, "en");
  require_interface_language(value, name);
  return value;
}

} // namespace cadre::server
