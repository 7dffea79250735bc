// Reading, verifying and parsing the source texts of an instrument.
#pragma once

#include "indexer/corpus.hpp"
#include "indexer/source_parser.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cadre::indexer {

/// sha256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

struct SourceOutcome {
  std::string file;
  std::string language;
  std::string format;
  std::string sha256;
  std::string state; ///< indexed | missing | failed
  std::string message;
  int clauses = 0;
};

struct ParsedInstrument {
  /// Every clause version of every source, in document order of the first source, with
  /// unique (path, language).
  std::vector<ParsedClause> clauses;
  std::vector<SourceOutcome> sources;

  /// Every source parsed: only then can a citation of a missing clause be judged wrong (a failed
  /// source is reported on its own).
  bool complete() const {
    return std::all_of(sources.begin(), sources.end(), [](const SourceOutcome& s) { return s.state == "indexed"; });
  }
};

/// Reads `<sources_dir>/<code>/<file>` for each source of `spec`, checks its sha256 and parses
/// it. Problems go to `diags` against the jurisdiction.toml line of the source; a source with a
/// problem contributes no clause, the others still do.
ParsedInstrument parse_instrument(const InstrumentSpec& spec, const std::filesystem::path& sources_dir,
                                  const std::string& toml_path, Diagnostics& diags);

} // namespace cadre::indexer
