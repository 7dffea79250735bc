// cadre_bench_index: indexing and search against bare Xapian, in the same run.
//
//   cadre_bench_index [--corpus DIR] [--sources DIR] [--repeats N] [--rounds N]
//   cadre_bench_index --scale 1000000 [--repeats 1]
//
// Indexing: each run of cadre::indexer::build (what `cadre index` runs) and of a bare Xapian
// TermGenerator over the same documents happens in a forked child, timed from fork to exit,
// with the child's peak RSS from wait4; the runs alternate and medians are printed. Then, on
// the bundled corpus, the fast rebuild after a cell edit is timed the same way.
// Search: a fixed query set through cadre::Library::search and through bare QueryParser +
// Enquire + MSet::snippet on the same Xapian database, 10 hits with snippets, on one thread;
// p50/p99 over every query of a repeat, medians over repeats.
// --scale N does the same on a deterministic synthetic corpus of N clauses (bench/index/synth.*).
#include "bench/index/bare_xapian.hpp"
#include "bench/index/measure.hpp"
#include "bench/index/synth.hpp"

#include "core/library.hpp"
#include "indexer/build.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

namespace cadre::bench {
namespace {

struct Options {
  std::filesystem::path corpus = std::filesystem::path(CADRE_SOURCE_DIR) / "corpus";
  std::filesystem::path sources = std::filesystem::path(CADRE_SOURCE_DIR).parent_path() / "shared" / "sources";
  std::filesystem::path work;
  int repeats = 0; ///< 0: 5 on the bundled corpus, 1 at scale
  int rounds = 10;
  long scale = 0;
  bool keep = false;
  std::filesystem::path search_only; ///< a kept build: benchmark its search alone
  std::string queries = "bundled";
};

// Indexing targets (issues 2 and 3).
constexpr double k_max_index_ratio = 1.5;
constexpr double k_max_index_seconds = 10;
constexpr double k_max_index_mb = 500;
// At every scale (issue 16): indexing CPU within 1.3x and peak RSS within 3x of bare Xapian.
constexpr double k_max_index_cpu_ratio = 1.3;
constexpr double k_max_index_rss_ratio = 3.0;
// Search target (issue 12, after the ranking change): p50 and p99 within 1.5x of bare Xapian.
constexpr double k_max_search_ratio = 1.5;

const char* verdict(bool met) { return met ? "met" : "NOT met"; }

std::vector<BenchQuery> bundled_queries() {
  return {
      // English
      {"human oversight", "", {}, {}},
      {"automated decision", "", {}, {}},
      {"risk assessment", "en", {}, {}},
      {"personal information", "en", {}, {}},
      {"transparency", "", {}, {}},
      {"high-risk AI systems", "en", {}, {}},
      {"penalties", "en", {}, {}},
      {"impact assessment", "", {}, {}},
      {"generative", "en", {}, {}},
      {"algorithmic discrimination", "en", {}, {}},
      {"biometric identification", "en", {}, {}},
      {"regulat*", "en", {}, {}},
      {"consent NOT cookies", "en", {}, {}},
      // phrases
      {"\"human oversight\"", "en", {}, {}},
      {"\"artificial intelligence system\"", "", {}, {}},
      {"\"automated decision-making\"", "en", {}, {}},
      {"\"personal data\"", "en", {}, {}},
      // French
      {"surveillance humaine", "fr", {}, {}},
      {"décision automatisée", "fr", {}, {}},
      {"renseignements personnels", "fr", {}, {}},
      {"évaluation des risques", "fr", {}, {}},
      {"l'intelligence artificielle", "fr", {}, {}},
      {"\"système de décision automatisé\"", "fr", {}, {}},
      // Portuguese
      {"inteligência artificial", "pt", {}, {}},
      {"avaliação de impacto", "pt", {}, {}},
      {"dados pessoais", "pt", {}, {}},
      {"autoridade competente", "pt", {}, {}},
      // Chinese, Japanese, Korean
      {"人工智能", "zh", {}, {}},
      {"生成式人工智能服务", "zh", {}, {}},
      {"個人情報", "ja", {}, {}},
      {"人工知能", "ja", {}, {}},
      {"인공지능", "ko", {}, {}},
      {"개인정보", "ko", {}, {}},
      // filters
      {"risk", "", {"eu"}, {}},
      {"oversight", "", {}, {"risk"}},
      {"transparency", "en", {"ca", "ca-qc"}, {}},
      {"penalty", "", {}, {"enforcement"}},
      {"definition", "en", {"us", "us-co", "us-ca"}, {"definition"}},
  };
}

// --- indexing -------------------------------------------------------------------------------

struct IndexFigures {
  std::vector<ChildRun> cadre, bare;
  std::filesystem::path build_dir; ///< the last Cadre build, kept for the search benchmark
  std::uintmax_t sqlite_bytes = 0, xapian_bytes = 0, bare_xapian_bytes = 0;
};

IndexFigures bench_indexing(const std::filesystem::path& corpus, const std::optional<std::filesystem::path>& sources,
                            const std::filesystem::path& work, int repeats) {
  IndexFigures figures;
  for (int run = 0; run < repeats; ++run) {
    const auto data = work / ("cadre-data-" + std::to_string(run));
    const auto bare = work / ("bare-xapian-" + std::to_string(run));
    figures.cadre.push_back(run_in_child([&] {
      indexer::BuildOptions options;
      options.corpus_dir = corpus;
      options.sources_dir = sources;
      options.data_dir = data;
      const auto report = indexer::build(options);
      if (run == 0 && !report.complete())
        std::cerr << "warning: the build is incomplete (" << report.diagnostics.error_count() << " errors, "
                  << report.sources_failed << " sources failed); timings still cover it\n";
    }));
    const auto build_dir = BuildLayout::resolve_current(data);
    figures.bare.push_back(run_in_child([&] { bare_index(build_dir / BuildLayout::k_sqlite, bare); }));
    figures.sqlite_bytes = disk_bytes(build_dir / BuildLayout::k_sqlite);
    figures.xapian_bytes = disk_bytes(build_dir / BuildLayout::k_xapian);
    figures.bare_xapian_bytes = disk_bytes(bare);
    std::filesystem::remove_all(bare);
    if (run + 1 < repeats) {
      std::filesystem::remove_all(data);
    } else {
      figures.build_dir = build_dir;
    }
    std::cout << "  run " << run + 1 << "/" << repeats << ": cadre " << format_ms(figures.cadre.back().seconds * 1000)
              << ", bare " << format_ms(figures.bare.back().seconds * 1000) << "\n"
              << std::flush;
  }
  return figures;
}

void print_indexing(const IndexFigures& f, bool check_absolute_targets) {
  const auto med = [](const std::vector<ChildRun>& runs, double ChildRun::*field) {
    std::vector<double> values;
    for (const auto& r : runs) values.push_back(r.*field);
    return median(values);
  };
  SQLite::Database db((f.build_dir / BuildLayout::k_sqlite).string(), SQLite::OPEN_READONLY);
  const auto count = [&](const char* sql) { return db.execAndGet(sql).getInt64(); };
  std::cout << "\n  build: " << count("SELECT count(*) FROM clauses") << " clauses, "
            << count("SELECT count(*) FROM clause_texts") << " clause texts, " << count("SELECT count(*) FROM cells")
            << " cells, " << count("SELECT count(*) FROM sources WHERE state = 'indexed'") << " sources indexed, "
            << count("SELECT count(*) FROM sources WHERE state = 'failed'") << " failed\n";
  std::printf("  size:  SQLite %s + Xapian %s (bare Xapian %s)\n\n", format_mb(f.sqlite_bytes / 1e6).c_str(),
              format_mb(f.xapian_bytes / 1e6).c_str(), format_mb(f.bare_xapian_bytes / 1e6).c_str());
  const double cadre_s = med(f.cadre, &ChildRun::seconds), bare_s = med(f.bare, &ChildRun::seconds);
  const double cadre_cpu = med(f.cadre, &ChildRun::cpu_seconds), bare_cpu = med(f.bare, &ChildRun::cpu_seconds);
  const double cadre_mb = med(f.cadre, &ChildRun::peak_rss_mb), bare_mb = med(f.bare, &ChildRun::peak_rss_mb);
  const std::string header = "median of " + std::to_string(f.cadre.size()) + " runs";
  std::printf("  %-22s %12s %12s %12s\n", header.c_str(), "wall time", "CPU time", "peak RSS");
  std::printf("  %-22s %12s %12s %12s\n", "cadre index", format_ms(cadre_s * 1000).c_str(),
              format_ms(cadre_cpu * 1000).c_str(), format_mb(cadre_mb).c_str());
  std::printf("  %-22s %12s %12s %12s\n", "bare Xapian", format_ms(bare_s * 1000).c_str(),
              format_ms(bare_cpu * 1000).c_str(), format_mb(bare_mb).c_str());
  std::printf("  %-22s %12s %12s %12s\n\n", "ratio", format_ratio(cadre_s / bare_s).c_str(),
              format_ratio(cadre_cpu / bare_cpu).c_str(), format_ratio(cadre_mb / bare_mb).c_str());
  std::printf("  target: indexing within %.1fx of bare Xapian (wall time): %s\n", k_max_index_ratio,
              verdict(cadre_s / bare_s <= k_max_index_ratio));
  std::printf("  target: indexing CPU within %.1fx and peak RSS within %.0fx of bare Xapian: %s, %s\n",
              k_max_index_cpu_ratio, k_max_index_rss_ratio, verdict(cadre_cpu / bare_cpu <= k_max_index_cpu_ratio),
              verdict(cadre_mb / bare_mb <= k_max_index_rss_ratio));
  if (check_absolute_targets)
    std::printf("  target: all sources under %.0f s and %.0f MB: %s\n", k_max_index_seconds, k_max_index_mb,
                verdict(cadre_s < k_max_index_seconds && cadre_mb < k_max_index_mb));
}

// --- search ---------------------------------------------------------------------------------

SearchRequest to_request(const BenchQuery& q) {
  SearchRequest request;
  request.query = q.text;
  if (!q.language.empty()) request.languages = {q.language};
  request.jurisdictions = q.jurisdictions;
  request.categories = q.categories;
  request.page_size = 10;
  return request;
}

std::string describe(const BenchQuery& q) {
  std::string out = q.text;
  if (!q.language.empty()) out += " [" + q.language + "]";
  for (const auto& j : q.jurisdictions) out += " j=" + j;
  for (const auto& c : q.categories) out += " c=" + c;
  return out;
}

/// Per-repeat percentiles of one side, wall and CPU.
struct Percentiles {
  std::vector<double> wall_p50, wall_p99, cpu_p50, cpu_p99;
  void add(const std::vector<Timing>& samples) {
    std::vector<double> wall, cpu;
    for (const auto& t : samples) wall.push_back(t.wall_ms), cpu.push_back(t.cpu_ms);
    wall_p50.push_back(percentile(wall, 0.5));
    wall_p99.push_back(percentile(wall, 0.99));
    cpu_p50.push_back(percentile(cpu, 0.5));
    cpu_p99.push_back(percentile(cpu, 0.99));
  }
};

void bench_search(const std::filesystem::path& build_dir, const std::vector<BenchQuery>& queries, int repeats, int rounds) {
  const auto library = Library::open_build(build_dir);
  const BareSearcher bare(build_dir / BuildLayout::k_xapian);

  // Warm-up pass, and a check that the query set finds something.
  int empty = 0;
  for (const auto& q : queries) {
    const auto results = library->search(to_request(q));
    bare.search(q);
    if (results.hits.empty()) {
      std::cout << "  note: no hit for " << describe(q) << "\n";
      ++empty;
    }
  }

  Percentiles cadre_stats, bare_stats;
  std::vector<std::vector<double>> cadre_by_query(queries.size()), bare_by_query(queries.size());
  for (int repeat = 0; repeat < repeats; ++repeat) {
    std::vector<Timing> cadre_samples, bare_samples;
    for (int round = 0; round < rounds; ++round) {
      for (std::size_t i = 0; i < queries.size(); ++i) {
        const auto request = to_request(queries[i]);
        cadre_samples.push_back(time_call([&] { library->search(request); }));
        bare_samples.push_back(time_call([&] { bare.search(queries[i]); }));
        cadre_by_query[i].push_back(cadre_samples.back().cpu_ms);
        bare_by_query[i].push_back(bare_samples.back().cpu_ms);
      }
    }
    cadre_stats.add(cadre_samples);
    bare_stats.add(bare_samples);
  }

  std::printf("\n  %zu queries (%d without hits) x %d rounds x %d repeats, 10 hits with snippets, one thread;\n"
              "  p50/p99 over each repeat's %zu searches, medians over repeats\n\n",
              queries.size(), empty, rounds, repeats, queries.size() * static_cast<std::size_t>(rounds));
  std::printf("  %-22s %12s %12s %12s %12s\n", "", "wall p50", "wall p99", "CPU p50", "CPU p99");
  const auto row = [](const char* name, const Percentiles& p) {
    std::printf("  %-22s %12s %12s %12s %12s\n", name, format_ms(median(p.wall_p50)).c_str(),
                format_ms(median(p.wall_p99)).c_str(), format_ms(median(p.cpu_p50)).c_str(),
                format_ms(median(p.cpu_p99)).c_str());
  };
  row("cadre search", cadre_stats);
  row("bare Xapian", bare_stats);
  const auto ratio = [&](const std::vector<double> Percentiles::*field) {
    return median(cadre_stats.*field) / median(bare_stats.*field);
  };
  std::printf("  %-22s %12s %12s %12s %12s\n\n", "ratio", format_ratio(ratio(&Percentiles::wall_p50)).c_str(),
              format_ratio(ratio(&Percentiles::wall_p99)).c_str(), format_ratio(ratio(&Percentiles::cpu_p50)).c_str(),
              format_ratio(ratio(&Percentiles::cpu_p99)).c_str());
  std::printf("  target: search p50 and p99 within %.1fx of bare Xapian (CPU): %s, %s\n\n", k_max_search_ratio,
              verdict(ratio(&Percentiles::cpu_p50) <= k_max_search_ratio),
              verdict(ratio(&Percentiles::cpu_p99) <= k_max_search_ratio));

  // The queries that cost Cadre most, to show where the time goes.
  std::vector<std::pair<double, std::size_t>> slowest;
  for (std::size_t i = 0; i < queries.size(); ++i) slowest.emplace_back(median(cadre_by_query[i]), i);
  std::sort(slowest.rbegin(), slowest.rend());
  std::printf("  slowest queries (median CPU time)             cadre       bare      ratio\n");
  for (std::size_t k = 0; k < std::min<std::size_t>(6, slowest.size()); ++k) {
    const auto i = slowest[k].second;
    const double b = median(bare_by_query[i]);
    std::printf("  %-42.42s %10s %10s %10s\n", describe(queries[i]).c_str(), format_ms(slowest[k].first).c_str(),
                format_ms(b).c_str(), format_ratio(slowest[k].first / b).c_str());
  }
}

/// Fast rebuild (`cadre index` after an edit of the analysis only): `repeats` times, one cell of
/// a copy of the corpus gets a new sentence, then the build over the last bundled build is timed
/// in a child, as above. Prints the medians; warns when a rebuild was not a fast one.
void bench_rebuild(const std::filesystem::path& corpus, const std::filesystem::path& sources,
                   const std::filesystem::path& data, const std::filesystem::path& work, int repeats) {
  const auto copy = work / "rebuild-corpus";
  std::filesystem::remove_all(copy);
  std::filesystem::copy(corpus, copy, std::filesystem::copy_options::recursive);
  std::filesystem::path framework;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(copy))
    if (entry.path().filename() == "framework.en.md" && (framework.empty() || entry.path() < framework)) framework = entry.path();
  std::vector<ChildRun> runs;
  for (int run = 0; run < repeats; ++run) {
    // The first prose paragraph under the first section gets one more sentence.
    std::ifstream in(framework);
    std::string text, line;
    bool in_section = false, edited = false;
    while (std::getline(in, line)) {
      if (line.starts_with("## ")) in_section = true;
      else if (in_section && !edited && !line.empty() && !line.starts_with("summary:")) {
        line += " Edit " + std::to_string(run + 1) + " of the rebuild benchmark.";
        edited = true;
      }
      text += line + "\n";
    }
    in.close();
    std::ofstream(framework, std::ios::binary | std::ios::trunc) << text;
    runs.push_back(run_in_child([&] {
      indexer::BuildOptions options;
      options.corpus_dir = copy;
      options.sources_dir = sources;
      options.data_dir = data;
      const auto report = indexer::build(options);
      if (!report.published) std::cerr << "warning: the rebuild was not published\n";
      else if (report.reused.empty()) std::cerr << "warning: the rebuild was a full one: " << report.full_build_reason << "\n";
    }));
  }
  const auto med = [&](double ChildRun::*field) {
    std::vector<double> values;
    for (const auto& r : runs) values.push_back(r.*field);
    return median(values);
  };
  std::printf("\n  rebuild after a cell edit (median of %d)  %12s %12s %12s\n", repeats,
              format_ms(med(&ChildRun::seconds) * 1000).c_str(), format_ms(med(&ChildRun::cpu_seconds) * 1000).c_str(),
              format_mb(med(&ChildRun::peak_rss_mb)).c_str());
  std::printf("  target: rebuild after a cell edit under 1 s (wall time): %s\n", verdict(med(&ChildRun::seconds) < 1.0));
}

// --- modes ----------------------------------------------------------------------------------

void run_bundled(const Options& options) {
  std::optional<std::filesystem::path> sources;
  if (std::filesystem::is_directory(options.sources)) sources = options.sources;
  const int repeats = options.repeats > 0 ? options.repeats : 5;
  std::cout << "== Indexing: " << options.corpus.string() << " with sources "
            << (sources ? sources->string() : std::string("(none: analysis only)")) << "\n";
  const auto figures = bench_indexing(options.corpus, sources, options.work, repeats);
  print_indexing(figures, sources.has_value());
  std::cout << "\n== Search on the bundled build\n";
  bench_search(figures.build_dir, bundled_queries(), repeats, options.rounds);
  if (sources) {
    std::cout << "\n== Fast rebuild of the bundled build\n";
    bench_rebuild(options.corpus, *sources, figures.build_dir.parent_path().parent_path(), options.work, repeats);
  }
}

void run_scale(const Options& options) {
  SynthOptions synth;
  synth.clauses = options.scale;
  const auto started = std::chrono::steady_clock::now();
  const auto corpus = write_synthetic_corpus(synth, options.work / "synthetic");
  std::printf("== Scale: synthetic corpus of %ld clauses (%d instruments, %d jurisdictions, %s of clause text), "
              "written in %.1f s\n",
              corpus.clauses, corpus.instruments, synth.jurisdictions, format_mb(corpus.text_bytes / 1e6).c_str(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  const int repeats = options.repeats > 0 ? options.repeats : 1;
  const auto figures = bench_indexing(corpus.corpus_dir, corpus.sources_dir, options.work, repeats);
  print_indexing(figures, false);
  std::cout << "\n== Search at " << corpus.clauses << " clauses\n";
  bench_search(figures.build_dir, synthetic_queries(), std::max(repeats, 3), options.rounds);
}

/// Search alone on a build kept by an earlier run (--keep), to measure a search change without
/// indexing again: `--search-only <work>/cadre-data-0/current --queries synthetic`.
void run_search_only(const Options& options) {
  const auto build_dir = BuildLayout::resolve_current(options.search_only);
  std::cout << "== Search on " << build_dir.string() << "\n";
  bench_search(build_dir, options.queries == "synthetic" ? synthetic_queries() : bundled_queries(),
               options.repeats > 0 ? options.repeats : 3, options.rounds);
}

} // namespace
} // namespace cadre::bench

int main(int argc, char** argv) {
  using namespace cadre::bench;
  Options options;
  CLI::App app{"Times Cadre's indexing and search against bare Xapian on the same data, in the same run."};
  app.add_option("--corpus", options.corpus, "Corpus folder (default: the bundled corpus)");
  app.add_option("--sources", options.sources, "Source texts (default: ../shared/sources beside the repository)");
  app.add_option("--work", options.work, "Scratch folder for the builds (default: a new folder under the temp dir)");
  app.add_option("--repeats", options.repeats, "Indexing runs and search repeats (default: 5; 1 with --scale)");
  app.add_option("--rounds", options.rounds, "Passes over the query set per search repeat (default: 10)");
  app.add_option("--scale", options.scale, "Benchmark a synthetic corpus of this many clauses instead");
  app.add_flag("--keep", options.keep, "Keep the scratch folder");
  app.add_option("--search-only", options.search_only, "Benchmark search alone on this kept build (a cadre-data folder)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--queries", options.queries, "Query set for --search-only: bundled or synthetic (a --scale build)")
      ->check(CLI::IsMember({"bundled", "synthetic"}));
  CLI11_PARSE(app, argc, argv);

  const bool own_work = options.work.empty();
  if (own_work) options.work = std::filesystem::temp_directory_path() / ("cadre-bench-index-" + std::to_string(::getpid()));
  if (std::filesystem::exists(options.work) && !std::filesystem::is_empty(options.work)) {
    std::cerr << "cadre_bench_index: " << options.work.string() << " is not empty: give an empty or new --work folder\n";
    return 2;
  }
  std::filesystem::create_directories(options.work);
  int status = 0;
  try {
    if (!options.search_only.empty()) run_search_only(options);
    else if (options.scale > 0) run_scale(options);
    else run_bundled(options);
  } catch (const std::exception& e) {
    std::cerr << "cadre_bench_index: " << e.what() << "\n";
    status = 1;
  }
  if (!options.keep) std::filesystem::remove_all(options.work);
  return status;
}
