// The disclosure rules gapwatch applies, as data (data/rules.yaml): for each
// finding kind, the rule id of RULES.md, its legal source, confidence and
// severity. Loading validates the file (ConfigError names file, line, key):
// unknown or missing keys, an unknown finding kind, confidence outside
// High/Medium/Low, severity outside high/medium/low, a bad valid_from date and
// a second rule for the same (kind, domain) are all errors; so are a clock
// whose `from` is not a known event, negative days, and a last_day other than
// next_working_day, after_holiday or fixed.
// Thread-safety: immutable after loading.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/date.h"

namespace gapwatch {

// One way a rule's deadline is computed: from the date of `from` (or on a
// fixed day), calendar days first (their last day moved as the rule's
// last_day says), then working days; the start day is not counted.
struct RuleClock {
  // opening, decided, signed, published (the notice's own publication),
  // award_published, candidates_published, trading_published, decision,
  // year_end (31 December of the year a report covers), plan_due (a
  // department's, data/departments.yaml); empty with `on`.
  std::string from;
  std::optional<Date> on;  // a fixed due day
  int calendar_days = 0;
  int working_days = 0;
};

struct Rule {
  std::string id;                // e.g. GP-12
  std::string kind;              // finding kind it raises, e.g. award_missing
  std::string domain;            // procurement, construction, …
  std::string notice_kind;       // field_missing: the notice kind whose contents it sets ("" = any)
  std::string source;            // legal source, e.g. 政府采购法实施条例 第四十三条
  std::string confidence;        // High / Medium / Low
  std::string severity;          // high / medium / low
  std::string period;            // how the due date is computed, in words
  Date valid_from;               // the source's entry into force; clocks starting earlier are not checked
  std::optional<Date> valid_to;  // the source's repeal; clocks starting later are not checked
  // Tried in order: the first whose start the notices give sets the due date
  // (GP-12: the decision date when the result states it, else opening + 9 WD).
  // Empty for kinds without a deadline.
  std::vector<RuleClock> due;
  LastDay last_day = LastDay::kNextWorkingDay;
};

class RuleBook {
 public:
  static RuleBook FromYaml(const std::string& text, const std::string& file);
  static const RuleBook& Official();  // data/rules.yaml compiled in
  // The rule for (kind, domain) and, when given, the notice kind (else the
  // rule for any notice kind, else a rule of domain "any" for the kind);
  // throws std::out_of_range when there is none.
  const Rule& For(const std::string& kind, const std::string& domain, const std::string& notice_kind = "") const;
  // Whether For would find a rule.
  bool Has(const std::string& kind, const std::string& domain, const std::string& notice_kind = "") const;

 private:
  static constexpr std::string_view kAnyDomain = "any";
  const Rule* Find(const std::string& kind, const std::string& domain, const std::string& notice_kind) const;

  std::map<std::tuple<std::string, std::string, std::string>, Rule> rules_;
};

}  // namespace gapwatch
