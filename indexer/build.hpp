// `cadre index` and `cadre lint`: the corpus and source texts in, a new immutable build out.
#pragma once

#include "indexer/corpus.hpp"
#include "indexer/diagnostics.hpp"
#include "indexer/sources.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace cadre::indexer {

/// Loads every jurisdiction under `corpus_dir`; those with errors are reported in `diags` and
/// left out. Also runs the cross-jurisdiction checks.
std::vector<JurisdictionSpec> load_corpus(const std::filesystem::path& corpus_dir, Diagnostics& diags);

/// Where a build stands, for a progress display: `done` of `total` units of the current stage
/// (instrument texts while parsing, jurisdictions while writing), the clause versions parsed or
/// clauses written so far, and the time since the build started. Texts are parsed while earlier
/// ones are written, so `parsing` and `writing` steps interleave; each stage's `done` grows.
struct BuildProgress {
  enum class Stage { loaded, parsing, writing, publishing, published };
  Stage stage = Stage::loaded;
  int done = 0;
  int total = 0;
  long clauses = 0;
  double seconds = 0;
  std::string detail; ///< what the step was about: a jurisdiction code, an instrument id
};

using ProgressCallback = std::function<void(const BuildProgress&)>;

/// Parses the sources of every instrument, on all cores. Keyed by instrument id. `progress`,
/// when set, is called after each instrument text, never concurrently.
std::map<std::string, ParsedInstrument> parse_sources(const std::vector<JurisdictionSpec>& corpus,
                                                      const std::filesystem::path& sources_dir, Diagnostics& diags,
                                                      const std::function<void(int done, int total, long clauses,
                                                                               const std::string& instrument)>& progress = {});

/// Reports clause citations that do not resolve in `parsed` (only for instruments whose
/// sources were all parsed), as errors for lint or warnings for a build.
void check_citations(const std::vector<JurisdictionSpec>& corpus, const std::map<std::string, ParsedInstrument>& parsed,
                     Diagnostic::Severity severity, Diagnostics& diags);

/// The letters of each top-level clause of a parsed text (letters_fingerprint), by path and
/// language: what check_copies compares.
using TopLevelLetters = std::map<std::string, std::uint64_t>;
TopLevelLetters top_level_letters(const ParsedInstrument& parsed);

/// Checks one jurisdiction's `same_text_as` declarations against its texts (`tops`, by
/// instrument id, for the texts that were parsed): warns where a declared copy has its
/// original's letters in fewer than half of its top-level clauses (the clause of the same path),
/// and where an instrument that declares nothing has an earlier original's letters in at least
/// half of them.
void check_copies(const JurisdictionSpec& jurisdiction, const std::map<std::string, TopLevelLetters>& tops, Diagnostics& diags);

struct LintOptions {
  std::filesystem::path corpus_dir;
  std::optional<std::filesystem::path> sources_dir;
};

/// Everything `cadre lint` reports, sorted by file and line.
Diagnostics lint(const LintOptions& options);

struct BuildOptions {
  std::filesystem::path corpus_dir;
  std::optional<std::filesystem::path> sources_dir;
  std::filesystem::path data_dir;       ///< builds go to <data_dir>/builds/<id>, <data_dir>/current points at the last
  std::string corpus_commit = "unknown"; ///< recorded in the build's meta table
  /// Called at each step of each stage (BuildProgress); may be empty. Never called concurrently.
  ProgressCallback progress;
  /// Publish even when an error left something out (a skipped jurisdiction, a failed source,
  /// an unresolved citation). Off: a build with any error is not written and `current` stays.
  bool allow_partial = false;
  /// Threads that parse source texts while this thread writes them: 0 picks up to four (as many
  /// as cores); 1 parses each text on the writing thread, in turn. The output is the same.
  unsigned threads = 0;
  /// Parse and index every text even when the previous build's clause data could be reused.
  bool full = false;
};

struct BuildReport {
  std::string build_id;
  std::filesystem::path build_dir;
  int jurisdictions = 0;
  int skipped_jurisdictions = 0;
  int instruments = 0;
  int sources_indexed = 0;
  int sources_failed = 0;
  int clauses = 0; ///< clause ids (a clause in two languages counts once)
  int cells = 0;
  int provision_values = 0;
  double seconds = 0;
  Diagnostics diagnostics;
  /// True when the build was written and `current` points at it: always when complete(), and
  /// otherwise only with BuildOptions::allow_partial.
  bool published = false;
  /// Fast rebuild: the build folder whose clause data was copied (only the analysis changed);
  /// empty for a full build.
  std::string reused;
  /// Why the build was a full one ("--full", "no previous build", "a source text … changed",
  /// "the previous build is damaged (…)"); empty when a previous build was reused.
  std::string full_build_reason;
  /// False when there was an error (a jurisdiction skipped, a source failed, a citation that
  /// does not resolve: what `cadre lint` counts as errors); `cadre index` exits non-zero.
  bool complete() const { return skipped_jurisdictions == 0 && sources_failed == 0 && diagnostics.error_count() == 0; }
};

/// Builds SQLite + Xapian into a temporary directory under <data_dir>/builds and, only once
/// both are complete and closed, renames it into place and swaps <data_dir>/current to it
/// atomically. Deterministic: the same inputs give the same database rows and build id.
/// Streaming: texts are parsed on BuildOptions::threads and handed, in corpus order, through a
/// bounded reorder buffer to the writing thread; once written, an instrument keeps only the
/// clauses that the citation checks need, so memory does not grow with the corpus.
/// Throws DataError when nothing can be built (no valid jurisdiction, unwritable data dir);
/// the previous build is then untouched.
BuildReport build(const BuildOptions& options);

} // namespace cadre::indexer
