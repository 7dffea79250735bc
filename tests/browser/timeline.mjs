// Browser test of time on the page: status dates and check dates in the comparison, the as-of
// control, "may be outdated" notes and the timeline, in Debian's Chromium with playwright-core.
//
//   node timeline.mjs --server <cadre_test_serve> --corpus <tests/data/corpus>
//
// Runs on the fixture corpus, whose histories are known: xa (an order in force since 2026-03-03
// with a phase from 2026-06-01, the order it revoked), xb (a charter adopted on 2026-01-05, in
// force from 2099-01-01 by a secondary report). Exits 77 (CTest SKIP_RETURN_CODE) with the
// reason when Chromium or the Node packages are missing.
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifacts, parseArgs, run, step, withBrowser } from "./harness.mjs";

const args = parseArgs("node timeline.mjs");

run(async () => {
  await withBrowser(args, async ({ url, page, problems }) => {
    const today = new Date().toISOString().slice(0, 10);
    await step("every status in the comparison has its date and its last check", async () => {
      await page.goto(`${url}?view=compare&j=xa,xb&c=risk`);
      await page.waitForSelector("#grid tbody tr");
      const items = page.locator("#grid thead .head-instruments li");
      assert.equal(await items.count(), 3);
      for (let k = 0; k < 3; ++k) {
        const text = await items.nth(k).textContent();
        assert.match(text, /since \d{4}-\d{2}-\d{2}/, text);
        assert.match(text, /checked \d{4}-\d{2}-\d{2}/, text);
      }
      assert.match(await items.nth(1).textContent(), /revoked since 2026-03-03 · by xa\/ai-order · checked 2026-03-10/);
      assert.equal(await page.locator("#as-of-shown").textContent(), "");
    });

    await step("an instrument with two texts links to their word-level comparison, shown in the page", async () => {
      const link = page.locator("#grid thead a.diff-link");
      assert.equal(await link.count(), 1);
      assert.equal(await link.textContent(), "changes between the texts of 2025-11-01 and 2026-01-05");
      await link.click();
      await page.waitForSelector("#diff-clauses .diff-clause");
      assert.match(page.url(), /view=diff&from=[^&]+%402025-11-01&to=[^&]+%402026-01-05/);
      assert.match(await page.locator("#diff-meta").textContent(), /from 2025-11-01 → text in effect from 2026-01-05/);
      const changed = page.locator('#diff-clauses .diff-clause[data-change="changed"]');
      assert.ok(await changed.count() >= 1);
      const words = await changed.first().locator("del, ins").evaluateAll((nodes) => nodes.map((n) => `${n.localName}:${n.textContent}`));
      assert.ok(words.includes("del:each ") && words.includes("ins:every "), words.join(" | "));
      const counts = await page.locator("#diff-counts").textContent();
      assert.match(counts, /^\d+ changed, \d+ added, \d+ removed; \d+ unchanged \(not shown\)\.$/, counts);
      const standalone = await page.locator("#diff-standalone").getAttribute("href");
      const response = await page.request.get(new URL(standalone, url).toString());
      assert.equal(response.status(), 200);
      assert.ok((await response.text()).includes("<del>each </del><ins>every </ins>"));
      await page.screenshot({ path: join(artifacts, "diff.png"), fullPage: true });
      await page.goBack();
      await page.waitForSelector("#grid tbody tr");
    });

    await step("a diff of an unknown version: the API's message, nothing listed", async () => {
      await page.goto(`${url}?view=diff&from=xa/nothing@2026-01-01&to=xa/nothing@2026-02-01`);
      await page.waitForFunction(() => document.querySelector("#status")?.classList.contains("error"));
      assert.equal(await page.locator("#diff-clauses .diff-clause").count(), 0);
      await page.goto(`${url}?view=compare&j=xa,xb&c=risk`);
      await page.waitForSelector("#grid tbody tr");
    });

    await step("a column shows its cells' as-of date in its header; cells the events after it", async () => {
      const xa = page.locator('#grid td[data-jurisdiction="xa"]');
      assert.equal(await xa.locator(".outdated").textContent(), "may be outdated: xa/ai-order applies from (Reporting duties), 2026-06-01");
      assert.match(await page.locator('#grid thead th:has(a[data-code="xa"]) .as-of').textContent(), /analysis as of 2026-03-10/);
      assert.equal(await xa.locator(".as-of").count(), 0, "the cell does not repeat its column's date");
      assert.equal(await page.locator('#grid td[data-jurisdiction="xb"] .outdated').count(), 0, "the 2099 event is not yet");
    });

    await step("the timeline: events on one axis, the phase as a span, today marked", async () => {
      assert.equal(await page.locator("#timeline .tl-row").count(), 3);
      assert.equal(await page.locator("#timeline circle.tl-event").count(), 9);
      assert.equal(await page.locator("#timeline rect.tl-phase").count(), 1);
      assert.equal(await page.locator("#timeline .tl-today").count(), 1);
      assert.equal(await page.locator("#timeline .tl-today-label").textContent(), `today ${today}`);
      assert.equal(await page.locator('#timeline circle[data-kind="revoked-by"]').count(), 1);
      assert.equal(await page.locator("#timeline .timeline-list li").count(), 9);
      await page.screenshot({ path: join(artifacts, "timeline.png"), fullPage: true });
    });

    await step("as of 2099-06-01: statuses of that day, the future said, the charter's cell outdated", async () => {
      await page.fill("#as-of-input", "2099-06-01");
      await page.click("#as-of-apply");
      await page.waitForFunction(() => document.querySelector("#as-of-shown")?.textContent.includes("2099-06-01"));
      assert.match(page.url(), /as_of=2099-06-01/);
      assert.match(await page.locator("#as-of-shown").textContent(), /Statuses and warnings as of 2099-06-01\. 2099-06-01 is in the future/);
      assert.match(await page.locator("#grid thead .head-instruments li").nth(2).textContent(), /in force reported since 2099-01-01/); // the fixture dates it from a report
      assert.equal(await page.locator('#grid td[data-jurisdiction="xb"] .outdated').textContent(), "may be outdated: xb/charter in force, 2099-01-01");
      assert.equal(await page.locator("#timeline .tl-as-of").count(), 1);
      assert.match(await page.locator("#export-links a").first().getAttribute("href"), /as_of=2099-06-01/);
      await page.screenshot({ path: join(artifacts, "timeline-as-of-2099.png"), fullPage: true });
    });

    await step("as of a date before any event: the exact message", async () => {
      await page.goto(`${url}?view=compare&j=xa,xb&c=risk&as_of=2019-12-31`);
      await page.waitForFunction(() => document.querySelector("#status")?.textContent.includes("first recorded event"));
      assert.equal(await page.locator("#status").textContent(),
        "as-of date 2019-12-31 is before the first recorded event (2020-01-15): no instrument had a status yet");
      await page.click("#as-of-clear").catch(() => {});
    });

    await step("the changes view: events from a day to today, newest first, by month, with evidence", async () => {
      await page.goto(`${url}?view=changes&since=2026-01-01`);
      await page.waitForSelector("#changes-list .change");
      const dates = await page.locator("#changes-list .change time").allTextContents();
      assert.ok(dates.length >= 3, dates.join(" "));
      assert.deepEqual([...dates].sort().reverse(), dates, "newest first");
      assert.ok(dates.every((d) => d >= "2026-01-01" && d <= today), dates.join(" "));
      assert.ok(!dates.includes("2099-01-01"), "an event after today is not a change yet");
      assert.equal(await page.locator("#changes-summary").textContent(),
        `${dates.length} events from 2026-01-01 to ${today}, newest first.`);
      const months = await page.locator("#changes-list h2.changes-month").allTextContents();
      assert.equal(months.length, new Set(dates.map((d) => d.slice(0, 7))).size, months.join(" | "));
      const revoked = page.locator('#changes-list .change[data-kind="revoked-by"]');
      assert.equal(await revoked.count(), 1);
      assert.match(await revoked.textContent(), /revoked by EO 90001/, "the revoking instrument by name");
      assert.match(await revoked.locator(".change-evidence").textContent(), /(official|secondary).*seen \d{4}-\d{2}-\d{2}/);
      assert.match(await revoked.locator(".badge").textContent(), /revoked/);
      // What is scheduled for the next two years: the fixture's only announced event is in 2099.
      const inTwoYears = new Date();
      inTwoYears.setUTCFullYear(inTwoYears.getUTCFullYear() + 2);
      await page.waitForFunction(() => document.querySelector("#scheduled-summary")?.textContent);
      assert.equal(await page.locator("#scheduled-summary").textContent(),
        `No event is scheduled from tomorrow to ${inTwoYears.toISOString().slice(0, 10)}.`);
      assert.equal(await page.locator("#scheduled-list .change").count(), 0);
      await page.screenshot({ path: join(artifacts, "changes.png"), fullPage: true });
    });

    await step("the changes of one jurisdiction, chosen in the form, and their Atom feed", async () => {
      await page.check("#changes-j-xb");
      await page.fill("#changes-since", "2020-01-01");
      await page.click("#changes-form button[type=submit]");
      await page.waitForFunction(() => location.search.includes("since=2020-01-01"));
      await page.waitForFunction(() => [...document.querySelectorAll("#changes-list .change")].every((li) => li.dataset.instrument.startsWith("xb/")));
      assert.match(page.url(), /j=xb/);
      const feed = await page.locator("#changes-feed").getAttribute("href");
      assert.equal(feed, "/feed.atom?j=xb");
      const response = await page.request.get(new URL(feed, url).toString());
      assert.equal(response.status(), 200);
      assert.match(response.headers()["content-type"], /application\/atom\+xml/);
      assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count(), 1);
    });

    await step("changes since a day after today: the API's message, nothing listed", async () => {
      await page.goto(`${url}?view=changes&since=2999-01-01`);
      await page.waitForFunction(() => document.querySelector("#status")?.classList.contains("error"));
      assert.notEqual(await page.locator("#status").textContent(), "");
    });

    await step("today again, and in French", async () => {
      await page.goto(`${url}?view=compare&j=xa,xb&c=risk&lang=fr`);
      await page.waitForSelector("#timeline .tl-row");
      assert.match(await page.locator("#grid thead .head-instruments li").first().textContent(), /depuis le 2026-03-03 · vérifié le 2026-11-20/);
      assert.equal(await page.locator("#timeline-title").textContent(), "Chronologie");
    });

    // The date before any event is answered 400 on purpose; Chromium logs that response.
    const expected = (p) => (p.includes("status of 400") && (p.includes("as_of=2019-12-31") || p.includes("since=2999-01-01"))) ||
      (p.includes("status of 404") && p.includes("xa%2Fnothing"));
    assert.deepEqual(problems.filter((p) => !expected(p)), [], "no console errors (a CSP violation would show here)");
    console.log(`all timeline flows passed; screenshots in ${artifacts}`);
  });
});
