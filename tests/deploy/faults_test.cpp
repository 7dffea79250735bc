// Faults around publishing a build, each with a server (server::Server on port 0) running on the
// last good build: `cadre index` killed at several moments, a full disk, a read-only data
// folder, a corrupt database or search index swapped in as `current`, a build made by another
// schema version. After each, the server still answers every request from the good build (or
// from a complete newer one), and the server's log or the indexer's error says why.
//
// The indexer runs as the real `cadre` executable (fork/exec), as an operator would run it.
// The full-disk and read-only cases mount a small tmpfs, which needs root (CAP_SYS_ADMIN); when
// mounting is refused they skip with the reason, and the full disk is also simulated with
// RLIMIT_FSIZE, which needs no privilege.
#include "core/build_check.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/test_support.hpp"

#include "core/library.hpp"
#include "core/schema.hpp"
#include "server/current_build.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace cadre::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct IndexRun {
  int exit_code = -1; ///< -1 when killed
  std::string output; ///< stdout and stderr
};

/// Runs `cadre index` on `corpus` into `data` and waits for it. With `kill_after`, sends
/// SIGKILL after that delay. With `file_size_limit`, the child runs under RLIMIT_FSIZE with
/// SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full disk.
/// With `environment`, those variables are set in the child.
IndexRun run_index(const fs::path& corpus, const fs::path& data, const fs::path& output_file,
                   std::optional<std::chrono::milliseconds> kill_after = {},
                   std::optional<rlim_t> file_size_limit = {},
                   const std::vector<std::pair<std::string, std::string>>& environment = {}) {
  const std::string sources = (data_dir() / "fixture-sources").string();
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    const int fd = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    if (file_size_limit) {
      ::signal(SIGXFSZ, SIG_IGN); // ignored dispositions survive exec
      const rlimit limit{*file_size_limit, *file_size_limit};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
    ::execl(CADRE_EXE, CADRE_EXE, "index", "--corpus", corpus.c_str(), "--sources", sources.c_str(), "--out",
            data.c_str(), "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  if (kill_after) {
    std::this_thread::sleep_for(*kill_after);
    ::kill(child, SIGKILL);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  IndexRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (fs::exists(output_file)) run.output = read_file(output_file); // a child killed at once never opened it
  return run;
}

/// The fixture corpus with one jurisdiction renamed: a different build id from the same sources.
fs::path variant_corpus(const fs::path& where) {
  fs::copy(data_dir() / "corpus", where, fs::copy_options::recursive);
  const auto toml = where / "xa" / "jurisdiction.toml";
  std::string text = read_file(toml);
  const std::string from = "en = \"Xanadu\"";
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("the fixture corpus changed: no " + from + " in " + toml.string());
  text.replace(at, from.size(), "en = \"Xanadu Variant\"");
  std::ofstream(toml, std::ios::binary) << text;
  return where;
}

/// Points `data`/current at `build` the way `cadre index` does: a new symlink renamed over it.
void swap_current(const fs::path& data, const fs::path& build) {
  const auto link = data / ".current-test";
  fs::remove(link);
  fs::create_directory_symlink(fs::path(BuildLayout::k_builds) / build.filename(), link);
  fs::rename(link, data / BuildLayout::k_current);
}

/// A copy of `build` beside it, under builds/<name>, for damaging.
fs::path copy_of_build(const fs::path& build, const std::string& name) {
  const auto copy = build.parent_path() / name;
  fs::copy(build, copy, fs::copy_options::recursive);
  return copy;
}

/// Overwrites `length` bytes of `file` from `offset` with a pattern that is no valid page.
void damage(const fs::path& file, std::size_t offset, std::size_t length) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  for (std::size_t i = 0; i < length; ++i) f.put(static_cast<char>(0xA5 ^ (i * 31)));
  if (!f) throw std::runtime_error("cannot damage " + file.string());
}

/// A tmpfs mounted at a fresh folder, unmounted at destruction; `mounted()` false when the
/// system refused (not root, or in a container without CAP_SYS_ADMIN).
class Tmpfs {
public:
  Tmpfs(const fs::path& where, const std::string& size) : m_where(where) {
    fs::create_directories(where);
    m_mounted = ::mount("tmpfs", where.c_str(), "tmpfs", 0, ("size=" + size + ",mode=0755").c_str()) == 0;
    if (!m_mounted) m_error = std::strerror(errno);
  }
  ~Tmpfs() {
    if (m_mounted) ::umount2(m_where.c_str(), MNT_DETACH);
  }
  bool mounted() const { return m_mounted; }
  const std::string& error() const { return m_error; }
  bool remount_read_only() {
    return ::mount("tmpfs", m_where.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

private:
  fs::path m_where;
  bool m_mounted = false;
  std::string m_error;
};

/// Requests from a second thread for as long as it lives; counts those that fail.
class Load {
public:
  explicit Load(int port) : m_thread([this, port] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    while (!m_stop) {
      for (const char* target : {"/api/v1/compare?j=xa,xb", "/api/v1/search?q=risk", "/api/v1/meta"}) {
        auto res = client.Get(target);
        if (!res || res->status != 200) ++m_failed;
        ++m_answered;
      }
    }
  }) {}
  ~Load() { stop(); }
  void stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
  }
  int failed() const { return m_failed; }
  int answered() const { return m_answered; }

private:
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_failed{0}, m_answered{0};
  std::thread m_thread;
};

class Faults : public ::testing::Test {
protected:
  /// Builds the fixture into `data` and starts the server on it.
  void start(const fs::path& data) {
    m_data = data;
    m_good_id = index_fixture(data);
    m_good_build = BuildLayout::resolve_current(data);
    m_server = std::make_unique<RunningServer>(data, m_dir.path() / "server.log");
  }

  /// The build id the server answers with once it has looked at `current` again.
  /// (The watcher looks at `current` once per interval; opening and probing a build takes a
  /// few milliseconds more, up to a few hundred under the sanitizers.)
  std::string served_after_check() {
    std::this_thread::sleep_for(server::CurrentBuild::k_check_interval + std::chrono::milliseconds(500));
    return served();
  }
  std::string served() {
    httplib::Client client("127.0.0.1", m_server->port());
    auto res = client.Get("/api/v1/healthz");
    if (!res || res->status != 200) throw std::runtime_error("the server did not answer /api/v1/healthz with 200");
    return json::parse(res->body)["build_id"];
  }
  /// A comparison and a search from the serving build both answer 200.
  void expect_serving() {
    httplib::Client client("127.0.0.1", m_server->port());
    for (const char* target : {"/api/v1/compare?j=xa,xb", "/api/v1/search?q=risk"}) {
      auto res = client.Get(target);
      ASSERT_TRUE(res) << target;
      EXPECT_EQ(res->status, 200) << target << "\n" << res->body;
    }
  }
  std::string server_log() { return read_file(m_dir.path() / "server.log"); }

  TempDir m_dir;
  fs::path m_data;
  std::string m_good_id;
  fs::path m_good_build;
  std::unique_ptr<RunningServer> m_server;
};

TEST_F(Faults, KillingTheIndexerAtAnyMomentLeavesACompleteBuildServing) {
  start(m_dir.path() / "data");
  const auto corpus = variant_corpus(m_dir.path() / "variant");
  Load load(m_server->port());
  int killed = 0;
  for (int delay_ms : {0, 5, 20, 50, 100, 200}) {
    const auto run = run_index(corpus, m_data, m_dir.path() / "index.out", std::chrono::milliseconds(delay_ms));
    if (run.exit_code == -1) ++killed;
    // Whatever the moment of death, `current` names a complete build, and the server serves it.
    const auto library = Library::open(m_data);
    const std::string current_id = library->info().build_id;
    EXPECT_EQ(served_after_check(), current_id) << "killed after " << delay_ms << " ms";
    expect_serving();
  }
  load.stop();
  EXPECT_GT(killed, 0) << "no run was killed before it finished: the delays are too long for this machine";
  EXPECT_EQ(load.failed(), 0) << "of " << load.answered() << " requests";
  EXPECT_GT(load.answered(), 20);

  // The next complete run publishes and clears what the killed runs left.
  const auto run = run_index(corpus, m_data, m_dir.path() / "index.out");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const auto& entry : fs::directory_iterator(m_data / BuildLayout::k_builds))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << entry.path();
  EXPECT_NE(served_after_check(), m_good_id);
}

TEST_F(Faults, AFullDiskFailsTheIndexerAndTheServerKeepsTheGoodBuild) {
  Tmpfs disk(m_dir.path() / "disk", "4m");
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs (" << disk.error()
                 << "): run as root to test a full disk; FileSizeLimit covers the same path";
  start(m_dir.path() / "disk" / "data");
  { // Fill the disk: write until the file system refuses.
    std::ofstream filler(m_dir.path() / "disk" / "filler", std::ios::binary);
    const std::string block(64 * 1024, 'f');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
  }
  const auto run = run_index(variant_corpus(m_dir.path() / "variant"), m_data, m_dir.path() / "index.out");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("(is the disk full?)"), std::string::npos) << run.output;
  EXPECT_EQ(Library::open(m_data)->info().build_id, m_good_id);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
}

TEST_F(Faults, FileSizeLimitFailsTheIndexerAndTheServerKeepsTheGoodBuild) {
  start(m_dir.path() / "data");
  const auto run = run_index(variant_corpus(m_dir.path() / "variant"), m_data, m_dir.path() / "index.out", {},
                             rlim_t{16 * 1024});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("(is the disk full?)"), std::string::npos) << run.output;
  EXPECT_EQ(Library::open(m_data)->info().build_id, m_good_id);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  for (const auto& entry : fs::directory_iterator(m_data / BuildLayout::k_builds))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << "a failed build cleans up: " << entry.path();
}

TEST_F(Faults, AFullDiskDuringTheSearchIndexCommitFailsTheIndexerCleanly) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the write-failing shim is preloaded, which the sanitizer runtimes refuse (they must load first)";
#endif
  start(m_dir.path() / "data");
  // The database is written and committed first, then the search index: only its files fail.
  const auto run = run_index(variant_corpus(m_dir.path() / "variant"), m_data, m_dir.path() / "index.out", {}, {},
                             {{"LD_PRELOAD", CADRE_FAILING_WRITES}, {"CADRE_FAIL_WRITES_UNDER", "/xapian/"}});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("writing the search index"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("(is the disk full?)"), std::string::npos) << run.output;
  EXPECT_EQ(Library::open(m_data)->info().build_id, m_good_id);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  for (const auto& entry : fs::directory_iterator(m_data / BuildLayout::k_builds))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << "a failed build cleans up: " << entry.path();
}

TEST_F(Faults, AReadOnlyDataFolderFailsTheIndexerAndIsServedAsItIs) {
  Tmpfs disk(m_dir.path() / "disk", "16m");
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs (" << disk.error() << "): run as root to test a read-only data folder";
  start(m_dir.path() / "disk" / "data");
  ASSERT_TRUE(disk.remount_read_only()) << std::strerror(errno);
  const auto run = run_index(variant_corpus(m_dir.path() / "variant"), m_data, m_dir.path() / "index.out");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("Read-only file system"), std::string::npos) << run.output;
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
}

TEST_F(Faults, ACorruptDatabaseSwappedInIsRefusedWithALogLine) {
  start(m_dir.path() / "data");
  const auto bad = copy_of_build(m_good_build, "corrupt-sqlite");
  damage(bad / BuildLayout::k_sqlite, 0, 4096); // the header: "file is not a database"
  // Damage the build was written with (its manifest agrees): the opening itself refuses it.
  // Damage after writing is found by the manifest first (tests/hostile/damage_test.cpp).
  cadre::BuildCheck::write_manifest(bad);
  swap_current(m_data, bad);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  EXPECT_NE(server_log().find("error: cannot open the new build " + bad.string() +
                              ", still serving the previous one: cannot read the build database " +
                              (bad / BuildLayout::k_sqlite).string()),
            std::string::npos)
      << server_log();

  // Damage inside the tables (not the header) is found when the build is loaded.
  const auto bad_pages = copy_of_build(m_good_build, "corrupt-sqlite-pages");
  damage(bad_pages / BuildLayout::k_sqlite, 8192, 16384);
  cadre::BuildCheck::write_manifest(bad_pages);
  swap_current(m_data, bad_pages);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  EXPECT_NE(server_log().find("error: cannot open the new build " + bad_pages.string()), std::string::npos) << server_log();
}

TEST_F(Faults, ACorruptSearchIndexSwappedInIsRefusedWithALogLine) {
  start(m_dir.path() / "data");
  // A damaged root block fails when the index is opened.
  const auto bad_root = copy_of_build(m_good_build, "corrupt-xapian-root");
  damage(bad_root / BuildLayout::k_xapian / "postlist.glass", 16384, 8192);
  cadre::BuildCheck::write_manifest(bad_root); // as written: see ACorruptDatabaseSwappedIn…
  swap_current(m_data, bad_root);
  EXPECT_EQ(served_after_check(), m_good_id);
  EXPECT_NE(server_log().find("error: cannot open the new build " + bad_root.string() +
                              ", still serving the previous one: cannot open the search index"),
            std::string::npos)
      << server_log();

  // Damaged posting-list blocks open fine (Xapian reads them lazily) and only fail searches:
  // the probe search at reload refuses the build before it serves.
  const auto bad_blocks = copy_of_build(m_good_build, "corrupt-xapian-blocks");
  damage(bad_blocks / BuildLayout::k_xapian / "postlist.glass", 0, 16384);
  cadre::BuildCheck::write_manifest(bad_blocks);
  swap_current(m_data, bad_blocks);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  EXPECT_NE(server_log().find("error: cannot open the new build " + bad_blocks.string() +
                              ", still serving the previous one: "),
            std::string::npos)
      << server_log();

  // A good build published afterwards is picked up: a refusal is not sticky.
  const auto run = run_index(variant_corpus(m_dir.path() / "variant"), m_data, m_dir.path() / "index.out");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string fresh = served_after_check();
  EXPECT_NE(fresh, m_good_id);
  EXPECT_NE(server_log().find("reloaded: now serving build " + fresh), std::string::npos) << server_log();
}

TEST_F(Faults, ABuildOfAnotherSchemaVersionIsRefusedWithALogLine) {
  start(m_dir.path() / "data");
  const auto other = copy_of_build(m_good_build, "other-schema");
  const int version = schema_version() + 1;
  {
    SQLite::Database db((other / BuildLayout::k_sqlite).string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(version));
  }
  cadre::BuildCheck::write_manifest(other); // made so by another version, not damaged
  swap_current(m_data, other);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  EXPECT_NE(server_log().find("error: cannot open the new build " + other.string() +
                              ", still serving the previous one: the build " + other.string() +
                              " was made with database schema version " + std::to_string(version) +
                              ", this Cadre reads version " + std::to_string(schema_version()) +
                              ": rebuild it with `cadre index`"),
            std::string::npos)
      << server_log();
}

TEST_F(Faults, ACurrentLinkToAMissingBuildKeepsTheGoodBuildWithAWarning) {
  start(m_dir.path() / "data");
  const auto gone = m_data / BuildLayout::k_builds / "removed-build";
  fs::create_directories(gone);
  swap_current(m_data, gone);
  fs::remove(gone);
  EXPECT_EQ(served_after_check(), m_good_id);
  expect_serving();
  EXPECT_NE(server_log().find("warning: keeping build "), std::string::npos) << server_log();
}

} // namespace
} // namespace cadre::test

namespace cadre::test {
namespace {

// The soak test saw the server's RSS grow by one build's size at each reload: a replaced build
// must be released once no request holds it.
TEST(Reload, AReplacedBuildIsReleasedWhenNoRequestHoldsIt) {
  TempDir dir;
  const auto data = dir.path() / "data";
  index_fixture(data);
  std::ostringstream log_text;
  server::Log log(log_text);
  server::CurrentBuild build(data, log);
  std::weak_ptr<const server::ServedBuild> first = build.get();
  const auto run = run_index(variant_corpus(dir.path() / "variant"), data, dir.path() / "index.out");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::this_thread::sleep_for(server::CurrentBuild::k_check_interval + std::chrono::milliseconds(500));
  const auto second = build.get();
  ASSERT_NE(second->library().build_dir(), first.lock() ? first.lock()->library().build_dir() : fs::path())
      << log_text.str();
  EXPECT_TRUE(first.expired()) << "the replaced build is still referenced";
}

} // namespace
} // namespace cadre::test
