#include "core/events.hpp"

#include "core/error.hpp"
#include "core/labels.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace cadre {
namespace {

bool one_of(std::string_view value, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

bool two_digits(std::string_view s) { return s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) && std::isdigit(static_cast<unsigned char>(s[1])); }

const char* const k_month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};

} // namespace

bool is_event_kind(std::string_view kind) {
  return std::any_of(k_event_labels.begin(), k_event_labels.end(), [&](const VocabularyLabel& l) { return l.id == kind; });
}

bool event_needs_by(std::string_view kind) { return one_of(kind, {"amended-by", "revoked-by", "superseded-by"}); }

bool is_ending_event(std::string_view kind) {
  return one_of(kind, {"revoked-by", "superseded-by", "lapsed", "withdrawn", "expired"});
}

std::string Date::iso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return month >= 1 && month <= 12 ? days[month - 1] : 0;
}

std::optional<Date> parse_date(std::string_view text, std::string* why) {
  auto fail = [&](std::string message) -> std::optional<Date> {
    if (why != nullptr) *why = std::move(message);
    return std::nullopt;
  };
  const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                     std::all_of(text.begin(), text.begin() + 4, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
                     two_digits(text.substr(5, 2)) && two_digits(text.substr(8, 2));
  if (!shape) return fail("is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01");
  Date d;
  d.year = std::stoi(std::string(text.substr(0, 4)));
  d.month = std::stoi(std::string(text.substr(5, 2)));
  d.day = std::stoi(std::string(text.substr(8, 2)));
  if (d.month < 1 || d.month > 12) return fail("does not exist: there is no month " + std::to_string(d.month));
  const int days = days_in_month(d.year, d.month);
  if (d.day < 1 || d.day > days)
    return fail("does not exist: " + std::string(k_month_names[d.month - 1]) + " " + std::to_string(d.year) + " has " +
                std::to_string(days) + " days");
  return d;
}

std::string today_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday}.iso();
}

ComputedStatus status_as_of(const std::vector<InstrumentEvent>& events, const std::string& date) {
  ComputedStatus out;
  out.checked = last_checked(events);
  const InstrumentEvent* ending = nullptr;
  const InstrumentEvent* in_force = nullptr;
  const InstrumentEvent* adopted = nullptr;
  const InstrumentEvent* introduced = nullptr;
  for (const auto& e : events) {
    if (e.date > date) continue;
    if (is_ending_event(e.kind)) {
      if (ending == nullptr || e.date >= ending->date) ending = &e;
    } else if (e.kind == "in-force" || e.kind == "applies-from") {
      // The first in-force date, else the first application date.
      if (in_force == nullptr || (e.kind == "in-force" && (in_force->kind != "in-force" || e.date < in_force->date)) ||
          (e.kind == in_force->kind && e.date < in_force->date))
        in_force = &e;
    } else if (one_of(e.kind, {"adopted", "signed", "published"})) {
      if (adopted == nullptr || e.date < adopted->date) adopted = &e;
    } else if (e.kind == "introduced") {
      if (introduced == nullptr || e.date < introduced->date) introduced = &e;
    }
  }
  const InstrumentEvent* chosen = nullptr;
  if (ending != nullptr) {
    chosen = ending;
    if (ending->kind == "revoked-by") out.status = "revoked";
    else if (ending->kind == "superseded-by") out.status = "superseded";
    else out.status = ending->kind;
    out.by = ending->by;
  } else if (in_force != nullptr) {
    chosen = in_force;
    out.status = "in-force";
  } else if (adopted != nullptr) {
    chosen = adopted;
    out.status = "adopted";
  } else if (introduced != nullptr) {
    chosen = introduced;
    out.status = "bill";
  }
  if (chosen != nullptr) {
    out.date = chosen->date;
    out.event = chosen->kind;
    out.evidence = chosen->evidence.kind;
  }
  return out;
}

std::string last_checked(const std::vector<InstrumentEvent>& events) {
  std::string latest;
  for (const auto& e : events) {
    if (e.kind == "status-check") latest = std::max(latest, e.date);
    latest = std::max(latest, e.evidence.seen);
  }
  return latest;
}

std::string first_event_date(const std::vector<Instrument>& instruments) {
  std::string first;
  for (const auto& in : instruments)
    for (const auto& e : in.events)
      if (e.kind != "status-check" && (first.empty() || e.date < first)) first = e.date;
  return first;
}

void apply_status_as_of(std::vector<Instrument>& instruments, const std::string& date) {
  for (auto& in : instruments) {
    if (in.events.empty()) continue;
    const ComputedStatus s = status_as_of(in.events, date);
    in.status = s.status.empty() ? "none" : s.status;
    in.status_date = s.date;
    in.status_by = s.by;
    in.status_checked = s.checked;
    in.status_evidence = s.evidence;
  }
}

std::string describe_event(const InstrumentEvent& event, const std::string& lang) {
  std::string out = vocabulary_label(k_event_labels, event.kind, lang);
  if (!event.by.empty()) out += " " + event.by;
  if (const auto& phase = event.phase.in(lang); !phase.empty()) out += " (" + phase + ")";
  return out;
}

std::string check_as_of(const std::string& value, const std::string& parameter, const std::string& first_event) {
  std::string why;
  if (!parse_date(value, &why)) throw UserError("as-of date '" + value + "' " + why, parameter);
  if (!first_event.empty() && value < first_event)
    throw UserError("as-of date " + value + " is before the first recorded event (" + first_event +
                        "): no instrument had a status yet",
                    parameter);
  return value;
}

std::string future_note(const std::string& as_of, const std::string& today, const std::string& lang) {
  if (as_of <= today) return {};
  if (lang == "fr")
    return "le " + as_of + " est une date future : les statuts sont ceux que prévoient les événements connus à ce jour";
  return as_of + " is in the future: the statuses are those the events recorded so far schedule for that date";
}

} // namespace cadre
