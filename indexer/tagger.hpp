// Tags clauses with the seven categories. Two stages: tag_clause reads structure (a
// "Definitions" heading, a penalties article) and text cues with the schema lexicon; the learned
// tagger (TagModel, a one-vs-rest logistic regression trained by bench/tagging/train.cpp) reads
// those tags, the cue scores behind them (of the clause's parent too) and the words of the
// clause's headings and text, and decides. The build stores every clause's learned categories
// (origin model: what readers see) and, for a clause the framework or provision files cite, the
// cited categories (origin curated: training data for the tagger).
//
// Also the evaluation of those tags against a hand-labelled set (tests/data/tagging), shared by
// the tagging benchmark and the tagger's tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cadre::indexer {

struct ClauseTag {
  std::string category;
  std::string origin; ///< structure | lexicon | model | curated
  double score = 0;   ///< 0..1
};

/// Tags for a clause given the texts of its language versions and the headings of the clause
/// and its ancestors (nearest first). Deterministic; sorted by category then origin.
std::vector<ClauseTag> tag_clause(const std::vector<std::string>& texts, const std::vector<std::string>& headings);

/// True when the clause's own heading or an enclosing one (`headings`, nearest first) names a
/// definitions unit, whatever the terms it defines (tag_clause keeps only AI definitions).
bool in_definitions_unit(const std::vector<std::string>& headings);

/// The term a clause of a definitions unit defines, as written, read from the start of its text
/// (after any numbering such as "(4)", "1.", "VII –"): the first quoted phrase (", “ ”, ‘ ’,
/// ' ', « », 「 」, 『 』) that opens within its first 48 bytes, "The term "X"" included; else a
/// phrase of at most six words before a colon ("dado pessoal: informação …"); else the Chinese
/// "所稱X，" or "所称X，". At most 80 bytes; empty when none is found.
std::string defined_term(std::string_view text);

// ------------------------------------------------------------------ learned tagger

/// The text cues found in a clause's language versions: their summed weights by category, and
/// whether one of them names an AI term. A clause's own are its sub-clauses' parent cues ("p:"
/// below), so a build reads each text once.
struct CueScores {
  std::map<std::string, double> score;
  bool mentions_ai = false;
};
/// The cue scores of `texts`, each read up to its first `limit` bytes.
CueScores cue_scores(const std::vector<std::string>& texts, std::size_t limit = std::string::npos);

/// The features the learned tagger reads for a clause (tag_clause's arguments, and the texts of
/// the parent clause's language versions, empty for a top-level unit), by name: tag_clause's
/// tags ("s:<category>" structure, "l:<category>" lexicon, valued by their score); the summed
/// weight of the text cues of each category found before tag_clause's threshold and dominance
/// rules, in the clause's texts ("r:<category>"), in their first 240 bytes ("b:<category>": what
/// a clause opens with says what it is about, where a long one mentions much) and in its
/// parent's texts ("p:<category>": a definition point or a sub-paragraph inherits its article's
/// context), each valued min(1, sum / 2); "u:definitions" (in_definitions_unit), "u:depth<n>"
/// (n = headings, at most 4); then word unigrams and bigrams of the clause's own heading ("h:"),
/// of its ancestors' headings ("a:") and of every language version's text ("t:"), lower-cased,
/// digits-only words dropped, CJK (Han, kana, Hangul) as character bigrams. Each of those three
/// blocks is valued 1/sqrt(its size), so a long text does not outweigh its heading.
/// Deterministic.
using ClauseFeatures = std::vector<std::pair<std::string, double>>; ///< sorted by name, each once
ClauseFeatures clause_features(const std::vector<std::string>& texts, const std::vector<std::string>& headings,
                               const std::vector<std::string>& parent_texts);

/// One-vs-rest logistic regression over clause_features, with a threshold per category: a
/// clause gets each category whose probability reaches its threshold, and none when no category
/// does.
struct TagModel {
  std::vector<std::string> categories; ///< schema order
  std::vector<double> bias;            ///< by category
  std::vector<double> thresholds;      ///< by category
  std::unordered_map<std::string, std::vector<double>> weights; ///< feature -> weight by category

  /// Probability of each category (in `categories` order).
  std::vector<double> probabilities(const ClauseFeatures& features) const;
  /// The categories whose probability reaches their threshold, origin "model", score the
  /// probability; sorted by category.
  std::vector<ClauseTag> tag(const ClauseFeatures& features) const;

  /// The model file: '#' comments, then tab-separated lines "categories" + ids, "bias" +
  /// values, "threshold" + values, and "f" + feature + weights; features sorted by name,
  /// numbers in fixed notation, so the same model always gives the same bytes.
  std::string to_text() const;
  /// Parses to_text's format; throws DataError naming `name`:line on a malformed line or when
  /// the categories are not the schema's.
  static TagModel parse(std::string_view text, const std::string& name);
  /// The model compiled into the binary from indexer/tagger-model.tsv.
  static const TagModel& builtin();
};

/// A TagModel with its features looked up by a 64-bit hash of their names: tag(texts, headings,
/// cue_scores(texts), cue_scores(parent_texts)) gives model.tag(clause_features(texts,
/// headings, parent_texts)) without spelling, sorting and looking up every n-gram as a string
/// (that was about a tenth of a build's CPU), nor reading the parent's texts again. The sums are added in another order, so a probability may differ in its last
/// bits; an n-gram whose hash equals a model feature's (odds about 1e-11 a clause) would be
/// read as that feature. The build's path; training and evaluation name the features.
class CompiledTagModel {
public:
  /// Keeps a reference to `model`, which must outlive this. Throws DataError when two of its
  /// features share a hash.
  explicit CompiledTagModel(const TagModel& model);
  std::vector<ClauseTag> tag(const std::vector<std::string>& texts, const std::vector<std::string>& headings,
                             const CueScores& cues, const CueScores& parent_cues) const;

private:
  /// The weights of the feature of this hash, one a category, or nullptr.
  const double* weights_of(std::uint64_t hash) const;

  /// Open addressing over the features' hashes, at most half full; row 0 marks an empty slot,
  /// row r the weights at (r - 1) * categories in m_weights. One array of hashes and one of
  /// weights, so a look-up touches a cache line or two instead of a node and a vector.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t row = 0;
  };
  const TagModel& m_model;
  std::vector<Slot> m_slots;
  std::vector<double> m_weights;
};

/// The bytes of indexer/tagger-model.tsv as compiled in (part of the build fingerprint).
std::string_view builtin_tag_model_text();

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
/// Every file's labels, in the order given; also throws DataError when two files label the same
/// clause.
std::vector<TagLabel> read_tag_labels(const std::vector<std::string>& files);

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
  std::vector<std::string> parent_texts; ///< the parent clause's versions, ordered as `texts`; none at the top
  std::set<std::string> curated;     ///< categories of the framework cells citing the clause
};

/// The tagger inputs of every clause of a build directory (the one holding cadre.sqlite),
/// keyed by clause id; rebuilt the way indexer/build.cpp assembles them, so that running
/// tag_clause on them reproduces the build's structure and lexicon tags. Throws DataError when
/// the database cannot be read.
std::map<std::string, TaggerInput> read_tagger_inputs(const std::filesystem::path& build_dir);

} // namespace cadre::indexer
