// article-json: JSON lists of articles, as kept by the EtonMu/global-ai-data-regulation-map project:
//  - Brazil PL 2338/2023, Portuguese: {"articles": [{"articleNumber": "1", "paragraphs": ["Art. 1º …",
//    "§ 1º …", "I – …", "a) …"], …}]} (br/pl-2338-2023-senate-autograph.pt.json);
//  - its English reference translation: {"units": [{"id": "br-pl2338-art-1", "paragraphs":
//    ["Article 1. …", "§ 1. …", …]}]} (br/pl-2338-2023-senate-autograph.project-translation.en.json);
//  - Taiwan's AI Basic Act: [{"articleNumber": "1", "originalTitle": "第 1 條", "fullText": "…",
//    "language": "zh-Hant-TW", "translations": {"en": {"paragraphs": […]}}}]
//    (tw/ai-basic-act-2026.zh-Hant+en.json). One file yields the Chinese clauses AND the English
//    ones (from translations.en), with the same ids: all Chinese clauses first, then the English.
// The list is the top-level array, or the "articles" or "units" member of the top-level object.
// The article number is articleNumber, else the "-art-N" suffix of id.
//
// Brazilian structure (chosen when the first paragraph starts "Art. N" / "Article N"): each entry of
// "paragraphs" is one printed line, classified by its mark:
//  - the first entry is the caput (the article's own text);
//  - "§ 2º" / "§ 2." -> art_N__para_2; "Parágrafo único" / "Sole paragraph" -> art_N__para_single;
//  - incisos "I –" -> __item_I below the current paragraph, or below the article before any §;
//  - alíneas "a)" -> __point_a below the current inciso;
//  - a line opening a quotation (“Art. 3º …”, the text an amending article inserts in another law)
//    and every line up to the one that closes it (”) stay in the current clause's text and are
//    never read as structure; other unmarked lines continue the current clause.
// Labels: pt "Art. 5", "Art. 5, § 2", "Art. 5, parágrafo único", "Art. 5, § 2, I", "Art. 13, I, a";
// en "Article 5", "Article 5, § 2", "Article 5, sole paragraph", "Article 5, § 2, I", "Article 13, I, a".
//
// Plain structure (Taiwan): the article's paragraphs (項) are not numbered in print; the law cites them
// by ordinal (第二項), so when an article has two or more they are art_N__para_M, M the ordinal.
// The Chinese text keeps an article's paragraphs in one string separated by a space after 。, ：
// or ；, and is split there (and at blank lines); the English translation lists them. Numbered items
// (款: "一、" in Chinese, "1." in English) are art_N__item_K, or art_N__para_M__item_K in an article
// of several paragraphs. Labels: zh "第5條", "第5條第2項", "第4條第1款"; en "Article 5",
// "Article 5(2)", "Article 4, subparagraph 1".
//
// Heading: the article's "caption" or "heading" member when present; chapter and section names
// are not headings of articles, and the Taiwanese "title" ("Article 1") is only a label.
// Language: for the main text the primary subtag of the language declared in jurisdiction.toml,
// else of the article's "language", else of sourceLanguage/targetLanguage; "en" for translations.en.
// Options: none.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/parsers/article_builder.hpp"
#include "indexer/text_util.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

using nlohmann::json;

constexpr const char* k_format = "article-json";

// --- helpers ------------------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string primary_subtag(std::string tag) {
  const auto dash = tag.find_first_of("-_");
  if (dash != std::string::npos) tag.resize(dash);
  for (char& c : tag)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return tag;
}

std::string string_member(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

/// Skips a dash (ASCII -, en dash –, em dash —, minus −) with the spaces around it; returns the
/// bytes consumed or 0.
std::size_t dash_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t n = 0;
  if (s.substr(i).starts_with("-")) n = 1;
  else if (s.substr(i).starts_with("–") || s.substr(i).starts_with("—") || s.substr(i).starts_with("−")) n = 3;
  if (n == 0) return 0;
  return i + n;
}

/// "IV – text" -> "IV"; empty otherwise.
std::string inciso(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && std::string_view("IVXLCDM").find(line[i]) != std::string_view::npos) ++i;
  if (i == 0 || dash_at(line.substr(i)) == 0) return {};
  return std::string(line.substr(0, i));
}

/// "b) text" -> "b"; empty otherwise.
std::string alinea(std::string_view line) {
  if (line.size() >= 3 && line[0] >= 'a' && line[0] <= 'z' && line[1] == ')' && line[2] == ' ')
    return std::string(1, line[0]);
  return {};
}

/// "§ 12º …" / "§ 12. …" -> "12"; empty otherwise.
std::string section_mark(std::string_view line) {
  const std::string_view mark = "§";
  if (!line.starts_with(mark)) return {};
  std::size_t i = mark.size();
  while (i < line.size() && line[i] == ' ') ++i;
  const std::size_t start = i;
  while (i < line.size() && is_digit(line[i])) ++i;
  return std::string(line.substr(start, i - start));
}

/// "Art. 5º …", "Art. 10. …", "Article 5. …" -> "5"; empty otherwise.
std::string article_mark(std::string_view line) {
  std::size_t i = 0;
  if (line.starts_with("Art. ")) i = 5;
  else if (line.starts_with("Article ")) i = 8;
  else return {};
  const std::size_t start = i;
  while (i < line.size() && is_digit(line[i])) ++i;
  std::string out(line.substr(start, i - start));
  if (!out.empty() && line.substr(i).starts_with("-") && i + 1 < line.size() && line[i + 1] >= 'A' &&
      line[i + 1] <= 'Z')
    out += line.substr(i, 2);
  return out;
}

bool opens_quote(std::string_view line) { return line.starts_with("“") || line.starts_with("\""); }
bool closes_quote(std::string_view line, bool opened_here) {
  if (line.find("”") != std::string_view::npos) return true;
  if (opened_here) return line.find('"', 1) != std::string_view::npos;
  return line.find('"') != std::string_view::npos;
}

std::vector<std::string> string_list(const json& object, const char* key) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& entry : *it)
    if (entry.is_string()) out.push_back(entry.get<std::string>());
  return out;
}

/// Splits text at blank lines; for CJK text also at whitespace following 。 ： ；.
std::vector<std::string> split_paragraphs(const std::string& text, bool cjk) {
  std::vector<std::string> out;
  const std::string_view all(text);
  std::size_t from = 0; // where the current paragraph starts
  auto flush = [&](std::size_t to) {
    std::string t = normalize_space(all.substr(from, to - from));
    if (!t.empty()) out.push_back(std::move(t));
  };
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i] == '\n' && i + 1 < all.size() && all[i + 1] == '\n') {
      flush(i);
      from = ++i + 1;
      continue;
    }
    if (cjk && (all[i] == ' ' || all[i] == '\n')) {
      const auto current = all.substr(from, i - from);
      if (current.ends_with("。") || current.ends_with("：") || current.ends_with("；")) {
        flush(i);
        from = i + 1;
      }
    }
  }
  flush(all.size());
  return out;
}

/// "一、…" -> 1 .. "十二、" -> 12 (Chinese), "3. …" -> 3 (arabic); 0 otherwise.
unsigned list_item(std::string_view line, bool cjk) {
  if (!cjk) {
    std::size_t i = 0;
    while (i < line.size() && is_digit(line[i])) ++i;
    if (i == 0 || i + 1 >= line.size() || line[i] != '.' || line[i + 1] != ' ') return 0;
    const long n = digits_value(line.substr(0, i), 0);
    return n <= long{std::numeric_limits<unsigned>::max()} ? static_cast<unsigned>(n) : 0;
  }
  static const std::string_view digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  unsigned total = 0, digit = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < line.size()) {
    bool matched = false;
    for (unsigned d = 0; d < 10; ++d)
      if (line.substr(i).starts_with(digits[d])) {
        digit = d;
        i += digits[d].size();
        matched = true;
        break;
      }
    if (!matched && line.substr(i).starts_with("十")) {
      total += (digit == 0 ? 1 : digit) * 10;
      digit = 0;
      i += std::string_view("十").size();
      matched = true;
    }
    if (!matched) break;
    any = true;
  }
  if (!any || !line.substr(i).starts_with("、")) return 0;
  return total + digit;
}

// --- the two structures -----------------------------------------------------------------------------

void brazilian_article(ArticleBuilder& b, const std::vector<std::string>& lines, const std::string& number,
                       const std::string& heading, const std::string& language, const std::string& at) {
  const bool pt = language == "pt";
  const std::string path = "art_" + number;
  const std::string label = (pt ? "Art. " : "Article ") + number;
  const std::size_t article = b.add(path, {}, label, at, heading, language);
  std::string para_path = path, para_label = label, item_path, item_label;
  std::size_t para = article, item = article, current = article;
  bool quoting = false;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string line = normalize_space(lines[k]);
    if (line.empty()) continue;
    const std::string where = at + " paragraph " + std::to_string(k + 1);
    if (k == 0) {
      b.text(article, line);
      continue;
    }
    if (quoting) {
      b.text(current, line);
      if (closes_quote(line, false)) quoting = false;
      continue;
    }
    if (opens_quote(line)) {
      b.text(current, line);
      quoting = !closes_quote(line, true);
      continue;
    }
    if (const std::string n = section_mark(line); !n.empty()) {
      para_path = path + "__para_" + n;
      para_label = label + ", § " + n;
      para = current = b.add(para_path, path, para_label, where, {}, language);
      item_path.clear();
      b.text(para, line);
      continue;
    }
    if (line.starts_with("Parágrafo único") || line.starts_with("Sole paragraph")) {
      para_path = path + "__para_single";
      para_label = label + (pt ? ", parágrafo único" : ", sole paragraph");
      para = current = b.add(para_path, path, para_label, where, {}, language);
      item_path.clear();
      b.text(para, line);
      continue;
    }
    if (const std::string n = inciso(line); !n.empty()) {
      item_path = para_path + "__item_" + n;
      item_label = para_label + ", " + n;
      item = current = b.add(item_path, para_path, item_label, where, {}, language);
      b.text(item, line);
      continue;
    }
    if (const std::string n = alinea(line); !n.empty()) {
      const std::string& parent = item_path.empty() ? para_path : item_path;
      const std::string& parent_label = item_path.empty() ? para_label : item_label;
      current = b.add(parent + "__point_" + n, parent, parent_label + ", " + n, where, {}, language);
      b.text(current, line);
      continue;
    }
    b.text(current, line); // an unmarked continuation line
  }
  (void)item;
}

void plain_article(ArticleBuilder& b, const std::vector<std::string>& paragraphs, const std::string& number,
                   const std::string& label, const std::string& heading, const std::string& language,
                   const std::string& at) {
  const bool cjk = language == "zh" || language == "ja";
  const std::string path = "art_" + number;
  const std::size_t article = b.add(path, {}, label, at, heading, language);
  std::size_t paragraph_count = 0;
  for (const auto& p : paragraphs)
    if (list_item(p, cjk) == 0) ++paragraph_count;
  if (paragraph_count == 0) paragraph_count = 1;
  std::string parent = path, parent_label = label;
  std::size_t ordinal = 0;
  for (std::size_t k = 0; k < paragraphs.size(); ++k) {
    const std::string& p = paragraphs[k];
    const std::string where = at + " paragraph " + std::to_string(k + 1);
    if (const unsigned n = list_item(p, cjk); n != 0) {
      const std::string item_label = cjk ? parent_label + "第" + std::to_string(n) + "款"
                                         : parent_label + ", subparagraph " + std::to_string(n);
      const auto index = b.add(parent + "__item_" + std::to_string(n), parent, item_label, where, {}, language);
      b.text(index, p);
      continue;
    }
    ++ordinal;
    if (paragraph_count < 2) {
      b.text(article, p);
      continue;
    }
    parent = path + "__para_" + std::to_string(ordinal);
    parent_label = cjk ? label + "第" + std::to_string(ordinal) + "項" : label + "(" + std::to_string(ordinal) + ")";
    const auto index = b.add(parent, path, parent_label, where, {}, language);
    b.text(index, p);
  }
}

void reject_options(const SourceInput& input) {
  if (input.options.empty()) return;
  std::string names;
  for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
  throw DataError(input.display_path + ": unknown option" + (input.options.size() > 1 ? "s " : " ") + names +
                  " for format '" + k_format + "'; this format accepts no options");
}

std::size_t line_at(std::string_view bytes, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++line;
  return line;
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    reject_options(input);
    if (input.bytes.empty()) throw DataError(input.display_path + ": the file is empty");
    require_utf8(input.bytes, input.display_path);
    const std::string_view bytes = strip_bom(input.bytes);
    json doc;
    try {
      doc = json::parse(bytes.begin(), bytes.end());
    } catch (const json::parse_error& e) {
      std::string message = e.what();
      if (const auto colon = message.rfind(": "); colon != std::string::npos) message = message.substr(colon + 2);
      throw DataError(input.display_path + ":" + std::to_string(line_at(bytes, e.byte == 0 ? 0 : e.byte - 1)) +
                      ": not valid JSON (" + message + ")");
    } catch (const json::exception& e) {
      // A number too large for a double (out_of_range 406): well-formed, but not JSON a parser
      // can hold, and nlohmann-json gives no position for it.
      std::string message = e.what();
      if (const auto bracket = message.find("] "); bracket != std::string::npos) message = message.substr(bracket + 2);
      throw DataError(input.display_path + ": not valid JSON (" + message + ")");
    }
    const json* list = nullptr;
    std::string document_language;
    if (doc.is_array()) list = &doc;
    else if (doc.is_object()) {
      for (const char* key : {"articles", "units"})
        if (doc.contains(key) && doc[key].is_array()) {
          list = &doc[key];
          document_language = string_member(doc, key == std::string("units") ? "targetLanguage" : "sourceLanguage");
          break;
        }
    }
    if (list == nullptr || list->empty())
      throw DataError(input.display_path + ": no articles found: is this really an " + std::string(k_format) +
                      " file? (expected a list of articles, or an object with \"articles\" or \"units\")");

    ArticleBuilder b;
    std::vector<std::pair<std::size_t, const json*>> translations; // article index, translations.en
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& entry = (*list)[i];
      const std::string at = input.display_path + ": article entry " + std::to_string(i + 1);
      if (!entry.is_object()) throw DataError(at + " is not an object");
      std::string number = string_member(entry, "articleNumber");
      if (number.empty()) {
        const std::string id = string_member(entry, "id");
        if (const auto pos = id.rfind("-art-"); pos != std::string::npos) number = id.substr(pos + 5);
      }
      if (number.empty() || !is_digit(number.front()) ||
          number.find_first_not_of("0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        throw DataError(at + " has no usable article number (\"articleNumber\", or an id ending in -art-N)");
      std::string language = primary_subtag(input.language);
      if (language.empty()) language = primary_subtag(string_member(entry, "language"));
      if (language.empty()) language = primary_subtag(document_language);
      if (language.empty())
        throw DataError(at + ": no language is declared for the file, and the article has no \"language\"");
      std::string heading = string_member(entry, "caption");
      if (heading.empty()) heading = string_member(entry, "heading");
      heading = normalize_space(heading);
      emit(b, entry, number, heading, language, at);
      if (entry.contains("translations") && entry["translations"].is_object() &&
          entry["translations"].contains("en") && language != "en")
        translations.emplace_back(i, &entry["translations"]["en"]);
    }
    for (const auto& [i, translation] : translations) {
      const json& entry = (*list)[i];
      const std::string at = input.display_path + ": article entry " + std::to_string(i + 1) + ", translations.en";
      std::string number = string_member(entry, "articleNumber");
      emit(b, *translation, number, {}, "en", at);
    }
    if (b.empty())
      throw DataError(input.display_path + ": no articles found: is this really an " + std::string(k_format) +
                      " file?");
    return b.finish();
  }

private:
  static void emit(ArticleBuilder& b, const json& entry, const std::string& number, const std::string& heading,
                   const std::string& language, const std::string& at) {
    const bool cjk = language == "zh" || language == "ja";
    std::vector<std::string> lines = string_list(entry, "paragraphs");
    if (lines.empty()) lines = split_paragraphs(string_member(entry, "fullText"), cjk);
    if (lines.empty()) throw DataError(at + " has neither \"paragraphs\" nor \"fullText\"");
    const std::string first = normalize_space(lines.front());
    if (!article_mark(first).empty()) {
      brazilian_article(b, lines, number, heading, language, at);
      return;
    }
    // Plain articles: re-split the paragraphs the CJK text runs together.
    std::vector<std::string> paragraphs;
    for (const auto& line : lines)
      for (auto& p : split_paragraphs(line, cjk)) paragraphs.push_back(std::move(p));
    std::string label;
    if (cjk) {
      label = "第" + number + (language == "zh" ? "條" : "条");
      const std::string printed = string_member(entry, "originalTitle");
      if (!printed.empty()) {
        std::string compact;
        for (char c : normalize_space(printed))
          if (c != ' ') compact += c;
        label = compact;
      }
    } else {
      label = "Article " + number;
    }
    plain_article(b, paragraphs, number, label, heading, language, at);
  }
};

} // namespace

const SourceParser& article_json() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
