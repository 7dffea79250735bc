// Time in Cadre: an instrument's history is a list of dated events (jurisdiction.toml,
// [[instrument.event]]); its status on any date is computed from them here, by pure functions,
// so that `--as-of` is a parameter of a query and never a rebuild.
#pragma once

#include "core/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cadre {

/// The kinds of evidence, from the most to the least authoritative.
inline constexpr const char* k_evidence_kinds[] = {"official-text", "official-page", "secondary"};

/// One of the event kinds of docs/corpus-format.md (k_event_labels in core/labels.hpp).
bool is_event_kind(std::string_view kind);
/// amended-by, revoked-by, superseded-by: the event names the instrument that caused it (`by`).
bool event_needs_by(std::string_view kind);
/// revoked-by, superseded-by, lapsed, withdrawn, expired: the instrument stops applying.
bool is_ending_event(std::string_view kind);

/// A calendar date YYYY-MM-DD.
struct Date {
  int year = 0, month = 0, day = 0;
  std::string iso() const;
};

/// Days in `month` of `year` (Gregorian).
int days_in_month(int year, int month);
/// Parses "YYYY-MM-DD". nullopt when the text has another shape or the day does not exist
/// (2026-02-31); `why` then says which, in words a person can act on.
std::optional<Date> parse_date(std::string_view text, std::string* why = nullptr);
/// Today's date in UTC, from the system clock.
std::string today_utc();

/// The status of an instrument on a date, computed from its events dated on or before it.
struct ComputedStatus {
  std::string status; ///< in-force | adopted | bill | revoked | superseded | lapsed | withdrawn | expired |
                      ///< "" when no event (other than a status check) is dated on or before the date
  std::string date;   ///< date of the event that set it
  std::string by;     ///< for revoked-by / superseded-by: the instrument that did it
  std::string event;  ///< kind of that event
  std::string evidence; ///< evidence kind of that event (k_evidence_kinds): "secondary" means the
                        ///< status rests on reports alone, and readers are told so
  std::string checked; ///< last date the history was re-established: the latest status-check
                       ///< event or evidence `seen` date, whatever the view date
};

/// The status as of `date` (YYYY-MM-DD; compared as text). The latest ending event wins
/// (revoked-by, superseded-by -> revoked, superseded; lapsed, withdrawn, expired -> themselves);
/// otherwise in-force or applies-from -> in-force; adopted, signed, published -> adopted;
/// introduced -> bill. Events of one date are taken in that order of strength.
ComputedStatus status_as_of(const std::vector<InstrumentEvent>& events, const std::string& date);

/// The latest status-check date or evidence `seen` date of the events; empty when none.
std::string last_checked(const std::vector<InstrumentEvent>& events);

/// The earliest event date of the instruments (status checks excluded); empty when none.
std::string first_event_date(const std::vector<Instrument>& instruments);

/// Sets each instrument's status, status_date, status_by, status_checked and status_evidence from
/// its events as of `date`. An instrument without events keeps the values it was built with.
void apply_status_as_of(std::vector<Instrument>& instruments, const std::string& date);

/// One line naming an event for people: "applies-from (Annex III obligations)",
/// "amended-by eu/digital-omnibus-ai", in `lang` (en | fr).
std::string describe_event(const InstrumentEvent& event, const std::string& lang);

/// Validates an as-of date given by a user (`--as-of`, `as_of=`) and returns it unchanged.
/// Throws UserError naming `parameter` for a malformed or impossible date, or a date before
/// `first_event` (the earliest event of what is being viewed; ignored when empty).
std::string check_as_of(const std::string& value, const std::string& parameter, const std::string& first_event);

/// When `as_of` is after `today`, the note every interface shows with the answer; otherwise "".
std::string future_note(const std::string& as_of, const std::string& today, const std::string& lang);

} // namespace cadre
