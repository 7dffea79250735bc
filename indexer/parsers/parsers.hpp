// The parsers, one per source format, each defined in its own file beside this one.
#pragma once

#include "indexer/source_parser.hpp"

namespace cadre::indexer::parsers {

/// eurlex-xhtml: EUR-Lex XHTML of the Official Journal (EU AI Act, GDPR).
const SourceParser& eurlex_xhtml();
/// clml: legislation.gov.uk Crown Legislation Markup Language (UK GDPR).
const SourceParser& clml();
/// parl-ca-bill: Parliament of Canada bill XML (Bill C-27; option part selects an enacted Act such as AIDA).
const SourceParser& parl_ca_bill();
/// fedreg-xml: US Federal Register XML of presidential documents (executive orders).
const SourceParser& fedreg_xml();
/// commonaccord: CommonAccord key=value prose objects (OECD Recommendation).
const SourceParser& commonaccord();
/// egov-xml: Japanese e-Gov / JaLII statute XML, Japanese and English.
const SourceParser& egov_xml();
/// lawgokr-xml: Korean Law Information Center XML, Korean and English.
const SourceParser& lawgokr_xml();
/// cac-html: Cyberspace Administration of China article page (第N条 numbering).
const SourceParser& cac_html();
/// npc-html: National People's Congress English pages (one law over several pages).
const SourceParser& npc_html();
/// article-json: JSON lists of articles (Brazil PL 2338/2023, Taiwan AI Basic Act).
const SourceParser& article_json();
/// planalto-html: Planalto compiled-law HTML (Brazil LGPD, windows-1252).
const SourceParser& planalto_html();
/// legisquebec-html: LegisQuébec consolidated statute HTML.
const SourceParser& legisquebec_html();
/// tbs-html: Treasury Board of Canada policy-suite HTML, English and French.
const SourceParser& tbs_html();
/// govuk-html: GOV.UK HTML publication with numbered recommendations.
const SourceParser& govuk_html();
/// markdown: Markdown converted from PDF publications.
const SourceParser& markdown();
/// plain-text: plain text with numbered headings.
const SourceParser& plain_text();

} // namespace cadre::indexer::parsers
