#include "indexer/corpus.hpp"

#include "core/error.hpp"
#include "core/events.hpp"
#include "core/labels.hpp"
#include "indexer/input_bounds.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
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

/// The ids of a vocabulary in core/labels.hpp, which every rendering words in both languages.
template <std::size_t N> std::set<std::string> ids_of(const std::array<VocabularyLabel, N>& table) {
  std::set<std::string> out;
  for (const auto& label : table) out.emplace(label.id);
  return out;
}

const std::set<std::string> k_kinds = ids_of(k_jurisdiction_kind_labels);
const std::set<std::string> k_types = ids_of(k_type_labels);
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
  if (!source.url.empty() && !text::is_web_url(source.url))
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

const std::set<std::string> k_event_kind_set = ids_of(k_event_labels);
const std::set<std::string> k_evidence_kind_set(std::begin(k_evidence_kinds), std::end(k_evidence_kinds));

/// "a" or "an" before an event kind.
std::string with_article(const std::string& kind) {
  return (std::string("aeiou").find(kind.front()) != std::string::npos ? "an " : "a ") + kind;
}

/// One [[instrument.event]] table. `line`/`column` receive the position of the table.
InstrumentEvent read_event(const toml::table& table, const std::string& path, Diagnostics& diags,
                           const std::string& context) {
  TableReader r(table, path, diags, context);
  InstrumentEvent e;
  e.kind = r.choice("kind", k_event_kind_set, true);
  e.date = r.date("date", true);
  e.by = r.string("by", false);
  if (event_needs_by(e.kind) && e.by.empty())
    r.error_at(table.get("kind"), context + with_article(e.kind) + " event needs 'by', the instrument that did it "
                                            "(add it to the corpus as metadata if it has no text)");
  else if (!e.kind.empty() && !event_needs_by(e.kind) && !e.by.empty())
    r.error_at(table.get("by"), context + "'by' is only for amended-by, revoked-by and superseded-by events");
  if (r.get("phase") != nullptr) {
    e.phase = r.bilingual("phase", false);
    if (!e.kind.empty() && e.kind != "applies-from")
      r.error_at(table.get("phase"), context + "'phase' is only for applies-from events");
  } else if (e.kind == "applies-from") {
    r.error_at(table.get("kind"), context + "an applies-from event needs 'phase' = { en = \"…\", fr = \"…\" }: "
                                            "the provisions or phase that apply from that date");
  }
  if (const auto* evidence = r.get("evidence")) {
    if (const auto* t = evidence->as_table()) {
      TableReader er(*t, path, diags, context + "evidence: ");
      e.evidence.url = er.string("url", true);
      if (!e.evidence.url.empty() && !e.evidence.url.starts_with("https://") && !e.evidence.url.starts_with("http://"))
        er.error_at(t->get("url"), context + "evidence: 'url' must start with https:// or http://");
      e.evidence.kind = er.choice("kind", k_evidence_kind_set, true);
      e.evidence.name = er.string("name", e.evidence.kind == "secondary");
      e.evidence.seen = er.date("seen", true);
      er.finish();
    } else {
      r.error_at(evidence, context + "'evidence' must be a table such as { url = \"https://…\", kind = "
                                     "\"official-text\", seen = 2026-12-04 }");
    }
  } else {
    r.error_at(nullptr, context + "missing key 'evidence': say what the event rests on "
                                  "({ url = \"https://…\", kind = \"official-text\", seen = 2026-12-04 })");
  }
  if (r.get("note") != nullptr) e.note = r.bilingual("note", false);
  r.finish();
  return e;
}

/// Contradictions inside one instrument's history, each reported at the event's line.
void check_history(const std::vector<InstrumentEvent>& events, const std::vector<int>& lines, const std::string& id,
                   const std::string& path, Diagnostics& diags) {
  const std::string context = "instrument " + id + ": ";
  std::string first_adoption, ending_date, ending_kind;
  for (const auto& e : events)
    if ((e.kind == "adopted" || e.kind == "signed" || e.kind == "published") && !e.date.empty() &&
        (first_adoption.empty() || e.date < first_adoption))
      first_adoption = e.date;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    if (e.date.empty() || e.kind.empty()) continue;
    if (i > 0 && !events[i - 1].date.empty() && e.date < events[i - 1].date)
      diags.error(path, lines[i], 1, context + "events out of order: this " + e.kind + " event of " + e.date +
                                         " comes after one of " + events[i - 1].date + " (list events by date)");
    if (e.kind == "in-force" && !first_adoption.empty() && e.date < first_adoption)
      diags.error(path, lines[i], 1, context + "in force on " + e.date + ", before it was adopted, signed or published (" +
                                         first_adoption + ")");
    if (!ending_date.empty() && e.kind != "status-check" && e.date > ending_date)
      diags.error(path, lines[i], 1, context + with_article(e.kind) + " event on " + e.date + ", after the instrument ended (" +
                                         ending_kind + " on " + ending_date + ")");
    if (is_ending_event(e.kind) && ending_date.empty()) {
      ending_date = e.date;
      ending_kind = e.kind;
    }
    if (!e.by.empty() && e.by == id) diags.error(path, lines[i], 1, context + "'by' names the instrument itself");
  }
}

/// The optional `aliases` of a jurisdiction or an instrument: other names a reader types for it.
std::vector<std::string> read_aliases(TableReader& r, const toml::table& table, const std::string& context) {
  std::vector<std::string> aliases = r.string_list("aliases", false);
  for (const auto& alias : aliases)
    if (alias.empty() || alias.size() > 100 || !text::is_valid_utf8(alias) ||
        std::any_of(alias.begin(), alias.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }) ||
        alias.find_first_of("\"()") != std::string::npos)
      r.error_at(table.get("aliases"), context + "alias '" + text::escape_controls(alias) +
                                           "' must be a name of 1 to 100 bytes on one line, without quotes or "
                                           "brackets, as a reader types it (\"Law 25\", \"GDPR\", \"Korea\")");
  return aliases;
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
  // A name the same in both languages is a string; one that is translated, a table.
  if (const auto* name = rc.get("short_name"); name != nullptr && name->is_table())
    in.short_name = rc.bilingual("short_name", true);
  else
    in.short_name.en = rc.string("short_name", true);
  in.title = rc.bilingual("title", true);
  // Search reads a query naming one of these as asking about this instrument (core/search.hpp).
  in.aliases = read_aliases(rc, table, context);
  in.type = rc.choice("type", k_types, true);
  if (rc.get("status_note") != nullptr) in.status_note = rc.bilingual("status_note", false);
  in.official_url = rc.string("official_url", true);
  if (!in.official_url.empty() && !text::is_web_url(in.official_url))
    rc.error_at(table.get("official_url"), context + "'official_url' must be an http:// or https:// address such as "
                                                     "\"https://example.org/act\" (a host name, then only the characters "
                                                     "a URL allows: no spaces, quotes or angle brackets)");
  in.languages = rc.string_list("languages", true);
  // Checked against the jurisdiction's other instruments by load_jurisdiction, and against the
  // two texts by check_copies (indexer/build.hpp).
  in.same_text_as = rc.string("same_text_as", false);
  for (const auto& lang : in.languages)
    if (!std::regex_match(lang, std::regex("[a-z]{2,3}")))
      rc.error_at(table.get("languages"), context + "language '" + lang + "' must be an ISO 639 code such as en, fr or pt");
  if (const auto* events = rc.get("event")) {
    if (const auto* array = events->as_array()) {
      std::vector<int> lines;
      for (const auto& node : *array)
        if (const auto* t = node.as_table()) {
          in.events.push_back(read_event(*t, path, diags, context + "event: "));
          in.events.back().instrument = in.id;
          lines.push_back(static_cast<int>(t->source().begin.line));
        }
      check_history(in.events, lines, in.id, path, diags);
      spec.event_lines = lines;
    } else {
      rc.error_at(events, context + "'event' must be written as [[instrument.event]] tables");
    }
  }
  if (in.events.empty() && rc.get("event") == nullptr)
    rc.error_at(nullptr, context + "no [[instrument.event]]: list the dated events its status is computed from "
                                   "(adopted, in-force, revoked-by, ... with their evidence; docs/corpus-format.md)");
  // The status once every recorded event has happened; readers recompute it for the date they view.
  const ComputedStatus status = status_as_of(in.events, "9999-12-31");
  in.status = status.status.empty() ? "none" : status.status;
  in.status_date = status.date;
  in.status_by = status.by;
  in.status_checked = status.checked;
  in.status_evidence = status.evidence;
  if (const auto* sources = rc.get("source")) {
    if (const auto* array = sources->as_array()) {
      for (const auto& node : *array)
        if (const auto* t = node.as_table()) spec.sources.push_back(read_source(*t, path, diags, context + "source: "));
    } else {
      rc.error_at(sources, context + "'source' must be written as [[instrument.source]] tables");
    }
  }
  spec.current_from = rc.date("current_from", false);
  if (const auto* versions = rc.get("version")) {
    if (const auto* array = versions->as_array()) {
      for (const auto& node : *array) {
        const auto* t = node.as_table();
        if (t == nullptr) continue;
        TableReader vr(*t, path, diags, context + "version: ");
        VersionSpec version;
        version.line = vr.line();
        version.from = vr.date("from", true);
        if (vr.get("note") != nullptr) version.note = vr.bilingual("note", false);
        if (const auto* vs = vr.get("source")) {
          if (const auto* va = vs->as_array())
            for (const auto& sn : *va)
              if (const auto* st = sn.as_table()) version.sources.push_back(read_source(*st, path, diags, context + "version: source: "));
        }
        if (version.sources.empty())
          vr.error_at(nullptr, context + "version: a version needs its text: add [[instrument.version.source]]");
        if (!version.from.empty() && !spec.versions.empty() && version.from <= spec.versions.back().from)
          vr.error_at(t->get("from"), context + "version: versions are listed oldest first, each from a later date");
        vr.finish();
        spec.versions.push_back(std::move(version));
      }
    } else {
      rc.error_at(versions, context + "'version' must be written as [[instrument.version]] tables");
    }
    if (spec.current_from.empty())
      rc.error_at(nullptr, context + "an instrument with earlier versions needs 'current_from', the date its "
                                     "[[instrument.source]] text applies from");
    else if (!spec.versions.empty() && !spec.versions.back().from.empty() && spec.versions.back().from >= spec.current_from)
      rc.error_at(rc.get("current_from"), context + "'current_from' must be later than every version's 'from'");
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
  if (std::filesystem::exists(corpus_dir / "jurisdiction.toml"))
    return {corpus_dir.has_filename() ? corpus_dir : corpus_dir.parent_path()}; // "corpus/eu/" is the folder "eu"
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
  if (const auto violation = check_toml_bounds(toml_text)) {
    diags.error(spec.toml_path, violation->line, violation->column, violation->message);
    return std::nullopt;
  }
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
  j.aliases = read_aliases(r, root, "");
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
        if (const std::string& original = instrument.instrument.same_text_as; !original.empty()) {
          // A copy names the instrument it copies, listed before it and not a copy itself, so that
          // every group of copies is one original and the instruments that name it.
          const auto line = static_cast<int>(t->get("same_text_as")->source().begin.line);
          const auto earlier = std::find_if(spec.instruments.begin(), spec.instruments.end(),
                                            [&](const InstrumentSpec& o) { return o.instrument.id == original; });
          const std::string context = "instrument " + instrument.instrument.id + ": same_text_as '" + original + "' ";
          if (original == instrument.instrument.id)
            diags.error(spec.toml_path, line, 1, context + "names the instrument itself");
          else if (earlier == spec.instruments.end())
            diags.error(spec.toml_path, line, 1, context + "is not an instrument listed before this one in this jurisdiction.toml "
                                                           "(list the original first)");
          else if (!earlier->instrument.same_text_as.empty())
            diags.error(spec.toml_path, line, 1, context + "is itself a copy of '" + earlier->instrument.same_text_as +
                                                           "': name that original instead");
        }
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
      for (std::size_t i = 0; i < in.instrument.events.size(); ++i) {
        const auto& e = in.instrument.events[i];
        if (!e.by.empty() && instruments.count(e.by) == 0)
          diags.error(j.toml_path, i < in.event_lines.size() ? in.event_lines[i] : in.line, 1,
                      "instrument " + in.instrument.id + ": " + e.kind + " names unknown instrument '" + e.by +
                          "' (list it in a jurisdiction.toml, as metadata if it has no text)");
      }
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
