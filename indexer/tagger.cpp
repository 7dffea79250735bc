#include "indexer/tagger.hpp"

#include "core/schema.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cadre::indexer {
namespace {

/// Heading words that mark a clause's category, in the languages of the sources. Matched as
/// lowercase substrings of the heading. Reason: headings are the most reliable signal legal
/// drafters give ("Definitions", "Penalties", "目的").
const std::map<std::string, std::vector<std::string>> k_heading_words = {
    {"definition", {"definition", "interpretation", "meaning of", "définition", "definições", "definicoes", "定义", "定義", "用語", "정의"}},
    {"aims", {"purpose", "objective", "subject matter", "objet", "objectif", "objetivo", "fundamento", "目的", "목적", "基本理念", "기본원칙"}},
    {"scope", {"scope", "application", "applicability", "champ d'application", "âmbito", "aplicação", "适用", "適用", "적용"}},
    {"risk", {"risk", "risque", "risco", "high-impact", "high-risk", "prohibited", "风险", "リスク", "위험", "고영향"}},
    {"requirements", {"obligation", "requirement", "transparency", "oversight", "assessment", "exigence", "transparence",
                      "obrigaç", "義務", "义务", "의무", "투명"}},
    {"enforcement", {"penalt", "fine", "offence", "offense", "enforcement", "sanction", "infraction", "supervis",
                     "inspection", "compliance order", "amende", "fiscaliza", "罚", "罰", "벌칙", "과태료", "감독", "監督"}},
    {"flexibility", {"review", "amendment", "entry into force", "entrée en vigueur", "evaluation", "sandbox", "revocation",
                     "repeal", "transitional", "vigência", "附则", "附則", "부칙", "施行"}},
};

bool has_word(const std::string& haystack, const std::string& needle) {
  std::size_t pos = 0;
  while ((pos = haystack.find(needle, pos)) != std::string::npos) {
    const bool starts = pos == 0 || !std::isalnum(static_cast<unsigned char>(haystack[pos - 1]));
    const auto end = pos + needle.size();
    const bool ends = end >= haystack.size() || !std::isalnum(static_cast<unsigned char>(haystack[end])) ||
                      haystack[end] == 's'; // plural
    if (starts && ends) return true;
    pos = end;
  }
  return false;
}

} // namespace

std::vector<ClauseTag> tag_clause(const std::vector<std::string>& texts, const std::vector<std::string>& headings) {
  std::map<std::pair<std::string, std::string>, double> tags;
  for (std::size_t depth = 0; depth < headings.size(); ++depth) {
    const std::string heading = text::ascii_lower(headings[depth]);
    if (heading.empty()) continue;
    for (const auto& [category, words] : k_heading_words)
      for (const auto& word : words)
        if (heading.find(word) != std::string::npos) {
          const double score = depth == 0 ? 1.0 : 0.8; // inherited from an enclosing unit
          auto& slot = tags[{category, "structure"}];
          slot = std::max(slot, score);
        }
  }
  std::map<std::string, std::set<std::string>> hits;
  for (const auto& raw : texts) {
    const std::string lower = text::ascii_lower(raw);
    for (const auto& entry : schema().lexicon) {
      for (const auto* terms : {&entry.en, &entry.fr})
        for (const auto& term : *terms)
          if (has_word(lower, term)) hits[entry.category].insert(term);
    }
  }
  for (const auto& [category, terms] : hits)
    if (terms.size() >= 2) tags[{category, "lexicon"}] = std::min(1.0, static_cast<double>(terms.size()) / 4.0);
  std::vector<ClauseTag> out;
  for (const auto& [key, score] : tags) out.push_back({key.first, key.second, score});
  return out;
}

} // namespace cadre::indexer
