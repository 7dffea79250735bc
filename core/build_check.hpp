// Damage detection for builds. `cadre index` writes a manifest (`MANIFEST`, one line per file:
// checksum, size, path) into each build once its stores are closed; a server checks a build
// against it before serving it, cheaply (sizes) every second and fully (checksums) in the
// background, and falls back to the newest other build that passes when the one it serves is
// damaged. Xapian reads its tables lazily and a corrupted term list crashes a search outright,
// so damage must be found before a request reaches it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cadre {

struct BuildCheck {
  static constexpr const char* k_manifest = "MANIFEST";

  /// Writes the manifest of every file in `build_dir` (the Xapian lock file aside). Throws
  /// DataError when it cannot be written.
  static void write_manifest(const std::filesystem::path& build_dir);

  /// What is wrong with `build_dir` against its manifest: a file missing, of another size, or
  /// (when `full`) of another checksum; nullopt when nothing is. A build without a manifest
  /// (made before manifests existed) passes with its files present.
  static std::optional<std::string> problem(const std::filesystem::path& build_dir, bool full);

  /// The builds under `data_dir`/builds, newest first (by their `built_at` time, then name),
  /// temporary folders aside.
  static std::vector<std::filesystem::path> builds_newest_first(const std::filesystem::path& data_dir);

  /// XXH3-64 of a file's bytes, as k_checksum_tag and 16 hex digits (damage detection, not
  /// security: whoever can rewrite a build can rewrite its manifest). xxHash reads a build's
  /// files at memory speed, where the byte-wise FNV-1a used before took about 4 % of a build.
  static std::string checksum(const std::filesystem::path& file);
  /// Names the checksum's algorithm, so that a manifest written with another one is told apart
  /// from a damaged file.
  static constexpr const char* k_checksum_tag = "xxh3:";
};

} // namespace cadre
