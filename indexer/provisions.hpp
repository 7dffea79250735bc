// corpus/<code>/provisions.toml: a jurisdiction's value for each provision of
// schema/provisions.toml (docs/corpus-format.md), loaded and checked with file:line:column
// diagnostics like jurisdiction.toml.
#pragma once

#include "core/model.hpp"
#include "indexer/diagnostics.hpp"

#include <map>
#include <string>
#include <vector>

namespace cadre::indexer {

struct ParsedInstrument;
struct JurisdictionSpec;

/// One `cite` entry: a clause id, or `instrument:<id>` for an instrument without text.
struct ProvisionCiteSpec {
  std::string target; ///< clause id or instrument id
  bool whole_instrument = false;
  int line = 0;
  int column = 0;
};

struct ProvisionValueSpec {
  std::string provision; ///< id of schema/provisions.toml
  std::string value;     ///< yes | partial | no | unclear
  std::vector<ProvisionCiteSpec> cites;
  Bilingual note;
  /// Why the cited clauses are right although none is read as the provision's category (a
  /// reviewed exception to that warning); empty when there is none.
  std::string outside_category;
  int line = 0; ///< of the [[value]] table
};

struct ProvisionsSpec {
  std::string path;                       ///< for messages
  std::vector<ProvisionValueSpec> values; ///< in the file's order
};

inline constexpr const char* k_provisions_file = "provisions.toml";

/// Parses `text`, the provisions file `display_path` of jurisdiction `code`, whose instruments
/// are `instruments` (id -> has source text). Reports every problem to `diags`: unknown keys and provision ids, repeated or missing
/// provisions, bad values, yes/partial without a citation, missing notes, citations to another
/// jurisdiction's or an unknown instrument, `instrument:` citations of instruments that have a
/// text (cite the clause instead).
ProvisionsSpec parse_provisions(const std::string& text, const std::string& display_path, const std::string& code,
                               const std::map<std::string, bool>& instruments, Diagnostics& diags);

/// With parsed sources: reports clause citations that do not resolve (at `severity`), and warns
/// about a value whose citations all fall outside the provision's category: none of them (nor
/// an ancestor or part) is cited by the jurisdiction's cell of that category, and the tagger
/// does not read any of them as that category (the usual sign of a sibling clause cited by
/// mistake).
void check_provision_citations(const std::vector<JurisdictionSpec>& corpus,
                               const std::map<std::string, ParsedInstrument>& parsed,
                               Diagnostic::Severity severity, Diagnostics& diags);

} // namespace cadre::indexer
