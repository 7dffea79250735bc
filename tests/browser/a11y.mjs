// Accessibility check of every view with axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA):
//
//   node a11y.mjs --server <cadre_test_serve> --corpus <corpus dir>
//
// Views: compare with four jurisdictions (rows folded and unfolded), search results, the clause
// dialog open, the matrix with a value's panel, the timeline opened and the word-level changes
// between two texts, a jurisdiction's page, compare in French, compare at phone width (390 px).
// Fails (exit 1) on any serious or critical violation, listing rule, impact and the selectors
// of the elements at fault; moderate and minor ones are listed without failing.
import { join } from "node:path";
import assert from "node:assert/strict";
import { artifacts, closeClauseDialog, here, parseArgs, run, withBrowser } from "./harness.mjs";

const args = parseArgs("node a11y.mjs");
const AXE = join(here, "node_modules", "axe-core", "axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const FAILING = ["serious", "critical"];
// Kr has two texts of its Act in the bundled corpus, so the comparison links to their changes.
const CODES = ["eu", "kr", "uk", "us"];

run(async () => {
  await withBrowser(args, async ({ url, page, problems }) => {
    const meta = await (await fetch(url + "api/v1/jurisdictions")).json();
    const known = meta.jurisdictions.map((j) => j.code);
    for (const code of CODES) assert.ok(known.includes(code), `the corpus has ${code}`);
    const compare = `${url}?view=compare&j=${CODES.join(",")}`;
    const failures = [];
    let checked = 0;

    const check = async (name) => {
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
      checked += 1;
      const bad = result.violations.filter((v) => FAILING.includes(v.impact));
      for (const v of result.violations) {
        const line = `${name}: ${v.id} (${v.impact}) ${v.help}`;
        const targets = v.nodes.slice(0, 8).map((n) => `    ${n.target.join(" ")}`);
        if (v.nodes.length > 8) targets.push(`    … and ${v.nodes.length - 8} more`);
        const failing = bad.includes(v);
        if (failing) failures.push([line, ...targets].join("\n"));
        console.log(`${failing ? "FAIL" : "note"} ${line}\n${targets.join("\n")}`);
      }
      console.log(`- ${name}: ${result.passes.length} rules pass, ${bad.length} serious or critical violation(s)`);
    };
    const gridShown = async (address) => {
      await page.goto(address);
      await page.waitForSelector("#grid td .marks");
    };

    await gridShown(compare);
    await check("compare, four jurisdictions");
    await page.click("#fold-all");
    await check("compare, rows folded");
    await page.click("#fold-all");

    await page.locator("#grid button.citation").first().click();
    await page.waitForSelector("#clause-dialog[open] #clause-related h3");
    await check("clause dialog");
    await closeClauseDialog(page);

    await page.$eval("#timeline .timeline-details", (d) => { d.open = true; });
    await check("compare, timeline open");
    const diff = await page.locator("#grid thead a.diff-link").first().getAttribute("href");
    const response = await page.goto(new URL(diff, url).href);
    assert.equal(response.status(), 200, `the changes between two texts (${diff})`);
    await page.waitForSelector("#diff-clauses .diff-clause");
    await check("changes between two texts");
    const standalone = await page.locator("#diff-standalone").getAttribute("href");
    assert.equal((await page.goto(new URL(standalone, url).href)).status(), 200, standalone);
    await check("changes between two texts, standalone");

    await page.goto(`${url}?view=search&q=${encodeURIComponent("human oversight")}`);
    await page.waitForSelector("#hits .hit");
    await check("search results");

    await page.goto(`${url}?view=matrix&j=${CODES.join(",")}`);
    await page.waitForSelector("#matrix tbody tr[data-provision]");
    await page.locator("#matrix .vmark.v-yes").first().click();
    await page.waitForSelector("#value-panel:not([hidden]) .value-citations");
    await check("matrix, a value's panel open");

    await page.goto(`${url}?view=jurisdiction&code=eu`);
    await page.waitForSelector("#j-cells .cell-section");
    await check("jurisdiction page");

    await page.goto(`${url}?view=changes&since=2000-01-01`);
    await page.waitForSelector("#changes-list .change");
    await check("changes since a day");

    await gridShown(`${compare}&lang=fr`);
    await check("compare in French");

    await page.setViewportSize({ width: 390, height: 844 });
    await gridShown(compare);
    await check("compare at 390 px");
    await page.screenshot({ path: join(artifacts, "a11y-phone.png") });

    // The changes page is a standalone document (also served as a download) without an icon,
    // so Chromium asks for /favicon.ico, which the server does not have.
    assert.deepEqual(problems.filter((p) => !p.endsWith("/favicon.ico)")), [], "no console errors");
    if (failures.length) {
      console.error(`\n${failures.length} serious or critical violation(s):\n${failures.join("\n")}`);
      process.exitCode = 1;
    } else {
      console.log(`${checked} views checked: no serious or critical violation`);
    }
    // The page's Content-Security-Policy forbids inline script, which addScriptTag writes.
  }, { bypassCSP: true, needsClauses: true });
});
