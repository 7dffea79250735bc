// Answers computed once per build: the API's answers are a function of the URL and the
// immutable build that serves it, so each one, with its gzip encoding, is kept and sent again
// for as long as that build serves (each ServedBuild has its own cache, server/current_build.hpp).
// Also the one place that gzips responses (HttpServer keeps cpp-httplib from compressing them
// itself, see server/http_server.hpp).
#pragma once

#include "server/reply.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <future>
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

  /// The answer to `target`: the one kept, else the one another thread is computing (waited
  /// for), else compute()'s, gzip-encoded when it is kept or `gzip_wanted`, and kept if it
  /// takes less than an eighth of the budget. Concurrent requests for one target thus cost one
  /// computation: right after a reload, a burst of clients asking for the same comparison does
  /// not have every worker compute it at once. An exception from compute() reaches each caller
  /// that waited on it.
  std::shared_ptr<const Reply> answer(const std::string& target, bool gzip_wanted,
                                      const std::function<Reply()>& compute);

  void clear();
  std::size_t size_in_bytes() const;
  /// How many answers have been computed (kept or not) since the cache was made.
  std::size_t computations() const { return m_computations.load(std::memory_order_relaxed); }

private:
  /// Whether `reply` is kept (before its gzip encoding): answers are kept when the cache has a
  /// budget and they take less than an eighth of it.
  bool keeps(const Reply& reply) const { return reply.body.size() < m_max_bytes / 8; }
  // find() and store() with m_mutex held.
  std::shared_ptr<const Reply> find(const std::string& target);
  void store(const std::string& target, std::shared_ptr<const Reply> reply);

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
  /// What the waiters of a computation get: its answer, or a function throwing its error anew.
  struct Outcome {
    std::shared_ptr<const Reply> reply;
    std::function<void()> throw_error;
  };
  std::unordered_map<std::string, std::shared_future<Outcome>> m_in_flight;
  std::atomic<std::size_t> m_computations = 0;
};

} // namespace cadre::server
