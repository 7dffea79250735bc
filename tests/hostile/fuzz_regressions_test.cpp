// Every input that crashed a fuzz target (fuzz/) replayed through the same code path, under
// whatever sanitizer this build has. Inputs live in fuzz-regressions/<target>/, in the target's
// own layout (fuzz/parser_variants.hpp for fuzz_parsers; byte 0 picks the file for fuzz_corpus;
// fuzz/search_input.hpp for fuzz_search). Each must now end in a clean outcome: clauses or a
// DataError, diagnostics, results or a UserError; under ASan, without a leak.
#include "core/error.hpp"
#include "fuzz/parser_variants.hpp"
#include "fuzz/search_input.hpp"
#include "indexer/corpus.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(CADRE_FUZZ_REGRESSIONS) / target;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FuzzRegressions, ParserInputsEndInClausesOrADataError) {
  const auto files = inputs_of("fuzz_parsers");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string bytes = cadre::test::read_file(file);
    ASSERT_GE(bytes.size(), 2u);
    const cadre::fuzz::ParserVariant* variant = nullptr;
    const auto input = cadre::fuzz::parser_input(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), &variant);
    try {
      for (const auto& clause : cadre::indexer::parser_for(variant->format)->parse(input)) EXPECT_FALSE(clause.path.empty());
    } catch (const cadre::DataError& e) {
      EXPECT_TRUE(std::string(e.what()).starts_with("fuzz/" + variant->format)) << e.what();
    }
  }
}

TEST(FuzzRegressions, CorpusInputsEndInDiagnostics) {
  const auto files = inputs_of("fuzz_corpus");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string bytes = cadre::test::read_file(file);
    ASSERT_GE(bytes.size(), 1u);
    cadre::test::TempDir temp;
    const auto dir = temp.path() / "xa";
    fs::create_directories(dir);
    for (const char* name : {"jurisdiction.toml", "framework.en.md", "framework.fr.md"})
      fs::copy_file(cadre::test::data_dir() / "corpus" / "xa" / name, dir / name);
    cadre::indexer::Diagnostics diags;
    if (bytes[0] % 2 == 0) {
      std::ofstream(dir / "jurisdiction.toml", std::ios::binary | std::ios::trunc) << bytes.substr(1);
      EXPECT_FALSE(cadre::indexer::load_jurisdiction(dir, diags).has_value());
    } else {
      cadre::indexer::parse_framework(bytes.substr(1), "en", "fuzz/framework.en.md", diags);
    }
    EXPECT_GT(diags.error_count(), 0);
  }
}

TEST(FuzzRegressions, SearchInputsEndInResultsOrAUserError) {
  const auto files = inputs_of("fuzz_search");
  ASSERT_FALSE(files.empty());
  cadre::test::TempDir data;
  cadre::test::build_fixture(data.path());
  const auto library = cadre::Library::open(data.path());
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string bytes = cadre::test::read_file(file);
    ASSERT_GE(bytes.size(), 1u);
    try {
      (void)library->search(cadre::fuzz::search_request(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    } catch (const cadre::UserError& e) {
      EXPECT_EQ(e.parameter(), "q") << e.what();
    }
  }
}

} // namespace
