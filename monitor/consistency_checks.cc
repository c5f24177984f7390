// amount_mismatch, supplier_mismatch and cross_site_missing (to be written).
#include "monitor/check_support.h"

namespace gapwatch::checks {

void CheckConsistency(const CheckInput&, std::vector<Finding>&) {}

}  // namespace gapwatch::checks
