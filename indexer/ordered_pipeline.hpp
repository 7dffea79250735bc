// An ordered, bounded hand-off from worker threads to one consumer: the indexer parses source
// texts on several threads and writes them, in corpus order, from the thread that owns SQLite
// and Xapian.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace cadre::indexer {

/// Produces items 0..count-1 with `produce(i)` on `threads` worker threads and hands them out
/// by next() in order of i, whatever order they finish in (a reorder buffer keyed by position).
/// At most `window` items are produced ahead of the one last handed out, so memory stays bounded
/// by the window, not by the count. With `threads` 0, next() produces the item on the calling
/// thread (the sequential build). An exception thrown by produce(i) is thrown by next() when
/// item i is due. The destructor stops the workers (after the items they are producing) and
/// joins them, so a consumer that throws leaves no thread behind.
template <class T>
class OrderedPipeline {
public:
  OrderedPipeline(std::size_t count, unsigned threads, std::size_t window, std::function<T(std::size_t)> produce)
      : m_count(count), m_window(std::max<std::size_t>(window, std::max(1u, threads))), m_produce(std::move(produce)) {
    for (unsigned t = 0; t < threads && t < count; ++t) m_workers.emplace_back([this] { work(); });
  }

  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  ~OrderedPipeline() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_can_produce.notify_all();
    for (auto& worker : m_workers) worker.join();
  }

  std::size_t count() const { return m_count; }

  /// The next item in order; call it at most count() times.
  T next() {
    const std::size_t index = m_handed_out++;
    if (m_workers.empty()) return m_produce(index);
    Slot slot;
    {
      std::unique_lock lock(m_mutex);
      m_can_consume.wait(lock, [&] { return m_ready.count(index) > 0; });
      auto node = m_ready.extract(index);
      slot = std::move(node.mapped());
      m_taken = index + 1;
    }
    m_can_produce.notify_all();
    if (slot.error) std::rethrow_exception(slot.error);
    return std::move(*slot.value);
  }

private:
  struct Slot {
    std::optional<T> value;
    std::exception_ptr error;
  };

  void work() {
    for (;;) {
      std::size_t index = 0;
      {
        std::unique_lock lock(m_mutex);
        m_can_produce.wait(lock, [&] { return m_stop || m_next >= m_count || m_next < m_taken + m_window; });
        if (m_stop || m_next >= m_count) return;
        index = m_next++;
      }
      Slot slot;
      try {
        slot.value.emplace(m_produce(index));
      } catch (...) {
        slot.error = std::current_exception();
      }
      {
        std::lock_guard lock(m_mutex);
        m_ready.emplace(index, std::move(slot));
      }
      m_can_consume.notify_one();
    }
  }

  const std::size_t m_count;
  const std::size_t m_window;
  const std::function<T(std::size_t)> m_produce;
  std::size_t m_handed_out = 0; ///< consumer thread only
  std::mutex m_mutex;
  std::condition_variable m_can_produce;
  std::condition_variable m_can_consume;
  std::map<std::size_t, Slot> m_ready; ///< the reorder buffer
  std::size_t m_next = 0;              ///< the next item a worker starts
  std::size_t m_taken = 0;             ///< items handed out so far
  bool m_stop = false;
  std::vector<std::thread> m_workers; ///< last: started once everything above exists
};

} // namespace cadre::indexer
