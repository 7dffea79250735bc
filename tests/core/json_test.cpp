// JSON documents of core/json.cpp. The matrix is written by hand for speed (bench/RESULTS.md,
// Provision matrix): these tests hold it to what nlohmann-json reads back, odd strings included.
#include "core/json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

cadre::Matrix odd_matrix() {
  cadre::Matrix m;
  m.language = "fr";
  m.build_id = "b1";
  m.corpus_commit = "c\"1";
  m.provisions = {{"requirements.human-oversight", "requirements", {"Human \"oversight\"", "Supervision humaine"},
                   {"Back\\slash", "Tab\there"}}};
  cadre::Jurisdiction j;
  j.code = "xa";
  j.name = {"Xanadu", "Xanadou\n"};
  j.kind = "national";
  j.as_of = "2026-01-01";
  m.jurisdictions = {j};
  cadre::ProvisionValue v;
  v.jurisdiction = "xa";
  v.provision = "requirements.human-oversight";
  v.value = "partial";
  v.language = "fr";
  v.note = "« Contrôle » \x01 bad \xff byte";
  v.not_law = true;
  cadre::Citation c;
  c.clause_id = "xa/act/sec_1";
  c.label = "Act, s. 1";
  c.resolved = true;
  c.official_url = "https://example.org/act?a=1&b=\"2\"";
  c.instrument_status = "bill";
  c.instrument_evidence = "secondary";
  v.citations = {c};
  m.values = {{v}};
  return m;
}

TEST(JsonMatrix, ReadsBackWithEveryFieldAndOddStringsIntact) {
  const auto doc = nlohmann::json::parse(cadre::json::matrix(odd_matrix()));
  EXPECT_EQ(doc["language"], "fr");
  EXPECT_EQ(doc["corpus_commit"], "c\"1");
  EXPECT_EQ(doc["provisions"][0]["label"]["en"], "Human \"oversight\"");
  EXPECT_EQ(doc["provisions"][0]["definition"]["en"], "Back\\slash");
  EXPECT_EQ(doc["provisions"][0]["definition"]["fr"], "Tab\there");
  EXPECT_EQ(doc["jurisdictions"][0]["name"]["fr"], "Xanadou\n");
  const auto& v = doc["values"][0][0];
  EXPECT_EQ(v["value"], "partial");
  EXPECT_EQ(v["not_law"], true);
  EXPECT_EQ(v["note"], "« Contrôle » \x01 bad \xEF\xBF\xBD byte") << "invalid UTF-8 becomes U+FFFD";
  EXPECT_EQ(v["citations"][0]["official_url"], "https://example.org/act?a=1&b=\"2\"");
  EXPECT_EQ(v["citations"][0]["instrument_status"], "bill");
  EXPECT_EQ(v["citations"][0]["instrument_evidence"], "secondary");
  EXPECT_EQ(v["citations"][0]["resolved"], true);
}

TEST(JsonMatrix, KeysAreSortedAndCompactLikeTheOtherDocuments) {
  const std::string text = cadre::json::matrix(odd_matrix());
  EXPECT_EQ(text, nlohmann::json::parse(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace
