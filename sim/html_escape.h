// HTML escaping for every simulated page: the world's strings include hostile
// ones (a title `<script>alert(1)</script>`), and the simulator serves them
// escaped, as the real sites do. Escapes & < > " and '. Pure, thread-safe.
#pragma once
#include <string>
#include <string_view>

namespace gapwatch::sim {

std::string HtmlEscape(std::string_view text);

}  // namespace gapwatch::sim
