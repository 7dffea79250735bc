#include "server/current_build.hpp"

#include "core/build_check.hpp"
#include "core/error.hpp"

#include <cctype>
#include <malloc.h>
#include <unistd.h>

#include <fstream>

namespace cadre::server {
namespace {

std::filesystem::path canonical_or_self(const std::filesystem::path& p) {
  std::error_code ignored;
  auto c = std::filesystem::weakly_canonical(p, ignored);
  return c.empty() ? p : c;
}

/// The longest run of ASCII letters in `text` (at least 4 of them), or "" when there is none.
std::string longest_word(const std::string& text) {
  std::string best;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) continue;
    if (i - start > best.size()) best = text.substr(start, i - start);
    start = i + 1;
  }
  return best.size() >= 4 ? best : std::string();
}

/// Library::open_build reads the database into memory and opens the search index, but Xapian
/// reads its tables lazily: a damaged posting list, document or term list table would only
/// show as failing searches once the build serves. So before a new build may replace the one
/// serving, one search for a word of its first non-empty cell must find that cell (reading the
/// posting lists, the document data and the term lists). Throws DataError when it does not.
void probe_search_index(const Library& library) {
  for (const auto& jurisdiction : library.jurisdictions()) {
    const Comparison comparison = library.compare({{jurisdiction.code}, {}, "en", ""});
    for (const auto& row : comparison.cells) {
      const Cell& cell = row.front();
      const std::string word = longest_word(cell.text);
      if (word.empty()) continue;
      SearchRequest probe;
      probe.query = word;
      probe.jurisdictions = {jurisdiction.code};
      probe.languages = {cell.language};
      probe.type = "cell";
      if (library.search(probe).hits.empty())
        throw DataError("its search index does not find '" + word + "' in " + jurisdiction.code + "/" + cell.category +
                        ": rebuild it with `cadre index`");
      return;
    }
  }
}

} // namespace

ServedBuild::~ServedBuild() {
  m_answers.clear();
  m_library.reset();
  malloc_trim(0);
}

CurrentBuild::CurrentBuild(std::filesystem::path data_dir, Log& log, std::size_t answer_cache_bytes,
                           std::chrono::milliseconds full_check_interval)
    : m_data_dir(std::move(data_dir)), m_log(log), m_answer_cache_bytes(answer_cache_bytes),
      m_full_check_interval(full_check_interval), m_last_full_check(std::chrono::steady_clock::now()) {
  std::shared_ptr<const Library> library;
  std::filesystem::path current;
  try {
    current = canonical_or_self(BuildLayout::resolve_current(m_data_dir));
    library = open_checked(current);
  } catch (const DataError& e) {
    // No `current` at all is "run cadre index"; a damaged or unreadable one falls back.
    if (current.empty()) throw;
    std::string why;
    library = open_fallback(current, why);
    if (!library) throw DataError(std::string(e.what()) + "; and no other build under " + m_data_dir.string() + " can serve" + why);
    set_problem("the current build " + current.string() + " cannot serve (" + e.what() + "); serving " +
                library->build_dir().string() + " instead");
    m_log.line("error: " + problem());
    m_failed = current;
  }
  m_build = std::make_shared<const ServedBuild>(std::move(library), answer_cache_bytes);
  m_loaded = canonical_or_self(m_build->library().build_dir());
  declare_serving();
  m_watcher = std::jthread([this](std::stop_token stop) { watch(std::move(stop)); });
}

std::shared_ptr<const Library> CurrentBuild::open_checked(const std::filesystem::path& dir) const {
  if (auto damage = BuildCheck::problem(dir, true)) throw DataError(*damage + ": rebuild it with `cadre index`");
  auto library = Library::open_build(dir);
  probe_search_index(*library);
  return library;
}

std::shared_ptr<const Library> CurrentBuild::open_fallback(const std::filesystem::path& except, std::string& why) {
  for (const auto& dir : BuildCheck::builds_newest_first(m_data_dir)) {
    const auto candidate = canonical_or_self(dir);
    if (candidate == except) continue;
    try {
      return open_checked(candidate);
    } catch (const std::exception& e) {
      why += std::string("; ") + candidate.filename().string() + ": " + e.what();
    }
  }
  return nullptr;
}

bool CurrentBuild::serving_damaged() const { return m_serving_damaged; }

std::string CurrentBuild::problem() const {
  std::lock_guard lock(m_problem_mutex);
  return m_problem;
}

void CurrentBuild::set_problem(std::string problem) {
  std::lock_guard lock(m_problem_mutex);
  m_problem = std::move(problem);
}

void CurrentBuild::declare_serving() {
  const auto builds = m_data_dir / BuildLayout::k_builds;
  std::string names = m_loaded.filename().string() + "\n";
  for (const auto& dir : BuildCheck::builds_newest_first(m_data_dir)) {
    if (canonical_or_self(dir) == m_loaded || BuildCheck::problem(dir, false)) continue;
    names += dir.filename().string() + "\n";
    break;
  }
  const auto marker = builds / (".serving-" + std::to_string(::getpid()));
  const auto tmp = builds / (".serving-" + std::to_string(::getpid()) + ".tmp");
  std::error_code ec;
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << names;
    if (!out) return;
  }
  std::filesystem::rename(tmp, marker, ec);
}

void CurrentBuild::check_served_build() {
  const auto now = std::chrono::steady_clock::now();
  const bool full = now - m_last_full_check >= m_full_check_interval;
  if (full) m_last_full_check = now;
  auto damage = BuildCheck::problem(m_loaded, full);
  if (!damage) return;
  // Known and nothing to fall back to: look for a good build again on the next full check only.
  if (!full && m_serving_damaged) return;
  std::string why;
  auto fallback = open_fallback(m_loaded, why);
  const auto damaged = m_loaded;
  if (!fallback) {
    // Nothing better: keep serving (requests that touch the damage fail one by one) and say so.
    const std::string message = "the served build " + damaged.string() + " is damaged (" + *damage +
                                ") and no other build can serve" + why;
    if (problem() != message) m_log.line("error: " + message);
    set_problem(message);
    m_serving_damaged = true;
    return;
  }
  const std::string id = fallback->info().build_id;
  auto replaced = std::make_shared<const ServedBuild>(std::move(fallback), m_answer_cache_bytes);
  m_loaded = canonical_or_self(replaced->library().build_dir());
  // Said and logged before the swap: whoever sees the other build also sees why, in the log too.
  set_problem("the build " + damaged.string() + " is damaged (" + *damage + "); serving build " + id + " (" +
              m_loaded.string() + ") instead");
  m_log.line("error: " + problem());
  {
    std::lock_guard lock(m_build_mutex);
    m_build.swap(replaced);
  }
  replaced.reset();
  m_failed = damaged;
  m_serving_damaged = false;
  m_computations_at_trim = 0;
  declare_serving();
}

std::shared_ptr<const ServedBuild> CurrentBuild::get() const {
  std::lock_guard lock(m_build_mutex);
  return m_build;
}

CurrentBuild::~CurrentBuild() {
  m_watcher.request_stop();
  if (m_watcher.joinable()) m_watcher.join();
  std::error_code ignored;
  std::filesystem::remove(m_data_dir / BuildLayout::k_builds / (".serving-" + std::to_string(::getpid())), ignored);
}

void CurrentBuild::watch(std::stop_token stop) {
  for (;;) {
    {
      std::unique_lock lock(m_sleep);
      // Sleeps the interval, or less when a stop is requested.
      m_wake.wait_for(lock, stop, k_check_interval, [] { return false; });
    }
    if (stop.stop_requested()) return;
    check_for_new_build();
    try {
      check_served_build();
    } catch (const std::exception& e) {
      m_log.line(std::string("error: checking the served build: ") + e.what());
    }
    give_back_freed_memory();
  }
}

void CurrentBuild::give_back_freed_memory() {
  const std::size_t computations = get()->answers().computations();
  const auto now = std::chrono::steady_clock::now();
  if (computations == m_computations_at_trim || now - m_last_trim < k_trim_interval) return;
  malloc_trim(0);
  m_computations_at_trim = computations;
  m_last_trim = now;
}

void CurrentBuild::check_for_new_build() {
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
    auto fresh = open_checked(target);
    const std::string id = fresh->info().build_id;
    auto replaced = std::make_shared<const ServedBuild>(std::move(fresh), m_answer_cache_bytes);
    {
      std::lock_guard lock(m_build_mutex);
      m_build.swap(replaced);
    }
    replaced.reset(); // outside the lock: freeing a build takes a while
    m_log.line("reloaded: now serving build " + id + " (" + target.string() + ")");
    m_loaded = target;
    m_failed.clear();
    m_computations_at_trim = 0;
    m_last_full_check = std::chrono::steady_clock::now(); // open_checked verified it whole
    set_problem({});
    m_serving_damaged = false;
    declare_serving();
  } catch (...) {
    // Nothing may escape the watcher thread: that would end the process.
    std::string why = "an unexpected error";
    try {
      throw;
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
    }
    m_log.line("error: cannot open the new build " + target.string() + ", still serving the previous one: " + why);
    m_failed = target;
  }
}

} // namespace cadre::server
