// ArticleBuilder: collects the clauses of the Chinese-law HTML parsers (cac_html.cpp,
// npc_html.cpp). Every text added to a clause is also appended to each of its ancestors, so an
// article's text holds its items'; a repeated path is a DataError.
#pragma once

#include "core/error.hpp"
#include "indexer/source_parser.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace cadre::indexer::parsers {

class ArticleBuilder {
public:
  explicit ArticleBuilder(std::string language) : m_language(std::move(language)) {}

  std::size_t add(const std::string& path, const std::string& parent, std::string label, const std::string& at) {
    if (m_index.count(path) != 0) throw DataError(at + ": the clause id '" + path + "' occurs twice");
    std::size_t parent_index = k_none;
    if (!parent.empty()) parent_index = m_index.at(parent);
    ParsedClause clause;
    clause.path = path;
    clause.parent = parent;
    clause.label = std::move(label);
    clause.language = m_language;
    m_index.emplace(path, m_clauses.size());
    m_parents.push_back(parent_index);
    m_clauses.push_back(std::move(clause));
    return m_clauses.size() - 1;
  }

  void text(std::size_t node, const std::string& text) {
    if (text.empty()) return;
    for (std::size_t i = node; i != k_none; i = m_parents[i]) {
      auto& out = m_clauses[i].text;
      if (!out.empty()) out += ' ';
      out += text;
    }
  }

  bool empty() const { return m_clauses.empty(); }
  std::vector<ParsedClause> finish() { return std::move(m_clauses); }

private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::string m_language;
  std::vector<ParsedClause> m_clauses;
  std::vector<std::size_t> m_parents;
  std::unordered_map<std::string, std::size_t> m_index;
};

} // namespace cadre::indexer::parsers
