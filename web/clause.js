// The clause dialog: a clause's text in the language asked for, what the reader is told about
// that language, its other languages, its official text and related clauses (matrix.js).
import { $, ApiError, TEXT, api, clausePath, el, fail, isReported, jurisdictionName, languageName, state, t, urlFor } from "./core.js";
import { showRelated } from "./matrix.js";

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

export async function showClause(id, lang) {
  const dialog = $("clause-dialog");
  const clause = await api(clausePath(id), { lang });
  $("clause-title").textContent = [clause.label, clause.heading].filter(Boolean).join(" — ") || clause.id;
  const status = clause.instrument_status || {};
  $("clause-meta").textContent = [
    clause.instrument_name && `${clause.instrument_name}${clause.instrument_title ? ` (${clause.instrument_title})` : ""}`,
    status.status && `${TEXT[state.lang].status[status.status] || status.status}${status.date ? ` ${status.date}` : ""}${
      isReported(status.evidence) ? `, ${t("reported")}` : ""}`,
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
export function openClause(id, lang) {
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

export function startClause() {
  $("clause-dialog").addEventListener("close", onDialogClose);
}
