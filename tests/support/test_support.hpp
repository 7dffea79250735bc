// Shared helpers for Cadre's tests: fixture paths, the real-sources mirror, temporary folders.
#pragma once

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace cadre::test {

/// The mirror of real source texts: $CADRE_SOURCES, else ../shared/sources beside the
/// repository; nullopt when neither exists (tests that need it skip).
std::optional<std::filesystem::path> sources_dir();

/// tests/data inside the repository.
std::filesystem::path data_dir();

/// The whole file, as bytes. Fails the test (throws) when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// A fresh, empty directory removed at destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

/// The message of the `E` that `f` throws, or "(no exception)"; for a UserError, its parameter
/// goes to `parameter` when given.
template <class E, class F> std::string message_of(F&& f, std::string* parameter = nullptr) {
  try {
    f();
  } catch (const E& e) {
    if constexpr (std::is_base_of_v<cadre::UserError, E>)
      if (parameter) *parameter = e.parameter();
    return e.what();
  }
  return "(no exception)";
}

} // namespace cadre::test

/// Skips the current test, with the reason, when the sources mirror is absent; otherwise
/// declares `const std::filesystem::path sources` pointing at it.
#define CADRE_REQUIRE_SOURCES()                                                                   \
  const auto cadre_sources_opt = ::cadre::test::sources_dir();                                    \
  if (!cadre_sources_opt)                                                                         \
    GTEST_SKIP() << "real source texts not found: set CADRE_SOURCES to a mirror directory "       \
                    "(../shared/sources) to run this test";                                       \
  const std::filesystem::path sources = *cadre_sources_opt
