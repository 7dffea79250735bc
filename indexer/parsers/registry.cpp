#include "indexer/parsers/parsers.hpp"

#include <algorithm>
#include <array>

namespace cadre::indexer {
namespace {

struct Format {
  std::string_view name;
  const SourceParser& (*parser)();
};

// The format names accepted in jurisdiction.toml, sorted by name.
constexpr std::array<Format, 16> k_formats = {{
    {"article-json", &parsers::article_json},
    {"cac-html", &parsers::cac_html},
    {"clml", &parsers::clml},
    {"commonaccord", &parsers::commonaccord},
    {"egov-xml", &parsers::egov_xml},
    {"eurlex-xhtml", &parsers::eurlex_xhtml},
    {"fedreg-xml", &parsers::fedreg_xml},
    {"govuk-html", &parsers::govuk_html},
    {"lawgokr-xml", &parsers::lawgokr_xml},
    {"legisquebec-html", &parsers::legisquebec_html},
    {"markdown", &parsers::markdown},
    {"npc-html", &parsers::npc_html},
    {"parl-ca-bill", &parsers::parl_ca_bill},
    {"plain-text", &parsers::plain_text},
    {"planalto-html", &parsers::planalto_html},
    {"tbs-html", &parsers::tbs_html},
}};

} // namespace

const SourceParser* parser_for(std::string_view format) {
  for (const auto& entry : k_formats)
    if (entry.name == format) return &entry.parser();
  return nullptr;
}

std::vector<std::string> known_formats() {
  std::vector<std::string> names;
  for (const auto& entry : k_formats) names.emplace_back(entry.name);
  return names;
}

} // namespace cadre::indexer
