#include "bench/index/bare_xapian.hpp"

#include "core/prefixes.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <xapian.h>

#include <map>

namespace cadre::bench {
namespace {

std::string stemmer_for(const std::string& language) {
  if (language == "en" || language.empty()) return "english";
  if (language == "fr") return "french";
  if (language == "pt") return "portuguese";
  return {};
}

bool is_cjk(const std::string& language) { return language == "zh" || language == "ja" || language == "ko"; }

/// Cadre keeps eight header lines before the text in a document's data (indexer/build.cpp);
/// the bare searcher needs the text alone for snippets.
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

} // namespace

long bare_index(const std::filesystem::path& sqlite_file, const std::filesystem::path& out_dir) {
  SQLite::Database sqlite(sqlite_file.string(), SQLite::OPEN_READONLY);
  Xapian::WritableDatabase db(out_dir.string(), Xapian::DB_CREATE);
  Xapian::TermGenerator generator;
  std::map<std::string, Xapian::Stem> stemmers;
  long documents = 0;
  // The documents Cadre indexes: every clause version, every cell and every provision value's
  // note in each language, as "label: note" (indexer/build.cpp, write_provision_values).
  SQLite::Statement rows(sqlite, "SELECT language, heading, text FROM clause_texts "
                                 "UNION ALL SELECT language, '', text FROM cells "
                                 "UNION ALL SELECT 'en', '', p.label_en || ': ' || v.note_en FROM provision_values v "
                                 "JOIN provisions p ON p.id = v.provision WHERE v.note_en != '' "
                                 "UNION ALL SELECT 'fr', '', p.label_fr || ': ' || v.note_fr FROM provision_values v "
                                 "JOIN provisions p ON p.id = v.provision WHERE v.note_fr != ''");
  while (rows.executeStep()) {
    const std::string language = rows.getColumn(0).getString();
    const std::string heading = rows.getColumn(1).getString();
    const std::string text = rows.getColumn(2).getString();
    auto stem = stemmers.find(language);
    if (stem == stemmers.end()) {
      const std::string name = stemmer_for(language);
      stem = stemmers.emplace(language, name.empty() ? Xapian::Stem() : Xapian::Stem(name)).first;
    }
    Xapian::Document doc;
    doc.set_data(text);
    generator.set_document(doc);
    generator.set_stemmer(stem->second);
    generator.set_flags(is_cjk(language) ? Xapian::TermGenerator::FLAG_CJK_NGRAM : 0);
    if (!heading.empty()) {
      generator.index_text(heading, 2);
      generator.increase_termpos();
    }
    generator.index_text(text);
    doc.add_boolean_term(std::string(prefix::language) + language);
    db.add_document(doc);
    ++documents;
  }
  db.commit();
  return documents;
}

struct BareSearcher::Impl {
  Xapian::Database db;
};

BareSearcher::BareSearcher(const std::filesystem::path& xapian_dir) : m_impl(std::make_unique<Impl>()) {
  m_impl->db = Xapian::Database(xapian_dir.string());
}

BareSearcher::~BareSearcher() = default;

long BareSearcher::search(const BenchQuery& query, int hits) const {
  const std::string stemmer_name = stemmer_for(query.language);
  const Xapian::Stem stemmer = stemmer_name.empty() ? Xapian::Stem() : Xapian::Stem(stemmer_name);
  Xapian::QueryParser parser;
  parser.set_database(m_impl->db);
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query parsed = parser.parse_query(
      query.text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_CJK_NGRAM);
  std::vector<Xapian::Query> filters;
  if (!query.language.empty()) filters.emplace_back(std::string(prefix::language) + query.language);
  if (!query.jurisdictions.empty()) filters.push_back(any_of(prefix::jurisdiction, query.jurisdictions));
  if (!query.categories.empty()) filters.push_back(any_of(prefix::category, query.categories));
  if (!filters.empty())
    parsed = Xapian::Query(Xapian::Query::OP_FILTER, parsed, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));

  Xapian::Enquire enquire(m_impl->db);
  enquire.set_query(parsed);
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(hits));
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const std::string text = text_of(it.get_document().get_data());
    // The language of the hit is not known here without decoding Cadre's fields: CJK n-gram
    // snippets are asked for when the query's language is CJK.
    // The same snippet flags as core/search.cpp, so both sides do the same work.
    unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
    if (is_cjk(query.language)) flags |= Xapian::MSet::SNIPPET_CJK_NGRAM;
    // Xapian lives in a shared library: the call cannot be optimised away.
    mset.snippet(text, 240, stemmer, flags, "<mark>", "</mark>", "…");
  }
  return static_cast<long>(mset.get_matches_estimated());
}

} // namespace cadre::bench
