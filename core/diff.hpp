// Versions of an instrument compared clause by clause: `cadre diff <instrument>@<date>
// <instrument>@<date>` and /api/v1/diff. Clause ids are shared across versions, so a clause is
// added, removed or changed; a changed clause carries its word-level changes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cadre {

/// One run of words: kept in both texts, only in the older (deleted) or only in the newer (inserted).
struct DiffPiece {
  enum class Op { equal, del, ins };
  Op op = Op::equal;
  std::string text;
};

struct ClauseDiff {
  std::string id;
  std::string change; ///< added | removed | changed
  std::string label;  ///< of the newer text, or the older when removed
  std::string old_text, new_text;
  std::vector<DiffPiece> pieces; ///< for changed clauses
};

struct VersionDiff {
  std::string instrument;
  std::string from_address, to_address; ///< as asked: "kr/ai-basic-act@2026-01-22"
  std::string from_version, to_version; ///< the valid_from dates of the versions in effect on those days
  std::string language;                 ///< the language compared (one both versions have)
  int unchanged = 0;
  std::vector<ClauseDiff> clauses; ///< in the newer version's order, removed clauses where they stood
};

/// The word-level changes from `before` to `after` (words are runs between spaces; the spaces
/// stay with the word before them), adjacent runs of one kind merged.
std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after);

enum class DiffFormat { text, markdown, html, json };
/// "text" | "md" | "html" | "json"; throws UserError naming `parameter` otherwise.
DiffFormat parse_diff_format(const std::string& name, const std::string& parameter);
std::string render_diff(const VersionDiff& diff, DiffFormat format);

} // namespace cadre
