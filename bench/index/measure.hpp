// Measuring helpers shared by the indexing and search benchmarks: child-process runs (wall
// time and peak resident memory), percentiles, medians and directory sizes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cadre::bench {

struct ChildRun {
  double seconds = 0;      ///< wall time from fork to exit
  double cpu_seconds = 0;  ///< user + system CPU time of the child (and its threads)
  double peak_rss_mb = 0;  ///< the child's maximum resident set size (getrusage via wait4)
};

/// Wall and CPU time of one call on this thread, in milliseconds. CPU time is what to compare
/// on a shared machine: it leaves out the time spent waiting for a core.
struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;
};
Timing time_call(const std::function<void()>& work);

/// Runs `work` in a forked child and waits for it. The child starts as a copy of this process,
/// so its peak includes what the parent held at fork time: call this while the parent is small.
/// Throws std::runtime_error when the child fails (its exception message is on stderr).
ChildRun run_in_child(const std::function<void()>& work);

/// The value at quantile q (0..1) of `values`, nearest-rank; 0 for an empty list.
double percentile(std::vector<double> values, double q);
double median(std::vector<double> values);

/// Total bytes of the regular files under `path` (or of `path` itself).
std::uintmax_t disk_bytes(const std::filesystem::path& path);

/// "12.3 ms", "1.2 s", "345 MB": short human units for the tables.
std::string format_ms(double milliseconds);
std::string format_mb(double megabytes);
std::string format_ratio(double ratio);

} // namespace cadre::bench
