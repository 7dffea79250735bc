#include "core/schema.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace cadre {
namespace schema_files {
std::string_view file(std::string_view name);
const std::vector<std::string_view>& names();
} // namespace schema_files

namespace {

std::string required_string(const toml::node_view<const toml::node>& node, const std::string& what) {
  auto value = node.value<std::string>();
  if (!value) throw InternalError("schema/categories.toml: missing " + what);
  return *value;
}

/// The strings of an array, lower-cased; empty when `node` is absent. Throws InternalError,
/// naming `where`, for anything but an array of non-empty strings.
std::vector<std::string> lowercase_list(const toml::node_view<const toml::node>& node, const std::string& where) {
  std::vector<std::string> out;
  if (!node) return out;
  const auto* array = node.as_array();
  if (!array) throw InternalError(where + ": expected a list of wordings in quotes");
  for (const auto& item : *array) {
    const auto s = item.value<std::string>();
    if (!s || s->empty()) throw InternalError(where + ": every wording must be a non-empty string");
    out.push_back(text::ascii_lower(*s));
  }
  return out;
}

toml::table parse_embedded(std::string_view name) {
  try {
    const std::string path = "schema/" + std::string(name);
    return toml::parse(schema_files::file(name), std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw InternalError("schema/" + std::string(name) + ": " + std::string(e.description()));
  }
}

/// Every [[lexicon]] entry: an optional known category and the wordings of at least two
/// languages, with no other key (a misspelt language would otherwise be silently ignored).
void load_lexicon(Schema& schema) {
  const toml::table root = parse_embedded("lexicon.toml");
  const auto* entries = root["lexicon"].as_array();
  if (!entries || entries->empty()) throw InternalError("schema/lexicon.toml: no [[lexicon]] entry");
  for (const auto& node : *entries) {
    const auto* table = node.as_table();
    const std::string where = "schema/lexicon.toml:" + std::to_string(node.source().begin.line);
    if (!table) throw InternalError(where + ": a lexicon entry must be a table");
    LexiconEntry entry;
    for (const auto& [key, value] : *table) {
      const std::string_view name = key.str();
      if (name == "category") {
        entry.category = value.value<std::string>().value_or("");
        if (schema.category_index(entry.category) < 0)
          throw InternalError(where + ": unknown category '" + entry.category + "'");
      } else if (std::find(std::begin(k_lexicon_languages), std::end(k_lexicon_languages), name) ==
                 std::end(k_lexicon_languages)) {
        throw InternalError(where + ": unknown key '" + std::string(name) + "': use category or a language (en, fr, pt, zh, ja, ko)");
      }
    }
    for (const auto language : k_lexicon_languages) {
      auto wordings = lowercase_list((*table)[language], where + ": " + std::string(language));
      if (!wordings.empty()) entry.wordings.emplace_back(std::string(language), std::move(wordings));
    }
    if (entry.wordings.size() < 2) throw InternalError(where + ": a lexicon entry needs wordings in two languages");
    schema.lexicon.push_back(std::move(entry));
  }
}

void load_provisions(Schema& schema) {
  const toml::table root = parse_embedded("provisions.toml");
  std::set<std::string> ids;
  if (const auto* provisions = root["provision"].as_array()) {
    for (const auto& node : *provisions) {
      const toml::node_view<const toml::node> p{node};
      Provision provision;
      provision.id = required_string(p["id"], "provision id");
      provision.category = required_string(p["category"], provision.id + " category");
      provision.label = {required_string(p["label"]["en"], provision.id + " label.en"),
                         required_string(p["label"]["fr"], provision.id + " label.fr")};
      provision.definition = {required_string(p["definition"]["en"], provision.id + " definition.en"),
                              required_string(p["definition"]["fr"], provision.id + " definition.fr")};
      if (schema.category_index(provision.category) < 0 || !provision.id.starts_with(provision.category + "."))
        throw InternalError("schema/provisions.toml: " + provision.id + " must start with its category id");
      if (!ids.insert(provision.id).second) throw InternalError("schema/provisions.toml: duplicate " + provision.id);
      schema.provisions.push_back(std::move(provision));
    }
  }
  std::stable_sort(schema.provisions.begin(), schema.provisions.end(), [&](const Provision& a, const Provision& b) {
    return schema.category_index(a.category) < schema.category_index(b.category);
  });
  if (schema.provisions.empty()) throw InternalError("schema/provisions.toml: no provision");
}

Schema load() {
  const toml::table root = parse_embedded("categories.toml");
  Schema schema;
  if (const auto* categories = root["category"].as_array()) {
    for (const auto& node : *categories) {
      const toml::node_view<const toml::node> c{node};
      Category category;
      category.id = required_string(c["id"], "category id");
      category.label = {required_string(c["label"]["en"], category.id + " label.en"),
                        required_string(c["label"]["fr"], category.id + " label.fr")};
      category.question = {required_string(c["question"]["en"], category.id + " question.en"),
                           required_string(c["question"]["fr"], category.id + " question.fr")};
      category.description = {required_string(c["description"]["en"], category.id + " description.en"),
                              required_string(c["description"]["fr"], category.id + " description.fr")};
      schema.categories.push_back(std::move(category));
    }
  }
  if (schema.categories.size() != 7) throw InternalError("schema/categories.toml: expected 7 categories");
  load_lexicon(schema);
  load_provisions(schema);
  return schema;
}

} // namespace

const std::vector<std::string>& LexiconEntry::in(std::string_view language) const {
  static const std::vector<std::string> none;
  for (const auto& [lang, terms] : wordings)
    if (lang == language) return terms;
  return none;
}

int Schema::provision_index(std::string_view id) const {
  for (std::size_t i = 0; i < provisions.size(); ++i)
    if (provisions[i].id == id) return static_cast<int>(i);
  return -1;
}

int Schema::category_index(std::string_view id) const {
  for (std::size_t i = 0; i < categories.size(); ++i)
    if (categories[i].id == id) return static_cast<int>(i);
  return -1;
}

const Schema& schema() {
  static const Schema loaded = load();
  return loaded;
}

std::vector<std::string_view> migrations() {
  std::vector<std::string_view> out;
  for (auto name : schema_files::names())
    if (name.starts_with("migrations/")) out.push_back(schema_files::file(name));
  return out;
}

int schema_version() { return static_cast<int>(migrations().size()); }

std::string_view schema_file(std::string_view name) { return schema_files::file(name); }

} // namespace cadre
