#include "bench/index/synth.hpp"

#include "core/schema.hpp"
#include "indexer/sources.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cadre::bench {
namespace {

/// splitmix64: tiny, fast, and the same sequence on every platform (unlike std distributions).
class Random {
public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  /// An element of `list`, the first ones more often (density falling like 1/sqrt), so that
  /// queries range from common to rare words.
  template <class List> const auto& skewed(const List& list) {
    const double u = unit();
    return list[static_cast<std::size_t>(u * u * static_cast<double>(std::size(list)))];
  }

private:
  std::uint64_t m_state;
};

struct Vocabulary {
  std::vector<std::string_view> actors, verbs, objects, qualifiers, openers, topics, headings;
  std::string_view topic_link; ///< joins a topic to a sentence
};

const Vocabulary& english() {
  static const Vocabulary v{
      {"provider", "deployer", "operator", "developer", "importer", "distributor", "controller", "processor",
       "public body", "supervisory authority", "market surveillance authority", "notified body", "competent minister",
       "data protection officer", "authorised representative", "user"},
      {"shall ensure", "shall assess", "shall document", "shall notify", "shall monitor", "shall register",
       "shall disclose", "shall review", "may suspend", "shall certify", "shall audit", "shall publish", "shall retain",
       "shall report", "may require", "shall establish", "shall maintain", "shall take into account"},
      {"the risk management system", "an algorithmic impact assessment", "the technical documentation",
       "the training, validation and testing data", "any serious incident", "the conformity assessment",
       "appropriate human oversight measures", "a transparency notice", "the record of processing activities",
       "the automated decision system", "the quality management system", "the logs automatically generated",
       "the post-market monitoring plan", "the fundamental rights impact assessment", "the explanation of the decision",
       "the personal information concerned", "the biometric data processed", "the general-purpose model"},
      {"without undue delay", "within thirty days", "in accordance with this Act", "where appropriate",
       "prior to deployment", "at the request of the authority", "throughout the lifecycle of the system",
       "in a clear and accessible manner", "taking into account the state of the art",
       "subject to the conditions laid down in regulations", "for a period of ten years", "in proportion to the risk",
       "unless otherwise provided", "before placing the system on the market"},
      {"For the purposes of this section,", "Notwithstanding subsection (1),", "Where the system is high-risk,",
       "Subject to section 12,", "In the case of a public body,", "Except as otherwise provided,"},
      {"critical infrastructure", "employment", "education", "migration", "healthcare", "insurance", "minors",
       "credit scoring", "emotion recognition", "remote biometric identification", "recidivism", "deepfake content",
       "chatbots", "provenance", "interoperability", "regulatory sandboxes", "watermarking", "cryptographic controls"},
      {"Obligations of providers", "Risk management", "Transparency obligations", "Human oversight", "Record-keeping",
       "Penalties", "Conformity assessment", "Registration", "Reporting of serious incidents", "Data governance",
       "Powers of the authority", "Review of this Act"},
      "as regards"};
  return v;
}

const Vocabulary& french() {
  static const Vocabulary v{
      {"le fournisseur", "le déployeur", "l'exploitant", "le développeur", "l'importateur", "le distributeur",
       "le responsable du traitement", "le sous-traitant", "l'organisme public", "l'autorité de contrôle",
       "l'autorité de surveillance du marché", "l'organisme notifié", "le ministre compétent",
       "le délégué à la protection des données", "le mandataire", "l'utilisateur"},
      {"assure", "évalue", "documente", "notifie", "surveille", "enregistre", "divulgue", "examine", "peut suspendre",
       "certifie", "vérifie", "publie", "conserve", "déclare", "peut exiger", "établit", "tient à jour"},
      {"le système de gestion des risques", "l'évaluation de l'incidence algorithmique", "la documentation technique",
       "les données d'entraînement, de validation et de test", "tout incident grave", "l'évaluation de la conformité",
       "des mesures de surveillance humaine appropriées", "un avis de transparence",
       "le registre des activités de traitement", "le système de décision automatisée",
       "le système de gestion de la qualité", "les journaux générés automatiquement",
       "le plan de surveillance après commercialisation", "l'analyse d'impact sur les droits fondamentaux",
       "l'explication de la décision", "les renseignements personnels concernés", "les données biométriques traitées",
       "le modèle d'usage général"},
      {"sans retard injustifié", "dans un délai de trente jours", "conformément à la présente loi", "le cas échéant",
       "avant le déploiement", "à la demande de l'autorité", "tout au long du cycle de vie du système",
       "de manière claire et accessible", "compte tenu de l'état de la technique",
       "sous réserve des conditions fixées par règlement", "pendant une période de dix ans", "en proportion du risque",
       "sauf disposition contraire", "avant la mise sur le marché du système"},
      {"Aux fins du présent article,", "Malgré le paragraphe (1),", "Lorsque le système est à haut risque,",
       "Sous réserve de l'article 12,", "Dans le cas d'un organisme public,", "Sauf disposition contraire,"},
      {"infrastructures critiques", "emploi", "éducation", "migration", "santé", "assurance", "mineurs",
       "notation de crédit", "reconnaissance des émotions", "identification biométrique à distance", "récidive",
       "hypertrucages", "agents conversationnels", "provenance", "interopérabilité", "bacs à sable réglementaires",
       "tatouage numérique", "contrôles cryptographiques"},
      {"Obligations des fournisseurs", "Gestion des risques", "Obligations de transparence", "Surveillance humaine",
       "Tenue de registres", "Sanctions", "Évaluation de la conformité", "Enregistrement",
       "Signalement des incidents graves", "Gouvernance des données", "Pouvoirs de l'autorité",
       "Révision de la présente loi"},
      "en matière de"};
  return v;
}

constexpr std::size_t k_target_clause_bytes = 640;

std::string sentence(Random& random, const Vocabulary& v, bool french_text) {
  // English actors are bare nouns and take "the"; French ones carry their article.
  const std::string actor = (french_text ? "" : "the ") + std::string(random.skewed(v.actors));
  std::string out;
  if (random.chance(0.3)) {
    out = std::string(random.skewed(v.openers)) + " " + actor;
  } else {
    out = actor;
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  out += " ";
  out += random.skewed(v.verbs);
  out += " ";
  out += random.skewed(v.objects);
  out += " ";
  out += random.skewed(v.qualifiers);
  if (random.chance(0.25)) {
    out += " ";
    out += v.topic_link;
    out += " ";
    out += random.skewed(v.topics);
  }
  return out + ".";
}

std::string clause_text(Random& random, const Vocabulary& v, bool french_text) {
  std::string text;
  while (text.size() < k_target_clause_bytes - 80) {
    if (!text.empty()) text += " ";
    text += sentence(random, v, french_text);
  }
  return text;
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string jurisdiction_code(int index) { return std::string("s") + static_cast<char>('a' + index); }

std::string framework(const std::string& name, const std::string& first_instrument, const std::string& language) {
  std::string md = "# " + name + "\n\nas-of: 2026-01-01\n\n";
  int article = 1;
  for (const auto& category : schema().categories) {
    md += "## " + category.label.in(language) + "\n\n";
    // Every cell opens with a cited one-sentence summary, as `cadre lint` requires.
    md += std::string(language == "fr" ? "summary: Résumé synthétique, citant " : "summary: A synthetic summary, citing ") +
          "[Article " + std::to_string(article) + "](clause:" + first_instrument + "/art_" + std::to_string(article) + ").\n\n";
    md += language == "fr" ? "Cellule synthétique pour la mesure des performances, citant "
                           : "A synthetic cell for the performance benchmark, citing ";
    md += "[Article " + std::to_string(article) + "](clause:" + first_instrument + "/art_" + std::to_string(article) + ").\n\n";
    ++article;
  }
  return md;
}

} // namespace

SynthCorpus write_synthetic_corpus(const SynthOptions& options, const std::filesystem::path& out_dir) {
  if (options.jurisdictions < 1 || options.jurisdictions > 26)
    throw std::invalid_argument("the synthetic corpus has 1 to 26 jurisdictions");
  if (options.clauses < 10L * options.jurisdictions)
    throw std::invalid_argument("the synthetic corpus needs at least 10 clauses per jurisdiction");
  SynthCorpus corpus;
  corpus.corpus_dir = out_dir / "corpus";
  corpus.sources_dir = out_dir / "sources";
  Random random(options.seed);
  // The events that give the three statuses: in-force, adopted, bill.
  static constexpr std::array<const char*, 3> k_events = {"in-force", "adopted", "introduced"};

  // Clauses are dealt to the jurisdictions evenly, each taking whole instruments.
  for (int j = 0; j < options.jurisdictions; ++j) {
    const std::string code = jurisdiction_code(j);
    const std::string letter(1, static_cast<char>('A' + j));
    long remaining = options.clauses / options.jurisdictions + (j < options.clauses % options.jurisdictions ? 1 : 0);
    std::string toml = "code = \"" + code + "\"\nkind = \"national\"\nas_of = 2026-01-01\n\n" +
                       "name = { en = \"Synthetic " + letter + "\", fr = \"Synthétique " + letter + "\" }\n";
    std::string first_instrument;
    for (int k = 1; remaining > 0; ++k) {
      const long count = std::min<long>(remaining, options.clauses_per_instrument);
      remaining -= count;
      const std::string language = corpus.instruments % 2 == 0 ? "en" : "fr";
      const Vocabulary& vocabulary = language == "fr" ? french() : english();
      const std::string slug = "act-" + std::to_string(k);
      const std::string id = code + "/" + slug;
      if (first_instrument.empty()) first_instrument = id;
      nlohmann::json articles = nlohmann::json::array();
      for (long a = 1; a <= count; ++a) {
        std::string text = clause_text(random, vocabulary, language == "fr");
        corpus.text_bytes += text.size();
        articles.push_back({{"articleNumber", std::to_string(a)},
                            {"caption", random.skewed(vocabulary.headings)},
                            {"paragraphs", {std::move(text)}}});
      }
      const std::string file = slug + "." + language + ".json";
      const std::string bytes = articles.dump(1);
      write_file(corpus.sources_dir / code / file, bytes);
      const char* event = k_events[static_cast<std::size_t>(k) % k_events.size()];
      toml += "\n[[instrument]]\nid = \"" + id + "\"\nshort_name = \"Act " + std::to_string(k) + "\"\n" +
              "title = { en = \"Synthetic Act " + std::to_string(k) + "\", fr = \"Loi synthétique " + std::to_string(k) +
              "\" }\ntype = \"statute\"\n" +
              "official_url = \"https://example.org/" + id + "\"\nlanguages = [\"" + language + "\"]\n\n" +
              "[[instrument.event]]\nkind = \"" + event + "\"\ndate = 2025-01-01\nevidence = { url = \"https://example.org/" +
              id + "\", kind = \"official-text\", seen = 2025-01-02 }\n\n" +
              "[[instrument.source]]\nfile = \"" + file + "\"\nformat = \"article-json\"\nlanguage = \"" + language +
              "\"\nsha256 = \"" + indexer::sha256_hex(bytes) + "\"\n";
      corpus.clauses += count;
      ++corpus.instruments;
    }
    write_file(corpus.corpus_dir / code / "jurisdiction.toml", toml);
    write_file(corpus.corpus_dir / code / "framework.en.md", framework("Synthetic " + letter, first_instrument, "en"));
    write_file(corpus.corpus_dir / code / "framework.fr.md", framework("Synthétique " + letter, first_instrument, "fr"));
    // Every jurisdiction records a value for each provision, as `cadre lint` requires.
    std::string values = "# Synthetic provision values.\n";
    for (const auto& p : schema().provisions)
      values += "\n[[value]]\nprovision = \"" + p.id + "\"\nvalue = \"no\"\nnote = { en = \"The synthetic acts do not set this.\", "
                "fr = \"Les lois synthétiques ne le prévoient pas.\" }\n";
    write_file(corpus.corpus_dir / code / "provisions.toml", values);
  }
  return corpus;
}

std::vector<BenchQuery> synthetic_queries() {
  return {
      {"risk management system", "", {}, {}},
      {"human oversight", "", {}, {}},
      {"impact assessment", "en", {}, {}},
      {"technical documentation", "en", {}, {}},
      {"serious incident", "", {}, {}},
      {"watermarking", "", {}, {}},
      {"emotion recognition", "en", {}, {}},
      {"credit scoring", "", {}, {}},
      {"provider AND deployer", "en", {}, {}},
      {"sandboxes OR interoperability", "en", {}, {}},
      {"biometric NOT migration", "en", {}, {}},
      {"notif*", "en", {}, {}},
      {"\"without undue delay\"", "en", {}, {}},
      {"\"conformity assessment\"", "", {}, {}},
      {"\"remote biometric identification\"", "en", {}, {}},
      {"supervisory authority audit", "en", {}, {}},
      {"surveillance humaine", "fr", {}, {}},
      {"gestion des risques", "fr", {}, {}},
      {"incident grave", "fr", {}, {}},
      {"hypertrucages", "fr", {}, {}},
      {"\"sans retard injustifié\"", "fr", {}, {}},
      {"documentation technique", "fr", {}, {}},
      {"renseignements personnels", "fr", {}, {}},
      {"l'autorité de contrôle", "fr", {}, {}},
      {"agents conversationnels", "", {}, {}},
      {"provider", "en", {"sc"}, {}},
      {"audit logs", "", {"sb", "sc"}, {}},
      {"risk", "en", {"sa"}, {}},
      {"transparency notice", "", {}, {"requirements"}},
      {"penalties", "", {}, {"enforcement"}},
      {"fournisseur", "fr", {"sb"}, {"requirements"}},
      {"public body explanation decision", "", {}, {}},
  };
}

} // namespace cadre::bench
