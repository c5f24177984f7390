// The credit site's duties and what its blacklist means for awards:
// penalty_late (双公示, GI-03) and blacklisted_winner (seed plan §三).
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "monitor/check_support.h"
#include "parsers/identifiers.h"

namespace gapwatch::checks {
namespace {

constexpr char kCreditSite[] = "credit";

}  // namespace

// A licence or penalty online more than 7 WD after its decision. The record's
// subject is its 文号; a record without a decision date cannot be judged.
void CheckCreditDelays(const CheckInput& input, std::vector<Finding>& findings) {
  if (!input.rules.Has("penalty_late", "credit")) return;  // a rule book without it checks nothing of it
  const Rule& rule = input.rules.For("penalty_late", "credit");
  std::set<std::string> raised;  // finding ids: one per record, however many captures of it
  std::map<std::string, Date> events = {{"decision", Date{}}};  // one map for every record: its decision
  for (const NoticeWithEvidence* item : input.standing) {
    const HeldNotice& notice = item->notice;
    if (notice.site != kCreditSite || (notice.kind != "licence" && notice.kind != "penalty")) continue;
    const std::optional<Date> decided = DateOf(notice.decided);
    const std::string number = CanonicalCode(notice.project_code);
    if (!decided || number.empty()) continue;
    events.begin()->second = *decided;
    const std::optional<Clock> clock = ClockFor(rule, events);
    if (!clock) continue;
    std::optional<Finding> finding =
        Overdue(input, rule, kCreditSite, number, notice.kind, *clock, *PublicationDate(*item));
    if (!finding || !raised.insert(finding->id).second) continue;
    finding->project_title = notice.supplier;  // the party the decision concerns
    finding->buyer = notice.buyer;             // the deciding authority
    finding->evidence.push_back(EvidenceOf(*item));
    findings.push_back(std::move(*finding));
  }
}

namespace {

// A listing on the credit site's blacklist: who, and from when to when.
struct Listing {
  const NoticeWithEvidence* record;
  std::string party;  // CanonicalPartyName
  Date listed;
  std::optional<Date> removed;

  // Listed on or before `day` and not yet removed on it.
  bool Covers(Date day) const { return listed <= day && !(removed && *removed <= day); }
};

std::vector<Listing> Blacklist(const CheckInput& input) {
  std::vector<Listing> listings;
  for (const NoticeWithEvidence* item : input.standing) {
    const HeldNotice& notice = item->notice;
    if (notice.site != kCreditSite || notice.kind != "blacklist") continue;
    std::string party = input.canonical_party(notice.supplier);
    if (party.empty()) continue;
    // 列入黑名单日期; without it the record's publication is the latest the listing can have begun.
    const Date listed = DateOf(notice.decided).value_or(*PublicationDate(*item));
    listings.push_back(Listing{item, std::move(party), listed, DateOf(notice.delisted)});
  }
  return listings;
}

// The first award on the project's designated site.
const NoticeWithEvidence* FirstAward(const Project& project) {
  for (const NoticeWithEvidence* item : project.notices) {
    if (item->notice.kind == "award") return item;
  }
  return nullptr;
}

}  // namespace

// An award dated inside a listing period of its winner. Award notices give the
// winner's name only (no 统一社会信用代码), so names are compared.
void CheckBlacklistedWinners(const CheckInput& input, std::vector<Finding>& findings) {
  const std::vector<Listing> blacklist = Blacklist(input);
  if (blacklist.empty()) return;
  // Each award looks up its winners' listings: a scan of the whole list per award
  // was 83 % of a check of a million notices.
  std::unordered_map<std::string, std::vector<const Listing*>> listings_of;
  for (const Listing& listing : blacklist) listings_of[listing.party].push_back(&listing);
  const auto listed = [&](std::string_view name) { return listings_of.contains(input.canonical_party(name)); };
  for (const Project& project : input.projects) {
    // Most awards name no listed party: they are passed over before the rule
    // book is asked or a date parsed.
    const NoticeWithEvidence* award = FirstAward(project);
    if (!award || (!listed(award->notice.supplier) &&
                   std::ranges::none_of(award->notice.lots, [&](const Lot& lot) { return listed(lot.supplier); }))) {
      continue;
    }
    if (!input.rules.Has("blacklisted_winner", project.domain)) continue;
    // The award's date: the decision when the notice states it, else its publication.
    const Date awarded = DateOf(award->notice.decided).value_or(*PublicationDate(*award));
    const std::set<std::string> winners = Winners(award->notice, input.canonical_party);
    std::vector<const Listing*> matched;
    for (const std::string& winner : winners) {
      const auto found = listings_of.find(winner);
      if (found == listings_of.end()) continue;
      for (const Listing* listing : found->second) {
        if (listing->Covers(awarded)) matched.push_back(listing);
      }
    }
    if (matched.empty()) continue;
    const Rule& rule = input.rules.For("blacklisted_winner", project.domain);
    if (awarded < rule.valid_from) continue;
    // Its own expected notice: award_missing and award_late of the same project use "award".
    Finding finding = NewFinding(rule, DesignatedSite(project.domain), project.code, "blacklisted_winner");
    finding.project_title = project.title;
    finding.buyer = project.buyer;
    finding.evidence.push_back(EvidenceOf(*award));
    for (const Listing* listing : matched) finding.evidence.push_back(EvidenceOf(*listing->record));
    findings.push_back(std::move(finding));
  }
}

}  // namespace gapwatch::checks
