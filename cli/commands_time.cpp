// `cadre changes`: what happened to the instruments since a date, as text, JSON or Atom.
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/printers.hpp"
#include "core/diff.hpp"
#include "core/events.hpp"
#include "core/feed.hpp"
#include "core/json.hpp"
#include "core/labels.hpp"
#include "core/library.hpp"

namespace cadre::cli {
namespace {

const char* evidence_words(const std::string& kind, bool fr) {
  if (kind == "official-text") return fr ? "texte officiel" : "official text";
  if (kind == "official-page") return fr ? "page officielle" : "official page";
  return fr ? "source secondaire seulement" : "secondary report only";
}

void print_changes(const Changes& changes, std::ostream& out) {
  const bool fr = changes.language == "fr";
  const std::string& lang = changes.language;
  // The window as asked: "since" alone when it ends today, as it does unless an until is given.
  const bool to_today = changes.until == today_utc();
  const std::string window = to_today ? std::string(fr ? "depuis le " : "since ") + changes.since
                                      : std::string(fr ? "du " : "from ") + changes.since + (fr ? " au " : " to ") + changes.until;
  if (changes.changes.empty()) {
    out << (fr ? "Aucun événement " : "No events ") << window << ".\n";
    return;
  }
  const char* order = changes.oldest_first ? (fr ? "du plus ancien au plus récent" : "oldest first")
                                           : (fr ? "du plus récent au plus ancien" : "newest first");
  out << (fr ? "Événements " : "Events ") << window << ", " << order << " (" << changes.changes.size() << "):\n\n";
  for (const auto& c : changes.changes) {
    const auto& e = c.event;
    out << e.date << "  " << e.instrument << "  " << describe_event(e, lang) << (c.scheduled ? (fr ? " [prévu]" : " [scheduled]") : "") << "\n";
    out << wrap(instrument_name(c.short_name, c.title, lang) + (fr ? "; statut ensuite : " : "; status after: ") +
                    status_label(c.status_after, lang) + (is_reported(c.status_after_evidence) ? ", " + reported_label(lang) : ""),
                terminal_width(), "  ");
    std::string evidence = std::string(fr ? "preuve : " : "evidence: ") + evidence_words(e.evidence.kind, fr);
    if (!e.evidence.name.empty()) evidence += " (" + e.evidence.name + ")";
    evidence += ", " + e.evidence.url + (fr ? ", consultation : " : ", seen ") + e.evidence.seen;
    out << wrap(evidence, terminal_width(), "  ");
    if (!e.note.in(lang).empty()) out << wrap(e.note.in(lang), terminal_width(), "  ");
    out << "\n";
  }
}

} // namespace

int changes_command(const ChangesOptions& o, Streams io) {
  ChangesRequest request;
  request.since = o.since;
  request.until = o.until;
  request.oldest_first = o.oldest_first;
  request.jurisdictions = split_list(o.jurisdictions);
  request.language = o.lang;
  const auto changes = Library::open(o.data)->changes(request);
  if (o.json) io.out << json::changes(changes) << "\n";
  else if (o.atom) {
    std::string self = "/feed.atom";
    if (!request.jurisdictions.empty()) {
      self += "?j=";
      for (std::size_t i = 0; i < request.jurisdictions.size(); ++i) self += (i ? "," : "") + request.jurisdictions[i];
    }
    io.out << atom_feed(changes, self);
  } else print_changes(changes, io.out);
  return k_ok;
}

int diff_command(const DiffOptions& o, Streams io) {
  const DiffFormat format = parse_diff_format(o.json ? "json" : o.format, "--format");
  io.out << render_diff(Library::open(o.data)->diff(o.from, o.to, o.lang), format);
  return k_ok;
}

} // namespace cadre::cli
