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

TEST(ParseSourceRules, VolatileLabelsNeedAnHtmlBody) {
  const std::string yaml = R"yaml(sources:
  - name: api
    domain: credit
    list: {url: /list, page_param: page, format: json, items: "rows[*]"}
    item: {detail_url: "/detail?id={id}"}
    detail:
      format: json
      volatile: [当前状态]
)yaml";
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "volatile"));
  EXPECT_EQ(error.key(), "sources[0].detail.volatile");
  EXPECT_NE(std::string(error.what()).find("'volatile' names labels of the HTML body"), std::string::npos)
      << error.what();
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
  ASSERT_TRUE(rules.kind.code.has_value());
  EXPECT_EQ(rules.kind.code->json, "noticeType");
  EXPECT_EQ(rules.kind.map.size(), 22u);
  EXPECT_EQ(rules.kind.map.at("001054"), "contract");
  EXPECT_EQ(rules.kind.map.at("00105A"), "acceptance");
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
  EXPECT_EQ(rules.required.at("contract"),
            (std::vector<std::string>{"project_code", "buyer", "supplier", "amount_yuan", "signed"}));
  EXPECT_EQ(rules.contents.at("experts").labels.front(), "评审专家名单");
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
  EXPECT_FALSE(rules.kind.code.has_value());
  EXPECT_FALSE(rules.link.has_value());
  EXPECT_FALSE(rules.lookup.has_value());
  EXPECT_TRUE(rules.base_url.empty());
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

TEST(ParseSourceRules, AKeyGivenTwiceIsAnErrorNotIgnored) {
  // yaml-cpp would answer with the first: an edit below the original would change nothing.
  const std::string yaml =
      Edited("title: {json: title, normalise: text}",
             "title: {json: title, normalise: text}\n        title: {json: name, normalise: text}");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "title: {json: name"));
  EXPECT_EQ(error.key(), "sources[0].item.fields.title");
  EXPECT_NE(std::string(error.what())
                .find("key given twice (first on line " + std::to_string(LineOf(yaml, "title: {json: title")) + ")"),
            std::string::npos)
      << error.what();
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
                .find("'label' cannot be used in a list item"),
            std::string::npos);
  EXPECT_NE(std::string(ErrorFrom(Edited("title: {json: title, normalise: text}", "title: {normalise: text}")).what())
                .find("give exactly one of: json"),
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
  EXPECT_NE(std::string(error.what()).find("no HTML body to read labels from"), std::string::npos) << error.what();
}

TEST(ParseSourceRules, FormatsAreJsonOrHtml) {
  const std::string yaml = Edited("      format: json\n      items:", "      format: xml\n      items:");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "format: xml"));
  EXPECT_NE(std::string(error.what()).find("'xml' is not one of: json, html"), std::string::npos) << error.what();
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
  const ConfigError kind = ErrorFrom(Edited("award: [project_code", "awards: [project_code"));
  EXPECT_EQ(kind.key(), "sources[0].detail.required.awards");
  const ConfigError field = ErrorFrom(Edited("amount_yuan, experts]", "amount, experts]"));
  EXPECT_NE(std::string(field.what()).find("unknown field 'amount'"), std::string::npos) << field.what();
}

TEST(ParseSourceRules, LotColumnsNeedSupplierAndAmount) {
  const ConfigError error = ErrorFrom(Edited("          supplier: [供应商名称]\n", ""));
  EXPECT_EQ(error.key(), "sources[0].detail.lots.columns");
  EXPECT_NE(std::string(error.what()).find("missing required key 'supplier'"), std::string::npos) << error.what();
}

// An HTML list source in the shape of the portal's TRS column.
constexpr char kHtmlSourceYaml[] = R"yaml(sources:
  - name: trs
    domain: construction
    base_url: http://old.example
    list:
      url: /zw/zbgg/index.html
      page_url: /zw/zbgg/index_{page}.html
      first_page: 0
      format: html
      items: ul.comlist-wgk li
      total_pages: {css: script, pattern: "createPageHTML\\('page_div', *([0-9]+)"}
    item:
      link: {css: a, attr: href}
      kind:
        title: {中标结果公示: award, 招标公告: tender}
        fixed: other
      fields:
        title: {css: a, attr: title, normalise: text}
        published: {css: span, normalise: date}
    detail:
      format: html
      scope: div.TRS_PreAppend
      fields:
        project_code: {label: [工程编号, 招标编号], normalise: code}
        buyer: {css: "div.xl-cont-xx span:contains('来源')", pattern: "来源：(.+)", normalise: party}
        opening: {url: query.open, normalise: datetime}
      contents:
        certificate: {label: 注册建造师证书编号}
      required:
        candidates: [certificate, buyer]
)yaml";

TEST(ParseSourceRules, ReadsAnHtmlSource) {
  const SourceRules rules = ParseFirstSource(kHtmlSourceYaml);
  EXPECT_EQ(rules.base_url, "http://old.example");
  EXPECT_EQ(rules.list_format, "html");
  EXPECT_EQ(rules.items_selector, "ul.comlist-wgk li");
  EXPECT_EQ(rules.list.page_url, "/zw/zbgg/index_{page}.html");
  EXPECT_TRUE(rules.list.page_param.empty());
  EXPECT_EQ(rules.list.first_page, 0);
  ASSERT_TRUE(rules.total_pages.has_value());
  EXPECT_EQ(rules.total_pages->css, "script");
  ASSERT_TRUE(rules.link.has_value());
  EXPECT_EQ(rules.link->attr, "href");
  EXPECT_EQ(rules.kind.title_suffixes.at("中标结果公示"), "award");
  EXPECT_EQ(rules.kind.fixed, "other");
  EXPECT_EQ(rules.item_fields.at("title").attr, "title");
  EXPECT_EQ(rules.detail_format, "html");
  EXPECT_EQ(rules.detail_scope, "div.TRS_PreAppend");
  EXPECT_EQ(rules.detail_fields.at("opening").url, "query.open");
  EXPECT_EQ(rules.contents.at("certificate").labels, std::vector<std::string>{"注册建造师证书编号"});
  EXPECT_EQ(rules.required.at("candidates"), (std::vector<std::string>{"certificate", "buyer"}));
}

// kHtmlSourceYaml with `from` replaced by `to`.
std::string EditedHtml(const std::string& from, const std::string& to) {
  std::string yaml = kHtmlSourceYaml;
  const std::size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return yaml.replace(at, from.size(), to);
}

TEST(ParseSourceRules, ASelectorThatDoesNotParseNamesLineKeyAndCharacter) {
  const std::string yaml = EditedHtml("items: ul.comlist-wgk li", "items: ul.comlist-wgk ~ li");
  const ConfigError error = ErrorFrom(yaml);
  EXPECT_EQ(error.line(), LineOf(yaml, "ul.comlist-wgk ~ li"));
  EXPECT_EQ(error.key(), "sources[0].list.items");
  EXPECT_NE(std::string(error.what()).find("unsupported combinator '~' at character 16"), std::string::npos)
      << error.what();
  const ConfigError field = ErrorFrom(EditedHtml("{css: a, attr: title,", "{css: \"a[title\", attr: title,"));
  EXPECT_EQ(field.key(), "sources[0].item.fields.title.css");
  const ConfigError scope = ErrorFrom(EditedHtml("scope: div.TRS_PreAppend", "scope: div:hover"));
  EXPECT_EQ(scope.key(), "sources[0].detail.scope");
}

TEST(ParseSourceRules, HtmlListRulesAreChecked) {
  const auto message = [](const std::string& yaml) { return std::string(ErrorFrom(yaml).what()); };
  EXPECT_NE(message(EditedHtml("      page_url: /zw/zbgg/index_{page}.html\n", "      page_url: /zw/zbgg/index.html\n"))
                .find("must contain {page}"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("      first_page: 0\n", "      first_page: 0\n      page_param: p\n")).find("not both"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("      link: {css: a, attr: href}\n", "")).find("exactly one of 'detail_url' or 'link'"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("      link: {css: a, attr: href}\n", "      detail_url: /d/{id}\n"))
                .find("HTML list item gives its detail as a 'link'"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("published: {css: span,", "published: {json: date,")).find("'json' cannot be used"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("{css: a, attr: href}", "{attr: href}")).find("'attr' reads an attribute"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("base_url: http://old.example", "base_url: http://old.example/path"))
                .find("expected an origin"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("fixed: other", "fixed: others")).find("'others' is not one of"), std::string::npos);
}

TEST(ParseSourceRules, DetailValueRulesAreChecked) {
  const auto message = [](const std::string& yaml) { return std::string(ErrorFrom(yaml).what()); };
  EXPECT_NE(message(EditedHtml("{url: query.open,", "{url: fragment,")).find("expected 'path' or 'query.NAME'"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("project_code: {label:", "project_code: {json: a, label:"))
                .find("'json' cannot be used in this detail"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("certificate: {label:", "supplier: {label:")).find("is a notice field"),
            std::string::npos);
  EXPECT_NE(message(EditedHtml("[certificate, buyer]", "[certificates, buyer]"))
                .find("unknown field 'certificates' (expected a notice field"),
            std::string::npos);
}

TEST(ParseSourceRules, LookupsFillTheDetailUrl) {
  const std::string base = R"(sources:
  - name: ygp
    domain: construction
    list: {url: /search, page_param: p, format: json, items: "data.rows[*]"}
    item:
      detail_url: "/detail?nodeId={lookup}&noticeId={noticeId}"
      lookup: {url: "/nodes?code={projectCode}", json: "data[?selectedBizCode={bizCode}].nodeId"}
    detail: {format: json}
)";
  const SourceRules rules = ParseFirstSource(base);
  ASSERT_TRUE(rules.lookup.has_value());
  EXPECT_EQ(rules.lookup->url, "/nodes?code={projectCode}");
  EXPECT_EQ(rules.lookup->json, "data[?selectedBizCode={bizCode}].nodeId");
  std::string without_lookup = base;
  without_lookup.erase(without_lookup.find("      lookup:"),
                       without_lookup.find("    detail:") - without_lookup.find("      lookup:"));
  EXPECT_NE(std::string(ErrorFrom(without_lookup).what()).find("{lookup} needs item.lookup"), std::string::npos);
  std::string unused = base;
  unused.replace(unused.find("nodeId={lookup}"), 15, "nodeId=1");
  EXPECT_NE(std::string(ErrorFrom(unused).what()).find("a lookup fills {lookup}"), std::string::npos);
}

TEST(NoticeFieldNames, AreTheParseOutputKeys) {
  EXPECT_EQ(NoticeFieldNames(), (std::vector<std::string>{"site", "url", "kind", "domain", "project_code", "title",
                                                          "buyer", "agency", "supplier", "budget_yuan", "amount_yuan",
                                                          "published", "opening", "decided", "signed", "delisted"}));
  EXPECT_EQ(NoticeKinds().size(), 16u);
  EXPECT_EQ(NoticeDomains().size(), 8u);
}

}  // namespace
}  // namespace gapwatch
