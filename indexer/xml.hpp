// Hardened libxml2 access shared by the XML and HTML source parsers.
// Contract: never touches the network, never loads a DTD, never substitutes entities; a
// document that declares entities is refused (billion laughs, XXE); input size and element
// depth are bounded. Every failure is a cadre::DataError naming the file and line.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cadre::indexer {

inline constexpr std::size_t k_max_source_bytes = 64u * 1024u * 1024u;
inline constexpr int k_max_element_depth = 256;

class XmlDocument {
public:
  /// Parses well-formed XML (a UTF-8 BOM is accepted).
  static XmlDocument parse_xml(std::string_view bytes, const std::string& display_path);
  /// Parses HTML with libxml2's forgiving HTML parser. `encoding` overrides the document's own
  /// declaration ("windows-1252"); nullptr lets libxml2 detect it from the <meta> tag.
  static XmlDocument parse_html(std::string_view bytes, const std::string& display_path,
                                const char* encoding = nullptr);

  xmlNode* root() const;
  const std::string& display_path() const { return m_display_path; }

private:
  struct Free {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
  };
  XmlDocument(xmlDoc* doc, std::string display_path);
  std::unique_ptr<xmlDoc, Free> m_doc;
  std::string m_display_path;
};

/// Local name of an element ("p", "Section"), namespace prefix ignored.
std::string_view name_of(const xmlNode* node);
/// True when `node` is an element whose local name is `name`.
bool is_element(const xmlNode* node, std::string_view name);
/// Attribute value, or "" when absent.
std::string attribute(const xmlNode* node, const char* name);
/// Element children of `node`, in order.
std::vector<xmlNode*> child_elements(const xmlNode* node);
/// Descendant elements (document order) whose local name is `name`.
std::vector<xmlNode*> descendants(const xmlNode* node, std::string_view name);
/// All text below `node` with whitespace collapsed to single spaces and trimmed. Block-level
/// HTML elements (p, div, li, br, tr, headings) and `block_names` are separated by a space.
std::string text_of(const xmlNode* node);
/// Line number of `node` in its file (0 when unknown).
long line_of(const xmlNode* node);

} // namespace cadre::indexer
