// tbs-html: Treasury Board of Canada Secretariat Policy Suite pages (HTML body fragment of
// doc.aspx), English and French, e.g. the Directive on Automated Decision-Making
// (ca/tbs-directive-automated-decision-making-2025-06-24.en.html and .fr.html).
//
// Structure read: each numbered section is a details.pol-sec whose h2 (id "chaN") reads
// "6. Requirements"; subsections are section.pol-sub with an h3 "6.1 Algorithmic impact
// assessment"; clauses are li.pol-cla with a span.pol-cla-id "6.2.3"; unnumbered h4 group titles
// ("Providing notice before decisions") head the clauses of their group. Appendices are
// details.pol-sec whose h2 id is "appA".."appC".
//
// Ids (identical in English and French: every component comes from printed numbers, never from
// words):
//   sec_6, sec_6.2, sec_6.2.3, sec_6.2.2.1   flat dotted components, as the text numbers them.
//       Deviation from docs/clause-ids.md: the path is not prefixed by its ancestors (not
//       sec_6__sec_6.2__sec_6.2.3) because the dotted number already encodes the nesting; the
//       parent is the clause numbered one dot shorter (sec_6.2.3 -> sec_6.2 -> sec_6).
//   appx_A, appx_B, appx_C                  appendices (A definitions, B impact levels,
//                                           C requirements by impact level).
//   appx_B__level_I .. appx_B__level_IV     impact levels, numbered as printed (I..IV).
//   appx_C__row_1 .. appx_C__row_7          requirement rows of Appendix C, by their order:
//       the rows carry no printed number, but the table has the same rows in the same order in
//       both languages. Appendix A's definitions are NOT split: the French list is sorted by the
//       French terms, so neither order nor a slug of the term would align the two languages;
//       appx_A carries every definition in its text.
// Labels: en "s. 6.2.3", fr "section 6.2.3" (the French text itself writes "section 6.2.3");
// appendices as printed ("Appendix A", "Annexe A"), "Appendix B, Level I" / "Annexe B, niveau I",
// "Appendix C, Notice" / "Annexe C, Avis".
// Headings: section titles ("Requirements" / "Exigences"), h3 titles, h4 group titles for the
// clauses under them, appendix titles, Appendix C row names.
// Options: none. Language: input.language ("en" or "fr").
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

const char* const k_format = "tbs-html";

bool has_class(const xmlNode* node, std::string_view cls) {
  const std::string value = attribute(node, "class");
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(' ', pos);
    if (end == std::string::npos) end = value.size();
    if (std::string_view(value).substr(pos, end - pos) == cls) return true;
    pos = end + 1;
  }
  return false;
}

// Like text_of(), but a clause number (span.pol-cla-id) is also set off by spaces: the page
// writes "<span>6.1.1</span>Completing".
void collect(const xmlNode* node, std::string& out) {
  static const std::set<std::string_view> blocks = {"p", "div", "li", "br", "tr", "td", "th", "h1", "h2", "h3",
                                                    "h4", "ul", "ol", "dl", "dt", "dd", "section", "header",
                                                    "table", "summary", "details"};
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      const auto name = name_of(child);
      if (name == "script" || name == "style") continue;
      const bool block = blocks.count(name) > 0 || has_class(child, "pol-cla-id");
      if (block) out += ' ';
      collect(child, out);
      if (block) out += ' ';
    }
  }
}

std::string block_text(const xmlNode* node) {
  std::string raw;
  collect(node, raw);
  return normalize_space(raw);
}

const xmlNode* first_descendant(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == name) return child;
    if (const xmlNode* found = first_descendant(child, name)) return found;
  }
  return nullptr;
}

const xmlNode* first_child_with_class(const xmlNode* node, std::string_view name, std::string_view cls) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next)
    if (child->type == XML_ELEMENT_NODE && name_of(child) == name && has_class(child, cls)) return child;
  return nullptr;
}

// Text of an element up to its first <br>: the row name in "Notice<br>(sections 6.2.1–6.2.2)".
std::string text_before_br(const xmlNode* node) {
  std::string raw;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && name_of(child) == "br") break;
    if (child->type == XML_TEXT_NODE && child->content != nullptr)
      raw += reinterpret_cast<const char*>(child->content);
    else if (child->type == XML_ELEMENT_NODE)
      raw += block_text(child);
  }
  return normalize_space(raw);
}

std::string strip_prefix(const std::string& text, const std::string& prefix) {
  if (!prefix.empty() && text.rfind(prefix, 0) == 0) return normalize_space(text.substr(prefix.size()));
  return text;
}

// "Appendix A - Definitions" / "Annexe A – Définitions" -> {"Appendix A", "Definitions"}.
std::pair<std::string, std::string> split_title(const std::string& title, const std::string& letter) {
  const auto at = title.find(" " + letter);
  if (at == std::string::npos) return {title, ""};
  std::string label = title.substr(0, at + 1 + letter.size());
  std::string rest = title.substr(at + 1 + letter.size());
  std::size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '-' || rest[i] == ':')) ++i;
  if (rest.compare(i, 3, "\xE2\x80\x93") == 0 || rest.compare(i, 3, "\xE2\x80\x94") == 0) i += 3;  // – —
  return {label, normalize_space(rest.substr(i))};
}

class Builder {
public:
  Builder(const SourceInput& input, std::string language)
      : m_input(input), m_lang(std::move(language)) {}

  void section(const xmlNode* details, const xmlNode* h2) {
    static const std::regex numbered(R"(^(\d+)\.\s*(.*)$)");
    const std::string title = block_text(h2);
    std::smatch m;
    if (!std::regex_match(title, m, numbered))
      throw DataError(where(h2) + ": section heading '" + title + "' does not start with its number (\"6. Requirements\")");
    const std::string number = m[1];
    const xmlNode* content = first_child_with_class(details, "div", "pol-content");
    add("sec_" + number, "", sec_label(number), m[2], content != nullptr ? block_text(content) : "", h2);
    if (content != nullptr) walk(content, "");
  }

  void appendix(const xmlNode* details, const xmlNode* h2, const std::string& letter) {
    const auto [label, heading] = split_title(block_text(h2), letter);
    const xmlNode* content = first_child_with_class(details, "div", "pol-content");
    const std::string path = "appx_" + letter;
    add(path, "", label, heading, content != nullptr ? block_text(content) : "", h2);
    if (content == nullptr) return;
    const xmlNode* table = first_descendant(content, "table");
    if (table == nullptr) return;
    std::vector<std::string> columns;
    if (const xmlNode* thead = first_descendant(table, "thead"))
      for (const xmlNode* th : descendants(thead, "th")) columns.push_back(block_text(th));
    const xmlNode* tbody = first_descendant(table, "tbody");
    if (tbody == nullptr) return;
    int row_no = 0;
    for (const xmlNode* tr : descendants(tbody, "tr")) {
      const xmlNode* th = first_descendant(tr, "th");
      if (th == nullptr) continue;
      ++row_no;
      std::string text = block_text(th);
      std::size_t col = 1;
      for (const xmlNode* cell = tr->children; cell != nullptr; cell = cell->next) {
        if (!is_element(cell, "td")) continue;
        const std::string head = col < columns.size() && columns.size() > 2 ? columns[col] + ": " : "";
        text += " " + head + block_text(cell);
        ++col;
      }
      text = normalize_space(text);
      if (letter == "B") {
        const std::string level = block_text(th);
        add(path + "__level_" + level, path,
            label + (m_lang == "fr" ? ", niveau " : ", Level ") + level, "", text, tr);
      } else {
        const std::string name = text_before_br(th);
        add(path + "__row_" + std::to_string(row_no), path, label + ", " + name, name, text, tr);
      }
    }
  }

  std::vector<ParsedClause> take() { return std::move(m_out); }

private:
  std::string where(const xmlNode* node) const {
    return m_input.display_path + ":" + std::to_string(line_of(node));
  }

  std::string sec_label(const std::string& number) const {
    return (m_lang == "fr" ? "section " : "s. ") + number;
  }

  std::string parent_of(const std::string& number) const {
    std::string n = number;
    while (true) {
      const auto dot = n.rfind('.');
      if (dot == std::string::npos) return "";
      n.resize(dot);
      if (m_paths.count("sec_" + n)) return "sec_" + n;
    }
  }

  void add(const std::string& path, const std::string& parent, const std::string& label,
           const std::string& heading, const std::string& text, const xmlNode* node) {
    if (!m_paths.insert(path).second)
      throw DataError(where(node) + ": the number of '" + label + "' appears twice");
    m_out.push_back({path, parent, label, heading, text, m_lang});
  }

  // Walks a content block in document order, emitting h3 subsections and li clauses.
  void walk(const xmlNode* node, const std::string& group_heading) {
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type != XML_ELEMENT_NODE) continue;
      const auto name = name_of(child);
      if (name == "section" && has_class(child, "pol-sub")) {
        subsection(child);
      } else if (name == "section") {
        // An unnumbered group with an h4 title: its clauses take the title as their heading.
        const xmlNode* h4 = first_descendant(child, "h4");
        walk(child, h4 != nullptr ? block_text(h4) : group_heading);
      } else if (name == "li" && has_class(child, "pol-cla")) {
        clause(child, group_heading);
      } else if (name != "header") {
        walk(child, group_heading);
      }
    }
  }

  void subsection(const xmlNode* section) {
    static const std::regex numbered(R"(^(\d+(?:\.\d+)+)\s+(.*)$)");
    const xmlNode* h3 = first_descendant(section, "h3");
    if (h3 == nullptr) throw DataError(where(section) + ": subsection without an h3 title");
    const std::string title = block_text(h3);
    std::smatch m;
    if (!std::regex_match(title, m, numbered))
      throw DataError(where(h3) + ": subsection title '" + title + "' does not start with its number (\"6.1 ...\")");
    const std::string number = m[1];
    const xmlNode* content = first_child_with_class(section, "div", "pol-content");
    add("sec_" + number, parent_of(number), sec_label(number), m[2],
        content != nullptr ? block_text(content) : "", h3);
    if (content != nullptr) walk(content, "");
  }

  void clause(const xmlNode* li, const std::string& heading) {
    const xmlNode* id = first_descendant(li, "span");
    if (id == nullptr || !has_class(id, "pol-cla-id"))
      throw DataError(where(li) + ": clause (li.pol-cla) without its number (span.pol-cla-id)");
    const std::string number = block_text(id);
    if (number.empty() || !std::isdigit(static_cast<unsigned char>(number[0])))
      throw DataError(where(li) + ": clause number '" + number + "' is not a dotted number");
    add("sec_" + number, parent_of(number), sec_label(number), heading,
        strip_prefix(block_text(li), number), li);
    // Nested clauses (6.2.2.1) sit in a ul inside the li; they have no group heading.
    for (const xmlNode* child = li->children; child != nullptr; child = child->next)
      if (child->type == XML_ELEMENT_NODE && name_of(child) != "span") walk(child, "");
  }

  const SourceInput& m_input;
  std::string m_lang;
  std::vector<ParsedClause> m_out;
  std::set<std::string> m_paths;
};

void find_details(const xmlNode* node, std::vector<const xmlNode*>& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == "details" && has_class(child, "pol-sec")) {
      out.push_back(child);
      continue;
    }
    find_details(child, out);
  }
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    if (!input.options.empty()) {
      std::string names;
      for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
      throw DataError(input.display_path + ": unknown option(s) " + names + " for format '" +
                      k_format + "' (it accepts none)");
    }
    std::string lang = input.language.empty() ? "en" : input.language.substr(0, 2);
    const auto doc = XmlDocument::parse_html(input.bytes, input.display_path, "UTF-8");
    std::vector<const xmlNode*> details;
    if (doc.root() != nullptr) find_details(doc.root(), details);
    Builder builder(input, lang);
    for (const xmlNode* d : details) {
      const xmlNode* h2 = first_descendant(d, "h2");
      if (h2 == nullptr) continue;
      const std::string id = attribute(h2, "id");
      if (id.rfind("cha", 0) == 0) {
        builder.section(d, h2);
      } else if (id.rfind("app", 0) == 0 && id.size() > 3) {
        builder.appendix(d, h2, id.substr(3));
      } else {
        throw DataError(input.display_path + ":" + std::to_string(line_of(h2)) + ": section heading '" +
                        block_text(h2) + "' has id '" + id + "', expected chaN or appX");
      }
    }
    auto out = builder.take();
    if (out.empty())
      throw DataError(input.display_path + ": no sections found: is this really a " + k_format + " file?");
    return out;
  }
};

} // namespace

const SourceParser& tbs_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
