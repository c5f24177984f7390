// Dotted JSON paths as sites.yaml writes them: `data.rows[*]`, `data.total`,
// `openTenderCode`, `a.b[0].c`. A path is names separated by '.', each name
// followed by any number of `[N]` (array index), `[*]` (every element) or
// `[?name=value]` (every element that is an object whose member `name` is the
// scalar `value`, compared as JsonScalarToString text: `[?code=WIN_BID_PRICE]`).
// A name is any run of characters other than '.', '[' and ']'.
// Select returns the matches in document order; a missing key, an index out of
// range or a step into the wrong type simply matches nothing. Parse throws
// std::invalid_argument for a malformed path. Thread-safe (immutable).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gapwatch {

class JsonPath {
 public:
  static JsonPath Parse(std::string_view path);

  std::vector<const nlohmann::json*> Select(const nlohmann::json& root) const;
  const nlohmann::json* First(const nlohmann::json& root) const;  // nullptr when nothing matches

 private:
  struct Step {
    std::string key;  // object member (of the element, for a filter); empty for an index step
    long long index;  // array index, kEvery or kFilter
    bool is_key;
    std::string value = {};  // a filter's wanted value
  };
  static constexpr long long kEvery = -1;
  static constexpr long long kFilter = -2;

  std::vector<Step> steps_;
};

// A scalar as text: strings as they are, integers in decimal, other numbers
// in their shortest exact form without a trailing ".0", booleans as
// true/false. nullopt for null, objects and arrays.
std::optional<std::string> JsonScalarToString(const nlohmann::json& value);

}  // namespace gapwatch
