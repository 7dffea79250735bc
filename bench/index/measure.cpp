#include "bench/index/measure.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <iostream>
#include <stdexcept>

namespace cadre::bench {

ChildRun run_in_child(const std::function<void()>& work) {
  std::cout.flush();
  std::cerr.flush();
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int status = 0;
    try {
      work();
    } catch (const std::exception& e) {
      std::cerr << "benchmark child failed: " << e.what() << "\n";
      status = 1;
    }
    std::cout.flush();
    std::cerr.flush();
    ::_exit(status);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
  const auto end = std::chrono::steady_clock::now();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("a benchmark child process failed");
  ChildRun run;
  run.seconds = std::chrono::duration<double>(end - start).count();
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  run.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
  return run;
}

namespace {
double thread_cpu_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}
} // namespace

Timing time_call(const std::function<void()>& work) {
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_ms();
  work();
  Timing t;
  t.cpu_ms = thread_cpu_ms() - cpu_start;
  t.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  return t;
}

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double median(std::vector<double> values) { return percentile(std::move(values), 0.5); }

std::uintmax_t disk_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return std::filesystem::file_size(path, ec);
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

namespace {
std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}
} // namespace

std::string format_ms(double ms) {
  if (ms >= 10000) return printf_string("%.1f s", ms / 1000);
  if (ms >= 1000) return printf_string("%.2f s", ms / 1000);
  if (ms >= 10) return printf_string("%.1f ms", ms);
  return printf_string("%.2f ms", ms);
}

std::string format_mb(double mb) { return printf_string(mb >= 100 ? "%.0f MB" : "%.1f MB", mb); }

std::string format_ratio(double ratio) { return printf_string("%.2fx", ratio); }

} // namespace cadre::bench
