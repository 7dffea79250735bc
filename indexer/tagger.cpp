#include "indexer/tagger.hpp"

#include "core/error.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

namespace cadre {
namespace tagger_model_files {
std::string_view file(std::string_view name);
} // namespace tagger_model_files

namespace indexer {
namespace {

// How tagging works. Two independent origins:
//  - structure: words of the clause's own heading (score 1.0) or of an enclosing unit's
//    heading (0.8: a paragraph of a "Penalties" article is about penalties);
//  - lexicon: cues found in the text of any language version. Each cue has a weight; a
//    category is tagged when the distinct cues found add up to k_text_threshold. Strong cues
//    (a fine, "the purpose of this Act is") weigh 1 and suffice; weak ones (a word common to
//    several categories) weigh less and must be combined. Every English and French wording
//    of a lexicon entry with a category (schema/lexicon.toml) is also a cue of
//    k_lexicon_weight. A text tag is kept only if its category comes within k_dominance of
//    the clause's strongest category.
// Cues are legal-drafting formulas, so they are given per language of the sources (en, fr, pt,
// zh, ja, ko); aligned English versions make the English cues reach most CJK and Portuguese
// clauses too. All matching is on ASCII-lowercased text; a cue that starts or ends with an
// ASCII letter or digit must match whole words there.

// Chosen on the tuning split of tests/data/tagging (see bench/RESULTS.md, "Clause tagging").
constexpr double k_text_threshold = 1.0;   ///< summed cue weight that tags a category
constexpr double k_lexicon_weight = 0.25;  ///< each schema-lexicon term: four are needed alone
constexpr double k_own_heading = 1.0;      ///< structure score from the clause's own heading
constexpr double k_enclosing_heading = 0.8; ///< from an ancestor's heading
constexpr double k_heading_bonus = 1;      ///< a heading match adds this (times its score) when ranking
constexpr double k_dominance = 0.8;        ///< text tags kept only within this ratio of the strongest category

struct Cue {
  const char* category;
  double weight;
  std::vector<const char*> phrases;
};

/// Heading words. Matched as substrings of the lowercased heading (so "penalt" covers
/// "penalty" and "penalties"); headings are short and drafted to name their subject.
const std::vector<Cue> k_heading_cues = {
    {"definition", 1, {"definition", "interpretation", "meaning of", "définition", "definições", "conceitos", "定义", "定義",
                       "用語", "정의"}},
    {"aims", 1, {"purpose", "objective", "policy and principles", "principles", "findings", "objet", "objectif", "objetivo",
                 "fundamentos", "princípios", "目的", "목적", "基本理念", "기본원칙", "立法目的", "基本原則"}},
    {"scope", 1, {"scope", "application", "applicability", "exemption", "exclusion", "non-application", "territorial",
                  "champ d'application", "exemption", "âmbito", "aplicação", "适用范围", "適用範囲", "적용 범위", "적용범위",
                  "다른 법률과의 관계", "他の法律との関係"}},
    {"risk", 1, {"risk", "risque", "risco", "high-impact", "high-risk", "prohibited", "impact level", "niveaux de l",
                 "niveau d", "风险", "リスク", "위험", "고영향", "風險"}},
    {"requirements", 1, {"obligation", "requirement", "transparency", "oversight", "documentation", "record-keeping",
                         "records of", "logs", "duty", "duties", "notice", "notification to", "disclosure", "quality",
                         "accuracy", "data governance", "impact assessment", "safeguards", "rights of the data subject",
                         "right to", "recourse", "explanation", "consent", "labelling", "marking", "conformity",
                         "risk management", "exigence", "transparence",
                         "obligation", "avis", "explication", "recours", "assurance de la qualité", "obrigaç", "deveres",
                         "transparência", "義務", "义务", "의무", "투명", "책무", "責務", "表示", "표시"}},
    {"enforcement", 1, {"penalt", "fine", "offence", "offense", "enforcement", "sanction", "infraction", "supervis",
                        "inspection", "compliance order", "amende", "fiscaliza", "authorit", "commission", "commissioner",
                        "minister", "board", "council", "committee", "ai office", "appeal", "complaint", "investigat",
                        "audit", "powers", "market surveillance", "procedure to be followed", "roles and responsibilities",
                        "administration", "monitoring the application", "remed", "liabilit", "punishment", "autorité",
                        "autoridade", "罚", "罰", "벌칙", "과태료", "감독", "監督", "本部", "委員会", "위원회", "本部長", "事務",
                        "主任の大臣", "조사", "시정명령"}},
    {"flexibility", 1, {"review", "amendment", "entry into force", "coming into force", "effective date", "entrée en vigueur",
                        "date d", "evaluation and review", "sandbox", "revocation", "repeal", "transitional",
                        "regulations", "delegated", "exercise of the delegation", "power to remove difficulties", "rules",
                        "vigência", "附则", "附則", "부칙", "施行", "基本計画", "기본계획", "実証", "실증", "규제 특례"}},
};

/// Text cues: drafting formulas that mark a category wherever they occur.
const std::vector<Cue> k_text_cues = {
    // A quoted term being defined. Only counts for AI terms: see needs_ai_term().
    {"definition", 1, {"’ means", "” means", "\" means", "' means", "” refers to", "\" refers to", "’ refers to",
                       "\" has the meaning", "” has the meaning", "the term “", "the term \"", "» désigne", "» s'entend",
                       "» s’entend", "considera-se", "entende-se", "para os fins desta lei, considera", "是指", "係指",
                       "」とは", "”이란", "\"이란", "”란", "\"란"}},
    {"aims", 1, {"purpose of this act", "purposes of this act are", "purpose of this law", "purpose of this part",
                 "purposes of this part are", "this law is enacted", "purpose of this regulation", "objective of this",
                 "objectives of this", "it is the policy of", "policy of my administration", "finds and declares",
                 "is intended to contribute", "guiding principles", "basic principles", "a pour objet de",
                 "a pour objectif", "tem como objetivo", "com o objetivo de", "tem como fundamento", "tem como fundamentos",
                 "制定本办法", "制定本法", "特制定本法", "を目的とする", "목적으로 한다", "基本理念", "기본이념", "기본원칙",
                 "基本原則"}},
    {"aims", 0.5, {"recognising", "recognizing", "considering", "underlining", "welcoming", "noting that", "well-being",
                   "human-centric", "trustworthy", "sustainable development", "competitiveness",
                   "fundamental rights"}},
    {"scope", 1, {"applies to", "shall apply to", "does not apply", "do not apply", "shall not apply", "not apply to",
                  "not applicable", "is not applicable", "apply only", "applies only", "within the scope", "outside the scope",
                  "fall within the scope", "falling within the scope", "within the territory", "outside the territory",
                  "irrespective of whether", "regardless of whether", "exempt from", "is exempt", "are exempt", "excluded",
                  "s'applique", "s’applique", "ne s'applique pas", "ne s’applique pas", "aplica-se", "não se aplica",
                  "aplicam-se", "não se aplicam", "适用本办法", "适用本法", "不适用", "適用しない", "適用する", "적용한다",
                  "적용하지 아니한다", "不適用", "適用之"}},
    {"scope", 0.5, {"territorial", "sector", "sectors", "in so far as", "domestic", "foreign"}},
    {"risk", 1, {"unacceptable risk", "systemic risk",
                 "prohibited ai practice", "risk classification", "risk-based", "risk based", "risk management",
                 "risk assessment", "assess the risk", "risks of harm", "risk of harm", "impact level", "levels of risk",
                 "level of risk", "risk taxonomy", "à haut risque", "incidence élevée", "niveau d'incidence",
                 "niveau d’incidence", "niveau de risque", "alto risco", "risco excessivo", "avaliação de risco",
                 "高风险", "风险评估", "安全评估", "高風險", "風險", "고영향", "위험", "リスク"}},
    {"risk", 0.5, {"high-risk", "high risk", "high-impact", "high impact", "prohibited", "prohibit", "prohibition", "threshold", "harm", "mitigat", "interdit", "proibid",
                   "risk", "risks", "risque", "risques", "risco", "riscos", "风险"}},
    {"requirements", 1, {"shall ensure", "must ensure", "shall keep", "shall provide", "shall inform", "shall notify",
                         "shall establish", "shall implement", "shall make available", "shall draw up", "shall take",
                         "shall document", "shall disclose", "shall publish", "shall maintain", "shall register",
                         "shall conduct", "shall carry out", "shall perform", "shall not", "shall be designed",
                         "must provide", "must take", "must establish", "must notify", "must keep", "must publish",
                         "must make", "must obtain", "is required to", "are required to", "required to", "should ensure",
                         "shall use reasonable care", "human oversight", "risk management system", "risk management practices",
                         "risk management policy", "minimum risk-management", "risk-management practices", "transparency", "technical documentation",
                         "record-keeping", "impact assessment", "explanation", "data governance", "quality management",
                         "informed consent", "doit", "doivent", "veiller à", "fournir", "documenter", "deverá", "deverão",
                         "devem", "deve", "obrigação", "obrigações", "garantir", "应当", "不得", "しなければならない",
                         "努めなければならない", "하여야 한다", "아니 된다"}},
    {"requirements", 0.5, {"provider", "providers", "deployer", "deployers", "developer", "developers", "controller",
                           "controllers", "processor", "processors", "importer", "importers", "data fiduciary",
                           "person who is responsible", "operator", "operators", "notice", "disclose", "safeguards",
                           "consent", "documentation", "obligation", "obligations", "shall", "must", "fournisseur",
                           "agente", "agentes", "提供者", "事業者", "사업자", "應", "努めるものとする"}},
    {"enforcement", 1, {"fine", "fines", "penalty", "penalties", "administrative fines", "offence", "offences", "offense",
                        "guilty", "imprisonment", "punishable", "liable to", "infringement", "sanction", "sanctions",
                        "enforce", "enforcement", "enforcing", "market surveillance", "supervisory authority",
                        "supervisory authorities", "competent authority", "competent authorities", "national competent",
                        "attorney general", "commission may", "commissioner may", "minister may", "the minister must",
                        "board shall", "the board", "appellate tribunal", "appeal", "complaint", "complaints",
                        "investigation", "inquiry", "inspection", "order, require", "by order", "compliance order",
                        "ai office", "powers", "monitoring and supervision", "monitor compliance", "verify compliance",
                        "corrective", "cease", "civil liability", "liability", "damages", "amende", "sanction pécuniaire",
                        "infraction", "multa", "sanções", "sanção", "infração", "infrações", "fiscalização",
                        "autoridade competente", "autoridades setoriais", "responsabilidade civil", "处罚", "罚款",
                        "行政处罚", "主管部门", "监督检查", "刑事责任", "罰金", "罰則", "懲役", "本部", "벌칙", "과태료",
                        "징역", "벌금", "시정명령", "위원회", "罰鍰", "主管機關"}},
    {"enforcement", 0.5, {"authority", "authorities", "commission", "commissioner", "minister", "committee", "council",
                          "tribunal", "court", "audit", "monitor", "monitoring", "supervise", "supervision", "comply with",
                          "compliance", "violation", "violates", "contravene", "contravenes", "autorité", "autoridade",
                          "監督", "감독"}},
    {"flexibility", 1, {"entry into force", "enter into force", "comes into force", "come into force", "shall apply from",
                        "takes effect", "take effect", "effective date", "shall be reviewed", "will be reviewed",
                        "evaluation and review", "review of this", "review this", "report on the evaluation",
                        "delegated act", "delegated acts", "adopt delegated", "power to adopt", "may make regulations",
                        "make regulations", "may promulgate rules", "may amend", "amend annex", "amending annex",
                        "regulatory sandbox", "regulatory sandboxes", "sandbox", "sandboxes", "testing in real world",
                        "experimentation", "expérimentation", "transitional", "hereby repealed", "is repealed", "shall be repealed",
                        "hereby revoked", "is revoked", "rescind", "sunset", "removing the difficulty", "entrée en vigueur", "entre en vigueur",
                        "sera révisée", "entra em vigor", "entrará em vigor", "vigência", "sandbox regulatório",
                        "ambiente regulatório experimental", "adequação progressiva", "施行", "自公布日起施行",
                        "自公布之日起", "시행한다", "부칙", "附则", "附則", "basic plan", "基本計画", "기본계획",
                        "実証", "실증", "규제특례", "regulatory exemption"}},
    {"flexibility", 0.5, {"review", "reviews", "amend", "amendment", "amendments", "evaluate", "evaluation", "update",
                          "updated", "regulations", "guidelines", "pilot", "révision", "repeal",
                          "revoke", "regulamentação"}},
};

/// The definition category is about how AI is defined: a defined term counts only when the
/// definition concerns AI or automated systems (not "personal data" or "Minister").
const std::vector<const char*> k_ai_terms = {
    "artificial intelligence", "ai system", "ai model", "ai systems", "ai models", "general-purpose ai", "automated",
    "algorithm", "machine-based", "machine learning", "generative", "intelligence artificielle", "système d'ia",
    "système d’ia", "inteligência artificial", "sistema de ia", "sistemas de ia", "modelo de ia", "人工智能", "人工知能",
    "인공지능", "人工智慧", "生成式", "自动化决策"};

bool is_word_byte(unsigned char c) { return std::isalnum(c) != 0; }

/// Multi-pattern matcher (Aho-Corasick over bytes): one pass over a text finds every cue, so
/// tagging all clauses stays linear in the size of the corpus.
class Matcher {
public:
  /// Adds a lowercase phrase; returns its id.
  int add(const std::string& phrase) {
    int node = 0;
    for (unsigned char c : phrase) {
      int next = m_nodes[node].next[c];
      if (next == 0) {
        next = static_cast<int>(m_nodes.size());
        m_nodes[node].next[c] = next;
        m_nodes.emplace_back();
      }
      node = next;
    }
    if (m_nodes[node].phrase < 0) {
      m_nodes[node].phrase = static_cast<int>(m_phrases.size());
      m_phrases.push_back(phrase);
    }
    return m_nodes[node].phrase;
  }

  /// Builds the failure links; call once after the last add().
  void compile() {
    std::vector<int> queue;
    for (int c = 0; c < 256; ++c)
      if (int child = m_nodes[0].next[c]) queue.push_back(child);
    for (std::size_t i = 0; i < queue.size(); ++i) {
      const int node = queue[i];
      const int fail = m_nodes[node].fail;
      m_nodes[node].output = m_nodes[node].phrase >= 0 ? node : m_nodes[fail].output;
      for (int c = 0; c < 256; ++c) {
        int& child = m_nodes[node].next[c];
        if (child) {
          m_nodes[child].fail = m_nodes[fail].next[c];
          queue.push_back(child);
        } else {
          child = m_nodes[fail].next[c];
        }
      }
    }
  }

  /// Marks in `found` (indexed by phrase id) every phrase occurring in `text`, ASCII-lowercased
  /// as it is read (the phrases are lowercase), as a whole word.
  void find(std::string_view text, std::vector<char>& found) const {
    int node = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      node = m_nodes[node].next[byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte];
      for (int out = m_nodes[node].output; out > 0; out = m_nodes[m_nodes[out].fail].output) {
        const int id = m_nodes[out].phrase;
        if (found[id]) continue;
        const std::string& phrase = m_phrases[id];
        const std::size_t start = i + 1 - phrase.size();
        const bool starts = !is_word_byte(static_cast<unsigned char>(phrase.front())) || start == 0 ||
                            !is_word_byte(static_cast<unsigned char>(text[start - 1]));
        const bool ends = !is_word_byte(static_cast<unsigned char>(phrase.back())) || i + 1 == text.size() ||
                          !is_word_byte(static_cast<unsigned char>(text[i + 1]));
        if (starts && ends) found[id] = 1;
      }
    }
  }

  std::size_t size() const { return m_phrases.size(); }

private:
  struct Node {
    std::array<int, 256> next{};
    int fail = 0;
    int phrase = -1;
    int output = 0; ///< nearest node on the failure chain (self included) that ends a phrase; 0 for none
  };
  std::vector<Node> m_nodes = std::vector<Node>(1);
  std::vector<std::string> m_phrases;
};

/// The compiled text cues: the matcher, and for each phrase id the (category, weight) pairs it
/// counts for (a phrase may be a cue of several categories, or a lexicon term too).
struct TextCues {
  Matcher matcher;
  std::vector<std::vector<std::pair<std::string, double>>> weights; ///< by phrase id
  std::vector<int> ai_terms;                                        ///< phrase ids
};

const TextCues& text_cues() {
  static const TextCues cues = [] {
    TextCues built;
    auto add = [&](const std::string& phrase, const std::string& category, double weight) {
      const int id = built.matcher.add(text::ascii_lower(phrase));
      if (built.weights.size() <= static_cast<std::size_t>(id)) built.weights.resize(id + 1);
      if (!category.empty()) built.weights[id].emplace_back(category, weight);
      return id;
    };
    for (const auto& cue : k_text_cues)
      for (const char* phrase : cue.phrases) add(phrase, cue.category, cue.weight);
    // The English and French wordings of the entries that signal a category: the cues the
    // tagging model was trained with.
    for (const auto& entry : schema().lexicon)
      if (!entry.category.empty())
        for (const char* language : {"en", "fr"})
          for (const auto& term : entry.in(language)) add(term, entry.category, k_lexicon_weight);
    for (const char* term : k_ai_terms) built.ai_terms.push_back(add(term, "", 0));
    built.matcher.compile();
    built.weights.resize(built.matcher.size());
    return built;
  }();
  return cues;
}

/// True when the lowercased `heading` holds one of the cue's words.
bool heading_has_cue(const std::string& heading, const Cue& cue) {
  return std::any_of(cue.phrases.begin(), cue.phrases.end(),
                     [&](const char* word) { return heading.find(word) != std::string::npos; });
}

const Cue& definition_heading_cue() {
  const auto it = std::find_if(k_heading_cues.begin(), k_heading_cues.end(),
                               [](const Cue& c) { return std::string_view(c.category) == "definition"; });
  return *it;
}

} // namespace

bool in_definitions_unit(const std::vector<std::string>& headings) {
  const Cue& cue = definition_heading_cue();
  return std::any_of(headings.begin(), headings.end(),
                     [&](const std::string& raw) { return heading_has_cue(text::ascii_lower(raw), cue); });
}

std::string defined_term(std::string_view text) {
  constexpr std::size_t k_opens_within = 48, k_longest = 80;
  // Leading white space and numbering: "(4) ", "1. ", "VII – ", "I - ", "(a) ".
  std::size_t start = 0;
  const auto skip_spaces = [&] {
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n')) ++start;
  };
  skip_spaces();
  {
    std::size_t i = start;
    const bool bracketed = i < text.size() && text[i] == '(';
    if (bracketed) ++i;
    const std::size_t digits_from = i;
    while (i < text.size() && i - digits_from < 6 && (std::isdigit(static_cast<unsigned char>(text[i])) ||
                                                       std::string_view("IVXLivxlabcdefghjk").find(text[i]) != std::string_view::npos))
      ++i;
    if (i > digits_from) {
      std::string_view rest = text.substr(i);
      for (std::string_view end : {") ", ". ", " – ", " - ", " — "})
        if ((!bracketed || end == ") ") && rest.starts_with(end)) {
          start = i + end.size();
          break;
        }
    }
  }
  skip_spaces();
  const std::string_view head = text.substr(start);
  // A quoted phrase opening near the start.
  static const std::array<std::pair<std::string_view, std::string_view>, 8> k_quotes = {{
      {"\u201C", "\u201D"}, {"\u2018", "\u2019"}, {"\"", "\""}, {"'", "'"}, {"\u00AB", "\u00BB"},
      {"\u300C", "\u300D"}, {"\u300E", "\u300F"}, {"\u201E", "\u201C"}}};
  std::size_t best = std::string_view::npos;
  std::string_view found;
  for (const auto& [open, close] : k_quotes) {
    const auto at = head.find(open);
    if (at == std::string_view::npos || at > k_opens_within || at >= best) continue;
    const auto from = at + open.size();
    const auto to = head.find(close, from);
    if (to == std::string_view::npos || to == from || to - from > k_longest) continue;
    best = at;
    found = head.substr(from, to - from);
  }
  const auto trimmed = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return std::string(s);
  };
  if (!found.empty()) return trimmed(found);
  // "term: definition".
  if (const auto colon = head.find(':'); colon != std::string_view::npos && colon > 0 && colon <= k_longest) {
    const std::string_view phrase = head.substr(0, colon);
    const bool plain = std::none_of(phrase.begin(), phrase.end(), [](char c) { return c == ',' || c == ';' || c == '.' || c == '('; });
    if (plain && std::count(phrase.begin(), phrase.end(), ' ') < 6) return trimmed(phrase);
  }
  // Chinese: "本法所稱人工智慧，指…".
  for (std::string_view marker : {"\u6240\u7A31", "\u6240\u79F0"}) // 所稱 所称
    if (const auto at = head.find(marker); at != std::string_view::npos && at <= k_opens_within) {
      const auto from = at + marker.size();
      const auto to = head.find("\uFF0C", from); // ，
      if (to != std::string_view::npos && to > from && to - from <= k_longest) return trimmed(head.substr(from, to - from));
    }
  return "";
}

CueScores cue_scores(const std::vector<std::string>& texts, std::size_t limit) {
  const TextCues& cues = text_cues();
  std::vector<char> found(cues.matcher.size(), 0);
  for (const auto& text : texts) cues.matcher.find(std::string_view(text).substr(0, limit), found);
  CueScores out;
  out.mentions_ai = std::any_of(cues.ai_terms.begin(), cues.ai_terms.end(), [&](int id) { return found[id] != 0; });
  for (std::size_t id = 0; id < found.size(); ++id)
    if (found[id])
      for (const auto& [category, weight] : cues.weights[id]) out.score[category] += weight;
  return out;
}

namespace {

/// tag_clause, given the cue scores of the clause's texts.
std::vector<ClauseTag> tags_of(const CueScores& cues, const std::vector<std::string>& headings) {
  std::map<std::pair<std::string, std::string>, double> tags;
  for (std::size_t depth = 0; depth < headings.size(); ++depth) {
    const std::string heading = text::ascii_lower(headings[depth]);
    if (heading.empty()) continue;
    for (const auto& cue : k_heading_cues) {
      // A definitions article is about definitions; one of its points only when it defines an AI term.
      if (std::string_view(cue.category) == "definition" && depth > 0 && !cues.mentions_ai) continue;
      if (heading_has_cue(heading, cue)) {
        auto& slot = tags[{cue.category, "structure"}];
        slot = std::max(slot, depth == 0 ? k_own_heading : k_enclosing_heading);
      }
    }
  }

  std::map<std::string, double> score = cues.score;
  if (!cues.mentions_ai) score.erase("definition");
  // A clause is about one or two things: text cues of a category count only when they come
  // close to the strongest category's, headings included (a penalties article also says
  // "shall", but it is not about requirements).
  auto with_heading = [&](const std::string& category) {
    const auto heading = tags.find({category, "structure"});
    return score[category] + (heading == tags.end() ? 0 : k_heading_bonus * heading->second);
  };
  double strongest = 0;
  for (const auto& entry : score) strongest = std::max(strongest, with_heading(entry.first));
  for (const auto& [category, total] : score)
    if (total >= k_text_threshold && with_heading(category) >= k_dominance * strongest)
      tags[{category, "lexicon"}] = std::min(1.0, total / strongest);

  std::vector<ClauseTag> out;
  for (const auto& [key, value] : tags) out.push_back({key.first, key.second, value});
  return out;
}

} // namespace

std::vector<ClauseTag> tag_clause(const std::vector<std::string>& texts, const std::vector<std::string>& headings) {
  return tags_of(cue_scores(texts), headings);
}

// ------------------------------------------------------------------ learned tagger

namespace {

/// Han, kana and Hangul: scripts written without spaces between words (Korean has them, but its
/// particles attach to nouns), so they are read as character bigrams. Narrower than
/// text::is_cjk_codepoint, which also takes CJK punctuation: here punctuation breaks a run.
bool is_cjk(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
         (cp >= 0x3130 && cp <= 0x318F);
}

/// Letters and digits of the Latin scripts of the sources (en, fr, pt), lower-cased.
char32_t word_char(char32_t cp) {
  // ASCII by a table (most of every text): the C library's isalnum and tolower were a call each.
  static constexpr auto k_ascii = [] {
    std::array<char, 128> table{};
    for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<char>(c);
    for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 'a' + 'A'] = static_cast<char>(c);
    return table;
  }();
  if (cp < 0x80) return static_cast<char32_t>(k_ascii[cp]);
  if (cp < 0xC0 || cp > 0x24F || cp == 0xD7 || cp == 0xF7) return 0;
  if (cp <= 0xDE) return cp + 0x20;                        // Latin-1 capitals
  if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0) return cp + 1; // Latin Extended-A capitals
  return cp;
}

/// Calls `emit(first, separator, second)` for each word unigram (the word, "", "") and bigram
/// (the previous word, " ", the word) and each CJK character bigram (two characters, "", "") of
/// `text`, stopping after `cap` of them were read (the lead of a long text says what it is
/// about; its sub-units are clauses of their own). Punctuation breaks a word bigram; a CJK run
/// of one character gives that character. An n-gram's name is its block's prefix followed by
/// the three pieces.
template <class Emit>
void for_each_ngram(std::string_view text, std::size_t cap, Emit&& emit) {
  std::string word, previous;
  std::string cjk_previous;
  int cjk_run = 0;
  std::size_t read = 0;
  auto end_word = [&] {
    if (word.empty()) return;
    if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      previous.clear();
    } else {
      emit(word, "", "");
      if (!previous.empty()) emit(previous, " ", word);
      previous = word;
      ++read;
    }
    word.clear();
  };
  auto end_cjk = [&] {
    if (cjk_run == 1) emit(cjk_previous, "", "");
    cjk_run = 0;
    cjk_previous.clear();
  };
  for (std::size_t i = 0; i < text.size() && read < cap;) {
    std::size_t length = 0;
    const char32_t cp = text::decode_utf8_at(text, i, &length);
    i += length;
    if (const char32_t c = word_char(cp)) {
      end_cjk();
      text::append_utf8(word, c);
      continue;
    }
    end_word();
    if (is_cjk(cp)) {
      previous.clear();
      std::string character;
      text::append_utf8(character, cp);
      if (cjk_run++ > 0) {
        emit(cjk_previous, "", character);
        ++read;
      }
      cjk_previous = character;
      continue;
    }
    end_cjk();
    if (cp != ' ' && cp != '\t' && cp != '\n' && cp != 0xA0) previous.clear();
  }
  end_word();
  end_cjk();
}

/// One step of 64-bit FNV-1a (name_hash): the hash of a name is carried byte by byte, so the
/// hash of a name that extends another continues from the other's.
constexpr std::uint64_t k_fnv_offset = 14695981039346656037ULL;
constexpr std::uint64_t fnv_step(std::uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ULL; }
std::uint64_t fnv_bytes(std::uint64_t h, std::string_view bytes) {
  for (const unsigned char c : bytes) h = fnv_step(h, c);
  return h;
}
/// `h` carried over the UTF-8 bytes of `cp`, as text::append_utf8 spells them (within the
/// string's own buffer: no allocation).
std::uint64_t fnv_utf8(std::uint64_t h, char32_t cp) {
  if (cp < 0x80) return fnv_step(h, static_cast<unsigned char>(cp));
  std::string bytes;
  text::append_utf8(bytes, cp);
  return fnv_bytes(h, bytes);
}

/// Appends the name_hash of each n-gram that for_each_ngram(text, cap, …) gives, named under
/// `prefix`, without spelling them: each hash is carried on from the hash of the name it extends
/// (the prefix, the previous word and its space, the previous character) as the text is read.
/// Reads the text as for_each_ngram does, in the same order, with the same cap; the build's path
/// (tests/indexer/tagger_test.cpp checks the two agree).
void ngram_hashes(std::string_view text, std::string_view prefix, std::size_t cap, std::vector<std::uint64_t>& out) {
  const std::uint64_t start = fnv_bytes(k_fnv_offset, prefix);
  // The word being read: its hash from the prefix, and the bigram's from the previous word's.
  std::uint64_t word = start, bigram = 0;
  bool in_word = false, all_digits = true;
  // The previous word, as prefix + word + " ", when a bigram can follow it.
  std::uint64_t previous = 0;
  bool has_previous = false;
  std::uint64_t cjk_previous = 0; // prefix + the previous character of the CJK run
  int cjk_run = 0;
  std::size_t read = 0;
  auto end_word = [&] {
    if (!in_word) return;
    if (all_digits) {
      has_previous = false;
    } else {
      out.push_back(word);
      if (has_previous) out.push_back(bigram);
      previous = fnv_step(word, ' ');
      has_previous = true;
      ++read;
    }
    in_word = false;
  };
  auto end_cjk = [&] {
    if (cjk_run == 1) out.push_back(cjk_previous);
    cjk_run = 0;
  };
  for (std::size_t i = 0; i < text.size() && read < cap;) {
    std::size_t length = 1;
    const auto byte = static_cast<unsigned char>(text[i]);
    const char32_t cp = byte < 0x80 ? byte : text::decode_utf8_at(text, i, &length);
    i += length;
    if (const char32_t c = word_char(cp)) {
      end_cjk();
      if (!in_word) {
        in_word = true;
        all_digits = true;
        word = start;
        bigram = previous;
      }
      all_digits = all_digits && c >= '0' && c <= '9';
      word = fnv_utf8(word, c);
      if (has_previous) bigram = fnv_utf8(bigram, c);
      continue;
    }
    end_word();
    if (is_cjk(cp)) {
      has_previous = false;
      if (cjk_run++ > 0) {
        out.push_back(fnv_utf8(cjk_previous, cp));
        ++read;
      }
      cjk_previous = fnv_utf8(start, cp);
      continue;
    }
    end_cjk();
    if (cp != ' ' && cp != '\t' && cp != '\n' && cp != 0xA0) has_previous = false;
  }
  end_word();
  end_cjk();
}

constexpr std::size_t k_heading_ngrams = 64; ///< per heading
constexpr std::size_t k_text_ngrams = 400;   ///< per language version

/// The three n-gram blocks of clause_features, in the order of their prefixes: the ancestors'
/// headings ("a:"), the clause's own heading ("h:") and its texts ("t:"); each filled by
/// `read(text, prefix, cap, block)`, in reading order, repeats kept.
template <class T, class Read>
std::array<std::vector<T>, 3> ngram_blocks(const std::vector<std::string>& texts, const std::vector<std::string>& headings,
                                           Read&& read) {
  std::array<std::vector<T>, 3> blocks;
  for (std::size_t i = 1; i < headings.size(); ++i) read(headings[i], "a:", k_heading_ngrams, blocks[0]);
  if (!headings.empty()) read(headings.front(), "h:", k_heading_ngrams, blocks[1]);
  for (const auto& text : texts) read(text, "t:", k_text_ngrams, blocks[2]);
  return blocks;
}

/// Sorts a block and keeps each n-gram once; returns the value of each, 1/sqrt(their number).
template <class T>
double distinct_block(std::vector<T>& block) {
  std::sort(block.begin(), block.end());
  block.erase(std::unique(block.begin(), block.end()), block.end());
  return block.empty() ? 0 : 1 / std::sqrt(static_cast<double>(block.size()));
}

/// 64-bit FNV-1a of a feature's name, given in pieces.
std::uint64_t name_hash(std::initializer_list<std::string_view> pieces) {
  std::uint64_t h = k_fnv_offset;
  for (const auto piece : pieces) h = fnv_bytes(h, piece);
  return h;
}

constexpr double k_cue_scale = 2;          ///< summed cue weight at which an "r:", "b:" or "p:" feature reaches 1
constexpr std::size_t k_lead_bytes = 240;  ///< a text's lead, for "b:" (cross-validated better than 120 or 400)

/// The fields of a line between separators; a trailing separator ends with an empty field.
std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, separator)) out.push_back(field);
  if (!line.empty() && line.back() == separator) out.emplace_back();
  return out;
}

/// The features of clause_features other than the n-grams: the tags, cue scores and unit
/// features, by name, each once (a tag named twice keeps its last score).
ClauseFeatures named_features(const std::vector<std::string>& texts, const std::vector<std::string>& headings,
                              const CueScores& cues, const CueScores& parent_cues) {
  ClauseFeatures features;
  for (const auto& tag : tags_of(cues, headings))
    features.emplace_back((tag.origin == "structure" ? "s:" : "l:") + tag.category, tag.score);
  auto add_cue_scores = [&](const std::string& prefix, const CueScores& found) {
    for (const auto& [category, total] : found.score)
      features.emplace_back(prefix + category, std::min(1.0, total / k_cue_scale));
  };
  add_cue_scores("r:", cues);
  add_cue_scores("b:", cue_scores(texts, k_lead_bytes)); // may cut a character: cues are matched as bytes
  add_cue_scores("p:", parent_cues);
  if (in_definitions_unit(headings)) features.emplace_back("u:definitions", 1);
  features.emplace_back("u:depth" + std::to_string(std::min<std::size_t>(headings.size(), 4)), 1);
  std::stable_sort(features.begin(), features.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  ClauseFeatures named;
  named.reserve(features.size());
  for (auto& feature : features) {
    if (!named.empty() && named.back().first == feature.first) named.back().second = feature.second;
    else named.push_back(std::move(feature));
  }
  return named;
}

/// The categories whose probability reaches their threshold, sorted by category.
std::vector<ClauseTag> tags_above_thresholds(const TagModel& model, const std::vector<double>& p) {
  std::vector<ClauseTag> out;
  for (std::size_t c = 0; c < model.categories.size(); ++c)
    if (p[c] >= model.thresholds[c]) out.push_back({model.categories[c], "model", p[c]});
  std::sort(out.begin(), out.end(), [](const ClauseTag& a, const ClauseTag& b) { return a.category < b.category; });
  return out;
}

void to_probabilities(std::vector<double>& z) {
  for (auto& v : z) v = 1 / (1 + std::exp(-v));
}

} // namespace

ClauseFeatures clause_features(const std::vector<std::string>& texts, const std::vector<std::string>& headings,
                               const std::vector<std::string>& parent_texts) {
  ClauseFeatures named = named_features(texts, headings, cue_scores(texts), cue_scores(parent_texts));
  // The n-gram blocks, each sorted and in prefix order ("a:", "h:", "t:"), which no named
  // feature shares, merged with the named features.
  auto blocks = ngram_blocks<std::string>(
      texts, headings, [](std::string_view text, std::string_view prefix, std::size_t cap, std::vector<std::string>& block) {
        for_each_ngram(text, cap, [&](std::string_view first, std::string_view separator, std::string_view second) {
          std::string name;
          name.reserve(prefix.size() + first.size() + separator.size() + second.size());
          block.push_back(name.append(prefix).append(first).append(separator).append(second));
        });
      });
  ClauseFeatures ngrams;
  for (auto& block : blocks) {
    const double value = distinct_block(block);
    for (auto& name : block) ngrams.emplace_back(std::move(name), value);
  }
  ClauseFeatures out;
  out.reserve(named.size() + ngrams.size());
  std::merge(std::make_move_iterator(named.begin()), std::make_move_iterator(named.end()),
             std::make_move_iterator(ngrams.begin()), std::make_move_iterator(ngrams.end()), std::back_inserter(out),
             [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::vector<double> TagModel::probabilities(const ClauseFeatures& features) const {
  std::vector<double> z = bias;
  for (const auto& [name, value] : features) {
    const auto found = weights.find(name);
    if (found == weights.end()) continue;
    for (std::size_t c = 0; c < z.size(); ++c) z[c] += value * found->second[c];
  }
  to_probabilities(z);
  return z;
}

std::vector<ClauseTag> TagModel::tag(const ClauseFeatures& features) const {
  return tags_above_thresholds(*this, probabilities(features));
}

CompiledTagModel::CompiledTagModel(const TagModel& model) : m_model(model) {
  const std::size_t n = model.categories.size();
  m_slots.assign(std::bit_ceil(2 * model.weights.size() + 2), Slot{});
  m_weights.reserve(model.weights.size() * n);
  for (const auto& [name, weights] : model.weights) {
    const std::uint64_t hash = name_hash({name});
    std::size_t i = hash & (m_slots.size() - 1);
    for (; m_slots[i].row != 0; i = (i + 1) & (m_slots.size() - 1))
      if (m_slots[i].hash == hash) throw DataError("two features of the tagger model share a hash ('" + name + "'): rename one");
    m_slots[i] = {hash, static_cast<std::uint32_t>(m_weights.size() / n + 1)};
    m_weights.insert(m_weights.end(), weights.begin(), weights.end());
  }
}

const double* CompiledTagModel::weights_of(std::uint64_t hash) const {
  for (std::size_t i = hash & (m_slots.size() - 1);; i = (i + 1) & (m_slots.size() - 1)) {
    if (m_slots[i].row == 0) return nullptr;
    if (m_slots[i].hash == hash) return m_weights.data() + (m_slots[i].row - 1) * m_model.categories.size();
  }
}

std::vector<ClauseTag> CompiledTagModel::tag(const std::vector<std::string>& texts, const std::vector<std::string>& headings,
                                             const CueScores& cues, const CueScores& parent_cues) const {
  std::vector<double> z = m_model.bias;
  auto add = [&](std::uint64_t hash, double value) {
    if (const double* weights = weights_of(hash))
      for (std::size_t c = 0; c < z.size(); ++c) z[c] += value * weights[c];
  };
  for (const auto& [name, value] : named_features(texts, headings, cues, parent_cues)) add(name_hash({name}), value);
  auto blocks = ngram_blocks<std::uint64_t>(texts, headings, ngram_hashes);
  for (auto& block : blocks) {
    const double value = distinct_block(block);
    for (const auto hash : block) add(hash, value);
  }
  to_probabilities(z);
  return tags_above_thresholds(m_model, z);
}

std::string TagModel::to_text() const {
  std::string out = "# The learned clause tagger (indexer/tagger.hpp, TagModel), written by cadre_train_tagger\n"
                    "# (bench/tagging/train.cpp): do not edit, retrain.\n";
  auto line = [&](const std::string& head, const std::vector<double>& values, const char* format) {
    out += head;
    char buffer[32];
    for (double v : values) {
      std::snprintf(buffer, sizeof buffer, format, v);
      out += '\t';
      out += buffer;
    }
    out += '\n';
  };
  out += "categories";
  for (const auto& c : categories) out += "\t" + c;
  out += '\n';
  line("bias", bias, "%.4f");
  line("threshold", thresholds, "%.2f");
  std::vector<const std::pair<const std::string, std::vector<double>>*> sorted;
  for (const auto& entry : weights) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) line("f\t" + entry->first, entry->second, "%.4f");
  return out;
}

TagModel TagModel::parse(std::string_view text, const std::string& name) {
  TagModel model;
  for (const auto& c : schema().categories) model.categories.push_back(c.id);
  const std::size_t n = model.categories.size();
  bool have_categories = false, have_bias = false, have_thresholds = false;
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    const auto at = [&] { return name + ":" + std::to_string(number) + ": "; }; // for errors only
    // Views into the text: the model's tens of thousands of lines are read at every build.
    std::vector<std::string_view> fields;
    for (std::size_t from = 0;;) {
      const auto tab = line.find('\t', from);
      fields.push_back(line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    auto numbers = [&](std::size_t first) {
      if (fields.size() != first + n)
        throw DataError(at() + "expected " + std::to_string(n) + " numbers, found " + std::to_string(fields.size() - first));
      std::vector<double> values(n);
      for (std::size_t i = first; i < fields.size(); ++i) {
        const auto field = fields[i];
        const auto [stop, error] = std::from_chars(field.data(), field.data() + field.size(), values[i - first]);
        if (field.empty() || error != std::errc() || stop != field.data() + field.size())
          throw DataError(at() + "'" + std::string(field) + "' is not a number");
      }
      return values;
    };
    if (fields[0] == "categories") {
      if (std::vector<std::string>(fields.begin() + 1, fields.end()) != model.categories)
        throw DataError(at() + "the categories are not the schema's, in its order: retrain the tagger");
      have_categories = true;
    } else if (fields[0] == "bias") {
      model.bias = numbers(1);
      have_bias = true;
    } else if (fields[0] == "threshold") {
      model.thresholds = numbers(1);
      have_thresholds = true;
    } else if (fields[0] == "f" && fields.size() >= 2) {
      model.weights[std::string(fields[1])] = numbers(2);
    } else {
      throw DataError(at() + "unknown line '" + std::string(fields[0]) + "'");
    }
  }
  if (!have_categories || !have_bias || !have_thresholds)
    throw DataError(name + ": the categories, bias and threshold lines are required");
  return model;
}

std::string_view builtin_tag_model_text() { return tagger_model_files::file("tagger-model.tsv"); }

const TagModel& TagModel::builtin() {
  static const TagModel model = parse(builtin_tag_model_text(), "indexer/tagger-model.tsv");
  return model;
}

// ------------------------------------------------------------------ evaluation

namespace {

double ratio(int numerator, int denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

} // namespace

std::vector<TagLabel> read_tag_labels(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw DataError("cannot read the tagging labels " + file.string());
  std::vector<TagLabel> labels;
  std::set<std::string> seen;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const std::string at = file.string() + ":" + std::to_string(number) + ": ";
    const auto fields = split(line, '\t');
    if (fields.size() != 4)
      throw DataError(at + "expected 4 tab-separated fields (clause, language, categories, split), found " +
                      std::to_string(fields.size()));
    TagLabel label;
    label.clause = fields[0];
    label.language = fields[1];
    if (label.clause.empty() || label.language.empty()) throw DataError(at + "the clause id and language must not be empty");
    if (!seen.insert(label.clause).second) throw DataError(at + "clause " + label.clause + " is labelled twice");
    if (fields[2] != "-")
      for (const auto& category : split(fields[2], ',')) {
        if (schema().category_index(category) < 0)
          throw DataError(at + "unknown category '" + category + "'");
        label.categories.insert(category);
      }
    if (fields[3] != "tune" && fields[3] != "held-out")
      throw DataError(at + "the split must be 'tune' or 'held-out', not '" + fields[3] + "'");
    label.held_out = fields[3] == "held-out";
    labels.push_back(std::move(label));
  }
  return labels;
}

std::vector<TagLabel> read_tag_labels(const std::vector<std::string>& files) {
  std::vector<TagLabel> labels;
  std::set<std::string> labelled;
  for (const auto& file : files)
    for (auto& label : read_tag_labels(std::filesystem::path(file))) {
      if (!labelled.insert(label.clause).second)
        throw DataError("the clause " + label.clause + " is labelled in two of the labels files (" + file +
                        " and an earlier one): keep one label");
      labels.push_back(std::move(label));
    }
  return labels;
}

double CategoryScore::precision() const { return ratio(true_positives, true_positives + false_positives); }
double CategoryScore::recall() const { return ratio(true_positives, true_positives + false_negatives); }
double CategoryScore::f1() const {
  const double p = precision(), r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

TagEvaluation evaluate_tags(const std::vector<TagLabel>& labels,
                            const std::map<std::string, std::set<std::string>>& predicted) {
  TagEvaluation evaluation;
  for (const auto& category : schema().categories) evaluation.per_category[category.id];
  const std::set<std::string> none;
  for (const auto& label : labels) {
    ++evaluation.clauses;
    const auto found = predicted.find(label.clause);
    const auto& guess = found == predicted.end() ? none : found->second;
    for (auto& [category, score] : evaluation.per_category) {
      const bool truth = label.categories.count(category) > 0;
      const bool tagged = guess.count(category) > 0;
      if (truth && tagged) ++score.true_positives;
      if (!truth && tagged) ++score.false_positives;
      if (truth && !tagged) ++score.false_negatives;
    }
  }
  int counted = 0;
  for (const auto& [category, score] : evaluation.per_category) {
    evaluation.micro.true_positives += score.true_positives;
    evaluation.micro.false_positives += score.false_positives;
    evaluation.micro.false_negatives += score.false_negatives;
    if (score.support() == 0 && score.false_positives == 0) continue;
    ++counted;
    evaluation.macro_precision += score.precision();
    evaluation.macro_recall += score.recall();
    evaluation.macro_f1 += score.f1();
  }
  if (counted > 0) {
    evaluation.macro_precision /= counted;
    evaluation.macro_recall /= counted;
    evaluation.macro_f1 /= counted;
  }
  return evaluation;
}

std::map<std::string, TaggerInput> read_tagger_inputs(const std::filesystem::path& build_dir) {
  const auto file = build_dir / "cadre.sqlite";
  if (!std::filesystem::exists(file)) throw DataError("no build database at " + file.string() + ": run `cadre index`");
  try {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    // The build groups a clause's versions in the order its instrument's sources were parsed
    // (sources rows are inserted in that order); one source holding several languages lists
    // the instrument's declared languages first.
    std::map<std::string, std::map<std::string, int>> language_rank; // instrument -> language -> rank
    {
      std::map<std::string, std::vector<std::string>> declared;
      SQLite::Statement q(db, "SELECT id, languages FROM instruments");
      while (q.executeStep()) declared[q.getColumn(0).getString()] = split(q.getColumn(1).getString(), ',');
      SQLite::Statement s(db, "SELECT instrument, language FROM sources ORDER BY rowid");
      int order = 0;
      while (s.executeStep()) {
        auto& ranks = language_rank[s.getColumn(0).getString()];
        ranks.emplace(s.getColumn(1).getString(), ++order * 100);
      }
      for (auto& [instrument, ranks] : language_rank) {
        const auto& languages = declared[instrument];
        for (auto& [language, rank] : ranks) {
          const auto at = std::find(languages.begin(), languages.end(), language);
          rank += at == languages.end() ? 99 : static_cast<int>(at - languages.begin());
        }
      }
    }
    struct Row {
      std::string instrument, parent;
      std::vector<std::pair<int, std::string>> texts, headings; // (rank, value)
    };
    std::map<std::string, Row> rows;
    SQLite::Statement c(db, "SELECT id, instrument, COALESCE(parent, '') FROM clauses");
    while (c.executeStep()) {
      auto& row = rows[c.getColumn(0).getString()];
      row.instrument = c.getColumn(1).getString();
      row.parent = c.getColumn(2).getString();
    }
    SQLite::Statement t(db, "SELECT clause, language, heading, text FROM clause_texts");
    while (t.executeStep()) {
      auto found = rows.find(t.getColumn(0).getString());
      if (found == rows.end()) continue;
      const auto& ranks = language_rank[found->second.instrument];
      const auto rank = ranks.find(t.getColumn(1).getString());
      const int r = rank == ranks.end() ? 1 << 20 : rank->second;
      found->second.texts.emplace_back(r, t.getColumn(3).getString());
      found->second.headings.emplace_back(r, t.getColumn(2).getString());
    }
    auto first_heading = [](const Row& row) {
      return row.headings.empty() ? std::string() : std::min_element(row.headings.begin(), row.headings.end())->second;
    };
    for (auto& [id, row] : rows) std::sort(row.texts.begin(), row.texts.end());
    auto texts_of = [](const Row& row) {
      std::vector<std::string> out;
      for (const auto& text : row.texts) out.push_back(text.second);
      return out;
    };
    std::map<std::string, TaggerInput> inputs;
    for (const auto& [id, row] : rows) {
      TaggerInput& input = inputs[id];
      input.texts = texts_of(row);
      input.headings.push_back(first_heading(row));
      if (const auto parent = rows.find(row.parent); parent != rows.end()) input.parent_texts = texts_of(parent->second);
      for (auto parent = rows.find(row.parent); parent != rows.end(); parent = rows.find(parent->second.parent))
        input.headings.push_back(first_heading(parent->second));
    }
    SQLite::Statement curated(db, "SELECT clause, category FROM clause_tags WHERE origin = 'curated'");
    while (curated.executeStep()) inputs[curated.getColumn(0).getString()].curated.insert(curated.getColumn(1).getString());
    return inputs;
  } catch (const SQLite::Exception& e) {
    throw DataError("cannot read the clauses of " + file.string() + ": " + e.what());
  }
}

} // namespace indexer
} // namespace cadre
