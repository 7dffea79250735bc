// A jurisdiction's page: its instruments with their dated events, and its cells.
import { $, TEXT, api, cellBody, el, instrumentNameById, say, state, statusBadge, t } from "./core.js";
import { CadreTime } from "./time.js";

export async function renderJurisdiction() {
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
      el("h3", {}, `${i.title[state.lang] || i.title.en} `, statusBadge(i.status, i.status_evidence, true)),
      el("p", { class: "meta" }, el("span", { class: "code", text: i.id }),
        ` · ${TEXT[state.lang].type[i.type] || i.type}${i.status_date ? " · " + i.status_date : ""}`,
        i.same_text_as ? ` · ${t("instrument.copy", instrumentNameById(i.same_text_as))}` : ""), timeline);
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
