// The web page's files: compiled into the binary (web/ through cadre_embed_files), or read from
// a directory on each request during development (ServerOptions::web_dir).
#pragma once

#include "server/reply.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace cadre::server {

/// An answer that never changes while the server runs (a file of the page, the API's spec):
/// `body` with `content_type`, a strong ETag from its bytes, and its gzip encoding.
std::shared_ptr<const Reply> fixed_reply(std::string body, std::string content_type);

class StaticFiles {
public:
  /// `dir` empty: serve the embedded files.
  explicit StaticFiles(std::filesystem::path dir);

  /// The file for a URL path ("/" is index.html), with its gzip encoding, or null when there
  /// is none. Paths with empty, "." or ".." segments or unusual characters never reach the
  /// file system.
  std::shared_ptr<const Reply> get(std::string_view url_path) const;

  static std::string_view content_type_for(std::string_view name);

private:
  std::filesystem::path m_dir;
  std::map<std::string, std::shared_ptr<const Reply>, std::less<>> m_embedded; ///< by name, ready to send
};

} // namespace cadre::server
