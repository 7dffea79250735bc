#include "core/related.hpp"

#include "core/error.hpp"
#include "core/prefixes.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>

namespace cadre {
namespace {

/// Terms drawn from a clause's own documents: the clause's words (unstemmed and Z-stemmed),
/// never the boolean filter terms, and not numbers, which relate clauses by accident.
class WordsOnly : public Xapian::ExpandDecider {
public:
  bool operator()(const std::string& term) const override {
    if (term.empty()) return false;
    const unsigned char first = static_cast<unsigned char>(term[0]);
    if (first == 'Z') return term.size() > 3 && !std::isdigit(static_cast<unsigned char>(term[1]));
    if (std::isupper(first)) return false;
    return term.size() > 2 && !std::isdigit(first);
  }
};

/// How many feedback terms describe a clause: enough for its topic, few enough that a long
/// article does not match everything.
constexpr Xapian::termcount k_feedback_terms = 24;
/// Weight of the lexicon's other-language wordings relative to the clause's own terms.
constexpr double k_cross_language_weight = 0.6;
/// BM25 length normalisation (Xapian's default is 0.5). Whole articles, annexes and tables are
/// long and contain a little of everything, so they matched many clauses; a stronger length
/// normalisation lets a paragraph that says the same thing as the clause outrank them.
constexpr double k_length_normalisation = 0.75;

Xapian::BM25Weight weighting() { return Xapian::BM25Weight(1, 0, 1, k_length_normalisation, 0.5); }

std::string lower_text(const Xapian::Document& doc) {
  // Document data: eight header lines (core/search.cpp DocData), then the text.
  const std::string data = doc.get_data();
  std::size_t pos = 0;
  for (int i = 0; i < 8 && pos != std::string::npos; ++i) {
    pos = data.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  return text::ascii_lower(pos == std::string::npos ? std::string() : data.substr(pos));
}

/// The letters of a text, lowercased: what is left to compare once numbering, punctuation and
/// spacing (which differ between two editions of one text) are taken away.
std::string letters_of(const std::string& lower) {
  std::string out;
  out.reserve(lower.size());
  for (const char c : lower)
    if (std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80) != 0) out += c;
  return out;
}

std::string clause_id_of(const Xapian::Document& doc) {
  const std::string data = doc.get_data();
  const auto first = data.find('\n');
  const auto second = first == std::string::npos ? first : data.find('\n', first + 1);
  return second == std::string::npos ? std::string() : data.substr(first + 1, second - first - 1);
}

} // namespace

struct RelatedIndex::Impl {
  mutable std::mutex mutex; // Xapian::Database is not safe for concurrent use
  Xapian::Database db;

  Xapian::Query phrase(const std::string& words, const std::string& language) const {
    Xapian::QueryParser parser;
    parser.set_database(db);
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         parser.parse_query("\"" + words + "\"", Xapian::QueryParser::FLAG_PHRASE),
                         Xapian::Query(std::string(prefix::language) + language));
  }

  /// The lexicon concepts that the clause's English or French texts name, worded in the other of
  /// the two (every jurisdiction's texts can be read in one of them).
  std::vector<Xapian::Query> cross_language(const std::vector<std::pair<std::string, std::string>>& texts) const {
    std::vector<Xapian::Query> out;
    std::set<std::string> seen;
    for (const auto& entry : schema().lexicon)
      for (const auto& version : texts) {
        const std::string& language = version.first;
        const std::string& lower = version.second; // a named reference: clang 14 cannot capture a structured binding
        if (language != "en" && language != "fr") continue;
        const std::string to_language = language == "en" ? "fr" : "en";
        const auto& from = entry.in(language);
        const auto& to = entry.in(to_language);
        const bool named = std::any_of(from.begin(), from.end(), [&](const std::string& t) {
          return !t.empty() && lower.find(t) != std::string::npos;
        });
        if (!named) continue;
        for (const auto& t : to)
          if (seen.insert(to_language + ":" + t).second) out.push_back(phrase(t, to_language));
      }
    return out;
  }
};

RelatedIndex::RelatedIndex(const std::filesystem::path& xapian_dir) : m_impl(std::make_unique<Impl>()) {
  try {
    m_impl->db = Xapian::Database(xapian_dir.string());
  } catch (const Xapian::Error& e) {
    throw DataError("cannot open the search index " + xapian_dir.string() + ": " + e.get_description() +
                    "; rebuild it with `cadre index`");
  }
}

RelatedIndex::~RelatedIndex() = default;

std::vector<SimilarClause> RelatedIndex::similar(const std::string& clause_id, const std::string& jurisdiction,
                                                 const std::vector<std::string>& skip, int limit) const {
  std::lock_guard lock(m_impl->mutex);
  const Xapian::Database& db = m_impl->db;
  std::vector<SimilarClause> out;
  try {
    Xapian::RSet relevant;
    std::vector<std::pair<std::string, std::string>> texts; // (language, lowercase text)
    std::set<std::string> categories;                        // the clause's category terms
    const std::string id_prefix = std::string(prefix::id) + prefix::clause_key(clause_id, "");
    for (auto term = db.allterms_begin(id_prefix); term != db.allterms_end(id_prefix); ++term) {
      for (auto posting = db.postlist_begin(*term); posting != db.postlist_end(*term); ++posting) {
        relevant.add_document(*posting);
        const std::string category_prefix(prefix::category);
        for (auto t = db.termlist_begin(*posting); t != db.termlist_end(*posting); ++t)
          if ((*t).starts_with(category_prefix)) categories.insert(*t);
        texts.emplace_back((*term).substr(id_prefix.size()), lower_text(db.get_document(*posting)));
      }
    }
    if (relevant.empty()) return out;

    Xapian::Enquire feedback(db);
    feedback.set_query(Xapian::Query(std::string(prefix::doctype) + "clause"));
    const WordsOnly words_only;
    const Xapian::ESet terms = feedback.get_eset(k_feedback_terms, relevant, &words_only);
    std::vector<Xapian::Query> parts;
    for (auto t = terms.begin(); t != terms.end(); ++t) parts.emplace_back(*t);
    auto cross = m_impl->cross_language(texts);
    if (parts.empty() && cross.empty()) return out;
    Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    if (!cross.empty())
      query = Xapian::Query(Xapian::Query::OP_OR, query,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                          Xapian::Query(Xapian::Query::OP_OR, cross.begin(), cross.end()),
                                          k_cross_language_weight));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(std::string(prefix::doctype) + "clause"));
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(std::string(prefix::jurisdiction) + jurisdiction));

    // First the clauses tagged with one of the clause's categories (a fine that shares words
    // with a definition is still a penalty clause), then, if those are too few, any clause.
    std::vector<Xapian::Query> passes;
    if (!categories.empty())
      passes.emplace_back(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, categories.begin(), categories.end()));
    passes.push_back(query);

    const std::set<std::string> excluded(skip.begin(), skip.end());
    std::set<std::string> taken;
    // Near-duplicates within one jurisdiction (the two editions of the AI Act, an article and
    // its only paragraph): a text that contains, or is contained in, one already listed adds
    // nothing, so it gives its place to the next clause.
    std::vector<std::pair<std::string, std::string>> listed; // (jurisdiction, letters)
    // Language versions of one clause are separate documents: read past them until `limit`
    // distinct clauses are found.
    const Xapian::doccount window = static_cast<Xapian::doccount>(limit) * 4 + 20;
    for (const auto& pass : passes) {
      Xapian::Enquire enquire(db);
      enquire.set_weighting_scheme(weighting());
      enquire.set_query(pass);
      const Xapian::MSet matches = enquire.get_mset(0, window);
      for (auto m = matches.begin(); m != matches.end() && static_cast<int>(out.size()) < limit; ++m) {
        const Xapian::Document doc = m.get_document();
        const std::string id = clause_id_of(doc);
        if (id.empty() || excluded.count(id) > 0 || !taken.insert(id).second) continue;
        const std::string facets_text = doc.get_value(slot::facets);
        const auto facets = slot::parse_facets(facets_text);
        if (!facets) throw DataError("the search index holds a clause without facets: rebuild it with `cadre index`");
        const std::string jurisdiction_of(facets->jurisdiction);
        std::string letters = letters_of(lower_text(doc));
        const bool duplicate = !letters.empty() && std::any_of(listed.begin(), listed.end(), [&](const auto& l) {
          return l.first == jurisdiction_of &&
                 (l.second.find(letters) != std::string::npos || letters.find(l.second) != std::string::npos);
        });
        if (duplicate) continue;
        if (!letters.empty()) listed.emplace_back(jurisdiction_of, std::move(letters));
        out.push_back({id, std::string(facets->language), static_cast<double>(m.get_percent())});
      }
    }
  } catch (const Xapian::DatabaseCorruptError& e) {
    throw DataError("the search index is damaged: " + e.get_description() + "; rebuild it with `cadre index`");
  } catch (const Xapian::Error& e) {
    throw DataError("finding related clauses failed: " + e.get_description());
  }
  return out;
}

} // namespace cadre
