// Clauses close in content to a given clause, in other jurisdictions: Xapian relevance feedback
// (RSet / ESet) over the clause's own documents, with the lexicon carrying its concepts into
// the other interface language. Xapian stays behind the pimpl.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cadre {

struct SimilarClause {
  std::string clause_id;
  std::string language; ///< of the document that matched best
  double percent = 0;   ///< Xapian's relevance percentage
};

class RelatedIndex {
public:
  /// Throws DataError when the index cannot be opened.
  explicit RelatedIndex(const std::filesystem::path& xapian_dir);
  ~RelatedIndex();

  /// The clauses of jurisdictions other than `jurisdiction` closest to the documents of
  /// `clause_id` (every language version of it), best first, one entry per clause id, none of
  /// `skip`, at most `limit`. Empty when the clause has no document. Safe from several threads.
  std::vector<SimilarClause> similar(const std::string& clause_id, const std::string& jurisdiction,
                                     const std::vector<std::string>& skip, int limit) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cadre
