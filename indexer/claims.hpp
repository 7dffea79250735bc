// The claim checker of `cadre lint --sources` (docs/writing-cells.md): every sentence of a cell
// that states a figure (a number, an amount, a percentage, a duration or a date) must cite a
// clause that contains it, and every quoted passage must occur in a clause the sentence cites.
#pragma once

#include "indexer/corpus.hpp"
#include "indexer/diagnostics.hpp"
#include "indexer/sources.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cadre::indexer {

/// A figure stated in a text, normalised so that the ways laws and cells write it compare
/// equal: "EUR 35 million" and "35 000 000 EUR", "15 days", "fifteen days" and 十五日, "2 %" and
/// "2 per cent", "1 August 2024", « 1er août 2024 » and 2024年8月1日.
struct Figure {
  enum class Kind { number, percent, duration, date, year };
  Kind kind = Kind::number;
  double value = 0;   ///< number, percent and duration; the year for `year`
  std::string unit;   ///< duration only: hour, day, week, month, year
  int year = 0;       ///< date only
  int month = 0;      ///< date only; 0 when the text gives only a year
  int day = 0;        ///< date only; 0 when the text gives only a month and year
  std::size_t begin = 0; ///< byte range of the figure in the text
  std::size_t end = 0;
};

/// The figures of `text`, written in `language` (en, fr, pt, zh, ja, ko). With
/// `keep_identifiers` false (a cell's prose), numbers that name something rather than state a
/// quantity are left out: "Article 5", "Bill C-27", "EO 14110", "Act 2023", "(1)", "G7".
std::vector<Figure> find_figures(std::string_view text, std::string_view language, bool keep_identifiers);

/// `text` with whitespace collapsed, typographic quotes and apostrophes made ASCII and ASCII
/// letters lowercased, for finding a quoted passage in a clause.
std::string normalize_for_quotes(std::string_view text);

/// `markdown` without its `<!-- claim-ok: reason -->` markers, which are for the linter only.
std::string strip_claim_markers(std::string_view markdown);

/// Checks the sentences of one framework file (`markdown`, in `language`, reported as `path`)
/// against the clause texts in `parsed`. Findings are warnings at the figure or quotation.
/// A sentence followed by `<!-- claim-ok: reason -->` is a checked exception: it is not
/// reported, and a marker with no reason or on a sentence with no finding is.
void check_claims(const std::string& markdown, const std::string& language, const std::string& path,
                  const std::map<std::string, ParsedInstrument>& parsed, Diagnostics& diags);

/// check_claims() on every framework file of `corpus` (read again from disk, for positions).
void check_claims(const std::vector<JurisdictionSpec>& corpus, const std::map<std::string, ParsedInstrument>& parsed,
                  Diagnostics& diags);

} // namespace cadre::indexer
