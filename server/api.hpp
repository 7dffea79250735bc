// The JSON API under /api/v1: one table of routes, each a small handler that parses its
// parameters (server/params.hpp), calls one Library function and serialises with core/json.
// Handlers contain no SQL or Xapian.
#pragma once

#include "core/library.hpp"
#include "server/reply.hpp"

#include <map>
#include <string>
#include <string_view>

namespace cadre::server {

/// What a handler sees of a request.
struct ApiRequest {
  const Library& library;
  const std::multimap<std::string, std::string>& query;
  std::string_view argument; ///< the path after the route's prefix, for /jurisdictions/{code} and /clauses/{id}
};

struct Route {
  std::string_view path;   ///< full path, or prefix when `takes_argument`
  bool takes_argument;     ///< path + "/" + argument
  bool cacheable;          ///< the answer is a function of the URL and the build: ETag from the build id
  Reply (*handler)(const ApiRequest&);
  ParameterNames parameter_names;
  /// For a route that takes an argument: the path must end with this ("/related"), which is
  /// not part of the argument.
  std::string_view suffix = {};
};

inline constexpr std::string_view k_api_prefix = "/api/v1/";
/// The Atom feed of changes, served beside the API.
inline constexpr std::string_view k_feed_path = "/feed.atom";

/// The API's OpenAPI document (schema/openapi.yaml, compiled in), served as a static file.
inline constexpr std::string_view k_spec_path = "/api/v1/openapi.yaml";
/// Its media type (RFC 9512).
inline constexpr std::string_view k_spec_content_type = "application/yaml";
/// The bytes of schema/openapi.yaml as built into this binary.
std::string_view api_spec();

/// The route for an /api/v1/... path and its argument, or nullptr.
const Route* find_route(std::string_view path, std::string_view& argument);

/// The ETag of cacheable API answers: weak (gzip or not), from the build id and this server's version.
std::string api_etag(const Library& library);

} // namespace cadre::server
