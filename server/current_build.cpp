#include "server/current_build.hpp"

#include "core/error.hpp"

#include <cctype>
#include <malloc.h>

namespace cadre::server {
namespace {

std::chrono::steady_clock::rep now_ticks() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

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

/// `library`, handed out so that when its last holder drops it, the memory it freed goes back
/// to the system. Whichever request drops a replaced build last frees it into that thread's
/// glibc arena, which keeps the pages; over many reloads, each on another thread, RSS would
/// grow by about one build per reload (bench/RESULTS.md, Soak).
std::shared_ptr<const Library> trimmed_on_release(std::shared_ptr<const Library> library) {
  struct Holder {
    std::shared_ptr<const Library> library;
    ~Holder() {
      library.reset();
      malloc_trim(0);
    }
  };
  auto holder = std::make_shared<Holder>();
  holder->library = std::move(library);
  const Library* raw = holder->library.get();
  return {std::move(holder), raw};
}

} // namespace

CurrentBuild::CurrentBuild(std::filesystem::path data_dir, Log& log)
    : m_data_dir(std::move(data_dir)), m_log(log), m_library(trimmed_on_release(Library::open(m_data_dir))),
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
    probe_search_index(*fresh);
    const std::string id = fresh->info().build_id;
    m_library.store(trimmed_on_release(std::move(fresh)));
    m_log.line("reloaded: now serving build " + id + " (" + target.string() + ")");
    m_loaded = target;
    m_failed.clear();
  } catch (const std::exception& e) {
    m_log.line("error: cannot open the new build " + target.string() + ", still serving the previous one: " + e.what());
    m_failed = target;
  }
}

} // namespace cadre::server
