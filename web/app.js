// Cadre's web page: the entry module. It renders the view the URL names, handles the clicks
// every view shares (citations, value marks, in-page links) and starts each view's own
// listeners. Plain JavaScript modules over the JSON API, no build step; core.js holds what the
// views share.
import { $, decodeOrEmpty, fail, go, loadReference, readUrl, setRender, state, t, urlFor } from "./core.js";
import { renderChanges, startChanges } from "./changes.js";
import { openClause, showClause, startClause } from "./clause.js";
import { renderCompare, startCompare } from "./compare.js";
import { renderDiff } from "./diff.js";
import { renderJurisdiction } from "./jurisdiction.js";
import { renderMatrix, startMatrix } from "./matrix.js";
import { renderSearch, startSearch } from "./search.js";

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  const toggle = $("lang-toggle");
  toggle.textContent = state.lang === "fr" ? "EN" : "FR";
  // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
  toggle.setAttribute("aria-label", `${toggle.textContent} (${t("lang.other")})`);
  toggle.setAttribute("lang", state.lang === "fr" ? "en" : "fr");
  for (const link of document.querySelectorAll("a[data-nav]")) link.href = urlFor({ ...state, view: link.dataset.nav, clause: "" });
}

let renderId = 0;
async function render() {
  const id = ++renderId;
  applyLanguage();
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${state.view}`;
  for (const link of document.querySelectorAll("nav a[data-nav]"))
    link.toggleAttribute("aria-current", link.dataset.nav === state.view);
  try {
    await loadReference();
    if (id !== renderId) return;
    $("value-panel").hidden = true;
    if (state.view === "compare") await renderCompare();
    else if (state.view === "matrix") await renderMatrix();
    else if (state.view === "search") await renderSearch();
    else if (state.view === "changes") await renderChanges();
    else if (state.view === "diff") await renderDiff();
    else await renderJurisdiction();
    document.title = `Cadre — ${t(`nav.${state.view === "jurisdiction" ? "compare" : state.view}`)}`;
    if (state.clause) await showClause(state.clause, state.clauseLang || state.lang);
    else if ($("clause-dialog").open) $("clause-dialog").close();
  } catch (error) {
    fail(error);
  }
}

function onClick(event) {
  const mark = event.target.closest("[data-value]");
  if (mark) {
    go({ value: mark.dataset.value }, { replace: true });
    return;
  }
  const citation = event.target.closest("[data-clause]");
  if (citation) {
    event.preventDefault();
    openClause(citation.dataset.clause, citation.dataset.lang || state.lang);
    return;
  }
  const link = event.target.closest("a[href]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  const href = link.getAttribute("href");
  if (href.startsWith("#clause=")) {
    event.preventDefault();
    const id = decodeOrEmpty(href.slice(8));
    if (id) openClause(id, state.lang);
  } else if (href.startsWith("#instrument=")) {
    // A cell names an instrument: open its entry on its jurisdiction's page.
    event.preventDefault();
    const id = decodeOrEmpty(href.slice(12));
    if (id.includes("/")) go({ view: "jurisdiction", code: id.split("/")[0], instrument: id, clause: "" });
  } else if (href.startsWith("?")) {
    event.preventDefault();
    history.pushState(null, "", href);
    readUrl();
    render();
    $("main").focus();
  }
}

function start() {
  readUrl();
  setRender(render);
  document.addEventListener("click", onClick);
  startCompare();
  startSearch();
  startMatrix();
  startChanges();
  startClause();
  $("lang-toggle").addEventListener("click", () => go({ lang: state.lang === "fr" ? "en" : "fr" }, { replace: true }));
  window.addEventListener("popstate", () => {
    readUrl();
    render();
  });
  render();
}

// A module runs once the document is parsed (modules are deferred).
start();
