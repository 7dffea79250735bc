// Full-text search over clauses and cells (Xapian behind a pimpl: no Xapian types here).
#pragma once

#include "core/model.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cadre {

struct SearchRequest {
  std::string query;                     ///< user syntax: words, "phrases", AND OR NOT, prefix*
  std::vector<std::string> jurisdictions; ///< filters: OR within one kind, AND across kinds
  std::vector<std::string> categories;
  std::vector<std::string> instruments;
  std::vector<std::string> statuses;
  std::vector<std::string> languages;     ///< also picks the stemmer for the query when one is given
  std::vector<std::string> kinds;         ///< jurisdiction kinds
  std::string type;                       ///< "", "clause", "cell" or "provision" (a value's note)
  std::string as_of;                      ///< statuses (filter and hits) as of this date; "" = today
  int page = 1;                           ///< 1-based
  int page_size = 10;
};

inline constexpr int k_max_query_bytes = 1024;
inline constexpr int k_max_page = 1000;
inline constexpr int k_max_page_size = 50;
/// Matching documents a search examines to count its hits and facets; beyond this the count is a
/// lower bound (SearchResults::total_is_exact). The bundled corpus's searches stay below it.
inline constexpr unsigned k_counted_matches = 5000;

struct SearchHit {
  std::string type;      ///< "clause", "cell" or "provision"
  std::string id;        ///< clause id, "<code>/<category>" for a cell, "<code>/<provision>" for a value
  std::string language;
  std::string jurisdiction;
  std::string instrument; ///< for clauses
  std::vector<std::string> also_in; ///< other instruments holding the same text, shown as this one hit
  std::string category;   ///< for cells
  std::string label;      ///< "AI Act, Article 14(1)" or "European Union — Approach to risk"
  std::string heading;
  std::string snippet_html; ///< escaped text with <mark> around matches
  double score = 0;         ///< percentage relevance
  bool via_synonym = false; ///< matched only through a lexicon concept carried into its language
  /// For clauses: the instrument's status (in-force, bill, ...) as of the search's date, set by
  /// Library::search (the Searcher gives the status recorded in the index).
  std::string status;
  std::string status_date;  ///< and the date of the event that set it
  std::string status_evidence; ///< and that event's evidence kind: "secondary" is shown as "reported"
  /// The unit the query names by number ("GDPR article 22": eu/gdpr/art_22) that this clause of
  /// another jurisdiction is comparable to (Searcher::AnaloguesOf); empty for other hits.
  std::string analogue_of;
};

struct FacetCount {
  std::string value;
  int count = 0;
};

/// An instrument name the query held ("PIPL consent"): the name is taken out of the words
/// searched for, and the clauses of the instruments it names rank first.
struct NamedInstrument {
  std::string name;                     ///< as the query wrote it
  std::vector<std::string> instruments; ///< every instrument of the build that goes by it
};

/// A jurisdiction the query named ("Brazil regulatory sandbox"), not just before an instrument
/// name: the name is taken out of the words searched for, and its clauses, cells and provision
/// values rank first.
struct NamedJurisdiction {
  std::string name;         ///< as the query wrote it
  std::string jurisdiction; ///< its code
};

/// The names a query can name `instrument` by, as search_names reads them from the corpus: its
/// short names, each without a trailing bracketed remark ("SB 53 (TFAIA)" -> "SB 53"), and its
/// aliases. Written into the index by the build; matched without case or Latin accents.
std::vector<std::string> search_names(const Instrument& instrument);

struct SearchResults {
  std::string query;
  std::string parsed_query; ///< Xapian's description of the parsed query, for tests and debugging
  /// Hits across all pages (a clause, its unheaded sub-clauses and its copies are one), and the
  /// sum the facets count: exact, or a lower bound when the match had more documents than
  /// k_counted_matches (the first ones in index order were counted).
  long long total = 0;
  bool total_is_exact = true;
  int page = 1;
  int page_size = 10;
  std::vector<SearchHit> hits;
  std::vector<FacetCount> jurisdiction_facets;
  std::vector<FacetCount> category_facets;
  std::vector<FacetCount> language_facets;
  std::vector<std::string> synonyms_used; ///< lexicon terms added to the query
  std::vector<NamedInstrument> named_instruments; ///< names taken out of the query, in its order
  std::vector<NamedJurisdiction> named_jurisdictions; ///< likewise
  /// The query only named instruments ("Law 25"): the hits are their clauses in the order of
  /// their texts, not the matches of its words.
  bool lists_named_instruments = false;
  std::string as_of; ///< the date statuses are computed for (Library::search)
};

/// Searches one build's Xapian database. Thread-compatible: use one Searcher per thread (the
/// server keeps a pool); opening is cheap.
class Searcher {
public:
  /// The clauses of other jurisdictions comparable to a clause, best first: those the analysis
  /// cites for the same provisions (Library::related). Called for each unit a query names by
  /// number, from the searching thread.
  using AnaloguesOf = std::function<std::vector<std::string>(const std::string& clause_id)>;

  /// Throws DataError when the index is missing or unreadable. Without `analogues_of`, a unit
  /// the query names ranks first alone.
  explicit Searcher(const std::filesystem::path& xapian_dir, AnaloguesOf analogues_of = {});
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  /// Throws UserError (parameter named) for an empty or oversized query, a syntax error, or
  /// an out-of-range page.
  SearchResults search(const SearchRequest& request) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cadre
