// The commands that write: index, lint, new, sources.
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/schema.hpp"
#include "indexer/build.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

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
  if (!o.quiet) options.progress = [&](const std::string& line) { io.err << "cadre index: " << line << "\n"; };
  const auto report = indexer::build(options);
  print_diagnostics(report.diagnostics, io.err);
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
         << "name = { en = \"\", fr = \"\" }\n\n"
         << "[[instrument]]\n"
         << "id = \"" << o.code << "/slug\"\n"
         << "short_name = \"\"\n"
         << "title = { en = \"\", fr = \"\" }\n"
         << "type = \"statute\"\n"
         << "status = \"in-force\"\n"
         << "official_url = \"https://\"\n"
         << "languages = [\"en\"]\n"
         << "dates = { }\n\n"
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
         << "<!-- " << c.question.in(lang) << " -->\n\n"
         << (lang == "fr" ? "À rédiger, avec au moins une citation [art. 1](clause:" : "To write, citing at least one clause [s. 1](clause:")
         << o.code << "/slug/sec_1).\n";
    }
  }
  io.out << "created " << dir.string() << "/: jurisdiction.toml, framework.en.md, framework.fr.md\n"
         << "next: fill them in, then run `cadre lint " << dir.string() << "`\n";
  return k_ok;
}

int sources_verify_command(const SourcesOptions& o, Streams io) {
  indexer::Diagnostics diags;
  const auto corpus = indexer::load_corpus(o.corpus, diags);
  int checked = 0, bad = 0;
  for (const auto& j : corpus)
    for (const auto& in : j.instruments)
      for (const auto& source : in.sources) {
        const auto path = std::filesystem::path(o.sources) / j.jurisdiction.code / source.file;
        ++checked;
        std::ifstream file(path, std::ios::binary);
        if (!file) {
          ++bad;
          diags.error(j.toml_path, source.line, 1, in.instrument.id + ": " + path.string() + " is missing");
          continue;
        }
        const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        const std::string actual = indexer::sha256_hex(bytes);
        if (actual != source.sha256) {
          ++bad;
          diags.error(j.toml_path, source.line, 1, in.instrument.id + ": " + path.string() + " has sha256 " + actual +
                                                       ", jurisdiction.toml expects " + source.sha256);
        }
      }
  print_diagnostics(diags, io.err);
  io.err << "cadre sources verify: " << checked << " files checked, " << bad << " missing or changed\n";
  return diags.error_count() > 0 ? k_error : k_ok;
}

int sources_fetch_command(const SourcesOptions& o, Streams io) {
  const std::filesystem::path destination = o.sources.empty() ? "sources" : o.sources;
  indexer::Diagnostics diags;
  const auto corpus = indexer::load_corpus(o.corpus, diags);
  int copied = 0;
  for (const auto& j : corpus)
    for (const auto& in : j.instruments)
      for (const auto& source : in.sources) {
        const auto from = std::filesystem::path(o.mirror) / j.jurisdiction.code / source.file;
        const auto to = destination / j.jurisdiction.code / source.file;
        std::ifstream file(from, std::ios::binary);
        if (!file) {
          diags.error(j.toml_path, source.line, 1, in.instrument.id + ": the mirror has no " + from.string());
          continue;
        }
        const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (indexer::sha256_hex(bytes) != source.sha256) {
          diags.error(j.toml_path, source.line, 1, in.instrument.id + ": " + from.string() +
                                                       " does not match its sha256; not copied");
          continue;
        }
        std::filesystem::create_directories(to.parent_path());
        const auto partial = to.string() + ".part";
        std::ofstream(partial, std::ios::binary) << bytes;
        std::filesystem::rename(partial, to);
        ++copied;
      }
  print_diagnostics(diags, io.err);
  io.err << "cadre sources fetch: " << copied << " files copied to " << destination.string() << "\n";
  return diags.error_count() > 0 ? k_error : k_ok;
}

} // namespace cadre::cli
