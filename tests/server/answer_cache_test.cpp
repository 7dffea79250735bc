// The per-build answer cache and the gzip helpers (server/answer_cache.hpp).
#include "server/answer_cache.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace cadre::server {
namespace {

std::shared_ptr<const Reply> reply_of(std::size_t body_bytes, char fill = 'x') {
  Reply reply;
  reply.body.assign(body_bytes, fill);
  return std::make_shared<const Reply>(std::move(reply));
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

TEST(AnswerCache, FindsWhatWasStored) {
  AnswerCache cache(1 << 20);
  EXPECT_EQ(cache.find("/api/v1/meta"), nullptr);
  const auto answer = reply_of(100);
  cache.store("/api/v1/meta", answer);
  EXPECT_EQ(cache.find("/api/v1/meta"), answer);
  EXPECT_EQ(cache.find("/api/v1/meta?x"), nullptr);
}

TEST(AnswerCache, ClearEmptiesIt) {
  AnswerCache cache(1 << 20);
  cache.store("/a", reply_of(100));
  EXPECT_GT(cache.size_in_bytes(), 100u);
  cache.clear();
  EXPECT_EQ(cache.size_in_bytes(), 0u);
  EXPECT_EQ(cache.find("/a"), nullptr);
}

TEST(AnswerCache, TheLeastRecentlyUsedGoFirstAndTheBudgetHolds) {
  AnswerCache cache(80 * 1024);
  for (int i = 0; i < 8; ++i) cache.store("/" + std::to_string(i), reply_of(9000));
  ASSERT_NE(cache.find("/0"), nullptr); // /0 is now the most recent
  cache.store("/8", reply_of(9000));
  cache.store("/9", reply_of(9000));
  EXPECT_LE(cache.size_in_bytes(), 80u * 1024);
  EXPECT_NE(cache.find("/0"), nullptr);
  EXPECT_EQ(cache.find("/1"), nullptr);
  EXPECT_NE(cache.find("/9"), nullptr);
}

TEST(AnswerCache, AnswersOverAnEighthOfTheBudgetAreNotKept) {
  AnswerCache cache(80 * 1024);
  cache.store("/big", reply_of(11 * 1024));
  EXPECT_EQ(cache.find("/big"), nullptr);
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
