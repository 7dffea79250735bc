#include "server/api.hpp"

#include "core/error.hpp"
#include "core/diff.hpp"
#include "core/events.hpp"
#include "core/export.hpp"
#include "core/feed.hpp"
#include "core/json.hpp"
#include "core/search.hpp"
#include "server/params.hpp"

#include <nlohmann/json.hpp>

namespace cadre::server {
namespace {

Reply json_reply(std::string body) {
  Reply reply;
  reply.body = std::move(body);
  return reply;
}

/// The as_of parameter, checked against the events of `codes` (all when empty); "" when absent.
std::string as_of_param(const ApiRequest& r, const Params& params, const std::vector<std::string>& codes = {}) {
  const std::string as_of = params.text("as_of");
  return as_of.empty() ? as_of : r.library.check_as_of(as_of, "as_of", codes);
}

Reply jurisdictions(const ApiRequest& r) {
  Params params(r.query, {"as_of"});
  return json_reply(json::jurisdictions(r.library.jurisdictions(as_of_param(r, params))));
}

Reply jurisdiction(const ApiRequest& r) {
  Params params(r.query, {"as_of"});
  const std::string code = check_token(r.argument, Token::code, "code");
  r.library.jurisdiction(code); // unknown code: 404 before any date problem
  return json_reply(json::jurisdiction(r.library.jurisdiction(code, as_of_param(r, params, {code}))));
}

Reply categories(const ApiRequest& r) {
  Params params(r.query, {});
  return json_reply(json::categories(r.library.categories()));
}

CompareRequest compare_request(const Params& params) {
  CompareRequest request;
  request.jurisdictions = params.list("j", Token::code);
  if (request.jurisdictions.empty()) throw UserError("j: name the jurisdictions to compare, like j=eu,ca", "j");
  request.categories = params.list("c", Token::code);
  request.language = params.language("lang");
  request.as_of = params.text("as_of");
  return request;
}

Reply compare(const ApiRequest& r) {
  Params params(r.query, {"j", "c", "lang", "as_of"});
  return json_reply(json::comparison(r.library.compare(compare_request(params))));
}

Reply search(const ApiRequest& r) {
  Params params(r.query, {"q", "j", "c", "instrument", "status", "lang", "kind", "type", "page", "page_size", "as_of"});
  SearchRequest request;
  request.query = params.text("q");
  if (request.query.empty()) throw UserError("q: give one or more words to search for", "q");
  request.jurisdictions = params.list("j", Token::code);
  request.categories = params.list("c", Token::code);
  request.instruments = params.list("instrument", Token::id);
  request.statuses = params.list("status", Token::code);
  request.languages = params.list("lang", Token::code);
  request.kinds = params.list("kind", Token::code);
  request.type = params.text("type");
  request.page = params.integer("page", 1, 1, k_max_page);
  request.page_size = params.integer("page_size", 10, 1, k_max_page_size);
  request.as_of = params.text("as_of");
  return json_reply(json::search_results(r.library.search(request)));
}

Reply clause(const ApiRequest& r) {
  Params params(r.query, {"lang"});
  const std::string lang = params.text("lang", "en");
  check_token(lang, Token::code, "lang");
  return json_reply(json::clause(r.library.clause(check_token(r.argument, Token::id, "id"), lang)));
}

/// An export as a download named `stem`.<extension>.
Reply export_reply(std::string body, ExportFormat format, const std::string& stem) {
  Reply reply;
  reply.body = std::move(body);
  reply.content_type = std::string(content_type(format));
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + stem + "." + std::string(file_extension(format)) + "\"");
  // The HTML export is a standalone page with its own inline style and no script.
  if (format == ExportFormat::html)
    reply.content_security_policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";
  return reply;
}

Reply changes(const ApiRequest& r) {
  Params params(r.query, {"since", "j", "lang"});
  ChangesRequest request;
  request.since = params.text("since");
  request.jurisdictions = params.list("j", Token::code);
  request.language = params.language("lang");
  return json_reply(json::changes(r.library.changes(request)));
}

/// At most this many entries, newest first: a feed reader polls it and keeps what it has seen.
constexpr std::size_t k_feed_entries = 100;

Reply feed(const ApiRequest& r) {
  Params params(r.query, {"j", "lang"});
  ChangesRequest request;
  request.since = "0001-01-01";
  request.jurisdictions = params.list("j", Token::code);
  request.language = params.language("lang");
  Changes changes = r.library.changes(request);
  if (changes.changes.size() > k_feed_entries) changes.changes.resize(k_feed_entries);
  std::string self = "/feed.atom";
  std::string separator = "?";
  if (!request.jurisdictions.empty()) {
    self += separator + "j=";
    separator = "&";
    for (std::size_t i = 0; i < request.jurisdictions.size(); ++i) self += (i ? "," : "") + request.jurisdictions[i];
  }
  if (request.language != "en") self += separator + "lang=" + request.language;
  Reply reply;
  reply.body = atom_feed(changes, self);
  reply.content_type = "application/atom+xml; charset=utf-8";
  return reply;
}

Reply diff(const ApiRequest& r) {
  Params params(r.query, {"from", "to", "format", "lang"});
  const std::string from = params.text("from"), to = params.text("to");
  if (from.empty()) throw UserError("from: give the older version as <instrument>@<date>", "from");
  if (to.empty()) throw UserError("to: give the newer version as <instrument>@<date>", "to");
  const DiffFormat format = parse_diff_format(params.text("format", "json"), "format");
  const std::string lang = params.text("lang", "en");
  check_token(lang, Token::code, "lang");
  Reply reply;
  reply.body = render_diff(r.library.diff(from, to, lang), format);
  if (format == DiffFormat::html) {
    reply.content_type = "text/html; charset=utf-8";
    reply.content_security_policy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
  } else if (format == DiffFormat::markdown) {
    reply.content_type = "text/markdown; charset=utf-8";
  } else if (format == DiffFormat::text) {
    reply.content_type = "text/plain; charset=utf-8";
  }
  return reply;
}

/// The `format` parameter of an export; required.
ExportFormat export_format(const Params& params) {
  const std::string name = params.text("format");
  if (name.empty()) throw UserError("format: choose md, csv, html, json, xlsx or text", "format");
  return parse_export_format(name, "format");
}

Reply export_comparison(const ApiRequest& r) {
  Params params(r.query, {"j", "c", "lang", "format", "bom", "as_of"});
  const ExportFormat format = export_format(params);
  ExportOptions options;
  options.csv_bom = params.flag("bom", false);
  const CompareRequest request = compare_request(params);
  std::string filename = "cadre";
  for (const auto& code : request.jurisdictions) filename += "-" + code;
  return export_reply(render_comparison(r.library.compare(request), format, options), format,
                      filename + "-" + request.language);
}

Reply provisions(const ApiRequest& r) {
  Params params(r.query, {});
  return json_reply(json::provisions(r.library.provisions()));
}

Reply provision(const ApiRequest& r) {
  Params params(r.query, {"lang"});
  return json_reply(json::provision_detail(r.library.provision(check_token(r.argument, Token::id, "id"), params.language("lang"))));
}

MatrixRequest matrix_request(const Params& params) {
  MatrixRequest request;
  request.jurisdictions = params.list("j", Token::code);
  request.categories = params.list("c", Token::code);
  request.provisions = params.list("p", Token::id);
  request.language = params.language("lang");
  request.as_of = params.text("as_of");
  return request;
}

Reply matrix(const ApiRequest& r) {
  Params params(r.query, {"j", "c", "p", "lang", "as_of"});
  return json_reply(json::matrix(r.library.matrix(matrix_request(params))));
}

Reply export_matrix(const ApiRequest& r) {
  Params params(r.query, {"j", "c", "p", "lang", "as_of", "format", "bom"});
  const ExportFormat format = export_format(params);
  ExportOptions options;
  options.csv_bom = params.flag("bom", false);
  const MatrixRequest request = matrix_request(params);
  return export_reply(render_matrix(r.library.matrix(request), format, options), format,
                      "cadre-matrix-" + request.language);
}

Reply converge(const ApiRequest& r) {
  Params params(r.query, {"a", "b", "c", "lang"});
  ConvergeRequest request;
  request.a = params.text("a");
  request.b = params.text("b");
  if (!request.a.empty()) check_token(request.a, Token::code, "a");
  if (!request.b.empty()) check_token(request.b, Token::code, "b");
  request.categories = params.list("c", Token::code);
  request.language = params.language("lang");
  return json_reply(json::convergence(r.library.converge(request)));
}

Reply related(const ApiRequest& r) {
  Params params(r.query, {"lang", "limit"});
  const std::string lang = params.language("lang");
  const int limit = params.integer("limit", 10, 1, k_max_related);
  return json_reply(json::related(r.library.related(check_token(r.argument, Token::id, "id"), lang, limit)));
}

Reply meta(const ApiRequest& r) {
  Params params(r.query, {});
  return json_reply(json::build_info(r.library.info()));
}

Reply healthz(const ApiRequest& r) {
  Params params(r.query, {});
  Reply reply = json_reply(nlohmann::json{{"status", "ok"}, {"build_id", r.library.info().build_id}}.dump());
  reply.cache_control = "no-store";
  return reply;
}

const ParameterNames k_compare_names = {{"jurisdictions", "j"}, {"categories", "c"}};
const ParameterNames k_matrix_names = {{"jurisdictions", "j"}, {"categories", "c"}, {"provisions", "p"}};

const Route k_routes[] = {
    {"/api/v1/jurisdictions", false, true, jurisdictions, {}},
    {"/api/v1/jurisdictions", true, true, jurisdiction, {}},
    {"/api/v1/categories", false, true, categories, {}},
    {"/api/v1/compare", false, true, compare, k_compare_names},
    {"/api/v1/search", false, true, search,
     {{"query", "q"}, {"languages", "lang"}, {"jurisdictions", "j"}, {"categories", "c"}, {"instruments", "instrument"},
      {"statuses", "status"}, {"kinds", "kind"}}},
    {"/api/v1/clauses", true, true, related, {}, "/related"},
    {"/api/v1/clauses", true, true, clause, {}},
    {"/api/v1/provisions", false, true, provisions, {}},
    {"/api/v1/provisions", true, true, provision, {}},
    {"/api/v1/matrix", false, true, matrix, k_matrix_names},
    {"/api/v1/matrix/export", false, true, export_matrix, k_matrix_names},
    {"/api/v1/converge", false, true, converge, {{"categories", "c"}}},
    {"/api/v1/export", false, true, export_comparison, k_compare_names},
    {"/api/v1/meta", false, true, meta, {}},
    {"/api/v1/changes", false, true, changes, {{"jurisdictions", "j"}}},
    {"/api/v1/diff", false, true, diff, {}},
    {"/feed.atom", false, true, feed, {{"jurisdictions", "j"}}},
    {"/api/v1/healthz", false, false, healthz, {}},
};

} // namespace

const Route* find_route(std::string_view path, std::string_view& argument) {
  for (const auto& route : k_routes) {
    if (!path.starts_with(route.path)) continue;
    const auto rest = path.substr(route.path.size());
    if (!route.takes_argument && rest.empty()) {
      argument = {};
      return &route;
    }
    if (route.takes_argument && rest.size() > 1 && rest.front() == '/') {
      if (!route.suffix.empty()) {
        if (!rest.ends_with(route.suffix) || rest.size() <= route.suffix.size() + 1) continue;
        argument = rest.substr(1, rest.size() - route.suffix.size() - 1);
        return &route;
      }
      argument = rest.substr(1);
      return &route;
    }
  }
  return nullptr;
}

std::string api_etag(const Library& library) {
  // Answers without as_of are computed as of today: the date is part of their identity.
  return "W/\"" + library.info().build_id + "-" CADRE_VERSION "-" + today_utc() + "\"";
}

} // namespace cadre::server
