// Measures the clause taggers against the hand-labelled evaluation set (tests/data/tagging):
// precision, recall and F1 per category, micro and macro averages, on the tuning split, the
// held-out split and overall, for the learned tagger (TagModel, what the build uses and readers
// see) and for
// tag_clause's structure and lexicon tags alone (the tagger before it, now its input). Curated
// tags come from the framework citations an analyst wrote, so they would leak the answer; they
// are reported on their own for comparison. Also times both taggers over every clause.
#include "core/error.hpp"
#include "core/library.hpp"
#include "core/schema.hpp"
#include "indexer/build.hpp"
#include "indexer/tagger.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace cadre;
using namespace cadre::indexer;

namespace {

fs::path default_sources() {
  if (const char* env = std::getenv("CADRE_SOURCES"); env && *env) return env;
  return fs::path(CADRE_SOURCE_ROOT).parent_path() / "shared" / "sources";
}

void print_table(const std::string& title, const TagEvaluation& e) {
  std::printf("\n%s (%d clauses)\n", title.c_str(), e.clauses);
  std::printf("  %-14s %9s %9s %9s %8s %5s %5s\n", "category", "precision", "recall", "F1", "labelled", "TP", "FP");
  for (const auto& category : schema().categories) {
    const auto& s = e.per_category.at(category.id);
    std::printf("  %-14s %9.3f %9.3f %9.3f %8d %5d %5d\n", category.id.c_str(), s.precision(), s.recall(), s.f1(),
                s.support(), s.true_positives, s.false_positives);
  }
  std::printf("  %-14s %9.3f %9.3f %9.3f %8d %5d %5d\n", "micro", e.micro.precision(), e.micro.recall(), e.micro.f1(),
              e.micro.support(), e.micro.true_positives, e.micro.false_positives);
  std::printf("  %-14s %9.3f %9.3f %9.3f\n", "macro", e.macro_precision, e.macro_recall, e.macro_f1);
}

std::vector<TagLabel> subset(const std::vector<TagLabel>& labels, bool held_out) {
  std::vector<TagLabel> out;
  std::copy_if(labels.begin(), labels.end(), std::back_inserter(out), [&](const auto& l) { return l.held_out == held_out; });
  return out;
}

std::map<std::string, std::set<std::string>> as_predictions(const std::vector<TagLabel>& labels) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& label : labels) out[label.clause] = label.categories;
  return out;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Precision and recall of the clause tagger on the hand-labelled set"};
  std::string data, corpus = (fs::path(CADRE_SOURCE_ROOT) / "corpus").string(), sources = default_sources().string();
  // By default the first draw and the held-out split's later draws: the held-out figures are
  // those of all 600 held-out clauses, as TaggerAccuracy scores them.
  const fs::path labels_dir = fs::path(CADRE_SOURCE_ROOT) / "tests" / "data" / "tagging";
  std::vector<std::string> labels_files = {(labels_dir / "labels.tsv").string(), (labels_dir / "labels-held-out-v2.tsv").string(),
                                           (labels_dir / "labels-held-out-v3.tsv").string()};
  int runs = 5;
  bool errors = false;
  app.add_option("--data", data, "an existing data directory (or build directory) to read instead of indexing");
  app.add_option("--corpus", corpus, "the corpus to index when --data is not given")->capture_default_str();
  app.add_option("--sources", sources, "the source texts to index when --data is not given")->capture_default_str();
  app.add_option("--labels", labels_files, "the labelled clauses: every file's, a clause at most once")->capture_default_str();
  std::string model_file;
  app.add_option("--model", model_file, "a model file written by cadre_train_tagger (default: the one compiled in)");
  app.add_option("--runs", runs, "timed passes over every clause (the median is reported)")->check(CLI::Range(1, 100));
  app.add_flag("--errors", errors, "list every labelled clause the tagger gets wrong");
  std::vector<std::string> rereads_files;
  app.add_option("--rereads", rereads_files,
                 "two more readings of the held-out split, as labels files (tests/data/tagging/held-out-reread-a.tsv "
                 "and -b.tsv): print the readers' agreement with the labels and each other, beside the tagger's")
      ->expected(2);
  CLI11_PARSE(app, argc, argv);

  try {
    const auto labels = read_tag_labels(labels_files);
    fs::path build_dir;
    std::optional<fs::path> scratch;
    if (!data.empty()) {
      build_dir = fs::exists(fs::path(data) / BuildLayout::k_sqlite) ? fs::path(data) : BuildLayout::resolve_current(data);
    } else {
      scratch = fs::temp_directory_path() / ("cadre-bench-tagging-" + std::to_string(::getpid()));
      BuildOptions options;
      options.corpus_dir = corpus;
      options.sources_dir = fs::path(sources);
      options.data_dir = *scratch;
      const auto report = build(options);
      if (report.sources_indexed == 0) throw DataError("no source text was indexed from " + sources);
      std::printf("indexed %d clauses from %d source texts in %.1f s\n", report.clauses, report.sources_indexed, report.seconds);
      build_dir = report.build_dir;
    }
    const auto inputs = read_tagger_inputs(build_dir);
    TagModel model = TagModel::builtin();
    if (!model_file.empty()) {
      std::ifstream in(model_file, std::ios::binary);
      if (!in) throw DataError("cannot read the model " + model_file);
      std::ostringstream text;
      text << in.rdbuf();
      model = TagModel::parse(text.str(), model_file);
    }

    const CompiledTagModel compiled(model); // the build's path, timed below
    std::map<std::string, std::set<std::string>> tagged, learned, curated;
    std::vector<double> seconds, learned_seconds;
    for (int run = 0; run < runs; ++run) {
      auto start = std::chrono::steady_clock::now();
      for (const auto& [id, input] : inputs) {
        std::set<std::string> categories;
        for (const auto& tag : tag_clause(input.texts, input.headings)) categories.insert(tag.category);
        if (run == 0) tagged[id] = std::move(categories);
      }
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      start = std::chrono::steady_clock::now();
      // As the build does, each text's cues are read once: a clause's are its sub-clauses' parent cues.
      std::map<std::vector<std::string>, CueScores> cues_of;
      const auto cues = [&](const std::vector<std::string>& texts) -> const CueScores& {
        auto found = cues_of.find(texts);
        if (found == cues_of.end()) found = cues_of.emplace(texts, cue_scores(texts)).first;
        return found->second;
      };
      for (const auto& [id, input] : inputs) {
        std::set<std::string> categories;
        for (const auto& tag : compiled.tag(input.texts, input.headings, cues(input.texts), cues(input.parent_texts)))
          categories.insert(tag.category);
        if (run == 0) learned[id] = std::move(categories);
      }
      learned_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    for (const auto& [id, input] : inputs) curated[id] = input.curated;
    std::sort(seconds.begin(), seconds.end());
    std::sort(learned_seconds.begin(), learned_seconds.end());

    int missing = 0;
    for (const auto& label : labels)
      if (!inputs.count(label.clause)) {
        std::fprintf(stderr, "warning: labelled clause %s is not in the build\n", label.clause.c_str());
        ++missing;
      }

    for (const auto& [name, times] : {std::pair{"structure + lexicon", &seconds}, std::pair{"learned tagger", &learned_seconds}})
      std::printf("%s tagged %zu clauses: median %.1f ms over %d runs (%.2f us a clause)\n", name, inputs.size(),
                  (*times)[times->size() / 2] * 1e3, runs, (*times)[times->size() / 2] * 1e6 / static_cast<double>(inputs.size()));
    std::printf("labelled set: %zu clauses (%zu tuning, %zu held out), %d missing from the build\n", labels.size(),
                subset(labels, false).size(), subset(labels, true).size(), missing);
    print_table("learned tagger, tuning split (in-sample for the files it was trained on)", evaluate_tags(subset(labels, false), learned));
    print_table("learned tagger (served), held-out split", evaluate_tags(subset(labels, true), learned));
    print_table("learned tagger, all labelled clauses", evaluate_tags(labels, learned));
    print_table("structure + lexicon, tuning split", evaluate_tags(subset(labels, false), tagged));
    print_table("structure + lexicon, held-out split", evaluate_tags(subset(labels, true), tagged));
    print_table("structure + lexicon, all labelled clauses", evaluate_tags(labels, tagged));
    print_table("curated tags alone (framework citations; for comparison, not the tagger)", evaluate_tags(labels, curated));
    // What a reader sees (the clause_categories view) is the learned tagger's categories, above.
    // The build also stores the curated ones; two ways of serving them are shown for comparison.
    std::map<std::string, std::set<std::string>> stored, cited_or_learned, before;
    for (const auto& [id, categories] : tagged) {
      before[id] = categories;
      before[id].insert(curated[id].begin(), curated[id].end());
    }
    print_table("before the learned tagger (structure + lexicon + curated), held-out split", evaluate_tags(subset(labels, true), before));
    for (const auto& [id, categories] : learned) {
      stored[id] = categories;
      stored[id].insert(curated[id].begin(), curated[id].end());
      cited_or_learned[id] = curated[id].empty() ? categories : curated[id];
    }
    print_table("stored (learned + curated), held-out split", evaluate_tags(subset(labels, true), stored));
    print_table("stored (learned + curated), all labelled clauses", evaluate_tags(labels, stored));
    print_table("curated where cited, else learned: held-out split", evaluate_tags(subset(labels, true), cited_or_learned));
    print_table("curated where cited, else learned: all labelled clauses", evaluate_tags(labels, cited_or_learned));

    if (errors) {
      std::printf("\nerrors of the learned tagger (clause: labelled | tagged)\n");
      for (const auto& label : labels) {
        const auto& guess = learned[label.clause];
        if (guess == label.categories) continue;
        auto join = [](const std::set<std::string>& s) {
          std::string out;
          for (const auto& c : s) out += (out.empty() ? "" : ",") + c;
          return out.empty() ? std::string("-") : out;
        };
        std::printf("  %s%s: %s | %s\n", label.clause.c_str(), label.held_out ? " (held out)" : "",
                    join(label.categories).c_str(), join(guess).c_str());
      }
    }
    if (!rereads_files.empty()) {
      const auto reader_a = read_tag_labels(rereads_files[0]), reader_b = read_tag_labels(rereads_files[1]);
      // The labels of the clauses the rereadings cover (the first draw's held-out split).
      std::vector<TagLabel> held_out;
      const auto reread = as_predictions(reader_a);
      std::copy_if(labels.begin(), labels.end(), std::back_inserter(held_out),
                   [&](const TagLabel& l) { return l.held_out && reread.count(l.clause) > 0; });
      std::printf("\nagreement on the %zu clauses read again, macro F1 (the first named is the reference)\n", held_out.size());
      const auto line = [](const char* what, const TagEvaluation& e) { std::printf("  %-34s %.3f\n", what, e.macro_f1); };
      line("labels.tsv / reader A", evaluate_tags(held_out, reread));
      line("labels.tsv / reader B", evaluate_tags(held_out, as_predictions(reader_b)));
      line("reader A / reader B", evaluate_tags(reader_a, as_predictions(reader_b)));
      line("labels.tsv / learned tagger", evaluate_tags(held_out, learned));
      line("reader A / learned tagger", evaluate_tags(reader_a, learned));
      line("reader B / learned tagger", evaluate_tags(reader_b, learned));
    }
    if (scratch) fs::remove_all(*scratch);
    return missing == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "cadre_bench_tagging: " << e.what() << "\n";
    return 1;
  }
}
