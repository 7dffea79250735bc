// Hot reload: the server answers every request from one immutable Library snapshot, and picks
// up a new build when `cadre index` swaps the `current` symlink. Requests in flight keep their
// snapshot (a shared_ptr) and finish on the old build, which is closed when the last one ends.
#pragma once

#include "core/library.hpp"
#include "server/reply.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

namespace cadre::server {

class CurrentBuild {
public:
  /// Opens the current build under `data_dir`; throws DataError when there is none.
  CurrentBuild(std::filesystem::path data_dir, Log& log);

  /// The snapshot to answer one request with. At most once per `k_check_interval` (on the
  /// first call after it), looks at `current` and swaps in the build it points to when it
  /// changed. A build that fails to open, or whose search index fails a probe search, is
  /// logged and skipped until `current` changes again; the previous one keeps serving.
  std::shared_ptr<const Library> get();

  static constexpr std::chrono::milliseconds k_check_interval{1000};

private:
  void check_for_new_build();

  std::filesystem::path m_data_dir;
  Log& m_log;
  std::atomic<std::shared_ptr<const Library>> m_library;
  std::atomic<std::chrono::steady_clock::rep> m_next_check;
  std::mutex m_reload;                  ///< one thread checks at a time
  std::filesystem::path m_loaded;       ///< canonical build directory of m_library (under m_reload)
  std::filesystem::path m_failed;       ///< last target that failed to open (under m_reload)
};

} // namespace cadre::server
