// The point-by-point views: the provision matrix as a heatmap, a value's note and cited clauses,
// where two jurisdictions converge and diverge, the compact marks above each comparison row,
// and the related clauses of the clause dialog. Corpus text goes in through textContent only.
import { $, API, ApiError, EXPORT_FORMATS, TEXT, api, cache, categoryLabel, clausePath, el, go, jurisdictionName,
  renderPickers, say, state, statusBadge, t } from "./core.js";
import { CadreTime } from "./time.js";

const VALUES = ["yes", "partial", "no", "unclear"];
const VALUE_MARKS = { yes: "●", partial: "◐", no: "○", unclear: "?", "": "·" };

Object.assign(TEXT.en, {
  "nav.matrix": "Matrix",
  "matrix.title": "Provisions, point by point",
  "matrix.jurisdictions": "Jurisdictions (all when none is chosen)",
  "matrix.go": "Show the matrix",
  "matrix.caption": (n, m) => `${n} provisions × ${m} jurisdictions`,
  "matrix.provision": "Provision",
  "matrix.legend": "Legend",
  "matrix.notlaw": "Striped: the value rests only on a bill or on law no longer in force.",
  "matrix.cell": (j, p, v) => `${j}, ${p}: ${v}`,
  "matrix.yeswhen": "Yes when:",
  "matrix.sources": "Cited clauses",
  "matrix.nosources": "No clause cited.",
  "matrix.notlaw.note": "This value rests only on a bill or on law no longer in force.",
  "matrix.instrument": "whole instrument (no text in Cadre)",
  value: { yes: "yes", partial: "partial", no: "no", unclear: "unclear", "": "not recorded" },
  "converge.title": "Converge or diverge",
  "converge.a": "First jurisdiction", "converge.b": "Second jurisdiction", "converge.go": "Compare the two",
  "converge.score": (pct, n) => `They agree on ${pct} % of the ${n} provisions both record as set or not set.`,
  "converge.both": "Set by both", "converge.only": (name) => `Only ${name}`, "converge.neither": "Set by neither",
  "converge.unknown": "Not comparable (unclear or not recorded)",
  "marks.label": (c) => `Provisions of ${c}`,
  "related.title": "Related clauses in other jurisdictions",
  "related.none": "No related clause found in another jurisdiction.",
  "related.provision": (ids) => `same provision: ${ids}`,
  "related.content": (s) => `similar content (${s} %)`,
});

Object.assign(TEXT.fr, {
  "nav.matrix": "Matrice",
  "matrix.title": "Les dispositions, point par point",
  "matrix.jurisdictions": "Juridictions (toutes si aucune n'est choisie)",
  "matrix.go": "Afficher la matrice",
  "matrix.caption": (n, m) => `${n} dispositions × ${m} juridictions`,
  "matrix.provision": "Disposition",
  "matrix.legend": "Légende",
  "matrix.notlaw": "Hachuré : la valeur repose seulement sur un projet de loi ou un texte qui n'est plus en vigueur.",
  "matrix.cell": (j, p, v) => `${j}, ${p} : ${v}`,
  "matrix.yeswhen": "Oui si :",
  "matrix.sources": "Dispositions citées",
  "matrix.nosources": "Aucune disposition citée.",
  "matrix.notlaw.note": "Cette valeur repose seulement sur un projet de loi ou un texte qui n'est plus en vigueur.",
  "matrix.instrument": "instrument entier (aucun texte dans Cadre)",
  value: { yes: "oui", partial: "partiel", no: "non", unclear: "incertain", "": "non renseigné" },
  "converge.title": "Convergences et divergences",
  "converge.a": "Première juridiction", "converge.b": "Seconde juridiction", "converge.go": "Comparer les deux",
  "converge.score": (pct, n) => `Elles concordent sur ${pct} % des ${n} dispositions que les deux renseignent comme prévues ou non.`,
  "converge.both": "Prévues par les deux", "converge.only": (name) => `Seulement ${name}`, "converge.neither": "Prévues par aucune",
  "converge.unknown": "Non comparables (incertain ou non renseigné)",
  "marks.label": (c) => `Dispositions : ${c}`,
  "related.title": "Dispositions comparables dans d'autres juridictions",
  "related.none": "Aucune disposition comparable trouvée dans une autre juridiction.",
  "related.provision": (ids) => `même disposition : ${ids}`,
  "related.content": (s) => `contenu proche (${s} %)`,
});

for (const lang of ["en", "fr"]) for (const v of VALUES) TEXT[lang][`value.${v}`] = TEXT[lang].value[v];

const valueWord = (v) => TEXT[state.lang].value[v || ""];
const provisionLabel = (p) => p.label[state.lang] || p.label.en;

/// A value as a compact, keyboard-usable mark: colour (CSS), symbol and a pattern when it rests
/// only on bills or on law no longer in force, so it reads in greyscale print too.
function valueMark(v, provision, jurisdiction, extraClass = "") {
  const word = valueWord(v.value);
  return el("button", {
    type: "button",
    class: `vmark v-${v.value || "none"}${v.not_law ? " not-law" : ""} ${extraClass}`.trim(),
    "data-value": `${v.jurisdiction}:${v.provision}`,
    title: `${provisionLabel(provision)}: ${word}`,
    "aria-label": t("matrix.cell", jurisdiction, provisionLabel(provision), word),
    text: VALUE_MARKS[v.value || ""] + (v.not_law ? "†" : ""),
  });
}

function matrixExportUrl(format, bom) {
  const query = new URLSearchParams({ lang: state.lang, format });
  if (CadreTime.asOf()) query.set("as_of", CadreTime.asOf());
  if (state.j.length) query.set("j", state.j.join(","));
  if (state.c.length) query.set("c", state.c.join(","));
  if (bom) query.set("bom", "1");
  return `${API}/matrix/export?${query}`;
}

function renderMatrixPicker() {
  renderPickers($("matrix-jurisdictions"), $("matrix-categories"), "matrix");
}

function onMatrixSubmit(event) {
  event.preventDefault();
  const form = $("matrix-form");
  const j = [...form.querySelectorAll("input[name=j]:checked")].map((x) => x.value);
  const c = [...form.querySelectorAll("input[name=c]:checked")].map((x) => x.value);
  if (!c.length) return say(t("compare.nocat"), true);
  go({ j, c: c.length === cache.categories.length ? [] : c, value: "", clause: "" });
}

let lastMatrix = null;

export async function renderMatrix() {
  renderMatrixPicker();
  say(t("loading"));
  const data = await api("/matrix", { j: state.j, c: state.c, lang: state.lang, as_of: CadreTime.asOf() });
  lastMatrix = data;
  say("");
  $("matrix-caption").textContent = t("matrix.caption", data.provisions.length, data.jurisdictions.length);
  const head = el("tr", {}, el("th", { scope: "col", class: "corner", text: t("matrix.provision") }));
  for (const j of data.jurisdictions)
    head.append(el("th", { scope: "col", title: j.name[state.lang] || j.name.en },
      el("abbr", { title: j.name[state.lang] || j.name.en, text: j.code })));
  $("matrix").tHead.replaceChildren(head);
  const body = $("matrix").tBodies[0];
  body.replaceChildren();
  let category = "";
  data.provisions.forEach((p, r) => {
    if (p.category !== category) {
      category = p.category;
      body.append(el("tr", { class: "category-row" },
        el("th", { scope: "colgroup", colspan: String(data.jurisdictions.length + 1), text: categoryLabel(category) })));
    }
    const row = el("tr", { "data-provision": p.id },
      el("th", { scope: "row", title: p.definition[state.lang] || p.definition.en, text: provisionLabel(p) }));
    data.values[r].forEach((v, k) => {
      const name = data.jurisdictions[k].name[state.lang] || data.jurisdictions[k].name.en;
      row.append(el("td", { class: "vcell" }, valueMark(v, p, name)));
    });
    body.append(row);
  });
  const links = $("matrix-export-links");
  links.replaceChildren();
  for (const f of EXPORT_FORMATS)
    links.append(el("a", { href: matrixExportUrl(f.format, f.bom), download: "", class: "button", text: f.label }));
  $("matrix-build-line").textContent = t("build", data.build_id, data.corpus_commit);
  renderConvergePicker(data);
  if (state.a && state.b) await renderConvergence();
  else $("converge-result").replaceChildren();
  if (state.value) showValue(state.value);
  else $("value-panel").hidden = true;
}

/// The note and cited clauses of one value ("code:provision"), from the matrix on screen or,
/// in the comparison view, from the provision's own answer.
export async function showValue(key) {
  const [code, provisionId] = key.split(":");
  let provision = null;
  let value = null;
  if (lastMatrix) {
    const r = lastMatrix.provisions.findIndex((p) => p.id === provisionId);
    const k = lastMatrix.jurisdictions.findIndex((j) => j.code === code);
    if (r >= 0 && k >= 0) {
      provision = lastMatrix.provisions[r];
      value = lastMatrix.values[r][k];
    }
  }
  if (!value) {
    const detail = await api(`/provisions/${encodeURIComponent(provisionId)}`, { lang: state.lang });
    provision = detail;
    value = detail.values.find((v) => v.jurisdiction === code);
    if (!value) throw new ApiError(`${code}: ${provisionId}`);
  }
  const panel = $("value-panel");
  const citations = el("ul", { class: "value-citations" });
  for (const c of value.citations) {
    const li = el("li", {});
    if (c.clause_id.startsWith("instrument:")) li.append(`${c.label} (${t("matrix.instrument")}) `);
    else li.append(el("button", { type: "button", class: "citation", "data-clause": c.clause_id, text: c.label }), " ");
    li.append(statusBadge(c.instrument_status, c.instrument_evidence, true));
    citations.append(li);
  }
  panel.replaceChildren(...[
    el("button", { type: "button", class: "panel-close", "aria-label": t("close"), text: "×", onclick: () => go({ value: "" }, { replace: true }) }),
    el("h2", { id: "value-title" }, `${jurisdictionName(code)} — ${provisionLabel(provision)} `,
      el("span", { class: `vword v-${value.value || "none"}${value.not_law ? " not-law" : ""}`, text: valueWord(value.value) })),
    el("p", { class: "meta" }, el("strong", { text: t("matrix.yeswhen") }), " ", provision.definition[state.lang] || provision.definition.en),
    value.not_law ? el("p", { class: "fallback", text: t("matrix.notlaw.note") }) : null,
    el("p", { class: "value-note", text: value.note }),
    el("h3", { text: t("matrix.sources") }),
    value.citations.length ? citations : el("p", { class: "muted", text: t("matrix.nosources") }),
  ].filter(Boolean));
  panel.hidden = false;
}

function renderConvergePicker(data) {
  for (const [id, key] of [["converge-a", "a"], ["converge-b", "b"]]) {
    const select = $(id);
    select.replaceChildren(el("option", { value: "", text: "—" }));
    for (const j of data.jurisdictions)
      select.append(el("option", { value: j.code, selected: state[key] === j.code, text: `${j.name[state.lang] || j.name.en} (${j.code})` }));
  }
}

async function renderConvergence() {
  const c = await api("/converge", { a: state.a, b: state.b, c: state.c, lang: state.lang });
  const labels = new Map((lastMatrix ? lastMatrix.provisions : []).map((p) => [p.id, provisionLabel(p)]));
  const group = (title, ids, cls) => el("section", { class: `converge-group ${cls}` },
    el("h3", {}, `${title} `, el("span", { class: "count", text: `(${ids.length})` })),
    el("ul", {}, ...ids.map((id) => el("li", { text: labels.get(id) || id }))));
  const compared = c.both.length + c.only_a.length + c.only_b.length + c.neither.length;
  const nameA = c.a.name[state.lang] || c.a.name.en;
  const nameB = c.b.name[state.lang] || c.b.name.en;
  $("converge-result").replaceChildren(
    el("p", { class: "agreement" }, el("meter", { min: "0", max: "1", value: String(c.agreement), "aria-hidden": "true" }),
      ` ${t("converge.score", Math.round(c.agreement * 100), compared)}`),
    el("div", { class: "converge-groups" },
      group(t("converge.both"), c.both, "both"),
      group(t("converge.only", nameA), c.only_a, "only"),
      group(t("converge.only", nameB), c.only_b, "only"),
      group(t("converge.neither"), c.neither, "neither"),
      group(t("converge.unknown"), c.unknown, "unknown")));
}

function onConvergeSubmit(event) {
  event.preventDefault();
  const a = $("converge-a").value;
  const b = $("converge-b").value;
  if (!a || !b || a === b) return say(t("compare.count", [a, b].filter(Boolean).length), true);
  go({ a, b }, { replace: true });
}

/// Above each comparison row: the values of the category's provisions, one mark each per
/// jurisdiction, so a reader scans first and reads second.
export async function addCompareMarks(categories) {
  const data = await api("/matrix", { j: state.j, c: categories.map((c) => c.id), lang: state.lang, as_of: CadreTime.asOf() });
  lastMatrix = data;
  for (const row of $("grid").tBodies[0].rows) {
    const category = row.dataset.category;
    data.jurisdictions.forEach((j, k) => {
      // Inside the cell's content, so a folded row hides its marks with it.
      const content = row.querySelector(`td[data-jurisdiction="${j.code}"] > .cell-body`);
      if (!content) return;
      const marks = el("div", { class: "marks", role: "group", "aria-label": t("marks.label", categoryLabel(category)) });
      data.provisions.forEach((p, r) => {
        if (p.category === category) marks.append(valueMark(data.values[r][k], p, j.name[state.lang] || j.name.en, "small"));
      });
      content.prepend(marks);
    });
  }
}

/// The related clauses of the clause shown in the dialog.
export async function showRelated(id) {
  const box = $("clause-related");
  box.replaceChildren();
  const related = await api(clausePath(id) + "/related", { lang: state.lang, limit: 5 });
  if (!cache.provisions) cache.provisions = (await api("/provisions")).provisions;
  if (state.clause !== id) return;
  const labels = new Map(cache.provisions.map((p) => [p.id, provisionLabel(p)]));
  box.append(el("h3", { text: t("related.title") }));
  if (!related.items.length) {
    box.append(el("p", { class: "muted", text: t("related.none") }));
    return;
  }
  const ul = el("ul", { class: "related" });
  for (const item of related.items) {
    const how = item.found_by === "provision"
      ? t("related.provision", item.provisions.map((p) => labels.get(p) || p).join(", "))
      : t("related.content", Math.round(item.score));
    ul.append(el("li", { "data-found-by": item.found_by },
      el("button", { type: "button", class: "citation", "data-clause": item.clause_id, text: item.label }), " ",
      statusBadge(item.instrument_status, item.instrument_evidence),
      el("span", { class: "meta", text: ` ${jurisdictionName(item.jurisdiction)} · ${how}` }),
      item.heading ? el("div", { class: "hit-heading", text: item.heading }) : null));
  }
  box.append(ul);
}

export function startMatrix() {
  $("matrix-form").addEventListener("submit", onMatrixSubmit);
  $("converge-form").addEventListener("submit", onConvergeSubmit);
}
