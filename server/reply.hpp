// Responses built in one place: the Reply a handler returns, the error replies, and the one
// mapping from exceptions to HTTP statuses.
#pragma once

#include <exception>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cadre::server {

/// Thread-safe line writer over the server's log stream.
class Log {
public:
  explicit Log(std::ostream& out) : m_out(out) {}
  void line(std::string_view text);

private:
  std::ostream& m_out;
  std::mutex m_mutex;
};

/// What a handler answers; the dispatcher adds the headers every response carries.
struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string gzip_body;                ///< `body` gzipped, sent to clients that accept it; empty: send `body`
  std::string etag;                     ///< empty: none
  std::string cache_control = "no-cache"; ///< revalidate with the ETag: a new build may land at any time
  std::string content_security_policy;  ///< empty: the default policy (see k_default_csp)
  std::vector<std::pair<std::string, std::string>> headers; ///< extra headers
};

/// The Content-Security-Policy of the page and the API: no inline script or style.
inline constexpr const char* k_default_csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Stable error codes of the JSON error body (schema/openapi.yaml, components/schemas/Error).
namespace error_code {
inline constexpr const char* bad_parameter = "bad_parameter"; ///< 400, with the parameter named
inline constexpr const char* bad_request = "bad_request";     ///< 400, malformed HTTP
inline constexpr const char* not_found = "not_found";         ///< 404
inline constexpr const char* method_not_allowed = "method_not_allowed"; ///< 405
inline constexpr const char* request_timeout = "request_timeout";       ///< 408: the head came too slowly
inline constexpr const char* payload_too_large = "payload_too_large";   ///< 413: requests carry no body
inline constexpr const char* uri_too_long = "uri_too_long";             ///< 414
inline constexpr const char* range_not_satisfiable = "range_not_satisfiable"; ///< 416
inline constexpr const char* headers_too_large = "headers_too_large";   ///< 431
inline constexpr const char* not_implemented = "not_implemented";       ///< 501: an unknown method, or an export whose converter is not installed
inline constexpr const char* internal = "internal_error";               ///< 500, details in the log only
inline constexpr const char* unavailable = "unavailable";               ///< 503: too many connections open
} // namespace error_code

Reply error_reply(int status, const std::string& code, const std::string& message, const std::string& parameter = {});

/// Renames applied to UserError::parameter() so that errors name the parameter of the URL
/// (the core names "jurisdictions" what the API calls "j").
using ParameterNames = std::vector<std::pair<std::string_view, std::string_view>>;

/// The one mapping from exceptions to responses: NotFound → 404, UserError → 400 naming the
/// parameter, anything else → 500 with its details written to `log` only. `what` says what was
/// being served, for the log.
Reply reply_for_exception(std::exception_ptr error, const ParameterNames& names, const std::string& what, Log& log);

/// True when an If-None-Match header value lists `etag` (weak comparison) or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

} // namespace cadre::server
