// Tags clauses with the seven categories: from their structure (a "Definitions" heading, a
// penalties article) and from the schema lexicon. Curated tags, from the citations in the
// framework files, are added by the build.
#pragma once

#include <string>
#include <vector>

namespace cadre::indexer {

struct ClauseTag {
  std::string category;
  std::string origin; ///< structure | lexicon | curated
  double score = 0;   ///< 0..1
};

/// Tags for a clause given the texts of its language versions and the headings of the clause
/// and its ancestors (nearest first). Deterministic; sorted by category then origin.
std::vector<ClauseTag> tag_clause(const std::vector<std::string>& texts, const std::vector<std::string>& headings);

} // namespace cadre::indexer
