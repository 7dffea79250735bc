// Cadre's web page: plain JavaScript over the JSON API (schema/openapi.yaml), no build step.
//
// Safety rule: text from the corpus is inserted with textContent. Two fields are HTML, and both
// are produced by the server for this purpose: a cell's `html` (cmark output with raw HTML
// suppressed) and a search hit's `snippet_html` (escaped text with <mark>), which is further
// reduced here to text and <mark> elements.
//
// State lives in the URL query (?view=compare&j=ca,uk&c=risk&lang=fr&clause=...), so every
// screen is a link that can be shared; history navigation re-renders from the URL.
"use strict";

const API = "/api/v1";
const MIN_COMPARE = 2;
const MAX_COMPARE = 6;
const EXPORT_FORMATS = [
  { format: "md", label: "Markdown" },
  { format: "csv", label: "CSV" },
  { format: "csv", label: "CSV (Excel)", bom: true },
  { format: "html", label: "HTML" },
  { format: "json", label: "JSON" },
  { format: "xlsx", label: "XLSX" },
  { format: "docx", label: "DOCX" },
];
const STATUSES = ["in-force", "adopted", "bill", "lapsed", "expired", "revoked", "superseded", "withdrawn"];
const SEARCH_LANGUAGES = ["en", "fr", "pt", "zh", "ja", "ko"];

const TEXT = {
  en: {
    skip: "Skip to content", sections: "Sections", "nav.compare": "Compare", "nav.search": "Search",
    "lang.hint": "Switch the interface and content language", "lang.other": "Français",
    "compare.title": "Compare jurisdictions", "compare.jurisdictions": "Jurisdictions (2 to 6)",
    "compare.categories": "Categories", "compare.go": "Compare",
    "compare.count": (n) => `Choose between ${MIN_COMPARE} and ${MAX_COMPARE} jurisdictions (${n} chosen).`,
    "compare.nocat": "Choose at least one category.",
    "compare.caption": (names) => `Comparison: ${names}`,
    "export.label": "Export", print: "Print", category: "Category", "as-of": "as of",
    "fallback": (l) => `Not available in English: shown in ${l}.`,
    "cites": "Sources", "unresolved": "text not indexed",
    build: (b, c) => `Build ${b} · corpus commit ${c}`,
    "search.title": "Search clauses and analysis", "search.label": "Search words", "search.go": "Search",
    "search.placeholder": "human oversight, surveillance humaine, penalties…",
    "search.filters": "Filters", "search.pages": "Pages",
    "search.summary": (n, q) => `About ${n} result${n === 1 ? "" : "s"} for “${q}”`,
    "search.none": (q) => `No result for “${q}”.`,
    "search.empty": "Type one or more words to search.",
    "facet.jurisdiction": "Jurisdiction", "facet.category": "Category", "facet.language": "Language",
    "facet.status": "Instrument status", "facet.instrument": "Instrument", "facet.any": "Any",
    "hit.clause": "clause", "hit.cell": "analysis", "hit.synonym": "matched through a translation", "hit.copies": (list) => `same text in ${list}`,
    prev: "Previous", next: "Next", page: (p, n) => `Page ${p} of ${n}`,
    back: "← Back to the comparison", "j.instruments": "Instruments", "j.cells": "Analysis",
    "j.meta": (kind, asof) => `${kind} · analysis as of ${asof}`,
    close: "Close", "clause.official": "Official text",
    "clause.other": (l) => `Show in ${l}`,
    "clause.fallback": (l) => `Cadre holds no English text of this clause: shown in ${l}.`,
    "clause.translation": (l) => `A translation without legal force: the ${l} text controls.`,
    "clause.officialMissing": (l) => `An official ${l} version exists, but Cadre holds no text of it:`,
    "clause.versionFrom": (d) => `text in effect from ${d}`,
    "clause.unavailable": "This clause cannot be shown",
    loading: "Loading…", footer: "Cadre compares how jurisdictions regulate AI, cited down to the clause. Analysis written by the project; statutory texts from official sources.",
    status: { "in-force": "in force", adopted: "adopted", bill: "bill", lapsed: "lapsed", expired: "expired",
      revoked: "revoked", superseded: "superseded", withdrawn: "withdrawn", none: "no event yet" },
    // Instrument types as corpus/*/jurisdiction.toml spells them (docs/corpus-format.md).
    type: { statute: "statute", regulation: "regulation", bill: "bill", directive: "directive", guideline: "guideline",
      plan: "plan", recommendation: "recommendation", strategy: "strategy", "executive-order": "executive order" },
    kind: { national: "National", "sub-national": "Sub-national", supranational: "Supranational", international: "International" },
    languages: { en: "English", fr: "French", pt: "Portuguese", zh: "Chinese", ja: "Japanese", ko: "Korean" },
  },
  fr: {
    skip: "Aller au contenu", sections: "Sections", "nav.compare": "Comparer", "nav.search": "Rechercher",
    "lang.hint": "Changer la langue de l'interface et du contenu", "lang.other": "English",
    "compare.title": "Comparer des juridictions", "compare.jurisdictions": "Juridictions (2 à 6)",
    "compare.categories": "Catégories", "compare.go": "Comparer",
    "compare.count": (n) => `Choisissez entre ${MIN_COMPARE} et ${MAX_COMPARE} juridictions (${n} choisie${n > 1 ? "s" : ""}).`,
    "compare.nocat": "Choisissez au moins une catégorie.",
    "compare.caption": (names) => `Comparaison : ${names}`,
    "export.label": "Exporter", print: "Imprimer", category: "Catégorie", "as-of": "à jour au",
    "fallback": (l) => `Non disponible en français : affiché en ${l}.`,
    "cites": "Sources", "unresolved": "texte non indexé",
    build: (b, c) => `Version ${b} · commit du corpus ${c}`,
    "search.title": "Rechercher dans les dispositions et l'analyse", "search.label": "Mots recherchés",
    "search.go": "Rechercher", "search.placeholder": "surveillance humaine, human oversight, sanctions…",
    "search.filters": "Filtres", "search.pages": "Pages",
    "search.summary": (n, q) => `Environ ${n} résultat${n > 1 ? "s" : ""} pour « ${q} »`,
    "search.none": (q) => `Aucun résultat pour « ${q} ».`,
    "search.empty": "Saisissez un ou plusieurs mots.",
    "facet.jurisdiction": "Juridiction", "facet.category": "Catégorie", "facet.language": "Langue",
    "facet.status": "Statut de l'instrument", "facet.instrument": "Instrument", "facet.any": "Tous",
    "hit.clause": "disposition", "hit.cell": "analyse", "hit.synonym": "trouvé par traduction", "hit.copies": (list) => `même texte dans ${list}`,
    prev: "Précédente", next: "Suivante", page: (p, n) => `Page ${p} sur ${n}`,
    back: "← Retour à la comparaison", "j.instruments": "Instruments", "j.cells": "Analyse",
    "j.meta": (kind, asof) => `${kind} · analyse à jour au ${asof}`,
    close: "Fermer", "clause.official": "Texte officiel",
    "clause.other": (l) => `Afficher en ${l}`,
    "clause.fallback": (l) => `Cadre ne détient pas de texte français de cette disposition : affichée en ${l}.`,
    "clause.translation": (l) => `Traduction sans valeur juridique : le texte en ${l} fait foi.`,
    "clause.officialMissing": (l) => `Une version officielle en ${l} existe, mais Cadre n'en détient pas le texte :`,
    "clause.versionFrom": (d) => `texte en vigueur depuis le ${d}`,
    "clause.unavailable": "Cette disposition ne peut pas être affichée",
    loading: "Chargement…", footer: "Cadre compare la régulation de l'IA d'une juridiction à l'autre, avec la source de chaque affirmation. Analyse rédigée par le projet; textes officiels des sources publiques.",
    status: { "in-force": "en vigueur", adopted: "adopté", bill: "projet de loi", lapsed: "caduc", expired: "expiré",
      revoked: "abrogé", superseded: "remplacé", withdrawn: "retiré", none: "aucun événement encore" },
    type: { statute: "loi", regulation: "règlement", bill: "projet de loi", directive: "directive", guideline: "lignes directrices",
      plan: "plan", recommendation: "recommandation", strategy: "stratégie", "executive-order": "décret présidentiel" },
    kind: { national: "Nationale", "sub-national": "Infranationale", supranational: "Supranationale", international: "Internationale" },
    languages: { en: "anglais", fr: "français", pt: "portugais", zh: "chinois", ja: "japonais", ko: "coréen" },
  },
};

const state = { lang: "en", view: "compare", j: [], c: [], q: "", page: 1, filters: {}, code: "", clause: "", clauseLang: "",
  a: "", b: "", value: "", instrument: "" };
const VIEWS = ["compare", "matrix", "search", "jurisdiction"];
const cache = { categories: null, jurisdictions: null };
// Jurisdictions in the order they were ticked: the grid's columns follow it (j= keeps it).
let pickOrder = [];

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = TEXT[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// ---- API -------------------------------------------------------------------------------------

class ApiError extends Error {}

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v) ? v.length : v !== "" && v !== undefined) query.set(k, Array.isArray(v) ? v.join(",") : v);
  }
  const url = API + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body && body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

function exportUrl(format, bom) {
  const query = new URLSearchParams({ j: state.j.join(","), lang: state.lang, format });
  if (state.c.length) query.set("c", state.c.join(","));
  if (bom) query.set("bom", "1");
  if (CadreTime.asOf()) query.set("as_of", CadreTime.asOf());
  return `${API}/export?${query}`;
}

function clausePath(id) {
  return "/clauses/" + id.split("/").map(encodeURIComponent).join("/");
}

// ---- URL state -------------------------------------------------------------------------------

const list = (v) => (v ? v.split(",").filter(Boolean) : []);

// decodeURIComponent throws on a malformed escape ("#%", "#%E0%A4%A"): a hand-edited or
// hostile fragment is then ignored instead of stopping the page before it renders.
function decodeOrEmpty(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return "";
  }
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.lang = p.get("lang") === "fr" ? "fr" : "en";
  state.view = VIEWS.includes(p.get("view")) ? p.get("view") : "compare";
  state.j = list(p.get("j"));
  state.c = list(p.get("c"));
  state.q = p.get("q") || "";
  state.page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
  state.filters = {
    j: list(p.get("fj")), c: list(p.get("fc")), lang: list(p.get("fl")),
    status: list(p.get("fs")), instrument: list(p.get("fi")),
  };
  state.code = p.get("code") || "";
  state.clause = p.get("clause") || "";
  state.clauseLang = p.get("clang") || "";
  state.a = p.get("a") || "";
  state.b = p.get("b") || "";
  state.value = p.get("value") || "";
  state.instrument = p.get("instrument") || "";
  const hash = decodeOrEmpty(location.hash.slice(1));
  if (hash.startsWith("clause=")) state.clause = hash.slice(7);
}

function urlFor(s) {
  const p = new URLSearchParams();
  p.set("view", s.view);
  if (s.lang !== "en") p.set("lang", s.lang);
  if (s.view === "compare" || s.view === "matrix") {
    if (s.j.length) p.set("j", s.j.join(","));
    if (s.c.length) p.set("c", s.c.join(","));
    if (s.view === "matrix" && s.a && s.b) {
      p.set("a", s.a);
      p.set("b", s.b);
    }
    if (s.value) p.set("value", s.value);
    if ((s.view === "compare" || s.view === "matrix") && CadreTime.asOf()) p.set("as_of", CadreTime.asOf());
  } else if (s.view === "search") {
    if (s.q) p.set("q", s.q);
    const names = { j: "fj", c: "fc", lang: "fl", status: "fs", instrument: "fi" };
    for (const [k, name] of Object.entries(names)) if (s.filters[k] && s.filters[k].length) p.set(name, s.filters[k].join(","));
    if (s.page > 1) p.set("page", String(s.page));
  } else if (s.view === "jurisdiction") {
    p.set("code", s.code);
    if (s.instrument) p.set("instrument", s.instrument);
  }
  if (s.clause) {
    p.set("clause", s.clause);
    if (s.clauseLang && s.clauseLang !== s.lang) p.set("clang", s.clauseLang);
  }
  return "?" + p.toString();
}

function go(changes, { replace = false } = {}) {
  Object.assign(state, changes);
  const url = urlFor(state);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

// ---- Shared pieces ---------------------------------------------------------------------------

function say(message, isError = false) {
  const line = $("status");
  line.textContent = message || "";
  line.classList.toggle("error", isError);
}

function statusBadge(status) {
  const label = (TEXT[state.lang].status[status]) || status;
  return el("span", { class: `badge status-${status}`, text: label });
}

function instrumentName(i) {
  // short_names {en, fr} where the API gives them; short_name otherwise.
  return i.short_names?.[state.lang] || i.short_name || i.title[state.lang] || i.title.en;
}

function jurisdictionName(code) {
  const j = (cache.jurisdictions || []).find((x) => x.code === code);
  return j ? j.name[state.lang] || j.name.en : code;
}

function categoryLabel(id) {
  const c = (cache.categories || []).find((x) => x.id === id);
  return c ? c.label[state.lang] || c.label.en : id;
}

function languageName(code) {
  return TEXT[state.lang].languages[code] || code;
}

/// Cell HTML comes from cmark with raw HTML suppressed; its citation links are "#clause=<id>".
/// columnAsOf: the as-of date its column's header already shows; the cell repeats its own only
/// when it differs.
function cellBody(cell, columnAsOf = "") {
  const wrap = el("div", { class: "cell-body" });
  if (cell.fallback) wrap.append(el("p", { class: "fallback", text: t("fallback", languageName(cell.language)) }));
  for (const note of CadreTime.cellNotes(cell)) wrap.append(note);
  // The one-sentence summary opens the cell; the prose follows.
  if (cell.summary_html) {
    const summary = el("div", { class: "cell-summary" });
    summary.innerHTML = cell.summary_html;
    wrap.append(summary);
  }
  const html = el("div", { class: "cell-html" });
  html.innerHTML = cell.html;
  wrap.append(html);
  if (cell.citations.length) {
    const ol = el("ol", { class: "citations", "aria-label": t("cites") });
    for (const c of cell.citations) {
      const button = el("button", { type: "button", class: "citation", "data-clause": c.clause_id, text: c.label });
      const li = el("li", {}, button);
      if (!c.resolved) li.append(" ", el("small", { class: "muted", text: `(${t("unresolved")})` }));
      ol.append(li);
    }
    wrap.append(ol);
  }
  if (cell.as_of && cell.as_of !== columnAsOf) wrap.append(el("p", { class: "as-of", text: `${t("as-of")} ${cell.as_of}` }));
  return wrap;
}

/// Snippets are escaped text with <mark>: keep exactly that, as text nodes and <mark> elements.
function snippetNodes(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") out.append(el("mark", { text: node.textContent }));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

async function loadReference() {
  if (!cache.categories) cache.categories = (await api("/categories")).categories;
  if (!cache.jurisdictions) cache.jurisdictions = (await api("/jurisdictions")).jurisdictions;
}

// ---- Compare ---------------------------------------------------------------------------------

function renderPicker() {
  pickOrder = [...state.j];
  const jl = $("jurisdiction-list");
  jl.replaceChildren();
  for (const j of cache.jurisdictions) {
    const id = `pick-j-${j.code}`;
    jl.append(el("label", { class: "choice", for: id },
      el("input", { type: "checkbox", id, name: "j", value: j.code, checked: state.j.includes(j.code) }),
      ` ${j.name[state.lang] || j.name.en} `, el("span", { class: "code", text: j.code })));
  }
  const cl = $("category-list");
  cl.replaceChildren();
  for (const c of cache.categories) {
    const id = `pick-c-${c.id}`;
    const checked = state.c.length ? state.c.includes(c.id) : true;
    cl.append(el("label", { class: "choice", for: id, title: c.description[state.lang] || c.description.en },
      el("input", { type: "checkbox", id, name: "c", value: c.id, checked }), ` ${c.label[state.lang] || c.label.en}`));
  }
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

async function renderCompare() {
  renderPicker();
  const result = $("compare-result");
  if (state.j.length < MIN_COMPARE) {
    result.hidden = true;
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
      instruments.append(el("li", {}, `${instrumentName(i)} `, statusBadge(i.status), CadreTime.statusDates(i, state.lang)));
    headRow.append(el("th", { scope: "col" },
      el("a", { href: urlFor({ ...state, view: "jurisdiction", code: j.code, clause: "", instrument: "" }), "data-code": j.code, class: "j-link", text: j.name[state.lang] || j.name.en }),
      el("div", { class: "as-of", text: `${t("as-of")} ${columnAsOf[k]}` }), instruments));
  });
  $("grid").tHead.replaceChildren(headRow);

  const body = $("grid").tBodies[0];
  body.replaceChildren();
  data.categories.forEach((category, r) => {
    const row = el("tr", { "data-category": category.id },
      el("th", { scope: "row", title: category.description[state.lang] || category.description.en, text: category.label[state.lang] || category.label.en }));
    data.cells[r].forEach((cell, k) =>
      row.append(el("td", { "data-jurisdiction": cell.jurisdiction }, cellBody(cell, columnAsOf[k]))));
    body.append(row);
  });

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

// ---- Search ----------------------------------------------------------------------------------

function facetGroup(key, title, counts, labelOf) {
  const selected = state.filters[key] || [];
  const values = counts.map((f) => f.value);
  for (const v of selected) if (!values.includes(v)) counts = counts.concat([{ value: v, count: 0 }]);
  const fieldset = el("fieldset", { class: "facet", "data-facet": key }, el("legend", { text: title }));
  for (const f of counts) {
    const id = `facet-${key}-${f.value}`;
    fieldset.append(el("label", { class: "choice", for: id },
      el("input", { type: "checkbox", id, value: f.value, checked: selected.includes(f.value), "data-facet": key }),
      ` ${labelOf(f.value)} `, el("span", { class: "count", text: String(f.count) })));
  }
  return fieldset;
}

function renderFacets(results) {
  const facets = $("facets");
  facets.replaceChildren(
    facetGroup("j", t("facet.jurisdiction"), results ? results.facets.jurisdiction : [], jurisdictionName),
    facetGroup("c", t("facet.category"), results ? results.facets.category : [], categoryLabel),
    facetGroup("lang", t("facet.language"), results ? results.facets.language : SEARCH_LANGUAGES.map((value) => ({ value, count: "" })), languageName),
    facetGroup("status", t("facet.status"), STATUSES.map((value) => ({ value, count: "" })), (s) => TEXT[state.lang].status[s] || s));
  const select = el("select", { id: "facet-instrument", "data-facet": "instrument" }, el("option", { value: "", text: t("facet.any") }));
  for (const j of cache.jurisdictions)
    for (const i of j.instruments)
      select.append(el("option", { value: i.id, selected: (state.filters.instrument || []).includes(i.id), text: `${j.code} — ${instrumentName(i)}` }));
  facets.append(el("div", { class: "facet" }, el("label", { for: "facet-instrument", text: t("facet.instrument") }), select));
}

function onFacetChange(event) {
  const key = event.target.dataset.facet;
  if (!key) return;
  const filters = { ...state.filters };
  if (key === "instrument") filters.instrument = event.target.value ? [event.target.value] : [];
  else filters[key] = [...$("facets").querySelectorAll(`input[data-facet="${key}"]:checked`)].map((x) => x.value);
  go({ filters, page: 1, clause: "" });
}

async function renderSearch() {
  $("search-input").value = state.q;
  const hits = $("hits");
  const pager = $("pager");
  if (!state.q) {
    hits.replaceChildren();
    pager.replaceChildren();
    $("search-summary").textContent = t("search.empty");
    renderFacets(null);
    return;
  }
  say(t("loading"));
  const f = state.filters;
  const results = await api("/search", { q: state.q, j: f.j, c: f.c, lang: f.lang, status: f.status, instrument: f.instrument, page: state.page });
  say("");
  renderFacets(results);
  $("search-summary").textContent = results.total ? t("search.summary", results.total, state.q) : t("search.none", state.q);
  hits.replaceChildren();
  for (const h of results.hits) {
    const title = h.type === "clause"
      ? el("button", { type: "button", class: "hit-title citation", "data-clause": h.id, "data-lang": h.language, text: h.label || h.id })
      : el("a", { class: "hit-title", href: urlFor({ ...state, view: "jurisdiction", code: h.jurisdiction, clause: "" }), text: h.label });
    const meta = el("p", { class: "hit-meta" },
      el("span", { class: `badge kind-${h.type}`, text: t(`hit.${h.type}`) }), ` ${jurisdictionName(h.jurisdiction)} · ${languageName(h.language)}`);
    if (h.status) meta.append(" · ", statusBadge(h.status));
    if (h.via_synonym) meta.append(" · ", el("em", { text: t("hit.synonym") }));
    if (h.also_in && h.also_in.length) meta.append(" · ", t("hit.copies", h.also_in.join(", ")));
    const li = el("li", { class: "hit" }, title, meta);
    if (h.heading) li.append(el("p", { class: "hit-heading", text: h.heading }));
    li.append(el("p", { class: "snippet" }, snippetNodes(h.snippet_html)));
    hits.append(li);
  }
  const pages = Math.max(1, Math.min(1000, Math.ceil(results.total / results.page_size)));
  pager.replaceChildren(
    el("button", { type: "button", id: "prev-page", disabled: state.page <= 1, onclick: () => go({ page: state.page - 1 }), text: t("prev") }),
    el("span", { text: t("page", state.page, pages) }),
    el("button", { type: "button", id: "next-page", disabled: state.page >= pages, onclick: () => go({ page: state.page + 1 }), text: t("next") }));
}

// ---- Jurisdiction ----------------------------------------------------------------------------

async function renderJurisdiction() {
  say(t("loading"));
  const [j, comparison] = await Promise.all([
    api(`/jurisdictions/${encodeURIComponent(state.code)}`),
    api("/compare", { j: [state.code], lang: state.lang }),
  ]);
  say("");
  $("j-title").textContent = `${j.name[state.lang] || j.name.en} (${j.code})`;
  $("j-meta").textContent = t("j.meta", TEXT[state.lang].kind[j.kind] || j.kind, j.as_of);
  const ul = $("j-instruments");
  ul.replaceChildren();
  for (const i of j.instruments) {
    const timeline = el("ol", { class: "timeline" });
    for (const e of [...i.events].sort((a, b) => a.date.localeCompare(b.date)))
      timeline.append(el("li", {}, el("time", { datetime: e.date, text: e.date }), ` ${CadreTime.kindLabel(e.kind, state.lang)}`));
    const li = el("li", { class: "instrument", "data-instrument": i.id, tabindex: "-1" },
      el("h3", {}, `${i.title[state.lang] || i.title.en} `, statusBadge(i.status)),
      el("p", { class: "meta", text: `${i.id} · ${TEXT[state.lang].type[i.type] || i.type}${i.status_date ? " · " + i.status_date : ""}` }), timeline);
    const note = i.status_note[state.lang] || i.status_note.en;
    if (note) li.append(el("p", { class: "note", text: note }));
    if (i.official_url) li.append(el("p", {}, el("a", { href: i.official_url, target: "_blank", rel: "noopener noreferrer", text: t("clause.official") })));
    ul.append(li);
  }
  const cells = $("j-cells");
  cells.replaceChildren();
  comparison.categories.forEach((category, r) => {
    cells.append(el("section", { class: "cell-section", "data-category": category.id },
      el("h3", { text: category.label[state.lang] || category.label.en }), cellBody(comparison.cells[r][0])));
  });
  // ?instrument=<id> (from a cell's "#instrument=" link): that entry, scrolled to and marked.
  const target = [...ul.children].find((li) => li.dataset.instrument === state.instrument);
  if (target) {
    target.classList.add("highlight");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }
}

// ---- Clause dialog ---------------------------------------------------------------------------

/// What the reader is told about the language of the text shown: a translation without legal
/// force names the original that controls; a language the instrument is official in, but of
/// which Cadre holds no text, is said to exist, with the publisher's page.
function clauseLanguageNotes(clause) {
  const notes = [];
  const official = clause.official_languages || [];
  if (official.length && !official.includes(clause.language))
    notes.push(el("p", { class: "fallback", text: t("clause.translation", languageName(official[0])) }));
  if (clause.fallback && official.includes(state.lang)) {
    notes.push(el("p", { class: "fallback" }, t("clause.officialMissing", languageName(state.lang)), " ",
      el("a", { href: clause.official_url, target: "_blank", rel: "noopener noreferrer", text: t("clause.official") })));
  } else if (clause.fallback) {
    notes.push(el("p", { class: "fallback", text: t("clause.fallback", languageName(clause.language)) }));
  }
  return notes;
}

async function showClause(id, lang) {
  const dialog = $("clause-dialog");
  const clause = await api(clausePath(id), { lang });
  $("clause-title").textContent = [clause.label, clause.heading].filter(Boolean).join(" — ") || clause.id;
  const status = clause.instrument_status || {};
  $("clause-meta").textContent = [
    clause.instrument_name && `${clause.instrument_name}${clause.instrument_title ? ` (${clause.instrument_title})` : ""}`,
    status.status && `${TEXT[state.lang].status[status.status] || status.status}${status.date ? ` ${status.date}` : ""}`,
    clause.version_from && t("clause.versionFrom", clause.version_from),
    `${clause.id} · ${jurisdictionName(clause.jurisdiction)} · ${languageName(clause.language)}`,
  ].filter(Boolean).join(" · ");
  const notes = $("clause-fallback");
  notes.replaceChildren(...clauseLanguageNotes(clause));
  notes.hidden = !notes.childElementCount;
  $("clause-text").textContent = clause.text;
  const official = $("clause-official");
  official.hidden = !clause.official_url;
  official.href = clause.official_url || "#";
  // Every language the clause exists in is one click away, the original included.
  $("clause-languages").replaceChildren(...clause.languages.filter((l) => l !== clause.language).map((l) => {
    const button = el("button", { type: "button", "data-lang": l, text: t("clause.other", languageName(l)) });
    button.onclick = () => openClause(id, l);
    return button;
  }));
  if (!dialog.open) dialog.showModal();
  await showRelated(id);
}

/// A clause that cannot be shown (its text is not indexed, say) is explained in the dialog,
/// where the reader clicked, not in the page's message area out of view.
function showClauseProblem(id, error) {
  if (!(error instanceof ApiError)) return fail(error);
  $("clause-title").textContent = t("clause.unavailable");
  $("clause-meta").textContent = id;
  const notes = $("clause-fallback");
  notes.replaceChildren(el("p", { class: "fallback", text: error.message }));
  notes.hidden = false;
  $("clause-text").textContent = "";
  $("clause-related").replaceChildren();
  $("clause-languages").replaceChildren();
  $("clause-official").hidden = true;
  const dialog = $("clause-dialog");
  if (!dialog.open) dialog.showModal();
}

/// Opening a clause from the page adds one history entry; switching its language within the
/// dialog replaces it, and closing the dialog goes back over it, so Back never lands on the
/// same page twice.
let clauseEntryPushed = false;
function openClause(id, lang) {
  state.clause = id;
  state.clauseLang = lang || state.lang;
  if ($("clause-dialog").open) {
    history.replaceState(null, "", urlFor(state));
  } else {
    history.pushState(null, "", urlFor(state));
    clauseEntryPushed = true;
  }
  showClause(id, state.clauseLang).catch((error) => showClauseProblem(id, error));
}

function onDialogClose() {
  if (!state.clause) return;
  state.clause = "";
  state.clauseLang = "";
  if (clauseEntryPushed) {
    clauseEntryPushed = false;
    history.back();
  } else {
    history.replaceState(null, "", urlFor(state));
  }
}

// ---- Page ------------------------------------------------------------------------------------

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

function fail(error) {
  say(error instanceof ApiError ? error.message : String(error.message || error), true);
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
  document.addEventListener("click", onClick);
  $("compare-form").addEventListener("submit", onCompareSubmit);
  $("jurisdiction-list").addEventListener("change", (event) => {
    const code = event.target.value;
    pickOrder = pickOrder.filter((x) => x !== code);
    if (event.target.checked) pickOrder.push(code);
  });
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("search-input").value.trim();
    go({ q, page: 1, clause: "" });
  });
  $("facets").addEventListener("change", onFacetChange);
  $("lang-toggle").addEventListener("click", () => go({ lang: state.lang === "fr" ? "en" : "fr" }, { replace: true }));
  $("print-button").addEventListener("click", () => window.print());
  $("clause-dialog").addEventListener("close", onDialogClose);
  window.addEventListener("popstate", () => {
    readUrl();
    render();
  });
  render();
}

document.addEventListener("DOMContentLoaded", start);
