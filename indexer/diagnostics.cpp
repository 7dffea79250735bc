#include "indexer/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace cadre::indexer {

std::string Diagnostic::to_string() const {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += severity == Severity::error ? ": error: " : ": warning: ";
  return out + message;
}

void Diagnostics::error(std::string path, int line, int column, std::string message) {
  m_items.push_back({std::move(path), line, column, Diagnostic::Severity::error, std::move(message)});
}

void Diagnostics::warning(std::string path, int line, int column, std::string message) {
  m_items.push_back({std::move(path), line, column, Diagnostic::Severity::warning, std::move(message)});
}

int Diagnostics::error_count() const {
  return static_cast<int>(std::count_if(m_items.begin(), m_items.end(),
                                        [](const auto& d) { return d.severity == Diagnostic::Severity::error; }));
}

int Diagnostics::warning_count() const { return static_cast<int>(m_items.size()) - error_count(); }

bool Diagnostics::has_errors_since(std::size_t mark) const {
  return std::any_of(m_items.begin() + static_cast<std::ptrdiff_t>(std::min(mark, m_items.size())), m_items.end(),
                     [](const auto& d) { return d.severity == Diagnostic::Severity::error; });
}

void Diagnostics::sort() {
  std::stable_sort(m_items.begin(), m_items.end(), [](const auto& a, const auto& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
}

} // namespace cadre::indexer
