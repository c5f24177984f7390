#include "monitor/exports.h"

#include <string_view>

namespace gapwatch {
namespace {

// The evidence items' values, one space apart: a space inside a URL would
// split it in two, so it is written %20 (the same URL to a browser).
std::string EvidenceList(const Finding& finding, std::string Evidence::*field) {
  std::string list;
  for (const Evidence& item : finding.evidence) {
    if (!list.empty()) list += ' ';
    for (const char c : item.*field) {
      if (c == ' ') {
        list += "%20";
      } else {
        list += c;
      }
    }
  }
  return list;
}

struct Column {
  const char* name;
  std::string (*value)(const Finding&);
};

// One table gives both the header and each row, so they cannot drift apart.
constexpr Column kColumns[] = {
    {"id", [](const Finding& f) { return f.id; }},
    {"kind", [](const Finding& f) { return f.kind; }},
    {"severity", [](const Finding& f) { return f.severity; }},
    {"status", [](const Finding& f) { return f.status; }},
    {"domain", [](const Finding& f) { return f.domain; }},
    {"site", [](const Finding& f) { return f.site; }},
    {"project_code", [](const Finding& f) { return f.project_code; }},
    {"project_title", [](const Finding& f) { return f.project_title; }},
    {"buyer", [](const Finding& f) { return f.buyer; }},
    {"due", [](const Finding& f) { return f.due.value_or(""); }},
    {"overdue_working_days", [](const Finding& f) { return std::to_string(f.overdue_working_days); }},
    {"rule_id", [](const Finding& f) { return f.rule_id; }},
    {"rule_source", [](const Finding& f) { return f.rule_source; }},
    {"confidence", [](const Finding& f) { return f.confidence; }},
    {"first_seen", [](const Finding& f) { return f.first_seen; }},
    {"evidence_urls", [](const Finding& f) { return EvidenceList(f, &Evidence::url); }},
    {"evidence_sha256", [](const Finding& f) { return EvidenceList(f, &Evidence::sha256); }},
};

// A scraped buyer "=HYPERLINK(…)" must reach the spreadsheet as text: a
// leading ' makes Excel and LibreOffice read it so (OWASP, "CSV Injection").
void AppendCell(std::string& csv, std::string_view value) {
  std::string cell;
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) cell = "'";
  cell += value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    csv += cell;
    return;
  }
  csv += '"';
  for (const char c : cell) {
    if (c == '"') csv += '"';
    csv += c;
  }
  csv += '"';
}

}  // namespace

std::string GapsCsv(const ReportInput& input) {
  std::string csv = "\xEF\xBB\xBF";  // the UTF-8 byte-order mark
  const auto append_row = [&](auto cell_of) {
    bool first = true;
    for (const Column& column : kColumns) {
      if (!first) csv += ',';
      first = false;
      AppendCell(csv, cell_of(column));
    }
    csv += "\r\n";
  };
  append_row([](const Column& column) { return std::string(column.name); });
  for (const Finding& finding : input.findings) {
    append_row([&](const Column& column) { return column.value(finding); });
  }
  return csv;
}

}  // namespace gapwatch
