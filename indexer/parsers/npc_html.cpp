// npc-html: English reference translations of laws on the National People's Congress website
// (en.npc.gov.cn), where one law may run over several consecutive pages, e.g. the Personal
// Information Protection Law: cn/pipl-2021-npc-en.page-1.html, page-2 and page-3 (Articles 1-74).
// The indexer calls parse() once per page, in order, and concatenates the results, so each page
// is parsed on its own. Only the law text is read: the <p> paragraphs of the element with
// id="Content" (the whole page when there is none); navigation, the breadcrumb, share buttons, the
// page switcher ("1 2 3 >") and the footer lie outside it.
//
// Ids: art_N from "Article N"; numbered items "(1)", "(2)" are art_N__item_1, art_N__item_2, their
// parent the article (the paragraphs of a Chinese article are not numbered, so they are not
// clauses). Chapter and section headings ("Chapter II", "Section 1" and the title lines that follow
// them) end the previous article and are not clauses.
// Pages: text before the first "Article N" of a page (the title, adoption note and table of contents
// on page 1) is front matter and is skipped. In the PIPL pages no article runs over a page break
// (page 1 ends with Article 25, page 2 starts with Article 26, page 2 ends with Article 51, page 3
// starts with Article 52); a page whose first paragraph is not an article or heading but
// continues an article is reported as a DataError, since its text could not be attached.
// Labels: "Article 24"; items "Article 13(1)". Heading: empty (the articles have no titles).
// Text: the article's paragraphs as printed, its label included.
// Language: the primary subtag of the language declared in jurisdiction.toml, else en.
// Options: none.
#include "indexer/parsers/article_builder.hpp"
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "indexer/text_util.hpp"
#include "indexer/xml.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cadre::indexer::parsers {
namespace {

constexpr const char* k_format = "npc-html";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// "Article 24 text" -> "24"; empty otherwise.
std::string article_number(std::string_view text) {
  const std::string_view lead = "Article ";
  if (!text.starts_with(lead)) return {};
  std::size_t i = lead.size();
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == lead.size()) return {};
  if (i < text.size() && text[i] != ' ' && text[i] != '.' && text[i] != ':') return {};
  return std::string(text.substr(lead.size(), i - lead.size()));
}

/// "(3) text" -> "3"; empty otherwise.
std::string item_number(std::string_view text) {
  if (text.empty() || text[0] != '(') return {};
  std::size_t i = 1;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == 1 || i >= text.size() || text[i] != ')') return {};
  return std::string(text.substr(1, i - 1));
}

bool is_roman(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word)
    if (c != 'I' && c != 'V' && c != 'X' && c != 'L' && c != 'C') return false;
  return true;
}

/// "Chapter II ...", "CHAPTER II", "Section 1 ...".
bool is_heading(std::string_view text) {
  for (std::string_view lead : {"Chapter ", "CHAPTER ", "Section ", "SECTION "}) {
    if (!text.starts_with(lead)) continue;
    std::string_view rest = text.substr(lead.size());
    const auto end = rest.find(' ');
    const std::string_view word = rest.substr(0, end);
    if (is_roman(word)) return true;
    if (!word.empty() && word.find_first_not_of("0123456789") == std::string_view::npos) return true;
  }
  return false;
}

xmlNode* find_by_id(xmlNode* node, std::string_view id) {
  for (xmlNode* child : child_elements(node)) {
    if (attribute(child, "id") == id) return child;
    if (xmlNode* found = find_by_id(child, id)) return found;
  }
  return nullptr;
}

std::string primary_subtag(std::string tag) {
  const auto dash = tag.find_first_of("-_");
  if (dash != std::string::npos) tag.resize(dash);
  for (char& c : tag)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return tag;
}

void reject_options(const SourceInput& input) {
  if (input.options.empty()) return;
  std::string names;
  for (const auto& [key, value] : input.options) names += (names.empty() ? "'" : ", '") + key + "'";
  throw DataError(input.display_path + ": unknown option" + (input.options.size() > 1 ? "s " : " ") + names +
                  " for format '" + k_format + "'; this format accepts no options");
}

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    reject_options(input);
    const auto doc = XmlDocument::parse_html(input.bytes, input.display_path);
    xmlNode* content = find_by_id(doc.root(), "Content");
    if (content == nullptr) content = doc.root();
    std::string language = primary_subtag(input.language);
    if (language.empty()) language = "en";
    ArticleBuilder b(language);

    constexpr std::size_t k_no_article = static_cast<std::size_t>(-1);
    std::size_t article = k_no_article;
    std::string article_path, article_label;
    bool seen_front_matter = false; // a heading or title before the first article
    for (xmlNode* p : descendants(content, "p")) {
      const std::string text = text_of(p);
      if (text.empty()) continue;
      const std::string where = input.display_path + ":" + std::to_string(line_of(p));
      if (const std::string n = article_number(text); !n.empty()) {
        article_path = "art_" + n;
        article_label = "Article " + n;
        article = b.add(article_path, {}, article_label, where);
        b.text(article, text);
        continue;
      }
      if (is_heading(text)) {
        article = k_no_article;
        seen_front_matter = true;
        continue;
      }
      if (article == k_no_article) {
        // Before the first article of a page, or between a heading and the next article.
        if (b.empty() && !seen_front_matter && !item_number(text).empty())
          throw DataError(where + ": the page starts inside an article (a numbered item before any "
                                  "'Article N'); the article continues from the previous page");
        seen_front_matter = true;
        continue;
      }
      if (const std::string n = item_number(text); !n.empty()) {
        const auto index = b.add(article_path + "__item_" + n, article_path, article_label + "(" + n + ")", where);
        b.text(index, text);
        continue;
      }
      b.text(article, text); // a further paragraph of the article
    }
    if (b.empty())
      throw DataError(input.display_path + ": no articles found: is this really an " + std::string(k_format) +
                      " file?");
    return b.finish();
  }
};

} // namespace

const SourceParser& npc_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
