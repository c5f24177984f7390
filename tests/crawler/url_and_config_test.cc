#include <gtest/gtest.h>

#include "crawler/crawl.h"
#include "crawler/site_config.h"
#include "data/embedded.h"
#include "parsers/url.h"

namespace gapwatch {
namespace {

TEST(UrlTest, ParsesOriginAndPath) {
  const auto url = ParseUrl("HTTPS://GDGPO.czt.gd.gov.cn:443/gpcms/x?id=1#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "gdgpo.czt.gd.gov.cn");
  EXPECT_EQ(url->Origin(), "https://gdgpo.czt.gd.gov.cn");
  EXPECT_EQ(url->path_and_query, "/gpcms/x?id=1");
  EXPECT_EQ(ParseUrl("http://127.0.0.1:8080")->Origin(), "http://127.0.0.1:8080");
}

TEST(UrlTest, RejectsWhatItCannotTrust) {
  EXPECT_FALSE(ParseUrl("ftp://host/x"));
  EXPECT_FALSE(ParseUrl("file:///etc/passwd"));
  EXPECT_FALSE(ParseUrl("http://user@host/"));
  EXPECT_FALSE(ParseUrl("http://host:99999/"));
  EXPECT_FALSE(ParseUrl("http:///x"));
  EXPECT_FALSE(ParseUrl("javascript:alert(1)"));
}

TEST(UrlTest, QueryStringEncodes) { EXPECT_EQ(QueryString({{"a", "1 2"}, {"b", "韶"}}), "a=1%202&b=%E9%9F%B6"); }

TEST(SiteConfigTest, ShippedConfigLoads) {
  const SitesConfig config = LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml");
  const SiteConfig* procurement = config.Find("procurement");
  ASSERT_NE(procurement, nullptr);
  EXPECT_EQ(procurement->base_url, "https://gdgpo.czt.gd.gov.cn");
  ASSERT_FALSE(procurement->sources.empty());
  EXPECT_EQ(procurement->sources[0].list.page_param, "currPage");
}

// Replaces the first occurrence of `from` in the shipped sites.yaml.
std::string ShippedWith(const std::string& from, const std::string& to) {
  std::string text(embedded::sites_yaml());
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

int LineOf(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

TEST(SiteConfigTest, UnknownKeyNamesFileLineAndKey) {
  const std::string text = ShippedWith("delay_ms: 2000", "dealy_ms: 2000");
  try {
    LoadSitesConfig(text, "my-sites.yaml");
    FAIL() << "accepted a misspelt key";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), "my-sites.yaml");
    EXPECT_EQ(error.line(), LineOf(text, "dealy_ms"));
    EXPECT_EQ(error.key(), "sites.procurement.politeness.dealy_ms");
    EXPECT_NE(std::string(error.what()).find("my-sites.yaml:"), std::string::npos);
  }
}

TEST(SiteConfigTest, MissingRequiredKeyIsAnError) {
  const std::string text = ShippedWith("    allowed_hosts: [gdgpo.czt.gd.gov.cn, www.gdgpo.gov.cn]\n", "");
  try {
    LoadSitesConfig(text, "s.yaml");
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("allowed_hosts"), std::string::npos) << error.what();
  }
}

TEST(SiteConfigTest, BadValuesAreErrors) {
  EXPECT_THROW(LoadSitesConfig(ShippedWith("delay_ms: 2000", "delay_ms: soon"), "s.yaml"), ConfigError);
  EXPECT_THROW(LoadSitesConfig(ShippedWith("timeout_s: 30", "timeout_s: -1"), "s.yaml"), ConfigError);
  EXPECT_THROW(LoadSitesConfig(ShippedWith("base_url: https://gdgpo.czt.gd.gov.cn", "base_url: gdgpo"), "s.yaml"),
               ConfigError);
  EXPECT_THROW(LoadSitesConfig(ShippedWith("  procurement:", "  procurment:"), "s.yaml"), ConfigError);
  EXPECT_THROW(LoadSitesConfig("version: 1\nsites: [unclosed", "s.yaml"), ConfigError);
  EXPECT_THROW(LoadSitesConfig(ShippedWith("version: 1", "version: 2"), "s.yaml"), ConfigError);
  EXPECT_THROW(LoadSitesConfig(ShippedWith("retries: 3", "max_consecutive_errors: -1"), "s.yaml"), ConfigError);
}

TEST(SiteConfigTest, MaxConsecutiveErrorsDefaultsAndReads) {
  const SitesConfig shipped = LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml");
  EXPECT_EQ(shipped.Find("procurement")->politeness.max_consecutive_errors, 12);
  const SitesConfig never =
      LoadSitesConfig(ShippedWith("retries: 3", "retries: 3\n      max_consecutive_errors: 0"), "s.yaml");
  EXPECT_EQ(never.Find("procurement")->politeness.max_consecutive_errors, 0);
}

TEST(SiteConfigTest, FetchUrlStaysOnAllowedHostsAndHonoursOverride) {
  const SitesConfig config = LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml");
  const SiteConfig& site = *config.Find("procurement");
  const std::string canonical = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1";
  EXPECT_EQ(FetchUrlFor(site, canonical, {}), canonical);
  EXPECT_EQ(FetchUrlFor(site, canonical, {{"procurement", "http://127.0.0.1:9"}}),
            "http://127.0.0.1:9/gpcms/rest/web/v2/info/getInfoById?id=1");
  EXPECT_THROW(FetchUrlFor(site, "https://evil.example/x", {}), std::invalid_argument);
  EXPECT_THROW(FetchUrlFor(site, "file:///etc/passwd", {}), std::invalid_argument);
}

}  // namespace
}  // namespace gapwatch
