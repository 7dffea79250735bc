// Search query handling on the fixture build (indexed once, at start-up, into a temporary
// folder). Input layout: fuzz/search_input.hpp. A UserError (bad query, too long, not UTF-8) is the expected answer to
// a bad query; any other exception, a crash or undefined behaviour is a bug (a 500 or a dead
// server process).
#include "core/error.hpp"
#include "core/library.hpp"
#include "fuzz/search_input.hpp"
#include "indexer/build.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {
std::shared_ptr<const cadre::Library> g_library;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char pattern[] = "/tmp/cadre-fuzz-search-XXXXXX";
  if (mkdtemp(pattern) == nullptr) std::abort();
  cadre::indexer::BuildOptions options;
  options.corpus_dir = std::filesystem::path(CADRE_FIXTURE_DATA) / "corpus";
  options.sources_dir = std::filesystem::path(CADRE_FIXTURE_DATA) / "fixture-sources";
  options.data_dir = pattern;
  options.corpus_commit = "fuzz";
  const auto report = cadre::indexer::build(options);
  if (!report.complete()) std::abort();
  g_library = cadre::Library::open(pattern);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return -1;
  const cadre::SearchRequest request = cadre::fuzz::search_request(data, size);
  try {
    (void)g_library->search(request);
  } catch (const cadre::UserError&) {
  }
  return 0;
}
