// Hardened XML and HTML parsing (issue 3, item 6): hostile documents through XmlDocument and
// through real parsers from parser_for(), each refused with a DataError naming the file and,
// where the parser knows it, the line. docs/bad-inputs.md lists every case with its test.
#include "core/error.hpp"
#include "indexer/source_parser.hpp"
#include "indexer/xml.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace {

using cadre::indexer::XmlDocument;

std::string xml_error(const std::string& bytes, const std::string& path) {
  try {
    XmlDocument::parse_xml(bytes, path);
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "no error";
}

std::string html_error(const std::string& bytes, const std::string& path) {
  try {
    XmlDocument::parse_html(bytes, path);
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "no error";
}

std::string parser_error(const std::string& format, const std::string& bytes, const std::string& path,
                         const std::string& language = "en") {
  try {
    cadre::indexer::parser_for(format)->parse({path, bytes, language, {}});
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "no error";
}

const std::string k_xxe = "<?xml version=\"1.0\"?>\n"
                          "<!DOCTYPE PRESDOCU [\n"
                          "<!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
                          "]>\n"
                          "<PRESDOCU><EXECORD><FP>&x;</FP></EXECORD></PRESDOCU>\n";

std::string billion_laughs() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n";
  for (int i = 1; i < 10; ++i)
    doc += "<!ENTITY lol" + std::to_string(i) + " \"" + [&] {
      std::string ten;
      for (int k = 0; k < 10; ++k) ten += "&lol" + std::to_string(i - 1) + ";";
      return ten;
    }() + "\">\n";
  return doc + "]>\n<lolz>&lol9;</lolz>\n";
}

const std::string k_external_dtd = "<?xml version=\"1.0\"?>\n"
                                   "<!DOCTYPE PRESDOCU SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
                                   "<PRESDOCU>\n"
                                   "<EXECORD><FP>&passwd;</FP></EXECORD></PRESDOCU>\n";

const std::string k_truncated = "<?xml version=\"1.0\"?>\n<PRESDOCU>\n<EXECORD><FP>Sec. 1. Purpose";

/// "café" in windows-1252 (0xE9) under a UTF-8 declaration.
const std::string k_cp1252_as_utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PRESDOCU>\n<FP>caf\xE9 au lait</FP></PRESDOCU>\n";

/// A stray 0xFF byte: never valid in UTF-8.
const std::string k_invalid_utf8 = "<?xml version=\"1.0\"?>\n<PRESDOCU>\n<FP>ok</FP>\n<FP>bad \xFF\xFE</FP></PRESDOCU>\n";

std::string nested(int depth, const std::string& name) {
  std::string doc = "<?xml version=\"1.0\"?>\n";
  for (int i = 0; i < depth; ++i) doc += "<" + name + ">\n";
  for (int i = 0; i < depth; ++i) doc += "</" + name + ">";
  return doc;
}

TEST(HostileXml, ExternalEntityIsRefusedAtItsDeclaration) {
  EXPECT_EQ(xml_error(k_xxe, "xxe.xml"),
            "xxe.xml:3: the document declares entity 'x'; Cadre refuses entity declarations (they can expand "
            "without bound or read files)");
  EXPECT_EQ(parser_error("fedreg-xml", k_xxe, "sources/xa/xxe.xml"),
            "sources/xa/xxe.xml:3: the document declares entity 'x'; Cadre refuses entity declarations (they can "
            "expand without bound or read files)");
}

TEST(HostileXml, BillionLaughsIsRefusedBeforeAnyExpansion) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(xml_error(billion_laughs(), "laughs.xml"),
            "laughs.xml:3: the document declares entity 'lol0'; Cadre refuses entity declarations (they can expand "
            "without bound or read files)");
  EXPECT_EQ(parser_error("egov-xml", billion_laughs(), "laughs.xml", "ja"),
            "laughs.xml:3: the document declares entity 'lol0'; Cadre refuses entity declarations (they can expand "
            "without bound or read files)");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(HostileXml, ExternalDtdIsNeverLoadedAndWhatOnlyItDefinesIsAnError) {
  EXPECT_EQ(xml_error(k_external_dtd, "dtd.xml"),
            "dtd.xml:4: entity '&passwd;' is not defined in the document (Cadre never loads an external DTD): "
            "replace it with the character it stands for");
  EXPECT_EQ(parser_error("fedreg-xml", k_external_dtd, "dtd.xml"),
            "dtd.xml:4: entity '&passwd;' is not defined in the document (Cadre never loads an external DTD): "
            "replace it with the character it stands for");
  // A document that only names its DTD (as e-Gov's English XML does) parses, without it.
  const auto doc = XmlDocument::parse_xml(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE Law SYSTEM \"file:///etc/passwd\">\n<Law>text</Law>\n", "law.xml");
  EXPECT_EQ(cadre::indexer::text_of(doc.root()), "text");
}

TEST(HostileXml, TruncatedDocumentNamesTheLine) {
  EXPECT_EQ(xml_error(k_truncated, "truncated.xml"),
            "truncated.xml:3: Premature end of data in tag FP line 3 (the file is not well-formed XML)");
  EXPECT_EQ(parser_error("fedreg-xml", k_truncated, "truncated.xml"),
            "truncated.xml:3: Premature end of data in tag FP line 3 (the file is not well-formed XML)");
}

TEST(HostileXml, MisEncodedBytesNameTheLineAndTheBytes) {
  EXPECT_EQ(xml_error(k_cp1252_as_utf8, "cp1252.xml"),
            "cp1252.xml:3: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0x61 0x75 (the file is "
            "not well-formed XML)");
  EXPECT_EQ(parser_error("clml", k_cp1252_as_utf8, "cp1252.xml"),
            "cp1252.xml:3: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0x61 0x75 (the file is "
            "not well-formed XML)");
  EXPECT_EQ(xml_error(k_invalid_utf8, "invalid.xml"),
            "invalid.xml:4: Input is not proper UTF-8, indicate encoding ! Bytes: 0xFF 0xFE 0x3C 0x2F (the file is "
            "not well-formed XML)");
}

TEST(HostileXml, EmptyFileIsNamed) {
  EXPECT_EQ(xml_error("", "empty.xml"), "empty.xml: the file is empty");
  EXPECT_EQ(html_error("", "empty.html"), "empty.html: the file is empty");
  EXPECT_EQ(parser_error("parl-ca-bill", "", "empty.xml"), "empty.xml: the file is empty");
  EXPECT_EQ(parser_error("tbs-html", "", "empty.html"), "empty.html: the file is empty");
}

TEST(HostileXml, NestingBeyondTheLimitIsRefused) {
  const int depth = cadre::indexer::k_max_element_depth + 10;
  EXPECT_EQ(xml_error(nested(depth, "P"), "deep.xml"),
            "deep.xml:259: Excessive depth in document: 256 use XML_PARSE_HUGE option (the file is not well-formed XML)");
  EXPECT_EQ(parser_error("fedreg-xml", nested(depth, "P"), "deep.xml"),
            "deep.xml:259: Excessive depth in document: 256 use XML_PARSE_HUGE option (the file is not well-formed XML)");
  // The HTML parser has no depth limit of its own: Cadre's check refuses the tree it built.
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep</body></html>";
  EXPECT_EQ(html_error(html, "deep.html"), "deep.html:1: elements are nested more than 256 deep");
  EXPECT_EQ(parser_error("eurlex-xhtml", html, "deep.html"), "deep.html:1: elements are nested more than 256 deep");
  // At the limit itself a document is accepted.
  EXPECT_EQ(xml_error(nested(cadre::indexer::k_max_element_depth - 1, "P"), "ok.xml"), "no error");
}

TEST(HostileXml, FileOverTheSizeLimitIsRefusedUnparsed) {
  std::string huge = "<?xml version=\"1.0\"?>\n<PRESDOCU>";
  huge.resize(cadre::indexer::k_max_source_bytes + 1, ' ');
  EXPECT_EQ(xml_error(huge, "huge.xml"), "huge.xml: the file is larger than the 64 MiB limit for a source text");
  EXPECT_EQ(parser_error("fedreg-xml", huge, "huge.xml"),
            "huge.xml: the file is larger than the 64 MiB limit for a source text");
  EXPECT_EQ(parser_error("npc-html", huge, "huge.html", "zh"),
            "huge.html: the file is larger than the 64 MiB limit for a source text");
}

std::string text_error(const std::string& format, const std::string& numbering, const std::string& bytes,
                       const std::string& path) {
  try {
    cadre::indexer::parser_for(format)->parse({path, bytes, "en", {{"numbering", numbering}}});
  } catch (const cadre::DataError& e) {
    return e.what();
  }
  return "no error";
}

TEST(HostileText, LineOverTheLimitIsRefusedWithItsLine) {
  // A 1 MiB line once overflowed the stack in std::regex; now the limit stops it first.
  const std::string text = "# Act\n\n## Article 1\n" + std::string(1024 * 1024, 'a') + "\n";
  EXPECT_EQ(text_error("markdown", "eu-articles", text, "long.md"),
            "long.md:4: the line is longer than 32768 bytes, the limit for a line of a text source");
  EXPECT_EQ(text_error("plain-text", "articles", text, "long.txt"),
            "long.txt:4: the line is longer than 32768 bytes, the limit for a line of a text source");
}

TEST(HostileText, InvalidUtf8AndEmptyAndHugeTextSources) {
  EXPECT_EQ(text_error("markdown", "sections", "# Act\n\n1. caf\xE9\n", "cp1252.md"),
            "cp1252.md:3: the text is not valid UTF-8; convert it, or declare its encoding in jurisdiction.toml");
  EXPECT_EQ(text_error("plain-text", "meti", "", "empty.txt"), "empty.txt: the file is empty");
  std::string huge(cadre::indexer::k_max_source_bytes + 1, '\n');
  EXPECT_EQ(text_error("plain-text", "articles", huge, "huge.txt"),
            "huge.txt: the file is larger than the 64 MiB limit for a source text");
}

} // namespace
