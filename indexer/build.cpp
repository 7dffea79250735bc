#include "indexer/build.hpp"
#include "indexer/claims.hpp"

#include "core/build_check.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/library.hpp"
#include "core/prefixes.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/tagger.hpp"

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
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <signal.h>
#include <unistd.h>

namespace cadre::indexer {
namespace {

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
  Writer(const std::filesystem::path& dir) : m_db((dir / BuildLayout::k_sqlite).string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    m_db.exec("PRAGMA journal_mode = OFF");
    m_db.exec("PRAGMA synchronous = OFF");
    for (auto sql : migrations()) m_db.exec(std::string(sql));
    m_db.exec("PRAGMA user_version = " + std::to_string(schema_version()));
    m_xapian = Xapian::WritableDatabase((dir / BuildLayout::k_xapian).string(), Xapian::DB_CREATE);
  }

  SQLite::Database& db() { return m_db; }
  Xapian::WritableDatabase& xapian() { return m_xapian; }

  void index_document(const std::string& unique, const std::string& language, const std::string& data,
                      const std::string& heading, const std::string& body, const std::vector<std::string>& boolean_terms,
                      const std::vector<std::pair<unsigned, std::string>>& values) {
    Xapian::Document doc;
    doc.set_data(data);
    m_generator.set_document(doc);
    const auto stemmer = text::stemmer_name(language);
    m_generator.set_stemmer(stemmer == "none" ? Xapian::Stem() : Xapian::Stem(std::string(stemmer)));
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
    m_xapian.replace_document(std::string(prefix::id) + unique, doc);
  }

  void close() {
    m_xapian.commit();
    m_xapian.close();
  }

private:
  SQLite::Database m_db;
  Xapian::WritableDatabase m_xapian;
  Xapian::TermGenerator m_generator;
};

/// FNV-1a over the letters of a text (ASCII lower-cased, every byte of a multi-byte UTF-8
/// sequence), so that two encodings of one text that differ in numbering, punctuation or spacing
/// get the same value.
std::uint64_t letters_fingerprint(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalpha(u)) continue;
    if (u < 0x80) u = static_cast<unsigned char>(std::tolower(u));
    h = (h ^ u) * 1099511628211ULL;
  }
  return h;
}

/// Instruments of one jurisdiction that hold the same text: one act parsed from two sources, or
/// in two versions. An instrument joins the group of an earlier one when at least half of its
/// top-level clauses have the same letters as the top-level clause of the same path there.
/// Returns, for every instrument, the first instrument of its group (itself when it has none).
std::map<std::string, std::string> copy_groups(const std::vector<JurisdictionSpec>& corpus,
                                               const std::map<std::string, ParsedInstrument>& parsed) {
  std::map<std::string, std::string> group;
  for (const auto& j : corpus) {
    std::vector<std::pair<std::string, std::map<std::string, std::uint64_t>>> tops; // instrument, path@lang -> letters
    for (const auto& spec : j.instruments) {
      const auto found = parsed.find(spec.instrument.id);
      if (found == parsed.end()) continue;
      std::map<std::string, std::uint64_t> top;
      for (const auto& pc : found->second.clauses)
        if (pc.parent.empty()) top[pc.path + "@" + pc.language] = letters_fingerprint(pc.text);
      const std::string& id = spec.instrument.id;
      group[id] = id;
      for (const auto& [other, other_top] : tops) {
        if (group[other] != other || top.empty()) continue;
        std::size_t same = 0;
        for (const auto& [key, value] : top) {
          const auto o = other_top.find(key);
          same += o != other_top.end() && o->second == value ? 1 : 0;
        }
        if (same * 2 >= top.size()) { group[id] = other; break; }
      }
      tops.emplace_back(id, std::move(top));
    }
  }
  return group;
}

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
                             {slot::jurisdiction, jd.code},
                             {slot::language, lang},
                             {slot::categories, provision.category}});
    }
  }
  return static_cast<int>(values.size());
}

} // namespace

std::vector<JurisdictionSpec> load_corpus(const std::filesystem::path& corpus_dir, Diagnostics& diags) {
  std::vector<JurisdictionSpec> corpus;
  for (const auto& dir : jurisdiction_dirs(corpus_dir))
    if (auto spec = load_jurisdiction(dir, diags)) corpus.push_back(std::move(*spec));
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
      if (std::all_of(it->second.sources.begin(), it->second.sources.end(),
                      [](const auto& s) { return s.state == "indexed"; }))
        complete.insert(in.instrument.id);
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
            auto it = parsed.find(key);
            if (it == parsed.end()) continue;
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

Diagnostics lint(const LintOptions& options) {
  Diagnostics diags;
  const auto corpus = load_corpus(options.corpus_dir, diags);
  if (options.sources_dir) {
    if (!std::filesystem::is_directory(*options.sources_dir))
      throw UserError("sources folder " + options.sources_dir->string() + " does not exist", "--sources");
    const auto parsed = parse_sources(corpus, *options.sources_dir, diags);
    check_citations(corpus, parsed, Diagnostic::Severity::error, diags);
    check_provision_citations(corpus, parsed, Diagnostic::Severity::error, diags);
    check_claims(corpus, parsed, diags);
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

  std::map<std::string, ParsedInstrument> parsed;
  if (options.sources_dir) {
    if (!std::filesystem::is_directory(*options.sources_dir))
      throw UserError("sources folder " + options.sources_dir->string() + " does not exist", "--sources");
    parsed = parse_sources(corpus, *options.sources_dir, report.diagnostics,
                           [&](int done, int total, long clauses, const std::string& instrument) {
                             say(BuildProgress::Stage::parsing, done, total, clauses, instrument);
                           });
    // The same severity as `cadre lint`: index and lint agree on what is an error.
    check_citations(corpus, parsed, Diagnostic::Severity::error, report.diagnostics);
    check_provision_citations(corpus, parsed, Diagnostic::Severity::error, report.diagnostics);
    for (const auto& [id, p] : parsed)
      for (const auto& s : p.sources) (s.state == "indexed" ? report.sources_indexed : report.sources_failed)++;
  }
  // All or nothing: a build with an error is not written unless asked for.
  if (!report.complete() && !options.allow_partial) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.diagnostics.sort();
    return report;
  }

  // The build id hashes every input, so identical inputs give an identical id and rows.
  std::string fingerprint = "schema " + std::to_string(schema_version()) + "\n";
  fingerprint += builtin_tag_model_text();
  for (const auto& j : corpus) {
    fingerprint += read_text(j.dir / "jurisdiction.toml");
    for (const auto& f : j.frameworks) fingerprint += read_text(f.path);
    if (j.provisions) fingerprint += read_text(j.provisions->path);
  }
  for (const auto& [id, p] : parsed)
    for (const auto& s : p.sources) fingerprint += id + " " + s.file + " " + s.sha256 + " " + s.state + "\n";
  report.build_id = sha256_hex(fingerprint).substr(0, 16);

  const auto builds = options.data_dir / BuildLayout::k_builds;
  std::error_code ec;
  std::filesystem::create_directories(builds, ec);
  if (ec) throw DataError("cannot create " + builds.string() + ": " + ec.message());
  remove_stale_temporaries(builds);
  std::random_device random;
  const auto tmp = builds / (".tmp-" + std::to_string(getpid()) + "-" + std::to_string(random() % 100000));
  std::filesystem::create_directories(tmp, ec);
  if (ec) throw DataError("cannot create " + tmp.string() + ": " + ec.message());

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
    SQLite::Statement meta(writer.db(), "INSERT INTO meta VALUES (?, ?)");
    for (const auto& [k, v] : std::map<std::string, std::string>{{"build_id", report.build_id}, {"corpus_commit", options.corpus_commit}}) {
      meta.bind(1, k); meta.bind(2, v); meta.exec(); meta.reset();
    }
    SQLite::Statement ins_j(writer.db(), "INSERT INTO jurisdictions VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_i(writer.db(), "INSERT INTO instruments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_d(writer.db(), "INSERT INTO instrument_dates VALUES (?, ?, ?)");
    SQLite::Statement ins_e(writer.db(), "INSERT INTO instrument_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_v(writer.db(), "INSERT INTO instrument_versions VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement ins_vt(writer.db(), "INSERT OR IGNORE INTO version_clause_texts VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_s(writer.db(), "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_c(writer.db(), "INSERT INTO clauses VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement ins_t(writer.db(), "INSERT INTO clause_texts VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement ins_tag(writer.db(), "INSERT OR REPLACE INTO clause_tags VALUES (?, ?, ?, ?)");
    SQLite::Statement ins_cell(writer.db(), "INSERT INTO cells (jurisdiction, category, language, markdown, html, text, as_of, "
                                                 "summary_markdown, summary_html, summary_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement ins_cit(writer.db(), "INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?)");
    auto nullable = [](SQLite::Statement& q, int i, const std::string& v) {
      if (v.empty()) q.bind(i); else q.bind(i, v);
    };

    // Instruments are stored with the status their events give once they have all happened
    // (indexer/corpus.cpp); the read side recomputes it for the date viewed, so builds stay a
    // function of their inputs, not of the day they were made.
    std::map<std::string, std::string> status_of;
    for (const auto& j : corpus)
      for (const auto& in : j.instruments) status_of[in.instrument.id] = in.instrument.status;

    // Curated tags: the categories of the cells that cite a clause.
    const TagModel& model = TagModel::builtin();
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

    // One clause in copies of its instrument's text shares a collapse key, so that search shows
    // it once and names the copies.
    const auto group_of = copy_groups(corpus, parsed);
    std::map<std::string, std::string> copies_in_group; // group -> its instruments, comma-separated
    for (const auto& [id, group] : group_of)
      copies_in_group[group] += (copies_in_group[group].empty() ? "" : ",") + id;

    int jurisdictions_written = 0;
    for (const auto& j : corpus) {
      const Jurisdiction& jd = j.jurisdiction;
      ins_j.bind(1, jd.code); ins_j.bind(2, jd.name.en); ins_j.bind(3, jd.name.fr); ins_j.bind(4, jd.kind);
      nullable(ins_j, 5, jd.parent); ins_j.bind(6, jd.as_of);
      ins_j.exec(); ins_j.reset();
      ++report.jurisdictions;
      int instrument_ordinal = 0;
      for (const auto& spec : j.instruments) {
        const Instrument& in = spec.instrument;
        std::string languages;
        for (const auto& l : in.languages) languages += (languages.empty() ? "" : ",") + l;
        ins_i.bind(1, in.id); ins_i.bind(2, jd.code); ins_i.bind(3, instrument_ordinal++); ins_i.bind(4, in.title.en);
        ins_i.bind(5, in.title.fr); ins_i.bind(6, in.short_name.en); ins_i.bind(7, in.type); ins_i.bind(8, in.status);
        nullable(ins_i, 9, in.status_date); nullable(ins_i, 10, in.status_by); ins_i.bind(11, in.status_checked);
        ins_i.bind(12, in.status_note.en); ins_i.bind(13, in.status_note.fr); ins_i.bind(14, in.official_url);
        ins_i.bind(15, languages); ins_i.bind(16, in.short_name.fr);
        ins_i.exec(); ins_i.reset();
        ++report.instruments;
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
          auto version = parsed.find(in.id + "@" + v.from);
          if (version == parsed.end()) continue;
          std::map<std::string, int> order;
          for (const auto& pc : version->second.clauses) {
            const int ordinal = order.emplace(pc.path, static_cast<int>(order.size())).first->second;
            ins_vt.bind(1, in.id); ins_vt.bind(2, v.from); ins_vt.bind(3, in.id + "/" + pc.path); ins_vt.bind(4, ordinal);
            ins_vt.bind(5, pc.language); ins_vt.bind(6, pc.label); ins_vt.bind(7, pc.heading); ins_vt.bind(8, pc.text);
            ins_vt.exec(); ins_vt.reset();
          }
        }
        auto found = parsed.find(in.id);
        if (found == parsed.end()) {
          for (const auto& s : spec.sources) {
            ins_s.bind(1, in.id); ins_s.bind(2, s.file); ins_s.bind(3, s.language); ins_s.bind(4, s.format);
            ins_s.bind(5, s.sha256); ins_s.bind(6, "missing"); ins_s.bind(7, "no --sources given"); ins_s.bind(8, 0);
            ins_s.exec(); ins_s.reset();
          }
          continue;
        }
        for (const auto& s : found->second.sources) {
          ins_s.bind(1, in.id); ins_s.bind(2, s.file); ins_s.bind(3, s.language); ins_s.bind(4, s.format);
          ins_s.bind(5, s.sha256); ins_s.bind(6, s.state); ins_s.bind(7, s.message); ins_s.bind(8, s.clauses);
          ins_s.exec(); ins_s.reset();
        }
        // Group the language versions of each clause; order by first appearance.
        std::vector<ClauseRow> rows;
        std::map<std::string, std::size_t> index;
        for (const auto& pc : found->second.clauses) {
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
        for (auto& row : rows) {
          std::vector<std::string> texts, headings;
          for (const auto* v : row.versions) {
            texts.push_back(v->text);
            if (headings.empty()) headings.push_back(v->heading);
          }
          // Ancestor headings, nearest first, from the first language version.
          std::string parent = row.versions.front()->parent;
          int depth = 0;
          while (!parent.empty()) {
            ++depth;
            auto p = index.find(parent);
            if (p == index.end()) break;
            headings.push_back(rows[p->second].versions.front()->heading);
            parent = rows[p->second].versions.front()->parent;
          }
          row.depth = depth;
          // A clause an analyst cited keeps exactly the cited categories; the learned tagger
          // decides for the others, and may give none.
          const auto& cited = curated[row.id];
          if (cited.empty()) row.tags = model.tag(clause_features(texts, headings));
          for (const auto& category : cited) row.tags.push_back({category, "curated", 1.0});
          row.in_definitions = in_definitions_unit(headings);
        }
        for (const auto& row : rows) {
          ins_c.bind(1, row.id); ins_c.bind(2, row.instrument); nullable(ins_c, 3, row.parent);
          ins_c.bind(4, row.ordinal); ins_c.bind(5, row.depth); ins_c.exec(); ins_c.reset();
          std::set<std::string> categories;
          for (const auto& tag : row.tags) {
            ins_tag.bind(1, row.id); ins_tag.bind(2, tag.category); ins_tag.bind(3, tag.origin); ins_tag.bind(4, tag.score);
            ins_tag.exec(); ins_tag.reset();
            categories.insert(tag.category);
          }
          std::string category_list;
          std::vector<std::string> terms = {std::string(prefix::jurisdiction) + jd.code,
                                            std::string(prefix::instrument) + in.id,
                                            std::string(prefix::kind) + jd.kind,
                                            std::string(prefix::status) + in.status,
                                            std::string(prefix::doctype) + "clause"};
          if (row.in_definitions) terms.push_back(std::string(prefix::defines) + "term");
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
          const std::string copies = copies_in_group[group].find(',') == std::string::npos ? "" : copies_in_group[group];
          for (const auto* v : row.versions) {
            ins_t.bind(1, row.id); ins_t.bind(2, v->language); ins_t.bind(3, v->label); ins_t.bind(4, v->heading);
            ins_t.bind(5, v->text); ins_t.exec(); ins_t.reset();
            writer.index_document("clause:" + row.id + "@" + v->language, v->language,
                                  data_fields({"clause", row.id, v->language, jd.code, in.id, "",
                                               in.short_name.en + ", " + v->label, v->heading}) + v->text,
                                  v->label + " " + v->heading, v->text, terms,
                                  {{slot::ordinal, Xapian::sortable_serialise(row.ordinal)},
                                   {slot::date, digits_only(in.status_date)},
                                   {slot::jurisdiction, jd.code},
                                   {slot::language, v->language},
                                   {slot::categories, category_list},
                                   {slot::collapse, group + "/" + unit + "@" + v->language},
                                   {slot::copies, copies}});
          }
        }
        report.clauses += static_cast<int>(rows.size());
      }
      for (const auto& f : j.frameworks) {
        for (const auto& cell : f.cells) {
          ins_cell.bind(1, jd.code); ins_cell.bind(2, cell.category); ins_cell.bind(3, f.language);
          ins_cell.bind(4, cell.markdown); ins_cell.bind(5, cell.html); ins_cell.bind(6, cell.text); ins_cell.bind(7, f.as_of);
          ins_cell.bind(8, cell.summary_markdown); ins_cell.bind(9, cell.summary_html); ins_cell.bind(10, cell.summary_text);
          ins_cell.exec(); ins_cell.reset();
          ++report.cells;
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
            if (status_of.count(instrument) > 0) terms.push_back(std::string(prefix::status) + status_of[instrument]);
          }
          const int category_index = schema.category_index(cell.category);
          const std::string searchable = cell.summary_text.empty() ? cell.text : cell.summary_text + "\n" + cell.text;
          const std::string label = jd.name.in(f.language) + " — " + schema.categories[static_cast<std::size_t>(category_index)].label.in(f.language);
          writer.index_document("cell:" + jd.code + "/" + cell.category + "@" + f.language, f.language,
                                data_fields({"cell", jd.code + "/" + cell.category, f.language, jd.code, "", cell.category, label, ""}) + searchable,
                                "", searchable, terms,
                                {{slot::ordinal, Xapian::sortable_serialise(category_index)},
                                 {slot::date, digits_only(f.as_of)},
                                 {slot::jurisdiction, jd.code},
                                 {slot::language, f.language},
                                 {slot::categories, cell.category}});
        }
      }
      report.provision_values += write_provision_values(writer, j, status_of);
      say(BuildProgress::Stage::writing, ++jurisdictions_written, static_cast<int>(corpus.size()), report.clauses,
          jd.code);
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
  {
    const auto now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    std::ofstream(tmp / "built_at") << stamp << "\n";
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
}

} // namespace cadre::indexer
