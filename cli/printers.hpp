// Plain-text renderings for people, for the commands other than compare (whose renderings are
// shared with the API in core/export.hpp).
#pragma once

#include "core/model.hpp"
#include "core/search.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace cadre::cli {

/// Width of the terminal on standard output ($COLUMNS, else the tty's, else 100).
int terminal_width();

/// `text` wrapped at `width` columns (counting UTF-8 characters), each line prefixed by `indent`;
/// the line breaks `text` has are kept (a clause's items each start a line).
std::string wrap(const std::string& text, int width, const std::string& indent);

void print_jurisdictions(const std::vector<Jurisdiction>& jurisdictions, const std::string& lang, std::ostream& out);
void print_jurisdiction(const Jurisdiction& jurisdiction, const std::string& lang, std::ostream& out);
void print_search(const SearchResults& results, std::ostream& out);
void print_clause(const Clause& clause, const std::string& lang, std::ostream& out);
/// "Statuses as of DATE." (with the note for a future date) above an as-of answer.
void print_as_of(const std::string& as_of, const std::string& lang, std::ostream& out);
void print_provisions(const std::vector<Provision>& provisions, const std::string& lang, std::ostream& out);
void print_provision(const ProvisionDetail& detail, std::ostream& out);
void print_convergence(const Convergence& convergence, std::ostream& out);
void print_related(const RelatedClauses& related, std::ostream& out);

} // namespace cadre::cli
