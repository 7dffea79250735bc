// Time on Cadre's page: the as-of date of a comparison, each instrument's status with its date
// and last check, the "may be outdated" notes of cells, and the timeline of the chosen
// jurisdictions (events on one axis, application phases as spans, today marked).
//
// An ES module the views import. Corpus text is inserted with textContent only; the timeline is
// SVG built with createElementNS (no markup strings).
export const CadreTime = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const WORDS = {
    en: {
      since: "since", checked: "checked", by: "by", noDate: "date not recorded",
      diff: (a, b) => `changes between the texts of ${a} and ${b}`,
      asOfLabel: "Statuses as of", asOfHint: "Leave empty for today", asOfApply: "Apply", asOfClear: "Today",
      asOfShown: (d) => `Statuses and warnings as of ${d}.`,
      timeline: "Timeline", today: "today", phase: "applies from",
      timelineLabel: (names) => `Timeline of the instruments of ${names}: events as dots, application phases as bars, today as a line`,
      evidence: { "official-text": "official text", "official-page": "official page", secondary: "secondary report only" },
      seen: "seen",
      kinds: {
        introduced: "introduced", adopted: "adopted", signed: "signed", published: "published", "in-force": "in force",
        "applies-from": "applies from", "amended-by": "amended by", "revoked-by": "revoked by",
        "superseded-by": "superseded by", lapsed: "lapsed", withdrawn: "withdrawn", expired: "expired",
        "status-check": "status checked",
      },
    },
    fr: {
      since: "depuis le", checked: "vérifié le", by: "par", noDate: "date non consignée",
      diff: (a, b) => `modifications entre les textes du ${a} et du ${b}`,
      asOfLabel: "Statuts au", asOfHint: "Laisser vide pour aujourd'hui", asOfApply: "Appliquer", asOfClear: "Aujourd'hui",
      asOfShown: (d) => `Statuts et avertissements au ${d}.`,
      timeline: "Chronologie", today: "aujourd'hui", phase: "entre en application",
      timelineLabel: (names) => `Chronologie des instruments de ${names} : événements en points, phases d'application en barres, aujourd'hui en trait`,
      evidence: { "official-text": "texte officiel", "official-page": "page officielle", secondary: "source secondaire seulement" },
      seen: "consultation :",
      kinds: {
        introduced: "déposé", adopted: "adopté", signed: "signé", published: "publié", "in-force": "entré en vigueur",
        "applies-from": "entre en application", "amended-by": "modifié par", "revoked-by": "abrogé par",
        "superseded-by": "remplacé par", lapsed: "devenu caduc", withdrawn: "retiré", expired: "expiré",
        "status-check": "statut vérifié",
      },
    },
  };
  const words = (lang) => WORDS[lang] || WORDS.en;
  const DATE = /^\d{4}-\d{2}-\d{2}$/;

  let asOf = "";
  const readAsOf = () => {
    const value = new URLSearchParams(location.search).get("as_of") || "";
    asOf = DATE.test(value) ? value : "";
  };
  readAsOf();
  window.addEventListener("popstate", readAsOf);

  function node(tag, attrs = {}, text) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function svg(tag, attrs = {}, text) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function describe(e, lang) {
    const w = words(lang);
    let out = w.kinds[e.kind] || e.kind;
    if (e.by) out += ` ${e.by}`;
    const phase = e.phase && (e.phase[lang] || e.phase.en);
    if (phase) out += ` (${phase})`;
    return out;
  }

  function evidenceText(e, lang) {
    const w = words(lang);
    const ev = e.evidence || {};
    let out = w.evidence[ev.kind] || ev.kind || "";
    if (ev.name) out += `: ${ev.name}`;
    if (ev.seen) out += `, ${w.seen} ${ev.seen}`;
    return out;
  }

  /// The dates beside a status badge: "since 2024-08-01 · checked 2026-12-04" (never a status
  /// without its date: an instrument without one says so).
  function statusDates(instrument, lang) {
    const w = words(lang);
    const parts = [];
    if (instrument.status_date) parts.push(`${w.since} ${instrument.status_date}`);
    else parts.push(w.noDate);
    if (instrument.status_by) parts.push(`${w.by} ${instrument.status_by}`);
    if (instrument.status_checked) parts.push(`${w.checked} ${instrument.status_checked}`);
    const out = node("small", { class: "status-dates" }, " " + parts.join(" · "));
    // Two texts or more: a link to the word-level comparison of the last two.
    const versions = instrument.versions || [];
    if (versions.length >= 2) {
      const [a, b] = versions.slice(-2);
      const query = new URLSearchParams({ view: "diff", from: `${instrument.id}@${a.from}`, to: `${instrument.id}@${b.from}` });
      if (lang !== "en") query.set("lang", lang);
      out.append(" · ", node("a", { href: `?${query}`, class: "diff-link" }, w.diff(a.from, b.from)));
    }
    return out;
  }

  /// The "may be outdated" notes of a cell, as elements to put above its text.
  function cellNotes(cell) {
    return (cell.warnings || []).map((w) => node("p", { class: "outdated", role: "note" }, w.message));
  }

  /// The as-of control above the grid; `apply(date)` re-renders with that date ("" = today).
  function asOfControl(lang, apply) {
    const w = words(lang);
    const form = node("form", { class: "as-of-form", id: "as-of-form" });
    const input = node("input", { type: "date", id: "as-of-input", name: "as_of", value: asOf, "aria-describedby": "as-of-hint" });
    form.append(node("label", { for: "as-of-input" }, w.asOfLabel + " "), input, " ",
      node("button", { type: "submit", id: "as-of-apply" }, w.asOfApply), " ",
      node("button", { type: "button", id: "as-of-clear" }, w.asOfClear),
      node("span", { id: "as-of-hint", class: "visually-hidden" }, w.asOfHint));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      asOf = DATE.test(input.value) ? input.value : "";
      apply();
    });
    form.querySelector("#as-of-clear").addEventListener("click", () => {
      asOf = "";
      apply();
    });
    return form;
  }

  const dayNumber = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;

  /// The timeline of a comparison answer: one row per instrument with events, dots for events,
  /// bars for application phases (from an applies-from date to the next one, the instrument's
  /// end, or the end of the axis), a line at today (and one at the as-of date when chosen).
  function timeline(data, lang) {
    const w = words(lang);
    const today = new Date().toISOString().slice(0, 10);
    const rows = [];
    for (const j of data.jurisdictions)
      for (const i of j.instruments) if (i.events && i.events.length) rows.push({ j, i });
    const section = node("section", { class: "time-axis", id: "timeline", "aria-labelledby": "timeline-title" });
    section.append(node("h2", { id: "timeline-title" }, w.timeline));
    if (!rows.length) return section;
    const dates = [today];
    if (data.as_of) dates.push(data.as_of);
    for (const { i } of rows) for (const e of i.events) dates.push(e.date);
    let first = dayNumber(dates.reduce((a, b) => (a < b ? a : b)));
    let last = dayNumber(dates.reduce((a, b) => (a > b ? a : b)));
    const pad = Math.max(30, (last - first) * 0.03);
    first -= pad;
    last += pad;
    const labelWidth = 230, width = 1000, rowHeight = 26, top = 30;
    const height = top + rows.length * rowHeight + 10;
    const x = (iso) => labelWidth + ((dayNumber(iso) - first) / (last - first)) * (width - labelWidth - 10);
    const names = data.jurisdictions.map((j) => j.name[lang] || j.name.en).join(", ");
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "timeline-chart", "aria-label": w.timelineLabel(names) });
    // Years on the axis.
    const y0 = new Date(first * 86400000).getUTCFullYear(), y1 = new Date(last * 86400000).getUTCFullYear();
    const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
    for (let y = y0 + 1; y <= y1; y += step) {
      const xx = x(`${y}-01-01`);
      root.append(svg("line", { x1: xx, x2: xx, y1: top - 8, y2: height - 6, class: "tl-year" }), svg("text", { x: xx + 2, y: top - 12, class: "tl-year-label" }, String(y)));
    }
    rows.forEach(({ j, i }, r) => {
      const y = top + r * rowHeight + rowHeight / 2;
      const g = svg("g", { class: `tl-row tl-${j.code}`, "data-instrument": i.id });
      g.append(svg("text", { x: 4, y: y + 4, class: "tl-label" }, `${j.code} · ${i.short_names?.[lang] || i.short_name || i.title[lang] || i.title.en}`));
      const ending = i.events.find((e) => ["revoked-by", "superseded-by", "lapsed", "withdrawn", "expired"].includes(e.kind));
      const phases = i.events.filter((e) => e.kind === "applies-from");
      phases.forEach((e, k) => {
        const next = phases[k + 1] ? phases[k + 1].date : ending ? ending.date : null;
        const x1 = x(e.date), x2 = next ? x(next) : width - 10;
        const bar = svg("rect", { x: x1, y: y - 6, width: Math.max(2, x2 - x1), height: 12, rx: 3, class: `tl-phase tl-phase-${k % 4}` });
        bar.append(svg("title", {}, `${i.id}: ${describe(e, lang)}, ${e.date}`));
        g.append(bar);
      });
      for (const e of i.events) {
        const dot = svg("circle", { cx: x(e.date), cy: y, r: e.kind === "status-check" ? 3 : 5, class: `tl-event tl-${e.kind}`, "data-kind": e.kind, "data-date": e.date });
        dot.append(svg("title", {}, `${i.id}: ${describe(e, lang)}, ${e.date} — ${evidenceText(e, lang)}`));
        g.append(dot);
      }
      root.append(g);
    });
    const marker = (iso, cls, label) => {
      const xx = x(iso);
      root.append(svg("line", { x1: xx, x2: xx, y1: top - 20, y2: height - 4, class: cls }), svg("text", { x: xx + 3, y: height - 6, class: `${cls}-label` }, `${label} ${iso}`));
    };
    marker(today, "tl-today", w.today);
    if (data.as_of && data.as_of !== today) marker(data.as_of, "tl-as-of", w.asOfLabel.toLowerCase());
    // Scrolls sideways on narrow screens: it takes focus so the keyboard can scroll it (WCAG 2.1.1).
    section.append(node("div", { class: "timeline-wrap", tabindex: "0", role: "region", "aria-labelledby": "timeline-title" }));
    section.lastChild.append(root);
    // The same events as a list, for keyboards, screen readers and print.
    const list = node("ol", { class: "timeline-list" });
    const all = [];
    for (const { j, i } of rows) for (const e of i.events) all.push({ j, i, e });
    all.sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : 0));
    for (const { i, e } of all) {
      const li = node("li", { "data-kind": e.kind });
      li.append(node("time", { datetime: e.date }, e.date), ` ${i.short_names?.[lang] || i.short_name || i.id}: ${describe(e, lang)} `, node("small", {}, `(${evidenceText(e, lang)})`));
      list.append(li);
    }
    const details = node("details", { class: "timeline-details" });
    details.append(node("summary", {}, `${w.timeline} (${all.length})`), list);
    section.append(details);
    return section;
  }

  return {
    asOf: () => asOf,
    setAsOf: (value) => { asOf = DATE.test(value || "") ? value : ""; },
    statusDates,
    cellNotes,
    asOfControl,
    asOfShown: (lang) => (asOf ? words(lang).asOfShown(asOf) : ""),
    kindLabel: (kind, lang) => words(lang).kinds[kind] || kind.replace(/[-_]/g, " "),
    describe,
    evidenceText,
    timeline,
    // The wording in each language, which the French walk test (tests/browser/french.mjs)
    // checks the page against.
    WORDS,
  };
})();
