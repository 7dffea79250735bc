// Index-content test: index the tiny fixture corpus, then check the rows, terms and values
// that must exist and those that must not; and that builds are deterministic and atomic.
#include "core/error.hpp"
#include "core/library.hpp"
#include "core/prefixes.hpp"
#include "core/schema.hpp"
#include "indexer/build.hpp"
#include "indexer/sources.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <csignal>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using cadre::test::TempDir;

std::set<std::string> terms_of(const Xapian::Database& db, const std::string& unique) {
  Xapian::PostingIterator p = db.postlist_begin(std::string(cadre::prefix::id) + unique);
  if (p == db.postlist_end(std::string(cadre::prefix::id) + unique)) return {};
  const Xapian::Document doc = db.get_document(*p);
  return {doc.termlist_begin(), doc.termlist_end()};
}

std::string dump(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement q(db, sql);
  std::string out;
  while (q.executeStep()) {
    for (int i = 0; i < q.getColumnCount(); ++i) out += (i ? "|" : "") + q.getColumn(i).getString();
    out += "\n";
  }
  return out;
}

class FixtureBuild : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    s_build = cadre::test::build_fixture(s_dir->path());
  }
  static void TearDownTestSuite() { delete s_dir; }
  static inline TempDir* s_dir = nullptr;
  static inline std::filesystem::path s_build;
};

TEST_F(FixtureBuild, SqliteRowsExist) {
  SQLite::Database db((s_build / "cadre.sqlite").string());
  EXPECT_EQ(dump(db, "SELECT code, kind, as_of FROM jurisdictions ORDER BY code"),
            "xa|national|2026-03-10\nxb|supranational|2026-02-01\n");
  EXPECT_EQ(dump(db, "SELECT id, status, status_by FROM instruments WHERE jurisdiction = 'xa' ORDER BY ordinal"),
            "xa/ai-order|in-force|\nxa/old-order|revoked|xa/ai-order\n");
  EXPECT_EQ(dump(db, "SELECT id, parent, depth FROM clauses WHERE instrument = 'xa/ai-order' ORDER BY ordinal"),
            "xa/ai-order/preamble||0\nxa/ai-order/sec_1||0\nxa/ai-order/sec_2||0\nxa/ai-order/sec_2__para_a|xa/ai-order/sec_2|1\n"
            "xa/ai-order/sec_2__para_b|xa/ai-order/sec_2|1\nxa/ai-order/sec_3||0\nxa/ai-order/sec_4||0\nxa/ai-order/sec_5||0\n");
  EXPECT_EQ(dump(db, "SELECT label, heading FROM clause_texts WHERE clause = 'xa/ai-order/sec_3'"), "Sec. 3|Human Oversight\n");
  EXPECT_EQ(dump(db, "SELECT count(*) FROM cells"), "28\n");
  EXPECT_EQ(dump(db, "SELECT clause, label FROM citations WHERE jurisdiction = 'xa' AND category = 'requirements' AND language = 'fr'"),
            "xa/ai-order/sec_3|décret 90001, art. 3\n");
  // Every tag is kept with its origin; readers see the tagger's categories, a cited clause's too.
  EXPECT_EQ(dump(db, "SELECT count(*) FROM clause_tags WHERE clause = 'xa/ai-order/sec_4' AND origin = 'curated'"), "1\n");
  EXPECT_EQ(dump(db, "SELECT category FROM clause_categories WHERE clause = 'xa/ai-order/sec_4'"),
            dump(db, "SELECT category FROM clause_tags WHERE clause = 'xa/ai-order/sec_4' AND origin = 'model'"));
  EXPECT_EQ(dump(db, "SELECT category FROM clause_categories WHERE clause = 'xa/ai-order/sec_4'"), "enforcement\n");
  EXPECT_EQ(dump(db, "SELECT state FROM sources ORDER BY instrument"), "indexed\nindexed\n");
  EXPECT_EQ(dump(db, "PRAGMA user_version"), std::to_string(cadre::schema_version()) + "\n");
  EXPECT_EQ(dump(db, "SELECT count(*) FROM provisions"), "52\n");
  EXPECT_EQ(dump(db, "SELECT count(*) FROM provision_values"), "104\n");
  EXPECT_EQ(dump(db, "SELECT value, note_fr FROM provision_values WHERE jurisdiction = 'xa' AND provision = 'requirements.human-oversight'"),
            "yes|Les organismes doivent assurer la supervision humaine des décisions.\n");
  EXPECT_EQ(dump(db, "SELECT target FROM provision_citations WHERE jurisdiction = 'xa' AND provision = 'risk.prohibited-practices'"),
            "instrument:xa/old-order\n");
  // A clause cited for a provision is a curated example of the provision's category.
  EXPECT_EQ(dump(db, "SELECT origin FROM clause_tags WHERE clause = 'xb/charter/sec_2' AND category = 'requirements' AND origin = 'curated'"),
            "curated\n");
}

TEST_F(FixtureBuild, RawHtmlNeverReachesTheCell) {
  SQLite::Database db((s_build / "cadre.sqlite").string());
  const std::string html = dump(db, "SELECT html FROM cells WHERE jurisdiction = 'xa' AND category = 'requirements' AND language = 'en'");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"#clause=xa/ai-order/sec_3\""), std::string::npos) << html;
}

TEST_F(FixtureBuild, XapianTermsAndValues) {
  Xapian::Database db((s_build / "xapian").string());
  const auto clause = terms_of(db, "clause:xa/ai-order/sec_3@en");
  for (const char* term : {"XJxa", "XIxa/ai-order", "XSin-force", "XKnational", "XTclause", "Len", "XCrequirements", "oversight", "Zoversight"})
    EXPECT_TRUE(clause.count(term)) << "missing term " << term;
  EXPECT_FALSE(clause.count("XJxb"));
  EXPECT_FALSE(clause.count("Lfr"));

  // French cells are stemmed in French, with elisions split: "l’évaluation" gives "évaluation".
  const auto cell = terms_of(db, "cell:xa/requirements@fr");
  for (const char* term : {"XTcell", "XCrequirements", "XIxa/ai-order", "XSin-force", "Lfr", "évaluation", "Zévalu"})
    EXPECT_TRUE(cell.count(term)) << "missing term " << term;
  EXPECT_FALSE(cell.count("l’évaluation"));
  EXPECT_FALSE(cell.count("l'évaluation"));

  Xapian::PostingIterator p = db.postlist_begin("Qclause:xa/ai-order/sec_3@en");
  const Xapian::Document doc = db.get_document(*p);
  const std::string facets = doc.get_value(cadre::slot::facets);
  ASSERT_TRUE(cadre::slot::parse_facets(facets));
  EXPECT_EQ(cadre::slot::parse_facets(facets)->jurisdiction, "xa");
  EXPECT_EQ(cadre::slot::parse_facets(facets)->language, "en");
  EXPECT_EQ(doc.get_value(cadre::slot::date), "20260303");
  EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(cadre::slot::ordinal)), 5);
  // 11 clause versions, 28 cells, and the notes of 2 × 52 provision values in 2 languages.
  EXPECT_EQ(db.get_doccount(), 11u + 28u + 208u);
  const auto note = terms_of(db, "provision:xa/requirements.human-oversight@fr");
  for (const char* term : {"XTprovision", "XCrequirements", "XJxa", "XIxa/ai-order", "XSin-force", "Lfr", "supervision"})
    EXPECT_TRUE(note.count(term)) << "missing term " << term;
}

TEST(Build, SameInputsGiveIdenticalRows) {
  TempDir a, b;
  cadre::test::build_fixture(a.path());
  cadre::test::build_fixture(b.path());
  const char* tables[] = {"meta", "categories", "jurisdictions", "instruments", "instrument_dates", "sources",
                          "clauses", "clause_texts", "cells", "citations", "clause_tags", "provisions",
                          "provision_values", "provision_citations"};
  SQLite::Database da((cadre::BuildLayout::resolve_current(a.path()) / "cadre.sqlite").string());
  SQLite::Database db((cadre::BuildLayout::resolve_current(b.path()) / "cadre.sqlite").string());
  for (const char* table : tables) {
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY 1, 2";
    EXPECT_EQ(dump(da, sql), dump(db, sql)) << table;
  }
}

TEST(Build, RebuildSwapsCurrentAndKeepsThePreviousBuild) {
  TempDir data;
  const auto first = cadre::test::build_fixture(data.path());
  const auto second = cadre::test::build_fixture(data.path());
  EXPECT_NE(first, second) << "an identical rebuild is published under a new directory";
  EXPECT_EQ(cadre::BuildLayout::resolve_current(data.path()), std::filesystem::canonical(second));
  EXPECT_TRUE(std::filesystem::exists(first / "cadre.sqlite")) << "readers of the previous build keep their files";
}

TEST(Build, KillingTheIndexerLeavesTheCurrentBuildServing) {
  TempDir data;
  const auto good = cadre::test::build_fixture(data.path());
  for (int delay_ms : {0, 2, 5, 10, 20}) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        cadre::test::build_fixture(data.path());
      } catch (...) {
      }
      _exit(0);
    }
    usleep(static_cast<useconds_t>(delay_ms * 1000));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    // Whatever the moment of death, `current` names a complete build that opens.
    const auto library = cadre::Library::open(data.path());
    EXPECT_EQ(library->info().jurisdictions, 2);
  }
  // The next build clears the temporary directories the killed runs left.
  cadre::test::build_fixture(data.path());
  for (const auto& entry : std::filesystem::directory_iterator(data.path() / "builds"))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << entry.path();
  (void)good;
}

TEST(Build, ABuildOfAnotherSchemaVersionIsRefusedWithWhatToDo) {
  TempDir data;
  const auto build = cadre::test::build_fixture(data.path());
  {
    SQLite::Database db((build / "cadre.sqlite").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  try {
    cadre::Library::open(data.path());
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_EQ(std::string(e.what()), "the build " + build.string() +
                                         " was made with database schema version 99, this Cadre reads version " +
                                         std::to_string(cadre::schema_version()) + ": rebuild it with `cadre index`");
  }
}

TEST(Build, NoBuildYetSaysToRunIndex) {
  TempDir data;
  try {
    cadre::Library::open(data.path());
    FAIL() << "expected a DataError";
  } catch (const cadre::DataError& e) {
    EXPECT_EQ(std::string(e.what()), "no Cadre build in " + data.path().string() + ": run `cadre index --corpus corpus --out " +
                                         data.path().string() + "` first");
  }
}

namespace {

/// A copy of the fixture corpus and sources in `dir`, with a second instrument of xa whose source
/// is `text` (fedreg-xml), declared a copy of `same_text_as` unless that is empty; built.
cadre::indexer::BuildReport build_with_second_source(const TempDir& dir, const std::string& text, const std::string& same_text_as) {
  std::filesystem::copy(cadre::test::data_dir() / "corpus", dir.path() / "corpus", std::filesystem::copy_options::recursive);
  std::filesystem::copy(cadre::test::data_dir() / "fixture-sources", dir.path() / "sources",
                        std::filesystem::copy_options::recursive);
  std::ofstream(dir.path() / "sources" / "xa" / "ai-order-copy.xml", std::ios::binary) << text;
  std::ofstream(dir.path() / "corpus" / "xa" / "jurisdiction.toml", std::ios::app)
      << "\n[[instrument]]\nid = \"xa/ai-order-copy\"\nshort_name = \"EO 90001 (gazette copy)\"\n"
      << (same_text_as.empty() ? "" : "same_text_as = \"" + same_text_as + "\"\n")
      << "title = { en = \"Executive Order 90001, gazette copy\", fr = \"Décret 90001, copie du journal\" }\n"
         "type = \"executive-order\"\nofficial_url = \"https://example.org/xa/gazette/eo-90001\"\nlanguages = [\"en\"]\n\n"
         "[[instrument.event]]\nkind = \"signed\"\ndate = 2026-03-03\n"
         "evidence = { url = \"https://example.org/xa/gazette/eo-90001\", kind = \"official-text\", seen = 2026-03-10 }\n\n"
         "[[instrument.event]]\nkind = \"in-force\"\ndate = 2026-03-03\n"
         "evidence = { url = \"https://example.org/xa/gazette/eo-90001\", kind = \"official-text\", seen = 2026-03-10 }\n\n"
         "[[instrument.source]]\nfile = \"ai-order-copy.xml\"\nformat = \"fedreg-xml\"\nlanguage = \"en\"\n"
         "sha256 = \"" << cadre::indexer::sha256_hex(text) << "\"\n";
  cadre::indexer::BuildOptions options;
  options.corpus_dir = dir.path() / "corpus";
  options.sources_dir = dir.path() / "sources";
  options.data_dir = dir.path() / "data";
  return cadre::indexer::build(options);
}

/// The order's text with straight quotes for curly ones: the same letters, other bytes.
std::string ai_order_with_other_quotes() {
  std::string copy = cadre::test::read_file(cadre::test::data_dir() / "fixture-sources" / "xa" / "ai-order.xml");
  for (const std::string quote : {"\u201C", "\u201D"})
    for (std::size_t at; (at = copy.find(quote)) != std::string::npos;) copy.replace(at, quote.size(), "\"");
  return copy;
}

/// The build's warnings about copies, after checking that `cadre lint` of the same corpus and
/// sources gives the same (lint also checks the fixture's claims).
std::vector<std::string> warnings_of(const TempDir& dir, const cadre::indexer::BuildReport& report) {
  const auto warnings = [](const cadre::indexer::Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.items())
      if (d.severity == cadre::indexer::Diagnostic::Severity::warning && d.message.find("same_text_as") != std::string::npos)
        out.push_back(d.message);
    return out;
  };
  cadre::indexer::LintOptions lint;
  lint.corpus_dir = dir.path() / "corpus";
  lint.sources_dir = dir.path() / "sources";
  EXPECT_EQ(warnings(cadre::indexer::lint(lint)), warnings(report.diagnostics));
  return warnings(report.diagnostics);
}

} // namespace

// A second instrument declared to hold the first's text, in another encoding (other quotes):
// search shows a hit of either as the original's clause and names the copy, so that the reader
// is sent to the original.
TEST(Build, AHitOfACopyShowsTheOriginalsClause) {
  TempDir dir;
  const auto report = build_with_second_source(dir, ai_order_with_other_quotes(), "xa/ai-order");
  ASSERT_TRUE(report.complete()) << (report.diagnostics.items().empty() ? "" : report.diagnostics.items().front().to_string());
  EXPECT_EQ(warnings_of(dir, report), std::vector<std::string>{});
  cadre::indexer::BuildOptions options;
  options.data_dir = dir.path() / "data";
  const auto library = cadre::Library::open(options.data_dir);

  for (const char* query : {"human oversight impact assessment", "high-impact system benefits housing"}) {
    cadre::SearchRequest request;
    request.query = query;
    request.type = "clause";
    const auto results = library->search(request);
    ASSERT_FALSE(results.hits.empty()) << query;
    const auto& hit = results.hits.front();
    EXPECT_TRUE(hit.id.starts_with("xa/ai-order/")) << query << ": " << hit.id;
    EXPECT_EQ(hit.instrument, "xa/ai-order") << query;
    EXPECT_TRUE(hit.label.starts_with("EO 90001, ")) << query << ": " << hit.label;
    EXPECT_EQ(hit.also_in, std::vector<std::string>{"xa/ai-order-copy"}) << query;
    for (const auto& other : results.hits) EXPECT_FALSE(other.id.starts_with("xa/ai-order-copy/")) << query << ": " << other.id;
  }
  // Every document of the copy shows the original's clause of its path.
  Xapian::Database db((report.build_dir / cadre::BuildLayout::k_xapian).string());
  int copies = 0;
  for (auto p = db.postlist_begin("XIxa/ai-order-copy"); p != db.postlist_end("XIxa/ai-order-copy"); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    std::string unique;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if ((*t).starts_with("Qclause:")) unique = (*t).substr(8);
    if (unique.empty()) continue;
    ++copies;
    const std::string path = unique.substr(std::string("xa/ai-order-copy").size(), unique.find('@') - std::string("xa/ai-order-copy").size());
    EXPECT_NE(doc.get_data().find("\nxa/ai-order" + path + "\n"), std::string::npos) << unique;
  }
  EXPECT_GT(copies, 3);
}

// The declaration decides what is a copy; the texts check it. Without a declaration the same
// text is a warning that says what to add, and both are searched apart; a declared copy whose
// text differs is a warning too.
TEST(Build, ACopyIsDeclaredAndCheckedAgainstItsText) {
  {
    TempDir dir;
    const auto report = build_with_second_source(dir, ai_order_with_other_quotes(), "");
    EXPECT_TRUE(report.complete()) << (report.diagnostics.items().empty() ? "" : report.diagnostics.items().front().to_string());
    const auto warnings = warnings_of(dir, report);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(warnings[0].starts_with("instrument xa/ai-order-copy holds the text of xa/ai-order (")) << warnings[0];
    EXPECT_TRUE(warnings[0].ends_with("): add same_text_as = \"xa/ai-order\" to it, so that search shows the two as one"))
        << warnings[0];
    const auto library = cadre::Library::open(dir.path() / "data");
    for (const auto& j : library->jurisdictions())
      for (const auto& in : j.instruments) EXPECT_EQ(in.same_text_as, "") << in.id;
  }
  {
    TempDir dir;
    std::string other = ai_order_with_other_quotes();
    for (const auto& [from, to] : {std::pair<std::string, std::string>{" order", " decree"}, {"agency", "office"}})
      for (std::size_t at; (at = other.find(from)) != std::string::npos;) other.replace(at, from.size(), to);
    const auto report = build_with_second_source(dir, other, "xa/ai-order");
    EXPECT_TRUE(report.complete()) << (report.diagnostics.items().empty() ? "" : report.diagnostics.items().front().to_string());
    const auto warnings = warnings_of(dir, report);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(warnings[0].starts_with("instrument xa/ai-order-copy declares same_text_as = \"xa/ai-order\", but only 0 of its "))
        << warnings[0];
    EXPECT_TRUE(warnings[0].ends_with(": check its source, or remove same_text_as")) << warnings[0];
    // The declaration stands: the reader is told what the corpus says.
    const auto library = cadre::Library::open(dir.path() / "data");
    for (const auto& in : library->jurisdiction("xa").instruments)
      EXPECT_EQ(in.same_text_as, in.id == "xa/ai-order-copy" ? "xa/ai-order" : "") << in.id;
  }
}

TEST(Build, ABadJurisdictionIsSkippedAndReported) {
  TempDir dir;
  std::filesystem::copy(cadre::test::data_dir() / "corpus", dir.path() / "corpus", std::filesystem::copy_options::recursive);
  std::ofstream(dir.path() / "corpus" / "xb" / "jurisdiction.toml", std::ios::app) << "nonsense = 1\n";
  cadre::indexer::BuildOptions options;
  options.corpus_dir = dir.path() / "corpus";
  options.data_dir = dir.path() / "data";
  options.allow_partial = true;
  const auto report = cadre::indexer::build(options);
  EXPECT_FALSE(report.complete());
  EXPECT_TRUE(report.published);
  EXPECT_EQ(report.jurisdictions, 1);
  EXPECT_EQ(report.skipped_jurisdictions, 1);
  EXPECT_EQ(cadre::Library::open(options.data_dir)->jurisdictions().size(), 1u);
}

// A first run without the source texts (scripts/run.sh where nothing could be fetched): each
// missing text is an error of its own, and nothing else is, not even a citation of a dated
// version whose text is missing; with allow_partial the analysis is published and served.
TEST(Build, WithoutSourceTextsOnlyTheMissingTextsAreErrors) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "sources");
  cadre::indexer::BuildOptions options;
  options.corpus_dir = std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus";
  options.sources_dir = dir.path() / "sources";
  options.data_dir = dir.path() / "data";
  options.allow_partial = true;
  const auto report = cadre::indexer::build(options);
  EXPECT_TRUE(report.published);
  EXPECT_EQ(report.jurisdictions, 14);
  for (const auto& d : report.diagnostics.items()) {
    if (d.severity == cadre::indexer::Diagnostic::Severity::error) {
      EXPECT_NE(d.message.find("not found at"), std::string::npos) << d.to_string();
    }
  }
}

TEST(Build, ReportsProgressStageByStage) {
  TempDir dir;
  cadre::indexer::BuildOptions options;
  options.corpus_dir = cadre::test::data_dir() / "corpus";
  options.sources_dir = cadre::test::data_dir() / "fixture-sources";
  options.data_dir = dir.path() / "data";
  using Stage = cadre::indexer::BuildProgress::Stage;
  std::vector<cadre::indexer::BuildProgress> seen;
  options.progress = [&](const cadre::indexer::BuildProgress& p) { seen.push_back(p); };
  const auto report = cadre::indexer::build(options);
  ASSERT_TRUE(report.published);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front().stage, Stage::loaded);
  EXPECT_EQ(seen.back().stage, Stage::published);
  EXPECT_EQ(seen.back().detail, report.build_id);
  EXPECT_EQ(seen.back().clauses, report.clauses);
  std::vector<std::string> written;
  int parsed = 0;
  // Texts are parsed while earlier ones are written: parsing and writing steps interleave, the
  // other stages come in order.
  const auto rank = [](Stage s) { return s == Stage::writing ? static_cast<int>(Stage::parsing) : static_cast<int>(s); };
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (i > 0) {
      EXPECT_GE(rank(seen[i].stage), rank(seen[i - 1].stage)) << "stages come in order";
      EXPECT_GE(seen[i].seconds, seen[i - 1].seconds);
    }
    if (seen[i].stage == Stage::parsing) {
      EXPECT_EQ(seen[i].done, ++parsed) << "one call per instrument text";
    }
    if (seen[i].stage == Stage::writing) written.push_back(seen[i].detail);
  }
  EXPECT_GT(parsed, 0);
  EXPECT_EQ(written, (std::vector<std::string>{"xa", "xb"}));
}

} // namespace
