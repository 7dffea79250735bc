// article-json: JSON lists of articles (Brazil PL 2338/2023, Taiwan AI Basic Act).
// Not yet implemented: being written.
#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"

namespace cadre::indexer::parsers {
namespace {

class Parser final : public SourceParser {
public:
  std::vector<ParsedClause> parse(const SourceInput& input) const override {
    throw DataError(input.display_path + ": the 'article-json' format is not implemented yet");
  }
};

} // namespace

const SourceParser& article_json() {
  static const Parser parser;
  return parser;
}

} // namespace cadre::indexer::parsers
