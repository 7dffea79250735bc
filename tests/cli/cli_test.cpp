// CLI golden outputs and exact user-facing messages, running commands in-process on the fixture
// build. Set CADRE_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change (then
// review the diff).
#include "core/schema.hpp"
#include "tests/cli/cli_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

using cadre::test::Result;

class CliTest : public cadre::test::CliFixture<CliTest> {};

TEST_F(CliTest, List) {
  const auto r = run({"list"});
  EXPECT_EQ(r.code, 0);
  expect_golden("list.txt", r.out);
}

TEST_F(CliTest, ShowInFrench) {
  const auto r = run({"show", "xa", "--lang", "fr"});
  EXPECT_EQ(r.code, 0);
  expect_golden("show-xa.fr.txt", r.out);
}

TEST_F(CliTest, CompareFormats) {
  struct Case {
    std::vector<std::string> args;
    const char* golden;
  };
  for (const auto& c : {Case{{"compare", "xa", "xb"}, "compare-xa-xb.txt"},
                        Case{{"compare", "xa", "xb", "--format", "md"}, "compare-xa-xb.md"},
                        Case{{"compare", "xa", "xb", "--format", "md", "--lang", "fr", "-c", "risk,definition"}, "compare-xa-xb.fr.md"},
                        Case{{"compare", "xa", "xb", "--format", "csv", "-c", "enforcement"}, "compare-xa-xb.csv"},
                        Case{{"compare", "xa", "--json", "-c", "requirements"}, "compare-xa.json"}}) {
    const auto r = run(c.args);
    EXPECT_EQ(r.code, 0) << r.err;
    expect_golden(c.golden, r.out);
  }
}

TEST_F(CliTest, SearchAndClause) {
  const auto search = run({"search", "human", "oversight", "-j", "xa"});
  EXPECT_EQ(search.code, 0);
  expect_golden("search-human-oversight.txt", search.out);
  const auto named = run({"search", "Charter", "decision", "--type", "clause"});
  EXPECT_EQ(named.code, 0);
  expect_golden("search-named-instrument.txt", named.out);
  const auto clause = run({"clause", "xa/ai-order/sec_2", "--lang", "fr"});
  EXPECT_EQ(clause.code, 0);
  expect_golden("clause-sec_2.fr.txt", clause.out);
}

TEST_F(CliTest, ProvisionCommands) {
  struct Case {
    std::vector<std::string> args;
    const char* golden;
  };
  // Statuses are computed as of a date: the matrices name one so that the goldens never age.
  for (const auto& c : {Case{{"matrix", "xa", "xb", "--as-of", "2026-06-01"}, "matrix-xa-xb.txt"},
                        Case{{"matrix", "xa", "xb", "--format", "md", "-c", "requirements", "--as-of", "2026-06-01"},
                             "matrix-xa-xb.md"},
                        Case{{"matrix", "xb", "xa", "--format", "csv", "--lang", "fr", "--as-of", "2026-06-01", "-p",
                              "risk.prohibited-practices,requirements.explanation"}, "matrix-xb-xa.fr.csv"},
                        Case{{"provision"}, "provisions.txt"},
                        Case{{"provision", "requirements.human-oversight", "--lang", "fr"}, "provision-human-oversight.fr.txt"},
                        Case{{"converge", "xa", "xb", "-c", "scope,requirements"}, "converge-xa-xb.txt"},
                        Case{{"related", "xa/ai-order/sec_2__para_b"}, "related-sec_2__para_b.txt"}}) {
    const auto r = run(c.args);
    EXPECT_EQ(r.code, 0) << r.err;
    expect_golden(c.golden, r.out);
  }
}

TEST_F(CliTest, VersionManPageAndCompletionComeFromTheCommandTable) {
  const auto version = run({"--version"}, false);
  EXPECT_EQ(version.code, 0);
  EXPECT_TRUE(version.out.starts_with("cadre ")) << version.out;
  EXPECT_NE(version.out.find(", database schema " + std::to_string(cadre::schema_version()) + "\n"), std::string::npos);
  const auto man = run({"man"}, false);
  EXPECT_EQ(man.code, 0);
  EXPECT_TRUE(man.out.starts_with(".TH CADRE 1")) << man.out.substr(0, 80);
  for (const char* section : {".SS matrix\n", ".SS sources fetch\n", ".B \\-p,\\-\\-provisions\n", ".SH EXIT STATUS\n"})
    EXPECT_NE(man.out.find(section), std::string::npos) << section;
  const auto bash = run({"completion", "bash"}, false);
  EXPECT_EQ(bash.code, 0);
  EXPECT_NE(bash.out.find("\"related\") COMPREPLY=($(compgen -W \"--help --help-all --data --lang --limit --json\""), std::string::npos)
      << bash.out;
  EXPECT_NE(bash.out.find("complete -o default -F _cadre cadre"), std::string::npos);
  const auto zsh = run({"completion", "zsh"}, false);
  EXPECT_TRUE(zsh.out.starts_with("#compdef cadre\n")) << zsh.out;
  EXPECT_EQ(run({"completion", "fish"}, false).code, 2);
}

TEST_F(CliTest, ExportWritesTheFileAndSaysSo) {
  cadre::test::TempDir out;
  const auto file = (out.path() / "briefing.csv").string();
  const auto r = run({"export", "xa", "xb", "--format", "csv", "--bom", "--output", file});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(cadre::test::read_file(file).starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(std::regex_replace(r.err, std::regex("\\(\\d+ bytes"), "(N bytes"), "wrote " + file + " (N bytes, csv)\n");
}

struct Failure {
  std::vector<std::string> args;
  int code;
  std::string err;
};

TEST_F(CliTest, ErrorsAreExactAndExitCodesMeanSomething) {
  const std::vector<Failure> cases = {
      {{"compare", "xa", "zz"}, 2, "cadre: usage error: jurisdictions: unknown jurisdiction 'zz': `cadre list` shows the codes\n"},
      {{"compare", "xa", "--format", "pdf"}, 2,
       "cadre: usage error: --format: unknown export format 'pdf': use text, md, csv, json, html, xlsx or docx\n"},
      {{"compare", "xa", "--lang", "de"}, 2, "cadre: usage error: lang: unsupported language 'de': use en or fr\n"},
      {{"clause", "xa/ai-order/sec_9"}, 2, "cadre: usage error: no clause 'xa/ai-order/sec_9' in xa/ai-order\n"},
      {{"show", "zz"}, 2, "cadre: usage error: unknown jurisdiction 'zz': `cadre list` shows the codes\n"},
      {{"search", "(order", "AND"}, 2,
       "cadre: usage error: q: the search query cannot be parsed (Syntax: <expression> AND <expression>): check quotes and "
       "brackets are balanced\n"},
      {{"search", "order", "--page", "0"}, 2, "cadre: usage error: page: page must be between 1 and 1000\n"},
      {{"matrix", "xa", "zz"}, 2, "cadre: usage error: jurisdictions: unknown jurisdiction 'zz': `cadre list` shows the codes\n"},
      {{"matrix", "-p", "requirements.telepathy"}, 2,
       "cadre: usage error: provisions: unknown provision 'requirements.telepathy': `cadre provision` without an id lists them\n"},
      {{"matrix", "-c", "ethics"}, 2,
       "cadre: usage error: categories: unknown category 'ethics': use definition, aims, scope, risk, requirements, "
       "enforcement, flexibility\n"},
      {{"provision", "requirements.telepathy"}, 2,
       "cadre: usage error: unknown provision 'requirements.telepathy': `cadre provision` without an id lists them\n"},
      {{"converge", "xa", "xa"}, 2, "cadre: usage error: b: compare two different jurisdictions ('xa' is named twice)\n"},
      {{"converge", "xa", "zz"}, 2, "cadre: usage error: b: unknown jurisdiction 'zz': `cadre list` shows the codes\n"},
      {{"related", "xa/ai-order/sec_9"}, 2, "cadre: usage error: no clause 'xa/ai-order/sec_9' in xa/ai-order\n"},
      {{"related", "xa/ai-order/sec_3", "--limit", "0"}, 2, "cadre: usage error: limit: limit must be between 1 and 50\n"},
  };
  for (const auto& c : cases) {
    const auto r = run(c.args);
    EXPECT_EQ(r.code, c.code) << c.args[0];
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(CliTest, UsageErrors) {
  auto r = run({"frobnicate"}, false);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "cadre: usage error: unknown command 'frobnicate'; the commands are: list, show, compare, export, "
                   "search, changes, diff, clause, matrix, provision, converge, related, index, lint, new, sources, serve, man, completion\n"
                   "Run 'cadre --help' or 'cadre <command> --help'.\n");
  r = run({"compare"}, false);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "cadre: usage error: codes is required\nRun 'cadre --help' or 'cadre <command> --help'.\n");
  r = run({"list", "--data", "/nonexistent/cadre"}, false);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "cadre: error: no Cadre build in /nonexistent/cadre: run `cadre index --corpus corpus --out "
                   "/nonexistent/cadre` first\n");
}

TEST_F(CliTest, HelpEverywhere) {
  for (const char* command : {"list", "show", "compare", "export", "search", "clause", "index", "lint", "new", "serve"}) {
    const auto r = run({command, "--help"}, false);
    EXPECT_EQ(r.code, 0) << command;
    EXPECT_NE(r.out.find("Exit codes: 0 success, 1 error (data, files, network), 2 usage error ("), std::string::npos) << command;
  }
  const auto top = run({"--help"}, false);
  EXPECT_NE(top.out.find("compare"), std::string::npos);
}

TEST_F(CliTest, NewScaffoldsAJurisdictionThatLintExplains) {
  cadre::test::TempDir corpus;
  auto r = run({"new", "sg", "--corpus", corpus.path().string()}, false);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(corpus.path() / "sg" / "framework.fr.md"));
  const std::string md = cadre::test::read_file(corpus.path() / "sg" / "framework.en.md");
  EXPECT_NE(md.find("## Approach to risk"), std::string::npos);
  EXPECT_NE(md.find("What tiers, thresholds or prohibited uses"), std::string::npos) << "guiding questions are included";
  r = run({"new", "sg", "--corpus", corpus.path().string()}, false);
  EXPECT_EQ(r.code, 2);
  r = run({"lint", (corpus.path() / "sg").string()}, false);
  EXPECT_EQ(r.code, 1) << "a scaffold is not a finished jurisdiction";
  EXPECT_NE(r.err.find("name: 'en' must not be empty"), std::string::npos) << r.err;
}

TEST_F(CliTest, IndexReportsEachStageOnALineWhenNotOnATerminal) {
  cadre::test::TempDir out;
  const auto r = run({"index", "--corpus", (cadre::test::data_dir() / "corpus").string(), "--sources",
                      (cadre::test::data_dir() / "fixture-sources").string(), "--out", out.path().string()},
                     false);
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* line : {"cadre index: loaded 2 jurisdictions\n", "cadre index: indexed xa\n", "cadre index: indexed xb\n",
                           "cadre index: committing the database and the search index\n"})
    EXPECT_NE(r.err.find(line), std::string::npos) << line << " in:\n" << r.err;
  EXPECT_NE(r.err.find(" instrument texts, "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no redrawn line in a log";
  const auto quiet = run({"index", "--quiet", "--corpus", (cadre::test::data_dir() / "corpus").string(), "--out",
                          out.path().string()},
                         false);
  EXPECT_EQ(quiet.err.find("loaded"), std::string::npos) << quiet.err;
}

// A copy of another instrument's text is named by `show`, from its declaration alone: the build
// below has no source texts.
TEST_F(CliTest, ShowNamesTheOriginalOfACopy) {
  cadre::test::TempDir dir;
  std::filesystem::copy(cadre::test::data_dir() / "corpus", dir.path() / "corpus", std::filesystem::copy_options::recursive);
  std::ofstream(dir.path() / "corpus" / "xa" / "jurisdiction.toml", std::ios::app)
      << "\n[[instrument]]\nid = \"xa/ai-order-copy\"\nsame_text_as = \"xa/ai-order\"\nshort_name = \"EO 90001 (copy)\"\n"
         "title = { en = \"Executive Order 90001, copy\", fr = \"Décret 90001, copie\" }\n"
         "type = \"executive-order\"\nofficial_url = \"https://example.org/xa/eo-90001\"\nlanguages = [\"en\"]\n\n"
         "[[instrument.event]]\nkind = \"signed\"\ndate = 2026-03-03\n"
         "evidence = { url = \"https://example.org/xa/eo-90001\", kind = \"official-text\", seen = 2026-03-10 }\n";
  const auto data = (dir.path() / "data").string();
  ASSERT_EQ(run({"index", "--quiet", "--corpus", (dir.path() / "corpus").string(), "--out", data}, false).code, 0);
  const auto en = run({"show", "xa", "--data", data}, false);
  EXPECT_NE(en.out.find("xa/ai-order-copy  EO 90001 (copy)\n"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("\n  same text as xa/ai-order: search shows its clauses\n"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("same text as", en.out.find("same text as") + 1), std::string::npos) << "only the copy says it";
  const auto fr = run({"show", "xa", "--lang", "fr", "--data", data}, false);
  EXPECT_NE(fr.out.find("\n  même texte que xa/ai-order : la recherche montre ses dispositions\n"), std::string::npos) << fr.out;
}

TEST_F(CliTest, LintReportsFileLineColumn) {
  const auto r = run({"lint", (cadre::test::data_dir() / "broken-corpus").string()}, false);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("broken-corpus/qa/jurisdiction.toml:3:8: error: 'kind' is 'planet'"), std::string::npos) << r.err;
  EXPECT_TRUE(r.err.ends_with("cadre lint: 44 errors, 2 warnings (citations not resolved: no --sources)\n")) << r.err;
}

} // namespace
