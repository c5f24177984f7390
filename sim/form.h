// Query strings and application/x-www-form-urlencoded bodies, as every
// simulated site reads them: %XX decoded (a malformed escape kept as it is, as
// lenient servers do), '+' read as a space in form data, pairs split on '&' and
// '=' (a name with no '=' has the empty value, empty pairs are skipped), and
// the first value of a repeated name kept. Pure functions; thread-safe.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gapwatch::sim {

using FormParams = std::unordered_map<std::string, std::string>;

// %XX and (when `plus_is_space`, as in form data; not in a URL's path) '+'.
std::string FormDecode(std::string_view text, bool plus_is_space = true);

// Adds the pairs of `form` to `params`; a name already present keeps its value,
// so adding the query string before the body makes the query string win.
void AddFormParams(std::string_view form, FormParams& params);
FormParams ParseForm(std::string_view form);

// The value of `name`; "" when absent.
std::string ParamOf(const FormParams& params, std::string_view name);

// An absent or empty parameter gives `fallback`; a non-number gives nullopt.
std::optional<long> IntegerParam(const FormParams& params, std::string_view name, long fallback);

}  // namespace gapwatch::sim
