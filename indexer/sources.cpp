#include "indexer/sources.hpp"

#include "core/error.hpp"
#include "indexer/clause_layout.hpp"
#include "indexer/xml.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace cadre::indexer {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

namespace {

/// Reads a source text into `bytes`, or says why not: a link that leaves the sources folder
/// is not followed, a file over k_max_source_bytes is refused by its size before any read, and
/// a read that stops short (an I/O error, a memory limit) is an error, not a shorter text.
std::optional<std::string> read_bounded(const std::filesystem::path& path, const std::filesystem::path& sources_dir,
                                        std::string& bytes) {
  std::error_code ec;
  const auto root = std::filesystem::canonical(sources_dir, ec);
  const auto target = ec ? std::filesystem::path() : std::filesystem::canonical(path, ec);
  if (ec) return "cannot resolve " + path.string() + ": " + ec.message();
  const auto relative = target.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..")
    return path.string() + " is a symbolic link that leaves the sources folder; Cadre reads only files inside "
                           "--sources (copy the file in instead)";
  const auto size = std::filesystem::file_size(target, ec);
  if (ec) return "cannot read " + path.string() + ": " + ec.message();
  if (size > k_max_source_bytes)
    return path.string() + " is larger than the " + std::to_string(k_max_source_bytes / (1024 * 1024)) +
           " MiB limit for a source text (not read)";
  std::ifstream in(target, std::ios::binary);
  bytes.resize(static_cast<std::size_t>(size));
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in || static_cast<std::uintmax_t>(in.gcount()) != size || in.peek() != std::ifstream::traits_type::eof())
    return "cannot read " + path.string() + " whole (" + std::to_string(in.gcount()) + " of " + std::to_string(size) +
           " bytes read, or it changed while read)";
  return std::nullopt;
}

} // namespace

ParsedInstrument parse_instrument(const InstrumentSpec& spec, const std::filesystem::path& sources_dir,
                                  const std::string& toml_path, Diagnostics& diags) {
  ParsedInstrument result;
  std::set<std::pair<std::string, std::string>> seen;
  const auto folder = sources_dir / spec.instrument.jurisdiction;
  for (const auto& source : spec.sources) {
    SourceOutcome outcome{source.file, source.language, source.format, source.sha256, "missing", "", 0};
    const auto path = folder / source.file;
    const std::string where = "instrument " + spec.instrument.id + ": source " + source.file + ": ";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      outcome.message = "not found at " + path.string();
      diags.error(toml_path, source.line, 1, where + outcome.message + " (check the file name, or the --sources folder)");
      result.sources.push_back(outcome);
      continue;
    }
    outcome.state = "failed";
    std::string bytes;
    if (auto refused = read_bounded(path, sources_dir, bytes)) {
      outcome.message = std::move(*refused);
      diags.error(toml_path, source.line, 1, where + outcome.message);
      result.sources.push_back(outcome);
      continue;
    }
    const std::string actual = sha256_hex(bytes);
    if (actual != source.sha256) {
      outcome.message = "sha256 mismatch: jurisdiction.toml expects " + source.sha256 + " but " + path.string() + " has " + actual;
      diags.error(toml_path, source.line, 1, where + outcome.message +
                                                 " (the text changed: review it, then update sha256)");
      result.sources.push_back(outcome);
      continue;
    }
    const SourceParser* parser = parser_for(source.format);
    if (parser == nullptr) {
      outcome.message = "unknown format " + source.format;
      diags.error(toml_path, source.line, 1, where + outcome.message);
      result.sources.push_back(outcome);
      continue;
    }
    std::vector<ParsedClause> clauses;
    try {
      clauses = parser->parse({path.string(), bytes, source.language, source.options});
      break_lines_at_children(clauses);
    } catch (const Error& e) {
      outcome.message = e.what();
      diags.error(toml_path, source.line, 1, where + "cannot be parsed: " + outcome.message);
      result.sources.push_back(outcome);
      continue;
    } catch (const std::exception& e) {
      // A parser bug must cost one source, not the whole build.
      outcome.message = std::string("parser failure: ") + e.what();
      diags.error(toml_path, source.line, 1, where + "cannot be parsed: " + outcome.message + " (please report this as a bug)");
      result.sources.push_back(outcome);
      continue;
    }
    for (auto& clause : clauses) {
      if (!seen.insert({clause.path, clause.language}).second) {
        diags.warning(toml_path, source.line, 1, where + "clause " + clause.path + " (" + clause.language +
                                                     ") appears twice; the first is kept");
        continue;
      }
      ++outcome.clauses;
      result.clauses.push_back(std::move(clause));
    }
    outcome.state = "indexed";
    result.sources.push_back(outcome);
  }
  return result;
}

} // namespace cadre::indexer
