// Typed request parameters: every refusal is a UserError naming the parameter.
#include "server/params.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

namespace cadre::server {
namespace {

using Raw = std::multimap<std::string, std::string>;

std::string refused_parameter(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.parameter();
  }
  return "(accepted)";
}

TEST(Params, ListsAcceptCommasAndRepeatsAndCheckEachToken) {
  const Raw raw = {{"j", "eu,ca"}, {"j", "ca-qc,"}};
  const Params params(raw, {"j"});
  EXPECT_EQ(params.list("j", Token::code), (std::vector<std::string>{"eu", "ca", "ca-qc"}));
  EXPECT_TRUE(params.list("c", Token::code).empty());
}

TEST(Params, RefusalsNameTheParameter) {
  const std::vector<std::pair<Raw, std::string>> cases = {
      {{{"zzz", "1"}}, "zzz"},
      {{{"j", "EU"}}, "j"},
      {{{"j", "e u"}}, "j"},
      {{{"page", "-1"}}, "page"},
      {{{"page", "1e3"}}, "page"},
      {{{"page", "99999999999999999999"}}, "page"},
      {{{"page", "1"}, {"page", "2"}}, "page"},
      {{{"lang", "de"}}, "lang"},
      {{{"q", std::string("\xC3\x28", 2)}}, "q"},
      {{{"q", std::string(1025, 'a')}}, "q"},
      {{{"instrument", "eu/../x"}}, "instrument"},
      {{{"instrument", "/eu/x"}}, "instrument"},
      {{{"flag", "yes"}}, "flag"},
  };
  for (const auto& [raw, parameter] : cases) {
    EXPECT_EQ(refused_parameter([&] {
                const Params params(raw, {"j", "page", "lang", "q", "instrument", "flag"});
                params.list("j", Token::code);
                params.integer("page", 1, 1, 1000);
                params.language("lang");
                params.text("q");
                params.list("instrument", Token::id);
                params.flag("flag", false);
              }),
              parameter)
        << raw.begin()->first << "=" << raw.begin()->second;
  }
}

TEST(Params, DefaultsApplyWhenAbsent) {
  const Raw raw;
  const Params params(raw, {"page", "lang", "bom"});
  EXPECT_EQ(params.integer("page", 1, 1, 1000), 1);
  EXPECT_EQ(params.language("lang"), "en");
  EXPECT_FALSE(params.flag("bom", false));
}

TEST(Params, TokensKeepIdsInsideTheirNamespace) {
  EXPECT_EQ(check_token("ca-qc/p-39.1/sec_5__subsec_1", Token::id, "id"), "ca-qc/p-39.1/sec_5__subsec_1");
  for (const char* bad : {"", "..", "a/../b", "a//b", "a/./b", "a/", "a\\b", "a b", "a%2fb"})
    EXPECT_THROW(check_token(bad, Token::id, "id"), UserError) << bad;
}

} // namespace
} // namespace cadre::server
