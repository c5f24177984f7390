#include "monitor/report.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;  // keeps the documented key order

// Absent optional text (first_seen before the store fills it, a site without
// publication dates) is null, not an empty string that looks like a value.
Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

}  // namespace

Json FindingJson(const Finding& finding) {
  Json evidence = Json::array();
  for (const Evidence& item : finding.evidence) {
    Json entry = {{"url", item.url},
                  {"notice_kind", item.notice_kind},
                  {"published", TextOrNull(item.published)},
                  {"captured_at", item.captured_at},
                  {"sha256", item.sha256}};
    if (!item.published_from.empty()) entry["published_from"] = item.published_from;
    // field_missing: each missing item with its rule (DOMAIN.md), on the notice that lacks it.
    for (const MissingContent& missing : item.missing) {
      entry["missing"].push_back({{"item", missing.item}, {"rule", missing.rule}});
    }
    evidence.push_back(std::move(entry));
  }
  Json history = Json::array();
  for (const FindingEvent& event : finding.history) {
    history.push_back({{"as_of", event.as_of},
                       {"event", event.event},
                       {"kind", event.kind},
                       {"due", event.due ? Json(*event.due) : Json(nullptr)},
                       {"status", event.status}});
  }
  return {
      {"id", finding.id},
      {"kind", finding.kind},
      {"severity", finding.severity},
      {"domain", finding.domain},
      {"site", finding.site},
      {"project", {{"code", finding.project_code}, {"title", finding.project_title}, {"buyer", finding.buyer}}},
      {"due", finding.due ? Json(*finding.due) : Json(nullptr)},
      {"overdue_working_days", finding.overdue_working_days},
      {"rule", {{"id", finding.rule_id}, {"source", finding.rule_source}}},
      {"confidence", finding.confidence},
      {"evidence", std::move(evidence)},
      {"status", finding.status},
      {"first_seen", TextOrNull(finding.first_seen)},
      {"last_seen", TextOrNull(finding.last_seen)},
      {"calendar_missing_year", finding.calendar_missing_year ? Json(*finding.calendar_missing_year) : Json(nullptr)},
      {"history", std::move(history)}};
}

namespace {

bool IsWebUrl(std::string_view url) {
  const auto starts_with_ignoring_case = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      const char c = url[i] >= 'A' && url[i] <= 'Z' ? static_cast<char>(url[i] - 'A' + 'a') : url[i];
      if (c != prefix[i]) return false;
    }
    return true;
  };
  return starts_with_ignoring_case("http://") || starts_with_ignoring_case("https://");
}

constexpr char kStyle[] = R"(body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}
td.number{text-align:right}
.banner{padding:.6em 1em;font-weight:bold}
.complete{background:#e3f4e3}
.incomplete{background:#fbe3c8}
code{font-size:.85em;word-break:break-all})";

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write report file " + path.string());
}

void RemoveQuietly(const fs::path& path) {
  std::error_code ignored;  // cleanup after a failure: the first error is the one to report
  fs::remove_all(path, ignored);
}

}  // namespace

std::string GapsJson(const ReportInput& input) {
  Json sites = Json::array();
  for (const SiteSummary& site : input.sites) {
    // Exactly the documented keys (ARCHITECTURE.md): site health is for index.html.
    sites.push_back({{"name", site.name}, {"pages", site.pages}, {"notices", site.notices}, {"errors", site.errors}});
  }
  Json findings = Json::array();
  for (const Finding& finding : input.findings) findings.push_back(FindingJson(finding));
  Json report;
  report["schema"] = "gapwatch.gaps/1";
  report["as_of"] = input.as_of;
  report["generated_at"] = input.generated_at;
  report["complete"] = input.complete;
  report["sites"] = std::move(sites);
  report["findings"] = std::move(findings);
  // Scraped text should be UTF-8 already; a stray invalid byte becomes U+FFFD
  // rather than losing the whole report.
  return report.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

std::string ScorecardsJson(const ReportInput& input) {
  Json cards = Json::array();
  for (const Scorecard& card : input.scorecards) {
    Json rate_completeness = card.completeness ? Json(*card.completeness) : Json(nullptr);
    Json rate_timeliness = card.timeliness ? Json(*card.timeliness) : Json(nullptr);
    cards.push_back({{"buyer", card.buyer},
                     {"domain", card.domain},
                     {"projects", card.projects},
                     {"expected", card.expected},
                     {"published", card.published},
                     {"on_time", card.on_time},
                     {"late", card.late},
                     {"missing", card.missing},
                     {"unknown", card.unknown},
                     {"completeness", rate_completeness},
                     {"timeliness", rate_timeliness}});
  }
  Json document = {{"schema", "gapwatch.scorecards/1"}, {"as_of", input.as_of}, {"scorecards", std::move(cards)}};
  return document.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

std::string HtmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string MissingCalendarText(int year) {
  const std::string text = std::to_string(year);
  return "the official working-day calendar for " + text + " is not loaded (国务院办公厅关于" + text +
         "年部分节假日安排的通知)";
}

std::string IndexHtml(const ReportInput& input) {
  const auto e = HtmlEscape;
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<title>gapwatch 信息公开缺口报告</title>\n<style>\n"
       << kStyle << "\n</style>\n</head>\n<body>\n<h1>gapwatch 信息公开缺口报告</h1>\n"
       << "<p>截至 " << e(input.as_of) << "（生成于 " << e(input.generated_at) << "）</p>\n";
  if (input.complete) {
    html << "<p class=\"banner complete\">本次检查完整：所有站点均已抓取。</p>\n";
  } else {
    html << "<p class=\"banner incomplete\">本次检查不完整：部分站点未能抓取，缺口可能未被发现。</p>\n";
  }

  html << "<h2>站点</h2>\n<table>\n<tr><th>站点</th><th>页面</th><th>公告</th><th>错误</th><th>状态</th></tr>\n";
  for (const SiteSummary& site : input.sites) {
    std::string health = site.complete ? "完整" : "不完整 (incomplete)";
    if (!site.unhealthy_since.empty()) {
      health =
          "异常 (unhealthy)：连续 " + std::to_string(site.failed_crawls) + " 次抓取不完整，自 " + site.unhealthy_since;
    }
    html << "<tr><td>" << e(site.name) << "</td><td class=\"number\">" << site.pages << "</td><td class=\"number\">"
         << site.notices << "</td><td class=\"number\">" << site.errors << "</td><td>" << e(health);
    if (!site.extractor_stale.empty()) html << "；抽取规则可能过时 (extractor stale)：" << e(site.extractor_stale);
    html << "</td></tr>\n";
  }
  html << "</table>\n";

  // Rates as whole percentages; "—" where the divisor is 0 (docs/method.md).
  const auto percent = [](const std::optional<double>& rate) {
    return rate ? std::to_string(static_cast<int>(*rate * 100 + 0.5)) + "%" : std::string("—");
  };
  html << "<h2>评分 (scorecards)</h2>\n<p>按采购人与领域统计截至 " << e(input.as_of)
       << " 应公开的结果与合同公告；方法见 docs/method.md。</p>\n<table>\n"
       << "<tr><th>采购人 (buyer)</th><th>领域</th><th>项目</th><th>应公开</th><th>已公开</th><th>按时</th>"
       << "<th>逾期公开</th><th>未公开</th><th>无法判断</th><th>完整率</th><th>及时率</th></tr>\n";
  for (const Scorecard& card : input.scorecards) {
    html << "<tr><td>" << e(card.buyer.empty() ? "（未注明）" : card.buyer) << "</td><td>" << e(card.domain) << "</td>";
    for (const int count :
         {card.projects, card.expected, card.published, card.on_time, card.late, card.missing, card.unknown}) {
      html << "<td class=\"number\">" << count << "</td>";
    }
    html << "<td class=\"number\">" << percent(card.completeness) << "</td><td class=\"number\">"
         << percent(card.timeliness) << "</td></tr>\n";
  }
  html << "</table>\n";

  if (!input.for_review.empty()) {
    html << "<h2>待核对 (for review)</h2>\n<p>无项目编号、且未能可靠匹配到项目的公告（方法见 docs/method.md）：</p>\n"
         << "<table>\n<tr><th>站点</th><th>类型</th><th>标题</th><th>采购人</th><th>发布日期</th>"
         << "<th>最接近的项目</th><th>相似度</th></tr>\n";
    for (const ReviewItem& item : input.for_review) {
      html << "<tr><td>" << e(item.site) << "</td><td>" << e(item.kind) << "</td><td>";
      if (IsWebUrl(item.url)) {
        html << "<a href=\"" << e(item.url) << "\" rel=\"noopener noreferrer\">" << e(item.title) << "</a>";
      } else {
        html << e(item.title);
      }
      html << "</td><td>" << e(item.buyer) << "</td><td>" << e(item.published) << "</td><td>"
           << (item.candidate.empty() ? "—" : e(item.candidate)) << "</td><td class=\"number\">"
           << static_cast<int>(item.confidence * 100 + 0.5) << "%</td></tr>\n";
    }
    html << "</table>\n";
  }

  std::map<std::string, int> count_by_kind;
  for (const Finding& finding : input.findings) ++count_by_kind[finding.kind];
  html << "<h2>缺口（共 " << input.findings.size() << " 项）</h2>\n";
  html << "<table>\n<tr><th>类型</th><th>数量</th></tr>\n";
  for (const auto& [kind, count] : count_by_kind) {
    html << "<tr><td>" << e(kind) << "</td><td class=\"number\">" << count << "</td></tr>\n";
  }
  html << "</table>\n";

  html << "<table>\n<tr><th>类型</th><th>站点</th><th>项目编号</th><th>项目名称</th><th>采购人</th>"
       << "<th>应公开日期</th><th>逾期工作日</th><th>规则</th><th>证据</th><th>历史 (history)</th></tr>\n";
  for (const Finding& finding : input.findings) {
    html << "<tr><td>" << e(finding.kind) << "</td><td>" << e(finding.site) << "</td><td>" << e(finding.project_code)
         << "</td><td>" << e(finding.project_title) << "</td><td>" << e(finding.buyer) << "</td><td>"
         << (finding.due ? e(*finding.due) : "—") << "</td><td class=\"number\">" << finding.overdue_working_days
         << "</td><td>" << e(finding.rule_id) << " " << e(finding.rule_source) << "（" << e(finding.confidence) << "）";
    if (finding.calendar_missing_year) html << "<br>" << e(MissingCalendarText(*finding.calendar_missing_year));
    html << "</td><td>";
    for (const Evidence& item : finding.evidence) {
      // Only web URLs become links: a scraped "javascript:" URL must not run on click.
      if (IsWebUrl(item.url)) {
        html << "<a href=\"" << e(item.url) << "\" rel=\"noopener noreferrer\">" << e(item.url) << "</a>";
      } else {
        html << e(item.url);
      }
      html << "<br>" << e(item.notice_kind) << " " << (item.published.empty() ? "（无发布日期）" : e(item.published));
      if (item.published_from == "capture") html << "（网站未注明发布日期，以首次抓取日期计）";
      html << " <code>" << e(item.sha256) << "</code><br>\n";
      for (const MissingContent& missing : item.missing) {
        html << "缺少 (missing): " << e(missing.item) << "（" << e(missing.rule) << "）<br>\n";
      }
    }
    html << "</td><td>";
    for (const FindingEvent& event : finding.history) {
      html << e(event.as_of) << " " << e(event.event) << " " << e(event.kind) << "<br>\n";
    }
    html << "</td></tr>\n";
  }
  html << "</table>\n</body>\n</html>\n";
  return html.str();
}

void WriteReport(const std::string& directory, const ReportInput& input) {
  fs::path target(directory);
  if (!target.has_filename()) target = target.parent_path();  // "report/" names the folder "report"
  const std::string pid = std::to_string(::getpid());
  const fs::path temporary = target.string() + ".tmp-" + pid;
  const fs::path old = target.string() + ".old-" + pid;
  try {
    if (fs::exists(target) && !fs::is_directory(target)) {
      throw std::runtime_error("cannot write report: " + target.string() + " exists and is not a folder");
    }
    fs::remove_all(temporary);  // left over by an earlier run that died with the same pid
    fs::create_directories(temporary);
    WriteFile(temporary / "gaps.json", GapsJson(input));
    WriteFile(temporary / "scorecards.json", ScorecardsJson(input));
    WriteFile(temporary / "index.html", IndexHtml(input));
    const bool replacing = fs::exists(target);
    if (replacing) {
      fs::remove_all(old);
      fs::rename(target, old);
    }
    try {
      fs::rename(temporary, target);
    } catch (const fs::filesystem_error&) {
      if (replacing) fs::rename(old, target);  // put the previous report back
      throw;
    }
    if (replacing) fs::remove_all(old);
  } catch (const fs::filesystem_error& error) {
    RemoveQuietly(temporary);
    throw std::runtime_error("cannot write report " + target.string() + ": " + error.what());
  } catch (...) {
    RemoveQuietly(temporary);
    throw;
  }
}

}  // namespace gapwatch
