#include "indexer/fetch.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace cadre::indexer {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_changed_text_advice =
    "if the publisher changed the text, review it, then update sha256 in jurisdiction.toml";

std::string hex(const unsigned char* digest, unsigned length) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += digits[digest[i] >> 4];
    out += digits[digest[i] & 0xF];
  }
  return out;
}

/// Streaming sha256 over OpenSSL's EVP interface.
class Sha256 {
public:
  Sha256() : m_ctx(EVP_MD_CTX_new()) {
    if (m_ctx == nullptr || EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("OpenSSL cannot start a sha256 digest");
  }
  ~Sha256() { EVP_MD_CTX_free(m_ctx); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const char* data, std::size_t size) { EVP_DigestUpdate(m_ctx, data, size); }
  std::string finish() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(m_ctx, digest, &length);
    return hex(digest, length);
  }

private:
  EVP_MD_CTX* m_ctx;
};

std::uint64_t file_size_or_zero(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(size);
}

void remove_quietly(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

fs::path with_suffix(const fs::path& path, const char* suffix) { return fs::path(path.string() + suffix); }

/// Flushes `file` to disk and closes it; false (errno set) when any of it failed, so that a
/// file is never renamed into place half-written.
bool close_durably(std::FILE* file) {
  int error = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0 ? 0 : errno;
  if (std::fclose(file) != 0 && error == 0) error = errno;
  errno = error;
  return error == 0;
}

FetchResult failure(const fs::path& target, std::string message) {
  FetchResult result;
  result.status = FetchStatus::failed;
  result.path = target;
  result.message = std::move(message);
  return result;
}

std::string mismatch_text(const FetchItem& item, const std::string& actual, const std::string& holder) {
  return "sha256 mismatch: jurisdiction.toml expects " + item.sha256 + " but " + holder + " has " + actual;
}

/// Installs `part` as `target` when its sha256 is the expected one. Otherwise nothing is
/// installed and `part` becomes `<target>.rejected` (keep_rejected) or is deleted.
FetchResult install_if_valid(const FetchItem& item, const fs::path& part, const fs::path& target,
                             FetchStatus success, const std::string& prefix, const std::string& holder,
                             const std::string& advice, bool keep_rejected) {
  const std::string actual = sha256_of_file(part);
  if (actual != item.sha256) {
    if (keep_rejected) {
      const fs::path rejected = with_suffix(target, ".rejected");
      std::error_code ec;
      fs::rename(part, rejected, ec);
      if (!ec) {
        FetchResult kept = failure(target, prefix + mismatch_text(item, actual, holder) + "; not installed, kept as " +
                                               rejected.string() + " (" + advice + ")");
        kept.received_sha256 = actual;
        return kept;
      }
    }
    remove_quietly(part);
    FetchResult dropped = failure(target, prefix + mismatch_text(item, actual, holder) + "; not installed (" + advice + ")");
    dropped.received_sha256 = actual;
    return dropped;
  }
  std::error_code ec;
  fs::rename(part, target, ec);
  if (ec)
    return failure(target, prefix + "cannot move " + part.string() + " to " + target.string() + ": " + ec.message());
  FetchResult result;
  result.status = success;
  result.path = target;
  result.bytes = file_size_or_zero(target);
  return result;
}

/// Creates <cache>/<code>; an error message when it cannot.
std::optional<std::string> prepare_folder(const fs::path& target, const std::string& prefix) {
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec)
    return prefix + "cannot create " + target.parent_path().string() + ": " + ec.message() +
           " (choose a writable --sources folder)";
  return std::nullopt;
}

bool already_present(const FetchItem& item, const fs::path& target, FetchResult& result) {
  std::error_code ec;
  if (!fs::is_regular_file(target, ec) || sha256_of_file(target) != item.sha256) return false;
  result.status = FetchStatus::present;
  result.path = target;
  result.bytes = file_size_or_zero(target);
  return true;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && text[start] == ' ') ++start;
  return text.substr(start);
}

/// The state of one HTTP transfer, shared with libcurl's callbacks.
struct Download {
  CURL* curl = nullptr;
  const FetchItem* item = nullptr;
  const FetchProgressCallback* progress = nullptr;
  fs::path part;
  std::uint64_t resume_from = 0; ///< size of `part` when the request was sent (0: no Range)
  std::uint64_t max_bytes = 0;

  // Of the current response (reset at each status line: redirects bring several).
  std::string reason;
  std::optional<std::uint64_t> range_start;
  bool discarding = false; ///< an error page: read and dropped

  std::FILE* out = nullptr;
  std::uint64_t base = 0;    ///< bytes of the file before this response's first byte
  std::uint64_t written = 0; ///< bytes written by this response
  std::uint64_t total = 0;   ///< expected size of the file; 0 when unknown
  bool too_large = false;
  bool unexpected_range = false;
  int write_errno = 0;
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& d = *static_cast<Download*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    d.reason.clear();
    d.range_start.reset();
    d.discarding = false;
    // "HTTP/1.1 404 Not Found": the reason phrase follows the second space (none in HTTP/2).
    const auto first = line.find(' ');
    const auto second = first == std::string::npos ? first : line.find(' ', first + 1);
    if (second != std::string::npos) d.reason = trim(line.substr(second + 1));
  } else if (line.size() > 14 && strncasecmp(line.c_str(), "content-range:", 14) == 0) {
    const std::string value = trim(line.substr(14));
    unsigned long long start = 0;
    if (std::sscanf(value.c_str(), "bytes %llu-", &start) == 1) d.range_start = start;
  }
  return size * count;
}

/// Opens `part` for the first body bytes of a 2xx response: appended to for a 206 continuing
/// it, truncated for a whole file. False (and the transfer aborted) when that is not possible.
bool open_output(Download& d) {
  long code = 0;
  curl_easy_getinfo(d.curl, CURLINFO_RESPONSE_CODE, &code);
  if (code == 206) {
    if (d.resume_from == 0 || d.range_start != d.resume_from) {
      d.unexpected_range = true;
      return false;
    }
    d.base = d.resume_from;
    d.out = std::fopen(d.part.c_str(), "ab");
  } else {
    d.base = 0;
    d.out = std::fopen(d.part.c_str(), "wb");
  }
  if (d.out == nullptr) {
    d.write_errno = errno;
    return false;
  }
  curl_off_t length = -1;
  curl_easy_getinfo(d.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  d.total = length >= 0 ? d.base + static_cast<std::uint64_t>(length) : 0;
  return true;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto& d = *static_cast<Download*>(user);
  const size_t length = size * count;
  if (d.discarding) return length;
  if (d.out == nullptr) {
    long code = 0;
    curl_easy_getinfo(d.curl, CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code >= 300) {
      d.discarding = true;
      return length;
    }
    if (!open_output(d)) return 0;
  }
  if (d.base + d.written + length > d.max_bytes) {
    d.too_large = true;
    return 0;
  }
  if (std::fwrite(data, 1, length, d.out) != length) {
    d.write_errno = errno;
    return 0;
  }
  d.written += length;
  if (*d.progress) (*d.progress)(FetchProgress{*d.item, d.base + d.written, d.total});
  return length;
}

std::string host_of(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return url;
  const auto end = url.find_first_of(":/?#", start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

std::string seconds(std::chrono::seconds s) { return std::to_string(s.count()) + " s"; }

} // namespace

std::string sha256_of_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  Sha256 digest;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    digest.update(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return {};
  return digest.finish();
}

FetchResult verify_cached(const fs::path& cache, const FetchItem& item) {
  const fs::path target = cache / item.code / item.file;
  FetchResult result;
  if (already_present(item, target, result)) return result;
  const std::string prefix = item.instrument + ": " + item.file + ": ";
  std::error_code ec;
  if (!fs::is_regular_file(target, ec))
    return failure(target, prefix + "missing: no " + target.string() + " (run `cadre sources fetch`)");
  return failure(target, prefix + mismatch_text(item, sha256_of_file(target), target.string()) +
                             " (fetch it again, or if the text changed on purpose review it and update sha256)");
}

struct Fetcher::Curl {
  CURL* handle = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  Curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle = curl_easy_init();
    if (handle == nullptr) throw std::runtime_error("libcurl cannot start a transfer");
  }
  ~Curl() { curl_easy_cleanup(handle); }
  Curl(const Curl&) = delete;
  Curl& operator=(const Curl&) = delete;
};

Fetcher::Fetcher(fs::path cache, FetchLimits limits, FetchProgressCallback progress)
    : m_cache(std::move(cache)), m_limits(limits), m_progress(std::move(progress)), m_curl(std::make_unique<Curl>()) {}

Fetcher::~Fetcher() = default;

FetchResult Fetcher::download(const FetchItem& item) {
  const fs::path target = m_cache / item.code / item.file;
  FetchResult result;
  if (already_present(item, target, result)) return result;
  if (item.url.empty()) {
    result.status = FetchStatus::no_url;
    result.path = target;
    result.message = item.instrument + ": " + item.file +
                     ": no url in jurisdiction.toml (the file is not published as such); copy it from a "
                     "mirror with --mirror DIR";
    return result;
  }
  const std::string prefix = item.instrument + ": " + item.file + " from " + item.url + ": ";
  if (auto problem = prepare_folder(target, prefix)) return failure(target, *problem);
  // An earlier run may have received everything and stopped before installing it.
  const fs::path part = with_suffix(target, ".part");
  std::error_code ec;
  if (fs::is_regular_file(part, ec) && sha256_of_file(part) == item.sha256) {
    result = install_if_valid(item, part, target, FetchStatus::downloaded, prefix, "the download",
                              k_changed_text_advice, true);
    result.resumed = true;
    return result;
  }
  return transfer(item, target, false);
}

FetchResult Fetcher::transfer(const FetchItem& item, const fs::path& target, bool retried_after_416) {
  CURL* curl = m_curl->handle;
  curl_easy_reset(curl);
  m_curl->error[0] = '\0';

  Download d;
  d.curl = curl;
  d.item = &item;
  d.progress = &m_progress;
  d.part = with_suffix(target, ".part");
  d.resume_from = std::min(file_size_or_zero(d.part), m_limits.max_bytes);
  d.max_bytes = m_limits.max_bytes;
  const std::string range = std::to_string(d.resume_from) + "-";

  curl_easy_setopt(curl, CURLOPT_URL, item.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, m_limits.max_redirects);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_limits.connect_timeout.count() * 1000));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, m_limits.low_speed_bytes);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(m_limits.low_speed_time.count()));
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(m_limits.max_bytes - d.resume_from));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "cadre-sources-fetch/1 (+libcurl)");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_curl->error);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &d);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &d);
  if (d.resume_from > 0) curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());

  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  const char* effective = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  curl_off_t connect_time = 0;
  curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_time);
  if (d.out != nullptr && !close_durably(d.out) && d.write_errno == 0) d.write_errno = errno;

  std::string prefix = item.instrument + ": " + item.file + " from " + item.url;
  if (effective != nullptr && item.url != effective) prefix += " (redirected to " + std::string(effective) + ")";
  prefix += ": ";
  const std::string mirror_hint = "or copy it from a mirror with --mirror DIR";

  if (d.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    remove_quietly(d.part);
    return failure(target, prefix + "larger than the limit of " + std::to_string(m_limits.max_bytes) +
                               " bytes; nothing installed (check that the url is the file itself)");
  }
  if (d.write_errno != 0)
    return failure(target, prefix + "cannot write " + d.part.string() + ": " + std::strerror(d.write_errno) +
                               " (choose a writable --sources folder with free space)");
  if (d.unexpected_range) {
    remove_quietly(d.part);
    return failure(target, prefix + "the server sent another part of the file than the " + std::to_string(d.resume_from) +
                               " bytes already received asked for; the partial download was deleted: run the "
                               "command again to start over");
  }
  const std::uint64_t received = file_size_or_zero(d.part);
  const std::string resume_hint = received > 0 ? "run the command again to resume after the " +
                                                     std::to_string(received) + " bytes received, "
                                               : "try again later, ";
  switch (code) {
  case CURLE_OK: break;
  case CURLE_OPERATION_TIMEDOUT:
    if (connect_time == 0)
      return failure(target, prefix + "timed out: no connection within " + seconds(m_limits.connect_timeout) +
                                 " (check the network, then try again later, " + mirror_hint + ")");
    return failure(target, prefix + "timed out: the server sent less than " + std::to_string(m_limits.low_speed_bytes) +
                               " bytes/s for " + seconds(m_limits.low_speed_time) + " (" + resume_hint + mirror_hint + ")");
  case CURLE_PARTIAL_FILE:
    return failure(target, prefix + "truncated: the connection closed after " + std::to_string(d.base + d.written) +
                               (d.total > 0 ? " of " + std::to_string(d.total) : std::string()) + " bytes (" +
                               resume_hint + mirror_hint + ")");
  case CURLE_COULDNT_RESOLVE_HOST:
    return failure(target, prefix + "cannot resolve the host name " + host_of(effective ? effective : item.url) +
                               " (check the network and the url, " + mirror_hint + ")");
  case CURLE_COULDNT_CONNECT:
    return failure(target, prefix + "cannot connect to " + host_of(effective ? effective : item.url) +
                               " (check the network, then try again later, " + mirror_hint + ")");
  case CURLE_TOO_MANY_REDIRECTS:
    return failure(target, prefix + "more than " + std::to_string(m_limits.max_redirects) +
                               " redirects (update 'url' in jurisdiction.toml to the file's final address)");
  case CURLE_UNSUPPORTED_PROTOCOL:
    return failure(target, prefix + "redirected to an address that is neither http nor https; refused "
                               "(update 'url' in jurisdiction.toml, " + mirror_hint + ")");
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_SSL_ISSUER_ERROR:
    return failure(target, prefix + "TLS verification failed: " + m_curl->error +
                               " (Cadre never downloads over an unverified connection: check the system's CA "
                               "certificates (Debian package ca-certificates) and clock, " + mirror_hint + ")");
  default:
    return failure(target, prefix + (m_curl->error[0] != '\0' ? std::string(m_curl->error) : curl_easy_strerror(code)) +
                               " (" + resume_hint + mirror_hint + ")");
  }
  if (status == 416 && d.resume_from > 0 && !retried_after_416) {
    // The partial file does not fit the server's file (it changed or is shorter): start over.
    remove_quietly(d.part);
    return transfer(item, target, true);
  }
  if (status < 200 || status >= 300) {
    const std::string what = "HTTP " + std::to_string(status) + (d.reason.empty() ? "" : " " + d.reason);
    const std::string advice = status >= 500 || status == 429
                                   ? "the server failed: try again later, " + mirror_hint
                                   : "the address may have moved: find the file again from the instrument's "
                                     "official_url and update 'url' in jurisdiction.toml, " + mirror_hint;
    FetchResult refused = failure(target, prefix + what + " (" + advice + ")");
    refused.http_status = status;
    return refused;
  }
  if (d.out == nullptr) {
    // A 2xx without a body: an empty file, which the sha256 check will judge.
    std::FILE* empty = std::fopen(d.part.c_str(), "wb");
    if (empty == nullptr || !close_durably(empty))
      return failure(target, prefix + "cannot write " + d.part.string() + ": " + std::strerror(errno));
  }
  FetchResult result = install_if_valid(item, d.part, target, FetchStatus::downloaded, prefix, "the download",
                                        k_changed_text_advice, true);
  result.resumed = d.base > 0;
  return result;
}

OnlineCheck Fetcher::check_online(const FetchItem& item) {
  OnlineCheck check;
  if (item.url.empty()) {
    check.status = OnlineStatus::no_url;
    check.message = item.instrument + ": " + item.file + ": no url in jurisdiction.toml; nothing to check online";
    return check;
  }
  const fs::path scratch = m_cache / ".online-check";
  const fs::path target = scratch / item.code / item.file;
  std::error_code ec;
  fs::remove_all(scratch / item.code, ec);
  const std::string prefix = item.instrument + ": " + item.file + " from " + item.url + ": ";
  if (auto problem = prepare_folder(target, prefix)) {
    check.message = *problem;
    return check;
  }
  const FetchResult result = transfer(item, target, false);
  fs::remove_all(scratch, ec);
  if (result.status == FetchStatus::downloaded) {
    check.status = OnlineStatus::unchanged;
  } else if (!result.received_sha256.empty()) {
    check.status = OnlineStatus::changed;
    check.received_sha256 = result.received_sha256;
    check.message = prefix + "the address now serves other bytes (sha256 " + result.received_sha256 +
                    "): perhaps a new version of the text; review it, then update sha256 and the analysis";
  } else if (result.http_status == 404 || result.http_status == 410) {
    check.status = OnlineStatus::gone;
    check.message = prefix + "HTTP " + std::to_string(result.http_status) +
                    ": the address no longer serves the text; find it again from the instrument's official_url "
                    "and update 'url' in jurisdiction.toml";
  } else {
    check.message = result.message;
  }
  return check;
}

FetchResult Fetcher::copy_from_mirror(const FetchItem& item, const fs::path& mirror) {
  const fs::path target = m_cache / item.code / item.file;
  FetchResult result;
  if (already_present(item, target, result)) return result;
  const fs::path source = mirror / item.code / item.file;
  const std::string prefix = item.instrument + ": " + item.file + ": ";
  std::error_code ec;
  if (!fs::is_regular_file(source, ec))
    return failure(target, prefix + "not in the mirror: no " + source.string() +
                               " (a mirror is laid out as <code>/<file>; check --mirror)");
  if (auto problem = prepare_folder(target, prefix)) return failure(target, *problem);
  const std::uint64_t total = file_size_or_zero(source);
  if (total > m_limits.max_bytes)
    return failure(target, prefix + source.string() + " is larger than the limit of " +
                               std::to_string(m_limits.max_bytes) + " bytes; not installed");

  const fs::path part = with_suffix(target, ".part");
  std::ifstream in(source, std::ios::binary);
  std::FILE* out = std::fopen(part.c_str(), "wb");
  if (!in || out == nullptr) {
    const std::string reason = std::strerror(errno);
    if (out != nullptr) std::fclose(out);
    return failure(target, prefix + "cannot copy " + source.string() + " to " + part.string() + ": " + reason);
  }
  char buffer[1 << 16];
  std::uint64_t copied = 0;
  bool write_ok = true;
  while (in && write_ok) {
    in.read(buffer, sizeof buffer);
    const auto n = static_cast<std::size_t>(in.gcount());
    write_ok = std::fwrite(buffer, 1, n, out) == n;
    copied += n;
    if (m_progress && n > 0) m_progress(FetchProgress{item, copied, total});
  }
  write_ok = close_durably(out) && write_ok && !in.bad();
  if (!write_ok) {
    const std::string reason = std::strerror(errno);
    remove_quietly(part);
    return failure(target, prefix + "cannot copy " + source.string() + " to " + part.string() + ": " + reason);
  }
  return install_if_valid(item, part, target, FetchStatus::copied, prefix, source.string(),
                          "the mirror holds another version of the text", false);
}

} // namespace cadre::indexer
