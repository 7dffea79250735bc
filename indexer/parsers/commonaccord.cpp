// commonaccord: CommonAccord prose objects, "key=value" lines whose values hold HTML fragments
// (<b>, <ol>) and {Key} references. Handles oecd/recommendation-council-ai-2019.commonaccord.md
// (the OECD Recommendation of the Council on AI, oecd/ai-recommendation).
//
// Ids (the text's own numbering; keys are CommonAccord's, shown for reference):
//   preamble                 the unkeyed paragraphs before the first key of the operative part
//                            ("THE COUNCIL," ... "CONSIDERING ...") plus Section.Ti ("On the
//                            proposal of ..."); the web-page note between "****" rules is dropped
//   preamble__para_N         its N-th paragraph                           label "Preamble, para. N"
//   para_I .. para_VIII      the operative paragraphs, numbered I-VIII as rendered by the
//                            <ol type="I">: I = Def.0 (AGREES), II-IV = Proposal.2-4, V-VIII =
//                            Proposal.5-8                                  label "I", "VIII"
//   para_VIII__point_a       their lettered points (Proposal.8.1 "a)")     label "VIII(a)"
//   def_1 .. def_5           the definitions (Def.1-5); heading = the term  label "Definition 1"
//   principle_1.1 .. _1.5    principles of section 1 (1.1.Ti heading)     label "1.1"
//   principle_2.1 .. _2.5    recommendations of section 2                 label "2.1"
//   principle_1.2__point_a   lettered points "a)" (1.2.1.sec)              label "1.2(a)"
//   principle_1.3__item_i    roman items "i." (1.3.1.sec)                  label "1.3(i)"
// HTML tags are stripped by parsing each fragment with libxml2's HTML parser; values that are
// only {references} or [includes] are structure, not text. Clause text starts with the printed
// marker where the text prints one ("a) ...", "V. ...").
// Options: none.
#include "indexer/parsers/clause_tree.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <cctype>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

// ---- CommonAccord ----------------------------------------------------------------------------
/// Plain text of an HTML fragment.
std::string fragment_text(const std::string& value, const std::string& display_path) {
  if (value.find('<') == std::string::npos && value.find('&') == std::string::npos) return normalize_space(value);
  const std::string wrapped = "<html><body><div>" + value + "</div></body></html>";
  const auto document = XmlDocument::parse_html(wrapped, display_path, "UTF-8");
  return text_of(document.root());
}

const char* roman(int n) {
  static const char* numerals[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                   "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
  return n >= 1 && n <= 20 ? numerals[n] : nullptr;
}

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

struct Line {
  long number;
  std::string key; // empty for an unkeyed line
  std::string value;
  bool keyed = false;
};

/// Splits "1.2.1" into numbers; false unless all parts are digits.
bool numbers(std::string_view key, std::vector<int>& out) {
  out.clear();
  std::size_t pos = 0;
  while (pos < key.size()) {
    std::size_t end = key.find('.', pos);
    if (end == std::string_view::npos) end = key.size();
    const auto part = key.substr(pos, end - pos);
    if (part.empty() || part.size() > 4) return false;
    for (char c : part)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out.push_back(std::stoi(std::string(part)));
    pos = end + 1;
  }
  return !out.empty();
}

/// "a)text" → ("a", "text"); "iv.text" → ("iv", "text"); "V.text" → ("V", "text").
bool printed_marker(const std::string& text, std::string& marker, std::string& rest) {
  std::size_t i = 0;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) && i < 5) ++i;
  if (i == 0 || i >= text.size() || (text[i] != ')' && text[i] != '.')) return false;
  marker = text.substr(0, i);
  rest = normalize_space(text.substr(i + 1));
  return true;
}

bool is_roman_lower(std::string_view s) { return !s.empty() && s.find_first_not_of("ivx") == std::string_view::npos; }

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    if (!input.options.empty()) {
      std::string names;
      for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
      throw DataError(input.display_path + ": unknown option(s) " + names +
                      " for format 'commonaccord' (it accepts no options)");
    }
    require_utf8(input.bytes, input.display_path);
    const std::string_view bytes = strip_bom(input.bytes);
    const std::string& path = input.display_path;

    // 1. Lines: "key=value" or prose.
    std::vector<Line> lines;
    long line_number = 0;
    std::size_t pos = 0;
    bool in_note = false;
    bool any_key = false;
    while (pos <= bytes.size()) {
      std::size_t end = bytes.find('\n', pos);
      if (end == std::string_view::npos) end = bytes.size();
      std::string line(bytes.substr(pos, end - pos));
      pos = end + 1;
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::string trimmed = normalize_space(line);
      if (trimmed.empty()) {
        if (end == bytes.size()) break;
        continue;
      }
      if (trimmed.find_first_not_of('*') == std::string::npos && trimmed.size() >= 3) { // "****" rule
        in_note = !in_note;
        continue;
      }
      if (in_note) continue;
      std::size_t k = 0;
      while (k < line.size() && is_key_char(line[k])) ++k;
      if (k < line.size() && line[k] == '=') {
        lines.push_back({line_number, line.substr(0, k), line.substr(k + 1), true});
        any_key = true;
      } else {
        lines.push_back({line_number, std::string(), trimmed, false});
      }
      if (end == bytes.size()) break;
    }
    if (!any_key)
      throw DataError(path + ": no articles found: is this really a commonaccord file? (no key=value lines)");

    // 2. Clauses, in file order.
    ClauseTree tree;
    const auto text_of_value = [&](const Line& line) { return fragment_text(line.value, path); };
    const auto structural = [](const std::string& value) {
      const std::string v = normalize_space(value);
      return v.empty() || v.front() == '[' || (v.front() == '{' && v.back() == '}' && v.find('}') == v.size() - 1) ||
             (v.find('{') != std::string::npos && v.find("<ol") != std::string::npos);
    };
    int preamble = -1;
    int preamble_count = 0;
    std::map<std::string, int> principles; // "1.2" → index
    std::map<int, int> proposals;           // 8 → index of para_VIII
    std::map<std::string, std::string> titles;
    for (const auto& line : lines)
      if (line.key.size() > 3 && line.key.compare(line.key.size() - 3, 3, ".Ti") == 0)
        titles[line.key.substr(0, line.key.size() - 3)] = line.value;

    const auto add_preamble = [&](const std::string& text, const Line& line) {
      if (text.empty()) return;
      if (preamble < 0) preamble = tree.add(-1, "preamble", "Preamble", "", "preamble", "");
      ++preamble_count;
      const int index = tree.add(preamble, "para_" + std::to_string(preamble_count),
                                 "Preamble, para. " + std::to_string(preamble_count), "", "para",
                                 std::to_string(preamble_count));
      if (index < 0) throw DataError(path + ":" + std::to_string(line.number) + ": preamble paragraph repeated");
      tree.text(index, text);
    };
    const auto fail = [&](const Line& line, const std::string& what) -> void {
      throw DataError(path + ":" + std::to_string(line.number) + ": " + what);
    };

    std::vector<int> parts;
    for (const auto& line : lines) {
      if (!line.keyed) {
        add_preamble(line.value, line);
        continue;
      }
      const std::string& key = line.key;
      if (key == "Section.Ti") {
        add_preamble(text_of_value(line), line);
        continue;
      }
      if (key.size() > 4 && key.compare(key.size() - 4, 4, ".sec") == 0 && !structural(line.value)) {
        const std::string stem = key.substr(0, key.size() - 4);
        std::string text = text_of_value(line);
        if (text.empty()) continue;
        // Def.N / Proposal.N[.M] / N.M[.K]
        if (stem.rfind("Def.", 0) == 0 && numbers(stem.substr(4), parts) && parts.size() == 1) {
          const int n = parts[0];
          if (n == 0) { // the chapeau of operative paragraph I
            const int index = tree.add(-1, "para_I", "I", "", "para", "I");
            if (index < 0) fail(line, "paragraph I appears twice");
            proposals[1] = index;
            tree.text(index, "I. " + text);
            continue;
          }
          // "‒AI system: An AI system is ..." : the term is the heading
          std::string body = text;
          for (const char* dash : {"\xE2\x80\x92", "\xE2\x80\x93", "\xE2\x80\x94", "-"})
            if (body.rfind(dash, 0) == 0) body = normalize_space(body.substr(std::string_view(dash).size()));
          const auto colon = body.find(':');
          const std::string term = colon != std::string::npos && colon < 80 ? body.substr(0, colon) : std::string();
          const int index = tree.add(-1, "def_" + std::to_string(n), "Definition " + std::to_string(n), term, "def",
                                     std::to_string(n));
          if (index < 0) fail(line, "definition " + std::to_string(n) + " appears twice");
          tree.text(index, body);
          continue;
        }
        if (stem.rfind("Proposal.", 0) == 0 && numbers(stem.substr(9), parts) && parts.size() <= 2) {
          const char* numeral = roman(parts[0]);
          if (numeral == nullptr) fail(line, "operative paragraph number " + std::to_string(parts[0]) + " out of range");
          std::string marker, rest;
          if (printed_marker(text, marker, rest) && marker == numeral) text = rest; // "V.<b>RECOMMENDS"
          int& para = proposals[parts[0]];
          if (parts.size() == 1 || parts[1] == 0) {
            const int index = tree.add(-1, std::string("para_") + numeral, numeral, "", "para", numeral);
            if (index < 0) fail(line, std::string("paragraph ") + numeral + " appears twice");
            para = index;
            tree.text(index, std::string(numeral) + ". " + text);
            continue;
          }
          if (!proposals.count(parts[0]) || para <= 0) {
            const int index = tree.add(-1, std::string("para_") + numeral, numeral, "", "para", numeral);
            if (index >= 0) para = index;
          }
          point(tree, para, text, std::to_string(parts[1]), line, path);
          continue;
        }
        if (numbers(stem, parts) && (parts.size() == 2 || parts.size() == 3) && parts[1] > 0) {
          const std::string number = std::to_string(parts[0]) + "." + std::to_string(parts[1]);
          auto found = principles.find(number);
          if (found == principles.end()) {
            const std::string heading = titles.count(number) ? fragment_text(titles[number], path) : std::string();
            const int index = tree.add(-1, "principle_" + number, number, heading, "principle", number);
            if (index < 0) fail(line, "principle " + number + " appears twice");
            found = principles.emplace(number, index).first;
          }
          if (parts.size() == 2 || parts[2] == 0) {
            tree.text(found->second, text);
          } else {
            point(tree, found->second, text, std::to_string(parts[2]), line, path);
          }
          continue;
        }
        if (numbers(stem, parts) && parts.size() == 2 && parts[1] == 0) continue; // "1.0.sec=" chapeau
      }
    }
    if (tree.empty())
      throw DataError(path + ": no articles found: is this really a commonaccord file? (no numbered .sec keys)");
    return tree.finish(input.language.empty() ? "en" : input.language);
  }

private:
  /// A lettered point "a)..." or roman item "i...." below `parent`; `ordinal` is the key's number.
  static void point(ClauseTree& tree, int parent, const std::string& text, const std::string& ordinal,
                    const Line& line, const std::string& path) {
    std::string marker, rest;
    std::string kind = "point";
    std::string number = ordinal;
    std::string shown = text;
    if (printed_marker(text, marker, rest)) {
      number = marker;
      kind = is_roman_lower(marker) && text[marker.size()] == '.' ? "item" : "point";
      shown = marker + (text[marker.size()] == ')' ? ") " : ". ") + rest;
    }
    const auto& p = tree.at(parent);
    const int index = tree.add(parent, kind + "_" + number, p.label + "(" + number + ")", "", kind, number);
    if (index < 0)
      throw DataError(path + ":" + std::to_string(line.number) + ": " + p.path + "__" + kind + "_" + number +
                      " appears twice");
    tree.text(index, shown);
  }
};

} // namespace

const SourceParser& commonaccord() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
