// ClauseTree: the clause tree the XML parsers build while walking a document. Clauses are added
// in document order; each keeps its own text parts and its children in order, and finish()
// assembles every clause's full text (its own parts with its children's, depth first).
#pragma once

#include "indexer/source_parser.hpp"
#include "indexer/text_util.hpp"

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cadre::indexer::parsers {

class ClauseTree {
public:
  struct Node {
    std::string path, parent, label, heading, number, kind;
    std::vector<std::pair<int, std::string>> parts; // (child index or -1, text)
    std::vector<int> children;
  };

  /// Adds a clause below `parent` (-1: top level); returns -1 when the path already exists.
  int add(int parent, const std::string& component, std::string label, std::string heading,
          std::string kind, std::string number) {
    Node node;
    node.parent = parent < 0 ? std::string() : m_nodes[parent].path;
    node.path = node.parent.empty() ? component : node.parent + "__" + component;
    if (!m_paths.insert(node.path).second) return -1;
    node.label = std::move(label);
    node.heading = std::move(heading);
    node.kind = std::move(kind);
    node.number = std::move(number);
    const int index = static_cast<int>(m_nodes.size());
    m_nodes.push_back(std::move(node));
    if (parent >= 0) {
      m_nodes[parent].parts.emplace_back(index, std::string());
      m_nodes[parent].children.push_back(index);
    }
    return index;
  }
  void text(int index, std::string_view text) {
    if (index < 0 || text.empty()) return;
    m_nodes[index].parts.emplace_back(-1, std::string(text));
  }
  Node& at(int index) { return m_nodes[index]; }
  bool empty() const { return m_nodes.empty(); }

  std::vector<ParsedClause> finish(const std::string& language) const {
    std::vector<std::string> full(m_nodes.size());
    for (int i = static_cast<int>(m_nodes.size()) - 1; i >= 0; --i) {
      std::string raw;
      for (const auto& [child, text] : m_nodes[i].parts) {
        raw += ' ';
        raw += child < 0 ? text : full[child];
      }
      full[i] = normalize_space(raw);
    }
    std::vector<ParsedClause> out;
    out.reserve(m_nodes.size());
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
      const auto& n = m_nodes[i];
      out.push_back({n.path, n.parent, n.label, n.heading, full[i], language});
    }
    return out;
  }

private:
  std::vector<Node> m_nodes;
  std::unordered_set<std::string> m_paths;
};

} // namespace cadre::indexer::parsers
