// Seen as a person sees it (issue 7): the report of a simulated world, served
// by `gapwatch serve` and loaded in headless Chromium (Debian's `chromium`,
// which scripts/setup installs; the test fails without it). Assertions are on
// the DOM as rendered, after the pages' scripts ran (--dump-dom): the
// overview and its filters, a buyer's page, a project's timeline, an evidence
// link the server answers with the archived bytes. Screenshots of the overview
// and of a project's page are kept in GAPWATCH_TEST_OUTPUT_DIR
// (build/test-output/). Chromium reaches nothing but 127.0.0.1: every other
// host name fails to resolve.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/http_client.h"
#include "tests/integration/integration_support.h"
#include "tests/sim/raw_http_client.h"
#include "tests/support/process.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
constexpr char kChromium[] = "/usr/bin/chromium";
constexpr char kAsOf[] = "2025-12-31";
constexpr char kHostileTitle[] = "<script>alert(1)</script>";
constexpr char kHostileBuyer[] = "=HYPERLINK(\"http://x\")";

std::size_t Occurrences(const std::string& text, std::string_view part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The element of `dom` that begins with `opening` (up to `closing`); "" when there is none.
std::string Element(const std::string& dom, const std::string& opening, const std::string& closing) {
  const std::size_t begin = dom.find(opening);
  if (begin == std::string::npos) return "";
  const std::size_t end = dom.find(closing, begin);
  return dom.substr(begin, end == std::string::npos ? std::string::npos : end + closing.size() - begin);
}

// The href of the first link whose text is `text` (as the DOM serialises it); "" when none.
std::string Href(const std::string& dom, const std::string& text) {
  const std::size_t link_text = dom.find("\">" + text + "</a>");
  if (link_text == std::string::npos) return "";
  const std::size_t href = dom.rfind("href=\"", link_text) + 6;
  return dom.substr(href, link_text - href);
}

// Which rows of a findings table (by data-index) the page shows.
std::vector<bool> ShownRows(const std::string& dom) {
  std::vector<bool> shown;
  const std::string row = "<tr data-index=\"";
  for (std::size_t at = dom.find(row); at != std::string::npos; at = dom.find(row, at + 1)) {
    const std::size_t end = dom.find('>', at);
    shown.push_back(dom.substr(at, end - at).find(" hidden") == std::string::npos);
  }
  return shown;
}

class BrowserTest : public testing::ScratchDirectoryTest {
 protected:
  void SetUp() override {
    testing::ScratchDirectoryTest::SetUp();
    ASSERT_EQ(::access(kChromium, X_OK), 0)
        << kChromium << " is missing: run scripts/setup, which installs Debian's chromium for this test";
    ::setenv("GAPWATCH_YGP_SALT", testing::kSimulatorYgpSalt, 1);
    BackgroundProcess simulator(
        {kGapwatch, "sim", "--seed", "1", "--scale", "1", "--as-of", kAsOf, "--listen", "127.0.0.1:0"});
    std::vector<std::string> run = {kGapwatch, "run",          "--db",    Path("gapwatch.db"),
                                    "--out",   Path("report"), "--as-of", kAsOf};
    for (const char* name : testing::kSimulatorSites) {
      const std::string line = AnnouncedSite(simulator, name);
      ASSERT_FALSE(line.empty()) << "the simulator announced no " << name << " site";
      run.push_back("--site=" + line);
    }
    const testing::CommandResult result = RunCommand(run);
    ASSERT_EQ(result.exit_status, 0) << result.err.substr(0, 2000);
    ASSERT_EQ(simulator.Stop(), 0);
    gaps_ = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
    ASSERT_FALSE(gaps_["findings"].empty()) << "the simulated world has no finding to show";

    server_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        kGapwatch, "serve", "--db", Path("gapwatch.db"), "--out", Path("report"), "--listen", "127.0.0.1:0"});
    const std::string announced = server_->ReadLine();
    const std::string prefix = "serving http://127.0.0.1:";
    ASSERT_EQ(announced.rfind(prefix, 0), 0u) << announced;
    port_ = std::stoi(announced.substr(prefix.size()));
  }

  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0);
    }
    testing::ScratchDirectoryTest::TearDown();
  }

  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  // Headless Chromium with a fresh profile on `url`, `arguments` before it;
  // what it printed. Its scripts get 5 s of virtual time to finish first.
  std::string Chromium(const std::vector<std::string>& arguments, const std::string& url) {
    std::vector<std::string> command = {"/usr/bin/timeout",
                                        "60",
                                        kChromium,
                                        "--headless",
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--disable-quic",
                                        "--no-first-run",
                                        "--disable-background-networking",
                                        "--disable-component-update",
                                        "--disable-sync",
                                        "--user-data-dir=" + Path("chromium-profile-" + std::to_string(++runs_)),
                                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                                        "--virtual-time-budget=5000"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    command.push_back(url);
    const testing::CommandResult result = RunCommand(command);
    const std::string err_tail = result.err.substr(result.err.size() > 2000 ? result.err.size() - 2000 : 0);
    EXPECT_EQ(result.exit_status, 0) << "chromium on " << url << " (124: killed after 60 s):\n" << err_tail;
    return result.out;
  }

  std::string Dom(const std::string& url) { return Chromium({"--dump-dom"}, url); }

  // A screenshot of `url` into the test output; its bytes.
  std::string Screenshot(const std::string& url, const std::string& name) {
    const fs::path png = fs::path(GAPWATCH_TEST_OUTPUT_DIR) / name;
    fs::create_directories(png.parent_path());
    fs::remove(png);
    Chromium({"--window-size=1280,2000", "--screenshot=" + png.string()}, url);
    return ReadFile(png);
  }

  static void ExpectPng(const std::string& bytes, const std::string& name) {
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << name;
    EXPECT_GT(bytes.size(), 40u * 1024) << name << ": a blank page is a few KB";
  }

  nlohmann::json gaps_;
  std::unique_ptr<BackgroundProcess> server_;
  int port_ = 0;
  int runs_ = 0;
};

TEST_F(BrowserTest, TheOverviewShowsTheRunItsSitesAndFindingsAndItsFiltersRan) {
  const std::string dom = Dom(Url("/"));
  const std::size_t findings = gaps_["findings"].size();
  EXPECT_NE(dom.find(std::string("截至 ") + kAsOf), std::string::npos);
  EXPECT_NE(dom.find(gaps_["generated_at"].get<std::string>()), std::string::npos);
  EXPECT_NE(dom.find("本次检查完整"), std::string::npos);
  for (const char* site : testing::kSimulatorSites) {
    EXPECT_NE(dom.find(std::string("<tr><td>") + site + "</td>"), std::string::npos) << site;
  }
  EXPECT_EQ(Occurrences(dom, "<svg class=\"chart\""), 3u);
  EXPECT_EQ(ShownRows(dom), std::vector<bool>(findings, true));
  // The filter script ran: its form shows, each kind is a choice, and it counted the rows shown.
  EXPECT_NE(dom.find("<form id=\"findings-filter\">"), std::string::npos);
  for (const auto& finding : gaps_["findings"]) {
    const std::string kind = finding["kind"];
    EXPECT_NE(dom.find("<option value=\"" + kind + "\">" + kind + "</option>"), std::string::npos) << kind;
  }
  EXPECT_NE(dom.find("<span id=\"findings-shown\">" + std::to_string(findings) + "</span>"), std::string::npos);
  // The planted title is text: the page's two scripts are its only ones.
  EXPECT_EQ(Occurrences(dom, "<script"), 2u);
  EXPECT_NE(dom.find("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), std::string::npos);

  ExpectPng(Screenshot(Url("/index.html"), "overview.png"), "overview.png");
}

// The filters work from the folder alone (file://, no server): a driver script
// added to a copy of the overview chooses a kind and searches a project code,
// as a person would, and the rows shown and their count follow.
TEST_F(BrowserTest, TheFiltersNarrowTheTableOffline) {
  std::map<std::string, int> by_kind;
  for (const auto& finding : gaps_["findings"]) ++by_kind[finding["kind"]];
  const std::string kind =
      std::max_element(by_kind.begin(), by_kind.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  std::vector<bool> expected;
  for (const auto& finding : gaps_["findings"]) expected.push_back(finding["kind"] == kind);
  ASSERT_NE(std::count(expected.begin(), expected.end(), true), static_cast<long>(expected.size()))
      << "every finding is " << kind << ": choosing it would filter nothing";

  const std::string driver = R"(<script>
(function () {
  var form = document.getElementById('findings-filter');
  var select = form.querySelector('select[name="kind"]');
  select.value = ')" + kind + R"(';
  select.dispatchEvent(new Event('change', {bubbles: true}));
})();
</script>
)";
  std::string page = ReadFile(Path("report/index.html"));
  page.insert(page.rfind("</body>"), driver);
  std::ofstream(Path("report/chosen.html")) << page;
  const std::string dom = Dom("file://" + Path("report/chosen.html"));
  EXPECT_EQ(ShownRows(dom), expected);
  EXPECT_NE(dom.find("<span id=\"findings-shown\">" + std::to_string(by_kind[kind]) + "</span>"), std::string::npos);
}

TEST_F(BrowserTest, ABuyersPageShowsItsScorecardAndOpenFindings) {
  std::map<std::string, int> by_buyer;
  for (const auto& finding : gaps_["findings"]) ++by_buyer[finding["project"]["buyer"]];
  by_buyer.erase("");  // no buyer, no page
  const auto busiest =
      std::max_element(by_buyer.begin(), by_buyer.end(), [](auto& a, auto& b) { return a.second < b.second; });
  const std::string overview = Dom(Url("/index.html"));
  for (const std::string& buyer : {busiest->first, std::string(kHostileBuyer)}) {
    const std::string href = Href(overview, buyer);
    ASSERT_EQ(href.rfind("buyers/", 0), 0u) << "the overview links no page for " << buyer;
    const std::string dom = Dom(Url("/" + href));
    EXPECT_NE(dom.find("<h1>" + buyer + "</h1>"), std::string::npos) << buyer;
    EXPECT_NE(dom.find("<h2>评分 (scorecard)</h2>"), std::string::npos);
    EXPECT_NE(dom.find("<table id=\"upcoming\">"), std::string::npos);
    EXPECT_EQ(ShownRows(dom).size(), static_cast<std::size_t>(by_buyer[buyer])) << buyer;
    EXPECT_EQ(dom.find("<script"), std::string::npos) << buyer;  // a buyer's page runs none
  }
}

// The planted project's page: its timeline drawn, a mark for each notice and
// each deadline its tables list, its title inert; an archived capture it links
// is served with the bytes its hash names.
TEST_F(BrowserTest, AProjectsPageDrawsItsTimelineAndLinksItsEvidence) {
  std::string code;
  for (const auto& finding : gaps_["findings"]) {
    if (finding["project"]["title"] == kHostileTitle) code = finding["project"]["code"];
  }
  ASSERT_FALSE(code.empty()) << "the simulator planted no finding on the project titled " << kHostileTitle;
  const std::string href = Href(Dom(Url("/index.html")), code);
  ASSERT_EQ(href.rfind("projects/", 0), 0u) << "the overview links no page for " << code;
  const std::string dom = Dom(Url("/" + href));

  EXPECT_NE(dom.find("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), std::string::npos);
  EXPECT_EQ(dom.find("<script"), std::string::npos);
  const std::string svg = Element(dom, "<svg class=\"chart timeline\"", "</svg>");
  ASSERT_FALSE(svg.empty()) << "no timeline drawn on " << href;
  const std::string notices = Element(dom, "<table id=\"timeline\">", "</table>");
  const std::string deadlines = Element(dom, "<table id=\"deadlines\">", "</table>");
  ASSERT_GT(Occurrences(notices, "<tr><td>"), 0u);
  ASSERT_GT(Occurrences(deadlines, "<tr><td>"), 0u);
  EXPECT_EQ(Occurrences(svg, "<g class=\"notice"), Occurrences(notices, "<tr><td>"));
  EXPECT_EQ(Occurrences(svg, "<g class=\"deadline "), Occurrences(deadlines, "<tr><td>"));
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);  // in a tooltip, as text

  const std::size_t link = notices.find("href=\"../evidence/");
  ASSERT_NE(link, std::string::npos) << "no capture linked on " << href;
  const std::string sha256 = notices.substr(link + 18, 64);
  const sim::testing::RawResponse evidence = sim::testing::HttpGet(port_, "/evidence/" + sha256);
  EXPECT_EQ(evidence.status, 200);
  EXPECT_EQ(Sha256Hex(evidence.body), sha256);

  ExpectPng(Screenshot(Url("/" + href), "project.png"), "project.png");
}

}  // namespace
}  // namespace gapwatch
