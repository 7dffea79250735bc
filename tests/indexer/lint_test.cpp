// The linter's user-facing messages, compared exactly with a golden file.
#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace {

using cadre::test::data_dir;

std::string lint_output(const std::filesystem::path& corpus) {
  const auto diags = cadre::indexer::lint({corpus, std::nullopt});
  std::string out;
  const std::string prefix = data_dir().string() + "/";
  for (const auto& d : diags.items()) {
    std::string line = d.to_string();
    if (line.starts_with(prefix)) line = "tests/data/" + line.substr(prefix.size());
    out += line + "\n";
  }
  return out;
}

TEST(Lint, ValidFixtureCorpusIsClean) { EXPECT_EQ(lint_output(data_dir() / "corpus"), ""); }

TEST(Lint, BrokenCorpusGivesEveryMessageExactly) {
  const std::string expected = cadre::test::read_file(data_dir() / "golden" / "broken-corpus.lint.txt");
  EXPECT_EQ(lint_output(data_dir() / "broken-corpus"), expected);
}

TEST(Lint, UnresolvedCitationNamesTheNearestClauses) {
  cadre::test::TempDir dir;
  std::filesystem::copy(data_dir() / "corpus", dir.path() / "corpus", std::filesystem::copy_options::recursive);
  const auto md = dir.path() / "corpus" / "xa" / "framework.en.md";
  std::string text = cadre::test::read_file(md);
  text.replace(text.find("xa/ai-order/sec_4)"), 18, "xa/ai-order/sec_9)");
  std::ofstream(md) << text;
  const auto diags = cadre::indexer::lint({dir.path() / "corpus", data_dir() / "fixture-sources"});
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_EQ(diags.items()[0].message,
            "citation 'xa/ai-order/sec_9' does not resolve: xa/ai-order has no clause 'sec_9' (nearest: sec_5)");
  EXPECT_EQ(diags.items()[0].line, 37);
}

TEST(Lint, Sha256MismatchIsReportedAgainstTheSourceEntry) {
  cadre::test::TempDir dir;
  std::filesystem::copy(data_dir() / "fixture-sources", dir.path() / "sources", std::filesystem::copy_options::recursive);
  std::ofstream(dir.path() / "sources" / "xb" / "charter.xml", std::ios::app) << "<!-- changed -->\n";
  const auto diags = cadre::indexer::lint({data_dir() / "corpus", dir.path() / "sources"});
  ASSERT_GE(diags.error_count(), 1);
  const auto& d = *std::find_if(diags.items().begin(), diags.items().end(), [](const auto& item) {
    return item.severity == cadre::indexer::Diagnostic::Severity::error;
  });
  EXPECT_TRUE(d.path.ends_with("corpus/xb/jurisdiction.toml")) << d.path;
  EXPECT_EQ(d.line, 29);
  EXPECT_NE(d.message.find("sha256 mismatch: jurisdiction.toml expects"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("(the text changed: review it, then update sha256)"), std::string::npos) << d.message;
}

} // namespace

TEST(Lint, AJurisdictionFolderLintedAloneIsCheckedAgainstTheCorpusAroundIt) {
  cadre::test::TempDir dir;
  const auto corpus = dir.path() / "corpus";
  std::filesystem::copy(data_dir() / "corpus", corpus, std::filesystem::copy_options::recursive);
  const auto toml = corpus / "xb" / "jurisdiction.toml";
  std::string text = cadre::test::read_file(toml);
  text.replace(text.find("kind = \"supranational\""), 22, "kind = \"supranational\"\nparent = \"xa\"");
  std::ofstream(toml) << text;
  const auto errors = [](const std::filesystem::path& target) {
    std::string out;
    const auto diags = cadre::indexer::lint({target, std::nullopt});
    for (const auto& d : diags.items()) out += d.to_string() + "\n";
    return out;
  };
  // Its parent is a sibling folder, found there, whichever way the folder is named.
  EXPECT_EQ(errors(corpus), "");
  EXPECT_EQ(errors(corpus / "xb"), "");
  EXPECT_EQ(errors(corpus / "xb" / ""), "");
  // A sibling's own mistakes are its lint's, not this one's.
  std::ofstream(corpus / "xa" / "jurisdiction.toml", std::ios::app) << "\nunknown_key = 1\n";
  EXPECT_EQ(errors(corpus / "xb"), "");
  EXPECT_NE(errors(corpus), "");
  // A parent that is nowhere in the corpus is still an error of the folder linted alone.
  text.replace(text.find("parent = \"xa\""), 13, "parent = \"zz\"");
  std::ofstream(toml) << text;
  EXPECT_EQ(errors(corpus / "xb"), toml.string() + ":1:1: error: parent 'zz' is not a jurisdiction of the corpus\n");
}
