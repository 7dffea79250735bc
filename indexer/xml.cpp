#include "indexer/xml.hpp"

#include "core/error.hpp"
#include "indexer/input_bounds.hpp"
#include "indexer/text_util.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <mutex>
#include <string>

namespace cadre::indexer {
namespace {

// libxml2 reports errors through a global callback; parsing is serialised per thread by the
// context we pass, and we read the last error from the context after a failure.
void ignore_generic_error(void*, const char*, ...) {}

std::string describe(const xmlError* error, const std::string& display_path) {
  if (error == nullptr || error->message == nullptr)
    return display_path + ": cannot be parsed";
  std::string message = error->message;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // Some libxml2 messages span lines ("... indicate encoding !\nBytes: 0xE9 ..."): one line per
  // diagnostic, so editors and logs keep it whole.
  std::replace(message.begin(), message.end(), '\n', ' ');
  return display_path + ":" + std::to_string(error->line) + ": " + message;
}

/// Where the first entity declaration was seen, if any. The SAX hook stops the parser there,
/// before any entity is expanded or its system identifier is looked at.
struct EntityGuard {
  bool declared = false;
  int line = 0;
  std::string name;
};

void refuse_entity_declaration(void* context, const xmlChar* name, int, const xmlChar*, const xmlChar*, xmlChar*) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(context);
  auto* guard = static_cast<EntityGuard*>(ctxt->_private);
  if (!guard->declared) {
    guard->declared = true;
    guard->line = xmlSAX2GetLineNumber(context);
    guard->name = name != nullptr ? reinterpret_cast<const char*>(name) : "";
  }
  xmlStopParser(ctxt);
}

/// The first reference to an entity the document does not define (it would come from an
/// external DTD, which is never loaded), or nullptr.
const xmlNode* first_entity_reference(const xmlNode* node) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_ENTITY_REF_NODE) return node;
    if (node->type != XML_ELEMENT_NODE) continue;
    if (const xmlNode* found = first_entity_reference(node->children)) return found;
  }
  return nullptr;
}

void check_size(std::string_view bytes, const std::string& display_path) {
  if (bytes.empty()) throw DataError(display_path + ": the file is empty");
  if (bytes.size() > k_max_source_bytes)
    throw DataError(display_path + ": the file is larger than the " +
                    std::to_string(k_max_source_bytes / (1024 * 1024)) + " MiB limit for a source text");
  if (const auto violation = check_markup_bounds(bytes))
    throw DataError(display_path + ":" + std::to_string(violation->line) + ":" + std::to_string(violation->column) + ": " +
                    violation->message);
}

int depth_below(const xmlNode* node, int depth) {
  int deepest = depth;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (depth + 1 > k_max_element_depth) return depth + 1;
    deepest = std::max(deepest, depth_below(child, depth + 1));
    if (deepest > k_max_element_depth) break;
  }
  return deepest;
}

void check_document(xmlDoc* doc, const std::string& display_path) {
  if (doc->intSubset != nullptr && doc->intSubset->entities != nullptr)
    throw DataError(display_path + ": the document declares entities in its DTD; Cadre refuses "
                                   "entity declarations (they can expand without bound or read files)");
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr) throw DataError(display_path + ": the document has no root element");
  if (depth_below(root, 1) > k_max_element_depth)
    throw DataError(display_path + ":" + std::to_string(xmlGetLineNo(root)) +
                    ": elements are nested more than " + std::to_string(k_max_element_depth) + " deep");
}

bool is_block(std::string_view name) {
  static const std::string_view blocks[] = {
      "p",  "div", "li",      "br",    "tr",  "td", "th",   "h1",  "h2",     "h3",  "h4",
      "h5", "h6",  "table",   "ul",    "ol",  "dl", "dt",   "dd",  "section", "article",
      "blockquote", "P",      "FP",    "HD",  "Text", "Paragraph", "Subsection", "Sentence",
      "Item", "Para", "Title", "Pnumber"};
  for (auto block : blocks)
    if (block == name) return true;
  return false;
}

void append_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      const auto name = name_of(child);
      if (name == "script" || name == "style") continue;
      const bool block = is_block(name);
      if (block) out += ' ';
      append_text(child, out);
      if (block) out += ' ';
    }
  }
}

/// libxml2 sets up its global state on first use, unguarded: sources are parsed on several
/// threads (indexer/build.cpp), so the first use must happen exactly once, before any other.
void initialize_libxml2() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

} // namespace

XmlDocument::XmlDocument(xmlDoc* doc, std::string display_path)
    : m_doc(doc), m_display_path(std::move(display_path)) {}

XmlDocument XmlDocument::parse_xml(std::string_view bytes, const std::string& display_path) {
  check_size(bytes, display_path);
  bytes = strip_bom(bytes);
  initialize_libxml2();
  xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) throw InternalError("libxml2 could not allocate a parser context");
  EntityGuard guard;
  ctxt->_private = &guard;
  ctxt->sax->entityDecl = refuse_entity_declaration;
  // No XML_PARSE_NOENT (entities are not substituted), no DTDLOAD/DTDATTR/DTDVALID.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  xmlDoc* doc = xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()),
                                  display_path.c_str(), nullptr, options);
  if (guard.declared) {
    if (doc != nullptr) xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    throw DataError(display_path + ":" + std::to_string(guard.line) + ": the document declares entity '" + guard.name +
                    "'; Cadre refuses entity declarations (they can expand without bound or read files)");
  }
  if (doc == nullptr || !ctxt->wellFormed) {
    const std::string message = describe(xmlCtxtGetLastError(ctxt), display_path);
    if (doc != nullptr) xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    throw DataError(message + " (the file is not well-formed XML)");
  }
  xmlFreeParserCtxt(ctxt);
  XmlDocument result(doc, display_path);
  check_document(doc, display_path);
  if (const xmlNode* reference = first_entity_reference(xmlDocGetRootElement(doc)))
    throw DataError(display_path + ":" + std::to_string(xmlGetLineNo(reference->parent)) + ": entity '&" +
                    std::string(name_of(reference)) + ";' is not defined in the document (Cadre never loads an "
                    "external DTD): replace it with the character it stands for");
  return result;
}

XmlDocument XmlDocument::parse_html(std::string_view bytes, const std::string& display_path,
                                    const char* encoding) {
  check_size(bytes, display_path);
  bytes = strip_bom(bytes);
  initialize_libxml2();
  xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED;
  htmlDocPtr doc = htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()),
                                  display_path.c_str(), encoding, options);
  if (doc == nullptr) throw DataError(display_path + ": cannot be parsed as HTML");
  XmlDocument result(doc, display_path);
  check_document(doc, display_path);
  return result;
}

xmlNode* XmlDocument::root() const { return xmlDocGetRootElement(m_doc.get()); }

std::string_view name_of(const xmlNode* node) {
  if (node == nullptr || node->name == nullptr) return {};
  return reinterpret_cast<const char*>(node->name);
}

bool is_element(const xmlNode* node, std::string_view name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && name_of(node) == name;
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string result = reinterpret_cast<const char*>(value);
  xmlFree(value);
  return result;
}

std::vector<xmlNode*> child_elements(const xmlNode* node) {
  std::vector<xmlNode*> result;
  for (xmlNode* child = node->children; child != nullptr; child = child->next)
    if (child->type == XML_ELEMENT_NODE) result.push_back(child);
  return result;
}

std::vector<xmlNode*> descendants(const xmlNode* node, std::string_view name) {
  std::vector<xmlNode*> result;
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == name) result.push_back(child);
    auto below = descendants(child, name);
    result.insert(result.end(), below.begin(), below.end());
  }
  return result;
}

std::string text_of(const xmlNode* node) {
  std::string raw;
  append_text(node, raw);
  return normalize_space(raw);
}

long line_of(const xmlNode* node) { return node == nullptr ? 0 : xmlGetLineNo(node); }

} // namespace cadre::indexer
