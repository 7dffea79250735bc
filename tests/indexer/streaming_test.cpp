// The streaming indexer: the ordered, bounded hand-off (indexer/ordered_pipeline.hpp), and a
// build whose texts are parsed on several threads equals one parsed on the writing thread, row
// by row in write order and Xapian document by document (data, values, terms, positions).
// Fast rebuilds: after an edit of the analysis only, a build that reuses the previous one's
// clause data equals a full build of the same inputs, and anything else falls back to a full one.
#include "indexer/build.hpp"
#include "indexer/ordered_pipeline.hpp"
#include "tests/support/test_support.hpp"

#include "core/library.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace {

using cadre::indexer::OrderedPipeline;
using cadre::test::TempDir;

TEST(OrderedPipeline, HandsItemsOutInOrderWhateverOrderTheyFinishIn) {
  for (unsigned threads : {0u, 1u, 3u}) {
    OrderedPipeline<int> pipeline(40, threads, 4, [](std::size_t i) {
      std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 13 * 100)); // finish out of order
      return static_cast<int>(i) * 10;
    });
    for (int i = 0; i < 40; ++i) EXPECT_EQ(pipeline.next(), i * 10) << threads << " threads";
  }
}

TEST(OrderedPipeline, ProducesAtMostTheWindowAheadOfTheConsumer) {
  std::atomic<int> started{0};
  OrderedPipeline<int> pipeline(100, 4, 6, [&](std::size_t i) {
    ++started;
    return static_cast<int>(i);
  });
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(pipeline.next(), i);
    std::this_thread::sleep_for(std::chrono::milliseconds(2)); // let the workers run ahead as far as allowed
    EXPECT_LE(started.load(), i + 1 + 6) << "item " << i;
  }
}

TEST(OrderedPipeline, AnExceptionIsThrownWhenItsItemIsDue) {
  OrderedPipeline<int> pipeline(10, 2, 4, [](std::size_t i) {
    if (i == 3) throw std::runtime_error("item 3 failed");
    return static_cast<int>(i);
  });
  for (int i = 0; i < 3; ++i) EXPECT_EQ(pipeline.next(), i);
  EXPECT_THROW(pipeline.next(), std::runtime_error);
  EXPECT_EQ(pipeline.next(), 4);
}

TEST(OrderedPipeline, StopsItsWorkersWhenLeftEarly) {
  std::atomic<int> started{0};
  {
    OrderedPipeline<int> pipeline(1000, 3, 4, [&](std::size_t i) {
      ++started;
      return static_cast<int>(i);
    });
    EXPECT_EQ(pipeline.next(), 0);
  } // the destructor joins the workers
  EXPECT_LE(started.load(), 1 + 4 + 3);
}

/// Every row of every table in the order it was written (rowid order; WITHOUT ROWID tables in
/// key order), one line per row.
std::vector<std::string> sqlite_rows(const std::filesystem::path& build) {
  SQLite::Database db((build / "cadre.sqlite").string());
  std::vector<std::string> tables;
  SQLite::Statement list(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  std::vector<std::string> rows;
  for (const auto& table : tables) {
    SQLite::Statement q(db, "SELECT * FROM \"" + table + "\"");
    while (q.executeStep()) {
      std::string row = table;
      for (int i = 0; i < q.getColumnCount(); ++i)
        row += "|" + (q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString());
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

/// Every metadata entry, then every Xapian document by docid: data, values, terms with wdf and
/// positions.
std::vector<std::string> xapian_documents(const std::filesystem::path& build) {
  Xapian::Database db((build / "xapian").string());
  std::vector<std::string> docs;
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key)
    docs.push_back("metadata " + *key + " " + db.get_metadata(*key) + "\n");
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    std::string out = "doc " + std::to_string(id) + "\n";
    try {
      const Xapian::Document doc = db.get_document(id);
      out += doc.get_data() + "\n";
      for (auto v = doc.values_begin(); v != doc.values_end(); ++v) out += "value " + std::to_string(v.get_valueno()) + " " + *v + "\n";
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out += "term " + *t + " " + std::to_string(t.get_wdf()) + ":";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out += " " + std::to_string(*p);
        out += "\n";
      }
    } catch (const Xapian::DocNotFoundError&) {
      out += "absent\n";
    }
    docs.push_back(std::move(out));
  }
  return docs;
}

/// The first difference between two lists, or "" when equal (gtest would print both whole).
std::string first_difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (a[i] != b[i]) return "at " + std::to_string(i) + ":\n" + a[i] + "\nagainst\n" + b[i];
  if (a.size() != b.size()) return "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size());
  return "";
}

void expect_streamed_equals_sequential(const std::filesystem::path& corpus, const std::filesystem::path& sources,
                                       unsigned threads) {
  TempDir one, many;
  cadre::indexer::BuildOptions options;
  options.corpus_dir = corpus;
  options.sources_dir = sources;
  options.data_dir = one.path();
  options.threads = 1;
  const auto sequential = cadre::indexer::build(options);
  options.data_dir = many.path();
  options.threads = threads;
  const auto streamed = cadre::indexer::build(options);
  ASSERT_TRUE(sequential.published);
  ASSERT_TRUE(streamed.published);
  EXPECT_EQ(sequential.build_id, streamed.build_id);
  EXPECT_EQ(sequential.clauses, streamed.clauses);
  EXPECT_GT(sequential.clauses, 0);
  EXPECT_EQ(sequential.diagnostics.items().size(), streamed.diagnostics.items().size());
  const auto a = cadre::BuildLayout::resolve_current(one.path());
  const auto b = cadre::BuildLayout::resolve_current(many.path());
  const auto rows = sqlite_rows(a);
  EXPECT_EQ(first_difference(rows, sqlite_rows(b)), "") << "SQLite rows";
  EXPECT_GT(rows.size(), 100u);
  const auto docs = xapian_documents(a);
  EXPECT_EQ(first_difference(docs, xapian_documents(b)), "") << "Xapian documents";
  EXPECT_GT(docs.size(), 100u);
}

TEST(StreamingBuild, ThreadsGiveTheSameBuildOnTheFixtureCorpus) {
  expect_streamed_equals_sequential(cadre::test::data_dir() / "corpus", cadre::test::data_dir() / "fixture-sources", 3);
}

TEST(StreamingBuild, ThreadsGiveTheSameBuildOnTheBundledCorpus) {
  CADRE_REQUIRE_SOURCES();
  // The bundled corpus has a text held by two instruments (the EU AI Act's two encodings), whose
  // collapse keys depend on the instrument parsed first.
  expect_streamed_equals_sequential(std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus", sources, 4);
}

/// A copy of the fixture corpus and sources, built once with `cadre index`'s defaults.
class FastRebuild : public ::testing::Test {
protected:
  void SetUp() override {
    std::filesystem::copy(cadre::test::data_dir() / "corpus", m_dir.path() / "corpus", std::filesystem::copy_options::recursive);
    std::filesystem::copy(cadre::test::data_dir() / "fixture-sources", m_dir.path() / "sources",
                          std::filesystem::copy_options::recursive);
    const auto first = build(m_dir.path() / "data");
    ASSERT_TRUE(first.published);
    EXPECT_EQ(first.full_build_reason, "no previous build");
  }

  cadre::indexer::BuildReport build(const std::filesystem::path& data, bool full = false) {
    cadre::indexer::BuildOptions options;
    options.corpus_dir = m_dir.path() / "corpus";
    options.sources_dir = m_dir.path() / "sources";
    options.data_dir = data;
    options.full = full;
    return cadre::indexer::build(options);
  }

  void edit(const std::string& file, const std::string& from, const std::string& to) {
    const auto path = m_dir.path() / "corpus" / file;
    std::string text = cadre::test::read_file(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::binary) << text;
  }

  TempDir m_dir;
};

TEST_F(FastRebuild, ACellEditReusesTheClausesAndEqualsAFullBuild) {
  // New words in a cell, a citation that gives a clause a curated category it lacked, and one of
  // a clause no one cited before (it gains a curated tag; readers still see the tagger's
  // categories, which a cell edit cannot change).
  edit("xa/framework.en.md", "may be fined up to 10,000 crowns per decision ([EO 90001, s. 4](clause:xa/ai-order/sec_4))",
       "may be fined up to 20,000 crowns per decision ([EO 90001, s. 4](clause:xa/ai-order/sec_4); see also "
       "[s. 1](clause:xa/ai-order/sec_1) and [s. 2](clause:xa/ai-order/sec_2))");
  const auto fast = build(m_dir.path() / "data");
  ASSERT_TRUE(fast.published);
  EXPECT_FALSE(fast.reused.empty()) << fast.full_build_reason;
  EXPECT_EQ(fast.full_build_reason, "");
  const auto full = build(m_dir.path() / "full", true);
  ASSERT_TRUE(full.published);
  EXPECT_EQ(full.reused, "");
  EXPECT_EQ(full.full_build_reason, "--full");
  EXPECT_EQ(fast.build_id, full.build_id);
  EXPECT_EQ(fast.clauses, full.clauses);
  EXPECT_EQ(fast.cells, full.cells);
  EXPECT_EQ(fast.instruments, full.instruments);
  EXPECT_EQ(fast.sources_indexed, full.sources_indexed);
  const auto a = cadre::BuildLayout::resolve_current(m_dir.path() / "data");
  const auto b = cadre::BuildLayout::resolve_current(m_dir.path() / "full");
  EXPECT_EQ(first_difference(sqlite_rows(a), sqlite_rows(b)), "") << "SQLite rows";
  EXPECT_EQ(first_difference(xapian_documents(a), xapian_documents(b)), "") << "Xapian documents";
  SQLite::Database db((a / "cadre.sqlite").string());
  EXPECT_TRUE(db.execAndGet("SELECT count(*) FROM clause_tags WHERE clause = 'xa/ai-order/sec_1' AND category = "
                            "'enforcement' AND origin = 'curated'").getInt() == 1);
  EXPECT_TRUE(db.execAndGet("SELECT count(*) FROM cells WHERE text LIKE '%20,000 crowns%'").getInt() == 1);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM clause_tags WHERE clause = 'xa/ai-order/sec_2' AND category = "
                          "'enforcement' AND origin = 'curated'").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT group_concat(category) FROM clause_categories WHERE clause = 'xa/ai-order/sec_2'").getString(),
            db.execAndGet("SELECT group_concat(category) FROM clause_tags WHERE clause = 'xa/ai-order/sec_2' AND origin = 'model'")
                .getString());
}

TEST_F(FastRebuild, AnInstrumentEditFallsBackToAFullBuildAndSaysWhy) {
  edit("xa/jurisdiction.toml", "\nid = \"xa/ai-order\"", "\nid = \"xa/ai-order\"\n# edited");
  const auto report = build(m_dir.path() / "data");
  ASSERT_TRUE(report.published);
  EXPECT_EQ(report.reused, "");
  EXPECT_EQ(report.full_build_reason, "the schema, a jurisdiction.toml or the set of jurisdictions changed");
}

TEST_F(FastRebuild, AChangedSourceTextFallsBackToAFullBuild) {
  // The sha256 in jurisdiction.toml stays; the file changes: the source fails, and the build
  // is not the previous one's.
  std::filesystem::path file;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(m_dir.path() / "sources"))
    if (entry.is_regular_file()) file = entry.path();
  std::ofstream(file, std::ios::app) << "\n";
  const auto report = build(m_dir.path() / "data");
  EXPECT_EQ(report.reused, "");
  EXPECT_EQ(report.full_build_reason, "a source text, or how it parses, changed");
  EXPECT_FALSE(report.published) << "a sha256 mismatch is an error";
}

TEST_F(FastRebuild, ADamagedPreviousBuildFallsBackToAFullBuild) {
  const auto current = cadre::BuildLayout::resolve_current(m_dir.path() / "data");
  std::filesystem::resize_file(current / "cadre.sqlite", 1024);
  const auto report = build(m_dir.path() / "data");
  ASSERT_TRUE(report.published);
  EXPECT_EQ(report.reused, "");
  EXPECT_TRUE(report.full_build_reason.starts_with("the previous build is damaged")) << report.full_build_reason;
}

TEST_F(FastRebuild, RemovedProvisionNotesFallBackAsTheDocumentsWouldMove) {
  // Provision notes removed: fewer documents, so every later docid would move.
  edit("xa/provisions.toml", "note = { en = \"The order defines an automated system.\", fr = \"Le décret définit un système automatisé.\" }",
       "");
  const auto report = build(m_dir.path() / "data");
  ASSERT_TRUE(report.published) << report.diagnostics.items().size();
  EXPECT_EQ(report.reused, "");
  EXPECT_EQ(report.full_build_reason, "the analysis adds, removes or reorders cells or provision notes");
  TempDir full;
  const auto again = build(full.path(), true);
  EXPECT_EQ(first_difference(sqlite_rows(cadre::BuildLayout::resolve_current(m_dir.path() / "data")),
                             sqlite_rows(cadre::BuildLayout::resolve_current(full.path()))),
            "");
}

} // namespace
