#include "parsers/strict_yaml.h"

#include <algorithm>

namespace gapwatch {

ConfigError::ConfigError(const std::string& file, int line, const std::string& key, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + (key.empty() ? "" : "key '" + key + "': ") +
                         message),
      file_(file),
      line_(line),
      key_(key) {}

YAML::Node ParseYamlText(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw ConfigError(file, error.mark.line + 1, "", "invalid YAML: " + error.msg);
  }
}

void ConfigNode::Fail(const std::string& message) const { throw ConfigError(file_, line(), path_, message); }

namespace {

// A mapping's key as text; a key that is a list or a mapping (`? [a]`) is a ConfigError, not a crash.
std::string KeyText(const YAML::Node& key, const std::string& file, const std::string& path) {
  if (!key.IsScalar()) throw ConfigError(file, key.Mark().line + 1, path, "expected a key that is a single word");
  return key.as<std::string>();
}

}  // namespace

// yaml-cpp keeps a key given twice and answers lookups with the first: the
// second would be silently ignored (an edited rule that changes nothing).
void ConfigNode::ExpectMap() const {
  if (!node_.IsMap()) Fail("expected a mapping of keys to values");
  std::map<std::string, int> lines;
  for (const auto& entry : node_) {
    const std::string key = KeyText(entry.first, file_, path_);
    const int line = entry.first.Mark().line + 1;
    const auto [first, inserted] = lines.emplace(key, line);
    if (!inserted) {
      throw ConfigError(file_, line, path_.empty() ? key : path_ + "." + key,
                        "key given twice (first on line " + std::to_string(first->second) + ")");
    }
  }
}

void ConfigNode::CheckKeys(std::initializer_list<const char*> required,
                           std::initializer_list<const char*> optional) const {
  ExpectMap();
  for (const auto& entry : node_) {
    const auto key = KeyText(entry.first, file_, path_);
    const auto known = [&](const char* candidate) { return key == candidate; };
    if (std::none_of(required.begin(), required.end(), known) &&
        std::none_of(optional.begin(), optional.end(), known)) {
      std::string expected;
      for (const char* name : required) expected += (expected.empty() ? "" : ", ") + std::string(name);
      for (const char* name : optional) expected += (expected.empty() ? "" : ", ") + std::string(name);
      throw ConfigError(file_, entry.first.Mark().line + 1, path_.empty() ? key : path_ + "." + key,
                        "unknown key (expected one of: " + expected + ")");
    }
  }
  for (const char* name : required) {
    if (!node_[name]) Fail(std::string("missing required key '") + name + "'");
  }
}

bool ConfigNode::Has(const std::string& key) const { return node_.IsMap() && node_[key]; }

ConfigNode ConfigNode::Child(const std::string& key) const {
  ExpectMap();
  YAML::Node child = node_[key];
  if (!child) Fail("missing required key '" + key + "'");
  return ConfigNode(child, file_, path_.empty() ? key : path_ + "." + key);
}

std::vector<ConfigNode> ConfigNode::Elements() const {
  if (!node_.IsSequence()) Fail("expected a list");
  std::vector<ConfigNode> elements;
  for (std::size_t i = 0; i < node_.size(); ++i) {
    elements.emplace_back(node_[i], file_, path_ + "[" + std::to_string(i) + "]");
  }
  return elements;
}

std::vector<std::pair<std::string, ConfigNode>> ConfigNode::Entries() const {
  ExpectMap();
  std::vector<std::pair<std::string, ConfigNode>> entries;
  for (const auto& entry : node_) {
    const auto key = KeyText(entry.first, file_, path_);
    entries.emplace_back(key, ConfigNode(entry.second, file_, path_.empty() ? key : path_ + "." + key));
  }
  return entries;
}

std::string ConfigNode::String() const {
  if (!node_.IsScalar()) Fail("expected a single value (a string)");
  return node_.as<std::string>();
}

int ConfigNode::Int(int minimum, int maximum) const {
  const std::string text = String();
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) Fail("expected a whole number, got '" + text + "'");
  if (value < minimum || value > maximum) {
    Fail("value " + text + " is out of range [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]");
  }
  return static_cast<int>(value);
}

bool ConfigNode::Bool() const {
  const std::string text = String();
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  Fail("expected true or false, got '" + text + "'");
}

std::vector<std::string> ConfigNode::StringList() const {
  if (node_.IsScalar()) return {String()};
  std::vector<std::string> values;
  for (const auto& element : Elements()) values.push_back(element.String());
  return values;
}

std::map<std::string, std::string> ConfigNode::StringMap() const {
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : Entries()) values[key] = value.String();
  return values;
}

std::string ConfigNode::StringOr(const std::string& key, const std::string& fallback) const {
  return Has(key) ? Child(key).String() : fallback;
}

int ConfigNode::IntOr(const std::string& key, int fallback, int minimum, int maximum) const {
  return Has(key) ? Child(key).Int(minimum, maximum) : fallback;
}

}  // namespace gapwatch
