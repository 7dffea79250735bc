// A corpus whose one source text is hostile: the build reports that source, skips it, and
// publishes everything else (issue 3, item 6: "the rest of the build completes").
#include "core/library.hpp"
#include "indexer/build.hpp"
#include "indexer/sources.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using cadre::test::TempDir;

/// The fixture corpus and sources copied to a temporary folder, with xb's charter.xml replaced
/// by `hostile` and its sha256 in jurisdiction.toml updated to match.
struct HostileCorpus {
  explicit HostileCorpus(const std::string& hostile) {
    fs::copy(cadre::test::data_dir() / "corpus", corpus(), fs::copy_options::recursive);
    fs::copy(cadre::test::data_dir() / "fixture-sources", sources(), fs::copy_options::recursive);
    const auto toml = corpus() / "xb" / "jurisdiction.toml";
    std::string text = cadre::test::read_file(toml);
    const std::string old_sum = cadre::indexer::sha256_hex(cadre::test::read_file(sources() / "xb" / "charter.xml"));
    const auto pos = text.find(old_sum);
    EXPECT_NE(pos, std::string::npos);
    text.replace(pos, old_sum.size(), cadre::indexer::sha256_hex(hostile));
    std::ofstream(toml, std::ios::binary | std::ios::trunc) << text;
    std::ofstream(sources() / "xb" / "charter.xml", std::ios::binary | std::ios::trunc) << hostile;
  }
  fs::path corpus() const { return temp.path() / "corpus"; }
  fs::path sources() const { return temp.path() / "sources"; }
  fs::path data() const { return temp.path() / "data"; }

  cadre::indexer::BuildReport build() const {
    cadre::indexer::BuildOptions options;
    options.corpus_dir = corpus();
    options.sources_dir = sources();
    options.data_dir = data();
    options.corpus_commit = "hostile";
    options.allow_partial = allow_partial;
    return cadre::indexer::build(options);
  }

  TempDir temp;
  bool allow_partial = true; ///< the cases below publish the rest (`cadre index --allow-partial`)
};

TEST(HostileBuild, AnXxeSourceIsReportedAndSkippedAndTheRestIsPublished) {
  const HostileCorpus corpus("<?xml version=\"1.0\"?>\n<!DOCTYPE PRESDOCU [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
                             "<PRESDOCU><EXECORD><FP>&x;</FP></EXECORD></PRESDOCU>\n");
  const auto report = corpus.build();
  EXPECT_FALSE(report.complete());
  EXPECT_EQ(report.sources_failed, 1);
  EXPECT_EQ(report.sources_indexed, 2) << "xa's order and the earlier version of xb's charter";
  EXPECT_EQ(report.skipped_jurisdictions, 0);
  std::vector<std::string> errors;
  for (const auto& d : report.diagnostics.items())
    if (d.severity == cadre::indexer::Diagnostic::Severity::error) errors.push_back(d.to_string());
  const std::string toml = (corpus.corpus() / "xb" / "jurisdiction.toml").string();
  const std::string source = (corpus.sources() / "xb" / "charter.xml").string();
  EXPECT_EQ(errors, std::vector<std::string>{toml + ":29:1: error: instrument xb/charter: source charter.xml: cannot be "
                                             "parsed: " + source + ":3: the document declares entity 'x'; Cadre "
                                             "refuses entity declarations (they can expand without bound or read files)"});

  // Published: the other jurisdiction's clauses are there and searchable, the hostile one's not.
  const auto library = cadre::Library::open(corpus.data());
  cadre::SearchRequest request;
  request.query = "automated";
  const auto results = library->search(request);
  ASSERT_GT(results.total, 0);
  for (const auto& hit : results.hits) EXPECT_NE(hit.instrument, "xb/charter") << hit.id;
  request.query = "passwd OR root";
  EXPECT_EQ(library->search(request).total, 0);
}

TEST(HostileBuild, ATruncatedSourceIsReportedWithItsLine) {
  const HostileCorpus corpus("<?xml version=\"1.0\"?>\n<PRESDOCU>\n<EXECORD><FP>Sec. 1. Purpose");
  const auto report = corpus.build();
  EXPECT_EQ(report.sources_failed, 1);
  EXPECT_EQ(report.sources_indexed, 2) << "xa's order and the earlier version of xb's charter";
  ASSERT_EQ(report.diagnostics.error_count(), 1);
  const std::string source = (corpus.sources() / "xb" / "charter.xml").string();
  for (const auto& d : report.diagnostics.items()) {
    if (d.severity == cadre::indexer::Diagnostic::Severity::error) {
      EXPECT_EQ(d.message, "instrument xb/charter: source charter.xml: cannot be parsed: " + source +
                               ":3: Premature end of data in tag FP line 3 (the file is not well-formed XML)");
    }
  }
  EXPECT_TRUE(fs::exists(corpus.data() / "current"));
}

TEST(HostileBuild, ABuildWithAnErrorIsNotPublishedByDefault) {
  HostileCorpus corpus("<?xml version=\"1.0\"?>\n<PRESDOCU>\n<EXECORD><FP>Sec. 1. Purpose");
  corpus.allow_partial = false;
  const auto report = corpus.build();
  EXPECT_FALSE(report.published);
  EXPECT_EQ(report.sources_failed, 1);
  EXPECT_FALSE(fs::exists(corpus.data() / "current"));
  // With a good build in place, a bad one leaves it serving.
  HostileCorpus good("");
  fs::copy_file(cadre::test::data_dir() / "fixture-sources" / "xb" / "charter.xml", good.sources() / "xb" / "charter.xml",
                fs::copy_options::overwrite_existing);
  fs::remove_all(good.corpus());
  fs::copy(cadre::test::data_dir() / "corpus", good.corpus(), fs::copy_options::recursive);
  good.allow_partial = false;
  const auto first = good.build();
  ASSERT_TRUE(first.published);
  const auto before = fs::read_symlink(good.data() / "current");
  std::ofstream(good.corpus() / "xb" / "jurisdiction.toml", std::ios::app) << "nonsense = 1\n";
  const auto second = good.build();
  EXPECT_FALSE(second.published);
  EXPECT_EQ(second.skipped_jurisdictions, 1);
  EXPECT_EQ(fs::read_symlink(good.data() / "current"), before);
}

} // namespace
