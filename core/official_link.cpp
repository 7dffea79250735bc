#include "core/official_link.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace cadre {
namespace {

/// The outermost unit of a clause path (docs/clause-ids.md): `art_6__para_1` is kind "art",
/// number "6". A fixed name without number (`suppl`, `preamble`) is its own kind.
struct Unit {
  std::string kind;
  std::string number;
  std::string component; ///< as written in the id: "art_6"
};

/// A document URL cut into the parts the rules rewrite.
struct Url {
  std::string origin; ///< "https://host"
  std::string path;   ///< from the first '/' after the host, up to '?' or '#'
  std::string query;  ///< with its '?', or empty
};

Url split_url(const std::string& url) {
  Url u;
  const auto scheme = url.find("://");
  const auto host_start = scheme == std::string::npos ? 0 : scheme + 3;
  auto end = url.find('#');
  if (end == std::string::npos) end = url.size();
  auto path_start = url.find_first_of("/?", host_start);
  if (path_start == std::string::npos || path_start > end) path_start = end;
  u.origin = url.substr(0, path_start);
  const auto query_start = std::min(url.find('?', path_start), end);
  u.path = url.substr(path_start, query_start - path_start);
  u.query = url.substr(query_start, end - query_start);
  return u;
}

std::string host_of(const std::string& origin) {
  const auto scheme = origin.find("://");
  std::string host = origin.substr(scheme == std::string::npos ? 0 : scheme + 3);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool replace_once(std::string& s, std::string_view from, std::string_view to) {
  const auto at = s.find(from);
  if (at == std::string::npos) return false;
  s.replace(at, from.size(), to);
  return true;
}

/// What a rule is given: the document URL whole and cut up, the clause's outermost unit
/// (kind empty when the citation names the instrument only) and the reader's language.
struct Request {
  const std::string& document;
  const Url& url;
  const Unit& unit;
  bool french;
};

// ---- The publisher rules. Each states where its anchors were checked. ----

/// EUR-Lex. The HTML of an act (legal-content/<LANG>/TXT/HTML/?uri=CELEX:…) has one element per
/// article, recital and annex with the id `art_6`, `rct_1`, `anx_III` — the same spelling as the
/// outermost component of a Cadre clause id (checked in the AI Act and GDPR sources, both EUR-Lex
/// HTML). The ELI address (/eli/reg/2024/1689/oj) is turned into its CELEX number (3 + year +
/// R|L|D + number on four digits) because the anchor is only on the legal-content page; the
/// French page is the same address with FR for EN.
std::string eur_lex(const Request& r) {
  std::string celex;
  if (const auto at = r.url.query.find("uri=CELEX:"); at != std::string::npos) {
    celex = r.url.query.substr(at + 10);
    celex = celex.substr(0, celex.find('&'));
  } else if (r.url.path.starts_with("/eli/")) {
    // /eli/<type>/<year>/<number>/oj
    std::array<std::string, 4> parts;
    std::size_t from = 5;
    for (auto& part : parts) {
      const auto slash = r.url.path.find('/', from);
      part = r.url.path.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
      if (slash == std::string::npos) break;
      from = slash + 1;
    }
    const std::string_view letter = parts[0] == "reg" ? "R" : parts[0] == "dir" ? "L" : parts[0] == "dec" ? "D" : "";
    if (letter.empty() || !all_digits(parts[1]) || parts[1].size() != 4 || !all_digits(parts[2]) || parts[2].size() > 4)
      return r.document;
    celex = "3" + parts[1] + std::string(letter) + std::string(4 - parts[2].size(), '0') + parts[2];
  } else {
    return r.document;
  }
  const bool anchored = r.unit.kind == "art" || r.unit.kind == "rct" || r.unit.kind == "anx";
  if (!anchored && !r.french) return r.document;
  return "https://eur-lex.europa.eu/legal-content/" + std::string(r.french ? "FR" : "EN") +
         "/TXT/HTML/?uri=CELEX:" + celex + (anchored ? "#" + r.unit.component : "");
}

/// legislation.gov.uk. Every provision has its own page under the act's address:
/// /ukpga/2025/18/section/5, /eur/2016/679/article/22A (CLML ids `article-22A` in the UK GDPR
/// source; the page addresses as published, e.g. /ukpga/2018/12/schedule/6). Recitals and other
/// units keep the document. English only.
std::string legislation_gov_uk(const Request& r) {
  std::string base = r.url.path;
  for (std::string_view tail : {"/contents", "/body"})
    if (base.ends_with(tail)) base.resize(base.size() - tail.size());
  if (r.unit.number.empty() || (r.unit.kind != "art" && r.unit.kind != "sec")) return r.document;
  return r.url.origin + base + (r.unit.kind == "art" ? "/article/" : "/section/") + r.unit.number;
}

/// LégisQuébec. The consolidated statute is /en/document/cs/<chapter> in English and
/// /fr/document/lc/<chapter> in French; each section is an element `se:<number>` with the dot
/// written `_` (se:12_1 for s. 12.1; checked in the P-39.1 source).
std::string legisquebec(const Request& r) {
  std::string path = r.url.path;
  if (r.french) {
    if (!replace_once(path, "/en/document/cs/", "/fr/document/lc/")) return r.document;
  }
  std::string anchor;
  if (r.unit.kind == "sec" && !r.unit.number.empty()) {
    anchor = "#se:" + r.unit.number;
    std::replace(anchor.begin(), anchor.end(), '.', '_');
  }
  return r.url.origin + path + r.url.query + anchor;
}

/// Treasury Board policy suite: doc-eng.aspx?id=N in English, doc-fra.aspx?id=N in French.
/// Top-level sections are `chaN`, appendices `appA` (both languages' snapshots); subsections are
/// marked `claN.M` or `secN.M` by page, so a subsection links to its top-level section.
std::string tbs(const Request& r) {
  std::string path = r.url.path;
  if (r.french && !replace_once(path, "doc-eng.aspx", "doc-fra.aspx")) return r.document;
  std::string anchor;
  if (r.unit.kind == "sec" && !r.unit.number.empty())
    anchor = "#cha" + r.unit.number.substr(0, r.unit.number.find('.'));
  else if (r.unit.kind == "appx" && !r.unit.number.empty())
    anchor = "#app" + r.unit.number;
  return r.url.origin + path + r.url.query + anchor;
}

/// Parliament of Canada bill text: the XML publication (C-27_E.xml, French C-27_F.xml) has no
/// per-clause anchor a browser can follow, so the link is the document in the reader's language.
std::string parl_ca(const Request& r) {
  std::string path = r.url.path;
  if (!r.french || !replace_once(path, "_E.xml", "_F.xml")) return r.document;
  return r.url.origin + path + r.url.query;
}

/// e-Gov law search: the law page /law/<law id> is a script application whose articles of the
/// main provision are reachable as #Mp-At_<number> (links of that form to e-Gov pages,
/// e.g. /law/347M50002000034#Mp-At_213). Only a plain article number is linked (Japanese branch
/// numbers 条の2 and supplementary provisions keep the document). Japanese only.
std::string e_gov(const Request& r) {
  if (r.unit.kind != "art" || !all_digits(r.unit.number)) return r.document;
  return r.url.origin + r.url.path + r.url.query + "#Mp-At_" + r.unit.number;
}

/// Planalto: compiled laws mark each article with <a name="artN">, a lettered article
/// Art. 55-A as "art55a" (checked in the LGPD source). Portuguese only.
std::string planalto(const Request& r) {
  if (r.unit.kind != "art" || r.unit.number.empty()) return r.document;
  std::string anchor = "#art";
  for (const unsigned char c : r.unit.number) {
    if (c == '-') continue;
    if (!std::isalnum(c)) return r.document;
    anchor += static_cast<char>(std::tolower(c));
  }
  return r.url.origin + r.url.path + r.url.query + anchor;
}

/// Publishers whose pages are known to Cadre and have no anchor it can form from a clause
/// number: the Federal Register (a document's sections carry generated heading ids, not the
/// order's section numbers), law.go.kr (articles are loaded by script into lsInfoP.do) and
/// law.nstc.gov.tw (LawContent.aspx shows the act whole, no article anchor found). They have
/// no French page. Listed so that the choice is recorded, not forgotten.
std::string document_only(const Request& r) { return r.document; }

struct Rule {
  std::string_view host; ///< without "www."
  std::string (*link)(const Request&);
};

constexpr std::array k_rules{
    Rule{"eur-lex.europa.eu", eur_lex},
    Rule{"legislation.gov.uk", legislation_gov_uk},
    Rule{"legisquebec.gouv.qc.ca", legisquebec},
    Rule{"tbs-sct.canada.ca", tbs},
    Rule{"parl.ca", parl_ca},
    Rule{"laws.e-gov.go.jp", e_gov},
    Rule{"planalto.gov.br", planalto},
    Rule{"federalregister.gov", document_only},
    Rule{"law.go.kr", document_only},
    Rule{"law.nstc.gov.tw", document_only},
};

Unit outermost_unit(const std::string& clause_id) {
  Unit unit;
  if (clause_id.starts_with("instrument:")) return unit;
  const auto first = clause_id.find('/');
  const auto second = first == std::string::npos ? first : clause_id.find('/', first + 1);
  if (second == std::string::npos) return unit;
  std::string path = clause_id.substr(second + 1);
  path = path.substr(0, path.find('@'));
  unit.component = path.substr(0, path.find("__"));
  const auto underscore = unit.component.find('_');
  unit.kind = unit.component.substr(0, underscore);
  if (underscore != std::string::npos) unit.number = unit.component.substr(underscore + 1);
  return unit;
}

} // namespace

std::string official_link(const std::string& document_url, const std::string& clause_id,
                          const std::string& language) {
  if (document_url.empty()) return document_url;
  const Url url = split_url(document_url);
  const std::string host = host_of(url.origin);
  const Unit unit = outermost_unit(clause_id);
  for (const auto& rule : k_rules)
    if (host == rule.host) return rule.link(Request{document_url, url, unit, language == "fr"});
  return document_url;
}

} // namespace cadre
