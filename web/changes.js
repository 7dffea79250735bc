// The changes view: what happened to the chosen jurisdictions' instruments from a day to today
// (adoptions, entries into force, application phases, amendments, revocations, status checks),
// newest first and grouped by month, each with its evidence and the status it left; the Atom
// feed of the same events for a feed reader; and what the records schedule for the next two
// years, oldest first. Corpus text goes in through textContent only.
import { $, TEXT, api, el, go, instrumentNameById, jurisdictionName, renderJurisdictionPicker, say, state, statusBadge, t,
  urlFor } from "./core.js";
import { CadreTime } from "./time.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

Object.assign(TEXT.en, {
  "nav.changes": "Changes",
  "changes.title": "What changed",
  "changes.since": "Since",
  "changes.go": "Show the changes",
  "changes.feed": "Follow these changes in a feed reader (Atom)",
  "changes.summary": (n, since, until) =>
    `${n} event${n === 1 ? "" : "s"} from ${since} to ${until}, newest first.`,
  "changes.none": (since) => `No event recorded since ${since}.`,
  "changes.after": "status then:",
  "changes.baddate": "Give the start date as YYYY-MM-DD.",
  "scheduled.title": "Scheduled next",
  "scheduled.summary": (n, until) =>
    `${n} event${n === 1 ? "" : "s"} announced from tomorrow to ${until}, soonest first. They have not happened yet: each rests on the evidence shown.`,
  "scheduled.none": (until) => `No event is scheduled from tomorrow to ${until}.`,
  "scheduled.mark": "scheduled",
});

Object.assign(TEXT.fr, {
  "nav.changes": "Changements",
  "changes.title": "Ce qui a changé",
  "changes.since": "Depuis le",
  "changes.go": "Afficher les changements",
  "changes.feed": "Suivre ces changements dans un lecteur de flux (Atom)",
  "changes.summary": (n, since, until) =>
    `${n} événement${n > 1 ? "s" : ""} du ${since} au ${until}, du plus récent au plus ancien.`,
  "changes.none": (since) => `Aucun événement consigné depuis le ${since}.`,
  "changes.after": "statut alors :",
  "changes.baddate": "Indiquez la date de début au format AAAA-MM-JJ.",
  "scheduled.title": "Prochaines échéances",
  "scheduled.summary": (n, until) =>
    `${n} événement${n > 1 ? "s" : ""} annoncé${n > 1 ? "s" : ""} de demain au ${until}, du plus proche au plus lointain. Aucun n'a encore eu lieu : chacun repose sur la preuve indiquée.`,
  "scheduled.none": (until) => `Aucun événement prévu de demain au ${until}.`,
  "scheduled.mark": "prévu",
});

/// The start date the URL names, else a year before today.
function changesSince() {
  if (DATE.test(state.since)) return state.since;
  const day = new Date();
  day.setUTCFullYear(day.getUTCFullYear() - 1);
  return day.toISOString().slice(0, 10);
}

/// The feed of the chosen jurisdictions in the page's language (the server's /feed.atom).
function feedUrl() {
  const query = new URLSearchParams();
  if (state.j.length) query.set("j", state.j.join(","));
  if (state.lang !== "en") query.set("lang", state.lang);
  return "/feed.atom" + (query.toString() ? "?" + query : "");
}

function renderPicker() {
  renderJurisdictionPicker($("changes-jurisdictions"), "changes");
  $("changes-since").value = changesSince();
  $("changes-feed").href = feedUrl();
}

/// "November 2026" / "novembre 2026" for a YYYY-MM-DD date.
function monthOf(date, formatter) {
  return formatter.format(new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, 1)));
}

function changeItem(change) {
  // The instrument that amended, revoked or superseded this one, by name.
  const e = change.event.by ? { ...change.event, by: instrumentNameById(change.event.by) } : change.event;
  const name = change.short_names?.[state.lang] || change.short_name || change.instrument;
  const item = el("li", { class: `change${change.scheduled ? " scheduled" : ""}`, "data-kind": e.kind, "data-instrument": change.instrument },
    el("time", { datetime: e.date, text: e.date }), " ",
    change.scheduled ? el("span", { class: "badge", text: t("scheduled.mark") }) : "", change.scheduled ? " " : "",
    el("a", { href: urlFor({ ...state, view: "jurisdiction", code: change.jurisdiction, instrument: change.instrument, clause: "" }),
      class: "change-instrument", title: change.title[state.lang] || change.title.en,
      text: `${jurisdictionName(change.jurisdiction)} · ${name}` }),
    " ", el("span", { class: "change-what", text: CadreTime.describe(e, state.lang) }));
  if (change.status_after) item.append(" ", el("span", { class: "change-after", text: t("changes.after") }), " ", statusBadge(change.status_after, change.status_after_evidence, true));
  const note = e.note && (e.note[state.lang] || e.note.en);
  if (note) item.append(el("p", { class: "change-note", text: note }));
  const evidence = el("p", { class: "change-evidence" });
  const said = CadreTime.evidenceText(e, state.lang);
  if (e.evidence?.url) evidence.append(el("a", { href: e.evidence.url, target: "_blank", rel: "noopener noreferrer", text: said }));
  else evidence.append(said);
  item.append(evidence);
  return item;
}

export async function renderChanges() {
  renderPicker();
  // Emptied first, so that a refused date does not leave the previous answer under its message.
  $("changes-summary").textContent = "";
  $("changes-list").replaceChildren();
  say(t("loading"));
  $("scheduled-summary").textContent = "";
  $("scheduled-list").replaceChildren();
  const day = (offsetDays, offsetYears = 0) => {
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() + offsetYears);
    d.setUTCDate(d.getUTCDate() + offsetDays);
    return d.toISOString().slice(0, 10);
  };
  const [data, ahead] = await Promise.all([
    api("/changes", { since: changesSince(), j: state.j, lang: state.lang }),
    api("/changes", { since: day(1), until: day(0, 2), order: "oldest", j: state.j, lang: state.lang }),
  ]);
  say("");
  $("changes-summary").textContent = data.changes.length
    ? t("changes.summary", data.changes.length, data.since, data.until)
    : t("changes.none", data.since);
  const formatter = new Intl.DateTimeFormat(state.lang, { month: "long", year: "numeric", timeZone: "UTC" });
  renderByMonth($("changes-list"), data.changes, "changes", "h2", formatter);
  $("scheduled-summary").textContent = ahead.changes.length
    ? t("scheduled.summary", ahead.changes.length, ahead.until)
    : t("scheduled.none", ahead.until);
  renderByMonth($("scheduled-list"), ahead.changes, "scheduled", "h3", formatter);
}

/// `changes` into `out`, one heading (`heading`: "h2", "h3") and list a month, in the order given.
function renderByMonth(out, changes, idPrefix, heading, formatter) {
  out.replaceChildren();
  let month = "";
  let list = null;
  for (const change of changes) {
    const key = change.event.date.slice(0, 7);
    if (key !== month) {
      month = key;
      const id = `${idPrefix}-${key}`;
      list = el("ol", { class: "changes", "aria-labelledby": id });
      out.append(el(heading, { id, class: "changes-month", text: monthOf(change.event.date, formatter) }), list);
    }
    list.append(changeItem(change));
  }
}

export function startChanges() {
  $("changes-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const since = $("changes-since").value;
    if (since && !DATE.test(since)) {
      say(t("changes.baddate"), true);
      return;
    }
    const j = [...$("changes-jurisdictions").querySelectorAll("input:checked")].map((input) => input.value);
    go({ j, since });
  });
}
