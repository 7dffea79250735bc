#include "server/current_build.hpp"

#include "core/error.hpp"

#include <cctype>
#include <malloc.h>

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
    const Comparison comparison = library.compare({{jurisdiction.code}, {}, "en"});
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

CurrentBuild::CurrentBuild(std::filesystem::path data_dir, Log& log, std::size_t answer_cache_bytes)
    : m_data_dir(std::move(data_dir)), m_log(log), m_answer_cache_bytes(answer_cache_bytes),
      m_build(std::make_shared<const ServedBuild>(Library::open(m_data_dir), answer_cache_bytes)),
      m_loaded(canonical_or_self(m_build->library().build_dir())),
      m_watcher([this](std::stop_token stop) { watch(std::move(stop)); }) {}

std::shared_ptr<const ServedBuild> CurrentBuild::get() const {
  std::lock_guard lock(m_build_mutex);
  return m_build;
}

CurrentBuild::~CurrentBuild() {
  m_watcher.request_stop();
  m_watcher.join();
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
    auto fresh = Library::open_build(target);
    probe_search_index(*fresh);
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
