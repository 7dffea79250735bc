#include "indexer/provisions.hpp"

#include "core/schema.hpp"
#include "indexer/corpus.hpp"
#include "indexer/input_bounds.hpp"
#include "indexer/sources.hpp"
#include "indexer/tagger.hpp"
#include "indexer/toml_reader.hpp"

#include <algorithm>
#include <set>

namespace cadre::indexer {
namespace {

const std::set<std::string> k_values(std::begin(k_provision_values), std::end(k_provision_values));

std::string instrument_of(const std::string& clause_id) {
  const auto slash = clause_id.rfind('/');
  return slash == std::string::npos ? std::string() : clause_id.substr(0, slash);
}

/// The instrument id that `clause_id` belongs to among `instruments` (the longest that prefixes
/// it), or empty.
std::string owning_instrument(const std::string& clause_id, const std::map<std::string, bool>& instruments) {
  std::string best;
  for (const auto& [id, has_text] : instruments)
    if (clause_id.starts_with(id + "/") && id.size() > best.size()) best = id;
  return best;
}

void read_cites(TableReader& r, ProvisionValueSpec& spec, const std::string& code,
                const std::map<std::string, bool>& instruments, const std::string& context) {
  const auto* node = r.get("cite");
  if (node == nullptr) return;
  const auto* array = node->as_array();
  if (array == nullptr) {
    r.error_at(node, context + "'cite' must be an array of clause ids, such as [\"" + code + "/act/art_1\"]");
    return;
  }
  std::set<std::string> seen;
  for (const auto& item : *array) {
    const auto* s = item.as_string();
    if (s == nullptr) {
      r.error_at(&item, context + "'cite' must hold only strings (clause ids)");
      continue;
    }
    ProvisionCiteSpec cite;
    cite.line = static_cast<int>(item.source().begin.line);
    cite.column = static_cast<int>(item.source().begin.column);
    std::string target = s->get();
    if (!seen.insert(target).second) {
      r.error_at(&item, context + "'" + target + "' is cited twice");
      continue;
    }
    if (target.starts_with("instrument:")) {
      cite.whole_instrument = true;
      cite.target = target.substr(11);
      auto it = instruments.find(cite.target);
      if (it == instruments.end()) {
        r.error_at(&item, context + "'" + target + "' names no instrument of " + code + " (see jurisdiction.toml)");
        continue;
      }
      if (it->second) {
        r.error_at(&item, context + "'" + target + "' has a source text: cite the clause that carries the provision");
        continue;
      }
    } else {
      cite.target = target;
      const std::string instrument = owning_instrument(target, instruments);
      if (instrument.empty()) {
        r.error_at(&item, context + "'" + target + "' is not a clause of an instrument of " + code +
                              " (clause ids look like " + code + "/<instrument>/art_1; instruments are listed in "
                              "jurisdiction.toml)");
        continue;
      }
      if (!instruments.at(instrument)) {
        r.error_at(&item, context + "'" + target + "' names a clause of " + instrument +
                              ", which has no source text: cite it as \"instrument:" + instrument + "\"");
        continue;
      }
    }
    spec.cites.push_back(std::move(cite));
  }
}

} // namespace

ProvisionsSpec parse_provisions(const std::string& text, const std::string& display_path, const std::string& code,
                                const std::map<std::string, bool>& instruments, Diagnostics& diags) {
  ProvisionsSpec spec;
  spec.path = display_path;
  if (const auto violation = check_toml_bounds(text)) {
    diags.error(display_path, violation->line, violation->column, violation->message);
    return spec;
  }
  toml::table root;
  try {
    root = toml::parse(text, display_path);
  } catch (const toml::parse_error& e) {
    diags.error(display_path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                std::string(e.description()));
    return spec;
  }
  const Schema& schema = cadre::schema();
  TableReader r(root, display_path, diags, "");
  std::map<std::string, int> first_line;
  if (const auto* values = r.get("value")) {
    const auto* array = values->as_array();
    if (array == nullptr) {
      r.error_at(values, "'value' must be written as [[value]] tables");
    } else {
      for (const auto& node : *array) {
        const auto* table = node.as_table();
        if (table == nullptr) continue;
        TableReader v(*table, display_path, diags, "");
        ProvisionValueSpec value;
        value.line = v.line();
        value.provision = v.string("provision", true);
        const std::string context = "provision " + (value.provision.empty() ? std::string("?") : value.provision) + ": ";
        TableReader vc(*table, display_path, diags, context);
        vc.get("provision");
        if (!value.provision.empty() && schema.provision_index(value.provision) < 0) {
          vc.error_at(table->get("provision"), "unknown provision '" + value.provision +
                                                   "' (the 52 ids are in schema/provisions.toml)");
          value.provision.clear();
        } else if (!value.provision.empty()) {
          auto [it, fresh] = first_line.emplace(value.provision, value.line);
          if (!fresh)
            vc.error_at(table->get("provision"), context + "already given a value at line " + std::to_string(it->second));
        }
        value.value = vc.choice("value", k_values, true);
        read_cites(vc, value, code, instruments, context);
        if (vc.get("note") != nullptr) value.note = vc.bilingual("note", false);
        value.outside_category = vc.string("outside_category", false);
        const bool sets = value.value == "yes" || value.value == "partial";
        if (sets && value.cites.empty() && table->get("cite") == nullptr)
          vc.error_at(table->get("value"), context + "a '" + value.value +
                                               "' value cites at least one clause: add cite = [\"<clause id>\"]");
        else if (sets && value.cites.empty() && table->get("cite")->as_array() && table->get("cite")->as_array()->empty())
          vc.error_at(table->get("cite"), context + "a '" + value.value + "' value cites at least one clause");
        if (!sets && !value.value.empty() && table->get("note") == nullptr)
          vc.error_at(table->get("value"), context + "a '" + value.value +
                                               "' value needs a note in English and French saying " +
                                               (value.value == "no" ? "which instruments were read"
                                                                    : value.value == "unclear" ? "why the texts leave it open"
                                                                                               : "how it is partial"));
        vc.finish();
        if (!value.provision.empty()) spec.values.push_back(std::move(value));
      }
    }
  }
  r.finish();
  std::string missing;
  int count = 0;
  for (const auto& p : schema.provisions)
    if (first_line.count(p.id) == 0) {
      if (count++ < 5) missing += (missing.empty() ? "" : ", ") + p.id;
    }
  if (count > 0)
    diags.error(display_path, 1, 1, std::to_string(count) + " provision" + (count == 1 ? " has" : "s have") +
                                        " no value: " + missing + (count > 5 ? ", …" : "") +
                                        " (every jurisdiction gives a value for each provision of schema/provisions.toml)");
  return spec;
}

void check_provision_citations(const std::vector<JurisdictionSpec>& corpus,
                               const std::map<std::string, ParsedInstrument>& parsed,
                               Diagnostic::Severity severity, Diagnostics& diags) {
  const Schema& schema = cadre::schema();
  // Per fully parsed instrument: its clause versions by path (the first is the main language).
  std::map<std::string, std::map<std::string, std::vector<const ParsedClause*>>> clauses;
  for (const auto& [id, instrument] : parsed) {
    if (!instrument.complete()) continue;
    auto& by_path = clauses[id];
    for (const auto& c : instrument.clauses) by_path[c.path].push_back(&c);
  }
  for (const auto& j : corpus) {
    if (!j.provisions) continue;
    // The clauses the analysis cites under each category: with the tagger's reading, what a
    // category's "usual clauses" are.
    std::map<std::string, std::set<std::string>> cited_in; // category -> clause ids
    for (const auto& framework : j.frameworks)
      for (const auto& cell : framework.cells)
        for (const auto& citation : cell.citations)
          if (!citation.whole_instrument) cited_in[cell.category].insert(citation.target);
    // True when `id`, one of its ancestors or one of its parts is cited under `category`.
    auto cited_nearby = [&](const std::string& id, const std::string& category) {
      const auto& cited = cited_in[category];
      for (std::string at = id;;) {
        if (cited.count(at) > 0) return true;
        const auto cut = at.rfind("__");
        if (cut == std::string::npos || cut < at.rfind('/')) break;
        at = at.substr(0, cut);
      }
      auto part = cited.lower_bound(id + "__");
      return part != cited.end() && part->starts_with(id + "__");
    };
    for (const auto& value : j.provisions->values) {
      const auto& provision = schema.provisions[static_cast<std::size_t>(schema.provision_index(value.provision))];
      bool any_checked = false;
      bool any_in_category = false;
      for (const auto& cite : value.cites) {
        if (cite.whole_instrument) continue;
        const std::string instrument = instrument_of(cite.target);
        std::string path = cite.target.substr(instrument.size() + 1);
        // "<path>@<date>" cites the text of the version in effect on that date.
        std::string key = instrument;
        if (const auto at = path.find('@'); at != std::string::npos) {
          const std::string date = path.substr(at + 1);
          path = path.substr(0, at);
          for (const auto& in : j.instruments)
            if (in.instrument.id == instrument && (in.current_from.empty() || date < in.current_from))
              for (const auto& v : in.versions)
                if (v.from <= date) key = instrument + "@" + v.from;
        }
        auto by_path = clauses.find(key);
        if (by_path == clauses.end()) continue;
        auto found = by_path->second.find(path);
        if (found == by_path->second.end()) {
          diags.add({j.provisions->path, cite.line, cite.column, severity,
                     "provision " + value.provision + ": '" + cite.target + "' does not resolve: " + instrument +
                         " has no clause '" + path + "'"});
          continue;
        }
        std::vector<std::string> texts;
        for (const auto* version : found->second) texts.push_back(version->text);
        std::vector<std::string> headings; // the clause's and its ancestors', nearest first
        for (auto at = found; at != by_path->second.end();) {
          headings.push_back(at->second.front()->heading);
          const std::string& parent = at->second.front()->parent;
          at = parent.empty() ? by_path->second.end() : by_path->second.find(parent);
        }
        any_checked = true;
        if (cited_nearby(cite.target, provision.category)) any_in_category = true;
        for (const auto& tag : tag_clause(texts, headings))
          if (tag.category == provision.category) any_in_category = true;
      }
      if (any_checked && !any_in_category && value.outside_category.empty())
        diags.warning(j.provisions->path, value.line, 1,
                      "provision " + value.provision + ": none of its cited clauses is cited under '" + provision.category +
                          "' in the analysis or reads as '" + provision.category +
                          "' to the tagger; check that the clause carrying the provision is cited");
    }
  }
}

} // namespace cadre::indexer
