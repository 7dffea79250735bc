#include "tests/support/test_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace cadre::test {

std::optional<std::filesystem::path> sources_dir() {
  if (const char* env = std::getenv("CADRE_SOURCES"); env != nullptr && *env != '\0') {
    if (std::filesystem::is_directory(env)) return std::filesystem::path(env);
    return std::nullopt;
  }
  const std::filesystem::path beside = std::filesystem::path(CADRE_SOURCE_ROOT) / ".." / "shared" / "sources";
  if (std::filesystem::is_directory(beside)) return beside.lexically_normal();
  return std::nullopt;
}

std::filesystem::path data_dir() { return std::filesystem::path(CADRE_SOURCE_ROOT) / "tests" / "data"; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

TempDir::TempDir() {
  std::random_device random;
  m_path = std::filesystem::temp_directory_path() / ("cadre-test-" + std::to_string(random()));
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

} // namespace cadre::test

namespace {

/// A suite whose SetUpTestSuite fails makes GoogleTest report each of its tests as SKIPPED, and
/// CTest (gtest_discover_tests' skip pattern) then counts them as skipped: a broken suite would
/// look green. This listener ends the run as a failure before the first such test is reported.
class FailedSuiteSetUpIsAFailure : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo& test) override {
    const auto* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    if (suite == nullptr || !suite->ad_hoc_test_result().Failed()) return;
    std::fprintf(stderr, "FAILED: the set-up of test suite %s failed (see above); %s cannot run\n", suite->name(),
                 test.name());
    std::fflush(nullptr);
    std::_Exit(1);
  }
};

[[maybe_unused]] const bool k_listener_installed = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new FailedSuiteSetUpIsAFailure);
  return true;
}();

} // namespace
