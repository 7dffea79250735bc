// Builds the fixture corpus (tests/data/corpus + tests/data/fixture-sources) into a data folder,
// for tests of the read side, the CLI and the server.
#pragma once

#include <filesystem>

namespace cadre::test {

/// Indexes the fixture corpus into `data_dir` (creating it); returns the build directory.
/// Throws (failing the test) if the build is not complete.
std::filesystem::path build_fixture(const std::filesystem::path& data_dir);

} // namespace cadre::test
