// Browser tests: Cadre's web page in Debian's Chromium, driven by playwright-core.
//
//   node flows.mjs --server <cadre_test_serve> --corpus <corpus dir>
//
// Starts its own server (cadre_test_serve indexes the corpus into a temporary directory), then
// runs the flows a policy analyst runs: pick three jurisdictions and two categories → grid; the
// seven-row grid in English and French; click a citation → clause; search in French →
// highlighted hits; switch language; export CSV; phone width; print. Screenshots go to
// artifacts/ (git-ignored). Exits 77 (CTest SKIP_RETURN_CODE) with the reason when Chromium,
// Node packages or the network to install them are missing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { artifacts, closeClauseDialog, parseArgs, run, step, withBrowser } from "./harness.mjs";

const args = parseArgs("node flows.mjs");

run(async () => {
  await withBrowser(args, async ({ url, page, problems, work }) => {
    const meta = await (await fetch(url + "api/v1/jurisdictions")).json();
    const codes = meta.jurisdictions.map((j) => j.code).slice(0, 3);
    assert.ok(codes.length >= 2, "the corpus needs two jurisdictions or more");

    await step(`pick ${codes.join(", ")} and two categories → grid`, async () => {
      await page.goto(url);
      await page.waitForSelector("#jurisdiction-list input");
      for (const code of codes) await page.check(`#pick-j-${code}`);
      for (const input of await page.$$("#category-list input")) {
        const value = await input.getAttribute("value");
        if (["definition", "risk"].includes(value)) await input.check();
        else await input.uncheck();
      }
      await page.click("#compare-button");
      await page.waitForSelector("#grid tbody tr");
      assert.equal(await page.locator("#grid tbody tr").count(), 2);
      assert.equal(await page.locator("#grid thead th").count(), codes.length + 1);
      assert.ok(await page.locator("#grid .citations li").count() >= 2, "cells list their citations");
      assert.match(page.url(), new RegExp(`j=${codes.join("%2C")}`), "the URL holds the selection");
      await page.screenshot({ path: join(artifacts, "grid-two-categories.png"), fullPage: true });
    });

    await step("a first visit offers starting comparisons; one opens its grid and the offer goes", async () => {
      await page.goto(url);
      const first = page.locator("#compare-suggestions a").first();
      await first.waitFor();
      assert.match(await page.textContent("#compare-suggestions"), /^Or start from European Union, South Korea, Japan · /);
      await first.click();
      await page.waitForSelector("#grid tbody tr");
      assert.match(page.url(), /j=eu%2Ckr%2Cjp/);
      assert.equal(await page.locator("#grid thead th").count(), 4);
      assert.ok(await page.locator("#compare-suggestions").isHidden(), "the offer is gone once a grid is shown");
    });

    await step("columns follow the order of picking (kr then eu → kr first); targets and names for assistive technology", async () => {
      await page.goto(url);
      await page.waitForSelector("#jurisdiction-list input");
      await page.check("#pick-j-kr");
      await page.check("#pick-j-eu");
      await page.click("#compare-button");
      await page.waitForSelector("#grid tbody tr");
      assert.match(page.url(), /j=kr%2Ceu/, "j= keeps the pick order");
      const heads = await page.locator("#grid thead th").allTextContents();
      assert.ok(heads[1].includes("kr") || /Korea|Corée/.test(heads[1]), `first column is Korea: ${heads.join(" | ")}`);
      const name = await page.getAttribute("#lang-toggle", "aria-label");
      const visible = (await page.textContent("#lang-toggle")).trim();
      assert.ok(name.includes(visible), `the toggle's name "${name}" contains its visible text "${visible}"`);
      const sizes = await page.$$eval("#grid button.citation", (bs) => bs.map((b) => b.getBoundingClientRect()).map((r) => [r.width, r.height]));
      assert.ok(sizes.length > 0);
      for (const [w, h] of sizes) assert.ok(w >= 24 && h >= 24, `citation target ${w}×${h} is at least 24×24`);
      assert.equal(await page.getAttribute("#clause-text", "tabindex"), "0", "the clause text takes keyboard focus");
    });

    await step("seven rows with citations, in English then French", async () => {
      await page.goto(`${url}?view=compare&j=${codes.join(",")}`);
      await page.waitForSelector("#grid tbody tr");
      assert.equal(await page.locator("#grid tbody tr").count(), 7);
      assert.equal(await page.locator("#grid tbody tr:not(:has(.citation))").count(), 0, "every row cites");
      await page.screenshot({ path: join(artifacts, "grid-en.png"), fullPage: true });
      await page.click("#lang-toggle");
      await page.waitForFunction(() => document.documentElement.lang === "fr" && document.querySelector("#grid .corner")?.textContent === "Catégorie");
      assert.match(page.url(), /lang=fr/);
      assert.equal(await page.locator("nav a[data-nav=compare]").textContent(), "Comparer");
      await page.screenshot({ path: join(artifacts, "grid-fr.png"), fullPage: true });
    });

    await step("a row folds and unfolds by its header button, by mouse and keyboard; one control folds or unfolds all, in English and French", async () => {
      await page.goto(`${url}?view=compare&j=${codes.join(",")}`);
      await page.waitForSelector("#grid td .marks");
      const toggle = page.locator("#grid tbody tr").first().locator("th button.row-toggle");
      assert.equal(await toggle.getAttribute("aria-expanded"), "true");
      const controlled = (await toggle.getAttribute("aria-controls")).split(" ");
      assert.equal(controlled.length, codes.length, "the header controls one cell per jurisdiction");
      const shown = () => page.evaluate((ids) => ids.map((id) => document.getElementById(id)?.checkVisibility() ?? null), controlled);
      assert.deepEqual(await shown(), controlled.map(() => true));
      await toggle.click();
      assert.equal(await toggle.getAttribute("aria-expanded"), "false");
      assert.deepEqual(await shown(), controlled.map(() => false), "folding hides the row's cells, marks and citations included");
      assert.ok(await page.locator("#grid tbody tr").first().locator("th").isVisible(), "the header stays");
      assert.equal(await page.locator("#grid tbody tr").nth(1).locator(".row-toggle").getAttribute("aria-expanded"), "true", "other rows stay open");
      await toggle.focus();
      await page.keyboard.press("Enter");
      assert.equal(await toggle.getAttribute("aria-expanded"), "true");
      assert.deepEqual(await shown(), controlled.map(() => true));
      assert.equal(await page.textContent("#fold-all"), "Collapse all rows");
      await page.click("#fold-all");
      assert.equal(await page.locator('#grid .row-toggle[aria-expanded="true"]').count(), 0, "all rows fold");
      assert.equal(await page.locator("#grid td .cell-body:visible").count(), 0);
      assert.equal(await page.textContent("#fold-all"), "Expand all rows");
      await page.screenshot({ path: join(artifacts, "grid-folded.png") });
      await page.click("#lang-toggle");
      await page.waitForFunction(() => document.querySelector("#grid .corner")?.textContent === "Catégorie");
      assert.equal(await page.locator('#grid .row-toggle[aria-expanded="true"]').count(), 0, "rows stay folded in the other language");
      assert.equal(await page.textContent("#fold-all"), "Déplier toutes les lignes");
      await page.click("#fold-all");
      assert.equal(await page.locator('#grid .row-toggle[aria-expanded="false"]').count(), 0, "all rows unfold");
      assert.equal(await page.textContent("#fold-all"), "Replier toutes les lignes");
    });

    await step("the jurisdiction headers stay in view while reading down the grid; the as-of date is shown once per column", async () => {
      await page.goto(`${url}?view=compare&j=${codes.join(",")}`);
      await page.waitForSelector("#grid tbody tr");
      await page.$eval("#compare-result .grid-wrap", (w) => w.scrollIntoView());
      await page.$eval("#compare-result .grid-wrap", (w) => { w.scrollTop = w.scrollHeight; });
      const [wrapTop, headTop, firstRowTop] = await page.evaluate(() => [
        document.querySelector("#compare-result .grid-wrap").getBoundingClientRect().top,
        document.querySelector("#grid thead th").getBoundingClientRect().top,
        document.querySelector("#grid tbody tr").getBoundingClientRect().top]);
      assert.ok(firstRowTop < headTop, `the first row (at ${firstRowTop}px) has scrolled under the header`);
      assert.ok(Math.abs(headTop - wrapTop) <= 2 && headTop >= -1 && headTop < 40, `header at ${headTop}px, grid box at ${wrapTop}px`);
      await page.screenshot({ path: join(artifacts, "grid-scrolled.png") });
      assert.equal(await page.locator("#grid thead .as-of").count(), codes.length, "each column header has its as-of date");
      const repeated = await page.$$eval("#grid td .as-of", (notes) => notes.filter((n) => {
        const k = n.closest("td").cellIndex;
        return n.textContent === document.querySelector("#grid thead tr").cells[k].querySelector(".as-of").textContent;
      }).length);
      assert.equal(repeated, 0, "no cell repeats its column's as-of date");
      assert.equal(await page.locator("#grid thead .head-instruments-box:not([open])").count(), 0,
        "on a wide screen every column lists its instruments");
      assert.equal(await page.locator("#grid thead .head-instruments-box summary").first().isVisible(), false);
      // A status resting on secondary sources alone is marked, in the list and in the folded summary.
      const reported = await page.evaluate(async (q) => (await (await fetch(q)).json()).jurisdictions
        .flatMap((j) => j.instruments).filter((i) => i.status_evidence === "secondary").length,
      `/api/v1/compare?j=${codes.join(",")}`);
      assert.ok(reported > 0, "the compared jurisdictions list statuses known from reports only");
      assert.equal(await page.locator("#grid thead .head-instruments .badge.reported").count(), reported);
      assert.equal(await page.locator("#grid thead .head-instruments .reported-word").count(), reported);
      assert.equal(await page.locator("#grid thead summary .badge.reported").count(), reported);
    });

    await step("an instrument named in a cell opens its entry on the jurisdiction's page, scrolled to and marked", async () => {
      await page.goto(`${url}?view=compare&j=eu,us`);
      await page.waitForSelector("#grid tbody tr");
      const link = page.locator('#grid a[href^="#instrument="]').first();
      const id = decodeURIComponent((await link.getAttribute("href")).slice(12));
      await link.click();
      await page.waitForSelector("#view-jurisdiction li.instrument.highlight");
      assert.match(page.url(), new RegExp(`view=jurisdiction&code=${id.split("/")[0]}&instrument=${encodeURIComponent(id)}`));
      const entry = page.locator("li.instrument.highlight");
      assert.equal(await entry.getAttribute("data-instrument"), id);
      const box = await entry.boundingBox();
      assert.ok(box.y >= -1 && box.y < page.viewportSize().height, `the entry is in view (top at ${box.y}px)`);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.instrument), id, "focus moves to the entry");
      await page.screenshot({ path: join(artifacts, "instrument-link.png") });
    });

    await step("a jurisdiction page in French names instrument types and events in French", async () => {
      await page.goto(`${url}?view=jurisdiction&code=eu&lang=fr`);
      await page.waitForSelector("#j-instruments li.instrument");
      const meta = (await page.locator("#j-instruments .meta").allTextContents()).join(" | ");
      assert.match(meta, /· règlement/, meta);
      assert.doesNotMatch(meta, /· (regulation|statute|bill|guideline|strategy|executive-order)\b/, meta);
      const events = (await page.locator("#j-instruments .timeline li").allTextContents()).join(" | ");
      assert.match(events, /entré en vigueur|adopté|publié/, events);
      assert.doesNotMatch(events, /\b(in force|applies from|published|status check)\b/, events);
    });

    await step("a malformed fragment (#%) is ignored and the grid still renders", async () => {
      const before = problems.length;
      await page.goto(`${url}?view=compare&lang=fr&j=${codes.join(",")}#%`);
      await page.waitForSelector("#grid tbody tr");
      assert.equal(await page.locator("#grid tbody tr").count(), 7);
      assert.equal(problems.length, before, problems.slice(before).join("; "));
    });

    const counts = (await (await fetch(url + "api/v1/meta")).json()).counts;
    const textsIndexed = counts.clauses > 0;
    await step("click a citation → the clause, with its instrument and the official text; closing adds no history entry", async () => {
      const before = page.url();
      await page.locator("#grid button.citation").first().click();
      await page.waitForSelector("#clause-dialog[open]");
      assert.match(page.url(), /clause=/);
      if (textsIndexed) {
        await page.waitForFunction(() => document.querySelector("#clause-text").textContent.length > 0);
        const official = await page.getAttribute("#clause-official", "href");
        assert.match(official, /^https?:/);
        assert.ok((await page.textContent("#clause-meta")).includes(" · "), "the dialog names the instrument and its status");
      } else {
        assert.match(await page.textContent("#clause-fallback"), /not indexed|non indexé|cannot|ne peut/,
          "a clause without text says why, in the dialog");
      }
      await page.screenshot({ path: join(artifacts, "clause.png") });
      await closeClauseDialog(page);
      assert.equal(page.url(), before, "closing goes back over the clause's entry: Back never shows the same page twice");
    });

    if (textsIndexed) {
      await step("a Korean clause in translation names the original that controls, and the original is one click away", async () => {
        await page.goto(`${url}?view=compare&lang=fr&j=kr&clause=kr/ai-basic-act/art_7__para_1`);
        await page.waitForSelector("#clause-dialog[open]");
        await page.waitForFunction(() => document.querySelector("#clause-text").textContent.length > 0);
        assert.match(await page.textContent("#clause-fallback"), /Traduction sans valeur juridique : le texte en coréen fait foi/);
        await page.screenshot({ path: join(artifacts, "clause-kr-translation-fr.png") });
        await page.click("#clause-languages button[data-lang=ko]");
        await page.waitForFunction(() => /[\uac00-\ud7a3]/.test(document.querySelector("#clause-text").textContent));
        assert.doesNotMatch(await page.textContent("#clause-fallback"), /Traduction/, "the original is not a translation");
        assert.match(page.url(), /clang=ko/);
        await page.screenshot({ path: join(artifacts, "clause-kr-original.png") });
        await page.keyboard.press("Escape");
        await page.waitForSelector("#clause-dialog:not([open])", { state: "attached" });
        await page.goto(`${url}?view=compare&lang=fr&j=${codes.join(",")}`);
        await page.waitForSelector("#grid tbody tr");
      });
    }

    await step("export CSV", async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-links a[data-format=csv]")]);
      const file = join(work, "export.csv");
      await download.saveAs(file);
      const csv = readFileSync(file, "utf8");
      assert.ok(csv.startsWith("category,category_label,jurisdiction"), csv.slice(0, 80));
      for (const code of codes) assert.ok(csv.includes(`,${code},`), `CSV names ${code}`);
      assert.match(download.suggestedFilename(), /^cadre-.*-fr\.csv$/);
    });

    await step("words typed while the page is still loading are kept and searched", async () => {
      // The first render waits for the reference data; typing must survive it.
      await page.route("**/api/v1/categories", async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        await route.continue();
      });
      await page.goto(`${url}?view=search`);
      await page.fill("#search-input", "oversight");
      await page.waitForFunction(() => document.querySelector("#search-summary")?.textContent.trim() !== "");
      assert.equal(await page.inputValue("#search-input"), "oversight");
      await page.unroute("**/api/v1/categories");
      await page.press("#search-input", "Enter");
      await page.waitForSelector("#hits .hit");
      const summary = await page.textContent("#search-summary");
      assert.match(summary, /^(1 result|[\d,]+ results|More than [\d,]+ results) for “oversight”$/, summary);
      assert.doesNotMatch(summary, /^1 results/, summary);
    });

    await step("search in French → highlighted hits, facets, pages", async () => {
      const query = args.corpus.includes("tests/data") ? "supervision humaine" : "surveillance humaine";
      await page.goto(`${url}?view=search&lang=fr`);
      await page.fill("#search-input", query);
      await page.press("#search-input", "Enter");
      await page.waitForSelector("#hits .hit");
      assert.ok(await page.locator("#hits mark").count() > 0, "snippets highlight the words");
      assert.ok(await page.locator("#facets input[data-facet=j]").count() > 0, "facets list jurisdictions");
      assert.match(await page.textContent("#search-summary"), /^[\d\s\u202f\u00a0]+ résultats pour/);
      assert.match(await page.textContent("#search-also"), /« human oversight » \(anglais\)/, "the English wording searched too is named");
      await page.screenshot({ path: join(artifacts, "search-fr.png"), fullPage: true });
      if (!args.corpus.includes("tests/data")) {
        // Past a thousand the count is written "1 181": the plural follows the number, not that text.
        await page.goto(`${url}?view=search&lang=fr&q=${encodeURIComponent("renseignements personnels")}`);
        await page.waitForSelector("#hits .hit");
        assert.match(await page.textContent("#search-summary"), /^\d[\s\u202f\u00a0]\d{3} résultats pour/);
        await page.goto(`${url}?view=search&lang=fr&q=${encodeURIComponent(query)}`);
        await page.waitForSelector("#hits .hit");
      }
      await page.locator("#facets input[data-facet=j]").first().check();
      await page.waitForURL(/fj=/);
      await page.waitForSelector("#hits .hit");
    });

    await step("a provision value found by search → its badge, then the value open in the matrix", async () => {
      await page.goto(`${url}?view=search&q=${encodeURIComponent("human oversight")}`);
      const hit = page.locator("#hits .hit", { has: page.locator(".badge.kind-provision") }).first();
      await hit.waitFor();
      assert.equal((await hit.locator(".badge").first().textContent()).trim(), "provision");
      await hit.locator("a.hit-title").click();
      await page.waitForSelector("#value-panel:not([hidden])");
      assert.match(page.url(), /view=matrix/);
      assert.match(page.url(), /value=[a-z-]+(%3A|:)requirements\.human-oversight/);
      assert.notEqual((await page.textContent("#value-panel .value-note")).trim(), "", "the value's note is shown");
    });

    await step("a query naming an instrument → its clauses first, and a link keeping only them", async () => {
      await page.goto(`${url}?view=search&q=${encodeURIComponent("PIPL consent")}`);
      await page.waitForSelector("#search-named:not([hidden])");
      assert.match(await page.textContent("#search-named"), /^The clauses of PIPL come first\. Show only PIPL$/);
      if (textsIndexed) {
        await page.waitForSelector("#hits .hit");
        assert.match(await page.locator("#hits .hit .hit-title").first().getAttribute("data-clause"), /^cn\/pipl\//);
      }
      await page.click("#search-named a");
      await page.waitForURL(/fi=cn%2Fpipl|fi=cn\/pipl/);
      await page.waitForFunction(() => !document.querySelector("#search-named a"));
      assert.equal(await page.locator("#search-named a").count(), 0, "the filter already keeps only its clauses");
      // A name alone lists the instrument's clauses in order and links to its page.
      await page.goto(`${url}?view=search&q=${encodeURIComponent("Law 25")}`);
      await page.waitForSelector("#search-named:not([hidden])");
      assert.match(await page.textContent("#search-named"), /^The clauses of Law 25, in the order of the text\. Open Law 25 \(P-39\.1\) with its history$/);
      if (textsIndexed) assert.equal(await page.locator("#hits .hit .hit-title").first().getAttribute("data-clause"), "ca-qc/p-39.1/sec_1");
      await page.click("#search-named a");
      await page.waitForURL(/view=jurisdiction&code=ca-qc&instrument=ca-qc%2Fp-39\.1/);
    });

    await step("jurisdiction page: instruments and cells", async () => {
      await page.goto(`${url}?view=jurisdiction&code=${codes[0]}`);
      await page.waitForSelector("#j-instruments .instrument");
      assert.equal(await page.locator("#j-cells .cell-section").count(), 7);
      await page.screenshot({ path: join(artifacts, "jurisdiction.png"), fullPage: true });
    });

    await step("an instrument holding another's text says which (the AI Act's PDF conversion)", async () => {
      await page.goto(`${url}?view=jurisdiction&code=eu`);
      const copy = page.locator('#j-instruments .instrument[data-instrument="eu/ai-act-oj-text"] .meta');
      await copy.waitFor();
      assert.match(await copy.textContent(), /· same text as AI Act$/);
      const original = page.locator('#j-instruments .instrument[data-instrument="eu/ai-act"] .meta');
      assert.doesNotMatch(await original.textContent(), /same text/);
    });

    await step("matrix: heatmap, a value's note and clauses, converge / diverge, marks above the comparison", async () => {
      await page.goto(`${url}?view=matrix&j=${codes.join(",")}`);
      await page.waitForSelector("#matrix tbody tr[data-provision]");
      assert.equal(await page.locator("#matrix tbody tr[data-provision]").count(), 52, "every provision is a row");
      assert.equal(await page.locator("#matrix thead th").count(), codes.length + 1);
      assert.equal(await page.locator("#matrix tbody tr.category-row").count(), 7);
      const firstYes = page.locator("#matrix .vmark.v-yes").first();
      const key = await firstYes.getAttribute("data-value");
      await firstYes.click();
      await page.waitForSelector("#value-panel:not([hidden]) .value-citations button.citation");
      assert.match(page.url(), new RegExp(`value=${encodeURIComponent(key)}`));
      assert.notEqual((await page.textContent("#value-panel .value-note")).trim(), "", "the value's note is shown");
      await page.screenshot({ path: join(artifacts, "matrix-value.png") });
      await page.locator("#value-panel button.citation").first().click();
      await page.waitForSelector("#clause-dialog[open] #clause-related h3");
      await page.screenshot({ path: join(artifacts, "clause-related.png") });
      await closeClauseDialog(page);
      await page.goto(`${url}?view=matrix&j=${codes.join(",")}&lang=fr`);
      await page.waitForFunction(() => document.querySelectorAll("#converge-a option").length > 1);
      await page.selectOption("#converge-a", codes[0]);
      await page.selectOption("#converge-b", codes[1]);
      await page.click("#converge-form button[type=submit]");
      await page.waitForSelector("#converge-result .agreement");
      assert.match(await page.textContent("#converge-result .agreement"), /concordent/);
      assert.equal(await page.locator("#converge-result .converge-group").count(), 5);
      await page.screenshot({ path: join(artifacts, "converge-fr.png"), fullPage: true });
      await page.goto(`${url}?view=compare&j=${codes.join(",")}`);
      await page.waitForSelector("#grid td .marks .vmark");
      assert.equal(await page.locator("#grid tbody tr:not(:has(.marks))").count(), 0, "every row shows its provisions");
    });

    await step("matrix in greyscale print: values keep a symbol, bills a stripe", async () => {
      await page.goto(`${url}?view=matrix&j=${codes.join(",")}`);
      await page.waitForSelector("#matrix tbody tr[data-provision]");
      const symbols = await page.$$eval("#matrix .vmark", (marks) => marks.every((m) => /[●◐○?·]/.test(m.textContent)));
      assert.ok(symbols, "every value has a symbol besides its colour");
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator("#matrix-form").isVisible(), false);
      await page.pdf({ path: join(artifacts, "matrix-print.pdf"), preferCSSPageSize: true, printBackground: true });
      await page.emulateMedia({ media: "screen" });
    });

    await step("keyboard: the skip link takes the first Tab, with a visible focus ring", async () => {
      await page.goto(`${url}?view=compare&j=${codes.join(",")}`);
      await page.waitForSelector("#grid tbody tr");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, "none");
    });

    await step("phone width: no page-wide horizontal scroll", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${url}?view=compare&j=${codes.join(",")}`);
      await page.waitForSelector("#grid tbody tr");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      // One jurisdiction per swipe: columns wide enough that no word is broken inside a cell.
      const widths = await page.$$eval("#grid td", (tds) => tds.map((td) => td.getBoundingClientRect().width));
      for (const w of widths) assert.ok(w >= 300, `a cell column is ${w}px wide on a phone`);
      assert.equal(await page.$eval("#grid td", (td) => getComputedStyle(td).scrollSnapAlign), "start");
      const breaking = await page.$eval("#grid td", (td) => [getComputedStyle(td).wordBreak, getComputedStyle(td).overflowWrap]);
      assert.deepEqual(breaking, ["normal", "break-word"], "cell text is not broken mid-word");
      // The header row stays in view while reading down: each column's instruments are folded to
      // their statuses, so that it keeps to a few lines; a tap unfolds them.
      const boxes = page.locator("#grid thead .head-instruments-box");
      assert.equal(await boxes.count(), codes.length);
      for (let k = 0; k < codes.length; ++k) {
        assert.equal(await boxes.nth(k).evaluate((d) => d.open), false, "folded on a phone");
        assert.equal(await boxes.nth(k).locator("summary .badge").count(), await boxes.nth(k).locator("li").count(),
          "the folded list shows every instrument's status");
      }
      const headHeight = await page.$eval("#grid thead", (head) => head.getBoundingClientRect().height);
      assert.ok(headHeight < 844 * 0.3, `the header row takes ${headHeight}px of a phone's 844`);
      await boxes.first().locator("summary").click();
      assert.equal(await boxes.first().evaluate((d) => d.open), true, "a tap unfolds the list");
      await page.screenshot({ path: join(artifacts, "phone.png") });
      await page.goto(`${url}?view=compare&lang=fr&j=${codes.join(",")}`);
      await page.waitForSelector("#grid tbody tr");
      await page.$eval("#grid", (g) => window.scrollTo(0, g.getBoundingClientRect().top + window.scrollY));
      await page.screenshot({ path: join(artifacts, "phone-fr.png") });
      await page.$eval("#compare-result .grid-wrap", (w) => w.scrollBy(120, 0));
      await page.waitForTimeout(400);
      const left = await page.$eval("#grid td", (td) => td.getBoundingClientRect().left);
      assert.ok(Math.abs(left - 13) <= 3, `a swipe snaps the first jurisdiction to the left edge (at ${left}px)`);
      await page.screenshot({ path: join(artifacts, "phone-fr-swiped.png") });
      await page.goto(`${url}?view=matrix&j=${codes.join(",")}`);
      await page.waitForSelector("#matrix tbody tr[data-provision]");
      const matrixOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(matrixOverflow <= 1, `the matrix page overflows by ${matrixOverflow}px`);
      await page.screenshot({ path: join(artifacts, "matrix-phone.png") });
      // Search: the filters are a closed box, so the first hit shows without scrolling; opened,
      // they list the jurisdictions; back at desktop width they are open beside the hits.
      await page.goto(`${url}?view=search&q=${encodeURIComponent(args.corpus.includes("tests/data") ? "system" : "human oversight")}`);
      await page.waitForSelector("#hits .hit");
      assert.equal(await page.$eval("#facets-box", (d) => d.open), false, "the filters start closed on a phone");
      const firstHit = await page.$eval("#hits .hit", (h) => h.getBoundingClientRect().top);
      assert.ok(firstHit < 844, `the first hit is in view on a phone (top at ${firstHit}px)`);
      await page.click("#facets-summary");
      assert.ok(await page.locator("#facets input[data-facet=j]").first().isVisible(), "opened, the filters show");
      await page.screenshot({ path: join(artifacts, "search-phone.png") });
      await page.setViewportSize({ width: 1400, height: 1000 });
      assert.equal(await page.$eval("#facets-box", (d) => d.open), true, "the filters are open at desktop width");
    });

    await step("print: the grid alone, A4 landscape", async () => {
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator("#compare-form").isVisible(), false);
      await page.pdf({ path: join(artifacts, "grid-print.pdf"), preferCSSPageSize: true, printBackground: true });
      await page.emulateMedia({ media: "screen" });
    });

    assert.deepEqual(problems, [], "no console errors (a CSP violation would show here)");
    console.log(`all flows passed; screenshots in ${artifacts}`);
  }, { acceptDownloads: true, needsClauses: true });
});
