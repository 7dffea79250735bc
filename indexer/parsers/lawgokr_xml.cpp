// lawgokr-xml: Korean Law Information Center (law.go.kr, Ministry of Government Legislation) XML,
// in its two dialects:
//  - the Korean DRF Open API statute (법령/조문/조문단위/항/호/목), e.g.
//    kr/ai-framework-act-2026-07-21.ko.xml and kr/ai-framework-act-current-2026-07-20.ko.xml;
//  - the English reference translation (Law/JoSection/Jo with joNo, joBrNo, joYn, joTtl and the
//    article's whole text in joCts, one line per paragraph, subparagraph or item), e.g.
//    kr/ai-framework-act-2026-07-21.en.xml.
// Units that are not articles (조문여부 = 전문, joYn = N: chapter and section headings) are skipped,
// and so are the amendment reasons. Each set of addenda (부칙단위 / Ar: the entry-into-force and
// transitional provisions of one amending Act) is one clause, addenda_<Act number> (공포번호 /
// arAncNo, so both languages share it), labelled with its first line ("부칙 <제20676호,2025.1.21>",
// "ADDENDA <Act No. 20676, Jan. 21, 2025>"), its text the addenda as printed.
//
// Ids (identical for the Korean text and its English translation):
//  - art_N from 조문번호 / joNo; a branch article 제17조의2 (조문가지번호 2, joBrNo 02, "Article 17-2")
//    is art_17-2.
//  - art_N__para_M for a numbered paragraph 항 (① -> 1; "(1)" in English). An unnumbered 항 that
//    only groups subparagraphs is not a clause: its subparagraphs hang from the article.
//  - __item_K for a subparagraph 호 ("1." -> item_1, "6의2." / "6-2." -> item_6-2; the English
//    misprint "2.3." for 2-3 is read as 2-3).
//  - __point_K for an item 목, numbered by the position of its letter in the Korean order
//    가 나 다 라 마 바 사 아 자 차 카 타 파 하 (가 -> point_1, 나 -> point_2), which is the order of the
//    English letters a, b, c... (a -> point_1), so both languages share the id.
// Labels as printed: ko "제3조", "제17조의2", "제3조제1항", "제6조제2항제7호", "제2조제4호가목";
// en "Article 3", "Article 17-2", "Article 3(1)", "Article 6(2), subparagraph 7",
// "Article 2, subparagraph 4, item (a)".
// Heading: 조문제목 / joTtl. Text: the article's text as printed (it begins with "제3조(제목)" /
// "Article 3 (Title)"); editorial notes such as <개정 2026.1.20>, <신설 ...>, <Amended on ...>,
// [본조신설 ...] and [Title Amended on ...] are dropped.
// Language: the primary subtag of the language declared in jurisdiction.toml, else ko for the
// Korean dialect and en for the English one.
// Options: none.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/parsers/article_builder.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <array>
#include <limits>
#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

constexpr const char* k_format = "lawgokr-xml";

std::string where(const std::string& display_path, const xmlNode* node) {
  return display_path + ":" + std::to_string(line_of(node));
}

// --- text helpers -----------------------------------------------------------------------------

std::string trim(std::string_view s) { return normalize_space(s); }

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes)
    if (s.starts_with(p)) return true;
  return false;
}

/// Drops editorial notes: <개정 2026.1.20>, <신설 ...>, <Amended on Jan. 20, 2026>, and bracketed
/// notes such as [본조신설 2026.1.20] or [Title Amended on Jan. 20, 2026].
std::string drop_notes(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char open = text[i];
    if (open == '<' || open == '[') {
      const char close = open == '<' ? '>' : ']';
      const auto end = text.find(close, i + 1);
      if (end != std::string_view::npos) {
        const auto inner = trim(text.substr(i + 1, end - i - 1));
        if (starts_with_any(inner, {"개정", "신설", "전문개정", "본조신설", "제목개정", "종전", "Amended", "Added",
                                    "Wholly Amended", "Title Amended", "This Article", "Moved", "Deleted by"})) {
          i = end + 1;
          continue;
        }
      }
    }
    out += text[i];
    ++i;
  }
  return trim(out);
}

/// ① .. ⑳ (U+2460..U+2473), ㉑ .. ㉟ (U+3251..U+325F), ㊱ .. ㊿ (U+32B1..U+32BF) -> 1..50; 0 otherwise.
unsigned circled_number(std::string_view s) {
  if (s.size() < 3) return 0;
  const auto b0 = static_cast<unsigned char>(s[0]), b1 = static_cast<unsigned char>(s[1]),
             b2 = static_cast<unsigned char>(s[2]);
  if (b0 == 0xE2 && b1 == 0x91 && b2 >= 0xA0 && b2 <= 0xB3) return b2 - 0xA0 + 1;
  if (b0 == 0xE3 && b1 == 0x89 && b2 >= 0x91 && b2 <= 0x9F) return b2 - 0x91 + 21;
  if (b0 == 0xE3 && b1 == 0x8A && b2 >= 0xB1 && b2 <= 0xBF) return b2 - 0xB1 + 36;
  return 0;
}

constexpr std::array<std::string_view, 14> k_korean_letters = {"가", "나", "다", "라", "마", "바", "사",
                                                              "아", "자", "차", "카", "타", "파", "하"};

/// "가." -> 1, "나." -> 2 ...; 0 when not a 목 letter.
unsigned korean_letter_number(std::string_view s) {
  s = s.substr(0, s.find('.'));
  for (std::size_t i = 0; i < k_korean_letters.size(); ++i)
    if (s == k_korean_letters[i]) return static_cast<unsigned>(i + 1);
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// "6의2." -> "6-2", "12." -> "12"; empty when not a 호 number.
std::string korean_item_number(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 0) return {};
  std::string out(s.substr(0, i));
  const std::string_view ui = "의";
  if (s.substr(i).starts_with(ui)) {
    std::size_t j = i + ui.size();
    const std::size_t start = j;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j > start) out += "-" + std::string(s.substr(start, j - start));
  }
  return out;
}

// --- the Korean dialect -------------------------------------------------------------------------

std::string child_text(const xmlNode* node, std::string_view name) {
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) return text_of(child);
  return {};
}

std::vector<xmlNode*> children_named(const xmlNode* node, std::string_view name) {
  std::vector<xmlNode*> out;
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) out.push_back(child);
  return out;
}

void korean_points(ArticleBuilder& b, const SourceInput& input, xmlNode* item, const std::string& parent,
                   const std::string& parent_label, std::size_t parent_index) {
  for (xmlNode* point : children_named(item, "목")) {
    const std::string mark = trim(child_text(point, "목번호"));
    const unsigned n = korean_letter_number(mark);
    if (n == 0)
      throw DataError(where(input.display_path, point) + ": <목번호> '" + mark +
                      "' is not one of the letters 가 to 하");
    const std::string letter = mark.substr(0, mark.find('.'));
    const auto index = b.add(parent + "__point_" + std::to_string(n), parent, parent_label + letter + "목",
                             where(input.display_path, point));
    b.text(index, drop_notes(child_text(point, "목내용")));
    (void)parent_index;
  }
}

void korean_items(ArticleBuilder& b, const SourceInput& input, xmlNode* paragraph, const std::string& parent,
                  const std::string& parent_label) {
  for (xmlNode* item : children_named(paragraph, "호")) {
    const std::string mark = trim(child_text(item, "호번호"));
    const std::string num = korean_item_number(mark);
    if (num.empty())
      throw DataError(where(input.display_path, item) + ": <호번호> '" + mark + "' is not a subparagraph number");
    const auto dash = num.find('-');
    const std::string label =
        parent_label + "제" + (dash == std::string::npos ? num + "호" : num.substr(0, dash) + "호의" + num.substr(dash + 1));
    const std::string path = parent + "__item_" + num;
    const auto index = b.add(path, parent, label, where(input.display_path, item));
    b.text(index, drop_notes(child_text(item, "호내용")));
    korean_points(b, input, item, path, label, index);
  }
}

/// The raw text of the first child element `name`, its lines kept (CDATA sections are lines).
std::string child_lines(const xmlNode* node, std::string_view name) {
  std::string out;
  for (xmlNode* child : child_elements(node))
    if (name_of(child) == name) {
      for (xmlNode* t = child->children; t != nullptr; t = t->next)
        if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content != nullptr)
          out += std::string(reinterpret_cast<const char*>(t->content)) + "\n";
      break;
    }
  return out;
}

/// One clause per set of addenda: `units` are the 부칙단위 or Ar elements.
void addenda(ArticleBuilder& b, const SourceInput& input, const std::vector<xmlNode*>& units, std::string_view number_name,
             std::string_view text_name) {
  for (xmlNode* unit : units) {
    const std::string number = trim(child_text(unit, number_name));
    if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string lines = child_lines(unit, text_name);
    std::string label, text;
    for (std::size_t start = 0; start < lines.size();) {
      auto end = lines.find('\n', start);
      if (end == std::string::npos) end = lines.size();
      const std::string line = trim(std::string_view(lines).substr(start, end - start));
      start = end + 1;
      if (line.empty()) continue;
      if (label.empty()) label = line;
      text += (text.empty() ? "" : " ") + line;
    }
    if (text.empty()) continue;
    const auto index = b.add("addenda_" + number, {}, label, where(input.display_path, unit));
    b.text(index, text);
  }
}

void parse_korean(ArticleBuilder& b, const SourceInput& input, xmlNode* root) {
  xmlNode* articles = nullptr;
  for (xmlNode* child : child_elements(root))
    if (name_of(child) == "조문") articles = child;
  if (articles == nullptr) return;
  for (xmlNode* unit : children_named(articles, "조문단위")) {
    if (trim(child_text(unit, "조문여부")) != "조문") continue; // 전문: chapter/section heading
    const std::string number = trim(child_text(unit, "조문번호"));
    const std::string branch = trim(child_text(unit, "조문가지번호"));
    if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos ||
        branch.find_first_not_of("0123456789") != std::string::npos)
      throw DataError(where(input.display_path, unit) + ": <조문단위> has no valid <조문번호> ('" + number + "')");
    const bool has_branch = !branch.empty() && branch != "0";
    const std::string num = has_branch ? number + "-" + branch : number;
    const std::string path = "art_" + num;
    const std::string label = "제" + number + "조" + (has_branch ? "의" + branch : std::string());
    const auto index = b.add(path, {}, label, where(input.display_path, unit), trim(child_text(unit, "조문제목")));
    b.text(index, drop_notes(child_text(unit, "조문내용")));
    for (xmlNode* paragraph : children_named(unit, "항")) {
      const std::string mark = trim(child_text(paragraph, "항번호"));
      if (mark.empty()) { // an unnumbered 항 grouping subparagraphs of the article itself
        b.text(index, drop_notes(child_text(paragraph, "항내용")));
        korean_items(b, input, paragraph, path, label);
        continue;
      }
      const unsigned n = circled_number(mark);
      if (n == 0)
        throw DataError(where(input.display_path, paragraph) + ": <항번호> '" + mark +
                        "' is not a circled paragraph number");
      const std::string para_path = path + "__para_" + std::to_string(n);
      const std::string para_label = label + "제" + std::to_string(n) + "항";
      const auto para = b.add(para_path, path, para_label, where(input.display_path, paragraph));
      b.text(para, drop_notes(child_text(paragraph, "항내용")));
      korean_items(b, input, paragraph, para_path, para_label);
    }
  }
  for (xmlNode* child : child_elements(root))
    if (name_of(child) == "부칙") addenda(b, input, children_named(child, "부칙단위"), "부칙공포번호", "부칙내용");
}

// --- the English dialect -------------------------------------------------------------------------

/// Strips leading zeros: "0017" -> "17", "00" -> "0".
std::string unpad(const std::string& s) {
  const auto first = s.find_first_not_of('0');
  return first == std::string::npos ? (s.empty() ? s : "0") : s.substr(first);
}

/// "(3) text" -> 3; 0 when the line does not start with a paragraph number.
unsigned english_paragraph(std::string_view line, std::size_t* length) {
  if (line.size() < 3 || line[0] != '(') return 0;
  std::size_t i = 1;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i == 1 || i >= line.size() || line[i] != ')') return 0;
  *length = i + 1;
  const long n = digits_value(line.substr(1, i - 1), 0);
  return n <= long{std::numeric_limits<unsigned>::max()} ? static_cast<unsigned>(n) : 0;
}

/// "4-2. text" / "2.3. text" / "12."text" -> "4-2" / "2-3" / "12"; empty otherwise.
std::string english_item(std::string_view line, std::size_t* length) {
  std::size_t i = 0;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i == 0 || i >= line.size()) return {};
  std::string num(line.substr(0, i));
  if ((line[i] == '-' || line[i] == '.') && i + 1 < line.size() && is_digit(line[i + 1])) {
    std::size_t j = i + 1;
    while (j < line.size() && is_digit(line[j])) ++j;
    if (j < line.size() && line[j] == '.') {
      num += "-" + std::string(line.substr(i + 1, j - i - 1));
      *length = j + 1;
      return num;
    }
    if (line[i] == '-') return {};
  }
  if (line[i] != '.') return {};
  *length = i + 1;
  return num;
}

/// "a. text" -> 1 ('a'), 0 otherwise.
unsigned english_point(std::string_view line) {
  if (line.size() >= 3 && line[0] >= 'a' && line[0] <= 'z' && line[1] == '.' && line[2] == ' ')
    return static_cast<unsigned>(line[0] - 'a' + 1);
  return 0;
}

void parse_english(ArticleBuilder& b, const SourceInput& input, xmlNode* root) {
  xmlNode* section = nullptr;
  for (xmlNode* child : child_elements(root))
    if (name_of(child) == "JoSection") section = child;
  if (section == nullptr) return;
  for (xmlNode* jo : children_named(section, "Jo")) {
    if (trim(child_text(jo, "joYn")) != "Y") continue; // chapter and section headings
    const std::string number = unpad(trim(child_text(jo, "joNo")));
    const std::string branch = unpad(trim(child_text(jo, "joBrNo")));
    if (number.empty() || number == "0" || number.find_first_not_of("0123456789") != std::string::npos)
      throw DataError(where(input.display_path, jo) + ": <Jo> has no valid <joNo>");
    const bool has_branch = !branch.empty() && branch != "0";
    const std::string num = has_branch ? number + "-" + branch : number;
    const std::string path = "art_" + num;
    const std::string label = "Article " + num;
    const std::string title = trim(child_text(jo, "joTtl"));
    const auto article = b.add(path, {}, label, where(input.display_path, jo), title);

    std::string content;
    for (xmlNode* child : child_elements(jo))
      if (name_of(child) == "joCts") {
        // Raw text: the lines matter, so collect the text nodes without normalising.
        for (xmlNode* t = child->children; t != nullptr; t = t->next)
          if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content != nullptr)
            content += reinterpret_cast<const char*>(t->content);
      }
    std::string para_path, para_label, item_path, item_label;
    std::size_t current = article, item_index = 0;
    bool first = true;
    std::size_t start = 0;
    while (start <= content.size()) {
      auto end = content.find('\n', start);
      if (end == std::string::npos) end = content.size();
      std::string line = trim(std::string_view(content).substr(start, end - start));
      start = end + 1;
      if (line.empty()) continue;
      if (line.front() == '[' && line.back() == ']') continue; // [Title Amended on ...]
      if (first) {
        first = false;
        // "Article 3 (Title) (1) text": the article's own line; a paragraph may start on it.
        b.text(article, drop_notes(line));
        std::string rest = line;
        const std::string lead = "Article " + num;
        if (rest.starts_with(lead)) rest = trim(std::string_view(rest).substr(lead.size()));
        if (!title.empty() && rest.starts_with("(" + title + ")")) rest = trim(std::string_view(rest).substr(title.size() + 2));
        std::size_t len = 0;
        if (const unsigned n = english_paragraph(rest, &len); n != 0) {
          para_path = path + "__para_" + std::to_string(n);
          para_label = label + "(" + std::to_string(n) + ")";
          current = b.add(para_path, path, para_label, where(input.display_path, jo));
          // The paragraph's own text; the article already holds the whole line.
          b.own_text(current, drop_notes(rest));
        }
        continue;
      }
      std::size_t len = 0;
      if (const unsigned n = english_paragraph(line, &len); n != 0) {
        para_path = path + "__para_" + std::to_string(n);
        para_label = label + "(" + std::to_string(n) + ")";
        current = b.add(para_path, path, para_label, where(input.display_path, jo));
        item_path.clear();
        b.text(current, drop_notes(line));
        continue;
      }
      if (const std::string item = english_item(line, &len); !item.empty()) {
        const std::string& parent = para_path.empty() ? path : para_path;
        const std::string& parent_label = para_path.empty() ? label : para_label;
        item_path = parent + "__item_" + item;
        item_label = parent_label + ", subparagraph " + item;
        item_index = b.add(item_path, parent, item_label, where(input.display_path, jo));
        b.text(item_index, drop_notes(line));
        continue;
      }
      if (const unsigned n = english_point(line); n != 0 && !item_path.empty()) {
        const auto index = b.add(item_path + "__point_" + std::to_string(n), item_path,
                                 item_label + ", item (" + line.substr(0, 1) + ")", where(input.display_path, jo));
        b.text(index, drop_notes(line));
        continue;
      }
      // A continuation line: it belongs to the innermost open clause.
      b.text(item_path.empty() ? current : item_index, drop_notes(line));
    }
  }
  for (xmlNode* child : child_elements(root))
    if (name_of(child) == "ArSection") addenda(b, input, children_named(child, "Ar"), "arAncNo", "arCts");
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
    xmlNode* root = doc.root();
    const bool korean = is_element(root, "법령");
    const bool english = is_element(root, "Law");
    if (!korean && !english)
      throw DataError(where(input.display_path, root) + ": the root element is <" + std::string(name_of(root)) +
                      ">, not <법령> or <Law>: is this really a " + k_format + " file?");
    std::string language = primary_subtag(input.language);
    if (language.empty()) language = korean ? "ko" : "en";
    ArticleBuilder b(language);
    if (korean) parse_korean(b, input, root);
    else parse_english(b, input, root);
    if (b.empty())
      throw DataError(input.display_path + ": no articles found: is this really a " + std::string(k_format) +
                      " file?");
    return b.finish();
  }
};

} // namespace

const SourceParser& lawgokr_xml() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
