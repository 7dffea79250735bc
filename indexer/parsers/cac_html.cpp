// cac-html: an article page of the Cyberspace Administration of China (cac.gov.cn) carrying a
// regulation numbered 第一条, 第二条 ... in chapters 第一章 ..., e.g.
// cn/genai-interim-measures-2023.zh.html (生成式人工智能服务管理暂行办法, 24 articles, 5 chapters).
// Only the body of the document is read (the element with id="BodyLabel"; the whole page when there
// is none): its <p> paragraphs from the first 第N条 on. The promulgation order before the first
// article, the site navigation, share buttons and footer are not part of any clause.
//
// Ids: art_N, N the arabic value of the Chinese numeral (第二十四条 -> art_24; 第十条之一 -> art_10-1).
// Items （一）（二） inside an article are art_N__item_1, art_N__item_2 (their parent is the article:
// the paragraphs 款 of a Chinese article are not numbered, so they are not clauses). A second run
// of items in a later paragraph of the same article would repeat ids and is reported as an error.
// Chapter (第N章) and section (第N节) headings end the previous article and are not clauses.
// Labels as printed: articles "第一条"; items the article's label and the item's mark, "第四条（一）".
// Heading: empty (the articles have no titles).
// Text: the article's paragraphs as printed, its label included ("第一条 为了…").
// Language: the primary subtag of the language declared in jurisdiction.toml, else zh.
// Options: none.
#include "indexer/parsers/article_builder.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

constexpr const char* k_format = "cac-html";

// --- Chinese numerals ---------------------------------------------------------------------------

/// Value of one numeral character at the start of `s` (its byte length in *length), or -1.
int numeral_at(std::string_view s, std::size_t* length) {
  static const struct {
    std::string_view glyph;
    int value;
  } numerals[] = {{"〇", 0}, {"零", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4},  {"五", 5},
                  {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}, {"百", 100}, {"千", 1000}};
  for (const auto& n : numerals)
    if (s.starts_with(n.glyph)) {
      *length = n.glyph.size();
      return n.value;
    }
  return -1;
}

/// Parses a Chinese numeral at the start of `s` ("二十四" -> 24); returns the value and the bytes
/// consumed, or nullopt when `s` does not start with one.
std::optional<std::pair<unsigned, std::size_t>> chinese_number(std::string_view s) {
  unsigned total = 0, digit = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    std::size_t n = 0;
    const int v = numeral_at(s.substr(i), &n);
    if (v < 0) break;
    any = true;
    i += n;
    if (v >= 10) {
      total += (digit == 0 ? 1 : digit) * static_cast<unsigned>(v);
      digit = 0;
    } else {
      digit = digit * 10 + static_cast<unsigned>(v); // 〇/零 place holders and plain digit runs
    }
  }
  if (!any) return std::nullopt;
  return std::make_pair(total + digit, i);
}

struct Heading {
  std::string label;  // "第二十四条"
  std::string number; // "24", "10-1"
  std::size_t length = 0;
};

/// "第二十四条 …" -> {"第二十四条", "24"}; `unit` is "条", "章" or "节".
std::optional<Heading> numbered(std::string_view text, std::string_view unit) {
  const std::string_view di = "第";
  if (!text.starts_with(di)) return std::nullopt;
  const auto number = chinese_number(text.substr(di.size()));
  if (!number) return std::nullopt;
  std::size_t i = di.size() + number->second;
  if (!text.substr(i).starts_with(unit)) return std::nullopt;
  i += unit.size();
  Heading h;
  h.number = std::to_string(number->first);
  const std::string_view zhi = "之";
  if (text.substr(i).starts_with(zhi)) {
    if (const auto branch = chinese_number(text.substr(i + zhi.size()))) {
      h.number += "-" + std::to_string(branch->first);
      i += zhi.size() + branch->second;
    }
  }
  h.label = std::string(text.substr(0, i));
  h.length = i;
  return h;
}

/// "（三）…" -> 3 (also with ASCII parentheses); nullopt otherwise.
std::optional<std::pair<unsigned, std::string>> item_number(std::string_view text) {
  std::string_view open, close;
  if (text.starts_with("（")) open = "（", close = "）";
  else if (text.starts_with("(")) open = "(", close = ")";
  else return std::nullopt;
  const auto number = chinese_number(text.substr(open.size()));
  if (!number) return std::nullopt;
  const std::size_t end = open.size() + number->second;
  if (!text.substr(end).starts_with(close)) return std::nullopt;
  return std::make_pair(number->first, std::string(text.substr(0, end + close.size())));
}

// --- text ----------------------------------------------------------------------------------------

/// Drops spaces that markup put between two CJK characters; keeps the one after the label.
std::string tighten_cjk(const std::string& text, std::size_t keep_after) {
  std::string out;
  char32_t previous = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 1;
    const char32_t cp = cadre::text::decode_utf8_at(text, i, &n);
    if (cp == U' ' && previous >= 0x2E80 && i != keep_after && i + 1 < text.size()) {
      std::size_t m = 1;
      if (cadre::text::decode_utf8_at(text, i + 1, &m) >= 0x2E80) {
        i += 1;
        continue;
      }
    }
    out.append(text, i, n);
    previous = cp;
    i += n;
  }
  return out;
}

xmlNode* find_by_id(xmlNode* node, std::string_view id) {
  for (xmlNode* child : child_elements(node)) {
    if (attribute(child, "id") == id) return child;
    if (xmlNode* found = find_by_id(child, id)) return found;
  }
  return nullptr;
}

std::string primary_subtag(std::string tag) {
  const auto dash = tag.find_first_of("-_");
  if (dash != std::string::npos) tag.resize(dash);
  for (char& c : tag)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return tag;
}

void reject_options(const SourceInput& input) {
  if (input.options.empty()) return;
  std::string names;
  for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
  throw DataError(input.display_path + ": unknown option" + (input.options.size() > 1 ? "s " : " ") + names +
                  " for format '" + k_format + "'; this format accepts no options");
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    reject_options(input);
    const auto doc = XmlDocument::parse_html(input.bytes, input.display_path);
    xmlNode* body = find_by_id(doc.root(), "BodyLabel");
    if (body == nullptr) body = doc.root();
    std::string language = primary_subtag(input.language);
    if (language.empty()) language = "zh";
    ArticleBuilder b(language);

    constexpr std::size_t k_no_article = static_cast<std::size_t>(-1);
    std::size_t article = k_no_article;
    std::string article_path, article_label;
    for (xmlNode* p : descendants(body, "p")) {
      const std::string raw = text_of(p);
      if (raw.empty()) continue;
      const std::string where = input.display_path + ":" + std::to_string(line_of(p));
      if (const auto h = numbered(raw, "条")) {
        article_path = "art_" + h->number;
        article_label = h->label;
        article = b.add(article_path, {}, article_label, where);
        // Keep a space between the label and the text ("第一条 为了…").
        std::string text = raw;
        if (text.size() > h->length && text[h->length] != ' ') text.insert(h->length, " ");
        b.text(article, tighten_cjk(text, h->length));
        continue;
      }
      if (numbered(raw, "章") || numbered(raw, "节")) { // a chapter or section heading
        article = k_no_article;
        continue;
      }
      if (article == k_no_article) continue; // front matter: the promulgation order and the title
      if (const auto item = item_number(raw)) {
        const std::string path = article_path + "__item_" + std::to_string(item->first);
        const auto index = b.add(path, article_path, article_label + item->second, where);
        b.text(index, tighten_cjk(raw, std::string::npos));
        continue;
      }
      b.text(article, tighten_cjk(raw, std::string::npos)); // a further paragraph of the article
    }
    if (b.empty())
      throw DataError(input.display_path + ": no articles found: is this really a " + std::string(k_format) +
                      " file?");
    return b.finish();
  }
};

} // namespace

const SourceParser& cac_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
