// Checks JSON documents against schema/openapi.yaml. The YAML is read by a reader of the
// subset that file is written in (block mappings and sequences, inline lists of scalars,
// quoted and plain scalars, `|` text); the checker covers type, required, properties,
// items, enum and $ref, which is what the schemas use.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cadre::test {

/// Parses the YAML subset; throws std::runtime_error with a line number on anything else.
nlohmann::json parse_yaml_subset(std::string_view text);

class OpenApi {
public:
  explicit OpenApi(const std::filesystem::path& file);
  /// Problems of `document` against components/schemas/<schema>, each naming a JSON path;
  /// empty when it conforms.
  std::vector<std::string> check(const nlohmann::json& document, const std::string& schema) const;
  const nlohmann::json& spec() const { return m_spec; }

private:
  void check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& path,
             std::vector<std::string>& problems) const;
  nlohmann::json m_spec;
};

} // namespace cadre::test
