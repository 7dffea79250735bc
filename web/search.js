// The search view: the query, facets, hits with their highlighted snippets, pages.
import { $, TEXT, api, cache, categoryLabel, el, go, instrumentName, instrumentNameById, jurisdictionName, languageName, say, state,
  statusBadge, t, urlFor } from "./core.js";

const STATUSES = ["in-force", "adopted", "bill", "lapsed", "expired", "revoked", "superseded", "withdrawn"];
const SEARCH_LANGUAGES = ["en", "fr", "pt", "zh", "ja", "ko"];

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
  // Past the matches a search counts, its facet counts cover only the first ones in index order
  // and would hide the jurisdictions further on: every value is offered instead, without counts.
  const partial = results && !results.total_is_exact;
  const uncounted = (values) => values.map((value) => ({ value, count: "" }));
  const counts = (key, every) => (!results ? [] : partial ? uncounted(every) : results.facets[key]);
  facets.replaceChildren(
    facetGroup("j", t("facet.jurisdiction"), counts("jurisdiction", cache.jurisdictions.map((j) => j.code)), jurisdictionName),
    facetGroup("c", t("facet.category"), counts("category", cache.categories.map((c) => c.id)), categoryLabel),
    facetGroup("lang", t("facet.language"), results && !partial ? results.facets.language : uncounted(SEARCH_LANGUAGES), languageName),
    facetGroup("status", t("facet.status"), uncounted(STATUSES), (s) => TEXT[state.lang].status[s] || s));
  const select = el("select", { id: "facet-instrument", "data-facet": "instrument" }, el("option", { value: "", text: t("facet.any") }));
  for (const j of cache.jurisdictions)
    for (const i of j.instruments)
      select.append(el("option", { value: i.id, selected: (state.filters.instrument || []).includes(i.id), text: `${j.code} — ${instrumentName(i)}` }));
  facets.append(el("div", { class: "facet" }, el("label", { for: "facet-instrument", text: t("facet.instrument") }), select));
  if (partial) facets.prepend(el("p", { class: "facet-note", text: t("facet.partial") }));
  const chosen = Object.values(state.filters).reduce((n, values) => n + (values || []).length, 0);
  $("facets-summary").textContent = chosen ? `${t("search.filters")} (${chosen})` : t("search.filters");
}

/// The filters are a box beside the hits on a wide screen, always open; on a narrow one it
/// starts closed above the hits, and a reader opens it.
function keepFiltersFitting() {
  const narrow = window.matchMedia("(max-width: 48rem)");
  const fit = () => { $("facets-box").open = !narrow.matches; };
  narrow.addEventListener("change", fit);
  fit();
}

function onFacetChange(event) {
  const key = event.target.dataset.facet;
  if (!key) return;
  const filters = { ...state.filters };
  if (key === "instrument") filters.instrument = event.target.value ? [event.target.value] : [];
  else filters[key] = [...$("facets").querySelectorAll(`input[data-facet="${key}"]:checked`)].map((x) => x.value);
  go({ filters, page: 1, clause: "" });
}

/// The instruments and jurisdictions the query names ("PIPL consent", "Brazil regulatory
/// sandbox"), whose results come first, and a link that keeps only those (the instruments' when
/// it names both; none when the filter already keeps only those). A query of instrument names
/// alone ("Law 25") lists their clauses in order, with a link to the instrument's page. When the
/// page holds clauses `compared` to a unit the query names by number, the line says they follow it.
function renderNamed(instruments, jurisdictions, listing, compared) {
  const line = $("search-named");
  line.replaceChildren();
  line.hidden = !instruments.length && !jurisdictions.length;
  const names = (list) => list.map((n) => n.name).join(", ");
  if (listing) {
    line.append(t("search.listing", names(instruments)));
    const ids = instruments.flatMap((n) => n.instruments);
    if (ids.length === 1) {
      const code = ids[0].slice(0, ids[0].indexOf("/"));
      line.append(" ", el("a", { href: urlFor({ ...state, view: "jurisdiction", code, instrument: ids[0], clause: "" }),
        text: t("search.listing.open", instrumentNameById(ids[0])) }));
    }
    return;
  }
  if (instruments.length) line.append(t("search.named", names(instruments), instruments.length));
  if (jurisdictions.length)
    line.append(instruments.length ? " " : "", t("search.named.jurisdictions", names(jurisdictions), jurisdictions.length));
  if (compared) line.append(" ", t("search.named.analogues"));
  const [filter, ids, shown] = instruments.length
    ? ["instrument", [...new Set(instruments.flatMap((n) => n.instruments))], names(instruments)]
    : ["j", jurisdictions.map((n) => n.jurisdiction), names(jurisdictions)];
  const kept = state.filters[filter] || [];
  if (ids.length && (ids.length !== kept.length || !ids.every((id) => kept.includes(id))))
    line.append(" ", el("a", { href: urlFor({ ...state, filters: { ...state.filters, [filter]: ids }, page: 1, clause: "" }),
      text: t("search.named.only", shown) }));
}

export async function renderSearch() {
  // The URL's query fills the box, except that a reader who started typing while the page was
  // still loading keeps what they typed (the URL has no query yet).
  const input = $("search-input");
  if (state.q || document.activeElement !== input) input.value = state.q;
  const hits = $("hits");
  const pager = $("pager");
  if (!state.q) {
    hits.replaceChildren();
    pager.replaceChildren();
    $("search-summary").textContent = t("search.empty");
    $("search-also").hidden = true;
    $("search-named").hidden = true;
    renderFacets(null);
    return;
  }
  say(t("loading"));
  const f = state.filters;
  const results = await api("/search", { q: state.q, j: f.j, c: f.c, lang: f.lang, status: f.status, instrument: f.instrument, page: state.page });
  say("");
  renderFacets(results);
  $("search-summary").textContent = !results.total ? t("search.none", state.q)
    : t(results.total_is_exact ? "search.summary" : "search.summary.more", results.total, state.q);
  // The lexicon wordings the query was carried into ("en:administrative fine"), so that a hit
  // found through a translation can be told apart.
  const also = (results.synonyms_used || []).map((used) => {
    const [language, ...wording] = used.split(":");
    return t("search.also.wording", wording.join(":"), languageName(language));
  });
  $("search-also").hidden = also.length === 0;
  $("search-also").textContent = also.length ? t("search.also", also.join(", ")) : "";
  renderNamed(results.named_instruments || [], results.named_jurisdictions || [], results.lists_named_instruments,
    results.hits.some((h) => h.analogue_of));
  hits.replaceChildren();
  for (const h of results.hits) {
    // A clause opens in the dialog; a provision value's note opens the value in the matrix (its
    // id is "code/provision"); a cell, its jurisdiction's page.
    const link = (target) => el("a", { class: "hit-title", href: urlFor({ ...state, clause: "", ...target }), text: h.label });
    const title = h.type === "clause"
      ? el("button", { type: "button", class: "hit-title citation", "data-clause": h.id, "data-lang": h.language, text: h.label || h.id })
      : h.type === "provision"
        ? link({ view: "matrix", j: [], c: [], a: "", b: "", value: `${h.jurisdiction}:${h.id.slice(h.jurisdiction.length + 1)}` })
        : link({ view: "jurisdiction", code: h.jurisdiction });
    const meta = el("p", { class: "hit-meta" },
      el("span", { class: `badge kind-${h.type}`, text: t(`hit.${h.type}`) }), ` ${jurisdictionName(h.jurisdiction)} · ${languageName(h.language)}`);
    if (h.status) meta.append(" · ", statusBadge(h.status, h.status_evidence, true));
    if (h.via_synonym) meta.append(" · ", el("em", { text: t("hit.synonym") }));
    if (h.also_in && h.also_in.length) meta.append(" · ", t("hit.copies", h.also_in.map(instrumentNameById).join(", ")));
    // A clause ranked after a unit the query names ("GDPR article 22") for being cited for the
    // same provision: the unit, by its label when it is on the page, opens in the dialog.
    if (h.analogue_of) {
      const unit = results.hits.find((other) => other.id === h.analogue_of);
      meta.append(" · ", t("hit.analogue"), " ",
        el("button", { type: "button", class: "citation", "data-clause": h.analogue_of, text: unit ? unit.label : h.analogue_of }));
    }
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

export function startSearch() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("search-input").value.trim();
    go({ q, page: 1, clause: "" });
  });
  $("facets").addEventListener("change", onFacetChange);
  keepFiltersFitting();
}
