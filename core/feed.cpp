#include "core/feed.hpp"

#include "core/events.hpp"
#include "core/labels.hpp"
#include "core/text.hpp"

#include <map>
#include <sstream>

namespace cadre {
namespace {

constexpr const char* k_tag_authority = "tag:cadre.ceimia.org,2026:";

std::string timestamp(const std::string& date) { return date + "T00:00:00Z"; }

const char* evidence_words(const std::string& kind, const std::string& lang) {
  const bool fr = lang == "fr";
  if (kind == "official-text") return fr ? "texte officiel" : "official text";
  if (kind == "official-page") return fr ? "page officielle" : "official page";
  return fr ? "source secondaire seulement" : "secondary report only";
}

} // namespace

std::string event_tag(const InstrumentEvent& event, int repeat) {
  std::string tag = std::string(k_tag_authority) + "event/" + event.instrument + "/" + event.kind + "/" + event.date;
  if (repeat > 1) tag += "/" + std::to_string(repeat);
  return tag;
}

std::string atom_feed(const Changes& changes, const std::string& self) {
  const std::string& lang = changes.language;
  const bool fr = lang == "fr";
  std::string updated = changes.changes.empty() ? changes.since : changes.changes.front().event.date;
  std::string feed_id = std::string(k_tag_authority) + "changes";
  for (const auto& code : changes.jurisdictions) feed_id += (feed_id.ends_with("changes") ? "/" : ",") + code;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      << "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" << lang << "\">\n"
      << "  <id>" << text::escape_html(feed_id) << "</id>\n"
      << "  <title>" << (fr ? "Cadre : évolution de la réglementation de l'IA" : "Cadre: changes in AI regulation");
  if (!changes.jurisdictions.empty()) {
    out << " (";
    for (std::size_t i = 0; i < changes.jurisdictions.size(); ++i) out << (i ? ", " : "") << text::escape_html(changes.jurisdictions[i]);
    out << ")";
  }
  out << "</title>\n"
      << "  <updated>" << timestamp(updated) << "</updated>\n"
      << "  <author><name>Cadre</name></author>\n"
      << "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" << text::escape_html(self) << "\"/>\n"
      << "  <link rel=\"alternate\" type=\"text/html\" href=\"/\"/>\n";
  // Counted oldest first, so an entry's id never changes when newer events are added.
  std::map<std::string, int> seen;
  std::vector<std::string> ids(changes.changes.size());
  for (std::size_t i = changes.changes.size(); i-- > 0;) {
    const auto& e = changes.changes[i].event;
    ids[i] = event_tag(e, ++seen[e.instrument + "/" + e.kind + "/" + e.date]);
  }
  for (std::size_t i = 0; i < changes.changes.size(); ++i) {
    const auto& c = changes.changes[i];
    const auto& e = c.event;
    const std::string& name = instrument_name(c.short_name, c.title, lang);
    std::string summary = (fr ? "Statut après cet événement : " : "Status after this event: ") + status_label(c.status_after, lang) +
                          (is_reported(c.status_after_evidence) ? " (" + reported_label(lang) + ")" : "") + ". " +
                          (fr ? "Preuve : " : "Evidence: ") + evidence_words(e.evidence.kind, lang);
    if (!e.evidence.name.empty()) summary += " (" + e.evidence.name + ")";
    summary += ", " + e.evidence.url + (fr ? ", consultation : " : ", seen ") + e.evidence.seen + ".";
    if (!e.note.in(lang).empty()) summary += " " + e.note.in(lang);
    out << "  <entry>\n"
        << "    <id>" << text::escape_html(ids[i]) << "</id>\n"
        << "    <title>" << text::escape_html(c.jurisdiction + " — " + name + ": " + describe_event(e, lang) + ", " + e.date) << "</title>\n"
        << "    <updated>" << timestamp(e.date) << "</updated>\n"
        << "    <link rel=\"alternate\" href=\"" << text::escape_html(e.evidence.url.empty() ? c.official_url : e.evidence.url) << "\"/>\n"
        << "    <category term=\"" << text::escape_html(e.kind) << "\"/>\n"
        << "    <summary>" << text::escape_html(summary) << "</summary>\n"
        << "  </entry>\n";
  }
  out << "</feed>\n";
  return out.str();
}

} // namespace cadre
