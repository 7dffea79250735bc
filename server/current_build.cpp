#include "server/current_build.hpp"

#include "core/error.hpp"

namespace cadre::server {
namespace {

std::chrono::steady_clock::rep now_ticks() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

std::filesystem::path canonical_or_self(const std::filesystem::path& p) {
  std::error_code ignored;
  auto c = std::filesystem::weakly_canonical(p, ignored);
  return c.empty() ? p : c;
}

} // namespace

CurrentBuild::CurrentBuild(std::filesystem::path data_dir, Log& log)
    : m_data_dir(std::move(data_dir)), m_log(log), m_library(Library::open(m_data_dir)),
      m_next_check(now_ticks() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(k_check_interval).count()) {
  m_loaded = canonical_or_self(m_library.load()->build_dir());
}

std::shared_ptr<const Library> CurrentBuild::get() {
  auto due = m_next_check.load(std::memory_order_relaxed);
  const auto now = now_ticks();
  if (now >= due) {
    const auto next = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(k_check_interval).count();
    // Exactly one request pays for the check; the others carry on with the snapshot they have.
    if (m_next_check.compare_exchange_strong(due, next)) check_for_new_build();
  }
  return m_library.load();
}

void CurrentBuild::check_for_new_build() {
  std::unique_lock lock(m_reload, std::try_to_lock);
  if (!lock.owns_lock()) return;
  std::filesystem::path target;
  try {
    target = canonical_or_self(BuildLayout::resolve_current(m_data_dir));
  } catch (const std::exception& e) {
    if (m_failed != m_data_dir) m_log.line(std::string("warning: keeping build ") + m_loaded.string() + ": " + e.what());
    m_failed = m_data_dir;
    return;
  }
  if (target == m_loaded || target == m_failed) return;
  try {
    auto fresh = Library::open_build(target);
    const std::string id = fresh->info().build_id;
    m_library.store(std::move(fresh));
    m_log.line("reloaded: now serving build " + id + " (" + target.string() + ")");
    m_loaded = target;
    m_failed.clear();
  } catch (const std::exception& e) {
    m_log.line("error: cannot open the new build " + target.string() + ", still serving the previous one: " + e.what());
    m_failed = target;
  }
}

} // namespace cadre::server
