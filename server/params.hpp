// Typed access to request parameters, with every limit in one place. Each failure is a
// UserError that names the parameter, which the error mapping turns into a 400.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cadre::server {

/// Limits on requests (documented in schema/openapi.yaml, info.description).
struct Limits {
  static constexpr std::size_t max_parameters = 24;      ///< query parameters per request
  static constexpr std::size_t max_value_bytes = 1024;   ///< one parameter value (q: k_max_query_bytes)
  static constexpr std::size_t max_list_items = 20;      ///< values of a list parameter (j, c, ...)
  static constexpr std::size_t max_token_bytes = 200;    ///< one code or id
  static constexpr std::size_t max_header_count = 64;    ///< request headers, else 431
  static constexpr std::size_t max_header_bytes = 16384; ///< all request headers together, else 431
};

/// What a code or id may look like. Lowercase letters, digits and '-' for codes (`ca-qc`,
/// `risk`, `in-force`); ids add '.', '_' and '/' separated segments (`ca-qc/p-39.1/sec_5`) and
/// never contain an empty, "." or ".." segment.
enum class Token { code, id };

/// Throws UserError naming `parameter` unless `value` is a well-formed token of `kind`.
std::string check_token(std::string_view value, Token kind, const std::string& parameter);

/// The query parameters of one request (already percent-decoded by the HTTP library).
class Params {
public:
  /// Throws UserError for too many parameters, an unknown name (not in `allowed`), a value that
  /// is not UTF-8 or longer than Limits::max_value_bytes (q may be longer: its own limit applies).
  Params(const std::multimap<std::string, std::string>& raw, std::initializer_list<std::string_view> allowed);

  /// The value of a parameter given at most once, or `fallback` when absent.
  std::string text(const std::string& name, const std::string& fallback = {}) const;
  /// Comma-separated and/or repeated values (`j=eu,ca&j=jp`), each checked as `kind`; empty
  /// items are ignored; at most Limits::max_list_items.
  std::vector<std::string> list(const std::string& name, Token kind) const;
  /// An integer in [min, max], or `fallback` when absent.
  int integer(const std::string& name, int fallback, int min, int max) const;
  /// "1"/"true" or "0"/"false", or `fallback` when absent.
  bool flag(const std::string& name, bool fallback) const;
  /// The interface language: "en" (default) or "fr".
  std::string language(const std::string& name) const;

private:
  const std::multimap<std::string, std::string>& m_raw;
};

} // namespace cadre::server
