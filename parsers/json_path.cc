#include "parsers/json_path.h"

#include <stdexcept>

namespace gapwatch {

JsonPath JsonPath::Parse(std::string_view path) {
  const auto fail = [&](const std::string& why) -> JsonPath {
    throw std::invalid_argument("invalid JSON path '" + std::string(path) + "': " + why);
  };
  JsonPath parsed;
  std::size_t pos = 0;
  while (true) {
    const std::size_t name_end = path.find_first_of(".[]", pos);
    const std::string_view name = path.substr(pos, name_end == std::string_view::npos ? path.npos : name_end - pos);
    if (name.empty()) return fail("empty name at character " + std::to_string(pos + 1));
    parsed.steps_.push_back({std::string(name), 0, true});
    pos = name_end;
    while (pos < path.size() && path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos) return fail("'[' without ']'");
      const std::string_view inside = path.substr(pos + 1, close - pos - 1);
      if (inside == "*") {
        parsed.steps_.push_back({"", kEvery, false});
      } else if (inside.starts_with("?") && inside.find('=') != inside.npos) {
        const std::size_t equals = inside.find('=');
        const std::string_view member = inside.substr(1, equals - 1);
        if (member.empty()) return fail("expected [?name=value], got [" + std::string(inside) + "]");
        parsed.steps_.push_back({std::string(member), kFilter, false, std::string(inside.substr(equals + 1))});
      } else if (!inside.empty() && inside.size() <= 9 && inside.find_first_not_of("0123456789") == inside.npos) {
        parsed.steps_.push_back({"", std::stoll(std::string(inside)), false});
      } else {
        return fail("expected [N], [*] or [?name=value], got [" + std::string(inside) + "]");
      }
      pos = close + 1;
    }
    if (pos >= path.size()) return parsed;
    if (path[pos] != '.') return fail("unexpected '" + std::string(1, path[pos]) + "'");
    ++pos;
  }
}

std::vector<const nlohmann::json*> JsonPath::Select(const nlohmann::json& root) const {
  std::vector<const nlohmann::json*> current = {&root};
  for (const Step& step : steps_) {
    std::vector<const nlohmann::json*> next;
    for (const nlohmann::json* value : current) {
      if (step.is_key) {
        if (!value->is_object()) continue;
        const auto member = value->find(step.key);
        if (member != value->end()) next.push_back(&*member);
      } else if (value->is_array()) {
        if (step.index == kEvery) {
          for (const auto& element : *value) next.push_back(&element);
        } else if (step.index == kFilter) {
          for (const auto& element : *value) {
            const auto member = element.is_object() ? element.find(step.key) : element.end();
            if (member == element.end()) continue;
            const std::optional<std::string> text = JsonScalarToString(*member);
            if (text && *text == step.value) next.push_back(&element);
          }
        } else if (static_cast<std::size_t>(step.index) < value->size()) {
          next.push_back(&(*value)[step.index]);
        }
      }
    }
    current = std::move(next);
  }
  return current;
}

const nlohmann::json* JsonPath::First(const nlohmann::json& root) const {
  const auto matches = Select(root);
  return matches.empty() ? nullptr : matches.front();
}

std::optional<std::string> JsonScalarToString(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean() || value.is_number_integer()) return value.dump();
  if (value.is_number_float()) {
    std::string text = value.dump();  // shortest text that reads back as the same double
    if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.resize(text.size() - 2);
    return text;
  }
  return std::nullopt;
}

}  // namespace gapwatch
