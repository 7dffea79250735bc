// How fuzz_search turns its input into a search request, shared with the regression test that
// replays its crashing inputs (tests/hostile/fuzz_regressions_test.cpp). Byte 0 picks the
// language filter (none or one of six), the document type and the page; the rest is the query.
#pragma once

#include "core/library.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace cadre::fuzz {

/// The request for an input of at least one byte.
inline SearchRequest search_request(const std::uint8_t* data, std::size_t size) {
  static constexpr std::array<const char*, 6> languages = {"en", "fr", "pt", "zh", "ja", "ko"};
  static constexpr std::array<const char*, 3> types = {"", "clause", "cell"};
  SearchRequest request;
  const unsigned selector = data[0];
  if (selector % 7 != 6) request.languages.push_back(languages[selector % 7]);
  request.type = types[(selector / 7) % 3];
  request.page = 1 + static_cast<int>((selector / 21) % 3);
  request.query.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  return request;
}

} // namespace cadre::fuzz
