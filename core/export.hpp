// Renderings of a comparison for people and programs: the terminal table, GitHub Markdown,
// CSV (RFC 4180), standalone HTML with print CSS, JSON and XLSX. Every format names the
// jurisdictions, instrument statuses, as-of dates, the build, and each cell's citations.
#pragma once

#include "core/model.hpp"

#include <string>
#include <string_view>

namespace cadre {

enum class ExportFormat { text, markdown, csv, json, html, xlsx };

/// "text" | "md" | "csv" | "json" | "html" | "xlsx"; throws UserError naming `parameter`.
ExportFormat parse_export_format(std::string_view name, const std::string& parameter);
std::string_view format_name(ExportFormat format);
std::string_view content_type(ExportFormat format);
std::string_view file_extension(ExportFormat format);

struct ExportOptions {
  int terminal_width = 100; ///< for text
  bool csv_bom = false;     ///< prefix CSV with a UTF-8 BOM for spreadsheet programs
};

/// The comparison in `format`, as bytes (XLSX is a zip archive).
std::string render_comparison(const Comparison& comparison, ExportFormat format,
                              const ExportOptions& options = {});

/// The provision matrix in `format`: the values as a grid (a heatmap in HTML and XLSX), then
/// every value's note and cited clauses with their instruments' statuses; every format names
/// each jurisdiction's as-of date and the build.
std::string render_matrix(const Matrix& matrix, ExportFormat format, const ExportOptions& options = {});

} // namespace cadre
