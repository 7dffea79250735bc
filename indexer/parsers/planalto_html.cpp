// planalto-html: compiled-law pages of the Brazilian Presidency (planalto.gov.br, MS FrontPage
// markup, windows-1252), e.g. br/lgpd-lei-13709-2018.planalto.pt.html (LGPD, Art. 1-65 with the
// lettered articles 55-A ... 58-B).
// The page is converted to UTF-8 (option encoding, default windows-1252) and read <p> by <p> in
// document order. Superseded wording is dropped: anything inside <strike>, <s> or <del> or in an
// element styled text-decoration:line-through. When an article, paragraph, inciso or alínea is
// printed again without being struck through (a compiled page sometimes keeps an older wording
// unstruck above the new one), the later printing replaces the earlier one and its children.
// Amendment notes such as "(Redação dada pela Lei nº 13.853, de 2019)", "(Incluído pela ...)",
// "(Revogado pela ...)", "(Vide ...)", "(Promulgação partes vetadas)" and "Vigência" links are
// dropped; "(VETADO)" stays, it is the text of a vetoed provision.
//
// Ids (the same scheme as the ANPD English translation parsed by plain-text, so Art. 20 is art_20
// in both):
//  - art_N from "Art. Nº" / "Art. N."; lettered articles "Art. 55-A" -> art_55-A. A number split by
//    markup ("Art. 5 7." for Art. 57) is joined.
//  - "§ 1º" -> art_N__para_1; "Parágrafo único" -> art_N__para_single;
//  - incisos "I -" -> __item_I below the current paragraph, or below the article before any §;
//  - alíneas "a)" -> __point_a below the current inciso.
//  - Lines quoted from other laws (“Art. 7º ... ” (NR), text that an amending article inserts) are
//    kept in the current clause's text and never read as structure.
//  - CAPÍTULO / Seção / TÍTULO headings and their title lines end the current article and are not
//    clauses; the signature block from "Brasília," on is not read.
// Labels as printed: "Art. 20", "Art. 20, § 1º", "Art. 20, parágrafo único", "Art. 18, I",
// "Art. 11, II, a". Heading: empty (the articles have no titles). Language: the primary subtag of
// the language declared in jurisdiction.toml, else pt.
// Options: encoding (an iconv name; default windows-1252).
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

constexpr const char* k_format = "planalto-html";

// --- clause builder with replacement ---------------------------------------------------------------
class Builder {
public:
  explicit Builder(std::string language) : m_language(std::move(language)) {}

  /// Adds a clause; a clause already present under `path` is removed first, with its children.
  std::size_t add(const std::string& path, const std::string& parent, std::string label) {
    if (m_index.count(path) != 0) remove(path);
    std::size_t parent_index = k_none;
    if (!parent.empty()) parent_index = m_index.at(parent);
    Node node;
    node.clause.path = path;
    node.clause.parent = parent;
    node.clause.label = std::move(label);
    node.clause.language = m_language;
    node.parent = parent_index;
    m_index[path] = m_nodes.size();
    m_nodes.push_back(std::move(node));
    return m_nodes.size() - 1;
  }

  void text(std::size_t node, const std::string& text) {
    if (!text.empty()) m_segments.emplace_back(node, text);
  }

  bool empty() const { return m_index.empty(); }

  std::vector<ParsedClause> finish() {
    for (const auto& [node, text] : m_segments) {
      if (m_nodes[node].dead) continue;
      for (std::size_t i = node; i != k_none; i = m_nodes[i].parent) {
        auto& out = m_nodes[i].clause.text;
        if (!out.empty()) out += ' ';
        out += text;
      }
    }
    std::vector<ParsedClause> out;
    for (auto& node : m_nodes)
      if (!node.dead) out.push_back(std::move(node.clause));
    return out;
  }

private:
  struct Node {
    ParsedClause clause;
    std::size_t parent = k_none;
    bool dead = false;
  };

  void remove(const std::string& path) {
    const std::string prefix = path + "__";
    for (auto& node : m_nodes) {
      if (node.dead) continue;
      if (node.clause.path == path || node.clause.path.starts_with(prefix)) {
        node.dead = true;
        m_index.erase(node.clause.path);
      }
    }
  }

  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::string m_language;
  std::vector<Node> m_nodes;
  std::vector<std::pair<std::size_t, std::string>> m_segments;
  std::unordered_map<std::string, std::size_t> m_index;
};

// --- text ----------------------------------------------------------------------------------------

bool is_struck(const xmlNode* node) {
  const auto name = name_of(node);
  if (name == "strike" || name == "s" || name == "del") return true;
  const std::string style = attribute(node, "style");
  return style.find("line-through") != std::string::npos;
}

bool is_block(std::string_view name) {
  return name == "p" || name == "div" || name == "br" || name == "li" || name == "td" || name == "tr";
}

void append_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      const auto name = name_of(child);
      if (name == "script" || name == "style" || is_struck(child)) continue;
      if (is_block(name)) out += ' ';
      append_text(child, out);
      if (is_block(name)) out += ' ';
    }
  }
}

bool inside_struck(const xmlNode* node) {
  for (const xmlNode* n = node; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (is_struck(n)) return true;
  return false;
}

/// Drops amendment notes "(Redação dada pela …)", "(Incluído pela …)", "Vigência" and the like.
std::string drop_notes(const std::string& text) {
  static const std::string_view notes[] = {
      "(Redação dada", "(Incluído", "(Incluída", "(Revogado pel", "(Revogada pel", "(Vide", "(Promulgação",
      "(Produção de efeito", "(Convertid", "(Acrescid", "(Renumerado", "(Regulamento", "(Vigência"};
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    bool dropped = false;
    if (text[i] == '(') {
      const std::string_view rest = std::string_view(text).substr(i);
      for (auto note : notes)
        if (rest.starts_with(note)) {
          // Find the matching close parenthesis (notes may contain nested ones).
          int depth = 0;
          std::size_t j = i;
          for (; j < text.size(); ++j) {
            if (text[j] == '(') ++depth;
            else if (text[j] == ')' && --depth == 0) break;
          }
          if (j < text.size()) {
            i = j + 1;
            dropped = true;
          }
          break;
        }
    }
    if (dropped) continue;
    out += text[i];
    ++i;
  }
  std::string clean = normalize_space(out);
  for (std::string_view tail : {" Vigência", "Vigência"})
    while (clean.ends_with(tail)) clean = normalize_space(clean.substr(0, clean.size() - tail.size()));
  return clean;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct ArticleMark {
  std::string number; // "57", "55-A"
  bool ok = false;
};

/// "Art. 1º …", "Art. 10. …", "Art. 55-A. …", "Art. 5 7. (VETADO)".
ArticleMark article_mark(std::string_view line) {
  ArticleMark m;
  if (!line.starts_with("Art.")) return m;
  std::size_t i = 4;
  while (i < line.size() && line[i] == ' ') ++i;
  const std::size_t start = i;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i == start) return m;
  m.number = std::string(line.substr(start, i - start));
  // A number split by markup: "5 7." -> 57.
  if (i + 1 < line.size() && line[i] == ' ' && is_digit(line[i + 1])) {
    std::size_t j = i + 1;
    while (j < line.size() && is_digit(line[j])) ++j;
    if (j < line.size() && (line[j] == '.' || line.substr(j).starts_with("º") || line[j] == '-')) {
      m.number += std::string(line.substr(i + 1, j - i - 1));
      i = j;
    }
  }
  std::string_view rest = line.substr(i);
  if (rest.starts_with("º") || rest.starts_with("°")) rest.remove_prefix(2);
  else if (rest.starts_with("o") && (rest.size() == 1 || rest[1] == ' ')) rest.remove_prefix(1);
  if (rest.size() >= 2 && (rest[0] == '-' || rest.starts_with("–")) ) {
    const std::size_t skip = rest[0] == '-' ? 1 : 3;
    if (rest.size() > skip && rest[skip] >= 'A' && rest[skip] <= 'Z') {
      m.number += "-" + std::string(1, rest[skip]);
      rest.remove_prefix(skip + 1);
    }
  }
  if (!rest.empty() && rest[0] != '.' && rest[0] != ' ') return m;
  m.ok = true;
  return m;
}

/// "§ 1º …" -> "1"; empty otherwise.
std::string section_mark(std::string_view line) {
  const std::string_view mark = "§";
  if (!line.starts_with(mark)) return {};
  std::size_t i = mark.size();
  while (i < line.size() && line[i] == ' ') ++i;
  const std::size_t start = i;
  while (i < line.size() && is_digit(line[i])) ++i;
  return std::string(line.substr(start, i - start));
}

/// "IV - …" (hyphen, en dash or minus) -> "IV"; empty otherwise.
std::string inciso(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && std::string_view("IVXLCDM").find(line[i]) != std::string_view::npos) ++i;
  if (i == 0) return {};
  // A lettered inciso inserted later: "I-A – …".
  if (i + 2 < line.size() && line[i] == '-' && line[i + 1] >= 'A' && line[i + 1] <= 'Z' &&
      (line[i + 2] == ' ' || line[i + 2] == '-')) {
    std::size_t j = i + 2;
    while (j < line.size() && line[j] == ' ') ++j;
    const std::string_view rest = line.substr(j);
    if (rest.starts_with("-") || rest.starts_with("–") || rest.starts_with("—") || rest.starts_with("−"))
      return std::string(line.substr(0, i + 2));
  }
  std::size_t j = i;
  while (j < line.size() && line[j] == ' ') ++j;
  const std::string_view rest = line.substr(j);
  if (rest.starts_with("-") || rest.starts_with("–") || rest.starts_with("—") || rest.starts_with("−"))
    return std::string(line.substr(0, i));
  return {};
}

/// "a) …" -> "a"; empty otherwise.
std::string alinea(std::string_view line) {
  if (line.size() >= 2 && line[0] >= 'a' && line[0] <= 'z' && line[1] == ')' && (line.size() == 2 || line[2] == ' '))
    return std::string(1, line[0]);
  return {};
}

bool is_heading(std::string_view line) {
  for (std::string_view lead : {"CAPÍTULO", "Capítulo", "Seção", "SEÇÃO", "TÍTULO", "Subseção", "SUBSEÇÃO", "LIVRO"})
    if (line.starts_with(lead)) return true;
  return false;
}

std::string primary_subtag(std::string tag) {
  const auto dash = tag.find_first_of("-_");
  if (dash != std::string::npos) tag.resize(dash);
  for (char& c : tag)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return tag;
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    std::string encoding = "windows-1252";
    for (const auto& [key, value] : input.options) {
      if (key == "encoding") encoding = value;
      else
        throw DataError(input.display_path + ": unknown option '" + key + "' for format '" + k_format +
                        "'; accepted options: encoding");
    }
    if (input.bytes.empty()) throw DataError(input.display_path + ": the file is empty");
    const std::string utf8 = to_utf8(input.bytes, encoding.c_str(), input.display_path);
    const auto doc = XmlDocument::parse_html(utf8, input.display_path, "UTF-8");
    std::string language = primary_subtag(input.language);
    if (language.empty()) language = "pt";
    Builder b(language);

    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t current = none;
    std::string art_path, art_label, para_path, para_label, item_path, item_label;
    bool quoting = false;
    for (xmlNode* p : descendants(doc.root(), "p")) {
      if (inside_struck(p)) continue;
      std::string raw;
      append_text(p, raw);
      std::string line = drop_notes(raw);
      if (line.empty()) {
        // A provision wholly struck through and revoked keeps its id, with the revocation note as
        // its text: "Art. 55-B. (Revogado pela Lei nº 14.460, de 2022)".
        const std::string note = normalize_space(raw);
        if (note.find("(Revogad") == std::string::npos) continue;
        const std::string full = normalize_space(text_of(p));
        std::string mark;
        if (const auto art = article_mark(full); art.ok) mark = "Art. " + art.number + ".";
        else if (const auto section = section_mark(full); !section.empty()) mark = "§ " + section + "º";
        else if (full.starts_with("Parágrafo único")) mark = "Parágrafo único.";
        else if (const auto item = inciso(full); !item.empty()) mark = item + " -";
        else if (const auto letter = alinea(full); !letter.empty()) mark = letter + ")";
        if (mark.empty()) continue;
        line = mark + " " + note;
      }
      if (line.starts_with("Brasília")) break; // the signature block
      if (quoting) {
        if (current != none) b.text(current, line);
        if (line.find("”") != std::string::npos || line.find('"') != std::string::npos) quoting = false;
        continue;
      }
      if (line.starts_with("“") || line.starts_with("\"")) {
        if (current != none) b.text(current, line);
        const std::string_view rest = std::string_view(line).substr(1);
        quoting = rest.find("”") == std::string_view::npos && rest.find('"') == std::string_view::npos;
        continue;
      }
      if (const auto art = article_mark(line); art.ok) {
        art_path = "art_" + art.number;
        art_label = "Art. " + art.number;
        para_path = art_path;
        para_label = art_label;
        item_path.clear();
        current = b.add(art_path, {}, art_label);
        b.text(current, line);
        continue;
      }
      if (is_heading(line)) {
        current = none;
        continue;
      }
      if (current == none) continue; // front matter, or a heading's title line
      if (const std::string n = section_mark(line); !n.empty()) {
        para_path = art_path + "__para_" + n;
        const auto degree = line.find("º");
        para_label = art_label + ", § " + n + (degree != std::string::npos && degree < 8 ? "º" : "");
        item_path.clear();
        current = b.add(para_path, art_path, para_label);
        b.text(current, line);
        continue;
      }
      if (line.starts_with("Parágrafo único")) {
        para_path = art_path + "__para_single";
        para_label = art_label + ", parágrafo único";
        item_path.clear();
        current = b.add(para_path, art_path, para_label);
        b.text(current, line);
        continue;
      }
      if (const std::string n = inciso(line); !n.empty()) {
        item_path = para_path + "__item_" + n;
        item_label = para_label + ", " + n;
        current = b.add(item_path, para_path, item_label);
        b.text(current, line);
        continue;
      }
      if (const std::string n = alinea(line); !n.empty()) {
        const std::string& parent = item_path.empty() ? para_path : item_path;
        const std::string& parent_label = item_path.empty() ? para_label : item_label;
        current = b.add(parent + "__point_" + n, parent, parent_label + ", " + n);
        b.text(current, line);
        continue;
      }
      b.text(current, line); // a continuation of the current clause
    }
    if (b.empty())
      throw DataError(input.display_path + ": no articles found: is this really a " + std::string(k_format) +
                      " file?");
    return b.finish();
  }
};

} // namespace

const SourceParser& planalto_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
