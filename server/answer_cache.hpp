// Answers computed once per build: the API's answers are a function of the URL and the
// immutable build that serves it, so each one, with its gzip encoding, is kept and sent again
// for as long as that build serves (each ServedBuild has its own cache, server/current_build.hpp).
// Also the one place that gzips responses (HttpServer keeps cpp-httplib from compressing them
// itself, see server/http_server.hpp).
#pragma once

#include "server/reply.hpp"

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cadre::server {

/// Fills `reply.gzip_body` when its content type compresses and its body is large enough to
/// gain from it; leaves it empty otherwise.
void encode(Reply& reply);

/// `bytes` compressed as a gzip member (RFC 1952).
std::string gzip(std::string_view bytes);

/// True when an Accept-Encoding value accepts gzip ("gzip" or "*", without q=0).
bool accepts_gzip(std::string_view accept_encoding);

/// A map from request target to answer, least recently used out once it holds more than
/// `max_bytes`. Thread-safe.
class AnswerCache {
public:
  explicit AnswerCache(std::size_t max_bytes) : m_max_bytes(max_bytes) {}

  /// The answer kept for `target`, or null.
  std::shared_ptr<const Reply> find(const std::string& target);

  /// Whether store() would keep `reply` (before its gzip encoding): answers are kept when the
  /// cache has a budget and they take less than an eighth of it.
  bool keeps(const Reply& reply) const { return reply.body.size() < m_max_bytes / 8; }

  /// Keeps `reply` as the answer to `target`, if keeps(reply).
  void store(const std::string& target, std::shared_ptr<const Reply> reply);

  void clear();
  std::size_t size_in_bytes() const;

private:
  struct Entry {
    std::string target;
    std::shared_ptr<const Reply> reply;
    std::size_t bytes;
  };
  const std::size_t m_max_bytes;
  mutable std::mutex m_mutex;
  std::list<Entry> m_recent; ///< most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> m_by_target; ///< keys view Entry::target
  std::size_t m_bytes = 0;
};

} // namespace cadre::server
