// The pager, seen as a reader sees it: `cadre` run on a pseudo-terminal of a given height, with
// CADRE_PAGER set to a command that records what it was given.
#include "tests/support/fixture_build.hpp"

#include <gtest/gtest.h>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace {

struct TerminalRun {
  int exit_code = -1;
  std::string screen; ///< what reached the terminal
};

/// Runs `cadre <args>` on a new pseudo-terminal `rows` high, with CADRE_PAGER=`pager`.
TerminalRun run_on_terminal(const std::vector<std::string>& args, unsigned short rows, const std::string& pager) {
  winsize size{};
  size.ws_row = rows;
  size.ws_col = 100;
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) {
    ::setenv("CADRE_PAGER", pager.c_str(), 1);
    ::unsetenv("LINES");
    std::vector<char*> argv{const_cast<char*>(CADRE_EXE)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(CADRE_EXE, argv.data());
    ::_exit(126);
  }
  TerminalRun run;
  char buffer[4096];
  for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;) run.screen.append(buffer, static_cast<std::size_t>(n));
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class PagerTest : public cadre::test::FixtureLibraryTest<PagerTest> {
protected:
  static std::string data() { return s_dir->path().string(); }
};

TEST_F(PagerTest, AnAnswerTallerThanTheWindowGoesThroughThePager) {
  const auto paged = s_dir->path() / "paged.txt";
  const auto run = run_on_terminal({"show", "xa", "--data", data()}, 5, "cat > " + paged.string());
  EXPECT_EQ(run.exit_code, 0) << run.screen;
  const std::string text = cadre::test::read_file(paged);
  EXPECT_NE(text.find("Xanadu (xa)"), std::string::npos) << text;
  EXPECT_EQ(run.screen.find("Xanadu (xa)"), std::string::npos) << "printed besides the pager: " << run.screen;
}

TEST_F(PagerTest, AnAnswerThatFitsIsPrintedDirectly) {
  const auto paged = s_dir->path() / "not-paged.txt";
  const auto run = run_on_terminal({"show", "xa", "--data", data()}, 200, "cat > " + paged.string());
  EXPECT_EQ(run.exit_code, 0) << run.screen;
  EXPECT_FALSE(std::filesystem::exists(paged));
  EXPECT_NE(run.screen.find("Xanadu (xa)"), std::string::npos) << run.screen;
}

TEST_F(PagerTest, CatOrAnEmptyPagerMeansNone) {
  for (const std::string pager : {"cat", ""}) {
    const auto run = run_on_terminal({"show", "xa", "--data", data()}, 5, pager);
    EXPECT_EQ(run.exit_code, 0) << run.screen;
    EXPECT_NE(run.screen.find("Xanadu (xa)"), std::string::npos) << "CADRE_PAGER='" << pager << "': " << run.screen;
  }
}

TEST_F(PagerTest, AMissingPagerFallsBackToTheTerminal) {
  const auto run = run_on_terminal({"show", "xa", "--data", data()}, 5, "cadre-no-such-pager");
  EXPECT_EQ(run.exit_code, 0) << run.screen;
  EXPECT_NE(run.screen.find("Xanadu (xa)"), std::string::npos) << run.screen;
}

TEST_F(PagerTest, APagerLeftAtOnceIsNotAnError) {
  // The pager exits without reading, as a reader pressing q at once would: the write meets a
  // closed pipe.
  const auto run = run_on_terminal({"man"}, 3, "exec true");
  EXPECT_EQ(run.exit_code, 0) << run.screen;
}

} // namespace
