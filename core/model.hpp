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

/// What readers call an instrument in `lang`: its short name, or its title when it has none.
inline const std::string& instrument_name(const Bilingual& short_name, const Bilingual& title, const std::string& lang) {
  const std::string& name = short_name.in(lang);
  return name.empty() ? title.in(lang) : name;
}

/// One of the seven comparative categories (schema/categories.toml).
struct Category {
  std::string id; ///< definition | aims | scope | risk | requirements | enforcement | flexibility
  Bilingual label;
  Bilingual question;    ///< for authors: what a cell must answer
  Bilingual description; ///< for readers: what the category covers
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
  /// "AI Act" / "Règlement sur l'IA"; a name the same in both languages (e.g. "EO 14110") has an
  /// empty `fr`, so `short_name.in("fr")` falls back to the English form.
  Bilingual short_name;
  Bilingual title;
  /// Other names readers type for it ("Law 25", "个人信息保护法"), as jurisdiction.toml lists them.
  /// With the short names they are how a search query names it (search_names in core/search.hpp).
  std::vector<std::string> aliases;
  std::string type;           ///< statute | bill | regulation | executive-order | ...
  std::string status;         ///< in-force | adopted | bill | lapsed | expired | revoked | superseded | withdrawn
  std::string status_date;    ///< when the status took effect; may be empty
  std::string status_by;      ///< instrument id that revoked or superseded it; may be empty
  std::string status_checked; ///< when the status was last established
  /// Evidence kind of the event that set the status (official-text, official-page, secondary);
  /// "secondary" is shown as "reported": the status rests on reports, not on an official source.
  std::string status_evidence;
  Bilingual status_note;
  std::string official_url;
  std::vector<std::string> languages;
  std::vector<InstrumentDate> dates;
  std::vector<InstrumentEvent> events; ///< in date order; status fields above are computed from them
  std::vector<InstrumentVersion> versions; ///< oldest first; empty when the instrument has one text
  int clause_count = 0; ///< clauses indexed from its sources (read side)
  /// The instrument of the same jurisdiction whose text this one holds too (one act from two
  /// sources), as jurisdiction.toml declares it; empty when none is. Search shows the original's
  /// clause for a hit of the copy.
  std::string same_text_as;
};

struct Jurisdiction {
  std::string code; ///< "eu", "ca-qc"
  Bilingual name;
  std::string kind;   ///< national | sub-national | supranational | international
  std::string parent; ///< code of the parent jurisdiction; may be empty
  std::string as_of;  ///< YYYY-MM-DD
  std::vector<Instrument> instruments;
  /// Other names readers type for it ("Korea", "UK"): with its English and French names, how a
  /// search query names it ("Korea high-impact AI" ranks Korea's results first, "Korea AI Basic
  /// Act" means Korea's act of that name).
  std::vector<std::string> aliases;
};

/// A citation inside a cell: the clause id and the label the analysis gives it.
struct Citation {
  std::string clause_id; ///< "eu/ai-act/art_3__para_1"
  std::string label;     ///< "AI Act, Art. 3(1)"
  bool resolved = false; ///< the clause exists in this build (its source was indexed)
  /// Filled by Library::compare for exports (the XLSX "Citations" sheet, HTML, JSON): the
  /// clause text in the comparison's language (or its fallback), empty when unresolved, and
  /// the official text's link for the reader's language, at the clause's article where the
  /// publisher allows (core/official_link.hpp).
  std::string clause_text;
  std::string official_url;
  /// The status of the clause's instrument (in-force, bill, revoked, ...), so that a value or a
  /// claim resting on a bill is never read as law. Filled for provision values.
  std::string instrument_status;
  /// The evidence kind of the event that set that status (Instrument::status_evidence):
  /// "secondary" is shown as "reported". Filled with instrument_status.
  std::string instrument_evidence;
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
  std::string summary_markdown; ///< the one cited sentence that opens the cell, as written
  std::string summary_html;     ///< rendered like `html`
  std::string summary_text;     ///< plain text
  std::string markdown;       ///< the prose after the summary, as written in the corpus
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
  std::string official_url;            ///< official text, at this clause where the publisher allows, in the requested language where the publisher has it (core/official_link.hpp)
  // The instrument, so that a reader of one clause knows what law it is and how binding:
  std::string instrument_name;                  ///< short name
  std::string instrument_title;                 ///< in the requested language
  std::string instrument_status;                ///< computed from its events as of today (core/events.hpp)
  std::string instrument_status_date;           ///< date of the event that set it
  std::string instrument_status_evidence;       ///< and its evidence kind: "secondary" is shown as "reported"
  std::vector<std::string> official_languages;  ///< it is officially published in these; the first is the original
  std::string version_from;                     ///< the text shown applies from this date; "" when not recorded
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

/// One provision of the point-by-point layer (schema/provisions.toml).
struct Provision {
  std::string id;       ///< "requirements.human-oversight"; fixed
  std::string category; ///< the category it belongs to
  Bilingual label;
  Bilingual definition; ///< when a jurisdiction's value is `yes`
};

/// The values a jurisdiction can record for a provision (docs/corpus-format.md).
inline constexpr const char* k_provision_values[] = {"yes", "partial", "no", "unclear"};

/// One jurisdiction's value for one provision, with its note and the clauses that carry it.
struct ProvisionValue {
  std::string jurisdiction;
  std::string provision;
  std::string value;    ///< yes | partial | no | unclear; empty when the corpus records none
  std::string language; ///< of `note`
  std::string note;
  std::vector<Citation> citations; ///< labels "<short name>, <clause label>"; instrument_status filled
  /// True when every cited instrument is a bill or no longer in force (revoked, lapsed,
  /// superseded, expired, withdrawn): the value must not be read as law in force.
  bool not_law = false;
};

/// Provisions as rows, jurisdictions as columns.
struct Matrix {
  std::string language;
  std::vector<Provision> provisions;
  std::vector<Jurisdiction> jurisdictions;
  /// values[row][column]: provision index × jurisdiction index.
  std::vector<std::vector<ProvisionValue>> values;
  std::string as_of; ///< the date the cited instruments' statuses are computed for
  std::string build_id;
  std::string corpus_commit;
};

/// Every jurisdiction's value for one provision.
struct ProvisionDetail {
  Provision provision;
  std::string language;
  std::vector<Jurisdiction> jurisdictions; ///< those with a value, by code
  std::vector<ProvisionValue> values;      ///< parallel to `jurisdictions`
};

/// Where two jurisdictions converge and diverge over a set of provisions. A provision is "set"
/// by a jurisdiction whose value is yes or partial, "not set" when it is no; unclear and
/// missing values are counted apart and left out of the score.
struct Convergence {
  std::string language;
  Jurisdiction a;
  Jurisdiction b;
  std::vector<Provision> both;    ///< set by both
  std::vector<Provision> only_a;  ///< set by a, not by b
  std::vector<Provision> only_b;  ///< set by b, not by a
  std::vector<Provision> neither; ///< set by neither
  std::vector<Provision> unknown; ///< unclear or missing on either side
  /// Share of the compared provisions (both + only_a + only_b + neither) where the two agree
  /// on set / not set; 0 when none can be compared.
  double agreement = 0;
};

/// A clause of another jurisdiction comparable to a given clause.
struct RelatedClause {
  std::string clause_id;
  std::string jurisdiction;
  std::string instrument;
  std::string instrument_status;
  std::string instrument_evidence; ///< of the event that set the status: "secondary" is shown as "reported"
  std::string label;    ///< "<short name>, <clause label>"
  std::string heading;
  std::string language; ///< of label, heading and excerpt
  std::string excerpt;  ///< the clause's text, cut at a word boundary
  /// "provision": cited for a provision that also cites the given clause (curated);
  /// "content": found by relevance feedback over the given clause's terms.
  std::string found_by;
  std::vector<std::string> provisions; ///< the shared provision ids (found_by == "provision")
  double score = 0;                    ///< content relevance, percent; 0 for curated
};

struct RelatedClauses {
  std::string clause_id;
  std::string language;
  std::vector<std::string> provisions; ///< provisions whose values cite the clause (or its parts)
  std::vector<RelatedClause> items;    ///< curated first, then by content
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
  int provision_values = 0;
};

} // namespace cadre
