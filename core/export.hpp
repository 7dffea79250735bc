// Renderings of a comparison for people and programs: the terminal table, GitHub Markdown,
// CSV (RFC 4180), standalone HTML with print CSS, JSON, XLSX and DOCX. Every format names the
// jurisdictions, instrument statuses, as-of dates, the build, and each cell's citations.
#pragma once

#include "core/model.hpp"

#include <string>
#include <string_view>

namespace cadre {

enum class ExportFormat { text, markdown, csv, json, html, xlsx, docx };

/// "text" | "md" | "csv" | "json" | "html" | "xlsx" | "docx"; throws UserError naming `parameter`.
ExportFormat parse_export_format(std::string_view name, const std::string& parameter);
std::string_view format_name(ExportFormat format);
std::string_view content_type(ExportFormat format);
std::string_view file_extension(ExportFormat format);
/// XLSX and DOCX: bytes that a terminal cannot show.
bool is_binary(ExportFormat format);

struct ExportOptions {
  int terminal_width = 100; ///< for text
  bool csv_bom = false;     ///< prefix CSV with a UTF-8 BOM for spreadsheet programs
};

/// The comparison in `format`, as bytes (XLSX and DOCX are zip archives). DOCX is the Markdown
/// rendering converted by pandoc, run from the PATH at export time: MissingTool when it is not
/// installed, DataError when it fails or takes more than a minute.
std::string render_comparison(const Comparison& comparison, ExportFormat format,
                              const ExportOptions& options = {});

/// The provision matrix in `format`: the values as a grid (a heatmap in HTML and XLSX), then
/// every value's note and cited clauses with their instruments' statuses; every format names
/// each jurisdiction's as-of date and the build. DOCX as for render_comparison.
std::string render_matrix(const Matrix& matrix, ExportFormat format, const ExportOptions& options = {});

} // namespace cadre
