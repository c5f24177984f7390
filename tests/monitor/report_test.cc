#include "monitor/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "monitor/exports.h"
#include "tests/monitor/report_samples.h"
#include "tests/support/scratch_directory.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;

using testing::SampleFinding;

ReportInput SampleInput() {
  ReportInput input;
  input.as_of = "2025-06-30";
  input.generated_at = "2025-06-30T08:00:00+08:00";
  input.complete = true;
  input.sites = {{"procurement", 1234, 456, 0, true, 0, "", ""}, {"trading", 10, 3, 2, true, 0, "", ""}};
  input.findings = {SampleFinding()};
  return input;
}

// How many times `text` stands in `html`, overlapping or not.
std::size_t Occurrences(const std::string& html, std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = html.find(text); at != std::string::npos; at = html.find(text, at + 1)) ++n;
  return n;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> Keys(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

TEST(GapsJsonTest, HasTheDocumentedShape) {
  const std::string text = GapsJson(SampleInput());
  const auto report = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(Keys(report),
            (std::vector<std::string>{"schema", "as_of", "generated_at", "complete", "sites", "findings"}));
  EXPECT_EQ(report["schema"], "gapwatch.gaps/1");
  EXPECT_EQ(report["as_of"], "2025-06-30");
  EXPECT_EQ(report["generated_at"], "2025-06-30T08:00:00+08:00");
  EXPECT_TRUE(report["complete"].is_boolean());

  ASSERT_EQ(report["sites"].size(), 2u);
  const auto& site = report["sites"][1];
  EXPECT_EQ(Keys(site), (std::vector<std::string>{"name", "pages", "notices", "errors"}));
  EXPECT_EQ(site["name"], "trading");
  EXPECT_TRUE(site["pages"].is_number_integer());
  EXPECT_EQ(site["errors"], 2);

  ASSERT_EQ(report["findings"].size(), 1u);
  const auto& finding = report["findings"][0];
  EXPECT_EQ(Keys(finding), (std::vector<std::string>{"id", "kind", "severity", "domain", "site", "project", "due",
                                                     "overdue_working_days", "rule", "confidence", "evidence", "status",
                                                     "first_seen", "last_seen", "calendar_missing_year", "history"}));
  EXPECT_EQ(finding["kind"], "contract_missing");
  EXPECT_EQ(Keys(finding["project"]), (std::vector<std::string>{"code", "title", "buyer"}));
  EXPECT_EQ(finding["project"]["title"], "韶关市某设备采购项目");
  EXPECT_EQ(finding["due"], "2025-05-14");
  EXPECT_TRUE(finding["overdue_working_days"].is_number_integer());
  EXPECT_EQ(finding["overdue_working_days"], 32);
  EXPECT_EQ(Keys(finding["rule"]), (std::vector<std::string>{"id", "source"}));
  EXPECT_EQ(finding["rule"]["source"], "政府采购法实施条例 第五十条");
  ASSERT_EQ(finding["evidence"].size(), 1u);
  EXPECT_EQ(Keys(finding["evidence"][0]),
            (std::vector<std::string>{"url", "notice_kind", "published", "captured_at", "sha256"}));
  EXPECT_EQ(finding["status"], "open");
  EXPECT_EQ(finding["first_seen"], "2025-05-15");
}

TEST(GapsJsonTest, AddsHistoryCalendarYearAndPublicationSource) {
  ReportInput input = SampleInput();
  Finding& finding = input.findings[0];
  finding.history = {{finding.id, "2025-05-15", 3, "opened", "contract_missing", "2025-05-14", "open", "High", 1},
                     {finding.id, "2025-06-20", 9, "late", "contract_late", "2025-05-14", "open", "High", 25}};
  finding.evidence[0].published_from = "capture";
  Finding dated = SampleFinding();  // its history not loaded, its evidence the site's own date
  input.findings.push_back(dated);
  const auto report = nlohmann::ordered_json::parse(GapsJson(input));
  const auto& history = report["findings"][0]["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(Keys(history[1]), (std::vector<std::string>{"as_of", "event", "kind", "due", "status"}));
  EXPECT_EQ(history[1]["event"], "late");
  EXPECT_EQ(history[1]["as_of"], "2025-06-20");
  EXPECT_EQ(report["findings"][0]["evidence"][0]["published_from"], "capture");
  EXPECT_TRUE(report["findings"][0]["calendar_missing_year"].is_null());
  EXPECT_TRUE(report["findings"][1]["history"].is_array());
  EXPECT_TRUE(report["findings"][1]["history"].empty());
  EXPECT_FALSE(report["findings"][1]["evidence"][0].contains("published_from")) << "absent: the site's own date";
  const std::string html = IndexHtml(input);
  EXPECT_NE(html.find("2025-06-20 late contract_late"), std::string::npos);
  EXPECT_NE(html.find("以首次抓取日期计"), std::string::npos);
}

TEST(GapsJsonTest, ACalendarUnknownFindingNamesTheMissingNotice) {
  ReportInput input = SampleInput();
  input.as_of = "2027-01-20";
  input.findings[0].confidence = "calendar_unknown";
  input.findings[0].due.reset();
  input.findings[0].overdue_working_days = 0;
  input.findings[0].calendar_missing_year = 2027;
  const auto report = nlohmann::json::parse(GapsJson(input));
  EXPECT_EQ(report["findings"][0]["calendar_missing_year"], 2027);
  EXPECT_EQ(MissingCalendarText(2027),
            "the official working-day calendar for 2027 is not loaded (国务院办公厅关于2027年部分节假日安排的通知)");
  EXPECT_NE(IndexHtml(input).find(MissingCalendarText(2027)), std::string::npos);
}

TEST(GapsJsonTest, IsPrettyPrintedUtf8) {
  const std::string text = GapsJson(SampleInput());
  EXPECT_NE(text.find("\n  \"as_of\": \"2025-06-30\""), std::string::npos) << "two-space indent";
  EXPECT_NE(text.find("韶关市第一人民医院"), std::string::npos) << "UTF-8 kept, not \\u-escaped";
  EXPECT_EQ(text.find("\\u"), std::string::npos);
}

TEST(GapsJsonTest, AbsentValuesAreNull) {
  ReportInput input = SampleInput();
  input.complete = false;
  input.findings[0].due.reset();
  input.findings[0].first_seen.clear();
  input.findings[0].evidence[0].published.clear();
  const auto report = nlohmann::json::parse(GapsJson(input));
  EXPECT_EQ(report["complete"], false);
  EXPECT_TRUE(report["findings"][0]["due"].is_null());
  EXPECT_TRUE(report["findings"][0]["first_seen"].is_null());
  EXPECT_TRUE(report["findings"][0]["evidence"][0]["published"].is_null());
}

TEST(GapsJsonTest, EmptyReportStillHasEveryTopLevelKey) {
  ReportInput input;
  input.as_of = "2025-06-30";
  const auto report = nlohmann::json::parse(GapsJson(input));
  EXPECT_TRUE(report["sites"].is_array());
  EXPECT_TRUE(report["findings"].is_array());
  EXPECT_TRUE(report["findings"].empty());
}

TEST(GapsJsonTest, InvalidUtf8DoesNotLoseTheReport) {
  ReportInput input = SampleInput();
  input.findings[0].project_title = "bad \xFF byte";
  const auto report = nlohmann::json::parse(GapsJson(input));
  EXPECT_EQ(report["findings"][0]["project"]["title"], "bad \xEF\xBF\xBD byte");  // U+FFFD
}

TEST(HtmlTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("韶关"), "韶关");
}

TEST(HtmlTest, IsASelfContainedChinesePage) {
  const std::string html = IndexHtml(SampleInput());
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(html.find("<title>gapwatch 信息公开缺口报告</title>"), std::string::npos);
  // Two scripts, both its own and inline (the findings' data and their filter): nothing fetched.
  const std::size_t data = html.find("<script type=\"application/json\" id=\"findings-data\">");
  const std::size_t filter = html.find("<script>");
  ASSERT_NE(data, std::string::npos);
  ASSERT_NE(filter, std::string::npos);
  EXPECT_EQ(html.find("<script"), data);
  EXPECT_EQ(html.find("<script", data + 1), filter);
  EXPECT_EQ(html.find("<script", filter + 1), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_NE(html.find("2025-06-30"), std::string::npos);
  EXPECT_NE(html.find("本次检查完整"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"number\">1234</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>contract_missing</td><td class=\"number\">1</td>"), std::string::npos);
  EXPECT_NE(html.find("GP-15 政府采购法实施条例 第五十条"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"https://gdgpo.czt.gd.gov.cn/notice/1\""), std::string::npos);
  EXPECT_NE(html.find(std::string(64, 'b')), std::string::npos);

  ReportInput incomplete = SampleInput();
  incomplete.complete = false;
  EXPECT_NE(IndexHtml(incomplete).find("本次检查不完整"), std::string::npos);
}

TEST(HtmlTest, EscapesHostileScrapedText) {
  ReportInput input = SampleInput();
  Finding& finding = input.findings[0];
  finding.project_title = "<script>alert(1)</script>";
  finding.buyer = "\"><img onerror=x>";
  finding.project_code = "A&B'<";
  finding.evidence[0].url = "https://example.gov.cn/?a=1&b=\"><script>";
  finding.site = "procurement</script><script>alert(2)</script>\u2028";
  const std::string html = IndexHtml(input);
  // The page's own two scripts (the findings' data and their filter), and no other element a scraped text made.
  const auto count = [&](std::string_view text) { return Occurrences(html, text); };
  EXPECT_EQ(count("<script"), 2u);
  EXPECT_EQ(count("</script>"), 2u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("A&amp;B&#39;&lt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://example.gov.cn/?a=1&amp;b=&quot;&gt;&lt;script&gt;\""), std::string::npos);
  // Embedded as JSON with <, > and & escaped, they read back as they were.
  const std::string opening = "<script type=\"application/json\" id=\"findings-data\">";
  const std::size_t begin = html.find(opening) + opening.size();
  const std::string embedded = html.substr(begin, html.find("</script>", begin) - begin);
  EXPECT_NE(embedded.find("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"), std::string::npos);
  EXPECT_EQ(embedded.find("\u2028"), std::string::npos);
  const auto data = nlohmann::json::parse(embedded);
  ASSERT_EQ(data.size(), input.findings.size());
  EXPECT_EQ(data[0]["title"], "<script>alert(1)</script>");
  EXPECT_EQ(data[0]["buyer"], "\"><img onerror=x>");
  EXPECT_EQ(data[0]["code"], "A&B'<");
  EXPECT_EQ(data[0]["site"], finding.site);
}

// The overview draws its charts as inline SVG: the on-time rate per buyer,
// the findings opened and resolved by month, the days overdue; each bar's
// label is scraped text, escaped.
TEST(HtmlTest, DrawsItsChartsAsInlineSvg) {
  ReportInput input = SampleInput();  // one finding, 32 working days overdue
  Scorecard card;
  card.buyer = "韶关市<b>甲</b>局";
  card.domain = "procurement";
  card.published = 4;
  card.on_time = 3;
  card.timeliness = 0.75;
  Scorecard untimed;  // nothing published: no rate, no bar
  untimed.buyer = "乙局";
  input.scorecards = {card, untimed};
  FindingEvent opened{"d74549d233a60111", "2025-05-15", 1,      "opened", "contract_missing",
                      "2025-05-14",       "open",       "High", 0};
  FindingEvent resolved = opened;
  resolved.as_of = "2025-06-30";
  resolved.event = "resolved";
  input.events = {opened, opened, resolved};
  const std::string html = IndexHtml(input);
  const auto count = [&](std::string_view text) { return Occurrences(html, text); };
  EXPECT_EQ(count("<svg class=\"chart\""), 3u);
  // 1 buyer, 2 months of two bars each, 6 bins of days overdue.
  EXPECT_EQ(count("<rect class=\"bar"), 1u + 4u + 6u);
  EXPECT_NE(html.find("韶关市&lt;b&gt;甲&lt;/b&gt;局 · procurement"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("乙局 · "), std::string::npos);
  EXPECT_NE(html.find(">75% (3/4)</text>"), std::string::npos);
  EXPECT_NE(html.find(">2025-05 新发现 (opened)</text><rect class=\"bar opened\""), std::string::npos);
  EXPECT_NE(html.find(">2025-06 已解决 (resolved)</text><rect class=\"bar resolved\""), std::string::npos);
  // The busiest bar is the widest: two opened in May, one resolved in June.
  EXPECT_NE(html.find("2025-05 新发现 (opened)</text><rect class=\"bar opened\" x=\"360\" y=\"5\" width=\"360\""),
            std::string::npos);
  EXPECT_NE(html.find("2025-06 已解决 (resolved)</text><rect class=\"bar resolved\" x=\"360\" y=\"65\" width=\"180\""),
            std::string::npos);
  EXPECT_NE(html.find(">21–60 个工作日</text><rect class=\"bar\" x=\"360\" y=\"85\" width=\"360\""), std::string::npos);
}

// The findings table filters itself, offline: a form (hidden until its script
// runs), each row numbered after its finding in the embedded data.
TEST(HtmlTest, FindingsTableCarriesItsFilterAndData) {
  const ReportInput input = SampleInput();
  const std::string html = IndexHtml(input);
  EXPECT_NE(html.find("<form id=\"findings-filter\" hidden>"), std::string::npos);
  for (const char* field : {"kind", "domain", "buyer", "site", "status"}) {
    EXPECT_NE(html.find("<select name=\"" + std::string(field) + "\">"), std::string::npos) << field;
  }
  for (std::size_t index = 0; index < input.findings.size(); ++index) {
    EXPECT_NE(html.find("<tr data-index=\"" + std::to_string(index) + "\">"), std::string::npos);
  }
  EXPECT_EQ(html.find("<tr data-index=\"" + std::to_string(input.findings.size()) + "\">"), std::string::npos);
  EXPECT_NE(html.find("JSON.parse(document.getElementById('findings-data').textContent)"), std::string::npos);
}

TEST(HtmlTest, TheOverviewListsTheMostOverdueFindingsUpToItsLimitAndSaysSo) {
  ReportInput input = SampleInput();
  ASSERT_FALSE(input.findings.empty());
  input.findings.resize(3, input.findings[0]);
  input.findings[0].overdue_working_days = 3;
  input.findings[0].project_code = "OVERDUE-3";
  input.findings[1].overdue_working_days = 40;
  input.findings[1].project_code = "OVERDUE-40";
  input.findings[2].overdue_working_days = 12;
  input.findings[2].project_code = "OVERDUE-12";
  input.overview_findings_limit = 2;
  const std::string html = IndexHtml(input);
  // The table and its data hold the two most overdue, most overdue first; the count of all stays.
  EXPECT_NE(html.find("<tr data-index=\"1\">"), std::string::npos);
  EXPECT_EQ(html.find("<tr data-index=\"2\">"), std::string::npos);
  const auto forty = html.find(">OVERDUE-40<"), twelve = html.find(">OVERDUE-12<");
  ASSERT_NE(forty, std::string::npos);
  ASSERT_NE(twelve, std::string::npos);
  EXPECT_LT(forty, twelve);
  EXPECT_EQ(html.find("OVERDUE-3"), std::string::npos);
  EXPECT_NE(html.find("此处列出逾期最久的 2 项（共 3 项）"), std::string::npos);
  EXPECT_NE(html.find("<span id=\"findings-shown\">2</span>"), std::string::npos);
  EXPECT_NE(html.find("缺口（共 3 项）"), std::string::npos);
  // Under the limit nothing is left out, and nothing says so.
  input.overview_findings_limit = 3;
  const std::string whole = IndexHtml(input);
  EXPECT_NE(whole.find("OVERDUE-3"), std::string::npos);
  EXPECT_EQ(whole.find("此处列出逾期最久的"), std::string::npos);
}

TEST(ScorecardsTest, GivesCountsAndRatesAndNoRateWithoutADivisor) {
  ReportInput input = SampleInput();
  Scorecard timely;
  timely.buyer = "韶关市<b>甲</b>局";
  timely.domain = "procurement";
  timely.projects = 2;
  timely.expected = 4;
  timely.published = 3;
  timely.on_time = 2;
  timely.late = 1;
  timely.missing = 1;
  timely.completeness = 0.75;
  timely.timeliness = 2.0 / 3.0;
  Scorecard silent;
  silent.buyer = "韶关市乙局";
  silent.domain = "procurement";
  silent.projects = 1;
  silent.expected = 1;
  silent.missing = 1;
  silent.completeness = 0.0;
  input.scorecards = {timely, silent};
  const auto json = nlohmann::json::parse(ScorecardsJson(input));
  EXPECT_EQ(json["schema"], "gapwatch.scorecards/1");
  EXPECT_EQ(json["as_of"], "2025-06-30");
  ASSERT_EQ(json["scorecards"].size(), 2u);
  EXPECT_EQ(json["scorecards"][0]["expected"], 4);
  EXPECT_EQ(json["scorecards"][0]["late"], 1);
  EXPECT_DOUBLE_EQ(json["scorecards"][0]["completeness"].get<double>(), 0.75);
  EXPECT_TRUE(json["scorecards"][1]["timeliness"].is_null());
  const std::string html = IndexHtml(input);
  EXPECT_NE(html.find("韶关市&lt;b&gt;甲&lt;/b&gt;局"), std::string::npos);
  EXPECT_NE(html.find(">75%<"), std::string::npos);
  EXPECT_NE(html.find(">67%<"), std::string::npos);
  EXPECT_NE(html.find(">—<"), std::string::npos);  // no timeliness without a published notice
}

TEST(HtmlTest, ListsNoticesLeftForReviewAsInertText) {
  ReportInput input = SampleInput();
  EXPECT_EQ(IndexHtml(input).find("for review"), std::string::npos);  // no section when nothing waits
  input.for_review = {{"procurement", "javascript:alert(1)", "award", "<script>alert(1)</script>结果公告", "韶关市甲局",
                       "2025-04-01", "SGZB2025-CG001", 0.62}};
  const std::string html = IndexHtml(input);
  EXPECT_NE(html.find("for review"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;结果公告"), std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_NE(html.find("SGZB2025-CG001"), std::string::npos);
  EXPECT_NE(html.find(">62%<"), std::string::npos);
}

TEST(HtmlTest, ShowsEachSitesHealth) {
  ReportInput input = SampleInput();
  input.sites[0].complete = false;
  input.sites[1].complete = false;
  input.sites[1].failed_crawls = 3;
  input.sites[1].unhealthy_since = "2025-06-29T02:00:00+08:00";
  input.sites[1].extractor_stale = "its list pages yield no items <b>";
  const std::string html = IndexHtml(input);
  EXPECT_NE(html.find("<td>不完整 (incomplete)</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("异常 (unhealthy)：连续 3 次抓取不完整，自 2025-06-29T02:00:00+08:00"), std::string::npos);
  EXPECT_NE(html.find("抽取规则可能过时 (extractor stale)：its list pages yield no items &lt;b&gt;"),
            std::string::npos);
  EXPECT_EQ(Keys(nlohmann::ordered_json::parse(GapsJson(input))["sites"][1]),
            (std::vector<std::string>{"name", "pages", "notices", "errors"}))
      << "gaps.json keeps its documented shape";
}

TEST(HtmlTest, LinksOnlyWebUrls) {
  ReportInput input = SampleInput();
  input.findings[0].evidence[0].url = "javascript:alert(1)";
  Evidence padded = input.findings[0].evidence[0];
  padded.url = " https://leading-space.example/";
  input.findings[0].evidence.push_back(padded);
  const std::string html = IndexHtml(input);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_EQ(html.find("href=\" https:"), std::string::npos);
  EXPECT_NE(html.find("javascript:alert(1)"), std::string::npos) << "still shown, as text";
}

class WriteReportTest : public testing::ScratchDirectoryTest {
 protected:
  std::vector<std::string> Entries(const fs::path& folder) const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(WriteReportTest, WritesEveryFile) {
  const fs::path out = directory_ / "report";
  WriteReport(out.string() + "/", SampleInput());
  EXPECT_EQ(Entries(out),
            (std::vector<std::string>{"buyers", "gaps.csv", "gaps.json", "index.html", "projects", "scorecards.json"}));
  EXPECT_EQ(ReadFile(out / "gaps.csv"), GapsCsv(SampleInput()));
  EXPECT_EQ(ReadFile(out / "scorecards.json"), ScorecardsJson(SampleInput()));
  EXPECT_EQ(ReadFile(out / "gaps.json"), GapsJson(SampleInput()));
  EXPECT_EQ(ReadFile(out / "index.html"), IndexHtml(SampleInput()));
  EXPECT_EQ(Entries(directory_), (std::vector<std::string>{"report"})) << "no temporary folder left behind";
}

TEST_F(WriteReportTest, ReplacesAnOldReportFolderWhole) {
  const fs::path out = directory_ / "report";
  fs::create_directories(out);
  std::ofstream(out / "gaps.json") << "{\"old\": true}";
  std::ofstream(out / "stale.csv") << "old";

  WriteReport(out.string(), SampleInput());
  EXPECT_EQ(Entries(out),
            (std::vector<std::string>{"buyers", "gaps.csv", "gaps.json", "index.html", "projects", "scorecards.json"}));
  EXPECT_EQ(nlohmann::json::parse(ReadFile(out / "gaps.json"))["as_of"], "2025-06-30");
  EXPECT_EQ(Entries(directory_), (std::vector<std::string>{"report"})) << "old and temporary folders removed";
}

TEST_F(WriteReportTest, RefusesToReplaceAFile) {
  const fs::path out = directory_ / "report";
  std::ofstream(out) << "not a folder";
  try {
    WriteReport(out.string(), SampleInput());
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(out.string()), std::string::npos) << error.what();
  }
  EXPECT_EQ(ReadFile(out), "not a folder");
  EXPECT_EQ(Entries(directory_), (std::vector<std::string>{"report"}));
}

TEST_F(WriteReportTest, FailureNamesThePath) {
  // A parent that is a file: the temporary folder cannot be created.
  std::ofstream(directory_ / "file") << "x";
  const fs::path out = directory_ / "file" / "report";
  try {
    WriteReport(out.string(), SampleInput());
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(out.string()), std::string::npos) << error.what();
  }
}

// Each buyer has a page: its scorecard, the deadlines coming, its open
// findings and nobody else's; the overview links to it; the buyer's name,
// scraped, is escaped everywhere and makes a safe file name.
TEST_F(WriteReportTest, WritesAPageForEachBuyer) {
  ReportInput input = SampleInput();
  Finding other = SampleFinding();
  other.id = "0000000000000001";
  other.buyer = "=HYPERLINK(\"http://x\")<script>";
  other.project_code = "OTHER-1";
  input.findings.push_back(other);
  Scorecard card;
  card.buyer = "韶关市第一人民医院";
  card.domain = "procurement";
  card.projects = 3;
  card.expected = 5;
  card.published = 4;
  card.on_time = 2;
  card.timeliness = 0.5;
  input.scorecards = {card};
  UpcomingDeadline coming;
  coming.buyer = "韶关市第一人民医院";
  coming.domain = "procurement";
  coming.project_code = "SOON-9";
  coming.project_title = "即将到期的<项目>";
  coming.expected_notice = "contract";
  coming.due = *Date::Parse("2025-07-08");
  coming.working_days_left = 6;
  coming.rule_id = "GP-15";
  coming.url = "javascript:alert(1)";
  input.upcoming = {coming};
  const fs::path out = directory_ / "report";
  WriteReport(out.string(), input);
  const fs::path first = out / ("buyers/" + PageSlug("韶关市第一人民医院") + ".html");
  const fs::path hostile = out / ("buyers/" + PageSlug(other.buyer) + ".html");
  EXPECT_EQ(Entries(out / "buyers"), (std::vector<std::string>{hostile.filename(), first.filename()}));  // sorted
  const std::string page = ReadFile(first);
  EXPECT_EQ(page, BuyerPageHtml(input, "韶关市第一人民医院", {&input.findings[0]}));
  EXPECT_NE(page.find("<h1>韶关市第一人民医院</h1>"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"number\">3</td><td class=\"number\">5</td>"), std::string::npos);
  EXPECT_NE(page.find("<td>2025-07-08</td><td class=\"number\">6</td><td>contract</td><td>SOON-9</td>"),
            std::string::npos);
  EXPECT_NE(page.find("即将到期的&lt;项目&gt;"), std::string::npos);
  EXPECT_EQ(page.find("javascript:"), std::string::npos);  // not a link
  EXPECT_NE(page.find("GDJY251013001FG046"), std::string::npos);
  EXPECT_EQ(page.find("OTHER-1"), std::string::npos);  // another buyer's finding
  const std::string other_page = ReadFile(hostile);
  EXPECT_NE(other_page.find("OTHER-1"), std::string::npos);
  EXPECT_EQ(other_page.find("<script>"), std::string::npos);
  EXPECT_NE(other_page.find("=HYPERLINK(&quot;http://x&quot;)&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(other_page.find("SOON-9"), std::string::npos);
  EXPECT_NE(ReadFile(out / "index.html").find("<a href=\"buyers/" + PageSlug("韶关市第一人民医院") + ".html\">"),
            std::string::npos);
}

// Each subject a finding names has a page: a project's with its notices on
// every site and its deadlines, any other (a department) with its findings;
// every scraped text escaped, only web URLs made links, and the overview's
// project codes link to them.
TEST_F(WriteReportTest, WritesAPageForEachProjectAFindingNames) {
  ReportInput input = SampleInput();
  Finding department = SampleFinding();
  department.id = "0000000000000002";
  department.kind = "plan_missing";
  department.project_code = "市<发改>局";
  input.findings.push_back(department);
  ProjectPage page;
  page.code = "GDJY251013001FG046";
  page.title = "韶关市某设备采购项目";
  page.buyer = "韶关市第一人民医院";
  page.domain = "procurement";
  page.notices = {{"2025-03-03", "procurement", "tender", "招标<公告>", "https://gdgpo.czt.gd.gov.cn/t/1",
                   "2025-03-04T10:00:00+08:00", std::string(64, 'a')},
                  {"2025-04-10", "trading", "award", "结果公告", "javascript:alert(1)", "2025-04-11T10:00:00+08:00",
                   std::string(64, 'b')}};
  page.deadlines = {
      {"award", "2025-04-02", "late", "GP-12 政府采购法实施条例 第四十三条", "opening 2025-03-20 + 9 WD", "2025-03-20",
       "2025-04-10"},
      {"contract", "2025-05-14", "missing", "GP-15 政府采购法实施条例 第五十条", "award_published", "2025-04-10", ""}};
  input.projects = {page};
  const fs::path out = directory_ / "report";
  WriteReport(out.string(), input);
  const std::string project = ReadFile(out / ("projects/" + PageSlug(page.code) + ".html"));
  EXPECT_NE(project.find("<h1>韶关市某设备采购项目</h1>"), std::string::npos);
  EXPECT_NE(project.find("<a href=\"../buyers/" + PageSlug(page.buyer) + ".html\">"), std::string::npos);
  EXPECT_NE(
      project.find("<a href=\"https://gdgpo.czt.gd.gov.cn/t/1\" rel=\"noopener noreferrer\">招标&lt;公告&gt;</a>"),
      std::string::npos);
  EXPECT_EQ(project.find("javascript:"), std::string::npos);
  EXPECT_NE(project.find("<td>contract</td><td>2025-05-14</td><td>missing</td>"), std::string::npos);
  EXPECT_NE(project.find(std::string(64, 'a')), std::string::npos);
  EXPECT_NE(project.find("<tr data-index=\"0\"><td>contract_missing</td>"), std::string::npos);
  EXPECT_EQ(project.find("plan_missing"), std::string::npos);  // another subject's finding
  const std::string other = ReadFile(out / ("projects/" + PageSlug(department.project_code) + ".html"));
  EXPECT_NE(other.find("<h1>市&lt;发改&gt;局</h1>"), std::string::npos);
  EXPECT_NE(other.find("plan_missing"), std::string::npos);
  EXPECT_EQ(other.find("id=\"timeline\""), std::string::npos);  // no project of that code
  EXPECT_EQ(Entries(out / "projects").size(), 2u);
  EXPECT_NE(ReadFile(out / "index.html").find("<a href=\"projects/" + PageSlug(page.code) + ".html\">"),
            std::string::npos);
}

// Each archived capture's hash links to the capture as `gapwatch serve` returns
// it, relative to the page: from the overview and from a project's page.
TEST(HtmlTest, LinksEachCaptureToItsEvidence) {
  ReportInput input = SampleInput();
  const std::string link = "<a href=\"evidence/" + std::string(64, 'b') + "\"><code>" + std::string(64, 'b');
  EXPECT_NE(IndexHtml(input).find(link), std::string::npos);
  ProjectPage page;
  page.code = "GDJY251013001FG046";
  page.notices = {{"2025-03-03", "procurement", "tender", "招标公告", "https://gdgpo.czt.gd.gov.cn/t/1",
                   "2025-03-04T10:00:00+08:00", std::string(64, 'a')}};
  const std::string project = ProjectPageHtml(input, page.code, &page, {&input.findings[0]});
  EXPECT_NE(project.find("<a href=\"../evidence/" + std::string(64, 'a') + "\"><code>"), std::string::npos);
  EXPECT_NE(project.find("<a href=\"../" + link.substr(9)), std::string::npos);  // the finding's, in its table
}

// A project's timeline as a sample world draws it: a tender on the designated
// site and its copy elsewhere, the award late, the contract missing, a
// correction the site gave no date (placed at its capture); the title hostile.
class ProjectTimelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    input_ = SampleInput();  // as of 2025-06-30
    page_.code = "GDJY251013001FG046";
    page_.title = "韶关市某设备采购项目";
    page_.notices = {{"2025-03-03", "procurement", "tender", "<script>alert(1)</script>",
                      "https://gdgpo.czt.gd.gov.cn/t/1", "2025-03-04T10:00:00+08:00", std::string(64, 'a')},
                     {"2025-03-05", "trading<b>", "tender", "招标公告", "https://ygp.gdzwfw.gov.cn/t/1",
                      "2025-03-06T10:00:00+08:00", std::string(64, 'c')},
                     {"2025-04-10", "procurement", "award", "结果公告", "https://gdgpo.czt.gd.gov.cn/t/2",
                      "2025-04-11T10:00:00+08:00", std::string(64, 'b')},
                     {"", "trading<b>", "correction", "更正公告", "https://ygp.gdzwfw.gov.cn/t/2",
                      "2025-04-15T09:00:00+08:00", std::string(64, 'd')}};
    page_.deadlines = {{"award", "2025-04-02", "late", "GP-12 政府采购法实施条例 第四十三条",
                        "opening 2025-03-20 + 9 WD", "2025-03-20", "2025-04-10"},
                       {"contract", "2025-05-14", "missing", "GP-15 政府采购法实施条例 第五十条",
                        "award_published 2025-04-10 + 30 days + 2 WD", "2025-04-10", ""}};
  }

  // The page's timeline: its <svg> element, "" when it has none.
  std::string Svg() const {
    const std::string html = ProjectPageHtml(input_, page_.code, &page_, {});
    const std::size_t begin = html.find("<svg class=\"chart timeline\"");
    if (begin == std::string::npos) return "";
    return html.substr(begin, html.find("</svg>", begin) + 6 - begin);
  }

  // The number after `name="` in `svg` from `at` on.
  static int Attribute(const std::string& svg, std::size_t at, const std::string& name) {
    return std::stoi(svg.substr(svg.find(name + "=\"", at) + name.size() + 2));
  }

  ReportInput input_;
  ProjectPage page_;
};

TEST_F(ProjectTimelineTest, DrawsAMarkPerNoticeAndPerDeadline) {
  const std::string svg = Svg();
  ASSERT_FALSE(svg.empty());
  EXPECT_EQ(Occurrences(svg, "<g class=\"notice"), page_.notices.size());
  EXPECT_EQ(Occurrences(svg, "<circle "), page_.notices.size());
  EXPECT_EQ(Occurrences(svg, "<g class=\"notice undated\" data-day=\"2025-04-15\">"), 1u);
  EXPECT_EQ(Occurrences(svg, "<g class=\"deadline "), page_.deadlines.size());
  EXPECT_EQ(Occurrences(svg, "<line class=\"due\""), page_.deadlines.size());
  EXPECT_EQ(Occurrences(svg, "<g class=\"deadline due-late\" data-due=\"2025-04-02\">"), 1u);
  EXPECT_EQ(Occurrences(svg, "<g class=\"deadline due-missing\" data-due=\"2025-05-14\">"), 1u);
  EXPECT_EQ(Occurrences(svg, "<rect class=\"gap\""), 2u);  // late and missing both show their gap
  // A lane per site, one per deadline, each labelled; every kind labels its marks.
  EXPECT_EQ(Occurrences(svg, "<line class=\"lane\""), 2u);
  EXPECT_EQ(Occurrences(svg, ">award 期限 (deadline)</text>"), 1u);
  EXPECT_EQ(Occurrences(svg, ">tender</text>"), 2u);
  EXPECT_EQ(Occurrences(svg, ">correction</text>"), 1u);
  EXPECT_NE(svg.find("<title>award 应公开日期 (due) 2025-04-02 · late · opening 2025-03-20 + 9 WD"), std::string::npos);
  // The table stays: the accessible form of the same.
  EXPECT_NE(ProjectPageHtml(input_, page_.code, &page_, {}).find("<table id=\"timeline\">"), std::string::npos);
}

// One axis for all: marks and lines lie left to right by their days, each
// gap runs from its due day to the publication (late) or to as_of (missing).
TEST_F(ProjectTimelineTest, PlacesEverythingByItsDay) {
  const std::string svg = Svg();
  std::map<std::string, int> x_by_day;
  for (std::size_t at = svg.find("<g class=\"notice"); at != std::string::npos;
       at = svg.find("<g class=\"notice", at + 1)) {
    const std::size_t day = svg.find("data-day=\"", at) + 10;
    x_by_day[svg.substr(day, 10)] = Attribute(svg, at, "cx");
  }
  ASSERT_EQ(x_by_day.size(), 4u);
  for (std::size_t at = svg.find("<g class=\"deadline"); at != std::string::npos;
       at = svg.find("<g class=\"deadline", at + 1)) {
    const std::size_t day = svg.find("data-due=\"", at) + 10;
    x_by_day[svg.substr(day, 10)] = Attribute(svg, svg.find("<line class=\"due\"", at), "x1");
  }
  const std::size_t as_of = svg.find("<line class=\"as-of\"");
  ASSERT_NE(as_of, std::string::npos);
  x_by_day["2025-06-30"] = Attribute(svg, as_of, "x1");
  ASSERT_EQ(x_by_day.size(), 7u);
  int previous = 0;
  for (const auto& [day, x] : x_by_day) {  // by day
    EXPECT_LT(previous, x) << day;
    previous = x;
  }
  const std::size_t late = svg.find("<g class=\"deadline due-late\"");
  const std::size_t late_gap = svg.find("<rect class=\"gap\"", late);
  EXPECT_EQ(Attribute(svg, late_gap, "x"), x_by_day["2025-04-02"]);
  EXPECT_EQ(Attribute(svg, late_gap, "x") + Attribute(svg, late_gap, "width"), x_by_day["2025-04-10"]);
  const std::size_t window = svg.find("<rect class=\"window\"", late);
  EXPECT_EQ(Attribute(svg, window, "x") + Attribute(svg, window, "width"), x_by_day["2025-04-02"]);
  const std::size_t missing_gap = svg.find("<rect class=\"gap\"", svg.find("<g class=\"deadline due-missing\""));
  EXPECT_EQ(Attribute(svg, missing_gap, "x") + Attribute(svg, missing_gap, "width"), x_by_day["2025-06-30"]);
}

TEST_F(ProjectTimelineTest, ScrapedTextIsInert) {
  const std::string svg = Svg();
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find(">trading&lt;b&gt;</text>"), std::string::npos);
  const std::string html = ProjectPageHtml(input_, page_.code, &page_, {});
  EXPECT_EQ(html.find("<script"), std::string::npos);  // a project's page runs no script at all
}

// Nothing dated, nothing to draw: the tables say what there is.
TEST_F(ProjectTimelineTest, NoDatesNoDrawing) {
  page_.notices = {{"", "procurement", "tender", "招标公告", "", "", ""}};
  page_.deadlines.clear();
  EXPECT_EQ(Svg(), "");
  EXPECT_NE(ProjectPageHtml(input_, page_.code, &page_, {}).find("<table id=\"timeline\">"), std::string::npos);
}

}  // namespace
}  // namespace gapwatch
