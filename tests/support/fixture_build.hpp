// Builds the fixture corpus (tests/data/corpus + tests/data/fixture-sources) into a data folder,
// for tests of the read side, the CLI and the server.
#pragma once

#include "core/library.hpp"
#include "tests/support/test_support.hpp"

#include <filesystem>
#include <memory>

namespace cadre::test {

/// Indexes the fixture corpus into `data_dir` (creating it); returns the build directory.
/// Throws (failing the test) if the build is not complete.
std::filesystem::path build_fixture(const std::filesystem::path& data_dir);

/// A test suite over one fixture build, indexed once for the suite and opened as `s_library`.
/// `Suite` is the deriving class, so that each suite keeps its own build.
template <class Suite> class FixtureLibraryTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<TempDir>();
    build_fixture(s_dir->path());
    s_library = Library::open(s_dir->path());
  }
  static void TearDownTestSuite() {
    s_library.reset();
    s_dir.reset();
  }
  static inline std::unique_ptr<TempDir> s_dir;
  static inline std::shared_ptr<const Library> s_library;
};

} // namespace cadre::test
