// `gapwatch explain PROJECT_CODE [--db FILE] [--as-of DATE]`: one project's
// story from the store, for a person checking a finding (ARCHITECTURE.md
// "Command line"): every notice on every site in publication order with its
// dates and its capture (time, SHA-256); every deadline of its chain with the
// rule and the clock that set it, and whether it was met; every finding the
// last check stored for it, open or resolved. Read-only: the store is never
// written. Deadlines are judged at --as-of, else at the last check's as-of.
// Exit 0; 1 when the store holds no notice with that code; 2 (UsageError)
// when the store does not exist or no date is known to judge at.
#pragma once
#include <ostream>
#include <string>

namespace gapwatch {

struct ExplainRequest {
  std::string project_code;  // as any site prints it: width, case and brackets do not matter
  std::string db = "gapwatch.db";
  std::string as_of;  // YYYY-MM-DD; "" = the last check's
};

int ExplainProject(const ExplainRequest& request, std::ostream& out, std::ostream& err);

}  // namespace gapwatch
