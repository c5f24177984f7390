// Open-data exports of the gap report beside gaps.json (monitor/report.h).
//
// GapsCsv: the findings as one spreadsheet table, UTF-8 with a byte-order mark
// (so that Excel opens Chinese intact) and RFC 4180: a header row, then one
// finding per row, in these stable columns: id, kind, severity, status, domain,
// site, project_code, project_title, buyer, due, overdue_working_days, rule_id,
// rule_source, confidence, first_seen, evidence_urls, evidence_sha256. CRLF ends
// every row; a field holding a comma, double quote, CR or LF is double-quoted,
// its quotes doubled. Every cell starting with = + - @ TAB or CR gets a leading
// ' (OWASP, "CSV Injection"), so that a spreadsheet shows it as text, never a
// formula. Values are gaps.json's: an absent due date or first_seen is an empty
// cell; overdue_working_days is plain digits; the evidence columns list each
// evidence item's URL and sha256 in the same order, one space apart (a space
// inside a URL is written %20).
#pragma once
#include <string>

#include "monitor/report.h"

namespace gapwatch {

std::string GapsCsv(const ReportInput& input);  // the gaps.csv bytes

}  // namespace gapwatch
