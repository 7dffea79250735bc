// The streaming indexer: the ordered, bounded hand-off (indexer/ordered_pipeline.hpp), and a
// build whose texts are parsed on several threads equals one parsed on the writing thread, row
// by row in write order and Xapian document by document (data, values, terms, positions).
#include "indexer/build.hpp"
#include "indexer/ordered_pipeline.hpp"
#include "tests/support/test_support.hpp"

#include "core/library.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
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

/// Every Xapian document by docid: data, values, terms with wdf and positions.
std::vector<std::string> xapian_documents(const std::filesystem::path& build) {
  Xapian::Database db((build / "xapian").string());
  std::vector<std::string> docs;
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
  // copies slot is filled in after its jurisdiction is written.
  expect_streamed_equals_sequential(std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus", sources, 4);
}

} // namespace
