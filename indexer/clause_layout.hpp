// The layout of a clause's text for readers: a unit with children (an article with paragraphs,
// a paragraph with points) keeps each child on a line of its own, as the published text does,
// so that the dialog, `cadre clause` and exports show numbered items as a list and not as one
// run of words.
#pragma once

#include "indexer/source_parser.hpp"

#include <vector>

namespace cadre::indexer {

/// Breaks the text of every clause that has children in `clauses` (one parser's output, in
/// document order, parents before children) before each direct child's text, the child's own
/// list marker ("(a)", "1.", "(iv)") included, and before any words that follow the last child.
/// Children are laid out first, so nesting shows as nested lines. A parent whose text does not
/// contain its children's texts in order (a parser that words them differently) is left as it
/// is. Only line breaks are added: the words, and so search and quotation, are unchanged.
void break_lines_at_children(std::vector<ParsedClause>& clauses);

} // namespace cadre::indexer
