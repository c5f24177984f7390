// plan_missing and annual_report_missing (to be written).
#include "monitor/check_support.h"

namespace gapwatch::checks {

void CheckDepartments(const CheckInput&, std::vector<Finding>&) {}

}  // namespace gapwatch::checks
