#include "monitor/exports.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "monitor/report.h"
#include "tests/monitor/report_samples.h"
#include "tests/support/process.h"
#include "tests/support/scratch_directory.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr char kHeader[] =
    "id,kind,severity,status,domain,site,project_code,project_title,buyer,due,overdue_working_days,rule_id,"
    "rule_source,confidence,first_seen,evidence_urls,evidence_sha256\r\n";
// Debian's python3, where scripts/setup installs python3-jsonschema.
constexpr char kPython[] = "/usr/bin/python3";

using testing::AwardEvidence;
using testing::SampleFinding;

// The simulator's planted notice: hostile to a spreadsheet and to HTML.
Finding HostileFinding() {
  Finding finding = SampleFinding();
  finding.id = "0123456789abcdef";
  finding.project_title = "<script>alert(1)</script>";
  finding.buyer = "=HYPERLINK(\"http://x\")";
  finding.project_code = "+86-755";
  finding.rule_source = "@SUM(A1:A2)";
  finding.site = "-procurement";
  finding.domain = "\tconstruction";
  finding.rule_id = "GP=15";  // '=' after the first character: no formula
  return finding;
}

// Every optional part gaps.json has: a calendar_unknown finding without a due
// date, with history, evidence dated by its capture and a field_missing list.
Finding CalendarUnknown() {
  Finding finding = SampleFinding();
  finding.id = "fedcba9876543210";
  finding.kind = "award_missing";
  finding.due.reset();
  finding.overdue_working_days = 0;
  finding.confidence = "calendar_unknown";
  finding.calendar_missing_year = 2027;
  finding.first_seen.clear();
  finding.last_seen.clear();
  finding.evidence[0].published_from = "capture";
  finding.evidence[0].missing = {{"experts", "GP-12"}};
  finding.evidence.push_back(AwardEvidence("https://gdgpo.czt.gd.gov.cn/notice/2", 'c'));
  finding.evidence[1].published.clear();
  finding.history = {
      {finding.id, "2025-05-15", 3, "opened", "award_missing", std::nullopt, "open", "High", 0},
      {finding.id, "2025-06-20", 9, "changed", "award_missing", std::nullopt, "open", "calendar_unknown", 0}};
  return finding;
}

ReportInput Input(std::vector<Finding> findings) {
  ReportInput input;
  input.as_of = "2025-06-30";
  input.generated_at = "2025-06-30T08:00:00+08:00";
  input.sites = {{"procurement", 1234, 456, 0, true, 0, "", ""}, {"trading", 10, 3, 2, false, 3, "2025-06-28", ""}};
  input.findings = std::move(findings);
  return input;
}

// The CSV rows after the header, split at CRLF: for rows without a quoted line break.
std::vector<std::string> Rows(const std::string& csv) {
  std::vector<std::string> rows;
  std::size_t start = csv.find("\r\n") + 2;
  for (std::size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2) {
    rows.push_back(csv.substr(start, end - start));
  }
  return rows;
}

class ScratchTest : public testing::ScratchDirectoryTest {
 protected:
  fs::path Write(const std::string& name, const std::string& content) const {
    const fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
};

TEST(GapsCsvTest, StartsWithTheByteOrderMarkAndTheHeaderAndEndsEveryRowWithCrlf) {
  const std::string csv = GapsCsv(Input({SampleFinding(), SampleFinding()}));
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3, sizeof kHeader - 1), kHeader);
  ASSERT_EQ(Rows(csv).size(), 2u);
  EXPECT_EQ(Rows(csv)[0],
            "d74549d233a60111,contract_missing,high,open,procurement,procurement,GDJY251013001FG046,"
            "韶关市某设备采购项目,韶关市第一人民医院,2025-05-14,32,GP-15,政府采购法实施条例 第五十条,High,2025-05-15,"
            "https://gdgpo.czt.gd.gov.cn/notice/1," +
                std::string(64, 'b'));
  EXPECT_EQ(csv.size() - csv.rfind("\r\n"), 2u) << "the last row ends with CRLF too";
  for (std::size_t at = csv.find('\n'); at != std::string::npos; at = csv.find('\n', at + 1)) {
    EXPECT_EQ(csv[at - 1], '\r') << "a bare LF at byte " << at;
  }
}

TEST(GapsCsvTest, WritesOnlyTheHeaderWithoutFindings) {
  EXPECT_EQ(GapsCsv(Input({})), std::string("\xEF\xBB\xBF") + kHeader);
}

TEST(GapsCsvTest, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  Finding finding = SampleFinding();
  finding.project_title = "设备, 安装";
  finding.buyer = "韶关市\"第一\"医院";
  finding.rule_id = "GP-15\n";
  finding.rule_source = "第五十条\r第二款";
  EXPECT_EQ(
      GapsCsv(Input({finding})),
      std::string("\xEF\xBB\xBF") + kHeader +
          "d74549d233a60111,contract_missing,high,open,procurement,procurement,GDJY251013001FG046,"
          "\"设备, 安装\",\"韶关市\"\"第一\"\"医院\",2025-05-14,32,\"GP-15\n\",\"第五十条\r第二款\",High,2025-05-15,"
          "https://gdgpo.czt.gd.gov.cn/notice/1," +
          std::string(64, 'b') + "\r\n");
}

TEST(GapsCsvTest, AbsentValuesAreEmptyCellsAndEvidenceListsAreSpaceSeparated) {
  Finding finding = CalendarUnknown();
  finding.evidence[1].url = "https://gdgpo.czt.gd.gov.cn/notice 2";
  const std::string row = Rows(GapsCsv(Input({finding})))[0];
  EXPECT_NE(row.find(",韶关市第一人民医院,,0,GP-15,"), std::string::npos) << "no due date: " << row;
  EXPECT_NE(row.find(",calendar_unknown,,https://"), std::string::npos) << "no first_seen: " << row;
  EXPECT_NE(row.find(",https://gdgpo.czt.gd.gov.cn/notice/1 https://gdgpo.czt.gd.gov.cn/notice%202," +
                     std::string(64, 'b') + " " + std::string(64, 'c')),
            std::string::npos)
      << row;
}

TEST(GapsCsvTest, NeutralisesCellsThatASpreadsheetWouldReadAsFormulas) {
  Finding finding = HostileFinding();
  finding.project_code = "\r+86";  // a CR first: neutralised, then quoted for the CR
  const std::string row = Rows(GapsCsv(Input({HostileFinding(), finding})))[0];
  EXPECT_EQ(row,
            "0123456789abcdef,contract_missing,high,open,'\tconstruction,'-procurement,'+86-755,"
            "<script>alert(1)</script>,\"'=HYPERLINK(\"\"http://x\"\")\",2025-05-14,32,GP=15,'@SUM(A1:A2),High,"
            "2025-05-15,https://gdgpo.czt.gd.gov.cn/notice/1," +
                std::string(64, 'b'));
  EXPECT_NE(Rows(GapsCsv(Input({finding})))[0].find(",'-procurement,\"'\r+86\",<script>"), std::string::npos);
}

// Runs python3 -c `script` with `arguments`: the test's independent reader.
testing::CommandResult Python(const std::string& script, const std::vector<std::string>& arguments) {
  std::vector<std::string> command = {kPython, "-c", script};
  command.insert(command.end(), arguments.begin(), arguments.end());
  return testing::RunCommand(command);
}

using GapsCsvReadBackTest = ScratchTest;

TEST_F(GapsCsvReadBackTest, PythonsCsvReaderReadsBackEveryValue) {
  Finding quoted = SampleFinding();
  quoted.project_title = "设备, \"安装\"\r\n二期";
  const ReportInput input = Input({HostileFinding(), CalendarUnknown(), quoted});
  const fs::path csv = Write("gaps.csv", GapsCsv(input));
  const auto read = Python(
      "import csv, json, sys\n"
      "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
      "    json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n",
      {csv.string()});
  ASSERT_EQ(read.exit_status, 0) << read.err;
  const Json rows = Json::parse(read.out);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], "id") << "the byte-order mark is not part of the first header";
  EXPECT_EQ(rows[0].size(), 17u);

  const Json& hostile = rows[1];
  ASSERT_EQ(hostile.size(), 17u);
  EXPECT_EQ(hostile[4], "'\tconstruction");
  EXPECT_EQ(hostile[5], "'-procurement");
  EXPECT_EQ(hostile[6], "'+86-755");
  EXPECT_EQ(hostile[7], "<script>alert(1)</script>");
  EXPECT_EQ(hostile[8], "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(hostile[11], "GP=15");
  EXPECT_EQ(hostile[12], "'@SUM(A1:A2)");

  const Finding unknown = CalendarUnknown();
  const Json& calendar = rows[2];
  const std::vector<std::string> expected = {unknown.id,
                                             unknown.kind,
                                             unknown.severity,
                                             unknown.status,
                                             unknown.domain,
                                             unknown.site,
                                             unknown.project_code,
                                             unknown.project_title,
                                             unknown.buyer,
                                             "",
                                             "0",
                                             unknown.rule_id,
                                             unknown.rule_source,
                                             "calendar_unknown",
                                             "",
                                             unknown.evidence[0].url + " " + unknown.evidence[1].url,
                                             unknown.evidence[0].sha256 + " " + unknown.evidence[1].sha256};
  EXPECT_EQ(calendar.get<std::vector<std::string>>(), expected);
  EXPECT_EQ(rows[3][7], "设备, \"安装\"\r\n二期");
  EXPECT_EQ(rows[3][9], "2025-05-14");
  EXPECT_EQ(rows[3][10], "32");
}

// Validates the JSON file against docs/gaps.schema.json with Draft 2020-12:
// exit 0 when valid, else 1 with each error's message on a line.
constexpr char kValidate[] =
    "import json, sys\n"
    "from jsonschema import Draft202012Validator\n"
    "schema = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "Draft202012Validator.check_schema(schema)\n"
    "document = json.load(open(sys.argv[2], encoding='utf-8'))\n"
    "errors = sorted(e.message for e in Draft202012Validator(schema).iter_errors(document))\n"
    "print('\\n'.join(errors))\n"
    "sys.exit(1 if errors else 0)\n";

class GapsSchemaTest : public ScratchTest {
 protected:
  testing::CommandResult Validate(const std::string& gaps_json) const {
    const fs::path schema = fs::path(GAPWATCH_SOURCE_DIR) / "docs" / "gaps.schema.json";
    return Python(kValidate, {schema.string(), Write("gaps.json", gaps_json).string()});
  }
};

TEST_F(GapsSchemaTest, GapsJsonWithEveryOptionalFieldIsValid) {
  const auto result = Validate(GapsJson(Input({SampleFinding(), HostileFinding(), CalendarUnknown()})));
  EXPECT_EQ(result.exit_status, 0) << result.out << result.err;
  const auto empty = Validate(GapsJson(Input({})));
  EXPECT_EQ(empty.exit_status, 0) << empty.out << empty.err;
}

TEST_F(GapsSchemaTest, RejectsWhatGapsJsonNeverWrites) {
  const Json valid = Json::parse(GapsJson(Input({SampleFinding(), CalendarUnknown()})));
  struct Broken {
    std::string what;
    Json document;
    std::string error;
  };
  std::vector<Broken> cases;
  const auto broken = [&](std::string what, std::string error, auto change) {
    Json document = valid;
    change(document);
    cases.push_back({std::move(what), std::move(document), std::move(error)});
  };
  broken("a kind not in the enum", "'award_hidden' is not one of",
         [](Json& d) { d["findings"][0]["kind"] = "award_hidden"; });
  broken("a finding without status", "'status' is a required property",
         [](Json& d) { d["findings"][0].erase("status"); });
  broken("a key gaps.json has no use for", "Additional properties are not allowed",
         [](Json& d) { d["findings"][0]["project"]["agency"] = "x"; });
  broken("a date that is not YYYY-MM-DD", "'2025-6-30' does not match", [](Json& d) { d["as_of"] = "2025-6-30"; });
  broken("a history event of no known sort", "'deleted' is not one of",
         [](Json& d) { d["findings"][1]["history"][0]["event"] = "deleted"; });
  broken("a missing calendar year without calendar_unknown", "'calendar_unknown' was expected",
         [](Json& d) { d["findings"][1]["confidence"] = "High"; });
  for (const Broken& test : cases) {
    const auto result = Validate(test.document.dump());
    EXPECT_EQ(result.exit_status, 1) << test.what << ": " << result.err;
    EXPECT_NE(result.out.find(test.error), std::string::npos) << test.what << ": " << result.out << result.err;
  }
}

}  // namespace
}  // namespace gapwatch
