// Helpers shared by the line-based parsers (markdown.cpp, plain_text.cpp): line cleaning,
// roman numerals, the Outline of currently open numbered levels and the Sink that turns them
// into ParsedClauses in document order.
#pragma once

#include "core/error.hpp"
#include "indexer/source_parser.hpp"
#include "indexer/text_util.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace cadre::indexer::parsers::outline {

inline std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\f')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\f')) --e;
  return std::string(s.substr(b, e - b));
}

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = end + 1;
  }
  return lines;
}

// Drops image references, link targets ("[text](url)" -> "text") and emphasis markers.
inline std::string clean_inline(const std::string& text) {
  static const std::regex image(R"(!\[[^\]]*\]\([^)]*\))");
  static const std::regex link(R"(\[([^\]]*)\]\([^)\s]*(?:\s[^)]*)?\))");
  std::string s = std::regex_replace(text, image, "");
  if (s.find("](") != std::string::npos) s = std::regex_replace(s, link, "$1");
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '*' || s[i] == '`') continue;
    if (s[i] == '_' && i + 1 < s.size() && s[i + 1] == '_') { ++i; continue; }
    out += s[i];
  }
  return normalize_space(out);
}


inline long roman_value(std::string_view s) {
  if (s.empty()) return -1;
  long total = 0, prev = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    long v = 0;
    switch (std::toupper(static_cast<unsigned char>(*it))) {
      case 'I': v = 1; break;
      case 'V': v = 5; break;
      case 'X': v = 10; break;
      case 'L': v = 50; break;
      case 'C': v = 100; break;
      default: return -1;
    }
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

inline std::string to_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Hierarchical enumerations such as (1) (a) (i) (A): decides which level a label belongs to
// from the sequence so far ("(i)" after "(h)" is a letter, after "(a)" a roman numeral).
enum class Kind { Digit, Lower, Upper, RomanLower, RomanUpper };

struct Level {
  std::vector<Kind> kinds;
  std::string id_kind;        // "subsec", "point", ...
  bool fold_case = false;     // accept an OCR'd capital as the next lowercase letter
};

class Outline {
public:
  explicit Outline(std::vector<Level> levels) : m_levels(std::move(levels)) { reset(); }

  void reset() {
    m_tokens.assign(m_levels.size(), "");
    m_ords.assign(m_levels.size(), 0);
    m_depth = 0;
  }
  // Closes every level below `depth` (used when an unnumbered text block follows a list).
  void truncate(std::size_t depth) {
    for (std::size_t i = depth; i < m_levels.size(); ++i) m_tokens[i].clear(), m_ords[i] = 0;
    m_depth = std::min(m_depth, depth);
  }

  // Places `token` (without parentheses); returns false when it fits no level.
  bool place(const std::string& token, const std::string& next) {
    struct Candidate { std::size_t level; long ord; int score; std::string id; };
    std::vector<Candidate> candidates;
    for (std::size_t l = 0; l < m_levels.size(); ++l) {
      auto [ord, id, folded] = ordinal(l, token);
      if (ord <= 0) continue;
      const bool open = l < m_depth && !m_tokens[l].empty();
      int score = -1;
      if (open && (ord == m_ords[l] + 1 || (token.find('.') != std::string::npos && ord == m_ords[l])))
        score = 3;
      else if (ord == 1 && l >= m_depth)
        score = l == m_depth ? 2 : 1;
      else if (ord == 1 && l < m_depth && m_tokens[l].empty())
        score = 1;
      else if (l <= m_depth && !folded)
        score = 0;
      if (folded && score < 3) continue;
      if (score >= 0) candidates.push_back({l, ord, score, id});
    }
    if (candidates.empty()) return false;
    const Candidate* best = nullptr;
    if (!next.empty()) {
      int fits = 0;
      const Candidate* fit = nullptr;
      for (const auto& c : candidates) {
        auto [next_ord, next_id, next_folded] = ordinal(c.level, next);
        if (next_ord == c.ord + 1) ++fits, fit = &c;
      }
      if (fits == 1) best = fit;
    }
    if (best == nullptr)
      for (const auto& c : candidates)
        if (best == nullptr || c.score > best->score || (c.score == best->score && c.level > best->level))
          best = &c;
    const std::size_t l = best->level;
    m_tokens[l] = best->id;
    m_ords[l] = best->ord;
    for (std::size_t i = l + 1; i < m_levels.size(); ++i) m_tokens[i].clear(), m_ords[i] = 0;
    m_depth = l + 1;
    return true;
  }

  std::size_t depth() const { return m_depth; }
  // Path suffix and label suffix of the levels open down to `depth`.
  std::string path(std::size_t depth) const {
    std::string p;
    for (std::size_t i = 0; i < depth && i < m_levels.size(); ++i)
      if (!m_tokens[i].empty()) p += "__" + m_levels[i].id_kind + "_" + m_tokens[i];
    return p;
  }
  std::string label(std::size_t depth) const {
    std::string p;
    for (std::size_t i = 0; i < depth && i < m_levels.size(); ++i)
      if (!m_tokens[i].empty()) p += "(" + m_tokens[i] + ")";
    return p;
  }
  bool open(std::size_t level) const { return level < m_depth && !m_tokens[level].empty(); }

private:
  struct Ord { long ord; std::string id; bool folded; };
  Ord ordinal(std::size_t level, const std::string& token) const {
    if (token.empty()) return {0, "", false};
    for (Kind kind : m_levels[level].kinds) {
      switch (kind) {
        case Kind::Digit: {
          if (!std::isdigit(static_cast<unsigned char>(token[0]))) break;
          bool ok = true;
          for (char c : token) ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == '.');
          if (ok) return {std::stol(token), token, false};
          break;
        }
        case Kind::Lower:
        case Kind::Upper: {
          const bool lower = kind == Kind::Lower;
          bool ok = true;
          for (char c : token) ok = ok && (lower ? std::islower(static_cast<unsigned char>(c)) : std::isupper(static_cast<unsigned char>(c)));
          bool folded = false;
          if (!ok && lower && m_levels[level].fold_case && token.size() == 1 &&
              std::isupper(static_cast<unsigned char>(token[0])))
            ok = folded = true;
          if (!ok) break;
          const std::string t = lower ? to_lower(token) : token;
          const long first = (lower ? t[0] - 'a' : t[0] - 'A') + 1;
          if (t.size() == 1) return {first, t, folded};
          if (t.find_first_not_of(t[0]) == std::string::npos)
            return {static_cast<long>(t.size() - 1) * 26 + first, t, folded};
          if (t.size() == 2 && (t[0] == 'z' || t[0] == 'Z'))
            return {26 + (lower ? t[1] - 'a' : t[1] - 'A') + 1, t, folded};
          break;
        }
        case Kind::RomanLower:
        case Kind::RomanUpper: {
          const bool lower = kind == Kind::RomanLower;
          bool ok = true;
          for (char c : token) ok = ok && std::string_view(lower ? "ivxlc" : "IVXLC").find(c) != std::string_view::npos;
          if (!ok) break;
          const long v = roman_value(token);
          if (v > 0) return {v, token, false};
          break;
        }
      }
    }
    return {0, "", false};
  }

  std::vector<Level> m_levels;
  std::vector<std::string> m_tokens;
  std::vector<long> m_ords;
  std::size_t m_depth = 0;
};

// Collects clauses; text added to a clause is also added to its open ancestors.
class Sink {
public:
  Sink(const SourceInput& input, std::string lang) : m_input(input), m_lang(std::move(lang)) {}

  // Adds a clause and makes it the deepest open one below `parent` (empty: a top-level unit).
  bool add(const std::string& path, const std::string& parent, const std::string& label,
           const std::string& heading, long line) {
    if (m_index.count(path)) {
      (void)line;
      return false;
    }
    m_index[path] = m_out.size();
    m_out.push_back({path, parent, label, heading, "", m_lang});
    m_chain.clear();
    for (std::string p = path;;) {
      m_chain.push_back(m_index.at(p));
      const std::string& up = m_out[m_index.at(p)].parent;
      if (up.empty() || !m_index.count(up)) break;
      p = up;
    }
    return true;
  }
  // Makes `path` (an existing clause) the deepest open one.
  void focus(const std::string& path) {
    m_chain.clear();
    for (std::string p = path; !p.empty() && m_index.count(p);) {
      m_chain.push_back(m_index.at(p));
      p = m_out[m_index.at(p)].parent;
    }
  }
  void close() { m_chain.clear(); }
  bool has_open() const { return !m_chain.empty(); }
  const std::string& open_path() const { return m_out[m_chain.front()].path; }
  void text(const std::string& t) {
    if (t.empty()) return;
    for (std::size_t i : m_chain) {
      std::string& s = m_out[i].text;
      if (!s.empty()) s += ' ';
      s += t;
    }
  }
  bool contains(const std::string& path) const { return m_index.count(path) > 0; }
  ParsedClause& at(const std::string& path) { return m_out[m_index.at(path)]; }
  std::vector<ParsedClause>& clauses() { return m_out; }
  const std::string& lang() const { return m_lang; }

private:
  const SourceInput& m_input;
  std::string m_lang;
  std::vector<ParsedClause> m_out;
  std::map<std::string, std::size_t> m_index;
  std::vector<std::size_t> m_chain;  // deepest first
};

} // namespace cadre::indexer::parsers::outline
