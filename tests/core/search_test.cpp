// Search on the fixture build: parsed queries, stemming, elisions, lexicon translations, filters,
// snippets, facets and the errors users see.
#include "core/error.hpp"
#include "core/library.hpp"
#include "core/prefixes.hpp"
#include "core/text.hpp"
#include "tests/support/fixture_build.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

namespace {

class SearchTest : public cadre::test::FixtureLibraryTest<SearchTest> {
protected:
  static cadre::SearchResults search(const std::string& q, std::vector<std::string> languages = {},
                                     std::vector<std::string> jurisdictions = {}, std::string type = {}) {
    cadre::SearchRequest request;
    request.query = q;
    request.languages = std::move(languages);
    request.jurisdictions = std::move(jurisdictions);
    request.type = std::move(type);
    return s_library->search(request);
  }
  static std::vector<std::string> ids(const cadre::SearchResults& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.type + ":" + h.id + "@" + h.language);
    return out;
  }
};

TEST_F(SearchTest, ParsedQueryIsStemmedPerLanguageAndFiltered) {
  const auto r = search("penalties", {"en"}, {"xa"});
  EXPECT_EQ(r.parsed_query, "Query((((Zpenalti@1 FILTER Len) AND_MAYBE PostingSource(CategoryBonus(wt=2, XCenforcement))) "
            "FILTER XJxa)) THEN Query((((((Zpenalti@1 FILTER PostingSource(Len)) OR 0.4000000000000000222 * (Zpenalti@1 FILTER "
            "PostingSource(Len))) AND_MAYBE PostingSource(CategoryBonus(wt=2, XCenforcement))) AND_NOT (Zpenalti@1 FILTER Len)) "
            "FILTER XJxa))")
      << "the lexicon's other English wording of the concept (\"penalty\") weighs in the second tier; the readings counted "
         "are restricted to their language by the facet table (InLanguage), the first tier by the language's term";
  const auto fr = search("l'évaluation", {"fr"});
  EXPECT_EQ(fr.parsed_query, "Query(((Zévalu@2 FILTER Lfr) AND_MAYBE PostingSource(CategoryBonus(wt=2, XCflexibility))))") << "the elision is split off, and the article is a stopword";
}

TEST_F(SearchTest, EachReadingCountsOnlyTheDocumentsOfItsLanguage) {
  // A word that English and French spell and stem alike is one term in both languages' texts;
  // the English reading must count only the English ones (the counted readings are filtered by
  // the facet table, the first tier by the language's term: both must agree).
  int words_in_both = 0;
  for (const char* word : {"innovation", "information", "discrimination", "surveillance", "impact", "audit"}) {
    const auto any = search(word);
    if (any.language_facets.size() < 2) continue;
    ++words_in_both;
    for (const char* language : {"en", "fr"}) {
      const auto one = search(word, {language});
      ASSERT_EQ(one.language_facets.size(), 1u) << word << " in " << language;
      EXPECT_EQ(one.language_facets[0].value, language) << word;
      EXPECT_EQ(one.language_facets[0].count, one.total) << word;
      for (const auto& facet : any.language_facets)
        if (facet.value == language) EXPECT_EQ(facet.count, one.total) << word << " in " << language;
      for (const auto& hit : one.hits) EXPECT_EQ(hit.language, language) << word << ": " << hit.id;
    }
  }
  EXPECT_GT(words_in_both, 0) << "the fixture should hold a word found in both languages' texts";
}

TEST_F(SearchTest, AnyWordMatchesAndAllWordsRankFirst) {
  const auto r = search("penalty of the order", {"en"});
  EXPECT_EQ(r.parsed_query,
            "Query((2 * ((Zpenalti@1 AND Zorder@4) FILTER Len) AND_MAYBE PostingSource(CategoryBonus(wt=2, XCenforcement)))) "
            "THEN Query((((((Zpenalti@1 OR Zorder@4) FILTER PostingSource(Len)) OR 0.4000000000000000222 * (Zpenalti@1 FILTER "
            "PostingSource(Len))) AND_MAYBE "
            "PostingSource(CategoryBonus(wt=2, XCenforcement))) AND_NOT ((Zpenalti@1 AND Zorder@4) FILTER Len)))")
      << "\"of\" and \"the\" are stopwords; the clauses with both remaining words come first, then those with one";
  const auto found = ids(search("penalty xyzzy", {"en"}));
  EXPECT_NE(std::find(found.begin(), found.end(), "clause:xa/ai-order/sec_4@en"), found.end())
      << "a word found nowhere does not empty the answer";
}

TEST_F(SearchTest, AQuestionAboutWhatATermMeansRanksItsDefinitionFirst) {
  const auto plain = search("high-impact system", {"en"}, {"xa"}, "clause");
  ASSERT_FALSE(plain.hits.empty());
  const auto asked = search("What is a high-impact system", {"en"}, {"xa"}, "clause");
  ASSERT_FALSE(asked.hits.empty());
  EXPECT_TRUE(asked.hits[0].id.starts_with("xa/ai-order/sec_2")) << asked.hits[0].id;
  EXPECT_EQ(asked.total, plain.total) << "the opening only reorders: 'what', 'is' and 'a' match nothing more";
  EXPECT_NE(asked.parsed_query.find(std::string(cadre::prefix::defines) + "term"), std::string::npos) << asked.parsed_query;
  EXPECT_EQ(search("qu\u2019est-ce qu\u2019un système", {"fr"}).parsed_query.find("Zqu"), std::string::npos)
      << "the French opening, typed with a typographic apostrophe, is not searched for";
}

TEST_F(SearchTest, AQuestionAboutATermRanksThePointDefiningItFirst) {
  // Both points of the definitions section hold "automated system"; (a) defines it.
  const auto r = search("what counts as an automated system", {"en"}, {"xa"}, "clause");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "xa/ai-order/sec_2__para_a");
  EXPECT_NE(r.parsed_query.find(cadre::prefix::defined_term("autom system")), std::string::npos) << r.parsed_query;
  const auto who = search("who is considered a high-impact system", {"en"}, {"xa"}, "clause");
  ASSERT_FALSE(who.hits.empty());
  EXPECT_EQ(who.hits[0].id, "xa/ai-order/sec_2__para_b") << "the English openings of a definition question include 'who is considered'";
}

TEST_F(SearchTest, ALexiconConceptBoostsClausesOfItsCategory) {
  const auto r = search("human oversight", {"en"}, {"xa"}, "clause");
  EXPECT_NE(r.parsed_query.find(std::string(cadre::prefix::category) + "requirements"), std::string::npos) << r.parsed_query;
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "xa/ai-order/sec_3");
}

TEST_F(SearchTest, AnInstrumentNamedInTheQueryRanksItsClausesFirst) {
  const auto plain = search("decision", {"en"}, {}, "clause");
  ASSERT_GE(plain.hits.size(), 4u);
  EXPECT_TRUE(plain.named_instruments.empty());
  ASSERT_TRUE(plain.hits[0].id.starts_with("xa/")) << "without a name, the order's clauses lead: " << plain.hits[0].id;

  const auto named = search("Charter decision", {"en"}, {}, "clause");
  ASSERT_EQ(named.named_instruments.size(), 1u);
  EXPECT_EQ(named.named_instruments[0].name, "Charter");
  EXPECT_EQ(named.named_instruments[0].instruments, std::vector<std::string>{"xb/charter"});
  EXPECT_EQ(named.parsed_query.find("Zcharter"), std::string::npos) << "the name is not a word to find: " << named.parsed_query;
  ASSERT_GE(named.hits.size(), 4u);
  EXPECT_EQ(named.total, plain.total) << "the same clauses match, in another order";
  EXPECT_TRUE(named.hits[0].id.starts_with("xb/charter/")) << named.hits[0].id;
  EXPECT_TRUE(named.hits[1].id.starts_with("xb/charter/")) << named.hits[1].id;
  EXPECT_TRUE(named.hits[2].id.starts_with("xa/")) << "the other instruments' clauses follow";

  // A clause of the named instrument with some of the words comes before another instrument's
  // clause with all of them.
  const auto some_words = search("charter's human oversight decision", {"en"}, {}, "clause");
  ASSERT_FALSE(some_words.hits.empty());
  EXPECT_EQ(some_words.named_instruments[0].name, "charter's");
  EXPECT_TRUE(some_words.hits[0].id.starts_with("xb/charter/")) << some_words.hits[0].id;
}

TEST_F(SearchTest, AJurisdictionNamedBeforeASharedNameNarrowsIt) {
  // "EO 90001" is the order's short name, and an alias of the charter too.
  const auto both = search("EO 90001 decision", {"en"}, {}, "clause");
  ASSERT_EQ(both.named_instruments.size(), 1u);
  EXPECT_EQ(both.named_instruments[0].instruments, (std::vector<std::string>{"xa/ai-order", "xb/charter"}));
  const auto xebec = search("Xebec Union EO 90001 decision", {"en"}, {}, "clause");
  ASSERT_EQ(xebec.named_instruments.size(), 1u);
  EXPECT_EQ(xebec.named_instruments[0].name, "Xebec Union EO 90001");
  EXPECT_EQ(xebec.named_instruments[0].instruments, std::vector<std::string>{"xb/charter"});
  ASSERT_FALSE(xebec.hits.empty());
  EXPECT_TRUE(xebec.hits[0].id.starts_with("xb/charter/")) << xebec.hits[0].id;
  EXPECT_EQ(xebec.parsed_query.find("xebec"), std::string::npos) << "the jurisdiction went with the name";
  const auto xanadu = search("Xanadou EO 90001 decision", {"en"}, {}, "clause");
  ASSERT_EQ(xanadu.named_instruments.size(), 1u);
  EXPECT_EQ(xanadu.named_instruments[0].instruments, std::vector<std::string>{"xa/ai-order"}) << "the French name counts too";
  // Xebec has no instrument called "EO 80001": the words stay words.
  EXPECT_TRUE(search("Xebec Union EO 80001 decision", {"en"}, {}, "clause").named_instruments.empty());
}

TEST_F(SearchTest, AJurisdictionNamedInTheQueryRanksItsResultsFirst) {
  const auto xebec = search("Xebec Union decision", {"en"});
  ASSERT_EQ(xebec.named_jurisdictions.size(), 1u);
  EXPECT_EQ(xebec.named_jurisdictions[0].name, "Xebec Union");
  EXPECT_EQ(xebec.named_jurisdictions[0].jurisdiction, "xb");
  EXPECT_TRUE(xebec.named_instruments.empty());
  ASSERT_GE(xebec.hits.size(), 3u);
  EXPECT_EQ(xebec.hits[0].jurisdiction, "xb");
  EXPECT_EQ(xebec.hits[1].jurisdiction, "xb");
  EXPECT_EQ(xebec.parsed_query.find("xebec"), std::string::npos) << xebec.parsed_query;
  EXPECT_EQ(search("XB decision", {"en"}).named_jurisdictions.size(), 1u) << "an alias";
  EXPECT_TRUE(search("xb decision", {"en"}).named_jurisdictions.empty())
      << "a two-letter alias counts only as written, in capitals (\"US\", not \"us\")";
}

TEST_F(SearchTest, AUnitOfANamedInstrumentReferredToByNumberComesFirst) {
  for (const char* query : {"EO 90001 section 4", "EO 90001 s. 4", "EO 90001 article 4", "EO 90001 Sec. 4 crowns"}) {
    const auto r = search(query, {"en"}, {}, "clause");
    ASSERT_FALSE(r.hits.empty()) << query;
    EXPECT_EQ(r.hits[0].id, "xa/ai-order/sec_4") << query;
  }
  // Without a named instrument, a number is a word like any other.
  const auto plain = search("section 4", {"en"}, {}, "clause");
  EXPECT_TRUE(plain.named_instruments.empty());
  // A unit found by its number alone (the query's words are not in it) is counted.
  const auto cjk = search("EO 90001 第四条", {}, {}, "clause");
  ASSERT_FALSE(cjk.hits.empty());
  EXPECT_EQ(cjk.hits[0].id, "xa/ai-order/sec_4") << "第四条 is article 4, the order's section 4";
  EXPECT_GE(cjk.total, 1);
}

TEST_F(SearchTest, AUnitIsFoundByItsPartsAndWhereverItNests) {
  const auto part = search("Xanadu EO 90001 section 2(a)", {"en"}, {}, "clause");
  ASSERT_EQ(part.named_instruments.size(), 1u) << "brackets that designate a paragraph are not a grouping";
  ASSERT_FALSE(part.hits.empty());
  EXPECT_EQ(part.hits[0].id, "xa/ai-order/sec_2__para_a");
  const auto spaced = search("Xanadu EO 90001 section 2 (a)", {"en"}, {}, "clause");
  ASSERT_FALSE(spaced.hits.empty());
  EXPECT_EQ(spaced.hits[0].id, "xa/ai-order/sec_2__para_a") << "a space may come before a part";
  const auto upper = search("Xanadu EO 90001 Sec. 2(B)", {"en"}, {}, "clause");
  ASSERT_FALSE(upper.hits.empty());
  EXPECT_EQ(upper.hits[0].id, "xa/ai-order/sec_2__para_b") << "designators are matched without case";
  const auto missing = search("Xanadu EO 90001 section 2(z)", {"en"}, {}, "clause");
  ASSERT_EQ(missing.named_instruments.size(), 1u);
  for (const auto& hit : missing.hits) EXPECT_NE(hit.id, "xa/ai-order/sec_2__para_z");
  EXPECT_TRUE(search("Xanadu EO 90001 (section 2) OR decision", {"en"}).named_instruments.empty())
      << "other brackets still leave the query as written";
}

TEST_F(SearchTest, ClausesComparableToANamedUnitFollowIt) {
  // The hook as Library gives it, here with a fixed answer: the charter's section 2 compares to
  // the order's section 3, and an id the build does not hold is passed over.
  const cadre::Searcher searcher(s_library->build_dir() / cadre::BuildLayout::k_xapian, [](const std::string& clause_id) {
    return clause_id == "xa/ai-order/sec_3" ? std::vector<std::string>{"xb/charter/missing", "xb/charter/sec_2"}
                                            : std::vector<std::string>{};
  });
  cadre::SearchRequest request;
  request.query = "Xanadu EO 90001 section 3";
  request.type = "clause";
  const auto r = searcher.search(request);
  ASSERT_GE(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].id, "xa/ai-order/sec_3");
  EXPECT_TRUE(r.hits[0].analogue_of.empty());
  EXPECT_EQ(r.hits[1].id, "xb/charter/sec_2") << "the comparable clause comes right after the unit, whatever its words";
  EXPECT_EQ(r.hits[1].analogue_of, "xa/ai-order/sec_3");
  for (std::size_t i = 2; i < r.hits.size(); ++i) EXPECT_TRUE(r.hits[i].analogue_of.empty()) << r.hits[i].id;
  request.jurisdictions = {"xa"};
  for (const auto& hit : searcher.search(request).hits) EXPECT_NE(hit.jurisdiction, "xb") << "filters still apply";
  request.jurisdictions.clear();
  request.query = "Xanadu EO 90001 decision";
  for (const auto& hit : searcher.search(request).hits) EXPECT_TRUE(hit.analogue_of.empty()) << "no unit named, no analogue";
}

TEST_F(SearchTest, AnalysisCitingOnlyAScopeInCommonMakesNoAnalogue) {
  // The order's section 2(b) and the charter's section 1 are cited for the same scope provisions
  // (binding, public sector): every law has a scope, so it is no comparison of the unit.
  const auto r = search("Xanadu EO 90001 section 2(b)", {}, {}, "clause");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "xa/ai-order/sec_2__para_b");
  for (const auto& hit : r.hits) EXPECT_TRUE(hit.analogue_of.empty()) << hit.id;
}

TEST_F(SearchTest, AQueryOfInstrumentNamesAloneListsTheirClausesInOrder) {
  const auto r = search("Xanadu EO 90001");
  EXPECT_TRUE(r.lists_named_instruments);
  ASSERT_EQ(r.named_instruments.size(), 1u);
  EXPECT_EQ(r.named_instruments[0].instruments, std::vector<std::string>{"xa/ai-order"});
  std::vector<std::string> listed;
  for (const auto& hit : r.hits) listed.push_back(hit.id);
  EXPECT_EQ(listed, (std::vector<std::string>{"xa/ai-order/preamble", "xa/ai-order/sec_1", "xa/ai-order/sec_2",
                                              "xa/ai-order/sec_3", "xa/ai-order/sec_4", "xa/ai-order/sec_5"}))
      << "the order of the text, each section once (its unheaded points fold into it), clauses only";
  EXPECT_EQ(r.total, 6);
  const auto second = search("Xanadu EO 90001", {}, {}, "clause");
  EXPECT_EQ(second.hits.size(), r.hits.size()) << "clauses are asked for anyway";
  EXPECT_FALSE(search("Xanadu EO 90001", {}, {}, "cell").lists_named_instruments) << "cells are searched for the words";
  EXPECT_FALSE(search("EO 90001 decision", {"en"}).lists_named_instruments);
  const auto without_text = search("EO 80001", {"en"});
  EXPECT_FALSE(without_text.lists_named_instruments) << "the older order has no clauses in the build: its name is searched";
  EXPECT_TRUE(without_text.named_instruments.empty());
}

TEST_F(SearchTest, AQueryWithStructureOrOfJurisdictionNamesAloneIsSearchedAsWritten) {
  EXPECT_TRUE(search("Xebec Union", {"en"}).named_jurisdictions.empty()) << "nothing would be left to search for";
  const auto twice = search("XB decision and Xebec Union transparency, Charter and charter", {"en"});
  EXPECT_EQ(twice.named_jurisdictions.size(), 1u) << "a jurisdiction said twice is named once";
  EXPECT_EQ(twice.named_instruments.size(), 1u) << "so is an instrument";
  EXPECT_TRUE(search("\"EO 90001\" decision", {"en"}).named_instruments.empty());
  EXPECT_TRUE(search("EO 90001 AND decision", {"en"}).named_instruments.empty());
  EXPECT_TRUE(search("EO 9000 decision", {"en"}).named_instruments.empty()) << "a name is whole words";
}

TEST_F(SearchTest, EnglishStemmingFindsTheClause) {
  const auto r = search("penalty", {"en"}, {"xa"});
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "xa/ai-order/sec_4");
  EXPECT_EQ(r.hits[0].label, "EO 90001, Sec. 4");
  EXPECT_NE(r.hits[0].snippet_html.find("<mark>Penalties</mark>"), std::string::npos) << r.hits[0].snippet_html;
}

TEST_F(SearchTest, FrenchElisionsAreSearchable) {
  const auto r = search("évaluation", {"fr"}, {"xa"}, "cell");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "xa/requirements");
  const std::string& snippet = r.hits[0].snippet_html;
  EXPECT_NE(snippet.find("<mark>évaluation</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("l’indexation"), std::string::npos) << "elisions are shown as written: " << snippet;
  EXPECT_EQ(snippet.find("\u2009"), std::string::npos) << snippet;
}

TEST_F(SearchTest, HumanOversightFindsTheFrenchCellThroughTheLexicon) {
  const auto r = search("human oversight", {}, {"xa"});
  const auto found = ids(r);
  EXPECT_NE(std::find(found.begin(), found.end(), "clause:xa/ai-order/sec_3@en"), found.end());
  auto french = std::find_if(r.hits.begin(), r.hits.end(), [](const auto& h) { return h.id == "xa/requirements" && h.language == "fr"; });
  ASSERT_NE(french, r.hits.end()) << "surveillance humaine should match human oversight";
  EXPECT_TRUE(french->via_synonym);
  EXPECT_NE(std::find(r.synonyms_used.begin(), r.synonyms_used.end(), "fr:surveillance humaine"), r.synonyms_used.end());
  const auto english = std::find_if(r.hits.begin(), r.hits.end(), [](const auto& h) { return h.id == "xa/ai-order/sec_3"; });
  EXPECT_FALSE(english->via_synonym);
  const std::string first_tier = r.parsed_query.substr(0, r.parsed_query.find(" THEN "));
  EXPECT_EQ(first_tier.find("Zsurveil"), std::string::npos) << "the wordings of the other language weigh in the second tier only: "
                                                             << r.parsed_query;
  EXPECT_NE(r.parsed_query.find("Zsurveil", first_tier.size()), std::string::npos) << r.parsed_query;
}

TEST_F(SearchTest, FiltersAndFacets) {
  cadre::SearchRequest request;
  request.query = "system";
  request.type = "clause";
  request.statuses = {"in-force"};
  const auto r = s_library->search(request);
  ASSERT_FALSE(r.hits.empty());
  for (const auto& h : r.hits) EXPECT_EQ(h.instrument, "xa/ai-order");
  ASSERT_FALSE(r.jurisdiction_facets.empty());
  EXPECT_EQ(r.jurisdiction_facets[0].value, "xa");
  EXPECT_EQ(r.language_facets[0].value, "en");
}

TEST_F(SearchTest, PagesDoNotOverlap) {
  cadre::SearchRequest request;
  request.query = "charter OR order OR décret";
  request.page_size = 3;
  const auto first = s_library->search(request);
  request.page = 2;
  const auto second = s_library->search(request);
  ASSERT_EQ(first.hits.size(), 3u);
  ASSERT_FALSE(second.hits.empty());
  for (const auto& a : first.hits)
    for (const auto& b : second.hits) EXPECT_FALSE(a.id == b.id && a.language == b.language);
}

TEST_F(SearchTest, AClauseAndItsSubClausesAreOneHit) {
  cadre::SearchRequest request;
  request.query = "automated system means";
  request.type = "clause";
  request.languages = {"en"};
  const auto r = s_library->search(request);
  ASSERT_FALSE(r.hits.empty());
  std::vector<std::string> found;
  for (const auto& h : r.hits) found.push_back(h.id);
  const bool section = std::find(found.begin(), found.end(), "xa/ai-order/sec_2") != found.end();
  const bool paragraph = std::any_of(found.begin(), found.end(), [](const auto& id) { return id.rfind("xa/ai-order/sec_2__", 0) == 0; });
  EXPECT_TRUE(section != paragraph) << "sec_2 and its paragraphs all match; one of them stands for the others";
  EXPECT_EQ(r.hits[0].status, "in-force");
  EXPECT_EQ(r.hits[0].jurisdiction, "xa");
}

TEST_F(SearchTest, TotalIsTheSameOnEveryPageAndTheFacetsAddUpToIt) {
  cadre::SearchRequest request;
  request.query = "order system charter décret";
  request.page_size = 2;
  const auto first = s_library->search(request);
  ASSERT_GT(first.total, 4);
  for (int page = 2; page <= 3; ++page) {
    request.page = page;
    EXPECT_EQ(s_library->search(request).total, first.total) << "page " << page;
  }
  long long paged = 0;
  request.page_size = cadre::k_max_page_size;
  for (request.page = 1; request.page <= 100; ++request.page) {
    const auto r = s_library->search(request);
    if (r.hits.empty()) break;
    paged += static_cast<long long>(r.hits.size());
  }
  EXPECT_EQ(paged, first.total) << "total is the number of hits one can page through";
  long long by_jurisdiction = 0, by_language = 0;
  for (const auto& f : first.jurisdiction_facets) by_jurisdiction += f.count;
  for (const auto& f : first.language_facets) by_language += f.count;
  EXPECT_EQ(by_jurisdiction, first.total);
  EXPECT_EQ(by_language, first.total);
}

TEST_F(SearchTest, UnknownFilterValuesAreUserErrorsNamingTheParameter) {
  struct Case {
    cadre::SearchRequest request;
    std::string parameter;
  };
  std::vector<Case> cases(5);
  cases[0].request.jurisdictions = {"zz"};
  cases[0].parameter = "jurisdictions";
  cases[1].request.categories = {"nonsense"};
  cases[1].parameter = "categories";
  cases[2].request.instruments = {"xa/no-such-order"};
  cases[2].parameter = "instruments";
  cases[3].request.statuses = {"pending"};
  cases[3].parameter = "statuses";
  cases[4].request.kinds = {"planetary"};
  cases[4].parameter = "kinds";
  for (auto& c : cases) {
    c.request.query = "order";
    try {
      s_library->search(c.request);
      ADD_FAILURE() << "no error for an unknown " << c.parameter;
    } catch (const cadre::UserError& e) {
      EXPECT_EQ(e.parameter(), c.parameter);
    }
  }
  cadre::SearchRequest known;
  known.query = "order";
  known.jurisdictions = {"xa"};
  known.statuses = {"in-force"};
  known.kinds = {"national"};
  EXPECT_NO_THROW(s_library->search(known));
}

struct BadRequest {
  std::string query;
  int page;
  int page_size;
  std::string parameter;
  std::string message;
};

TEST_F(SearchTest, BadRequestsGiveUserErrorsNamingTheParameter) {
  const std::vector<BadRequest> cases = {
      {"   ", 1, 10, "q", "the search query is empty: give one or more words"},
      {std::string(2000, 'a'), 1, 10, "q", "the search query is longer than 1024 bytes: shorten it"},
      {"bad \xC3\x28 bytes", 1, 10, "q", "the search query is not valid UTF-8"},
      {"order", 0, 10, "page", "page must be between 1 and 1000"},
      {"order", 1001, 10, "page", "page must be between 1 and 1000"},
      {"order", 1, 51, "page_size", "page_size must be between 1 and 50"},
  };
  for (const auto& c : cases) {
    cadre::SearchRequest request;
    request.query = c.query;
    request.page = c.page;
    request.page_size = c.page_size;
    try {
      s_library->search(request);
      ADD_FAILURE() << "no error for " << c.message;
    } catch (const cadre::UserError& e) {
      EXPECT_EQ(e.what(), c.message);
      EXPECT_EQ(e.parameter(), c.parameter);
    }
  }
}

TEST_F(SearchTest, UnbalancedQuotesAreForgivenAndOperatorErrorsExplained) {
  EXPECT_NO_THROW(search("\"human oversight"));
  EXPECT_NO_THROW(search("a*"));
  try {
    search("(order AND");
    ADD_FAILURE() << "expected a UserError";
  } catch (const cadre::UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "the search query cannot be parsed (Syntax: <expression> AND <expression>): check quotes and brackets are balanced");
    EXPECT_EQ(e.parameter(), "q");
  }
}

TEST_F(SearchTest, ProximityOperatorsAreReadAsWords) {
  // Xapian 1.4.22 leaks when it rejects a NEAR or ADJ after a negated word and parses again.
  EXPECT_NO_THROW(search("-system NEAR/2 penalty order", {"en"}));
  const auto r = search("penalty NEAR order", {"en"});
  EXPECT_NE(r.parsed_query.find("near@"), std::string::npos) << r.parsed_query;
  EXPECT_EQ(r.parsed_query.find(" NEAR "), std::string::npos) << r.parsed_query;
  EXPECT_NE(search("penalty ADJ order", {"en"}).parsed_query.find("adj@"), std::string::npos);
  EXPECT_EQ(search("penalty NEARBY order", {"en"}).parsed_query.find("near@"), std::string::npos) << "only the operator word";
}

TEST_F(SearchTest, MixedScriptQueriesParse) {
  // Xapian 1.4.22 alone fails on a CJK run between two other words (core/text.hpp).
  // The CJK run matches by each of its character pairs; all of them together weigh more. It
  // names the lexicon's "artificial intelligence", which favours clauses tagged "definition".
  const auto r = search("AI 人工智能 law", {"zh"});
  EXPECT_EQ(r.parsed_query,
            "Query((2 * ((ai@1 AND (人@2 AND 人工@2 AND 工@2 AND 工智@2 AND 智@2 AND 智能@2 AND 能@2) AND law@3) FILTER Lzh) "
            "AND_MAYBE PostingSource(CategoryBonus(wt=2, XCdefinition)))) THEN "
            "Query(((((ai@1 OR (人@2 AND 人工@2 AND 工@2) OR (工@3 AND 工智@3 AND 智@3) OR (智@4 AND 智能@4 AND 能@4) OR law@5) FILTER Lzh) "
            "AND_MAYBE PostingSource(CategoryBonus(wt=2, XCdefinition))) "
            "AND_NOT ((ai@1 AND (人@2 AND 人工@2 AND 工@2 AND 工智@2 AND 智@2 AND 智能@2 AND 能@2) AND law@3) FILTER Lzh)))");
  EXPECT_NO_THROW(search("a 규제 b ＡＩ c"));
}

TEST_F(SearchTest, ConceptsNamedInAnyIndexedLanguageAreCarriedIntoEnglishAndFrenchOnly) {
  const auto has = [](const cadre::SearchResults& r, const std::string& wording) {
    return std::find(r.synonyms_used.begin(), r.synonyms_used.end(), wording) != r.synonyms_used.end();
  };
  const auto chinese = search("人工智能");
  EXPECT_TRUE(has(chinese, "en:artificial intelligence"));
  EXPECT_TRUE(has(chinese, "fr:intelligence artificielle"));
  EXPECT_TRUE(has(search("dados pessoais"), "en:personal data"));
  EXPECT_TRUE(has(search("과태료"), "fr:amende"));
  // An English query is carried into French and into its concept's other English wordings, never
  // into the other languages: every text in them can also be read in English.
  const auto english = search("personal data");
  EXPECT_TRUE(has(english, "fr:renseignements personnels"));
  EXPECT_TRUE(has(english, "en:personal information"));
  EXPECT_FALSE(has(english, "en:personal data")) << "the wording the query holds is its own reading already";
  EXPECT_TRUE(std::all_of(english.synonyms_used.begin(), english.synonyms_used.end(),
                          [](const std::string& w) { return w.starts_with("fr:") || w.starts_with("en:"); }));
  // A concept named in a language the query is not likely written in, by accident of spelling,
  // brings none of that language's other wordings: "système" marks this query as French.
  const auto cognate = search("système d'information");
  EXPECT_TRUE(std::none_of(cognate.synonyms_used.begin(), cognate.synonyms_used.end(),
                           [](const std::string& w) { return w.starts_with("en:"); }));
  // Typed without its accents, a wording is still named, and its accented form searched.
  const auto unaccented = search("incident de confidentialite");
  EXPECT_TRUE(has(unaccented, "en:confidentiality incident"));
  EXPECT_TRUE(has(unaccented, "fr:incident de confidentialité"));
  EXPECT_TRUE(has(search("evaluation"), "fr:évaluation")) << "an English word that is French without its accent";
  // A wording is named in the plural too, each word of it, with or without accents.
  EXPECT_TRUE(has(search("hypertrucages"), "en:deep fake"));
  EXPECT_TRUE(has(search("contenus synthetiques"), "en:synthetic content"));
  EXPECT_TRUE(has(search("biais"), "en:bias")) << "a wording ending in s still names itself";
  // A reader who asks for English alone gets no French wordings either.
  EXPECT_TRUE(search("人工智能", {"en"}).synonyms_used == std::vector<std::string>{"en:artificial intelligence"});
}

TEST_F(SearchTest, FrenchTypedWithoutItsAccentsFindsTheAccentedWords) {
  const auto ids = [](const cadre::SearchResults& r) {
    std::vector<std::string> out;
    for (const auto& hit : r.hits) out.push_back(hit.id);
    return out;
  };
  const auto accented = search("les décisions", {"fr"}, {"xa"}, "provision");
  ASSERT_FALSE(accented.hits.empty());
  EXPECT_EQ(ids(search("les decisions", {"fr"}, {"xa"}, "provision")), ids(accented));
  // Read in every language, "decisions" is an English word too, and 'les' marks the query as
  // French: both languages' notes are found.
  const auto either = search("les decisions", {}, {"xa"}, "provision");
  EXPECT_TRUE(std::any_of(either.hits.begin(), either.hits.end(), [](const auto& h) { return h.language == "fr"; }));
  EXPECT_NE(search("les decisions").parsed_query.find("Zdécis"), std::string::npos);
  // Quotes keep the query as typed.
  EXPECT_EQ(search("\"les decisions\"").parsed_query.find("décis"), std::string::npos);
}

TEST_F(SearchTest, ProvisionNotesAreSearchableAndTyped) {
  const auto r = search("supervision humaine", {"fr"}, {"xa"}, "provision");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].type, "provision");
  EXPECT_EQ(r.hits[0].id, "xa/requirements.human-oversight");
  EXPECT_EQ(r.hits[0].category, "requirements");
  EXPECT_EQ(r.hits[0].label, "Xanadou — Supervision humaine");
}

} // namespace

namespace {

/// A search index of `clauses` English clauses that all hold the word "widget", in two
/// jurisdictions, written as indexer/build.cpp writes clause documents (data fields, language
/// term, facets and collapse values, layout metadata).
void write_widget_index(const std::filesystem::path& dir, int clauses) {
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  db.set_metadata(std::string(cadre::slot::k_layout_key), std::string(cadre::slot::k_layout));
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (int i = 0; i < clauses; ++i) {
    const std::string id = "xa/widgets/sec_" + std::to_string(i);
    const std::string jurisdiction = i % 2 == 0 ? "xa" : "xb";
    Xapian::Document doc;
    doc.set_data("clause\n" + id + "\nen\n" + jurisdiction + "\nxa/widgets\n\nSec. " + std::to_string(i) + "\n\nA widget rule.");
    generator.set_document(doc);
    generator.index_text("A widget rule.");
    doc.add_boolean_term(std::string(cadre::prefix::language) + "en");
    doc.add_boolean_term(std::string(cadre::prefix::jurisdiction) + jurisdiction);
    doc.add_value(cadre::slot::facets, cadre::slot::facets_value({jurisdiction, "en", "requirements", id}));
    doc.add_value(cadre::slot::collapse, id);
    db.add_document(doc);
  }
  db.commit();
}

long long sum(const std::vector<cadre::FacetCount>& facets) {
  long long total = 0;
  for (const auto& f : facets) total += f.count;
  return total;
}

} // namespace

TEST(SearchCount, IsExactUpToTheCountedMatchesThenALowerBoundTheFacetsAgreeWith) {
  cadre::test::TempDir dir;
  cadre::SearchRequest request;
  request.query = "widget";

  write_widget_index(dir.path() / "small", 300);
  const auto small = cadre::Searcher(dir.path() / "small").search(request);
  EXPECT_TRUE(small.total_is_exact);
  EXPECT_EQ(small.total, 300);

  const int clauses = static_cast<int>(cadre::k_counted_matches) + 1000;
  write_widget_index(dir.path() / "large", clauses);
  const cadre::Searcher searcher(dir.path() / "large");
  const auto first = searcher.search(request);
  EXPECT_FALSE(first.total_is_exact) << "more documents match than a search counts";
  EXPECT_GE(first.total, static_cast<long long>(cadre::k_counted_matches));
  EXPECT_LT(first.total, clauses);
  EXPECT_EQ(sum(first.jurisdiction_facets), first.total) << "the facets count the same documents as total";
  EXPECT_EQ(sum(first.language_facets), first.total);
  EXPECT_EQ(first.jurisdiction_facets.size(), 2u);
  request.page = 7;
  const auto seventh = searcher.search(request);
  EXPECT_EQ(seventh.total, first.total) << "the count is the same on every page";
  EXPECT_FALSE(seventh.total_is_exact);
  EXPECT_EQ(seventh.hits.size(), 10u);

  request.jurisdictions = {"xb"};
  request.page = 1;
  const auto narrowed = searcher.search(request);
  EXPECT_TRUE(narrowed.total_is_exact) << "a filter that leaves fewer matches than are counted makes the count exact";
  EXPECT_EQ(narrowed.total, clauses / 2);
}

TEST_F(SearchTest, ReadingsInLanguagesTheQueryIsLikelyNotWrittenInWeighLess) {
  // How Xapian describes a weight of 0.7: "0.69999999999999995559 * ".
  const std::string described = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("x"), 0.7).get_description();
  const std::string scaled = described.substr(6, described.size() - 8);
  // The first tier's readings, before " THEN " and the second tier's.
  const auto first_tier = [](const std::string& q) {
    const std::string parsed = search(q).parsed_query;
    return parsed.substr(0, parsed.find(" THEN "));
  };
  const auto english = first_tier("penalty order");
  EXPECT_NE(english.find(scaled + "(Zpenalty@1 AND Zorder@2) FILTER Lfr"), std::string::npos) << english;
  EXPECT_NE(english.find("(((Zpenalti@1 AND Zorder@2) FILTER Len) OR"), std::string::npos)
      << "a plain ASCII query is read as English at full weight: " << english;
  const auto french = first_tier("évaluation des risques");
  EXPECT_NE(french.find(scaled + "(Zévaluat@1 AND Zrisqu@3) FILTER Len"), std::string::npos)
      << "'des', a French stopword, is dropped from the English reading too: " << french;
  EXPECT_NE(french.find(" OR ((Zévalu@1 AND Zrisqu@3) FILTER Lfr) OR "), std::string::npos)
      << "'des' marks it as French, read at full weight: " << french;
  const auto mixed = first_tier("ÔTER the risk");
  std::size_t scaled_readings = 0;
  for (auto at = mixed.find(scaled); at != std::string::npos; at = mixed.find(scaled, at + 1)) ++scaled_readings;
  EXPECT_EQ(scaled_readings, 1u) << "\"the\" marks English and an upper-case Ô French: only Portuguese weighs less: " << mixed;
  const auto lexicon = first_tier("surveillance humaine");
  EXPECT_NE(lexicon.find(scaled + "(Zsurveil@1 AND Zhumain@2) FILTER Len"), std::string::npos)
      << "plain ASCII, but a wording only the French side of the lexicon has: read as French: " << lexicon;
  EXPECT_NE(first_tier("innovation").find("(Zinnov@1 FILTER Len) OR"), std::string::npos)
      << "a wording English and French share marks neither";
  const auto chosen = search("penalty order", {"fr"}).parsed_query;
  EXPECT_EQ(chosen.find(scaled), std::string::npos) << "a language the reader chose is the query's: " << chosen;
}

TEST(SearchTiers, EveryClauseWithAllTheWordsComesFirstAndPagesJoinWithoutRepeats) {
  cadre::test::TempDir dir;
  // Clauses 0-4 hold both words once, in a long text; 5-9 hold the rarer word alone, three times
  // in a short one, so that by weight alone they would outrank the first five; 10-39 hold the
  // commoner word alone; 40-99 neither. Clauses 20-24 share the collapse key of clause 0 (an
  // article's paragraphs): one hit with it.
  Xapian::WritableDatabase db((dir.path() / "x").string(), Xapian::DB_CREATE);
  db.set_metadata(std::string(cadre::slot::k_layout_key), std::string(cadre::slot::k_layout));
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (int i = 0; i < 100; ++i) {
    const std::string id = "xa/widgets/sec_" + std::to_string(i);
    std::string text = i < 5 ? "A widget and its gadget" : i < 10 ? "Gadget gadget gadget." : i < 40 ? "A widget." : "Other text.";
    if (i < 5)
      for (int filler = 0; filler < 40; ++filler) text += ", and other words of a long provision";
    const std::string key = i >= 20 && i < 25 ? "xa/widgets/sec_0@en" : id + "@en";
    Xapian::Document doc;
    doc.set_data("clause\n" + id + "\nen\nxa\nxa/widgets\n\nSec. " + std::to_string(i) + "\n\n" + text);
    generator.set_document(doc);
    generator.index_text(text);
    doc.add_boolean_term(std::string(cadre::prefix::language) + "en");
    doc.add_value(cadre::slot::facets, cadre::slot::facets_value({"xa", "en", "", key}));
    doc.add_value(cadre::slot::collapse, key);
    db.add_document(doc);
  }
  db.commit();
  const cadre::Searcher searcher(dir.path() / "x");
  cadre::SearchRequest request;
  request.query = "widget gadget";
  request.languages = {"en"};
  request.page_size = 50;
  const auto all = searcher.search(request);
  EXPECT_EQ(all.total, 35) << "five clauses collapse into the first";
  ASSERT_EQ(all.hits.size(), 35u);
  std::set<std::string> first_five;
  for (std::size_t i = 0; i < 5; ++i) first_five.insert(all.hits[i].id);
  EXPECT_EQ(first_five, (std::set<std::string>{"xa/widgets/sec_0", "xa/widgets/sec_1", "xa/widgets/sec_2",
                                               "xa/widgets/sec_3", "xa/widgets/sec_4"}));
  for (std::size_t i = 1; i < all.hits.size(); ++i) EXPECT_LE(all.hits[i].score, all.hits[i - 1].score) << i;

  // Pages of 3 cross from the first tier to the second inside page 2 and read as the one list.
  request.page_size = 3;
  std::vector<std::string> paged;
  for (request.page = 1; request.page <= 12; ++request.page) {
    const auto page = searcher.search(request);
    EXPECT_EQ(page.total, all.total);
    for (const auto& hit : page.hits) paged.push_back(hit.id);
  }
  std::vector<std::string> whole;
  for (const auto& hit : all.hits) whole.push_back(hit.id);
  EXPECT_EQ(paged, whole);
}

TEST(SearchLayout, AnIndexWrittenInAnotherLayoutIsRefusedWithARequestToRebuild) {
  cadre::test::TempDir dir;
  Xapian::WritableDatabase((dir.path() / "old").string(), Xapian::DB_CREATE).commit();
  try {
    cadre::Searcher searcher(dir.path() / "old");
    FAIL() << "an index without Cadre's layout opened";
  } catch (const cadre::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("older Cadre"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("rebuild it with `cadre index`"), std::string::npos) << e.what();
  }
}

/// An index at `dir`/x of one clause, xz/act/art_1, in `language`, its text indexed as Cadre's
/// build does (the language's stemmer, CJK n-grams), for tests of snippets.
void index_one_clause(const std::filesystem::path& dir, const std::string& language, const std::string& text) {
  Xapian::WritableDatabase db((dir / "x").string(), Xapian::DB_CREATE);
  db.set_metadata(std::string(cadre::slot::k_layout_key), std::string(cadre::slot::k_layout));
  Xapian::TermGenerator generator;
  const auto stemmer = cadre::text::stemmer_name(language);
  if (stemmer != "none") generator.set_stemmer(Xapian::Stem(std::string(stemmer)));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  if (cadre::text::is_cjk_language(language)) generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  Xapian::Document doc;
  doc.set_data("clause\nxz/act/art_1\n" + language + "\nxz\nxz/act\n\nArticle 1\n\n" + text);
  generator.set_document(doc);
  generator.index_text(text);
  doc.add_boolean_term(std::string(cadre::prefix::language) + language);
  const std::string key = "xz/act/art_1@" + language;
  doc.add_value(cadre::slot::facets, cadre::slot::facets_value({"xz", language, "", key}));
  doc.add_value(cadre::slot::collapse, key);
  db.add_document(doc);
  db.commit();
}

TEST(SearchSnippets, ACjkCharacterOfTheQueryIsNotHighlightedAloneUnlessItIsATerm) {
  cadre::test::TempDir dir;
  index_one_clause(dir.path(), "zh", "人工智能的功能");
  const cadre::Searcher searcher(dir.path() / "x");
  cadre::SearchRequest request;
  request.languages = {"zh"};
  request.query = "人工智能";
  const auto pair = searcher.search(request);
  ASSERT_EQ(pair.hits.size(), 1u);
  EXPECT_EQ(pair.hits[0].snippet_html, "<mark>人工智能</mark>的功能") << "能 of 功能 matched alone";
  request.query = "能";
  const auto single = searcher.search(request);
  ASSERT_EQ(single.hits.size(), 1u);
  EXPECT_NE(single.hits[0].snippet_html.find("功<mark>能</mark>"), std::string::npos) << single.hits[0].snippet_html;
}

TEST(SearchSnippets, AHitMarksOnlyTheWordsOfItsOwnLanguage) {
  // The English wording "personal information" that "renseignements personnels" is also searched
  // as stems as the French words "personne" and "informer" do: a French text must not show them
  // marked.
  cadre::test::TempDir dir;
  index_one_clause(dir.path(), "fr", "Elle doit en informer la personne concernée et protéger ses renseignements personnels.");
  const cadre::Searcher searcher(dir.path() / "x");
  cadre::SearchRequest request;
  request.query = "renseignements personnels";
  const auto results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  ASSERT_NE(std::find(results.synonyms_used.begin(), results.synonyms_used.end(), "en:personal information"),
            results.synonyms_used.end());
  const std::string& snippet = results.hits[0].snippet_html;
  EXPECT_NE(snippet.find("<mark>renseignements personnels</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>informer</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>personne</mark>"), std::string::npos) << snippet;
}
