// Statuses computed from events (core/events), and the Atom feed (core/feed): pure functions.
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/diff.hpp"
#include "core/feed.hpp"
#include "core/labels.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

namespace {

using cadre::InstrumentEvent;

InstrumentEvent event(const std::string& kind, const std::string& date, const std::string& by = {}) {
  InstrumentEvent e;
  e.instrument = "xx/act";
  e.kind = kind;
  e.date = date;
  e.by = by;
  e.evidence = {"https://example.org/act", "official-text", "", "2026-12-01"};
  return e;
}

std::string user_error(const std::function<void()>& f, std::string* parameter = nullptr) {
  return cadre::test::message_of<cadre::UserError>(f, parameter);
}

TEST(Dates, ParsesRealDatesAndSaysWhyOthersAreNot) {
  ASSERT_TRUE(cadre::parse_date("2024-02-29"));
  EXPECT_EQ(cadre::parse_date("2024-02-29")->iso(), "2024-02-29");
  std::string why;
  EXPECT_FALSE(cadre::parse_date("2026-02-29", &why));
  EXPECT_EQ(why, "does not exist: February 2026 has 28 days");
  EXPECT_FALSE(cadre::parse_date("2026-04-31", &why));
  EXPECT_EQ(why, "does not exist: April 2026 has 30 days");
  EXPECT_FALSE(cadre::parse_date("2026-00-10", &why));
  EXPECT_EQ(why, "does not exist: there is no month 0");
  for (const char* bad : {"2026-6-1", "26-06-01", "2026/06/01", "yesterday", "", "2026-06-01T00:00"}) {
    EXPECT_FALSE(cadre::parse_date(bad, &why)) << bad;
    EXPECT_EQ(why, "is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01") << bad;
  }
  EXPECT_EQ(cadre::days_in_month(1900, 2), 28);
  EXPECT_EQ(cadre::days_in_month(2000, 2), 29);
}

TEST(Status, IsComputedFromTheEventsDatedOnOrBeforeTheDay) {
  const std::vector<InstrumentEvent> history = {
      event("introduced", "2023-01-10"), event("adopted", "2024-05-17"), event("signed", "2024-05-20"),
      event("in-force", "2024-08-01"),   event("applies-from", "2026-08-02"),
      event("amended-by", "2026-07-27", "xx/omnibus"), event("superseded-by", "2027-01-01", "xx/new-act")};
  EXPECT_EQ(cadre::status_as_of(history, "2022-12-31").status, "");
  const auto bill = cadre::status_as_of(history, "2023-01-10");
  EXPECT_EQ(bill.status, "bill");
  EXPECT_EQ(bill.date, "2023-01-10");
  const auto adopted = cadre::status_as_of(history, "2024-07-31");
  EXPECT_EQ(adopted.status, "adopted");
  EXPECT_EQ(adopted.date, "2024-05-17") << "the first of adopted, signed, published";
  const auto in_force = cadre::status_as_of(history, "2026-12-31");
  EXPECT_EQ(in_force.status, "in-force");
  EXPECT_EQ(in_force.date, "2024-08-01") << "an amendment or a later phase does not change the date in force";
  const auto superseded = cadre::status_as_of(history, "2027-06-01");
  EXPECT_EQ(superseded.status, "superseded");
  EXPECT_EQ(superseded.by, "xx/new-act");
  EXPECT_EQ(superseded.date, "2027-01-01");
  EXPECT_EQ(superseded.checked, "2026-12-01");
}

TEST(Status, TheLatestEndingEventWinsAndApplicationCountsAsInForce) {
  const std::vector<InstrumentEvent> history = {event("published", "2020-01-01"), event("applies-from", "2020-06-01"),
                                                event("lapsed", "2021-01-01"), event("revoked-by", "2022-01-01", "xx/b")};
  EXPECT_EQ(cadre::status_as_of(history, "2020-06-01").status, "in-force");
  EXPECT_EQ(cadre::status_as_of(history, "2021-06-01").status, "lapsed");
  const auto revoked = cadre::status_as_of(history, "2022-01-01");
  EXPECT_EQ(revoked.status, "revoked");
  EXPECT_EQ(revoked.event, "revoked-by");
}

TEST(Status, LastCheckedIsTheLatestCheckOrEvidence) {
  auto check = event("status-check", "2026-11-30");
  check.evidence.seen = "2026-11-30";
  std::vector<InstrumentEvent> history = {event("adopted", "2020-01-01"), check};
  EXPECT_EQ(cadre::last_checked(history), "2026-12-01");
  history[0].evidence.seen = "2025-01-01";
  EXPECT_EQ(cadre::last_checked(history), "2026-11-30");
  EXPECT_EQ(cadre::status_as_of(history, "2026-12-31").status, "adopted") << "a status check changes no status";
}

TEST(Status, CarriesTheEvidenceOfTheEventThatSetIt) {
  auto reported = event("in-force", "2026-07-27");
  reported.evidence.kind = "secondary";
  std::vector<InstrumentEvent> history = {event("adopted", "2026-06-29"), reported};
  EXPECT_EQ(cadre::status_as_of(history, "2026-07-01").evidence, "official-text");
  EXPECT_EQ(cadre::status_as_of(history, "2026-08-01").evidence, "secondary")
      << "in force on a report alone: readers are told it is reported";
  auto check = event("status-check", "2026-12-01");
  history.push_back(check);
  EXPECT_EQ(cadre::status_as_of(history, "2026-12-31").evidence, "secondary")
      << "an official status check does not make the date it did not establish official";
  std::vector<cadre::Instrument> instruments(1);
  instruments[0].events = history;
  cadre::apply_status_as_of(instruments, "2026-12-31");
  EXPECT_EQ(instruments[0].status_evidence, "secondary");
  EXPECT_EQ(cadre::status_label("in-force", instruments[0].status_evidence, "en"), "in force, reported");
  EXPECT_EQ(cadre::status_label("in-force", instruments[0].status_evidence, "fr"), "en vigueur, selon les sources");
  EXPECT_EQ(cadre::status_label("in-force", "official-page", "en"), "in force");
}

TEST(Status, ApplyKeepsInstrumentsWithoutEventsAsBuilt) {
  std::vector<cadre::Instrument> instruments(2);
  instruments[0].status = "bill";
  instruments[1].status = "bill";
  instruments[1].events = {event("adopted", "2025-03-01", {})};
  cadre::apply_status_as_of(instruments, "2025-02-01");
  EXPECT_EQ(instruments[0].status, "bill");
  EXPECT_EQ(instruments[1].status, "none");
  cadre::apply_status_as_of(instruments, "2025-03-01");
  EXPECT_EQ(instruments[1].status, "adopted");
  EXPECT_EQ(instruments[1].status_date, "2025-03-01");
  EXPECT_EQ(instruments[1].status_checked, "2026-12-01");
  EXPECT_EQ(cadre::first_event_date(instruments), "2025-03-01");
}

TEST(AsOf, BadFutureAndEarlyDatesHaveExactMessages) {
  std::string parameter;
  EXPECT_EQ(user_error([] { cadre::check_as_of("2026-02-31", "as_of", "2019-05-22"); }, &parameter),
            "as-of date '2026-02-31' does not exist: February 2026 has 28 days");
  EXPECT_EQ(parameter, "as_of");
  EXPECT_EQ(user_error([] { cadre::check_as_of("1 June 2026", "--as-of", ""); }, &parameter),
            "as-of date '1 June 2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01");
  EXPECT_EQ(parameter, "--as-of");
  EXPECT_EQ(user_error([] { cadre::check_as_of("2019-05-21", "as_of", "2019-05-22"); }),
            "as-of date 2019-05-21 is before the first recorded event (2019-05-22): no instrument had a status yet");
  EXPECT_EQ(cadre::check_as_of("2019-05-22", "as_of", "2019-05-22"), "2019-05-22");
  EXPECT_EQ(cadre::future_note("2027-06-01", "2026-12-04", "en"),
            "2027-06-01 is in the future: the statuses are those the events recorded so far schedule for that date");
  EXPECT_EQ(cadre::future_note("2026-12-04", "2026-12-04", "en"), "");
  EXPECT_NE(cadre::future_note("2027-06-01", "2026-12-04", "fr").find("date future"), std::string::npos);
}

TEST(Events, AreDescribedInBothLanguages) {
  auto phase = event("applies-from", "2027-12-02");
  phase.phase = {"Annex III high-risk obligations", "Obligations de l'annexe III"};
  EXPECT_EQ(cadre::describe_event(phase, "en"), "applies from (Annex III high-risk obligations)");
  EXPECT_EQ(cadre::describe_event(phase, "fr"), "entre en application (Obligations de l'annexe III)");
  EXPECT_EQ(cadre::describe_event(event("revoked-by", "2026-05-14", "us-co/sb26-189"), "en"), "revoked by us-co/sb26-189");
  EXPECT_TRUE(cadre::is_event_kind("status-check"));
  EXPECT_FALSE(cadre::is_event_kind("in_force"));
  EXPECT_TRUE(cadre::event_needs_by("superseded-by"));
  EXPECT_FALSE(cadre::event_needs_by("lapsed"));
}

TEST(Feed, IsAnAtomDocumentWithStableEntryIds) {
  cadre::Changes changes;
  changes.since = "0001-01-01";
  changes.language = "en";
  changes.jurisdictions = {"xx"};
  cadre::Change newer;
  newer.event = event("in-force", "2026-07-27");
  newer.event.note = {"Reported <in> the press & elsewhere.", ""};
  newer.event.evidence = {"https://example.org/news?a=1&b=2", "secondary", "Courier: AI act in force", "2026-12-01"};
  newer.jurisdiction = "xx";
  newer.short_name.en = "Act";
  newer.status_after = "in-force";
  cadre::Change first = newer, second = newer;
  first.event = event("applies-from", "2025-01-01");
  first.event.phase = {"Phase one", "Phase un"};
  second.event = event("applies-from", "2025-01-01");
  second.event.phase = {"Phase two", "Phase deux"};
  changes.changes = {newer, second, first};
  const std::string feed = cadre::atom_feed(changes, "/feed.atom?j=xx");
  EXPECT_TRUE(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_NE(feed.find("<id>tag:cadre.ceimia.org,2026:changes/xx</id>"), std::string::npos) << feed;
  EXPECT_NE(feed.find("<updated>2026-07-27T00:00:00Z</updated>\n  <author>"), std::string::npos) << feed;
  EXPECT_NE(feed.find("<id>tag:cadre.ceimia.org,2026:event/xx/act/in-force/2026-07-27</id>"), std::string::npos);
  // Two events of one kind on one day: the older entry (listed last) keeps the plain id.
  const auto plain = feed.find("<id>tag:cadre.ceimia.org,2026:event/xx/act/applies-from/2025-01-01</id>");
  const auto repeat = feed.find("<id>tag:cadre.ceimia.org,2026:event/xx/act/applies-from/2025-01-01/2</id>");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(repeat, std::string::npos);
  EXPECT_LT(repeat, plain);
  EXPECT_LT(feed.find("Phase two"), repeat + 200);
  EXPECT_NE(feed.find("href=\"https://example.org/news?a=1&amp;b=2\""), std::string::npos) << "attributes are escaped";
  EXPECT_NE(feed.find("Reported &lt;in&gt; the press &amp; elsewhere."), std::string::npos);
  EXPECT_NE(feed.find("secondary report only (Courier: AI act in force)"), std::string::npos);
  EXPECT_EQ(feed.find("<in>"), std::string::npos);
  EXPECT_TRUE(feed.ends_with("</feed>\n"));
  EXPECT_EQ(cadre::event_tag(first.event), "tag:cadre.ceimia.org,2026:event/xx/act/applies-from/2025-01-01");
}

} // namespace

namespace {

TEST(Diff, WordLevelChangesKeepTheTextAndMergeRuns) {
  const auto pieces = cadre::word_diff("applies to each public body that decides", "applies to every public body that makes decisions");
  std::string before, after, marked;
  for (const auto& p : pieces) {
    if (p.op != cadre::DiffPiece::Op::ins) before += p.text;
    if (p.op != cadre::DiffPiece::Op::del) after += p.text;
    marked += p.op == cadre::DiffPiece::Op::equal ? p.text : (p.op == cadre::DiffPiece::Op::del ? "[-" : "{+") + p.text + "|";
  }
  EXPECT_EQ(before, "applies to each public body that decides");
  EXPECT_EQ(after, "applies to every public body that makes decisions");
  EXPECT_EQ(marked, "applies to [-each |{+every |public body that [-decides|{+makes decisions|");
  EXPECT_TRUE(cadre::word_diff("same words", "same words").size() == 1);
  EXPECT_EQ(cadre::word_diff("", "new").at(0).op, cadre::DiffPiece::Op::ins);
}

} // namespace
