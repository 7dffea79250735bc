#include "core/search.hpp"

#include "core/error.hpp"
#include "core/prefixes.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace cadre {
namespace {

// Languages a query is parsed in when the request names none: every language Cadre indexes.
const std::vector<std::string> k_all_languages = {"en", "fr", "pt", "zh", "ja", "ko"};

/// Fields of a Xapian document's data, written by indexer/build.cpp in this order, one per line;
/// the text (for snippets) is everything after the last field.
struct DocData {
  std::string type, id, language, jurisdiction, instrument, category, label, heading, text;
};

DocData decode(const std::string& data) {
  DocData d;
  std::string* fields[] = {&d.type, &d.id, &d.language, &d.jurisdiction, &d.instrument,
                           &d.category, &d.label, &d.heading};
  std::size_t pos = 0;
  for (auto* field : fields) {
    const auto end = data.find('\n', pos);
    if (end == std::string::npos) throw DataError("the search index holds a document in an unknown format: rebuild with `cadre index`");
    *field = data.substr(pos, end - pos);
    pos = end + 1;
  }
  d.text = data.substr(pos);
  return d;
}

/// Counts the comma-separated category ids in a value slot over every matching document.
class CategorySpy : public Xapian::MatchSpy {
public:
  void operator()(const Xapian::Document& doc, double) override {
    const std::string value = doc.get_value(slot::categories);
    std::size_t start = 0;
    while (start < value.size()) {
      auto end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      if (end > start) ++counts[value.substr(start, end - start)];
      start = end + 1;
    }
  }
  std::map<std::string, int> counts;
};

Xapian::Query filter_of(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(std::string(prefix) + v);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::vector<FacetCount> facet_counts(const Xapian::ValueCountMatchSpy& spy) {
  std::vector<FacetCount> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
    out.push_back({*it, static_cast<int>(it.get_termfreq())});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

bool contains_phrase(const std::string& haystack, const std::string& needle) {
  const auto pos = haystack.find(needle);
  if (pos == std::string::npos) return false;
  const bool starts = pos == 0 || !std::isalnum(static_cast<unsigned char>(haystack[pos - 1]));
  const auto end = pos + needle.size();
  const bool ends = end == haystack.size() || !std::isalnum(static_cast<unsigned char>(haystack[end]));
  return starts && ends;
}

std::string prepare(const std::string& text, const std::string& language) {
  return language == "fr" ? text::split_elisions(text) : text;
}

std::string prepare_query(const std::string& query, const std::string& language) {
  return text::bracket_cjk_runs(prepare(query, language));
}

} // namespace

struct Searcher::Impl {
  Xapian::Database db;
  std::filesystem::path path;

  Xapian::Query parse(const std::string& query, const std::string& language) const {
    Xapian::QueryParser parser;
    parser.set_database(db);
    const auto stemmer = text::stemmer_name(language);
    if (stemmer != "none") {
      parser.set_stemmer(Xapian::Stem(std::string(stemmer)));
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    }
    parser.set_max_expansion(100, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    parser.set_default_op(Xapian::Query::OP_AND);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_CJK_NGRAM;
    return Xapian::Query(Xapian::Query::OP_FILTER, parser.parse_query(prepare_query(query, language), flags),
                         Xapian::Query(std::string(prefix::language) + language));
  }

  /// Lexicon terms of the other language for every lexicon term the query contains.
  std::vector<std::pair<std::string, std::string>> synonyms(const std::string& query,
                                                            const std::vector<std::string>& languages) const {
    const std::string lower = text::ascii_lower(query);
    auto wanted = [&](const char* lang) {
      return languages.empty() || std::find(languages.begin(), languages.end(), lang) != languages.end();
    };
    std::vector<std::pair<std::string, std::string>> out; // (language, term)
    std::set<std::string> seen;
    for (const auto& entry : schema().lexicon) {
      for (int side = 0; side < 2; ++side) {
        const auto& from = side == 0 ? entry.en : entry.fr;
        const auto& to = side == 0 ? entry.fr : entry.en;
        const char* to_lang = side == 0 ? "fr" : "en";
        if (!wanted(to_lang)) continue;
        const bool hit = std::any_of(from.begin(), from.end(), [&](const auto& t) { return contains_phrase(lower, t); });
        if (!hit) continue;
        for (const auto& t : to)
          if (seen.insert(std::string(to_lang) + ":" + t).second) out.emplace_back(to_lang, t);
      }
    }
    return out;
  }
};

Searcher::Searcher(const std::filesystem::path& xapian_dir) : m_impl(std::make_unique<Impl>()) {
  m_impl->path = xapian_dir;
  try {
    m_impl->db = Xapian::Database(xapian_dir.string());
  } catch (const Xapian::Error& e) {
    throw DataError("cannot open the search index " + xapian_dir.string() + ": " + e.get_description() +
                    "; rebuild it with `cadre index`");
  }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) const {
  std::string query = request.query;
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.back()))) query.pop_back();
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.front()))) query.erase(0, 1);
  if (query.empty()) throw UserError("the search query is empty: give one or more words", "q");
  if (query.size() > static_cast<std::size_t>(k_max_query_bytes))
    throw UserError("the search query is longer than " + std::to_string(k_max_query_bytes) + " bytes: shorten it", "q");
  if (!text::is_valid_utf8(query)) throw UserError("the search query is not valid UTF-8", "q");
  if (request.page < 1 || request.page > k_max_page)
    throw UserError("page must be between 1 and " + std::to_string(k_max_page), "page");
  if (request.page_size < 1 || request.page_size > k_max_page_size)
    throw UserError("page_size must be between 1 and " + std::to_string(k_max_page_size), "page_size");
  for (const auto& lang : request.languages)
    if (std::find(k_all_languages.begin(), k_all_languages.end(), lang) == k_all_languages.end())
      throw UserError("unknown language '" + lang + "': use one of en, fr, pt, zh, ja, ko", "lang");
  if (!request.type.empty() && request.type != "clause" && request.type != "cell" && request.type != "provision")
    throw UserError("type must be 'clause', 'cell' or 'provision'", "type");

  SearchResults results;
  results.query = query;
  results.page = request.page;
  results.page_size = request.page_size;
  try {
    // A query without CJK characters cannot match zh/ja/ko text: skip those parses unless asked.
    const bool cjk = text::has_cjk(query);
    const auto& languages = request.languages.empty() ? k_all_languages : request.languages;
    std::vector<Xapian::Query> per_language;
    for (const auto& lang : languages)
      if (cjk || !text::is_cjk_language(lang) || !request.languages.empty()) per_language.push_back(m_impl->parse(query, lang));
    Xapian::Query main(Xapian::Query::OP_OR, per_language.begin(), per_language.end());

    std::vector<Xapian::Query> synonym_queries;
    for (const auto& [lang, term] : m_impl->synonyms(query, request.languages)) {
      synonym_queries.push_back(m_impl->parse("\"" + term + "\"", lang));
      results.synonyms_used.push_back(lang + ":" + term);
    }
    Xapian::Query combined = main;
    if (!synonym_queries.empty()) {
      Xapian::Query synonyms(Xapian::Query::OP_OR, synonym_queries.begin(), synonym_queries.end());
      combined = Xapian::Query(Xapian::Query::OP_OR, main, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, synonyms, 0.5));
    }

    std::vector<Xapian::Query> filters;
    if (!request.jurisdictions.empty()) filters.push_back(filter_of(prefix::jurisdiction, request.jurisdictions));
    if (!request.categories.empty()) filters.push_back(filter_of(prefix::category, request.categories));
    if (!request.instruments.empty()) filters.push_back(filter_of(prefix::instrument, request.instruments));
    if (!request.statuses.empty()) filters.push_back(filter_of(prefix::status, request.statuses));
    if (!request.kinds.empty()) filters.push_back(filter_of(prefix::kind, request.kinds));
    if (!request.type.empty()) filters.push_back(filter_of(prefix::doctype, {request.type}));
    if (!filters.empty())
      combined = Xapian::Query(Xapian::Query::OP_FILTER, combined,
                               Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    results.parsed_query = combined.get_description();

    Xapian::Enquire enquire(m_impl->db);
    enquire.set_query(combined);
    Xapian::ValueCountMatchSpy jurisdiction_spy(slot::jurisdiction);
    Xapian::ValueCountMatchSpy language_spy(slot::language);
    CategorySpy category_spy;
    enquire.add_matchspy(&jurisdiction_spy);
    enquire.add_matchspy(&language_spy);
    enquire.add_matchspy(&category_spy);
    const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.page_size);
    const Xapian::MSet mset = enquire.get_mset(first, static_cast<Xapian::doccount>(request.page_size), 1000);
    results.total = mset.get_matches_estimated();

    // Text terms of the user's own query: stemmed (Z…) or unprefixed; boolean filter terms
    // (L…, X…) match every document and say nothing about how it matched.
    std::set<std::string> main_terms;
    for (auto t = main.get_terms_begin(); t != main.get_terms_end(); ++t)
      if ((*t)[0] == 'Z' || !std::isupper(static_cast<unsigned char>((*t)[0]))) main_terms.insert(*t);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const DocData d = decode(it.get_document().get_data());
      SearchHit hit;
      hit.type = d.type;
      hit.id = d.id;
      hit.language = d.language;
      hit.jurisdiction = d.jurisdiction;
      hit.instrument = d.instrument;
      hit.category = d.category;
      hit.label = d.label;
      hit.heading = d.heading;
      hit.score = it.get_percent();
      const auto stemmer = text::stemmer_name(d.language);
      // No background model: it looks up the frequency of every word of every hit and was ~90 %
      // of the search time (bench/RESULTS.md); the first best-scoring fragment is good enough.
      unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
      if (text::is_cjk_language(d.language)) flags |= Xapian::MSet::SNIPPET_CJK_NGRAM;
      // Snippets are cut from the text as indexed (elisions split), then shown as written; a
      // CJK match is a run of highlighted single characters, merged into one <mark>.
      std::string snippet = mset.snippet(prepare(d.text, d.language), 240,
                                         stemmer == "none" ? Xapian::Stem() : Xapian::Stem(std::string(stemmer)),
                                         flags, "<mark>", "</mark>", "…");
      if (d.language == "fr") snippet = text::restore_elisions(snippet);
      for (std::size_t pos; (pos = snippet.find("</mark><mark>")) != std::string::npos;) snippet.erase(pos, 13);
      hit.snippet_html = std::move(snippet);
      bool matched_main = false;
      for (auto term = enquire.get_matching_terms_begin(it); term != enquire.get_matching_terms_end(it); ++term)
        matched_main = matched_main || main_terms.count(*term) > 0;
      hit.via_synonym = !synonym_queries.empty() && !matched_main;
      results.hits.push_back(std::move(hit));
    }
    results.jurisdiction_facets = facet_counts(jurisdiction_spy);
    results.language_facets = facet_counts(language_spy);
    for (const auto& [category, count] : category_spy.counts) results.category_facets.push_back({category, count});
    std::sort(results.category_facets.begin(), results.category_facets.end(),
              [](const auto& a, const auto& b) { return a.count != b.count ? a.count > b.count : a.value < b.value; });
  } catch (const Xapian::QueryParserError& e) {
    throw UserError("the search query cannot be parsed (" + e.get_msg() +
                        "): check quotes and brackets are balanced", "q");
  } catch (const Xapian::DatabaseModifiedError&) {
    throw DataError("the search index changed during the search: retry");
  } catch (const Xapian::Error& e) {
    throw DataError("search failed in " + m_impl->path.string() + ": " + e.get_description());
  }
  return results;
}

} // namespace cadre
