// Damaged builds (docs/bad-inputs.md, B1 onwards): a build is checked against the manifest
// written with it, when it is opened and while it is served; a damaged build is dropped for the
// newest other good one, healthz says so, and the builds a server relies on are not pruned.
#include "core/build_check.hpp"
#include "core/error.hpp"
#include "core/library.hpp"
#include "indexer/build.hpp"
#include "server/current_build.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using cadre::BuildCheck;
using cadre::test::TempDir;

/// A copy of the fixture corpus that can be built several times, each build distinct.
class Builds {
public:
  Builds() { fs::copy(cadre::test::data_dir() / "corpus", corpus(), fs::copy_options::recursive); }
  fs::path corpus() const { return m_temp.path() / "corpus"; }
  fs::path data() const { return m_temp.path() / "data"; }
  fs::path temp() const { return m_temp.path(); }

  /// Builds the corpus (changed by a comment, so that each build has its own id); returns its folder.
  fs::path build() {
    std::ofstream(corpus() / "xa" / "jurisdiction.toml", std::ios::app) << "# build " << ++m_count << "\n";
    cadre::indexer::BuildOptions options;
    options.corpus_dir = corpus();
    options.sources_dir = cadre::test::data_dir() / "fixture-sources";
    options.data_dir = data();
    options.corpus_commit = "damage";
    const auto report = cadre::indexer::build(options);
    // Builds made within one second share their built_at: order them by time of writing.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    return fs::canonical(report.build_dir);
  }

private:
  TempDir m_temp;
  int m_count = 0;
};

/// Overwrites 4 bytes in the middle of `file`, keeping its size.
void corrupt(const fs::path& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(fs::file_size(file) / 2));
  f.write("\xde\xad\xbe\xef", 4);
}

/// Waits up to `limit` for `done`.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::milliseconds(6000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

TEST(BuildManifest, IsWrittenWithEveryBuildAndPasses) {
  Builds b;
  const auto dir = b.build();
  ASSERT_TRUE(fs::exists(dir / BuildCheck::k_manifest));
  EXPECT_EQ(BuildCheck::problem(dir, true), std::nullopt);
  const std::string manifest = cadre::test::read_file(dir / BuildCheck::k_manifest);
  EXPECT_NE(manifest.find(" cadre.sqlite\n"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find(" xapian/termlist.glass\n"), std::string::npos) << manifest;
}

TEST(BuildManifest, FourCorruptedBytesAreFoundByTheFullCheckOnly) {
  Builds b;
  const auto dir = b.build();
  corrupt(dir / "xapian" / "termlist.glass");
  EXPECT_EQ(BuildCheck::problem(dir, false), std::nullopt); // sizes unchanged
  const auto problem = BuildCheck::problem(dir, true);
  ASSERT_TRUE(problem);
  EXPECT_EQ(*problem, (dir / "xapian" / "termlist.glass").string() +
                          " is damaged (its checksum changed since the build was written)");
}

TEST(BuildManifest, AManifestOfAnOlderChecksumIsToldApartFromDamage) {
  Builds b;
  const auto dir = b.build();
  std::string manifest = cadre::test::read_file(dir / BuildCheck::k_manifest);
  ASSERT_EQ(manifest.rfind(BuildCheck::k_checksum_tag, 0), 0u) << manifest;
  // An older Cadre wrote 16 hex digits of FNV-1a, without the tag.
  manifest.erase(0, std::string_view(BuildCheck::k_checksum_tag).size());
  std::ofstream(dir / BuildCheck::k_manifest, std::ios::binary | std::ios::trunc) << manifest;
  EXPECT_EQ(BuildCheck::problem(dir, false), std::nullopt);
  EXPECT_EQ(BuildCheck::problem(dir, true),
            (dir / BuildCheck::k_manifest).string() + " was written by an older Cadre, with another checksum");
}

TEST(BuildManifest, ATruncatedOrMissingFileIsFoundByTheQuickCheck) {
  Builds b;
  const auto dir = b.build();
  fs::resize_file(dir / "cadre.sqlite", 1000);
  EXPECT_NE(BuildCheck::problem(dir, false).value_or("").find("cadre.sqlite has 1000 bytes instead of"), std::string::npos);
  fs::remove(dir / "xapian" / "postlist.glass");
  fs::remove(dir / "cadre.sqlite");
  EXPECT_EQ(BuildCheck::problem(dir, false), (dir / "cadre.sqlite").string() + " is missing");
  fs::remove_all(dir);
  EXPECT_EQ(BuildCheck::problem(dir, false), "the build folder " + dir.string() + " is gone");
}

TEST(BuildManifest, ADamagedManifestIsAProblem) {
  Builds b;
  const auto dir = b.build();
  std::ofstream(dir / BuildCheck::k_manifest, std::ios::trunc) << "garbage\n";
  EXPECT_EQ(BuildCheck::problem(dir, false), (dir / BuildCheck::k_manifest).string() + " is damaged");
  std::ofstream(dir / BuildCheck::k_manifest, std::ios::trunc) << "0000000000000000 5 ../../etc/passwd\n";
  EXPECT_EQ(BuildCheck::problem(dir, false), (dir / BuildCheck::k_manifest).string() + " is damaged");
}

struct Served {
  explicit Served(const fs::path& data, std::chrono::milliseconds full = std::chrono::milliseconds(200))
      : log(out), build(data, log, 0, full) {}
  fs::path dir() const { return fs::canonical(build.get()->library().build_dir()); }
  std::ostringstream out;
  cadre::server::Log log;
  cadre::server::CurrentBuild build;
};

TEST(DamagedBuild, ServeStartsOnThePreviousGoodBuildWhenTheCurrentOneIsDamaged) {
  Builds b;
  const auto previous = b.build();
  const auto current = b.build();
  corrupt(current / "xapian" / "termlist.glass");
  Served served(b.data());
  EXPECT_EQ(served.dir(), previous);
  EXPECT_NE(served.build.problem().find("the current build " + current.string() + " cannot serve"), std::string::npos)
      << served.build.problem();
  EXPECT_FALSE(served.build.serving_damaged());
  cadre::SearchRequest request;
  request.query = "automated";
  EXPECT_NO_THROW(served.build.get()->library().search(request));
}

TEST(DamagedBuild, ServeStartsOnThePreviousGoodBuildAfterSqliteDamage) {
  Builds b;
  const auto previous = b.build();
  const auto current = b.build();
  corrupt(current / "cadre.sqlite");
  Served served(b.data());
  EXPECT_EQ(served.dir(), previous);
}

TEST(DamagedBuild, WithNoGoodBuildServeRefusesToStartAndSaysWhy) {
  Builds b;
  const auto only = b.build();
  corrupt(only / "xapian" / "termlist.glass");
  std::ostringstream out;
  cadre::server::Log log(out);
  try {
    cadre::server::CurrentBuild build(b.data(), log);
    FAIL() << "a damaged build was served";
  } catch (const cadre::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("termlist.glass is damaged"), std::string::npos) << e.what();
  }
}

TEST(DamagedBuild, DamageWhileServingSwitchesToTheGoodBuild) {
  Builds b;
  const auto previous = b.build();
  const auto current = b.build();
  Served served(b.data());
  ASSERT_EQ(served.dir(), current);
  EXPECT_EQ(served.build.problem(), "");
  corrupt(current / "xapian" / "termlist.glass");
  ASSERT_TRUE(eventually([&] { return served.dir() == previous; })) << served.out.str();
  EXPECT_NE(served.build.problem().find("is damaged"), std::string::npos);
  EXPECT_NE(served.out.str().find("error: the build " + current.string() + " is damaged"), std::string::npos) << served.out.str();
}

TEST(DamagedBuild, DeletingTheServedBuildSwitchesToTheGoodBuildWithinSeconds) {
  Builds b;
  const auto previous = b.build();
  const auto current = b.build();
  Served served(b.data(), std::chrono::minutes(10)); // found by the quick check alone
  ASSERT_EQ(served.dir(), current);
  fs::remove_all(current);
  ASSERT_TRUE(eventually([&] { return served.build.get()->library().build_dir() == previous; }, std::chrono::milliseconds(3000)))
      << served.out.str();
  EXPECT_NE(served.build.problem().find("is gone"), std::string::npos) << served.build.problem();
}

TEST(DamagedBuild, AServerDeclaresWhatItServesAndWhatItWouldFallBackTo) {
  Builds b;
  const auto first = b.build();
  const auto second = b.build();
  const auto marker = b.data() / "builds" / (".serving-" + std::to_string(::getpid()));
  {
    Served served(b.data());
    ASSERT_EQ(served.dir(), second);
    ASSERT_TRUE(fs::exists(marker));
    EXPECT_EQ(cadre::test::read_file(marker), second.filename().string() + "\n" + first.filename().string() + "\n");
  }
  EXPECT_FALSE(fs::exists(marker));
}

TEST(DamagedBuild, PruningKeepsTheBuildsALiveServerDeclares) {
  Builds b;
  const auto first = b.build();
  const auto second = b.build();
  std::ofstream(b.data() / "builds" / (".serving-" + std::to_string(::getpid()))) << first.filename().string() << "\n";
  const auto dead_marker = b.data() / "builds" / ".serving-2147483646"; // no such process
  std::ofstream(dead_marker) << second.filename().string() << "\n";
  // Four newer builds: only the current one and the two before it are kept, and what a live
  // server declares; a dead server's declaration is removed and protects nothing.
  for (int i = 0; i < 4; ++i) b.build();
  EXPECT_TRUE(fs::exists(first));
  EXPECT_FALSE(fs::exists(second));
  EXPECT_FALSE(fs::exists(dead_marker));
}

TEST(DamagedBuild, HealthzSaysDegradedWhenAGoodBuildReplacedADamagedOne) {
  Builds b;
  b.build();
  const auto current = b.build();
  corrupt(current / "xapian" / "termlist.glass");
  cadre::test::RunningServer server(b.data(), b.temp() / "server.log");
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/api/v1/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_NE(body["problem"].get<std::string>().find("cannot serve"), std::string::npos) << res->body;
  auto search = client.Get("/api/v1/search?q=automated");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
}

} // namespace
