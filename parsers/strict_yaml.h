// Strict reading of YAML configuration (sites.yaml, data/rules.yaml).
// Every error names the file, the line (1-based) and the key, so a user can
// fix a configuration without reading code:
//   sites.yaml:42: key 'sites.procurement.politeness.dealy_ms': unknown key (expected one of: ...)
// Thread-safety: none needed; all functions are pure.
#pragma once
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gapwatch {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& file, int line, const std::string& key, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
};

// Parses `text` as YAML; a syntax error becomes a ConfigError with its line.
YAML::Node ParseYamlText(const std::string& text, const std::string& file);

// A YAML node with the path that led to it, for error messages.
class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string file, std::string path)
      : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

  const YAML::Node& yaml() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  int line() const { return node_.Mark().line + 1; }
  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }
  bool IsScalar() const { return node_.IsScalar(); }

  // Fails on any key outside `allowed`, and on a missing key of `required`.
  void CheckKeys(std::initializer_list<const char*> required, std::initializer_list<const char*> optional) const;
  void ExpectMap() const;
  bool Has(const std::string& key) const;
  ConfigNode Child(const std::string& key) const;                   // required child
  std::vector<ConfigNode> Elements() const;                         // sequence elements
  std::vector<std::pair<std::string, ConfigNode>> Entries() const;  // map entries in order

  std::string String() const;
  int Int(int minimum, int maximum) const;
  bool Bool() const;
  std::vector<std::string> StringList() const;  // a scalar or a sequence of scalars
  std::map<std::string, std::string> StringMap() const;

  std::string StringOr(const std::string& key, const std::string& fallback) const;
  int IntOr(const std::string& key, int fallback, int minimum, int maximum) const;

  [[noreturn]] void Fail(const std::string& message) const;

 private:
  YAML::Node node_;
  std::string file_;
  std::string path_;
};

}  // namespace gapwatch
