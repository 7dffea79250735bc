// Language-aware text helpers shared by indexing and search, so both sides treat words alike.
#pragma once

#include <string>
#include <string_view>

namespace cadre::text {

/// Splits French elisions so that "l'intelligence" is indexed and searched as "l intelligence":
/// Xapian's TermGenerator would otherwise keep "l'intelligence" as one term. Handles l' d' qu'
/// j' n' s' c' m' t' jusqu' lorsqu' puisqu' with ASCII and typographic (U+2019) apostrophes,
/// in any case. Other text is returned unchanged.
std::string split_elisions(std::string_view text);

/// Xapian stemmer name for a language subtag ("english", "french", "portuguese"), or "none".
std::string_view stemmer_name(std::string_view language);

/// True for languages written without spaces, indexed with CJK n-grams (zh, ja, ko).
bool is_cjk_language(std::string_view language);

/// Lowercases ASCII letters; other bytes unchanged.
std::string ascii_lower(std::string_view text);

/// True when `bytes` is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// Escapes & < > " ' for HTML.
std::string escape_html(std::string_view text);

} // namespace cadre::text
