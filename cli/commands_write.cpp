// The commands that write: index, lint, new, sources.
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/schema.hpp"
#include "indexer/build.hpp"
#include "indexer/fetch.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <tuple>

namespace cadre::cli {
namespace {

/// The git commit of the corpus folder, or "unknown" outside a git checkout.
std::string corpus_commit(const std::filesystem::path& corpus) {
  const std::string command = "git -C '" + corpus.string() + "' rev-parse HEAD 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "unknown";
  std::array<char, 128> buffer{};
  std::string out;
  while (fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) out += buffer.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out.size() == 40 ? out : "unknown";
}

void print_diagnostics(const indexer::Diagnostics& diags, std::ostream& err) {
  for (const auto& d : diags.items()) err << d.to_string() << "\n";
}

/// A source file to fetch or verify, with the jurisdiction.toml entry that declares it.
struct DeclaredSource {
  indexer::FetchItem item;
  std::string toml_path;
  int line = 0;
};

/// The sources of the corpus (of the --jurisdiction codes only, when given), each file once:
/// an instrument and a part of it may declare the same file. Corpus problems go to `diags`.
std::vector<DeclaredSource> declared_sources(const SourcesOptions& o, indexer::Diagnostics& diags) {
  const auto corpus = indexer::load_corpus(o.corpus, diags);
  const auto wanted = split_list(o.jurisdictions);
  for (const auto& code : wanted) {
    const bool known = std::any_of(corpus.begin(), corpus.end(),
                                   [&](const auto& j) { return j.jurisdiction.code == code; });
    if (!known)
      throw UserError("--jurisdiction " + code + ": no such jurisdiction in " + o.corpus.string() +
                          " (or it has errors: run `cadre lint`)",
                      "jurisdiction");
  }
  std::vector<DeclaredSource> out;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const auto& j : corpus) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), j.jurisdiction.code) == wanted.end()) continue;
    for (const auto& in : j.instruments) {
      // The current text, then each earlier version's.
      std::vector<const indexer::SourceSpec*> sources;
      for (const auto& source : in.sources) sources.push_back(&source);
      for (const auto& version : in.versions)
        for (const auto& source : version.sources) sources.push_back(&source);
      for (const auto* source : sources) {
        if (!seen.insert({j.jurisdiction.code, source->file, source->sha256}).second) continue;
        out.push_back({{in.instrument.id, j.jurisdiction.code, source->file, source->url, source->sha256}, j.toml_path,
                       source->line});
      }
    }
  }
  return out;
}

/// One line redrawn in place: "  eu/gdpr.html  [#######.............]  35%  612/1742 kB".
class ProgressBar {
public:
  explicit ProgressBar(std::ostream& out) : m_out(out) {}

  void draw(const std::string& name, std::uint64_t received, std::uint64_t total) {
    const int percent = total > 0 ? static_cast<int>(received * 100 / total) : -1;
    const std::uint64_t kilobytes = received / 1024;
    // Redraw only on a visible change: callbacks come for every block received.
    if (m_drawn && percent == m_percent && (percent >= 0 || kilobytes / 64 == m_kilobytes / 64)) return;
    m_percent = percent;
    m_kilobytes = kilobytes;
    constexpr int width = 24;
    std::string line = "\r\033[K  " + name + "  ";
    if (percent >= 0) {
      const int filled = percent * width / 100;
      line += "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " + std::to_string(percent) +
              "%  " + std::to_string(kilobytes) + "/" + std::to_string(total / 1024) + " kB";
    } else {
      line += std::to_string(kilobytes) + " kB";
    }
    m_out << line << std::flush;
    m_drawn = true;
  }

  /// Erases the bar so that the next line starts clean.
  void clear() {
    if (m_drawn) m_out << "\r\033[K" << std::flush;
    m_drawn = false;
  }

private:
  std::ostream& m_out;
  bool m_drawn = false;
  int m_percent = -1;
  std::uint64_t m_kilobytes = 0;
};

/// `cadre index` progress. On a terminal: one line redrawn in place, at most ten times a second,
/// with the stage, the units done, clauses per second and the time left. Elsewhere (logs, CI,
/// pipes): one line at the end of each stage and one per jurisdiction written (texts are parsed
/// while earlier jurisdictions are written, so the "parsed" line comes before the last of them).
class IndexProgress {
public:
  IndexProgress(std::ostream& log, std::ostream* terminal) : m_log(log), m_terminal(terminal) {}

  void operator()(const indexer::BuildProgress& p) {
    using Stage = indexer::BuildProgress::Stage;
    if (m_terminal == nullptr) {
      switch (p.stage) {
      case Stage::loaded: m_log << "cadre index: loaded " << p.total << " jurisdictions\n"; break;
      case Stage::parsing:
        if (p.done == p.total)
          m_log << "cadre index: parsed " << p.total << " instrument texts, " << p.clauses << " clause versions, in "
                << seconds(p.seconds) << "\n";
        break;
      case Stage::writing: m_log << "cadre index: indexed " << p.detail << "\n"; break;
      case Stage::publishing: m_log << "cadre index: committing the database and the search index\n"; break;
      case Stage::published: break;
      }
      return;
    }
    // Texts are written as they are parsed: while texts remain, the parsing line (texts and clause
    // versions handed to the writer) is the progress of the whole; jurisdictions written show after.
    if (p.stage == Stage::parsing) m_texts_left = p.total - p.done;
    if (p.stage == Stage::writing && m_texts_left > 0) return;
    const bool last_of_stage = p.done == p.total || p.stage == Stage::publishing || p.stage == Stage::published;
    if (!last_of_stage && p.seconds - m_drawn_at < 0.1) return;
    m_drawn_at = p.seconds;
    std::string line = "\r\033[K";
    switch (p.stage) {
    case Stage::loaded: line += "cadre index: loaded " + std::to_string(p.total) + " jurisdictions"; break;
    case Stage::parsing:
      if (p.done == 1) m_stage_started = p.seconds;
      line += "cadre index: parsing " + std::to_string(p.done) + "/" + std::to_string(p.total) + " texts, " +
              std::to_string(p.clauses) + " clause versions" + rate_and_eta(p);
      break;
    case Stage::writing:
      if (p.done == 1) m_stage_started = p.seconds;
      line += "cadre index: writing " + std::to_string(p.done) + "/" + std::to_string(p.total) + " jurisdictions (" +
              p.detail + "), " + std::to_string(p.clauses) + " clauses" + rate_and_eta(p);
      break;
    case Stage::publishing: line += "cadre index: committing the database and the search index"; break;
    case Stage::published: break; // the summary line follows
    }
    *m_terminal << line << std::flush;
  }

  /// Erases the redrawn line so that the summary starts clean.
  void clear() {
    if (m_terminal != nullptr) *m_terminal << "\r\033[K" << std::flush;
  }

private:
  static std::string seconds(double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", s);
    return buffer;
  }
  /// ", 1830 clauses/s, about 7 s left" once the stage has run long enough to say.
  std::string rate_and_eta(const indexer::BuildProgress& p) const {
    const double elapsed = p.seconds - m_stage_started;
    if (elapsed < 0.5 || p.done == 0) return "";
    std::string out = ", " + std::to_string(static_cast<long>(static_cast<double>(p.clauses) / elapsed)) + " clauses/s";
    if (p.done < p.total)
      out += ", about " + std::to_string(static_cast<long>(elapsed / p.done * (p.total - p.done) + 0.5)) + " s left";
    return out;
  }

  std::ostream& m_log;
  std::ostream* m_terminal;
  double m_drawn_at = -1;
  double m_stage_started = 0;
  int m_texts_left = 0;
};

std::optional<std::filesystem::path> optional_path(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return std::filesystem::path(value);
}

} // namespace

int index_command(const IndexOptions& o, Streams io) {
  indexer::BuildOptions options;
  options.corpus_dir = o.corpus;
  options.sources_dir = optional_path(o.sources);
  options.data_dir = o.out;
  options.corpus_commit = corpus_commit(o.corpus);
  IndexProgress progress(io.err, io.progress);
  if (!o.quiet) options.progress = [&](const indexer::BuildProgress& p) { progress(p); };
  options.allow_partial = o.allow_partial;
  options.full = o.full;
  options.threads = o.threads;
  const auto report = indexer::build(options);
  if (!o.quiet) progress.clear();
  print_diagnostics(report.diagnostics, io.err);
  if (!report.reused.empty())
    io.err << "cadre index: only the analysis changed: reused the clause data of build " << report.reused << "\n";
  else if (!o.quiet && !report.full_build_reason.empty() && !o.sources.empty())
    io.err << "cadre index: full build: " << report.full_build_reason << "\n";
  if (!report.published) {
    io.err << "cadre index: not published: " << report.skipped_jurisdictions << " jurisdictions skipped, "
           << report.sources_failed << " source texts failed, " << report.diagnostics.error_count()
           << " errors; `current` is unchanged (fix them, or publish what built with --allow-partial)\n";
    return k_error;
  }
  io.err << "cadre index: build " << report.build_id << " published at " << report.build_dir.string() << ": "
         << report.jurisdictions << " jurisdictions, " << report.instruments << " instruments, " << report.cells
         << " cells, " << report.clauses << " clauses from " << report.sources_indexed << " source texts in "
         << static_cast<int>(report.seconds * 1000) << " ms\n";
  if (!o.sources.empty() && report.sources_indexed == 0 && report.sources_failed == 0)
    io.err << "cadre index: note: no instrument declares a source text\n";
  if (o.sources.empty())
    io.err << "cadre index: note: no --sources given: the analysis is searchable, the clauses are not\n";
  if (report.complete()) return k_ok;
  io.err << "cadre index: incomplete: " << report.skipped_jurisdictions << " jurisdictions skipped, "
         << report.sources_failed << " source texts failed, " << report.diagnostics.error_count()
         << " errors (fix them; `cadre lint` lists them)\n";
  return k_error;
}

int lint_command(const LintCommandOptions& o, Streams io) {
  const std::vector<std::string> targets = o.corpus.empty() ? std::vector<std::string>{"corpus"} : o.corpus;
  int errors = 0, warnings = 0;
  for (const auto& target : targets) {
    const auto diags = indexer::lint({target, optional_path(o.sources)});
    print_diagnostics(diags, io.err);
    errors += diags.error_count();
    warnings += diags.warning_count();
  }
  io.err << "cadre lint: " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
         << (warnings == 1 ? " warning" : " warnings") << (o.sources.empty() ? " (citations not resolved: no --sources)" : "")
         << "\n";
  return errors > 0 ? k_error : k_ok;
}

int new_command(const NewOptions& o, Streams io) {
  if (!indexer::is_valid_code(o.code))
    throw UserError("'" + o.code + "' is not a valid jurisdiction code: use a lowercase ISO 3166 code such as sg or ca-on", "code");
  const auto dir = o.corpus / o.code;
  if (std::filesystem::exists(dir)) throw UserError(dir.string() + " already exists: edit it instead", "code");
  std::filesystem::create_directories(dir);
  {
    std::ofstream toml(dir / "jurisdiction.toml");
    toml << "# See docs/corpus-format.md. `cadre lint " << dir.string() << "` checks this file.\n"
         << "code = \"" << o.code << "\"\n"
         << "kind = \"" << o.kind << "\"\n";
    if (!o.parent.empty()) toml << "parent = \"" << o.parent << "\"\n";
    toml << "as_of = 2026-01-01\n"
         << "name = { en = \"\", fr = \"\" }\n"
         << "# aliases = []  # other names readers type for it in a search (docs/corpus-format.md)\n\n"
         << "[[instrument]]\n"
         << "id = \"" << o.code << "/slug\"\n"
         << "short_name = \"\"\n"
         << "title = { en = \"\", fr = \"\" }\n"
         << "# aliases = []  # its abbreviation, its name in its own language, a common nickname\n"
         << "type = \"statute\"\n"
         << "official_url = \"https://\"\n"
         << "languages = [\"en\"]\n\n"
         << "# One [[instrument.event]] per dated event (its status is computed from them):\n"
         << "[[instrument.event]]\n"
         << "kind = \"in-force\"\n"
         << "date = 2026-01-01\n"
         << "evidence = { url = \"https://\", kind = \"official-text\", seen = 2026-01-01 }\n\n"
         << "# [[instrument.source]]\n"
         << "# file = \"\"\n"
         << "# format = \"\"\n"
         << "# language = \"en\"\n"
         << "# sha256 = \"\"\n";
  }
  for (const std::string lang : {"en", "fr"}) {
    std::ofstream md(dir / ("framework." + lang + ".md"));
    md << "# " << o.code << "\n\nas-of: 2026-01-01\n";
    for (const auto& c : schema().categories) {
      md << "\n## " << c.label.in(lang) << "\n\n"
         << (lang == "fr" ? "summary: Une phrase à rédiger, qui cite une disposition [art. 1](clause:"
                          : "summary: One sentence to write, citing a clause [s. 1](clause:")
         << o.code << "/slug/sec_1).\n\n"
         << "<!-- " << c.question.in(lang) << " -->\n\n"
         << (lang == "fr" ? "À rédiger, avec au moins une citation [art. 1](clause:" : "To write, citing at least one clause [s. 1](clause:")
         << o.code << "/slug/sec_1).\n";
    }
  }
  {
    std::ofstream toml(dir / indexer::k_provisions_file);
    toml << "# One value per provision; docs/corpus-format.md gives the rules. `cadre lint " << dir.string()
         << "` reports each value still to fill in.\n";
    for (const auto& p : schema().provisions)
      toml << "\n# " << p.label.en << ". Yes when: " << p.definition.en << "\n"
           << "[[value]]\n"
           << "provision = \"" << p.id << "\"\n"
           << "value = \"\"  # yes | partial | no | unclear\n"
           << "cite = []     # clause ids carrying it; required for yes and partial\n"
           << "note = { en = \"\", fr = \"\" }\n";
  }
  io.out << "created " << dir.string() << "/: jurisdiction.toml, framework.en.md, framework.fr.md, provisions.toml\n"
         << "next: fill them in, then run `cadre lint " << dir.string() << "`\n";
  return k_ok;
}

namespace {

/// `cadre sources verify --online`: one line per source to standard output, what needs
/// attention as diagnostics pointing at its [[instrument.source]] entry.
int verify_online(const SourcesOptions& o, Streams io) {
  indexer::Diagnostics diags;
  const auto sources = declared_sources(o, diags);
  indexer::Fetcher fetcher(o.sources);
  std::map<indexer::OnlineStatus, int> counts;
  for (const auto& source : sources) {
    const auto check = fetcher.check_online(source.item);
    ++counts[check.status];
    const char* word = "";
    switch (check.status) {
    case indexer::OnlineStatus::unchanged: word = "unchanged  "; break;
    case indexer::OnlineStatus::changed: word = "changed    "; diags.error(source.toml_path, source.line, 1, check.message); break;
    case indexer::OnlineStatus::gone: word = "gone       "; diags.error(source.toml_path, source.line, 1, check.message); break;
    case indexer::OnlineStatus::unreachable:
      word = "unreachable";
      diags.warning(source.toml_path, source.line, 1, check.message);
      break;
    case indexer::OnlineStatus::no_url: word = "no url     "; break;
    }
    io.out << word << "  " << source.item.code << "/" << source.item.file << "  " << source.item.url << "\n";
  }
  print_diagnostics(diags, io.err);
  io.err << "cadre sources verify --online: " << counts[indexer::OnlineStatus::unchanged] << " unchanged, "
         << counts[indexer::OnlineStatus::changed] << " changed, " << counts[indexer::OnlineStatus::gone] << " gone, "
         << counts[indexer::OnlineStatus::unreachable] << " unreachable, " << counts[indexer::OnlineStatus::no_url]
         << " without url\n";
  return diags.error_count() > 0 ? k_error : k_ok;
}

} // namespace

int sources_verify_command(const SourcesOptions& o, Streams io) {
  if (o.online) return verify_online(o, io);
  indexer::Diagnostics diags;
  const auto sources = declared_sources(o, diags);
  int checked = 0, bad = 0;
  for (const auto& source : sources) {
    ++checked;
    const auto result = indexer::verify_cached(o.sources, source.item);
    if (result.status == indexer::FetchStatus::present) continue;
    ++bad;
    diags.error(source.toml_path, source.line, 1, result.message);
  }
  print_diagnostics(diags, io.err);
  io.err << "cadre sources verify: " << checked << " files checked in " << o.sources.string() << ", " << bad
         << " missing or changed\n";
  return diags.error_count() > 0 ? k_error : k_ok;
}

int sources_fetch_command(const SourcesOptions& o, Streams io) {
  indexer::Diagnostics corpus_diags;
  const auto sources = declared_sources(o, corpus_diags);
  print_diagnostics(corpus_diags, io.err);

  // A redrawn bar on a terminal; one line per file otherwise (logs, CI, pipes).
  ProgressBar bar(io.progress != nullptr ? *io.progress : io.err);
  indexer::FetchProgressCallback progress;
  if (io.progress != nullptr) progress = [&](const indexer::FetchProgress& p) { bar.draw(p.item.code + "/" + p.item.file, p.received, p.total); };
  indexer::Fetcher fetcher(o.sources, {}, progress);

  int downloaded = 0, copied = 0, present = 0, no_url = 0, failed = 0;
  for (const auto& source : sources) {
    const auto result = o.mirror.empty() ? fetcher.download(source.item) : fetcher.copy_from_mirror(source.item, o.mirror);
    bar.clear();
    const std::string name = source.item.code + "/" + source.item.file;
    const std::string size = " (" + std::to_string(result.bytes) + " bytes)";
    indexer::Diagnostic problem{source.toml_path, source.line, 1, indexer::Diagnostic::Severity::error, result.message};
    switch (result.status) {
    case indexer::FetchStatus::present: ++present; io.err << "present     " << name << "\n"; break;
    case indexer::FetchStatus::downloaded:
      ++downloaded;
      io.err << (result.resumed ? "resumed     " : "downloaded  ") << name << size << "\n";
      break;
    case indexer::FetchStatus::copied: ++copied; io.err << "copied      " << name << size << "\n"; break;
    case indexer::FetchStatus::no_url:
      ++no_url;
      problem.severity = indexer::Diagnostic::Severity::warning;
      io.err << problem.to_string() << "\n";
      break;
    case indexer::FetchStatus::failed: ++failed; io.err << problem.to_string() << "\n"; break;
    }
  }
  io.err << "cadre sources fetch: " << o.sources.string() << ": " << downloaded << " downloaded, " << copied
         << " copied, " << present << " already present, " << failed << " failed";
  if (no_url > 0) io.err << ", " << no_url << " without url (fetch them with --mirror DIR)";
  io.err << "\n";
  if (corpus_diags.error_count() > 0)
    io.err << "cadre sources fetch: the corpus has errors; the sources of jurisdictions with errors were not fetched "
              "(`cadre lint` lists them)\n";
  return failed > 0 || corpus_diags.error_count() > 0 ? k_error : k_ok;
}

} // namespace cadre::cli
