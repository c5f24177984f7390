// notice_changed and notice_removed (monitor/watch_checks.cc), through
// CheckFindings: what the histories of captures show, one finding per
// (kind, site, subject), with the captures as evidence.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "monitor/checker.h"

namespace gapwatch {
namespace {

Date D(const char* text) { return *Date::Parse(text); }

NoticeWithEvidence Tender(const std::string& code, const std::string& url) {
  NoticeWithEvidence item;
  item.notice.site = "procurement";
  item.notice.url = url;
  item.notice.kind = "tender";
  item.notice.domain = "procurement";
  item.notice.project_code = code;
  item.notice.title = "南雄市卫生健康局2025年食堂食材配送服务项目招标公告";
  item.notice.buyer = "南雄市卫生健康局";
  item.notice.published = "2025-05-16T09:30:00+08:00";
  item.captured_at = "2025-12-31T10:00:00+08:00";
  item.sha256 = std::string(64, 'b');
  return item;
}

Evidence Capture(const std::string& url, const std::string& captured_at, char hash) {
  return Evidence{url, "", "", captured_at, std::string(64, hash), {}};
}

std::vector<Finding> Watch(const std::vector<NoticeWithEvidence>& notices, const std::vector<NoticeHistory>& histories,
                           const char* as_of = "2025-12-31") {
  std::vector<Finding> watched;
  for (Finding& finding : CheckFindings(notices, D(as_of), WorkingDayCalendar::Official(), RuleBook::Official(),
                                        CheckOptions{}, histories)) {
    if (finding.kind == "notice_changed" || finding.kind == "notice_removed") watched.push_back(std::move(finding));
  }
  return watched;
}

constexpr char kUrl[] = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=42cd";

TEST(WatchChecksTest, TwoContentsRaiseOneChangeWithBothCaptures) {
  const NoticeHistory history{
      "procurement",
      kUrl,
      {Capture(kUrl, "2025-06-30T10:00:00+08:00", 'a'), Capture(kUrl, "2025-12-31T10:00:00+08:00", 'b')},
      std::nullopt};
  const auto findings = Watch({Tender("GDJY250516070FG023", kUrl)}, {history});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& changed = findings[0];
  EXPECT_EQ(changed.kind, "notice_changed");
  EXPECT_EQ(changed.rule_id, "WATCH-CHANGED");
  EXPECT_EQ(changed.site, "procurement");
  EXPECT_EQ(changed.project_code, "GDJY250516070FG023");
  EXPECT_EQ(changed.domain, "procurement");  // the notice's, not the rule's "any"
  EXPECT_FALSE(changed.due.has_value());
  ASSERT_EQ(changed.evidence.size(), 2u);
  EXPECT_EQ(changed.evidence[0].captured_at, "2025-06-30T10:00:00+08:00");
  EXPECT_EQ(changed.evidence[0].sha256, std::string(64, 'a'));
  EXPECT_EQ(changed.evidence[1].captured_at, "2025-12-31T10:00:00+08:00");
  EXPECT_EQ(changed.evidence[1].sha256, std::string(64, 'b'));
  EXPECT_EQ(changed.evidence[1].notice_kind, "tender");
  EXPECT_EQ(changed.evidence[1].published, "2025-05-16");
}

TEST(WatchChecksTest, OneContentHoweverManyCapturesIsNoChange) {
  // The store keeps a content once, with its first capture: re-captures of the
  // same text (new bytes or not) add nothing to the history.
  const NoticeHistory history{"procurement", kUrl, {Capture(kUrl, "2025-06-30T10:00:00+08:00", 'a')}, std::nullopt};
  EXPECT_TRUE(Watch({Tender("GDJY250516070FG023", kUrl)}, {history}).empty());
}

TEST(WatchChecksTest, GoneNoticeRaisesRemovalWithItsLastAndItsGoneCapture) {
  const std::string list = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/selectInfoForIndex?currPage=1";
  const NoticeHistory history{"procurement",
                              kUrl,
                              {Capture(kUrl, "2025-06-30T10:00:00+08:00", 'a')},
                              Capture(list, "2025-12-31T10:00:00+08:00", 'f')};
  NoticeWithEvidence acceptance = Tender("GDJY250110072FG172", kUrl);
  acceptance.notice.kind = "acceptance";
  acceptance.captured_at = "2025-06-30T10:00:00+08:00";
  acceptance.sha256 = std::string(64, 'a');
  const auto findings = Watch({acceptance}, {history});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "notice_removed");
  EXPECT_EQ(findings[0].rule_id, "WATCH-REMOVED");
  EXPECT_EQ(findings[0].project_code, "GDJY250110072FG172");
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[0].url, kUrl);
  EXPECT_EQ(findings[0].evidence[0].sha256, std::string(64, 'a'));
  EXPECT_EQ(findings[0].evidence[1].url, list);
  EXPECT_EQ(findings[0].evidence[1].sha256, std::string(64, 'f'));
}

TEST(WatchChecksTest, TwoNoticesOfOneSubjectOnOneSiteAreOneFinding) {
  const std::string other = std::string(kUrl) + "-correction";
  const std::vector<NoticeHistory> histories = {
      {"procurement",
       kUrl,
       {Capture(kUrl, "2025-06-30T10:00:00+08:00", 'a'), Capture(kUrl, "2025-12-31T10:00:00+08:00", 'b')},
       std::nullopt},
      {"procurement",
       other,
       {Capture(other, "2025-06-30T10:00:00+08:00", 'c'), Capture(other, "2025-12-31T10:00:00+08:00", 'd')},
       std::nullopt}};
  const auto findings = Watch({Tender("GDJY250516070FG023", kUrl), Tender("gdjy250516070fg023 ", other)}, histories);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence.size(), 4u);
}

TEST(WatchChecksTest, HistoryOfANoticeNotStandingOnAsOfRaisesNothing) {
  // Published after as_of, or not extracted at all: nothing to say about it yet.
  const NoticeHistory history{
      "procurement",
      kUrl,
      {Capture(kUrl, "2025-06-30T10:00:00+08:00", 'a'), Capture(kUrl, "2025-12-31T10:00:00+08:00", 'b')},
      Capture(kUrl, "2025-12-31T10:00:00+08:00", 'c')};
  EXPECT_TRUE(Watch({Tender("GDJY250516070FG023", kUrl)}, {history}, "2025-05-15").empty());
  EXPECT_TRUE(Watch({}, {history}).empty());
}

}  // namespace
}  // namespace gapwatch
