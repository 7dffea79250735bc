// The JSON documents of Cadre. Shapes are described in schema/openapi.yaml (components/schemas);
// a change here needs the same change there, and tests/server checks responses against it.
#include "core/json.hpp"

#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cadre::json {
namespace {

using nlohmann::json;

// Corpus text is UTF-8 by construction, but a clause parsed from a damaged source must not make
// a whole response fail: invalid bytes are replaced with U+FFFD.
std::string dump(const json& document) { return document.dump(-1, ' ', false, json::error_handler_t::replace); }

json bilingual(const Bilingual& text) { return {{"en", text.en}, {"fr", text.fr}}; }

json category(const Category& c) {
  return {{"id", c.id}, {"label", bilingual(c.label)}, {"question", bilingual(c.question)},
          {"description", bilingual(c.description)}};
}

json event(const InstrumentEvent& e) {
  json out = {{"instrument", e.instrument}, {"kind", e.kind}, {"date", e.date}, {"by", e.by},
              {"phase", bilingual(e.phase)}, {"note", bilingual(e.note)},
              {"evidence", {{"url", e.evidence.url}, {"kind", e.evidence.kind}, {"name", e.evidence.name},
                            {"seen", e.evidence.seen}}}};
  return out;
}

json instrument(const Instrument& i) {
  json events = json::array();
  for (const auto& e : i.events) events.push_back(event(e));
  json versions = json::array();
  for (const auto& v : i.versions)
    versions.push_back({{"from", v.from}, {"current", v.current}, {"note", bilingual(v.note)}});
  json dates = json::array();
  for (const auto& d : i.dates) dates.push_back({{"event", d.event}, {"date", d.date}});
  return {{"id", i.id},
          {"jurisdiction", i.jurisdiction},
          {"short_name", i.short_name.en},
          {"short_names", bilingual(i.short_name)},
          {"title", bilingual(i.title)},
          {"type", i.type},
          {"status", i.status},
          {"status_date", i.status_date},
          {"status_by", i.status_by},
          {"status_checked", i.status_checked},
          {"status_evidence", i.status_evidence},
          {"status_note", bilingual(i.status_note)},
          {"official_url", i.official_url},
          {"languages", i.languages},
          {"dates", dates},
          {"events", events},
          {"versions", versions},
          {"clause_count", i.clause_count},
          {"same_text_as", i.same_text_as}};
}

json jurisdiction_object(const Jurisdiction& j) {
  json instruments = json::array();
  for (const auto& i : j.instruments) instruments.push_back(instrument(i));
  return {{"code", j.code}, {"name", bilingual(j.name)}, {"kind", j.kind},
          {"parent", j.parent}, {"as_of", j.as_of}, {"instruments", instruments}};
}

// The cited clause's text is left out on purpose: it made a three-jurisdiction comparison
// ten times larger (bench/RESULTS.md); clients fetch a clause when it is opened.
json citation(const Citation& c) {
  return {{"clause_id", c.clause_id}, {"label", c.label}, {"resolved", c.resolved},
          {"official_url", c.official_url}};
}

json cell(const Cell& c) {
  json citations = json::array();
  for (const auto& ci : c.citations) citations.push_back(citation(ci));
  json warnings = json::array();
  for (const auto& w : c.warnings) warnings.push_back({{"message", w.message}, {"event", event(w.event)}});
  return {{"jurisdiction", c.jurisdiction}, {"category", c.category}, {"language", c.language},
          {"fallback", c.fallback}, {"summary_markdown", c.summary_markdown}, {"summary_html", c.summary_html},
          {"markdown", c.markdown}, {"html", c.html},
          {"as_of", c.as_of}, {"citations", citations}, {"warnings", warnings}};
}

json provision_object(const Provision& p) {
  return {{"id", p.id}, {"category", p.category}, {"label", bilingual(p.label)}, {"definition", bilingual(p.definition)}};
}

json provisions_array(const std::vector<Provision>& list) {
  json out = json::array();
  for (const auto& p : list) out.push_back(provision_object(p));
  return out;
}

/// A jurisdiction as a column header: no instruments (values name their own).
json jurisdiction_header(const Jurisdiction& j) {
  return {{"code", j.code}, {"name", bilingual(j.name)}, {"kind", j.kind}, {"as_of", j.as_of}};
}

json provision_value(const ProvisionValue& v) {
  json citations = json::array();
  for (const auto& c : v.citations) {
    json item = citation(c);
    item["instrument_status"] = c.instrument_status;
    item["instrument_evidence"] = c.instrument_evidence;
    citations.push_back(std::move(item));
  }
  return {{"jurisdiction", v.jurisdiction}, {"provision", v.provision}, {"value", v.value},
          {"language", v.language}, {"note", v.note}, {"not_law", v.not_law}, {"citations", citations}};
}

json facets(const std::vector<FacetCount>& counts) {
  json out = json::array();
  for (const auto& f : counts) out.push_back({{"value", f.value}, {"count", f.count}});
  return out;
}

} // namespace

std::string categories(const std::vector<Category>& list) {
  json out = json::array();
  for (const auto& c : list) out.push_back(category(c));
  return dump({{"categories", out}});
}

std::string jurisdictions(const std::vector<Jurisdiction>& list) {
  json out = json::array();
  for (const auto& j : list) out.push_back(jurisdiction_object(j));
  return dump({{"jurisdictions", out}});
}

std::string jurisdiction(const Jurisdiction& j) { return dump(jurisdiction_object(j)); }

std::string comparison(const Comparison& c) {
  json categories = json::array();
  for (const auto& cat : c.categories) categories.push_back(category(cat));
  json jurisdictions = json::array();
  for (const auto& j : c.jurisdictions) jurisdictions.push_back(jurisdiction_object(j));
  json rows = json::array();
  for (const auto& row : c.cells) {
    json cells = json::array();
    for (const auto& x : row) cells.push_back(cell(x));
    rows.push_back(cells);
  }
  return dump({{"language", c.language},
               {"as_of", c.as_of},
               {"as_of_note", c.as_of_note},
               {"build_id", c.build_id},
               {"corpus_commit", c.corpus_commit},
               {"categories", categories},
               {"jurisdictions", jurisdictions},
               {"cells", rows}});
}

std::string search_results(const SearchResults& r) {
  json hits = json::array();
  for (const auto& h : r.hits)
    hits.push_back({{"type", h.type},
                    {"id", h.id},
                    {"language", h.language},
                    {"jurisdiction", h.jurisdiction},
                    {"instrument", h.instrument},
                    {"also_in", h.also_in},
                    {"category", h.category},
                    {"label", h.label},
                    {"heading", h.heading},
                    {"snippet_html", h.snippet_html},
                    {"score", h.score},
                    {"via_synonym", h.via_synonym},
                    {"status", h.status},
                    {"status_date", h.status_date},
                    {"status_evidence", h.status_evidence},
                    {"analogue_of", h.analogue_of}});
  json named = json::array();
  for (const auto& n : r.named_instruments) named.push_back({{"name", n.name}, {"instruments", n.instruments}});
  json named_jurisdictions = json::array();
  for (const auto& n : r.named_jurisdictions) named_jurisdictions.push_back({{"name", n.name}, {"jurisdiction", n.jurisdiction}});
  return dump({{"query", r.query},
               {"as_of", r.as_of},
               {"parsed_query", r.parsed_query},
               {"total", r.total},
               {"total_is_exact", r.total_is_exact},
               {"page", r.page},
               {"page_size", r.page_size},
               {"hits", hits},
               {"facets",
                {{"jurisdiction", facets(r.jurisdiction_facets)},
                 {"category", facets(r.category_facets)},
                 {"language", facets(r.language_facets)}}},
               {"synonyms_used", r.synonyms_used},
               {"named_instruments", named},
               {"named_jurisdictions", named_jurisdictions},
               {"lists_named_instruments", r.lists_named_instruments}});
}

std::string changes(const Changes& c) {
  json list = json::array();
  for (const auto& ch : c.changes)
    list.push_back({{"jurisdiction", ch.jurisdiction},
                    {"instrument", ch.event.instrument},
                    {"short_name", ch.short_name.en},
                    {"short_names", bilingual(ch.short_name)},
                    {"title", bilingual(ch.title)},
                    {"official_url", ch.official_url},
                    {"status_after", ch.status_after},
                    {"status_after_evidence", ch.status_after_evidence},
                    {"scheduled", ch.scheduled},
                    {"event", event(ch.event)}});
  return dump({{"since", c.since},
               {"until", c.until},
               {"order", c.oldest_first ? "oldest" : "newest"},
               {"jurisdictions", c.jurisdictions},
               {"build_id", c.build_id},
               {"changes", list}});
}

std::string clause(const Clause& c) {
  return dump({{"id", c.id},
               {"instrument", c.instrument},
               {"jurisdiction", c.jurisdiction},
               {"parent", c.parent},
               {"children", c.children},
               {"language", c.language},
               {"fallback", c.fallback},
               {"languages", c.languages},
               {"label", c.text.label},
               {"heading", c.text.heading},
               {"text", c.text.text},
               {"categories", c.categories},
               {"official_url", c.official_url},
               {"instrument_name", c.instrument_name},
               {"instrument_title", c.instrument_title},
               {"instrument_status",
                {{"status", c.instrument_status}, {"date", c.instrument_status_date}, {"evidence", c.instrument_status_evidence}}},
               {"official_languages", c.official_languages},
               {"version_from", c.version_from}});
}

std::string provisions(const std::vector<Provision>& list) { return dump({{"provisions", provisions_array(list)}}); }

// The matrix is written straight to a string, not built as a json document first: every
// jurisdiction × every provision is ~730 values, and building, copying and freeing that many
// small objects cost more than three times the writing (bench/RESULTS.md, Provision matrix). The
// bytes are the ones dump() gives for the same document: keys in sorted order, no spaces, strings
// escaped by nlohmann (invalid UTF-8 replaced) unless they are valid UTF-8 with no control
// character, quote or backslash, which dump() copies as they are.
std::string matrix(const Matrix& m) {
  std::string out;
  out.reserve(4096 + 640 * m.provisions.size() * m.jurisdictions.size());
  auto string = [&out](const std::string& s) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte >= 0x20 && byte != '"' && byte != '\\';
    }) && text::is_valid_utf8(s);
    if (!plain) {
      out += dump(json(s));
      return;
    }
    out += '"';
    out += s;
    out += '"';
  };
  auto field = [&out, &string](const char* key, const std::string& value) { // `key` needs no escaping
    out += '"';
    out += key;
    out += "\":";
    string(value);
  };
  auto both = [&out, &string](const char* key, const Bilingual& text) {
    out += '"';
    out += key;
    out += "\":{\"en\":";
    string(text.en);
    out += ",\"fr\":";
    string(text.fr);
    out += '}';
  };
  auto flag = [&out](const char* key, bool value) {
    out += '"';
    out += key;
    out += value ? "\":true" : "\":false";
  };

  out += '{';
  field("as_of", m.as_of);
  out += ',';
  field("build_id", m.build_id);
  out += ',';
  field("corpus_commit", m.corpus_commit);
  out += ",\"jurisdictions\":[";
  for (std::size_t i = 0; i < m.jurisdictions.size(); ++i) { // as jurisdiction_header()
    const auto& j = m.jurisdictions[i];
    out += i == 0 ? "{" : ",{";
    field("as_of", j.as_of);
    out += ',';
    field("code", j.code);
    out += ',';
    field("kind", j.kind);
    out += ',';
    both("name", j.name);
    out += '}';
  }
  out += "],";
  field("language", m.language);
  out += ",\"provisions\":[";
  for (std::size_t i = 0; i < m.provisions.size(); ++i) { // as provision_object()
    const auto& p = m.provisions[i];
    out += i == 0 ? "{" : ",{";
    field("category", p.category);
    out += ',';
    both("definition", p.definition);
    out += ',';
    field("id", p.id);
    out += ',';
    both("label", p.label);
    out += '}';
  }
  out += "],\"values\":[";
  for (std::size_t r = 0; r < m.values.size(); ++r) {
    out += r == 0 ? "[" : ",[";
    for (std::size_t i = 0; i < m.values[r].size(); ++i) { // as provision_value()
      const auto& v = m.values[r][i];
      out += i == 0 ? "{\"citations\":[" : ",{\"citations\":[";
      for (std::size_t k = 0; k < v.citations.size(); ++k) { // as citation() with its instrument_status
        const auto& c = v.citations[k];
        out += k == 0 ? "{" : ",{";
        field("clause_id", c.clause_id);
        out += ',';
        field("instrument_evidence", c.instrument_evidence);
        out += ',';
        field("instrument_status", c.instrument_status);
        out += ',';
        field("label", c.label);
        out += ',';
        field("official_url", c.official_url);
        out += ',';
        flag("resolved", c.resolved);
        out += '}';
      }
      out += "],";
      field("jurisdiction", v.jurisdiction);
      out += ',';
      field("language", v.language);
      out += ',';
      flag("not_law", v.not_law);
      out += ',';
      field("note", v.note);
      out += ',';
      field("provision", v.provision);
      out += ',';
      field("value", v.value);
      out += '}';
    }
    out += ']';
  }
  out += "]}";
  return out;
}

std::string provision_detail(const ProvisionDetail& d) {
  json values = json::array();
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    json v = provision_value(d.values[i]);
    v["jurisdiction_name"] = bilingual(d.jurisdictions[i].name);
    values.push_back(std::move(v));
  }
  json out = provision_object(d.provision);
  out["language"] = d.language;
  out["values"] = values;
  return dump(out);
}

std::string convergence(const Convergence& c) {
  auto ids = [](const std::vector<Provision>& list) {
    json out = json::array();
    for (const auto& p : list) out.push_back(p.id);
    return out;
  };
  return dump({{"language", c.language},
               {"a", jurisdiction_header(c.a)},
               {"b", jurisdiction_header(c.b)},
               {"both", ids(c.both)},
               {"only_a", ids(c.only_a)},
               {"only_b", ids(c.only_b)},
               {"neither", ids(c.neither)},
               {"unknown", ids(c.unknown)},
               {"agreement", c.agreement}});
}

std::string related(const RelatedClauses& r) {
  json items = json::array();
  for (const auto& i : r.items)
    items.push_back({{"clause_id", i.clause_id},
                     {"jurisdiction", i.jurisdiction},
                     {"instrument", i.instrument},
                     {"instrument_status", i.instrument_status},
                     {"instrument_evidence", i.instrument_evidence},
                     {"label", i.label},
                     {"heading", i.heading},
                     {"language", i.language},
                     {"excerpt", i.excerpt},
                     {"found_by", i.found_by},
                     {"provisions", i.provisions},
                     {"score", i.score}});
  return dump({{"clause_id", r.clause_id}, {"language", r.language}, {"provisions", r.provisions}, {"items", items}});
}

std::string build_info(const BuildInfo& i) {
  return dump({{"build_id", i.build_id},
               {"built_at", i.built_at},
               {"corpus_commit", i.corpus_commit},
               {"schema_version", i.schema_version},
               {"counts",
                {{"jurisdictions", i.jurisdictions},
                 {"instruments", i.instruments},
                 {"clauses", i.clauses},
                 {"cells", i.cells},
                 {"provision_values", i.provision_values}}}});
}

std::string error(const std::string& code, const std::string& message, const std::string& parameter) {
  json body = {{"code", code}, {"message", message}};
  if (!parameter.empty()) body["parameter"] = parameter;
  return dump({{"error", body}});
}

} // namespace cadre::json
