// The `cadre` command line. main() is one line calling run(), so tests run commands in-process
// and compare their output and exit code.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cadre::cli {

/// Exit codes: 0 success, 1 an error (bad data, lint errors, not found), 2 a usage error.
enum ExitCode { k_ok = 0, k_error = 1, k_usage = 2 };

/// Runs one command. `args` excludes the program name. Output for people or programs goes to
/// `out`, messages (errors, progress, warnings) to `err`. The one catch-all of the executable:
/// every exception ends here as `cadre: error: <message>`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace cadre::cli
