// bench/extract: what the declarative extractor costs over what Gumbo alone
// costs, on the same simulator detail pages, in one run (the extraction issue's
// target: at most 1.5× Gumbo's time). Starts `gapwatch sim` on loopback, takes
// the first N details of the procurement site's gpcms list, then times, round
// after round, (a) gumbo_parse of each page's HTML and (b) ExtractDetail of
// each page with the shipped sites.yaml's rules (JSON, Gumbo, text, tables,
// labels, normalisers), and (c) the HtmlDocument that ExtractDetail parses each
// page into (Gumbo into one arena), to show what of the difference is Gumbo's
// own allocations. Prints pages, MB of HTML, pages/s and MB/s per core for each
// (the fastest round of each), and the ratios to (a).
//
// Usage: extract_benchmark GAPWATCH [--pages N] [--rounds R]
#include <gumbo.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/http_client.h"
#include "crawler/site_config.h"
#include "data/embedded.h"
#include "parsers/extractor.h"
#include "parsers/html.h"
#include "parsers/url.h"

namespace {

using namespace gapwatch;
using Clock = std::chrono::steady_clock;

std::vector<std::string> FetchAll(const std::vector<std::string>& urls) {
  HttpClient client;
  std::vector<std::string> bodies(urls.size());
  size_t next = 0, done = 0;
  while (done < urls.size()) {
    while (next < urls.size() && client.in_flight() < 8) {
      client.Start(static_cast<long long>(next), {"GET", urls[next], {}, ""}, TransferLimits{});
      ++next;
    }
    for (auto& [token, response] : client.Wait(std::chrono::milliseconds(100))) {
      if (response.status != 200) throw std::runtime_error(urls[token] + ": " + response.error);
      bodies[token] = std::move(response.body);
      ++done;
    }
  }
  return bodies;
}

// The fastest round of each, taking turns round after round, so that all
// meet the same machine (a busy neighbour or a clock change hits each).
std::vector<double> FastestRounds(int rounds, const std::vector<std::function<void()>>& steps) {
  std::vector<double> best(steps.size(), 1e9);
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const auto start = Clock::now();
      steps[i]();
      best[i] = std::min(best[i], std::chrono::duration<double>(Clock::now() - start).count());
    }
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: extract_benchmark GAPWATCH [--pages N] [--rounds R]\n";
    return 2;
  }
  int pages = 2000, rounds = 5;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--pages") pages = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--rounds") rounds = std::atoi(argv[i + 1]);
  }
  // The simulator, stopped with SIGTERM at the end.
  int announce[2];
  if (pipe(announce) != 0) return 1;
  const pid_t simulator = fork();
  if (simulator == 0) {
    dup2(announce[1], 1);
    close(announce[0]);
    execl(argv[1], argv[1], "sim", "--seed", "1", "--scale", "20", "--listen", "127.0.0.1:0", nullptr);
    _exit(127);
  }
  close(announce[1]);
  FILE* lines = fdopen(announce[0], "r");
  std::string origin;
  char line[512];
  while (origin.empty() && fgets(line, sizeof line, lines)) {
    const std::string text(line);
    if (text.rfind("procurement=", 0) == 0) origin = text.substr(12, text.find_first_of("\r\n") - 12);
  }
  if (origin.empty()) {
    std::cerr << "extract_benchmark: the simulator announced no procurement site\n";
    return 1;
  }
  const SitesConfig config = LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml");
  const SiteConfig& site = *config.Find("procurement");
  const SourceRules& rules = site.sources.front();

  // The details of the list's first pages, as a crawl would find them.
  std::vector<std::string> detail_paths;
  for (int page = 1; static_cast<int>(detail_paths.size()) < pages; ++page) {
    // The list query sites.yaml declares, as the crawl sends it.
    std::map<std::string, std::string> query = rules.list.query;
    query[rules.list.page_param] = std::to_string(page);
    query[rules.list.page_size_param] = std::to_string(rules.list.page_size);
    const std::string url = origin + rules.list.url + "?" + QueryString(query);
    const ListPage list = ExtractListPage(rules, site.name, site.base_url, url, FetchAll({url})[0]);
    if (list.items.empty()) break;
    for (const ListItem& item : list.items) detail_paths.push_back(item.detail_url.substr(site.base_url.size()));
  }
  detail_paths.resize(std::min<size_t>(detail_paths.size(), pages));
  std::vector<std::string> urls;
  for (const std::string& path : detail_paths) urls.push_back(origin + path);
  const std::vector<std::string> bodies = FetchAll(urls);
  kill(simulator, SIGTERM);
  waitpid(simulator, nullptr, 0);
  fclose(lines);

  std::vector<std::string> html;
  double megabytes = 0;
  for (const std::string& body : bodies) {
    html.push_back(nlohmann::json::parse(body)["data"]["content"].get<std::string>());
    megabytes += static_cast<double>(html.back().size()) / 1e6;
  }
  size_t checksum = 0;
  const std::vector<double> seconds = FastestRounds(
      rounds, {[&] {
                 for (const std::string& page : html) {
                   GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
                   checksum += output->root->v.element.children.length;
                   gumbo_destroy_output(&kGumboDefaultOptions, output);
                 }
               },
               [&] {
                 for (const std::string& page : html) {
                   checksum += HtmlDocument(page).root()->v.document.children.length;
                 }
               },
               [&] {
                 for (size_t i = 0; i < bodies.size(); ++i) {
                   checksum +=
                       ExtractDetail(rules, site.base_url + detail_paths[i], bodies[i], Notice{}).project_code.size();
                 }
               }});
  const double gumbo = seconds[0], document = seconds[1], extract = seconds[2];
  const double count = static_cast<double>(bodies.size());
  std::printf(
      "extract_benchmark: %zu simulator detail pages (gpcms), %.2f MB of HTML, fastest of %d interleaved rounds "
      "(checksum %zu)\n",
      bodies.size(), megabytes, rounds, checksum);
  std::printf("| step | s | pages/s | MB/s | × Gumbo |\n|---|---|---|---|---|\n");
  std::printf("| Gumbo alone (gumbo_parse) | %.3f | %.0f | %.1f | 1.00 |\n", gumbo, count / gumbo, megabytes / gumbo);
  std::printf("| its part of ExtractDetail: Gumbo into one arena (HtmlDocument) | %.3f | %.0f | %.1f | %.2f |\n",
              document, count / document, megabytes / document, document / gumbo);
  std::printf("| ExtractDetail (JSON, Gumbo, text, tables, labels, normalisers) | %.3f | %.0f | %.1f | %.2f |\n",
              extract, count / extract, megabytes / extract, extract / gumbo);
  return 0;
}
