// The diff view: two texts of one instrument compared clause by clause (added, removed, changed),
// a changed clause with its deleted and inserted words marked, over /api/v1/diff. Clause text
// goes in through textContent only: <del> and <ins> are built here, never parsed from markup.
import { $, TEXT, api, el, instrumentNameById, say, state, t, urlFor } from "./core.js";

Object.assign(TEXT.en, {
  "nav.diff": "Changes between two texts",
  "diff.title": (name) => `${name}: changes between two texts`,
  "diff.meta": (from, to, language) => `Text in effect from ${from} → text in effect from ${to}, compared in ${language}.`,
  "diff.counts": (changed, added, removed, unchanged) =>
    `${changed} changed, ${added} added, ${removed} removed; ${unchanged} unchanged (not shown).`,
  "diff.change": { added: "added", removed: "removed", changed: "changed" },
  "diff.legend": "Deleted words are struck through, inserted words underlined.",
  "diff.standalone": "Open as a standalone page",
  "diff.open": "Show this clause",
  "diff.none": "The two texts are the same.",
  "diff.gap": "unchanged text left out",
});

Object.assign(TEXT.fr, {
  "nav.diff": "Modifications entre deux textes",
  "diff.title": (name) => `${name} : modifications entre deux textes`,
  "diff.meta": (from, to, language) => `Texte en vigueur depuis le ${from} → texte en vigueur depuis le ${to}, comparés en ${language}.`,
  "diff.counts": (changed, added, removed, unchanged) =>
    `${changed} modifiée${changed > 1 ? "s" : ""}, ${added} ajoutée${added > 1 ? "s" : ""}, ${removed} supprimée${removed > 1 ? "s" : ""} ; ${unchanged} inchangée${unchanged > 1 ? "s" : ""} (non affichée${unchanged > 1 ? "s" : ""}).`,
  "diff.change": { added: "ajoutée", removed: "supprimée", changed: "modifiée" },
  "diff.legend": "Les mots supprimés sont barrés, les mots ajoutés soulignés.",
  "diff.standalone": "Ouvrir dans une page à part",
  "diff.open": "Afficher cette disposition",
  "diff.none": "Les deux textes sont identiques.",
  "diff.gap": "texte inchangé omis",
});

/// Unchanged text kept on each side of a change; longer runs are cut in the middle (the whole
/// clause is one click away).
const CONTEXT = 160;

/// An unchanged run as shown: whole when short, else its ends (only the end before the first
/// change, only the start after the last; a changed clause has a deleted or inserted run, so no
/// run is both), cut at a space where one is near.
function unchanged(text, first, last) {
  if (text.length <= 2 * CONTEXT + 40) return [document.createTextNode(text)];
  const gap = () => el("span", { class: "diff-gap", title: t("diff.gap"), text: " […] " });
  const head = () => {
    const cut = text.lastIndexOf(" ", CONTEXT);
    return document.createTextNode(text.slice(0, cut > CONTEXT / 2 ? cut : CONTEXT));
  };
  const tail = () => {
    const cut = text.indexOf(" ", text.length - CONTEXT);
    return document.createTextNode(text.slice(cut >= 0 && cut < text.length - CONTEXT / 2 ? cut + 1 : text.length - CONTEXT));
  };
  if (first) return [gap(), tail()];
  if (last) return [head(), gap()];
  return [head(), gap(), tail()];
}

/// A clause's text with its changes: whole for an added or removed clause, word by word for a
/// changed one, with long unchanged runs cut.
function changedText(clause) {
  const text = el("div", { class: "diff-text" });
  if (clause.change === "added") text.append(el("ins", { text: clause.new_text }));
  else if (clause.change === "removed") text.append(el("del", { text: clause.old_text }));
  else
    clause.pieces.forEach((piece, k) => {
      if (piece.op === "equal") text.append(...unchanged(piece.text, k === 0, k === clause.pieces.length - 1));
      else text.append(el(piece.op === "delete" ? "del" : "ins", { text: piece.text }));
    });
  return text;
}

export async function renderDiff() {
  $("diff-clauses").replaceChildren();
  $("diff-meta").textContent = "";
  $("diff-counts").textContent = "";
  say(t("loading"));
  const data = await api("/diff", { from: state.from, to: state.to, lang: state.lang });
  say("");
  const language = TEXT[state.lang].languages[data.language] || data.language;
  $("diff-title").textContent = t("diff.title", instrumentNameById(data.instrument));
  $("diff-meta").textContent = t("diff.meta", data.from_version, data.to_version, language);
  const count = (kind) => data.clauses.filter((c) => c.change === kind).length;
  $("diff-counts").textContent = data.clauses.length
    ? t("diff.counts", count("changed"), count("added"), count("removed"), data.unchanged)
    : t("diff.none");
  const standalone = new URLSearchParams({ from: state.from, to: state.to, format: "html", lang: state.lang });
  $("diff-standalone").href = `/api/v1/diff?${standalone}`;
  const list = $("diff-clauses");
  for (const clause of data.clauses) {
    const heading = el("h2", { class: "diff-label" },
      el("span", { lang: data.language, text: clause.label || clause.id }), " ",
      el("span", { class: `badge diff-${clause.change}`, text: t("diff.change")[clause.change] }));
    const item = el("li", { class: "diff-clause", "data-change": clause.change, "data-clause-id": clause.id }, heading);
    item.append(el("p", { class: "meta" }, el("span", { class: "code", text: clause.id }),
      clause.change === "removed" ? null : " · ",
      clause.change === "removed" ? null
        : el("a", { href: urlFor({ ...state, clause: clause.id, clauseLang: data.language }), "data-clause": clause.id,
          "data-lang": data.language, text: t("diff.open") })));
    const text = changedText(clause);
    text.setAttribute("lang", data.language);
    item.append(text);
    list.append(item);
  }
}
