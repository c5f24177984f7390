// The procurement site's gpcms source exactly as the shipped sites.yaml declares
// it, so that the extractor tests check the rules users get.
#pragma once
#include <string>

#include "data/embedded.h"
#include "parsers/extract_rules.h"

namespace gapwatch::testing {

// The shipped procurement site's first source (gpcms) as a `sources:` block,
// de-indented to the top level.
inline std::string ShippedSourcesYaml() {
  const std::string text(embedded::sites_yaml());
  const std::string marker = "\n    sources:\n";
  std::string block;
  std::size_t at = text.find(marker) + 1;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end - at);
    if (!line.empty() && line.compare(0, 4, "    ") != 0) break;                                // the next site
    if (line.compare(0, 8, "      - ") == 0 && block.find("  - ") != std::string::npos) break;  // the next source
    block += (line.size() >= 4 ? line.substr(4) : line) + "\n";
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return block;
}

inline const std::string kGpcmsSourceYaml = ShippedSourcesYaml();

// Parses the first entry of `yaml`'s `sources:` list as file "sites.yaml".
inline SourceRules ParseFirstSource(const std::string& yaml) {
  const ConfigNode root(ParseYamlText(yaml, "sites.yaml"), "sites.yaml", "");
  return ParseSourceRules(root.Child("sources").Elements().at(0));
}

inline SourceRules GpcmsRules() { return ParseFirstSource(kGpcmsSourceYaml); }

}  // namespace gapwatch::testing
