// Hot reload: the server answers every request from one immutable build snapshot, and picks
// up a new build when `cadre index` swaps the `current` symlink. Requests in flight keep their
// snapshot (a shared_ptr) and finish on the old build, which is closed when the last one ends.
// A watcher thread of its own opens new builds, so no request waits for one to open, and a
// build's memory is allocated by one thread rather than by whichever request thread noticed
// the change (which scattered builds over every thread's malloc arena; bench/RESULTS.md, Soak).
#pragma once

#include "core/library.hpp"
#include "server/answer_cache.hpp"
#include "server/reply.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

namespace cadre::server {

/// One build as served: its Library and the answers computed from it (server/answer_cache.hpp),
/// released together when the last request holding them ends, and their memory then given
/// back to the system. (glibc keeps freed memory in the arena of the thread that allocated it;
/// without the trim, RSS grew with every reload.)
class ServedBuild {
public:
  ServedBuild(std::shared_ptr<const Library> library, std::size_t answer_cache_bytes)
      : m_library(std::move(library)), m_answers(answer_cache_bytes) {}
  ~ServedBuild();
  ServedBuild(const ServedBuild&) = delete;
  ServedBuild& operator=(const ServedBuild&) = delete;

  const Library& library() const { return *m_library; }
  /// Answers are a function of the URL and this immutable build.
  AnswerCache& answers() const { return m_answers; }

private:
  std::shared_ptr<const Library> m_library;
  mutable AnswerCache m_answers;
};

class CurrentBuild {
public:
  /// Opens the current build under `data_dir` (throws DataError when there is none) and
  /// starts watching `current`: every `k_check_interval`, when it points somewhere new, the
  /// build there is opened and swapped in. A build that fails to open, or whose search index
  /// fails a probe search, is logged and skipped until `current` changes again; the previous
  /// one keeps serving.
  /// Each build keeps up to `answer_cache_bytes` of answers.
  ///
  /// Damage (core/build_check.hpp): a build is checked against its manifest before it serves.
  /// At start, a current build that fails the check, or fails to open, is passed over for the
  /// newest other build that passes (logged; problem() says so). While serving, the file sizes
  /// are checked every k_check_interval and the checksums every `full_check_interval`; a
  /// damaged build is dropped for the newest other good one.
  CurrentBuild(std::filesystem::path data_dir, Log& log, std::size_t answer_cache_bytes = 0,
               std::chrono::milliseconds full_check_interval = k_full_check_interval);
  /// Stops the watcher.
  ~CurrentBuild();
  CurrentBuild(const CurrentBuild&) = delete;
  CurrentBuild& operator=(const CurrentBuild&) = delete;

  /// The snapshot to answer one request with.
  std::shared_ptr<const ServedBuild> get() const;

  /// Empty while the build `current` names serves undamaged; otherwise what went wrong (a damaged
  /// build, served instead of which is another, or none): for healthz.
  std::string problem() const;
  /// True when the build served is itself damaged (no other could replace it).
  bool serving_damaged() const;

  static constexpr std::chrono::milliseconds k_check_interval{1000};
  /// How often the served build's checksums are verified (about 0.1 s of one core for 55 MB).
  static constexpr std::chrono::milliseconds k_full_check_interval{15000};
  /// At most this often, and only when answers have been computed since the last time, the
  /// watcher gives the memory freed by computing them back to the system (malloc_trim): glibc
  /// keeps freed chunks resident, and the burst of cold answers after each reload left several
  /// megabytes of them until the next reload (bench/RESULTS.md, Soak).
  static constexpr std::chrono::seconds k_trim_interval{5};

private:
  void watch(std::stop_token stop);
  void check_for_new_build();
  void give_back_freed_memory();
  void check_served_build();
  /// Opens, checks and probes `dir`; throws DataError when it cannot serve.
  std::shared_ptr<const Library> open_checked(const std::filesystem::path& dir) const;
  /// The newest build other than `except` that opens and passes its checks, or nullptr.
  std::shared_ptr<const Library> open_fallback(const std::filesystem::path& except, std::string& why);
  void set_problem(std::string problem);
  /// Declares, in builds/.serving-<pid>, the build served and the one it would fall back to, so
  /// that `cadre index` does not prune them (best effort: a read-only data folder is left as is).
  void declare_serving();

  std::filesystem::path m_data_dir;
  Log& m_log;
  const std::size_t m_answer_cache_bytes;
  // A mutex rather than std::atomic<std::shared_ptr>: libstdc++ 12's lock-bit implementation
  // of the latter is reported as a data race by ThreadSanitizer; the lock is held for a copy.
  mutable std::mutex m_build_mutex;
  std::shared_ptr<const ServedBuild> m_build;
  std::filesystem::path m_loaded; ///< canonical build directory of m_build (watcher only)
  std::filesystem::path m_failed; ///< last target that failed to open (watcher only)
  const std::chrono::milliseconds m_full_check_interval;
  std::chrono::steady_clock::time_point m_last_full_check; ///< (watcher only)
  mutable std::mutex m_problem_mutex;
  std::string m_problem;
  std::atomic<bool> m_serving_damaged{false};
  std::size_t m_computations_at_trim = 0;             ///< of m_build's answers (watcher only)
  std::chrono::steady_clock::time_point m_last_trim; ///< (watcher only)
  std::mutex m_sleep;
  std::condition_variable_any m_wake;
  std::jthread m_watcher; ///< last: starts once everything above is ready, stops first
};

} // namespace cadre::server
