// Measures `cadre related` against the judged set in bench/related/judgements.tsv: for every
// seed clause, Library::related (limit 20, as the set was pooled) and precision@5 of the
// curated part ("provision" items), of the content part ("content" items) and of the list as
// returned (combined), averaged over the seeds of each split. A result nobody judged counts as
// not relevant; how many of the top five were unjudged is printed beside each figure, so a
// change that reaches unread clauses shows.
#include "core/error.hpp"
#include "core/library.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cadre;

namespace {

struct Seed {
  std::string split;                  // tune | test
  std::map<std::string, int> grades;  // clause id -> 1 relevant, 0 not
};

struct Score {
  double precision_sum = 0;
  int seeds = 0;
  int unjudged = 0;
  void add(const std::vector<std::string>& ids, const Seed& seed) {
    int relevant = 0;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i) {
      auto it = seed.grades.find(ids[i]);
      if (it == seed.grades.end()) ++unjudged;
      else relevant += it->second;
    }
    precision_sum += relevant / 5.0;
    ++seeds;
  }
  double value() const { return seeds == 0 ? 0 : precision_sum / seeds; }
};

std::map<std::string, Seed> load(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw DataError("cannot read " + path.string());
  std::map<std::string, Seed> seeds;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, '\t');) fields.push_back(f);
    if (fields.size() < 4 || (fields[1] != "tune" && fields[1] != "test") || (fields[3] != "0" && fields[3] != "1"))
      throw DataError(path.string() + ":" + std::to_string(number) +
                      ": expected seed, tune|test, clause, 0|1 separated by tabs");
    Seed& seed = seeds[fields[0]];
    if (!seed.split.empty() && seed.split != fields[1])
      throw DataError(path.string() + ":" + std::to_string(number) + ": seed " + fields[0] + " is in both splits");
    seed.split = fields[1];
    seed.grades[fields[2]] = fields[3] == "1";
  }
  return seeds;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Precision@5 of related clauses on the judged set"};
  std::string data;
  std::string judgements = std::string(CADRE_SOURCE_ROOT) + "/bench/related/judgements.tsv";
  bool verbose = false;
  app.add_option("--data", data, "data directory of a build of the real corpus")->required();
  app.add_option("--judgements", judgements, "judged set (TSV)");
  app.add_flag("--verbose", verbose, "print each seed's top five with their grades");
  CLI11_PARSE(app, argc, argv);
  try {
    const auto seeds = load(judgements);
    const auto library = Library::open(data);
    std::map<std::string, std::map<std::string, Score>> scores; // split -> part -> score
    const auto start = std::chrono::steady_clock::now();
    for (const auto& [id, seed] : seeds) {
      const RelatedClauses related = library->related(id, "en", 20);
      std::vector<std::string> provision, content, combined;
      for (const auto& item : related.items) {
        (item.found_by == "provision" ? provision : content).push_back(item.clause_id);
        combined.push_back(item.clause_id);
      }
      for (const std::string& split : {seed.split, std::string("all")}) {
        scores[split]["provision"].add(provision, seed);
        scores[split]["content"].add(content, seed);
        scores[split]["combined"].add(combined, seed);
      }
      if (verbose) {
        std::printf("%s [%s]\n", id.c_str(), seed.split.c_str());
        for (const auto* part : {&provision, &content})
          for (std::size_t i = 0; i < part->size() && i < 5; ++i) {
            auto it = seed.grades.find((*part)[i]);
            std::printf("  %s %s %s\n", part == &provision ? "P" : "C",
                        it == seed.grades.end() ? "?" : (it->second ? "1" : "0"), (*part)[i].c_str());
          }
      }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / seeds.size();
    std::printf("%-6s %6s  %-22s %-22s %-22s\n", "split", "seeds", "provision P@5 (unj.)", "content P@5 (unj.)",
                "combined P@5 (unj.)");
    for (const std::string split : {"tune", "test", "all"}) {
      auto& s = scores[split];
      std::printf("%-6s %6d  %8.3f (%3d)         %8.3f (%3d)         %8.3f (%3d)\n", split.c_str(), s["content"].seeds,
                  s["provision"].value(), s["provision"].unjudged, s["content"].value(), s["content"].unjudged,
                  s["combined"].value(), s["combined"].unjudged);
    }
    std::printf("mean time per related() call: %.1f ms\n", ms);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
