#pragma once
// The "official text" link of a clause: the publisher's page of the instrument, deep-linked to
// the clause's article or section where the publisher's pages have an anchor or a page for it,
// and in French where the publisher has a French page. One table of publisher rules
// (core/official_link.cpp) decides; a publisher it does not know keeps the document URL.

#include <string>

namespace cadre {

/// The link for a reader in `language` ("en" or "fr") to the official text of `clause_id`
/// (docs/clause-ids.md; a version suffix "@…" is ignored), given its instrument's
/// `document_url` (the corpus's `official_url`). With no clause path (an instrument citation,
/// "instrument:…", or an empty id) it is the document in the reader's language. The link never
/// names another document than `document_url`: only the article anchor or page and the
/// language of the same publication change. An unknown publisher or unit gives `document_url`.
std::string official_link(const std::string& document_url, const std::string& clause_id,
                          const std::string& language);

} // namespace cadre
