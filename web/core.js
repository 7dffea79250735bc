// Cadre's web page, the shared core of its ES modules (no build step; served as they are):
// the JSON API (schema/openapi.yaml), the interface wording in English and French, the state
// of the page and its URL, and the pieces more than one view draws.
//
// Safety rule: text from the corpus is inserted with textContent. Two fields are HTML, and both
// are produced by the server for this purpose: a cell's `html` (cmark output with raw HTML
// suppressed) and a search hit's `snippet_html` (escaped text with <mark>), which is further
// reduced to text and <mark> elements (search.js).
//
// State lives in the URL query (?view=compare&j=ca,uk&c=risk&lang=fr&clause=...), so every
// screen is a link that can be shared; history navigation re-renders from the URL.
import { CadreTime } from "./time.js";

export const API = "/api/v1";
export const MIN_COMPARE = 2;
export const MAX_COMPARE = 6;
export const EXPORT_FORMATS = [
  { format: "md", label: "Markdown" },
  { format: "csv", label: "CSV" },
  { format: "csv", label: "CSV (Excel)", bom: true },
  { format: "html", label: "HTML" },
  { format: "json", label: "JSON" },
  { format: "xlsx", label: "XLSX" },
  { format: "docx", label: "DOCX" },
];

export const TEXT = {
  en: {
    skip: "Skip to content", sections: "Sections", "nav.compare": "Compare", "nav.search": "Search",
    "lang.hint": "Switch the interface and content language", "lang.other": "Français",
    "compare.title": "Compare jurisdictions", "compare.jurisdictions": "Jurisdictions (2 to 6)",
    "compare.categories": "Categories", "compare.go": "Compare", "compare.try": "Or start from",
    "compare.count": (n) => `Choose between ${MIN_COMPARE} and ${MAX_COMPARE} jurisdictions (${n} chosen).`,
    "compare.nocat": "Choose at least one category.",
    "compare.caption": (names) => `Comparison: ${names}`, "compare.instruments": (n) => `Instruments (${n})`,
    "export.label": "Export", print: "Print", category: "Category", "as-of": "analysis as of", "written-as-of": "written as of",
    reported: "reported", "reported.title": "This status rests on secondary sources (press, law firms, trackers), not on an official text or page.",
    "rows.collapseAll": "Collapse all rows", "rows.expandAll": "Expand all rows",
    "fallback": (l) => `Not available in English: shown in ${l}.`,
    "cites": "Sources", "unresolved": "text not indexed",
    build: (b, c) => `Build ${b} · corpus commit ${c}`,
    "search.title": "Search clauses and analysis", "search.label": "Search words", "search.go": "Search",
    "search.placeholder": "human oversight, surveillance humaine, penalties…",
    "search.filters": "Filters", "search.pages": "Pages",
    "search.summary": (n, q) => `${n.toLocaleString("en")} result${n === 1 ? "" : "s"} for “${q}”`,
    "search.summary.more": (n, q) => `More than ${n.toLocaleString("en")} results for “${q}”`,
    "search.also": (list) => `Also searched as ${list}`,
    "search.named": (names) => `The clauses of ${names} come first.`,
    "search.named.jurisdictions": (names) => `Results from ${names} come first.`,
    "search.named.only": (names) => `Show only ${names}`,
    "search.named.analogues": "After the unit named by number, clauses of other jurisdictions cited for the same provisions.",
    "search.listing": (names) => `The clauses of ${names}, in the order of the text.`,
    "search.listing.open": (name) => `Open ${name} with its history`,
    "search.also.wording": (wording, language) => `“${wording}” (${language})`,
    "search.none": (q) => `No result for “${q}”.`,
    "search.empty": "Type one or more words to search.",
    "facet.jurisdiction": "Jurisdiction", "facet.category": "Category", "facet.language": "Language",
    "facet.status": "Instrument status", "facet.instrument": "Instrument", "facet.any": "Any",
    "facet.partial": "Too many results to count by filter: narrow the search to see counts.",
    "hit.clause": "clause", "hit.cell": "analysis", "hit.provision": "provision", "hit.synonym": "matched through a translation", "hit.analogue": "cited for the same provision as", "hit.copies": (list) => `same text in ${list}`, "instrument.copy": (name) => `same text as ${name}`,
    prev: "Previous", next: "Next", page: (p, n) => `Page ${p} of ${n}`,
    back: "← Back to the comparison", "j.instruments": "Instruments", "j.cells": "Analysis",
    "j.meta": (kind, asof) => `${kind} · metadata checked ${asof}`,
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
    "compare.categories": "Catégories", "compare.go": "Comparer", "compare.try": "Ou partez de",
    "compare.count": (n) => `Choisissez entre ${MIN_COMPARE} et ${MAX_COMPARE} juridictions (${n} choisie${n > 1 ? "s" : ""}).`,
    "compare.nocat": "Choisissez au moins une catégorie.",
    "compare.caption": (names) => `Comparaison : ${names}`, "compare.instruments": (n) => `Instruments (${n})`,
    "export.label": "Exporter", print: "Imprimer", category: "Catégorie", "as-of": "analyse au", "written-as-of": "rédigé au",
    reported: "selon les sources", "reported.title": "Ce statut repose sur des sources secondaires (presse, cabinets, suivis), non sur un texte ou une page officiels.",
    "rows.collapseAll": "Replier toutes les lignes", "rows.expandAll": "Déplier toutes les lignes",
    "fallback": (l) => `Non disponible en français : affiché en ${l}.`,
    "cites": "Sources", "unresolved": "texte non indexé",
    build: (b, c) => `Version ${b} · commit du corpus ${c}`,
    "search.title": "Rechercher dans les dispositions et l'analyse", "search.label": "Mots recherchés",
    "search.go": "Rechercher", "search.placeholder": "surveillance humaine, human oversight, sanctions…",
    "search.filters": "Filtres", "search.pages": "Pages",
    "search.summary": (n, q) => `${n.toLocaleString("fr")} résultat${n > 1 ? "s" : ""} pour « ${q} »`,
    "search.summary.more": (n, q) => `Plus de ${n.toLocaleString("fr")} résultats pour « ${q} »`,
    "search.also": (list) => `Également cherché : ${list}`,
    "search.named": (names, n) => n > 1 ? `En premier, les dispositions des instruments nommés\u00a0: ${names}.`
      : `En premier, les dispositions de l'instrument nommé\u00a0: ${names}.`,
    "search.named.jurisdictions": (names, n) => n > 1 ? `En premier, les résultats des juridictions nommées\u00a0: ${names}.`
      : `En premier, les résultats de la juridiction nommée\u00a0: ${names}.`,
    "search.named.only": (names) => `N'afficher que ${names}`,
    "search.named.analogues": "Après la disposition nommée par son numéro, celles d'autres juridictions citées pour les mêmes points.",
    "search.listing": (names) => `Les dispositions de l'instrument nommé (${names}), dans l'ordre du texte.`,
    "search.listing.open": (name) => `Ouvrir ${name} avec son historique`,
    "search.also.wording": (wording, language) => `« ${wording} » (${language})`,
    "search.none": (q) => `Aucun résultat pour « ${q} ».`,
    "search.empty": "Saisissez un ou plusieurs mots.",
    "facet.jurisdiction": "Juridiction", "facet.category": "Catégorie", "facet.language": "Langue",
    "facet.status": "Statut de l'instrument", "facet.instrument": "Instrument", "facet.any": "Tous",
    "facet.partial": "Trop de résultats pour les compter par filtre : précisez la recherche pour voir les nombres.",
    "hit.clause": "disposition", "hit.cell": "analyse", "hit.provision": "point comparé", "hit.synonym": "trouvé par traduction", "hit.analogue": "cité pour le même point que", "hit.copies": (list) => `même texte dans ${list}`, "instrument.copy": (name) => `même texte que ${name}`,
    prev: "Précédente", next: "Suivante", page: (p, n) => `Page ${p} sur ${n}`,
    back: "← Retour à la comparaison", "j.instruments": "Instruments", "j.cells": "Analyse",
    "j.meta": (kind, asof) => `${kind} · métadonnées vérifiées le ${asof}`,
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

export const state = { lang: "en", view: "compare", j: [], c: [], q: "", page: 1, filters: {}, code: "", clause: "", clauseLang: "",
  a: "", b: "", value: "", instrument: "", since: "", from: "", to: "" };
const VIEWS = ["compare", "matrix", "search", "changes", "diff", "jurisdiction"];
export const cache = { categories: null, jurisdictions: null };

export const $ = (id) => document.getElementById(id);
export const t = (key, ...args) => {
  const v = TEXT[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
};

export function el(tag, attrs = {}, ...children) {
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

/// Fills a form's two pickers with one checkbox per jurisdiction and per category of the reference
/// data, checked as the URL says (every category when it names none); `prefix` keeps the ids
/// of different views' pickers apart.
export function renderPickers(jurisdictionList, categoryList, prefix) {
  renderJurisdictionPicker(jurisdictionList, prefix);
  categoryList.replaceChildren();
  for (const c of cache.categories) {
    const id = `${prefix}-c-${c.id}`;
    const checked = state.c.length ? state.c.includes(c.id) : true;
    categoryList.append(el("label", { class: "choice", for: id, title: c.description[state.lang] || c.description.en },
      el("input", { type: "checkbox", id, name: "c", value: c.id, checked }), ` ${c.label[state.lang] || c.label.en}`));
  }
}

/// The jurisdiction picker alone: one checkbox per jurisdiction, checked as the URL says.
export function renderJurisdictionPicker(list, prefix) {
  list.replaceChildren();
  for (const j of cache.jurisdictions) {
    const id = `${prefix}-j-${j.code}`;
    list.append(el("label", { class: "choice", for: id },
      el("input", { type: "checkbox", id, name: "j", value: j.code, checked: state.j.includes(j.code) }),
      ` ${j.name[state.lang] || j.name.en} `, el("span", { class: "code", text: j.code })));
  }
}

// ---- API -------------------------------------------------------------------------------------

export class ApiError extends Error {}

export async function api(path, params = {}) {
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

export function clausePath(id) {
  return "/clauses/" + id.split("/").map(encodeURIComponent).join("/");
}

// ---- URL state -------------------------------------------------------------------------------

const list = (v) => (v ? v.split(",").filter(Boolean) : []);

// decodeURIComponent throws on a malformed escape ("#%", "#%E0%A4%A"): a hand-edited or
// hostile fragment is then ignored instead of stopping the page before it renders.
export function decodeOrEmpty(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return "";
  }
}

export function readUrl() {
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
  state.since = p.get("since") || "";
  state.from = p.get("from") || "";
  state.to = p.get("to") || "";
  const hash = decodeOrEmpty(location.hash.slice(1));
  if (hash.startsWith("clause=")) state.clause = hash.slice(7);
}

export function urlFor(s) {
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
  } else if (s.view === "changes") {
    if (s.j.length) p.set("j", s.j.join(","));
    if (s.since) p.set("since", s.since);
  } else if (s.view === "diff") {
    p.set("from", s.from);
    p.set("to", s.to);
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

// The page's render, set by app.js: views call go(), and app.js, which imports every view,
// renders them (a view module importing app.js would be a cycle).
let render = () => {};
export function setRender(fn) {
  render = fn;
}

export function go(changes, { replace = false } = {}) {
  Object.assign(state, changes);
  const url = urlFor(state);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

// ---- Shared pieces ---------------------------------------------------------------------------

export function say(message, isError = false) {
  const line = $("status");
  line.textContent = message || "";
  line.classList.toggle("error", isError);
}

/// Whether a status set by an event of this evidence kind rests on secondary sources alone.
export const isReported = (evidence) => evidence === "secondary";

/// A status badge. `evidence` is the evidence kind of the event that set the status
/// (status_evidence): a status resting on secondary sources alone gets a dashed border and says
/// why on hover, and `withWord` adds the word "reported" after it where there is room.
export function statusBadge(status, evidence = "", withWord = false) {
  const label = (TEXT[state.lang].status[status]) || status;
  const reported = isReported(evidence);
  const badge = el("span", { class: `badge status-${status}${reported ? " reported" : ""}`, text: label,
    title: reported ? t("reported.title") : null });
  if (!reported || !withWord) return badge;
  const out = document.createDocumentFragment();
  out.append(badge, " ", el("small", { class: "reported-word", title: t("reported.title"), text: t("reported") }));
  return out;
}

export function instrumentName(i) {
  // short_names {en, fr} where the API gives them; short_name otherwise.
  return i.short_names?.[state.lang] || i.short_name || i.title[state.lang] || i.title.en;
}

/// The name of the instrument `id` as the reference data gives it; the id when the build does not
/// hold it.
export function instrumentNameById(id) {
  for (const j of cache.jurisdictions || []) for (const i of j.instruments) if (i.id === id) return instrumentName(i);
  return id;
}

export function jurisdictionName(code) {
  const j = (cache.jurisdictions || []).find((x) => x.code === code);
  return j ? j.name[state.lang] || j.name.en : code;
}

export function categoryLabel(id) {
  const c = (cache.categories || []).find((x) => x.id === id);
  return c ? c.label[state.lang] || c.label.en : id;
}

export function languageName(code) {
  return TEXT[state.lang].languages[code] || code;
}

/// Cell HTML comes from cmark with raw HTML suppressed; its citation links are "#clause=<id>".
/// columnAsOf: the as-of date its column's header already shows; the cell repeats its own only
/// when it differs.
export function cellBody(cell, columnAsOf = "") {
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
  if (cell.as_of && cell.as_of !== columnAsOf) wrap.append(el("p", { class: "as-of", text: `${t("written-as-of")} ${cell.as_of}` }));
  return wrap;
}

export async function loadReference() {
  if (!cache.categories) cache.categories = (await api("/categories")).categories;
  if (!cache.jurisdictions) cache.jurisdictions = (await api("/jurisdictions")).jurisdictions;
}

export function fail(error) {
  say(error instanceof ApiError ? error.message : String(error.message || error), true);
}

