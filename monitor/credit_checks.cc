// penalty_late and blacklisted_winner (to be written).
#include "monitor/check_support.h"

namespace gapwatch::checks {

void CheckCredit(const CheckInput&, std::vector<Finding>&) {}

}  // namespace gapwatch::checks
