#include "parsers/extract_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "gpcms_rules.h"

namespace gapwatch {
namespace {

using testing::GpcmsRules;
using testing::kGpcmsSourceYaml;
using testing::ParseFirstSource;

// The gpcms source with `from` replaced by `to` (which must occur once).
std::string Edited(const std::string& from, const std::string& to) {
  std::string yaml = kGpcmsSourceYaml;
  const std::size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(yaml.find(from, at + 1), std::string::npos) << from;
  return yaml.replace(at, from.size(), to);
}

// 1-based line of the first occurrence of `needle`.
int LineOf(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

// The ConfigError that parsing `yaml` throws.
ConfigError ErrorFrom(const std::string& yaml) {
  try {
    ParseFirstSource(yaml);
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "no ConfigError for:\n" << yaml;
  return ConfigError("", 0, "", "");
}

TEST(ParseSourceRules, ReadsTheProcurementSource) {
  const SourceRules rules = GpcmsRules();
  EXPECT_EQ(rules.name, "gpcms");
  EXPECT_EQ(rules.domain, "procurement");
  EXPECT_EQ(rules.list.url, "/gpcms/rest/web/v2/info/selectInfoForIndex");
  EXPECT_EQ(rules.list.query.at("regionCode"), "440200");
  EXPECT_EQ(rules.list.query.at("noticeType"), "");
  EXPECT_EQ(rules.list.query.size(), 6u);
  EXPECT_EQ(rules.list.page_param, "currPage");
  EXPECT_EQ(rules.list.first_page, 1);
  EXPECT_EQ(rules.list.page_size_param, "pageSize");
  EXPECT_EQ(rules.list.page_size, 50);
  EXPECT_EQ(rules.list_format, "json");
  EXPECT_EQ(rules.items_path, "data.rows[*]");
  EXPECT_EQ(rules.total_path, "data.total");
  EXPECT_EQ(rules.detail_url, "/gpcms/rest/web/v2/info/getInfoById?id={id}");
  EXPECT_EQ(rules.kind_field, "noticeType");
  EXPECT_EQ(rules.kind_map.size(), 22u);
  EXPECT_EQ(rules.kind_map.at("001054"), "contract");
  EXPECT_EQ(rules.kind_map.at("00105A"), "acceptance");
  EXPECT_EQ(rules.item_fields.at("budget_yuan").json, "budget");
  EXPECT_EQ(rules.item_fields.at("budget_yuan").normalise, "money");
  EXPECT_EQ(rules.detail_format, "json");
  EXPECT_EQ(rules.detail_html, "data.content");
  EXPECT_EQ(rules.detail_fields.at("supplier").labels,
            (std::vector<std::string>{"供应商（乙方）", "乙方", "中标（成交）供应商名称"}));
  EXPECT_TRUE(rules.detail_fields.at("supplier").json.empty());
  ASSERT_TRUE(rules.lots.has_value());
  EXPECT_EQ(rules.lots->table_header, (std::vector<std::string>{"供应商名称"}));
  EXPECT_EQ(rules.lots->columns.at("name"), (std::vector<std::string>{"标项名称", "包组", "标段"}));
  EXPECT_EQ(rules.required.at("contract"), (std::vector<std::string>{"supplier", "amount_yuan", "signed"}));
}

TEST(ParseSourceRules, OptionalPartsMayBeLeftOut) {
  const SourceRules rules = ParseFirstSource(R"(sources:
  - name: minimal
    domain: construction
    list: {url: /list, page_param: page, format: json, items: "rows[*]"}
    item: {detail_url: "https://other.example/detail/{a.id}"}
    detail: {format: json}
)");
  EXPECT_EQ(rules.list.first_page, 1);
  EXPECT_TRUE(rules.list.page_size_param.empty());
  EXPECT_TRUE(rules.total_path.empty());
  EXPECT_TRUE(rules.kind_field.empty());
  EXPECT_TRUE(rules.detail_html.empty());
  EXPECT_FALSE(rules.lots.has_value());
}

TEST(ParseSourceRules, SingleLabelAndPattern) {
  const SourceRules rules = ParseFirstSource(Edited("project_code: {label: [项目编号, 采购项目编号], normalise: code}",
                                                    "project_code: {label: 项目编号, pattern: '([A-Z0-9-]+)', "
                                                    "normalise: code}"));
  EXPECT_EQ(rules.detail_fields.at("project_code").labels, std::vector<std::string>{"项目编号"});
  EXPECT_EQ(rules.detail_fields.at("project_code").pattern, "([A-Z0-9-]+)");
}

TEST(ParseSourceRules, UnknownKeyNamesFileLineAndKey) {
  const std::string yaml = Edited("      page_size: 50\n", "      page_size: 50\n      page_sise: 10\n");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.file(), "sites.yaml");
  EXPECT_EQ(error.line(), LineOf(yaml, "page_sise"));
  EXPECT_EQ(error.key(), "sources[0].list.page_sise");
  EXPECT_NE(std::string(error.what()).find("unknown key"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, AKeyThatIsAListIsAConfigErrorNotACrash) {
  // Found by tests/fuzz (sites_yaml): yaml-cpp's bad conversion escaped as exit status 1.
  const std::string yaml = Edited("      page_size: 50\n", "      page_size: 50\n      ? [a]\n      : b\n");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "? [a]"));
  EXPECT_EQ(error.key(), "sources[0].list");
  EXPECT_NE(std::string(error.what()).find("expected a key that is a single word"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, ListSuccessCheck) {
  const SourceRules rules = ParseFirstSource(
      Edited("      page_size: 50\n", "      page_size: 50\n      success: {json: errcode, equals: \"0\"}\n"));
  EXPECT_EQ(rules.success_path, "errcode");
  EXPECT_EQ(rules.success_value, "0");
  const ConfigError error =
      ErrorFrom(Edited("      page_size: 50\n", "      page_size: 50\n      success: {json: errcode}\n"));
  EXPECT_EQ(error.key(), "sources[0].list.success");
  EXPECT_NE(std::string(error.what()).find("equals"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, UnknownKeyInsideAFieldRule) {
  const std::string yaml =
      Edited("title: {json: title, normalise: text}", "title: {json: title, normalise: text, normalize: text}");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "normalize"));
  EXPECT_EQ(error.key(), "sources[0].item.fields.title.normalize");
}

TEST(ParseSourceRules, MissingNormalise) {
  const std::string yaml = Edited("agency: {json: agency, normalise: party}", "agency: {json: agency}");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "agency: {json: agency}"));
  EXPECT_EQ(error.key(), "sources[0].item.fields.agency");
  EXPECT_NE(std::string(error.what()).find("missing required key 'normalise'"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, BadNormaliser) {
  const std::string yaml =
      Edited("agency: {json: agency, normalise: party}", "agency: {json: agency, normalise: upper}");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.key(), "sources[0].item.fields.agency.normalise");
  EXPECT_NE(std::string(error.what()).find("'upper' is not one of"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, NormaliserMustFitTheField) {
  const ConfigError error = ErrorFrom(
      Edited("budget_yuan: {json: budget, normalise: money}", "budget_yuan: {json: budget, normalise: text}"));
  EXPECT_EQ(error.key(), "sources[0].item.fields.budget_yuan.normalise");
  EXPECT_NE(std::string(error.what()).find("needs normalise: money"), std::string::npos) << error.what();
  const ConfigError date_error = ErrorFrom(
      Edited("published: {json: noticeTime, normalise: datetime}", "published: {json: noticeTime, normalise: code}"));
  EXPECT_NE(std::string(date_error.what()).find("needs normalise: date, datetime"), std::string::npos);
}

TEST(ParseSourceRules, PatternMustCompileAndCapture) {
  const std::string bad =
      Edited("title: {json: title, normalise: text}", "title: {json: title, pattern: '(unclosed', normalise: text}");
  const ConfigError error = ErrorFrom(bad);
  EXPECT_EQ(error.line(), LineOf(bad, "(unclosed"));
  EXPECT_EQ(error.key(), "sources[0].item.fields.title.pattern");
  EXPECT_NE(std::string(error.what()).find("does not compile"), std::string::npos) << error.what();

  const ConfigError no_group = ErrorFrom(
      Edited("title: {json: title, normalise: text}", "title: {json: title, pattern: '[0-9]+', normalise: text}"));
  EXPECT_NE(std::string(no_group.what()).find("capture group"), std::string::npos) << no_group.what();
}

TEST(ParseSourceRules, BadKindInTheMap) {
  const std::string yaml = Edited("\"001054\": contract", "\"001054\": contracts");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "contracts"));
  EXPECT_EQ(error.key(), "sources[0].item.kind.map.001054");
  EXPECT_NE(std::string(error.what()).find("'contracts' is not one of"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, BadDomain) {
  const std::string yaml = Edited("domain: procurement", "domain: tendering");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "tendering"));
  EXPECT_EQ(error.key(), "sources[0].domain");
}

TEST(ParseSourceRules, MissingTopLevelPart) {
  std::string yaml = kGpcmsSourceYaml;
  yaml = yaml.substr(0, yaml.find("    detail:"));
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.key(), "sources[0]");
  EXPECT_NE(std::string(error.what()).find("missing required key 'detail'"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, FieldRulesTakeExactlyOneSource) {
  EXPECT_NE(std::string(ErrorFrom(Edited("title: {json: title, normalise: text}",
                                         "title: {json: title, label: 标题, normalise: text}"))
                            .what())
                .find("exactly one of 'json' or 'label'"),
            std::string::npos);
  EXPECT_NE(std::string(ErrorFrom(Edited("title: {json: title, normalise: text}", "title: {normalise: text}")).what())
                .find("exactly one of 'json' or 'label'"),
            std::string::npos);
}

TEST(ParseSourceRules, FieldNamesAreNoticeFields) {
  const ConfigError unknown =
      ErrorFrom(Edited("title: {json: title, normalise: text}", "headline: {json: title, normalise: text}"));
  EXPECT_EQ(unknown.key(), "sources[0].item.fields.headline");
  EXPECT_NE(std::string(unknown.what()).find("unknown field 'headline'"), std::string::npos) << unknown.what();
  const ConfigError reserved =
      ErrorFrom(Edited("title: {json: title, normalise: text}", "kind: {json: noticeType, normalise: text}"));
  EXPECT_NE(std::string(reserved.what()).find("set by the extractor"), std::string::npos) << reserved.what();
}

TEST(ParseSourceRules, LabelsOnlyOnDetailPages) {
  const ConfigError error =
      ErrorFrom(Edited("title: {json: title, normalise: text}", "title: {label: 标题, normalise: text}"));
  EXPECT_EQ(error.key(), "sources[0].item.fields.title.label");
}

TEST(ParseSourceRules, LabelsAndLotsNeedTheHtmlPath) {
  const ConfigError error = ErrorFrom(Edited("      html: data.content\n", ""));
  EXPECT_NE(std::string(error.what()).find("need detail.html"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, OnlyJsonFormatsForNow) {
  const std::string yaml = Edited("      format: json\n      items:", "      format: html\n      items:");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "format: html"));
  EXPECT_NE(std::string(error.what()).find("unsupported format 'html'"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, JsonPathsAreChecked) {
  const ConfigError items = ErrorFrom(Edited("items: data.rows[*]", "items: data.rows"));
  EXPECT_EQ(items.key(), "sources[0].list.items");
  EXPECT_NE(std::string(items.what()).find("elements of an array"), std::string::npos) << items.what();
  const ConfigError total = ErrorFrom(Edited("total: data.total", "total: data..total"));
  EXPECT_EQ(total.key(), "sources[0].list.total");
  EXPECT_NE(std::string(total.what()).find("invalid JSON path"), std::string::npos) << total.what();
  const ConfigError url = ErrorFrom(Edited("getInfoById?id={id}", "getInfoById?id={id"));
  EXPECT_EQ(url.key(), "sources[0].item.detail_url");
}

TEST(ParseSourceRules, PageSizeComesWithItsParameter) {
  const ConfigError error = ErrorFrom(Edited("      page_size_param: pageSize\n", ""));
  EXPECT_EQ(error.key(), "sources[0].list");
  const ConfigError range = ErrorFrom(Edited("page_size: 50", "page_size: 0"));
  EXPECT_EQ(range.key(), "sources[0].list.page_size");
}

TEST(ParseSourceRules, RequiredNamesKindsAndFields) {
  const ConfigError kind = ErrorFrom(Edited("award: [supplier, amount_yuan]", "awards: [supplier, amount_yuan]"));
  EXPECT_EQ(kind.key(), "sources[0].detail.required.awards");
  const ConfigError field = ErrorFrom(Edited("award: [supplier, amount_yuan]", "award: [supplier, amount]"));
  EXPECT_NE(std::string(field.what()).find("unknown field 'amount'"), std::string::npos) << field.what();
}

TEST(ParseSourceRules, LotColumnsNeedSupplierAndAmount) {
  const ConfigError error = ErrorFrom(Edited("          supplier: [供应商名称]\n", ""));
  EXPECT_EQ(error.key(), "sources[0].detail.lots.columns");
  EXPECT_NE(std::string(error.what()).find("missing required key 'supplier'"), std::string::npos) << error.what();
}

TEST(NoticeFieldNames, AreTheParseOutputKeys) {
  EXPECT_EQ(NoticeFieldNames(), (std::vector<std::string>{"site", "url", "kind", "domain", "project_code", "title",
                                                          "buyer", "agency", "supplier", "budget_yuan", "amount_yuan",
                                                          "published", "opening", "decided", "signed"}));
  EXPECT_EQ(NoticeKinds().size(), 16u);
  EXPECT_EQ(NoticeDomains().size(), 8u);
}

}  // namespace
}  // namespace gapwatch
