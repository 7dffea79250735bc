// HTTP parameter parsing (server/params.hpp) on arbitrary query strings, already split the way
// cpp-httplib hands them over: '&' between parameters, the first '=' between name and value.
// Every accessor is called on every name, as the API handlers would. A UserError is the expected
// answer to a bad parameter (a 400); anything else escaping is a bug (a 500).
#include "core/error.hpp"
#include "server/params.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace {

template <typename F>
void expect_user_error_or_value(F&& call) {
  try {
    call();
  } catch (const cadre::UserError&) {
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::multimap<std::string, std::string> raw;
  std::size_t start = 0;
  while (start <= input.size()) {
    const auto end = std::min(input.find('&', start), input.size());
    const auto item = input.substr(start, end - start);
    const auto equals = item.find('=');
    raw.emplace(std::string(item.substr(0, equals)),
                equals == std::string_view::npos ? std::string() : std::string(item.substr(equals + 1)));
    start = end + 1;
  }
  for (const auto& entry : raw) {
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    expect_user_error_or_value([&] { (void)cadre::server::check_token(value, cadre::server::Token::code, name); });
    expect_user_error_or_value([&] { (void)cadre::server::check_token(value, cadre::server::Token::id, name); });
  }
  const std::initializer_list<std::string_view> allowed = {"q", "j", "c", "lang", "page", "page_size", "type", "id", "flag"};
  try {
    const cadre::server::Params params(raw, allowed);
    for (const auto name : allowed) {
      const std::string n(name);
      expect_user_error_or_value([&] { (void)params.text(n); });
      expect_user_error_or_value([&] { (void)params.list(n, cadre::server::Token::code); });
      expect_user_error_or_value([&] { (void)params.list(n, cadre::server::Token::id); });
      expect_user_error_or_value([&] { (void)params.integer(n, 1, 1, 1000); });
      expect_user_error_or_value([&] { (void)params.flag(n, false); });
      expect_user_error_or_value([&] { (void)params.language(n); });
    }
  } catch (const cadre::UserError&) {
  }
  return 0;
}
