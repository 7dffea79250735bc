// ArticleBuilder: collects, in document order, the clauses of the parsers that number articles,
// paragraphs and items (cac_html, npc_html, article_json, lawgokr_xml). Every text added to a
// clause, its spaces normalised, is also appended to each of its ancestors, so an article's text
// holds its items'. Clauses are told apart by path and language (one article-JSON file may hold
// two languages); a repeated one is a DataError.
#pragma once

#include "indexer/source_parser.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cadre::indexer::parsers {

class ArticleBuilder {
public:
  /// `language`: of every clause added without one of its own.
  explicit ArticleBuilder(std::string language = {}) : m_language(std::move(language)) {}

  /// Adds a clause under `parent` (added before, in the same language; empty for none) and
  /// returns its index. `at` ("file:line") starts the message of a repeated clause; `language`,
  /// when given, is named in it.
  std::size_t add(const std::string& path, const std::string& parent, std::string label, const std::string& at,
                  std::string heading = {}, const std::string& language = {});

  /// Appends `text` to the clause and to each of its ancestors.
  void text(std::size_t node, std::string_view text);
  /// Appends `text` to the clause only.
  void own_text(std::size_t node, std::string_view text);

  bool empty() const { return m_clauses.empty(); }
  std::vector<ParsedClause> finish() { return std::move(m_clauses); }

private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::string m_language;
  std::vector<ParsedClause> m_clauses;
  std::vector<std::size_t> m_parents;
  std::unordered_map<std::string, std::size_t> m_index; ///< "path\nlanguage" → index
};

} // namespace cadre::indexer::parsers
