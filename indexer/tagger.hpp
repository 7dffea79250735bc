// Tags clauses with the seven categories: from their structure (a "Definitions" heading, a
// penalties article) and from the schema lexicon. Curated tags, from the citations in the
// framework files, are added by the build.
//
// Also the evaluation of those tags against a hand-labelled set (tests/data/tagging), shared by
// the tagging benchmark and the tagger's tests.
#pragma once

#include <filesystem>
#include <map>
#include <set>
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

/// True when the clause's own heading or an enclosing one (`headings`, nearest first) names a
/// definitions unit, whatever the terms it defines (tag_clause keeps only AI definitions).
bool in_definitions_unit(const std::vector<std::string>& headings);

// ------------------------------------------------------------------ evaluation

/// One clause of the labelled set: the categories an analyst assigned after reading it.
struct TagLabel {
  std::string clause;   ///< full clause id, "eu/ai-act/art_5"
  std::string language; ///< the language version the analyst read
  std::set<std::string> categories;
  bool held_out = false; ///< not used to tune the tagger
};

/// Reads a labels file: '#' comments, then one clause a line, tab-separated: id, language,
/// comma-separated categories or "-", and "tune" or "held-out". Throws DataError naming
/// file:line on a malformed line, an unknown category or a repeated clause id.
std::vector<TagLabel> read_tag_labels(const std::filesystem::path& file);

struct CategoryScore {
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  int support() const { return true_positives + false_negatives; }
  double precision() const; ///< 0 when nothing was predicted
  double recall() const;    ///< 0 when nothing was labelled
  double f1() const;
};

struct TagEvaluation {
  int clauses = 0;
  std::map<std::string, CategoryScore> per_category; ///< every schema category
  CategoryScore micro;                               ///< counts summed over categories
  /// Means over the categories that were labelled or predicted at least once in the set.
  double macro_precision = 0;
  double macro_recall = 0;
  double macro_f1 = 0;
};

/// Scores `predicted` (clause id -> categories) against the labels. A labelled clause missing
/// from `predicted` counts as tagged with nothing.
TagEvaluation evaluate_tags(const std::vector<TagLabel>& labels,
                            const std::map<std::string, std::set<std::string>>& predicted);

/// What the build gave tag_clause for one clause, read back from a finished build.
struct TaggerInput {
  std::vector<std::string> texts;    ///< every language version, the instrument's first source's language first
  std::vector<std::string> headings; ///< the clause's heading then its ancestors', in that first language
  std::set<std::string> curated;     ///< categories of the framework cells citing the clause
};

/// The tagger inputs of every clause of a build directory (the one holding cadre.sqlite),
/// keyed by clause id; rebuilt the way indexer/build.cpp assembles them, so that running
/// tag_clause on them reproduces the build's structure and lexicon tags. Throws DataError when
/// the database cannot be read.
std::map<std::string, TaggerInput> read_tagger_inputs(const std::filesystem::path& build_dir);

} // namespace cadre::indexer
