// cadre_bench_http_baseline: the least an HTTP server must do to answer Cadre's search, compare,
// provision matrix, provision, related-clauses and static-file requests: cpp-httplib with the
// same tuning as `cadre serve` (TCP_NODELAY, 8 threads, 100 requests per keep-alive connection, a
// listen backlog of 1024), bare Xapian for search (QueryParser + Enquire + MSet::snippet, 10 hits)
// and for the content half of related clauses (relevance feedback: RSet + ESet + Enquire), bare
// SQLite for the rest, with minimal JSON. bench/http/run.sh drives it and `cadre serve` with wrk.
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
#include <map>
#include <set>
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

/// One provision value per (jurisdiction, provision) with its note in `language` and its
/// citations' labels and instrument status, for every provision (`provision` empty) or one.
nlohmann::json provision_values(SQLite::Database& db, const std::string& language, const std::string& provision) {
  const std::string note = language == "fr" ? "note_fr" : "note_en";
  const std::string where = provision.empty() ? "" : " WHERE v.provision = ?1";
  SQLite::Statement values(db, "SELECT v.jurisdiction, v.provision, v.value, v." + note +
                                   " FROM provision_values v JOIN provisions p ON p.id = v.provision" + where +
                                   " ORDER BY p.ordinal, v.jurisdiction");
  SQLite::Statement citations(db, R"(
    SELECT c.jurisdiction, c.provision, c.target,
           coalesce((SELECT label FROM clause_texts WHERE clause = c.target AND language = ?2),
                    (SELECT label FROM clause_texts WHERE clause = c.target AND language = 'en'), ''),
           coalesce(i.status, whole.status, '')
    FROM provision_citations c
    LEFT JOIN clauses cl ON cl.id = c.target
    LEFT JOIN instruments i ON i.id = cl.instrument
    LEFT JOIN instruments whole ON c.target LIKE 'instrument:%' AND whole.id = substr(c.target, 12))" +
                                      std::string(provision.empty() ? "" : " WHERE c.provision = ?1") +
                                      " ORDER BY c.jurisdiction, c.provision, c.ordinal");
  if (!provision.empty()) {
    values.bind(1, provision);
    citations.bind(1, provision);
  }
  citations.bind(2, language);
  std::map<std::pair<std::string, std::string>, nlohmann::json> cited;
  while (citations.executeStep()) {
    auto& list = cited[{citations.getColumn(0).getString(), citations.getColumn(1).getString()}];
    list.push_back({{"clause_id", citations.getColumn(2).getString()},
                    {"label", citations.getColumn(3).getString()},
                    {"instrument_status", citations.getColumn(4).getString()}});
  }
  nlohmann::json rows = nlohmann::json::array();
  std::string current;
  while (values.executeStep()) {
    const std::string code = values.getColumn(0).getString(), id = values.getColumn(1).getString();
    if (rows.empty() || id != current) {
      rows.push_back({{"provision", id}, {"values", nlohmann::json::array()}});
      current = id;
    }
    auto found = cited.find({code, id});
    rows.back()["values"].push_back({{"jurisdiction", code},
                                     {"value", values.getColumn(2).getString()},
                                     {"note", values.getColumn(3).getString()},
                                     {"citations", found == cited.end() ? nlohmann::json::array() : std::move(found->second)}});
  }
  return rows;
}

std::string matrix(SQLite::Database& db, const httplib::Request& req) {
  const std::string language = req.has_param("lang") ? req.get_param_value("lang") : "en";
  return nlohmann::json{{"rows", provision_values(db, language, {})}}.dump();
}

std::string provision(SQLite::Database& db, const httplib::Request& req, const std::string& id) {
  const std::string language = req.has_param("lang") ? req.get_param_value("lang") : "en";
  nlohmann::json rows = provision_values(db, language, id);
  return nlohmann::json{{"id", id}, {"values", rows.empty() ? nlohmann::json::array() : std::move(rows[0]["values"])}}.dump();
}

/// Clause ids in the order found, without repeats.
struct Related {
  std::vector<std::pair<std::string, std::string>> items; // (clause id, found by)
  std::set<std::string> seen;
  void add(const std::string& id, const char* how) {
    if (seen.insert(id).second) items.emplace_back(id, how);
  }
};

/// Words only, as core/related.cpp: no boolean filter terms, no numbers.
class WordsOnly : public Xapian::ExpandDecider {
public:
  bool operator()(const std::string& term) const override {
    if (term.empty()) return false;
    const unsigned char first = static_cast<unsigned char>(term[0]);
    if (first == 'Z') return term.size() > 3 && !std::isdigit(static_cast<unsigned char>(term[1]));
    if (std::isupper(first)) return false;
    return term.size() > 2 && !std::isdigit(first);
  }
};

std::string related(SQLite::Database& db, const Xapian::Database& xdb, const httplib::Request& req, const std::string& id) {
  const std::string language = req.has_param("lang") ? req.get_param_value("lang") : "en";
  constexpr std::size_t limit = 10;
  SQLite::Statement origin(db, "SELECT i.jurisdiction FROM clauses c JOIN instruments i ON i.id = c.instrument WHERE c.id = ?");
  origin.bind(1, id);
  if (!origin.executeStep()) return {};
  const std::string jurisdiction = origin.getColumn(0).getString();
  Related related;
  // Curated: the clauses other jurisdictions cite for the provisions that cite this clause or its parts.
  SQLite::Statement curated(db, R"(
    SELECT DISTINCT other.target FROM provision_citations mine
    CROSS JOIN provision_values v ON v.provision = mine.provision AND v.jurisdiction <> ?2 AND v.value IN ('yes', 'partial')
    CROSS JOIN provision_citations other ON other.jurisdiction = v.jurisdiction AND other.provision = v.provision
    JOIN clauses c ON c.id = other.target
    WHERE mine.target = ?1 OR (mine.target > ?1 || '__' AND mine.target < ?1 || '_`'))");
  curated.bind(1, id);
  curated.bind(2, jurisdiction);
  while (curated.executeStep() && related.items.size() < limit) related.add(curated.getColumn(0).getString(), "provision");
  // Content: relevance feedback over the clause's own documents, other jurisdictions only.
  Xapian::RSet relevant;
  const std::string id_prefix = std::string(cadre::prefix::id) + "clause:" + id + "@";
  for (auto term = xdb.allterms_begin(id_prefix); term != xdb.allterms_end(id_prefix); ++term)
    for (auto posting = xdb.postlist_begin(*term); posting != xdb.postlist_end(*term); ++posting) relevant.add_document(*posting);
  if (!relevant.empty()) {
    Xapian::Enquire feedback(xdb);
    feedback.set_query(Xapian::Query(std::string(cadre::prefix::doctype) + "clause"));
    const WordsOnly words_only;
    const Xapian::ESet terms = feedback.get_eset(24, relevant, &words_only);
    std::vector<Xapian::Query> parts;
    for (auto t = terms.begin(); t != terms.end(); ++t) parts.emplace_back(*t);
    Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(std::string(cadre::prefix::doctype) + "clause"));
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(std::string(cadre::prefix::jurisdiction) + jurisdiction));
    Xapian::Enquire enquire(xdb);
    enquire.set_query(query);
    const Xapian::MSet matches = enquire.get_mset(0, limit * 4 + 20);
    const std::size_t wanted = related.items.size() + limit;
    for (auto m = matches.begin(); m != matches.end() && related.items.size() < wanted; ++m) {
      const std::string data = m.get_document().get_data(); // second header line: the clause id
      const auto first = data.find('\n');
      const auto second = first == std::string::npos ? first : data.find('\n', first + 1);
      if (second != std::string::npos) related.add(data.substr(first + 1, second - first - 1), "content");
    }
  }
  SQLite::Statement text(db, R"(
    SELECT language, label, heading, substr(text, 1, 280) FROM clause_texts WHERE clause = ?1
    ORDER BY language = ?2 DESC, language = 'en' DESC LIMIT 1)");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [clause, how] : related.items) {
    text.reset();
    text.bind(1, clause);
    text.bind(2, language);
    if (!text.executeStep()) continue;
    items.push_back({{"clause_id", clause}, {"found_by", how}, {"language", text.getColumn(0).getString()},
                     {"label", text.getColumn(1).getString()}, {"heading", text.getColumn(2).getString()},
                     {"excerpt", text.getColumn(3).getString()}});
  }
  return nlohmann::json{{"clause_id", id}, {"items", std::move(items)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
    server.Get("/api/v1/matrix", [&](const httplib::Request& req, httplib::Response& res) {
      thread_local SQLite::Database db(sqlite_path, SQLite::OPEN_READONLY);
      res.set_content(matrix(db, req), "application/json");
    });
    server.Get(R"(/api/v1/provisions/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
      thread_local SQLite::Database db(sqlite_path, SQLite::OPEN_READONLY);
      res.set_content(provision(db, req, req.matches[1]), "application/json");
    });
    server.Get(R"(/api/v1/clauses/(.+)/related)", [&](const httplib::Request& req, httplib::Response& res) {
      thread_local SQLite::Database db(sqlite_path, SQLite::OPEN_READONLY);
      thread_local Xapian::Database xdb(xapian_path);
      const std::string body = related(db, xdb, req, req.matches[1]);
      if (body.empty()) res.status = 404;
      else res.set_content(body, "application/json");
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
