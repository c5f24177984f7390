// Data files compiled into the executable (see data/CMakeLists.txt), so that
// gapwatch never reads them relative to the current directory.
#pragma once
#include <string_view>

namespace gapwatch::embedded {
std::string_view calendar_json();     // data/calendar/cn-workdays-2018-2026.json
std::string_view departments_yaml();  // data/departments.yaml
std::string_view rules_yaml();        // data/rules.yaml
std::string_view sites_yaml();        // sites.yaml as shipped
}  // namespace gapwatch::embedded
