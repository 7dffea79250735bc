// The parser configurations the fuzzer tries, shared with the regression test that replays
// its crashing inputs (tests/hostile/fuzz_regressions_test.cpp). Input layout: byte 0 picks a
// variant (modulo their number), byte 1 the declared language, the rest is the file.
#pragma once

#include "indexer/source_parser.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cadre::fuzz {

struct ParserVariant {
  std::string format;
  std::map<std::string, std::string> options;
};

/// Every format without options, then the option values the corpus uses (a parser that needs
/// an option only refuses the input without one).
inline const std::vector<ParserVariant>& parser_variants() {
  static const std::vector<ParserVariant> variants = [] {
    std::vector<ParserVariant> out;
    for (const auto& format : indexer::known_formats()) out.push_back({format, {}});
    for (const char* numbering : {"eu-articles", "articles", "nist", "crs", "sections"})
      out.push_back({"markdown", {{"numbering", numbering}}});
    for (const char* numbering : {"articles", "meti", "ca-bill", "qc-strategy"})
      out.push_back({"plain-text", {{"numbering", numbering}}});
    out.push_back({"parl-ca-bill", {{"part", "3"}}});
    return out;
  }();
  return variants;
}

inline constexpr std::array<const char*, 6> k_fuzz_languages = {"en", "fr", "pt", "zh", "ja", "ko"};

/// The parser input that a fuzz input of at least two bytes stands for.
inline indexer::SourceInput parser_input(const std::uint8_t* data, std::size_t size, const ParserVariant** variant) {
  *variant = &parser_variants()[data[0] % parser_variants().size()];
  indexer::SourceInput input;
  input.display_path = "fuzz/" + (*variant)->format;
  input.language = k_fuzz_languages[data[1] % k_fuzz_languages.size()];
  input.options = (*variant)->options;
  input.bytes.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  return input;
}

} // namespace cadre::fuzz
