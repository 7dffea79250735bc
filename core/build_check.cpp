#include "core/build_check.hpp"

#include "core/error.hpp"
#include "core/library.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <tuple>

#include <xxhash.h>

namespace cadre {
namespace {

namespace fs = std::filesystem;

/// The files a manifest covers, as paths relative to `build_dir`, sorted.
std::vector<fs::path> covered_files(const fs::path& build_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(build_dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const auto relative = it->path().lexically_relative(build_dir);
    const auto name = relative.filename().string();
    if (name == BuildCheck::k_manifest || name == "flintlock") continue;
    files.push_back(relative);
  }
  if (ec) throw DataError("cannot list " + build_dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

struct Entry {
  std::string checksum;
  std::uintmax_t size = 0;
  std::string path;
};

} // namespace

std::string BuildCheck::checksum(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError("cannot read " + file.string());
  const std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
  if (!state || XXH3_64bits_reset(state.get()) != XXH_OK) throw std::bad_alloc();
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    XXH3_64bits_update(state.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw DataError("cannot read " + file.string());
  char hex[std::string_view(k_checksum_tag).size() + 17];
  std::snprintf(hex, sizeof hex, "%s%016llx", k_checksum_tag, static_cast<unsigned long long>(XXH3_64bits_digest(state.get())));
  return hex;
}

void BuildCheck::write_manifest(const fs::path& build_dir) {
  std::ostringstream out;
  for (const auto& relative : covered_files(build_dir)) {
    const auto path = build_dir / relative;
    out << checksum(path) << ' ' << fs::file_size(path) << ' ' << relative.generic_string() << '\n';
  }
  std::ofstream file(build_dir / k_manifest, std::ios::binary | std::ios::trunc);
  file << out.str();
  file.close();
  if (!file) throw DataError("cannot write " + (build_dir / k_manifest).string() + " (is the disk full?)");
}

std::optional<std::string> BuildCheck::problem(const fs::path& build_dir, bool full) {
  std::error_code ec;
  if (!fs::is_directory(build_dir, ec)) return "the build folder " + build_dir.string() + " is gone";
  std::ifstream in(build_dir / k_manifest, std::ios::binary);
  if (!in) {
    for (const char* required : {BuildLayout::k_sqlite, BuildLayout::k_xapian})
      if (!fs::exists(build_dir / required, ec)) return (build_dir / required).string() + " is missing";
    return std::nullopt;
  }
  std::string line;
  std::size_t entries = 0;
  while (std::getline(in, line)) {
    Entry e;
    std::istringstream fields(line);
    if (!(fields >> e.checksum >> e.size) || !std::getline(fields >> std::ws, e.path) || e.path.empty() ||
        e.path.find("..") != std::string::npos)
      return (build_dir / k_manifest).string() + " is damaged";
    ++entries;
    const auto path = build_dir / e.path;
    const auto size = fs::file_size(path, ec);
    if (ec) return path.string() + " is missing";
    if (size != e.size)
      return path.string() + " has " + std::to_string(size) + " bytes instead of " + std::to_string(e.size);
    if (full) {
      if (!e.checksum.starts_with(k_checksum_tag))
        return (build_dir / k_manifest).string() + " was written by an older Cadre, with another checksum";
      std::string actual;
      try {
        actual = checksum(path);
      } catch (const Error& error) {
        return error.what();
      }
      if (actual != e.checksum) return path.string() + " is damaged (its checksum changed since the build was written)";
    }
  }
  if (entries == 0) return (build_dir / k_manifest).string() + " is empty";
  return std::nullopt;
}

std::vector<fs::path> BuildCheck::builds_newest_first(const fs::path& data_dir) {
  std::vector<std::tuple<std::string, fs::file_time_type, fs::path>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(data_dir / BuildLayout::k_builds, ec)) {
    if (!entry.is_directory() || entry.path().filename().string().starts_with(".")) continue;
    std::string built_at;
    std::ifstream(entry.path() / "built_at") >> built_at;
    std::error_code ignored;
    found.emplace_back(built_at, fs::last_write_time(entry.path(), ignored), entry.path());
  }
  std::sort(found.rbegin(), found.rend());
  std::vector<fs::path> out;
  for (auto& [when, written, path] : found) out.push_back(std::move(path));
  return out;
}

} // namespace cadre
