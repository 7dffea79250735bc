#include "indexer/parsers/parsers.hpp"

#include "core/error.hpp"
#include "tests/indexer/parsers/parser_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using namespace cadre::test::parsers;
using cadre::indexer::ParsedClause;
using cadre::indexer::SourceInput;

std::vector<ParsedClause> parse(const std::string& bytes, std::map<std::string, std::string> options) {
  SourceInput input{"fixture.md", bytes, "en", std::move(options)};
  return cadre::indexer::parsers::markdown().parse(input);
}

std::vector<ParsedClause> parse(const std::string& bytes, const std::string& numbering) {
  return parse(bytes, std::map<std::string, std::string>{{"numbering", numbering}});
}

std::string error_of(const std::string& bytes, std::map<std::string, std::string> options) {
  return data_error_of([&] { parse(bytes, std::move(options)); });
}

std::size_t count_prefix(const std::vector<ParsedClause>& clauses, const std::string& prefix, bool top_only = true) {
  return static_cast<std::size_t>(std::count_if(clauses.begin(), clauses.end(), [&](const ParsedClause& c) {
    return c.path.rfind(prefix, 0) == 0 && (!top_only || c.path.find("__") == std::string::npos);
  }));
}

// Invented wording in the layouts of the real conversions.
const char* const k_eu = R"(REGULATION (EU) 0000/1 ON TESTS

Whereas:

(1)   Tests should be
  
  
(2)   Tests help (3).
  
  
HAVE ADOPTED THIS REGULATION:

CHAPTER I

GENERAL PROVISIONS

Article 1

Subject matter`

1. This Regulation lays down
test rules:

(a)   rules on drills;  
  
(h)   rules on checks:  
  
(i)   the first;  
  
(ii)   the second;  
  
(i)   rules on [reports](./link-to
-nowhere).  
  
The rules apply everywhere.

2. Member States shall test.

Article 2

Definitions

(1)   ‘test’ means a trial;  
  
Done at Brussels, 1 January 2000.

* * *

(1) OJ C 1, 1.1.2000, p. 1.

* * *

ANNEX I

List of tests

  1.   Drill one; 
  
(a)   part a;
  
  2.   Drill two.

* * *

ELI: http://data.europa.eu/eli/reg/0000/1/oj
)";

TEST(markdown, IsRegistered) {
  EXPECT_EQ(cadre::indexer::parser_for("markdown"), &cadre::indexer::parsers::markdown());
}

TEST(markdown, EuArticlesFixture) {
  expect_rows(parse(k_eu, "eu-articles"),
              {{"rct_1", "", "Recital 1", "", "Tests should be"},
               {"rct_2", "", "Recital 2", "", "Tests help (3)."},
               {"art_1", "", "Article 1", "Subject matter",
                "This Regulation lays down test rules: rules on drills; rules on checks: the first; the second; "
                "rules on reports. The rules apply everywhere. Member States shall test."},
               {"art_1__para_1", "art_1", "Article 1(1)", "",
                "This Regulation lays down test rules: rules on drills; rules on checks: the first; the second; "
                "rules on reports. The rules apply everywhere."},
               {"art_1__para_1__point_a", "art_1__para_1", "Article 1(1)(a)", "", "rules on drills;"},
               {"art_1__para_1__point_h", "art_1__para_1", "Article 1(1)(h)", "", "rules on checks: the first; the second;"},
               {"art_1__para_1__point_h__subpara_i", "art_1__para_1__point_h", "Article 1(1)(h)(i)", "", "the first;"},
               {"art_1__para_1__point_h__subpara_ii", "art_1__para_1__point_h", "Article 1(1)(h)(ii)", "", "the second;"},
               {"art_1__para_1__point_i", "art_1__para_1", "Article 1(1)(i)", "", "rules on reports."},
               {"art_1__para_2", "art_1", "Article 1(2)", "", "Member States shall test."},
               {"art_2", "", "Article 2", "Definitions", "‘test’ means a trial;"},
               {"art_2__point_1", "art_2", "Article 2(1)", "", "‘test’ means a trial;"},
               {"anx_I", "", "Annex I", "List of tests", "Drill one; (a) part a; Drill two."},
               {"anx_I__point_1", "anx_I", "Annex I, point 1", "", "Drill one; (a) part a;"},
               {"anx_I__point_2", "anx_I", "Annex I, point 2", "", "Drill two."}}, "en");
}

TEST(markdown, ArticlesFixture) {
  const char* const text = R"(# **Test Measures**

#### **Section 1 General Provisions**

**Article 1:** These measures are for tests.

**Article 2**: Testers shall:

- (1) plan;
- (2) report.

A second paragraph.

iii《测试》

**Article 3:** Done.

*This translation is unofficial.*
)";
  expect_rows(parse(text, "articles"),
              {{"art_1", "", "Article 1", "", "These measures are for tests."},
               {"art_2", "", "Article 2", "", "Testers shall: (1) plan; (2) report. A second paragraph."},
               {"art_2__para_1", "art_2", "Article 2, paragraph 1", "", "Testers shall: (1) plan; (2) report."},
               {"art_2__item_1", "art_2", "Article 2(1)", "", "plan;"},
               {"art_2__item_2", "art_2", "Article 2(2)", "", "report."},
               {"art_2__para_2", "art_2", "Article 2, paragraph 2", "", "A second paragraph."},
               {"art_3", "", "Article 3", "", "Done."}}, "en");
}

TEST(markdown, NistFixture) {
  const char* const text = R"(# Test Framework

## Executive Summary

Front matter.

# Part 1: Basics

## 1. **Framing**

Intro text.

## 1.1 **Detail**

Detail text.

# Part 2: Core

## 5. **Core**

Core text.

## 5.1 **Govern**

| | Table 1: Categories and subcategories for the GOVERN function. |
|---|---|
| Categories | Subcategories GOVERN 1.1: Rules are known. |
| GOVERN 1: Policies are in | GOVERN 1.2: Roles are set. |

| Table 1: Categories and subcategories for the GOVERN function. (Continued) Categories Subcategories | |
|---|---|
| place. | Continued on next page |

# Appendix A: Tasks

![](_page_1.jpeg)

Task text.
)";
  expect_rows(parse(text, "nist"),
              {{"exec_summary", "", "Executive Summary", "Executive Summary", "Front matter."},
               {"sec_1", "", "Section 1", "Framing", "Intro text. Detail text."},
               {"sec_1.1", "sec_1", "Section 1.1", "Detail", "Detail text."},
               {"sec_5", "", "Section 5", "Core",
                "Core text. Table 1: Categories and subcategories for the GOVERN function. Categories Subcategories "
                "GOVERN 1.1: Rules are known. GOVERN 1: Policies are in GOVERN 1.2: Roles are set. Table 1: Categories "
                "and subcategories for the GOVERN function. (Continued) Categories Subcategories place. Continued on next page"},
               {"sec_5.1", "sec_5", "Section 5.1", "Govern",
                "Table 1: Categories and subcategories for the GOVERN function. Categories Subcategories "
                "GOVERN 1.1: Rules are known. GOVERN 1: Policies are in GOVERN 1.2: Roles are set. Table 1: Categories "
                "and subcategories for the GOVERN function. (Continued) Categories Subcategories place. Continued on next page"},
               {"cat_GOVERN_1", "sec_5.1", "GOVERN 1", "",
                "Policies are in place. GOVERN 1.1: Rules are known. GOVERN 1.2: Roles are set."},
               {"subcat_GOVERN_1.1", "cat_GOVERN_1", "GOVERN 1.1", "", "Rules are known."},
               {"subcat_GOVERN_1.2", "cat_GOVERN_1", "GOVERN 1.2", "", "Roles are set."},
               {"appx_A", "", "Appendix A", "Tasks", "Task text."}}, "en");
}

TEST(markdown, CrsFixture) {
  const char* const text = R"(
{0}------------------------------------------------

## SENATE BILL 00-001

SECTION 1. In Colorado Revised Statutes, add part 9 as follows:

# PART 9 TESTS

- 6-1-901. Definitions. AS USED IN THIS PART 9:
- (1) (a) "TEST" MEANS A TRIAL.
- (b) "TEST" DOES NOT INCLUDE:
- (I) A DRILL; OR
  - (A) A CHECK;
  - (B) A REVIEW.

PAGE 2-SENATE BILL 00-001

{1}------------------------------------------------

CONTINUED TEXT.
  - (C) A FINANCIAL SERVICE.
- (2) "TESTER" MEANS A PERSON.
- SECTION 2. Safety clause. The general assembly finds it necessary.

Jane Doe
PRESIDENT OF
THE SENATE
)";
  const auto clauses = parse(text, "crs");
  std::vector<std::string> paths;
  for (const auto& c : clauses) paths.push_back(c.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "billsec_1", "sec_6-1-901", "sec_6-1-901__subsec_1", "sec_6-1-901__subsec_1__para_a",
                       "sec_6-1-901__subsec_1__para_b", "sec_6-1-901__subsec_1__para_b__subpara_I",
                       "sec_6-1-901__subsec_1__para_b__subpara_I__subsubpara_A",
                       "sec_6-1-901__subsec_1__para_b__subpara_I__subsubpara_B",
                       "sec_6-1-901__subsec_1__para_b__subpara_I__subsubpara_C", "sec_6-1-901__subsec_2",
                       "billsec_2"}));
  EXPECT_EQ(find(clauses, "billsec_1")->text, "In Colorado Revised Statutes, add part 9 as follows:");
  EXPECT_EQ(find(clauses, "sec_6-1-901")->heading, "Definitions");
  EXPECT_EQ(find(clauses, "sec_6-1-901")->label, "\xC2\xA7 6-1-901");
  const auto* b = find(clauses, "sec_6-1-901__subsec_1__para_b__subpara_I__subsubpara_B");
  EXPECT_EQ(b->label, "\xC2\xA7 6-1-901(1)(b)(I)(B)");
  EXPECT_EQ(b->parent, "sec_6-1-901__subsec_1__para_b__subpara_I");
  EXPECT_EQ(b->text, "A REVIEW. CONTINUED TEXT.");  // page furniture dropped
  EXPECT_EQ(find(clauses, "billsec_2")->heading, "Safety clause");
  EXPECT_EQ(find(clauses, "billsec_2")->text, "The general assembly finds it necessary.");
}

TEST(markdown, SectionsFixture) {
  const char* const text = R"(#### **EXTRAORDINARY**

# THE TEST ACT, 2000

#### **CHAPTER I**

**1.** (1) This Act may be called the Test Act.

Short title.

(2) It comes into force at once.

{1}------------------------------------------------

Definitions.

- **2.** In this Act,—
- (*a*) "board" means the Test Board;

12 of 1999.

- (*h*) "hour" means sixty minutes;
- (*i*) "item" means—
  - (*i*) a thing; or
  - (*ii*) a part;
- (*j*) "judge" means a judge.

#### THE SCHEDULE

| Sl. No. | Penalty |
)";
  expect_rows(parse(text, "sections"),
              {{"sec_1", "", "Section 1", "Short title",
                "This Act may be called the Test Act. It comes into force at once."},
               {"sec_1__subsec_1", "sec_1", "Section 1(1)", "", "This Act may be called the Test Act."},
               {"sec_1__subsec_2", "sec_1", "Section 1(2)", "", "It comes into force at once."},
               {"sec_2", "", "Section 2", "Definitions",
                "In this Act,— \"board\" means the Test Board; \"hour\" means sixty minutes; \"item\" means— a thing; or "
                "a part; \"judge\" means a judge."},
               {"sec_2__clause_a", "sec_2", "Section 2(a)", "", "\"board\" means the Test Board;"},
               {"sec_2__clause_h", "sec_2", "Section 2(h)", "", "\"hour\" means sixty minutes;"},
               {"sec_2__clause_i", "sec_2", "Section 2(i)", "", "\"item\" means— a thing; or a part;"},
               {"sec_2__clause_i__subclause_i", "sec_2__clause_i", "Section 2(i)(i)", "", "a thing; or"},
               {"sec_2__clause_i__subclause_ii", "sec_2__clause_i", "Section 2(i)(ii)", "", "a part;"},
               {"sec_2__clause_j", "sec_2", "Section 2(j)", "", "\"judge\" means a judge."},
               {"schedule", "", "The Schedule", "", "| Sl. No. | Penalty |"}}, "en");
}

TEST(markdown, Errors) {
  EXPECT_EQ(error_of("x", {}), "fixture.md: format 'markdown' needs the option numbering (one of: eu-articles, "
                               "articles, nist, crs, sections)");
  EXPECT_EQ(error_of("x", {{"numbering", "chapters"}}),
            "fixture.md: unknown numbering 'chapters' for format 'markdown' (one of: eu-articles, articles, nist, crs, sections)");
  EXPECT_EQ(error_of("x", {{"numbering", "nist"}, {"part", "1"}}),
            "fixture.md: unknown option(s) 'part' for format 'markdown' (it accepts: numbering)");
  EXPECT_EQ(error_of("", {{"numbering", "articles"}}), "fixture.md: the file is empty");
  EXPECT_EQ(error_of("# Just a title\n\nSome prose.\n", {{"numbering", "articles"}}),
            "fixture.md: no articles found: is this really a markdown file with numbering 'articles'?");
  EXPECT_EQ(error_of("Whereas:\n\nHAVE ADOPTED THIS REGULATION:\n\nArticle 1\n\nA\n\nArticle 1\n\nB\n",
                     {{"numbering", "eu-articles"}}),
            "fixture.md:9: Article 1 appears twice");
  EXPECT_EQ(error_of("# Part 1: A\n\n## 1. **X**\n\n## 1. **Y**\n", {{"numbering", "nist"}}),
            "fixture.md:5: section 1 appears twice");
  EXPECT_EQ(error_of("ok \xFF\n", {{"numbering", "nist"}}).rfind("fixture.md", 0), 0u);
}

TEST(markdown, RealEuAiAct) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "eu/eu-ai-act-2024-1689.en.md"), "eu-articles");
  EXPECT_EQ(count_prefix(clauses, "art_"), 113u);
  EXPECT_EQ(count_prefix(clauses, "rct_"), 180u);
  EXPECT_EQ(count_prefix(clauses, "anx_"), 13u);
  EXPECT_EQ(find(clauses, "art_1")->heading, "Subject matter");
  EXPECT_EQ(find(clauses, "art_6")->heading, "Classification rules for high-risk AI systems");
  EXPECT_EQ(find(clauses, "art_5__para_1__point_h__subpara_iii")->label, "Article 5(1)(h)(iii)");
  EXPECT_EQ(find(clauses, "art_3__point_1")->parent, "art_3");
  EXPECT_NE(find(clauses, "art_7__para_2__point_i"), nullptr);
  EXPECT_EQ(find(clauses, "anx_III")->heading, "High-risk AI systems referred to in Article 6(2)");
  EXPECT_NE(find(clauses, "anx_III__point_8"), nullptr);
  EXPECT_EQ(find(clauses, "art_113")->text.find("Done at"), std::string::npos);
}

TEST(markdown, RealInterimMeasuresEnglish) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "cn/genai-interim-measures-2023.casi.en.md"), "articles");
  EXPECT_EQ(count_prefix(clauses, "art_"), 24u);
  for (int n = 1; n <= 24; ++n) EXPECT_NE(find(clauses, "art_" + std::to_string(n)), nullptr) << n;
  EXPECT_EQ(find(clauses, "art_4__item_5")->label, "Article 4(5)");
  EXPECT_EQ(find(clauses, "art_22__item_1")->parent, "art_22");
  EXPECT_EQ(find(clauses, "art_3")->text.find("《"), std::string::npos);  // translator footnotes dropped
  EXPECT_EQ(find(clauses, "art_24")->text, "These measures shall come into effect on August 15, 2023.");
}

TEST(markdown, RealNistAiRmf) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "us/nist-ai-rmf-1.0.md"), "nist");
  EXPECT_EQ(count_prefix(clauses, "subcat_"), 72u);
  EXPECT_EQ(count_prefix(clauses, "cat_"), 19u);
  EXPECT_EQ(count_prefix(clauses, "appx_"), 4u);
  EXPECT_EQ(find(clauses, "subcat_GOVERN_1.1")->label, "GOVERN 1.1");
  EXPECT_EQ(find(clauses, "subcat_GOVERN_1.1")->parent, "cat_GOVERN_1");
  EXPECT_EQ(find(clauses, "cat_MAP_1")->parent, "sec_5.2");
  EXPECT_NE(find(clauses, "subcat_MEASURE_2.13"), nullptr);
  EXPECT_EQ(find(clauses, "sec_1.2.1")->parent, "sec_1.2");
  EXPECT_EQ(find(clauses, "sec_3.2")->heading, "Safe");
  EXPECT_EQ(find(clauses, "appx_D")->label, "Appendix D");
  for (const auto& c : clauses)
    if (c.path.rfind("cat_", 0) == 0 || c.path.rfind("subcat_", 0) == 0) {
      EXPECT_EQ(c.text.find("Continued on next page"), std::string::npos) << c.path;
      EXPECT_EQ(c.text.find("Table "), std::string::npos) << c.path;
    }
}

TEST(markdown, RealColoradoAiAct) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "us-co/sb24-205-colorado-ai-act.md"), "crs");
  for (int n = 1701; n <= 1707; ++n)
    EXPECT_NE(find(clauses, "sec_6-1-" + std::to_string(n)), nullptr) << n;
  EXPECT_NE(find(clauses, "billsec_1"), nullptr);
  EXPECT_NE(find(clauses, "billsec_3"), nullptr);
  EXPECT_EQ(find(clauses, "sec_6-1-1701")->heading, "Definitions");
  EXPECT_EQ(find(clauses, "sec_6-1-1701__subsec_3__para_c")->label, "\xC2\xA7 6-1-1701(3)(c)");  // OCR "(C)"
  EXPECT_NE(find(clauses, "sec_6-1-1701__subsec_9__para_b__subpara_II__subsubpara_Q"), nullptr);
  EXPECT_NE(find(clauses, "sec_6-1-1701__subsec_11"), nullptr);
  for (const auto& c : clauses) {
    EXPECT_EQ(c.text.find("PAGE "), std::string::npos) << c.path;
    EXPECT_EQ(c.text.find("-----"), std::string::npos) << c.path;
    EXPECT_EQ(c.text.find("PRESIDENT OF"), std::string::npos) << c.path;
  }
}

TEST(markdown, RealDpdpAct) {
  CADRE_REQUIRE_SOURCES();
  const auto clauses = parse(cadre::test::read_file(sources / "in/dpdp-act-2023.md"), "sections");
  EXPECT_EQ(count_prefix(clauses, "sec_"), 44u);
  for (int n = 1; n <= 44; ++n) EXPECT_NE(find(clauses, "sec_" + std::to_string(n)), nullptr) << n;
  EXPECT_EQ(find(clauses, "sec_1")->heading, "Short title and commencement");
  EXPECT_EQ(find(clauses, "sec_2")->heading, "Definitions");
  EXPECT_EQ(find(clauses, "sec_33")->heading, "Penalties");
  EXPECT_EQ(find(clauses, "sec_2__clause_i")->label, "Section 2(i)");  // a letter after (h), not a roman one
  EXPECT_EQ(find(clauses, "sec_2__clause_j__subclause_ii")->parent, "sec_2__clause_j");
  EXPECT_EQ(find(clauses, "sec_6__subsec_1")->label, "Section 6(1)");
  EXPECT_NE(find(clauses, "schedule"), nullptr);
}

} // namespace
