// plain-text: plain text with numbered headings.
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'plain-text' format is not implemented yet");
  }
};

} // namespace

const SourceParser& plain_text() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
