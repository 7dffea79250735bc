// The reading commands: list, show, compare/export, search, clause, serve.
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/printers.hpp"
#include "core/error.hpp"
#include "core/export.hpp"
#include "core/json.hpp"
#include "core/library.hpp"
#include "server/server.hpp"

#include <csignal>
#include <pthread.h>
#include <atomic>
#include <thread>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace cadre::cli {
namespace {

std::shared_ptr<const Library> open_library(const std::filesystem::path& data) { return Library::open(data); }

/// Prints an export, or writes it to `output` (saying so on standard error). XLSX and DOCX need a
/// file when standard output is a terminal.
int emit(const std::string& rendered, ExportFormat format, const std::string& output, Streams io) {
  if (output.empty()) {
    io.out << rendered;
    return k_ok;
  }
  std::ofstream file(output, std::ios::binary);
  file << rendered;
  file.close();
  if (!file) throw DataError("cannot write " + output + ": check the folder exists and is writable");
  io.err << "wrote " << output << " (" << rendered.size() << " bytes, " << format_name(format) << ")\n";
  return k_ok;
}

void require_file_for_binary(ExportFormat format, const std::string& output) {
  if (!is_binary(format) || !output.empty() || !isatty(STDOUT_FILENO)) return;
  const std::string what = format == ExportFormat::xlsx ? "an XLSX workbook" : "a DOCX document";
  throw UserError(what + " is binary: write it to a file with --output name." + std::string(file_extension(format)),
                  "--output");
}

} // namespace

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("CADRE_DATA"); env != nullptr && *env != '\0') return env;
  return "cadre-data";
}

std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& value : values) {
    std::stringstream in(value);
    std::string item;
    while (std::getline(in, item, ','))
      if (!item.empty()) out.push_back(item);
  }
  return out;
}

int list_command(const ListOptions& o, Streams io) {
  require_interface_language(o.lang, "--lang");
  const auto library = open_library(o.data);
  const auto jurisdictions = library->jurisdictions();
  if (o.json) io.out << json::jurisdictions(jurisdictions) << "\n";
  else print_jurisdictions(jurisdictions, o.lang, io.out);
  return k_ok;
}

int show_command(const ShowOptions& o, Streams io) {
  require_interface_language(o.lang, "--lang");
  const auto library = open_library(o.data);
  if (!o.as_of.empty()) {
    library->jurisdiction(o.code); // an unknown code is reported before a date problem
    library->check_as_of(o.as_of, "--as-of", {o.code});
  }
  const auto jurisdiction = library->jurisdiction(o.code, o.as_of);
  if (o.json) {
    io.out << json::jurisdiction(jurisdiction) << "\n";
    return k_ok;
  }
  if (!o.as_of.empty()) print_as_of(o.as_of, o.lang, io.out);
  print_jurisdiction(jurisdiction, o.lang, io.out);
  return k_ok;
}

int compare_command(const CompareOptions& o, Streams io) {
  const ExportFormat format = parse_export_format(o.json ? "json" : o.format, "--format");
  require_file_for_binary(format, o.output);
  const auto library = open_library(o.data);
  if (!o.as_of.empty()) {
    // Codes are checked first, so a typo in one is not reported as a date problem.
    library->compare({o.codes, split_list(o.categories), o.lang, {}});
    library->check_as_of(o.as_of, "--as-of", o.codes);
  }
  const Comparison comparison = library->compare({o.codes, split_list(o.categories), o.lang, o.as_of});
  ExportOptions options;
  options.terminal_width = terminal_width();
  options.csv_bom = o.bom;
  return emit(render_comparison(comparison, format, options), format, o.output, io);
}

int matrix_command(const MatrixOptions& o, Streams io) {
  const ExportFormat format = parse_export_format(o.json ? "json" : o.format, "--format");
  require_file_for_binary(format, o.output);
  const auto library = open_library(o.data);
  const Matrix matrix = library->matrix({split_list(o.codes), split_list(o.categories), split_list(o.provisions), o.lang, o.as_of});
  ExportOptions options;
  options.terminal_width = terminal_width();
  options.csv_bom = o.bom;
  return emit(render_matrix(matrix, format, options), format, o.output, io);
}

int provision_command(const ProvisionOptions& o, Streams io) {
  require_interface_language(o.lang, "--lang");
  const auto library = open_library(o.data);
  if (o.id.empty()) {
    if (o.json) io.out << json::provisions(library->provisions()) << "\n";
    else print_provisions(library->provisions(), o.lang, io.out);
    return k_ok;
  }
  const auto detail = library->provision(o.id, o.lang);
  if (o.json) io.out << json::provision_detail(detail) << "\n";
  else print_provision(detail, io.out);
  return k_ok;
}

int converge_command(const ConvergeOptions& o, Streams io) {
  const auto convergence = open_library(o.data)->converge({o.a, o.b, split_list(o.categories), o.lang});
  if (o.json) io.out << json::convergence(convergence) << "\n";
  else print_convergence(convergence, io.out);
  return k_ok;
}

int related_command(const RelatedOptions& o, Streams io) {
  const auto related = open_library(o.data)->related(o.id, o.lang, o.limit);
  if (o.json) io.out << json::related(related) << "\n";
  else print_related(related, io.out);
  return k_ok;
}

int search_command(const SearchOptions& o, Streams io) {
  SearchRequest request;
  for (const auto& word : o.words) request.query += (request.query.empty() ? "" : " ") + word;
  request.jurisdictions = split_list(o.jurisdictions);
  request.categories = split_list(o.categories);
  request.instruments = split_list(o.instruments);
  request.statuses = split_list(o.statuses);
  request.languages = split_list(o.languages);
  request.kinds = split_list(o.kinds);
  request.type = o.type;
  request.page = o.page;
  request.page_size = o.page_size;
  const auto library = open_library(o.data);
  if (!o.as_of.empty()) request.as_of = library->check_as_of(o.as_of, "--as-of");
  const auto results = library->search(request);
  if (o.json) io.out << json::search_results(results) << "\n";
  else {
    if (!o.as_of.empty()) print_as_of(o.as_of, "en", io.out);
    print_search(results, io.out);
  }
  return k_ok;
}

int clause_command(const ClauseOptions& o, Streams io) {
  const auto clause = open_library(o.data)->clause(o.id, o.lang);
  if (o.json) io.out << json::clause(clause) << "\n";
  else print_clause(clause, o.lang, io.out);
  return k_ok;
}

int serve_command(const ServeOptions& o, Streams io) {
  if (o.cache_mb < 0 || o.cache_mb > 65536) throw UserError("give a size between 0 and 65536 (MiB; 0 keeps no answers)", "--cache-mb");
  server::ServerOptions options;
  options.data_dir = o.data;
  options.bind = o.bind;
  options.port = o.port;
  options.threads = o.threads;
  options.answer_cache_mb = o.cache_mb;
  options.web_dir = o.web_dir;
  server::tune_allocator_for_serving();
  // SIGINT and SIGTERM are blocked in every thread the server starts and taken by one thread
  // that stops it gracefully (stopping waits and takes locks: not a signal handler's work).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
  struct RestoreMask {
    sigset_t mask;
    ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{previous};
  server::Server server(options, io.err);
  const int port = server.bind();
  io.out << "Cadre is serving http://" << (o.bind == "0.0.0.0" ? "127.0.0.1" : o.bind) << ":" << port
         << "/  (Ctrl-C stops it)" << std::endl;
  std::atomic<bool> listening_done = false, signalled = false;
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    signalled = true;
    if (!listening_done) io.err << "cadre: stopping (" << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
                                << "): finishing the requests in flight\n";
    server.stop();
  });
  server.listen();
  listening_done = true;
  if (!signalled) pthread_kill(stopper.native_handle(), SIGTERM); // wakes the waiting thread when listen ended otherwise
  stopper.join();
  return k_ok;
}

} // namespace cadre::cli
