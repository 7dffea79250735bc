// The per-build answer cache and the gzip helpers (server/answer_cache.hpp).
#include "server/answer_cache.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cadre::server {
namespace {

/// Asks `cache` for `target`, computing a JSON body of `body_bytes` when asked to; counts the
/// computations in `computed`.
std::shared_ptr<const Reply> ask(AnswerCache& cache, const std::string& target, std::size_t body_bytes,
                                 std::atomic<int>& computed, bool gzip_wanted = false) {
  return cache.answer(target, gzip_wanted, [&] {
    ++computed;
    Reply reply;
    reply.content_type = "application/json";
    reply.body.assign(body_bytes, 'x');
    return reply;
  });
}

std::string gunzip(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(AnswerCache, KeepsAnAnswerPerTarget) {
  AnswerCache cache(1 << 20);
  std::atomic<int> computed = 0;
  const auto first = ask(cache, "/api/v1/meta", 100, computed);
  EXPECT_EQ(ask(cache, "/api/v1/meta", 100, computed), first);
  EXPECT_EQ(computed, 1);
  EXPECT_NE(ask(cache, "/api/v1/meta?x", 100, computed), first);
  EXPECT_EQ(computed, 2);
}

TEST(AnswerCache, ClearEmptiesIt) {
  AnswerCache cache(1 << 20);
  std::atomic<int> computed = 0;
  ask(cache, "/a", 100, computed);
  EXPECT_GT(cache.size_in_bytes(), 100u);
  cache.clear();
  EXPECT_EQ(cache.size_in_bytes(), 0u);
  ask(cache, "/a", 100, computed);
  EXPECT_EQ(computed, 2);
}

TEST(AnswerCache, TheLeastRecentlyUsedGoFirstAndTheBudgetHolds) {
  AnswerCache cache(80 * 1024);
  std::atomic<int> computed = 0;
  for (int i = 0; i < 8; ++i) ask(cache, "/" + std::to_string(i), 9000, computed);
  ask(cache, "/0", 9000, computed); // /0 is now the most recent
  ask(cache, "/8", 9000, computed);
  ask(cache, "/9", 9000, computed);
  EXPECT_LE(cache.size_in_bytes(), 80u * 1024);
  EXPECT_EQ(computed, 10);
  ask(cache, "/0", 9000, computed);
  ask(cache, "/9", 9000, computed);
  EXPECT_EQ(computed, 10) << "/0 and /9 are kept";
  ask(cache, "/1", 9000, computed);
  EXPECT_EQ(computed, 11) << "/1 went first";
}

TEST(AnswerCache, AnswersOverAnEighthOfTheBudgetAreNotKeptNorEncodedUnasked) {
  AnswerCache cache(80 * 1024);
  std::atomic<int> computed = 0;
  EXPECT_TRUE(ask(cache, "/big", 11 * 1024, computed)->gzip_body.empty());
  EXPECT_FALSE(ask(cache, "/big", 11 * 1024, computed, true)->gzip_body.empty());
  EXPECT_EQ(computed, 2);
  EXPECT_FALSE(ask(cache, "/kept", 9 * 1024, computed)->gzip_body.empty()) << "a kept answer is encoded once for all";
}

// Eight clients ask for one answer at once: one computes it, the others wait for it; with no
// budget (--cache-mb 0) too, where nothing is kept afterwards.
TEST(AnswerCache, ConcurrentRequestsForOneTargetComputeItOnce) {
  for (const std::size_t budget : {std::size_t{1} << 20, std::size_t{0}}) {
    SCOPED_TRACE(budget);
    AnswerCache cache(budget);
    std::atomic<int> computed = 0;
    std::atomic<int> started = 0;
    std::vector<std::shared_ptr<const Reply>> answers(8);
    std::vector<std::jthread> clients;
    for (auto& answer : answers)
      clients.emplace_back([&] {
        ++started;
        answer = cache.answer("/api/v1/compare?j=eu", false, [&] {
          while (started < 8) std::this_thread::yield();
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          ++computed;
          Reply reply;
          reply.body = "{}";
          return reply;
        });
      });
    clients.clear();
    EXPECT_EQ(computed, 1);
    for (const auto& answer : answers) EXPECT_EQ(answer, answers[0]);
  }
}

TEST(AnswerCache, AnErrorReachesEveryWaiterAndIsNotKept) {
  AnswerCache cache(1 << 20);
  std::atomic<int> computed = 0;
  std::atomic<int> started = 0;
  std::atomic<int> errors = 0;
  std::vector<std::jthread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      ++started;
      try {
        cache.answer("/api/v1/search?q=(", false, [&]() -> Reply {
          while (started < 4) std::this_thread::yield();
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          ++computed;
          throw std::runtime_error("bad query");
        });
      } catch (const std::runtime_error& e) {
        if (std::string(e.what()) == "bad query") ++errors;
      }
    });
  clients.clear();
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(errors, 4);
  ask(cache, "/api/v1/search?q=(", 10, computed);
  EXPECT_EQ(computed, 2);
}

TEST(Gzip, RoundTripsAndSkipsWhatDoesNotGain) {
  Reply json;
  json.content_type = "application/json";
  json.body = std::string(5000, 'a') + "b";
  encode(json);
  ASSERT_FALSE(json.gzip_body.empty());
  EXPECT_LT(json.gzip_body.size(), 200u);
  EXPECT_EQ(gunzip(json.gzip_body), json.body);

  Reply small;
  small.body = "{}";
  encode(small);
  EXPECT_TRUE(small.gzip_body.empty());

  Reply png;
  png.content_type = "image/png";
  png.body = std::string(5000, 'a');
  encode(png);
  EXPECT_TRUE(png.gzip_body.empty());
}

TEST(Gzip, AcceptEncodingIsReadWithItsWeights) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_TRUE(accepts_gzip(" * "));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000, br"));
  EXPECT_FALSE(accepts_gzip("x-gzip2"));
  EXPECT_TRUE(accepts_gzip("*;q=0, gzip"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));
}

} // namespace
} // namespace cadre::server
