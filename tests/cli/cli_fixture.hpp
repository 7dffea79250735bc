// The CLI tests' fixture: commands run in-process on the fixture build, golden files.
#pragma once

#include "cli/cli.hpp"
#include "core/events.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace cadre::test {

struct Result {
  int code;
  std::string out;
  std::string err;
};

/// Runs `cadre` commands in-process against one fixture build per suite (`Suite` is the deriving
/// class), with output made comparable to golden files.
template <class Suite> class CliFixture : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = new cadre::test::TempDir();
    cadre::test::build_fixture(s_dir->path());
    setenv("COLUMNS", "100", 1);
  }
  static void TearDownTestSuite() { delete s_dir; }

  static Result run(std::vector<std::string> args, bool with_data = true) {
    if (with_data) {
      args.push_back("--data");
      args.push_back(s_dir->path().string());
    }
    std::ostringstream out, err;
    const int code = cadre::cli::run(args, out, err);
    return {code, sanitize(out.str()), sanitize(err.str())};
  }

  /// Replaces what changes from run to run: the temporary folder, the build id, and today's date
  /// as the date a comparison's statuses are computed for.
  static std::string sanitize(std::string text) {
    const std::string dir = s_dir->path().string();
    for (std::size_t p; (p = text.find(dir)) != std::string::npos;) text.replace(p, dir.size(), "DATA");
    const std::string today = "\"as_of\":\"" + cadre::today_utc() + "\"";
    for (std::size_t p; (p = text.find(today)) != std::string::npos;) text.replace(p, today.size(), "\"as_of\":\"TODAY\"");
    return std::regex_replace(text, std::regex("[0-9a-f]{16}(-[0-9]+)?"), "BUILD");
  }

  static void expect_golden(const std::string& name, const std::string& actual) {
    const auto path = cadre::test::data_dir() / "golden" / name;
    if (std::getenv("CADRE_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    EXPECT_EQ(actual, cadre::test::read_file(path)) << "golden file " << path;
  }

  static inline cadre::test::TempDir* s_dir = nullptr;
};

} // namespace cadre::test
