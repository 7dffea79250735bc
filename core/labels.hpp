// Display labels of the corpus's closed vocabularies (instrument statuses, types, jurisdiction kinds,
// languages, provision values), in English and French, so every rendering (terminal, exports, web) words them alike.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace cadre {

/// An entry of a closed vocabulary: its id as in the corpus, and its words in English and French.
struct VocabularyLabel {
  std::string_view id;
  std::string_view en;
  std::string_view fr;
};

/// `id` in words for `lang` ("en" or "fr") from one of the tables below; an unknown id is returned as it is.
template <std::size_t N>
std::string vocabulary_label(const std::array<VocabularyLabel, N>& table, std::string_view id, std::string_view lang) {
  for (const auto& label : table)
    if (label.id == id) return std::string(lang == "fr" ? label.fr : label.en);
  return std::string(id);
}

/// Instrument statuses (computed from the events in jurisdiction.toml).
inline constexpr std::array<VocabularyLabel, 9> k_status_labels = {{
    {"in-force", "in force", "en vigueur"},
    {"adopted", "adopted", "adopté"},
    {"bill", "bill", "projet de loi"},
    {"lapsed", "lapsed", "caduc"},
    {"expired", "expired", "expiré"},
    {"revoked", "revoked", "abrogé"},
    {"superseded", "superseded", "remplacé"},
    {"withdrawn", "withdrawn", "retiré"},
    {"none", "no event yet", "aucun événement encore"}, // computed before an instrument's first event
}};

/// The status in words for `lang` ("en" or "fr"); an unknown status is returned as it is.
inline std::string status_label(std::string_view status, std::string_view lang) {
  return vocabulary_label(k_status_labels, status, lang);
}

/// Whether a status set by an event of this evidence kind (Instrument::status_evidence) rests on
/// secondary sources alone, and is shown marked "reported".
inline bool is_reported(std::string_view evidence) { return evidence == "secondary"; }

/// What a status resting on secondary sources alone is marked with, so that a press report is
/// never shown as firmly as an official text.
inline std::string reported_label(std::string_view lang) { return lang == "fr" ? "selon les sources" : "reported"; }

/// The status in words, followed by ", reported" when `evidence` (the evidence kind of the event
/// that set it, Instrument::status_evidence) is reported.
inline std::string status_label(std::string_view status, std::string_view evidence, std::string_view lang) {
  std::string out = status_label(status, lang);
  if (is_reported(evidence)) out += ", " + reported_label(lang);
  return out;
}

/// Instrument types (`type` in jurisdiction.toml).
inline constexpr std::array<VocabularyLabel, 11> k_type_labels = {{
    {"statute", "statute", "loi"},
    {"bill", "bill", "projet de loi"},
    {"regulation", "regulation", "règlement"},
    {"executive-order", "executive order", "décret présidentiel"},
    {"directive", "directive", "directive"},
    {"guideline", "guideline", "lignes directrices"},
    {"strategy", "strategy", "stratégie"},
    {"convention", "convention", "convention"},
    {"recommendation", "recommendation", "recommandation"},
    {"standard", "standard", "norme"},
    {"plan", "plan", "plan"},
}};

/// Event kinds (`kind` of [[instrument.event]]), in the order docs/corpus-format.md lists them, as
/// `cadre show` and the feed word them before a date.
inline constexpr std::array<VocabularyLabel, 13> k_event_labels = {{
    {"introduced", "introduced", "déposé"},
    {"adopted", "adopted", "adopté"},
    {"signed", "signed", "signé"},
    {"published", "published", "publié"},
    {"in-force", "in force", "entré en vigueur"},
    {"applies-from", "applies from", "entre en application"},
    {"amended-by", "amended by", "modifié par"},
    {"revoked-by", "revoked by", "abrogé par"},
    {"superseded-by", "superseded by", "remplacé par"},
    {"lapsed", "lapsed", "devenu caduc"},
    {"withdrawn", "withdrawn", "retiré"},
    {"expired", "expired", "expiré"},
    {"status-check", "status checked", "statut vérifié"},
}};

/// Jurisdiction kinds (`kind` in jurisdiction.toml), in the order `cadre list` groups them.
inline constexpr std::array<VocabularyLabel, 4> k_jurisdiction_kind_labels = {{
    {"international", "international", "international"},
    {"supranational", "supranational", "supranational"},
    {"national", "national", "national"},
    {"sub-national", "sub-national", "infranational"},
}};

/// Languages of the texts Cadre reads, named in the reader's language.
inline constexpr std::array<VocabularyLabel, 6> k_language_labels = {{
    {"en", "English", "anglais"},
    {"fr", "French", "français"},
    {"pt", "Portuguese", "portugais"},
    {"zh", "Chinese", "chinois"},
    {"ja", "Japanese", "japonais"},
    {"ko", "Korean", "coréen"},
}};

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
