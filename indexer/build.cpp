#include "indexer/build.hpp"
#include "indexer/claims.hpp"

#include "core/build_check.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/library.hpp"
#include "core/prefixes.hpp"
#include "core/schema.hpp"
#include "core/search.hpp"
#include "core/text.hpp"
#include "indexer/ordered_pipeline.hpp"
#include "indexer/tagger.hpp"
#include "indexer/text_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <deque>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <signal.h>
#include <unistd.h>

namespace cadre::indexer {
namespace {

/// The file in each build that records what its clause data was made from (see build()).
constexpr const char* k_reuse_record = "inputs";
/// Raise when what the build writes from the same parsed texts changes (tagging, terms, rows),
/// so that a fast rebuild never reuses clause data written the old way.
constexpr int k_reuse_format = 6;

constexpr const char* k_insert_cell = "INSERT INTO cells (jurisdiction, category, language, markdown, html, text, as_of, "
                                      "summary_markdown, summary_html, summary_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* k_insert_citation = "INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?)";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string instrument_of(const CitationSpec& citation) {
  return citation.whole_instrument ? citation.target : citation.target.substr(0, citation.target.rfind('/'));
}

std::string digits_only(const std::string& date) {
  std::string out;
  for (char c : date)
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

/// Removes temporary build directories left by an index run that was killed.
void remove_stale_temporaries(const std::filesystem::path& builds) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(builds, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".tmp-")) continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.substr(5).c_str()));
    if (pid > 0 && pid != getpid() && ::kill(pid, 0) == 0) continue; // another index run is writing it
    std::filesystem::remove_all(entry.path(), ec);
  }
}

/// The builds a running `cadre serve` declares it serves or falls back to, in
/// `builds/.serving-<pid>` files (one build folder name a line) whose process is alive.
std::set<std::string> builds_in_use(const std::filesystem::path& builds) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(builds, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".serving-")) continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.substr(9).c_str()));
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      std::filesystem::remove(entry.path(), ec);
      continue;
    }
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) names.insert(line);
  }
  return names;
}

/// Keeps the current build, the builds a running server serves or would fall back to (see
/// builds_in_use), and the two most recent others (an in-flight reader may still use
/// the previous one); removes older builds.
void prune_builds(const std::filesystem::path& builds, const std::filesystem::path& current) {
  const std::set<std::string> served = builds_in_use(builds);
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> old;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(builds, ec)) {
    if (!entry.is_directory() || entry.path().filename().string().starts_with(".")) continue;
    if (std::filesystem::equivalent(entry.path(), current, ec)) continue;
    if (served.contains(entry.path().filename().string())) continue;
    old.emplace_back(std::filesystem::last_write_time(entry.path(), ec), entry.path());
  }
  std::sort(old.rbegin(), old.rend());
  for (std::size_t i = 2; i < old.size(); ++i) std::filesystem::remove_all(old[i].second, ec);
}

struct ClauseRow {
  std::string id, instrument, parent;
  int ordinal = 0, depth = 0;
  std::vector<const ParsedClause*> versions;
  std::vector<ClauseTag> tags;
  bool in_definitions = false; ///< see in_definitions_unit
};

class Writer {
public:
  /// Creates both stores in `dir`, or with `fresh` false opens the copies of a previous build's.
  explicit Writer(const std::filesystem::path& dir, bool fresh = true)
      : m_db((dir / BuildLayout::k_sqlite).string(), SQLite::OPEN_READWRITE | (fresh ? SQLite::OPEN_CREATE : 0)),
        m_fresh(fresh), m_records_order(!fresh) {
    m_db.exec("PRAGMA journal_mode = OFF");
    m_db.exec("PRAGMA synchronous = OFF");
    if (fresh) {
      for (auto sql : migrations()) m_db.exec(std::string(sql));
      m_db.exec("PRAGMA user_version = " + std::to_string(schema_version()));
    }
    m_xapian = Xapian::WritableDatabase((dir / BuildLayout::k_xapian).string(), fresh ? Xapian::DB_CREATE : Xapian::DB_OPEN);
    if (fresh) m_xapian.set_metadata(std::string(slot::k_layout_key), std::string(slot::k_layout));
  }

  /// The unique ids passed to index_document, in order, by a writer over a previous build's
  /// copies (a fast rebuild checks them against the old order); a fresh writer keeps none, as
  /// they would grow with the corpus (a million strings at a million clauses).
  const std::vector<std::string>& written() const { return m_written; }

  SQLite::Database& db() { return m_db; }
  Xapian::WritableDatabase& xapian() { return m_xapian; }

  void index_document(const std::string& unique, const std::string& language, const std::string& data,
                      const std::string& heading, const std::string& body, const std::vector<std::string>& boolean_terms,
                      const std::vector<std::pair<unsigned, std::string>>& values) {
    Xapian::Document doc;
    doc.set_data(data);
    m_generator.set_document(doc);
    m_generator.set_stemmer(stemmer_for(language));
    m_generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    m_generator.set_flags(text::is_cjk_language(language) ? Xapian::TermGenerator::FLAG_CJK_NGRAM : 0);
    const auto prepare = [&](const std::string& s) { return language == "fr" ? text::split_elisions(s) : s; };
    if (!heading.empty()) {
      m_generator.index_text(prepare(heading), 8);
      m_generator.increase_termpos();
    }
    m_generator.index_text(prepare(body));
    doc.add_boolean_term(std::string(prefix::id) + unique);
    doc.add_boolean_term(std::string(prefix::language) + language);
    for (const auto& term : boolean_terms) doc.add_boolean_term(term);
    for (const auto& [slot, value] : values) doc.add_value(slot, value);
    // A fresh database gets each unique id once (it is the key of a clause version, cell or
    // provision value, unique in SQLite too): adding skips the look-up of the id's posting list
    // that replacing costs for every document (about 4 % of a bundled build).
    if (m_fresh) m_xapian.add_document(doc);
    else m_xapian.replace_document(std::string(prefix::id) + unique, doc);
    if (m_records_order) m_written.push_back(unique);
  }

  void close() {
    m_xapian.commit();
    m_xapian.close();
  }

private:
  /// One stemmer a language for the whole build: constructing one allocates its Snowball state.
  const Xapian::Stem& stemmer_for(const std::string& language) {
    auto it = m_stemmers.find(language);
    if (it == m_stemmers.end()) {
      const auto name = text::stemmer_name(language);
      it = m_stemmers.emplace(language, name == "none" ? Xapian::Stem() : Xapian::Stem(std::string(name))).first;
    }
    return it->second;
  }

  SQLite::Database m_db;
  Xapian::WritableDatabase m_xapian;
  Xapian::TermGenerator m_generator;
  std::map<std::string, Xapian::Stem, std::less<>> m_stemmers;
  bool m_fresh;
  bool m_records_order;
  std::vector<std::string> m_written;
};

std::string data_fields(std::initializer_list<std::string> fields) {
  std::string out;
  for (const auto& f : fields) {
    std::string clean = f;
    std::replace(clean.begin(), clean.end(), '\n', ' ');
    out += clean + "\n";
  }
  return out;
}

void write_provisions(SQLite::Database& db) {
  SQLite::Statement q(db, "INSERT INTO provisions VALUES (?, ?, ?, ?, ?, ?, ?)");
  int ordinal = 0;
  for (const auto& p : schema().provisions) {
    q.bind(1, p.id); q.bind(2, p.category); q.bind(3, ordinal++); q.bind(4, p.label.en); q.bind(5, p.label.fr);
    q.bind(6, p.definition.en); q.bind(7, p.definition.fr);
    q.exec(); q.reset();
  }
}

/// Writes the jurisdiction's provision values, in schema order, and indexes each note as a
/// search document ("provision:<code>/<provision>@<lang>"). Returns the number of values.
int write_provision_values(Writer& writer, const JurisdictionSpec& j, const std::map<std::string, std::string>& status_of) {
  if (!j.provisions) return 0;
  const Schema& schema = cadre::schema();
  const Jurisdiction& jd = j.jurisdiction;
  std::vector<const ProvisionValueSpec*> values;
  for (const auto& v : j.provisions->values) values.push_back(&v);
  std::sort(values.begin(), values.end(), [&](const auto* a, const auto* b) {
    return schema.provision_index(a->provision) < schema.provision_index(b->provision);
  });
  SQLite::Statement ins_v(writer.db(), "INSERT INTO provision_values VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement ins_c(writer.db(), "INSERT INTO provision_citations VALUES (?, ?, ?, ?)");
  for (const auto* v : values) {
    ins_v.bind(1, jd.code); ins_v.bind(2, v->provision); ins_v.bind(3, v->value);
    ins_v.bind(4, v->note.en); ins_v.bind(5, v->note.fr);
    ins_v.exec(); ins_v.reset();
    std::vector<std::string> terms = {std::string(prefix::jurisdiction) + jd.code, std::string(prefix::kind) + jd.kind,
                                      std::string(prefix::doctype) + "provision"};
    int ordinal = 0;
    for (const auto& c : v->cites) {
      const std::string target = c.whole_instrument ? "instrument:" + c.target : c.target;
      ins_c.bind(1, jd.code); ins_c.bind(2, v->provision); ins_c.bind(3, ordinal++); ins_c.bind(4, target);
      ins_c.exec(); ins_c.reset();
      const std::string instrument = c.whole_instrument ? c.target : c.target.substr(0, c.target.rfind('/'));
      terms.push_back(std::string(prefix::instrument) + instrument);
      if (auto s = status_of.find(instrument); s != status_of.end()) terms.push_back(std::string(prefix::status) + s->second);
    }
    const auto index = static_cast<std::size_t>(schema.provision_index(v->provision));
    const Provision& provision = schema.provisions[index];
    terms.push_back(std::string(prefix::category) + provision.category);
    for (const char* lang : k_languages) {
      const std::string& note = std::string(lang) == "fr" ? v->note.fr : v->note.en;
      if (note.empty()) continue;
      const std::string label = jd.name.in(lang) + " — " + provision.label.in(lang);
      const std::string body = provision.label.in(lang) + ": " + note;
      writer.index_document("provision:" + jd.code + "/" + v->provision + "@" + lang, lang,
                            data_fields({"provision", jd.code + "/" + v->provision, lang, jd.code, "", provision.category,
                                         label, ""}) + body,
                            "", body, terms,
                            {{slot::ordinal, Xapian::sortable_serialise(static_cast<double>(index))},
                             {slot::facets, slot::facets_value({jd.code, lang, provision.category, ""})}});
    }
  }
  return static_cast<int>(values.size());
}

/// The clause paths the corpus cites (cells and provision values), by instrument id, without a
/// version date: what the citation checks look up once the texts are written.
std::map<std::string, std::set<std::string>> cited_paths(const std::vector<JurisdictionSpec>& corpus) {
  std::map<std::string, std::set<std::string>> cited;
  auto add = [&](const auto& c) {
    if (c.whole_instrument) return;
    const std::string instrument = c.target.substr(0, c.target.rfind('/'));
    std::string path = c.target.substr(instrument.size() + 1);
    if (const auto at = path.find('@'); at != std::string::npos) path.resize(at);
    cited[instrument].insert(path);
  };
  for (const auto& j : corpus) {
    for (const auto& f : j.frameworks)
      for (const auto& cell : f.cells)
        for (const auto& c : cell.citations) add(c);
    if (j.provisions)
      for (const auto& value : j.provisions->values)
        for (const auto& c : value.cites) add(c);
  }
  return cited;
}

/// Which clauses of `parsed` check_citations and check_provision_citations read: every version of
/// a cited clause and of its ancestors, and for a cited path that is missing, the paths just
/// before and after it (the suggestions). Checking what is kept gives the same diagnostics as
/// checking the whole text.
std::vector<bool> needed_by_checks(const ParsedInstrument& parsed, const std::set<std::string>* cited) {
  std::vector<bool> keep(parsed.clauses.size(), false);
  if (cited == nullptr || cited->empty()) return keep;
  std::map<std::string_view, std::size_t> first; // path -> its first clause version
  for (std::size_t i = 0; i < parsed.clauses.size(); ++i) first.emplace(parsed.clauses[i].path, i);
  std::set<std::string_view> wanted;
  for (const auto& path : *cited) {
    const auto found = first.find(path);
    if (found == first.end()) {
      const auto after = first.lower_bound(path);
      if (after != first.end()) wanted.insert(after->first);
      if (after != first.begin()) wanted.insert(std::prev(after)->first);
      continue;
    }
    std::string_view at = found->first;
    for (std::size_t steps = 0; !at.empty() && steps <= first.size(); ++steps) {
      const auto f = first.find(at);
      if (f == first.end()) break;
      wanted.insert(f->first);
      at = parsed.clauses[f->second].parent;
    }
  }
  for (std::size_t i = 0; i < parsed.clauses.size(); ++i) keep[i] = wanted.count(parsed.clauses[i].path) > 0;
  return keep;
}

/// One instrument's texts, parsed on a worker thread: its current text (when it has sources)
/// and each earlier version, keyed "<id>@<from>", in that order.
struct ParsedUnit {
  struct Text {
    std::string key;
    ParsedInstrument parsed;
    std::vector<bool> keep; ///< needed_by_checks
    std::string digest;     ///< sha256 of every clause and source outcome (see text_digest)
  };
  std::vector<Text> texts;
  Diagnostics diags;

  ParsedInstrument* find(const std::string& key) {
    for (auto& t : texts)
      if (t.key == key) return &t.parsed;
    return nullptr;
  }
};

/// sha256 of everything a parsed text contributes to a build: each clause's fields in order and
/// each source's outcome. Equal digests mean the clause data a previous build holds is reusable.
std::string text_digest(const ParsedInstrument& parsed) {
  std::string bytes;
  for (const auto& c : parsed.clauses)
    for (const std::string* field : {&c.path, &c.parent, &c.language, &c.label, &c.heading, &c.text}) {
      bytes += std::to_string(field->size()) + ":";
      bytes += *field;
    }
  for (const auto& o : parsed.sources)
    bytes += "\n" + o.file + " " + o.language + " " + o.format + " " + o.sha256 + " " + o.state + " " + o.message + " " +
             std::to_string(o.clauses);
  return sha256_hex(bytes);
}

ParsedUnit parse_unit(const InstrumentSpec& in, const std::string& toml_path, const std::filesystem::path& sources_dir,
                      const std::map<std::string, std::set<std::string>>& cited) {
  ParsedUnit unit;
  const auto c = cited.find(in.instrument.id);
  const std::set<std::string>* paths = c == cited.end() ? nullptr : &c->second;
  auto add = [&](const InstrumentSpec& spec) {
    ParsedUnit::Text text{spec.instrument.id, parse_instrument(spec, sources_dir, toml_path, unit.diags), {}, {}};
    text.keep = needed_by_checks(text.parsed, paths);
    text.digest = text_digest(text.parsed);
    unit.texts.push_back(std::move(text));
  };
  if (!in.sources.empty()) add(in);
  for (const auto& v : in.versions) {
    InstrumentSpec spec;
    spec.instrument = in.instrument;
    spec.instrument.id = in.instrument.id + "@" + v.from;
    spec.sources = v.sources;
    spec.line = v.line;
    add(spec);
  }
  return unit;
}

/// Writes the jurisdiction's cells and their citations, and indexes each cell. Returns the
/// number of cells.
int write_cells(Writer& writer, SQLite::Statement& ins_cell, SQLite::Statement& ins_cit, const JurisdictionSpec& j,
                const std::map<std::string, std::string>& status_of) {
  const Schema& schema = cadre::schema();
  const Jurisdiction& jd = j.jurisdiction;
  int cells = 0;
    for (const auto& f : j.frameworks) {
      for (const auto& cell : f.cells) {
        ins_cell.bind(1, jd.code); ins_cell.bind(2, cell.category); ins_cell.bind(3, f.language);
        ins_cell.bind(4, cell.markdown); ins_cell.bind(5, cell.html); ins_cell.bind(6, cell.text); ins_cell.bind(7, f.as_of);
        ins_cell.bind(8, cell.summary_markdown); ins_cell.bind(9, cell.summary_html); ins_cell.bind(10, cell.summary_text);
        ins_cell.exec(); ins_cell.reset();
        ++cells;
        std::vector<std::string> terms = {std::string(prefix::jurisdiction) + jd.code,
                                          std::string(prefix::category) + cell.category,
                                          std::string(prefix::kind) + jd.kind,
                                          std::string(prefix::doctype) + "cell"};
        int ordinal = 0;
        std::set<std::string> cited; // a clause cited by the summary and again in the prose is listed once
        for (const auto& c : cell.citations) {
          if (!cited.insert(c.target).second) continue;
          ins_cit.bind(1, jd.code); ins_cit.bind(2, cell.category); ins_cit.bind(3, f.language);
          ins_cit.bind(4, ordinal++); ins_cit.bind(5, c.target); ins_cit.bind(6, c.label);
          ins_cit.exec(); ins_cit.reset();
          const std::string instrument = instrument_of(c);
          terms.push_back(std::string(prefix::instrument) + instrument);
          if (const auto st = status_of.find(instrument); st != status_of.end()) terms.push_back(std::string(prefix::status) + st->second);
        }
        const int category_index = schema.category_index(cell.category);
        const std::string searchable = cell.summary_text.empty() ? cell.text : cell.summary_text + "\n" + cell.text;
        const std::string label = jd.name.in(f.language) + " — " + schema.categories[static_cast<std::size_t>(category_index)].label.in(f.language);
        writer.index_document("cell:" + jd.code + "/" + cell.category + "@" + f.language, f.language,
                              data_fields({"cell", jd.code + "/" + cell.category, f.language, jd.code, "", cell.category, label, ""}) + searchable,
                              "", searchable, terms,
                              {{slot::ordinal, Xapian::sortable_serialise(category_index)},
                               {slot::date, digits_only(f.as_of)},
                               {slot::facets, slot::facets_value({jd.code, f.language, cell.category, ""})}});
      }
    }
  return cells;
}

/// Curated tags: the categories of the cells (and provision values) that cite a clause.
std::map<std::string, std::set<std::string>> curated_tags(const std::vector<JurisdictionSpec>& corpus) {
  const Schema& schema = cadre::schema();
  std::map<std::string, std::set<std::string>> curated;
  for (const auto& j : corpus)
    for (const auto& f : j.frameworks)
      for (const auto& cell : f.cells)
        for (const auto& c : cell.citations)
          if (!c.whole_instrument) curated[c.target].insert(cell.category);
  for (const auto& j : corpus)
    if (j.provisions)
      for (const auto& value : j.provisions->values)
        for (const auto& c : value.cites)
          if (!c.whole_instrument)
            curated[c.target].insert(schema.provisions[static_cast<std::size_t>(schema.provision_index(value.provision))].category);
  return curated;
}

} // namespace

namespace {

std::vector<JurisdictionSpec> load_jurisdictions(const std::filesystem::path& corpus_dir, Diagnostics& diags) {
  std::vector<JurisdictionSpec> corpus;
  for (const auto& dir : jurisdiction_dirs(corpus_dir))
    if (auto spec = load_jurisdiction(dir, diags)) corpus.push_back(std::move(*spec));
  return corpus;
}

/// The cross-references of `linted`, the jurisdiction in folder `dir` linted on its own, checked
/// against the corpus folder around it: its parent jurisdiction and the instruments of others
/// that its events name are there, not in the folder. Only the findings about `dir` are
/// reported; the other jurisdictions are linted with the corpus.
void check_cross_references_in_place(const std::vector<JurisdictionSpec>& linted, const std::filesystem::path& dir,
                                     Diagnostics& diags) {
  std::filesystem::path folder = dir.lexically_normal();
  if (!folder.has_filename()) folder = folder.parent_path();
  const std::filesystem::path around = folder.has_parent_path() ? folder.parent_path() : std::filesystem::path(".");
  std::vector<JurisdictionSpec> corpus = linted;
  Diagnostics others; // the other jurisdictions' own findings: not this lint's
  std::error_code ec;
  for (const auto& other : jurisdiction_dirs(around)) {
    if (std::filesystem::equivalent(other, folder, ec) || !std::filesystem::exists(other / "jurisdiction.toml")) continue;
    if (auto spec = load_jurisdiction(other, others)) {
      corpus.push_back(std::move(*spec));
    } else { // it has mistakes of its own; its folder name is still its code (load_jurisdiction checks that)
      JurisdictionSpec& named = corpus.emplace_back();
      named.jurisdiction.code = other.filename().string();
      named.toml_path = (other / "jurisdiction.toml").string();
    }
  }
  Diagnostics cross;
  check_cross_references(corpus, cross);
  std::set<std::string> own_files;
  for (const auto& j : linted) {
    own_files.insert(j.toml_path);
    for (const auto& f : j.frameworks) own_files.insert(f.path);
  }
  for (const auto& d : cross.items())
    if (own_files.count(d.path) > 0) diags.add(d);
}

} // namespace

std::vector<JurisdictionSpec> load_corpus(const std::filesystem::path& corpus_dir, Diagnostics& diags) {
  auto corpus = load_jurisdictions(corpus_dir, diags);
  check_cross_references(corpus, diags);
  return corpus;
}

std::map<std::string, ParsedInstrument> parse_sources(const std::vector<JurisdictionSpec>& corpus,
                                                      const std::filesystem::path& sources_dir, Diagnostics& diags,
                                                      const std::function<void(int done, int total, long clauses,
                                                                               const std::string& instrument)>& progress) {
  struct Job {
    const InstrumentSpec* spec;
    const std::string* toml_path;
    ParsedInstrument result;
    Diagnostics diags;
  };
  std::vector<Job> jobs;
  // Each earlier version is parsed as an instrument of its own, keyed "<id>@<from>".
  std::deque<InstrumentSpec> version_specs;
  for (const auto& j : corpus)
    for (const auto& in : j.instruments) {
      if (!in.sources.empty()) jobs.push_back({&in, &j.toml_path, {}, {}});
      for (const auto& v : in.versions) {
        InstrumentSpec& spec = version_specs.emplace_back();
        spec.instrument = in.instrument;
        spec.instrument.id = in.instrument.id + "@" + v.from;
        spec.sources = v.sources;
        spec.line = v.line;
        jobs.push_back({&spec, &j.toml_path, {}, {}});
      }
    }
  // Largest first so the two cores finish together.
  std::atomic<std::size_t> next{0};
  const unsigned workers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  std::mutex progress_mutex;
  int done = 0;
  long clauses = 0;
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < workers; ++w)
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < jobs.size(); i = next++) {
        jobs[i].result = parse_instrument(*jobs[i].spec, sources_dir, *jobs[i].toml_path, jobs[i].diags);
        if (!progress) continue;
        std::lock_guard lock(progress_mutex);
        clauses += static_cast<long>(jobs[i].result.clauses.size());
        progress(++done, static_cast<int>(jobs.size()), clauses, jobs[i].spec->instrument.id);
      }
    });
  for (auto& t : threads) t.join();
  std::map<std::string, ParsedInstrument> parsed;
  for (auto& job : jobs) {
    for (const auto& d : job.diags.items()) diags.add(d);
    parsed[job.spec->instrument.id] = std::move(job.result);
  }
  return parsed;
}

void check_citations(const std::vector<JurisdictionSpec>& corpus, const std::map<std::string, ParsedInstrument>& parsed,
                     Diagnostic::Severity severity, Diagnostics& diags) {
  std::map<std::string, std::set<std::string>> paths;
  std::set<std::string> complete; // instruments whose every source parsed
  std::set<std::string> textless;
  for (const auto& j : corpus)
    for (const auto& in : j.instruments) {
      if (in.sources.empty()) textless.insert(in.instrument.id);
      auto it = parsed.find(in.instrument.id);
      if (it == parsed.end()) continue;
      auto& set = paths[in.instrument.id];
      for (const auto& c : it->second.clauses) set.insert(c.path);
      if (it->second.complete()) complete.insert(in.instrument.id);
    }
  for (const auto& j : corpus)
    for (const auto& framework : j.frameworks)
      for (const auto& cell : framework.cells)
        for (const auto& citation : cell.citations) {
          if (citation.whole_instrument) continue;
          std::string instrument = instrument_of(citation);
          std::string path = citation.target.substr(instrument.size() + 1);
          std::string message;
          // "<path>@<date>" cites the text of the version in effect on that date.
          if (const auto at = path.find('@'); at != std::string::npos) {
            const std::string date = path.substr(at + 1);
            path = path.substr(0, at);
            const InstrumentSpec* spec = nullptr;
            for (const auto& jj : corpus)
              for (const auto& in : jj.instruments)
                if (in.instrument.id == instrument) spec = &in;
            std::string key;
            if (spec != nullptr && !spec->current_from.empty() && date >= spec->current_from) key = instrument;
            else if (spec != nullptr)
              for (const auto& v : spec->versions)
                if (v.from <= date) key = instrument + "@" + v.from;
            if (spec == nullptr || key.empty()) {
              diags.add({framework.path, citation.line, citation.column, severity,
                         "citation '" + citation.target + "': " + instrument + " has no version in effect on " + date});
              continue;
            }
            // A version whose source failed is reported on its own; its clauses cannot be judged.
            auto it = parsed.find(key);
            if (it == parsed.end() || !it->second.complete()) continue;
            bool found = false;
            for (const auto& c : it->second.clauses) found = found || c.path == path;
            if (!found)
              diags.add({framework.path, citation.line, citation.column, severity,
                         "citation '" + citation.target + "' does not resolve: the version of " + instrument + " in effect on " +
                             date + " has no clause '" + path + "'"});
            continue;
          }
          if (textless.count(instrument) > 0) {
            message = "citation '" + citation.target + "' names a clause of " + instrument +
                      ", which has no source text: cite it as instrument:" + instrument;
          } else if (complete.count(instrument) > 0 && paths[instrument].count(path) == 0) {
            message = "citation '" + citation.target + "' does not resolve: " + instrument + " has no clause '" + path + "'";
            // Suggest the ids sharing the longest prefix, so typos are quick to fix.
            const auto& known = paths[instrument];
            auto it = known.lower_bound(path);
            std::vector<std::string> near;
            if (it != known.begin()) near.push_back(*std::prev(it));
            if (it != known.end()) near.push_back(*it);
            if (!near.empty()) {
              message += " (nearest: ";
              for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", " : "") + near[i];
              message += ")";
            }
          }
          if (message.empty()) continue;
          diags.add({framework.path, citation.line, citation.column, severity, message});
        }
}

TopLevelLetters top_level_letters(const ParsedInstrument& parsed) {
  TopLevelLetters top;
  for (const auto& pc : parsed.clauses)
    if (pc.parent.empty()) top[pc.path + "@" + pc.language] = letters_fingerprint(pc.text);
  return top;
}

void check_copies(const JurisdictionSpec& jurisdiction, const std::map<std::string, TopLevelLetters>& tops, Diagnostics& diags) {
  std::vector<std::string> originals; // parsed instruments that declare no original, in corpus order
  for (const auto& spec : jurisdiction.instruments) {
    const Instrument& in = spec.instrument;
    const auto top = tops.find(in.id);
    if (top == tops.end() || top->second.empty()) continue;
    for (const auto& other : originals) {
      const TopLevelLetters& other_top = tops.at(other);
      std::size_t same = 0;
      for (const auto& [key, value] : top->second) {
        const auto o = other_top.find(key);
        same += o != other_top.end() && o->second == value ? 1 : 0;
      }
      const std::string counted = std::to_string(same) + " of its " + std::to_string(top->second.size()) +
                                  " top-level clauses have the same letters as " + other + "'s";
      if (other == in.same_text_as && same * 2 < top->second.size())
        diags.warning(jurisdiction.toml_path, spec.line, 1,
                      "instrument " + in.id + " declares same_text_as = \"" + other + "\", but only " + counted +
                          ": check its source, or remove same_text_as");
      else if (in.same_text_as.empty() && same * 2 >= top->second.size())
        diags.warning(jurisdiction.toml_path, spec.line, 1,
                      "instrument " + in.id + " holds the text of " + other + " (" + counted + "): add same_text_as = \"" +
                          other + "\" to it, so that search shows the two as one");
    }
    if (in.same_text_as.empty()) originals.push_back(in.id);
  }
}

Diagnostics lint(const LintOptions& options) {
  Diagnostics diags;
  const auto corpus = load_jurisdictions(options.corpus_dir, diags);
  if (std::filesystem::exists(options.corpus_dir / "jurisdiction.toml"))
    check_cross_references_in_place(corpus, options.corpus_dir, diags);
  else
    check_cross_references(corpus, diags);
  if (options.sources_dir) {
    if (!std::filesystem::is_directory(*options.sources_dir))
      throw UserError("sources folder " + options.sources_dir->string() + " does not exist", "--sources");
    const auto parsed = parse_sources(corpus, *options.sources_dir, diags);
    check_citations(corpus, parsed, Diagnostic::Severity::error, diags);
    check_provision_citations(corpus, parsed, Diagnostic::Severity::error, diags);
    check_claims(corpus, parsed, diags);
    for (const auto& j : corpus) {
      std::map<std::string, TopLevelLetters> tops;
      for (const auto& in : j.instruments)
        if (const auto found = parsed.find(in.instrument.id); found != parsed.end())
          tops[in.instrument.id] = top_level_letters(found->second);
      check_copies(j, tops, diags);
    }
  }
  diags.sort();
  return diags;
}

BuildReport build(const BuildOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  BuildReport report;
  auto say = [&](BuildProgress::Stage stage, int done, int total, long clauses, const std::string& detail) {
    if (options.progress)
      options.progress({stage, done, total, clauses,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), detail});
  };
  const auto dirs = jurisdiction_dirs(options.corpus_dir);
  auto corpus = load_corpus(options.corpus_dir, report.diagnostics);
  report.skipped_jurisdictions = static_cast<int>(dirs.size() - corpus.size());
  if (corpus.empty()) throw DataError("no jurisdiction of " + options.corpus_dir.string() + " could be loaded: nothing to build");
  say(BuildProgress::Stage::loaded, static_cast<int>(corpus.size()), static_cast<int>(corpus.size()), 0, "");

  if (options.sources_dir && !std::filesystem::is_directory(*options.sources_dir))
    throw UserError("sources folder " + options.sources_dir->string() + " does not exist", "--sources");

  // Texts are parsed on worker threads and handed to this thread, which writes them, in corpus
  // order through a bounded reorder buffer (indexer/ordered_pipeline.hpp). Once written, an
  // instrument keeps only what the citation checks read (`checked`).
  std::vector<std::pair<const JurisdictionSpec*, const InstrumentSpec*>> units;
  int texts_total = 0;
  for (const auto& j : corpus)
    for (const auto& in : j.instruments) {
      units.emplace_back(&j, &in);
      if (options.sources_dir) texts_total += (in.sources.empty() ? 0 : 1) + static_cast<int>(in.versions.size());
    }
  const auto cited_by_corpus = cited_paths(corpus);
  const unsigned threads = !options.sources_dir ? 0
                           : options.threads == 1 ? 0
                           : options.threads > 1 ? options.threads
                                                 : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  std::optional<OrderedPipeline<ParsedUnit>> pipeline;
  auto start_pipeline = [&] {
    pipeline.reset();
    pipeline.emplace(units.size(), threads, 2 * std::max(1u, threads), [&](std::size_t i) {
      if (!options.sources_dir) return ParsedUnit{};
      return parse_unit(*units[i].second, units[i].first->toml_path, *options.sources_dir, cited_by_corpus);
    });
  };
  start_pipeline();
  std::map<std::string, ParsedInstrument> checked;
  int texts_done = 0;
  long clauses_parsed = 0;
  std::string text_digests; // "<key> <text_digest>" a line, in corpus order
  auto take = [&] {
    ParsedUnit unit = pipeline->next();
    for (const auto& d : unit.diags.items()) report.diagnostics.add(d);
    for (const auto& t : unit.texts) {
      text_digests += t.key + " " + t.digest + "\n";
      clauses_parsed += static_cast<long>(t.parsed.clauses.size());
      say(BuildProgress::Stage::parsing, ++texts_done, texts_total, clauses_parsed, t.key);
      for (const auto& s : t.parsed.sources) (s.state == "indexed" ? report.sources_indexed : report.sources_failed)++;
    }
    return unit;
  };
  auto retain = [&](ParsedUnit& unit) {
    for (auto& t : unit.texts) {
      ParsedInstrument kept;
      kept.sources = std::move(t.parsed.sources);
      for (std::size_t i = 0; i < t.parsed.clauses.size(); ++i)
        if (t.keep[i]) kept.clauses.push_back(std::move(t.parsed.clauses[i]));
      checked[t.key] = std::move(kept);
    }
  };
  // What follows the texts: the checks (the same severity as `cadre lint`: index and lint agree
  // on what is an error), and the build id, which hashes every input, so identical inputs give
  // an identical id and rows.
  auto finish_checks = [&] {
    check_citations(corpus, checked, Diagnostic::Severity::error, report.diagnostics);
    check_provision_citations(corpus, checked, Diagnostic::Severity::error, report.diagnostics);
    std::string fingerprint = "schema " + std::to_string(schema_version()) + "\n";
    fingerprint += builtin_tag_model_text();
    for (const auto& j : corpus) {
      fingerprint += read_text(j.dir / "jurisdiction.toml");
      for (const auto& f : j.frameworks) fingerprint += read_text(f.path);
      if (j.provisions) fingerprint += read_text(j.provisions->path);
    }
    for (const auto& [id, p] : checked)
      for (const auto& s : p.sources) fingerprint += id + " " + s.file + " " + s.sha256 + " " + s.state + "\n";
    return sha256_hex(fingerprint).substr(0, 16);
  };
  auto give_up = [&] {
    // All or nothing: a build with an error is not published unless asked for.
    report.build_id.clear();
    report.jurisdictions = report.instruments = report.clauses = report.cells = report.provision_values = 0;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.diagnostics.sort();
    return report;
  };
  // What a build's clause data depends on besides its source texts: the schema (with the
  // tagger's lexicon) and every jurisdiction.toml. Recorded in each build (k_reuse_record) with
  // the digest of its parsed texts, so that the next run can tell whether only the analysis
  // (frameworks, provision values) changed.
  const std::string static_key = [&] {
    std::string key = "reuse " + std::to_string(k_reuse_format) + "\nschema " + std::to_string(schema_version()) + "\n";
    key += schema_file("categories.toml");
    key += schema_file("lexicon.toml");
    key += schema_file("provisions.toml");
    key += builtin_tag_model_text();
    for (const auto& j : corpus) key += "\n" + j.jurisdiction.code + "\n" + read_text(j.dir / "jurisdiction.toml");
    return sha256_hex(key);
  }();
  const auto builds = options.data_dir / BuildLayout::k_builds;
  std::error_code ec;
  auto make_tmp = [&] {
    std::filesystem::create_directories(builds, ec);
    if (ec) throw DataError("cannot create " + builds.string() + ": " + ec.message());
    remove_stale_temporaries(builds);
    std::random_device random;
    const auto dir = builds / (".tmp-" + std::to_string(getpid()) + "-" + std::to_string(random() % 100000));
    std::filesystem::create_directories(dir, ec);
    if (ec) throw DataError("cannot create " + dir.string() + ": " + ec.message());
    return dir;
  };
  // Publishes a complete build folder: its build time, reuse record and manifest, then the
  // rename into place and the atomic swap of `current`.
  auto publish = [&](const std::filesystem::path& tmp) {
    {
      const auto now = std::time(nullptr);
      char stamp[32];
      std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
      std::ofstream(tmp / "built_at") << stamp << "\n";
      std::ofstream(tmp / k_reuse_record) << static_key << "\n" << sha256_hex(text_digests) << "\n";
    }
    try {
      BuildCheck::write_manifest(tmp);
    } catch (const DataError&) {
      std::filesystem::remove_all(tmp, ec);
      throw;
    }
    // Publish: move the finished build into place, then swap the `current` symlink atomically.
    report.build_dir = builds / report.build_id;
    if (std::filesystem::exists(report.build_dir)) {
      // Same inputs as an existing build: publish a fresh copy under a new name so a server
      // still reading the old directory is never disturbed.
      report.build_dir = builds / (report.build_id + "-" + std::to_string(getpid()));
      std::filesystem::remove_all(report.build_dir, ec);
    }
    std::filesystem::rename(tmp, report.build_dir, ec);
    if (ec) {
      std::filesystem::remove_all(tmp, ec);
      throw DataError("cannot move the new build into " + report.build_dir.string() + ": " + ec.message());
    }
    const auto link_tmp = options.data_dir / (".current-" + std::to_string(getpid()));
    std::filesystem::remove(link_tmp, ec);
    std::filesystem::create_directory_symlink(std::filesystem::path(BuildLayout::k_builds) / report.build_dir.filename(), link_tmp, ec);
    if (!ec) std::filesystem::rename(link_tmp, options.data_dir / BuildLayout::k_current, ec);
    if (ec) throw DataError("cannot point " + (options.data_dir / BuildLayout::k_current).string() + " at the new build: " + ec.message());
    prune_builds(builds, report.build_dir);
    report.published = true;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    say(BuildProgress::Stage::published, 1, 1, report.clauses, report.build_id);
    report.diagnostics.sort();
      return report;
  };

  // Fast rebuild: when only the analysis changed, copy the previous build and replace the cells,
  // provision values, curated tags and the documents they touch. Every text is still parsed (on
  // all threads, without indexing), for the citation checks and to be sure that the texts are
  // those the previous build holds. Anything unexpected falls back to a full build.
  auto try_reuse = [&]() -> std::string {
    std::filesystem::path previous;
    try {
      previous = BuildLayout::resolve_current(options.data_dir);
    } catch (const DataError&) {
      return "no previous build";
    }
    std::ifstream record(previous / k_reuse_record);
    std::string old_static, old_texts;
    if (!std::getline(record, old_static) || !std::getline(record, old_texts))
      return "the previous build has no record of its inputs";
    if (old_static != static_key) return "the schema, a jurisdiction.toml or the set of jurisdictions changed";
    const BuildReport before = report;
    auto reset = [&](std::string reason) {
      report = before;
      checked.clear();
      texts_done = 0;
      clauses_parsed = 0;
      text_digests.clear();
      start_pipeline();
      return reason;
    };
    // While the texts are parsed, another thread checks the previous build against its manifest
    // and copies it.
    const auto tmp = make_tmp();
    auto copied = std::async(std::launch::async, [&]() -> std::string {
      if (auto problem = BuildCheck::problem(previous, true)) return "the previous build is damaged (" + *problem + ")";
      std::error_code copy_error;
      std::filesystem::copy(previous, tmp, std::filesystem::copy_options::recursive, copy_error);
      if (copy_error) return "the previous build could not be copied: " + copy_error.message();
      return "";
    });
    auto abandon = [&](std::string reason) {
      if (copied.valid()) copied.wait();
      std::filesystem::remove_all(tmp, ec);
      return reset(std::move(reason));
    };
    try {
      for (std::size_t i = 0; i < units.size(); ++i) {
        auto unit = take();
        retain(unit);
      }
    } catch (...) {
      copied.wait();
      std::filesystem::remove_all(tmp, ec);
      throw;
    }
    if (auto problem = copied.get(); !problem.empty()) return abandon(problem);
    if (sha256_hex(text_digests) != old_texts) return abandon("a source text, or how it parses, changed");
    report.build_id = finish_checks();
    if (!report.complete() && !options.allow_partial) {
      std::filesystem::remove_all(tmp, ec);
      return "";
    }
    struct Reordered {};
    try {
      for (const char* name : {BuildCheck::k_manifest, "built_at", k_reuse_record}) std::filesystem::remove(tmp / name);
      Writer writer(tmp, false);
      SQLite::Database& db = writer.db();
      Xapian::WritableDatabase& xapian = writer.xapian();
      SQLite::Transaction transaction(db);
      // The cell and provision documents, in docid order: the new ones must replace them one for one.
      std::map<Xapian::docid, std::string> old_documents;
      for (const char* type : {"cell", "provision"}) {
        const std::string term = std::string(prefix::doctype) + type;
        for (auto post = xapian.postlist_begin(term); post != xapian.postlist_end(term); ++post) {
          const Xapian::Document doc = xapian.get_document(*post);
          auto t = doc.termlist_begin();
          t.skip_to(std::string(prefix::id));
          if (t != doc.termlist_end() && (*t).starts_with(prefix::id)) old_documents[*post] = (*t).substr(prefix::id.size());
        }
      }
      const auto curated = curated_tags(corpus);
      for (const char* table : {"cells", "citations", "provision_values", "provision_citations", "meta"})
        db.exec(std::string("DELETE FROM ") + table);
      // The curated tags are rewritten; no document's categories depend on them (the
      // clause_categories view reads the tagger's alone).
      db.exec("DELETE FROM clause_tags WHERE origin = 'curated'");
      {
        SQLite::Statement ins(db, "INSERT INTO clause_tags SELECT ?1, ?2, 'curated', ?3 WHERE EXISTS (SELECT 1 FROM clauses WHERE id = ?1)");
        for (const auto& [clause, categories] : curated)
          for (const auto& category : categories) {
            ins.bind(1, clause); ins.bind(2, category); ins.bind(3, 1.0);
            ins.exec();
            ins.reset();
          }
      }
      SQLite::Statement ins_cell(db, k_insert_cell);
      SQLite::Statement ins_cit(db, k_insert_citation);
      std::map<std::string, std::string> status_of;
      for (const auto& j : corpus)
        for (const auto& in : j.instruments) status_of[in.instrument.id] = in.instrument.status;
      int written = 0;
      for (const auto& j : corpus) {
        report.cells += write_cells(writer, ins_cell, ins_cit, j, status_of);
        report.provision_values += write_provision_values(writer, j, status_of);
        ++report.jurisdictions;
        report.instruments += static_cast<int>(j.instruments.size());
        say(BuildProgress::Stage::writing, ++written, static_cast<int>(corpus.size()), 0, j.jurisdiction.code);
      }
      std::vector<std::string> old_order;
      for (const auto& [docid, unique] : old_documents) old_order.push_back(unique);
      if (writer.written() != old_order) throw Reordered{};
      {
        SQLite::Statement count(db, "SELECT count(*) FROM clauses");
        count.executeStep();
        report.clauses = count.getColumn(0).getInt();
      }
      SQLite::Statement meta(db, "INSERT INTO meta VALUES (?, ?)");
      for (const auto& [k, v] : std::map<std::string, std::string>{{"build_id", report.build_id}, {"corpus_commit", options.corpus_commit}}) {
        meta.bind(1, k); meta.bind(2, v); meta.exec(); meta.reset();
      }
      say(BuildProgress::Stage::publishing, 0, 1, report.clauses, "");
      transaction.commit();
      writer.close();
    } catch (const Reordered&) {
      return abandon("the analysis adds, removes or reorders cells or provision notes");
    } catch (const std::exception& e) {
      return abandon(std::string("the previous build could not be reused: ") + e.what());
    } catch (const Xapian::Error& e) {
      return abandon("the previous build could not be reused: " + e.get_description());
    }
    report.reused = previous.filename().string();
    publish(tmp);
    return "";
  };
  if (options.full) report.full_build_reason = "--full";
  else if (!options.sources_dir) report.full_build_reason = "no --sources";
  else if (report.complete() || options.allow_partial) {
    report.full_build_reason = try_reuse();
    if (report.full_build_reason.empty()) {
      if (!report.published) return give_up();
      return report;
    }
  }

  if (!report.complete() && !options.allow_partial) {
    // An error is already known: parse the texts only to report their problems too.
    for (std::size_t i = 0; i < units.size(); ++i) {
      auto unit = take();
      retain(unit);
    }
    finish_checks();
    return give_up();
  }

  const auto tmp = make_tmp();
  try {
    Writer writer(tmp);
    SQLite::Transaction transaction(writer.db());
    const Schema& schema = cadre::schema();
    {
      SQLite::Statement q(writer.db(), "INSERT INTO categories (id, ordinal, label_en, label_fr, question_en, question_fr, "
                                                "description_en, description_fr) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      int ordinal = 0;
      for (const auto& c : schema.categories) {
        q.bind(1, c.id); q.bind(2, ordinal++); q.bind(3, c.label.en); q.bind(4, c.label.fr);
        q.bind(5, c.question.en); q.bind(6, c.question.fr);
        q.bind(7, c.description.en); q.bind(8, c.description.fr);
        q.exec(); q.reset();
      }
    }
    write_provisions(writer.db());
    SQLite::Statement ins_j(writer.db(), "INSERT INTO jurisdictions VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_i(writer.db(), "INSERT INTO instruments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_d(writer.db(), "INSERT INTO instrument_dates VALUES (?, ?, ?)");
    SQLite::Statement ins_e(writer.db(), "INSERT INTO instrument_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_v(writer.db(), "INSERT INTO instrument_versions VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement ins_vt(writer.db(), "INSERT OR IGNORE INTO version_clause_texts VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_s(writer.db(), "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_c(writer.db(), "INSERT INTO clauses VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement ins_t(writer.db(), "INSERT INTO clause_texts VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement original_text(writer.db(), "SELECT label, heading, text FROM clause_texts WHERE clause = ? AND language = ?");
    SQLite::Statement ins_tag(writer.db(), "INSERT OR REPLACE INTO clause_tags VALUES (?, ?, ?, ?)");
    SQLite::Statement ins_cell(writer.db(), k_insert_cell);
    SQLite::Statement ins_cit(writer.db(), k_insert_citation);
    auto nullable = [](SQLite::Statement& q, int i, const std::string& v) {
      if (v.empty()) q.bind(i); else q.bind(i, v);
    };

    // Instruments are stored with the status their events give once they have all happened
    // (indexer/corpus.cpp); the read side recomputes it for the date viewed, so builds stay a
    // function of their inputs, not of the day they were made.
    std::map<std::string, std::string> status_of;
    for (const auto& j : corpus)
      for (const auto& in : j.instruments) status_of[in.instrument.id] = in.instrument.status;

    const CompiledTagModel model(TagModel::builtin());
    // Const, so that a clause's look-up cannot insert: an empty entry for every clause no cell
    // cites was about 170 bytes a clause, held to the end of the build (150 MB at a million).
    const auto curated = curated_tags(corpus);

    // One clause in copies of its instrument's text shares a collapse key, so that search shows
    // it once and names the copies.
    // Instruments of one jurisdiction that hold the same text (one act from two sources) form a
    // group, named after the original: an instrument that declares `same_text_as` joins the
    // original's group (corpus.cpp checks the original is listed before it and is no copy), and
    // check_copies checks the declarations against the texts, as `cadre lint` does. The copies
    // slot that names every member of a group is filled in once the jurisdiction is written.
    std::map<std::string, std::string> group_of;
    struct Shown {
      std::string id, instrument, title, heading;
    };

    int jurisdictions_written = 0;
    for (const auto& j : corpus) {
      const Jurisdiction& jd = j.jurisdiction;
      ins_j.bind(1, jd.code); ins_j.bind(2, jd.name.en); ins_j.bind(3, jd.name.fr); ins_j.bind(4, jd.kind);
      nullable(ins_j, 5, jd.parent); ins_j.bind(6, jd.as_of);
      ins_j.exec(); ins_j.reset();
      ++report.jurisdictions;
      int instrument_ordinal = 0;
      std::map<std::string, TopLevelLetters> tops; // of this jurisdiction's parsed texts, for check_copies
      std::map<std::string, std::vector<std::string>> copies_in_group;                // group -> its instruments
      for (const auto& spec : j.instruments) {
        const Instrument& in = spec.instrument;
        ParsedUnit arrived = take();
        std::string languages;
        for (const auto& l : in.languages) languages += (languages.empty() ? "" : ",") + l;
        ins_i.bind(1, in.id); ins_i.bind(2, jd.code); ins_i.bind(3, instrument_ordinal++); ins_i.bind(4, in.title.en);
        ins_i.bind(5, in.title.fr); ins_i.bind(6, in.short_name.en); ins_i.bind(7, in.type); ins_i.bind(8, in.status);
        nullable(ins_i, 9, in.status_date); nullable(ins_i, 10, in.status_by); ins_i.bind(11, in.status_checked);
        ins_i.bind(12, in.status_note.en); ins_i.bind(13, in.status_note.fr); ins_i.bind(14, in.official_url);
        ins_i.bind(15, languages); ins_i.bind(16, in.short_name.fr); ins_i.bind(17, in.same_text_as);
        ins_i.exec(); ins_i.reset();
        ++report.instruments;
        copies_in_group[group_of[in.id] = in.same_text_as.empty() ? in.id : in.same_text_as].push_back(in.id);
        for (const auto& d : in.dates) {
          ins_d.bind(1, in.id); ins_d.bind(2, d.event); ins_d.bind(3, d.date); ins_d.exec(); ins_d.reset();
        }
        int event_ordinal = 0;
        for (const auto& e : in.events) {
          ins_e.bind(1, in.id); ins_e.bind(2, event_ordinal++); ins_e.bind(3, e.kind); ins_e.bind(4, e.date);
          nullable(ins_e, 5, e.by); ins_e.bind(6, e.phase.en); ins_e.bind(7, e.phase.fr);
          ins_e.bind(8, e.evidence.url); ins_e.bind(9, e.evidence.kind); ins_e.bind(10, e.evidence.name);
          ins_e.bind(11, e.evidence.seen); ins_e.bind(12, e.note.en); ins_e.bind(13, e.note.fr);
          ins_e.exec(); ins_e.reset();
        }
        if (!spec.current_from.empty()) {
          ins_v.bind(1, in.id); ins_v.bind(2, spec.current_from); ins_v.bind(3, 1); ins_v.bind(4, ""); ins_v.bind(5, "");
          ins_v.exec(); ins_v.reset();
        }
        for (const auto& v : spec.versions) {
          ins_v.bind(1, in.id); ins_v.bind(2, v.from); ins_v.bind(3, 0); ins_v.bind(4, v.note.en); ins_v.bind(5, v.note.fr);
          ins_v.exec(); ins_v.reset();
          const ParsedInstrument* version = arrived.find(in.id + "@" + v.from);
          if (version == nullptr) continue;
          std::map<std::string, int> order;
          for (const auto& pc : version->clauses) {
            const int ordinal = order.emplace(pc.path, static_cast<int>(order.size())).first->second;
            ins_vt.bind(1, in.id); ins_vt.bind(2, v.from); ins_vt.bind(3, in.id + "/" + pc.path); ins_vt.bind(4, ordinal);
            ins_vt.bind(5, pc.language); ins_vt.bind(6, pc.label); ins_vt.bind(7, pc.heading); ins_vt.bind(8, pc.text);
            ins_vt.exec(); ins_vt.reset();
          }
        }
        const ParsedInstrument* found = arrived.find(in.id);
        if (found == nullptr) {
          for (const auto& s : spec.sources) {
            ins_s.bind(1, in.id); ins_s.bind(2, s.file); ins_s.bind(3, s.language); ins_s.bind(4, s.format);
            ins_s.bind(5, s.sha256); ins_s.bind(6, "missing"); ins_s.bind(7, "no --sources given"); ins_s.bind(8, 0);
            ins_s.exec(); ins_s.reset();
          }
          retain(arrived);
          continue;
        }
        for (const auto& s : found->sources) {
          ins_s.bind(1, in.id); ins_s.bind(2, s.file); ins_s.bind(3, s.language); ins_s.bind(4, s.format);
          ins_s.bind(5, s.sha256); ins_s.bind(6, s.state); ins_s.bind(7, s.message); ins_s.bind(8, s.clauses);
          ins_s.exec(); ins_s.reset();
        }
        tops[in.id] = top_level_letters(*found);
        // The English short name of the earlier instrument whose text this one holds too, if any.
        std::string original_name;
        for (const auto& other : j.instruments)
          if (group_of[in.id] != in.id && other.instrument.id == group_of[in.id]) original_name = other.instrument.short_name.en;
        // Group the language versions of each clause; order by first appearance.
        std::vector<ClauseRow> rows;
        std::map<std::string, std::size_t> index;
        for (const auto& pc : found->clauses) {
          auto [it, fresh] = index.emplace(pc.path, rows.size());
          if (fresh) {
            ClauseRow row;
            row.id = in.id + "/" + pc.path;
            row.instrument = in.id;
            row.parent = pc.parent.empty() ? std::string() : in.id + "/" + pc.parent;
            row.ordinal = static_cast<int>(rows.size());
            rows.push_back(std::move(row));
          }
          rows[it->second].versions.push_back(&pc);
        }
        // Every language version's text of each clause, and their cue scores, read once: a
        // clause's are also its sub-clauses' parent cues.
        std::vector<std::vector<std::string>> row_texts;
        std::vector<CueScores> row_cues;
        row_texts.reserve(rows.size());
        row_cues.reserve(rows.size());
        for (const auto& row : rows) {
          std::vector<std::string> texts;
          for (const auto* v : row.versions) texts.push_back(v->text);
          row_cues.push_back(cue_scores(texts));
          row_texts.push_back(std::move(texts));
        }
        const CueScores no_parent;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          auto& row = rows[i];
          // Ancestor headings, nearest first, from the first language version.
          std::vector<std::string> headings = {row.versions.front()->heading};
          const CueScores* parent_cues = &no_parent;
          std::string parent = row.versions.front()->parent;
          int depth = 0;
          while (!parent.empty()) {
            ++depth;
            auto p = index.find(parent);
            if (p == index.end()) break;
            if (depth == 1) parent_cues = &row_cues[p->second];
            headings.push_back(rows[p->second].versions.front()->heading);
            parent = rows[p->second].versions.front()->parent;
          }
          row.depth = depth;
          // The learned tagger's categories (which depend on the text alone, so a fast rebuild
          // keeps them), then those of the cells and provision values that cite the clause.
          row.tags = model.tag(row_texts[i], headings, row_cues[i], *parent_cues);
          if (const auto c = curated.find(row.id); c != curated.end())
            for (const auto& category : c->second) row.tags.push_back({category, "curated", 1.0});
          row.in_definitions = in_definitions_unit(headings);
        }
        std::set<std::string> parents; // clauses with sub-clauses, whose text holds theirs
        for (const auto& row : rows)
          if (!row.parent.empty()) parents.insert(row.parent);
        for (const auto& row : rows) {
          ins_c.bind(1, row.id); ins_c.bind(2, row.instrument); nullable(ins_c, 3, row.parent);
          ins_c.bind(4, row.ordinal); ins_c.bind(5, row.depth); ins_c.exec(); ins_c.reset();
          // The categories readers see, by the rule of the clause_categories view: the tagger's.
          std::set<std::string> categories;
          for (const auto& tag : row.tags) {
            ins_tag.bind(1, row.id); ins_tag.bind(2, tag.category); ins_tag.bind(3, tag.origin); ins_tag.bind(4, tag.score);
            ins_tag.exec(); ins_tag.reset();
            if (tag.origin == "model") categories.insert(tag.category);
          }
          std::string category_list;
          std::vector<std::string> terms = {std::string(prefix::jurisdiction) + jd.code,
                                            std::string(prefix::instrument) + in.id,
                                            std::string(prefix::kind) + jd.kind,
                                            std::string(prefix::status) + in.status,
                                            std::string(prefix::doctype) + "clause"};
          if (row.in_definitions) terms.push_back(std::string(prefix::defines) + std::string(prefix::any_definition));
          for (const auto& c : categories) {
            terms.push_back(std::string(prefix::category) + c);
            category_list += (category_list.empty() ? "" : ",") + c;
          }
          const std::string& group = group_of.at(in.id);
          // A unit with a heading of its own (an article, a section, a measure) is a hit of its
          // own; an unheaded one (a paragraph, a point) shares the collapse key of the nearest
          // enclosing clause with a heading (or of its top-level clause), so that search shows one
          // hit for them, the best-ranked.
          std::string unit = row.id.substr(in.id.size() + 1);
          if (row.versions.front()->heading.empty())
            for (std::string up = row.versions.front()->parent; !up.empty();) {
              unit = up;
              const auto p = index.find(up);
              if (p == index.end() || !rows[p->second].versions.front()->heading.empty()) break;
              up = rows[p->second].versions.front()->parent;
            }
          for (const auto* v : row.versions) {
            ins_t.bind(1, row.id); ins_t.bind(2, v->language); ins_t.bind(3, v->label); ins_t.bind(4, v->heading);
            ins_t.bind(5, v->text); ins_t.exec(); ins_t.reset();
            // The clause a hit of this document shows: its own, or, in a copy of an earlier
            // instrument's text, the original's clause of the same path and letters (written
            // before it), so that search names the original whichever copy ranks first.
            Shown shown{row.id, in.id, in.short_name.en + ", " + v->label, v->heading};
            if (group != in.id) {
              const std::string original = group + row.id.substr(in.id.size());
              original_text.bind(1, original); original_text.bind(2, v->language);
              if (original_text.executeStep() &&
                  letters_fingerprint(original_text.getColumn(2).getString()) == letters_fingerprint(v->text))
                shown = {original, group, original_name + ", " + original_text.getColumn(0).getString(),
                         original_text.getColumn(1).getString()};
              original_text.reset();
            }
            const std::string collapse_key = group + "/" + unit + "@" + v->language;
            // A definition point also says which term it defines (prefixes.hpp, defines); an
            // article holding several points defines them all, and none of them more.
            std::vector<std::string> version_terms = terms;
            if (row.in_definitions && !parents.count(row.id))
              if (const auto key = text::defined_term_key(defined_term(v->text), v->language); !key.empty())
                version_terms.push_back(prefix::defined_term(key));
            writer.index_document(prefix::clause_key(row.id, v->language), v->language,
                                  data_fields({"clause", shown.id, v->language, jd.code, shown.instrument, "",
                                               shown.title, shown.heading}) + v->text,
                                  v->label + " " + v->heading, v->text, version_terms,
                                  {{slot::ordinal, Xapian::sortable_serialise(row.ordinal)},
                                   {slot::date, digits_only(in.status_date)},
                                   {slot::facets, slot::facets_value({jd.code, v->language, category_list, collapse_key})},
                                   {slot::collapse, collapse_key}});
          }
        }
        report.clauses += static_cast<int>(rows.size());
        retain(arrived);
      }
      check_copies(j, tops, report.diagnostics);
      // Each instrument's status, and the instruments holding its text when there are several
      // (slot::k_instrument_key_prefix): what search shows with every hit.
      std::map<std::string, std::string> copies_of;
      for (const auto& [group, members] : copies_in_group) {
        if (members.size() < 2) continue;
        std::string copies;
        for (const auto& id : members) copies += (copies.empty() ? "" : ",") + id;
        for (const auto& id : members) copies_of[id] = copies;
      }
      const auto tab_separated = [](const std::vector<std::string>& names) {
        std::string joined;
        for (const auto& name : names) joined += (joined.empty() ? "" : "\t") + name;
        return joined;
      };
      for (const auto& spec : j.instruments) {
        writer.xapian().set_metadata(std::string(slot::k_instrument_key_prefix) + spec.instrument.id,
                                     slot::instrument_facts(spec.instrument.status, copies_of[spec.instrument.id]));
        writer.xapian().set_metadata(std::string(slot::k_instrument_names_key_prefix) + spec.instrument.id,
                                     tab_separated(search_names(spec.instrument)));
      }
      std::vector<std::string> jurisdiction_names{jd.name.en, jd.name.fr};
      jurisdiction_names.insert(jurisdiction_names.end(), jd.aliases.begin(), jd.aliases.end());
      writer.xapian().set_metadata(std::string(slot::k_jurisdiction_names_key_prefix) + jd.code,
                                   tab_separated(jurisdiction_names));
      report.cells += write_cells(writer, ins_cell, ins_cit, j, status_of);
      report.provision_values += write_provision_values(writer, j, status_of);
      say(BuildProgress::Stage::writing, ++jurisdictions_written, static_cast<int>(corpus.size()), report.clauses,
          jd.code);
    }
    report.build_id = finish_checks();
    if (!report.complete() && !options.allow_partial) {
      writer.close();
      std::filesystem::remove_all(tmp, ec);
      return give_up();
    }
    SQLite::Statement meta(writer.db(), "INSERT INTO meta VALUES (?, ?)");
    for (const auto& [k, v] : std::map<std::string, std::string>{{"build_id", report.build_id}, {"corpus_commit", options.corpus_commit}}) {
      meta.bind(1, k); meta.bind(2, v); meta.exec(); meta.reset();
    }
    say(BuildProgress::Stage::publishing, 0, 1, report.clauses, "");
    transaction.commit();
    writer.close();
  } catch (const SQLite::Exception& e) {
    std::filesystem::remove_all(tmp, ec);
    throw DataError("writing the build database in " + tmp.string() + " failed: " + e.what() + " (is the disk full?)");
  } catch (const Xapian::Error& e) {
    std::filesystem::remove_all(tmp, ec);
    throw DataError("writing the search index in " + tmp.string() + " failed: " + e.get_description() + " (is the disk full?)");
  }
  return publish(tmp);
}

} // namespace cadre::indexer
