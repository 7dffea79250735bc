// A deterministic synthetic corpus for the scale benchmark: legal-sounding English and French
// clauses of ~640 bytes built from fixed word lists by a seeded PRNG, spread over 14
// jurisdictions, written as a real corpus folder (jurisdiction.toml, framework.en/fr.md) and a
// sources folder of article-json files, so that `cadre index` runs its real path on them.
#pragma once

#include "bench/index/bare_xapian.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace cadre::bench {

struct SynthOptions {
  long clauses = 100000;            ///< clause texts in all; at least 10 per jurisdiction
  int jurisdictions = 14;
  int clauses_per_instrument = 500; ///< one article-json source per instrument
  std::uint64_t seed = 0x5eedc1a05e5ULL;
};

struct SynthCorpus {
  std::filesystem::path corpus_dir;  ///< <out>/corpus
  std::filesystem::path sources_dir; ///< <out>/sources
  long clauses = 0;
  int instruments = 0;
  std::uintmax_t text_bytes = 0;     ///< clause text only, without JSON
};

/// Writes the corpus under `out_dir` (which must not hold an older one). The same options always
/// give byte-identical files. Instruments alternate between English and French.
SynthCorpus write_synthetic_corpus(const SynthOptions& options, const std::filesystem::path& out_dir);

/// A fixed query set over the synthetic vocabulary (English, French, phrases, boolean operators,
/// a wildcard, jurisdiction and category filters), at least 30 queries.
std::vector<BenchQuery> synthetic_queries();

} // namespace cadre::bench
