#include "monitor/rules.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "data/embedded.h"
#include "parsers/strict_yaml.h"

namespace gapwatch {
namespace {

// The finding kinds of ARCHITECTURE.md ("report/gaps.json"); a rule for any
// other kind is a typo that would otherwise surface only when checking.
constexpr std::array<std::string_view, 16> kFindingKinds = {
    "award_missing",      "award_late",         "contract_missing",   "contract_late",
    "tender_missing",     "candidates_missing", "amount_mismatch",    "supplier_mismatch",
    "cross_site_missing", "penalty_late",       "blacklisted_winner", "notice_changed",
    "notice_removed",     "field_missing",      "plan_missing",       "annual_report_missing"};

std::string NonEmptyString(const ConfigNode& node) {
  std::string value = node.String();
  if (value.empty()) node.Fail("must not be empty");
  return value;
}

std::string OneOf(const ConfigNode& node, std::initializer_list<std::string_view> allowed) {
  std::string value = node.String();
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  std::string expected;
  for (const auto name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
  node.Fail("'" + value + "' is not one of: " + expected);
}

Date ReadDate(const ConfigNode& node) {
  const std::string text = node.String();
  const auto date = Date::Parse(text);
  if (!date || text.size() != 10) node.Fail("expected a date YYYY-MM-DD, got '" + text + "'");
  return *date;
}

RuleClock ReadClock(const ConfigNode& node) {
  node.CheckKeys({}, {"from", "on", "calendar_days", "working_days"});
  RuleClock clock;
  if (node.Has("on") == node.Has("from")) node.Fail("expected exactly one of 'from' and 'on'");
  if (node.Has("on")) {
    clock.on = ReadDate(node.Child("on"));
  } else {
    clock.from =
        OneOf(node.Child("from"), {"opening", "decided", "signed", "published", "award_published",
                                   "candidates_published", "trading_published", "decision", "year_end", "plan_due"});
  }
  // A clock of more than a year is a typo, never a rule of RULES.md.
  clock.calendar_days = node.IntOr("calendar_days", 0, 0, 366);
  clock.working_days = node.IntOr("working_days", 0, 0, 250);
  return clock;
}

Rule ReadRule(const ConfigNode& node) {
  node.CheckKeys({"id", "kind", "domain", "source", "confidence", "severity", "period", "valid_from"},
                 {"notice_kind", "valid_to", "due", "last_day"});
  Rule rule;
  rule.id = NonEmptyString(node.Child("id"));
  const ConfigNode kind = node.Child("kind");
  rule.kind = kind.String();
  if (std::find(kFindingKinds.begin(), kFindingKinds.end(), rule.kind) == kFindingKinds.end()) {
    kind.Fail("'" + rule.kind + "' is not a finding kind of docs/ARCHITECTURE.md");
  }
  rule.domain = NonEmptyString(node.Child("domain"));
  if (node.Has("notice_kind")) {
    if (rule.kind != "field_missing") node.Child("notice_kind").Fail("only field_missing rules name a notice kind");
    rule.notice_kind = NonEmptyString(node.Child("notice_kind"));
  }
  rule.source = NonEmptyString(node.Child("source"));
  rule.confidence = OneOf(node.Child("confidence"), {"High", "Medium", "Low"});
  rule.severity = OneOf(node.Child("severity"), {"high", "medium", "low"});
  rule.period = NonEmptyString(node.Child("period"));
  rule.valid_from = ReadDate(node.Child("valid_from"));
  if (node.Has("valid_to")) {
    rule.valid_to = ReadDate(node.Child("valid_to"));
    if (*rule.valid_to < rule.valid_from) node.Child("valid_to").Fail("is before valid_from");
  }
  if (node.Has("due")) {
    for (const ConfigNode& clock : node.Child("due").Elements()) rule.due.push_back(ReadClock(clock));
  }
  if (node.Has("last_day")) {
    const std::string last_day = OneOf(node.Child("last_day"), {"next_working_day", "after_holiday", "fixed"});
    rule.last_day = last_day == "fixed"           ? LastDay::kFixed
                    : last_day == "after_holiday" ? LastDay::kAfterHoliday
                                                  : LastDay::kNextWorkingDay;
  }
  return rule;
}

}  // namespace

RuleBook RuleBook::FromYaml(const std::string& text, const std::string& file) {
  const ConfigNode root(ParseYamlText(text, file), file, "");
  root.CheckKeys({"rules"}, {});
  const ConfigNode rules = root.Child("rules");
  const std::vector<ConfigNode> entries = rules.Elements();
  if (entries.empty()) rules.Fail("expected at least one rule");
  RuleBook book;
  for (const ConfigNode& entry : entries) {
    Rule rule = ReadRule(entry);
    auto key = std::make_tuple(rule.kind, rule.domain, rule.notice_kind);
    if (book.rules_.count(key)) {
      entry.Fail("a second rule for kind '" + rule.kind + "' in domain '" + rule.domain + "'" +
                 (rule.notice_kind.empty() ? "" : " for " + rule.notice_kind + " notices"));
    }
    book.rules_.emplace(std::move(key), std::move(rule));
  }
  return book;
}

const RuleBook& RuleBook::Official() {
  static const RuleBook book = FromYaml(std::string(embedded::rules_yaml()), "data/rules.yaml");
  return book;
}

const Rule* RuleBook::Find(const std::string& kind, const std::string& domain, const std::string& notice_kind) const {
  for (const auto& key : {std::make_tuple(kind, domain, notice_kind), std::make_tuple(kind, domain, std::string()),
                          std::make_tuple(kind, std::string(kAnyDomain), std::string())}) {
    if (const auto found = rules_.find(key); found != rules_.end()) return &found->second;
  }
  return nullptr;
}

bool RuleBook::Has(const std::string& kind, const std::string& domain, const std::string& notice_kind) const {
  return Find(kind, domain, notice_kind) != nullptr;
}

const Rule& RuleBook::For(const std::string& kind, const std::string& domain, const std::string& notice_kind) const {
  const Rule* rule = Find(kind, domain, notice_kind);
  if (rule == nullptr) {
    throw std::out_of_range("no rule for kind '" + kind + "' in domain '" + domain + "'" +
                            (notice_kind.empty() ? "" : " for " + notice_kind + " notices"));
  }
  return *rule;
}

}  // namespace gapwatch
