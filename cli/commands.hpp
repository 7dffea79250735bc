// The handlers of the `cadre` subcommands, with their options as plain structs filled by the
// command table in cli.cpp. Each handler returns an exit code (see cli.hpp) and throws
// cadre::Error subclasses for failures; run() turns those into messages.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cadre::cli {

struct Streams {
  std::ostream& out;
  std::ostream& err;
  /// The terminal itself, unescaped, when standard error is one: progress lines are redrawn
  /// there with carriage returns and erase sequences. Null when stderr is a file or a pipe.
  std::ostream* progress = nullptr;
};

/// Where reading commands find the build: --data, else $CADRE_DATA, else ./cadre-data.
std::filesystem::path default_data_dir();

struct ListOptions { std::filesystem::path data; std::string lang = "en"; bool json = false; };
struct ShowOptions { std::filesystem::path data; std::string code; std::string lang = "en"; bool json = false; std::string as_of; };
struct CompareOptions {
  std::filesystem::path data;
  std::vector<std::string> codes;
  std::vector<std::string> categories;
  std::string lang = "en";
  std::string format = "text";
  std::string output; ///< file to write; empty = standard output
  bool bom = false;
  bool json = false; ///< same as --format json
  std::string as_of; ///< YYYY-MM-DD; empty = today
};
struct SearchOptions {
  std::filesystem::path data;
  std::vector<std::string> words;
  std::vector<std::string> jurisdictions, categories, instruments, statuses, languages, kinds;
  std::string type;
  int page = 1;
  int page_size = 10;
  bool json = false;
  std::string as_of;
};
struct DiffOptions {
  std::filesystem::path data;
  std::string from, to; ///< "<instrument>@<date>"
  std::string format = "text";
  std::string lang = "en";
  bool json = false;
};
struct ChangesOptions {
  std::filesystem::path data;
  std::string since;
  std::string until;         ///< empty = today
  bool oldest_first = false;
  std::vector<std::string> jurisdictions;
  std::string lang = "en";
  bool json = false;
  bool atom = false; ///< the Atom feed document instead of text
};
struct ClauseOptions { std::filesystem::path data; std::string id; std::string lang = "en"; bool json = false; };
struct MatrixOptions {
  std::filesystem::path data;
  std::vector<std::string> codes; ///< empty = every jurisdiction
  std::vector<std::string> categories;
  std::vector<std::string> provisions;
  std::string lang = "en";
  std::string as_of;
  std::string format = "text";
  std::string output;
  bool bom = false;
  bool json = false;
};
struct ProvisionOptions { std::filesystem::path data; std::string id; std::string lang = "en"; bool json = false; };
struct ConvergeOptions {
  std::filesystem::path data;
  std::string a, b;
  std::vector<std::string> categories;
  std::string lang = "en";
  bool json = false;
};
struct RelatedOptions { std::filesystem::path data; std::string id; std::string lang = "en"; int limit = 10; bool json = false; };
struct ServeOptions { std::filesystem::path data; std::string bind = "127.0.0.1"; int port = 8080; int threads = 16; int cache_mb = 64; std::string web_dir; };

struct IndexOptions { std::filesystem::path corpus = "corpus"; std::string sources; std::filesystem::path out; bool quiet = false; bool allow_partial = false; bool full = false; unsigned threads = 0; };
struct LintCommandOptions { std::vector<std::string> corpus; std::string sources; };
struct NewOptions { std::filesystem::path corpus = "corpus"; std::string code; std::string kind = "national"; std::string parent; };
struct SourcesOptions {
  std::filesystem::path corpus = "corpus";
  std::filesystem::path sources = "sources"; ///< the cache: <sources>/<code>/<file>
  std::string mirror;                        ///< fetch: copy from here instead of downloading
  std::vector<std::string> jurisdictions;    ///< only these codes; empty = all
  bool online = false;                       ///< verify: download every url afresh and compare
};

int list_command(const ListOptions&, Streams);
int show_command(const ShowOptions&, Streams);
int compare_command(const CompareOptions&, Streams);
int search_command(const SearchOptions&, Streams);
int changes_command(const ChangesOptions&, Streams);
int diff_command(const DiffOptions&, Streams);
int clause_command(const ClauseOptions&, Streams);
int serve_command(const ServeOptions&, Streams);
int matrix_command(const MatrixOptions&, Streams);
int provision_command(const ProvisionOptions&, Streams);
int converge_command(const ConvergeOptions&, Streams);
int related_command(const RelatedOptions&, Streams);
int index_command(const IndexOptions&, Streams);
int lint_command(const LintCommandOptions&, Streams);
int new_command(const NewOptions&, Streams);
int sources_verify_command(const SourcesOptions&, Streams);
int sources_fetch_command(const SourcesOptions&, Streams);

/// Splits "a,b" and repeated options into one list, dropping empty items.
std::vector<std::string> split_list(const std::vector<std::string>& values);

} // namespace cadre::cli
