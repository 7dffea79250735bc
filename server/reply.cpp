#include "server/reply.hpp"

#include "core/error.hpp"
#include "core/json.hpp"

#include <ostream>

namespace cadre::server {

void Log::line(std::string_view text) {
  const std::string whole = std::string(text) + '\n'; // one write to an unbuffered stream
  std::lock_guard lock(m_mutex);
  m_out << whole;
  m_out.flush();
}

Reply error_reply(int status, const std::string& code, const std::string& message, const std::string& parameter) {
  Reply reply;
  reply.status = status;
  reply.body = json::error(code, message, parameter);
  reply.cache_control = "no-store";
  return reply;
}

Reply reply_for_exception(std::exception_ptr error, const ParameterNames& names, const std::string& what, Log& log) {
  auto rename = [&names](const std::string& parameter) {
    for (const auto& [from, to] : names)
      if (parameter == from) return std::string(to);
    return parameter;
  };
  try {
    std::rethrow_exception(error);
  } catch (const NotFound& e) {
    return error_reply(404, error_code::not_found, e.what(), rename(e.parameter()));
  } catch (const UserError& e) {
    const std::string parameter = rename(e.parameter());
    return error_reply(400, parameter.empty() ? error_code::bad_request : error_code::bad_parameter, e.what(),
                       parameter);
  } catch (const MissingTool& e) {
    log.line("error: " + what + ": " + e.what());
    return error_reply(501, error_code::not_implemented, e.what());
  } catch (const DataError& e) {
    log.line("error: " + what + ": data: " + e.what());
  } catch (const std::exception& e) {
    log.line("error: " + what + ": internal: " + e.what());
  } catch (...) {
    log.line("error: " + what + ": internal: unknown exception");
  }
  return error_reply(500, error_code::internal, "the server could not answer this request; its log says why");
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  auto strip_weak = [](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  const auto wanted = strip_weak(etag);
  while (!if_none_match.empty()) {
    const auto comma = std::min(if_none_match.find(','), if_none_match.size());
    auto tag = if_none_match.substr(0, comma);
    if_none_match.remove_prefix(std::min(comma + 1, if_none_match.size()));
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*" || strip_weak(tag) == wanted) return true;
  }
  return false;
}

} // namespace cadre::server
