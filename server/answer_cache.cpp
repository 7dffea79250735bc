#include "server/answer_cache.hpp"

#include "core/error.hpp"

#include <zlib.h>

namespace cadre::server {
namespace {

/// Bodies smaller than this go out as they are: gzip would save less than a packet.
constexpr std::size_t k_min_gzip_bytes = 1024;

bool compressible(std::string_view content_type) {
  return content_type.starts_with("application/json") || content_type.starts_with("application/yaml") ||
         content_type.starts_with("text/") ||
         content_type.starts_with("image/svg+xml");
}

/// A function that throws a new exception of the same type, message and parameter as `error`,
/// so that each waiter of a failed computation gets an exception object of its own. One object
/// rethrown in several threads is freed by whichever releases it last, through a reference count
/// kept in the uninstrumented C++ runtime, which ThreadSanitizer reports as a race (seen in CI);
/// the strings are copied here so that no buffer is shared either.
std::function<void()> thrower_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const NotFound& e) {
    return [message = std::string(e.what()), parameter = e.parameter()] { throw NotFound(message, parameter); };
  } catch (const UserError& e) {
    return [message = std::string(e.what()), parameter = e.parameter()] { throw UserError(message, parameter); };
  } catch (const MissingTool& e) {
    return [message = std::string(e.what())] { throw MissingTool(message); };
  } catch (const DataError& e) {
    return [message = std::string(e.what())] { throw DataError(message); };
  } catch (const std::exception& e) {
    return [message = std::string(e.what())] { throw InternalError(message); };
  } catch (...) {
    return [] { throw InternalError("an answer's computation failed with an exception of unknown type"); };
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

} // namespace

std::string gzip(std::string_view bytes) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw InternalError("zlib: deflateInit2 failed");
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw InternalError("zlib: deflate did not finish");
  return out;
}

void encode(Reply& reply) {
  reply.gzip_body.clear();
  if (reply.body.size() < k_min_gzip_bytes || !compressible(reply.content_type)) return;
  reply.gzip_body = gzip(reply.body);
}

bool accepts_gzip(std::string_view accept_encoding) {
  bool star = false;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    std::string_view q;
    if (const auto semicolon = item.find(';'); semicolon != std::string_view::npos) {
      q = trim(item.substr(semicolon + 1));
      item = item.substr(0, semicolon);
    }
    item = trim(item);
    // q=0, q=0.0, q=0.000: refused; any other weight accepts.
    const bool refused = q.starts_with("q=") && q.substr(2).find_first_not_of("0.") == std::string_view::npos;
    if (item == "gzip") return !refused; // named: overrides "*"
    if (item == "*") star = !refused;
  }
  return star;
}

std::shared_ptr<const Reply> AnswerCache::answer(const std::string& target, bool gzip_wanted,
                                                 const std::function<Reply()>& compute) {
  std::promise<Outcome> promise;
  {
    std::unique_lock lock(m_mutex);
    if (auto kept = find(target)) return kept;
    if (const auto it = m_in_flight.find(target); it != m_in_flight.end()) {
      const auto pending = it->second;
      lock.unlock();
      const Outcome& outcome = pending.get();
      if (outcome.throw_error) outcome.throw_error();
      return outcome.reply;
    }
    m_in_flight.emplace(target, promise.get_future().share());
  }
  try {
    m_computations.fetch_add(1, std::memory_order_relaxed);
    Reply reply = compute();
    const bool kept = keeps(reply);
    if (kept || gzip_wanted) encode(reply);
    auto shared = std::make_shared<const Reply>(std::move(reply));
    {
      std::lock_guard lock(m_mutex);
      if (kept) store(target, shared);
      m_in_flight.erase(target);
    }
    promise.set_value({shared, nullptr});
    return shared;
  } catch (...) {
    {
      std::lock_guard lock(m_mutex);
      m_in_flight.erase(target);
    }
    promise.set_value({nullptr, thrower_of(std::current_exception())});
    throw;
  }
}

std::shared_ptr<const Reply> AnswerCache::find(const std::string& target) {
  const auto it = m_by_target.find(target);
  if (it == m_by_target.end()) return nullptr;
  m_recent.splice(m_recent.begin(), m_recent, it->second);
  return it->second->reply;
}

void AnswerCache::store(const std::string& target, std::shared_ptr<const Reply> reply) {
  const std::size_t bytes = target.size() + reply->body.size() + reply->gzip_body.size() + sizeof(Entry);
  if (m_by_target.contains(target)) return; // kept already: a second entry would orphan the first
  m_recent.push_front(Entry{target, std::move(reply), bytes});
  m_by_target.emplace(m_recent.front().target, m_recent.begin());
  m_bytes += bytes;
  while (m_bytes > m_max_bytes) {
    m_bytes -= m_recent.back().bytes;
    m_by_target.erase(m_recent.back().target);
    m_recent.pop_back();
  }
}

void AnswerCache::clear() {
  std::lock_guard lock(m_mutex);
  m_by_target.clear();
  m_recent.clear();
  m_bytes = 0;
}

std::size_t AnswerCache::size_in_bytes() const {
  std::lock_guard lock(m_mutex);
  return m_bytes;
}

} // namespace cadre::server
