// Fuzz target: the list extractor with every source of the shipped sites.yaml
// (tests/fuzz/shipped_sources.h). The first input byte picks the source (modulo
// the number of sources, in file order: procurement gpcms = 0, freecms = 1, …),
// the rest is the list page's body, read from the source's first list page URL.
// Every item with a lookup then goes through UnresolvedLookupDetail and
// ResolveLookup, with a valid answer and with the body itself as the answer.
// ExtractError is the documented answer to a page that is not what the rules
// expect; any other exception, crash, leak or hang is a bug, and so is an item
// URL that is not absolute http(s) or a lookup URL of its own making that
// UnresolvedLookupDetail or ResolveLookup (with a valid answer) rejects.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/shipped_sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gapwatch;
  const std::vector<fuzz::FuzzSource>& sources = fuzz::ShippedSources();
  if (size == 0) return 0;
  const fuzz::FuzzSource& source = sources[data[0] % sources.size()];
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  ListPage page;
  try {
    page = ExtractListPage(*source.rules, source.site->name, source.site->base_url, source.list_url, body);
  } catch (const ExtractError&) {
    return 0;
  }
  for (const ListItem& item : page.items) {
    if (!fuzz::IsHttpUrl(item.detail_url)) fuzz::HarnessFailure("item URL not http(s): " + item.detail_url);
    if (!item.lookup) continue;
    try {
      const std::string unresolved = UnresolvedLookupDetail(item.detail_url);
      if (!fuzz::IsHttpUrl(unresolved)) fuzz::HarnessFailure("unresolved lookup detail not http(s): " + unresolved);
      const std::string resolved = ResolveLookup(item.detail_url, source.lookup_answer);
      if (!fuzz::IsHttpUrl(resolved)) fuzz::HarnessFailure("resolved lookup detail not http(s): " + resolved);
    } catch (const ExtractError& error) {
      fuzz::HarnessFailure(std::string("a lookup URL ExtractListPage built is rejected: ") + error.what());
    }
    try {
      (void)ResolveLookup(item.detail_url, body);
    } catch (const ExtractError&) {
    }
  }
  return 0;
}
