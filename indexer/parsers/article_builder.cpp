#include "indexer/parsers/article_builder.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"

namespace cadre::indexer::parsers {

std::size_t ArticleBuilder::add(const std::string& path, const std::string& parent, std::string label,
                                const std::string& at, std::string heading, const std::string& language) {
  const std::string& clause_language = language.empty() ? m_language : language;
  const std::string key = path + "\n" + clause_language;
  if (m_index.contains(key))
    throw DataError(at + ": the clause id '" + path + "'" + (language.empty() ? "" : " (" + language + ")") +
                    " occurs twice (a number is repeated)");
  std::size_t parent_index = k_none;
  if (!parent.empty()) {
    const auto it = m_index.find(parent + "\n" + clause_language);
    if (it == m_index.end()) throw InternalError(at + ": parent '" + parent + "' of '" + path + "' not yet added");
    parent_index = it->second;
  }
  ParsedClause clause;
  clause.path = path;
  clause.parent = parent;
  clause.label = std::move(label);
  clause.heading = std::move(heading);
  clause.language = clause_language;
  m_index.emplace(key, m_clauses.size());
  m_parents.push_back(parent_index);
  m_clauses.push_back(std::move(clause));
  return m_clauses.size() - 1;
}

namespace {
void append(std::string& out, const std::string& text) {
  if (!out.empty()) out += ' ';
  out += text;
}
} // namespace

void ArticleBuilder::text(std::size_t node, std::string_view text) {
  const std::string clean = normalize_space(text);
  if (clean.empty()) return;
  for (std::size_t i = node; i != k_none; i = m_parents[i]) append(m_clauses[i].text, clean);
}

void ArticleBuilder::own_text(std::size_t node, std::string_view text) {
  const std::string clean = normalize_space(text);
  if (!clean.empty()) append(m_clauses[node].text, clean);
}

} // namespace cadre::indexer::parsers
