// [[instrument.event]] in jurisdiction.toml: loading, and every mistake reported at its
// file:line:column with an exact message.
#include "indexer/build.hpp"
#include "indexer/corpus.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

namespace fs = std::filesystem;
using cadre::indexer::Diagnostics;

/// A copy of the fixture jurisdiction xa whose jurisdiction.toml ends with `instruments`.
struct Jurisdiction {
  cadre::test::TempDir dir;
  fs::path xa;
  explicit Jurisdiction(const std::string& instruments) {
    xa = dir.path() / "xa";
    fs::create_directories(xa);
    for (const char* f : {"framework.en.md", "framework.fr.md", "provisions.toml"})
      fs::copy_file(cadre::test::data_dir() / "corpus" / "xa" / f, xa / f);
    std::ofstream(xa / "jurisdiction.toml") << "code = \"xa\"\nkind = \"national\"\nas_of = 2026-03-10\n"
                                               "name = { en = \"Xanadu\", fr = \"Xanadou\" }\n\n"
                                            << instruments;
  }
  std::vector<std::string> messages(Diagnostics& diags) const {
    std::vector<std::string> out;
    for (const auto& d : diags.items()) {
      std::string line = d.to_string();
      const std::string prefix = (xa / "jurisdiction.toml").string() + ":";
      if (line.starts_with(prefix)) out.push_back(line.substr(prefix.size()));
    }
    return out;
  }
};

// Lines 1-5 are the header written above; the instrument starts on line 6, its first event on 14.
const char* k_instrument = R"([[instrument]]
id = "xa/ai-order"
short_name = "EO 90001"
title = { en = "Order", fr = "Décret" }
type = "executive-order"
official_url = "https://example.org/xa/eo-90001"
languages = ["en"]

[[instrument.event]]
kind = "introduced"
date = 2020-01-01
evidence = { url = "https://example.org/xa/eo-90001", kind = "official-page", seen = 2026-03-10 }
)";

// The order's text (load_jurisdiction does not read it: the provisions of xa cite its clauses).
const char* k_source = R"(
[[instrument.source]]
file = "ai-order.xml"
format = "fedreg-xml"
language = "en"
sha256 = "a602e28ac424792c4b6f45282a5407398120ed474773da0c48f73c2379de56a2"
)";

const char* k_old_order = R"(
[[instrument]]
id = "xa/old-order"
short_name = "EO 80001"
title = { en = "Old order", fr = "Ancien décret" }
type = "executive-order"
official_url = "https://example.org/xa/eo-80001"
languages = ["en"]
)";

TEST(Events, AValidHistoryLoadsInOrder) {
  Jurisdiction j(std::string(k_instrument) + k_source + k_old_order + R"(
[[instrument.event]]
kind = "signed"
date = 2026-03-03
evidence = { url = "https://example.org/xa/eo-90001", kind = "official-text", seen = 2026-03-10 }

[[instrument.event]]
kind = "applies-from"
date = 2026-06-01
phase = { en = "Reporting duties", fr = "Obligations de déclaration" }
evidence = { url = "https://example.org/news", kind = "secondary", name = "Courier: reporting from June", seen = 2026-03-10 }
note = { en = "Reported only.", fr = "Rapporté seulement." }
)");
  Diagnostics diags;
  const auto spec = cadre::indexer::load_jurisdiction(j.xa, diags);
  ASSERT_TRUE(spec) << (diags.items().empty() ? "" : diags.items()[0].to_string());
  const auto& events = spec->instruments[1].instrument.events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "signed");
  EXPECT_EQ(events[1].phase.fr, "Obligations de déclaration");
  EXPECT_EQ(events[1].evidence.name, "Courier: reporting from June");
  EXPECT_EQ(events[1].evidence.seen, "2026-03-10");
  EXPECT_EQ(events[1].note.en, "Reported only.");
  EXPECT_EQ(events[0].instrument, "xa/old-order");
  EXPECT_EQ(spec->instruments[1].event_lines, (std::vector<int>{33, 38}));
}

TEST(Events, EveryMistakeIsReportedWhereItIs) {
  Jurisdiction j(std::string(k_instrument) + R"(
[[instrument.event]]
kind = "enacted"
date = 2026-03-03
evidence = { url = "https://example.org/a", kind = "official-text", seen = 2026-03-10 }

[[instrument.event]]
kind = "in-force"
date = "2026-03-04"

[[instrument.event]]
kind = "revoked-by"
date = 2026-03-05
evidence = { url = "ftp://example.org/a", kind = "rumour", seen = 2026-03-10 }

[[instrument.event]]
kind = "applies-from"
date = 2026-01-01
by = "xa/old-order"
evidence = { url = "https://example.org/a", kind = "secondary", seen = 2026-03-10 }
)");
  Diagnostics diags;
  EXPECT_FALSE(cadre::indexer::load_jurisdiction(j.xa, diags));
  EXPECT_EQ(j.messages(diags),
            (std::vector<std::string>{
                "20:8: error: instrument xa/ai-order: event: 'kind' is 'enacted'; use one of: adopted, amended-by, applies-from, "
                "expired, in-force, introduced, lapsed, published, revoked-by, signed, status-check, superseded-by, withdrawn",
                "26:8: error: instrument xa/ai-order: event: 'date' must be a date like 2026-11-01 (without quotes)",
                "24:1: error: instrument xa/ai-order: event: missing key 'evidence': say what the event rests on ({ url = "
                "\"https://…\", kind = \"official-text\", seen = 2026-12-04 })",
                "29:8: error: instrument xa/ai-order: event: a revoked-by event needs 'by', the instrument that did it (add it to "
                "the corpus as metadata if it has no text)",
                "31:20: error: instrument xa/ai-order: event: evidence: 'url' must start with https:// or http://",
                "31:50: error: instrument xa/ai-order: event: evidence: 'kind' is 'rumour'; use one of: official-page, "
                "official-text, secondary",
                "36:6: error: instrument xa/ai-order: event: 'by' is only for amended-by, revoked-by and superseded-by events",
                "34:8: error: instrument xa/ai-order: event: an applies-from event needs 'phase' = { en = \"…\", fr = \"…\" }: "
                "the provisions or phase that apply from that date",
                "37:12: error: instrument xa/ai-order: event: evidence: missing key 'name'",
                "33:1: error: instrument xa/ai-order: events out of order: this applies-from event of 2026-01-01 comes after one "
                "of 2026-03-05 (list events by date)",
            }));
}

TEST(Events, ContradictionsInAHistoryAreErrors) {
  Jurisdiction j(std::string(k_instrument) + R"(
[[instrument.event]]
kind = "in-force"
date = 2026-03-01
evidence = { url = "https://example.org/a", kind = "official-text", seen = 2026-03-10 }

[[instrument.event]]
kind = "adopted"
date = 2026-03-02
evidence = { url = "https://example.org/a", kind = "official-text", seen = 2026-03-10 }

[[instrument.event]]
kind = "expired"
date = 2026-03-04
evidence = { url = "https://example.org/a", kind = "official-page", seen = 2026-03-10 }

[[instrument.event]]
kind = "amended-by"
date = 2026-03-05
by = "xa/ai-order"
evidence = { url = "https://example.org/a", kind = "official-page", seen = 2026-03-10 }
)");
  Diagnostics diags;
  EXPECT_FALSE(cadre::indexer::load_jurisdiction(j.xa, diags));
  EXPECT_EQ(j.messages(diags),
            (std::vector<std::string>{
                "19:1: error: instrument xa/ai-order: in force on 2026-03-01, before it was adopted, signed or published (2026-03-02)",
                "34:1: error: instrument xa/ai-order: an amended-by event on 2026-03-05, after the instrument ended (expired on "
                "2026-03-04)",
                "34:1: error: instrument xa/ai-order: 'by' names the instrument itself",
            }));
}

TEST(Events, AnImpossibleDateIsAParseErrorWithItsPosition) {
  Jurisdiction j(std::string(k_instrument) + R"(
[[instrument.event]]
kind = "adopted"
date = 2026-02-31
evidence = { url = "https://example.org/a", kind = "official-text", seen = 2026-03-10 }
)");
  Diagnostics diags;
  EXPECT_FALSE(cadre::indexer::load_jurisdiction(j.xa, diags));
  const auto messages = j.messages(diags);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(messages[0].starts_with("21:")) << messages[0];
  EXPECT_NE(messages[0].find("error:"), std::string::npos) << messages[0];
}

TEST(Events, ByMustNameAnInstrumentOfTheCorpus) {
  Jurisdiction j(std::string(k_instrument) + k_source + k_old_order + R"(
[[instrument.event]]
kind = "revoked-by"
date = 2026-03-03
by = "xa/new-order"
evidence = { url = "https://example.org/a", kind = "official-text", seen = 2026-03-10 }
)");
  Diagnostics diags;
  const auto spec = cadre::indexer::load_jurisdiction(j.xa, diags);
  ASSERT_TRUE(spec) << (diags.items().empty() ? "" : diags.items()[0].to_string());
  cadre::indexer::check_cross_references({*spec}, diags);
  EXPECT_EQ(j.messages(diags),
            (std::vector<std::string>{"33:1: error: instrument xa/old-order: revoked-by names unknown instrument 'xa/new-order' "
                                      "(list it in a jurisdiction.toml, as metadata if it has no text)"}));
}

} // namespace
