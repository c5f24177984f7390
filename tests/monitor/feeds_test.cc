#include "monitor/feeds.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/process.h"
#include "tests/support/scratch_directory.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const std::string kHostileTitle = "<script>alert(1)</script>";
const std::string kHostileBuyer = "=HYPERLINK(\"http://x\")";
// A URL as hostile as a scraped one can be: the parsed href must be exactly it.
const std::string kOddUrl = "https://example.org/a?b=1&c=\"2\"<'3'>\t\n";
const std::string kHospital = "韶关市第一人民医院";
// Control characters XML forbids, an invalid byte, a CR: the feed drops the
// first, replaces the second, keeps the third.
const std::string kRoadTitle = "道路\x01养护\x1b工程\xff\r\n二期";
const std::string kRoadTitleAsParsed = "道路养护工程\uFFFD\r\n二期";

Finding MakeFinding(const std::string& id, const std::string& kind, const std::string& code, const std::string& title,
                    const std::string& buyer, std::vector<std::string> evidence_urls) {
  Finding finding;
  finding.id = id;
  finding.kind = kind;
  finding.severity = "high";
  finding.domain = "procurement";
  finding.site = "procurement";
  finding.project_code = code;
  finding.project_title = title;
  finding.buyer = buyer;
  finding.due = "2025-05-14";
  finding.rule_id = "GP-15";
  finding.rule_source = "政府采购法实施条例 第五十条";
  finding.confidence = "High";
  for (const std::string& url : evidence_urls) {
    finding.evidence.push_back({url, "award", "2025-04-10", "2025-04-10T18:00:00+08:00", std::string(64, 'b'), {}});
  }
  return finding;
}

FindingEvent MakeEvent(const Finding& finding, const std::string& as_of, long long run_id, const std::string& event,
                       int overdue_working_days) {
  return {finding.id,
          as_of,
          run_id,
          event,
          finding.kind,
          finding.due,
          event == "resolved" ? "resolved" : "open",
          "High",
          overdue_working_days};
}

// Two buyers; the hospital's award opened and later resolved, its road works
// opened (a title with characters XML forbids), the hostile notice's finding
// opened; a changed event and an event of an unknown finding make no entry.
struct Sample {
  std::vector<Finding> findings;
  std::vector<FindingEvent> events;
};

Sample MakeSample() {
  Sample sample;
  sample.findings = {
      MakeFinding("aaaa000000000001", "award_missing", "GDJY2025-001", "韶关市某设备采购项目", kHospital,
                  {"https://gdgpo.czt.gd.gov.cn/notice/1"}),
      MakeFinding("bbbb000000000002", "contract_missing", "<b>GD&\"2'</b>", kHostileTitle, kHostileBuyer,
                  {"javascript:alert(1)", kOddUrl}),
      MakeFinding("cccc000000000003", "award_missing", "", kRoadTitle, kHospital, {}),
  };
  const Finding& award = sample.findings[0];
  const Finding& hostile = sample.findings[1];
  const Finding& road = sample.findings[2];
  sample.events = {
      MakeEvent(award, "2025-05-15", 3, "opened", 1),
      MakeEvent(hostile, "2025-05-20", 4, "opened", 2),
      MakeEvent(award, "2025-05-25", 5, "changed", 6),
      MakeEvent(road, "2025-06-01", 6, "opened", 1),
      MakeEvent(award, "2025-06-20", 7, "resolved", 25),
      {"dddd000000000004", "2025-06-21", 8, "opened", "award_missing", std::nullopt, "open", "High", 0},
  };
  return sample;
}

FeedOptions Options() {
  FeedOptions options;
  options.generated_at = "2025-06-30T08:00:00+08:00";
  return options;
}

const AtomFeed& FeedAt(const std::vector<AtomFeed>& feeds, const std::string& path) {
  const auto found = std::find_if(feeds.begin(), feeds.end(), [&](const AtomFeed& feed) { return feed.path == path; });
  if (found == feeds.end()) throw std::runtime_error("no feed " + path);
  return *found;
}

std::string BuyerFeedPath(const std::string& buyer) { return "feeds/buyer-" + PageSlug(buyer) + ".atom"; }

// Python's XML parser reads a feed and tells what it found, as JSON.
constexpr char kReadFeed[] = R"(import json, sys
import xml.etree.ElementTree as ET
atom = '{http://www.w3.org/2005/Atom}'
root = ET.parse(sys.argv[1]).getroot()
def links(element):
    return [{'rel': link.get('rel'), 'href': link.get('href')} for link in element.findall(atom + 'link')]
def text(element, tag):
    found = element.find(atom + tag)
    return None if found is None else (found.text or '')
print(json.dumps({
    'root': root.tag,
    'tags': sorted({element.tag for element in root.iter()}),
    'id': text(root, 'id'), 'title': text(root, 'title'), 'updated': text(root, 'updated'),
    'author': text(root.find(atom + 'author'), 'name'),
    'links': links(root),
    'entries': [{'id': text(entry, 'id'), 'title': text(entry, 'title'), 'updated': text(entry, 'updated'),
                 'links': links(entry), 'content': text(entry, 'content'),
                 'content_type': entry.find(atom + 'content').get('type')}
                for entry in root.findall(atom + 'entry')]}))
)";

class FeedsTest : public testing::ScratchDirectoryTest {
 protected:
  void SetUp() override {
    testing::ScratchDirectoryTest::SetUp();
    fs::create_directories(directory_ / "feeds");
  }

  Json Parse(const AtomFeed& feed) {
    const fs::path file = directory_ / feed.path;
    std::ofstream(file, std::ios::binary) << feed.xml;
    const testing::CommandResult result = testing::RunCommand({"/usr/bin/python3", "-c", kReadFeed, file.string()});
    EXPECT_EQ(result.exit_status, 0) << feed.path << ": " << result.err << "\n" << feed.xml;
    return result.exit_status == 0 ? Json::parse(result.out) : Json::object();
  }

  static std::vector<std::string> Column(const Json& feed, const std::string& key) {
    std::vector<std::string> values;
    for (const Json& entry : feed["entries"]) values.push_back(entry[key].get<std::string>());
    return values;
  }
};

TEST_F(FeedsTest, EveryFeedParsesAsAtomWithTheScrapedTextAsText) {
  const Sample sample = MakeSample();
  const std::vector<AtomFeed> feeds = FindingFeeds(sample.findings, sample.events, Options());
  std::vector<std::string> paths;
  for (const AtomFeed& feed : feeds) paths.push_back(feed.path);
  std::vector<std::string> buyer_paths = {BuyerFeedPath(kHospital), BuyerFeedPath(kHostileBuyer)};
  std::sort(buyer_paths.begin(), buyer_paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"feeds/all.atom", buyer_paths[0], buyer_paths[1]}));

  for (const AtomFeed& feed : feeds) {
    SCOPED_TRACE(feed.path);
    EXPECT_EQ(feed.xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", 0), 0u);
    // Escaped, as every quote and angle bracket of the input.
    EXPECT_EQ(feed.xml.find('\''), std::string::npos);
    EXPECT_EQ(feed.xml.find("script>"), std::string::npos);
    const Json parsed = Parse(feed);
    EXPECT_EQ(parsed["root"], "{http://www.w3.org/2005/Atom}feed");
    // Only Atom's elements: the script tag stayed text.
    for (const Json& tag : parsed["tags"]) {
      EXPECT_EQ(tag.get<std::string>().rfind("{http://www.w3.org/2005/Atom}", 0), 0u) << tag;
    }
    EXPECT_EQ(parsed["author"], "gapwatch");
  }

  const Json all = Parse(FeedAt(feeds, "feeds/all.atom"));
  EXPECT_EQ(all["id"], "urn:gapwatch:feed:all");
  EXPECT_EQ(all["title"], "gapwatch 韶关 公共资源配置信息公开缺口");
  EXPECT_EQ(all["updated"], "2025-06-20T00:00:00+08:00");
  EXPECT_EQ(all["links"], Json::parse(R"([{"rel":"self","href":"../feeds/all.atom"},
                                          {"rel":"alternate","href":"../index.html"}])"));
  EXPECT_EQ(Column(all, "title"), (std::vector<std::string>{
                                      "已解决 award_missing: 韶关市某设备采购项目",
                                      "新发现 award_missing: " + kRoadTitleAsParsed,
                                      "新发现 contract_missing: " + kHostileTitle,
                                      "新发现 award_missing: 韶关市某设备采购项目",
                                  }));
  EXPECT_EQ(Column(all, "updated"),
            (std::vector<std::string>{"2025-06-20T00:00:00+08:00", "2025-06-01T00:00:00+08:00",
                                      "2025-05-20T00:00:00+08:00", "2025-05-15T00:00:00+08:00"}));
  const Json& resolved = all["entries"][0];
  EXPECT_EQ(resolved["links"],
            Json::array({{{"rel", "alternate"}, {"href", "../projects/" + PageSlug("GDJY2025-001") + ".html"}},
                         {{"rel", "related"}, {"href", "https://gdgpo.czt.gd.gov.cn/notice/1"}}}));
  EXPECT_EQ(resolved["content_type"], "text");
  const std::string content = resolved["content"];
  EXPECT_NE(content.find("GP-15 政府采购法实施条例 第五十条"), std::string::npos) << content;
  EXPECT_NE(content.find("截止日 due: 2025-05-14"), std::string::npos) << content;
  EXPECT_NE(content.find("逾期 overdue: 25 个工作日"), std::string::npos) << content;
  // The road works have no project code: no project page to link to.
  EXPECT_EQ(all["entries"][1]["links"], Json::array());
  EXPECT_NE(all["entries"][1]["content"].get<std::string>().find("项目 project: " + kRoadTitleAsParsed + "\n"),
            std::string::npos);
  // The hostile finding: its code is a file name part only through PageSlug;
  // its javascript: evidence is no link, its other URL is exactly as given.
  EXPECT_EQ(all["entries"][2]["links"],
            Json::array({{{"rel", "alternate"}, {"href", "../projects/" + PageSlug("<b>GD&\"2'</b>") + ".html"}},
                         {{"rel", "related"}, {"href", kOddUrl}}}));
  EXPECT_NE(all["entries"][2]["content"].get<std::string>().find("采购人 buyer: " + kHostileBuyer), std::string::npos);

  const Json hostile = Parse(FeedAt(feeds, BuyerFeedPath(kHostileBuyer)));
  EXPECT_EQ(hostile["title"], "gapwatch 韶关 公共资源配置信息公开缺口：" + kHostileBuyer);
  EXPECT_EQ(hostile["links"][1]["href"], "../buyers/" + PageSlug(kHostileBuyer) + ".html");
}

TEST_F(FeedsTest, EntryIdsAreTheSameAtEveryGeneration) {
  const Sample sample = MakeSample();
  const Json first = Parse(FeedAt(FindingFeeds(sample.findings, sample.events, Options()), "feeds/all.atom"));
  // A later generation, given the events in another order.
  std::vector<FindingEvent> reversed(sample.events.rbegin(), sample.events.rend());
  FeedOptions later = Options();
  later.generated_at = "2025-07-01T08:00:00+08:00";
  const std::vector<AtomFeed> again = FindingFeeds(sample.findings, reversed, later);
  const Json second = Parse(FeedAt(again, "feeds/all.atom"));

  const std::vector<std::string> ids = Column(first, "id");
  EXPECT_EQ(ids, Column(second, "id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"urn:gapwatch:finding:aaaa000000000001:2025-06-20:resolved:run-7",
                                           "urn:gapwatch:finding:cccc000000000003:2025-06-01:opened:run-6",
                                           "urn:gapwatch:finding:bbbb000000000002:2025-05-20:opened:run-4",
                                           "urn:gapwatch:finding:aaaa000000000001:2025-05-15:opened:run-3"}));
  EXPECT_EQ(FindingFeeds(sample.findings, sample.events, Options())[0].xml, again[0].xml);
}

TEST_F(FeedsTest, BuyerFeedsHoldOnlyTheirBuyersEntries) {
  Sample sample = MakeSample();
  // A buyer whose finding changed in no event still has its (empty) feed.
  sample.findings.push_back(
      MakeFinding("eeee000000000005", "award_missing", "GDJY2025-009", "安静的项目", "韶关市某局", {}));
  const std::vector<AtomFeed> feeds = FindingFeeds(sample.findings, sample.events, Options());
  ASSERT_EQ(feeds.size(), 4u);

  const Json hospital = Parse(FeedAt(feeds, BuyerFeedPath(kHospital)));
  EXPECT_EQ(hospital["id"],
            "urn:gapwatch:feed:buyer:" + std::string("%E9%9F%B6%E5%85%B3%E5%B8%82%E7%AC%AC%E4%B8%80%E4%BA%BA"
                                                     "%E6%B0%91%E5%8C%BB%E9%99%A2-e5ef947fdd33"));
  EXPECT_EQ(Column(hospital, "id"), (std::vector<std::string>{
                                        "urn:gapwatch:finding:aaaa000000000001:2025-06-20:resolved:run-7",
                                        "urn:gapwatch:finding:cccc000000000003:2025-06-01:opened:run-6",
                                        "urn:gapwatch:finding:aaaa000000000001:2025-05-15:opened:run-3",
                                    }));
  const Json hostile = Parse(FeedAt(feeds, BuyerFeedPath(kHostileBuyer)));
  EXPECT_EQ(Column(hostile, "id"),
            (std::vector<std::string>{"urn:gapwatch:finding:bbbb000000000002:2025-05-20:opened:run-4"}));
  EXPECT_EQ(hostile["updated"], "2025-05-20T00:00:00+08:00");
  const Json quiet = Parse(FeedAt(feeds, BuyerFeedPath("韶关市某局")));
  EXPECT_EQ(quiet["entries"], Json::array());
  EXPECT_EQ(quiet["updated"], "2025-06-30T08:00:00+08:00");
}

TEST_F(FeedsTest, FileNamesAreSafeAndDistinct) {
  EXPECT_EQ(PageSlug(kHostileBuyer), "hyperlink-http-x-b3daf0aed98b");  // sha256 of the name, 12 hex digits
  EXPECT_EQ(PageSlug(kHospital), kHospital + "-e5ef947fdd33");
  // Names that differ only in case or punctuation.
  EXPECT_NE(PageSlug("GDJY-1"), PageSlug("gdjy-1"));
  EXPECT_NE(PageSlug("a/b"), PageSlug("a-b"));
  const std::vector<std::string> names = {"",
                                          "..",
                                          "../../etc/passwd",
                                          "a\x01\n\tb",
                                          "CON",
                                          " .hidden ",
                                          "\xff\xfe",
                                          std::string(300, 'x'),
                                          std::string(100, '\xe9'),
                                          kHostileTitle};
  std::set<std::string> slugs;
  for (const std::string& name : names) {
    const std::string slug = PageSlug(name);
    SCOPED_TRACE(slug);
    slugs.insert(slug);
    EXPECT_FALSE(slug.empty());
    EXPECT_LE(slug.size(), 73u);
    for (const char c : slug) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') << int(byte);
    }
  }
  EXPECT_EQ(slugs.size(), names.size());

  // Each feed, written where its path says, lands in the scratch folder's feeds/.
  Sample sample = MakeSample();
  for (std::size_t i = 0; i < names.size(); ++i) {
    sample.findings.push_back(MakeFinding("f" + std::to_string(i), "award_missing", "", "t", names[i], {}));
  }
  const std::vector<AtomFeed> feeds = FindingFeeds(sample.findings, sample.events, Options());
  EXPECT_EQ(feeds.size(), 3 + names.size() - 1);  // "" has no buyer feed
  for (const AtomFeed& feed : feeds) {
    SCOPED_TRACE(feed.path);
    EXPECT_EQ(fs::path(feed.path).lexically_normal().parent_path(), "feeds");
    EXPECT_EQ(fs::path(feed.path).extension(), ".atom");
    Parse(feed);
  }
}

TEST_F(FeedsTest, EachFeedHoldsItsNewestEntriesUpToTheLimit) {
  const Sample sample = MakeSample();
  FeedOptions options = Options();
  options.max_entries = 2;
  const std::vector<AtomFeed> feeds = FindingFeeds(sample.findings, sample.events, options);
  const Json all = Parse(FeedAt(feeds, "feeds/all.atom"));
  EXPECT_EQ(Column(all, "updated"),
            (std::vector<std::string>{"2025-06-20T00:00:00+08:00", "2025-06-01T00:00:00+08:00"}));
  EXPECT_EQ(Column(Parse(FeedAt(feeds, BuyerFeedPath(kHospital))), "updated"),
            (std::vector<std::string>{"2025-06-20T00:00:00+08:00", "2025-06-01T00:00:00+08:00"}));
  EXPECT_EQ(Parse(FeedAt(feeds, BuyerFeedPath(kHostileBuyer)))["entries"].size(), 1u);
}

TEST_F(FeedsTest, LinksStartAtTheBaseUrl) {
  const Sample sample = MakeSample();
  FeedOptions options = Options();
  options.base_url = "https://example.org/gaps";
  const Json all = Parse(FindingFeeds(sample.findings, sample.events, options)[0]);
  EXPECT_EQ(all["links"][0]["href"], "https://example.org/gaps/feeds/all.atom");
  EXPECT_EQ(all["links"][1]["href"], "https://example.org/gaps/index.html");
  EXPECT_EQ(all["entries"][0]["links"][0]["href"],
            "https://example.org/gaps/projects/" + PageSlug("GDJY2025-001") + ".html");
}

}  // namespace
}  // namespace gapwatch
