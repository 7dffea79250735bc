// The corpus as written by the project (docs/corpus-format.md): loading and validation.
#pragma once

#include "core/model.hpp"
#include "indexer/diagnostics.hpp"
#include "indexer/provisions.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cadre::indexer {

/// A source text of an instrument, as declared in jurisdiction.toml.
struct SourceSpec {
  std::string file;     ///< file name inside <sources>/<code>/
  std::string format;   ///< a known parser format
  std::string language; ///< en fr pt zh ja ko
  std::string sha256;   ///< lowercase hex
  std::string url;      ///< http(s) address of this exact file, for `cadre sources fetch`; may be empty
  std::map<std::string, std::string> options;
  int line = 0; ///< of the [[instrument.source]] entry
};

/// An earlier text (expression) of an instrument, applying from `from` until the next version.
struct VersionSpec {
  std::string from; ///< YYYY-MM-DD
  Bilingual note;
  std::vector<SourceSpec> sources;
  int line = 0;
};

struct InstrumentSpec {
  Instrument instrument; ///< metadata (clause_count unused)
  std::vector<SourceSpec> sources; ///< the current text, applying from `current_from`
  std::string current_from;        ///< YYYY-MM-DD; required when `versions` is not empty
  std::vector<VersionSpec> versions; ///< earlier texts, oldest first; clause ids are shared
  int line = 0;
  std::vector<int> event_lines; ///< of each [[instrument.event]], parallel to instrument.events
};

/// A link from a cell to a clause (`clause:<id>`) or a whole instrument (`instrument:<id>`).
struct CitationSpec {
  std::string target; ///< clause id or instrument id
  bool whole_instrument = false;
  std::string label; ///< the link text
  int line = 0;
  int column = 0;
};

struct CellSpec {
  std::string category;
  /// The one cited sentence that opens the section (`summary: ...`), without the key, and its
  /// renderings; readers see it first and the prose after it.
  std::string summary_markdown;
  std::string summary_html;
  std::string summary_text;
  std::string markdown; ///< the section body after the summary, as written
  std::string html;     ///< safe HTML: raw HTML dropped, citation links rewritten to #clause=<id>
  std::string text;     ///< plain text for indexing and terminal output
  std::vector<CitationSpec> citations;
  int line = 0; ///< of the section heading
  int words = 0;
};

struct FrameworkSpec {
  std::string language; ///< en | fr
  std::string path;     ///< for messages
  std::string title;
  std::string as_of;
  std::vector<CellSpec> cells; ///< in schema order, only the categories present
};

struct JurisdictionSpec {
  Jurisdiction jurisdiction; ///< metadata; `instruments` left empty (see below)
  std::vector<InstrumentSpec> instruments;
  std::vector<FrameworkSpec> frameworks; ///< en, fr
  std::optional<ProvisionsSpec> provisions; ///< provisions.toml, when it could be read
  std::filesystem::path dir;
  std::string toml_path; ///< for messages
};

/// Loads corpus/<code>/ (jurisdiction.toml, framework.*.md and provisions.toml). Every problem goes to `diags`;
/// returns nullopt when the jurisdiction has errors and cannot be built.
std::optional<JurisdictionSpec> load_jurisdiction(const std::filesystem::path& dir, Diagnostics& diags);

/// Parses one framework Markdown file (exposed for tests and `cadre lint`).
FrameworkSpec parse_framework(const std::string& markdown, const std::string& language,
                              const std::string& display_path, Diagnostics& diags);

/// The jurisdiction folders under `corpus_dir`, sorted. A path that is itself a jurisdiction
/// folder (holds jurisdiction.toml) is returned alone. Throws UserError if it is neither.
std::vector<std::filesystem::path> jurisdiction_dirs(const std::filesystem::path& corpus_dir);

/// Checks across jurisdictions: duplicate codes and instrument ids, unknown parents,
/// events naming unknown instruments (`by`) and citations to unknown instruments.
void check_cross_references(const std::vector<JurisdictionSpec>& corpus, Diagnostics& diags);

/// True when `code` is a valid jurisdiction code (docs/corpus-format.md).
bool is_valid_code(const std::string& code);

} // namespace cadre::indexer
