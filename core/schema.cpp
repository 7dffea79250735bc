#include "core/schema.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <toml++/toml.h>

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

std::vector<std::string> lowercase_list(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const auto* array = node.as_array())
    for (const auto& item : *array)
      if (auto s = item.value<std::string>()) out.push_back(text::ascii_lower(*s));
  return out;
}

Schema load() {
  const auto source = schema_files::file("categories.toml");
  toml::table root;
  try {
    root = toml::parse(source, std::string_view("schema/categories.toml"));
  } catch (const toml::parse_error& e) {
    throw InternalError(std::string("schema/categories.toml: ") + std::string(e.description()));
  }
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
      schema.categories.push_back(std::move(category));
    }
  }
  if (schema.categories.size() != 7) throw InternalError("schema/categories.toml: expected 7 categories");
  if (const auto* lexicon = root["lexicon"].as_array()) {
    for (const auto& node : *lexicon) {
      const toml::node_view<const toml::node> l{node};
      LexiconEntry entry{required_string(l["category"], "lexicon category"), lowercase_list(l["en"]),
                         lowercase_list(l["fr"])};
      if (schema.category_index(entry.category) < 0)
        throw InternalError("schema/categories.toml: lexicon names unknown category " + entry.category);
      schema.lexicon.push_back(std::move(entry));
    }
  }
  return schema;
}

} // namespace

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
