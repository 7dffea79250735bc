// Trains the learned clause tagger (TagModel, indexer/tagger.hpp) and writes its model file
// (indexer/tagger-model.tsv, compiled into the indexer). Deterministic: the same build, labels
// and options give the same bytes, and tests/bench/tagging checks that the committed model is
// what the defaults make from the committed labels.
//
// Training examples, all from instruments outside the held-out split of tests/data/tagging
// (every clause of a held-out instrument is left out, whatever its source of label):
//  - the hand-labelled clauses of the tuning split, of the first six draws
//    (tests/data/tagging/labels.tsv and labels-v2.tsv to labels-v6.tsv; the seventh lowered the
//    held-out split's score and is kept to measure with): every category is known (1 or 0);
//  - clauses cited by the analysis cells or by provision values (the build's curated tags): a
//    positive of each cited category, and a weak negative (--cited-negative) of the others,
//    since an analyst who cited a clause under one heading judged it less for the others.
// Thresholds are chosen per category to maximise F1 on out-of-fold probabilities of the
// tuning-split clauses: the training instruments are dealt into --folds folds by a hash of their
// id, and each fold is predicted by a model trained without it. The final model is then trained
// on every example. The held-out split is never read here beyond its instrument names.
#include "core/error.hpp"
#include "core/library.hpp"
#include "core/schema.hpp"
#include "indexer/build.hpp"
#include "indexer/tagger.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cadre;
using namespace cadre::indexer;

namespace {

struct Options {
  int epochs = 30;
  double rate = 0.2;         ///< AdaGrad step
  double l2 = 1e-2;          ///< per-update L2 penalty on the weights touched
  double cited_negative = 0.2;
  double hand_weight = 2;    ///< weight of a hand-labelled example against a cited one
  int min_count = 2;         ///< a feature must occur in this many training examples
  int folds = 5;
  std::uint32_t seed = 12;
  std::string blocks = "slurbp" "hat"; ///< feature prefixes used (clause_features), for ablations
};

struct Example {
  std::string clause, instrument;
  std::vector<std::pair<std::string, double>> features;
  std::vector<double> target; ///< by category: 1, 0
  std::vector<double> weight; ///< by category: 0 when unknown
  bool hand = false;
  bool trained = true;          ///< false for a clause of --score-only: predicted, never learned from
  std::set<std::string> cited; ///< the categories the analysis cites the clause for
};

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

/// Logistic regression per category by AdaGrad SGD over `examples` (indices into `all`), in an
/// order shuffled by an mt19937 seeded with `seed` (Fisher-Yates written out: std::shuffle's
/// order differs between standard libraries).
TagModel train(const std::vector<Example>& all, const std::vector<std::size_t>& examples, const Options& o) {
  const std::size_t n = schema().categories.size();
  std::map<std::string, int> count;
  for (auto i : examples)
    for (const auto& f : all[i].features) ++count[f.first];
  std::map<std::string, int> id;
  for (const auto& [name, c] : count)
    if (c >= o.min_count) id.emplace(name, static_cast<int>(id.size()));
  std::vector<std::vector<std::pair<int, double>>> x(all.size());
  for (auto i : examples)
    for (const auto& [name, value] : all[i].features)
      if (auto found = id.find(name); found != id.end()) x[i].emplace_back(found->second, value);
  std::vector<double> w(id.size() * n, 0), g2(id.size() * n, 0), b(n, 0), b2(n, 0);
  std::mt19937 engine(o.seed);
  std::vector<std::size_t> order = examples;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[engine() % k]);
    for (auto i : order) {
      const Example& e = all[i];
      for (std::size_t c = 0; c < n; ++c) {
        if (e.weight[c] == 0) continue;
        double z = b[c];
        for (const auto& [f, v] : x[i]) z += w[f * n + c] * v;
        const double g = e.weight[c] * (1 / (1 + std::exp(-z)) - e.target[c]);
        b2[c] += g * g;
        b[c] -= o.rate * g / std::sqrt(b2[c] + 1e-8);
        for (const auto& [f, v] : x[i]) {
          double& weight = w[f * n + c];
          const double gi = g * v + o.l2 * weight;
          g2[f * n + c] += gi * gi;
          weight -= o.rate * gi / std::sqrt(g2[f * n + c] + 1e-8);
        }
      }
    }
  }
  TagModel model;
  for (const auto& c : schema().categories) model.categories.push_back(c.id);
  model.bias = b;
  model.thresholds.assign(n, 0.5);
  for (const auto& [name, f] : id) {
    std::vector<double> weights(w.begin() + static_cast<long>(f * n), w.begin() + static_cast<long>((f + 1) * n));
    // Weights that round to zero in the file are left out of it.
    if (std::any_of(weights.begin(), weights.end(), [](double v) { return std::fabs(v) >= 5e-5; }))
      model.weights.emplace(name, std::move(weights));
  }
  return model;
}

/// The instrument of a clause id: its first two path segments ("eu/ai-act/art_5" ->
/// "eu/ai-act"), as every instrument id of the corpus is "<jurisdiction>/<name>".
std::string instrument_of(const std::string& clause) {
  const auto first = clause.find('/');
  return clause.substr(0, first == std::string::npos ? first : clause.find('/', first + 1));
}

double f1(int tp, int fp, int fn) { return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn); }

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Trains the learned clause tagger and writes its model file"};
  std::string data, out = (fs::path(CADRE_SOURCE_ROOT) / "indexer" / "tagger-model.tsv").string();
  const fs::path labels_dir = fs::path(CADRE_SOURCE_ROOT) / "tests" / "data" / "tagging";
  std::vector<std::string> labels_files = {(labels_dir / "labels.tsv").string(), (labels_dir / "labels-v2.tsv").string(),
                                           (labels_dir / "labels-v3.tsv").string(), (labels_dir / "labels-v4.tsv").string(),
                                           (labels_dir / "labels-v5.tsv").string(), (labels_dir / "labels-v6.tsv").string()};
  std::vector<std::string> score_only_files;
  std::vector<std::string> report_files;
  std::string oof_out;
  Options o;
  app.add_option("--data", data, "a data directory (or build directory) made by `cadre index` of the corpus and sources")->required();
  app.add_option("--labels", labels_files, "the labelled clauses: every file's, a clause at most once; the held-out split is "
                                          "the instruments any file marks held-out")
      ->capture_default_str();
  app.add_option("--score-only", score_only_files,
                 "more labelled clauses of the tuning instruments, scored out of fold and never trained on "
                 "(to compare training sets on the same clauses)");
  app.add_option("--report-on", report_files,
                 "labels files whose clauses' out-of-fold macro F1 is printed on its own (to compare training sets on "
                 "the same clauses)");
  app.add_option("--oof-out", oof_out,
                 "a TSV file to write the hand-labelled tuning clauses' out-of-fold probabilities to, with their "
                 "labels and the categories tagged at the chosen thresholds (to read the errors on instruments the "
                 "tagger was not trained on)");
  app.add_option("--out", out, "the model file to write")->capture_default_str();
  app.add_option("--epochs", o.epochs)->capture_default_str();
  app.add_option("--rate", o.rate)->capture_default_str();
  app.add_option("--l2", o.l2)->capture_default_str();
  app.add_option("--cited-negative", o.cited_negative, "weight of a cited clause as a negative of the categories it is not cited for")->capture_default_str();
  app.add_option("--hand-weight", o.hand_weight)->capture_default_str();
  app.add_option("--min-count", o.min_count)->capture_default_str();
  app.add_option("--folds", o.folds)->check(CLI::Range(2, 20))->capture_default_str();
  app.add_option("--seed", o.seed)->capture_default_str();
  app.add_option("--features", o.blocks, "the feature blocks used, by prefix letter (see clause_features)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    const auto labels = read_tag_labels(labels_files);
    const fs::path build_dir = fs::exists(fs::path(data) / BuildLayout::k_sqlite) ? fs::path(data) : BuildLayout::resolve_current(data);
    const auto inputs = read_tagger_inputs(build_dir);
    const auto& categories = schema().categories;
    const std::size_t n = categories.size();

    std::set<std::string> held_out;
    std::map<std::string, const TagLabel*> hand, score_only;
    for (const auto& label : labels) {
      if (label.held_out) held_out.insert(instrument_of(label.clause));
      else hand.emplace(label.clause, &label);
    }
    const auto scored_labels = read_tag_labels(score_only_files);
    for (const auto& label : scored_labels)
      if (!label.held_out && !hand.count(label.clause)) score_only.emplace(label.clause, &label);
    std::vector<Example> examples;
    int cited = 0;
    for (const auto& [clause, input] : inputs) {
      const std::string instrument = instrument_of(clause);
      if (held_out.count(instrument)) continue;
      const TagLabel* label = nullptr;
      bool trained = true;
      if (const auto found = hand.find(clause); found != hand.end()) label = found->second;
      else if (const auto scored = score_only.find(clause); scored != score_only.end()) label = scored->second, trained = false;
      if (!label && input.curated.empty()) continue;
      Example e;
      e.clause = clause;
      e.instrument = instrument;
      e.trained = trained;
      e.hand = label != nullptr;
      e.cited = input.curated;
      cited += e.hand ? 0 : 1;
      for (const auto& c : categories) {
        const bool positive = e.hand ? label->categories.count(c.id) > 0 : input.curated.count(c.id) > 0;
        e.target.push_back(positive ? 1 : 0);
        e.weight.push_back(e.hand ? o.hand_weight : positive ? 1 : o.cited_negative);
      }
      const auto features = clause_features(input.texts, input.headings, input.parent_texts);
      for (const auto& feature : features)
        if (o.blocks.find(feature.first.front()) != std::string::npos) e.features.push_back(feature);
      examples.push_back(std::move(e));
    }
    std::set<std::string> instruments;
    for (const auto& e : examples) instruments.insert(e.instrument);
    std::printf("training examples: %zu (%zu hand-labelled, %d cited) from %zu instruments; %zu held-out instruments left out\n",
                examples.size(), examples.size() - static_cast<std::size_t>(cited), cited, instruments.size(), held_out.size());

    // Out-of-fold probabilities of the hand-labelled tuning clauses.
    std::vector<std::vector<double>> oof(examples.size());
    for (int fold = 0; fold < o.folds; ++fold) {
      std::vector<std::size_t> train_set, test_set;
      for (std::size_t i = 0; i < examples.size(); ++i) {
        if (static_cast<int>(fnv1a(examples[i].instrument) % static_cast<std::uint64_t>(o.folds)) == fold) test_set.push_back(i);
        else if (examples[i].trained) train_set.push_back(i);
      }
      if (test_set.empty()) continue;
      const TagModel model = train(examples, train_set, o);
      for (auto i : test_set) {
        if (!examples[i].hand) continue;
        oof[i] = model.probabilities(examples[i].features);
      }
    }
    // Per category, the threshold (0.05 to 0.95) with the best out-of-fold F1; a tie goes to the
    // threshold nearest 0.5.
    std::vector<double> thresholds(n, 0.5);
    double macro = 0;
    std::printf("\nout-of-fold on the tuning split (%d folds by instrument)\n  %-14s %9s %9s\n", o.folds, "category", "threshold", "F1");
    for (std::size_t c = 0; c < n; ++c) {
      double best = -1;
      for (int step = 1; step <= 19; ++step) {
        const double t = step * 0.05;
        int tp = 0, fp = 0, fn = 0;
        for (std::size_t i = 0; i < examples.size(); ++i) {
          if (oof[i].empty() || !examples[i].trained) continue;
          const bool truth = examples[i].target[c] > 0, guess = oof[i][c] >= t;
          tp += truth && guess;
          fp += !truth && guess;
          fn += truth && !guess;
        }
        const double score = f1(tp, fp, fn);
        if (score > best + 1e-12 || (std::fabs(score - best) <= 1e-12 && std::fabs(t - 0.5) < std::fabs(thresholds[c] - 0.5))) {
          best = score;
          thresholds[c] = t;
        }
      }
      macro += best;
      std::printf("  %-14s %9.2f %9.3f\n", categories[c].id.c_str(), thresholds[c], best);
    }
    std::printf("  %-14s %9s %9.3f\n", "macro", "", macro / static_cast<double>(n));

    // What a reader is served, out of fold at those thresholds: the learned categories, or the
    // cited ones where the analysis cites the clause (the clause_categories view), or both.
    // Over the examples `counted` accepts (by default the trained ones).
    const auto served_macro = [&](auto categories_of, auto counted) {
      double sum = 0;
      for (std::size_t c = 0; c < n; ++c) {
        int tp = 0, fp = 0, fn = 0;
        for (std::size_t i = 0; i < examples.size(); ++i) {
          if (oof[i].empty() || !counted(examples[i])) continue;
          const bool truth = examples[i].target[c] > 0, guess = categories_of(i).count(categories[c].id) > 0;
          tp += truth && guess;
          fp += !truth && guess;
          fn += truth && !guess;
        }
        sum += f1(tp, fp, fn);
      }
      return sum / static_cast<double>(n);
    };
    const auto learned = [&](std::size_t i) {
      std::set<std::string> tagged;
      for (std::size_t c = 0; c < n; ++c)
        if (oof[i][c] >= thresholds[c]) tagged.insert(categories[c].id);
      return tagged;
    };
    const auto trained_ones = [](const Example& e) { return e.trained; };
    std::printf("  served, out of fold: learned %.3f, cited where cited else learned %.3f, both %.3f\n",
                served_macro(learned, trained_ones),
                served_macro([&](std::size_t i) { return examples[i].cited.empty() ? learned(i) : examples[i].cited; },
                             trained_ones),
                served_macro(
                    [&](std::size_t i) {
                      auto both = learned(i);
                      both.insert(examples[i].cited.begin(), examples[i].cited.end());
                      return both;
                    },
                    trained_ones));
    if (!score_only.empty())
      std::printf("  the --score-only clauses, out of fold, never trained on: learned %.3f\n",
                  served_macro(learned, [](const Example& e) { return !e.trained; }));
    for (const auto& file : report_files) {
      std::set<std::string> clauses;
      for (const auto& label : read_tag_labels(file)) clauses.insert(label.clause);
      std::printf("  %s, out of fold: learned %.3f\n", file.c_str(),
                  served_macro(learned, [&](const Example& e) { return e.hand && clauses.count(e.clause) > 0; }));
    }

    if (!oof_out.empty()) {
      std::ofstream oof_file(oof_out, std::ios::binary);
      oof_file << "# clause\tlabelled\ttagged";
      for (const auto& c : categories) oof_file << "\t" << c.id;
      oof_file << "\n";
      const auto listed = [&](auto in) {
        std::string list;
        for (std::size_t c = 0; c < n; ++c)
          if (in(c)) list += (list.empty() ? "" : ",") + categories[c].id;
        return list.empty() ? std::string("-") : list;
      };
      for (std::size_t i = 0; i < examples.size(); ++i) {
        if (oof[i].empty()) continue;
        const auto tagged = learned(i);
        oof_file << examples[i].clause << "\t" << listed([&](std::size_t c) { return examples[i].target[c] > 0; }) << "\t"
                 << listed([&](std::size_t c) { return tagged.count(categories[c].id) > 0; });
        for (const double p : oof[i]) oof_file << "\t" << std::lround(p * 1000) / 1000.0;
        oof_file << "\n";
      }
      if (!oof_file.flush()) throw DataError("cannot write " + oof_out);
    }

    std::vector<std::size_t> every;
    for (std::size_t i = 0; i < examples.size(); ++i)
      if (examples[i].trained) every.push_back(i);
    TagModel model = train(examples, every, o);
    model.thresholds = thresholds;
    std::ofstream file(out, std::ios::binary);
    file << model.to_text();
    if (!file.flush()) throw DataError("cannot write " + out);
    std::printf("\nwrote %s: %zu features\n", out.c_str(), model.weights.size());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cadre_train_tagger: " << e.what() << "\n";
    return 1;
  }
}
