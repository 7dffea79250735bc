// commonaccord: CommonAccord key=value prose objects (OECD Recommendation).
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'commonaccord' format is not implemented yet");
  }
};

} // namespace

const SourceParser& commonaccord() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
