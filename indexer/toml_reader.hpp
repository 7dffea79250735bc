// Reading hand-written TOML files (jurisdiction.toml, provisions.toml) with file:line:column
// diagnostics: every wrong type, missing key and unknown key is reported, none is fatal.
#pragma once

#include "core/model.hpp"
#include "indexer/diagnostics.hpp"

#include <toml++/toml.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace cadre::indexer {

/// "a, b, c" in the set's order, for messages that list the allowed values.
inline std::string join_choices(const std::set<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

/// Reads one TOML table with position-aware errors, and remembers which keys were used so
/// that every unknown key can be reported.
class TableReader {
public:
  TableReader(const toml::table& table, std::string path, Diagnostics& diags, std::string context)
      : m_table(table), m_path(std::move(path)), m_diags(diags), m_context(std::move(context)) {}

  int line() const { return static_cast<int>(m_table.source().begin.line); }

  const toml::node* get(const std::string& key) {
    m_known.insert(key);
    return m_table.get(key);
  }

  void error_at(const toml::node* node, const std::string& message) {
    const auto& src = node != nullptr ? node->source() : m_table.source();
    m_diags.error(m_path, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column), message);
  }

  void warning_at(const toml::node* node, const std::string& message) {
    const auto& src = node != nullptr ? node->source() : m_table.source();
    m_diags.warning(m_path, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column), message);
  }

  std::string string(const std::string& key, bool required) {
    const auto* node = get(key);
    if (node == nullptr) {
      if (required) error_at(nullptr, m_context + "missing key '" + key + "'");
      return {};
    }
    if (!node->is_string()) {
      error_at(node, m_context + "'" + key + "' must be a string in double quotes");
      return {};
    }
    std::string value = node->value<std::string>().value_or("");
    if (required && value.empty()) error_at(node, m_context + "'" + key + "' must not be empty");
    return value;
  }

  std::string choice(const std::string& key, const std::set<std::string>& allowed, bool required) {
    std::string value = string(key, required);
    if (!value.empty() && allowed.count(value) == 0) {
      error_at(m_table.get(key), m_context + "'" + key + "' is '" + value + "'; use one of: " + join_choices(allowed));
      return {};
    }
    return value;
  }

  std::string date(const std::string& key, bool required) { return date_of(get(key), key, required); }

  std::string date_of(const toml::node* node, const std::string& key, bool required) {
    if (node == nullptr) {
      if (required) error_at(nullptr, m_context + "missing key '" + key + "'");
      return {};
    }
    const auto* d = node->as_date();
    if (d == nullptr) {
      error_at(node, m_context + "'" + key + "' must be a date like 2026-11-01 (without quotes)");
      return {};
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(d->get().year),
                  static_cast<int>(d->get().month), static_cast<int>(d->get().day));
    return buffer;
  }

  Bilingual bilingual(const std::string& key, bool required) {
    const auto* node = get(key);
    Bilingual out;
    if (node == nullptr) {
      if (required) error_at(nullptr, m_context + "missing key '" + key + "' (a table with en and fr)");
      return out;
    }
    const auto* table = node->as_table();
    if (table == nullptr) {
      error_at(node, m_context + "'" + key + "' must be a table such as { en = \"…\", fr = \"…\" }");
      return out;
    }
    TableReader inner(*table, m_path, m_diags, m_context + key + ": ");
    out.en = inner.string("en", true);
    out.fr = inner.string("fr", true);
    inner.finish();
    return out;
  }

  std::vector<std::string> string_list(const std::string& key, bool required) {
    const auto* node = get(key);
    std::vector<std::string> out;
    if (node == nullptr) {
      if (required) error_at(nullptr, m_context + "missing key '" + key + "'");
      return out;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
      error_at(node, m_context + "'" + key + "' must be an array of strings");
      return out;
    }
    for (const auto& item : *array) {
      if (!item.is_string()) error_at(&item, m_context + "'" + key + "' must hold only strings");
      else out.push_back(*item.value<std::string>());
    }
    return out;
  }

  /// Reports every key that was never asked for.
  void finish() {
    for (const auto& [key, node] : m_table) {
      if (m_known.count(std::string(key.str())) == 0) {
        std::vector<std::string> known(m_known.begin(), m_known.end());
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        m_diags.error(m_path, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                      m_context + "unknown key '" + std::string(key.str()) + "' (known keys: " + list + ")");
      }
    }
  }

private:
  const toml::table& m_table;
  std::string m_path;
  Diagnostics& m_diags;
  std::string m_context;
  std::set<std::string> m_known;
};

} // namespace cadre::indexer
