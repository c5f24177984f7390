// What the simulated servers see of the crawler with their faults on
// (sim/faults.h): Retry-After kept to the letter, measured from the
// simulator's own request log, and the legacy GBK pages read as UTF-8.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crawler/http_client.h"
#include "parsers/charset.h"
#include "parsers/utf8.h"
#include "tests/integration/integration_support.h"

namespace gapwatch {
namespace {

using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;

using PolitenessTest = testing::ScratchDirectoryTest;

struct LoggedRequest {
  std::string path;
  int status = 0;
  std::chrono::system_clock::time_point time;
};

std::chrono::system_clock::time_point ParseLogTime(const std::string& text) {
  // "2026-11-28T18:14:13.030+08:00": the log's own clock, to the millisecond.
  std::tm fields{};
  strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &fields);
  const auto seconds = std::chrono::system_clock::from_time_t(timegm(&fields));
  return seconds + std::chrono::milliseconds(std::stoi(text.substr(20, 3))) - std::chrono::hours(8);
}

std::vector<LoggedRequest> ReadLog(const std::string& path) {
  std::vector<LoggedRequest> requests;
  std::istringstream log(ReadFile(path));
  for (std::string line; std::getline(log, line);) {
    const auto entry = nlohmann::json::parse(line);
    requests.push_back({entry["path"], entry["status"], ParseLogTime(entry["time"])});
  }
  return requests;
}

TEST_F(PolitenessTest, RetryAfterIsHonouredAsTheServerSeesItAndNothingIsLost) {
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "4", "--scale", "1", "--listen", "127.0.0.1:0", "--faults",
                               "throttle=40/s", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const auto crawl = RunCommand({kGapwatch, "crawl", "--db", Path("gapwatch.db"), "--site", site});
  EXPECT_EQ(crawl.exit_status, 0) << crawl.err;
  const auto requests = ReadLog(Path("requests.jsonl"));
  int throttled = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].status != 429) continue;
    ++throttled;
    // Requests already in flight when the 429 left may still arrive just after it; nothing new starts
    // until its Retry-After (1 s) has passed.
    for (size_t j = i + 1; j < requests.size(); ++j) {
      const auto after = requests[j].time - requests[i].time;
      if (after < std::chrono::milliseconds(100)) continue;
      EXPECT_GE(after, std::chrono::milliseconds(980))
          << requests[j].path << " came " << std::chrono::duration_cast<std::chrono::milliseconds>(after).count()
          << " ms after a 429 with Retry-After: 1";
      break;
    }
  }
  EXPECT_GT(throttled, 0) << "the fault was meant to throttle this crawl";
  EXPECT_LT(throttled, static_cast<int>(requests.size()) / 4) << "a polite client is rarely refused";
  EXPECT_NE(crawl.out.find("0 errors"), std::string::npos) << crawl.out << "every refused page was fetched later";
}

TEST_F(PolitenessTest, LegacyGbkPagesArriveAsCorrectUtf8Text) {
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0"});
  const std::string site = AnnouncedSite(simulator, "trading");
  const std::string origin = site.substr(site.find('=') + 1);
  HttpClient client;
  int started = 0;
  // The four result and tender columns, a few pages each: every charset declaration variant the site uses.
  for (const char* type : {"12", "17", "00", "01", "16", "20", "22"}) {
    for (int page = 1; page <= 3; ++page) {
      client.Start(
          started++,
          {"GET",
           origin + "/businessAnnounceAction!frontBusinessAnnounceIframeList.do?businessAnnounce.announcetype=" + type +
               "&page=" + std::to_string(page),
           {},
           ""},
          TransferLimits{});
    }
  }
  std::set<std::string> declarations;
  int finished = 0;
  while (finished < started) {
    for (auto& [token, response] : client.Wait(std::chrono::milliseconds(100))) {
      ++finished;
      ASSERT_EQ(response.status, 200) << response.error;
      const DecodedText decoded = DecodeToUtf8(response.body, response.content_type);
      EXPECT_EQ(decoded.replaced, 0u) << decoded.charset;
      EXPECT_EQ(decoded.charset.rfind("gb18030", 0), 0u) << decoded.charset;
      for (size_t at = 0; at < decoded.text.size();) {
        const auto code_point = utf8::Decode(decoded.text, at);
        ASSERT_TRUE(code_point.valid) << "at byte " << at;
        at += code_point.length;
      }
      EXPECT_NE(decoded.text.find("共"), std::string::npos) << "the pager reads as Chinese";
      EXPECT_EQ(response.body.find("共"), std::string::npos) << "the bytes on the wire are GBK, not UTF-8";
      declarations.insert(response.content_type + (response.body.find("charset=gbk") != std::string::npos ? " meta-gbk"
                                                   : response.body.find("gb2312") != std::string::npos ? " meta-gb2312"
                                                                                                       : ""));
    }
  }
  EXPECT_GE(declarations.size(), 3u) << "several charset declarations met";
}

}  // namespace
}  // namespace gapwatch
