// Input bounded before a third-party parser runs (docs/bad-inputs.md, C19 onwards and S20
// onwards): TOML key segments and nesting, XML attributes, source files checked by size before
// they are read, and symbolic links out of --sources.
#include "indexer/corpus.hpp"
#include "indexer/input_bounds.hpp"
#include "indexer/sources.hpp"
#include "indexer/xml.hpp"
#include "core/error.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using cadre::test::TempDir;
using cadre::indexer::check_markup_bounds;
using cadre::indexer::check_toml_bounds;

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::string dotted(std::size_t segments) { return "a" + repeat(".a", segments - 1); }

// ---------------------------------------------------------------------------------------------

struct TomlCase {
  const char* name;
  std::string text;
  int line;    ///< 0: within bounds
  int column;
  const char* message = "";
};

class TomlBounds : public ::testing::TestWithParam<TomlCase> {};

TEST_P(TomlBounds, AreCheckedBeforeParsing) {
  const auto& c = GetParam();
  const auto violation = check_toml_bounds(c.text);
  if (c.line == 0) {
    EXPECT_FALSE(violation) << c.name << ": " << violation->line << ":" << violation->column << " " << violation->message;
    return;
  }
  ASSERT_TRUE(violation) << c.name;
  EXPECT_EQ(violation->line, c.line) << c.name;
  EXPECT_EQ(violation->column, c.column) << c.name;
  EXPECT_EQ(violation->message, c.message) << c.name;
}

const char* k_segments = "a dotted key has more than 64 parts";
const char* k_nesting = "arrays and inline tables are nested more than 32 deep";

INSTANTIATE_TEST_SUITE_P(
    Hostile, TomlBounds,
    ::testing::Values(
        TomlCase{"FixtureShape", "code = \"xa\"\n[[instrument]]\nid = \"xa/a\"\ndates.adopted = 2024-01-01\nx = 1.5\n", 0, 0},
        TomlCase{"SixtyFourSegments", dotted(64) + " = 1\n", 0, 0},
        TomlCase{"SixtyFiveSegments", dotted(65) + " = 1\n", 1, 128, k_segments},
        TomlCase{"FiftyThousandSegments", "code = \"xa\"\n" + dotted(50000) + " = 1\n", 2, 128, k_segments},
        TomlCase{"TableHeaderOfFiftyThousandSegments", "[" + dotted(50000) + "]\n", 1, 129, k_segments},
        TomlCase{"ArrayTableHeaderOfFiftyThousandSegments", "[[" + dotted(50000) + "]]\n", 1, 130, k_segments},
        TomlCase{"KeyInInlineTable", "x = { " + dotted(100) + " = 1 }\n", 1, 134, k_segments},
        TomlCase{"SegmentsCountPerKeyNotPerLine", "x = { " + dotted(40) + " = 1, " + dotted(40) + " = 2 }\n", 0, 0},
        TomlCase{"DotsInValuesDoNotCount", "x = [" + repeat("1.5, ", 200) + "]\ny = 1979-05-27T07:32:00.999\n", 0, 0},
        TomlCase{"DotsInQuotedKeysDoNotCount", "\"" + dotted(500) + "\" = 1\n'" + dotted(500) + "' = 2\n", 0, 0},
        TomlCase{"DotsInCommentsDoNotCount", "# " + dotted(500) + "\nx = 1 # " + dotted(500) + "\n", 0, 0},
        TomlCase{"ThirtyTwoNestedArrays", "x = " + repeat("[", 32) + repeat("]", 32) + "\n", 0, 0},
        TomlCase{"ThirtyThreeNestedArrays", "x = " + repeat("[", 33) + repeat("]", 33) + "\n", 1, 37, k_nesting},
        TomlCase{"FiftyThousandNestedArrays", "x = " + repeat("[", 50000) + "\n", 1, 37, k_nesting},
        TomlCase{"NestedInlineTables", "x = " + repeat("{a=", 40) + "1" + repeat("}", 40) + "\n", 1, 101, k_nesting},
        TomlCase{"ArraysSpanningLines", "x = [\n" + repeat("[\n", 40), 33, 1, k_nesting},
        TomlCase{"BracketsInStringsDoNotCount", "x = \"" + repeat("[", 100) + "\"\ny = '" + repeat("{", 100) + "'\n", 0, 0},
        TomlCase{"BracketsInMultilineStrings", "x = \"\"\"\n" + repeat("[", 100) + "\n\"\"\"\ny = '''" + repeat("[", 100) + "'''\n", 0, 0},
        TomlCase{"EscapedQuoteInString", "x = \"a\\\"" + repeat("[", 100) + "\"\n", 0, 0}),
    [](const ::testing::TestParamInfo<TomlCase>& param_info) { return std::string(param_info.param.name); });

/// A jurisdiction.toml of 50,000 key segments (100 KB) used to overflow toml++'s stack in
/// `cadre lint` and `cadre index`: it is now one error with its position, and nothing else runs.
TEST(HostileCorpusBounds, AHundredKilobyteDottedKeyIsAnErrorNotACrash) {
  TempDir temp;
  const auto dir = temp.path() / "corpus" / "xa";
  fs::create_directories(dir);
  for (const char* name : {"framework.en.md", "framework.fr.md"})
    fs::copy_file(cadre::test::data_dir() / "corpus" / "xa" / name, dir / name);
  for (const std::string& text : {dotted(50000) + " = 1\n", "[" + dotted(50000) + "]\n", "x = " + repeat("[", 50000) + "\n"}) {
    std::ofstream(dir / "jurisdiction.toml", std::ios::binary | std::ios::trunc)
        << cadre::test::read_file(cadre::test::data_dir() / "corpus" / "xa" / "jurisdiction.toml") << text;
    cadre::indexer::Diagnostics diags;
    EXPECT_FALSE(cadre::indexer::load_jurisdiction(dir, diags));
    ASSERT_EQ(diags.error_count(), 1);
    const auto& d = diags.items().front();
    EXPECT_GT(d.line, 1);
    EXPECT_GT(d.column, 1);
    EXPECT_TRUE(d.message == k_segments || d.message == k_nesting) << d.message;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates, NUL bytes and URLs in corpus files.

/// The fixture jurisdiction xa copied to a temporary corpus, with `from` replaced by `to` in
/// file `name`; returns the error messages of loading it.
std::vector<std::string> load_changed(const std::string& name, const std::string& from, const std::string& to) {
  TempDir temp;
  const auto dir = temp.path() / "corpus" / "xa";
  fs::create_directories(dir.parent_path());
  fs::copy(cadre::test::data_dir() / "corpus" / "xa", dir, fs::copy_options::recursive);
  std::string text = cadre::test::read_file(dir / name);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
  cadre::indexer::Diagnostics diags;
  cadre::indexer::load_jurisdiction(dir, diags);
  std::vector<std::string> out;
  for (const auto& d : diags.items())
    if (d.severity == cadre::indexer::Diagnostic::Severity::error) out.push_back(d.message);
  return out;
}

using Messages = std::vector<std::string>;

TEST(CorpusDates, YearZeroIsRefused) {
  EXPECT_EQ(load_changed("jurisdiction.toml", "as_of = 2026-03-10", "as_of = 0000-01-01"),
            Messages{"'as_of' is 0000-01-01, which is not a date between 1900 and 2199"});
}

TEST(CorpusDates, February31InTheFrameworkIsRefused) {
  EXPECT_EQ(load_changed("framework.en.md", "as-of: 2026-03-10", "as-of: 2026-02-31"),
            Messages{"'as-of: 2026-02-31' is not a date between 1900 and 2199"});
}

TEST(CorpusDates, February29OfALeapYearIsADate) {
  EXPECT_EQ(load_changed("framework.en.md", "as-of: 2026-03-10", "as-of: 2024-02-29"), Messages{});
  EXPECT_TRUE(cadre::indexer::is_calendar_date(2000, 2, 29));
  EXPECT_FALSE(cadre::indexer::is_calendar_date(1900, 2, 29));
  EXPECT_FALSE(cadre::indexer::is_calendar_date(2026, 4, 31));
  EXPECT_FALSE(cadre::indexer::is_calendar_date(2026, 13, 1));
}

TEST(CorpusDates, NulByteInFramework) {
  EXPECT_EQ(load_changed("framework.en.md", "as-of: 2026-03-10", std::string("as-of: 2026-03-10\0", 18)),
            Messages{"the text contains a NUL byte: remove it"});
}

TEST(CorpusUrls, AnOfficialUrlThatBreaksOutOfALinkIsRefused) {
  const auto errors = load_changed("jurisdiction.toml", "official_url = \"https://example.org/xa/eo-90001\"",
                                   "official_url = \"https://evil.example/\\\"><script>alert(1)</script>\"");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("'official_url' must be an http:// or https:// address"), std::string::npos) << errors[0];
}

// ---------------------------------------------------------------------------------------------

struct MarkupCase {
  const char* name;
  std::string text;
  bool refused;
};

class MarkupBounds : public ::testing::TestWithParam<MarkupCase> {};

TEST_P(MarkupBounds, CountAttributesPerElement) {
  const auto& c = GetParam();
  EXPECT_EQ(check_markup_bounds(c.text).has_value(), c.refused) << c.name;
}

std::string attributes(std::size_t n, const std::string& quote = "\"") {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += " a" + std::to_string(i) + "=" + quote + "v" + quote;
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, MarkupBounds,
    ::testing::Values(
        MarkupCase{"TwoHundredFiftySix", "<r" + attributes(256) + "/>", false},
        MarkupCase{"TwoHundredFiftySeven", "<r" + attributes(257) + "/>", true},
        MarkupCase{"SingleQuoted", "<r" + attributes(300, "'") + ">x</r>", true},
        MarkupCase{"ManyElementsWithFewAttributes", repeat("<p" + attributes(10) + ">x</p>", 1000), false},
        MarkupCase{"EqualsInsideValuesDoNotCount", "<r a=\"" + repeat("=", 1000) + "\" b='" + repeat("=", 1000) + "'/>", false},
        MarkupCase{"EqualsInTextDoNotCount", "<r>" + repeat("a=b ", 1000) + "</r>", false},
        MarkupCase{"EqualsInCommentsDoNotCount", "<!--" + repeat("<a b=c ", 1000) + "--><r/>", false},
        MarkupCase{"EqualsInCdataDoNotCount", "<r><![CDATA[" + repeat("<a b=c ", 1000) + "]]></r>", false},
        MarkupCase{"AttributesAfterAComment", "<!-- x --><r" + attributes(1000) + "/>", true}),
    [](const ::testing::TestParamInfo<MarkupCase>& param_info) { return std::string(param_info.param.name); });

/// One element of 200,000 attributes (2.2 MB) took the XML parser 209 s; it is now refused
/// before libxml2 sees it.
TEST(HostileXmlBounds, TwoHundredThousandAttributesAreRefusedQuickly) {
  const std::string xml = "<?xml version=\"1.0\"?>\n<PRESDOCU" + attributes(200000) + "><FP>x</FP></PRESDOCU>\n";
  const auto started = std::chrono::steady_clock::now();
  try {
    cadre::indexer::XmlDocument::parse_xml(xml, "hostile.xml");
    FAIL() << "an element of 200,000 attributes was parsed";
  } catch (const cadre::DataError& e) {
    EXPECT_STREQ(e.what(), "hostile.xml:2:1: an element has more than 256 attributes");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

// ---------------------------------------------------------------------------------------------
// Source files: size checked by stat before reading; links that leave --sources refused.

class SourceFiles : public ::testing::Test {
protected:
  void SetUp() override {
    fs::create_directories(sources() / "xa");
    fs::create_directories(temp.path() / "outside");
  }
  fs::path sources() const { return temp.path() / "sources"; }

  /// Parses one plain-text source `file` expecting `sha256`; returns the error messages.
  std::vector<std::string> parse(const std::string& file, const std::string& sha256) const {
    cadre::indexer::InstrumentSpec spec;
    spec.instrument.id = "xa/t";
    spec.instrument.jurisdiction = "xa";
    cadre::indexer::SourceSpec source;
    source.file = file;
    source.format = "plain-text";
    source.language = "en";
    source.sha256 = sha256;
    source.options["numbering"] = "articles";
    source.line = 7;
    spec.sources.push_back(source);
    cadre::indexer::Diagnostics diags;
    cadre::indexer::parse_instrument(spec, sources(), "xa.toml", diags);
    std::vector<std::string> out;
    for (const auto& d : diags.items())
      if (d.severity == cadre::indexer::Diagnostic::Severity::error) out.push_back(d.message);
    return out;
  }

  TempDir temp;
};

const std::string k_text = "Article 1. This text is a test.\n";

TEST_F(SourceFiles, ALinkOutOfTheSourcesFolderIsNotFollowed) {
  std::ofstream(temp.path() / "outside" / "law.txt") << k_text;
  fs::create_symlink(temp.path() / "outside" / "law.txt", sources() / "xa" / "law.txt");
  const auto errors = parse("law.txt", cadre::indexer::sha256_hex(k_text));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "instrument xa/t: source law.txt: " + (sources() / "xa" / "law.txt").string() +
                           " is a symbolic link that leaves the sources folder; Cadre reads only files inside "
                           "--sources (copy the file in instead)");
}

TEST_F(SourceFiles, ALinkToASystemFileGivesNoDigestOfIt) {
  fs::create_symlink("/etc/hostname", sources() / "xa" / "law.txt");
  const auto errors = parse("law.txt", std::string(64, '0'));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("is a symbolic link that leaves the sources folder"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].find("sha256"), std::string::npos) << errors[0];
}

TEST_F(SourceFiles, AFolderLinkOutOfTheSourcesFolderIsNotFollowed) {
  fs::remove(sources() / "xa");
  std::ofstream(temp.path() / "outside" / "law.txt") << k_text;
  fs::create_directory_symlink(temp.path() / "outside", sources() / "xa");
  const auto errors = parse("law.txt", cadre::indexer::sha256_hex(k_text));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("is a symbolic link that leaves the sources folder"), std::string::npos) << errors[0];
}

TEST_F(SourceFiles, ALinkInsideTheSourcesFolderIsFollowed) {
  fs::create_directories(sources() / "shared");
  std::ofstream(sources() / "shared" / "law.txt") << k_text;
  fs::create_symlink("../shared/law.txt", sources() / "xa" / "law.txt");
  EXPECT_EQ(parse("law.txt", cadre::indexer::sha256_hex(k_text)), std::vector<std::string>{});
}

TEST_F(SourceFiles, AFileOverTheLimitIsRefusedBeforeItIsRead) {
  // A sparse file: 2 GiB by its size, no disk space; reading it would take seconds and memory.
  {
    std::ofstream(sources() / "xa" / "big.txt") << "x";
  }
  fs::resize_file(sources() / "xa" / "big.txt", 2ull << 30);
  const auto started = std::chrono::steady_clock::now();
  const auto errors = parse("big.txt", std::string(64, '0'));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(500));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "instrument xa/t: source big.txt: " + (sources() / "xa" / "big.txt").string() +
                           " is larger than the 64 MiB limit for a source text (not read)");
}

TEST_F(SourceFiles, AFifoIsNotReadForEver) {
  ASSERT_EQ(::mkfifo((sources() / "xa" / "pipe.txt").c_str(), 0600), 0);
  const auto errors = parse("pipe.txt", std::string(64, '0'));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("not found"), std::string::npos) << errors[0];
}

} // namespace
