// Bad corpus files (docs/bad-inputs.md, "Corpus"): each is reported as a diagnostic with its
// file, line and column, and the jurisdiction is left out; none crashes or escapes the corpus.
#include "indexer/corpus.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cadre::test::TempDir;

/// A copy of the fixture jurisdiction xa in <temp>/corpus/xa, with helpers to damage it.
class CorpusCopy : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = m_temp.path() / "corpus" / "xa";
    fs::create_directories(m_dir);
    for (const char* name : {"jurisdiction.toml", "framework.en.md", "framework.fr.md", "provisions.toml"})
      fs::copy_file(cadre::test::data_dir() / "corpus" / "xa" / name, m_dir / name);
  }

  std::string read(const std::string& name) const { return cadre::test::read_file(m_dir / name); }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(m_dir / name, std::ios::binary | std::ios::trunc) << content;
  }
  /// Replaces the first occurrence of `from` in file `name` (which must contain it).
  void replace(const std::string& name, const std::string& from, const std::string& to) const {
    std::string content = read(name);
    const auto pos = content.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    content.replace(pos, from.size(), to);
    write(name, content);
  }

  /// Loads the jurisdiction; returns its errors as `path:line:column: error: message`, paths
  /// relative to the temporary folder, and whether it was left out.
  std::vector<std::string> errors(bool* loaded = nullptr) const {
    cadre::indexer::Diagnostics diags;
    const auto spec = cadre::indexer::load_jurisdiction(m_dir, diags);
    if (loaded != nullptr) *loaded = spec.has_value();
    std::vector<std::string> out;
    const std::string prefix = m_temp.path().string() + "/";
    for (const auto& d : diags.items()) {
      if (d.severity != cadre::indexer::Diagnostic::Severity::error) continue;
      std::string line = d.to_string();
      for (auto pos = line.find(prefix); pos != std::string::npos; pos = line.find(prefix)) line.erase(pos, prefix.size());
      out.push_back(line);
    }
    return out;
  }

  TempDir m_temp;
  fs::path m_dir;
};

using Errors = std::vector<std::string>;

TEST_F(CorpusCopy, TheUntouchedCopyLoads) {
  bool loaded = false;
  EXPECT_EQ(errors(&loaded), Errors{});
  EXPECT_TRUE(loaded);
}

TEST_F(CorpusCopy, UnknownTopLevelKey) {
  write("jurisdiction.toml", "colour = \"blue\"\n" + read("jurisdiction.toml"));
  bool loaded = true;
  EXPECT_EQ(errors(&loaded), Errors{"corpus/xa/jurisdiction.toml:1:1: error: unknown key 'colour' (known keys: aliases, as_of, "
                                    "code, instrument, kind, name, parent)"});
  EXPECT_FALSE(loaded);
}

TEST_F(CorpusCopy, UnknownInstrumentKey) {
  replace("jurisdiction.toml", "short_name = \"EO 90001\"", "short_name = \"EO 90001\"\nnickname = \"the order\"");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml:10:1: error: instrument xa/ai-order: unknown key 'nickname' "
                             "(known keys: aliases, current_from, event, id, languages, official_url, same_text_as, short_name, source, status_note, "
                             "title, type, version)"});
}

TEST_F(CorpusCopy, AnAliasSearchCannotReadIsRefusedNamingIt) {
  replace("jurisdiction.toml", "short_name = \"EO 90001\"", "short_name = \"EO 90001\"\naliases = [\"the (order)\", \"\"]");
  const std::string rule = "' must be a name of 1 to 100 bytes on one line, without quotes or brackets, as a reader types "
                           "it (\"Law 25\", \"GDPR\", \"Korea\")";
  EXPECT_EQ(errors(), (Errors{"corpus/xa/jurisdiction.toml:10:11: error: instrument xa/ai-order: alias 'the (order)" + rule,
                              "corpus/xa/jurisdiction.toml:10:11: error: instrument xa/ai-order: alias '" + rule}));
  replace("jurisdiction.toml", "aliases = [\"the (order)\", \"\"]", "aliases = \"the order\"");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml:10:11: error: instrument xa/ai-order: 'aliases' must be an array "
                             "of strings"});
}

TEST_F(CorpusCopy, DuplicateInstrumentId) {
  replace("jurisdiction.toml", "id = \"xa/old-order\"", "id = \"xa/ai-order\"");
  // The renamed instrument is gone, so the citations of it are reported too; its revocation by
  // xa/ai-order now names itself.
  EXPECT_EQ(errors(), (Errors{"corpus/xa/jurisdiction.toml:60:1: error: instrument xa/ai-order: 'by' names the instrument itself",
                              "corpus/xa/jurisdiction.toml:42:1: error: duplicate instrument id 'xa/ai-order'",
                              "corpus/xa/provisions.toml:91:9: error: provision risk.prohibited-practices: "
                              "'instrument:xa/old-order' names no instrument of xa (see jurisdiction.toml)",
                              "corpus/xa/framework.en.md:27:189: error: citation 'xa/old-order' names unknown instrument "
                              "'xa/old-order' (instruments of xa are listed in jurisdiction.toml)"}));
}

TEST_F(CorpusCopy, SameTextAsNamesAnEarlierOriginal) {
  replace("jurisdiction.toml", "id = \"xa/old-order\"", "id = \"xa/old-order\"\nsame_text_as = \"xa/old-order\"");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml:44:1: error: instrument xa/old-order: same_text_as 'xa/old-order' "
                             "names the instrument itself"});
  replace("jurisdiction.toml", "same_text_as = \"xa/old-order\"", "same_text_as = \"xa/nowhere\"");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml:44:1: error: instrument xa/old-order: same_text_as 'xa/nowhere' "
                             "is not an instrument listed before this one in this jurisdiction.toml (list the original first)"});
  // Each names the other: the first names one listed after it, and the second a copy.
  replace("jurisdiction.toml", "same_text_as = \"xa/nowhere\"", "same_text_as = \"xa/ai-order\"");
  replace("jurisdiction.toml", "id = \"xa/ai-order\"", "id = \"xa/ai-order\"\nsame_text_as = \"xa/old-order\"");
  EXPECT_EQ(errors(), (Errors{"corpus/xa/jurisdiction.toml:9:1: error: instrument xa/ai-order: same_text_as 'xa/old-order' "
                              "is not an instrument listed before this one in this jurisdiction.toml (list the original first)",
                              "corpus/xa/jurisdiction.toml:45:1: error: instrument xa/old-order: same_text_as 'xa/ai-order' "
                              "is itself a copy of 'xa/old-order': name that original instead"}));
}

TEST_F(CorpusCopy, UnknownKind) {
  replace("jurisdiction.toml", "kind = \"national\"", "kind = \"galactic\"");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml:3:8: error: 'kind' is 'galactic'; use one of: international, "
                             "national, sub-national, supranational"});
}

TEST_F(CorpusCopy, UnknownCategorySection) {
  replace("framework.en.md", "## Key aims", "## Key goals");
  EXPECT_EQ(errors(), (Errors{"corpus/xa/framework.en.md:11:4: error: unknown category section 'Key goals'; the sections "
                              "of a en framework are 'Definition of AI', 'Key aims', 'Scope and focal areas', 'Approach "
                              "to risk', 'Regulatory requirements', 'Monitoring and enforcement', 'Flexibility and "
                              "revisions'",
                              "corpus/xa/framework.en.md: error: missing section 'Key aims' (category aims)"}));
}

TEST_F(CorpusCopy, DuplicateCategorySection) {
  write("framework.en.md", read("framework.en.md") + "\n## Key aims\n\nAgain ([s. 1](clause:xa/ai-order/sec_1)).\n");
  EXPECT_EQ(errors(), Errors{"corpus/xa/framework.en.md:47:4: error: duplicate section for category 'aims'"});
}

TEST_F(CorpusCopy, InvalidUtf8InFramework) {
  replace("framework.en.md", "Xanadu defines", "Xanadu d\xE9\x66ines");
  EXPECT_EQ(errors(), Errors{"corpus/xa/framework.en.md:9: error: the text is not valid UTF-8: save the file as UTF-8"});
}

TEST_F(CorpusCopy, InvalidUtf8InToml) {
  replace("jurisdiction.toml", "Xanadou", "Xanad\xF9");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml:5:35: error: Encountered invalid utf-8 sequence"});
}

TEST_F(CorpusCopy, EmptyToml) {
  write("jurisdiction.toml", "");
  const auto all = errors();
  ASSERT_GE(all.size(), 5u);
  // Then every citation of the frameworks names an instrument the empty file does not declare.
  EXPECT_EQ(Errors(all.begin(), all.begin() + 5),
            (Errors{"corpus/xa/jurisdiction.toml:1:1: error: missing key 'code'",
                    "corpus/xa/jurisdiction.toml:1:1: error: missing key 'name' (a table with en and fr)",
                    "corpus/xa/jurisdiction.toml:1:1: error: missing key 'kind'",
                    "corpus/xa/jurisdiction.toml:1:1: error: missing key 'as_of'",
                    "corpus/xa/jurisdiction.toml:1:1: error: no [[instrument]]: list at least one instrument"}));
}

TEST_F(CorpusCopy, EmptyFramework) {
  write("framework.fr.md", "");
  const auto all = errors();
  ASSERT_EQ(all.size(), 9u); // then one "missing section" per category
  EXPECT_EQ(Errors(all.begin(), all.begin() + 3),
            (Errors{"corpus/xa/framework.fr.md:1:1: error: missing the level-1 heading with the jurisdiction's name",
                    "corpus/xa/framework.fr.md:1:1: error: missing 'as-of: YYYY-MM-DD' under the title: the date the "
                    "analysis was last checked",
                    "corpus/xa/framework.fr.md: error: missing section 'Définition de l'IA' (category definition)"}));
}

TEST_F(CorpusCopy, HugeTomlIsRefusedUnread) {
  write("jurisdiction.toml", read("jurisdiction.toml") + "# " + std::string(5 * 1024 * 1024, 'x') + "\n");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml: error: the file is larger than the 4 MiB limit for a "
                             "corpus file"});
}

TEST_F(CorpusCopy, HugeFrameworkIsRefusedUnread) {
  write("framework.fr.md", read("framework.fr.md") + std::string(5 * 1024 * 1024, 'x'));
  EXPECT_EQ(errors(), Errors{"corpus/xa/framework.fr.md: error: the file is larger than the 4 MiB limit for a corpus "
                             "file"});
}

TEST_F(CorpusCopy, VeryLongLineInFrameworkIsHandled) {
  // std::regex recursed once per character and overflowed the stack on a long citation; clause
  // paths are checked against the parsed sources later (`cadre lint --sources`), not here.
  replace("framework.en.md", "(clause:xa/ai-order/sec_1)", "(clause:xa/ai-order/sec_1" + std::string(1024 * 1024, 'x') + ")");
  EXPECT_EQ(errors(), Errors{});
  replace("framework.en.md", "(instrument:xa/old-order)", "(instrument:xa/" + std::string(1024 * 1024, 'y') + ")");
  const auto all = errors();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].starts_with("corpus/xa/framework.en.md:27:189: error: malformed citation 'xa/yyyy")) << all[0].substr(0, 200);
}

TEST_F(CorpusCopy, VeryLongInstrumentIdIsRefused) {
  replace("jurisdiction.toml", "id = \"xa/old-order\"", "id = \"xa/" + std::string(300000, 'o') + "\"");
  const auto all = errors();
  ASSERT_FALSE(all.empty());
  EXPECT_TRUE(all[0].starts_with("corpus/xa/jurisdiction.toml:43:6: error: instrument id 'xa/oooo")) << all[0].substr(0, 200);
  EXPECT_TRUE(all[0].ends_with("' must look like <code>/<slug>, e.g. eu/ai-act")) << all[0].substr(all[0].size() - 100);
}

TEST_F(CorpusCopy, SymlinkedFrameworkOutsideTheCorpusIsNotFollowed) {
  std::ofstream(m_temp.path() / "secret.md") << "# Secret\n";
  fs::remove(m_dir / "framework.en.md");
  fs::create_symlink(m_temp.path() / "secret.md", m_dir / "framework.en.md");
  bool loaded = true;
  EXPECT_EQ(errors(&loaded), Errors{"corpus/xa/framework.en.md: error: framework.en.md is a symbolic link that leaves "
                                    "the corpus folder; Cadre reads only files inside the corpus (copy the file or "
                                    "folder in instead)"});
  EXPECT_FALSE(loaded);
}

TEST_F(CorpusCopy, SymlinkedTomlOutsideTheCorpusIsNotFollowed) {
  fs::rename(m_dir / "jurisdiction.toml", m_temp.path() / "elsewhere.toml");
  fs::create_symlink(m_temp.path() / "elsewhere.toml", m_dir / "jurisdiction.toml");
  EXPECT_EQ(errors(), Errors{"corpus/xa/jurisdiction.toml: error: jurisdiction.toml is a symbolic link that leaves the "
                             "corpus folder; Cadre reads only files inside the corpus (copy the file or folder in "
                             "instead)"});
}

TEST_F(CorpusCopy, SymlinkedJurisdictionFolderOutsideTheCorpusIsNotFollowed) {
  const auto outside = m_temp.path() / "outside" / "xa";
  fs::create_directories(outside.parent_path());
  fs::rename(m_dir, outside);
  fs::create_directory_symlink(outside, m_dir);
  const auto dirs = cadre::indexer::jurisdiction_dirs(m_temp.path() / "corpus");
  ASSERT_EQ(dirs.size(), 1u);
  EXPECT_EQ(errors(), Errors{"corpus/xa: error: the jurisdiction folder is a symbolic link that leaves the corpus "
                             "folder; Cadre reads only files inside the corpus (copy the file or folder in instead)"});
}

TEST_F(CorpusCopy, SymlinkInsideTheCorpusIsFollowed) {
  fs::create_directories(m_temp.path() / "corpus" / "shared");
  fs::rename(m_dir / "framework.fr.md", m_temp.path() / "corpus" / "shared" / "framework.fr.md");
  fs::create_symlink("../shared/framework.fr.md", m_dir / "framework.fr.md");
  bool loaded = false;
  EXPECT_EQ(errors(&loaded), Errors{});
  EXPECT_TRUE(loaded);
}

} // namespace
