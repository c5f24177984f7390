// Fuzz target: LoadSitesConfig on the input as a sites.yaml. ConfigError is
// the documented answer to any invalid file; any other exception, crash, leak
// or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "crawler/site_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const gapwatch::SitesConfig config = gapwatch::LoadSitesConfig(text, "sites.yaml");
    (void)config;
  } catch (const gapwatch::ConfigError&) {
  }
  return 0;
}
