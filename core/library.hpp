// The read side of Cadre: one immutable build opened read-only. Everything the CLI and the
// server show comes through this class; neither touches SQLite or Xapian directly.
#pragma once

#include "core/diff.hpp"
#include "core/events.hpp"
#include "core/model.hpp"
#include "core/search.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cadre {

struct CompareRequest {
  std::vector<std::string> jurisdictions; ///< codes, in column order; 1..k_max_compare
  std::vector<std::string> categories;    ///< ids in row order; empty = all seven
  std::string language = "en";            ///< en | fr
  std::string as_of;                      ///< YYYY-MM-DD: statuses and warnings as of that date; "" = today
};

/// `cadre changes` and /api/v1/changes: the events dated from `since` to today.
struct ChangesRequest {
  std::string since;                      ///< YYYY-MM-DD, required
  std::vector<std::string> jurisdictions; ///< codes; empty = all
  std::string language = "en";
  /// YYYY-MM-DD, the last day listed; empty = today. A later day also lists what the records
  /// schedule (entries into force and application phases still to come).
  std::string until;
  bool oldest_first = false;              ///< in date order instead of newest first
};

/// One event of the changes list, with what a reader needs to place it.
struct Change {
  InstrumentEvent event;
  std::string jurisdiction;
  Bilingual short_name;    ///< of the instrument
  Bilingual title;         ///< of the instrument
  std::string status_after; ///< the instrument's status computed as of the event's date
  /// The evidence kind of the event that set status_after: "secondary" is shown as "reported".
  std::string status_after_evidence;
  std::string official_url; ///< the instrument's official text in the request's language where the publisher has it
  bool scheduled = false;   ///< dated after today: announced by its evidence, not yet happened
};

struct Changes {
  std::string since;
  std::string until; ///< the last day listed: today unless the request named another
  bool oldest_first = false;
  std::vector<std::string> jurisdictions;
  std::string language;
  std::vector<Change> changes; ///< newest first, or oldest first when asked
  std::string build_id;
};

inline constexpr std::size_t k_max_compare = 20;

struct MatrixRequest {
  std::vector<std::string> jurisdictions; ///< codes, in column order; empty = every jurisdiction
  std::vector<std::string> categories;    ///< ids; empty = all seven
  std::vector<std::string> provisions;    ///< ids, in row order; empty = every provision of the categories
  std::string language = "en";            ///< en | fr
  std::string as_of;                      ///< YYYY-MM-DD: the cited instruments' statuses on that date; "" = today
};

struct ConvergeRequest {
  std::string a;                       ///< jurisdiction code
  std::string b;                       ///< jurisdiction code
  std::vector<std::string> categories; ///< ids; empty = all seven
  std::string language = "en";
};

inline constexpr int k_max_related = 50;

/// A build directory: `<data>/current` is a symlink to `<data>/builds/<build-id>`, which holds
/// `cadre.sqlite` and `xapian/`. `cadre index` writes a new build beside the others and swaps
/// the symlink atomically.
struct BuildLayout {
  static constexpr const char* k_current = "current";
  static constexpr const char* k_builds = "builds";
  static constexpr const char* k_sqlite = "cadre.sqlite";
  static constexpr const char* k_xapian = "xapian";
  /// The build directory `current` points at. Throws DataError, saying to run `cadre index`,
  /// when there is none.
  static std::filesystem::path resolve_current(const std::filesystem::path& data_dir);
};

class Library {
public:
  /// Opens the current build under `data_dir` (see BuildLayout). Throws DataError when there
  /// is no build, it is unreadable, or it was made by another schema version (with what to do).
  static std::shared_ptr<const Library> open(const std::filesystem::path& data_dir);
  /// Opens one build directory directly.
  static std::shared_ptr<const Library> open_build(const std::filesystem::path& build_dir);

  ~Library();

  const BuildInfo& info() const;
  const std::filesystem::path& build_dir() const;
  const std::vector<Category>& categories() const;

  /// Every jurisdiction, sorted by code, with its instruments and their events; statuses are
  /// computed from the events as of `as_of` (YYYY-MM-DD, "" = today).
  std::vector<Jurisdiction> jurisdictions(const std::string& as_of = {}) const;
  /// Throws NotFound (parameter "code") for an unknown code. Statuses as of `as_of` ("" = today).
  Jurisdiction jurisdiction(const std::string& code, const std::string& as_of = {}) const;
  /// The status of one instrument as of `as_of` ("" = today), computed from its events. Throws
  /// NotFound (parameter "instrument") for an unknown id.
  ComputedStatus status(const std::string& instrument, const std::string& as_of = {}) const;
  /// Checks a reader's as-of date against the events of `codes` (all when empty): see
  /// check_as_of. Returns it unchanged.
  std::string check_as_of(const std::string& as_of, const std::string& parameter,
                          const std::vector<std::string>& codes = {}) const;
  /// The events dated from request.since to request.until (today by default), both included,
  /// newest first unless asked otherwise; status checks, and a copy's events that repeat those
  /// of the instrument whose text it holds, are left out. Throws UserError for a bad date
  /// ("since", "until"), a since after until (or after today when until is not given), or an
  /// unknown code ("j").
  Changes changes(const ChangesRequest& request) const;
  /// The versions `from` and `to` ("<instrument>@<date>": the text in effect on that date) of
  /// one instrument compared clause by clause, in `language` when both have it (else a language
  /// both have). Throws UserError for a malformed address or two instruments, NotFound for an
  /// unknown instrument, one without versions, or a date before its first text.
  VersionDiff diff(const std::string& from, const std::string& to, const std::string& language) const;
  /// Throws UserError naming the parameter ("jurisdictions", "categories", "lang") for unknown
  /// codes or categories, duplicates, too many columns, or an unsupported language.
  Comparison compare(const CompareRequest& request) const;
  /// See Searcher::search. Safe to call from several threads.
  SearchResults search(const SearchRequest& request) const;
  /// The clause in `language`, or in another language with `fallback` set. Throws NotFound when
  /// the id is unknown (saying whether its instrument exists but has no indexed text). An id
  /// ending in "@<date>" gives the clause in the version in effect on that date.
  Clause clause(const std::string& id, const std::string& language) const;

  /// Every provision, in display order.
  const std::vector<Provision>& provisions() const;
  /// Provisions as rows, jurisdictions as columns. Throws UserError naming the parameter
  /// ("jurisdictions", "categories", "provisions", "lang") for unknown or repeated ids.
  Matrix matrix(const MatrixRequest& request) const;
  /// Every jurisdiction's value for one provision. Throws NotFound (parameter "id") for an
  /// unknown provision id.
  ProvisionDetail provision(const std::string& id, const std::string& language) const;
  /// Where two jurisdictions agree and differ. Throws UserError naming "a", "b", "categories"
  /// or "lang".
  Convergence converge(const ConvergeRequest& request) const;
  /// The comparable clauses of other jurisdictions: first those cited for the same provisions,
  /// then the closest by content (see core/related.hpp), at most `limit` (1..k_max_related) of each.
  /// Throws NotFound for an unknown clause (as clause()), UserError for a bad limit or language.
  /// An empty list is an answer, not an error.
  RelatedClauses related(const std::string& clause_id, const std::string& language, int limit = 10) const;

private:
  struct Impl;
  explicit Library(std::unique_ptr<Impl> impl);
  SearchResults search_with_pool(const SearchRequest& request) const;
  std::unique_ptr<Impl> m_impl;
};

/// Checks that `lang` is "en" or "fr"; throws UserError naming `parameter` otherwise.
void require_interface_language(const std::string& lang, const std::string& parameter);

} // namespace cadre
