// cadre_test_serve DATA_DIR [CORPUS_DIR]: indexes CORPUS_DIR (default: the test corpus) into
// DATA_DIR (empty or absent), serves it
// on 127.0.0.1 with a free port, prints "http://127.0.0.1:<port>/" on one line, and serves
// until killed. Used by the browser tests (tests/browser), which need a server of their own.
#include "tests/server/server_fixture.hpp"

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: cadre_test_serve DATA_DIR [CORPUS_DIR]\n";
    return 2;
  }
  try {
    const std::filesystem::path data_dir = argv[1];
    cadre::test::index_fixture(data_dir, argc == 3 ? std::filesystem::path(argv[2]) : cadre::test::fixture_corpus());
    cadre::server::ServerOptions options;
    options.data_dir = data_dir;
    options.port = 0;
    cadre::server::Server server(options, std::cerr);
    const int port = server.bind();
    std::cout << "http://127.0.0.1:" << port << "/" << std::endl;
    server.listen();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cadre_test_serve: error: " << e.what() << "\n";
    return 1;
  }
}
