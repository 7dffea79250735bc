#include "tests/server/openapi_check.hpp"

#include "tests/support/test_support.hpp"

#include <stdexcept>

namespace cadre::test {
namespace {

using nlohmann::json;

struct Line {
  int number;
  std::size_t indent;
  std::string text;
};

std::string strip_comment(const std::string& line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if ((c == '"' || c == '\'') && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '[' || line[i - 1] == ',')) {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ')) {
      return line.substr(0, i);
    }
  }
  return line;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && s[start] == ' ') ++start;
  return s.substr(start);
}

json scalar(const std::string& raw, int line) {
  const std::string s = trim(raw);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) ++i;
      out += s[i];
    }
    return out;
  }
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') return s.substr(1, s.size() - 2);
  if (!s.empty() && s.front() == '[') {
    if (s.back() != ']') throw std::runtime_error("openapi.yaml:" + std::to_string(line) + ": unclosed [");
    json out = json::array();
    std::string item;
    char quote = 0;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      const char c = s[i];
      if (quote) {
        if (c == quote) quote = 0;
        item += c;
      } else if (c == '"' || c == '\'') {
        quote = c;
        item += c;
      } else if (c == ',') {
        out.push_back(scalar(item, line));
        item.clear();
      } else {
        item += c;
      }
    }
    if (!trim(item).empty()) out.push_back(scalar(item, line));
    return out;
  }
  if (s == "true") return true;
  if (s == "false") return false;
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) return std::stoll(s);
  return s;
}

class Reader {
public:
  explicit Reader(std::string_view text) {
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      ++number;
      std::string raw(text.substr(start, end - start));
      m_raw.push_back({number, raw.find_first_not_of(' ') == std::string::npos ? 0 : raw.find_first_not_of(' '), raw});
      start = end + 1;
    }
  }

  json document() {
    next_content();
    if (m_pos >= m_raw.size()) return json::object();
    return block(current().indent);
  }

private:
  const Line& current() const { return m_raw[m_pos]; }

  void next_content() {
    while (m_pos < m_raw.size()) {
      const std::string t = trim(strip_comment(m_raw[m_pos].text));
      if (!t.empty()) {
        m_raw[m_pos].text = std::string(m_raw[m_pos].indent, ' ') + t;
        return;
      }
      ++m_pos;
    }
  }

  std::string content() const { return current().text.substr(current().indent); }

  json block(std::size_t indent) {
    next_content();
    if (content().starts_with("- ") || content() == "-") return sequence(indent);
    return mapping(indent);
  }

  /// Text lines indented more than `indent`, kept verbatim (for `|`).
  std::string literal(std::size_t indent) {
    std::string out;
    while (m_pos < m_raw.size()) {
      const std::string& raw = m_raw[m_pos].text;
      const bool blank = raw.find_first_not_of(' ') == std::string::npos;
      if (!blank && m_raw[m_pos].indent <= indent) break;
      out += trim(raw) + "\n";
      ++m_pos;
    }
    return out;
  }

  json value_after_key(const std::string& rest, std::size_t indent, int line) {
    if (rest == "|" || rest == ">") {
      ++m_pos;
      return literal(indent);
    }
    if (!rest.empty()) {
      ++m_pos;
      return scalar(rest, line);
    }
    ++m_pos;
    next_content();
    if (m_pos < m_raw.size() && current().indent > indent) return block(current().indent);
    // A sequence may sit at the same indentation as its key.
    if (m_pos < m_raw.size() && current().indent == indent && content().starts_with("- ")) return sequence(indent);
    return nullptr;
  }

  json mapping(std::size_t indent) {
    json out = json::object();
    for (next_content(); m_pos < m_raw.size() && current().indent == indent && !content().starts_with("- ");
         next_content()) {
      const std::string text = content();
      const int line = current().number;
      std::size_t colon = std::string::npos;
      if (text.front() == '"' || text.front() == '\'') {
        const auto close = text.find(text.front(), 1);
        colon = close == std::string::npos ? close : text.find(':', close);
      } else {
        colon = text.find(": ");
        if (colon == std::string::npos && text.back() == ':') colon = text.size() - 1;
      }
      if (colon == std::string::npos) throw std::runtime_error("openapi.yaml:" + std::to_string(line) + ": expected key: value");
      const std::string key = scalar(text.substr(0, colon), line).is_string() ? scalar(text.substr(0, colon), line).get<std::string>()
                                                                               : trim(text.substr(0, colon));
      out[key] = value_after_key(trim(text.substr(colon + 1)), indent, line);
    }
    return out;
  }

  json sequence(std::size_t indent) {
    json out = json::array();
    for (next_content(); m_pos < m_raw.size() && current().indent == indent && content().starts_with("-");
         next_content()) {
      const std::string rest = trim(content().substr(1));
      const int line = current().number;
      if (rest.empty()) {
        ++m_pos;
        next_content();
        out.push_back(block(current().indent));
      } else if (rest.find(": ") != std::string::npos || rest.back() == ':') {
        // "- key: value" opens a mapping indented by two more columns.
        m_raw[m_pos].indent = indent + 2;
        m_raw[m_pos].text = std::string(indent + 2, ' ') + rest;
        out.push_back(mapping(indent + 2));
      } else {
        ++m_pos;
        out.push_back(scalar(rest, line));
      }
    }
    return out;
  }

  std::vector<Line> m_raw;
  std::size_t m_pos = 0;
};

} // namespace

nlohmann::json parse_yaml_subset(std::string_view text) { return Reader(text).document(); }

OpenApi::OpenApi(const std::filesystem::path& file) : m_spec(parse_yaml_subset(read_file(file))) {}

std::vector<std::string> OpenApi::check(const nlohmann::json& document, const std::string& schema) const {
  std::vector<std::string> problems;
  check(document, {{"$ref", "#/components/schemas/" + schema}}, "$", problems);
  return problems;
}

void OpenApi::check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& path,
                    std::vector<std::string>& problems) const {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string prefix = "#/components/schemas/";
    if (!ref.starts_with(prefix) || !m_spec["components"]["schemas"].contains(ref.substr(prefix.size()))) {
      problems.push_back(path + ": unknown $ref " + ref);
      return;
    }
    check(value, m_spec["components"]["schemas"][ref.substr(prefix.size())], path, problems);
    return;
  }
  const std::string type = schema.value("type", "");
  const bool type_ok = type.empty() || (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
                       (type == "string" && value.is_string()) || (type == "integer" && value.is_number_integer()) ||
                       (type == "number" && value.is_number()) || (type == "boolean" && value.is_boolean());
  if (!type_ok) {
    problems.push_back(path + ": expected " + type + ", got " + value.type_name());
    return;
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& e : schema["enum"]) found = found || e == value || (e.is_number() && value.is_string() && e.dump() == value.get<std::string>());
    if (!found) problems.push_back(path + ": " + value.dump() + " is not one of " + schema["enum"].dump());
  }
  if (value.is_object()) {
    for (const auto& name : schema.value("required", json::array()))
      if (!value.contains(name.get<std::string>())) problems.push_back(path + ": missing " + name.get<std::string>());
    if (schema.contains("properties"))
      for (const auto& [name, sub] : schema["properties"].items())
        if (value.contains(name)) check(value[name], sub, path + "." + name, problems);
  }
  if (value.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < value.size(); ++i) check(value[i], schema["items"], path + "[" + std::to_string(i) + "]", problems);
}

} // namespace cadre::test
