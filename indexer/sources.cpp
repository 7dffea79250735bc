#include "indexer/sources.hpp"

#include "core/error.hpp"

#include <openssl/evp.h>

#include <fstream>
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
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    const std::string bytes = content.str();
    outcome.state = "failed";
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
