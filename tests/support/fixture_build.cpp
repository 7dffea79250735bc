#include "tests/support/fixture_build.hpp"

#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

#include <stdexcept>

namespace cadre::test {

std::filesystem::path build_fixture(const std::filesystem::path& data_dir) {
  indexer::BuildOptions options;
  options.corpus_dir = cadre::test::data_dir() / "corpus";
  options.sources_dir = cadre::test::data_dir() / "fixture-sources";
  options.data_dir = data_dir;
  options.corpus_commit = "fixture";
  const auto report = indexer::build(options);
  if (!report.complete()) {
    std::string problems;
    for (const auto& d : report.diagnostics.items()) problems += d.to_string() + "\n";
    throw std::runtime_error("the fixture corpus did not build cleanly:\n" + problems);
  }
  return report.build_dir;
}

} // namespace cadre::test
