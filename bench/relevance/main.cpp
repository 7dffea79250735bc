// Relevance of `cadre search` against SQLite FTS5 bm25 baselines, on the graded queries of
// bench/relevance (queries.tsv, judgements.tsv). The baselines are built in memory, in this run,
// from the clause_texts of the build being measured: a porter/unicode61 table for English,
// French and Portuguese, a trigram table for Chinese, Japanese and Korean; each query searches
// only the texts in its own language, with its words OR-ed (one variant) or AND-ed (the other).
// Cadre is queried as a user would query it (clauses only, no language filter). Hits are
// counted by clause id: two language versions of one clause are one hit, at its best rank; how
// hits earn the judged grades is described at Judge.
// Prints nDCG@10 and recall@20 per split, per language and overall.
#include "core/error.hpp"
#include "core/library.hpp"
#include "core/search.hpp"
#include "core/text.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cadre;

namespace {

struct Query {
  std::string id, split, language, text;
  std::map<std::string, int> grades; // clause id -> 1 or 2
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto end = line.find('\t', start);
    out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::vector<Query> load(const fs::path& dir) {
  std::vector<Query> queries;
  std::map<std::string, std::size_t> index;
  std::ifstream q(dir / "queries.tsv");
  if (!q) throw DataError("cannot read " + (dir / "queries.tsv").string());
  std::string line;
  while (std::getline(q, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    if (f.size() != 4) throw DataError("queries.tsv: expected id, split, language, query: " + line);
    if (f[1] != "tune" && f[1] != "test") throw DataError("queries.tsv: split must be tune or test: " + line);
    index[f[0]] = queries.size();
    queries.push_back({f[0], f[1], f[2], f[3], {}});
  }
  std::ifstream j(dir / "judgements.tsv");
  if (!j) throw DataError("cannot read " + (dir / "judgements.tsv").string());
  while (std::getline(j, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    if (f.size() < 3) throw DataError("judgements.tsv: expected query id, clause id, grade: " + line);
    const auto it = index.find(f[0]);
    if (it == index.end()) throw DataError("judgements.tsv: unknown query " + f[0]);
    const int grade = std::stoi(f[2]);
    if (grade < 0 || grade > 2) throw DataError("judgements.tsv: grade must be 0, 1 or 2: " + line);
    if (grade > 0) queries[it->second].grades[f[1]] = grade;
  }
  return queries;
}

// ---- FTS5 baseline -------------------------------------------------------------------------

/// Words of a query for the porter/unicode61 table: runs of letters and digits (bytes of
/// multi-byte UTF-8 sequences count as letters), each quoted so that FTS5 syntax cannot leak in.
std::vector<std::string> words_of(const std::string& query, const std::string& language) {
  std::vector<std::string> out;
  std::string current;
  const std::string q = language == "fr" ? text::split_elisions(query) : query;
  for (const char c : q) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) current += c;
    else if (!current.empty()) { out.push_back(current); current.clear(); }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

/// Terms of a CJK query for the trigram table: every three-code-point window of each run of
/// non-space, non-punctuation text (the trigram tokenizer cannot match shorter strings).
std::vector<std::string> trigrams_of(const std::string& query) {
  std::vector<std::vector<std::string>> runs(1);
  for (std::size_t i = 0; i < query.size();) {
    std::size_t len = 1;
    const char32_t cp = text::decode_utf8_at(query, i, &len);
    const bool letter = cp >= 0x80 ? !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFF0F) &&
                                         cp != 0xFF1F && cp != 0xFF0C
                                   : std::isalnum(static_cast<unsigned char>(cp)) != 0;
    if (letter) runs.back().push_back(query.substr(i, len));
    else if (!runs.back().empty()) runs.emplace_back();
    i += len;
  }
  std::vector<std::string> out;
  for (const auto& run : runs)
    for (std::size_t i = 0; i + 3 <= run.size(); ++i) out.push_back(run[i] + run[i + 1] + run[i + 2]);
  return out;
}

std::string fts_expression(const std::vector<std::string>& terms, bool all) {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += all ? " AND " : " OR ";
    std::string quoted = "\"";
    for (const char c : t) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += quoted + "\"";
  }
  return out;
}

class Baseline {
public:
  explicit Baseline(const fs::path& sqlite) : m_db(":memory:", SQLite::OPEN_READWRITE) {
    m_db.exec("ATTACH DATABASE 'file:" + sqlite.string() + "?mode=ro' AS build");
    m_db.exec("CREATE VIRTUAL TABLE words USING fts5(clause UNINDEXED, language UNINDEXED, heading, text, "
              "tokenize = 'porter unicode61 remove_diacritics 2')");
    m_db.exec("CREATE VIRTUAL TABLE grams USING fts5(clause UNINDEXED, language UNINDEXED, heading, text, "
              "tokenize = 'trigram')");
    m_db.exec("INSERT INTO words SELECT clause, language, heading, text FROM build.clause_texts "
              "WHERE language NOT IN ('zh', 'ja', 'ko')");
    m_db.exec("INSERT INTO grams SELECT clause, language, heading, text FROM build.clause_texts "
              "WHERE language IN ('zh', 'ja', 'ko')");
  }

  std::vector<std::string> search(const Query& q, bool all, int limit) {
    const bool cjk = text::is_cjk_language(q.language);
    const auto terms = cjk ? trigrams_of(q.text) : words_of(q.text, q.language);
    if (terms.empty()) return {};
    const std::string table = cjk ? "grams" : "words";
    SQLite::Statement st(m_db, "SELECT clause FROM " + table + " WHERE " + table +
                                   " MATCH ? AND language = ? ORDER BY bm25(" + table + ") LIMIT ?");
    st.bind(1, fts_expression(terms, all));
    st.bind(2, q.language);
    st.bind(3, limit);
    std::vector<std::string> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
  }

  SQLite::Database& db() { return m_db; }

private:
  SQLite::Database m_db;
};

// ---- metrics -------------------------------------------------------------------------------

/// Maps a ranked list of clause ids onto the judged clauses they earn: a hit is read through
/// aliases.tsv (the same text indexed twice), then credited to itself or to its nearest judged
/// ancestor (a paragraph inside a judged article), and only the first hit on a judged clause
/// earns it; every other hit earns nothing but still takes its rank.
class Judge {
public:
  Judge(const fs::path& dir, SQLite::Database& build) {
    std::ifstream a(dir / "aliases.tsv");
    std::string line;
    while (std::getline(a, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto f = split_tabs(line);
      if (f.size() == 2) m_aliases.emplace_back(f[0], f[1]);
    }
    SQLite::Statement st(build, "SELECT id, parent FROM build.clauses WHERE parent IS NOT NULL");
    while (st.executeStep()) m_parent[st.getColumn(0).getString()] = st.getColumn(1).getString();
  }

  std::vector<std::string> credited(const std::vector<std::string>& ranked, const Query& q) const {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& hit : ranked) {
      std::string id = hit;
      for (const auto& [from, to] : m_aliases)
        if (id.rfind(from, 0) == 0) { id = to + id.substr(from.size()); break; }
      while (!q.grades.count(id)) {
        const auto p = m_parent.find(id);
        if (p == m_parent.end()) { id.clear(); break; }
        id = p->second;
      }
      out.push_back(!id.empty() && seen.insert(id).second ? id : std::string());
    }
    return out;
  }

private:
  std::vector<std::pair<std::string, std::string>> m_aliases;
  std::map<std::string, std::string> m_parent;
};

double ndcg_at(const std::vector<std::string>& credited, const Query& q, std::size_t k) {
  double dcg = 0;
  for (std::size_t i = 0; i < std::min(k, credited.size()); ++i) {
    const auto it = q.grades.find(credited[i]);
    if (it != q.grades.end()) dcg += (std::pow(2.0, it->second) - 1) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [clause, grade] : q.grades) ideal.push_back(grade);
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < std::min(k, ideal.size()); ++i)
    idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::vector<std::string>& credited, const Query& q, std::size_t k) {
  if (q.grades.empty()) return 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < std::min(k, credited.size()); ++i) found += q.grades.count(credited[i]);
  return static_cast<double>(found) / static_cast<double>(q.grades.size());
}

struct Score {
  double ndcg = 0, recall = 0;
  int n = 0;
  void add(double nd, double rc) { ndcg += nd; recall += rc; ++n; }
};

/// What readers get: Library::search, which also ranks the clauses of other jurisdictions cited
/// for the same provisions after a unit the query names by number.
std::vector<std::string> cadre_ranking(const Library& library, const Query& q, std::size_t limit) {
  SearchRequest request;
  request.query = q.text;
  request.type = "clause";
  request.page_size = k_max_page_size;
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (int page = 1; out.size() < limit && page <= 3; ++page) {
    request.page = page;
    const auto results = library.search(request);
    for (const auto& hit : results.hits)
      if (seen.insert(hit.id).second && out.size() < limit) out.push_back(hit.id);
    if (results.hits.size() < static_cast<std::size_t>(request.page_size)) break;
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Relevance of cadre search against FTS5 bm25 on the graded queries of bench/relevance"};
  std::string data;
  std::string dir = CADRE_RELEVANCE_DIR;
  std::string show;
  bool per_query = false;
  app.add_option("--data", data, "data folder holding the build to measure (its `current`)")->required();
  app.add_option("--dir", dir, "folder with queries.tsv and judgements.tsv");
  app.add_flag("--per-query", per_query, "print nDCG@10 of every query");
  app.add_option("--show", show, "print the ranked top 20 of one query id, with grades");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto queries = load(dir);
    const auto build = BuildLayout::resolve_current(data);
    Baseline baseline(build / BuildLayout::k_sqlite);
    const auto library = Library::open_build(build);
    const Judge judge(dir, baseline.db());

    const char* systems[] = {"cadre", "fts5-or", "fts5-and"};
    // split -> language -> system -> score
    std::map<std::string, std::map<std::string, std::map<std::string, Score>>> scores;
    for (const auto& q : queries) {
      std::map<std::string, std::vector<std::string>> ranked;
      ranked["cadre"] = cadre_ranking(*library, q, 20);
      ranked["fts5-or"] = baseline.search(q, false, 20);
      ranked["fts5-and"] = baseline.search(q, true, 20);
      std::map<std::string, std::vector<std::string>> credited;
      for (const auto* s : systems) credited[s] = judge.credited(ranked[s], q);
      for (const auto* s : systems) {
        const double nd = ndcg_at(credited[s], q, 10), rc = recall_at(credited[s], q, 20);
        for (const auto& split : {q.split, std::string("all")})
          for (const auto& lang : {q.language, std::string("all")}) scores[split][lang][s].add(nd, rc);
      }
      if (per_query)
        std::printf("%-6s %-4s %-2s cadre %.3f  fts5-or %.3f  fts5-and %.3f  %s\n", q.id.c_str(), q.split.c_str(),
                    q.language.c_str(), ndcg_at(credited["cadre"], q, 10), ndcg_at(credited["fts5-or"], q, 10),
                    ndcg_at(credited["fts5-and"], q, 10), q.text.c_str());
      if (q.id == show) {
        for (const auto* s : systems) {
          std::printf("%s:\n", s);
          for (std::size_t i = 0; i < ranked[s].size(); ++i) {
            const auto g = q.grades.find(credited[s][i]);
            std::printf("  %2zu %s %s\n", i + 1, g == q.grades.end() ? "-" : std::to_string(g->second).c_str(),
                        ranked[s][i].c_str());
          }
        }
      }
    }
    for (const std::string split : {"tune", "test", "all"}) {
      std::printf("\n%s split\n  %-4s %4s  %-17s %-17s %-17s\n", split.c_str(), "lang", "n", "cadre nDCG/rec",
                  "fts5-or nDCG/rec", "fts5-and nDCG/rec");
      for (const auto& [lang, by_system] : scores[split]) {
        std::printf("  %-4s %4d", lang.c_str(), by_system.at("cadre").n);
        for (const auto* s : systems) {
          const auto& sc = by_system.at(s);
          std::printf("  %.3f / %.3f    ", sc.ndcg / sc.n, sc.recall / sc.n);
        }
        std::printf("\n");
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
