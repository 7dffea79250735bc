// An LD_PRELOAD shim for the faults test: every write to a file whose path contains
// $CADRE_FAIL_WRITES_UNDER fails with ENOSPC, as on a disk that fills up at that moment. It
// makes the search index's commit meet a full disk while the database beside it, written
// before, succeeds: a case a small tmpfs cannot aim at. Other writes go through unchanged.
#include <dlfcn.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool refused(int fd) {
  const char* under = std::getenv("CADRE_FAIL_WRITES_UNDER");
  if (under == nullptr || *under == '\0') return false;
  char link[64];
  char path[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(link, path, sizeof path - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  return std::strstr(path, under) != nullptr;
}

/// The next definition of `name` after this library's (libc's).
template <class Function> Function real(const char* name) {
  return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

ssize_t write(int fd, const void* buffer, size_t count) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
  if (refused(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return next(fd, buffer, count);
}

ssize_t pwrite(int fd, const void* buffer, size_t count, off_t offset) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  if (refused(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return next(fd, buffer, count, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t count, off64_t offset) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  if (refused(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return next(fd, buffer, count, offset);
}

} // extern "C"
