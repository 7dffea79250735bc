// parl-ca-bill: Parliament of Canada bill XML (Bill C-27; option part selects an enacted Act such as AIDA).
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'parl-ca-bill' format is not implemented yet");
  }
};

} // namespace

const SourceParser& parl_ca_bill() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
