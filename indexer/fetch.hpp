// Obtaining the source texts: downloading each over HTTP(S) from the `url` of its
// [[instrument.source]] entry, or copying it from a mirror folder, into a cache laid out as
// <cache>/<code>/<file> (the folder `cadre index --sources` reads). A file is installed only once
// its sha256 matches jurisdiction.toml, by an atomic rename of `<file>.part`; a download that
// does not match is kept as `<file>.rejected` for review and never installed. The core never
// prints: progress goes to a callback, outcomes come back as values with a message that names
// the instrument, the address and what to do.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace cadre::indexer {

/// One file to obtain, as declared by an [[instrument.source]] entry.
struct FetchItem {
  std::string instrument; ///< instrument id, for messages (e.g. "ca/aida")
  std::string code;       ///< jurisdiction code: the cache subfolder
  std::string file;       ///< file name inside <cache>/<code>/
  std::string url;        ///< http(s) address of the file; empty when only a mirror has it
  std::string sha256;     ///< expected, lowercase hex
};

struct FetchLimits {
  /// Giving up on a server that does not accept the connection.
  std::chrono::seconds connect_timeout{20};
  /// A transfer that stays below `low_speed_bytes` per second for `low_speed_time` is abandoned
  /// (a server that stops sending); what arrived stays in `<file>.part` for the next attempt.
  long low_speed_bytes = 64;
  std::chrono::seconds low_speed_time{30};
  long max_redirects = 5;
  /// No source is near this (the largest real one is 1.7 MB): a larger body is a wrong address.
  std::uint64_t max_bytes = 64ULL * 1024 * 1024;
};

struct FetchProgress {
  const FetchItem& item;
  std::uint64_t received; ///< bytes of the file so far, including a resumed part
  std::uint64_t total;    ///< expected size of the file; 0 when unknown
};
using FetchProgressCallback = std::function<void(const FetchProgress&)>;

enum class FetchStatus {
  present,    ///< already in the cache with the right sha256; nothing transferred
  downloaded, ///< downloaded, checked and installed
  copied,     ///< copied from the mirror, checked and installed
  no_url,     ///< not in the cache and no url to download it from; nothing attempted
  failed,     ///< see `message`; nothing was installed
};

struct FetchResult {
  FetchStatus status = FetchStatus::failed;
  std::filesystem::path path; ///< <cache>/<code>/<file>
  std::uint64_t bytes = 0;    ///< size of the installed file (present, downloaded, copied)
  bool resumed = false;       ///< the download continued an earlier `<file>.part`
  std::string message;        ///< for no_url and failed: what happened and what to do
  std::string received_sha256; ///< failed because the bytes received do not match: their sha256
  long http_status = 0;        ///< failed on an HTTP answer other than 2xx: its status
};

/// What the address of a source serves today, against the bytes jurisdiction.toml records.
enum class OnlineStatus {
  unchanged,   ///< the same bytes (same sha256)
  changed,     ///< other bytes: perhaps a new version of the text, to review
  gone,        ///< HTTP 404 or 410: the address no longer serves it
  unreachable, ///< no answer, a server error or another HTTP status: try again later
  no_url,      ///< the source has no url (a mirror holds it)
};

struct OnlineCheck {
  OnlineStatus status = OnlineStatus::unreachable;
  std::string received_sha256; ///< changed: the sha256 of what the address serves now
  std::string message;         ///< changed, gone, unreachable, no_url: what happened and what to do
};

/// Fills one cache folder. Not thread-safe: one transfer at a time per Fetcher.
class Fetcher {
public:
  explicit Fetcher(std::filesystem::path cache, FetchLimits limits = {}, FetchProgressCallback progress = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Downloads `item.url` (TLS certificates and host names verified, bounded redirects, only
  /// http and https) unless the cache already holds the right file. An existing `<file>.part`
  /// is continued with a Range request (restarted when the server sends the whole file).
  FetchResult download(const FetchItem& item);

  /// Downloads `item.url` afresh, whatever the cache holds, and compares it with `item.sha256`.
  /// The bytes go to a scratch folder in the cache and are deleted: the cache is not changed.
  OnlineCheck check_online(const FetchItem& item);

  /// Copies `<mirror>/<code>/<file>` into the cache, checked the same way (no network).
  FetchResult copy_from_mirror(const FetchItem& item, const std::filesystem::path& mirror);

  const std::filesystem::path& cache() const { return m_cache; }

private:
  struct Curl;
  FetchResult transfer(const FetchItem& item, const std::filesystem::path& target, bool retried_after_416);

  std::filesystem::path m_cache;
  FetchLimits m_limits;
  FetchProgressCallback m_progress;
  std::unique_ptr<Curl> m_curl;
};

/// Checks `<cache>/<code>/<file>` against `item.sha256`: present, or failed with a message
/// saying whether it is missing or changed.
FetchResult verify_cached(const std::filesystem::path& cache, const FetchItem& item);

/// sha256 of a file's content as 64 lowercase hex digits, read in blocks; empty when the file
/// cannot be read.
std::string sha256_of_file(const std::filesystem::path& path);

} // namespace cadre::indexer
