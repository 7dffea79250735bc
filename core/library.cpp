#include "core/library.hpp"

#include "core/error.hpp"
#include "core/labels.hpp"
#include "core/official_link.hpp"
#include "core/related.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace cadre {
namespace {

std::string column_text(SQLite::Statement& q, int i) {
  return q.getColumn(i).isNull() ? std::string() : q.getColumn(i).getString();
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    auto end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr std::size_t k_related_excerpt_bytes = 280;
/// Clauses of other jurisdictions a search ranks after a unit it names by number ("GDPR article
/// 22"): enough to show the comparison, few enough to leave the page to the unit's own law.
constexpr int k_analogues_a_unit = 5;

/// True for statuses under which an instrument is not law in force.
bool is_not_law(const std::string& status) {
  return status == "bill" || status == "lapsed" || status == "revoked" || status == "superseded" ||
         status == "expired" || status == "withdrawn";
}

/// "eu/ai-act/art_14__para_1" -> {"eu/ai-act/art_14"}: the ids of the clause's ancestors within
/// its instrument, nearest first, following the `__` path convention (docs/clause-ids.md).
std::vector<std::string> ancestors_of(const std::string& clause_id) {
  std::vector<std::string> out;
  std::string id = clause_id;
  for (auto cut = id.rfind("__"); cut != std::string::npos && cut > id.rfind('/'); cut = id.rfind("__")) {
    id = id.substr(0, cut);
    out.push_back(id);
  }
  return out;
}

} // namespace

std::filesystem::path BuildLayout::resolve_current(const std::filesystem::path& data_dir) {
  const auto link = data_dir / k_current;
  std::error_code ec;
  const auto target = std::filesystem::canonical(link, ec);
  if (ec || !std::filesystem::is_directory(target))
    throw DataError("no Cadre build in " + data_dir.string() +
                    ": run `cadre index --corpus corpus --out " + data_dir.string() + "` first");
  return target;
}

void require_interface_language(const std::string& lang, const std::string& parameter) {
  if (lang != "en" && lang != "fr")
    throw UserError("unsupported language '" + lang + "': use en or fr", parameter);
}

struct Library::Impl {
  std::filesystem::path build_dir;
  std::unique_ptr<SQLite::Database> db;
  mutable std::mutex db_mutex;
  BuildInfo info;
  std::vector<Category> categories;
  std::vector<Jurisdiction> jurisdictions;                 // sorted by code
  std::map<std::pair<std::string, std::string>, Cell> cells; // (code/category, language)
  std::map<std::string, const Instrument*> instruments;

  mutable std::mutex searcher_mutex;
  mutable std::vector<std::unique_ptr<Searcher>> idle_searchers;

  struct StoredValue {
    std::string value;
    Bilingual note;
    std::vector<std::string> targets; ///< clause ids, or "instrument:<id>"
  };
  std::vector<Provision> provisions;
  std::map<std::pair<std::string, std::string>, StoredValue> values; // (code, provision)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> cited_by; // clause id -> (code, provision)
  std::map<std::string, std::map<std::string, std::string>> cited_labels; // clause id -> language -> label
  std::unique_ptr<RelatedIndex> related_index;

  /// The provisions whose values cite the clause, one of its ancestors or one of its parts, in
  /// the order of the provisions.
  std::vector<std::string> provisions_citing(const std::string& clause_id) const {
    std::set<std::string> provision_ids;
    auto add_citing = [&](const std::string& id) {
      if (auto it = cited_by.find(id); it != cited_by.end())
        for (const auto& [code, provision] : it->second) provision_ids.insert(provision);
    };
    add_citing(clause_id);
    for (const auto& ancestor : ancestors_of(clause_id)) add_citing(ancestor);
    for (auto it = cited_by.lower_bound(clause_id + "__"); it != cited_by.end() && it->first.starts_with(clause_id + "__"); ++it)
      add_citing(it->first);
    std::vector<std::string> out;
    for (const auto& p : provisions)
      if (provision_ids.count(p.id) > 0) out.push_back(p.id);
    return out;
  }

  /// Every clause of a jurisdiction other than `jurisdiction` that a "yes" or "partial" value of
  /// one of `provision_ids` cites, at most `limit`: best first by how telling the shared
  /// provisions are (one cited for few clauses across the corpus, a published safety framework,
  /// says more than one cited everywhere, binding rules on AI), then one jurisdiction at a time,
  /// so that a few jurisdictions do not fill the list. Only clause id, jurisdiction, found_by and
  /// provisions are set.
  std::vector<RelatedClause> cited_alike(const std::vector<std::string>& provision_ids, const std::string& jurisdiction,
                                         int limit) const {
    std::vector<RelatedClause> candidates;
    std::map<std::string, std::size_t> position; // clause id -> index in candidates
    std::map<std::string, double> weight;         // clause id -> sum of its shared provisions' weights
    for (const auto& provision : provision_ids) {
      std::vector<std::pair<std::string, std::string>> cited; // (jurisdiction, clause id)
      for (const auto& j : jurisdictions) {
        auto it = values.find({j.code, provision});
        if (it == values.end() || (it->second.value != "yes" && it->second.value != "partial")) continue;
        for (const auto& target : it->second.targets)
          if (!target.starts_with("instrument:") && cited_labels.count(target) > 0) cited.emplace_back(j.code, target);
      }
      const double provision_weight = 1.0 / static_cast<double>(std::max<std::size_t>(cited.size(), 1));
      for (const auto& [code, target] : cited) {
        if (code == jurisdiction) continue;
        auto [at, fresh] = position.emplace(target, candidates.size());
        if (fresh) {
          RelatedClause item;
          item.clause_id = target;
          item.jurisdiction = code;
          item.found_by = "provision";
          candidates.push_back(std::move(item));
        }
        candidates[at->second].provisions.push_back(provision);
        weight[target] += provision_weight;
      }
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](const RelatedClause& a, const RelatedClause& b) {
      return weight[a.clause_id] > weight[b.clause_id];
    });
    std::vector<RelatedClause> out;
    std::map<std::string, int> taken_per_jurisdiction;
    for (int round = 0; static_cast<int>(out.size()) < limit; ++round) {
      bool added = false;
      for (auto& candidate : candidates) {
        if (candidate.clause_id.empty() || taken_per_jurisdiction[candidate.jurisdiction] != round) continue;
        ++taken_per_jurisdiction[candidate.jurisdiction];
        out.push_back(std::move(candidate));
        candidate.clause_id.clear();
        added = true;
        if (static_cast<int>(out.size()) >= limit) break;
      }
      if (!added) break;
    }
    return out;
  }

  /// A searcher of this build that ranks, after a unit a query names by number, the clauses of
  /// other jurisdictions cited for the same provisions. Not for an aim or a scope: every law has
  /// them, and "AI推進法 第十三条" got five other laws' purpose articles through aims.trustworthy
  /// (bench/RESULTS.md).
  std::unique_ptr<Searcher> make_searcher() const {
    return std::make_unique<Searcher>(build_dir / BuildLayout::k_xapian, [this](const std::string& clause_id) {
      std::vector<std::string> ids;
      std::vector<std::string> shared = provisions_citing(clause_id);
      std::erase_if(shared, [](const std::string& p) { return p.starts_with("aims.") || p.starts_with("scope."); });
      for (auto& item : cited_alike(shared, clause_id.substr(0, clause_id.find('/')), k_analogues_a_unit))
        ids.push_back(std::move(item.clause_id));
      return ids;
    });
  }

  const Jurisdiction* find_jurisdiction(const std::string& code) const {
    auto it = std::lower_bound(jurisdictions.begin(), jurisdictions.end(), code,
                               [](const Jurisdiction& j, const std::string& c) { return j.code < c; });
    return it != jurisdictions.end() && it->code == code ? &*it : nullptr;
  }

  void load() {
    SQLite::Statement meta(*db, "SELECT key, value FROM meta");
    std::map<std::string, std::string> m;
    while (meta.executeStep()) m[meta.getColumn(0).getString()] = meta.getColumn(1).getString();
    info.build_id = m["build_id"];
    std::ifstream built_at(build_dir / "built_at");
    std::getline(built_at, info.built_at);
    info.corpus_commit = m["corpus_commit"];
    info.schema_version = schema_version();

    SQLite::Statement cats(*db, "SELECT id, label_en, label_fr, question_en, question_fr, description_en, description_fr "
                                      "FROM categories ORDER BY ordinal");
    while (cats.executeStep())
      categories.push_back({column_text(cats, 0), {column_text(cats, 1), column_text(cats, 2)},
                            {column_text(cats, 3), column_text(cats, 4)}, {column_text(cats, 5), column_text(cats, 6)}});

    SQLite::Statement js(*db, "SELECT code, name_en, name_fr, kind, parent, as_of FROM jurisdictions ORDER BY code");
    while (js.executeStep())
      jurisdictions.push_back({column_text(js, 0), {column_text(js, 1), column_text(js, 2)}, column_text(js, 3),
                               column_text(js, 4), column_text(js, 5), {}, {}});

    SQLite::Statement is(*db, R"(
      SELECT id, jurisdiction, short_name, title_en, title_fr, type, status, status_date, status_by,
             status_checked, status_note_en, status_note_fr, official_url, languages, short_name_fr,
             (SELECT count(*) FROM clauses c WHERE c.instrument = i.id), same_text_as
      FROM instruments i ORDER BY jurisdiction, ordinal)");
    std::map<std::string, std::vector<Instrument>> by_jurisdiction;
    while (is.executeStep()) {
      Instrument in;
      in.id = column_text(is, 0);
      in.jurisdiction = column_text(is, 1);
      in.short_name.en = column_text(is, 2);
      in.title = {column_text(is, 3), column_text(is, 4)};
      in.type = column_text(is, 5);
      in.status = column_text(is, 6);
      in.status_date = column_text(is, 7);
      in.status_by = column_text(is, 8);
      in.status_checked = column_text(is, 9);
      in.status_note = {column_text(is, 10), column_text(is, 11)};
      in.official_url = column_text(is, 12);
      in.languages = split(column_text(is, 13), ',');
      in.short_name.fr = column_text(is, 14);
      in.clause_count = is.getColumn(15).getInt();
      in.same_text_as = column_text(is, 16);
      by_jurisdiction[in.jurisdiction].push_back(std::move(in));
    }
    SQLite::Statement ds(*db, "SELECT instrument, event, date FROM instrument_dates ORDER BY instrument, date, event");
    std::map<std::string, std::vector<InstrumentDate>> dates;
    while (ds.executeStep()) dates[column_text(ds, 0)].push_back({column_text(ds, 1), column_text(ds, 2)});
    SQLite::Statement es(*db, R"(
      SELECT instrument, kind, date, by_instrument, phase_en, phase_fr, evidence_url, evidence_kind,
             evidence_name, evidence_seen, note_en, note_fr
      FROM instrument_events ORDER BY instrument, ordinal)");
    std::map<std::string, std::vector<InstrumentEvent>> events;
    while (es.executeStep()) {
      InstrumentEvent e;
      e.instrument = column_text(es, 0);
      e.kind = column_text(es, 1);
      e.date = column_text(es, 2);
      e.by = column_text(es, 3);
      e.phase = {column_text(es, 4), column_text(es, 5)};
      e.evidence = {column_text(es, 6), column_text(es, 7), column_text(es, 8), column_text(es, 9)};
      e.note = {column_text(es, 10), column_text(es, 11)};
      events[e.instrument].push_back(std::move(e));
    }
    SQLite::Statement vs(*db, "SELECT instrument, valid_from, is_current, note_en, note_fr FROM instrument_versions "
                              "ORDER BY instrument, valid_from");
    std::map<std::string, std::vector<InstrumentVersion>> versions;
    while (vs.executeStep())
      versions[column_text(vs, 0)].push_back(
          {column_text(vs, 1), vs.getColumn(2).getInt() != 0, {column_text(vs, 3), column_text(vs, 4)}});
    for (auto& j : jurisdictions) {
      j.instruments = std::move(by_jurisdiction[j.code]);
      for (auto& in : j.instruments) {
        in.dates = dates[in.id];
        in.events = std::move(events[in.id]);
        in.versions = std::move(versions[in.id]);
      }
    }
    for (const auto& j : jurisdictions)
      for (const auto& in : j.instruments) instruments[in.id] = &in;

    SQLite::Statement cs(*db, "SELECT jurisdiction, category, language, markdown, html, text, as_of, "
                                    "summary_markdown, summary_html, summary_text FROM cells");
    while (cs.executeStep()) {
      Cell cell;
      cell.jurisdiction = column_text(cs, 0);
      cell.category = column_text(cs, 1);
      cell.language = column_text(cs, 2);
      cell.markdown = column_text(cs, 3);
      cell.html = column_text(cs, 4);
      cell.text = column_text(cs, 5);
      cell.as_of = column_text(cs, 6);
      cell.summary_markdown = column_text(cs, 7);
      cell.summary_html = column_text(cs, 8);
      cell.summary_text = column_text(cs, 9);
      cells[{cell.jurisdiction + "/" + cell.category, cell.language}] = std::move(cell);
    }
    SQLite::Statement cit(*db, R"(
      SELECT jurisdiction, category, language, clause, label,
             EXISTS (SELECT 1 FROM clauses WHERE id = citations.clause)
      FROM citations ORDER BY jurisdiction, category, language, ordinal)");
    while (cit.executeStep()) {
      auto it = cells.find({column_text(cit, 0) + "/" + column_text(cit, 1), column_text(cit, 2)});
      if (it == cells.end()) continue;
      Citation citation;
      citation.clause_id = column_text(cit, 3);
      citation.label = column_text(cit, 4);
      citation.resolved = cit.getColumn(5).getInt() != 0;
      it->second.citations.push_back(std::move(citation));
    }
    // Exports quote each cited clause and link its instrument: resolve them once, here.
    SQLite::Statement texts(*db, "SELECT language, text FROM clause_texts WHERE clause = ?");
    for (auto& [key, cell] : cells)
      for (auto& citation : cell.citations) {
        const auto slash = citation.clause_id.rfind('/');
        if (auto in = instruments.find(citation.clause_id.substr(0, slash == std::string::npos ? 0 : slash));
            in != instruments.end())
          citation.official_url = official_link(in->second->official_url, citation.clause_id, cell.language);
        if (const auto at = citation.clause_id.find('@'); at != std::string::npos) {
          const auto version = version_text(citation.clause_id.substr(0, at), citation.clause_id.substr(at + 1), cell.language);
          citation.resolved = version.has_value();
          if (version) citation.clause_text = version->text;
          continue;
        }
        if (!citation.resolved) continue;
        texts.bind(1, citation.clause_id);
        std::string chosen, english;
        while (texts.executeStep()) {
          const std::string language = column_text(texts, 0);
          if (language == cell.language) chosen = column_text(texts, 1);
          else if (language == "en" || english.empty()) english = column_text(texts, 1);
        }
        texts.reset();
        citation.clause_text = chosen.empty() ? english : chosen;
      }
    load_provisions();
    info.jurisdictions = static_cast<int>(jurisdictions.size());
    info.instruments = static_cast<int>(instruments.size());
    info.cells = static_cast<int>(cells.size());
    info.clauses = db->execAndGet("SELECT count(*) FROM clauses").getInt();
  }

  /// The version of `instrument` in effect on `date`, or nullptr.
  const InstrumentVersion* version_on(const Instrument& instrument, const std::string& date) const {
    const InstrumentVersion* found = nullptr;
    for (const auto& v : instrument.versions)
      if (v.from <= date) found = &v;
    return found;
  }

  struct VersionClause {
    int ordinal = 0;
    std::map<std::string, ClauseText> texts; // by language
  };

  /// Every clause of one version: from clauses/clause_texts for the current text, else from
  /// version_clause_texts. Call with db_mutex held or during load.
  std::map<std::string, VersionClause> version_clauses(const std::string& instrument, const InstrumentVersion& v) const {
    std::map<std::string, VersionClause> out;
    std::unique_ptr<SQLite::Statement> q;
    if (v.current) {
      q = std::make_unique<SQLite::Statement>(*db, "SELECT c.id, c.ordinal, t.language, t.label, t.heading, t.text FROM clauses c "
                                                   "JOIN clause_texts t ON t.clause = c.id WHERE c.instrument = ?");
      q->bind(1, instrument);
    } else {
      q = std::make_unique<SQLite::Statement>(*db, "SELECT clause, ordinal, language, label, heading, text FROM version_clause_texts "
                                                   "WHERE instrument = ? AND valid_from = ?");
      q->bind(1, instrument);
      q->bind(2, v.from);
    }
    while (q->executeStep()) {
      auto& c = out[column_text(*q, 0)];
      c.ordinal = q->getColumn(1).getInt();
      c.texts[column_text(*q, 2)] = {column_text(*q, 2), column_text(*q, 3), column_text(*q, 4), column_text(*q, 5)};
    }
    return out;
  }

  /// The text of clause `id` in the version in effect on `date`, in `language` or another.
  std::optional<ClauseText> version_text(const std::string& id, const std::string& date, const std::string& language) const {
    std::string instrument_id;
    for (const auto& [iid, in] : instruments)
      if (id.starts_with(iid + "/") && iid.size() > instrument_id.size()) instrument_id = iid;
    if (instrument_id.empty() || !parse_date(date)) return std::nullopt;
    const auto* v = version_on(*instruments.at(instrument_id), date);
    if (v == nullptr) return std::nullopt;
    const auto clauses = version_clauses(instrument_id, *v);
    auto it = clauses.find(id);
    if (it == clauses.end() || it->second.texts.empty()) return std::nullopt;
    if (auto t = it->second.texts.find(language); t != it->second.texts.end()) return t->second;
    if (auto t = it->second.texts.find("en"); t != it->second.texts.end()) return t->second;
    return it->second.texts.begin()->second;
  }

  /// The date a view is computed for: the reader's, or today.
  static std::string view_date(const std::string& as_of) { return as_of.empty() ? today_utc() : as_of; }

  /// The events of the instruments a cell cites, dated after the cell was written and on or
  /// before `date`: each makes the cell "may be outdated".
  std::vector<CellWarning> warnings(const Cell& cell, const std::string& date) const {
    std::set<std::string> cited;
    for (const auto& citation : cell.citations) {
      if (instruments.count(citation.clause_id) > 0) {
        cited.insert(citation.clause_id);
        continue;
      }
      std::string best;
      for (auto it = instruments.begin(); it != instruments.end(); ++it)
        if (citation.clause_id.starts_with(it->first + "/") && it->first.size() > best.size()) best = it->first;
      if (!best.empty()) cited.insert(best);
    }
    std::vector<CellWarning> out;
    if (cell.as_of.empty()) return out;
    for (const auto& id : cited)
      for (const auto& e : instruments.at(id)->events) {
        if (e.kind == "status-check" || e.date <= cell.as_of || e.date > date) continue;
        CellWarning w;
        w.event = e;
        w.message = (cell.language == "fr" ? "peut être dépassé : " : "may be outdated: ") + id + " " +
                    describe_event(e, cell.language) + ", " + e.date;
        out.push_back(std::move(w));
      }
    std::stable_sort(out.begin(), out.end(), [](const CellWarning& a, const CellWarning& b) { return a.event.date < b.event.date; });
    return out;
  }

  std::vector<Instrument> instruments_of(const std::vector<std::string>& codes) const {
    std::vector<Instrument> out;
    for (const auto& j : jurisdictions)
      if (codes.empty() || std::find(codes.begin(), codes.end(), j.code) != codes.end())
        out.insert(out.end(), j.instruments.begin(), j.instruments.end());
    return out;
  }

  void load_provisions() {
    SQLite::Statement ps(*db, "SELECT id, category, label_en, label_fr, definition_en, definition_fr FROM provisions ORDER BY ordinal");
    while (ps.executeStep())
      provisions.push_back({column_text(ps, 0), column_text(ps, 1), {column_text(ps, 2), column_text(ps, 3)},
                            {column_text(ps, 4), column_text(ps, 5)}});
    SQLite::Statement vs(*db, "SELECT jurisdiction, provision, value, note_en, note_fr FROM provision_values");
    while (vs.executeStep())
      values[{column_text(vs, 0), column_text(vs, 1)}] = {column_text(vs, 2), {column_text(vs, 3), column_text(vs, 4)}, {}};
    SQLite::Statement cs(*db, "SELECT jurisdiction, provision, target FROM provision_citations ORDER BY jurisdiction, provision, ordinal");
    while (cs.executeStep()) {
      const std::string code = column_text(cs, 0), provision = column_text(cs, 1), target = column_text(cs, 2);
      values[{code, provision}].targets.push_back(target);
      if (!target.starts_with("instrument:")) cited_by[target].emplace_back(code, provision);
    }
    SQLite::Statement labels(*db, R"(
      SELECT clause, language, label FROM clause_texts
      WHERE clause IN (SELECT target FROM provision_citations))");
    while (labels.executeStep()) cited_labels[column_text(labels, 0)][column_text(labels, 1)] = column_text(labels, 2);
    info.provision_values = static_cast<int>(values.size());
  }

  /// The instrument of a clause id: its first two components ("<code>/<slug>", docs/clause-ids.md).
  const Instrument* instrument_of_clause(const std::string& clause_id) const {
    const auto first = clause_id.find('/');
    const auto second = first == std::string::npos ? first : clause_id.find('/', first + 1);
    if (second == std::string::npos) return nullptr;
    auto it = instruments.find(clause_id.substr(0, second));
    return it == instruments.end() ? nullptr : it->second;
  }

  /// A `cite` target as a citation in `language`: "<short name>, <clause label>".
  /// An instrument's status on `date`, computed from its events.
  static std::string status_on(const Instrument& in, const std::string& date) {
    if (in.events.empty()) return in.status;
    return status_as_of(in.events, date).status;
  }

  /// Fills a citation's instrument_status and instrument_evidence from `in` on `date`.
  static void set_status(Citation& c, const Instrument& in, const std::string& date) {
    if (in.events.empty()) {
      c.instrument_status = in.status;
      return;
    }
    const ComputedStatus s = status_as_of(in.events, date);
    c.instrument_status = s.status;
    c.instrument_evidence = s.evidence;
  }

  Citation provision_citation(const std::string& target, const std::string& language, const std::string& date) const {
    Citation c;
    if (target.starts_with("instrument:")) {
      c.clause_id = target;
      if (auto in = instruments.find(target.substr(11)); in != instruments.end()) {
        c.label = in->second->short_name.in(language);
        c.official_url = official_link(in->second->official_url, target, language);
        set_status(c, *in->second, date);
      }
      return c;
    }
    c.clause_id = target;
    const Instrument* in = instrument_of_clause(target);
    std::string label = target;
    if (auto found = cited_labels.find(target); found != cited_labels.end()) {
      c.resolved = true;
      const auto& by_language = found->second;
      auto pick = by_language.find(language);
      if (pick == by_language.end()) pick = by_language.find("en");
      if (pick == by_language.end()) pick = by_language.begin();
      label = pick->second;
    }
    if (in != nullptr) {
      c.label = in->short_name.in(language) + ", " + label;
      c.official_url = official_link(in->official_url, target, language);
      set_status(c, *in, date);
    } else {
      c.label = label;
    }
    return c;
  }

  /// A value with its citations' instrument statuses as of `date`.
  ProvisionValue provision_value(const std::string& code, const std::string& provision, const std::string& language,
                                 const std::string& date) const {
    ProvisionValue v;
    v.jurisdiction = code;
    v.provision = provision;
    v.language = language;
    auto it = values.find({code, provision});
    if (it == values.end()) return v;
    v.value = it->second.value;
    v.note = it->second.note.in(language);
    for (const auto& target : it->second.targets) v.citations.push_back(provision_citation(target, language, date));
    v.not_law = !v.citations.empty() && std::all_of(v.citations.begin(), v.citations.end(), [](const Citation& c) {
      return is_not_law(c.instrument_status);
    });
    return v;
  }

  /// The categories named in a request, in order, or all of them; UserError names `parameter`.
  std::vector<Category> chosen_categories(const std::vector<std::string>& ids, const std::string& parameter) const {
    if (ids.empty()) return categories;
    std::vector<Category> out;
    std::set<std::string> seen;
    for (const auto& id : ids) {
      auto it = std::find_if(categories.begin(), categories.end(), [&](const Category& c) { return c.id == id; });
      if (it == categories.end()) {
        std::vector<std::string> known;
        for (const auto& c : categories) known.push_back(c.id);
        throw UserError("unknown category '" + id + "': use " + join(known, ", "), parameter);
      }
      if (!seen.insert(id).second) throw UserError("category '" + id + "' is named twice", parameter);
      out.push_back(*it);
    }
    return out;
  }

  const Jurisdiction& known_jurisdiction(const std::string& code, const std::string& parameter) const {
    const auto* j = find_jurisdiction(code);
    if (j == nullptr) throw UserError("unknown jurisdiction '" + code + "': `cadre list` shows the codes", parameter);
    return *j;
  }

  Cell cell(const std::string& code, const std::string& category, const std::string& language) const {
    const std::string key = code + "/" + category;
    if (auto it = cells.find({key, language}); it != cells.end()) return it->second;
    const std::string other = language == "fr" ? "en" : "fr";
    if (auto it = cells.find({key, other}); it != cells.end()) {
      Cell fallback = it->second;
      fallback.fallback = true;
      return fallback;
    }
    Cell empty;
    empty.jurisdiction = code;
    empty.category = category;
    empty.language = language;
    return empty;
  }
};

Library::Library(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Library::~Library() = default;

std::shared_ptr<const Library> Library::open(const std::filesystem::path& data_dir) {
  return open_build(BuildLayout::resolve_current(data_dir));
}

std::shared_ptr<const Library> Library::open_build(const std::filesystem::path& build_dir) {
  auto impl = std::make_unique<Impl>();
  impl->build_dir = build_dir;
  const auto sqlite_path = build_dir / BuildLayout::k_sqlite;
  if (!std::filesystem::exists(sqlite_path))
    throw DataError("the build " + build_dir.string() + " has no database: rebuild with `cadre index`");
  try {
    impl->db = std::make_unique<SQLite::Database>(sqlite_path.string(), SQLite::OPEN_READONLY);
    // A small page cache: the build is read-only and the kernel's page cache, shared by every
    // process that serves it, already holds its file. SQLite's default 2 MiB per connection was
    // a third of a server's heap, and its pages, allocated one by one as they were first read,
    // scattered a build over the heap (bench/RESULTS.md, Soak).
    impl->db->exec("PRAGMA cache_size = -256");
    const int version = impl->db->execAndGet("PRAGMA user_version").getInt();
    if (version != schema_version())
      throw DataError("the build " + build_dir.string() + " was made with database schema version " +
                      std::to_string(version) + ", this Cadre reads version " + std::to_string(schema_version()) +
                      ": rebuild it with `cadre index`");
    impl->load();
  } catch (const SQLite::Exception& e) {
    throw DataError("cannot read the build database " + sqlite_path.string() + ": " + e.what() +
                    "; rebuild it with `cadre index`");
  }
  // Open one searcher now so a missing or corrupt index is reported at open, not at first search.
  impl->idle_searchers.push_back(impl->make_searcher());
  impl->related_index = std::make_unique<RelatedIndex>(build_dir / BuildLayout::k_xapian);
  return std::shared_ptr<const Library>(new Library(std::move(impl)));
}

const BuildInfo& Library::info() const { return m_impl->info; }
const std::filesystem::path& Library::build_dir() const { return m_impl->build_dir; }
const std::vector<Category>& Library::categories() const { return m_impl->categories; }
std::vector<Jurisdiction> Library::jurisdictions(const std::string& as_of) const {
  const std::string date = Impl::view_date(as_of);
  auto out = m_impl->jurisdictions;
  for (auto& j : out) apply_status_as_of(j.instruments, date);
  return out;
}

Jurisdiction Library::jurisdiction(const std::string& code, const std::string& as_of) const {
  if (const auto* j = m_impl->find_jurisdiction(code)) {
    Jurisdiction out = *j;
    apply_status_as_of(out.instruments, Impl::view_date(as_of));
    return out;
  }
  throw NotFound("unknown jurisdiction '" + code + "': `cadre list` shows the codes", "code");
}

ComputedStatus Library::status(const std::string& instrument, const std::string& as_of) const {
  auto it = m_impl->instruments.find(instrument);
  if (it == m_impl->instruments.end())
    throw NotFound("unknown instrument '" + instrument + "': `cadre show <code>` lists them", "instrument");
  return status_as_of(it->second->events, Impl::view_date(as_of));
}

std::string Library::check_as_of(const std::string& as_of, const std::string& parameter,
                                 const std::vector<std::string>& codes) const {
  return cadre::check_as_of(as_of, parameter, first_event_date(m_impl->instruments_of(codes)));
}

Changes Library::changes(const ChangesRequest& request) const {
  require_interface_language(request.language, "lang");
  std::string why;
  if (request.since.empty()) throw UserError("give the date of your last reading, like since=2026-06-01", "since");
  if (!parse_date(request.since, &why)) throw UserError("since date '" + request.since + "' " + why, "since");
  if (!request.until.empty() && !parse_date(request.until, &why))
    throw UserError("until date '" + request.until + "' " + why, "until");
  const std::string today = today_utc();
  Changes out;
  out.since = request.since;
  out.until = request.until.empty() ? today : request.until;
  out.oldest_first = request.oldest_first;
  out.language = request.language;
  out.build_id = m_impl->info.build_id;
  if (request.until.empty() && request.since > today)
    throw UserError("since date " + request.since + " is in the future: nothing can have changed since then (to list what is "
                    "scheduled, give an until date too)", "since");
  if (request.since > out.until)
    throw UserError("since date " + request.since + " is after the until date " + out.until + ": give them in that order", "since");
  for (const auto& code : request.jurisdictions)
    if (m_impl->find_jurisdiction(code) == nullptr)
      throw UserError("unknown jurisdiction '" + code + "': `cadre list` shows the codes", "j");
  out.jurisdictions = request.jurisdictions;
  // An event of a copy of another instrument's text (same_text_as) that the original has too
  // (the same kind, date, instrument acting and phase) is that law's event once, not twice.
  const auto repeats_original = [](const Jurisdiction& j, const Instrument& in, const InstrumentEvent& e) {
    if (in.same_text_as.empty()) return false;
    const auto original = std::find_if(j.instruments.begin(), j.instruments.end(),
                                       [&](const Instrument& o) { return o.id == in.same_text_as; });
    return original != j.instruments.end() &&
           std::any_of(original->events.begin(), original->events.end(), [&](const InstrumentEvent& o) {
             return o.kind == e.kind && o.date == e.date && o.by == e.by && o.phase.en == e.phase.en;
           });
  };
  for (const auto& j : m_impl->jurisdictions) {
    if (!request.jurisdictions.empty() &&
        std::find(request.jurisdictions.begin(), request.jurisdictions.end(), j.code) == request.jurisdictions.end())
      continue;
    for (const auto& in : j.instruments)
      for (const auto& e : in.events) {
        if (e.kind == "status-check" || e.date < request.since || e.date > out.until) continue;
        if (repeats_original(j, in, e)) continue;
        Change c;
        c.event = e;
        c.jurisdiction = j.code;
        c.short_name = in.short_name;
        c.title = in.title;
        c.official_url = official_link(in.official_url, "", request.language);
        const auto s = status_as_of(in.events, e.date);
        c.status_after = s.status.empty() ? "none" : s.status;
        c.status_after_evidence = s.evidence;
        c.scheduled = e.date > today;
        out.changes.push_back(std::move(c));
      }
  }
  std::stable_sort(out.changes.begin(), out.changes.end(), [&](const Change& a, const Change& b) {
    if (a.event.date != b.event.date) return request.oldest_first ? a.event.date < b.event.date : a.event.date > b.event.date;
    return a.event.instrument < b.event.instrument;
  });
  return out;
}

Comparison Library::compare(const CompareRequest& request) const {
  require_interface_language(request.language, "lang");
  if (request.jurisdictions.empty())
    throw UserError("name at least one jurisdiction to compare", "jurisdictions");
  if (request.jurisdictions.size() > k_max_compare)
    throw UserError("compare at most " + std::to_string(k_max_compare) + " jurisdictions at once", "jurisdictions");
  Comparison comparison;
  comparison.language = request.language;
  comparison.build_id = m_impl->info.build_id;
  comparison.corpus_commit = m_impl->info.corpus_commit;
  std::set<std::string> seen;
  for (const auto& code : request.jurisdictions) {
    const auto* j = m_impl->find_jurisdiction(code);
    if (j == nullptr) throw UserError("unknown jurisdiction '" + code + "': `cadre list` shows the codes", "jurisdictions");
    if (!seen.insert(code).second) throw UserError("jurisdiction '" + code + "' is named twice", "jurisdictions");
    comparison.jurisdictions.push_back(*j);
  }
  seen.clear();
  if (request.categories.empty()) {
    comparison.categories = m_impl->categories;
  } else {
    for (const auto& id : request.categories) {
      auto it = std::find_if(m_impl->categories.begin(), m_impl->categories.end(),
                             [&](const Category& c) { return c.id == id; });
      if (it == m_impl->categories.end()) {
        std::vector<std::string> ids;
        for (const auto& c : m_impl->categories) ids.push_back(c.id);
        throw UserError("unknown category '" + id + "': use " + join(ids, ", "), "categories");
      }
      if (!seen.insert(id).second) throw UserError("category '" + id + "' is named twice", "categories");
      comparison.categories.push_back(*it);
    }
  }
  if (!request.as_of.empty()) check_as_of(request.as_of, "as_of", request.jurisdictions);
  comparison.as_of = Impl::view_date(request.as_of);
  comparison.as_of_given = !request.as_of.empty();
  comparison.as_of_note = future_note(comparison.as_of, today_utc(), request.language);
  for (auto& j : comparison.jurisdictions) apply_status_as_of(j.instruments, comparison.as_of);
  for (const auto& category : comparison.categories) {
    std::vector<Cell> row;
    for (const auto& j : comparison.jurisdictions) {
      Cell cell = m_impl->cell(j.code, category.id, request.language);
      cell.warnings = m_impl->warnings(cell, comparison.as_of);
      row.push_back(std::move(cell));
    }
    comparison.cells.push_back(std::move(row));
  }
  return comparison;
}

VersionDiff Library::diff(const std::string& from, const std::string& to, const std::string& language) const {
  struct Address {
    const Instrument* instrument;
    std::string date;
    const InstrumentVersion* version;
  };
  auto resolve = [&](const std::string& address, const std::string& parameter) {
    const auto at = address.rfind('@');
    if (at == std::string::npos || at == 0)
      throw UserError("'" + address + "' is not a version: write <instrument>@<date>, e.g. kr/ai-basic-act@2026-01-22", parameter);
    const std::string id = address.substr(0, at), date = address.substr(at + 1);
    std::string why;
    if (!parse_date(date, &why)) throw UserError("version date '" + date + "' " + why, parameter);
    auto it = m_impl->instruments.find(id);
    if (it == m_impl->instruments.end())
      throw NotFound("unknown instrument '" + id + "': `cadre show <code>` lists them", parameter);
    if (it->second->versions.empty())
      throw NotFound(id + " has a single text in this build: it has no versions to compare", parameter);
    const auto* v = m_impl->version_on(*it->second, date);
    if (v == nullptr)
      throw NotFound("no version of " + id + " was in effect on " + date + ": its first text applies from " +
                         it->second->versions.front().from,
                     parameter);
    return Address{it->second, date, v};
  };
  const Address a = resolve(from, "from");
  const Address b = resolve(to, "to");
  if (a.instrument != b.instrument)
    throw UserError("compare two versions of one instrument: " + a.instrument->id + " and " + b.instrument->id + " differ", "to");
  std::lock_guard lock(m_impl->db_mutex);
  try {
    const auto old_clauses = m_impl->version_clauses(a.instrument->id, *a.version);
    const auto new_clauses = m_impl->version_clauses(b.instrument->id, *b.version);
    VersionDiff d;
    d.instrument = a.instrument->id;
    d.from_address = from;
    d.to_address = to;
    d.from_version = a.version->from;
    d.to_version = b.version->from;
    // The language: the one asked for when both texts have it, else one they share (English first).
    auto languages_of = [](const std::map<std::string, Impl::VersionClause>& clauses) {
      std::set<std::string> out;
      for (const auto& [id, c] : clauses)
        for (const auto& [lang, t] : c.texts) out.insert(lang);
      return out;
    };
    const auto la = languages_of(old_clauses), lb = languages_of(new_clauses);
    std::vector<std::string> candidates = {language, "en", "fr"};
    candidates.insert(candidates.end(), la.begin(), la.end());
    for (const auto& l : candidates)
      if (la.count(l) > 0 && lb.count(l) > 0) {
        d.language = l;
        break;
      }
    auto text_of = [&](const Impl::VersionClause& c) -> const ClauseText* {
      auto it = c.texts.find(d.language);
      return it == c.texts.end() ? nullptr : &it->second;
    };
    std::vector<std::pair<int, std::string>> order;
    for (const auto& [id, c] : new_clauses) order.emplace_back(c.ordinal, id);
    std::sort(order.begin(), order.end());
    for (const auto& [ordinal, id] : order) {
      const auto* now = text_of(new_clauses.at(id));
      if (now == nullptr) continue;
      auto old = old_clauses.find(id);
      const ClauseText* before = old == old_clauses.end() ? nullptr : text_of(old->second);
      ClauseDiff c;
      c.id = id;
      c.label = now->label;
      c.new_text = now->text;
      if (before == nullptr) {
        c.change = "added";
      } else if (before->text == now->text) {
        ++d.unchanged;
        continue;
      } else {
        c.change = "changed";
        c.old_text = before->text;
        c.pieces = word_diff(before->text, now->text);
      }
      d.clauses.push_back(std::move(c));
    }
    std::vector<std::pair<int, std::string>> removed;
    for (const auto& [id, c] : old_clauses)
      if (new_clauses.count(id) == 0 && text_of(c) != nullptr) removed.emplace_back(c.ordinal, id);
    std::sort(removed.begin(), removed.end());
    for (const auto& [ordinal, id] : removed) {
      const auto* before = text_of(old_clauses.at(id));
      d.clauses.push_back({id, "removed", before->label, before->text, "", {}});
    }
    return d;
  } catch (const SQLite::Exception& e) {
    throw DataError("reading the versions of " + a.instrument->id + " from " + m_impl->build_dir.string() + " failed: " + e.what());
  }
}

SearchResults Library::search(const SearchRequest& original) const {
  if (!original.as_of.empty()) check_as_of(original.as_of, "as_of");
  const std::string date = Impl::view_date(original.as_of);
  SearchRequest request = original;
  // Statuses change with the date viewed, so a status filter becomes the list of instruments
  // that had one of those statuses on that date (intersected with any instrument filter).
  if (!request.statuses.empty()) {
    for (const auto& status : request.statuses)
      if (std::none_of(k_status_labels.begin(), k_status_labels.end(), [&](const VocabularyLabel& l) { return l.id == status; })) {
        std::string known;
        for (const auto& l : k_status_labels) known += (known.empty() ? "" : ", ") + std::string(l.id);
        throw UserError("unknown status '" + status + "': use one of " + known, "statuses");
      }
    std::vector<std::string> matching;
    for (const auto& [id, in] : m_impl->instruments) {
      std::string status = in->status;
      if (!in->events.empty()) {
        status = status_as_of(in->events, date).status;
        if (status.empty()) status = "none";
      }
      if (std::find(request.statuses.begin(), request.statuses.end(), status) == request.statuses.end()) continue;
      if (!request.instruments.empty() &&
          std::find(request.instruments.begin(), request.instruments.end(), id) == request.instruments.end())
        continue;
      matching.push_back(id);
    }
    if (matching.empty()) { // no instrument had those statuses on that date: nothing can match
      SearchResults none;
      none.query = original.query;
      none.page = original.page;
      none.page_size = original.page_size;
      none.as_of = date;
      return none;
    }
    request.statuses.clear();
    request.instruments = std::move(matching);
  }
  SearchResults results = search_with_pool(request);
  results.as_of = date;
  for (auto& hit : results.hits) {
    if (hit.instrument.empty()) continue;
    auto it = m_impl->instruments.find(hit.instrument);
    if (it == m_impl->instruments.end()) continue;
    std::vector<Instrument> one{*it->second};
    apply_status_as_of(one, date);
    hit.status = one.front().status;
    hit.status_date = one.front().status_date;
    hit.status_evidence = one.front().status_evidence;
  }
  return results;
}

SearchResults Library::search_with_pool(const SearchRequest& request) const {
  std::unique_ptr<Searcher> searcher;
  {
    std::lock_guard lock(m_impl->searcher_mutex);
    if (!m_impl->idle_searchers.empty()) {
      searcher = std::move(m_impl->idle_searchers.back());
      m_impl->idle_searchers.pop_back();
    }
  }
  if (!searcher) searcher = m_impl->make_searcher();
  struct Return {
    Impl& impl;
    std::unique_ptr<Searcher>& searcher;
    ~Return() {
      std::lock_guard lock(impl.searcher_mutex);
      impl.idle_searchers.push_back(std::move(searcher));
    }
  } give_back{*m_impl, searcher};
  return searcher->search(request);
}

namespace {

/// The facts about a clause's instrument that the clause carries (see Clause).
void describe_instrument(Clause& clause, const Instrument& instrument, const std::string& language,
                         const std::string& version_from) {
  clause.jurisdiction = instrument.jurisdiction;
  clause.official_url = official_link(instrument.official_url, clause.id, language);
  clause.instrument_name = instrument.short_name.in(language);
  clause.instrument_title = instrument.title.in(language == "fr" ? "fr" : "en");
  const auto status = status_as_of(instrument.events, today_utc());
  clause.instrument_status = status.status;
  clause.instrument_status_date = status.date;
  clause.instrument_status_evidence = status.evidence;
  clause.official_languages = instrument.languages;
  clause.version_from = version_from;
}

/// The date from which the instrument's current text applies, when it has recorded versions.
std::string current_version_from(const Instrument& instrument) {
  for (const auto& v : instrument.versions)
    if (v.current) return v.from;
  return "";
}

} // namespace

Clause Library::clause(const std::string& id, const std::string& language) const {
  std::lock_guard lock(m_impl->db_mutex);
  if (const auto at = id.find('@'); at != std::string::npos) {
    const std::string base = id.substr(0, at), date = id.substr(at + 1);
    std::string why;
    if (!parse_date(date, &why)) throw UserError("version date '" + date + "' " + why, "id");
    try {
      const auto text = m_impl->version_text(base, date, language);
      if (!text) throw NotFound("no clause '" + base + "' in the version in effect on " + date, "id");
      Clause clause;
      clause.id = id;
      for (const auto& [iid, in] : m_impl->instruments)
        if (base.starts_with(iid + "/") && iid.size() > clause.instrument.size()) clause.instrument = iid;
      const Instrument* instrument = m_impl->instruments.at(clause.instrument);
      std::string from;
      for (const auto& v : instrument->versions)
        if (v.from <= date) from = v.from;
      describe_instrument(clause, *instrument, language, from);
      clause.text = *text;
      clause.language = text->language;
      clause.languages = {text->language};
      clause.fallback = !language.empty() && text->language != language;
      return clause;
    } catch (const SQLite::Exception& e) {
      throw DataError("reading clause " + id + " from " + m_impl->build_dir.string() + " failed: " + e.what());
    }
  }
  try {
    SQLite::Statement q(*m_impl->db, "SELECT instrument, parent FROM clauses WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) {
      std::string instrument_id;
      for (const auto& [iid, in] : m_impl->instruments)
        if (id.starts_with(iid + "/") && iid.size() > instrument_id.size()) instrument_id = iid;
      if (instrument_id.empty())
        throw NotFound("no clause '" + id + "': its instrument is unknown (ids look like eu/ai-act/art_3)", "id");
      if (m_impl->instruments.at(instrument_id)->clause_count == 0)
        throw NotFound("no clause '" + id + "': the text of " + instrument_id +
                           " is not indexed in this build (index with --sources DIR)", "id");
      throw NotFound("no clause '" + id + "' in " + instrument_id, "id");
    }
    Clause clause;
    clause.id = id;
    clause.instrument = column_text(q, 0);
    clause.parent = column_text(q, 1);
    const Instrument* instrument = m_impl->instruments.at(clause.instrument);
    describe_instrument(clause, *instrument, language, current_version_from(*instrument));

    SQLite::Statement texts(*m_impl->db, "SELECT language, label, heading, text FROM clause_texts WHERE clause = ? ORDER BY language");
    texts.bind(1, id);
    std::vector<ClauseText> versions;
    while (texts.executeStep())
      versions.push_back({column_text(texts, 0), column_text(texts, 1), column_text(texts, 2), column_text(texts, 3)});
    for (const auto& v : versions) clause.languages.push_back(v.language);
    auto pick = [&](const std::string& lang) {
      return std::find_if(versions.begin(), versions.end(), [&](const ClauseText& v) { return v.language == lang; });
    };
    auto chosen = pick(language);
    if (chosen == versions.end()) chosen = pick("en");
    if (chosen == versions.end()) chosen = versions.begin();
    if (chosen == versions.end()) throw InternalError("clause " + id + " has no text");
    clause.text = *chosen;
    clause.language = chosen->language;
    clause.fallback = !language.empty() && chosen->language != language;

    SQLite::Statement children(*m_impl->db, "SELECT id FROM clauses WHERE parent = ? ORDER BY ordinal");
    children.bind(1, id);
    while (children.executeStep()) clause.children.push_back(column_text(children, 0));
    SQLite::Statement tags(*m_impl->db, "SELECT category FROM clause_categories WHERE clause = ? ORDER BY category");
    tags.bind(1, id);
    while (tags.executeStep()) clause.categories.push_back(column_text(tags, 0));
    return clause;
  } catch (const SQLite::Exception& e) {
    throw DataError("reading clause " + id + " from " + m_impl->build_dir.string() + " failed: " + e.what());
  }
}

const std::vector<Provision>& Library::provisions() const { return m_impl->provisions; }

Matrix Library::matrix(const MatrixRequest& request) const {
  require_interface_language(request.language, "lang");
  Matrix matrix;
  matrix.language = request.language;
  matrix.build_id = m_impl->info.build_id;
  matrix.corpus_commit = m_impl->info.corpus_commit;
  if (!request.as_of.empty()) check_as_of(request.as_of, "as_of", request.jurisdictions);
  matrix.as_of = Impl::view_date(request.as_of);
  std::set<std::string> seen;
  if (request.jurisdictions.empty()) matrix.jurisdictions = m_impl->jurisdictions;
  for (const auto& code : request.jurisdictions) {
    matrix.jurisdictions.push_back(m_impl->known_jurisdiction(code, "jurisdictions"));
    if (!seen.insert(code).second) throw UserError("jurisdiction '" + code + "' is named twice", "jurisdictions");
  }
  std::set<std::string> categories;
  for (const auto& c : m_impl->chosen_categories(request.categories, "categories")) categories.insert(c.id);
  seen.clear();
  for (const auto& id : request.provisions) {
    auto it = std::find_if(m_impl->provisions.begin(), m_impl->provisions.end(), [&](const Provision& p) { return p.id == id; });
    if (it == m_impl->provisions.end())
      throw UserError("unknown provision '" + id + "': `cadre provision` without an id lists them", "provisions");
    if (!seen.insert(id).second) throw UserError("provision '" + id + "' is named twice", "provisions");
    if (categories.count(it->category) > 0) matrix.provisions.push_back(*it);
  }
  if (request.provisions.empty())
    for (const auto& p : m_impl->provisions)
      if (categories.count(p.category) > 0) matrix.provisions.push_back(p);
  for (const auto& p : matrix.provisions) {
    std::vector<ProvisionValue> row;
    for (const auto& j : matrix.jurisdictions) row.push_back(m_impl->provision_value(j.code, p.id, request.language, matrix.as_of));
    matrix.values.push_back(std::move(row));
  }
  return matrix;
}

ProvisionDetail Library::provision(const std::string& id, const std::string& language) const {
  require_interface_language(language, "lang");
  auto it = std::find_if(m_impl->provisions.begin(), m_impl->provisions.end(), [&](const Provision& p) { return p.id == id; });
  if (it == m_impl->provisions.end())
    throw NotFound("unknown provision '" + id + "': `cadre provision` without an id lists them", "id");
  ProvisionDetail detail;
  detail.provision = *it;
  detail.language = language;
  for (const auto& j : m_impl->jurisdictions) {
    if (m_impl->values.count({j.code, id}) == 0) continue;
    detail.jurisdictions.push_back(j);
    detail.values.push_back(m_impl->provision_value(j.code, id, language, Impl::view_date({})));
  }
  return detail;
}

Convergence Library::converge(const ConvergeRequest& request) const {
  require_interface_language(request.language, "lang");
  if (request.a.empty()) throw UserError("name the first jurisdiction, like a=eu", "a");
  if (request.b.empty()) throw UserError("name the second jurisdiction, like b=ca", "b");
  Convergence out;
  out.language = request.language;
  out.a = m_impl->known_jurisdiction(request.a, "a");
  out.b = m_impl->known_jurisdiction(request.b, "b");
  if (request.a == request.b) throw UserError("compare two different jurisdictions ('" + request.a + "' is named twice)", "b");
  std::set<std::string> categories;
  for (const auto& c : m_impl->chosen_categories(request.categories, "categories")) categories.insert(c.id);
  auto sets = [&](const std::string& code, const std::string& provision) -> int { // 1 set, 0 not, -1 unknown
    auto it = m_impl->values.find({code, provision});
    if (it == m_impl->values.end() || it->second.value == "unclear") return -1;
    return it->second.value == "no" ? 0 : 1;
  };
  int agree = 0;
  for (const auto& p : m_impl->provisions) {
    if (categories.count(p.category) == 0) continue;
    const int a = sets(request.a, p.id), b = sets(request.b, p.id);
    if (a < 0 || b < 0) out.unknown.push_back(p);
    else if (a && b) out.both.push_back(p);
    else if (a) out.only_a.push_back(p);
    else if (b) out.only_b.push_back(p);
    else out.neither.push_back(p);
    if (a >= 0 && b >= 0 && a == b) ++agree;
  }
  const std::size_t compared = out.both.size() + out.only_a.size() + out.only_b.size() + out.neither.size();
  out.agreement = compared == 0 ? 0 : static_cast<double>(agree) / static_cast<double>(compared);
  return out;
}

RelatedClauses Library::related(const std::string& clause_id, const std::string& language, int limit) const {
  require_interface_language(language, "lang");
  if (limit < 1 || limit > k_max_related)
    throw UserError("limit must be between 1 and " + std::to_string(k_max_related), "limit");
  const Clause origin = clause(clause_id, language); // NotFound for an unknown clause
  RelatedClauses out;
  out.clause_id = clause_id;
  out.language = language;

  out.provisions = m_impl->provisions_citing(clause_id);
  out.items = m_impl->cited_alike(out.provisions, origin.jurisdiction, limit);

  std::vector<std::string> skip;
  for (const auto& item : out.items) skip.push_back(item.clause_id);
  for (const auto& similar : m_impl->related_index->similar(clause_id, origin.jurisdiction, skip, limit)) {
    RelatedClause item;
    item.clause_id = similar.clause_id;
    item.found_by = "content";
    item.score = similar.percent;
    out.items.push_back(std::move(item));
  }

  for (auto& item : out.items) {
    const Clause c = clause(item.clause_id, language);
    const Instrument* in = m_impl->instruments.at(c.instrument);
    item.jurisdiction = c.jurisdiction;
    item.instrument = c.instrument;
    item.instrument_status = Impl::status_on(*in, Impl::view_date({}));
    item.instrument_evidence = c.instrument_status_evidence;
    item.language = c.language;
    item.label = in->short_name.in(language) + ", " + c.text.label;
    item.heading = c.text.heading;
    item.excerpt = text::excerpt(c.text.text, k_related_excerpt_bytes);
  }
  return out;
}

} // namespace cadre
