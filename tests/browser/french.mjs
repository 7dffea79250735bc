// The French page speaks French: every view is walked in French and fails on English interface
// wording.
//
//   node french.mjs --server <cadre_test_serve> --corpus <corpus dir>
//
// The English wording is the page's own string tables (TEXT in core.js and matrix.js, CadreTime's
// WORDS in time.js), read from the page: each English string, or fixed part of a worded sentence,
// of four characters or more that differs from its French counterpart. The text checked is what
// a reader or a screen reader gets: visible text nodes, aria-label, title, placeholder and alt
// of visible elements, and the document title. Left out: text marked as in another language
// (lang="…": the language toggle's own name, a clause shown in its original language) and the
// corpus's own content (see CORPUS below). A leak is an English string found in that text as a
// whole word sequence, in the same case (so "Compare", the English button, is found, and the
// French verb "compare" is not).
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifacts, closeClauseDialog, parseArgs, run, step, withBrowser } from "./harness.mjs";

const args = parseArgs("node french.mjs");

// Containers of corpus content, quoted as published or written by the project, not interface
// wording: identifiers (.code), clause texts and their labels, search snippets and headings, instrument titles
// and names, cells' analysis, status notes, related clauses.
const CORPUS = [
  ".code", "#clause-text", "#clause-title", "#clause-meta", ".snippet", ".hit-heading", ".hit-title",
  ".head-instruments", ".instrument h3", ".instrument .note", ".cell-html", ".cell-summary",
  ".citations", ".value-citations", ".related", ".outdated", ".tl-label", ".timeline-list",
  ".change-instrument", ".change-note", ".change-evidence a",
];

/// In the page: the English strings that are not the French ones, as [key, string] pairs. The
/// modules are the page's own instances (a module is evaluated once per page), so the table
/// holds what matrix.js added to it.
async function englishStrings() {
  const { TEXT } = await import("/core.js");
  const { CadreTime } = await import("/time.js");
  const SENTINEL = "\u0001";
  const flatten = (table, prefix, out) => {
    for (const [key, value] of Object.entries(table)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof value === "function") out.set(name, value(...Array(4).fill(SENTINEL)).split(SENTINEL));
      else if (typeof value === "string") out.set(name, [value]);
      else if (value && typeof value === "object") flatten(value, name, out);
    }
    return out;
  };
  // The ends of a fragment ("(", "“", ": ") are not part of its wording.
  const clean = (s) => s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/\s+/g, " ");
  const found = [];
  for (const [en, fr] of [[TEXT.en, TEXT.fr], [CadreTime.WORDS.en, CadreTime.WORDS.fr]]) {
    const english = flatten(en, "", new Map());
    const french = flatten(fr, "", new Map());
    for (const [key, parts] of english) {
      // The other language's name, which the language toggle gives in that language.
      if (key === "lang.other") continue;
      const theirs = new Set((french.get(key) || []).map((p) => clean(p).toLowerCase()));
      for (const part of parts.map(clean))
        if (part.length >= 4 && !theirs.has(part.toLowerCase())) found.push([key, part]);
    }
  }
  return found;
}

/// In the page: the text a reader gets, outside corpus content and other-language parts, with
/// where it is.
function readerText(corpus) {
  const skipped = (element) => element.closest(corpus.join(",")) || (element.closest("[lang]")?.lang || "fr") !== "fr";
  const where = (element) => {
    const path = [];
    for (let e = element; e && e !== document.body && path.length < 3; e = e.parentElement)
      path.unshift(e.id ? `#${e.id}` : e.tagName.toLowerCase() + (e.classList.length ? `.${[...e.classList].join(".")}` : ""));
    return path.join(" > ");
  };
  const out = [{ where: "document title", text: document.title }];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent.checkVisibility() || skipped(parent)) continue;
    out.push({ where: where(parent), text: node.textContent });
  }
  for (const element of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (!element.checkVisibility() || skipped(element)) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"])
      if (element.hasAttribute(name)) out.push({ where: `${where(element)} @${name}`, text: element.getAttribute(name) });
  }
  return out;
}

run(async () => {
  await withBrowser(args, async ({ url, page, problems }) => {
    const codes = (await (await fetch(url + "api/v1/jurisdictions")).json()).jurisdictions.map((j) => j.code).slice(0, 4);
    const grid = `${url}?view=compare&lang=fr&j=${codes.join(",")}`;
    let english = null;
    const leaks = [];
    let checked = 0;
    const walk = async (name) => {
      english ??= await page.evaluate(englishStrings);
      const texts = await page.evaluate(readerText, CORPUS);
      checked += texts.length;
      for (const { where, text } of texts) {
        const normal = text.replace(/\s+/g, " ");
        for (const [key, string] of english) {
          const escaped = string.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(normal))
            leaks.push(`${name}: ${where}: "${normal.trim().slice(0, 120)}" contains English "${string}" (${key})`);
        }
      }
    };

    await step("the English string table is read from the page", async () => {
      await page.goto(grid);
      await page.waitForSelector("#grid td .marks");
      english = await page.evaluate(englishStrings);
      assert.ok(english.length > 100, `${english.length} English strings`);
      assert.ok(english.some(([, s]) => s === "Collapse all rows"), "the table holds the page's wording");
    });
    await step("compare, the timeline open, rows folded", async () => {
      await walk("compare");
      // The timeline renders after the grid; on a loaded machine it may not be there yet.
      await page.waitForSelector("#timeline .timeline-details");
      await page.$eval("#timeline .timeline-details", (d) => { d.open = true; });
      await walk("timeline");
      await page.click("#fold-all");
      await walk("compare, folded");
      await page.screenshot({ path: join(artifacts, "french-compare.png"), fullPage: true });
    });
    await step("the clause dialog", async () => {
      await page.click("#fold-all");
      await page.locator("#grid button.citation").first().click();
      await page.waitForSelector("#clause-dialog[open] #clause-related h3");
      await walk("clause dialog");
      await closeClauseDialog(page);
    });
    await step("search, empty and with results", async () => {
      await page.goto(`${url}?view=search&lang=fr`);
      await page.waitForSelector("#facets fieldset");
      await walk("search, empty");
      await page.goto(`${url}?view=search&lang=fr&q=${encodeURIComponent("surveillance humaine")}`);
      await page.waitForSelector("#hits .hit");
      await walk("search results");
    });
    await step("the matrix, a value's panel, converge or diverge", async () => {
      await page.goto(`${url}?view=matrix&lang=fr&j=${codes.join(",")}&a=${codes[0]}&b=${codes[1]}`);
      await page.waitForSelector("#matrix tbody tr[data-provision]");
      await page.click("#converge-form button[type=submit]");
      await page.waitForSelector("#converge-result .agreement");
      await page.locator("#matrix .vmark.v-yes").first().click();
      await page.waitForSelector("#value-panel:not([hidden]) .value-citations");
      await walk("matrix");
    });
    await step("the changes since a day, grouped by month", async () => {
      await page.goto(`${url}?view=changes&lang=fr&since=2000-01-01`);
      await page.waitForSelector("#changes-list .change");
      await walk("changes");
    });
    await step("the changes between two texts of an instrument", async () => {
      await page.goto(`${url}?view=compare&lang=fr&j=kr,eu`);
      await page.waitForSelector("#grid thead a.diff-link");
      await page.locator("#grid thead a.diff-link").first().click();
      await page.waitForSelector("#diff-clauses .diff-clause");
      await walk("diff");
    });
    await step("a jurisdiction's page", async () => {
      for (const code of codes) {
        await page.goto(`${url}?view=jurisdiction&lang=fr&code=${code}`);
        await page.waitForSelector("#j-cells .cell-section");
        await walk(`jurisdiction ${code}`);
      }
    });
    await step("compare at phone width", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(grid);
      await page.waitForSelector("#grid td .marks");
      await walk("compare, 390 px");
    });

    console.log(`${checked} texts checked against ${english.length} English strings`);
    assert.deepEqual(problems, [], "no console errors");
    assert.deepEqual(leaks, [], `${leaks.length} English string(s) in the French page:\n${leaks.join("\n")}`);
  }, { needsClauses: true });
});
