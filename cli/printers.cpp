#include "cli/printers.hpp"

#include "core/events.hpp"
#include "core/labels.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <sstream>

namespace cadre::cli {
namespace {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad(const std::string& s, std::size_t width) {
  const auto w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

/// `en` or `fr` by the output language.
const char* word(const std::string& lang, const char* en, const char* fr) { return lang == "fr" ? fr : en; }

std::string status_text(const Instrument& in, const std::string& lang) {
  std::string out = status_label(in.status, lang);
  if (!in.status_date.empty()) out += " " + in.status_date;
  if (!in.status_by.empty()) out += word(lang, " by ", " par ") + in.status_by;
  if (is_reported(in.status_evidence)) out += ", " + reported_label(lang);
  return out;
}

/// "in force [official text, seen 2026-12-04]" for `cadre show`.
std::string event_line(const InstrumentEvent& e, const std::string& lang) {
  std::string evidence = e.evidence.kind == "official-text"   ? word(lang, "official text", "texte officiel")
                         : e.evidence.kind == "official-page" ? word(lang, "official page", "page officielle")
                                                              : word(lang, "secondary report only", "source secondaire seulement");
  if (!e.evidence.name.empty()) evidence += ": " + e.evidence.name;
  return describe_event(e, lang) + " [" + evidence + word(lang, ", seen ", ", consultation : ") + e.evidence.seen + "]";
}

/// Snippets come as HTML (escaped text with <mark>): show marks as *…* on a terminal.
std::string snippet_text(const std::string& html) {
  std::string s = std::regex_replace(html, std::regex("</?mark>"), "*");
  const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) s = std::regex_replace(s, std::regex(from), to);
  return s;
}

} // namespace

int terminal_width() {
  if (const char* columns = std::getenv("COLUMNS")) {
    const int n = std::atoi(columns);
    if (n >= 40) return n;
  }
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  return 100;
}

std::string wrap(const std::string& text, int width, const std::string& indent) {
  const auto limit = static_cast<std::size_t>(std::max(20, width - static_cast<int>(display_width(indent))));
  std::string out;
  std::istringstream lines(text);
  for (std::string given; std::getline(lines, given);) {
    std::istringstream words(given);
    std::string word, line;
    while (words >> word) {
      if (!line.empty() && display_width(line) + 1 + display_width(word) > limit) {
        out += indent + line + "\n";
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += indent + line + "\n";
  }
  return out;
}

void print_jurisdictions(const std::vector<Jurisdiction>& jurisdictions, const std::string& lang, std::ostream& out) {
  std::size_t name_width = 4;
  for (const auto& j : jurisdictions) name_width = std::max(name_width, display_width(j.name.in(lang)));
  const std::string instruments_heading = "INSTRUMENTS"; // the same word in French
  const std::size_t instruments_width = instruments_heading.size() + 2;
  // Grouped by kind (international bodies first, sub-national last), by name within a group, so
  // that a reader finds a country where the alphabet of its code would not put it.
  bool first_group = true;
  for (const auto& kind : k_jurisdiction_kind_labels) {
    std::vector<const Jurisdiction*> group;
    for (const auto& j : jurisdictions)
      if (j.kind == kind.id) group.push_back(&j);
    if (group.empty()) continue;
    std::sort(group.begin(), group.end(),
              [&](const Jurisdiction* a, const Jurisdiction* b) { return a->name.in(lang) < b->name.in(lang); });
    if (!first_group) out << "\n";
    first_group = false;
    std::string heading = vocabulary_label(k_jurisdiction_kind_labels, kind.id, lang);
    heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
    out << heading << "\n";
    out << "  " << pad("CODE", 7) << pad(word(lang, "NAME", "NOM"), name_width + 2)
        << pad(instruments_heading, instruments_width) << word(lang, "AS OF", "À JOUR AU") << "\n";
    for (const auto* j : group) {
      out << "  " << pad(j->code, 7) << pad(j->name.in(lang), name_width + 2)
          << pad(std::to_string(j->instruments.size()), instruments_width) << j->as_of;
      if (!j->parent.empty()) out << word(lang, "  (in ", "  (dans ") << j->parent << ")";
      out << "\n";
    }
  }
}

void print_jurisdiction(const Jurisdiction& j, const std::string& lang, std::ostream& out) {
  out << j.name.in(lang) << " (" << j.code << ")\n";
  out << word(lang, "kind: ", "type : ") << vocabulary_label(k_jurisdiction_kind_labels, j.kind, lang);
  if (!j.parent.empty()) out << word(lang, ", part of ", ", dans ") << j.parent;
  out << word(lang, "; metadata checked ", "; métadonnées vérifiées le ") << j.as_of << "\n\n";
  for (const auto& in : j.instruments) {
    out << in.id << "  " << in.short_name.in(lang) << "\n";
    out << wrap(in.title.in(lang), terminal_width(), "  ");
    out << word(lang, "  type: ", "  type : ") << vocabulary_label(k_type_labels, in.type, lang) << word(lang, "; status: ", "; statut : ") << status_text(in, lang)
        << word(lang, " (established ", " (établi le ") << in.status_checked << ")\n";
    if (!in.same_text_as.empty())
      out << word(lang, "  same text as ", "  même texte que ") << in.same_text_as
          << word(lang, ": search shows its clauses\n", " : la recherche montre ses dispositions\n");
    if (!in.status_note.in(lang).empty())
      out << wrap(word(lang, "note: ", "note : ") + in.status_note.in(lang), terminal_width(), "  ");
    if (!in.dates.empty() && in.events.empty()) {
      out << word(lang, "  dates:", "  dates :");
      for (const auto& d : in.dates) out << " " << d.event << " " << d.date << ";";
      out << "\n";
    }
    if (!in.versions.empty()) {
      out << word(lang, "  versions (texts, by the date they apply from):", "  versions (textes, par date d'application) :");
      for (const auto& v : in.versions) out << " " << in.id << "@" << v.from << (v.current ? word(lang, " (current)", " (en vigueur)") : "") << ";";
      out << "\n";
    }
    if (!in.events.empty()) out << word(lang, "  events:\n", "  événements :\n");
    for (const auto& e : in.events) out << wrap(e.date + "  " + event_line(e, lang), terminal_width(), "    ");
    out << word(lang, "  clauses indexed: ", "  dispositions indexées : ") << in.clause_count
        << word(lang, "; languages: ", "; langues : ");
    for (std::size_t i = 0; i < in.languages.size(); ++i)
      out << (i ? ", " : "") << vocabulary_label(k_language_labels, in.languages[i], lang);
    out << "\n  " << in.official_url << "\n\n";
  }
}

void print_search(const SearchResults& results, std::ostream& out) {
  const long long first = static_cast<long long>(results.page - 1) * results.page_size + 1;
  if (results.hits.empty()) {
    out << "No results for \"" << results.query << "\".\n";
    return;
  }
  out << (results.total_is_exact ? "" : "More than ") << results.total << (results.total == 1 ? " result" : " results")
      << " for \"" << results.query << "\"; showing " << first << "-"
      << first + static_cast<long long>(results.hits.size()) - 1 << ".\n";
  // The instruments and jurisdictions the query names, whose results come first (or are listed).
  std::vector<std::string> named;
  for (const auto& instrument : results.named_instruments) {
    std::string ids;
    for (const auto& id : instrument.instruments) ids += (ids.empty() ? "" : ", ") + id;
    named.push_back("the clauses of " + instrument.name + " (" + ids + ")");
  }
  for (const auto& jurisdiction : results.named_jurisdictions)
    named.push_back("the results of " + jurisdiction.name + " (" + jurisdiction.jurisdiction + ")");
  const char* lead = results.lists_named_instruments ? "Listed in the order of their texts: " : "Ranked first: ";
  for (std::size_t i = 0; i < named.size(); ++i) out << (i == 0 ? lead : "; ") << named[i];
  if (std::any_of(results.hits.begin(), results.hits.end(), [](const SearchHit& h) { return !h.analogue_of.empty(); }))
    out << "; after the unit named by number, clauses of other jurisdictions cited for the same provisions";
  if (!named.empty()) out << ".\n";
  // The lexicon wordings the query was carried into, so that a hit "via translation" is explained.
  for (std::size_t i = 0; i < results.synonyms_used.size(); ++i) {
    const std::string& used = results.synonyms_used[i];
    const auto colon = used.find(':');
    out << (i == 0 ? "Also searched as " : ", ") << '"' << used.substr(colon + 1) << "\" (" << used.substr(0, colon) << ")";
  }
  out << (results.synonyms_used.empty() ? "\n" : ".\n\n");
  int n = static_cast<int>(first);
  for (const auto& hit : results.hits) {
    out << n++ << ". " << hit.label;
    if (!hit.heading.empty()) out << " — " << hit.heading;
    out << "  [" << hit.jurisdiction;
    if (!hit.status.empty())
      out << ", " << status_label(hit.status, "en") << (hit.status_date.empty() ? "" : " " + hit.status_date)
          << (is_reported(hit.status_evidence) ? ", " + reported_label("en") : "");
    out << ", " << hit.language << (hit.via_synonym ? ", via translation" : "");
    // What is not a clause says what it is: a cell of the analysis or a provision value's note.
    if (hit.type != "clause") out << ", " << (hit.type == "cell" ? "analysis" : "provision value");
    out << "]\n";
    out << "   " << hit.id;
    for (std::size_t i = 0; i < hit.also_in.size(); ++i) out << (i == 0 ? "  (same text in " : ", ") << hit.also_in[i];
    out << (hit.also_in.empty() ? "" : ")");
    if (!hit.analogue_of.empty()) out << "  (comparable to " << hit.analogue_of << ": cited for the same provision)";
    out << "\n";
    out << wrap(snippet_text(hit.snippet_html), terminal_width(), "   ") << "\n";
  }
}

void print_as_of(const std::string& as_of, const std::string& lang, std::ostream& out) {
  out << word(lang, "Statuses as of ", "Statuts au ") << as_of << ".";
  if (const auto note = future_note(as_of, today_utc(), lang); !note.empty()) out << " " << note << ".";
  out << "\n\n";
}

void print_clause(const Clause& clause, const std::string& lang, std::ostream& out) {
  const auto language_name = [&](const std::string& code) { return vocabulary_label(k_language_labels, code, lang); };
  out << clause.text.label;
  if (!clause.text.heading.empty()) out << " — " << clause.text.heading;
  out << "\n" << clause.id << " (" << language_name(clause.language);
  if (clause.fallback)
    out << word(lang, "; not available in ", "; n'existe pas en ") << language_name(lang)
        << word(lang, " among the texts Cadre holds", " parmi les textes que détient Cadre");
  out << ")\n" << clause.instrument_name << ", " << status_label(clause.instrument_status, lang);
  if (!clause.instrument_status_date.empty()) out << " (" << clause.instrument_status_date << ")";
  if (is_reported(clause.instrument_status_evidence)) out << ", " << reported_label(lang);
  if (!clause.version_from.empty()) out << word(lang, "; text in effect from ", "; texte applicable depuis le ") << clause.version_from;
  out << "\n";
  const auto& official = clause.official_languages;
  if (!official.empty() && std::find(official.begin(), official.end(), clause.language) == official.end()) {
    out << word(lang, "A translation without legal force: the ", "Traduction sans valeur juridique : le texte en ")
        << language_name(official.front()) << word(lang, " text controls", " fait foi");
    if (std::find(clause.languages.begin(), clause.languages.end(), official.front()) != clause.languages.end())
      out << " (--lang " << official.front() << ")";
    out << ".\n";
  }
  out << "\n";
  out << wrap(clause.text.text, terminal_width(), "") << "\n";
  if (!clause.categories.empty()) {
    out << word(lang, "categories:", "catégories :");
    for (const auto& c : clause.categories) out << " " << c;
    out << "\n";
  }
  if (clause.languages.size() > 1) {
    out << word(lang, "languages:", "langues :");
    for (const auto& l : clause.languages) out << " " << l;
    out << "\n";
  }
  if (!clause.parent.empty()) out << word(lang, "part of: ", "fait partie de : ") << clause.parent << "\n";
  if (!clause.children.empty())
    out << word(lang, "contains: ", "contient : ") << clause.children.size() << word(lang, " clauses, from ", " dispositions, à partir de ")
        << clause.children.front() << "\n";
  out << word(lang, "official text: ", "texte officiel : ") << clause.official_url << "\n";
}

void print_provisions(const std::vector<Provision>& provisions, const std::string& lang, std::ostream& out) {
  std::size_t id_width = 2;
  for (const auto& p : provisions) id_width = std::max(id_width, display_width(p.id));
  for (const auto& p : provisions) out << pad(p.id, id_width + 2) << p.label.in(lang) << "\n";
}

void print_provision(const ProvisionDetail& d, std::ostream& out) {
  const std::string& lang = d.language;
  out << d.provision.label.in(lang) << " (" << d.provision.id << ")\n"
      << wrap(word(lang, "Yes when: ", "Oui si : ") + d.provision.definition.in(lang), terminal_width(), "") << "\n";
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    const auto& v = d.values[i];
    out << pad(d.jurisdictions[i].code, 7) << value_mark(v.value) << ' ' << value_label(v.value, lang);
    if (v.not_law) out << word(lang, " (rests only on a bill or on law no longer in force)",
                                " (repose seulement sur un projet de loi ou un texte qui n'est plus en vigueur)");
    out << "\n";
    if (!v.note.empty()) out << wrap(v.note, terminal_width(), "       ");
    for (const auto& c : v.citations)
      out << "       - " << c.label << " [" << status_label(c.instrument_status, lang) << "] " << c.clause_id << "\n";
  }
}

void print_convergence(const Convergence& c, std::ostream& out) {
  const std::string& lang = c.language;
  const auto section = [&](const char* en, const char* fr, const std::vector<Provision>& list) {
    out << "\n" << word(lang, en, fr) << " (" << list.size() << ")\n";
    for (const auto& p : list) out << "  " << p.label.in(lang) << "  [" << p.id << "]\n";
  };
  const std::size_t compared = c.both.size() + c.only_a.size() + c.only_b.size() + c.neither.size();
  out << c.a.name.in(lang) << " (" << c.a.code << ") / " << c.b.name.in(lang) << " (" << c.b.code << ")\n"
      << word(lang, "Agreement: ", "Concordance : ") << static_cast<int>(c.agreement * 100 + 0.5) << " %"
      << word(lang, " of ", " sur ") << compared << word(lang, " provisions compared", " dispositions comparées") << "\n";
  section("Set by both", "Prévues par les deux", c.both);
  section(("Only " + c.a.code).c_str(), ("Seulement " + c.a.code).c_str(), c.only_a);
  section(("Only " + c.b.code).c_str(), ("Seulement " + c.b.code).c_str(), c.only_b);
  section("Set by neither", "Prévues par aucune", c.neither);
  section("Not comparable (unclear or not recorded)", "Non comparables (incertain ou non renseigné)", c.unknown);
}

void print_related(const RelatedClauses& r, std::ostream& out) {
  const std::string& lang = r.language;
  if (r.items.empty()) {
    out << word(lang, "No related clauses in other jurisdictions for ", "Aucune disposition comparable dans d'autres juridictions pour ")
        << r.clause_id << ".\n";
    return;
  }
  out << word(lang, "Clauses related to ", "Dispositions comparables à ") << r.clause_id << "\n";
  if (!r.provisions.empty()) {
    out << word(lang, "provisions it carries:", "dispositions qu'elle porte :");
    for (const auto& p : r.provisions) out << ' ' << p;
    out << "\n";
  }
  int n = 1;
  for (const auto& item : r.items) {
    out << "\n" << n++ << ". " << item.label;
    if (!item.heading.empty()) out << " — " << item.heading;
    out << "  [" << item.jurisdiction << ", " << status_label(item.instrument_status, lang) << "]\n   " << item.clause_id
        << "\n   ";
    if (item.found_by == "provision") {
      out << word(lang, "same provision:", "même disposition :");
      for (const auto& p : item.provisions) out << ' ' << p;
    } else {
      out << word(lang, "similar content, ", "contenu proche, ") << static_cast<int>(item.score) << " %";
    }
    out << "\n" << wrap(item.excerpt, terminal_width(), "   ");
  }
}

} // namespace cadre::cli
