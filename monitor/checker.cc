#include "monitor/checker.h"

#include <malloc.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <future>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

#include "monitor/check_support.h"
#include "monitor/matcher.h"

namespace gapwatch {

const std::map<std::string, std::string>& DesignatedSitesOfDomains() {
  static const std::map<std::string, std::string> sites = {
      {"procurement", "procurement"}, {"credit", "credit"}, {"portal", "portal"}};
  return sites;
}

std::string DesignatedSite(std::string_view domain) {
  for (const auto& [with_a_site, site] : DesignatedSitesOfDomains()) {
    if (with_a_site == domain) return site;
  }
  return kDesignatedSiteOtherwise;
}

std::vector<Project> GroupIntoProjects(const std::vector<NoticeWithEvidence>& notices) {
  std::vector<const NoticeWithEvidence*> all;
  for (const auto& item : notices) all.push_back(&item);
  return MatchProjects(all).projects;
}

std::vector<Project> DesignatedProjects(const std::vector<NoticeWithEvidence>& notices, Date as_of) {
  return MatchDesignated(notices, as_of).projects;
}

std::vector<Finding> CheckFindings(const std::vector<NoticeWithEvidence>& notices, Date as_of,
                                   const WorkingDayCalendar& calendar, const RuleBook& rules,
                                   const CheckOptions& options, const std::vector<NoticeHistory>& histories,
                                   const std::vector<ListingPage>& listings) {
  // Deadlines bind the designated site (DOMAIN.md): a copy elsewhere (a procurement
  // result re-posted on the trading platform) neither meets nor breaks them.
  return CheckGroupedFindings(
      notices, [&] { return DesignatedProjects(notices, as_of); }, as_of, calendar, rules, options, histories,
      listings);
}

std::vector<Finding> CheckGroupedFindings(const std::vector<NoticeWithEvidence>& notices,
                                          const std::function<std::vector<Project>()>& group, Date as_of,
                                          const WorkingDayCalendar& calendar, const RuleBook& rules,
                                          const CheckOptions& options, const std::vector<NoticeHistory>& histories,
                                          const std::vector<ListingPage>& listings,
                                          const std::function<void(const std::vector<Project>&)>& beside,
                                          const checks::NoticeKeys* keys) {
  std::optional<checks::NoticeKeys> own_keys;  // outlives `input`, whose codes view them
  checks::CheckInput input{as_of, calendar, rules, options, {}, {}, {}, {}, listings, {}};
  // The standing notices, their codes and histories are gathered on a second
  // thread while the grouping (a third of the check) runs: both only read the
  // notices. (The other way round, the grouping's scratch memory, freed in the
  // second thread's heap, would not serve the checks after it.) The families
  // that read no project are checked there too, once gathered.
  std::vector<Finding> contents, delays, departments, watched;
  std::future<void> gathered = std::async(std::launch::async, [&] {
    const checks::NoticeKeys& known = keys ? *keys : own_keys.emplace(notices);
    input.standing = known.Standing(notices, as_of);
    input.by_code = checks::NoticesByCode(notices, known, input.standing);
    // Histories are few (a notice that changed or went), notices many: look the notices up in them.
    std::map<std::pair<std::string_view, std::string_view>, const NoticeHistory*> history_of;
    for (const NoticeHistory& history : histories) {
      history_of.emplace(std::pair<std::string_view, std::string_view>(history.site, history.url), &history);
    }
    if (!history_of.empty()) {
      for (const NoticeWithEvidence* item : input.standing) {
        const auto found = history_of.find({item->notice.site, item->notice.url});
        if (found != history_of.end()) input.histories.emplace_back(item, found->second);
      }
    }
    checks::CheckContents(input, contents);
    checks::CheckCreditDelays(input, delays);
    checks::CheckDepartments(input, departments);
    checks::CheckWatch(input, watched);
  });
  input.projects = group();
  gathered.get();
  std::future<void> beside_done;
  if (beside) beside_done = std::async(std::launch::async, [&] { beside(input.projects); });
  // The chains (two fifths of the checks) on a second thread: they only read
  // the input, and ask no party's canonical name (PartyNames is not
  // thread-safe). Their findings come first, as if run in turn.
  std::future<std::vector<Finding>> chains = std::async(std::launch::async, [&] {
    std::vector<Finding> found;
    checks::CheckChains(input, found);
    return found;
  });
  std::vector<Finding> blacklisted, consistency;
  checks::CheckBlacklistedWinners(input, blacklisted);
  checks::CheckConsistency(input, consistency);
  std::vector<Finding> found = chains.get();
  // What only the checks read, freed before the sort while `beside` may still
  // work out the digests (at 10^6 notices the two made the check's peak of
  // memory), and handed back to the system: it was allocated by other
  // threads, whose arenas this thread's allocations do not draw on.
  input.by_code = {};
  std::vector<const NoticeWithEvidence*>().swap(input.standing);
  decltype(input.histories)().swap(input.histories);
  malloc_trim(0);
  // One vector of the exact size, the others' freed before the sort: at 10^6
  // notices the findings take 86 MB, and a second copy of them made this the
  // check's peak of memory. The families in the order they once ran in turn:
  // where the sort below puts ties depends on the order they come in.
  const std::array families = {&contents, &delays, &blacklisted, &departments, &consistency, &watched};
  found.reserve(
      std::accumulate(families.begin(), families.end(), found.size(),
                      [](std::size_t size, const std::vector<Finding>* family) { return size + family->size(); }));
  for (std::vector<Finding>* family : families) {
    std::move(family->begin(), family->end(), std::back_inserter(found));
    std::vector<Finding>().swap(*family);
  }
  // Positions are sorted, and each finding moved once, in place: a Finding is
  // a score of strings, and sorting them in place moved each some twenty
  // times. The order, ties included, is the one std::sort gives the findings
  // themselves (it compares and moves alike whatever it sorts).
  std::vector<std::uint32_t> order(found.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(found[a].kind, found[a].project_code, found[a].site) <
           std::tie(found[b].kind, found[b].project_code, found[b].site);
  });
  // Slot i takes the finding at order[i]: each cycle of the permutation is
  // walked once, holding one finding aside.
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;  // in its place, or its cycle done
    Finding held = std::move(found[start]);
    std::uint32_t slot = start;
    while (order[slot] != start) {
      const std::uint32_t from = order[slot];
      found[slot] = std::move(found[from]);
      order[slot] = slot;
      slot = from;
    }
    found[slot] = std::move(held);
    order[slot] = slot;
  }
  // Only then wait for `beside`: the sort above fills the wait.
  if (beside_done.valid()) beside_done.get();
  return found;
}

std::string Sha256Hex(std::string_view bytes, std::size_t hex_digits) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < hex_digits / 2 && i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

std::string FindingId(const std::string& site, const std::string& subject, const std::string& expected_notice) {
  return Sha256Hex(site + '\x1f' + subject + '\x1f' + expected_notice, 16);
}

}  // namespace gapwatch
