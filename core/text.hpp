// Language-aware text helpers shared by indexing and search, so both sides treat words alike.
#pragma once

#include <string>
#include <string_view>

namespace cadre::text {

/// Replaces the apostrophe of a French elision: a typographic apostrophe and a thin space
/// (U+2009), which Xapian's word splitter treats as a word break and restore_elisions() removes
/// again for display.
inline constexpr std::string_view k_elision_mark = "\u2019\u2009";

/// Splits French elisions so that "l'intelligence" is indexed and searched as the two words
/// "l" and "intelligence": Xapian's TermGenerator would otherwise keep "l'intelligence" as one
/// term and a search for "intelligence" would miss it. Handles l' d' qu' j' n' s' c' m' t'
/// jusqu' lorsqu' puisqu' with ASCII and typographic (U+2019) apostrophes, in any case; the
/// apostrophe becomes k_elision_mark. Other text is returned unchanged.
std::string split_elisions(std::string_view text);

/// Turns every k_elision_mark back into a plain typographic apostrophe (for snippets).
std::string restore_elisions(std::string_view text);

/// Xapian stemmer name for a language subtag ("english", "french", "portuguese"), or "none".
std::string_view stemmer_name(std::string_view language);

/// True for languages written without spaces, indexed with CJK n-grams (zh, ja, ko).
bool is_cjk_language(std::string_view language);

/// The code point of the UTF-8 sequence at `i` of `s`, and its length in bytes in `*length`.
/// Not a validator: a sequence cut short by the end of `s` reads as its first byte alone.
char32_t decode_utf8_at(std::string_view s, std::size_t i, std::size_t* length);

/// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

/// True for the code points Xapian 1.4's n-gram tokenizer (FLAG_CJK_NGRAM) treats as CJK:
/// ideographs, kana, Hangul, bopomofo, CJK punctuation and the half- and full-width forms.
bool is_cjk_codepoint(char32_t cp);

/// True when the UTF-8 `text` holds a code point is_cjk_codepoint() accepts.
bool has_cjk(std::string_view text);

/// Brackets every run of CJK code points in a UTF-8 query: "AI 人工智能 law" becomes
/// "AI (人工智能) law". Xapian 1.4.22's QueryParser fails with "parse error" on a CJK run between
/// two other words, and leaks memory when it retries a query whose operators it rejected;
/// a bracketed run parses to the same query, inside a phrase too.
std::string bracket_cjk_runs(std::string_view query);

/// Lowercases ASCII letters; other bytes unchanged.
std::string ascii_lower(std::string_view text);

/// Lower-cases the Latin letters of UTF-8 `text` (ASCII, Latin-1 and Latin Extended-A) and
/// drops their diacritics ("Évaluation" -> "evaluation", "proteção" -> "protecao", "œuvre" ->
/// "oeuvre"); other code points are kept as they are. `text` is valid UTF-8.
std::string fold_latin(std::string_view text);

/// The key under which a defined term is indexed and looked up, the same from a definition
/// ("‘deployer’ means …") and from a question ("what counts as a deployer"): the phrase's words
/// folded (fold_latin), a leading article dropped (a, an, the, le, la, les, l, un, une, o, os,
/// as, um, uma), each stemmed in `language`, joined by single spaces; a run of CJK characters is
/// one word, kept as it is. Empty when no word is left.
std::string defined_term_key(std::string_view phrase, std::string_view language);

/// True when `bytes` is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// Escapes & < > " ' for HTML.
std::string escape_html(std::string_view text);

/// `text` cut to at most `max_bytes` at a space (or a UTF-8 boundary), with "…" when cut.
std::string excerpt(const std::string& text, std::size_t max_bytes);

/// True when `url` is an absolute http:// or https:// URL of a host name or address, an
/// optional port, and only the characters RFC 3986 allows (percent escapes well formed): no
/// space, quote, angle bracket, backslash or control character that could end a Markdown
/// autolink or an HTML attribute.
bool is_web_url(std::string_view url);

/// `text` with control characters (C0 but tab and newline, DEL, C1 in UTF-8) shown as \xNN or
/// \u{NNNN}, for printing text from a corpus or a source on a terminal: ESC and OSC sequences
/// cannot move the cursor, retitle the window or hide what follows.
std::string escape_controls(std::string_view text);

} // namespace cadre::text
