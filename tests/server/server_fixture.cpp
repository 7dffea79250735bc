#include "tests/server/server_fixture.hpp"

#include "indexer/build.hpp"
#include "tests/support/test_support.hpp"

namespace cadre::test {

std::filesystem::path fixture_corpus() {
  const auto fixture = data_dir() / "corpus";
  if (std::filesystem::is_directory(fixture)) return fixture;
  return std::filesystem::path(CADRE_SOURCE_ROOT) / "corpus";
}

std::string index_fixture(const std::filesystem::path& data_dir, const std::filesystem::path& corpus) {
  indexer::BuildOptions options;
  options.corpus_dir = corpus;
  // The fixture corpus has its own invented sources; the real corpus reads the mirror if any.
  const auto fixture_sources = test::data_dir() / "fixture-sources";
  if (corpus == test::data_dir() / "corpus" && std::filesystem::is_directory(fixture_sources))
    options.sources_dir = fixture_sources;
  else
    options.sources_dir = sources_dir();
  options.data_dir = data_dir;
  options.corpus_commit = "test";
  return indexer::build(options).build_id;
}

RunningServer::RunningServer(const std::filesystem::path& data_dir, const std::filesystem::path& log_file,
                             std::size_t threads)
    : m_log(log_file) {
  server::ServerOptions options;
  options.data_dir = data_dir;
  options.port = 0;
  options.threads = threads;
  m_server = std::make_unique<server::Server>(options, m_log);
  m_port = m_server->bind();
  m_thread = std::thread([this] { m_server->listen(); });
}

RunningServer::~RunningServer() {
  m_server->stop();
  m_thread.join();
}

} // namespace cadre::test
