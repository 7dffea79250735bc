// planalto-html: Planalto compiled-law HTML (Brazil LGPD, windows-1252).
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'planalto-html' format is not implemented yet");
  }
};

} // namespace

const SourceParser& planalto_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
