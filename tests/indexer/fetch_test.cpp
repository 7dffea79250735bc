// The source fetcher against a local HTTP server on 127.0.0.1 (an ephemeral port) that serves
// small generated files and misbehaves on purpose: 404, a stalled response, a body shorter than
// its Content-Length, redirects, a server that ignores Range.
#include "indexer/corpus.hpp"
#include "indexer/fetch.hpp"
#include "indexer/sources.hpp"
#include "support/test_support.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

namespace {

namespace fs = std::filesystem;
using cadre::indexer::FetchItem;
using cadre::indexer::FetchLimits;
using cadre::indexer::FetchResult;
using cadre::indexer::FetchStatus;
using cadre::indexer::Fetcher;
using cadre::test::read_file;
using cadre::test::TempDir;

/// 1000 bytes of numbered lines: every prefix differs from every other part of the file.
std::string make_body() {
  std::string body;
  for (int i = 0; body.size() < 1000; ++i) body += "clause " + std::to_string(i) + " of the fixture text\n";
  body.resize(1000);
  return body;
}

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

class FetchTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_server.Get("/act.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_content(m_body, "text/plain");
    });
    m_server.Get("/ignores-range.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      // A server without Range support: httplib applies the request's ranges after the handler,
      // so they are dropped here (the Request it passes is its own, non-const object).
      const_cast<httplib::Request&>(req).ranges.clear();
      res.set_content(m_body, "text/plain");
    });
    m_server.Get("/amended.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_content(m_body + "Amended by the fixture.\n", "text/plain");
    });
    m_server.Get("/repealed.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.status = 410;
    });
    m_server.Get("/overloaded.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.status = 503;
    });
    m_server.Get("/moved.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_redirect("/act.txt");
    });
    m_server.Get("/loop.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_redirect("/loop.txt");
    });
    m_server.Get("/stalls.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      std::unique_lock lock(m_mutex);
      m_released.wait_for(lock, std::chrono::seconds(5), [this] { return m_stopping; });
      res.set_content(m_body, "text/plain");
    });
    m_server.Get("/truncated.txt", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      // Announces 1000 bytes, sends 100, then closes the connection.
      res.set_content_provider(m_body.size(), "text/plain", [this](size_t offset, size_t, httplib::DataSink& sink) {
        if (offset > 0) return false;
        sink.write(m_body.data(), 100);
        return true;
      });
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    ASSERT_GT(m_port, 0);
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs: wait for it, or TearDown could hang.
    while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  void TearDown() override {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_released.notify_all();
    m_server.stop();
    if (m_thread.joinable()) m_thread.join();
  }

  void record(const httplib::Request& req) {
    std::lock_guard lock(m_mutex);
    m_ranges.push_back(req.get_header_value("Range"));
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

  FetchItem item(const std::string& path) const {
    return FetchItem{"xa/act", "xa", "act.txt", path.empty() ? "" : url(path), cadre::indexer::sha256_hex(m_body)};
  }

  static FetchLimits test_limits() {
    FetchLimits limits;
    limits.connect_timeout = std::chrono::seconds(2);
    limits.low_speed_time = std::chrono::seconds(1);
    limits.max_redirects = 3;
    return limits;
  }

  std::vector<std::string> ranges() {
    std::lock_guard lock(m_mutex);
    return m_ranges;
  }

  fs::path target() const { return m_cache.path() / "xa" / "act.txt"; }
  fs::path part() const { return m_cache.path() / "xa" / "act.txt.part"; }

  const std::string m_body = make_body();
  TempDir m_cache;
  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
  std::mutex m_mutex;
  std::condition_variable m_released;
  bool m_stopping = false;
  std::vector<std::string> m_ranges;
};

TEST_F(FetchTest, DownloadsChecksAndInstallsWithProgress) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
  Fetcher fetcher(m_cache.path(), test_limits(),
                  [&](const cadre::indexer::FetchProgress& p) { progress.emplace_back(p.received, p.total); });
  const FetchResult result = fetcher.download(item("/act.txt"));
  EXPECT_EQ(result.status, FetchStatus::downloaded) << result.message;
  EXPECT_EQ(result.path, target());
  EXPECT_EQ(result.bytes, 1000U);
  EXPECT_FALSE(result.resumed);
  EXPECT_EQ(read_file(target()), m_body);
  EXPECT_FALSE(fs::exists(part()));
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), std::make_pair(std::uint64_t{1000}, std::uint64_t{1000}));
  EXPECT_EQ(ranges(), std::vector<std::string>{""});

  // Already in the cache with the right sha256: no request at all.
  const FetchResult again = fetcher.download(item("/act.txt"));
  EXPECT_EQ(again.status, FetchStatus::present);
  EXPECT_EQ(ranges().size(), 1U);
}

TEST_F(FetchTest, ResumesAPartialDownloadWithRange) {
  write_file(part(), m_body.substr(0, 400));
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item("/act.txt"));
  EXPECT_EQ(result.status, FetchStatus::downloaded) << result.message;
  EXPECT_TRUE(result.resumed);
  EXPECT_EQ(ranges(), std::vector<std::string>{"bytes=400-"});
  EXPECT_EQ(read_file(target()), m_body);
  EXPECT_FALSE(fs::exists(part()));
}

TEST_F(FetchTest, StartsOverWhenTheServerIgnoresRange) {
  write_file(part(), std::string(400, 'x'));
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item("/ignores-range.txt"));
  EXPECT_EQ(result.status, FetchStatus::downloaded) << result.message;
  EXPECT_FALSE(result.resumed);
  EXPECT_EQ(ranges(), std::vector<std::string>{"bytes=400-"});
  EXPECT_EQ(read_file(target()), m_body);
}

TEST_F(FetchTest, InstallsACompletePartWithoutTheNetwork) {
  write_file(part(), m_body);
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item("/act.txt"));
  EXPECT_EQ(result.status, FetchStatus::downloaded) << result.message;
  EXPECT_EQ(read_file(target()), m_body);
  EXPECT_TRUE(ranges().empty());
}

TEST_F(FetchTest, WrongChecksumIsKeptAsRejectedAndNeverInstalled) {
  FetchItem wrong = item("/act.txt");
  wrong.sha256 = std::string(64, '0');
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(wrong);
  EXPECT_EQ(result.status, FetchStatus::failed);
  const fs::path rejected = m_cache.path() / "xa" / "act.txt.rejected";
  EXPECT_EQ(result.message, "xa/act: act.txt from " + url("/act.txt") + ": sha256 mismatch: jurisdiction.toml expects " +
                                std::string(64, '0') + " but the download has " + cadre::indexer::sha256_hex(m_body) +
                                "; not installed, kept as " + rejected.string() +
                                " (if the publisher changed the text, review it, then update sha256 in "
                                "jurisdiction.toml)");
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_FALSE(fs::exists(part()));
  EXPECT_EQ(read_file(rejected), m_body);
}

TEST_F(FetchTest, NotFoundSaysWhatToDo) {
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item("/gone.txt"));
  EXPECT_EQ(result.status, FetchStatus::failed);
  EXPECT_EQ(result.message, "xa/act: act.txt from " + url("/gone.txt") +
                                ": HTTP 404 Not Found (the address may have moved: find the file again from the "
                                "instrument's official_url and update 'url' in jurisdiction.toml, or copy it from a "
                                "mirror with --mirror DIR)");
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_FALSE(fs::exists(part()));
}

TEST_F(FetchTest, StalledServerTimesOut) {
  Fetcher fetcher(m_cache.path(), test_limits());
  const auto start = std::chrono::steady_clock::now();
  const FetchResult result = fetcher.download(item("/stalls.txt"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.status, FetchStatus::failed);
  EXPECT_EQ(result.message, "xa/act: act.txt from " + url("/stalls.txt") +
                                ": timed out: the server sent less than 64 bytes/s for 1 s (try again later, or copy "
                                "it from a mirror with --mirror DIR)");
  EXPECT_LT(elapsed, std::chrono::seconds(4));
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(FetchTest, TruncatedBodyIsKeptForResumeThenCompleted) {
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult truncated = fetcher.download(item("/truncated.txt"));
  EXPECT_EQ(truncated.status, FetchStatus::failed);
  EXPECT_EQ(truncated.message, "xa/act: act.txt from " + url("/truncated.txt") +
                                   ": truncated: the connection closed after 100 of 1000 bytes (run the command again "
                                   "to resume after the 100 bytes received, or copy it from a mirror with "
                                   "--mirror DIR)");
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_EQ(read_file(part()), m_body.substr(0, 100));

  const FetchResult resumed = fetcher.download(item("/act.txt"));
  EXPECT_EQ(resumed.status, FetchStatus::downloaded) << resumed.message;
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(ranges().back(), "bytes=100-");
  EXPECT_EQ(read_file(target()), m_body);
}

TEST_F(FetchTest, FollowsRedirects) {
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item("/moved.txt"));
  EXPECT_EQ(result.status, FetchStatus::downloaded) << result.message;
  EXPECT_EQ(read_file(target()), m_body);
  EXPECT_EQ(ranges().size(), 2U);
}

TEST_F(FetchTest, RedirectsAreBounded) {
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item("/loop.txt"));
  EXPECT_EQ(result.status, FetchStatus::failed);
  EXPECT_EQ(result.message, "xa/act: act.txt from " + url("/loop.txt") +
                                ": more than 3 redirects (update 'url' in jurisdiction.toml to the file's final address)");
  EXPECT_EQ(ranges().size(), 4U);
}

TEST_F(FetchTest, BodyOverTheSizeLimitIsRefused) {
  FetchLimits limits = test_limits();
  limits.max_bytes = 500;
  Fetcher fetcher(m_cache.path(), limits);
  const FetchResult result = fetcher.download(item("/act.txt"));
  EXPECT_EQ(result.status, FetchStatus::failed);
  EXPECT_EQ(result.message, "xa/act: act.txt from " + url("/act.txt") +
                                ": larger than the limit of 500 bytes; nothing installed (check that the url is the "
                                "file itself)");
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_FALSE(fs::exists(part()));
}

TEST_F(FetchTest, SourceWithoutUrlNeedsAMirror) {
  Fetcher fetcher(m_cache.path(), test_limits());
  const FetchResult result = fetcher.download(item(""));
  EXPECT_EQ(result.status, FetchStatus::no_url);
  EXPECT_EQ(result.message, "xa/act: act.txt: no url in jurisdiction.toml (the file is not published as such); copy "
                            "it from a mirror with --mirror DIR");
  EXPECT_TRUE(ranges().empty());
}

TEST_F(FetchTest, MirrorCopyIsCheckedTheSameWay) {
  TempDir mirror;
  Fetcher fetcher(m_cache.path(), test_limits());
  const fs::path source = mirror.path() / "xa" / "act.txt";

  const FetchResult missing = fetcher.copy_from_mirror(item(""), mirror.path());
  EXPECT_EQ(missing.status, FetchStatus::failed);
  EXPECT_EQ(missing.message, "xa/act: act.txt: not in the mirror: no " + source.string() +
                                 " (a mirror is laid out as <code>/<file>; check --mirror)");

  write_file(source, "another version\n");
  const FetchResult changed = fetcher.copy_from_mirror(item(""), mirror.path());
  EXPECT_EQ(changed.status, FetchStatus::failed);
  EXPECT_EQ(changed.message, "xa/act: act.txt: sha256 mismatch: jurisdiction.toml expects " +
                                 cadre::indexer::sha256_hex(m_body) + " but " + source.string() + " has " +
                                 cadre::indexer::sha256_hex("another version\n") +
                                 "; not installed (the mirror holds another version of the text)");
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_FALSE(fs::exists(part()));

  write_file(source, m_body);
  const FetchResult copied = fetcher.copy_from_mirror(item(""), mirror.path());
  EXPECT_EQ(copied.status, FetchStatus::copied) << copied.message;
  EXPECT_EQ(copied.bytes, 1000U);
  EXPECT_EQ(read_file(target()), m_body);
  EXPECT_TRUE(ranges().empty());
}

TEST_F(FetchTest, VerifyReportsMissingAndChangedFiles) {
  const FetchItem expected = item("");
  const auto missing = cadre::indexer::verify_cached(m_cache.path(), expected);
  EXPECT_EQ(missing.status, FetchStatus::failed);
  EXPECT_EQ(missing.message, "xa/act: act.txt: missing: no " + target().string() + " (run `cadre sources fetch`)");

  write_file(target(), "edited\n");
  const auto changed = cadre::indexer::verify_cached(m_cache.path(), expected);
  EXPECT_EQ(changed.status, FetchStatus::failed);
  EXPECT_EQ(changed.message, "xa/act: act.txt: sha256 mismatch: jurisdiction.toml expects " + expected.sha256 + " but " +
                                 target().string() + " has " + cadre::indexer::sha256_hex("edited\n") +
                                 " (fetch it again, or if the text changed on purpose review it and update sha256)");

  write_file(target(), m_body);
  EXPECT_EQ(cadre::indexer::verify_cached(m_cache.path(), expected).status, FetchStatus::present);
}

TEST_F(FetchTest, OnlineCheckComparesWhatTheAddressServesTodayAndLeavesTheCacheAlone) {
  using cadre::indexer::OnlineStatus;
  write_file(target(), m_body);
  Fetcher fetcher(m_cache.path(), test_limits());

  // Downloaded afresh even though the cache holds the file.
  EXPECT_EQ(fetcher.check_online(item("/act.txt")).status, OnlineStatus::unchanged);
  EXPECT_EQ(ranges().size(), 1U);

  const auto changed = fetcher.check_online(item("/amended.txt"));
  EXPECT_EQ(changed.status, OnlineStatus::changed) << changed.message;
  EXPECT_EQ(changed.received_sha256, cadre::indexer::sha256_hex(m_body + "Amended by the fixture.\n"));
  EXPECT_NE(changed.message.find("perhaps a new version of the text"), std::string::npos) << changed.message;

  for (const std::string path : {"/repealed.txt", "/no-such-file.txt"}) {
    const auto gone = fetcher.check_online(item(path));
    EXPECT_EQ(gone.status, OnlineStatus::gone) << path << ": " << gone.message;
  }
  const auto overloaded = fetcher.check_online(item("/overloaded.txt"));
  EXPECT_EQ(overloaded.status, OnlineStatus::unreachable) << overloaded.message;
  EXPECT_NE(overloaded.message.find("HTTP 503"), std::string::npos) << overloaded.message;
  EXPECT_EQ(fetcher.check_online(item("")).status, OnlineStatus::no_url);

  // The cache is as it was: the same file, no part, no rejected copy, no scratch folder.
  EXPECT_EQ(read_file(target()), m_body);
  EXPECT_EQ(std::distance(fs::directory_iterator(m_cache.path()), fs::directory_iterator()), 1);
  EXPECT_EQ(std::distance(fs::directory_iterator(m_cache.path() / "xa"), fs::directory_iterator()), 1);
}

TEST_F(FetchTest, OnlineCheckOfAClosedPortIsUnreachable) {
  Fetcher fetcher(m_cache.path(), test_limits());
  FetchItem closed = item("");
  closed.url = "http://127.0.0.1:1/act.txt";
  const auto check = fetcher.check_online(closed);
  EXPECT_EQ(check.status, cadre::indexer::OnlineStatus::unreachable);
  EXPECT_NE(check.message.find("cannot connect"), std::string::npos) << check.message;
}

TEST(SourceUrl, MustBeHttpOrHttps) {
  TempDir corpus;
  const fs::path dir = corpus.path() / "xa";
  fs::copy(cadre::test::data_dir() / "corpus" / "xa", dir, fs::copy_options::recursive);
  std::string toml = read_file(dir / "jurisdiction.toml");
  const std::string sha_line = "sha256 = \"a602e28ac424792c4b6f45282a5407398120ed474773da0c48f73c2379de56a2\"\n";
  const auto at = toml.find(sha_line);
  ASSERT_NE(at, std::string::npos);

  auto load_with = [&](const std::string& url_line) {
    std::string edited = toml;
    edited.insert(at + sha_line.size(), url_line);
    write_file(dir / "jurisdiction.toml", edited);
    cadre::indexer::Diagnostics diags;
    const auto spec = cadre::indexer::load_jurisdiction(dir, diags);
    std::vector<std::string> messages;
    for (const auto& d : diags.items()) messages.push_back(d.message);
    return std::make_pair(spec, messages);
  };

  const auto [good, good_messages] = load_with("url = \"https://example.org/xa/ai-order.xml\"\n");
  ASSERT_TRUE(good.has_value());
  EXPECT_TRUE(good_messages.empty());
  EXPECT_EQ(good->instruments.at(0).sources.at(0).url, "https://example.org/xa/ai-order.xml");

  const auto [bad, bad_messages] = load_with("url = \"ftp://example.org/xa/ai-order.xml\"\n");
  EXPECT_FALSE(bad.has_value());
  ASSERT_EQ(bad_messages.size(), 1U);
  EXPECT_EQ(bad_messages[0], "instrument xa/ai-order: source: 'url' must be an http:// or https:// address such as "
                             "\"https://example.org/act.xml\" (no spaces)");
}

} // namespace
