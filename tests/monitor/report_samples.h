// A finding as the report writers' tests start from: a procurement contract
// missing, with the award that proves it (tests/monitor/report_test.cc,
// exports_test.cc).
#pragma once
#include <string>

#include "store/records.h"

namespace gapwatch::testing {

inline Evidence AwardEvidence(const std::string& url, char digest) {
  return {url, "award", "2025-04-10", "2025-04-10T18:00:00+08:00", std::string(64, digest), {}};
}

inline Finding SampleFinding() {
  Finding finding;
  finding.id = "d74549d233a60111";
  finding.kind = "contract_missing";
  finding.severity = "high";
  finding.domain = "procurement";
  finding.site = "procurement";
  finding.project_code = "GDJY251013001FG046";
  finding.project_title = "韶关市某设备采购项目";
  finding.buyer = "韶关市第一人民医院";
  finding.due = "2025-05-14";
  finding.overdue_working_days = 32;
  finding.rule_id = "GP-15";
  finding.rule_source = "政府采购法实施条例 第五十条";
  finding.confidence = "High";
  finding.evidence = {AwardEvidence("https://gdgpo.czt.gd.gov.cn/notice/1", 'b')};
  finding.first_seen = "2025-05-15";
  finding.last_seen = "2025-06-30";
  return finding;
}

}  // namespace gapwatch::testing
