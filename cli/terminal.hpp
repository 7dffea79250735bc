// Output safety for the command line: text from a corpus or a source shown on a terminal has
// its control characters escaped (ESC and OSC sequences could otherwise move the cursor,
// rewrite the window title or hide what follows), and error messages always do.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace cadre::cli {

/// A stream buffer that forwards to `dest`, writing C0 controls (but tab and newline), DEL and
/// UTF-8-encoded C1 controls as visible escapes (text::escape_controls). A write `dest` refuses
/// makes the stream fail.
class ControlEscapingBuf : public std::streambuf {
public:
  explicit ControlEscapingBuf(std::streambuf* dest) : m_dest(dest) {}

protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

private:
  bool put(unsigned char c);
  bool write(const char* s, std::streamsize n) { return m_dest->sputn(s, n) == n; }

  std::streambuf* m_dest;
  bool m_pending_c2 = false; ///< the last byte was 0xC2, which may start a C1 control
};

/// True when file descriptor `fd` is a terminal.
bool is_terminal(int fd);

/// The pager a reader asked for: $CADRE_PAGER when set (empty or "cat": none), else $PAGER when
/// set and not empty, else "less -FRX" (quit at the end of a short text, keep the screen).
/// Empty when output is to go straight to the terminal.
std::string pager_command(const char* cadre_pager, const char* pager);

/// The rows of the terminal on `fd`, else $LINES, else 24.
int terminal_rows(int fd);

/// Writes `text` (already escaped for a terminal) through `pager` with `/bin/sh -c`, and waits
/// for the reader to leave it. False, with nothing written, when the pager cannot be started;
/// a reader quitting before the end is not a failure.
bool show_in_pager(const std::string& text, const std::string& pager);

} // namespace cadre::cli
