// The read side's view of time on the fixture build: statuses computed from events as of a date,
// cells marked "may be outdated", and the changes since a date.
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/library.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

namespace {

class LibraryTimeTest : public cadre::test::FixtureLibraryTest<LibraryTimeTest> {
protected:

  static const cadre::Instrument& instrument(const cadre::Jurisdiction& j, const std::string& id) {
    for (const auto& in : j.instruments)
      if (in.id == id) return in;
    throw std::runtime_error("no instrument " + id);
  }
};

std::string user_error(const std::function<void()>& f, std::string* parameter = nullptr) {
  return cadre::test::message_of<cadre::UserError>(f, parameter);
}

TEST_F(LibraryTimeTest, StatusesAreComputedFromEventsAsOfTheDate) {
  const auto before = s_library->jurisdiction("xa", "2026-03-02");
  EXPECT_EQ(instrument(before, "xa/ai-order").status, "none");
  EXPECT_EQ(instrument(before, "xa/old-order").status, "in-force");
  EXPECT_EQ(instrument(before, "xa/old-order").status_date, "2020-01-15");
  const auto after = s_library->jurisdiction("xa", "2026-03-03");
  EXPECT_EQ(instrument(after, "xa/ai-order").status, "in-force");
  EXPECT_EQ(instrument(after, "xa/old-order").status, "revoked");
  EXPECT_EQ(instrument(after, "xa/old-order").status_by, "xa/ai-order");
  EXPECT_EQ(instrument(after, "xa/ai-order").status_checked, "2026-11-20");
  ASSERT_EQ(instrument(after, "xa/ai-order").events.size(), 4u);
  EXPECT_EQ(instrument(after, "xa/ai-order").events[2].phase.en, "Reporting duties");
  // Without a date: as of today (the charter's entry into force is announced for 2099).
  EXPECT_EQ(instrument(s_library->jurisdiction("xb"), "xb/charter").status, "adopted");
  EXPECT_EQ(instrument(s_library->jurisdiction("xb", "2099-01-01"), "xb/charter").status, "in-force");
  EXPECT_EQ(s_library->status("xb/charter", "2099-01-01").date, "2099-01-01");
  EXPECT_EQ(user_error([] { s_library->status("xb/nothing"); }), "unknown instrument 'xb/nothing': `cadre show <code>` lists them");
}

TEST_F(LibraryTimeTest, CompareAsOfADateMarksCellsWrittenBeforeLaterEvents) {
  cadre::CompareRequest request{{"xa", "xb"}, {"risk"}, "en", "2099-06-01"};
  const auto c = s_library->compare(request);
  EXPECT_EQ(c.as_of, "2099-06-01");
  EXPECT_TRUE(c.as_of_given);
  EXPECT_EQ(c.as_of_note, "2099-06-01 is in the future: the statuses are those the events recorded so far schedule for that date");
  const auto& xa = c.cells[0][0];
  const auto& xb = c.cells[0][1];
  EXPECT_EQ(xa.as_of, "2026-03-10");
  ASSERT_EQ(xa.warnings.size(), 1u);
  EXPECT_EQ(xa.warnings[0].message, "may be outdated: xa/ai-order applies from (Reporting duties), 2026-06-01");
  ASSERT_EQ(xb.warnings.size(), 1u);
  EXPECT_EQ(xb.warnings[0].message, "may be outdated: xb/charter in force, 2099-01-01");
  EXPECT_EQ(xb.warnings[0].event.evidence.kind, "secondary");

  // As of a date before the later events, nothing is outdated yet; a status check never warns.
  request.as_of = "2026-04-01";
  const auto earlier = s_library->compare(request);
  EXPECT_TRUE(earlier.cells[0][0].warnings.empty());
  EXPECT_TRUE(earlier.cells[0][1].warnings.empty());
  EXPECT_EQ(earlier.as_of_note, "");

  request.language = "fr";
  request.as_of = "2026-07-01";
  EXPECT_EQ(s_library->compare(request).cells[0][0].warnings.at(0).message,
            "peut être dépassé : xa/ai-order entre en application (Obligations de déclaration), 2026-06-01");
}

TEST_F(LibraryTimeTest, AsOfErrorsAreExactAndNameTheParameter) {
  std::string parameter;
  EXPECT_EQ(user_error([] { s_library->compare({{"xa"}, {}, "en", "2026-02-29"}); }, &parameter),
            "as-of date '2026-02-29' does not exist: February 2026 has 28 days");
  EXPECT_EQ(parameter, "as_of");
  EXPECT_EQ(user_error([] { s_library->compare({{"xb"}, {}, "en", "2026-01-04"}); }),
            "as-of date 2026-01-04 is before the first recorded event (2026-01-05): no instrument had a status yet");
  // The first event is that of the jurisdictions compared: xa's go back to 2020.
  EXPECT_NO_THROW(s_library->compare({{"xa"}, {}, "en", "2026-01-04"}));
  cadre::SearchRequest search;
  search.query = "order";
  search.as_of = "20260101";
  EXPECT_EQ(user_error([&] { s_library->search(search); }, &parameter),
            "as-of date '20260101' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01");
  EXPECT_EQ(parameter, "as_of");
}

TEST_F(LibraryTimeTest, SearchFiltersAndShowsStatusesAsOfTheDate) {
  cadre::SearchRequest request;
  request.query = "automated";
  request.type = "clause";
  request.statuses = {"in-force"};
  request.as_of = "2026-03-02"; // the new order is not yet signed
  const auto before = s_library->search(request);
  EXPECT_EQ(before.as_of, "2026-03-02");
  for (const auto& hit : before.hits) EXPECT_NE(hit.instrument, "xa/ai-order") << hit.id;
  request.as_of = "2026-03-03";
  const auto after = s_library->search(request);
  ASSERT_FALSE(after.hits.empty());
  for (const auto& hit : after.hits) {
    EXPECT_EQ(hit.instrument, "xa/ai-order") << hit.id;
    EXPECT_EQ(hit.status, "in-force");
    EXPECT_EQ(hit.status_date, "2026-03-03");
    EXPECT_EQ(hit.status_evidence, "official-text");
  }
}

TEST_F(LibraryTimeTest, AHitAndAClauseWhoseStatusRestsOnReportsSaySo) {
  // The charter's entry into force in 2099 is known from a newspaper only.
  cadre::SearchRequest request;
  request.query = "public body";
  request.type = "clause";
  request.jurisdictions = {"xb"};
  request.as_of = "2099-06-01";
  const auto later = s_library->search(request);
  ASSERT_FALSE(later.hits.empty());
  EXPECT_EQ(later.hits[0].status, "in-force");
  EXPECT_EQ(later.hits[0].status_evidence, "secondary");
  request.as_of = "";
  const auto today = s_library->search(request);
  ASSERT_FALSE(today.hits.empty());
  EXPECT_EQ(today.hits[0].status, "adopted");
  EXPECT_EQ(today.hits[0].status_evidence, "official-page");
  EXPECT_EQ(s_library->clause(today.hits[0].id, "en").instrument_status_evidence, "official-page");
}

TEST_F(LibraryTimeTest, ChangesListEventsSinceADayNewestFirst) {
  const auto changes = s_library->changes({"2026-03-03", {}, "en", "", false});
  ASSERT_EQ(changes.changes.size(), 4u);
  EXPECT_EQ(changes.changes[0].event.kind, "applies-from");
  EXPECT_EQ(changes.changes[0].event.date, "2026-06-01");
  EXPECT_EQ(changes.changes[0].status_after, "in-force");
  EXPECT_EQ(changes.changes[3].event.instrument, "xa/old-order");
  EXPECT_EQ(changes.changes[3].status_after, "revoked");
  for (const auto& c : changes.changes) EXPECT_NE(c.event.kind, "status-check");
  EXPECT_EQ(changes.until, cadre::today_utc());
  EXPECT_TRUE(s_library->changes({"2026-03-03", {"xb"}, "en", "", false}).changes.empty());
  EXPECT_EQ(s_library->changes({"2026-01-01", {"xb"}, "en", "", false}).changes.size(), 1u) << "the 2099 event has not happened";
  std::string parameter;
  EXPECT_EQ(user_error([] { s_library->changes({"2026-06-31", {}, "en", "", false}); }, &parameter),
            "since date '2026-06-31' does not exist: June 2026 has 30 days");
  EXPECT_EQ(parameter, "since");
  EXPECT_EQ(user_error([] { s_library->changes({"2099-01-01", {}, "en", "", false}); }),
            "since date 2099-01-01 is in the future: nothing can have changed since then (to list what is scheduled, give an "
            "until date too)");
  EXPECT_EQ(user_error([] { s_library->changes({"", {}, "en", "", false}); }), "give the date of your last reading, like since=2026-06-01");
  EXPECT_EQ(user_error([] { s_library->changes({"2026-01-01", {"zz"}, "en", "", false}); }, &parameter),
            "unknown jurisdiction 'zz': `cadre list` shows the codes");
  EXPECT_EQ(parameter, "j");
}

TEST_F(LibraryTimeTest, ChangesUntilALaterDayListWhatIsScheduledOldestFirstWhenAsked) {
  // The charter's entry into force in 2099 is announced; the order's phase of 2026-06-01 is past.
  const auto ahead = s_library->changes({"2026-03-03", {}, "en", "2099-12-31", true});
  EXPECT_EQ(ahead.until, "2099-12-31");
  EXPECT_TRUE(ahead.oldest_first);
  ASSERT_EQ(ahead.changes.size(), 5u);
  EXPECT_EQ(ahead.changes.front().event.date, "2026-03-03");
  EXPECT_FALSE(ahead.changes.front().scheduled);
  EXPECT_EQ(ahead.changes.back().event.instrument, "xb/charter");
  EXPECT_EQ(ahead.changes.back().event.date, "2099-01-01");
  EXPECT_EQ(ahead.changes.back().status_after, "in-force");
  EXPECT_EQ(ahead.changes.back().status_after_evidence, "secondary") << "known from a newspaper: shown as reported";
  EXPECT_EQ(ahead.changes.front().status_after_evidence, "official-text");
  EXPECT_TRUE(ahead.changes.back().scheduled);
  for (std::size_t i = 1; i < ahead.changes.size(); ++i)
    EXPECT_LE(ahead.changes[i - 1].event.date, ahead.changes[i].event.date);
  // Newest first by default; a window wholly ahead lists only what is scheduled.
  EXPECT_EQ(s_library->changes({"2026-03-03", {}, "en", "2099-12-31", false}).changes.front().event.date, "2099-01-01");
  const auto future = s_library->changes({"2098-01-01", {}, "en", "2099-12-31", false});
  ASSERT_EQ(future.changes.size(), 1u);
  EXPECT_TRUE(future.changes[0].scheduled);
  std::string parameter;
  EXPECT_EQ(user_error([] { s_library->changes({"2026-03-03", {}, "en", "2026-03-02", false}); }, &parameter),
            "since date 2026-03-03 is after the until date 2026-03-02: give them in that order");
  EXPECT_EQ(parameter, "since");
  EXPECT_EQ(user_error([] { s_library->changes({"2026-03-03", {}, "en", "2027-02-29", false}); }, &parameter),
            "until date '2027-02-29' does not exist: February 2027 has 28 days");
  EXPECT_EQ(parameter, "until");
}

} // namespace
