// egov-xml: Japanese statute XML, in both dialects that share one element vocabulary:
//  - e-Gov Law XML (laws.e-gov.go.jp), the official Japanese text (jp/ai-promotion-act-2025.ja.xml);
//  - JaLII J-STATUTE 1.0 (japaneselawtranslation.go.jp), the English reference translation
//    (jp/ai-promotion-act-2025.en.xml; it starts with a BOM and names an external DTD, which is
//    never loaded).
// Structure: Law/LawBody/MainProvision/(Part|Chapter|Section|Subsection|Division)*/Article/
// Paragraph/Item/Subitem1..., then SupplProvision (附則).
//
// Ids (the same in both languages, so the versions align):
//  - art_N from Article/@Num; a branch number "5_2" (第五条の二, Article 5-2) becomes art_5-2.
//  - art_N__para_M from Paragraph/@Num, emitted only when the article has two or more
//    paragraphs. An article with a single paragraph has no paragraph clause (its text is the
//    article's), and its items hang from the article: art_20__item_1, matching the Japanese
//    citation 第二十条第一号.
//  - __item_K from Item/@Num ("17_2" -> item_17-2). Subitems stay in their item's text. Items
//    quoted inside amendment provisions (AmendProvision/NewProvision) are not clauses.
//  - The supplementary provisions are one top-level unit `suppl` (label 附則 / Supplementary
//    Provisions) with children suppl__art_N, or suppl__para_N when they have no articles.
//    SupplProvision elements carrying AmendLawNum (provisions of later amending acts) are
//    skipped; only the original act's supplementary provisions are indexed. When the English
//    translation repeats an article number there (it prints two "Article 4"), the second one takes
//    its number from its id attribute (en_s1at5 -> suppl__art_5), since ids must be unique.
// Labels as printed: ja "第三条", "第三条第二項", "第十八条第二項第一号", "附則第一条";
// en "Article 3", "Article 3(2)", "Article 18(2)(i)", "Supplementary Provisions Article 1".
// Heading: ArticleCaption without its parentheses ("（目的）" -> "目的", "(Purpose)" -> "Purpose").
// Language: the primary subtag of the language declared in jurisdiction.toml, else Law/@Lang.
// Options: none.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

constexpr const char* k_format = "egov-xml";

std::string where(const std::string& display_path, const xmlNode* node) {
  return display_path + ":" + std::to_string(line_of(node));
}

// --- text helpers ---------------------------------------------------------------------------

bool is_wide(char32_t cp) { return cp >= 0x2E80; }

/// Drops the spaces that block separation put between two CJK characters ("する。 ただし").
std::string tighten_cjk(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  char32_t previous = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 1;
    const char32_t cp = cadre::text::decode_utf8_at(text, i, &n);
    if (cp == U' ' && is_wide(previous) && i + 1 < text.size()) {
      std::size_t m = 1;
      if (is_wide(cadre::text::decode_utf8_at(text, i + 1, &m))) {
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

/// "（目的）" -> "目的", "(Purpose)" -> "Purpose".
std::string strip_parentheses(std::string text) {
  text = normalize_space(text);
  static const std::string open_wide = "\xEF\xBC\x88", close_wide = "\xEF\xBC\x89";
  if (text.starts_with(open_wide) && text.ends_with(close_wide))
    text = text.substr(open_wide.size(), text.size() - open_wide.size() - close_wide.size());
  else if (text.starts_with("(") && text.ends_with(")"))
    text = text.substr(1, text.size() - 2);
  return normalize_space(text);
}

/// 1 -> 一, 12 -> 十二, 20 -> 二十, 105 -> 百五.
std::string kanji_number(unsigned value) {
  static const char* digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (value == 0) return "〇";
  std::string out;
  const struct {
    unsigned unit;
    const char* name;
  } units[] = {{1000, "千"}, {100, "百"}, {10, "十"}};
  for (const auto& u : units) {
    const unsigned d = value / u.unit;
    value %= u.unit;
    if (d == 0) continue;
    if (d > 1) out += digits[d];
    out += u.name;
  }
  out += digits[value];
  return out;
}

std::string number_component(const std::string& num) {
  std::string out = num;
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

bool valid_number(const std::string& num) {
  if (num.empty()) return false;
  for (char c : num)
    if (!((c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
      return false;
  return true;
}

xmlNode* first_child(const xmlNode* node, std::string_view name) {
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) return child;
  return nullptr;
}

std::vector<xmlNode*> children_named(const xmlNode* node, std::string_view name) {
  std::vector<xmlNode*> out;
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) out.push_back(child);
  return out;
}

bool is_marker(std::string_view name) {
  return name.ends_with("Num") || name.ends_with("Title") || name.ends_with("Caption") ||
         name.ends_with("Label");
}

/// Text of a clause element: numbers, titles and captions are kept apart from the sentences by a
/// space ("２ 国は、…", "一 人工知能…"); inside sentences, spaces between CJK characters are dropped.
std::string block_text(const xmlNode* node, bool cjk) {
  bool structured = false;
  if (name_of(node).ends_with("Sentence")) return cjk ? tighten_cjk(text_of(node)) : text_of(node);
  for (xmlNode* child : child_elements(node))
    if (is_marker(name_of(child)) || name_of(child).ends_with("Sentence") || name_of(child) == "Item" ||
        name_of(child).starts_with("Subitem") || name_of(child) == "Paragraph" || name_of(child) == "Article")
      structured = true;
  if (!structured) {
    const std::string t = text_of(node);
    return cjk ? tighten_cjk(t) : t;
  }
  std::string out;
  for (xmlNode* child : child_elements(node)) {
    const std::string t = block_text(child, cjk);
    if (t.empty()) continue;
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

/// Text of a node without the listed child elements (captions, titles).
std::string text_without(const xmlNode* node, std::initializer_list<std::string_view> skip, bool cjk) {
  std::string out;
  for (xmlNode* child : child_elements(node)) {
    bool skipped = false;
    for (auto name : skip)
      if (name_of(child) == name) skipped = true;
    if (skipped) continue;
    const std::string t = block_text(child, cjk);
    if (t.empty()) continue;
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

// --- the parser ---------------------------------------------------------------------------------

class Walker {
public:
  Walker(const SourceInput& input, const std::string& language)
      : m_input(input), m_language(language), m_japanese(language == "ja") {}

  void article(xmlNode* node, const std::string& prefix, const std::string& label_prefix,
               std::unordered_map<std::string, bool>* seen) {
    std::string num = attribute(node, "Num");
    if (!valid_number(num))
      throw DataError(where(m_input.display_path, node) + ": <Article> has no valid Num attribute ('" +
                      num + "')");
    std::string path = prefix + "art_" + number_component(num);
    if (seen != nullptr && seen->count(path) != 0) {
      // A repeated number (seen in the English supplementary provisions): take the article's
      // ordinal from its id attribute ("en_s1at5").
      const std::string id = attribute(node, "id");
      const auto at = id.rfind("at");
      std::string fallback = at == std::string::npos ? std::string() : id.substr(at + 2);
      if (!valid_number(fallback) || seen->count(prefix + "art_" + fallback) != 0)
        throw DataError(where(m_input.display_path, node) + ": article number " + num +
                        " is used twice and the element has no usable id to tell them apart");
      path = prefix + "art_" + number_component(fallback);
    }
    if (seen != nullptr) (*seen)[path] = true;

    const xmlNode* title = first_child(node, "ArticleTitle");
    std::string label = title != nullptr ? normalize_space(text_of(title)) : std::string();
    if (label.empty())
      label = m_japanese ? "第" + num + "条" : "Article " + number_component(num);
    label = label_prefix + label;
    const xmlNode* caption = first_child(node, "ArticleCaption");
    const std::string heading = caption != nullptr ? strip_parentheses(text_of(caption)) : std::string();

    add(path, prefix.empty() ? std::string() : prefix.substr(0, prefix.size() - 2), label, heading,
        text_without(node, {"ArticleCaption", "ArticleTitle"}, m_japanese));
    const auto paragraphs = children_named(node, "Paragraph");
    if (paragraphs.size() == 1) {
      items(paragraphs.front(), path, label);
      return;
    }
    for (xmlNode* paragraph : paragraphs) this->paragraph(paragraph, path, label);
  }

  void paragraph(xmlNode* node, const std::string& parent, const std::string& parent_label) {
    const std::string num = attribute(node, "Num");
    if (!valid_number(num))
      throw DataError(where(m_input.display_path, node) + ": <Paragraph> has no valid Num attribute ('" +
                      num + "')");
    const std::string path = (parent.empty() ? std::string() : parent + "__") + "para_" + number_component(num);
    std::string label;
    const bool numeric = num.find_first_not_of("0123456789") == std::string::npos && num.size() < 6;
    if (m_japanese)
      label = parent_label + "第" + (numeric ? kanji_number(static_cast<unsigned>(std::stoul(num))) : num) + "項";
    else
      label = parent_label + "(" + number_component(num) + ")";
    add(path, parent, label, {}, block_text(node, m_japanese));
    items(node, path, label);
  }

  void items(xmlNode* paragraph, const std::string& parent, const std::string& parent_label) {
    for (xmlNode* item : children_named(paragraph, "Item")) {
      const std::string num = attribute(item, "Num");
      if (!valid_number(num))
        throw DataError(where(m_input.display_path, item) + ": <Item> has no valid Num attribute ('" +
                        num + "')");
      const xmlNode* title_node = first_child(item, "ItemTitle");
      std::string title = title_node != nullptr ? normalize_space(text_of(title_node)) : std::string();
      std::string label;
      if (m_japanese) {
        if (title.empty()) title = num;
        const auto branch = title.find("の");
        label = parent_label + "第" +
                (branch == std::string::npos ? title + "号" : title.substr(0, branch) + "号" + title.substr(branch));
      } else {
        label = parent_label + (title.empty() ? "(" + number_component(num) + ")" : title);
      }
      add(parent + "__item_" + number_component(num), parent, label, {}, block_text(item, m_japanese));
    }
  }

  void add(const std::string& path, const std::string& parent, const std::string& label,
           const std::string& heading, const std::string& text) {
    if (!m_paths.emplace(path, true).second)
      throw DataError(m_input.display_path + ": the clause id '" + path + "' occurs twice");
    ParsedClause clause;
    clause.path = path;
    clause.parent = parent;
    clause.label = label;
    clause.heading = heading;
    clause.text = normalize_space(text);
    clause.language = m_language;
    m_clauses.push_back(std::move(clause));
  }

  std::vector<ParsedClause> take() { return std::move(m_clauses); }
  bool japanese() const { return m_japanese; }

private:
  const SourceInput& m_input;
  std::string m_language;
  bool m_japanese;
  std::unordered_map<std::string, bool> m_paths;
  std::vector<ParsedClause> m_clauses;
};

/// Articles below MainProvision, through Part/Chapter/Section/Subsection/Division, in order.
void collect_articles(xmlNode* node, std::vector<xmlNode*>& out) {
  for (xmlNode* child : child_elements(node)) {
    const auto name = name_of(child);
    if (name == "Article") out.push_back(child);
    else if (name == "Part" || name == "Chapter" || name == "Section" || name == "Subsection" ||
             name == "Division")
      collect_articles(child, out);
  }
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
    require_utf8(input.bytes, input.display_path);
    const auto doc = XmlDocument::parse_xml(input.bytes, input.display_path);
    xmlNode* law = doc.root();
    if (!is_element(law, "Law"))
      throw DataError(where(input.display_path, law) + ": the root element is <" + std::string(name_of(law)) +
                      ">, not <Law>: is this really an " + k_format + " file?");
    std::string language = primary_subtag(input.language);
    if (language.empty()) language = primary_subtag(attribute(law, "Lang"));
    if (language.empty()) language = "ja";

    const xmlNode* body = first_child(law, "LawBody");
    if (body == nullptr)
      throw DataError(where(input.display_path, law) + ": <Law> has no <LawBody>: is this really an " +
                      k_format + " file?");
    Walker walker(input, language);
    if (xmlNode* main = first_child(body, "MainProvision")) {
      std::vector<xmlNode*> articles;
      collect_articles(main, articles);
      for (xmlNode* article : articles) walker.article(article, {}, {}, nullptr);
      if (articles.empty())
        for (xmlNode* paragraph : children_named(main, "Paragraph")) walker.paragraph(paragraph, {}, {});
    }
    auto clauses = walker.take();
    if (clauses.empty())
      throw DataError(input.display_path + ": no articles found: is this really an " + std::string(k_format) +
                      " file?");

    for (xmlNode* suppl : children_named(body, "SupplProvision")) {
      if (!attribute(suppl, "AmendLawNum").empty()) continue;
      const xmlNode* label_node = first_child(suppl, "SupplProvisionLabel");
      std::string label = label_node != nullptr ? normalize_space(text_of(label_node)) : std::string();
      if (walker.japanese()) {
        std::string compact;
        for (char c : label)
          if (c != ' ') compact += c;
        label = compact.empty() ? "附則" : compact;
      } else if (label.empty()) {
        label = "Supplementary Provisions";
      }
      walker.add("suppl", {}, label, {}, text_without(suppl, {"SupplProvisionLabel"}, walker.japanese()));
      const std::string label_prefix = walker.japanese() ? label : label + " ";
      std::unordered_map<std::string, bool> seen;
      const auto articles = children_named(suppl, "Article");
      for (xmlNode* article : articles) walker.article(article, "suppl__", label_prefix, &seen);
      if (articles.empty())
        for (xmlNode* paragraph : children_named(suppl, "Paragraph"))
          walker.paragraph(paragraph, "suppl", walker.japanese() ? label : label + " ");
      break; // the original act's supplementary provisions only
    }
    auto suppl = walker.take();
    for (auto& clause : suppl) clauses.push_back(std::move(clause));
    return clauses;
  }
};

} // namespace

const SourceParser& egov_xml() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
