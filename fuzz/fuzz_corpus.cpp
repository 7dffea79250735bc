// The corpus loader on arbitrary jurisdiction.toml and framework Markdown. Input: byte 0 picks
// the file (even: jurisdiction.toml, odd: framework.en.md), the rest is its content; the other
// files are the fixture jurisdiction xa's. Problems must come back as diagnostics, never as an
// exception, a crash or undefined behaviour.
#include "indexer/corpus.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

std::filesystem::path g_dir;

void write(const std::filesystem::path& path, const char* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char pattern[] = "/tmp/cadre-fuzz-corpus-XXXXXX";
  if (mkdtemp(pattern) == nullptr) std::abort();
  g_dir = std::filesystem::path(pattern) / "xa";
  std::filesystem::create_directories(g_dir);
  const std::filesystem::path fixture = std::filesystem::path(CADRE_FIXTURE_DATA) / "corpus" / "xa";
  for (const char* name : {"jurisdiction.toml", "framework.en.md", "framework.fr.md"})
    std::filesystem::copy_file(fixture / name, g_dir / name, std::filesystem::copy_options::overwrite_existing);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return -1;
  const char* text = reinterpret_cast<const char*>(data + 1);
  if (data[0] % 2 == 0) {
    write(g_dir / "jurisdiction.toml", text, size - 1);
    cadre::indexer::Diagnostics diags;
    (void)cadre::indexer::load_jurisdiction(g_dir, diags);
  } else {
    cadre::indexer::Diagnostics diags;
    (void)cadre::indexer::parse_framework(std::string(text, size - 1), "en", "fuzz/framework.en.md", diags);
  }
  return 0;
}
