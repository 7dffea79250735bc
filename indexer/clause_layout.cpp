#include "indexer/clause_layout.hpp"

#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace cadre::indexer {
namespace {

/// Where a list marker that ends `text` just before `end` begins ("(a) ", "1. ", "iv) ",
/// Quebec's "2° "), or `end` when the text before `end` does not end with one. A marker is at
/// most five letters or digits in parentheses, or a number, a single letter or a roman numeral
/// followed by ".", ")" or "°", after a space: "days." ends a sentence and is no marker.
std::size_t marker_start(std::string_view text, std::size_t end) {
  constexpr std::string_view degree = "\u00b0";
  std::size_t i = end;
  while (i > 0 && text[i - 1] == ' ') --i;
  if (i == 0) return end;
  char close = '\0';
  if (i >= degree.size() && text.substr(i - degree.size(), degree.size()) == degree) {
    i -= degree.size();
  } else {
    close = text[--i];
    if (close != ')' && close != '.') return end;
  }
  std::size_t j = i;
  std::size_t alnum = 0;
  while (j > 0 && std::isalnum(static_cast<unsigned char>(text[j - 1])) && alnum < 6) --j, ++alnum;
  if (alnum == 0 || alnum > 5) return end;
  const std::string_view token = text.substr(j, alnum);
  const bool numbered = token.find_first_not_of("0123456789") == std::string_view::npos ||
                        token.size() == 1 || token.find_first_not_of("ivxlcIVXLC") == std::string_view::npos;
  if (j > 0 && text[j - 1] == '(' && close == ')') --j;
  else if (!numbered) return end;
  if (j > 0 && text[j - 1] != ' ') return end;
  return j;
}

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  return s;
}

} // namespace

void break_lines_at_children(std::vector<ParsedClause>& clauses) {
  std::map<std::pair<std::string, std::string>, std::size_t> index; // (path, language) -> position
  std::map<std::size_t, std::vector<std::size_t>> children;        // parent position -> children
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    index[{clauses[i].path, clauses[i].language}] = i;
    if (clauses[i].parent.empty()) continue;
    if (auto p = index.find({clauses[i].parent, clauses[i].language}); p != index.end()) children[p->second].push_back(i);
  }
  std::vector<std::string> flat(clauses.size());
  for (std::size_t i = 0; i < clauses.size(); ++i) flat[i] = clauses[i].text;
  // Parents come before their children, so walking backwards lays out every child first.
  for (auto it = children.rbegin(); it != children.rend(); ++it) {
    const std::string& text = flat[it->first];
    std::string laid_out;
    std::size_t from = 0;
    bool complete = true;
    for (const std::size_t child : it->second) {
      const std::string& words = flat[child];
      const std::size_t at = words.empty() ? std::string::npos : text.find(words, from);
      if (at == std::string::npos) {
        complete = false;
        break;
      }
      const std::size_t start = std::max(from, marker_start(text, at));
      laid_out = trim_right(laid_out + text.substr(from, start - from));
      if (!laid_out.empty()) laid_out += '\n';
      laid_out += text.substr(start, at - start) + clauses[child].text;
      from = at + words.size();
    }
    if (!complete || it->second.empty()) continue;
    std::string rest = text.substr(from);
    while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    // Punctuation that closes the last child stays on its line; words that follow start a new one.
    while (!rest.empty() && std::ispunct(static_cast<unsigned char>(rest.front())) && rest.front() != '(') {
      laid_out += rest.front();
      rest.erase(0, 1);
      while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    }
    if (!rest.empty()) laid_out += '\n' + rest;
    clauses[it->first].text = std::move(laid_out);
  }
}

} // namespace cadre::indexer
