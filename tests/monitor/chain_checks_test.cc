// Tests of monitor/chain_checks.cc: the construction chain on the trading
// platform (EB-06, EB-09 + GI-01), tender_missing (GP-02 / EB-01) and
// candidates_missing (EB-06). The procurement chain is tested in checker_test.cc.
#include <gtest/gtest.h>

#include <set>

#include "monitor/checker.h"

namespace gapwatch {
namespace {

// Due dates below are worked out by hand from the State Council notices
// (docs/RULES.md §3). 2025: 27 Apr (Sun) worked, 1–5 May off; 28 Sep (Sun)
// worked, 1–8 Oct off, 11 Oct (Sat) worked.

constexpr char kWorksCode[] = "E4402002500000085001";
constexpr char kProcurementCode[] = "GDJY2025-001";

Date D(const char* text) { return *Date::Parse(text); }

NoticeWithEvidence MakeNotice(const std::string& site, const std::string& domain, const std::string& kind,
                              const std::string& published, const std::string& code) {
  NoticeWithEvidence item;
  item.notice.site = site;
  item.notice.url = "https://" + site + ".example/notice/" + code + "/" + kind + "/" + published;
  item.notice.kind = kind;
  item.notice.domain = domain;
  item.notice.project_code = code;
  item.notice.title = "韶关市河道综合整治工程" + kind;
  item.notice.buyer = "韶关市水务局";
  item.notice.published = published + "T10:00:00+08:00";
  item.captured_at = published + "T18:00:00+08:00";
  item.sha256 = std::string(64, 'a');
  return item;
}

// A construction notice on the trading platform, its designated site.
NoticeWithEvidence Works(const std::string& kind, const std::string& published, const std::string& code = kWorksCode) {
  return MakeNotice("trading", "construction", kind, published, code);
}

NoticeWithEvidence WorksTender(const std::string& published, const std::string& opening) {
  NoticeWithEvidence item = Works("tender", published);
  item.notice.opening = opening + "T09:30:00+08:00";
  return item;
}

NoticeWithEvidence WorksContract(const std::string& published, const std::string& signed_on) {
  NoticeWithEvidence item = Works("contract", published);
  item.notice.signed_on = signed_on;
  return item;
}

// The same notice re-posted on the government portal.
NoticeWithEvidence PortalCopy(NoticeWithEvidence item) {
  item.notice.site = "portal";
  item.notice.url =
      "https://portal.example/copy/" + std::string(item.notice.kind) + "/" + std::string(*item.notice.published);
  return item;
}

NoticeWithEvidence Procurement(const std::string& kind, const std::string& published,
                               const std::string& code = kProcurementCode) {
  return MakeNotice("procurement", "procurement", kind, published, code);
}

// The findings of the chain kinds only: other families have their own tests.
std::vector<Finding> Check(const std::vector<NoticeWithEvidence>& notices, const char* as_of,
                           const CheckOptions& options = {}) {
  static const std::set<std::string> kChainKinds = {"award_missing", "award_late",     "contract_missing",
                                                    "contract_late", "tender_missing", "candidates_missing"};
  std::vector<Finding> chain;
  for (Finding& finding :
       CheckFindings(notices, D(as_of), WorkingDayCalendar::Official(), RuleBook::Official(), options)) {
    if (kChainKinds.count(finding.kind)) chain.push_back(std::move(finding));
  }
  return chain;
}

std::vector<std::string> Kinds(const std::vector<Finding>& findings) {
  std::vector<std::string> kinds;
  for (const Finding& finding : findings) kinds.push_back(finding.kind);
  return kinds;
}

TEST(ConstructionChainTest, MissingAwardIsDueThreeDaysAfterTheCandidatesThenTwentyWorkingDays) {
  // Candidates Wed 24 Sep 2025 + 3 days = Sat 27 Sep, a rest day → Sun 28 Sep (worked);
  // + 20 WD: 29, 30 Sep, [1–8 Oct off], 9, 10, 11 (Sat, worked), 13–17, 20–24, 27–31 Oct → Fri 31 Oct.
  const auto tender = WorksTender("2025-09-01", "2025-09-19");
  auto copy = PortalCopy(tender);
  copy.notice.published = "2025-09-02T09:00:00+08:00";
  const auto candidates = Works("candidates", "2025-09-24");
  const std::vector<NoticeWithEvidence> notices = {copy, tender, candidates};
  EXPECT_TRUE(Check(notices, "2025-10-31").empty()) << "not overdue on the due date itself";

  const auto findings = Check(notices, "2025-11-03");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.kind, "award_missing");
  EXPECT_EQ(finding.site, "trading");
  EXPECT_EQ(finding.domain, "construction");
  EXPECT_EQ(finding.project_code, kWorksCode);
  EXPECT_EQ(finding.due, "2025-10-31");
  EXPECT_EQ(finding.overdue_working_days, 1);  // Mon 3 Nov
  EXPECT_EQ(finding.rule_id, "EB-06");
  EXPECT_EQ(finding.confidence, "Medium");
  EXPECT_EQ(finding.severity, "high");
  EXPECT_EQ(finding.id, FindingId("trading", kWorksCode, "award"));
  // The tender, its portal copy (publication order), then the candidates.
  ASSERT_EQ(finding.evidence.size(), 3u);
  EXPECT_EQ(finding.evidence[0].url, tender.notice.url);
  EXPECT_EQ(finding.evidence[1].url, copy.notice.url);
  EXPECT_EQ(finding.evidence[2].notice_kind, "candidates");
}

TEST(ConstructionChainTest, MissingAwardWithoutCandidatesIsDueSixDaysAfterTheOpeningThenTwentyWorkingDays) {
  // Opening Fri 19 Sep 2025 + 6 days = Thu 25 Sep (working); + 20 WD: 26, 28 (Sun, worked), 29, 30 Sep,
  // [1–8 Oct off], 9, 10, 11 (Sat, worked), 13–17, 20–24, 27, 28, 29 Oct → Wed 29 Oct.
  const std::vector<NoticeWithEvidence> notices = {WorksTender("2025-09-01", "2025-09-19")};
  EXPECT_TRUE(Check(notices, "2025-10-29").empty());
  const auto findings = Check(notices, "2025-10-30");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_missing");
  EXPECT_EQ(findings[0].due, "2025-10-29");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
}

TEST(ConstructionChainTest, AwardLateAgainstTheCandidatesPublicity) {
  // Due Fri 31 Oct (candidates Wed 24 Sep, worked out above); the result appears Mon 3 Nov.
  const auto tender = WorksTender("2025-09-01", "2025-09-19");
  const auto candidates = Works("candidates", "2025-09-24");
  EXPECT_TRUE(Check({tender, candidates, Works("award", "2025-10-31")}, "2025-11-10").empty());

  const auto award = Works("award", "2025-11-03");
  const auto findings = Check({tender, candidates, award}, "2025-11-10");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_late");
  EXPECT_EQ(findings[0].site, "trading");
  EXPECT_EQ(findings[0].due, "2025-10-31");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[0].rule_id, "EB-06");
  EXPECT_EQ(findings[0].severity, "medium");
  EXPECT_EQ(findings[0].id, FindingId("trading", kWorksCode, "award"));
  ASSERT_EQ(findings[0].evidence.size(), 3u);
  EXPECT_EQ(findings[0].evidence[0].url, award.notice.url);
  EXPECT_EQ(findings[0].evidence[1].url, candidates.notice.url);
  EXPECT_EQ(findings[0].evidence[2].url, tender.notice.url);
}

TEST(ConstructionChainTest, CandidatesPublishedWithTheResultDoNotCount) {
  // Candidates and result both on Thu 30 Oct: the candidates were not published before the
  // result, so the opening bound applies (due Wed 29 Oct, above) and the candidates are missing.
  // Counted from those candidates it would have been on time: 30 Oct + 3 days = Sun 2 Nov → Mon 3 Nov, + 20 WD.
  const auto findings =
      Check({WorksTender("2025-09-01", "2025-09-19"), Works("candidates", "2025-10-30"), Works("award", "2025-10-30")},
            "2025-11-10");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, "award_late");
  EXPECT_EQ(findings[0].due, "2025-10-29");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[1].kind, "candidates_missing");
}

TEST(ConstructionChainTest, MissingContractIsDueThirtyDaysToAWorkingDayThenTwentyWorkingDays) {
  // Candidates Wed 13 Aug 2025 + 3 days = Sat 16 Aug → Mon 18 Aug, + 20 WD = Mon 15 Sep: the result
  // of Fri 5 Sep is on time. Result Fri 5 Sep + 30 days = Sun 5 Oct, inside the 1–8 Oct break → Thu 9 Oct;
  // + 20 WD: 10, 11 (Sat, worked), 13–17, 20–24, 27–31 Oct, 3, 4, 5 Nov → Wed 5 Nov.
  const auto award = Works("award", "2025-09-05");
  const std::vector<NoticeWithEvidence> notices = {WorksTender("2025-07-21", "2025-08-11"),
                                                   Works("candidates", "2025-08-13"), award};
  EXPECT_TRUE(Check(notices, "2025-11-05").empty());
  const auto findings = Check(notices, "2025-11-06");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "contract_missing");
  EXPECT_EQ(findings[0].site, "trading");
  EXPECT_EQ(findings[0].due, "2025-11-05");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[0].rule_id, "EB-09");
  EXPECT_EQ(findings[0].confidence, "Medium");
  EXPECT_EQ(findings[0].severity, "high");
  EXPECT_EQ(findings[0].id, FindingId("trading", kWorksCode, "contract"));
  ASSERT_EQ(findings[0].evidence.size(), 1u);
  EXPECT_EQ(findings[0].evidence[0].url, award.notice.url);
}

TEST(ConstructionChainTest, ContractLateCountsFromTheResultWhateverTheSigningDate) {
  // Due Wed 5 Nov (above). Unlike GP-15, no construction rule times the notice from the signing:
  // a contract signed 20 Sep and published 6 Nov is late against 5 Nov, one published 5 Nov is not.
  std::vector<NoticeWithEvidence> notices = {WorksTender("2025-07-21", "2025-08-11"), Works("candidates", "2025-08-13"),
                                             Works("award", "2025-09-05")};
  notices.push_back(WorksContract("2025-11-05", "2025-09-20"));
  EXPECT_TRUE(Check(notices, "2025-12-31").empty());

  notices.back() = WorksContract("2025-11-06", "2025-09-20");
  const auto findings = Check(notices, "2025-12-31");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "contract_late");
  EXPECT_EQ(findings[0].due, "2025-11-05");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[0].rule_id, "EB-09");
  EXPECT_EQ(findings[0].severity, "medium");
  EXPECT_EQ(findings[0].id, FindingId("trading", kWorksCode, "contract"));
}

TEST(ConstructionChainTest, TerminatedTendersRaiseNothing) {
  // Near-miss works_terminated: the termination is the tender's outcome.
  const auto tender = WorksTender("2025-03-17", "2025-04-16");
  EXPECT_TRUE(Check({tender, PortalCopy(tender), Works("termination", "2025-04-09")}, "2025-12-31").empty());
  // Terminated after the result: no contract is due either.
  EXPECT_TRUE(Check({tender, Works("candidates", "2025-04-18"), Works("award", "2025-04-28"),
                     Works("termination", "2025-05-06")},
                    "2025-12-31")
                  .empty());
}

TEST(ConstructionChainTest, AProjectInFlightRaisesNothing) {
  // Near-miss works_in_flight: candidates Mon 22 Dec 2025 + 3 days = Thu 25 Dec, + 20 WD = Fri 23 Jan 2026.
  const auto tender = WorksTender("2025-11-19", "2025-12-18");
  EXPECT_TRUE(Check({tender, PortalCopy(tender), Works("candidates", "2025-12-22")}, "2025-12-31").empty());
}

TEST(ConstructionChainTest, APortalCopyOfTheResultDoesNotMeetTheTradingDeadline) {
  // The result re-posted on the portal only: the trading platform still lacks it (due Wed 29 Oct, above).
  const auto findings =
      Check({WorksTender("2025-09-01", "2025-09-19"), PortalCopy(Works("award", "2025-10-10"))}, "2025-10-30");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_missing");
  EXPECT_EQ(findings[0].site, "trading");
}

TEST(TenderMissingTest, AConstructionResultWithNoTenderAnywhere) {
  // Candidates Mon 3 Mar 2025 (+ 3 days, + 20 WD = Thu 3 Apr) and a result on Fri 14 Mar: on time;
  // result + 30 days = Sun 13 Apr → Mon 14 Apr, + 20 WD = Wed 14 May: the contract of 1 Apr too.
  const auto award = Works("award", "2025-03-14");
  const auto contract = WorksContract("2025-04-01", "2025-03-31");
  const auto findings = Check({Works("candidates", "2025-03-03"), award, PortalCopy(award), contract}, "2025-12-31");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.kind, "tender_missing");
  EXPECT_EQ(finding.site, "trading");
  EXPECT_EQ(finding.project_code, kWorksCode);
  EXPECT_FALSE(finding.due.has_value());
  EXPECT_EQ(finding.overdue_working_days, 0);
  EXPECT_EQ(finding.rule_id, "EB-01");
  EXPECT_EQ(finding.confidence, "High");
  EXPECT_EQ(finding.id, FindingId("trading", kWorksCode, "tender"));
  ASSERT_EQ(finding.evidence.size(), 2u);
  EXPECT_EQ(finding.evidence[0].url, award.notice.url);
  EXPECT_EQ(finding.evidence[1].url, contract.notice.url);
}

TEST(TenderMissingTest, AProcurementResultWithNoTenderButNotForSingleSource) {
  // Decided Thu 27 Mar 2025, published Fri 28 Mar (+ 2 WD = Mon 31 Mar); signed Thu 10 Apr, published
  // Fri 11 Apr (+ 2 WD = Mon 14 Apr): the chain is on time, only the tender is missing.
  NoticeWithEvidence award = Procurement("award", "2025-03-28");
  award.notice.decided = "2025-03-27";
  NoticeWithEvidence contract = Procurement("contract", "2025-04-11");
  contract.notice.signed_on = "2025-04-10";
  const auto findings = Check({award, contract}, "2025-12-31");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "tender_missing");
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_EQ(findings[0].project_code, kProcurementCode);
  EXPECT_FALSE(findings[0].due.has_value());
  EXPECT_EQ(findings[0].rule_id, "GP-02");

  // Near-miss single_source: its own publicity (GP-10) stands instead of a tender.
  EXPECT_TRUE(Check({Procurement("single_source", "2025-03-10"), award, contract}, "2025-12-31").empty());
  // A store holding the procurement site alone cannot tell: the tender may stand on the trading platform.
  CheckOptions procurement_only;
  procurement_only.sites = {"procurement"};
  EXPECT_TRUE(Check({award, contract}, "2025-12-31", procurement_only).empty());
  procurement_only.sites.insert("trading");
  EXPECT_EQ(Check({award, contract}, "2025-12-31", procurement_only).size(), 1u);
}

TEST(TenderMissingTest, ATenderOnAnotherSiteCountsWhateverItsCodesPadding) {
  // Near-misses works_legacy_full_width_code and cross_site_full_width_code: the extractor folds
  // full-width codes (parsers/identifiers.h CanonicalProjectCode); what may still differ across
  // sites is padding and case, which CanonicalCode folds.
  NoticeWithEvidence portal_tender = PortalCopy(WorksTender("2025-09-01", "2025-09-19"));
  portal_tender.notice.project_code = "\xE3\x80\x80" + std::string("e4402002500000085001 ");  // U+3000 in front
  EXPECT_TRUE(
      Check({portal_tender, Works("candidates", "2025-09-24"), Works("award", "2025-10-09")}, "2025-10-20").empty());

  NoticeWithEvidence trading_tender = MakeNotice("trading", "procurement", "tender", "2025-03-03", " gdjy2025-001");
  trading_tender.notice.opening = "2025-03-20T09:30:00+08:00";
  NoticeWithEvidence award = Procurement("award", "2025-03-28");
  award.notice.decided = "2025-03-27";
  EXPECT_TRUE(Check({trading_tender, award}, "2025-04-10").empty());
}

TEST(TenderMissingTest, AProcurementTenderOnlyOnTheTradingPlatformStartsTheAwardClock) {
  // The opening is the tender's, wherever it stands: Thu 20 Mar 2025 + 9 WD = Wed 2 Apr.
  NoticeWithEvidence trading_tender = MakeNotice("trading", "procurement", "tender", "2025-03-03", kProcurementCode);
  trading_tender.notice.opening = "2025-03-20T09:30:00+08:00";
  const auto findings = Check({trading_tender, Procurement("correction", "2025-03-10")}, "2025-04-03");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_missing");
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_EQ(findings[0].due, "2025-04-02");
}

TEST(CandidatesMissingTest, AConstructionResultWithoutCandidatesPublishedBeforeIt) {
  // Result Fri 10 Oct 2025 against the opening bound (Wed 29 Oct, above): on time, but no candidates.
  const auto award = Works("award", "2025-10-10");
  const auto findings = Check({WorksTender("2025-09-01", "2025-09-19"), award}, "2025-10-20");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.kind, "candidates_missing");
  EXPECT_EQ(finding.site, "trading");
  EXPECT_EQ(finding.project_code, kWorksCode);
  EXPECT_FALSE(finding.due.has_value());
  EXPECT_EQ(finding.rule_id, "EB-06");
  EXPECT_EQ(finding.confidence, "High");
  EXPECT_EQ(finding.id, FindingId("trading", kWorksCode, "candidates"));
  ASSERT_EQ(finding.evidence.size(), 1u);
  EXPECT_EQ(finding.evidence[0].url, award.notice.url);

  // Candidates published after the result, or only on the portal, do not count either.
  EXPECT_EQ(
      Kinds(Check({WorksTender("2025-09-01", "2025-09-19"), award, Works("candidates", "2025-10-13")}, "2025-10-20")),
      std::vector<std::string>{"candidates_missing"});
  EXPECT_EQ(Kinds(Check({WorksTender("2025-09-01", "2025-09-19"), PortalCopy(Works("candidates", "2025-09-24")), award},
                        "2025-10-20")),
            std::vector<std::string>{"candidates_missing"});
}

TEST(CandidatesMissingTest, NotAskedOfProcurementNorBeforeAResult) {
  // Procurement has no candidates publicity; a construction tender without result yet needs none.
  NoticeWithEvidence tender = Procurement("tender", "2025-03-03");
  tender.notice.opening = "2025-03-20T09:30:00+08:00";
  NoticeWithEvidence award = Procurement("award", "2025-03-28");
  award.notice.decided = "2025-03-27";
  EXPECT_TRUE(Check({tender, award}, "2025-04-10").empty());
  EXPECT_TRUE(Check({WorksTender("2025-09-01", "2025-09-19")}, "2025-10-20").empty());
}

}  // namespace
}  // namespace gapwatch
