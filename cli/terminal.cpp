#include "cli/terminal.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace cadre::cli {

bool ControlEscapingBuf::put(unsigned char c) {
  char buffer[16];
  if (m_pending_c2) {
    m_pending_c2 = false;
    if (c >= 0x80 && c <= 0x9f) {
      const int n = std::snprintf(buffer, sizeof buffer, "\\u{%04x}", c);
      return write(buffer, n);
    }
    if (!write("\xc2", 1)) return false;
  }
  if (c == 0xc2) {
    m_pending_c2 = true;
    return true;
  }
  if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
    const int n = std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
    return write(buffer, n);
  }
  const char plain = static_cast<char>(c);
  return write(&plain, 1);
}

ControlEscapingBuf::int_type ControlEscapingBuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return sync() == 0 ? traits_type::not_eof(ch) : traits_type::eof();
  return put(static_cast<unsigned char>(traits_type::to_char_type(ch))) ? ch : traits_type::eof();
}

// Runs of bytes that need no escape go to `dest` in one call: `dest` is usually unbuffered
// stderr, where a byte at a time was one write(2) per character of every access-log line.
std::streamsize ControlEscapingBuf::xsputn(const char* s, std::streamsize n) {
  const auto plain = [](unsigned char c) { return (c >= 0x20 || c == '\t' || c == '\n') && c != 0x7f && c != 0xc2; };
  std::streamsize i = 0;
  while (i < n) {
    if (m_pending_c2 || !plain(static_cast<unsigned char>(s[i]))) {
      if (!put(static_cast<unsigned char>(s[i]))) return i;
      ++i;
      continue;
    }
    std::streamsize end = i + 1;
    while (end < n && plain(static_cast<unsigned char>(s[end]))) ++end;
    if (!write(s + i, end - i)) return i;
    i = end;
  }
  return n;
}

int ControlEscapingBuf::sync() {
  if (m_pending_c2) {
    m_pending_c2 = false;
    if (!write("\xc2", 1)) return -1;
  }
  return m_dest->pubsync();
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

std::string pager_command(const char* cadre_pager, const char* pager) {
  std::string chosen = cadre_pager != nullptr                  ? cadre_pager
                       : pager != nullptr && *pager != '\0' ? pager
                                                              : "less -FRX";
  return chosen == "cat" ? std::string() : chosen;
}

int terminal_rows(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
  if (const char* lines = std::getenv("LINES"); lines != nullptr && std::atoi(lines) > 0) return std::atoi(lines);
  return 24;
}

bool show_in_pager(const std::string& text, const std::string& pager) {
  std::fflush(stdout);
  FILE* pipe = ::popen(pager.c_str(), "w");
  if (pipe == nullptr) return false;
  // A reader who quits the pager early closes the pipe: the rest of the text is dropped
  // instead of SIGPIPE ending the program.
  struct sigaction ignore{}, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  std::fwrite(text.data(), 1, text.size(), pipe);
  const int status = ::pclose(pipe);
  ::sigaction(SIGPIPE, &previous, nullptr);
  // The shell answers 127 when the pager is not installed: nothing was shown.
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 127);
}

} // namespace cadre::cli
