#include "parsers/notice_json.h"

#include <gtest/gtest.h>

namespace gapwatch {
namespace {

using nlohmann::json;

TEST(NoticeToJson, FullNoticeInParseShape) {
  Notice notice;
  notice.site = "procurement";
  notice.url = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1";
  notice.kind = "contract";
  notice.domain = "procurement";
  notice.project_code = "GDJY251013001FG046";
  notice.title = "合同公告";
  notice.buyer = "韶关市第一人民医院";
  notice.agency = "广东省机电设备招标中心有限公司";
  notice.supplier = "韶关市甲医疗器械有限公司";
  notice.budget_yuan = "1890000.00";
  notice.amount_yuan = "1420000.00";
  notice.published = "2025-04-22T10:00:00+08:00";
  notice.opening = "2025-03-18T09:30:00+08:00";
  notice.decided = "2025-04-10";
  notice.signed_on = "2025-04-20";
  notice.lots = {{"包组1", "韶关市甲医疗器械有限公司", "1420000.00"}, {"包组2", "", std::nullopt}};
  notice.fields_missing = {"signed"};
  EXPECT_EQ(NoticeToJson(notice), json::parse(R"({
    "site": "procurement",
    "url": "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1",
    "kind": "contract", "domain": "procurement", "project_code": "GDJY251013001FG046",
    "title": "合同公告", "buyer": "韶关市第一人民医院", "agency": "广东省机电设备招标中心有限公司",
    "supplier": "韶关市甲医疗器械有限公司", "budget_yuan": "1890000.00", "amount_yuan": "1420000.00",
    "published": "2025-04-22T10:00:00+08:00", "opening": "2025-03-18T09:30:00+08:00",
    "decided": "2025-04-10", "signed": "2025-04-20",
    "lots": [{"name": "包组1", "supplier": "韶关市甲医疗器械有限公司", "amount_yuan": "1420000.00"},
             {"name": "包组2"}],
    "fields_missing": ["signed"]
  })"));
}

TEST(NoticeToJson, AbsentValuesAreOmitted) {
  Notice notice;
  notice.site = "procurement";
  notice.kind = "tender";
  notice.amount_yuan = "";  // empty counts as absent
  EXPECT_EQ(NoticeToJson(notice), json::parse(R"({"site": "procurement", "kind": "tender"})"));
  EXPECT_EQ(NoticeToJson(Notice{}), json::object());
}

}  // namespace
}  // namespace gapwatch
