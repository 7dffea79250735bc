// tbs-html: Treasury Board of Canada policy-suite HTML, English and French.
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'tbs-html' format is not implemented yet");
  }
};

} // namespace

const SourceParser& tbs_html() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
