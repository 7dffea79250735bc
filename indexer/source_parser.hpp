// One interface for every source-text format. A parser turns the bytes of one published text
// into an ordered list of clauses with stable ids; it knows nothing of SQLite or Xapian.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cadre::indexer {

/// One clause of a source text in one language.
struct ParsedClause {
  /// Path inside the instrument, Akoma Ntoso eId style: "art_3__para_1", "sec_12.1",
  /// "anx_III__point_4". Unique within the instrument, stable across rebuilds (derived from the
  /// text's own numbering, never from positions), and the same in every language version.
  std::string path;
  /// Path of the enclosing clause ("art_3" for "art_3__para_1"); empty for top-level units.
  std::string parent;
  /// The label as printed, in the text's language: "Article 3(1)", "s. 12.1", "第十二条".
  std::string label;
  /// The heading or marginal note, if the text gives one; may be empty.
  std::string heading;
  /// Plain UTF-8 text of the clause itself, whitespace-normalised; for a unit with children it
  /// is the unit's full text (children included), so a search hit on an article shows it all.
  /// (The indexer then starts each child on a line of its own: clause_layout.hpp.)
  std::string text;
  /// BCP 47 primary language subtag of this version: "en", "fr", "pt", "zh", "ja", "ko".
  std::string language;
};

/// What a parser is given: one file (or several pages of one text, in order).
struct SourceInput {
  /// Path for messages, as the user gave it ("../shared/sources/eu/gdpr-2016-679.en.html").
  std::string display_path;
  /// Raw bytes of the file, undecoded.
  std::string bytes;
  /// Language declared for the file in jurisdiction.toml ("en"); a bilingual file may yield
  /// clauses in other languages too.
  std::string language;
  /// Format-specific options from jurisdiction.toml, e.g. {"part": "3"} to select AIDA out of
  /// Bill C-27. Unknown options must be rejected with a DataError naming them.
  std::map<std::string, std::string> options;
};

/// Contract: parse() returns clauses in document order, parents before children, with unique
/// (path, language) pairs. It throws cadre::DataError naming display_path and, where known, the
/// line or element, when the text cannot be parsed or yields no clause. It never reads the
/// network or the file system.
class SourceParser {
public:
  virtual ~SourceParser() = default;
  virtual std::vector<ParsedClause> parse(const SourceInput& input) const = 0;
};

/// The parser for a format name used in jurisdiction.toml ("eurlex-xhtml", "markdown", ...),
/// or nullptr when the format is unknown.
const SourceParser* parser_for(std::string_view format);

/// Every known format name, sorted: for error messages and `cadre lint`.
std::vector<std::string> known_formats();

} // namespace cadre::indexer
