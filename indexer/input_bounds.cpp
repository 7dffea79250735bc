#include "indexer/input_bounds.hpp"

#include <vector>

namespace cadre::indexer {
namespace {

/// Position tracking over a text, one byte at a time.
struct Cursor {
  std::string_view text;
  std::size_t at = 0;
  int line = 1;
  int column = 1;

  bool done() const { return at >= text.size(); }
  char peek(std::size_t ahead = 0) const { return at + ahead < text.size() ? text[at + ahead] : '\0'; }
  bool starts_with(std::string_view s) const { return text.substr(at).starts_with(s); }
  void advance(std::size_t n = 1) {
    for (; n > 0 && at < text.size(); --n, ++at) {
      if (text[at] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
  }
};

/// Skips a TOML string starting at the cursor (any of the four kinds).
void skip_toml_string(Cursor& c) {
  const char quote = c.peek();
  const bool multiline = c.peek(1) == quote && c.peek(2) == quote;
  const std::string_view end = quote == '"' ? (multiline ? "\"\"\"" : "\"") : (multiline ? "'''" : "'");
  c.advance(multiline ? 3 : 1);
  while (!c.done()) {
    if (quote == '"' && c.peek() == '\\') {
      c.advance(2);
      continue;
    }
    if (!multiline && c.peek() == '\n') return; // unterminated: toml++ reports it
    if (c.starts_with(end)) {
      c.advance(end.size());
      // A multi-line string may end with up to two more quotes of its kind.
      while (multiline && c.peek() == quote) c.advance();
      return;
    }
    c.advance();
  }
}

} // namespace

std::optional<BoundViolation> check_toml_bounds(std::string_view text) {
  Cursor c{text};
  // What each open bracket is: an array ('['), an inline table ('{') or a table header ('h').
  std::vector<char> open;
  bool in_key = true; // at the start of a line (outside values) or after '{' or ',' in a table
  std::size_t segments = 1;
  const auto in_value = [&] { return !in_key; };
  while (!c.done()) {
    const char ch = c.peek();
    if (ch == '#') {
      while (!c.done() && c.peek() != '\n') c.advance();
      continue;
    }
    if (ch == '"' || ch == '\'') {
      skip_toml_string(c);
      continue;
    }
    if (ch == '\n') {
      if (open.empty() || open.back() == 'h') {
        open.clear();
        in_key = true;
        segments = 1;
      }
      c.advance();
      continue;
    }
    if (in_key && ch == '.') {
      if (++segments > k_max_toml_key_segments)
        return BoundViolation{c.line, c.column,
                              "a dotted key has more than " + std::to_string(k_max_toml_key_segments) + " parts"};
    } else if (in_key && ch == '[' && open.empty()) {
      open.push_back('h'); // a table header: [a.b] or [[a.b]]
      if (c.peek(1) == '[') c.advance();
    } else if (ch == ']' && !open.empty() && open.back() == 'h') {
      open.pop_back();
      in_key = false; // what follows on the line is a comment or an error for toml++
    } else if (in_key && ch == '=') {
      in_key = false;
      segments = 1;
    } else if (in_value() && (ch == '[' || ch == '{')) {
      open.push_back(ch);
      if (open.size() > k_max_toml_nesting)
        return BoundViolation{c.line, c.column,
                              "arrays and inline tables are nested more than " + std::to_string(k_max_toml_nesting) + " deep"};
      if (ch == '{') {
        in_key = true;
        segments = 1;
      }
    } else if ((ch == ']' || ch == '}') && !open.empty()) {
      open.pop_back();
      in_key = false;
    } else if (ch == ',' && !open.empty() && open.back() == '{') {
      in_key = true;
      segments = 1;
    }
    c.advance();
  }
  return std::nullopt;
}

std::optional<BoundViolation> check_markup_bounds(std::string_view text) {
  Cursor c{text};
  const auto skip_past = [&c](std::string_view end) {
    while (!c.done() && !c.starts_with(end)) c.advance();
    c.advance(end.size());
  };
  while (!c.done()) {
    if (c.peek() != '<') {
      c.advance();
      continue;
    }
    if (c.starts_with("<!--")) {
      skip_past("-->");
    } else if (c.starts_with("<![CDATA[")) {
      skip_past("]]>");
    } else if (c.starts_with("<?")) {
      skip_past("?>");
    } else if (c.starts_with("<!") || c.starts_with("</")) {
      skip_past(">");
    } else {
      // A start tag: count the attribute values (each '=' outside quotes) up to its '>'.
      const int line = c.line, column = c.column;
      std::size_t attributes = 0;
      c.advance();
      while (!c.done() && c.peek() != '>' && c.peek() != '<') {
        const char ch = c.peek();
        if (ch == '"' || ch == '\'') {
          c.advance();
          while (!c.done() && c.peek() != ch) c.advance();
        } else if (ch == '=' && ++attributes > k_max_markup_attributes) {
          return BoundViolation{line, column,
                                "an element has more than " + std::to_string(k_max_markup_attributes) + " attributes"};
        }
        c.advance();
      }
    }
  }
  return std::nullopt;
}

bool is_calendar_date(int year, int month, int day) {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= k_days[month - 1] + (month == 2 && leap ? 1 : 0);
}

} // namespace cadre::indexer
