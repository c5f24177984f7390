// robots.txt per RFC 9309. The cases of Google's robotstxt suite
// (google/robotstxt robots_test.cc) are restated here one behaviour per test;
// where Google's parser goes beyond or against the RFC, the test says which
// way gapwatch goes and why.
#include "crawler/robots.h"

#include <gtest/gtest.h>

#include <string>

namespace gapwatch {
namespace {

bool Allowed(std::string_view robots_txt, std::string_view agent, std::string_view path) {
  return RobotsRules::Parse(robots_txt, agent).Allowed(path);
}

TEST(RobotsTest, NothingToObeyAllowsEverything) {
  EXPECT_TRUE(Allowed("", "gapwatch", "/"));
  EXPECT_TRUE(Allowed("", "", ""));
  // No agent name: only a '*' group could apply, and there is none.
  EXPECT_TRUE(Allowed("user-agent: gapwatch\ndisallow: /\n", "", "/"));
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed("/anything?at=all"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed(""));
}

TEST(RobotsTest, EmptyPathMeansTheRoot) {
  EXPECT_FALSE(Allowed("user-agent: gapwatch\ndisallow: /\n", "gapwatch", ""));
  EXPECT_TRUE(Allowed("user-agent: gapwatch\ndisallow: /x\n", "gapwatch", ""));
}

TEST(RobotsTest, RecordsAreKeyColonValue) {
  EXPECT_FALSE(Allowed("user-agent: gapwatch\ndisallow: /\n", "gapwatch", "/x/y"));
  // Unknown keys are ignored.
  EXPECT_TRUE(Allowed("foo: gapwatch\nbar: /\n", "gapwatch", "/x/y"));
  // Google guesses the missing colon; RFC 9309 §2.2 requires it, and so do we.
  EXPECT_TRUE(Allowed("user-agent gapwatch\ndisallow /\n", "gapwatch", "/x/y"));
}

TEST(RobotsTest, GroupsStartAtUserAgentLinesAndMergeByAgent) {
  const std::string robots =
      "allow: /foo/bar/\n"  // before any group: ignored
      "\n"
      "user-agent: FooBot\n"
      "disallow: /\n"
      "allow: /x/\n"
      "user-agent: BarBot\n"
      "disallow: /\n"
      "allow: /y/\n"
      "\n"
      "\n"
      "allow: /w/\n"  // blank lines do not end BarBot's group
      "user-agent: BazBot\n"
      "\n"
      "user-agent: FooBot\n"  // same group as BazBot; merged with FooBot's first group
      "allow: /z/\n"
      "disallow: /\n";
  EXPECT_TRUE(Allowed(robots, "FooBot", "/x/b"));
  EXPECT_TRUE(Allowed(robots, "FooBot", "/z/d"));
  EXPECT_FALSE(Allowed(robots, "FooBot", "/y/c"));
  EXPECT_TRUE(Allowed(robots, "BarBot", "/y/c"));
  EXPECT_TRUE(Allowed(robots, "BarBot", "/w/a"));
  EXPECT_FALSE(Allowed(robots, "BarBot", "/z/d"));
  EXPECT_TRUE(Allowed(robots, "BazBot", "/z/d"));
  for (const char* agent : {"FooBot", "BarBot", "BazBot"}) EXPECT_FALSE(Allowed(robots, agent, "/foo/bar/")) << agent;
}

TEST(RobotsTest, KeysAreCaseInsensitive) {
  for (const char* robots :
       {"USER-AGENT: gapwatch\nALLOW: /x/\nDISALLOW: /\n", "user-agent: gapwatch\nallow: /x/\ndisallow: /\n",
        "uSeR-aGeNt: gapwatch\nAlLoW: /x/\ndIsAlLoW: /\n"}) {
    EXPECT_TRUE(Allowed(robots, "gapwatch", "/x/y")) << robots;
    EXPECT_FALSE(Allowed(robots, "gapwatch", "/a/b")) << robots;
  }
}

TEST(RobotsTest, ProductTokenIsTheLeadingRunOfLettersDashesAndUnderscores) {
  EXPECT_EQ(RobotsProductToken("gapwatch/0.1 (+https://github.com/gapwatch/gapwatch)"), "gapwatch");
  EXPECT_EQ(RobotsProductToken("Foobot"), "Foobot");
  EXPECT_EQ(RobotsProductToken("Foobot-Bar"), "Foobot-Bar");
  EXPECT_EQ(RobotsProductToken("Foo_Bar"), "Foo_Bar");
  EXPECT_EQ(RobotsProductToken("Foobot/2.1"), "Foobot");
  EXPECT_EQ(RobotsProductToken("Foobot Bar"), "Foobot");
  EXPECT_EQ(RobotsProductToken("Foobot*"), "Foobot");
  EXPECT_EQ(RobotsProductToken(""), "");
  EXPECT_EQ(RobotsProductToken("ツ"), "");
  EXPECT_EQ(RobotsProductToken(" Foobot "), "");
}

TEST(RobotsTest, AgentNamesMatchCaseInsensitively) {
  for (const char* robots :
       {"User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n", "User-Agent: foo bar\nAllow: /x/\nDisallow: /\n",
        "User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n"}) {
    for (const char* agent : {"Foo", "foo"}) {
      EXPECT_TRUE(Allowed(robots, agent, "/x/y")) << robots << agent;
      EXPECT_FALSE(Allowed(robots, agent, "/a/b")) << robots << agent;
    }
  }
}

TEST(RobotsTest, AgentNameInTheFileIsReadUpToItsFirstSpace) {
  const std::string robots =
      "User-Agent: *\n"
      "Disallow: /\n"
      "User-Agent: Foo Bar\n"
      "Allow: /x/\n"
      "Disallow: /\n";
  EXPECT_TRUE(Allowed(robots, "Foo", "/x/y"));
  // "Foo Bar" is not a product token, so only '*' applies to it.
  EXPECT_FALSE(Allowed(robots, "Foo Bar", "/x/y"));
}

TEST(RobotsTest, StarGroupAppliesOnlyWhenNoGroupNamesUs) {
  const std::string global =
      "user-agent: *\n"
      "allow: /\n"
      "user-agent: FooBot\n"
      "disallow: /\n";
  EXPECT_FALSE(Allowed(global, "FooBot", "/x/y"));
  EXPECT_TRUE(Allowed(global, "BarBot", "/x/y"));
  const std::string only_specific =
      "user-agent: FooBot\n"
      "allow: /\n"
      "user-agent: BarBot\n"
      "disallow: /\n"
      "user-agent: BazBot\n"
      "disallow: /\n";
  EXPECT_TRUE(Allowed(only_specific, "QuxBot", "/x/y"));
  // Our own group replaces '*' entirely: '*' forbidding /x/ does not reach us.
  const std::string both =
      "User-agent: *\n"
      "Disallow: /x/\n"
      "User-agent: gapwatch\n"
      "Disallow: /y/\n";
  EXPECT_TRUE(Allowed(both, "gapwatch", "/x/page"));
  EXPECT_FALSE(Allowed(both, "gapwatch", "/y/page"));
}

TEST(RobotsTest, PathsMatchCaseSensitively) {
  EXPECT_FALSE(Allowed("user-agent: gapwatch\ndisallow: /x/\n", "gapwatch", "/x/y"));
  EXPECT_TRUE(Allowed("user-agent: gapwatch\ndisallow: /X/\n", "gapwatch", "/x/y"));
}

TEST(RobotsTest, LongestMatchWins) {
  EXPECT_FALSE(Allowed("user-agent: gapwatch\ndisallow: /x/page.html\nallow: /x/\n", "gapwatch", "/x/page.html"));
  const std::string allow_longer = "user-agent: gapwatch\nallow: /x/page.html\ndisallow: /x/\n";
  EXPECT_TRUE(Allowed(allow_longer, "gapwatch", "/x/page.html"));
  EXPECT_FALSE(Allowed(allow_longer, "gapwatch", "/x/"));
  const std::string slash_matters = "user-agent: gapwatch\ndisallow: /x\nallow: /x/\n";
  EXPECT_FALSE(Allowed(slash_matters, "gapwatch", "/x"));
  EXPECT_TRUE(Allowed(slash_matters, "gapwatch", "/x/"));
  // Wildcards count by pattern length too.
  const std::string star_longer = "user-agent: gapwatch\nallow: /page\ndisallow: /*.html\n";
  EXPECT_FALSE(Allowed(star_longer, "gapwatch", "/page.html"));
  EXPECT_TRUE(Allowed(star_longer, "gapwatch", "/page"));
  const std::string allow_longer_than_star = "user-agent: gapwatch\nallow: /x/page.\ndisallow: /*.html\n";
  EXPECT_TRUE(Allowed(allow_longer_than_star, "gapwatch", "/x/page.html"));
  EXPECT_FALSE(Allowed(allow_longer_than_star, "gapwatch", "/x/y.html"));
  EXPECT_TRUE(Allowed("user-agent: gapwatch\nallow: /p\ndisallow: /\n", "gapwatch", "/page"));
  EXPECT_FALSE(Allowed("user-agent: gapwatch\nallow: /page\ndisallow: /*.htm\n", "gapwatch", "/page.htm"));
}

TEST(RobotsTest, AllowWinsATie) {
  EXPECT_TRUE(Allowed("user-agent: gapwatch\ndisallow: \nallow: \n", "gapwatch", "/x/page.html"));
  EXPECT_TRUE(Allowed("user-agent: gapwatch\ndisallow: /\nallow: /\n", "gapwatch", "/x/page.html"));
  EXPECT_TRUE(
      Allowed("user-agent: gapwatch\ndisallow: /x/page.html\nallow: /x/page.html\n", "gapwatch", "/x/page.html"));
  EXPECT_TRUE(Allowed("user-agent: gapwatch\nallow: /folder\ndisallow: /folder\n", "gapwatch", "/folder/page"));
}

TEST(RobotsTest, EmptyDisallowAllowsEverything) {
  EXPECT_TRUE(Allowed("user-agent: *\ndisallow:\n", "gapwatch", "/anything"));
  EXPECT_TRUE(Allowed("user-agent: *\ndisallow: # nothing\n", "gapwatch", "/anything"));
}

TEST(RobotsTest, QueryAndReservedCharactersMatchLiterally) {
  const std::string robots =
      "User-agent: gapwatch\n"
      "Disallow: /\n"
      "Allow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n";
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar?qux=taz&baz=http://foo.bar?tar&par"));
  // A reserved character means something else encoded: %2F is not a path separator.
  const std::string slash = "User-agent: gapwatch\nDisallow: /a/b\n";
  EXPECT_FALSE(Allowed(slash, "gapwatch", "/a/b"));
  EXPECT_TRUE(Allowed(slash, "gapwatch", "/a%2Fb"));
  EXPECT_FALSE(Allowed("User-agent: gapwatch\nDisallow: /a%2fb\n", "gapwatch", "/a%2Fb"));
}

TEST(RobotsTest, NonAsciiOctetsArePercentEncodedOnBothSides) {
  // Pattern in UTF-8, URL encoded: one path.
  const std::string raw = "User-agent: gapwatch\nDisallow: /\nAllow: /foo/bar/ツ\n";
  EXPECT_TRUE(Allowed(raw, "gapwatch", "/foo/bar/%E3%83%84"));
  // Google leaves the URL as given, so a raw ツ does not match there; RFC 9309
  // §2.2.2 encodes the URL's octets too, and so do we.
  EXPECT_TRUE(Allowed(raw, "gapwatch", "/foo/bar/ツ"));
  const std::string encoded = "User-agent: gapwatch\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n";
  EXPECT_TRUE(Allowed(encoded, "gapwatch", "/foo/bar/%E3%83%84"));
  EXPECT_TRUE(Allowed(encoded, "gapwatch", "/foo/bar/ツ"));
  // Hex case does not matter.
  EXPECT_TRUE(Allowed("User-agent: gapwatch\nDisallow: /\nAllow: /%aa\n", "gapwatch", "/%AA"));
  EXPECT_TRUE(Allowed("User-agent: gapwatch\nDisallow: /\nAllow: /á\n", "gapwatch", "/%c3%a1"));
}

TEST(RobotsTest, EncodedUnreservedOctetsAreDecodedAsTheRfcTableShows) {
  // RFC 9309 §2.2.2's table: /foo/bar/%62%61%7A is matched as /foo/bar/baz.
  // Google's matcher compares the bytes as written (and its test warns not to
  // rely on that); we follow the RFC.
  const std::string robots = "User-agent: gapwatch\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n";
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar/baz"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar/%62%61%7A"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/foo/bar/qux"));
}

TEST(RobotsTest, ChinesePathsMatchWhetherEncodedOrNot) {
  const std::string robots = "User-agent: *\nDisallow: /公告/内部/\n";
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/公告/内部/1.html"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/%E5%85%AC%E5%91%8A/%E5%86%85%E9%83%A8/1.html"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/%e5%85%ac%e5%91%8a/%e5%86%85%e9%83%a8/1.html"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/公告/中标/1.html"));
}

TEST(RobotsTest, StarMatchesAnyRunOfOctets) {
  const std::string robots = "User-agent: gapwatch\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n";
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/foo/bar/quz"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/quz"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo//quz"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bax/quz"));
}

TEST(RobotsTest, DollarAnchorsAtTheEnd) {
  const std::string robots = "User-agent: gapwatch\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n";
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/foo/bar"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar/qux"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar/"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar/baz"));
  const std::string root_only = "user-agent: gapwatch\nallow: /$\ndisallow: /\n";
  EXPECT_TRUE(Allowed(root_only, "gapwatch", "/"));
  EXPECT_FALSE(Allowed(root_only, "gapwatch", "/page.html"));
}

TEST(RobotsTest, HashStartsAComment) {
  const std::string robots =
      "User-agent: gapwatch\n"
      "# Disallow: /\n"
      "Disallow: /foo/quz#qux\n"
      "Allow: /\n";
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/foo/bar"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/foo/quz"));
}

TEST(RobotsTest, IndexHtmlIsNotTheDirectory) {
  // Google alone treats an allowed ".../index.html" as allowing ".../"; RFC
  // 9309 does not, nor do we: the rule says what it says.
  const std::string robots = "User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n";
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/allowed-slash/"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/allowed-slash/index.htm"));
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/allowed-slash/index.html"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/anyother-url"));
}

TEST(RobotsTest, LongLinesAreKeptWhole) {
  // Google cuts lines at 16,664 bytes; the RFC has no line limit, only the
  // file limit, so a long pattern matches exactly what it spells.
  const std::string long_path = "/x/" + std::string(20000, 'a');
  const std::string robots = "user-agent: gapwatch\ndisallow: /\nallow: " + long_path + "/qux\n";
  EXPECT_TRUE(Allowed(robots, "gapwatch", long_path + "/qux"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", long_path + "/fux"));
  EXPECT_FALSE(Allowed(robots, "gapwatch", "/"));
}

TEST(RobotsTest, GoogleDocumentationExamples) {
  const auto allows = [](const std::string& pattern, const std::string& path) {
    return Allowed("user-agent: gapwatch\ndisallow: /\nallow: " + pattern + "\n", "gapwatch", path);
  };
  for (const char* fish : {"/fish", "/fish*"}) {
    EXPECT_FALSE(allows(fish, "/bar")) << fish;
    for (const char* path : {"/fish", "/fish.html", "/fish/salmon.html", "/fishheads", "/fishheads/yummy.html",
                             "/fish.html?id=anything"}) {
      EXPECT_TRUE(allows(fish, path)) << fish << " " << path;
    }
    for (const char* path : {"/Fish.asp", "/catfish", "/?id=fish"}) EXPECT_FALSE(allows(fish, path)) << fish << path;
  }
  for (const char* path : {"/fish/", "/fish/salmon", "/fish/?salmon", "/fish/salmon.html", "/fish/?id=anything"}) {
    EXPECT_TRUE(allows("/fish/", path)) << path;
  }
  for (const char* path : {"/bar", "/fish", "/fish.html", "/Fish/Salmon.html"}) {
    EXPECT_FALSE(allows("/fish/", path)) << path;
  }
  for (const char* path : {"/filename.php", "/folder/filename.php", "/folder/filename.php?parameters",
                           "//folder/any.php.file.html", "/filename.php/", "/index?f=filename.php/"}) {
    EXPECT_TRUE(allows("/*.php", path)) << path;
  }
  for (const char* path : {"/bar", "/php/", "/index?php", "/windows.PHP"}) EXPECT_FALSE(allows("/*.php", path)) << path;
  for (const char* path : {"/filename.php", "/folder/filename.php"}) EXPECT_TRUE(allows("/*.php$", path)) << path;
  for (const char* path : {"/bar", "/filename.php?parameters", "/filename.php/", "/filename.php5", "/php/",
                           "/filename?php", "/aaaphpaaa", "//windows.PHP"}) {
    EXPECT_FALSE(allows("/*.php$", path)) << path;
  }
  for (const char* path : {"/fish.php", "/fishheads/catfish.php?parameters"}) {
    EXPECT_TRUE(allows("/fish*.php", path)) << path;
  }
  for (const char* path : {"/bar", "/Fish.PHP"}) EXPECT_FALSE(allows("/fish*.php", path)) << path;
}

TEST(RobotsTest, EveryLineEndingIsALineEnd) {
  // The last rule is on line 6 whatever the line ends; BarBot's group has it.
  for (const char* robots : {"User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n",
                             "User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n",
                             "User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r",
                             "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /",
                             "User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\nDisallow: /"}) {
    EXPECT_FALSE(Allowed(robots, "bar", "/x")) << robots;
    EXPECT_TRUE(Allowed(robots, "foo", "/x")) << robots;
  }
}

TEST(RobotsTest, ByteOrderMarkIsSkippedEvenWhenPartial) {
  for (const char* bom : {"\xEF\xBB\xBF", "\xEF\xBB", "\xEF"}) {
    EXPECT_FALSE(Allowed(std::string(bom) + "User-Agent: gapwatch\nDisallow: /\n", "gapwatch", "/x")) << bom;
  }
  // A broken mark spoils only its own line: the user-agent line is lost, so
  // the rule after it is outside any group.
  EXPECT_TRUE(Allowed("\xEF\x11\xBFUser-Agent: gapwatch\nDisallow: /\n", "gapwatch", "/x"));
  // A mark is only skipped at the start of the file.
  EXPECT_TRUE(
      Allowed("User-Agent: gapwatch\n\xEF\xBB\xBF"
              "Disallow: /\n",
              "gapwatch", "/x"));
}

TEST(RobotsTest, SitemapLinesAnywhereChangeNothing) {
  const std::string groups = "User-Agent: foo\nAllow: /some/path\nUser-Agent: gapwatch\nDisallow: /x\n\n\n";
  const std::string sitemap = "Sitemap: http://foo.bar/sitemap.xml\n";
  EXPECT_FALSE(Allowed(groups + sitemap, "gapwatch", "/x"));
  EXPECT_FALSE(Allowed(sitemap + groups, "gapwatch", "/x"));
  EXPECT_FALSE(Allowed("User-agent: gapwatch\n" + sitemap + "Disallow: /x\n", "gapwatch", "/x"));
}

TEST(RobotsTest, CrawlDelayIsReadFromOurGroupAndCapped) {
  EXPECT_EQ(RobotsRules::Parse("User-agent: *\nDisallow:\n", "gapwatch").crawl_delay_ms(), std::nullopt);
  EXPECT_EQ(RobotsRules::Parse("User-agent: *\nCrawl-delay: 5\n", "gapwatch").crawl_delay_ms(), 5000);
  EXPECT_EQ(RobotsRules::Parse("User-agent: *\ncrawl-delay: 0.5\n", "gapwatch").crawl_delay_ms(), 500);
  EXPECT_EQ(RobotsRules::Parse("User-agent: *\nCrawl-delay: 3600\n", "gapwatch").crawl_delay_ms(), kMaxCrawlDelayMs);
  for (const char* bad : {"soon", "-1", "5s", "inf", "nan", ""}) {
    EXPECT_EQ(RobotsRules::Parse(std::string("User-agent: *\nCrawl-delay: ") + bad + "\n", "gapwatch").crawl_delay_ms(),
              std::nullopt)
        << bad;
  }
  // Another agent's delay is not ours; ours replaces '*''s.
  EXPECT_EQ(RobotsRules::Parse("User-agent: other\nCrawl-delay: 9\n", "gapwatch").crawl_delay_ms(), std::nullopt);
  EXPECT_EQ(RobotsRules::Parse("User-agent: *\nCrawl-delay: 9\nUser-agent: gapwatch\nCrawl-delay: 2\n", "gapwatch")
                .crawl_delay_ms(),
            2000);
  // Merged groups: the slowest.
  EXPECT_EQ(
      RobotsRules::Parse("User-agent: gapwatch\nCrawl-delay: 2\nUser-agent: gapwatch\nCrawl-delay: 4\n", "gapwatch")
          .crawl_delay_ms(),
      4000);
}

TEST(RobotsTest, CrawlDelayEndsTheUserAgentLinesOfAGroup) {
  const std::string robots =
      "User-agent: gapwatch\n"
      "Crawl-delay: 1\n"
      "User-agent: other\n"
      "Disallow: /\n";
  EXPECT_TRUE(Allowed(robots, "gapwatch", "/x"));
  EXPECT_FALSE(Allowed(robots, "other", "/x"));
}

TEST(RobotsTest, OnlyTheFirst500KiBAreRead) {
  std::string robots = "User-agent: gapwatch\nDisallow: /early\n";
  while (robots.size() < kMaxRobotsBytes - 40) robots += "# padding padding padding padding padding\n";
  robots.resize(kMaxRobotsBytes - 20, '#');
  robots += "\nDisallow: /late-and-cut-in-two\n";  // crosses the limit
  robots += "Disallow: /beyond\n";
  ASSERT_GT(robots.size(), kMaxRobotsBytes);
  const RobotsRules rules = RobotsRules::Parse(robots, "gapwatch");
  EXPECT_FALSE(rules.Allowed("/early"));
  // A line cut at the limit is dropped, not read as "/late-and-c".
  EXPECT_TRUE(rules.Allowed("/late-and-c"));
  EXPECT_TRUE(rules.Allowed("/late-and-cut-in-two"));
  EXPECT_TRUE(rules.Allowed("/beyond"));
}

}  // namespace
}  // namespace gapwatch
