#include "monitor/rules.h"

#include <gtest/gtest.h>

#include "parsers/strict_yaml.h"

namespace gapwatch {
namespace {

// One valid rule; tests replace a line to break it.
std::string RuleYaml(const std::string& confidence_line = "    confidence: High", const std::string& extra_line = "") {
  return "rules:\n"                                     // 1
         "  - id: GP-12\n"                              // 2
         "    kind: award_missing\n"                    // 3
         "    domain: procurement\n"                    // 4
         "    source: 政府采购法实施条例 第四十三条\n"  // 5
         + confidence_line + "\n" +                     // 6
         "    severity: high\n"                         // 7
         "    period: opening + 9 WD\n"                 // 8
         "    valid_from: 2015-03-01\n"                 // 9
         + extra_line;                                  // 10
}

ConfigError LoadError(const std::string& yaml) {
  try {
    RuleBook::FromYaml(yaml, "rules.yaml");
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return ConfigError("", 0, "", "");
}

TEST(RulesTest, OfficialRulesCoverTheProcurementChain) {
  const RuleBook& rules = RuleBook::Official();
  for (const char* kind : {"award_missing", "award_late"}) {
    const Rule& rule = rules.For(kind, "procurement");
    EXPECT_EQ(rule.id, "GP-12");
    EXPECT_EQ(rule.kind, kind);
    EXPECT_EQ(rule.domain, "procurement");
    EXPECT_EQ(rule.source, "政府采购法实施条例 第四十三条; 财政部令第87号 第六十九条");
    EXPECT_EQ(rule.confidence, "High");
    EXPECT_EQ(rule.severity, "high");
    EXPECT_NE(rule.period.find("opening + 9 WD"), std::string::npos);
  }
  for (const char* kind : {"contract_missing", "contract_late"}) {
    const Rule& rule = rules.For(kind, "procurement");
    EXPECT_EQ(rule.id, "GP-15");
    EXPECT_EQ(rule.source, "政府采购法实施条例 第五十条; 政府采购法 第四十六条");
    EXPECT_EQ(rule.confidence, "High");
    EXPECT_EQ(rule.severity, "high");
  }
  EXPECT_EQ(rules.For("award_missing", "procurement").valid_from, (Date{2015, 3, 1}));
  EXPECT_THROW(rules.For("award_missing", "land"), std::out_of_range);
  EXPECT_THROW(rules.For("award_mising", "procurement"), std::out_of_range);
}

TEST(RulesTest, ReadsAValidFile) {
  const RuleBook rules = RuleBook::FromYaml(RuleYaml(), "rules.yaml");
  const Rule& rule = rules.For("award_missing", "procurement");
  EXPECT_EQ(rule.id, "GP-12");
  EXPECT_EQ(rule.period, "opening + 9 WD");
  EXPECT_EQ(rule.valid_from, (Date{2015, 3, 1}));
}

TEST(RulesTest, UnknownKeyNamesItsLine) {
  const ConfigError error = LoadError(RuleYaml("    confidence: High", "    note: typo\n"));
  EXPECT_EQ(error.file(), "rules.yaml");
  EXPECT_EQ(error.line(), 10);
  EXPECT_EQ(error.key(), "rules[0].note");
  EXPECT_NE(std::string(error.what()).find("rules.yaml:10:"), std::string::npos) << error.what();
}

TEST(RulesTest, MissingKeyNamesTheRule) {
  const ConfigError error = LoadError(RuleYaml("    # confidence left out"));
  EXPECT_EQ(error.line(), 2);
  EXPECT_EQ(error.key(), "rules[0]");
  EXPECT_NE(std::string(error.what()).find("confidence"), std::string::npos) << error.what();
}

TEST(RulesTest, ConfidenceMustBeHighMediumOrLow) {
  const ConfigError error = LoadError(RuleYaml("    confidence: high"));  // severity spelling, wrong here
  EXPECT_EQ(error.line(), 6);
  EXPECT_EQ(error.key(), "rules[0].confidence");
  EXPECT_NE(std::string(error.what()).find("High, Medium, Low"), std::string::npos) << error.what();
}

TEST(RulesTest, SeverityMustBeHighMediumOrLow) {
  std::string yaml = RuleYaml();
  yaml.replace(yaml.find("severity: high"), 14, "severity: urgent");
  const ConfigError error = LoadError(yaml);
  EXPECT_EQ(error.line(), 7);
  EXPECT_EQ(error.key(), "rules[0].severity");
}

TEST(RulesTest, KindMustBeAFindingKind) {
  std::string yaml = RuleYaml();
  yaml.replace(yaml.find("award_missing"), 13, "award_mising");
  const ConfigError error = LoadError(yaml);
  EXPECT_EQ(error.line(), 3);
  EXPECT_EQ(error.key(), "rules[0].kind");
}

TEST(RulesTest, ValidFromMustBeADate) {
  std::string yaml = RuleYaml();
  yaml.replace(yaml.find("2015-03-01"), 10, "2015-02-30");
  const ConfigError error = LoadError(yaml);
  EXPECT_EQ(error.line(), 9);
  EXPECT_EQ(error.key(), "rules[0].valid_from");
}

TEST(RulesTest, SecondRuleForTheSameKindAndDomainIsAnError) {
  const std::string once = RuleYaml();
  const std::string twice = once + once.substr(once.find("  - id:"));  // lines 10–17 repeat the entry
  const ConfigError error = LoadError(twice);
  EXPECT_EQ(error.line(), 10);
  EXPECT_EQ(error.key(), "rules[1]");
}

TEST(RulesTest, ContentRulesAreChosenByNoticeKindElseForAnyKind) {
  const RuleBook& rules = RuleBook::Official();
  EXPECT_EQ(rules.For("field_missing", "procurement", "award").id, "GP-12");
  EXPECT_EQ(rules.For("field_missing", "procurement", "contract").id, "GP-15");
  EXPECT_EQ(rules.For("field_missing", "construction", "candidates").id, "EB-06");
  EXPECT_EQ(rules.For("field_missing", "construction", "contract").id, "EB-07");  // the domain's rule for any kind
  EXPECT_EQ(rules.For("field_missing", "credit", "penalty").id, "GI-03");
  EXPECT_FALSE(rules.Has("field_missing", "procurement", "tender"));
  EXPECT_THROW(rules.For("field_missing", "procurement", "tender"), std::out_of_range);
  EXPECT_EQ(rules.For("award_missing", "procurement").id, "GP-12");
}

TEST(RulesTest, EveryFindingKindHasARuleAndWatchdogSignalsHoldInAnyDomain) {
  const RuleBook& rules = RuleBook::Official();
  const std::pair<const char*, const char*> kinds[] = {{"award_missing", "construction"},
                                                       {"award_late", "construction"},
                                                       {"contract_missing", "construction"},
                                                       {"contract_late", "construction"},
                                                       {"tender_missing", "procurement"},
                                                       {"tender_missing", "construction"},
                                                       {"candidates_missing", "construction"},
                                                       {"amount_mismatch", "procurement"},
                                                       {"supplier_mismatch", "construction"},
                                                       {"cross_site_missing", "procurement"},
                                                       {"penalty_late", "credit"},
                                                       {"blacklisted_winner", "procurement"},
                                                       {"plan_missing", "portal"},
                                                       {"annual_report_missing", "portal"}};
  for (const auto& [kind, domain] : kinds) EXPECT_TRUE(rules.Has(kind, domain)) << kind << " " << domain;
  EXPECT_EQ(rules.For("notice_changed", "land").id, "WATCH-CHANGED");
  EXPECT_EQ(rules.For("notice_removed", "credit").id, "WATCH-REMOVED");
  EXPECT_EQ(rules.For("award_missing", "construction").confidence, "Medium");
  EXPECT_FALSE(rules.Has("award_missing", "land"));  // "any" stands only where a rule says so
}

TEST(RulesTest, DueClocksAreTriedInTheOrderWritten) {
  const RuleBook& rules = RuleBook::Official();
  const Rule& award_late = rules.For("award_late", "procurement");
  ASSERT_EQ(award_late.due.size(), 2u);
  EXPECT_EQ(award_late.due[0].from, "decided");
  EXPECT_EQ(award_late.due[0].working_days, 2);
  EXPECT_EQ(award_late.due[1].from, "opening");
  EXPECT_EQ(award_late.due[1].working_days, 9);
  const Rule& contract = rules.For("contract_missing", "construction");
  ASSERT_EQ(contract.due.size(), 1u);
  EXPECT_EQ(contract.due[0].calendar_days, 30);
  EXPECT_EQ(contract.due[0].working_days, 20);
  EXPECT_EQ(contract.last_day, LastDay::kNextWorkingDay);
  EXPECT_EQ(rules.For("annual_report_missing", "portal").last_day, LastDay::kFixed);
  EXPECT_EQ(rules.For("plan_missing", "portal").due.at(0).from, "plan_due");
  EXPECT_TRUE(rules.For("amount_mismatch", "procurement").due.empty());  // no deadline
}

TEST(RulesTest, BadClocksAndDatesAreErrorsNamingTheirKey) {
  EXPECT_EQ(LoadError(RuleYaml() + "    due:\n      - {from: tomorrow, working_days: 2}\n").key(),
            "rules[0].due[0].from");
  EXPECT_EQ(LoadError(RuleYaml() + "    due:\n      - {from: opening, working_days: -1}\n").key(),
            "rules[0].due[0].working_days");
  EXPECT_EQ(LoadError(RuleYaml() + "    due:\n      - {working_days: 2}\n").key(), "rules[0].due[0]");
  EXPECT_EQ(LoadError(RuleYaml() + "    due:\n      - {from: opening, on: 2018-08-30}\n").key(), "rules[0].due[0]");
  EXPECT_EQ(LoadError(RuleYaml() + "    last_day: sometimes\n").key(), "rules[0].last_day");
  EXPECT_EQ(LoadError(RuleYaml() + "    valid_to: 2010-01-01\n").key(), "rules[0].valid_to");
  const RuleBook book =
      RuleBook::FromYaml(RuleYaml() + "    valid_to: 2030-12-31\n    last_day: after_holiday\n", "rules.yaml");
  EXPECT_EQ(book.For("award_missing", "procurement").valid_to, Date::Parse("2030-12-31"));
  EXPECT_EQ(book.For("award_missing", "procurement").last_day, LastDay::kAfterHoliday);
}

TEST(RulesTest, OnlyContentRulesNameANoticeKind) {
  const ConfigError error = LoadError(RuleYaml("    confidence: High", "    notice_kind: award\n"));
  EXPECT_EQ(error.line(), 10);
  EXPECT_EQ(error.key(), "rules[0].notice_kind");
  EXPECT_NE(std::string(error.what()).find("only field_missing rules"), std::string::npos) << error.what();
}

TEST(RulesTest, TopLevelMustHoldRules) {
  EXPECT_EQ(LoadError("rule:\n  - id: GP-12\n").key(), "rule");
  EXPECT_EQ(LoadError("rules: []\n").key(), "rules");
  EXPECT_EQ(LoadError("rules:\n  - [unclosed\n").key(), "");  // YAML syntax error, with its line
}

}  // namespace
}  // namespace gapwatch
