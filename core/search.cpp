#include "core/search.hpp"

#include "core/error.hpp"
#include "core/prefixes.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace cadre {
namespace {

// Languages a query is parsed in when the request names none: every language Cadre indexes.
const std::vector<std::string> k_all_languages = {"en", "fr", "pt", "zh", "ja", "ko"};

/// Fields of a Xapian document's data, written by indexer/build.cpp in this order, one per line;
/// the text (for snippets) is everything after the last field. The id, instrument, label and
/// heading are those of the clause a hit shows: a clause of a copy of an earlier instrument's
/// text (instruments.same_text_as) whose original has the same clause, letter for letter, shows
/// the original's.
struct DocData {
  std::string type, id, language, jurisdiction, instrument, category, label, heading, text;
};

DocData decode(const std::string& data) {
  DocData d;
  std::string* fields[] = {&d.type, &d.id, &d.language, &d.jurisdiction, &d.instrument,
                           &d.category, &d.label, &d.heading};
  std::size_t pos = 0;
  for (auto* field : fields) {
    const auto end = data.find('\n', pos);
    if (end == std::string::npos) throw DataError("the search index holds a document in an unknown format: rebuild with `cadre index`");
    *field = data.substr(pos, end - pos);
    pos = end + 1;
  }
  d.text = data.substr(pos);
  return d;
}

/// Something read once from the index at `path` and shared by its Searchers (a server keeps one
/// Searcher a thread) while any of them holds it. A build's folder is never rewritten, so its
/// path names its content.
template <typename T, typename Load>
std::shared_ptr<const T> shared_per_index(const std::string& path, Load load) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const T>> shared;
  const std::lock_guard lock(mutex);
  if (auto found = shared[path].lock()) return found;
  std::shared_ptr<const T> loaded = load();
  shared[path] = loaded;
  return loaded;
}

/// Every document's facets value (slot::facets) in a compact form, by document id, so that a
/// count looks a match up in memory instead of reading its value from disk: the value reads
/// were about half of a count's time (bench/RESULTS.md, "A cheaper count"). 16 bytes a document
/// (16 MB at a million clauses), read once per build by one pass over the value stream.
class FacetTable {
public:
  struct Row {
    std::uint64_t key_hash = 0;   ///< of the collapse key; 0 for none
    std::uint16_t jurisdiction = 0, language = 0;
    std::uint32_t categories = 0; ///< bit i: categories()[i]
    bool present = false;         ///< the document has a facets value
  };

  static std::shared_ptr<const FacetTable> of(const Xapian::Database& db, const std::string& path) {
    return shared_per_index<FacetTable>(path, [&] {
      auto table = std::make_shared<FacetTable>();
      table->m_rows.resize(db.get_lastdocid() + 1);
      for (auto it = db.valuestream_begin(slot::facets); it != db.valuestream_end(slot::facets); ++it) {
        const std::string value = *it;
        const auto facets = slot::parse_facets(value);
        if (!facets) continue; // present stays false: a count meeting it says to rebuild
        Row& row = table->m_rows[it.get_docid()];
        row.present = true;
        if (!facets->collapse_key.empty()) row.key_hash = std::max<std::uint64_t>(1, std::hash<std::string_view>{}(facets->collapse_key));
        row.jurisdiction = table->intern(table->m_jurisdictions, facets->jurisdiction);
        row.language = table->intern(table->m_languages, facets->language);
        const std::string_view list = facets->categories;
        for (std::size_t start = 0; start < list.size();) {
          const std::size_t end = std::min(list.find(',', start), list.size());
          if (end > start) {
            const auto bit = table->intern(table->m_categories, list.substr(start, end - start));
            if (bit >= 32) throw DataError("the search index holds more than 32 category ids: rebuild it with `cadre index`");
            row.categories |= std::uint32_t{1} << bit;
            table->m_category_counts.resize(table->m_categories.size());
            ++table->m_category_counts[bit];
          }
          start = end + 1;
        }
      }
      return table;
    });
  }

  /// The row of document `id`, or nullptr when it has no facets value.
  const Row* row(Xapian::docid id) const { return id < m_rows.size() && m_rows[id].present ? &m_rows[id] : nullptr; }
  /// The category bits of `names` (those of categories no document has are left out).
  std::uint32_t category_mask(const std::set<std::string>& names) const {
    std::uint32_t mask = 0;
    for (std::size_t bit = 0; bit < m_categories.size(); ++bit)
      if (names.count(m_categories[bit]) > 0) mask |= std::uint32_t{1} << bit;
    return mask;
  }
  /// One past the highest document id of the table.
  Xapian::docid end() const { return static_cast<Xapian::docid>(m_rows.size()); }
  /// The number the table gives `language`, if a document is in it.
  std::optional<std::uint16_t> language_number(std::string_view language) const {
    const auto found = std::find(m_languages.begin(), m_languages.end(), language);
    if (found == m_languages.end()) return std::nullopt;
    return static_cast<std::uint16_t>(found - m_languages.begin());
  }
  /// True when document `id` (below end()) is in language number `language`.
  bool in_language(Xapian::docid id, std::uint16_t language) const { return m_rows[id].present && m_rows[id].language == language; }
  /// True when document `id` (below end()) is tagged with a category of `mask`.
  bool tagged(Xapian::docid id, std::uint32_t mask) const { return (m_rows[id].categories & mask) != 0; }
  /// How many documents are tagged with a category of `mask`, at most: the sum of each one's count.
  Xapian::doccount tagged_at_most(std::uint32_t mask) const {
    Xapian::doccount sum = 0;
    for (std::size_t bit = 0; bit < m_category_counts.size(); ++bit)
      if (mask & (std::uint32_t{1} << bit)) sum += m_category_counts[bit];
    return std::min<Xapian::doccount>(sum, static_cast<Xapian::doccount>(m_rows.size()));
  }
  const std::vector<std::string>& jurisdictions() const { return m_jurisdictions; }
  const std::vector<std::string>& languages() const { return m_languages; }
  const std::vector<std::string>& categories() const { return m_categories; }

private:
  static std::uint16_t intern(std::vector<std::string>& names, std::string_view name) {
    const auto found = std::find(names.begin(), names.end(), name);
    if (found != names.end()) return static_cast<std::uint16_t>(found - names.begin());
    if (names.size() == std::numeric_limits<std::uint16_t>::max())
      throw DataError("the search index holds too many distinct facet values: rebuild it with `cadre index`");
    names.emplace_back(name);
    return static_cast<std::uint16_t>(names.size() - 1);
  }

  std::vector<Row> m_rows;
  std::vector<std::string> m_jurisdictions, m_languages, m_categories;
  std::vector<Xapian::doccount> m_category_counts; ///< documents tagged, by category bit
};

/// The documents of the build's FacetTable, in memory, that `Source::accepts`, each weighing
/// `weight`: a look-up in memory where a filter on terms reads posting lists from disk.
template <typename Source>
class FacetTableSource : public Xapian::PostingSource {
public:
  FacetTableSource(std::shared_ptr<const FacetTable> table, double weight, Xapian::doccount at_most)
      : m_table(std::move(table)), m_weight(weight), m_at_most(at_most) {}

  void init(const Xapian::Database&) override {
    m_at = 0;
    set_maxweight(m_weight);
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return m_at_most; }
  Xapian::doccount get_termfreq_max() const override { return m_at_most; }
  double get_weight() const override { return m_weight; }
  Xapian::docid get_docid() const override { return m_at; }
  bool at_end() const override { return m_at >= m_table->end(); }
  void next(double) override { advance_from(m_at + 1); }
  void skip_to(Xapian::docid id, double) override {
    if (id > m_at) advance_from(id);
  }
  /// True, positioned on `id`, when it is accepted; else false, and next() goes on after it.
  bool check(Xapian::docid id, double) override {
    m_at = id;
    return id < m_table->end() && accepts(id);
  }

protected:
  const std::shared_ptr<const FacetTable>& table() const { return m_table; }
  double weight() const { return m_weight; }
  Xapian::doccount at_most() const { return m_at_most; }

private:
  bool accepts(Xapian::docid id) const { return static_cast<const Source*>(this)->accepts(*m_table, id); }
  void advance_from(Xapian::docid id) {
    while (id < m_table->end() && !accepts(id)) ++id;
    m_at = id;
  }

  std::shared_ptr<const FacetTable> m_table;
  double m_weight;
  Xapian::doccount m_at_most;
  Xapian::docid m_at = 0;
};

/// A fixed weight for every document tagged with one of the categories of `mask`. The bonus of a
/// clause of a category the query names was a FixedWeightPostingSource filtered by the category
/// terms, which read two posting lists from disk for each candidate: most of the p99 search time
/// at 100k clauses, where most clauses carry the category a query names (bench/RESULTS.md).
class CategoryBonus : public FacetTableSource<CategoryBonus> {
public:
  CategoryBonus(std::shared_ptr<const FacetTable> table, std::uint32_t mask, double weight)
      : FacetTableSource(table, weight, table->tagged_at_most(mask)), m_mask(mask) {}

  bool accepts(const FacetTable& facets, Xapian::docid id) const { return facets.tagged(id, m_mask); }
  CategoryBonus* clone() const override { return new CategoryBonus(table(), m_mask, weight()); }
  /// As the query it stands for is described: "CategoryBonus(wt=2, XCrisk OR XCscope)".
  std::string get_description() const override {
    std::ostringstream out;
    out << "CategoryBonus(wt=" << weight() << ", ";
    const char* separator = "";
    for (std::size_t bit = 0; bit < table()->categories().size(); ++bit)
      if (m_mask & (std::uint32_t{1} << bit)) {
        out << separator << prefix::category << table()->categories()[bit];
        separator = " OR ";
      }
    out << ")";
    return out.str();
  }

private:
  std::uint32_t m_mask;
};

/// The documents in one language, as a filter: the same documents as a filter on the language's
/// term (each document's facets value names the language its term does, indexer/build.cpp), each
/// checked in memory instead of in a posting list that may hold nearly every document (at 100k
/// clauses the language filters of the count took a sixth of a search's time; bench/RESULTS.md).
class InLanguage : public FacetTableSource<InLanguage> {
public:
  InLanguage(std::shared_ptr<const FacetTable> table, std::uint16_t language, std::string name, Xapian::doccount size)
      : FacetTableSource(std::move(table), 0, size), m_language(language), m_name(std::move(name)) {}

  bool accepts(const FacetTable& facets, Xapian::docid id) const { return facets.in_language(id, m_language); }
  InLanguage* clone() const override { return new InLanguage(table(), m_language, m_name, at_most()); }
  /// As the term it stands for: "Len".
  std::string get_description() const override { return std::string(prefix::language) + m_name; }

private:
  std::uint16_t m_language;
  std::string m_name;
};

/// True when `q` or a part of it is a phrase or a nearness query.
bool checks_positions(const Xapian::Query& q) {
  const auto type = q.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (checks_positions(q.get_subquery(i))) return true;
  return false;
}

/// 64-bit hashes of the collapse keys counted so far: open addressing in one array sized for
/// k_counted_matches keys, so a count allocates once instead of once a key.
class SeenKeys {
public:
  SeenKeys() : m_slots(k_slots, 0) {}
  /// True when `hash` (never 0) was not seen before (and is now).
  bool insert(std::uint64_t hash) {
    for (std::size_t i = hash & (k_slots - 1);; i = (i + 1) & (k_slots - 1)) {
      if (m_slots[i] == hash) return false;
      if (m_slots[i] == 0) {
        m_slots[i] = hash;
        return true;
      }
    }
  }

private:
  // A power of two over twice the most keys one count can insert, so probes stay short and
  // always find an empty slot.
  static constexpr std::size_t k_slots = std::bit_ceil(std::size_t{2} * k_counted_matches);
  std::vector<std::uint64_t> m_slots;
};

/// Counts the matches it is shown, once per collapse key (a clause, its unheaded sub-clauses and
/// its copies in the same language are one hit), by jurisdiction, language and category, from
/// the build's FacetTable. Keys are remembered by a 64-bit hash: a collision, which would
/// undercount by one, is vanishingly unlikely among the few thousand keys of one count.
class MatchCounter : public Xapian::MatchSpy {
public:
  explicit MatchCounter(const FacetTable& table)
      : m_table(table), m_jurisdictions(table.jurisdictions().size()), m_languages(table.languages().size()),
        m_categories(table.categories().size()) {}

  void operator()(const Xapian::Document& doc, double) override {
    ++examined;
    const FacetTable::Row* row = m_table.row(doc.get_docid());
    if (!row) throw DataError("the search index holds a match without facets: rebuild it with `cadre index`");
    if (row->key_hash != 0 && !m_seen.insert(row->key_hash)) return;
    ++total;
    ++m_jurisdictions[row->jurisdiction];
    ++m_languages[row->language];
    for (std::uint32_t bits = row->categories; bits != 0; bits &= bits - 1) ++m_categories[std::countr_zero(bits)];
  }

  long long examined = 0, total = 0;
  std::vector<FacetCount> jurisdiction_facets() const { return facet_counts(m_table.jurisdictions(), m_jurisdictions); }
  std::vector<FacetCount> language_facets() const { return facet_counts(m_table.languages(), m_languages); }
  std::vector<FacetCount> category_facets() const { return facet_counts(m_table.categories(), m_categories); }

private:
  /// The values counted at least once, most frequent first, then by value.
  static std::vector<FacetCount> facet_counts(const std::vector<std::string>& names, const std::vector<int>& counts) {
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < counts.size(); ++i)
      if (counts[i] > 0) out.push_back({names[i], counts[i]});
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
  }

  const FacetTable& m_table;
  std::vector<int> m_jurisdictions, m_languages, m_categories;
  SeenKeys m_seen;
};

Xapian::Query filter_of(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(std::string(prefix) + v);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string prepare(const std::string& text, const std::string& language) {
  return language == "fr" ? text::split_elisions(text) : text;
}

std::string prepare_query(const std::string& query, const std::string& language) {
  return text::bracket_cjk_runs(prepare(query, language));
}

// Words that carry no meaning on their own, dropped from a query unless they are all it has
// (Xapian keeps them inside quoted phrases). Lower-case "or", "and", "not" are words, not
// operators, so they are listed too.
const std::vector<std::string> k_stopwords_en = {
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being",
    "between", "but", "by", "can", "could", "did", "do", "does", "each", "for", "from", "had", "has", "have", "how",
    "i", "if", "in", "into", "is", "it", "its", "may", "me", "must", "my", "no", "not", "of", "on", "or", "other",
    "our", "shall", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "under", "up", "upon", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your"};
const std::vector<std::string> k_stopwords_fr = {
    "a", "à", "afin", "au", "aux", "avec", "ce", "ces", "cet", "cette", "comment", "d", "dans", "de", "des", "du",
    "elle", "elles", "en", "est", "et", "être", "il", "ils", "l", "la", "le", "les", "leur", "leurs", "lors", "lorsqu",
    "lorsque", "mais", "ne", "ni", "on", "ou", "où", "par", "pas", "peut", "pour", "qu", "quand", "que", "quel",
    "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sur", "un",
    "une", "y"};
const std::vector<std::string> k_stopwords_pt = {
    "a", "à", "ao", "aos", "as", "às", "com", "como", "da", "das", "de", "do", "dos", "e", "é", "em", "entre", "lhe",
    "mais", "mas", "na", "nas", "no", "nos", "não", "o", "os", "ou", "para", "pela", "pelas", "pelo", "pelos",
    "por", "qual", "quais", "quando", "que", "quem", "se", "são", "seu", "seus", "sua", "suas", "sobre", "um",
    "uma", "umas", "uns"};

/// Fixed weights added to the BM25 score of a clause the query asks about (Searcher::search),
/// chosen on the tune split of bench/relevance (bench/RESULTS.md): a clause tagged with the
/// category of a lexicon concept the query names; a clause of a definitions unit when the query
/// asks what a term means, and the one defining that term once more (4, 8 and 16 measured alike).
constexpr double k_named_category_bonus = 2.0;
/// Added to the clauses of an instrument or a jurisdiction the query names ("PIPL consent"): more
/// than any text weight, so that they come first in their tier, ranked among themselves by their
/// words. A unit the query refers to by number gains twice as much. (At 100, a CJK query's every
/// character and character pair, each weighed, outweighed it: "个人信息保护法 第二十四条" ranked
/// other laws' article 24 above the PIPL's clauses.)
constexpr double k_named_bonus = 1000.0;
/// Added to a clause of another jurisdiction comparable to a unit the query names by number (less
/// one for each better one before it): between the unit and the named instrument's other clauses.
constexpr double k_analogue_bonus = 1.5 * k_named_bonus;
/// Bytes of a hit's text shown under it.
constexpr std::size_t k_snippet_bytes = 240;
constexpr double k_definitions_bonus = 8.0;
constexpr double k_defines_term_bonus = 8.0;
/// Weight of a query's reading in a language it is likely not written in (likely_languages):
/// 0.7 measured the same as 1 on the tune split of bench/relevance (0.5: -0.007, 0.3: -0.016).
constexpr double k_unlikely_language_weight = 0.7;
/// Weight of the lexicon wordings of the other language against the query's own words: on the
/// tune split of bench/relevance (67 queries, 23 French), 0.35-0.45 measured best (0.529 at 0.4,
/// 0.523 at 0.25, 0.514 at 0.6, 0.487 at 1).
constexpr double k_synonym_weight = 0.4;

/// Openings of a question about what a term means, lower-case: the query is then the term, and
/// the clauses of definitions units rank higher (Searcher::search).
const std::vector<std::string> k_definition_openings = {
    "what is meant by ", "what counts as ", "what is an ", "what is a ", "what is ", "what are ", "definition of ",
    "define ", "meaning of ", "who counts as ", "who is considered ", "who is an ", "who is a ",
    "qu'est-ce qu'un ", "qu'est-ce qu'une ", "qu'est-ce que ", "qu'est-ce qu'", "qu'entend-on par ",
    "qui est considéré comme ", "qui est considérée comme ", "qui est un ", "qui est une ", "que veut dire ",
    "définition de ", "définition d'", "que signifie ", "o que é ", "o que são ", "o que significa ",
    "o que se entende por ", "quem é considerado ", "quem é ", "definição de ", "conceito de "};

/// `query` with the proximity operators NEAR and ADJ (upper-case words, "NEAR/3" too) written in
/// lower case, so that the parser reads them as words: Xapian 1.4.22's QueryParser leaks memory
/// when it rejects one after a negated word ("-a NEAR b c") and parses the query again
/// (tests/hostile/fuzz-regressions), and Cadre documents neither.
std::string without_proximity_operators(std::string query) {
  const auto is_word_byte = [&](std::size_t i) {
    const auto c = static_cast<unsigned char>(query[i]);
    return std::isalnum(c) || c >= 0x80 || c == '_';
  };
  for (const std::string_view op : {"NEAR", "ADJ"})
    for (std::size_t at = query.find(op); at != std::string::npos; at = query.find(op, at + op.size())) {
      const std::size_t end = at + op.size();
      if ((at > 0 && is_word_byte(at - 1)) || (end < query.size() && is_word_byte(end))) continue;
      for (std::size_t i = at; i < end; ++i) query[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(query[i])));
    }
  return query;
}

/// A query without its definition opening (U+2019 read as an apostrophe), and whether it had one.
std::pair<std::string, bool> strip_definition_opening(std::string query) {
  for (std::size_t pos; (pos = query.find("\u2019")) != std::string::npos;) query.replace(pos, 3, "'");
  const std::string lower = text::ascii_lower(query);
  for (const auto& opening : k_definition_openings)
    if (lower.starts_with(opening) && lower.size() > opening.size()) return {query.substr(opening.size()), true};
  return {query, false};
}

/// The languages with a stopword list, and their lists.
const std::vector<std::pair<std::string, const std::vector<std::string>*>> k_stopword_lists = {
    {"en", &k_stopwords_en}, {"fr", &k_stopwords_fr}, {"pt", &k_stopwords_pt}};

/// The stopwords of every language in `languages` (among en, fr and pt) together; null when none
/// of them has a list.
const Xapian::Stopper* stopper_for(const std::set<std::string>& languages) {
  static const auto stoppers = [] {
    const auto& lists = k_stopword_lists;
    std::map<std::set<std::string>, std::unique_ptr<Xapian::SimpleStopper>> out;
    for (unsigned subset = 1; subset < (1U << lists.size()); ++subset) {
      std::set<std::string> names;
      auto stopper = std::make_unique<Xapian::SimpleStopper>();
      for (unsigned i = 0; i < lists.size(); ++i)
        if (subset & (1U << i)) {
          names.insert(lists[i].first);
          for (const auto& word : *lists[i].second) stopper->add(word);
        }
      out.emplace(std::move(names), std::move(stopper));
    }
    return out;
  }();
  std::set<std::string> listed;
  for (const auto& entry : k_stopword_lists)
    if (languages.count(entry.first) > 0) listed.insert(entry.first);
  const auto found = stoppers.find(listed);
  return found == stoppers.end() ? nullptr : found->second.get();
}

/// What marks a query as written in one of English, French or Portuguese and not the other two:
/// the language's stopwords that are not also another's ("de", "a" or "que" mark nothing), and
/// letters (either case) only it uses.
struct LanguageMarks {
  std::string language;
  std::set<std::string> words;
  std::vector<std::string> letters;
};

const std::vector<LanguageMarks>& language_marks() {
  static const std::vector<LanguageMarks> marks = [] {
    const auto& stopwords = k_stopword_lists;
    std::vector<LanguageMarks> out = {
        {"en", {}, {}},
        {"fr", {}, {"è", "ù", "û", "ë", "ï", "î", "œ", "ô", "È", "Ù", "Û", "Ë", "Ï", "Î", "Œ", "Ô"}},
        {"pt", {}, {"ã", "õ", "á", "í", "ó", "ú", "Ã", "Õ", "Á", "Í", "Ó", "Ú"}}};
    for (std::size_t i = 0; i < out.size(); ++i)
      for (const auto& word : *stopwords[i].second)
        if (std::none_of(stopwords.begin(), stopwords.end(), [&](const auto& other) {
              return other.first != out[i].language &&
                     std::find(other.second->begin(), other.second->end(), word) != other.second->end();
            }))
          out[i].words.insert(word);
    return out;
  }();
  return marks;
}

/// The languages among en, fr and pt that a query names no language for is likely written in,
/// by its marks (above) and those of the lexicon wordings it names (lexicon_marks); an
/// unmarked query is English when it is plain ASCII, else French or Portuguese. The query's
/// readings in the other languages, where its words are likely foreign and match by accident of
/// spelling ("system" is also the French stem of "système"), weigh k_unlikely_language_weight:
/// they are still found, and Xapian can stop looking at them once the page is filled with
/// better matches, which it could not for "risk management system" read as French at a million
/// clauses (bench/RESULTS.md).
std::set<std::string> likely_languages(const std::string& query, const std::set<std::string>& lexicon_languages) {
  std::string lower = text::ascii_lower(query);
  for (auto& c : lower)
    if (c == '\'' || c == '-' || c == ',' || c == '?' || c == '.' || c == '"') c = ' ';
  std::set<std::string> words;
  std::istringstream in(lower);
  for (std::string w; in >> w;) words.insert(w);
  std::set<std::string> out;
  for (const auto& marks : language_marks()) {
    const bool marked =
        std::any_of(words.begin(), words.end(), [&](const auto& w) { return marks.words.count(w) > 0; }) ||
        std::any_of(marks.letters.begin(), marks.letters.end(), [&](const auto& l) { return lower.find(l) != std::string::npos; });
    if (marked || lexicon_languages.count(marks.language) > 0) out.insert(marks.language);
  }
  if (out.empty()) {
    if (std::all_of(lower.begin(), lower.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) out.insert("en");
    else out.insert({"fr", "pt"});
  }
  return out;
}

bool is_cjk_separator(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0xFF5E || cp == 0x30FB;
}

bool is_hiragana(char32_t cp) { return cp >= 0x3040 && cp <= 0x309F; }

/// Rewrites every run of CJK characters as its overlapping two-character pieces, each in its own
/// brackets ("(人工) (工智) (智能)"), so that the pieces of a query match apart: the index holds
/// the same single characters and pairs (Xapian's CJK n-grams). Pairs made only of hiragana are
/// Japanese particles and endings ("する", "は何") and are dropped when the run has other pairs.
std::string segment_cjk(const std::string& query) {
  std::string out;
  std::vector<std::pair<std::string, bool>> run; // (character, is hiragana)
  const auto flush = [&] {
    if (run.empty()) return;
    std::vector<std::string> pieces, kana;
    if (run.size() == 1) pieces.push_back(run[0].first);
    for (std::size_t i = 0; i + 1 < run.size(); ++i)
      (run[i].second && run[i + 1].second ? kana : pieces).push_back(run[i].first + run[i + 1].first);
    if (pieces.empty()) pieces = kana;
    for (const auto& piece : pieces) out += " (" + piece + ") ";
    run.clear();
  };
  for (std::size_t i = 0, length = 0; i < query.size(); i += length) {
    const char32_t cp = text::decode_utf8_at(query, i, &length);
    if (text::is_cjk_codepoint(cp) && !is_cjk_separator(cp)) {
      run.emplace_back(query.substr(i, length), is_hiragana(cp));
      continue;
    }
    flush();
    out += is_cjk_separator(cp) ? std::string(" ") : query.substr(i, length);
  }
  flush();
  return out;
}

/// English and French: the languages Cadre is read in, into which lexicon concepts are carried.
constexpr const char* k_reader_languages[] = {"en", "fr"};

/// A wording of the lexicon, with its entry, its language and its form without diacritics
/// (text::fold_latin).
struct LexiconWording {
  const LexiconEntry* entry;
  const std::string* language;
  const std::string* wording;
  std::string folded;
  std::string singular, folded_singular; ///< singular_words of `wording` and of `folded`
};

/// `text` with the plural mark of each word of four letters or more dropped (a final "s" or "x"
/// after a letter), so that "contenus synthétiques" holds the wording "contenu synthétique" and
/// "hypertrucages" the wording "hypertrucage". Both sides are reduced the same way, so a wording
/// ending in "s" ("bias") still matches itself.
std::string singular_words(const std::string& text) {
  const auto in_word = [&](std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    return std::isalnum(c) || c >= 0x80;
  };
  std::string out;
  out.reserve(text.size());
  std::size_t word = 0; // bytes of the current word so far
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool last_of_word = in_word(i) && (i + 1 == text.size() || !in_word(i + 1));
    if (last_of_word && word >= 3 && (text[i] == 's' || text[i] == 'x') &&
        std::isalpha(static_cast<unsigned char>(out.back()))) {
      word = 0;
      continue;
    }
    out += text[i];
    word = in_word(i) ? word + 1 : 0;
  }
  return out;
}

const std::vector<LexiconWording>& lexicon_wordings() {
  static const std::vector<LexiconWording> all = [] {
    std::vector<LexiconWording> out;
    for (const auto& entry : schema().lexicon)
      for (const auto& [language, wordings] : entry.wordings)
        for (const auto& wording : wordings) {
          std::string folded = text::fold_latin(wording);
          out.push_back({&entry, &language, &wording, folded, singular_words(wording), singular_words(folded)});
        }
    return out;
  }();
  return all;
}

/// A lexicon wording found in a query; `unaccented` when the query holds it only without its
/// diacritics ("incident de confidentialite").
struct Mention {
  const LexiconWording* found;
  bool unaccented;
};

/// True when `text` holds `phrase` between word boundaries (anywhere, for a CJK phrase).
bool holds_phrase(const std::string& text, const std::string& phrase) {
  for (auto pos = text.find(phrase); pos != std::string::npos; pos = text.find(phrase, pos + 1)) {
    const auto end = pos + phrase.size();
    if ((pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]))) &&
        (end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]))))
      return true;
  }
  return false;
}

/// Every lexicon wording the query holds as a phrase, as written or without its diacritics, in
/// the singular or the plural (CJK wordings anywhere in a run of CJK characters, which has no
/// spaces), once each, in lexicon order.
std::vector<Mention> mentions_in(const std::string& query) {
  // A phrase held as written is held in the singular too: each word is reduced the same way.
  const std::string singular = singular_words(text::ascii_lower(query));
  const std::string folded_singular = singular_words(text::fold_latin(query));
  std::vector<Mention> out;
  for (const auto& w : lexicon_wordings()) {
    if (holds_phrase(singular, w.singular)) out.push_back({&w, false});
    else if (w.folded != *w.wording && holds_phrase(folded_singular, w.folded_singular)) out.push_back({&w, true});
  }
  return out;
}

/// The languages of the lexicon wordings a query names that no other language words the same
/// way, diacritics aside: "surveillance humaine" marks the query as French, "innovation" and
/// "evaluation" (English, and French without its accent) mark nothing.
std::set<std::string> lexicon_marks(const std::vector<Mention>& mentions) {
  static const auto languages_of = [] {
    std::map<std::string, std::set<std::string>> out; // folded wording -> languages that use it
    for (const auto& w : lexicon_wordings()) out[w.folded].insert(*w.language);
    return out;
  }();
  std::set<std::string> out;
  for (const auto& mention : mentions)
    if (languages_of.at(mention.found->folded).size() == 1) out.insert(*mention.found->language);
  return out;
}

/// True when a run of CJK characters in the query is a single character (a one-character term).
bool has_lone_cjk_character(const std::string& query) {
  std::size_t run = 0;
  for (std::size_t i = 0, length = 0; i < query.size(); i += length) {
    const char32_t cp = text::decode_utf8_at(query, i, &length);
    if (text::is_cjk_codepoint(cp) && !is_cjk_separator(cp)) {
      ++run;
      continue;
    }
    if (run == 1) return true;
    run = 0;
  }
  return run == 1;
}

/// `snippet` with the marks MSet::snippet put around a matched word removed (the word kept) where
/// `keep`, given the word, says no.
template <typename Keep>
std::string unmark_unless(const std::string& snippet, Keep keep) {
  static const std::string open = "<mark>", close = "</mark>";
  std::string out;
  std::size_t done = 0;
  for (std::size_t at; (at = snippet.find(open, done)) != std::string::npos;) {
    const std::size_t inner = at + open.size();
    const std::size_t end = snippet.find(close, inner);
    if (end == std::string::npos) break;
    const std::string_view word(snippet.data() + inner, end - inner);
    out += snippet.substr(done, at - done);
    out += keep(word) ? snippet.substr(at, end + close.size() - at) : std::string(word);
    done = end + close.size();
  }
  return out + snippet.substr(done);
}

/// A snippet without the highlight of a CJK character that matched alone: Xapian marks every
/// character of the query's runs wherever it occurs ("제<mark>공</mark>" for 인공지능), which
/// reads as noise; the query's pairs and longer runs stay marked.
std::string unmark_lone_cjk(const std::string& snippet) {
  return unmark_unless(snippet, [](std::string_view word) {
    std::size_t length = 0;
    return !(text::is_cjk_codepoint(text::decode_utf8_at(word, 0, &length)) && length == word.size());
  });
}

/// A snippet without the marks on words that match none of `terms` (the query's terms as the
/// hit's language reads them: an unstemmed word, or "Z" and its stem by `stemmer`). MSet::snippet
/// marks the words of every reading of the query, and another language's stem can be this
/// language's: a French text showed "informer" and "personne" marked for the English wording
/// "personal information".
std::string unmark_foreign_words(const std::string& snippet, const std::set<std::string>& terms, const Xapian::Stem& stemmer) {
  return unmark_unless(snippet, [&](std::string_view word) {
    const std::string lower = Xapian::Unicode::tolower(std::string(word));
    return terms.count(lower) > 0 || terms.count("Z" + stemmer(lower)) > 0;
  });
}

/// The words of an index written with Latin diacritics, by their folded form ("evaluation":
/// "évaluation", "évalué"…), read from its vocabulary of unprefixed terms.
using AccentedWords = std::unordered_map<std::string, std::vector<std::string>>;

/// The accented words of the index at `path`, read once per build (shared_per_index).
std::shared_ptr<const AccentedWords> accented_words(const Xapian::Database& db, const std::string& path) {
  return shared_per_index<AccentedWords>(path, [&] {
    auto words = std::make_shared<AccentedWords>();
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      const std::string term = *t;
      // Unprefixed terms start with a lower-case letter, a digit or a non-ASCII letter; a Latin
      // diacritic is a code point of U+00C0..U+017F, whose UTF-8 starts with 0xC3, 0xC4 or 0xC5.
      if (std::isupper(static_cast<unsigned char>(term[0])) ||
          std::none_of(term.begin(), term.end(), [](char c) { return c == '\xC3' || c == '\xC4' || c == '\xC5'; }))
        continue;
      std::string folded = text::fold_latin(term);
      if (folded != term) (*words)[std::move(folded)].push_back(term);
    }
    return words;
  });
}

/// What a hit shows of its instrument, by instrument id: its status, and the other instruments
/// holding the same text.
struct InstrumentFacts {
  std::string status;
  std::vector<std::string> copies; ///< every instrument holding the text, its own included; empty when one
};
using InstrumentsFacts = std::unordered_map<std::string, InstrumentFacts>;

/// The instrument facts of the index at `path` (slot::k_instrument_key_prefix), read once per
/// build (shared_per_index).
std::shared_ptr<const InstrumentsFacts> instruments_facts(const Xapian::Database& db, const std::string& path) {
  return shared_per_index<InstrumentsFacts>(path, [&] {
    auto facts = std::make_shared<InstrumentsFacts>();
    const std::string prefix(slot::k_instrument_key_prefix);
    for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
      const std::string value = db.get_metadata(*key);
      const auto tab = value.find('\t');
      InstrumentFacts& f = (*facts)[(*key).substr(prefix.size())];
      f.status = value.substr(0, tab);
      for (std::size_t start = tab == std::string::npos ? value.size() : tab + 1; start < value.size();) {
        const auto end = std::min(value.find(',', start), value.size());
        f.copies.push_back(value.substr(start, end - start));
        start = end + 1;
      }
    }
    return facts;
  });
}

/// A word of a query or a name as matched: Latin letters folded (text::fold_latin), curly
/// apostrophes straight, and the punctuation around it dropped ("GDPR's," -> "gdpr").
std::string name_word(std::string_view word) {
  std::string folded = text::fold_latin(word);
  for (std::size_t pos; (pos = folded.find("\xE2\x80\x99")) != std::string::npos;) folded.replace(pos, 3, "'");
  while (!folded.empty() && std::string_view(",;:!?.'(").find(folded.front()) != std::string_view::npos) folded.erase(0, 1);
  if (folded.ends_with("'s")) folded.resize(folded.size() - 2);
  while (!folded.empty() && std::string_view(",;:!?.')").find(folded.back()) != std::string_view::npos) folded.pop_back();
  return folded;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) words.push_back(std::move(word));
  return words;
}

/// The value of a numeral as a law numbers its units: Arabic digits, or Chinese and Japanese
/// characters ("二十四" -> 24, "一百零五" -> 105); empty when `numeral` is neither.
std::string unit_number(std::string_view numeral) {
  if (!numeral.empty() && std::all_of(numeral.begin(), numeral.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::string(numeral);
  static const std::map<std::string_view, int> k_digits = {{"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3},
                                                           {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  int total = 0, digit = -1;
  for (std::size_t i = 0; i < numeral.size(); i += 3) {
    const std::string_view ch = numeral.substr(i, 3);
    if (const auto d = k_digits.find(ch); d != k_digits.end()) digit = d->second;
    else if (ch == "十" || ch == "百") {
      total += (digit < 0 ? 1 : digit) * (ch == "十" ? 10 : 100);
      digit = -1;
    } else {
      return "";
    }
  }
  if (digit > 0) total += digit;
  return total > 0 ? std::to_string(total) : "";
}

/// A unit a query refers to by number ("article 22(1)(a)", "s. 4.5", "recital 71", "annex III",
/// "第二十四条第一款", "제31조"), matched against the segments of clause ids
/// (docs/clause-ids.md) by unit_clause_ids.
struct UnitReference {
  std::vector<std::string_view> kinds; ///< the segment kinds it may be: {"art", "sec", "billsec"}, {"rct"}, {"anx"}
  std::string number;                  ///< lower-case: "22", "4.5", "22c", "iii"
  std::vector<std::string> parts;      ///< the designators after it, lower-case: "(1)(A)" -> {"1", "a"}
};

/// The units `query` refers to by number, and the query with their bracketed parts taken out
/// ("GDPR article 22(1)" -> "GDPR article 22"), so that brackets which designate a paragraph
/// are not read as a grouping. An article or a section number may be either, since laws number
/// by either and readers say either.
std::pair<std::vector<UnitReference>, std::string> unit_references(const std::string& query) {
  static const std::regex k_latin(
      R"((^|[\s(])(articles?|arts?\.?|artigos?|sections?|secs?\.?|s\.|§|recitals?|annex(?:es|e)?|anexos?)\s*([0-9]+(?:[.-][0-9]+)*[a-zA-Z]?|[IVXLC]+\b)((?:\s*\([0-9a-zA-Z]{1,6}\))*))",
      std::regex::icase);
  // Alternatives, not a bracket: std::regex reads bytes, and these characters are three each.
  static const std::string k_cjk_numeral = "(?:[0-9]|一|二|三|四|五|六|七|八|九|十|百|零|〇|两)+";
  static const std::regex k_cjk("第(" + k_cjk_numeral + ")条((?:第" + k_cjk_numeral + "(?:款|项|項|号|號)?)*)|제([0-9]+)조((?:제[0-9]+(?:항|호))*)");
  static const std::regex k_cjk_part("(?:第(" + k_cjk_numeral + ")|제([0-9]+))");
  static const std::regex k_latin_part(R"(\(([0-9a-zA-Z]{1,6})\))");
  static const std::vector<std::string_view> k_numbered = {"art", "sec", "billsec"};
  std::vector<UnitReference> units;
  // Every reference holds a digit, a CJK numeral or an annex's Roman numeral: most queries hold
  // none, and are spared the regular expressions.
  const std::string lower = text::ascii_lower(query);
  if (std::none_of(query.begin(), query.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
      !text::has_cjk(query) && lower.find("annex") == std::string::npos && lower.find("anexo") == std::string::npos)
    return {std::move(units), query};
  const auto add = [&](UnitReference unit) {
    if (std::none_of(units.begin(), units.end(), [&](const UnitReference& u) {
          return u.kinds == unit.kinds && u.number == unit.number && u.parts == unit.parts;
        }))
      units.push_back(std::move(unit));
  };
  std::string rest;
  std::size_t copied = 0;
  for (std::sregex_iterator m(query.begin(), query.end(), k_latin), end; m != end; ++m) {
    const std::string word = text::ascii_lower((*m)[2].str());
    UnitReference unit{{}, text::ascii_lower((*m)[3].str()), {}};
    const bool roman = std::isalpha(static_cast<unsigned char>(unit.number[0]));
    if (word.starts_with("annex") || word.starts_with("anexo")) unit.kinds = {"anx"};
    else if (roman) continue;
    else unit.kinds = word.starts_with("recital") ? std::vector<std::string_view>{"rct"} : k_numbered;
    const std::string parts = (*m)[4].str();
    for (std::sregex_iterator p(parts.begin(), parts.end(), k_latin_part); p != std::sregex_iterator(); ++p)
      unit.parts.push_back(text::ascii_lower((*p)[1].str()));
    add(std::move(unit));
    rest += query.substr(copied, static_cast<std::size_t>(m->position(4)) - copied);
    copied = static_cast<std::size_t>(m->position(4) + m->length(4));
  }
  rest += query.substr(copied);
  for (std::sregex_iterator m(query.begin(), query.end(), k_cjk), end; m != end; ++m) {
    const bool chinese = (*m)[1].matched;
    UnitReference unit{k_numbered, unit_number((*m)[chinese ? 1 : 3].str()), {}};
    if (unit.number.empty()) continue;
    const std::string parts = (*m)[chinese ? 2 : 4].str();
    for (std::sregex_iterator p(parts.begin(), parts.end(), k_cjk_part); p != std::sregex_iterator(); ++p)
      unit.parts.push_back(unit_number((*p)[1].matched ? (*p)[1].str() : (*p)[2].str()));
    if (std::find(unit.parts.begin(), unit.parts.end(), "") == unit.parts.end()) add(std::move(unit));
  }
  return {std::move(units), std::move(rest)};
}

/// The ids of the clauses of `instrument` that `units` refer to, in index order: a clause whose
/// id has a segment of one of a unit's kinds with its number ("sec_4.5" in
/// "us/eo-14110/sec_4__sec_4.5"), followed by exactly its parts, each the value of one more
/// segment ("art_22__para_1" for "article 22(1)"; "22c" finds "art_22C"). Read from the index's id
/// terms, so a unit nested in another is found by its own number.
std::vector<std::string> unit_clause_ids(const Xapian::Database& db, const std::string& instrument,
                                         const std::vector<UnitReference>& units) {
  const std::string id_prefix = std::string(prefix::id) + std::string(prefix::clause_scheme);
  const std::string prefix = id_prefix + instrument + "/";
  std::vector<std::string> ids;
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    const std::string& t = *term;
    std::string id = t.substr(id_prefix.size(), t.rfind('@') - id_prefix.size());
    if (!ids.empty() && ids.back() == id) continue; // the same clause in another language
    std::vector<std::pair<std::string, std::string>> segments; // (kind, value), lower-case value
    for (std::size_t at = instrument.size() + 1, next;; at = next + 2) {
      next = id.find("__", at);
      const std::string segment = id.substr(at, next == std::string::npos ? std::string::npos : next - at);
      const auto underscore = segment.find('_');
      segments.emplace_back(segment.substr(0, underscore),
                            underscore == std::string::npos ? "" : text::ascii_lower(segment.substr(underscore + 1)));
      if (next == std::string::npos) break;
    }
    const bool referred = std::any_of(units.begin(), units.end(), [&](const UnitReference& unit) {
      if (segments.size() < unit.parts.size() + 1) return false;
      const std::size_t at = segments.size() - unit.parts.size() - 1;
      if (std::find(unit.kinds.begin(), unit.kinds.end(), segments[at].first) == unit.kinds.end() ||
          segments[at].second != unit.number)
        return false;
      for (std::size_t k = 0; k < unit.parts.size(); ++k)
        if (segments[at + 1 + k].second != unit.parts[k]) return false;
      return true;
    });
    if (referred) ids.push_back(std::move(id));
  }
  return ids;
}

/// The id terms of a clause's documents, one a language it is held in.
std::vector<std::string> clause_id_terms(const Xapian::Database& db, const std::string& clause_id) {
  const std::string prefix = std::string(prefix::id) + prefix::clause_key(clause_id, "");
  return {db.allterms_begin(prefix), db.allterms_end(prefix)};
}

/// Of a clause's id terms, the one in the first of `languages` it is held in, else the first;
/// empty when there is none.
std::string in_preferred_language(const std::vector<std::string>& terms, const std::vector<std::string>& languages) {
  for (const auto& language : languages)
    for (const auto& term : terms)
      if (term.ends_with("@" + language)) return term;
  return terms.empty() ? "" : terms.front();
}

/// What a query names: instruments, jurisdictions and units of the instruments.
struct QueryNames {
  std::string rest; ///< the query without the instrument and jurisdiction names
  std::vector<NamedInstrument> instruments;
  std::vector<NamedJurisdiction> jurisdictions;
  std::vector<UnitReference> units; ///< the units the query refers to by number, when it names an instrument
  bool only_instruments = false;  ///< the query is instrument names and nothing else ("Law 25")
};

/// The names of the instruments and jurisdictions of the index at `path`
/// (slot::k_instrument_names_key_prefix, slot::k_jurisdiction_names_key_prefix), read once per
/// build (shared_per_index), and what a query names with them (NameTable::named_in).
class NameTable {
public:
  static std::shared_ptr<const NameTable> of(const Xapian::Database& db, const std::string& path) {
    return shared_per_index<NameTable>(path, [&] {
      auto table = std::make_shared<NameTable>();
      std::map<std::vector<std::string>, Owners> instruments_by_name;
      for (const auto& [key_prefix, by_name] : {std::pair{slot::k_instrument_names_key_prefix, &instruments_by_name},
                                                std::pair{slot::k_jurisdiction_names_key_prefix, &table->m_jurisdictions}}) {
        const std::string prefix(key_prefix);
        const bool of_instruments = by_name == &instruments_by_name;
        for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
          const std::string owner = (*key).substr(prefix.size());
          // An instrument no document of this build belongs to (no clause of it, no cell or value
          // citing it) has nothing to rank first: its name stays words of the query.
          if (of_instruments && !db.term_exists(std::string(prefix::instrument) + owner)) continue;
          std::istringstream names(db.get_metadata(*key));
          for (std::string name; std::getline(names, name, '\t');) {
            auto words = name_words(name);
            if (words.empty()) continue;
            Owners& owners = (*by_name)[std::move(words)];
            owners.ids.insert(owner);
            // "US" is a country only as written: "tell us" is not.
            owners.capitals_only = name.size() <= 2 && std::all_of(name.begin(), name.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
          }
        }
      }
      // The instruments a query of names alone can list: those with clauses in this build.
      for (const auto& [name, owners] : instruments_by_name)
        for (const auto& id : owners.ids) {
          if (table->m_with_clauses.count(id) > 0) continue;
          Xapian::Enquire clauses(db);
          clauses.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(std::string(prefix::instrument) + id),
                                          Xapian::Query(std::string(prefix::doctype) + "clause")));
          if (!clauses.get_mset(0, 1).empty()) table->m_with_clauses.insert(id);
        }
      table->m_instruments.assign(instruments_by_name.begin(), instruments_by_name.end());
      // Longest first, so that "UK GDPR" is found before "GDPR" and "Colorado AI Act" before "AI Act".
      std::stable_sort(table->m_instruments.begin(), table->m_instruments.end(),
                       [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
      return table;
    });
  }

  /// The instrument and jurisdiction names a query holds, and the query without them. A name
  /// counts when its words are words of the query; a CJK instrument name anywhere in it. A
  /// jurisdiction named just before an instrument name ("Korea AI Basic Act") narrows it to that
  /// jurisdiction's instruments and goes with it; a name that jurisdiction has no instrument by
  /// ("Japan AI Act") is left as words. A query of instrument names alone ("Law 25") names those
  /// with clauses in the build, with only_instruments set. The query is unchanged, and names
  /// nothing, when it holds quotes, brackets (other than a unit's parts: "article 22(1)") or
  /// operators, whose structure taking words out could break, or when it is jurisdiction names
  /// alone.
  QueryNames named_in(const std::string& query) const {
    QueryNames none{query, {}, {}, {}};
    if (m_instruments.empty()) return none;
    std::pair<std::vector<UnitReference>, std::string> units = unit_references(query);
    const std::string& unbracketed = units.second;
    if (unbracketed.find_first_of("\"()") != std::string::npos) return none;
    const std::vector<std::string> words = split_words(unbracketed);
    std::vector<std::string> folded;
    for (const auto& w : words) {
      // NEAR and ADJ are words by now (without_proximity_operators).
      if (w == "AND" || w == "OR" || w == "NOT" || w == "XOR") return none;
      folded.push_back(name_word(w));
    }
    std::vector<bool> taken(words.size(), false);
    QueryNames found;
    const auto spelled = [&](std::size_t first, std::size_t end) {
      std::string name;
      for (std::size_t k = first; k < end; ++k) {
        name += (name.empty() ? "" : " ") + words[k];
        taken[k] = true;
      }
      return name;
    };
    for (std::size_t i = 0; i < words.size(); ++i)
      for (const auto& [name, owners] : m_instruments) {
        if (!words_at(name, owners, words, folded, taken, i)) continue;
        std::vector<std::string> ids(owners.ids.begin(), owners.ids.end());
        std::size_t first = i;
        // Not a structured binding: clang 14 (the fuzzing build) cannot capture one in a lambda.
        if (const std::pair<std::string, std::size_t> before = jurisdiction_before(words, folded, taken, i); before.second > 0) {
          const std::string prefix = before.first + "/";
          std::erase_if(ids, [&](const std::string& id) { return !id.starts_with(prefix); });
          if (ids.empty()) continue;
          first = i - before.second;
        }
        std::string spelling = spelled(first, i + name.size());
        // A name said twice is named once.
        if (std::none_of(found.instruments.begin(), found.instruments.end(), [&](const auto& n) { return n.instruments == ids; }))
          found.instruments.push_back({std::move(spelling), std::move(ids)});
        i += name.size() - 1;
        break;
      }
    for (std::size_t i = 0; i < words.size(); ++i)
      for (const auto& [name, owners] : m_jurisdictions)
        if (owners.ids.size() == 1 && words_at(name, owners, words, folded, taken, i)) {
          std::string spelling = spelled(i, i + name.size());
          const std::string& code = *owners.ids.begin();
          if (std::none_of(found.jurisdictions.begin(), found.jurisdictions.end(), [&](const auto& n) { return n.jurisdiction == code; }))
            found.jurisdictions.push_back({std::move(spelling), code});
          i += name.size() - 1;
          break;
        }
    for (std::size_t k = 0; k < words.size(); ++k) {
      if (taken[k]) continue;
      const std::string cut = cut_cjk_names(words[k], found.instruments);
      if (!cut.empty()) found.rest += (found.rest.empty() ? "" : " ") + cut;
    }
    const bool words_left = std::any_of(found.rest.begin(), found.rest.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    });
    if (found.instruments.empty() && found.jurisdictions.empty()) return none;
    if (!words_left) {
      // Only instruments with clauses can be listed; the words of another name are searched.
      for (auto& instrument : found.instruments)
        std::erase_if(instrument.instruments, [&](const std::string& id) { return m_with_clauses.count(id) == 0; });
      std::erase_if(found.instruments, [](const NamedInstrument& n) { return n.instruments.empty(); });
      if (found.instruments.empty() || !found.jurisdictions.empty()) return none;
      found.rest = unbracketed;
      found.only_instruments = true;
      return found;
    }
    if (!found.instruments.empty()) found.units = std::move(units.first);
    return found;
  }

private:
  struct Owners {
    std::set<std::string> ids; ///< instruments, or jurisdiction codes
    bool capitals_only = false;
  };

  static std::vector<std::string> name_words(const std::string& name) {
    std::vector<std::string> words;
    for (const auto& w : split_words(name))
      if (auto f = name_word(w); !f.empty()) words.push_back(std::move(f));
    return words;
  }

  /// Whether the words from `start` spell `name` and none of them is taken yet.
  static bool words_at(const std::vector<std::string>& name, const Owners& owners, const std::vector<std::string>& words,
                       const std::vector<std::string>& folded, const std::vector<bool>& taken, std::size_t start) {
    if (start + name.size() > words.size()) return false;
    for (std::size_t k = 0; k < name.size(); ++k)
      if (taken[start + k] || folded[start + k] != name[k] ||
          (owners.capitals_only && text::ascii_lower(words[start + k]) == words[start + k]))
        return false;
    return true;
  }

  /// The jurisdiction whose name the words just before `end` spell, and how many words it takes;
  /// length 0 when none.
  std::pair<std::string, std::size_t> jurisdiction_before(const std::vector<std::string>& words,
                                                          const std::vector<std::string>& folded,
                                                          const std::vector<bool>& taken, std::size_t end) const {
    std::pair<std::string, std::size_t> best{"", 0};
    for (const auto& [name, owners] : m_jurisdictions)
      if (name.size() <= end && name.size() > best.second && owners.ids.size() == 1 &&
          words_at(name, owners, words, folded, taken, end - name.size()))
        best = {*owners.ids.begin(), name.size()};
    return best;
  }

  /// `word` without the CJK instrument names it holds, each added to `named` once
  /// ("个人信息保护法第十三条").
  std::string cut_cjk_names(std::string word, std::vector<NamedInstrument>& named) const {
    if (!text::has_cjk(word)) return word;
    for (const auto& [words, owners] : m_instruments) {
      if (words.size() != 1 || !text::has_cjk(words[0])) continue;
      const std::string& name = words[0];
      // ascii_lower keeps byte offsets; a CJK name's Latin letters ("AI推進法") are plain ASCII.
      for (std::size_t pos; (pos = text::ascii_lower(word).find(name)) != std::string::npos;) {
        word.replace(pos, name.size(), " ");
        if (std::none_of(named.begin(), named.end(), [&](const auto& n) { return n.name == name; }))
          named.push_back({name, std::vector<std::string>(owners.ids.begin(), owners.ids.end())});
      }
    }
    return word;
  }

  std::vector<std::pair<std::vector<std::string>, Owners>> m_instruments; ///< longest name first
  std::map<std::vector<std::string>, Owners> m_jurisdictions; ///< by name words
  std::set<std::string> m_with_clauses; ///< named instruments with clauses in the build
};

/// The query with each plain ASCII word that the index holds only with diacritics
/// ("evaluation des risques": "évaluation"), or that the query's `language` is likely to write
/// with them, read as the word or any of its accented forms (at most four); stopwords are left
/// alone. Unchanged when it holds quotes or brackets, whose structure a replacement could break.
std::string with_accented_forms(const std::string& query, bool likely, const Xapian::Database& db,
                                const AccentedWords& accented) {
  constexpr std::size_t k_forms = 4;
  if (query.find_first_of("\"()") != std::string::npos) return query;
  std::string out;
  for (std::size_t i = 0; i < query.size();) {
    std::size_t end = i;
    while (end < query.size() && std::isalpha(static_cast<unsigned char>(query[end]))) ++end;
    if (end == i) {
      out += query[i++];
      continue;
    }
    const bool ascii_word = (i == 0 || static_cast<unsigned char>(query[i - 1]) < 0x80) &&
                            (end == query.size() || static_cast<unsigned char>(query[end]) < 0x80);
    const std::string word = text::ascii_lower(query.substr(i, end - i));
    // A stopword stays one ("des" is not "dès").
    const bool stopword = (*stopper_for({"en", "fr", "pt"}))(word);
    const auto found = ascii_word && !stopword && word.size() > 2 ? accented.find(word) : accented.end();
    if (found != accented.end() && (likely || !db.term_exists(word))) {
      out += " (" + word;
      for (std::size_t k = 0; k < found->second.size() && k < k_forms; ++k) out += " OR " + found->second[k];
      out += ") ";
    } else {
      out += query.substr(i, end - i);
    }
    i = end;
  }
  return out;
}

} // namespace

std::vector<std::string> search_names(const Instrument& instrument) {
  std::vector<std::string> names;
  const auto add = [&](const std::string& name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const std::string* name : {&instrument.short_name.en, &instrument.short_name.fr}) {
    add(*name);
    if (const auto bracket = name->find(" ("); bracket != std::string::npos && name->ends_with(")"))
      add(name->substr(0, bracket));
  }
  for (const auto& alias : instrument.aliases) add(alias);
  return names;
}

struct Searcher::Impl {
  Xapian::Database db;
  std::filesystem::path path;
  AnaloguesOf analogues_of;
  std::shared_ptr<const AccentedWords> accented; ///< read on first use (accented_words)
  std::shared_ptr<const FacetTable> facets;      ///< read on first use (FacetTable::of)
  std::shared_ptr<const InstrumentsFacts> instruments; ///< read on first use (instruments_facts)
  std::shared_ptr<const NameTable> names;             ///< read on first use (NameTable::of)

  /// The build's facet table, read on first use.
  const std::shared_ptr<const FacetTable>& facet_table() {
    if (!facets) facets = FacetTable::of(db, path.string());
    return facets;
  }

  /// `q` restricted to the documents in `language` by a filter on the language's term.
  static Xapian::Query in_language_by_term(const Xapian::Query& q, const std::string& language) {
    return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(std::string(prefix::language) + language));
  }

  /// `q` restricted to the documents in `language`, to be counted: by InLanguage, unless `q`
  /// checks positions. Xapian checks a phrase's positions before a posting source's filter, but
  /// after a term's: a phrase of English words read as French was checked in every English
  /// document holding them (twice the time of "conformity assessment" at 100k clauses).
  Xapian::Query in_language(const Xapian::Query& q, const std::string& language) {
    const auto number = facet_table()->language_number(language);
    if (!number || checks_positions(q)) return in_language_by_term(q, language);
    const Xapian::doccount size = db.get_termfreq(std::string(prefix::language) + language);
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         Xapian::Query((new InLanguage(facet_table(), *number, language, size))->release()));
  }

  /// A parser for `language` that drops the stopwords of `stop_languages` (its own, by default).
  Xapian::QueryParser parser(const std::string& language, bool stem, Xapian::Query::op default_op,
                             const std::set<std::string>& stop_languages = {}) const {
    Xapian::QueryParser parser;
    parser.set_database(db);
    const auto stemmer = text::stemmer_name(language);
    if (stem && stemmer != "none") {
      parser.set_stemmer(Xapian::Stem(std::string(stemmer)));
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    }
    if (const auto* stopper = stopper_for(stop_languages.empty() ? std::set<std::string>{language} : stop_languages))
      parser.set_stopper(stopper);
    parser.set_max_expansion(100, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    parser.set_default_op(default_op);
    return parser;
  }

  static constexpr unsigned k_flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                                      Xapian::QueryParser::FLAG_CJK_NGRAM;

  /// One language's reading of the query, restricted to that language's documents: `all_words`
  /// matches the documents with every word of it (and, for a CJK run, every character pair),
  /// `any_word` those with any of them. Both weigh k_unlikely_language_weight as much when the
  /// query is not `likely` written in this language. A nearness boost (OP_NEAR over the words,
  /// or OP_PHRASE) measured no better on the tune split of bench/relevance, tripled the search
  /// time at 100k clauses (bench/RESULTS.md) and makes MSet::snippet stop at the second
  /// occurrence; a quoted phrase is still a phrase.
  struct Parsed {
    Xapian::Query all_words, any_word;
    bool one_word; ///< the two are the same query (one word, or one phrase)
  };

  Parsed parse(const std::string& query, const std::string& language, bool likely,
               const std::set<std::string>& stop_languages) {
    const std::string prepared = prepare(query, language);
    const bool cjk = text::has_cjk(query);
    Xapian::Query all = parser(language, true, Xapian::Query::OP_AND, stop_languages)
                            .parse_query(text::bracket_cjk_runs(prepared), k_flags);
    Xapian::Query any = parser(language, true, Xapian::Query::OP_OR, stop_languages)
                            .parse_query(cjk ? segment_cjk(prepared) : prepared, k_flags);
    if (!likely) {
      all = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, k_unlikely_language_weight);
      any = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any, k_unlikely_language_weight);
    }
    // The all-words reading ranks the first tier, where the language's term filters faster at
    // p99 (Xapian skips by weight through it); the any-word reading is counted and ranks the second.
    return {in_language_by_term(all, language), in_language(any, language), all.get_description() == any.get_description()};
  }

  /// A lexicon wording of the other language, all of its words required, restricted to that
  /// language. (As a phrase it ranked no better on the tune split and cost a positional check of
  /// every document holding its words: 2.5x the search time of "risk management system" at 100k
  /// clauses.)
  Xapian::Query parse_synonym(const std::string& wording, const std::string& language) {
    return in_language(parser(language, true, Xapian::Query::OP_AND).parse_query(prepare_query(wording, language), k_flags),
                       language);
  }

  /// Categories the query asks about: those of the lexicon concepts it names.
  static std::set<std::string> named_categories(const std::vector<Mention>& mentions) {
    std::set<std::string> out;
    for (const auto& mention : mentions)
      if (!mention.found->entry->category.empty()) out.insert(mention.found->entry->category);
    return out;
  }

  /// For every lexicon concept the query names, its wordings in English and French (the
  /// readers' languages, in which every jurisdiction's texts can be read), among `languages` (all
  /// when empty): all of them in a language the query does not name it in as it is written (an
  /// unaccented "incident de confidentialite" gets "incident de confidentialité"); the others in
  /// a language it names it in and is `likely` written in ("AI system" gets "artificial
  /// intelligence system": on the tune split of bench/relevance, English 0.566 to 0.576, French
  /// 0.433 to 0.429); none in a language it names it in by accident of spelling ("incident" is
  /// also English).
  static std::vector<std::pair<std::string, std::string>> synonyms(const std::vector<Mention>& mentions,
                                                                   const std::vector<std::string>& languages,
                                                                   const std::set<std::string>& likely) {
    std::vector<std::pair<std::string, std::string>> out; // (language, wording)
    std::set<std::string> seen;
    for (const auto& mention : mentions)
      for (const char* target : k_reader_languages) {
        if (!languages.empty() && std::find(languages.begin(), languages.end(), target) == languages.end()) continue;
        const auto named_as_written = [&](const std::string* wording) {
          return std::any_of(mentions.begin(), mentions.end(), [&](const Mention& m) {
            return m.found->entry == mention.found->entry && *m.found->language == target && !m.unaccented &&
                   (wording == nullptr || *m.found->wording == *wording);
          });
        };
        if (named_as_written(nullptr) && likely.count(target) == 0) continue;
        for (const auto& wording : mention.found->entry->in(target))
          if (!named_as_written(&wording) && seen.insert(std::string(target) + ":" + wording).second)
            out.emplace_back(target, wording);
      }
    return out;
  }
};

Searcher::Searcher(const std::filesystem::path& xapian_dir, AnaloguesOf analogues_of) : m_impl(std::make_unique<Impl>()) {
  m_impl->path = xapian_dir;
  m_impl->analogues_of = std::move(analogues_of);
  try {
    m_impl->db = Xapian::Database(xapian_dir.string());
    if (const std::string layout = m_impl->db.get_metadata(std::string(slot::k_layout_key)); layout != slot::k_layout)
      throw DataError("the search index " + xapian_dir.string() + " was written " +
                      (layout.empty() ? std::string("by an older Cadre") : "in layout " + layout) + ", this Cadre reads layout " +
                      std::string(slot::k_layout) + ": rebuild it with `cadre index`");
  } catch (const Xapian::Error& e) {
    throw DataError("cannot open the search index " + xapian_dir.string() + ": " + e.get_description() +
                    "; rebuild it with `cadre index`");
  }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) const {
  std::string query = request.query;
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.back()))) query.pop_back();
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.front()))) query.erase(0, 1);
  if (query.empty()) throw UserError("the search query is empty: give one or more words", "q");
  if (query.size() > static_cast<std::size_t>(k_max_query_bytes))
    throw UserError("the search query is longer than " + std::to_string(k_max_query_bytes) + " bytes: shorten it", "q");
  if (!text::is_valid_utf8(query)) throw UserError("the search query is not valid UTF-8", "q");
  if (request.page < 1 || request.page > k_max_page)
    throw UserError("page must be between 1 and " + std::to_string(k_max_page), "page");
  if (request.page_size < 1 || request.page_size > k_max_page_size)
    throw UserError("page_size must be between 1 and " + std::to_string(k_max_page_size), "page_size");
  for (const auto& lang : request.languages)
    if (std::find(k_all_languages.begin(), k_all_languages.end(), lang) == k_all_languages.end())
      throw UserError("unknown language '" + lang + "': use one of en, fr, pt, zh, ja, ko", "lang");
  if (!request.type.empty() && request.type != "clause" && request.type != "cell" && request.type != "provision")
    throw UserError("type must be 'clause', 'cell' or 'provision'", "type");

  // A filter value that matches nothing in this build is a mistake, not an empty answer.
  const auto check_values = [&](const std::vector<std::string>& values, std::string_view prefix, const char* what,
                                const char* parameter) {
    for (const auto& v : values)
      if (v.empty() || !m_impl->db.term_exists(std::string(prefix) + v))
        throw UserError("unknown " + std::string(what) + " '" + v + "': no clause or analysis of this build has it", parameter);
  };
  try {
    check_values(request.jurisdictions, prefix::jurisdiction, "jurisdiction", "jurisdictions");
    check_values(request.instruments, prefix::instrument, "instrument", "instruments");
    check_values(request.statuses, prefix::status, "status", "statuses");
    check_values(request.kinds, prefix::kind, "jurisdiction kind", "kinds");
  } catch (const Xapian::Error& e) {
    throw DataError("search failed in " + m_impl->path.string() + ": " + e.get_description());
  }
  for (const auto& c : request.categories)
    if (std::none_of(schema().categories.begin(), schema().categories.end(), [&](const auto& k) { return k.id == c; }))
      throw UserError("unknown category '" + c + "': use one of the seven category ids (GET /api/v1/categories)", "categories");

  SearchResults results;
  results.query = query;
  results.page = request.page;
  results.page_size = request.page_size;
  try {
    // A query without CJK characters cannot match zh/ja/ko text: skip those parses unless asked.
    // Not a structured binding: clang 14 (the fuzzing build) cannot capture one in a lambda.
    const std::pair<std::string, bool> stripped = strip_definition_opening(without_proximity_operators(query));
    const bool definitional = stripped.second;
    // Instrument and jurisdiction names are not words to find: their results rank first instead.
    if (!m_impl->names) m_impl->names = NameTable::of(m_impl->db, m_impl->path.string());
    const QueryNames named = m_impl->names->named_in(stripped.first);
    const std::string& asked = named.rest;
    results.named_instruments = named.instruments;
    results.named_jurisdictions = named.jurisdictions;
    // A query of instrument names alone ("Law 25", "GDPR") lists their clauses in the order of
    // their texts, as a table of contents: their words would match other laws' "25" and
    // "GDPR", so they are not read as words at all.
    results.lists_named_instruments = named.only_instruments && (request.type.empty() || request.type == "clause");
    const bool cjk = text::has_cjk(asked);
    const bool lone_cjk_term = cjk && has_lone_cjk_character(asked);
    const auto& languages = request.languages.empty() ? k_all_languages : request.languages;
    // Languages the reader chose, and CJK ones, are taken as the query's; otherwise its marks say.
    const auto mentions = mentions_in(asked);
    const std::set<std::string> likely = likely_languages(asked, lexicon_marks(mentions));
    std::vector<Xapian::Query> all_words, any_word;
    bool one_word = true; // in every reading: one word, or one phrase
    // The terms each language reads the query as (its own reading, and the lexicon wordings in
    // that language): what a hit in that language may highlight (unmark_foreign_words).
    std::map<std::string, std::set<std::string>> terms_by_language;
    const auto read_in = [&](const std::string& language, const Xapian::Query& q) {
      for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) terms_by_language[language].insert(*t);
    };
    // The French and Portuguese readings' query (with_accented_forms), by whether the reading's
    // language is likely the query's: the two readings share it.
    std::optional<std::string> accented_reading[2];
    for (const auto& lang : languages)
      if (!results.lists_named_instruments && (cjk || !text::is_cjk_language(lang) || !request.languages.empty())) {
        // A stopword of the language the query is likely written in ("et", "des") means nothing in
        // its other readings either: dropped from them too.
        std::set<std::string> stop_languages = {lang};
        if (request.languages.empty() && !text::is_cjk_language(lang)) stop_languages.insert(likely.begin(), likely.end());
        const bool likely_lang = !request.languages.empty() || text::is_cjk_language(lang) || likely.count(lang) > 0;
        // French and Portuguese are often typed without their accents.
        const std::string* reading = &asked;
        if (!cjk && (lang == "fr" || lang == "pt")) {
          auto& accented = accented_reading[likely_lang];
          if (!accented) {
            if (!m_impl->accented) m_impl->accented = accented_words(m_impl->db, m_impl->path.string());
            accented = with_accented_forms(asked, likely_lang, m_impl->db, *m_impl->accented);
          }
          reading = &*accented;
        }
        auto parsed = m_impl->parse(*reading, lang, likely_lang, stop_languages);
        one_word = one_word && parsed.one_word;
        all_words.push_back(std::move(parsed.all_words));
        read_in(lang, parsed.any_word);
        any_word.push_back(std::move(parsed.any_word));
      }
    const Xapian::Query all_main(Xapian::Query::OP_OR, all_words.begin(), all_words.end());
    const Xapian::Query any_main(Xapian::Query::OP_OR, any_word.begin(), any_word.end());
    // A match of every word weighs as its words twice: once as any words, once as all of them (the
    // weight an all-words match had when both tiers were one ranking, which the tune split of
    // bench/relevance measured).
    const Xapian::Query all_main_weighted = one_word ? all_main : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all_main, 2);

    // English and French wordings of the lexicon concepts the query names, found and marked,
    // ranked below the query's own words.
    std::vector<Xapian::Query> synonym_queries;
    for (const auto& [lang, term] : results.lists_named_instruments ? std::vector<std::pair<std::string, std::string>>{}
                                                                    : Impl::synonyms(mentions, request.languages, likely)) {
      synonym_queries.push_back(m_impl->parse_synonym(term, lang));
      read_in(lang, synonym_queries.back());
      results.synonyms_used.push_back(lang + ":" + term);
    }
    const Xapian::Query synonyms(Xapian::Query::OP_SCALE_WEIGHT,
                                 Xapian::Query(Xapian::Query::OP_OR, synonym_queries.begin(), synonym_queries.end()),
                                 k_synonym_weight);
    const auto with_synonyms = [&](const Xapian::Query& q) {
      return synonym_queries.empty() ? q : Xapian::Query(Xapian::Query::OP_OR, q, synonyms);
    };

    // Clauses the query asks about gain a fixed weight on top: those of a definitions unit when
    // it asks what a term means, and once more the one defining the term (named as asked, or in
    // any wording of a lexicon concept the query names); otherwise those tagged with the
    // categories of the lexicon concepts it names.
    std::vector<Xapian::Query> tagged, defining;
    std::uint32_t named_categories = 0;
    if (definitional) {
      tagged.emplace_back(std::string(prefix::defines) + std::string(prefix::any_definition));
      std::set<std::string> keys;
      for (const auto& lang : languages) keys.insert(prefix::defined_term(text::defined_term_key(asked, lang)));
      for (const auto& mention : mentions)
        for (const auto& [lang, wordings] : mention.found->entry->wordings)
          for (const auto& wording : wordings) keys.insert(prefix::defined_term(text::defined_term_key(wording, lang)));
      keys.erase(prefix::defined_term(""));
      defining.assign(keys.begin(), keys.end());
    } else {
      named_categories = m_impl->facet_table()->category_mask(Impl::named_categories(mentions));
    }
    const auto fixed_weight = [](double weight, const std::vector<Xapian::Query>& terms) {
      return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                           Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    };
    const auto with_bonus = [&](const Xapian::Query& q) {
      if (named_categories != 0)
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                             Xapian::Query((new CategoryBonus(m_impl->facet_table(), named_categories, k_named_category_bonus))->release()));
      if (tagged.empty()) return q;
      Xapian::Query bonus = fixed_weight(k_definitions_bonus, tagged);
      if (!defining.empty())
        bonus = Xapian::Query(Xapian::Query::OP_OR, bonus, fixed_weight(k_defines_term_bonus, defining));
      return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, bonus);
    };

    std::vector<Xapian::Query> filters;
    if (!request.jurisdictions.empty()) filters.push_back(filter_of(prefix::jurisdiction, request.jurisdictions));
    if (!request.categories.empty()) filters.push_back(filter_of(prefix::category, request.categories));
    if (!request.instruments.empty()) filters.push_back(filter_of(prefix::instrument, request.instruments));
    if (!request.statuses.empty()) filters.push_back(filter_of(prefix::status, request.statuses));
    if (!request.kinds.empty()) filters.push_back(filter_of(prefix::kind, request.kinds));
    if (!request.type.empty()) filters.push_back(filter_of(prefix::doctype, {request.type}));
    const auto filtered = [&](const Xapian::Query& q) {
      return filters.empty() ? q
                             : Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    };

    // Two tiers, each ranked by weight: the matches with every word of the query in one of its
    // readings, then the others (some of the words, or only a lexicon wording of the other
    // language). The second tier is looked at only when the first cannot fill the page, so a query
    // of common words costs an all-words match, not a walk of every posting of every word
    // (bench/RESULTS.md, "Search in two tiers"). The lexicon wordings weigh in the second tier
    // only. They word what the query names in the other reader language (or in its own with the
    // accents the reading already holds), so a first-tier hit seldom holds one: they changed no
    // first-tier ranking of the tune split, and checking them for every candidate was about 15 %
    // of the p99 search time at a million clauses.
    //
    // Every match in an instrument the query names is in the first tier, above the others (a
    // fixed weight), whether it has all the words, some, or only a lexicon wording: "Loi 25
    // consentement" asks for that law's clauses on consent, which Cadre holds in English only.
    // So is every match in a jurisdiction it names ("Brazil regulatory sandbox"). A unit of a named
    // instrument that the query refers to by number ("GDPR article 22") comes before them all,
    // whatever its words, followed by the clauses of other jurisdictions comparable to it
    // (m_impl->analogues_of), best first: what a reader comparing jurisdictions looks at next.
    std::vector<Xapian::Query> named_terms, unit_terms, analogue_queries, analogue_terms;
    std::map<std::string, std::string> analogue_of; // clause id -> the named unit's
    std::set<std::string> named_unit_ids;
    std::vector<std::string> analogue_languages = request.languages; // in order of preference
    if (cjk) analogue_languages.insert(analogue_languages.end(), {"zh", "ja", "ko"});
    else analogue_languages.insert(analogue_languages.end(), likely.begin(), likely.end());
    analogue_languages.insert(analogue_languages.end(), std::begin(k_reader_languages), std::end(k_reader_languages));
    for (const auto& instrument : results.named_instruments)
      for (const auto& id : instrument.instruments) {
        named_terms.emplace_back(std::string(prefix::instrument) + id);
        if (named.units.empty()) continue;
        for (const auto& unit : unit_clause_ids(m_impl->db, id, named.units)) {
          named_unit_ids.insert(unit);
          for (auto& term : clause_id_terms(m_impl->db, unit)) unit_terms.emplace_back(std::move(term));
          if (!m_impl->analogues_of) continue;
          for (const auto& analogue : m_impl->analogues_of(unit)) {
            if (!analogue_of.emplace(analogue, unit).second) continue;
            // One language version, the reader's: a comparison needs each clause once.
            const std::string term = in_preferred_language(clause_id_terms(m_impl->db, analogue), analogue_languages);
            if (term.empty()) continue;
            analogue_terms.emplace_back(term);
            analogue_queries.push_back(fixed_weight(k_analogue_bonus - static_cast<double>(analogue_queries.size()), {analogue_terms.back()}));
          }
        }
      }
    for (const auto& jurisdiction : results.named_jurisdictions)
      named_terms.emplace_back(std::string(prefix::jurisdiction) + jurisdiction.jurisdiction);
    const bool names_something = !named_terms.empty();
    const Xapian::Query in_named(Xapian::Query::OP_OR, named_terms.begin(), named_terms.end());
    Xapian::Query first_match = all_main_weighted;
    if (names_something)
      first_match = Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                                  with_bonus(Xapian::Query(Xapian::Query::OP_OR, all_main_weighted,
                                                           Xapian::Query(Xapian::Query::OP_FILTER, with_synonyms(any_main), in_named))),
                                  fixed_weight(k_named_bonus, named_terms));
    else
      first_match = with_bonus(first_match);
    if (!unit_terms.empty())
      first_match = Xapian::Query(Xapian::Query::OP_OR, first_match, fixed_weight(2 * k_named_bonus, unit_terms));
    for (const auto& analogue : analogue_queries) first_match = Xapian::Query(Xapian::Query::OP_OR, first_match, analogue);
    const Xapian::Query listing =
        filtered(Xapian::Query(Xapian::Query::OP_FILTER, in_named, Xapian::Query(std::string(prefix::doctype) + "clause")));
    const Xapian::Query first_tier = results.lists_named_instruments ? listing : filtered(first_match);
    const bool has_second_tier = !results.lists_named_instruments && (!one_word || !synonym_queries.empty());
    const Xapian::Query second_tier = filtered(Xapian::Query(
        Xapian::Query::OP_AND_NOT, with_bonus(with_synonyms(any_main)),
        names_something ? Xapian::Query(Xapian::Query::OP_OR, all_main, in_named) : all_main));
    results.parsed_query = has_second_tier ? first_tier.get_description() + " THEN " + second_tier.get_description()
                                           : first_tier.get_description();

    // `total` and the facets count the matches of both tiers (one per collapse key) without
    // weights, in index order. Counting every match walks every posting of every word: at a
    // million clauses that is most of a search's time for common words, so the count stops after
    // k_counted_matches documents and is then a lower bound (total_is_exact false), the same on
    // every page.
    Xapian::Enquire counter(m_impl->db);
    // Units and their analogues are matches whatever their words.
    std::vector<Xapian::Query> referred = unit_terms;
    referred.insert(referred.end(), analogue_terms.begin(), analogue_terms.end());
    counter.set_query(results.lists_named_instruments ? listing
                      : filtered(referred.empty() ? with_synonyms(any_main)
                                                  : Xapian::Query(Xapian::Query::OP_OR, with_synonyms(any_main),
                                                                  Xapian::Query(Xapian::Query::OP_OR, referred.begin(), referred.end()))));
    counter.set_weighting_scheme(Xapian::BoolWeight());
    if (!m_impl->instruments) m_impl->instruments = instruments_facts(m_impl->db, m_impl->path.string());
    MatchCounter counts(*m_impl->facet_table());
    counter.add_matchspy(&counts);
    const Xapian::MSet counted = counter.get_mset(0, 0, k_counted_matches);
    results.total = counts.total;
    // The matcher stops early only after examining k_counted_matches documents.
    results.total_is_exact = counts.examined < static_cast<long long>(k_counted_matches) ||
                             counts.examined >= static_cast<long long>(counted.get_matches_upper_bound());

    // Text terms of the user's own query: stemmed (Z…) or unprefixed; boolean filter terms
    // (L…, X…) match every document and say nothing about how it matched.
    std::set<std::string> main_terms;
    for (auto t = any_main.get_terms_begin(); t != any_main.get_terms_end(); ++t)
      if ((*t)[0] == 'Z' || !std::isupper(static_cast<unsigned char>((*t)[0]))) main_terms.insert(*t);
    // `maybe_via_synonym`: a lexicon wording alone may have found the hit (a first-tier hit holds
    // every word of one of the query's readings, unless it is in an instrument the query names).
    const auto to_hit = [&](const Xapian::Enquire& enquire, const Xapian::MSet& mset, const Xapian::MSetIterator& it,
                            bool maybe_via_synonym) {
      const Xapian::Document document = it.get_document();
      const DocData d = decode(document.get_data());
      SearchHit hit;
      hit.type = d.type;
      hit.id = d.id;
      hit.language = d.language;
      hit.jurisdiction = d.jurisdiction;
      hit.instrument = d.instrument;
      if (const auto facts = m_impl->instruments->find(d.instrument); facts != m_impl->instruments->end()) {
        for (const auto& copy : facts->second.copies)
          if (copy != d.instrument) hit.also_in.push_back(copy);
        if (hit.type == "clause") hit.status = facts->second.status;
      }
      if (const auto unit = analogue_of.find(d.id); unit != analogue_of.end()) hit.analogue_of = unit->second;
      hit.category = d.category;
      hit.label = d.label;
      hit.heading = d.heading;
      hit.score = it.get_percent();
      // A listed clause, a unit named by number and its analogues open with their first words:
      // what they are, not where "article" or a number occurs in them, is why they are here.
      if (results.lists_named_instruments || !hit.analogue_of.empty() || named_unit_ids.count(d.id) > 0) {
        hit.snippet_html = text::escape_html(text::excerpt(d.text, k_snippet_bytes));
        return hit;
      }
      const auto stemmer = text::stemmer_name(d.language);
      // No background model: it looks up the frequency of every word of every hit and was ~90 %
      // of the search time (bench/RESULTS.md); the first best-scoring fragment is good enough.
      unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
      if (text::is_cjk_language(d.language)) flags |= Xapian::MSet::SNIPPET_CJK_NGRAM;
      // Snippets are cut from the text as indexed (elisions split), then shown as written; a
      // CJK match is a run of highlighted single characters, merged into one <mark>.
      const Xapian::Stem stem = stemmer == "none" ? Xapian::Stem() : Xapian::Stem(std::string(stemmer));
      std::string snippet = mset.snippet(prepare(d.text, d.language), k_snippet_bytes, stem, flags, "<mark>", "</mark>", "…");
      // A wildcard's expansions are not among the query's terms: its marks are all kept.
      if (const auto terms = terms_by_language.find(d.language);
          terms != terms_by_language.end() && !text::is_cjk_language(d.language) && asked.find('*') == std::string::npos)
        snippet = unmark_foreign_words(snippet, terms->second, stem);
      if (d.language == "fr") snippet = text::restore_elisions(snippet);
      // Adjacent matches read as one: "<mark>human oversight</mark>".
      for (std::size_t pos; (pos = snippet.find("</mark><mark>")) != std::string::npos;) snippet.erase(pos, 13);
      for (std::size_t pos; (pos = snippet.find("</mark> <mark>")) != std::string::npos;) snippet.replace(pos, 14, " ");
      if (cjk && !lone_cjk_term) snippet = unmark_lone_cjk(snippet);
      hit.snippet_html = std::move(snippet);
      // Which terms a hit matched costs a read of its term list: asked only when synonyms alone
      // could have found it.
      if (maybe_via_synonym && !synonym_queries.empty()) {
        bool matched_main = false;
        for (auto term = enquire.get_matching_terms_begin(it); term != enquire.get_matching_terms_end(it); ++term)
          matched_main = matched_main || main_terms.count(*term) > 0;
        hit.via_synonym = !matched_main;
      }
      return hit;
    };

    const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.page_size);
    const auto size = static_cast<Xapian::doccount>(request.page_size);
    Xapian::Enquire first(m_impl->db);
    first.set_query(first_tier);
    first.set_collapse_key(slot::collapse);
    if (results.lists_named_instruments) {
      first.set_weighting_scheme(Xapian::BoolWeight());
      first.set_sort_by_value(slot::ordinal, false);
    }
    if (!has_second_tier) {
      const Xapian::MSet mset = first.get_mset(offset, size);
      for (auto it = mset.begin(); it != mset.end(); ++it) results.hits.push_back(to_hit(first, mset, it, names_something));
    } else {
      // The first tier is read from its start, so that when it cannot fill the page all of it is
      // known: its collapse keys, which the second tier must not repeat, and its lowest score,
      // which the second tier's scores are scaled under so that scores fall down the list.
      const Xapian::MSet mset = first.get_mset(0, offset + size);
      std::unordered_set<std::string> first_keys;
      int lowest_score = 100;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (it.get_rank() >= offset) results.hits.push_back(to_hit(first, mset, it, names_something));
        if (mset.size() < offset + size) first_keys.insert(it.get_collapse_key());
        lowest_score = it.get_percent();
      }
      if (mset.size() < offset + size) {
        Xapian::Enquire second(m_impl->db);
        second.set_query(second_tier);
        second.set_collapse_key(slot::collapse);
        const Xapian::MSet rest = second.get_mset(0, offset + size);
        Xapian::doccount rank = mset.size();
        for (auto it = rest.begin(); it != rest.end() && results.hits.size() < size; ++it) {
          if (!it.get_collapse_key().empty() && first_keys.count(it.get_collapse_key()) > 0) continue;
          if (rank++ < offset) continue;
          SearchHit hit = to_hit(second, rest, it, true);
          if (!mset.empty()) hit.score = hit.score * lowest_score / 100;
          results.hits.push_back(std::move(hit));
        }
      }
    }
    results.jurisdiction_facets = counts.jurisdiction_facets();
    results.language_facets = counts.language_facets();
    results.category_facets = counts.category_facets();
  } catch (const Xapian::QueryParserError& e) {
    throw UserError("the search query cannot be parsed (" + e.get_msg() +
                        "): check quotes and brackets are balanced", "q");
  } catch (const Xapian::DatabaseModifiedError&) {
    throw DataError("the search index changed during the search: retry");
  } catch (const Xapian::Error& e) {
    throw DataError("search failed in " + m_impl->path.string() + ": " + e.get_description());
  }
  return results;
}

} // namespace cadre
