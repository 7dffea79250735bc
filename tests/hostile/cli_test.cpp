// Bad command lines (docs/bad-inputs.md, "Command line"), run in-process through
// cadre::cli::run(): the exact message on standard error and the exit code (2 usage, 1 error).
#include "cli/cli.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cadre::test::TempDir;

struct Outcome {
  int code;
  std::string err;
  bool operator==(const Outcome&) const = default;
};

void PrintTo(const Outcome& o, std::ostream* os) { *os << "exit " << o.code << ", stderr:\n" << o.err; }

class HostileCli : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_temp = std::make_unique<TempDir>();
    cadre::test::build_fixture(s_temp->path() / "data");
  }
  static void TearDownTestSuite() { s_temp.reset(); }

  static std::string data() { return (s_temp->path() / "data").string(); }
  static std::string temp() { return s_temp->path().string(); }

  static Outcome run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int code = cadre::cli::run(args, out, err);
    return {code, err.str()};
  }

  static inline std::unique_ptr<TempDir> s_temp;
};

const std::string k_hint = "Run 'cadre --help' or 'cadre <command> --help'.\n";

TEST_F(HostileCli, UnknownCommand) {
  EXPECT_EQ(run({"frobnicate"}), (Outcome{2, "cadre: usage error: unknown command 'frobnicate'; the commands are: list, show, "
                                           "compare, export, search, changes, diff, clause, matrix, provision, converge, related, index, lint, new, sources, serve, man, completion\n" + k_hint}));
}

TEST_F(HostileCli, UnknownOption) {
  EXPECT_EQ(run({"list", "--data", data(), "--bogus"}),
            (Outcome{2, "cadre: usage error: The following argument was not expected: --bogus\n" + k_hint}));
}

TEST_F(HostileCli, OptionWithoutItsValue) {
  EXPECT_EQ(run({"search", "ai", "--data", data(), "--page"}),
            (Outcome{2, "cadre: usage error: --page: 1 required INT missing\n" + k_hint}));
}

TEST_F(HostileCli, UnknownJurisdictionCode) {
  EXPECT_EQ(run({"show", "zz", "--data", data()}),
            (Outcome{2, "cadre: usage error: unknown jurisdiction 'zz': `cadre list` shows the codes\n"}));
  EXPECT_EQ(run({"compare", "xa", "zz", "--data", data()}),
            (Outcome{2, "cadre: usage error: jurisdictions: unknown jurisdiction 'zz': `cadre list` shows the codes\n"}));
}

TEST_F(HostileCli, MalformedJurisdictionCode) {
  EXPECT_EQ(run({"show", "../../etc", "--data", data()}),
            (Outcome{2, "cadre: usage error: unknown jurisdiction '../../etc': `cadre list` shows the codes\n"}));
}

TEST_F(HostileCli, BadFormat) {
  EXPECT_EQ(run({"compare", "xa", "--format", "pdf", "--data", data()}),
            (Outcome{2, "cadre: usage error: --format: unknown export format 'pdf': use text, md, csv, json, html, xlsx or docx\n"}));
}

TEST_F(HostileCli, BadLanguage) {
  EXPECT_EQ(run({"compare", "xa", "--lang", "de", "--data", data()}),
            (Outcome{2, "cadre: usage error: lang: unsupported language 'de': use en or fr\n"}));
}

TEST_F(HostileCli, ServeCacheSizeOutOfRange) {
  EXPECT_EQ(run({"serve", "--cache-mb", "-1", "--data", data()}),
            (Outcome{2, "cadre: usage error: --cache-mb: give a size between 0 and 65536 (MiB; 0 keeps no answers)\n"}));
}

TEST_F(HostileCli, UnwritableOutputFile) {
  EXPECT_EQ(run({"compare", "xa", "--format", "csv", "-o", temp() + "/no-such-dir/out.csv", "--data", data()}),
            (Outcome{1, "cadre: error: cannot write " + temp() + "/no-such-dir/out.csv: check the folder exists and is writable\n"}));
}

TEST_F(HostileCli, UnwritableIndexOut) {
  std::ofstream(temp() + "/a-file") << "x";
  const std::string corpus = (cadre::test::data_dir() / "corpus").string();
  EXPECT_EQ(run({"index", "--quiet", "--corpus", corpus, "--out", temp() + "/a-file/data"}),
            (Outcome{1, "cadre: error: cannot create " + temp() + "/a-file/data/builds: Not a directory\n"}));
}

TEST_F(HostileCli, MissingCorpusAndSourcesFolders) {
  EXPECT_EQ(run({"index", "--corpus", temp() + "/nowhere", "--out", temp() + "/out"}),
            (Outcome{2, "cadre: usage error: --corpus: corpus folder " + temp() + "/nowhere does not exist\n"}));
  const std::string corpus = (cadre::test::data_dir() / "corpus").string();
  EXPECT_EQ(run({"index", "--corpus", corpus, "--sources", temp() + "/nowhere", "--out", temp() + "/out"}),
            (Outcome{2, "cadre index: loaded 2 jurisdictions\ncadre: usage error: --sources: sources folder " + temp() +
                            "/nowhere does not exist\n"}));
}

TEST_F(HostileCli, MissingBuild) {
  EXPECT_EQ(run({"list", "--data", temp() + "/empty-data"}),
            (Outcome{1, "cadre: error: no Cadre build in " + temp() + "/empty-data: run `cadre index --corpus corpus --out " +
                            temp() + "/empty-data` first\n"}));
}

TEST_F(HostileCli, QuerySyntaxErrorEmptyQueryAndOutOfRangePage) {
  EXPECT_EQ(run({"search", "\"unbalanced AND (", "--data", data()}), (Outcome{0, ""}));
  EXPECT_EQ(run({"search", "   ", "--data", data()}),
            (Outcome{2, "cadre: usage error: q: the search query is empty: give one or more words\n"}));
  EXPECT_EQ(run({"search", "ai", "--page", "0", "--data", data()}),
            (Outcome{2, "cadre: usage error: page: page must be between 1 and 1000\n"}));
  EXPECT_EQ(run({"search", "ai", "--page-size", "500", "--data", data()}),
            (Outcome{2, "cadre: usage error: page_size: page_size must be between 1 and 50\n"}));
  EXPECT_EQ(run({"search", std::string(2000, 'a'), "--data", data()}),
            (Outcome{2, "cadre: usage error: q: the search query is longer than 1024 bytes: shorten it\n"}));
  EXPECT_EQ(run({"search", "bad \xFF byte", "--data", data()}),
            (Outcome{2, "cadre: usage error: q: the search query is not valid UTF-8\n"}));
}

TEST_F(HostileCli, ClauseIdWithTraversal) {
  EXPECT_EQ(run({"clause", "../../etc/passwd", "--data", data()}),
            (Outcome{2, "cadre: usage error: no clause '../../etc/passwd': its instrument is unknown (ids look like "
                        "eu/ai-act/art_3)\n"}));
}

} // namespace
