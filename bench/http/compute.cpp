// cadre_bench_http_compute: the cold cost of one answer without HTTP, on a built index: the
// library call plus its JSON serialisation, for the provision matrix (all jurisdictions × all
// provisions, en and fr), one provision, a clause's related clauses, and comparisons of three
// and four jurisdictions. Prints the median and 99th percentile of repeated timings, the body
// size, and each answer's median against the four-jurisdiction comparison.
//
//   cadre_bench_http_compute --data DIR [--repeats N] [--only WORD]   (WORD: answers whose name has it)
#include "core/json.hpp"
#include "core/library.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Case {
  std::string name;
  std::function<std::string()> answer;
};

struct Timing {
  double median_us = 0;
  double p99_us = 0;
  std::size_t bytes = 0;
};

Timing time_case(const Case& c, int repeats) {
  Timing t;
  t.bytes = c.answer().size(); // warm the library's own lazily built state, if any
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(repeats));
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const std::string body = c.answer();
    const auto end = std::chrono::steady_clock::now();
    if (body.size() != t.bytes) throw std::runtime_error(c.name + ": the answer changed between runs");
    us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::sort(us.begin(), us.end());
  t.median_us = us[us.size() / 2];
  t.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  return t;
}

} // namespace

int main(int argc, char** argv) {
  std::string data;
  int repeats = 200;
  std::string only;
  CLI::App app{"Cold cost of matrix, provision, related and compare answers (library + JSON), without HTTP."};
  app.add_option("--data", data, "Cadre data folder (its `current` build is read)")->required();
  app.add_option("--repeats", repeats, "Timed runs per answer")->check(CLI::Range(5, 100000));
  app.add_option("--only", only, "Time only the answers whose name contains this (for profiling)");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto library = cadre::Library::open(data);
    auto matrix = [&](const std::string& language) {
      cadre::MatrixRequest request;
      request.language = language;
      return cadre::json::matrix(library->matrix(request));
    };
    auto compare = [&](std::vector<std::string> codes) {
      cadre::CompareRequest request;
      request.jurisdictions = std::move(codes);
      return cadre::json::comparison(library->compare(request));
    };
    std::vector<Case> cases = {
        {"matrix (all × all, en)", [&] { return matrix("en"); }},
        {"matrix (all × all, fr)", [&] { return matrix("fr"); }},
        {"provision human-oversight", [&] { return cadre::json::provision_detail(library->provision("requirements.human-oversight", "en")); }},
        {"related eu/ai-act/art_14", [&] { return cadre::json::related(library->related("eu/ai-act/art_14", "en")); }},
        {"compare eu,ca,ca-qc", [&] { return compare({"eu", "ca", "ca-qc"}); }},
        {"compare eu,ca,ca-qc,uk", [&] { return compare({"eu", "ca", "ca-qc", "uk"}); }},
    };
    std::erase_if(cases, [&](const Case& c) { return c.name.find(only) == std::string::npos; });
    if (cases.empty()) throw std::runtime_error("no answer's name contains '" + only + "'");
    std::vector<Timing> timings;
    for (const auto& c : cases) timings.push_back(time_case(c, repeats));
    const double reference = timings.back().median_us; // the last case: compare of four when all run
    std::printf("%d timed runs per answer, one thread; library call + JSON serialisation\n\n", repeats);
    std::printf("%-28s %10s %10s %10s %14s\n", "answer", "median us", "p99 us", "bytes", "vs compare(4)");
    for (std::size_t i = 0; i < cases.size(); ++i)
      std::printf("%-28s %10.0f %10.0f %10zu %13.2fx\n", cases[i].name.c_str(), timings[i].median_us, timings[i].p99_us,
                  timings[i].bytes, timings[i].median_us / reference);
  } catch (const std::exception& e) {
    std::cerr << "cadre_bench_http_compute: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
