// Output and terminal safety (docs/bad-inputs.md, O1 onwards): URLs validated as URLs before
// they reach a Markdown autolink or an HTML attribute, CSV cells that no separator a
// spreadsheet may choose can turn into formulas, control characters escaped on a terminal and
// in messages, and output lost to a write error reported as an error.
#include "cli/cli.hpp"
#include "cli/terminal.hpp"
#include "core/export.hpp"
#include "core/text.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cadre::test::TempDir;

struct UrlCase {
  const char* name;
  std::string url;
  bool valid;
};

class WebUrl : public ::testing::TestWithParam<UrlCase> {};

TEST_P(WebUrl, IsValidatedAsAUrl) {
  EXPECT_EQ(cadre::text::is_web_url(GetParam().url), GetParam().valid) << GetParam().url;
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, WebUrl,
    ::testing::Values(UrlCase{"Plain", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj", true},
                      UrlCase{"QueryAndFragment", "https://www.planalto.gov.br/ccivil_03/leis/l13709.htm?a=1&b=%C3%A9#art5", true},
                      UrlCase{"HttpWithPort", "http://example.org:8080/act.xml", true},
                      UrlCase{"HostOnly", "https://example.org", true},
                      UrlCase{"QuoteAndScript", "https://evil.example/\"><script>alert(1)</script>", false},
                      UrlCase{"AngleBracketEndsAutolink", "https://evil.example/a>b", false},
                      UrlCase{"Space", "https://evil.example/a b", false},
                      UrlCase{"Backslash", "https://evil.example\\@good.example/", false},
                      UrlCase{"NewLine", "https://example.org/\nX-Injected: 1", false},
                      UrlCase{"NoHost", "https:///path", false},
                      UrlCase{"JavascriptScheme", "javascript:alert(1)//https://", false},
                      UrlCase{"BadPercentEscape", "https://example.org/%zz", false},
                      UrlCase{"NonNumericPort", "https://example.org:http/", false},
                      UrlCase{"Backtick", "https://example.org/`x`", false},
                      UrlCase{"NonAscii", "https://example.org/\xc3\xa9", false}),
    [](const ::testing::TestParamInfo<UrlCase>& param_info) { return std::string(param_info.param.name); });

// ---------------------------------------------------------------------------------------------

/// A comparison of one cell whose text is `text`.
cadre::Comparison one_cell(const std::string& text) {
  cadre::Comparison c;
  c.language = "en";
  c.categories.push_back({"aims", {"Aims", "Objectifs"}, {"", ""}, {"", ""}});
  cadre::Jurisdiction j;
  j.code = "xa";
  j.name = {"Xa", "Xa"};
  c.jurisdictions.push_back(j);
  cadre::Cell cell;
  cell.jurisdiction = "xa";
  cell.category = "aims";
  cell.language = "en";
  cell.text = text;
  c.cells.push_back({cell});
  return c;
}

struct CsvCase {
  const char* name;
  std::string text;
  std::string field; ///< how the cell must appear in the CSV
};

class CsvCell : public ::testing::TestWithParam<CsvCase> {};

TEST_P(CsvCell, CannotStartAFormulaWhateverTheSeparator) {
  const auto& c = GetParam();
  const std::string csv = cadre::render_comparison(one_cell(c.text), cadre::ExportFormat::csv);
  EXPECT_NE(csv.find("," + c.field + ","), std::string::npos) << c.name << ":\n" << csv;
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, CsvCell,
    ::testing::Values(CsvCase{"SemicolonThenFormula", "text;=cmd|' /C calc'!A0", "\"text;=cmd|' /C calc'!A0\""},
                      CsvCase{"TabThenFormula", "text\t=1+1", "\"text\t=1+1\""},
                      CsvCase{"PipeThenFormula", "a|=1", "\"a|=1\""},
                      CsvCase{"CommaThenFormula", "a,=1", "\"a,=1\""},
                      CsvCase{"LeadingEquals", "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
                      CsvCase{"LeadingPlus", "+1", "'+1"},
                      CsvCase{"LeadingMinus", "-1", "'-1"},
                      CsvCase{"LeadingAt", "@SUM(A1)", "'@SUM(A1)"},
                      CsvCase{"PlainText", "Plain text.", "Plain text."}),
    [](const ::testing::TestParamInfo<CsvCase>& param_info) { return std::string(param_info.param.name); });

// ---------------------------------------------------------------------------------------------

std::string escaped(const std::string& text) {
  std::ostringstream sink;
  cadre::cli::ControlEscapingBuf buf(sink.rdbuf());
  std::ostream out(&buf);
  out << text;
  out.flush();
  return sink.str();
}

TEST(TerminalOutput, ControlCharactersAreShownNotObeyed) {
  EXPECT_EQ(escaped("a\x1b]0;pwned\x07z"), "a\\x1b]0;pwned\\x07z");
  EXPECT_EQ(escaped("\x1b[2J\x1b[H"), "\\x1b[2J\\x1b[H");
  EXPECT_EQ(escaped("csi\xc2\x9b" "31m"), "csi\\u{009b}31m"); // C1 CSI in UTF-8
  EXPECT_EQ(escaped("back\bspace\rreturn\x7f"), "back\\x08space\\x0dreturn\\x7f");
  EXPECT_EQ(escaped("tab\tnew\nline é 人工智能"), "tab\tnew\nline é 人工智能");
  EXPECT_EQ(escaped("\xc2\xa0nbsp"), "\xc2\xa0nbsp");
  EXPECT_EQ(cadre::text::escape_controls("x\x1b[31my"), "x\\x1b[31my");
}

/// Keeps what reaches it and counts the calls: each is one write(2) when it stands for
/// unbuffered stderr.
class CountingBuf : public std::streambuf {
public:
  std::string text;
  int calls = 0;

protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    ++calls;
    text.append(s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type ch) override {
    ++calls;
    text.push_back(traits_type::to_char_type(ch));
    return ch;
  }
};

TEST(TerminalOutput, PlainTextReachesTheStreamInOneWritePerRun) {
  CountingBuf sink;
  cadre::cli::ControlEscapingBuf buf(&sink);
  std::ostream out(&buf);
  out << "2026-12-05T01:38:08Z 127.0.0.1 \"GET /api/v1/compare?j=eu\" 200 62110 0.412ms\n";
  EXPECT_EQ(sink.calls, 1) << "an access-log line is one write, not one per character";
  out << "a\x1b" "b\xc2\xa0" "c";
  EXPECT_TRUE(sink.text.ends_with("a\\x1bb\xc2\xa0" "c")) << sink.text;
}

class HostileOutputCli : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_temp = std::make_unique<TempDir>();
    cadre::test::build_fixture(s_temp->path() / "data");
  }
  static void TearDownTestSuite() { s_temp.reset(); }
  static std::string data() { return (s_temp->path() / "data").string(); }
  static inline std::unique_ptr<TempDir> s_temp;
};

TEST_F(HostileOutputCli, AnEscapeSequenceInAnArgumentIsEscapedInTheMessage) {
  std::ostringstream out, err;
  const int code = cadre::cli::run({"show", "x\x1b]0;pwned\x07", "--data", data()}, out, err);
  EXPECT_NE(code, 0);
  EXPECT_EQ(err.str().find('\x1b'), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("\\x1b]0;pwned\\x07"), std::string::npos) << err.str();
}

TEST_F(HostileOutputCli, ServeThreadsAreBounded) {
  for (const char* threads : {"100000", "0", "-1"}) {
    std::ostringstream out, err;
    EXPECT_EQ(cadre::cli::run({"serve", "--data", data(), "--port", "0", "--threads", threads}, out, err), 2) << threads;
    EXPECT_NE(err.str().find("--threads"), std::string::npos) << err.str();
  }
}

/// A stream that refuses every write, as /dev/full does.
class FullBuf : public std::streambuf {
protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST_F(HostileOutputCli, OutputLostToAWriteErrorIsAnError) {
  for (const char* format : {"csv", "xlsx", "json", "text"}) {
    FullBuf full;
    std::ostream out(&full);
    std::ostringstream err;
    const int code = cadre::cli::run({"compare", "xa", "xb", "--format", format, "--data", data()}, out, err);
    EXPECT_EQ(code, 1) << format << ": " << err.str();
    EXPECT_NE(err.str().find("cadre: error: cannot write the output"), std::string::npos) << format << ": " << err.str();
  }
}

TEST(HostileOutputDevFull, CompareToDevFullFails) {
  std::ofstream devfull("/dev/full");
  if (!devfull) GTEST_SKIP() << "no /dev/full";
  TempDir temp;
  cadre::test::build_fixture(temp.path() / "data");
  std::ostringstream err;
  const int code =
      cadre::cli::run({"compare", "xa", "xb", "--format", "csv", "--data", (temp.path() / "data").string()}, devfull, err);
  EXPECT_EQ(code, 1) << err.str();
}

} // namespace
