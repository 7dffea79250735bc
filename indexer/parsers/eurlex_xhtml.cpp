// eurlex-xhtml: EUR-Lex XHTML of the Official Journal (EU AI Act, GDPR).
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'eurlex-xhtml' format is not implemented yet");
  }
};

} // namespace

const SourceParser& eurlex_xhtml() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
