// Problems found in the corpus or the sources, reported as `path:line:column: error: message`
// (the form compilers use, so editors can jump to them).
#pragma once

#include <string>
#include <vector>

namespace cadre::indexer {

struct Diagnostic {
  enum class Severity { error, warning };
  std::string path; ///< as given by the user (relative paths stay relative)
  int line = 0;     ///< 1-based; 0 = the whole file
  int column = 0;   ///< 1-based; 0 = unknown
  Severity severity = Severity::error;
  std::string message;

  /// "path:line:column: error: message", dropping parts that are unknown.
  std::string to_string() const;
};

class Diagnostics {
public:
  void error(std::string path, int line, int column, std::string message);
  void warning(std::string path, int line, int column, std::string message);
  void add(Diagnostic diagnostic) { m_items.push_back(std::move(diagnostic)); }
  const std::vector<Diagnostic>& items() const { return m_items; }
  int error_count() const;
  int warning_count() const;
  /// Errors recorded since `mark` (a previous size()).
  bool has_errors_since(std::size_t mark) const;
  std::size_t size() const { return m_items.size(); }
  /// Sorts by path, line, column so reports are stable.
  void sort();

private:
  std::vector<Diagnostic> m_items;
};

} // namespace cadre::indexer
