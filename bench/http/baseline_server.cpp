// cadre_bench_http_baseline: the least an HTTP server must do to answer Cadre's search, compare
// and static-file requests: cpp-httplib with the same tuning as `cadre serve` (TCP_NODELAY, 8 threads, 100 requests per keep-alive connection, a listen backlog of 1024),
// bare Xapian for search (QueryParser + Enquire + MSet::snippet, 10 hits) and bare SQLite for
// compare, with minimal JSON. bench/http/run.sh drives it and `cadre serve` with wrk.
//
//   cadre_bench_http_baseline --data DIR --static FILE
// prints "port N" on standard output once listening on a free loopback port.
#include "core/prefixes.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <sys/socket.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

constexpr int k_threads = 8;
constexpr std::size_t k_keep_alive_requests = 100;
constexpr int k_listen_backlog = 1024;

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string stemmer_for(const std::string& language) {
  if (language == "en" || language.empty()) return "english";
  if (language == "fr") return "french";
  if (language == "pt") return "portuguese";
  return {};
}

/// The text of a Cadre document's data: what follows its eight header lines.
std::string text_of(const std::string& data) {
  std::size_t pos = 0;
  for (int field = 0; field < 8 && pos != std::string::npos; ++field) {
    pos = data.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? data : data.substr(pos);
}

Xapian::Query any_of(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(std::string(prefix) + v);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string search(const Xapian::Database& db, const httplib::Request& req) {
  const std::string language = req.get_param_value("lang");
  const std::string stemmer_name = stemmer_for(language);
  const Xapian::Stem stemmer = stemmer_name.empty() ? Xapian::Stem() : Xapian::Stem(stemmer_name);
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query query = parser.parse_query(req.get_param_value("q"), Xapian::QueryParser::FLAG_DEFAULT |
                                                                         Xapian::QueryParser::FLAG_CJK_NGRAM);
  std::vector<Xapian::Query> filters;
  if (!language.empty()) filters.emplace_back(std::string(cadre::prefix::language) + language);
  if (req.has_param("j")) filters.push_back(any_of(cadre::prefix::jurisdiction, split_commas(req.get_param_value("j"))));
  if (req.has_param("c")) filters.push_back(any_of(cadre::prefix::category, split_commas(req.get_param_value("c"))));
  if (!filters.empty())
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  nlohmann::json hits = nlohmann::json::array();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE; // as core/search.cpp
    if (stemmer_name.empty()) flags |= Xapian::MSet::SNIPPET_CJK_NGRAM;
    hits.push_back({{"docid", *it},
                    {"snippet", mset.snippet(text_of(it.get_document().get_data()), 240, stemmer, flags, "<mark>", "</mark>", "…")}});
  }
  return nlohmann::json{{"total", mset.get_matches_estimated()}, {"hits", std::move(hits)}}.dump();
}

std::string compare(SQLite::Database& db, const httplib::Request& req) {
  const std::string language = req.has_param("lang") ? req.get_param_value("lang") : "en";
  std::vector<std::string> categories = split_commas(req.get_param_value("c"));
  if (categories.empty()) {
    SQLite::Statement all(db, "SELECT id FROM categories ORDER BY ordinal");
    while (all.executeStep()) categories.push_back(all.getColumn(0).getString());
  }
  SQLite::Statement cell(db, "SELECT html FROM cells WHERE jurisdiction = ? AND category = ? AND language = ?");
  SQLite::Statement citations(db, "SELECT clause, label FROM citations WHERE jurisdiction = ? AND category = ? "
                                  "AND language = ? ORDER BY ordinal");
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& category : categories) {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& code : split_commas(req.get_param_value("j"))) {
      nlohmann::json column{{"jurisdiction", code}, {"citations", nlohmann::json::array()}};
      for (auto* q : {&cell, &citations}) {
        q->reset();
        q->bind(1, code);
        q->bind(2, category);
        q->bind(3, language);
      }
      if (cell.executeStep()) column["html"] = cell.getColumn(0).getString();
      while (citations.executeStep())
        column["citations"].push_back({{"clause", citations.getColumn(0).getString()}, {"label", citations.getColumn(1).getString()}});
      columns.push_back(std::move(column));
    }
    rows.push_back({{"category", category}, {"cells", std::move(columns)}});
  }
  return nlohmann::json{{"rows", std::move(rows)}}.dump();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

} // namespace

int main(int argc, char** argv) {
  std::filesystem::path data, static_file;
  CLI::App app{"Bare cpp-httplib + Xapian + SQLite server answering Cadre's benchmark requests."};
  app.add_option("--data", data, "Cadre data folder (its `current` build is served)")->required();
  app.add_option("--static", static_file, "File served at /<its name>")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    const auto build = std::filesystem::canonical(data / "current");
    const std::string sqlite_path = (build / "cadre.sqlite").string();
    const std::string xapian_path = (build / "xapian").string();
    const std::string static_bytes = read_file(static_file);
    const std::string static_type = static_file.extension() == ".css" ? "text/css" : "application/javascript";

    httplib::Server server;
    // Debian's cpp-httplib is a compiled library: CPPHTTPLIB_TCP_NODELAY cannot change it, so
    // TCP_NODELAY is set at run time on the listening socket, whose accepted connections
    // inherit it on Linux (server/http_server.cpp sets it on each connection instead).
    server.set_tcp_nodelay(true);
    server.new_task_queue = [] { return new httplib::ThreadPool(k_threads); };
    server.set_keep_alive_max_count(k_keep_alive_requests);
    int listen_fd = -1;
    server.set_socket_options([&](socket_t fd) {
      int yes = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_fd = fd;
    });
    // Xapian and SQLite handles are not shared between threads: one of each per worker.
    server.Get("/api/v1/search", [&](const httplib::Request& req, httplib::Response& res) {
      thread_local Xapian::Database db(xapian_path);
      res.set_content(search(db, req), "application/json");
    });
    server.Get("/api/v1/compare", [&](const httplib::Request& req, httplib::Response& res) {
      thread_local SQLite::Database db(sqlite_path, SQLite::OPEN_READONLY);
      res.set_content(compare(db, req), "application/json");
    });
    server.Get("/" + static_file.filename().string(), [&](const httplib::Request&, httplib::Response& res) {
      res.set_content(static_bytes, static_type);
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    if (port <= 0) throw std::runtime_error("cannot bind a loopback port");
    if (listen_fd >= 0) ::listen(listen_fd, k_listen_backlog); // a second listen() only changes the backlog
    std::cout << "port " << port << std::endl;
    server.listen_after_bind();
  } catch (const std::exception& e) {
    std::cerr << "cadre_bench_http_baseline: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
