// The claim checker: sentences of a cell against the clauses they cite (indexer/claims.hpp).
#include "indexer/claims.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace cadre::indexer {
namespace {

using cadre::text::decode_utf8_at;

// ---------------------------------------------------------------------------------------------
// Decoded text: code points with the byte offset of each (and of the end).

struct Decoded {
  std::u32string s;
  std::vector<std::size_t> at;
};

Decoded decode(std::string_view text) {
  Decoded d;
  for (std::size_t i = 0, length = 0; i < text.size(); i += length) {
    char32_t cp = decode_utf8_at(text, i, &length);
    if (length == 0) length = 1;
    if (cp >= 0xFF10 && cp <= 0xFF19) cp = U'0' + (cp - 0xFF10); // full-width digits
    if (cp == 0xFF05) cp = U'%';
    d.s.push_back(cp);
    d.at.push_back(i);
  }
  d.at.push_back(text.size());
  return d;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007 ||
         c == 0x3000;
}
bool is_group_space(char32_t c) { return c == U' ' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007; }
/// Letters of the Latin scripts (ASCII and Latin-1 to Latin Extended-B).
bool is_latin_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
char32_t lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}
bool is_upper(char32_t c) { return (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }

std::string lower_word_at(const std::u32string& s, std::size_t i, std::size_t* end) {
  std::string out;
  std::size_t k = i;
  while (k < s.size() && is_latin_letter(s[k])) text::append_utf8(out, lower(s[k++]));
  *end = k;
  return out;
}

std::size_t skip_spaces(const std::u32string& s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const std::map<std::string, int>& number_words() {
  static const std::map<std::string, int> words = {
      // English
      {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
      {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
      {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
      {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80}, {"ninety", 90},
      // French
      {"un", 1}, {"une", 1}, {"deux", 2}, {"trois", 3}, {"quatre", 4}, {"cinq", 5}, {"sept", 7}, {"huit", 8},
      {"neuf", 9}, {"dix", 10}, {"onze", 11}, {"douze", 12}, {"treize", 13}, {"quatorze", 14}, {"quinze", 15},
      {"seize", 16}, {"vingt", 20}, {"vingts", 20}, {"trente", 30}, {"quarante", 40}, {"cinquante", 50}, {"soixante", 60},
      // Portuguese
      {"um", 1}, {"uma", 1}, {"dois", 2}, {"duas", 2}, {"três", 3}, {"tres", 3}, {"cinco", 5}, {"seis", 6}, {"sete", 7},
      {"oito", 8}, {"nove", 9}, {"dez", 10}, {"doze", 12}, {"catorze", 14}, {"dezesseis", 16}, {"vinte", 20},
      {"trinta", 30}, {"quarenta", 40}, {"cinquenta", 50}, {"sessenta", 60}, {"setenta", 70}, {"oitenta", 80},
      {"noventa", 90}, {"cento", 100}, {"cem", 100}, {"duzentos", 200}, {"trezentos", 300}, {"quatrocentos", 400},
      {"quinhentos", 500}, {"seiscentos", 600}, {"setecentos", 700}, {"oitocentos", 800}, {"novecentos", 900}};
  return words;
}
bool is_hundred_word(const std::string& w) { return w == "hundred" || w == "cent" || w == "cents"; }
bool is_connector_word(const std::string& w) { return w == "and" || w == "et" || w == "e"; }

double scale_word(const std::string& w) {
  if (w == "thousand" || w == "mil" || w == "mille") return 1e3;
  if (w == "lakh" || w == "lakhs") return 1e5;
  if (w == "crore" || w == "crores") return 1e7;
  if (w == "million" || w == "millions" || w == "mio" || w == "milhão" || w == "milhões" || w == "milhao" || w == "milhoes")
    return 1e6;
  if (w == "billion" || w == "billions" || w == "bn" || w == "milliard" || w == "milliards" || w == "bilhão" ||
      w == "bilhões" || w == "bilhao" || w == "bilhoes")
    return 1e9;
  return 0;
}

/// Canonical duration unit of a Latin-script word, or "".
std::string duration_word(const std::string& w) {
  static const std::map<std::string, std::string> units = {
      {"hour", "hour"},   {"hours", "hour"},   {"heure", "hour"},   {"heures", "hour"},    {"hora", "hour"},
      {"horas", "hour"},  {"day", "day"},      {"days", "day"},     {"jour", "day"},       {"jours", "day"},
      {"dia", "day"},     {"dias", "day"},     {"week", "week"},    {"weeks", "week"},     {"semaine", "week"},
      {"semaines", "week"}, {"semana", "week"}, {"semanas", "week"}, {"month", "month"},   {"months", "month"},
      {"mois", "month"},  {"mês", "month"},    {"meses", "month"},  {"year", "year"},      {"years", "year"},
      {"an", "year"},     {"ans", "year"},     {"année", "year"},   {"années", "year"},    {"ano", "year"},
      {"anos", "year"}};
  const auto it = units.find(w);
  return it == units.end() ? "" : it->second;
}
bool is_duration_qualifier(const std::string& w) {
  return w == "working" || w == "business" || w == "calendar" || w == "clear" || w == "full" || w == "consecutive";
}

int month_word(const std::string& w) {
  static const std::map<std::string, int> months = {
      {"january", 1},   {"february", 2}, {"march", 3},     {"april", 4},    {"may", 5},       {"june", 6},
      {"july", 7},      {"august", 8},   {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
      {"janvier", 1},   {"février", 2},  {"fevrier", 2},   {"mars", 3},     {"avril", 4},     {"mai", 5},
      {"juin", 6},      {"juillet", 7},  {"août", 8},      {"aout", 8},     {"septembre", 9}, {"octobre", 10},
      {"novembre", 11}, {"décembre", 12}, {"decembre", 12}, {"janeiro", 1},  {"fevereiro", 2}, {"março", 3},
      {"marco", 3},     {"abril", 4},    {"maio", 5},      {"junho", 6},    {"julho", 7},     {"agosto", 8},
      {"setembro", 9},  {"outubro", 10}, {"dezembro", 12}};
  const auto it = months.find(w);
  return it == months.end() ? 0 : it->second;
}

/// Words after which a number names a unit, a text or a version instead of stating a quantity.
bool is_identifier_word(const std::string& w) {
  static const std::set<std::string> words = {
      "art",        "arts",        "article",     "articles",   "section",     "sections",    "s",          "ss",
      "sec",        "subsection",  "subsections", "paragraph",  "paragraphs",  "para",        "paras",      "paragraphe",
      "paragraphes", "par",        "al",          "alinéa",     "alinéas",     "point",       "points",     "item",
      "items",      "annex",       "annexes",     "annexe",     "anx",         "chapter",     "chapters",   "chapitre",
      "chapitres",  "chap",        "part",        "parts",      "partie",      "parties",     "title",      "titre",
      "schedule",   "recital",     "recitals",    "considérant", "considérants", "principle", "principles", "principe",
      "principes",  "recommendation", "recommendations", "recommandation", "recommandations", "measure", "measures",
      "mesure",     "mesures",     "bill",        "bills",      "law",         "loi",         "lei",        "no",
      "nos",        "number",      "numéro",      "eo",         "order",       "décret",      "sb",         "hb",
      "ab",         "pl",          "rule",        "rules",      "règle",       "règles",      "level",      "levels",
      "niveau",     "niveaux",     "version",     "tier",       "tiers",       "category",    "categories", "catégorie",
      "catégories", "axis",        "axe",         "objective",  "objectif",    "pillar",      "pilier",     "act",
      "iso",        "iec",         "cfr",         "usc",        "c",           "clause",      "clauses",    "subclause",
      "row",        "rows",        "appendix",    "appx",       "phase",       "step",        "étape",      "division",
      "subdivision", "subdivisions", "subdiv",   "regulation", "directive",   "décision",    "decision",   "resolution",
      "résolution", "provision",   "provisions",  "disposition", "dispositions", "code",      "cap",        "inciso",
      "parágrafo",  "lp",          "gb",          "ley",        "nist",        "sp",          "ai",         "module"};
  return words.count(w) > 0;
}

// ---------------------------------------------------------------------------------------------
// Numbers.

struct Number {
  double value = 0;
  std::size_t begin = 0, end = 0;
  bool grouped = false;  ///< written with thousands separators
  bool decimal = false;  ///< has a decimal part
  int digits = 0;        ///< digits before any decimal mark, separators excluded
};

/// A run of digits with thousands separators and a decimal mark, by the language's convention:
/// English and CJK write 35,000,000.5; French 35 000 000,5; Portuguese 35.000.000,5. Spaces
/// group digits in every language (the EU's English texts write "EUR 35 000 000").
bool read_digits(const std::u32string& s, std::size_t i, std::string_view language, Number* out) {
  if (i >= s.size() || !is_digit(s[i])) return false;
  const bool comma_decimal = language == "fr" || language == "pt";
  std::string digits;
  std::size_t k = i;
  auto group_follows = [&](std::size_t sep) {
    // Exactly three digits after the separator, then no further digit.
    for (std::size_t g = sep + 1; g <= sep + 3; ++g)
      if (g >= s.size() || !is_digit(s[g])) return false;
    return sep + 4 >= s.size() || !is_digit(s[sep + 4]);
  };
  int lead = 0;
  while (k < s.size() && is_digit(s[k])) digits += static_cast<char>(s[k++]), ++lead;
  bool grouped = false;
  while (k < s.size() && lead <= 3) {
    const char32_t c = s[k];
    const bool thousands = (c == U',' && !comma_decimal) || (c == U'.' && language == "pt") || is_group_space(c);
    if (!thousands || !group_follows(k)) break;
    digits += static_cast<char>(s[k + 1]);
    digits += static_cast<char>(s[k + 2]);
    digits += static_cast<char>(s[k + 3]);
    k += 4;
    grouped = true;
  }
  const int int_digits = static_cast<int>(digits.size());
  bool decimal = false;
  const char32_t mark = comma_decimal ? U',' : U'.';
  if (k + 1 < s.size() && s[k] == mark && is_digit(s[k + 1])) {
    // "1.5 million", "2,5 %"; a dotted section number (12.1.3) is not a decimal.
    std::size_t e = k + 1;
    std::string frac;
    while (e < s.size() && is_digit(s[e])) frac += static_cast<char>(s[e++]);
    if (!(e < s.size() && s[e] == mark && e + 1 < s.size() && is_digit(s[e + 1]))) {
      digits += "." + frac;
      k = e;
      decimal = true;
    }
  }
  out->value = std::strtod(digits.c_str(), nullptr);
  out->begin = i;
  out->end = k;
  out->grouped = grouped;
  out->decimal = decimal;
  out->digits = int_digits;
  return true;
}

int cjk_digit(char32_t c) {
  switch (c) {
  case U'〇': case U'零': return 0;
  case U'一': return 1;
  case U'二': case U'两': case U'兩': return 2;
  case U'三': return 3;
  case U'四': return 4;
  case U'五': return 5;
  case U'六': return 6;
  case U'七': return 7;
  case U'八': return 8;
  case U'九': return 9;
  default: return -1;
  }
}
double cjk_small_unit(char32_t c) {
  switch (c) {
  case U'十': case U'拾': case U'십': return 10;
  case U'百': case U'佰': case U'백': return 100;
  case U'千': case U'仟': case U'천': return 1000;
  default: return 0;
  }
}
double cjk_big_unit(char32_t c) {
  switch (c) {
  case U'万': case U'萬': case U'만': return 1e4;
  case U'亿': case U'億': case U'억': return 1e8;
  case U'兆': case U'조': return 1e12;
  default: return 0;
  }
}
bool is_hangul_unit(char32_t c) { return c == U'십' || c == U'백' || c == U'천' || c == U'만' || c == U'억' || c == U'조'; }

/// A number written with CJK numerals, Arabic digits or both: 三十, 二〇二四, 五千万, 3천만,
/// 1億. Hangul units count only after a digit (천 alone is a word). Returns false when no
/// numeral starts at `i`.
bool read_cjk_number(const std::u32string& s, std::size_t i, std::string_view language, Number* out) {
  std::size_t k = i;
  double total = 0, section = 0, current = 0;
  bool any = false, have_current = false, positional = true;
  std::string positional_digits;
  while (k < s.size()) {
    const char32_t c = s[k];
    if (is_digit(c)) {
      Number n;
      read_digits(s, k, language, &n);
      current = n.value;
      have_current = true;
      any = true;
      positional = false;
      k = n.end;
      continue;
    }
    const int d = cjk_digit(c);
    if (d >= 0) {
      if (have_current && positional) {
        current = current * 10 + d;  // 二〇二四
      } else {
        current = d;
      }
      positional_digits += static_cast<char>('0' + d);
      have_current = true;
      any = true;
      ++k;
      continue;
    }
    if (is_hangul_unit(c) && !any) break;
    if (const double u = cjk_small_unit(c); u > 0) {
      section += (have_current ? current : 1) * u;
      current = 0;
      have_current = false;
      positional = false;
      any = true;
      ++k;
      continue;
    }
    if (const double u = cjk_big_unit(c); u > 0 && any) {
      total += (section + current) * u;
      section = 0;
      current = 0;
      have_current = false;
      positional = false;
      ++k;
      continue;
    }
    break;
  }
  if (!any) return false;
  out->value = total + section + current;
  out->begin = i;
  out->end = k;
  out->digits = static_cast<int>(std::to_string(static_cast<long long>(out->value)).size());
  return true;
}

bool is_cjk_numeral_start(char32_t c) { return cjk_digit(c) >= 0 || (cjk_small_unit(c) > 0 && c < 0xAC00); }

/// English, French or Portuguese number words from `i` ("seventy-two", "quatre-vingt-dix",
/// "one hundred"); false when no number word starts there.
bool read_number_words(const std::u32string& s, std::size_t i, Number* out) {
  if (i > 0 && is_latin_letter(s[i - 1])) return false;
  std::size_t k = i, end = i;
  double total = 0, current = 0;
  int previous = -1;
  bool any = false;
  while (k < s.size()) {
    std::size_t e;
    const std::string w = lower_word_at(s, k, &e);
    if (w.empty()) break;
    const auto& words = number_words();
    if (const auto it = words.find(w); it != words.end()) {
      if (w == "vingt" && previous == 4) current += 80 - 4;
      else current += it->second;
      previous = it->second;
    } else if (is_hundred_word(w) && any) {
      current = (current == 0 ? 1 : current) * 100;
    } else if (is_connector_word(w) && any) {
      // "one hundred and five", "vingt et un": only if a number word follows.
      const std::size_t next = skip_spaces(s, e);
      std::size_t e2;
      if (number_words().count(lower_word_at(s, next, &e2)) == 0) break;
    } else {
      break;
    }
    if (!is_connector_word(w)) {
      any = true;
      end = e;
    }
    k = e;
    if (k < s.size() && (s[k] == U'-' || s[k] == U' ')) {
      std::size_t e2;
      const std::size_t next = k + 1;
      const std::string w2 = lower_word_at(s, next, &e2);
      if (number_words().count(w2) > 0 || is_hundred_word(w2) || (is_connector_word(w2) && any)) {
        k = next;
        continue;
      }
    }
    break;
  }
  if (!any) return false;
  total += current;
  out->value = total;
  out->begin = i;
  out->end = end;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Figures.

bool near_equal(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

/// Japanese era years: 令和 (2019), 平成 (1989), 昭和 (1926); 元年 is the first year.
int era_base(const std::u32string& s, std::size_t i) {
  if (i < 2) return 0;
  const std::u32string era = s.substr(i - 2, 2);
  if (era == U"令和") return 2018;
  if (era == U"平成") return 1988;
  if (era == U"昭和") return 1925;
  return 0;
}

class Scanner {
public:
  Scanner(const Decoded& d, std::string_view language, bool keep_identifiers)
      : m_d(d), m_s(d.s), m_language(language), m_keep(keep_identifiers) {}

  std::vector<Figure> run() {
    std::size_t i = 0;
    while (i < m_s.size()) {
      const std::size_t next = step(i);
      i = next > i ? next : i + 1;
    }
    return m_figures;
  }

private:
  const Decoded& m_d;
  const std::u32string& m_s;
  std::string_view m_language;
  bool m_keep;
  std::vector<Figure> m_figures;
  std::size_t m_identifier_run_end = std::string::npos; ///< end of the last number skipped as an identifier

  void emit(Figure f, std::size_t begin, std::size_t end) {
    f.begin = m_d.at[begin];
    f.end = m_d.at[end];
    m_figures.push_back(std::move(f));
  }

  std::string word_before(std::size_t i) const {
    std::size_t k = i;
    while (k > 0 && (is_space(m_s[k - 1]) || m_s[k - 1] == U'.' || m_s[k - 1] == U'°' || m_s[k - 1] == U'º')) --k;
    std::size_t b = k;
    while (b > 0 && is_latin_letter(m_s[b - 1])) --b;
    if (b == k) return "";
    if (k - b == 1 && lower(m_s[b]) == U's' && b > 0 && (m_s[b - 1] == U'\'' || m_s[b - 1] == U'’'))
      return ""; // "the government's 2021 strategy", not "s. 12"
    std::string w;
    for (std::size_t x = b; x < k; ++x) text::append_utf8(w, lower(m_s[x]));
    return w;
  }

  /// True when the number at [b, e) names something in a cell's prose.
  bool is_identifier(std::size_t b, std::size_t e) {
    if (m_keep) return false;
    if (b > 0) {
      const char32_t p = m_s[b - 1];
      if (is_latin_letter(p) || p == U'/' || p == U'_' || p == U'第' || p == U'제' || p == U'§') return true;
      if ((p == U'-' || p == U'‑') && b > 1 && (is_latin_letter(m_s[b - 2]) || is_digit(m_s[b - 2]))) return true;
      if (p == U'(' && e < m_s.size() && m_s[e] == U')' && e - b <= 3) return true;
      if (p == U'.' && b > 1 && is_digit(m_s[b - 2])) return true; // 12.1 after a section number
    }
    if (e < m_s.size()) {
      const char32_t n = m_s[e];
      if (n == U'/' || n == U'_' || n == U'(' || n == U'条' || n == U'조') return true;
      if (n == U'.' && e + 1 < m_s.size() && is_digit(m_s[e + 1])) return true;
      if ((n == U'-' || n == U'‑') && e + 1 < m_s.size() && is_digit(m_s[e + 1])) {
        // "2021-2026" is a period; "24-205" and "6-1-1701" are numbers of bills and sections.
        Number next;
        read_digits(m_s, e + 1, m_language, &next);
        const bool years = e - b == 4 && next.end - next.begin == 4 && next.value >= 1900 && next.value <= 2100;
        if (!years) return true;
      }
      if (is_latin_letter(n)) {
        std::size_t we;
        const std::string w = lower_word_at(m_s, e, &we);
        if (w != "m" && w != "bn" && w != "k" && scale_word(w) == 0 && duration_word(w).empty() && w != "er" &&
            w != "re")
          return true;
      }
    }
    const std::string w = word_before(b);
    if (!w.empty() && is_identifier_word(w)) return true;
    // "Digital Personal Data Protection Act, 2023", "IT Rules, 2021".
    if (std::size_t p = b; p > 0) {
      while (p > 0 && is_space(m_s[p - 1])) --p;
      if (p > 0 && m_s[p - 1] == U',') {
        const std::string named = word_before(p - 1);
        if (named == "act" || named == "rules" || named == "regulations" || named == "code") return true;
      }
    }
    // A statute citation: "S.Q. 2021, c. 25", "L.Q. 2021, c. 25".
    if (e + 1 < m_s.size() && m_s[e] == U',') {
      std::size_t we;
      const std::size_t p = skip_spaces(m_s, e + 1);
      const std::string cw = lower_word_at(m_s, p, &we);
      if ((cw == "c" || cw == "ch" || cw == "chap") && we < m_s.size() && m_s[we] == U'.') return true;
    }
    if (w == "n" && b > 0 && (m_s[b - 1] == U'°' || m_s[b - 1] == U'º' || (b > 1 && (m_s[b - 2] == U'°' || m_s[b - 2] == U'º'))))
      return true;
    // "Articles 9 to 15", "sections 3, 4 and 5": the rest of a run of identifiers.
    if (m_identifier_run_end != std::string::npos && m_identifier_run_end < b) {
      std::size_t k = m_identifier_run_end;
      bool ok = true;
      while (k < b && ok) {
        if (is_space(m_s[k]) || m_s[k] == U',' || m_s[k] == U'-' || m_s[k] == U'–' || m_s[k] == U')' || m_s[k] == U'(') {
          ++k;
          continue;
        }
        std::size_t we;
        const std::string cw = lower_word_at(m_s, k, &we);
        if (cw == "to" || cw == "and" || cw == "or" || cw == "through" || cw == "à" || cw == "et" || cw == "ou" ||
            cw == "a" || cw == "e" || cw == "au") {
          k = we;
          continue;
        }
        ok = false;
      }
      if (ok) return true;
    }
    return false;
  }

  /// After a number ending at `e`: a scale word ("million"), then a unit. Emits the figure.
  std::size_t finish_number(double value, std::size_t b, std::size_t e, bool from_words) {
    std::size_t k = e;
    // "180 (one hundred and eighty) days", "180 (cento e oitenta) dias": the number in words
    // repeats the digits.
    if (!from_words) {
      const std::size_t p = skip_spaces(m_s, k);
      if (p < m_s.size() && m_s[p] == U'(') {
        Number words;
        if (read_number_words(m_s, p + 1, &words) && words.end < m_s.size() && m_s[words.end] == U')' &&
            near_equal(words.value, value))
          k = words.end + 1;
      }
    }
    // Scale: "35 million", "€35m", "1.5bn", "35 millions".
    {
      std::size_t w0 = k < m_s.size() && is_latin_letter(m_s[k]) ? k : skip_spaces(m_s, k);
      std::size_t we;
      const std::string w = lower_word_at(m_s, w0, &we);
      double scale = scale_word(w);
      if (scale == 0 && w == "m" && (w0 == k || (we < m_s.size() && (m_s[we] == U'€' || m_s[we] == U'$' || m_s[we] == U'£'))))
        scale = 1e6; // "€35m", "35 M€", "10 M$"
      if (scale == 0 && w == "md" && we < m_s.size() && (m_s[we] == U'€' || m_s[we] == U'$')) scale = 1e9;
      if (scale > 0) {
        value *= scale;
        k = we;
      }
    }
    // Exponent: 10^25, 10²⁵.
    if (!from_words && value == 10 && k < m_s.size()) {
      std::size_t x = k;
      std::string exp;
      if (m_s[x] == U'^') {
        ++x;
        while (x < m_s.size() && is_digit(m_s[x])) exp += static_cast<char>(m_s[x++]);
      } else {
        static const std::u32string sup = U"⁰¹²³⁴⁵⁶⁷⁸⁹";
        while (x < m_s.size() && sup.find(m_s[x]) != std::u32string::npos)
          exp += static_cast<char>('0' + sup.find(m_s[x++]));
      }
      if (!exp.empty()) {
        Figure f;
        f.value = std::pow(10.0, std::atoi(exp.c_str()));
        emit(f, b, x);
        return x;
      }
    }
    // Percent.
    {
      std::size_t p = skip_spaces(m_s, k);
      if (p < m_s.size() && m_s[p] == U'%') {
        Figure f;
        f.kind = Figure::Kind::percent;
        f.value = value;
        emit(f, b, p + 1);
        return p + 1;
      }
      std::size_t we;
      const std::string w = lower_word_at(m_s, p, &we);
      if (w == "per" || w == "pour" || w == "por") {
        std::size_t we2;
        const std::string w2 = lower_word_at(m_s, skip_spaces(m_s, we), &we2);
        if (w2 == "cent" || w2 == "cento") {
          Figure f;
          f.kind = Figure::Kind::percent;
          f.value = value;
          emit(f, b, we2);
          return we2;
        }
      }
      if (w == "percent") {
        Figure f;
        f.kind = Figure::Kind::percent;
        f.value = value;
        emit(f, b, we);
        return we;
      }
    }
    // Duration: "15 days", "15-day", "30 working days", "three years".
    {
      std::size_t p = k;
      if (p < m_s.size() && (m_s[p] == U'-' || m_s[p] == U'‑')) ++p;
      p = skip_spaces(m_s, p);
      std::size_t we;
      std::string w = lower_word_at(m_s, p, &we);
      if (is_duration_qualifier(w)) w = lower_word_at(m_s, skip_spaces(m_s, we), &we);
      if (const std::string unit = duration_word(w); !unit.empty()) {
        Figure f;
        f.kind = Figure::Kind::duration;
        f.value = value;
        f.unit = unit;
        emit(f, b, we);
        return we;
      }
      if (const std::size_t c = k; c < m_s.size()) {
        std::string unit;
        std::size_t ue = c + 1;
        const char32_t u = m_s[c];
        if (u == U'日' || u == U'天' || u == U'일') unit = "day";
        else if (u == U'年' || u == U'년') unit = "year";
        else if (u == U'周' || u == U'週' || u == U'주') unit = "week";
        else if (u == U'时' || u == U'時' || u == U'시') {
          if (c + 1 < m_s.size() && (m_s[c + 1] == U'间' || m_s[c + 1] == U'間')) unit = "hour", ue = c + 2;
        } else if (u == U'小' && c + 2 < m_s.size() && (m_s[c + 1] == U'时' || m_s[c + 1] == U'時')) {
          unit = "hour", ue = c + 2;
        } else if (u == U'个' || u == U'個' || u == U'か' || u == U'ヶ' || u == U'カ' || u == U'箇' || u == U'ケ') {
          if (c + 1 < m_s.size() && m_s[c + 1] == U'月') unit = "month", ue = c + 2;
        } else if (u == U'개' && c + 1 < m_s.size() && m_s[c + 1] == U'월') {
          unit = "month", ue = c + 2;
        } else if (u == U'月') {
          unit = "month";
        } else if (u == U'시' && c + 1 < m_s.size() && m_s[c + 1] == U'간') {
          unit = "hour", ue = c + 2;
        }
        if (!unit.empty() && !from_words) {
          Figure f;
          f.kind = Figure::Kind::duration;
          f.value = value;
          f.unit = unit;
          emit(f, b, ue);
          return ue;
        }
      }
    }
    if (from_words && k == e) return e; // a bare number word ("two languages") states nothing checkable
    Figure f;
    f.value = value;
    emit(f, b, k);
    return k;
  }

  /// A CJK date at `i`: 2024年8月1日, 二〇二四年八月一日, 令和6年5月, 2024년 8월 1일.
  bool cjk_date(std::size_t i, std::size_t* end) {
    Number y;
    if (!read_cjk_number(m_s, i, m_language, &y)) return false;
    std::size_t k = y.end;
    if (k >= m_s.size() || (m_s[k] != U'年' && m_s[k] != U'년')) return false;
    int year = static_cast<int>(y.value);
    if (const int base = era_base(m_s, i); base > 0) year = base + year;
    if (year < 1900 || year > 2100) return false;
    ++k;
    const std::size_t after_year = k;
    k = skip_spaces(m_s, k);
    Number m;
    int month = 0, day = 0;
    if (read_cjk_number(m_s, k, m_language, &m) && m.end < m_s.size() && (m_s[m.end] == U'月' || m_s[m.end] == U'월') &&
        m.value >= 1 && m.value <= 12) {
      month = static_cast<int>(m.value);
      k = m.end + 1;
      const std::size_t after_month = k;
      k = skip_spaces(m_s, k);
      Number d;
      if (read_cjk_number(m_s, k, m_language, &d) && d.end < m_s.size() && (m_s[d.end] == U'日' || m_s[d.end] == U'일') &&
          d.value >= 1 && d.value <= 31) {
        day = static_cast<int>(d.value);
        k = d.end + 1;
      } else {
        k = after_month;
      }
    } else {
      k = after_year;
    }
    Figure f;
    if (month == 0) {
      f.kind = Figure::Kind::year;
      f.value = year;
    } else {
      f.kind = Figure::Kind::date;
      f.year = year;
      f.month = month;
      f.day = day;
    }
    emit(f, i, k);
    *end = k;
    return true;
  }

  /// A Latin-script date starting at a digit or a month name.
  bool latin_date(std::size_t i, std::size_t* end) {
    auto year_at = [&](std::size_t p, int* year, std::size_t* ye) {
      if (p + 4 > m_s.size()) return false;
      for (std::size_t x = p; x < p + 4; ++x)
        if (!is_digit(m_s[x])) return false;
      if (p + 4 < m_s.size() && is_digit(m_s[p + 4])) return false;
      *year = (m_s[p] - U'0') * 1000 + (m_s[p + 1] - U'0') * 100 + (m_s[p + 2] - U'0') * 10 + (m_s[p + 3] - U'0');
      *ye = p + 4;
      return *year >= 1900 && *year <= 2100;
    };
    auto skip_de = [&](std::size_t p) {
      std::size_t q = skip_spaces(m_s, p);
      std::size_t we;
      if (lower_word_at(m_s, q, &we) == "de") return skip_spaces(m_s, we);
      return q;
    };
    Figure f;
    f.kind = Figure::Kind::date;
    if (is_digit(m_s[i])) {
      // ISO 2024-08-01.
      int year;
      std::size_t ye;
      if (year_at(i, &year, &ye) && ye + 5 < m_s.size() && m_s[ye] == U'-' && is_digit(m_s[ye + 1]) &&
          is_digit(m_s[ye + 2]) && m_s[ye + 3] == U'-' && is_digit(m_s[ye + 4]) && is_digit(m_s[ye + 5])) {
        f.year = year;
        f.month = (m_s[ye + 1] - U'0') * 10 + (m_s[ye + 2] - U'0');
        f.day = (m_s[ye + 4] - U'0') * 10 + (m_s[ye + 5] - U'0');
        emit(f, i, ye + 6);
        *end = ye + 6;
        return true;
      }
      // 1 August 2024, 1er août 2024, 1º de agosto de 2024.
      std::size_t k = i;
      int day = 0;
      while (k < m_s.size() && is_digit(m_s[k]) && k - i < 2) day = day * 10 + (m_s[k++] - U'0');
      if (k < m_s.size() && is_digit(m_s[k])) return false;
      std::size_t we;
      if (lower_word_at(m_s, k, &we) == "er") k = we;
      else if (k < m_s.size() && (m_s[k] == U'º' || m_s[k] == U'°')) ++k;
      const std::size_t mb = skip_de(k);
      const int month = month_word(lower_word_at(m_s, mb, &we));
      if (month == 0 || day < 1 || day > 31) return false;
      const std::size_t yb = skip_de(we);
      if (!year_at(yb, &year, &ye)) return false;
      f.year = year;
      f.month = month;
      f.day = day;
      emit(f, i, ye);
      *end = ye;
      return true;
    }
    if (i > 0 && is_latin_letter(m_s[i - 1])) return false;
    std::size_t we;
    const std::string w = lower_word_at(m_s, i, &we);
    const int month = month_word(w);
    if (month == 0) return false;
    if (w == "may" && m_s[i] == U'm') return false; // the modal verb
    // August 1, 2024.
    std::size_t k = skip_spaces(m_s, we);
    int year;
    std::size_t ye;
    if (k < m_s.size() && is_digit(m_s[k]) && !year_at(k, &year, &ye)) {
      int day = 0;
      std::size_t d = k;
      while (d < m_s.size() && is_digit(m_s[d]) && d - k < 2) day = day * 10 + (m_s[d++] - U'0');
      std::size_t oe;
      const std::string ordinal = lower_word_at(m_s, d, &oe);
      if (ordinal == "st" || ordinal == "nd" || ordinal == "rd" || ordinal == "th") d = oe; // "November 1st, 2021"
      d = skip_spaces(m_s, d);
      if (d < m_s.size() && m_s[d] == U',') ++d;
      if (day >= 1 && day <= 31 && year_at(skip_spaces(m_s, d), &year, &ye)) {
        f.year = year;
        f.month = month;
        f.day = day;
        emit(f, i, ye);
        *end = ye;
        return true;
      }
      return false;
    }
    // August 2024, agosto de 2024.
    if (year_at(skip_de(we), &year, &ye)) {
      f.year = year;
      f.month = month;
      emit(f, i, ye);
      *end = ye;
      return true;
    }
    return false;
  }

  std::size_t step(std::size_t i) {
    const char32_t c = m_s[i];
    std::size_t end = i;
    if (is_digit(c) || is_cjk_numeral_start(c)) {
      if (!(i > 0 && is_digit(m_s[i - 1])) && cjk_date(i, &end)) return end;
    }
    if ((is_digit(c) && !(i > 0 && (is_digit(m_s[i - 1]) || is_latin_letter(m_s[i - 1])))) || is_latin_letter(c)) {
      if (latin_date(i, &end)) return end;
    }
    if (is_digit(c)) {
      Number n;
      if (m_language == "zh" || m_language == "ja" || m_language == "ko") {
        read_cjk_number(m_s, i, m_language, &n);
      } else {
        read_digits(m_s, i, m_language, &n);
        // Superscript-free exponents and ordinals in words are handled in finish_number.
      }
      if (is_identifier(n.begin, n.end)) {
        m_identifier_run_end = n.end;
        // Skip a trailing "(1)(a)" and dotted parts of the identifier.
        return n.end;
      }
      // An ordinal (1st, 2nd, 2e) states no quantity.
      std::size_t we;
      const std::string suffix = lower_word_at(m_s, n.end, &we);
      if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" || suffix == "e" || suffix == "er" ||
          suffix == "re" || suffix == "ème")
        return we;
      // A year alone.
      if (n.digits == 4 && !n.grouped && !n.decimal && n.value >= 1900 && n.value <= 2100) {
        const std::size_t after = n.end;
        std::size_t p = skip_spaces(m_s, after);
        std::size_t we2;
        const std::string next = lower_word_at(m_s, p, &we2);
        const bool quantity = (p < m_s.size() && m_s[p] == U'%') || scale_word(next) > 0 || !duration_word(next).empty() ||
                              next == "per" || next == "pour" || next == "percent";
        if (!quantity && !(after < m_s.size() && (m_s[after] == U'年' || m_s[after] == U'년'))) {
          Figure f;
          f.kind = Figure::Kind::year;
          f.value = n.value;
          emit(f, i, after);
          return after;
        }
      }
      return finish_number(n.value, n.begin, n.end, false);
    }
    if (is_cjk_numeral_start(c)) {
      Number n;
      if (read_cjk_number(m_s, i, m_language, &n)) return finish_number(n.value, n.begin, n.end, false);
      return i + 1;
    }
    if (is_latin_letter(c)) {
      if (i > 0 && is_latin_letter(m_s[i - 1])) return i + 1;
      Number n;
      if (read_number_words(m_s, i, &n)) {
        const std::size_t before = m_figures.size();
        const std::size_t k = finish_number(n.value, n.begin, n.end, true);
        if (m_figures.size() > before) return k;
        return n.end;
      }
      std::size_t we;
      lower_word_at(m_s, i, &we);
      return we;
    }
    return i + 1;
  }
};

// ---------------------------------------------------------------------------------------------
// Facts of a clause: every figure of its text (all language versions, descendants included).

struct ClauseFacts {
  std::set<double> values;
  std::set<std::pair<std::string, double>> units; ///< ("%", 7), ("day", 15)
  std::set<std::tuple<int, int, int>> dates;
  std::string quotable; ///< normalize_for_quotes of every version, joined by '\n'
};

bool near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

bool has_value(const std::set<double>& values, double v) {
  auto it = values.lower_bound(v - 1e-9 * std::max(1.0, std::fabs(v)));
  return it != values.end() && near(*it, v);
}

bool has_unit(const ClauseFacts& f, const std::string& unit, double v) {
  for (const auto& [u, x] : f.units)
    if (u == unit && near(x, v)) return true;
  return false;
}

bool supports(const ClauseFacts& facts, const Figure& f) {
  switch (f.kind) {
  case Figure::Kind::number:
    if (has_value(facts.values, f.value)) return true;
    // 10^25 printed as "1025" once a superscript is flattened.
    if (f.value >= 100 && std::fabs(std::log10(f.value) - std::round(std::log10(f.value))) < 1e-12)
      return has_value(facts.values, std::stod("10" + std::to_string(static_cast<int>(std::round(std::log10(f.value))))));
    return false;
  case Figure::Kind::percent: return has_unit(facts, "%", f.value);
  case Figure::Kind::duration: {
    if (has_unit(facts, f.unit, f.value)) return true;
    if (f.unit == "year" && has_unit(facts, "month", f.value * 12)) return true;
    if (f.unit == "month" && std::fmod(f.value, 12) == 0 && has_unit(facts, "year", f.value / 12)) return true;
    if (f.unit == "week" && has_unit(facts, "day", f.value * 7)) return true;
    if (f.unit == "day" && std::fmod(f.value, 7) == 0 && has_unit(facts, "week", f.value / 7)) return true;
    if (f.unit == "hour" && std::fmod(f.value, 24) == 0 && has_unit(facts, "day", f.value / 24)) return true;
    if (f.unit == "day" && has_unit(facts, "hour", f.value * 24)) return true;
    return false;
  }
  case Figure::Kind::date:
    for (const auto& [y, m, d] : facts.dates)
      if (y == f.year && m == f.month && (f.day == 0 || d == f.day)) return true;
    return false;
  case Figure::Kind::year:
    for (const auto& [y, m, d] : facts.dates)
      if (y == static_cast<int>(f.value)) return true;
    return has_value(facts.values, f.value);
  }
  return false;
}

void add_facts(ClauseFacts& facts, const ParsedClause& clause) {
  for (std::string text : {clause.heading, clause.text}) {
    // Tables kept as Markdown break their cells' lines with <br>.
    for (auto p = text.find("<br>"); p != std::string::npos; p = text.find("<br>", p)) text.replace(p, 4, " ");
    for (const auto& f : find_figures(text, clause.language, true)) {
      switch (f.kind) {
      case Figure::Kind::number: facts.values.insert(f.value); break;
      case Figure::Kind::percent: facts.units.insert({"%", f.value}); facts.values.insert(f.value); break;
      case Figure::Kind::duration: facts.units.insert({f.unit, f.value}); facts.values.insert(f.value); break;
      case Figure::Kind::date: facts.dates.insert({f.year, f.month, f.day}); facts.values.insert(f.year); break;
      case Figure::Kind::year: facts.dates.insert({static_cast<int>(f.value), 0, 0}); facts.values.insert(f.value); break;
      }
    }
  }
  facts.quotable += normalize_for_quotes(clause.heading) + "\n" + normalize_for_quotes(clause.text) + "\n";
}

/// Clause facts by clause id, computed once per clause.
class ClauseIndex {
public:
  explicit ClauseIndex(const std::map<std::string, ParsedInstrument>& parsed) : m_parsed(parsed) {}

  /// The facts of `clause_id` and its descendants, or nullptr when its instrument has no
  /// parsed text or the clause does not exist (check_citations reports the latter).
  const ClauseFacts* facts(const std::string& clause_id) {
    if (const auto it = m_cache.find(clause_id); it != m_cache.end()) return it->second.get();
    std::unique_ptr<ClauseFacts> result;
    const auto slash = clause_id.find('/', clause_id.find('/') + 1);
    if (slash != std::string::npos) {
      const std::string instrument = clause_id.substr(0, slash);
      const std::string path = clause_id.substr(slash + 1);
      if (const auto p = m_parsed.find(instrument); p != m_parsed.end() && !p->second.clauses.empty()) {
        auto& by_path = paths(instrument, p->second);
        for (auto it = by_path.lower_bound(path); it != by_path.end(); ++it) {
          if (it->first != path && !it->first.starts_with(path + "__")) break;
          if (!result) result = std::make_unique<ClauseFacts>();
          for (const ParsedClause* c : it->second) add_facts(*result, *c);
        }
      }
    }
    const ClauseFacts* out = result.get();
    m_cache[clause_id] = std::move(result);
    return out;
  }

private:
  using Paths = std::map<std::string, std::vector<const ParsedClause*>>;
  const std::map<std::string, ParsedInstrument>& m_parsed;
  std::map<std::string, std::unique_ptr<ClauseFacts>> m_cache;
  std::map<std::string, Paths> m_paths;

  Paths& paths(const std::string& instrument, const ParsedInstrument& p) {
    auto [it, inserted] = m_paths.try_emplace(instrument);
    if (inserted)
      for (const auto& c : p.clauses) it->second[c.path].push_back(&c);
    return it->second;
  }
};

// ---------------------------------------------------------------------------------------------
// Markdown blocks to sentences.

constexpr char k_citation_mark = '\x01';

struct Position {
  int line = 0, column = 0;
};

struct Block {
  std::string text;                 ///< plain text, a citation link replaced by k_citation_mark
  std::vector<Position> positions;  ///< of each byte of `text` in the file
  struct Link {
    std::size_t offset;
    std::string target;
    bool whole_instrument;
  };
  std::vector<Link> links;
  struct Marker {
    std::size_t offset;
    std::string reason;
    Position position;
    bool splits_paragraph = false; ///< begins a line inside a paragraph, which cmark ends there
  };
  std::vector<Marker> markers;
};

/// Appends one line of Markdown to a block: links to citations become marks, other links
/// keep their text, emphasis and code marks go, `<!-- claim-ok: ... -->` becomes a marker.
void append_line(Block& block, const std::string& line, int line_number, std::size_t from) {
  if (!block.text.empty()) {
    block.text += ' ';
    block.positions.push_back({line_number, static_cast<int>(from) + 1});
  }
  std::size_t i = from;
  while (i < line.size()) {
    if (line.compare(i, 4, "<!--") == 0) {
      const auto close = line.find("-->", i + 4);
      const std::size_t end = close == std::string::npos ? line.size() : close + 3;
      std::string body = line.substr(i + 4, (close == std::string::npos ? line.size() : close) - i - 4);
      const auto b = body.find_first_not_of(" \t");
      body = b == std::string::npos ? "" : body.substr(b);
      if (body.starts_with("claim-ok")) {
        std::string reason = body.substr(8);
        if (!reason.empty() && reason[0] == ':') reason.erase(0, 1);
        while (!reason.empty() && (reason.front() == ' ')) reason.erase(0, 1);
        while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\t')) reason.pop_back();
        block.markers.push_back({block.text.size(), reason, {line_number, static_cast<int>(i) + 1}});
      }
      i = end;
      continue;
    }
    if (line[i] == '[') {
      // [label](target): find the matching ']' and a '(' right after it.
      int depth = 0;
      std::size_t close = std::string::npos;
      for (std::size_t k = i; k < line.size(); ++k) {
        if (line[k] == '[') ++depth;
        else if (line[k] == ']' && --depth == 0) {
          close = k;
          break;
        }
      }
      if (close != std::string::npos && close + 1 < line.size() && line[close + 1] == '(') {
        const auto end = line.find(')', close + 2);
        if (end != std::string::npos) {
          const std::string target = line.substr(close + 2, end - close - 2);
          if (target.starts_with("clause:") || target.starts_with("instrument:")) {
            const bool whole = target.starts_with("instrument:");
            block.links.push_back({block.text.size(), target.substr(whole ? 11 : 7), whole});
            block.text += k_citation_mark;
            block.positions.push_back({line_number, static_cast<int>(close) + 3 + (whole ? 11 : 7)});
            i = end + 1;
            continue;
          }
          // Another link: keep its label only.
          for (std::size_t k = i + 1; k < close; ++k) {
            if (line[k] == '*' || line[k] == '`') continue;
            block.text += line[k];
            block.positions.push_back({line_number, static_cast<int>(k) + 1});
          }
          i = end + 1;
          continue;
        }
      }
    }
    if (line[i] == '*' || line[i] == '`') {
      ++i;
      continue;
    }
    if (line[i] == '\\' && i + 1 < line.size()) ++i;
    block.text += line[i];
    block.positions.push_back({line_number, static_cast<int>(i) + 1});
    ++i;
  }
}

/// Where the list marker or block quote of a line ends, or npos when the line starts no item.
std::size_t item_start(const std::string& line) {
  std::size_t i = line.find_first_not_of(' ');
  if (i == std::string::npos) return i;
  if ((line[i] == '-' || line[i] == '*' || line[i] == '+') && i + 1 < line.size() && line[i + 1] == ' ') return i + 2;
  std::size_t k = i;
  while (k < line.size() && std::isdigit(static_cast<unsigned char>(line[k]))) ++k;
  if (k > i && k + 1 < line.size() && (line[k] == '.' || line[k] == ')') && line[k + 1] == ' ') return k + 2;
  return std::string::npos;
}

std::vector<Block> blocks_of(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  int number = 0;
  bool in_sections = false, open = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("#")) {
      in_sections = in_sections || line.starts_with("## ");
      open = false;
      continue;
    }
    if (!in_sections) continue;
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) {
      open = false;
      continue;
    }
    if (line.compare(first, 4, "<!--") == 0 && !blocks.empty()) {
      // A marker on its own line belongs to the sentence before it.
      const std::size_t before = blocks.back().markers.size();
      append_line(blocks.back(), line, number, first);
      if (open && blocks.back().markers.size() > before) blocks.back().markers[before].splits_paragraph = true;
      continue;
    }
    const auto item = item_start(line);
    if (item != std::string::npos || !open) {
      blocks.emplace_back();
      open = true;
      append_line(blocks.back(), line, number, item != std::string::npos ? item : first);
    } else {
      append_line(blocks.back(), line, number, first);
    }
  }
  return blocks;
}

bool is_abbreviation(const std::string& word) {
  static const std::set<std::string> words = {"e.g", "i.e", "art", "arts", "s", "ss", "no", "nos", "para", "paras",
                                              "al", "cf", "p", "pp", "sec", "ch", "c", "vs", "v", "mr", "mrs", "dr",
                                              "st", "inc", "ltd", "co", "u.s", "u.k", "jr", "sr", "approx", "n", "chap",
                                              "par", "ex", "etc", "subs", "sch", "reg", "regs"};
  return words.count(word) > 0;
}

struct Sentence {
  std::size_t begin, end;
};

/// Splits a block's plain text at a full stop (or ?, !, 。) followed by a space and a capital,
/// a digit, a quotation mark or the end, unless it ends an abbreviation ("e.g.", "s.", "Art.").
std::vector<Sentence> sentences_of(const std::string& text) {
  std::vector<Sentence> out;
  const Decoded d = decode(text);
  const auto& s = d.s;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c != U'.' && c != U'?' && c != U'!' && c != U'。') continue;
    std::size_t k = i + 1;
    while (k < s.size() && (s[k] == U'"' || s[k] == U'”' || s[k] == U'»' || s[k] == U')' || s[k] == U'’' ||
                            s[k] == static_cast<char32_t>(k_citation_mark)))
      ++k;
    const std::size_t after = k;
    if (k < s.size() && !is_space(s[k])) continue;
    k = skip_spaces(s, k);
    if (k < s.size()) {
      const char32_t n = s[k];
      if (!(is_upper(n) || is_digit(n) || n == U'«' || n == U'“' || n == U'"' || n == U'(' || n == U'[' || n >= 0x3000))
        continue;
    }
    if (c == U'.') {
      std::size_t w = i;
      while (w > 0 && (is_latin_letter(s[w - 1]) || (s[w - 1] == U'.' && w > 1 && is_latin_letter(s[w - 2])))) --w;
      std::string word;
      for (std::size_t x = w; x < i; ++x) text::append_utf8(word, lower(s[x]));
      // "e.g.", "Art.", an initial, or initials such as "S.Q." and "U.S.".
      bool initials = word.size() >= 3;
      for (std::size_t x = 0; x < word.size() && initials; ++x) initials = (x % 2 == 1) == (word[x] == '.');
      if (is_abbreviation(word) || (i - w == 1 && is_upper(s[w])) || initials) continue;
    }
    out.push_back({d.at[begin], d.at[after]});
    begin = k;
    i = k > 0 ? k - 1 : 0;
  }
  if (begin < s.size()) {
    std::size_t e = s.size();
    while (e > begin && is_space(s[e - 1])) --e;
    if (e > begin) out.push_back({d.at[begin], d.at[e]});
  }
  return out;
}

struct Quote {
  std::size_t begin, end; ///< of the passage inside the marks
};

/// Quoted passages: "…", “…”, « … ».
std::vector<Quote> quotes_of(const std::string& text) {
  std::vector<Quote> out;
  const Decoded d = decode(text);
  const auto& s = d.s;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t close = 0;
    if (s[i] == U'"') close = U'"';
    else if (s[i] == U'“') close = U'”';
    else if (s[i] == U'«') close = U'»';
    else continue;
    std::size_t k = i + 1;
    while (k < s.size() && s[k] != close) ++k;
    if (k == s.size()) break;
    out.push_back({d.at[i + 1], d.at[k]});
    i = k;
  }
  return out;
}

/// Parts of a quotation to find in order: split at an ellipsis ("…", "...", "[…]").
std::vector<std::string> quote_parts(const std::string& passage) {
  std::string t = passage;
  for (const std::string e : {"[…]", "[...]", "(…)", "…", "..."}) {
    for (auto p = t.find(e); p != std::string::npos; p = t.find(e)) t.replace(p, e.size(), "\x02");
  }
  std::vector<std::string> parts;
  std::string cur;
  for (char c : t) {
    if (c == '\x02') {
      parts.push_back(cur);
      cur.clear();
    } else if (c != k_citation_mark) {
      cur += c;
    }
  }
  parts.push_back(cur);
  std::vector<std::string> out;
  for (auto& p : parts) {
    p = normalize_for_quotes(p);
    while (!p.empty() && (p.back() == ' ' || p.back() == ',' || p.back() == ';' || p.back() == ':')) p.pop_back();
    while (!p.empty() && p.front() == ' ') p.erase(0, 1);
    if (!p.empty()) out.push_back(p);
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t max = 60) {
  std::string out;
  for (char c : text)
    if (c != k_citation_mark) out += c;
  if (out.size() > max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string cited_list(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t k = 0; k < ids.size() && k < 4; ++k) out += (k ? ", " : "") + ids[k];
  if (ids.size() > 4) out += ", …";
  return out;
}

} // namespace

std::vector<Figure> find_figures(std::string_view text, std::string_view language, bool keep_identifiers) {
  const Decoded d = decode(text);
  return Scanner(d, language, keep_identifiers).run();
}

std::string normalize_for_quotes(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0, length = 0; i < text.size(); i += length) {
    char32_t cp = decode_utf8_at(text, i, &length);
    if (length == 0) length = 1;
    if (is_space(cp) || cp == U'\u2028') {
      space = true;
      continue;
    }
    if (cp == U'“' || cp == U'”' || cp == U'«' || cp == U'»' || cp == U'„' || cp == U'″') cp = U'"';
    else if (cp == U'‘' || cp == U'’' || cp == U'′' || cp == U'`') cp = U'\'';
    else if (cp == U'‑' || cp == U'‐') cp = U'-';
    if (space && !out.empty()) out += ' ';
    space = false;
    text::append_utf8(out, lower(cp));
  }
  return out;
}

std::string strip_claim_markers(std::string_view markdown) {
  std::string out;
  std::size_t i = 0;
  while (i < markdown.size()) {
    const auto open = markdown.find("<!--", i);
    if (open == std::string_view::npos) break;
    const auto body = markdown.find_first_not_of(" \t", open + 4);
    const auto close = markdown.find("-->", open + 4);
    if (body == std::string_view::npos || close == std::string_view::npos || markdown.compare(body, 8, "claim-ok") != 0) {
      out.append(markdown.substr(i, open + 4 - i));
      i = open + 4;
      continue;
    }
    std::size_t from = open;
    while (from > i && (markdown[from - 1] == ' ' || markdown[from - 1] == '\t')) --from;
    out.append(markdown.substr(i, from - i));
    i = close + 3;
    // A marker alone on its line takes its line with it.
    if ((out.empty() || out.back() == '\n') && i < markdown.size() && markdown[i] == '\n') ++i;
  }
  out.append(markdown.substr(i));
  return out;
}

void check_claims(const std::string& markdown, const std::string& language, const std::string& path,
                  const std::map<std::string, ParsedInstrument>& parsed, Diagnostics& diags) {
  ClauseIndex index(parsed);
  for (const Block& block : blocks_of(markdown)) {
    const auto sentences = sentences_of(block.text);
    std::vector<bool> excused(sentences.size(), false);
    std::vector<bool> found(sentences.size(), false);
    // A marker belongs to the sentence that ends before it.
    std::vector<int> marker_sentence;
    for (const auto& m : block.markers) {
      std::size_t p = m.offset;
      while (p > 0 && block.text[p - 1] == ' ') --p;
      int owner = -1;
      for (std::size_t k = 0; k < sentences.size(); ++k)
        if (sentences[k].begin < p || (p == 0 && k == 0)) owner = static_cast<int>(k);
      marker_sentence.push_back(owner);
      if (owner >= 0 && !m.reason.empty()) excused[static_cast<std::size_t>(owner)] = true;
      if (m.reason.empty())
        diags.warning(path, m.position.line, m.position.column,
                      "claim-ok marker without a reason: write <!-- claim-ok: what was checked and why it holds -->");
      if (m.splits_paragraph)
        diags.warning(path, m.position.line, m.position.column,
                      "a line that starts with '<!--' ends the paragraph in the rendered cell: put the claim-ok marker "
                      "at the end of the sentence's line");
    }
    for (std::size_t k = 0; k < sentences.size(); ++k) {
      // Named, not a structured binding: clang 14 cannot capture one in the lambda below.
      const std::size_t b = sentences[k].begin, e = sentences[k].end;
      const std::string text = block.text.substr(b, e - b);
      std::string prose = text;
      std::replace(prose.begin(), prose.end(), k_citation_mark, ' ');
      std::vector<std::string> checkable, unverifiable;
      bool any_citation = false;
      for (const auto& link : block.links) {
        if (link.offset < b || link.offset >= e) continue;
        any_citation = true;
        if (!link.whole_instrument && index.facts(link.target) != nullptr) checkable.push_back(link.target);
        else unverifiable.push_back(link.target);
      }
      auto report = [&](std::size_t offset, const std::string& message) {
        found[k] = true;
        if (excused[k]) return;
        const Position at = block.positions[std::min(b + offset, block.positions.size() - 1)];
        diags.warning(path, at.line, at.column,
                      message + " (or mark a checked exception after the sentence: <!-- claim-ok: reason -->)");
      };
      const auto figures = find_figures(prose, language, false);
      const auto quotes = quotes_of(prose);
      if (!any_citation) {
        if (!figures.empty()) {
          const auto& f = figures.front();
          report(f.begin, "'" + excerpt(prose.substr(f.begin, f.end - f.begin)) +
                              "' is stated in a sentence that cites no clause: cite the clause that states it");
        } else if (!quotes.empty()) {
          const auto& q = quotes.front();
          report(q.begin, "quotation \"" + excerpt(prose.substr(q.begin, q.end - q.begin)) +
                              "\" is in a sentence that cites no clause: cite the clause it quotes");
        }
        continue;
      }
      if (checkable.empty()) continue; // cites only texts Cadre does not hold: nothing to compare
      for (const auto& f : figures) {
        bool ok = false;
        for (const auto& id : checkable)
          if (supports(*index.facts(id), f)) ok = true;
        if (!ok)
          report(f.begin, "'" + excerpt(prose.substr(f.begin, f.end - f.begin)) + "' is not in the cited clauses (" +
                              cited_list(checkable) + "): cite the clause that states it");
      }
      for (const auto& q : quotes) {
        const auto parts = quote_parts(prose.substr(q.begin, q.end - q.begin));
        if (parts.empty()) continue;
        bool ok = false;
        for (const auto& id : checkable) {
          const std::string& hay = index.facts(id)->quotable;
          std::size_t from = 0;
          bool all = true;
          for (const auto& part : parts) {
            const auto at = hay.find(part, from);
            if (at == std::string::npos) {
              all = false;
              break;
            }
            from = at + part.size();
          }
          if (all) ok = true;
        }
        if (!ok)
          report(q.begin, "quotation \"" + excerpt(prose.substr(q.begin, q.end - q.begin)) +
                              "\" is not in the cited clauses (" + cited_list(checkable) + ")");
      }
    }
    for (std::size_t m = 0; m < block.markers.size(); ++m) {
      const int owner = marker_sentence[m];
      if (block.markers[m].reason.empty()) continue;
      if (owner < 0 || !found[static_cast<std::size_t>(owner)])
        diags.warning(path, block.markers[m].position.line, block.markers[m].position.column,
                      "claim-ok marker on a sentence the claim checker has nothing against: remove it");
    }
  }
}

void check_claims(const std::vector<JurisdictionSpec>& corpus, const std::map<std::string, ParsedInstrument>& parsed,
                  Diagnostics& diags) {
  for (const auto& j : corpus)
    for (const auto& framework : j.frameworks) {
      std::ifstream in(framework.path, std::ios::binary);
      if (!in) continue;
      std::ostringstream text;
      text << in.rdbuf();
      check_claims(text.str(), framework.language, framework.path, parsed, diags);
    }
}

} // namespace cadre::indexer
