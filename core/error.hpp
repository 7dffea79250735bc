// Cadre's exceptions, split by who must act. Every message says what went wrong and what to do.
// Third-party errors (Xapian, SQLite, libxml2, cmark, toml++) are translated into these at the
// adapter that calls the library, with context (file, clause, query) added there.
#pragma once

#include <stdexcept>
#include <string>

namespace cadre {

/// Base of every error Cadre throws on purpose.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The person calling Cadre must act: a bad parameter, an unknown id, an invalid query.
/// `parameter()` names the offending parameter when there is one (for HTTP 400 and CLI usage).
class UserError : public Error {
public:
  explicit UserError(const std::string& message, std::string parameter = {})
      : Error(message), m_parameter(std::move(parameter)) {}
  const std::string& parameter() const noexcept { return m_parameter; }

private:
  std::string m_parameter;
};

/// A requested jurisdiction, instrument or clause does not exist in the build.
class NotFound : public UserError {
public:
  using UserError::UserError;
};

/// The data or environment must be fixed: a corrupt corpus file, a source text that does not
/// parse, a missing build or one made by another schema version, an unwritable directory.
class DataError : public Error {
public:
  using Error::Error;
};

/// A program Cadre runs for an optional feature is not installed (pandoc, for DOCX exports):
/// whoever runs Cadre must install it; the message names it. Not a secret, so the API says it.
class MissingTool : public DataError {
public:
  using DataError::DataError;
};

/// A bug in Cadre: an invariant broke. Reported with details in logs only.
class InternalError : public Error {
public:
  using Error::Error;
};

} // namespace cadre
