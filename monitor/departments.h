// The departments the seed plan §七(一) binds (data/departments.yaml): how
// their notices appear on the portal and their deadlines, for plan_missing and
// annual_report_missing (monitor/department_checks.cc). Loading validates the
// file (ConfigError names file, line and key): unknown or missing keys, empty
// names, a bad date, year or slug, and a department or slug listed twice are
// all errors.
// Thread-safety: immutable after loading.
#pragma once
#include <string>
#include <vector>

#include "monitor/date.h"

namespace gapwatch {

struct Department {
  std::string seed_name;                  // as the seed plan writes it: 市发改局 (the findings' subject)
  std::string name;                       // current full name: 韶关市发展和改革局
  std::string portal_slug;                // www.sg.gov.cn/<slug>/gkmlpt/…
  std::vector<std::string> portal_names;  // every name its portal notices were published under
  Date plan_due;                          // its 工作方案 on the portal by this day (inclusive)
  int first_report_year = 0;              // the first year whose annual report is checked
};

std::vector<Department> DepartmentsFromYaml(const std::string& text, const std::string& file);
const std::vector<Department>& OfficialDepartments();  // data/departments.yaml compiled in

}  // namespace gapwatch
