#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <functional>

namespace cadre::cli {
namespace {

constexpr const char* k_footer =
    "Exit codes: 0 success, 1 error, 2 usage error. Documentation: README.md and CONTRIBUTING.md.";

void add_data_option(CLI::App* sub, std::filesystem::path& data) {
  data = default_data_dir();
  sub->add_option("--data", data, "Build directory written by `cadre index` (default: $CADRE_DATA or ./cadre-data)");
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Streams streams{out, err};
  CLI::App app{"cadre: compare AI regulation across jurisdictions, with every claim cited to its clause.", "cadre"};
  app.footer(k_footer);
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  std::function<int()> action;

  ListOptions list;
  auto* list_cmd = app.add_subcommand("list", "List the jurisdictions of the build");
  add_data_option(list_cmd, list.data);
  list_cmd->add_option("--lang", list.lang, "Language of names: en or fr");
  list_cmd->add_flag("--json", list.json, "JSON output (schema/openapi.yaml: JurisdictionList)");
  list_cmd->callback([&] { action = [&] { return list_command(list, streams); }; });

  ShowOptions show;
  auto* show_cmd = app.add_subcommand("show", "Show a jurisdiction: its instruments with status, dates and clause counts");
  add_data_option(show_cmd, show.data);
  show_cmd->add_option("code", show.code, "Jurisdiction code, e.g. eu or ca-qc")->required();
  show_cmd->add_option("--lang", show.lang, "Language: en or fr");
  show_cmd->add_flag("--json", show.json, "JSON output");
  show_cmd->callback([&] { action = [&] { return show_command(show, streams); }; });

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand("compare", "Compare jurisdictions side by side, category by category");
  add_data_option(compare_cmd, compare.data);
  compare_cmd->add_option("codes", compare.codes, "Jurisdiction codes, e.g. eu ca ca-qc")->required();
  compare_cmd->add_option("--categories,-c", compare.categories,
                          "Categories (comma-separated): definition aims scope risk requirements enforcement flexibility");
  compare_cmd->add_option("--lang", compare.lang, "Language: en or fr");
  compare_cmd->add_option("--format,-f", compare.format, "text, md, csv, json, html or xlsx");
  compare_cmd->add_option("--output,-o", compare.output, "Write to this file instead of standard output");
  compare_cmd->add_flag("--bom", compare.bom, "Start CSV with a UTF-8 byte-order mark (for spreadsheet programs)");
  compare_cmd->add_flag("--json", compare.json, "Same as --format json");
  compare_cmd->callback([&] { action = [&] { return compare_command(compare, streams); }; });

  CompareOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "Export a comparison to a file (same content as compare)");
  add_data_option(export_cmd, export_options.data);
  export_cmd->add_option("codes", export_options.codes, "Jurisdiction codes")->required();
  export_cmd->add_option("--categories,-c", export_options.categories, "Categories (comma-separated)");
  export_cmd->add_option("--lang", export_options.lang, "Language: en or fr");
  export_cmd->add_option("--format,-f", export_options.format, "md, csv, json, html or xlsx")->required();
  export_cmd->add_option("--output,-o", export_options.output, "File to write")->required();
  export_cmd->add_flag("--bom", export_options.bom, "Start CSV with a UTF-8 byte-order mark");
  export_cmd->callback([&] { action = [&] { return compare_command(export_options, streams); }; });

  SearchOptions search;
  auto* search_cmd = app.add_subcommand("search", "Search clauses and analysis in every language");
  add_data_option(search_cmd, search.data);
  search_cmd->add_option("query", search.words, "Words, \"phrases\", AND/OR/NOT, prefix*")->required();
  search_cmd->add_option("--jurisdiction,-j", search.jurisdictions, "Only these jurisdictions (comma-separated)");
  search_cmd->add_option("--category,-c", search.categories, "Only these categories");
  search_cmd->add_option("--instrument,-i", search.instruments, "Only these instruments, e.g. eu/ai-act");
  search_cmd->add_option("--status", search.statuses, "Only instruments with these statuses, e.g. in-force");
  search_cmd->add_option("--lang,-l", search.languages, "Only texts in these languages (also picks the stemmer)");
  search_cmd->add_option("--kind", search.kinds, "Only these jurisdiction kinds");
  search_cmd->add_option("--type", search.type, "clause or cell (analysis)");
  search_cmd->add_option("--page", search.page, "Page number, from 1");
  search_cmd->add_option("--page-size", search.page_size, "Hits per page, 1 to 50");
  search_cmd->add_flag("--json", search.json, "JSON output");
  search_cmd->callback([&] { action = [&] { return search_command(search, streams); }; });

  ClauseOptions clause;
  auto* clause_cmd = app.add_subcommand("clause", "Print a clause by id, e.g. eu/ai-act/art_5__para_1");
  add_data_option(clause_cmd, clause.data);
  clause_cmd->add_option("id", clause.id, "Clause id")->required();
  clause_cmd->add_option("--lang", clause.lang, "Preferred language; another is shown, and said, when it is missing");
  clause_cmd->add_flag("--json", clause.json, "JSON output");
  clause_cmd->callback([&] { action = [&] { return clause_command(clause, streams); }; });

  MatrixOptions matrix;
  auto* matrix_cmd = app.add_subcommand("matrix", "Provisions as rows, jurisdictions as columns: who sets what, point by point");
  add_data_option(matrix_cmd, matrix.data);
  matrix_cmd->add_option("codes", matrix.codes, "Jurisdiction codes, e.g. eu ca kr (default: every jurisdiction)");
  matrix_cmd->add_option("--categories,-c", matrix.categories, "Only the provisions of these categories (comma-separated)");
  matrix_cmd->add_option("--provisions,-p", matrix.provisions, "Only these provisions (comma-separated ids)");
  matrix_cmd->add_option("--lang", matrix.lang, "Language: en or fr");
  matrix_cmd->add_option("--format,-f", matrix.format, "text, md, csv, json, html or xlsx");
  matrix_cmd->add_option("--output,-o", matrix.output, "Write to this file instead of standard output");
  matrix_cmd->add_flag("--bom", matrix.bom, "Start CSV with a UTF-8 byte-order mark (for spreadsheet programs)");
  matrix_cmd->add_flag("--json", matrix.json, "Same as --format json");
  matrix_cmd->callback([&] { action = [&] { return matrix_command(matrix, streams); }; });

  ProvisionOptions provision;
  auto* provision_cmd = app.add_subcommand("provision", "One provision: every jurisdiction's value, note and cited clauses "
                                                          "(without an id: the list of provisions)");
  add_data_option(provision_cmd, provision.data);
  provision_cmd->add_option("id", provision.id, "Provision id, e.g. requirements.human-oversight");
  provision_cmd->add_option("--lang", provision.lang, "Language: en or fr");
  provision_cmd->add_flag("--json", provision.json, "JSON output");
  provision_cmd->callback([&] { action = [&] { return provision_command(provision, streams); }; });

  ConvergeOptions converge;
  auto* converge_cmd = app.add_subcommand("converge", "Where two jurisdictions converge and diverge, provision by provision");
  add_data_option(converge_cmd, converge.data);
  converge_cmd->add_option("a", converge.a, "First jurisdiction code")->required();
  converge_cmd->add_option("b", converge.b, "Second jurisdiction code")->required();
  converge_cmd->add_option("--categories,-c", converge.categories, "Only the provisions of these categories");
  converge_cmd->add_option("--lang", converge.lang, "Language: en or fr");
  converge_cmd->add_flag("--json", converge.json, "JSON output");
  converge_cmd->callback([&] { action = [&] { return converge_command(converge, streams); }; });

  RelatedOptions related;
  auto* related_cmd = app.add_subcommand("related", "Comparable clauses in other jurisdictions: cited for the same "
                                                      "provisions, then close in content");
  add_data_option(related_cmd, related.data);
  related_cmd->add_option("id", related.id, "Clause id, e.g. eu/ai-act/art_14")->required();
  related_cmd->add_option("--lang", related.lang, "Language: en or fr");
  related_cmd->add_option("--limit", related.limit, "At most this many of each kind (curated, by content), 1 to 50");
  related_cmd->add_flag("--json", related.json, "JSON output");
  related_cmd->callback([&] { action = [&] { return related_command(related, streams); }; });

  IndexOptions index;
  auto* index_cmd = app.add_subcommand("index", "Build the database and search index from the corpus (and source texts)");
  index_cmd->add_option("--corpus", index.corpus, "Corpus folder (default: corpus)");
  index_cmd->add_option("--sources", index.sources, "Folder of source texts laid out as <code>/<file>");
  index.out = default_data_dir();
  index_cmd->add_option("--out,--data", index.out, "Data folder to publish the build in (default: $CADRE_DATA or ./cadre-data)");
  index_cmd->add_flag("--quiet,-q", index.quiet, "Print only problems and the summary");
  index_cmd->callback([&] { action = [&] { return index_command(index, streams); }; });

  LintCommandOptions lint;
  auto* lint_cmd = app.add_subcommand("lint", "Check the corpus; with --sources, also that every citation resolves");
  lint_cmd->add_option("corpus", lint.corpus, "Corpus folder or jurisdiction folders (default: corpus)");
  lint_cmd->add_option("--sources", lint.sources, "Folder of source texts: also check sha256 and citations");
  lint_cmd->callback([&] { action = [&] { return lint_command(lint, streams); }; });

  NewOptions scaffold;
  auto* new_cmd = app.add_subcommand("new", "Create a jurisdiction folder with the seven sections to fill in");
  new_cmd->add_option("code", scaffold.code, "Jurisdiction code, e.g. sg or ca-on")->required();
  new_cmd->add_option("--corpus", scaffold.corpus, "Corpus folder (default: corpus)");
  new_cmd->add_option("--kind", scaffold.kind, "national, sub-national, supranational or international");
  new_cmd->add_option("--parent", scaffold.parent, "Parent jurisdiction of a sub-national one");
  new_cmd->callback([&] { action = [&] { return new_command(scaffold, streams); }; });

  SourcesOptions sources;
  auto* sources_cmd = app.add_subcommand("sources", "Fetch or verify the source texts");
  sources_cmd->require_subcommand(1);
  auto* verify_cmd = sources_cmd->add_subcommand("verify", "Check every source file against its sha256");
  verify_cmd->add_option("--corpus", sources.corpus, "Corpus folder (default: corpus)");
  verify_cmd->add_option("--sources", sources.sources, "Folder of source texts, <code>/<file> (default: ./sources)");
  verify_cmd->add_option("--jurisdiction,-j", sources.jurisdictions, "Only these jurisdiction codes (comma-separated)");
  verify_cmd->callback([&] { action = [&] { return sources_verify_command(sources, streams); }; });
  auto* fetch_cmd = sources_cmd->add_subcommand(
      "fetch", "Download the source texts from their url (or copy them from a mirror), check their sha256 and "
               "install them as <sources>/<code>/<file>");
  fetch_cmd->add_option("--corpus", sources.corpus, "Corpus folder (default: corpus)");
  fetch_cmd->add_option("--sources", sources.sources, "Destination folder (default: ./sources)");
  fetch_cmd->add_option("--mirror", sources.mirror, "Copy from this folder, laid out as <code>/<file>, instead of downloading");
  fetch_cmd->add_option("--jurisdiction,-j", sources.jurisdictions, "Only these jurisdiction codes (comma-separated)");
  fetch_cmd->callback([&] { action = [&] { return sources_fetch_command(sources, streams); }; });

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the web page and the JSON API");
  add_data_option(serve_cmd, serve.data);
  serve_cmd->add_option("--bind", serve.bind, "Address to listen on (default: 127.0.0.1)");
  serve_cmd->add_option("--port", serve.port, "Port (default: 8080; 0 picks a free one)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads, one per connection served at once (default: 16)");
  serve_cmd->add_option("--cache-mb", serve.cache_mb, "Memory for answers kept until the next build, in MiB (default: 64; 0: none)");
  serve_cmd->add_option("--web-dir", serve.web_dir, "Serve the page from this folder instead of the built-in copy");
  serve_cmd->callback([&] { action = [&] { return serve_command(serve, streams); }; });

  for (auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) sub->footer(k_footer);

  std::string names;
  bool known = false;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
    known = known || (!args.empty() && sub->get_name() == args.front());
  }
  if (!args.empty() && !args.front().starts_with("-") && !known) {
    err << "cadre: usage error: unknown command '" << args.front() << "'; the commands are: " << names << "\n"
        << "Run 'cadre --help' or 'cadre <command> --help'.\n";
    return k_usage;
  }
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << (app.get_subcommands().empty() ? app.help() : app.get_subcommands().back()->help());
    return k_ok;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return k_ok;
  } catch (const CLI::ParseError& e) {
    err << "cadre: usage error: " << e.what() << "\n";
    err << "Run 'cadre --help' or 'cadre <command> --help'.\n";
    return k_usage;
  }

  try {
    return action ? action() : k_usage;
  } catch (const NotFound& e) {
    err << "cadre: error: " << e.what() << "\n";
    return k_error;
  } catch (const UserError& e) {
    err << "cadre: usage error: " << (e.parameter().empty() ? "" : e.parameter() + ": ") << e.what() << "\n";
    return k_usage;
  } catch (const Error& e) {
    err << "cadre: error: " << e.what() << "\n";
    return k_error;
  } catch (const std::exception& e) {
    err << "cadre: internal error: " << e.what() << " (please report this as a bug)\n";
    return k_error;
  }
}

} // namespace cadre::cli
