// The baselines: plain Xapian doing the same indexing and searching work as Cadre, with none of
// Cadre's code in the way. The ratios the benchmark prints are Cadre over these.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cadre::bench {

/// Indexes the documents Cadre indexes (every clause text, cell and provision value's note of a
/// Cadre build's SQLite database, read back row by row) into a new Xapian database at `out_dir`,
/// as a plain TermGenerator would: the same stemmer per language, positions, the heading at
/// weight 2, CJK n-grams for zh/ja/ko, one language term, the text as document data. Returns the
/// number of documents.
long bare_index(const std::filesystem::path& sqlite_file, const std::filesystem::path& out_dir);

/// One benchmark query, run through both cadre::Library::search and the bare searcher.
struct BenchQuery {
  std::string text;
  std::string language;                   ///< "" = any language (bare Xapian stems as English)
  std::vector<std::string> jurisdictions; ///< filters, OR within the list
  std::vector<std::string> categories;
};

/// QueryParser + Enquire + MSet::snippet on one Xapian database (a Cadre build's, so both sides
/// search the same index): the least a search with highlighted snippets must cost.
class BareSearcher {
public:
  explicit BareSearcher(const std::filesystem::path& xapian_dir);
  ~BareSearcher();
  /// Runs the query and cuts a snippet for each of the first `hits` results; returns the number
  /// of matches Xapian estimates.
  long search(const BenchQuery& query, int hits = 10) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cadre::bench
