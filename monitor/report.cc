#include "monitor/report.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "monitor/check_support.h"
#include "monitor/deadlines.h"
#include "monitor/exports.h"

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

// JSON to embed in a page's <script> element: `<`, `>` and `&` (found only
// inside strings) as JSON's Unicode escapes, so no scraped text can close the
// element or open a comment; U+2028 and U+2029 too, which end a line in old scripts.
std::string EmbeddedJson(const Json& value) {
  const std::string text = value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  std::string embedded;
  embedded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      embedded += "\\u003c";
    } else if (c == '>') {
      embedded += "\\u003e";
    } else if (c == '&') {
      embedded += "\\u0026";
    } else if (c == '\xe2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      embedded += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      embedded += c;
    }
  }
  return embedded;
}

// Filters the findings table (#findings, a row per finding in the order of
// #findings-data) by kind, domain, buyer, site and status, and a search of
// code, title and buyer: offline, no library. Text goes in as textContent only.
constexpr char kFindingsFilter[] = R"(
(function () {
  var data = JSON.parse(document.getElementById('findings-data').textContent);
  var rows = document.querySelectorAll('#findings tr[data-index]');
  var fields = ['kind', 'domain', 'buyer', 'site', 'status'];
  var form = document.getElementById('findings-filter');
  var selects = {};
  fields.forEach(function (field) {
    var select = form.querySelector('select[name="' + field + '"]');
    var values = Array.from(new Set(data.map(function (f) { return f[field]; }))).sort();
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value === '' ? '（未注明）' : value;
      select.appendChild(option);
    });
    selects[field] = select;
  });
  var search = form.querySelector('input[name="search"]');
  var shown = document.getElementById('findings-shown');
  function apply() {
    var needle = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var f = data[Number(row.getAttribute('data-index'))];
      var ok = fields.every(function (field) {
        return selects[field].value === '*' || f[field] === selects[field].value;
      });
      if (ok && needle) ok = [f.code, f.title, f.buyer].join('\n').toLowerCase().indexOf(needle) >= 0;
      row.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = String(count);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.hidden = false;
  apply();
})();
)";

// One bar of a chart: its label (escaped when drawn), value and CSS class.
struct Bar {
  std::string label;
  double value = 0;
  std::string kind;   // "" or a class of kStyle's (opened, resolved)
  std::string shown;  // the value as written beside the bar
};

// A chart as an inline SVG in a captioned figure: no script and no fetch, so
// it shows offline and in any reader. `classes` beside "chart", `body` the drawing.
std::string ChartFigure(const std::string& caption, std::string_view classes, int width, int height,
                        const std::string& body) {
  std::ostringstream svg;
  svg << "<figure><figcaption>" << HtmlEscape(caption) << "</figcaption>\n<svg class=\"chart" << classes
      << "\" role=\"img\" width=\"" << width << "\" height=\"" << height << "\" aria-label=\"" << HtmlEscape(caption)
      << "\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      << body << "</svg></figure>\n";
  return svg.str();
}

// Horizontal bars scaled to the largest value (or `most` when given).
std::string BarChartSvg(const std::string& caption, const std::vector<Bar>& bars, double most = 0) {
  for (const Bar& bar : bars) most = std::max(most, bar.value);
  constexpr int kLabelWidth = 360, kBarWidth = 360, kRow = 20;
  const int height = kRow * static_cast<int>(bars.size()) + 10;
  std::ostringstream svg;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const int y = kRow * static_cast<int>(i) + 5;
    const int width = most > 0 ? static_cast<int>(bar.value / most * kBarWidth + 0.5) : 0;
    svg << "<text x=\"" << kLabelWidth - 6 << "\" y=\"" << y + 13 << "\" text-anchor=\"end\">" << HtmlEscape(bar.label)
        << "</text><rect class=\"bar" << (bar.kind.empty() ? "" : " " + bar.kind) << "\" x=\"" << kLabelWidth
        << "\" y=\"" << y << "\" width=\"" << width << "\" height=\"" << kRow - 4 << "\"/><text x=\""
        << kLabelWidth + width + 4 << "\" y=\"" << y + 13 << "\">" << HtmlEscape(bar.shown) << "</text>\n";
  }
  return ChartFigure(caption, "", kLabelWidth + kBarWidth + 110, height, svg.str());
}

// The overview's charts: the on-time rate of the buyers with the most results
// and contracts due, the findings opened and resolved by month, and how many
// working days the open findings are overdue.
std::string OverviewCharts(const ReportInput& input) {
  std::string charts;
  std::vector<const Scorecard*> timed;
  for (const Scorecard& card : input.scorecards) {
    if (card.timeliness) timed.push_back(&card);
  }
  std::stable_sort(timed.begin(), timed.end(),
                   [](const Scorecard* a, const Scorecard* b) { return a->published > b->published; });
  if (timed.size() > 15) timed.resize(15);
  std::vector<Bar> on_time;
  for (const Scorecard* card : timed) {
    const int percent = static_cast<int>(*card->timeliness * 100 + 0.5);
    on_time.push_back({(card->buyer.empty() ? "（未注明）" : card->buyer) + " · " + card->domain, *card->timeliness, "",
                       std::to_string(percent) + "% (" + std::to_string(card->on_time) + "/" +
                           std::to_string(card->published) + ")"});
  }
  if (!on_time.empty()) charts += BarChartSvg("按时公开率 (on-time rate)，已公开最多的采购人", on_time, 1.0);

  std::map<std::string, std::pair<int, int>> by_month;  // YYYY-MM: opened, resolved
  for (const FindingEvent& event : input.events) {
    if (event.as_of.size() < 7) continue;
    auto& [opened, resolved] = by_month[event.as_of.substr(0, 7)];
    if (event.event == "opened" || event.event == "reopened") ++opened;
    if (event.event == "resolved") ++resolved;
  }
  std::vector<Bar> months;
  for (const auto& [month, counts] : by_month) {
    months.push_back(
        {month + " 新发现 (opened)", static_cast<double>(counts.first), "opened", std::to_string(counts.first)});
    months.push_back(
        {month + " 已解决 (resolved)", static_cast<double>(counts.second), "resolved", std::to_string(counts.second)});
  }
  if (!months.empty()) charts += BarChartSvg("按月新发现与已解决的缺口 (findings opened and resolved)", months);

  const std::vector<std::pair<int, std::string>> bins = {{0, "0"},      {5, "1–5"},    {10, "6–10"},
                                                         {20, "11–20"}, {60, "21–60"}, {INT_MAX, "> 60"}};
  std::vector<int> counts(bins.size());
  for (const Finding& finding : input.findings) {
    std::size_t bin = 0;
    while (finding.overdue_working_days > bins[bin].first) ++bin;
    ++counts[bin];
  }
  std::vector<Bar> overdue;
  for (std::size_t bin = 0; bin < bins.size(); ++bin) {
    overdue.push_back(
        {bins[bin].second + " 个工作日", static_cast<double>(counts[bin]), "", std::to_string(counts[bin])});
  }
  if (!input.findings.empty()) charts += BarChartSvg("逾期工作日分布 (days overdue)", overdue);
  return charts;
}

// A project's timeline as `gapwatch explain` tells it, drawn on one date
// axis: a lane per site (in the order of its first notice) with a mark per
// notice at its publication day (hollow, at its first capture, when the site
// gives none), labelled by kind; then a lane per deadline with the clock's
// window from its start to the due day and, past it, the gap: to the
// publication when late, to as_of when missing; the due day a line across the
// lanes. Coloured by status; each mark's <title> is its tooltip.
// "" when nothing on the page has a date.
std::string ProjectTimelineSvg(const ProjectPage& page, const std::string& as_of_text) {
  struct Mark {
    const ProjectPage::Sighting* notice;
    Date day;
    bool undated;  // placed at its capture
  };
  std::vector<Mark> marks;
  std::vector<std::string> sites;
  std::optional<Date> first, last;
  const auto extend = [&](const std::optional<Date>& day) {
    if (!day) return;
    if (!first || *day < *first) first = day;
    if (!last || *last < *day) last = day;
  };
  for (const ProjectPage::Sighting& notice : page.notices) {
    const std::optional<Date> published = Date::Parse(notice.published);
    const std::optional<Date> day = published ? published : Date::Parse(notice.captured_at);
    if (!day) continue;  // the table lists it
    marks.push_back({&notice, *day, !published});
    extend(day);
    if (std::ranges::find(sites, notice.site) == sites.end()) sites.push_back(notice.site);
  }
  const std::optional<Date> as_of = Date::Parse(as_of_text);
  for (const ProjectPage::Due& deadline : page.deadlines) {
    extend(Date::Parse(deadline.start));
    extend(Date::Parse(deadline.due));
    extend(Date::Parse(deadline.published));
    if (deadline.status == "missing") extend(as_of);  // its gap runs to as_of
  }
  if (!first) return "";
  const Date from = first->AddDays(-3), to = last->AddDays(3);
  constexpr int kLabelWidth = 170, kPlotWidth = 640, kLane = 40, kTop = 24;
  const int lanes = static_cast<int>(sites.size() + page.deadlines.size());
  const int bottom = kTop + kLane * lanes;
  const auto x = [&](Date day) {
    return kLabelWidth + static_cast<int>((day.ToDays() - from.ToDays()) * kPlotWidth / (to.ToDays() - from.ToDays()));
  };
  const auto lane_middle = [&](std::size_t lane) { return kTop + kLane * static_cast<int>(lane) + kLane / 2; };
  const auto e = HtmlEscape;
  std::ostringstream svg;

  const std::pair<const char*, const char*> statuses[] = {{"on_time", "按时 (on time)"},
                                                          {"late", "逾期公开 (late)"},
                                                          {"missing", "未公开 (missing)"},
                                                          {"pending", "未到期 (pending)"}};
  int key_x = kLabelWidth;
  for (const auto& [status, label] : statuses) {
    svg << "<rect class=\"key due-" << status << "\" x=\"" << key_x
        << "\" y=\"6\" width=\"12\" height=\"10\"/><text x=\"" << key_x + 16 << "\" y=\"15\">" << label << "</text>\n";
    key_x += 150;
  }

  // The axis: month starts over two months or more, else Mondays.
  svg << "<line class=\"axis\" x1=\"" << kLabelWidth << "\" y1=\"" << bottom << "\" x2=\"" << kLabelWidth + kPlotWidth
      << "\" y2=\"" << bottom << "\"/>\n";
  const bool by_month = to.ToDays() - from.ToDays() >= 60;
  std::vector<Date> ticks;
  if (by_month) {
    const int months = (to.year - from.year) * 12 + to.month - from.month;
    const int step = months / 10 + 1;
    for (Date tick{from.year, from.month, 1}; tick <= to;) {
      if (from <= tick) ticks.push_back(tick);
      tick.month += step;
      tick.year += (tick.month - 1) / 12;
      tick.month = (tick.month - 1) % 12 + 1;
    }
  } else {
    for (Date tick = from.AddDays((8 - from.Weekday()) % 7); tick <= to; tick = tick.AddDays(7)) ticks.push_back(tick);
  }
  for (const Date& tick : ticks) {
    svg << "<line class=\"tick\" x1=\"" << x(tick) << "\" y1=\"" << kTop << "\" x2=\"" << x(tick) << "\" y2=\""
        << bottom + 4 << "\"/><text x=\"" << x(tick) << "\" y=\"" << bottom + 16 << "\" text-anchor=\"middle\">"
        << (by_month ? tick.ToString().substr(0, 7) : tick.ToString().substr(5)) << "</text>\n";
  }
  if (as_of && from <= *as_of && *as_of <= to) {
    svg << "<line class=\"as-of\" x1=\"" << x(*as_of) << "\" y1=\"" << kTop << "\" x2=\"" << x(*as_of) << "\" y2=\""
        << bottom << "\"><title>截至 (as of) " << as_of->ToString() << "</title></line>\n";
  }

  for (std::size_t lane = 0; lane < sites.size(); ++lane) {
    svg << "<text x=\"" << kLabelWidth - 8 << "\" y=\"" << lane_middle(lane) + 4 << "\" text-anchor=\"end\">"
        << e(sites[lane]) << "</text><line class=\"lane\" x1=\"" << kLabelWidth << "\" y1=\"" << lane_middle(lane)
        << "\" x2=\"" << kLabelWidth + kPlotWidth << "\" y2=\"" << lane_middle(lane) << "\"/>\n";
    int on_lane = 0;
    for (const Mark& mark : marks) {
      if (mark.notice->site != sites[lane]) continue;
      const int y = lane_middle(lane);
      const int label_y = on_lane++ % 2 == 0 ? y - 9 : y + 17;  // alternately above and below: near days stay legible
      svg << "<g class=\"notice" << (mark.undated ? " undated" : "") << "\" data-day=\"" << mark.day.ToString()
          << "\"><title>" << e(mark.notice->kind) << " · " << e(mark.notice->site) << " · "
          << (mark.undated ? "无发布日期，首次抓取于 " + mark.day.ToString() : mark.day.ToString()) << " · "
          << e(mark.notice->title) << "</title><circle cx=\"" << x(mark.day) << "\" cy=\"" << y
          << "\" r=\"5\"/><text x=\"" << x(mark.day) << "\" y=\"" << label_y << "\" text-anchor=\"middle\">"
          << e(mark.notice->kind) << "</text></g>\n";
    }
  }

  for (std::size_t index = 0; index < page.deadlines.size(); ++index) {
    const ProjectPage::Due& deadline = page.deadlines[index];
    const int y = lane_middle(sites.size() + index);
    const std::optional<Date> start = Date::Parse(deadline.start), due = Date::Parse(deadline.due);
    svg << "<text x=\"" << kLabelWidth - 8 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
        << e(deadline.expected_notice) << " 期限 (deadline)</text>\n<g class=\"deadline due-" << e(deadline.status)
        << "\" data-due=\"" << e(deadline.due) << "\"><title>" << e(deadline.expected_notice) << " 应公开日期 (due) "
        << (due ? due->ToString() : "未知 (calendar unknown)") << " · " << e(deadline.status) << " · "
        << e(deadline.clock) << " · " << e(deadline.rule);
    if (!deadline.published.empty()) svg << " · 公开于 (published) " << e(deadline.published);
    svg << "</title>";
    if (start) {
      svg << "<rect class=\"window\" x=\"" << x(*start) << "\" y=\"" << y - 6 << "\" width=\""
          << (due ? std::max(0, x(*due) - x(*start)) : 0) << "\" height=\"12\"/>";
    }
    if (due) {
      std::optional<Date> gap_end;
      if (deadline.status == "late") gap_end = Date::Parse(deadline.published);
      if (deadline.status == "missing") gap_end = as_of;
      if (gap_end && *due < *gap_end) {
        svg << "<rect class=\"gap\" x=\"" << x(*due) << "\" y=\"" << y - 6 << "\" width=\"" << x(*gap_end) - x(*due)
            << "\" height=\"12\"/>";
      }
      svg << "<line class=\"due\" x1=\"" << x(*due) << "\" y1=\"" << kTop << "\" x2=\"" << x(*due) << "\" y2=\""
          << bottom << "\"/><text x=\"" << x(*due) + 4 << "\" y=\"" << y - 9 << "\">" << due->ToString() << "</text>";
    } else if (start) {
      svg << "<text x=\"" << x(*start) + 4 << "\" y=\"" << y - 9 << "\">应公开日期未知</text>";
    }
    svg << "</g>\n";
  }
  return ChartFigure("各站点的公告与期限 (notices by site, deadlines)", " timeline", kLabelWidth + kPlotWidth + 30,
                     bottom + 24, svg.str());
}

constexpr char kStyle[] = R"(body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}
td.number{text-align:right}
.banner{padding:.6em 1em;font-weight:bold}
.complete{background:#e3f4e3}
.incomplete{background:#fbe3c8}
code{font-size:.85em;word-break:break-all}
td a[rel]{word-break:break-all}
figure{margin:1em 0}
svg.chart{font-size:12px;max-width:100%}
rect.bar{fill:#4a7ab5}
rect.opened{fill:#c0504d}
rect.resolved{fill:#4f9a55}
svg.timeline text{fill:#222;stroke:none}
svg.timeline line.axis,svg.timeline line.lane{stroke:#999}
svg.timeline line.tick{stroke:#eee}
svg.timeline line.as-of{stroke:#222;stroke-dasharray:2 3}
g.notice circle{fill:#4a7ab5}
g.notice.undated circle{fill:#fff;stroke:#4a7ab5;stroke-width:2}
.due-on_time{fill:#4f9a55;stroke:#4f9a55}
.due-late{fill:#e0a030;stroke:#e0a030}
.due-missing{fill:#c0504d;stroke:#c0504d}
.due-pending,.due-calendar_unknown{fill:#8a96a3;stroke:#8a96a3}
rect.window{fill-opacity:.3;stroke:none}
rect.gap{stroke:none}
line.due{stroke-width:1.5;stroke-dasharray:4 3})";

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

std::vector<ProjectPage> ProjectPages(const std::vector<NoticeWithEvidence>& notices,
                                      const std::vector<Project>& projects, const std::vector<Finding>& findings,
                                      Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar) {
  std::set<std::string> named;
  for (const Finding& finding : findings) named.insert(finding.project_code);
  return ProjectPages(notices, projects, named, as_of, rules, calendar);
}

std::vector<ProjectPage> ProjectPages(const std::vector<NoticeWithEvidence>& notices,
                                      const std::vector<Project>& projects, const std::set<std::string>& named,
                                      Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar) {
  const checks::NoticesByCode by_code(checks::Standing(notices, as_of));
  std::vector<ProjectPage> pages;
  for (const Project& project : projects) {
    if (!named.count(project.code)) continue;
    ProjectPage& page = pages.emplace_back();
    page.code = project.code;
    page.title = project.title;
    page.buyer = project.buyer;
    page.domain = project.domain;
    std::vector<const NoticeWithEvidence*> sightings(project.notices.begin(), project.notices.end());
    for (const Sighting& copy : project.copies) sightings.push_back(copy.item);
    std::stable_sort(sightings.begin(), sightings.end(), [](const NoticeWithEvidence* a, const NoticeWithEvidence* b) {
      return a->notice.published.value_or("") < b->notice.published.value_or("");
    });
    for (const NoticeWithEvidence* item : sightings) {
      page.notices.push_back({std::string(item->notice.published.value_or("")), item->notice.site, item->notice.kind,
                              item->notice.title, item->notice.url, item->captured_at, item->sha256});
    }
    for (const Deadline& deadline : ChainDeadlines(project, by_code.at(project.code), as_of, rules, calendar)) {
      page.deadlines.push_back({deadline.expected_notice, deadline.due ? deadline.due->ToString() : "", deadline.status,
                                deadline.rule->id + " " + deadline.rule->source,
                                DescribeClock(*deadline.clock, deadline.start), deadline.start.ToString(),
                                deadline.published ? deadline.published->ToString() : ""});
    }
  }
  return pages;
}

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

Json ScorecardJson(const Scorecard& card) {
  return {{"buyer", card.buyer},
          {"domain", card.domain},
          {"projects", card.projects},
          {"expected", card.expected},
          {"published", card.published},
          {"on_time", card.on_time},
          {"late", card.late},
          {"missing", card.missing},
          {"unknown", card.unknown},
          {"completeness", card.completeness ? Json(*card.completeness) : Json(nullptr)},
          {"timeliness", card.timeliness ? Json(*card.timeliness) : Json(nullptr)}};
}

std::string ScorecardsJson(const ReportInput& input) {
  Json cards = Json::array();
  for (const Scorecard& card : input.scorecards) cards.push_back(ScorecardJson(card));
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

std::string ProjectPagePath(const std::string& code) { return "projects/" + PageSlug(code) + ".html"; }

namespace {

// The findings as a table, a row each (numbered as `findings` is), every
// scraped string escaped and only web URLs made links; each project code
// links to its page.
// A scorecard's counts as table cells: projects, expected, published, on
// time, late, missing, unknown.
void ScorecardCounts(std::ostringstream& html, const Scorecard& card) {
  for (const int count :
       {card.projects, card.expected, card.published, card.on_time, card.late, card.missing, card.unknown}) {
    html << "<td class=\"number\">" << count << "</td>";
  }
}

// The hash of an archived capture, linked to the capture as `gapwatch serve`
// returns it (GET /evidence/{sha256}); `root` as FindingsTable's.
std::string EvidenceLink(std::string_view root, const std::string& sha256) {
  if (sha256.empty()) return "";
  return "<a href=\"" + HtmlEscape(std::string(root) + "evidence/" + sha256) + "\"><code>" + HtmlEscape(sha256) +
         "</code></a>";
}

// `root`: the report folder relative to the page ("" or "../"), for the project pages' links.
void FindingsTable(std::ostringstream& html, const std::vector<const Finding*>& findings, std::string_view id,
                   std::string_view root) {
  const auto e = HtmlEscape;
  html << "<table id=\"" << id << "\">\n<tr><th>类型</th><th>站点</th><th>项目编号</th><th>项目名称</th><th>采购人</th>"
       << "<th>应公开日期</th><th>逾期工作日</th><th>规则</th><th>证据</th><th>历史 (history)</th></tr>\n";
  for (std::size_t index = 0; index < findings.size(); ++index) {
    const Finding& finding = *findings[index];
    html << "<tr data-index=\"" << index << "\"><td>" << e(finding.kind) << "</td><td>" << e(finding.site)
         << "</td><td><a href=\"" << e(std::string(root) + ProjectPagePath(finding.project_code)) << "\">"
         << e(finding.project_code) << "</a></td><td>" << e(finding.project_title) << "</td><td>" << e(finding.buyer)
         << "</td><td>" << (finding.due ? e(*finding.due) : "—") << "</td><td class=\"number\">"
         << finding.overdue_working_days << "</td><td>" << e(finding.rule_id) << " " << e(finding.rule_source) << "（"
         << e(finding.confidence) << "）";
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
      html << " " << EvidenceLink(root, item.sha256) << "<br>\n";
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
  html << "</table>\n";
}

std::string PageHead(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         HtmlEscape(title) + "</title>\n<style>\n" + kStyle + "\n</style>\n</head>\n<body>\n";
}

std::string BuyerPagePath(const std::string& buyer) { return "buyers/" + PageSlug(buyer) + ".html"; }

// A link when the URL is a web one, else the text alone.
std::string LinkOrText(const std::string& url, const std::string& text) {
  if (!IsWebUrl(url)) return HtmlEscape(text);
  return "<a href=\"" + HtmlEscape(url) + "\" rel=\"noopener noreferrer\">" + HtmlEscape(text) + "</a>";
}

}  // namespace

std::string BuyerPageHtml(const ReportInput& input, const std::string& buyer,
                          const std::vector<const Finding*>& findings) {
  const auto e = HtmlEscape;
  std::ostringstream html;
  html << PageHead(buyer + " — gapwatch") << "<p><a href=\"../index.html\">← 总览 (overview)</a></p>\n<h1>" << e(buyer)
       << "</h1>\n<p>截至 " << e(input.as_of) << "（生成于 " << e(input.generated_at) << "）</p>\n";
  html << "<h2>评分 (scorecard)</h2>\n<table>\n<tr><th>领域</th><th>项目</th><th>应公开</th><th>已公开</th>"
       << "<th>按时</th><th>逾期公开</th><th>未公开</th><th>无法判断</th></tr>\n";
  for (const Scorecard& card : input.scorecards) {
    if (card.buyer != buyer) continue;
    html << "<tr><td>" << e(card.domain) << "</td>";
    ScorecardCounts(html, card);
    html << "</tr>\n";
  }
  html << "</table>\n<h2>即将到期 (due in the next " << kReportDeadlineWindow << " working days)</h2>\n"
       << "<table id=\"upcoming\">\n<tr><th>应公开日期</th><th>剩余工作日</th><th>应公开</th><th>项目编号</th>"
       << "<th>项目名称</th><th>规则</th><th>计算</th></tr>\n";
  for (const UpcomingDeadline& deadline : input.upcoming) {
    if (deadline.buyer != buyer) continue;
    html << "<tr><td>" << e(deadline.due.ToString()) << "</td><td class=\"number\">" << deadline.working_days_left
         << "</td><td>" << e(deadline.expected_notice) << "</td><td>" << e(deadline.project_code) << "</td><td>";
    if (IsWebUrl(deadline.url)) {
      html << "<a href=\"" << e(deadline.url) << "\" rel=\"noopener noreferrer\">" << e(deadline.project_title)
           << "</a>";
    } else {
      html << e(deadline.project_title);
    }
    html << "</td><td>" << e(deadline.rule_id) << " " << e(deadline.rule_source) << "</td><td>" << e(deadline.clock)
         << "</td></tr>\n";
  }
  html << "</table>\n<h2>未解决的缺口 (open findings: " << findings.size() << ")</h2>\n";
  FindingsTable(html, findings, "findings", "../");
  html << "</body>\n</html>\n";
  return html.str();
}

std::string ProjectPageHtml(const ReportInput& input, const std::string& code, const ProjectPage* page,
                            const std::vector<const Finding*>& findings) {
  const auto e = HtmlEscape;
  std::ostringstream html;
  html << PageHead(code + " — gapwatch") << "<p><a href=\"../index.html\">← 总览 (overview)</a></p>\n<h1>"
       << e(page && !page->title.empty() ? page->title : code) << "</h1>\n<p>项目编号 <code>" << e(code) << "</code>";
  if (page) {
    html << "，采购人 ";
    if (!page->buyer.empty())
      html << "<a href=\"../" << e(BuyerPagePath(page->buyer)) << "\">" << e(page->buyer) << "</a>";
    html << "，领域 " << e(page->domain);
  }
  html << "；截至 " << e(input.as_of) << "</p>\n";
  if (page) {
    html << "<h2>时间线 (timeline)</h2>\n"
         << ProjectTimelineSvg(*page, input.as_of)
         << "<table id=\"timeline\">\n<tr><th>发布日期</th><th>站点</th><th>类型</th>"
         << "<th>标题</th><th>抓取时间</th><th>SHA-256</th></tr>\n";
    for (const ProjectPage::Sighting& notice : page->notices) {
      html << "<tr><td>" << (notice.published.empty() ? "（无发布日期）" : e(notice.published)) << "</td><td>"
           << e(notice.site) << "</td><td>" << e(notice.kind) << "</td><td>" << LinkOrText(notice.url, notice.title)
           << "</td><td>" << e(notice.captured_at) << "</td><td>" << EvidenceLink("../", notice.sha256)
           << "</td></tr>\n";
    }
    html << "</table>\n<h2>期限 (deadlines)</h2>\n<table id=\"deadlines\">\n<tr><th>应公开</th><th>应公开日期</th>"
         << "<th>状态</th><th>规则</th><th>计算</th></tr>\n";
    for (const ProjectPage::Due& deadline : page->deadlines) {
      html << "<tr><td>" << e(deadline.expected_notice) << "</td><td>" << (deadline.due.empty() ? "—" : e(deadline.due))
           << "</td><td>" << e(deadline.status) << "</td><td>" << e(deadline.rule) << "</td><td>" << e(deadline.clock)
           << "</td></tr>\n";
    }
    html << "</table>\n";
  }
  html << "<h2>未解决的缺口 (open findings: " << findings.size() << ")</h2>\n";
  FindingsTable(html, findings, "findings", "../");
  html << "</body>\n</html>\n";
  return html.str();
}

std::string IndexHtml(const ReportInput& input) {
  const auto e = HtmlEscape;
  std::ostringstream html;
  html << PageHead("gapwatch 信息公开缺口报告") << "<h1>gapwatch 信息公开缺口报告</h1>\n"
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
    html << "<tr><td>";
    if (card.buyer.empty()) {
      html << "（未注明）";
    } else {
      html << "<a href=\"" << e(BuyerPagePath(card.buyer)) << "\">" << e(card.buyer) << "</a>";
    }
    html << "</td><td>" << e(card.domain) << "</td>";
    ScorecardCounts(html, card);
    html << "<td class=\"number\">" << percent(card.completeness) << "</td><td class=\"number\">"
         << percent(card.timeliness) << "</td></tr>\n";
  }
  html << "</table>\n";

  html << "<h2>图表 (charts)</h2>\n" << OverviewCharts(input);

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

  std::vector<const Finding*> findings;
  for (const Finding& finding : input.findings) findings.push_back(&finding);
  if (findings.size() > input.overview_findings_limit) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding* one, const Finding* other) {
      return one->overdue_working_days > other->overdue_working_days;
    });
    findings.resize(input.overview_findings_limit);
    html << "<p class=\"banner\">此处列出逾期最久的 " << findings.size() << " 项（共 " << input.findings.size()
         << " 项）；全部见 <a href=\"gaps.csv\">gaps.csv</a>、<a href=\"gaps.json\">gaps.json</a> 与各采购人页面 "
            "(the most overdue only; every finding is in gaps.csv, gaps.json and the buyers' pages)。</p>\n";
  }
  // The filters work on the page alone (a script over the findings embedded
  // as JSON); without scripts the form stays hidden and every row shows.
  html << "<form id=\"findings-filter\" hidden>筛选 (filter)：";
  for (const auto& [field, label] :
       {std::pair("kind", "类型"), std::pair("domain", "领域"), std::pair("buyer", "采购人"), std::pair("site", "站点"),
        std::pair("status", "状态")}) {
    html << "<label>" << label << " (" << field << ") <select name=\"" << field
         << "\"><option value=\"*\">全部</option></select></label> ";
  }
  html << "<label>搜索 (search) <input name=\"search\" type=\"search\"></label> "
       << "显示 <span id=\"findings-shown\">" << findings.size() << "</span> 项</form>\n";
  Json embedded = Json::array();
  for (const Finding* finding : findings) {
    embedded.push_back({{"kind", finding->kind},
                        {"domain", finding->domain},
                        {"buyer", finding->buyer},
                        {"site", finding->site},
                        {"status", finding->status},
                        {"code", finding->project_code},
                        {"title", finding->project_title}});
  }
  FindingsTable(html, findings, "findings", "");
  html << "<script type=\"application/json\" id=\"findings-data\">" << EmbeddedJson(embedded) << "</script>\n<script>"
       << kFindingsFilter << "</script>\n</body>\n</html>\n";
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
    WriteFile(temporary / "gaps.csv", GapsCsv(input));
    if (!input.ocds.empty()) WriteFile(temporary / "ocds.json", input.ocds);
    WriteFile(temporary / "scorecards.json", ScorecardsJson(input));
    WriteFile(temporary / "index.html", IndexHtml(input));
    // A page for each buyer named by a scorecard, a finding or a deadline
    // coming, and for each project (or other subject) a finding names; the
    // findings grouped once (10^5 pages would otherwise each scan them all).
    std::map<std::string, std::vector<const Finding*>> by_buyer, by_code;
    for (const Scorecard& card : input.scorecards) by_buyer[card.buyer];
    for (const UpcomingDeadline& deadline : input.upcoming) by_buyer[deadline.buyer];
    for (const Finding& finding : input.findings) {
      by_buyer[finding.buyer].push_back(&finding);
      by_code[finding.project_code].push_back(&finding);
    }
    by_buyer.erase("");
    if (!by_buyer.empty()) fs::create_directories(temporary / "buyers");
    for (const auto& [buyer, findings] : by_buyer) {
      WriteFile(temporary / BuyerPagePath(buyer), BuyerPageHtml(input, buyer, findings));
    }
    std::map<std::string_view, const ProjectPage*> pages;
    for (const ProjectPage& page : input.projects) pages.emplace(page.code, &page);
    if (!by_code.empty()) fs::create_directories(temporary / "projects");
    for (const auto& [code, findings] : by_code) {
      const auto page = pages.find(code);
      WriteFile(temporary / ProjectPagePath(code),
                ProjectPageHtml(input, code, page == pages.end() ? nullptr : page->second, findings));
    }
    for (const AtomFeed& feed : input.feeds) {
      fs::create_directories((temporary / feed.path).parent_path());
      WriteFile(temporary / feed.path, feed.xml);
    }
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
