// JSON documents shared by `cadre … --json` and the HTTP API, as described in
// schema/openapi.yaml. One function per document so both interfaces stay identical.
#pragma once

#include "core/model.hpp"
#include "core/search.hpp"

#include <string>
#include <vector>

namespace cadre::json {

std::string categories(const std::vector<Category>& categories);
std::string jurisdictions(const std::vector<Jurisdiction>& jurisdictions);
std::string jurisdiction(const Jurisdiction& jurisdiction);
std::string comparison(const Comparison& comparison);
std::string search_results(const SearchResults& results);
std::string clause(const Clause& clause);
std::string build_info(const BuildInfo& info);
std::string provisions(const std::vector<Provision>& provisions);
std::string matrix(const Matrix& matrix);
std::string provision_detail(const ProvisionDetail& detail);
std::string convergence(const Convergence& convergence);
std::string related(const RelatedClauses& related);
/// {"error":{"code":code,"message":message}} plus "parameter" when not empty.
std::string error(const std::string& code, const std::string& message, const std::string& parameter = {});

} // namespace cadre::json
