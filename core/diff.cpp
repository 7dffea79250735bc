#include "core/diff.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace cadre {
namespace {

/// Words with the spaces that follow them, so that joining them gives the text back.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string trimmed(const std::string& word) {
  std::size_t end = word.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(word[end - 1]))) --end;
  return word.substr(0, end);
}

void push(std::vector<DiffPiece>& out, DiffPiece::Op op, const std::string& text) {
  if (!out.empty() && out.back().op == op) out.back().text += text;
  else out.push_back({op, text});
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]#<>|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

const char* op_name(DiffPiece::Op op) { return op == DiffPiece::Op::equal ? "equal" : op == DiffPiece::Op::del ? "delete" : "insert"; }

} // namespace

std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after) {
  const auto a = words(before), b = words(after);
  // Longest common subsequence of words, compared without their trailing spaces.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = trimmed(a[i]) == trimmed(b[j]) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<DiffPiece> out;
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (trimmed(a[i]) == trimmed(b[j])) {
      push(out, DiffPiece::Op::equal, b[j]);
      ++i, ++j;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      push(out, DiffPiece::Op::del, a[i++]);
    } else {
      push(out, DiffPiece::Op::ins, b[j++]);
    }
  }
  while (i < n) push(out, DiffPiece::Op::del, a[i++]);
  while (j < m) push(out, DiffPiece::Op::ins, b[j++]);
  return out;
}

DiffFormat parse_diff_format(const std::string& name, const std::string& parameter) {
  if (name == "text") return DiffFormat::text;
  if (name == "md") return DiffFormat::markdown;
  if (name == "html") return DiffFormat::html;
  if (name == "json") return DiffFormat::json;
  throw UserError("unknown diff format '" + name + "': use text, md, html or json", parameter);
}

std::string render_diff(const VersionDiff& d, DiffFormat format) {
  std::ostringstream out;
  const std::string title = d.instrument + ": " + d.from_address + " (text from " + d.from_version + ") → " + d.to_address +
                            " (text from " + d.to_version + ")";
  std::string summary;
  int added = 0, removed = 0, changed = 0;
  for (const auto& c : d.clauses) (c.change == "added" ? added : c.change == "removed" ? removed : changed)++;
  summary = "Clauses: " + std::to_string(added) + " added, " + std::to_string(removed) + " removed, " +
            std::to_string(changed) + " changed, " + std::to_string(d.unchanged) + " unchanged (language " + d.language + ")";
  switch (format) {
    case DiffFormat::json: {
      nlohmann::json clauses = nlohmann::json::array();
      for (const auto& c : d.clauses) {
        nlohmann::json pieces = nlohmann::json::array();
        for (const auto& p : c.pieces) pieces.push_back({{"op", op_name(p.op)}, {"text", p.text}});
        clauses.push_back({{"id", c.id}, {"change", c.change}, {"label", c.label}, {"old_text", c.old_text},
                           {"new_text", c.new_text}, {"pieces", pieces}});
      }
      return nlohmann::json{{"instrument", d.instrument},  {"from", d.from_address},     {"to", d.to_address},
                            {"from_version", d.from_version}, {"to_version", d.to_version}, {"language", d.language},
                            {"unchanged", d.unchanged},    {"clauses", clauses}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    case DiffFormat::text:
      out << title << "\n" << summary << "\n";
      for (const auto& c : d.clauses) {
        out << "\n" << (c.change == "added" ? "+ " : c.change == "removed" ? "- " : "~ ") << c.id << "  " << c.label << "  ("
            << c.change << ")\n";
        if (c.change == "added") out << "  " << c.new_text << "\n";
        else if (c.change == "removed") out << "  " << c.old_text << "\n";
        else {
          out << "  ";
          for (const auto& p : c.pieces) {
            const std::string t = trimmed(p.text), tail = p.text.substr(t.size());
            if (p.op == DiffPiece::Op::equal) out << p.text;
            else out << (p.op == DiffPiece::Op::del ? "[-" : "{+") << t << (p.op == DiffPiece::Op::del ? "-]" : "+}") << tail;
          }
          out << "\n";
        }
      }
      return out.str();
    case DiffFormat::markdown:
      out << "# " << md_escape(title) << "\n\n" << summary << "\n";
      for (const auto& c : d.clauses) {
        out << "\n## " << (c.change == "added" ? "Added" : c.change == "removed" ? "Removed" : "Changed") << ": `" << c.id
            << "` " << md_escape(c.label) << "\n\n";
        if (c.change == "added") out << "**" << md_escape(trimmed(c.new_text)) << "**\n";
        else if (c.change == "removed") out << "~~" << md_escape(trimmed(c.old_text)) << "~~\n";
        else {
          for (const auto& p : c.pieces) {
            const std::string t = trimmed(p.text), tail = p.text.substr(t.size());
            if (p.op == DiffPiece::Op::equal) out << md_escape(p.text);
            else out << (p.op == DiffPiece::Op::del ? "~~" : "**") << md_escape(t) << (p.op == DiffPiece::Op::del ? "~~" : "**") << tail;
          }
          out << "\n";
        }
      }
      return out.str();
    case DiffFormat::html:
      out << "<!doctype html>\n<html lang=\"" << text::escape_html(d.language) << "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
          << text::escape_html(title) << "</title>\n<style>del{background:#f6d6d6}ins{background:#d5f0dc;text-decoration:none}"
          << "section{border-top:1px solid #ccc;padding:.4rem 0}</style>\n</head>\n<body>\n<h1>" << text::escape_html(title)
          << "</h1>\n<p>" << text::escape_html(summary) << "</p>\n";
      for (const auto& c : d.clauses) {
        out << "<section class=\"" << c.change << "\" id=\"clause=" << text::escape_html(c.id) << "\"><h2>" << text::escape_html(c.change)
            << ": <code>" << text::escape_html(c.id) << "</code> " << text::escape_html(c.label) << "</h2>\n<p>";
        if (c.change == "added") out << "<ins>" << text::escape_html(c.new_text) << "</ins>";
        else if (c.change == "removed") out << "<del>" << text::escape_html(c.old_text) << "</del>";
        else
          for (const auto& p : c.pieces) {
            if (p.op == DiffPiece::Op::equal) out << text::escape_html(p.text);
            else out << (p.op == DiffPiece::Op::del ? "<del>" : "<ins>") << text::escape_html(p.text) << (p.op == DiffPiece::Op::del ? "</del>" : "</ins>");
          }
        out << "</p></section>\n";
      }
      out << "</body>\n</html>\n";
      return out.str();
  }
  return {};
}

} // namespace cadre
