// Every source parser on arbitrary bytes (input layout: fuzz/parser_variants.hpp). A DataError
// is the expected answer to a bad file; anything else escaping (another exception, a crash, a
// leak, undefined behaviour) is a bug: in `cadre index` it would end the process from a worker
// thread.
#include "core/error.hpp"
#include "fuzz/parser_variants.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return -1;
  const cadre::fuzz::ParserVariant* variant = nullptr;
  const auto input = cadre::fuzz::parser_input(data, size, &variant);
  try {
    const auto clauses = cadre::indexer::parser_for(variant->format)->parse(input);
    for (const auto& clause : clauses)
      if (clause.path.empty()) __builtin_trap(); // the contract: every clause has an id
  } catch (const cadre::DataError&) {
  }
  return 0;
}
