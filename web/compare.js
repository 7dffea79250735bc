// The comparison view: the picker, the grid of cells (rows fold and unfold), its exports, its
// as-of control and timeline (time.js) and the value marks above each row (matrix.js).
import { $, API, EXPORT_FORMATS, MAX_COMPARE, MIN_COMPARE, api, cache, cellBody, el, go, instrumentName, instrumentNameById,
  jurisdictionName, renderPickers, say, state, statusBadge, t, urlFor } from "./core.js";
import { addCompareMarks, showValue } from "./matrix.js";
import { CadreTime } from "./time.js";

// Jurisdictions in the order they were ticked: the grid's columns follow it (j= keeps it).
let pickOrder = [];

function exportUrl(format, bom) {
  const query = new URLSearchParams({ j: state.j.join(","), lang: state.lang, format });
  if (state.c.length) query.set("c", state.c.join(","));
  if (bom) query.set("bom", "1");
  if (CadreTime.asOf()) query.set("as_of", CadreTime.asOf());
  return `${API}/export?${query}`;
}

function renderPicker() {
  pickOrder = [...state.j];
  renderPickers($("jurisdiction-list"), $("category-list"), "pick");
}

function onCompareSubmit(event) {
  event.preventDefault();
  const form = $("compare-form");
  const checked = new Set([...form.querySelectorAll("input[name=j]:checked")].map((x) => x.value));
  const j = pickOrder.filter((code) => checked.has(code));
  const c = [...form.querySelectorAll("input[name=c]:checked")].map((x) => x.value);
  if (j.length < MIN_COMPARE || j.length > MAX_COMPARE) return say(t("compare.count", j.length), true);
  if (!c.length) return say(t("compare.nocat"), true);
  go({ j, c: c.length === cache.categories.length ? [] : c, clause: "" });
}

// Starting points for a first visit, shown while nothing is compared (those whose jurisdictions
// the build holds): the EU's AI Act beside Korea's and Japan's AI acts, the federal and provincial
// or state layers of Canada and of the United States, China, Taiwan and Korea, and the EU, the
// United Kingdom and Brazil.
const SUGGESTED = [["eu", "kr", "jp"], ["ca", "ca-qc"], ["us", "us-ca", "us-co"], ["cn", "tw", "kr"], ["eu", "uk", "br"]];

function renderSuggestions() {
  const known = new Set(cache.jurisdictions.map((j) => j.code));
  const sets = SUGGESTED.filter((set) => set.every((code) => known.has(code)));
  const box = $("compare-suggestions");
  box.hidden = sets.length === 0;
  box.replaceChildren(`${t("compare.try")} `);
  sets.forEach((set, k) => {
    if (k > 0) box.append(" · ");
    box.append(el("a", { href: urlFor({ ...state, j: set, c: [], clause: "" }), text: set.map(jurisdictionName).join(", ") }));
  });
}

export async function renderCompare() {
  renderPicker();
  const result = $("compare-result");
  $("compare-suggestions").hidden = true;
  if (state.j.length < MIN_COMPARE) {
    result.hidden = true;
    renderSuggestions();
    return;
  }
  say(t("loading"));
  const data = await api("/compare", { j: state.j, c: state.c, lang: state.lang, as_of: CadreTime.asOf() });
  say("");
  const names = data.jurisdictions.map((j) => j.name[state.lang] || j.name.en);
  $("grid-caption").textContent = t("compare.caption", names.join(", "));

  // One as-of date per column, in its header: the date most of the column's cells carry (a cell
  // dated otherwise shows its own); the jurisdiction's when the column has no dated cell.
  const columnAsOf = data.jurisdictions.map((j, k) => {
    const counts = new Map();
    for (const row of data.cells) if (row[k].as_of) counts.set(row[k].as_of, (counts.get(row[k].as_of) || 0) + 1);
    return [...counts].sort((x, y) => y[1] - x[1] || y[0].localeCompare(x[0]))[0]?.[0] || j.as_of;
  });
  const headRow = el("tr", {}, el("th", { scope: "col", class: "corner", text: t("category") }));
  data.jurisdictions.forEach((j, k) => {
    const instruments = el("ul", { class: "head-instruments" });
    for (const i of j.instruments)
      instruments.append(el("li", {}, `${instrumentName(i)} `, statusBadge(i.status, i.status_evidence, true), CadreTime.statusDates(i, state.lang),
        i.same_text_as ? ` · ${t("instrument.copy", instrumentNameById(i.same_text_as))}` : ""));
    // Its summary keeps every instrument's status in view when the list is folded.
    const summary = el("summary", {}, `${t("compare.instruments", j.instruments.length)} `);
    for (const i of j.instruments) summary.append(statusBadge(i.status, i.status_evidence), " ");
    headRow.append(el("th", { scope: "col" },
      el("a", { href: urlFor({ ...state, view: "jurisdiction", code: j.code, clause: "", instrument: "" }), "data-code": j.code, class: "j-link", text: j.name[state.lang] || j.name.en }),
      el("div", { class: "as-of", text: `${t("as-of")} ${columnAsOf[k]}` }),
      el("details", { class: "head-instruments-box" }, summary, instruments)));
  });
  $("grid").tHead.replaceChildren(headRow);
  fitHeaderInstruments();

  const body = $("grid").tBodies[0];
  body.replaceChildren();
  data.categories.forEach((category, r) => {
    const ids = data.cells[r].map((cell) => `cell-${category.id}-${cell.jurisdiction}`);
    const toggle = el("button", { type: "button", class: "row-toggle", "aria-controls": ids.join(" "),
      title: category.description[state.lang] || category.description.en, text: category.label[state.lang] || category.label.en });
    toggle.addEventListener("click", () => {
      foldRow(row, toggle.getAttribute("aria-expanded") === "true");
      showFoldAll();
    });
    const row = el("tr", { "data-category": category.id }, el("th", { scope: "row" }, toggle));
    data.cells[r].forEach((cell, k) => {
      const content = cellBody(cell, columnAsOf[k]);
      content.id = ids[k];
      row.append(el("td", { "data-jurisdiction": cell.jurisdiction }, content));
    });
    body.append(row);
    foldRow(row, folded.has(category.id));
  });
  showFoldAll();

  const note = [CadreTime.asOfShown(state.lang), data.as_of_note].filter(Boolean).join(" ");
  $("time-tools").replaceChildren(CadreTime.asOfControl(state.lang, () => go({})),
    el("p", { class: "as-of-shown", id: "as-of-shown", text: note }));
  $("timeline-slot").replaceChildren(CadreTime.timeline(data, state.lang));

  const links = $("export-links");
  links.replaceChildren();
  for (const f of EXPORT_FORMATS)
    links.append(el("a", { href: exportUrl(f.format, f.bom), download: "", class: "button", "data-format": f.bom ? `${f.format}-bom` : f.format, text: f.label }));
  $("build-line").textContent = t("build", data.build_id, data.corpus_commit);
  result.hidden = false;
  await addCompareMarks(data.categories);
  if (state.value) await showValue(state.value);
}

// On a phone the grid's header row stays in view over one column of text, so each column's list
// of instruments starts folded to its statuses; wider, and in print, the lists are open.
const phone = window.matchMedia("(max-width: 600px)");
function fitHeaderInstruments(open = !phone.matches) {
  for (const box of document.querySelectorAll("#grid .head-instruments-box")) box.open = open;
}
phone.addEventListener("change", () => fitHeaderInstruments());
window.addEventListener("beforeprint", () => fitHeaderInstruments(true));

// Category rows of the grid folded by the reader, by category id. They stay folded across
// re-renders (language, as-of date, another selection) but are not in the URL: folding is a
// way of reading a screen, not another screen to share.
const folded = new Set();

/// Folds or unfolds one grid row: its header button says which (aria-expanded) and the cells'
/// contents it controls are hidden; the row itself and its header stay.
function foldRow(row, fold) {
  row.querySelector(".row-toggle").setAttribute("aria-expanded", String(!fold));
  for (const content of row.querySelectorAll("td > .cell-body")) content.hidden = fold;
  row.classList.toggle("folded", fold);
  if (fold) folded.add(row.dataset.category);
  else folded.delete(row.dataset.category);
}

/// The one control for all rows expands them when every row is folded, folds them otherwise.
function showFoldAll() {
  const rows = [...$("grid").tBodies[0].rows];
  const all = rows.length > 0 && rows.every((row) => folded.has(row.dataset.category));
  $("fold-all").textContent = t(all ? "rows.expandAll" : "rows.collapseAll");
}

function onFoldAll() {
  const rows = [...$("grid").tBodies[0].rows];
  const fold = !rows.every((row) => folded.has(row.dataset.category));
  for (const row of rows) foldRow(row, fold);
  showFoldAll();
}

export function startCompare() {
  $("compare-form").addEventListener("submit", onCompareSubmit);
  $("jurisdiction-list").addEventListener("change", (event) => {
    const code = event.target.value;
    pickOrder = pickOrder.filter((x) => x !== code);
    if (event.target.checked) pickOrder.push(code);
  });
  $("print-button").addEventListener("click", () => window.print());
  $("fold-all").addEventListener("click", onFoldAll);
}
