// Display labels of the corpus's closed vocabularies (instrument statuses, provision values), in English and
// French, so every rendering (terminal, exports, web) words them alike.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace cadre {

struct StatusLabel {
  std::string_view status; ///< as in jurisdiction.toml
  std::string_view en;
  std::string_view fr;
};

inline constexpr std::array<StatusLabel, 8> k_status_labels = {{
    {"in-force", "in force", "en vigueur"},
    {"adopted", "adopted", "adopté"},
    {"bill", "bill", "projet de loi"},
    {"lapsed", "lapsed", "caduc"},
    {"expired", "expired", "expiré"},
    {"revoked", "revoked", "abrogé"},
    {"superseded", "superseded", "remplacé"},
    {"withdrawn", "withdrawn", "retiré"},
}};

/// The status in words for `lang` ("en" or "fr"); an unknown status is returned as it is.
inline std::string status_label(std::string_view status, std::string_view lang) {
  for (const auto& label : k_status_labels)
    if (label.status == status) return std::string(lang == "fr" ? label.fr : label.en);
  return std::string(status);
}

/// A provision value in words ("yes" -> "oui" in French); empty for a missing value.
inline std::string value_label(std::string_view value, std::string_view lang) {
  struct Entry { std::string_view value, en, fr; };
  static constexpr Entry k_values[] = {
      {"yes", "yes", "oui"}, {"partial", "partial", "partiel"}, {"no", "no", "non"}, {"unclear", "unclear", "incertain"}};
  for (const auto& e : k_values)
    if (e.value == value) return std::string(lang == "fr" ? e.fr : e.en);
  return value.empty() ? std::string(lang == "fr" ? "non renseigné" : "not recorded") : std::string(value);
}

/// A mark for a provision value that reads in greyscale print and on a terminal.
inline std::string_view value_mark(std::string_view value) {
  if (value == "yes") return "●";
  if (value == "partial") return "◐";
  if (value == "no") return "○";
  if (value == "unclear") return "?";
  return "·";
}

} // namespace cadre
