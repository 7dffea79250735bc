#include "indexer/corpus.hpp"

#include "core/error.hpp"
#include "core/schema.hpp"
#include "indexer/source_parser.hpp"
#include "indexer/toml_reader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace cadre::indexer {
namespace {

const std::set<std::string> k_kinds = {"national", "sub-national", "supranational", "international"};
const std::set<std::string> k_types = {"statute",  "bill",       "regulation",     "executive-order",
                                       "directive", "guideline", "strategy",       "convention",
                                       "recommendation", "standard", "plan"};
const std::set<std::string> k_statuses = {"in-force", "adopted",    "bill",      "lapsed",
                                          "expired",  "revoked",    "superseded", "withdrawn"};
const std::set<std::string> k_events = {"introduced", "adopted", "signed",     "published", "in_force",
                                        "applies",    "amended", "lapsed",     "revoked",   "superseded",
                                        "expired",    "withdrawn"};
const std::set<std::string> k_text_languages = {"en", "fr", "pt", "zh", "ja", "ko"};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

/// True when `path`, every symbolic link resolved, lies inside `root` (also resolved). A path
/// that does not resolve (missing, or a dangling link) counts as inside: it is reported as
/// missing where it is read.
bool stays_inside(const std::filesystem::path& path, const std::filesystem::path& root) {
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec);
  if (ec) return true;
  const auto real_root = std::filesystem::canonical(root, ec);
  if (ec) return false;
  return std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end()).first == real_root.end();
}

/// Corpus files are written by hand: anything larger is a mistake or an attack on memory.
constexpr std::uintmax_t k_max_corpus_file_bytes = 4u * 1024u * 1024u;

/// Reports and returns true when `path` is larger than k_max_corpus_file_bytes.
bool too_large(const std::filesystem::path& path, Diagnostics& diags) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size <= k_max_corpus_file_bytes) return false;
  diags.error(path.string(), 0, 0, "the file is larger than the " + std::to_string(k_max_corpus_file_bytes / (1024 * 1024)) +
                                       " MiB limit for a corpus file");
  return true;
}

/// The corpus folder holding jurisdiction folder `dir` ("corpus/xa/" gives "corpus").
std::filesystem::path corpus_root_of(const std::filesystem::path& dir) {
  auto absolute = std::filesystem::absolute(dir).lexically_normal();
  if (absolute.filename().empty()) absolute = absolute.parent_path();
  return absolute.parent_path();
}

constexpr const char* k_link_out_of_corpus =
    "is a symbolic link that leaves the corpus folder; Cadre reads only files inside the corpus "
    "(copy the file or folder in instead)";

SourceSpec read_source(const toml::table& table, const std::string& path, Diagnostics& diags,
                       const std::string& context) {
  TableReader r(table, path, diags, context);
  SourceSpec source;
  source.line = r.line();
  source.file = r.string("file", true);
  if (!source.file.empty() &&
      (source.file.find('/') != std::string::npos || source.file.find('\\') != std::string::npos ||
       source.file == "." || source.file == ".." || source.file.front() == '.'))
    r.error_at(table.get("file"), context + "'file' must be a plain file name inside the jurisdiction's "
                                            "sources folder, without '/' or a leading '.'");
  source.format = r.string("format", true);
  if (!source.format.empty() && parser_for(source.format) == nullptr) {
    std::set<std::string> formats;
    for (const auto& f : known_formats()) formats.insert(f);
    r.error_at(table.get("format"), context + "unknown format '" + source.format + "'; known formats: " + join_choices(formats));
  }
  source.language = r.choice("language", k_text_languages, true);
  source.sha256 = r.string("sha256", true);
  if (!source.sha256.empty() && !std::regex_match(source.sha256, std::regex("[0-9a-f]{64}")))
    r.error_at(table.get("sha256"), context + "'sha256' must be 64 lowercase hexadecimal digits");
  source.url = r.string("url", false);
  if (!source.url.empty() &&
      !std::regex_match(source.url, std::regex("https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][^\\s]*)?")))
    r.error_at(table.get("url"), context + "'url' must be an http:// or https:// address such as "
                                           "\"https://example.org/act.xml\" (no spaces)");
  if (const auto* options = r.get("options")) {
    if (const auto* t = options->as_table()) {
      for (const auto& [key, value] : *t) {
        if (!value.is_string()) r.error_at(&value, context + "option '" + std::string(key.str()) + "' must be a string");
        else source.options[std::string(key.str())] = *value.value<std::string>();
      }
    } else {
      r.error_at(options, context + "'options' must be a table such as { numbering = \"articles\" }");
    }
  }
  r.finish();
  return source;
}

InstrumentSpec read_instrument(const toml::table& table, const std::string& code, const std::string& path,
                               Diagnostics& diags) {
  TableReader r(table, path, diags, "instrument: ");
  InstrumentSpec spec;
  Instrument& in = spec.instrument;
  spec.line = r.line();
  in.jurisdiction = code;
  in.id = r.string("id", true);
  if (!in.id.empty()) {
    // The length check comes first: std::regex recurses once per character.
    if (in.id.size() > 200 || !std::regex_match(in.id, std::regex("[a-z0-9-]+/[a-z0-9][a-z0-9.-]*")))
      r.error_at(table.get("id"), "instrument id '" + in.id + "' must look like <code>/<slug>, e.g. eu/ai-act");
    else if (in.id.substr(0, in.id.find('/')) != code)
      r.error_at(table.get("id"), "instrument id '" + in.id + "' must start with this jurisdiction's code '" + code + "/'");
  }
  const std::string context = "instrument " + (in.id.empty() ? std::string("?") : in.id) + ": ";
  TableReader rc(table, path, diags, context);
  rc.get("id");
  in.short_name = rc.string("short_name", true);
  in.title = rc.bilingual("title", true);
  in.type = rc.choice("type", k_types, true);
  in.status = rc.choice("status", k_statuses, true);
  in.status_date = rc.date("status_date", false);
  in.status_by = rc.string("status_by", false);
  in.status_checked = rc.date("status_checked", false);
  if (rc.get("status_note") != nullptr) in.status_note = rc.bilingual("status_note", false);
  in.official_url = rc.string("official_url", true);
  if (!in.official_url.empty() && !in.official_url.starts_with("https://") && !in.official_url.starts_with("http://"))
    rc.error_at(table.get("official_url"), context + "'official_url' must start with https:// or http://");
  in.languages = rc.string_list("languages", true);
  for (const auto& lang : in.languages)
    if (!std::regex_match(lang, std::regex("[a-z]{2,3}")))
      rc.error_at(table.get("languages"), context + "language '" + lang + "' must be an ISO 639 code such as en, fr or pt");
  if (in.status == "revoked" || in.status == "superseded") {
    if (in.status_date.empty()) rc.error_at(table.get("status"), context + "a " + in.status + " instrument needs status_date");
  }
  if (const auto* dates = rc.get("dates")) {
    if (const auto* t = dates->as_table()) {
      for (const auto& [key, value] : *t) {
        const std::string event(key.str());
        if (k_events.count(event) == 0) {
          diags.error(path, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                      context + "unknown date event '" + event + "'; use one of: " + join_choices(k_events));
          continue;
        }
        const std::string date = rc.date_of(&value, "dates." + event, true);
        if (!date.empty()) in.dates.push_back({event, date});
      }
      std::sort(in.dates.begin(), in.dates.end(),
                [](const auto& a, const auto& b) { return a.date != b.date ? a.date < b.date : a.event < b.event; });
    } else {
      rc.error_at(dates, context + "'dates' must be a table such as { adopted = 2024-06-13 }");
    }
  }
  if (const auto* sources = rc.get("source")) {
    if (const auto* array = sources->as_array()) {
      for (const auto& node : *array)
        if (const auto* t = node.as_table()) spec.sources.push_back(read_source(*t, path, diags, context + "source: "));
    } else {
      rc.error_at(sources, context + "'source' must be written as [[instrument.source]] tables");
    }
  }
  rc.finish();
  return spec;
}

} // namespace

bool is_valid_code(const std::string& code) {
  static const std::regex pattern("[a-z]{2,6}(-[a-z0-9]{1,3})?");
  return std::regex_match(code, pattern);
}

std::vector<std::filesystem::path> jurisdiction_dirs(const std::filesystem::path& corpus_dir) {
  if (std::filesystem::exists(corpus_dir / "jurisdiction.toml")) return {corpus_dir};
  if (!std::filesystem::is_directory(corpus_dir))
    throw UserError("corpus folder " + corpus_dir.string() + " does not exist", "--corpus");
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_dir))
    if (entry.is_directory() && entry.path().filename().string().front() != '.') dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::optional<JurisdictionSpec> load_jurisdiction(const std::filesystem::path& dir, Diagnostics& diags) {
  const std::size_t mark = diags.size();
  JurisdictionSpec spec;
  spec.dir = dir;
  const auto toml_path = dir / "jurisdiction.toml";
  spec.toml_path = toml_path.string();
  const std::string folder = dir.filename().string();
  // A contributor's pull request must not make the indexer read outside the corpus: neither a
  // jurisdiction folder nor one of its files may be a link to somewhere else.
  const auto corpus_root = corpus_root_of(dir);
  if (!stays_inside(dir, corpus_root)) {
    diags.error(dir.string(), 0, 0, std::string("the jurisdiction folder ") + k_link_out_of_corpus);
    return std::nullopt;
  }
  if (!stays_inside(toml_path, corpus_root)) {
    diags.error(spec.toml_path, 0, 0, std::string("jurisdiction.toml ") + k_link_out_of_corpus);
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(toml_path)) {
    diags.error(dir.string(), 0, 0, "no jurisdiction.toml in this folder: every folder of the corpus is a jurisdiction "
                                    "(`cadre new <code>` creates one)");
    return std::nullopt;
  }
  if (too_large(toml_path, diags)) return std::nullopt;
  const std::string toml_text = read_text(toml_path);
  toml::table root;
  try {
    root = toml::parse(toml_text, spec.toml_path);
  } catch (const toml::parse_error& e) {
    diags.error(spec.toml_path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                std::string(e.description()));
    return std::nullopt;
  }
  TableReader r(root, spec.toml_path, diags, "");
  Jurisdiction& j = spec.jurisdiction;
  j.code = r.string("code", true);
  if (!j.code.empty() && !is_valid_code(j.code))
    r.error_at(root.get("code"), "code '" + j.code + "' is not a valid jurisdiction code: use a lowercase ISO 3166 "
                                 "code such as ca, ca-qc or us-co, or a short body code such as eu or oecd");
  else if (!j.code.empty() && j.code != folder)
    r.error_at(root.get("code"), "code '" + j.code + "' does not match the folder name '" + folder + "'");
  j.name = r.bilingual("name", true);
  j.kind = r.choice("kind", k_kinds, true);
  j.parent = r.string("parent", false);
  if (j.kind == "sub-national" && j.parent.empty())
    r.error_at(root.get("kind"), "a sub-national jurisdiction needs 'parent' (e.g. parent = \"ca\")");
  j.as_of = r.date("as_of", true);
  std::set<std::string> ids;
  if (const auto* instruments = r.get("instrument")) {
    if (const auto* array = instruments->as_array()) {
      for (const auto& node : *array) {
        const auto* t = node.as_table();
        if (t == nullptr) continue;
        auto instrument = read_instrument(*t, j.code.empty() ? folder : j.code, spec.toml_path, diags);
        if (!instrument.instrument.id.empty() && !ids.insert(instrument.instrument.id).second)
          diags.error(spec.toml_path, instrument.line, 1, "duplicate instrument id '" + instrument.instrument.id + "'");
        if (instrument.instrument.status_checked.empty()) instrument.instrument.status_checked = j.as_of;
        spec.instruments.push_back(std::move(instrument));
      }
    } else {
      r.error_at(instruments, "'instrument' must be written as [[instrument]] tables");
    }
  }
  if (spec.instruments.empty()) r.error_at(nullptr, "no [[instrument]]: list at least one instrument");
  r.finish();

  for (const char* lang : k_languages) {
    const auto path = dir / ("framework." + std::string(lang) + ".md");
    if (!stays_inside(path, corpus_root)) {
      diags.error(path.string(), 0, 0, path.filename().string() + " " + k_link_out_of_corpus);
      continue;
    }
    if (!std::filesystem::is_regular_file(path)) {
      diags.error(path.string(), 0, 0, "missing: every jurisdiction has framework.en.md and framework.fr.md");
      continue;
    }
    if (too_large(path, diags)) continue;
    spec.frameworks.push_back(parse_framework(read_text(path), lang, path.string(), diags));
  }
  {
    const auto path = dir / k_provisions_file;
    if (!stays_inside(path, corpus_root)) {
      diags.error(path.string(), 0, 0, std::string(k_provisions_file) + " " + k_link_out_of_corpus);
    } else if (!std::filesystem::is_regular_file(path)) {
      diags.error(path.string(), 0, 0, "missing: every jurisdiction records its provision values in provisions.toml "
                                       "(`cadre new` writes one to fill in; see docs/corpus-format.md)");
    } else if (!too_large(path, diags)) {
      std::map<std::string, bool> instruments; // id -> has a source text
      for (const auto& in : spec.instruments) instruments[in.instrument.id] = instruments[in.instrument.id] || !in.sources.empty();
      spec.provisions = parse_provisions(read_text(path), path.string(), j.code.empty() ? folder : j.code,
                                         instruments, diags);
    }
  }
  for (const auto& framework : spec.frameworks)
    for (const auto& cell : framework.cells)
      for (const auto& citation : cell.citations) {
        const std::string instrument = citation.whole_instrument ? citation.target
                                                                 : citation.target.substr(0, citation.target.rfind('/'));
        if (!instrument.starts_with(j.code + "/") && !j.code.empty()) continue; // other jurisdictions: cross-checked
        if (ids.count(instrument) == 0)
          diags.error(framework.path, citation.line, citation.column,
                      "citation '" + citation.target + "' names unknown instrument '" + instrument +
                          "' (instruments of " + j.code + " are listed in jurisdiction.toml)");
      }
  if (diags.has_errors_since(mark)) return std::nullopt;
  return spec;
}

void check_cross_references(const std::vector<JurisdictionSpec>& corpus, Diagnostics& diags) {
  std::map<std::string, const JurisdictionSpec*> codes;
  std::map<std::string, std::string> instruments; // id -> toml path
  for (const auto& j : corpus) {
    if (!codes.emplace(j.jurisdiction.code, &j).second)
      diags.error(j.toml_path, 1, 1, "jurisdiction code '" + j.jurisdiction.code + "' is used twice");
    for (const auto& in : j.instruments)
      if (!instruments.emplace(in.instrument.id, j.toml_path).second)
        diags.error(j.toml_path, in.line, 1, "instrument id '" + in.instrument.id + "' is also declared in " +
                                                 instruments[in.instrument.id]);
  }
  for (const auto& j : corpus) {
    if (!j.jurisdiction.parent.empty() && codes.count(j.jurisdiction.parent) == 0)
      diags.error(j.toml_path, 1, 1, "parent '" + j.jurisdiction.parent + "' is not a jurisdiction of the corpus");
    for (const auto& in : j.instruments)
      if (!in.instrument.status_by.empty() && instruments.count(in.instrument.status_by) == 0)
        diags.error(j.toml_path, in.line, 1, "instrument " + in.instrument.id + ": status_by names unknown instrument '" +
                                                 in.instrument.status_by + "'");
    for (const auto& framework : j.frameworks)
      for (const auto& cell : framework.cells)
        for (const auto& citation : cell.citations) {
          const std::string instrument = citation.whole_instrument ? citation.target
                                                                   : citation.target.substr(0, citation.target.rfind('/'));
          if (instrument.starts_with(j.jurisdiction.code + "/")) continue; // checked at load
          if (instruments.count(instrument) == 0)
            diags.error(framework.path, citation.line, citation.column,
                        "citation '" + citation.target + "' names unknown instrument '" + instrument + "'");
        }
  }
}

} // namespace cadre::indexer
