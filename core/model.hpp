// Cadre's domain model as plain data, shared by the indexer, the read side, the CLI and the
// server. No third-party types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cadre {

/// The two interface and analysis languages.
inline constexpr const char* k_languages[] = {"en", "fr"};

/// A text in English and French.
struct Bilingual {
  std::string en;
  std::string fr;
  /// The text in `lang` ("en" or "fr"), falling back to the other when empty.
  const std::string& in(const std::string& lang) const {
    if (lang == "fr") return fr.empty() ? en : fr;
    return en.empty() ? fr : en;
  }
};

/// One of the seven comparative categories (schema/categories.toml).
struct Category {
  std::string id; ///< definition | aims | scope | risk | requirements | enforcement | flexibility
  Bilingual label;
  Bilingual question;
};

struct InstrumentDate {
  std::string event; ///< adopted, in_force, applies, revoked, ...
  std::string date;  ///< YYYY-MM-DD
};

/// What an event rests on: the official text, an official page, or a named secondary source.
struct Evidence {
  std::string url;
  std::string kind; ///< official-text | official-page | secondary
  std::string name; ///< for secondary: "Publisher: title"
  std::string seen; ///< YYYY-MM-DD: when the evidence was read
};

/// One dated event of an instrument's history (docs/corpus-format.md, [[instrument.event]]).
struct InstrumentEvent {
  std::string kind; ///< introduced | adopted | signed | published | in-force | applies-from | amended-by |
                    ///< revoked-by | superseded-by | lapsed | withdrawn | expired | status-check
  std::string date; ///< YYYY-MM-DD
  std::string by;   ///< instrument id, for amended-by, revoked-by, superseded-by
  Bilingual phase;  ///< applies-from: the provisions or phase concerned
  Evidence evidence;
  Bilingual note;
  std::string instrument; ///< id of the instrument it belongs to (filled on the read side)
};

/// A text (expression) of an instrument and the date it applies from; clause ids are shared.
struct InstrumentVersion {
  std::string from;     ///< YYYY-MM-DD
  bool current = false; ///< the text of `clauses` (indexed and searchable)
  Bilingual note;
};

struct Instrument {
  std::string id;           ///< "<code>/<slug>", e.g. "eu/ai-act"
  std::string jurisdiction; ///< code
  std::string short_name;   ///< "AI Act"
  Bilingual title;
  std::string type;           ///< statute | bill | regulation | executive-order | ...
  std::string status;         ///< in-force | adopted | bill | lapsed | expired | revoked | superseded | withdrawn
  std::string status_date;    ///< when the status took effect; may be empty
  std::string status_by;      ///< instrument id that revoked or superseded it; may be empty
  std::string status_checked; ///< when the status was last established
  Bilingual status_note;
  std::string official_url;
  std::vector<std::string> languages;
  std::vector<InstrumentDate> dates;
  std::vector<InstrumentEvent> events; ///< in date order; status fields above are computed from them
  std::vector<InstrumentVersion> versions; ///< oldest first; empty when the instrument has one text
  int clause_count = 0; ///< clauses indexed from its sources (read side)
};

struct Jurisdiction {
  std::string code; ///< "eu", "ca-qc"
  Bilingual name;
  std::string kind;   ///< national | sub-national | supranational | international
  std::string parent; ///< code of the parent jurisdiction; may be empty
  std::string as_of;  ///< YYYY-MM-DD
  std::vector<Instrument> instruments;
};

/// A citation inside a cell: the clause id and the label the analysis gives it.
struct Citation {
  std::string clause_id; ///< "eu/ai-act/art_3__para_1"
  std::string label;     ///< "AI Act, Art. 3(1)"
  bool resolved = false; ///< the clause exists in this build (its source was indexed)
  /// Filled by Library::compare for exports (the XLSX "Citations" sheet, HTML, JSON): the
  /// clause text in the comparison's language (or its fallback), empty when unresolved, and
  /// the official URL of the clause's instrument.
  std::string clause_text;
  std::string official_url;
};

/// An event of a cited instrument dated after the cell's as-of date (and on or before the date
/// viewed): the cell "may be outdated".
struct CellWarning {
  InstrumentEvent event;
  std::string message; ///< "may be outdated: <event>, <date>" in the cell's language
};

/// One jurisdiction × category × language cell of the comparison.
struct Cell {
  std::string jurisdiction;
  std::string category;
  std::string language;       ///< language of the text returned
  bool fallback = false;      ///< the requested language was missing and `language` is the other
  std::string markdown;       ///< as written in the corpus
  std::string html;           ///< rendered by cmark, raw HTML suppressed
  std::string text;           ///< plain text (citations keep their labels)
  std::string as_of;
  std::vector<Citation> citations;
  std::vector<CellWarning> warnings;
};

/// One language version of a clause.
struct ClauseText {
  std::string language;
  std::string label;
  std::string heading;
  std::string text;
};

struct Clause {
  std::string id;         ///< "<instrument>/<path>"
  std::string instrument; ///< instrument id
  std::string jurisdiction;
  std::string parent;     ///< clause id of the parent; may be empty
  std::vector<std::string> children; ///< clause ids, in order
  std::string language;   ///< language of `text` below
  bool fallback = false;  ///< the requested language does not exist for this clause
  std::vector<std::string> languages; ///< every language this clause exists in
  ClauseText text;
  std::vector<std::string> categories; ///< tags
  std::string official_url;            ///< of the instrument
};

/// A comparison: rows are categories, columns are jurisdictions.
struct Comparison {
  std::string language;
  std::vector<Category> categories;
  std::vector<Jurisdiction> jurisdictions;
  /// cells[row][column]: category index × jurisdiction index.
  std::vector<std::vector<Cell>> cells;
  std::string as_of;       ///< the date the statuses are computed for (YYYY-MM-DD)
  bool as_of_given = false; ///< true when the reader chose it (`--as-of`, `as_of=`), false for today
  std::string as_of_note;  ///< set when as_of is in the future (core/events.hpp future_note)
  std::string build_id;
  std::string corpus_commit;
};

/// Facts about a build, for `meta`, exports and health checks.
struct BuildInfo {
  std::string build_id;      ///< content hash of the inputs
  std::string built_at;      ///< UTC ISO 8601
  std::string corpus_commit; ///< git commit of the corpus, or "unknown"
  int schema_version = 0;
  int jurisdictions = 0;
  int instruments = 0;
  int clauses = 0;
  int cells = 0;
};

} // namespace cadre
