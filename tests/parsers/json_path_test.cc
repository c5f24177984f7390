#include "parsers/json_path.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace gapwatch {
namespace {

using nlohmann::json;

const json kDocument = json::parse(R"({
  "code": "200",
  "data": {"total": 2, "rows": [{"id": "a", "tags": ["x", "y"]}, {"id": "b", "tags": []}]},
  "a": {"b": [{"c": 1}, {"c": 2}]},
  "项目": {"编号": "GDJY"}
})");

std::vector<json> Values(const std::string& path) {
  std::vector<json> values;
  for (const json* value : JsonPath::Parse(path).Select(kDocument)) values.push_back(*value);
  return values;
}

TEST(JsonPath, SelectsMembersIndicesAndEveryElement) {
  EXPECT_EQ(Values("data.total"), std::vector<json>{2});
  EXPECT_EQ(Values("data.rows[*]").size(), 2u);
  EXPECT_EQ(Values("data.rows[*].id"), (std::vector<json>{"a", "b"}));
  EXPECT_EQ(Values("data.rows[*].tags[*]"), (std::vector<json>{"x", "y"}));
  EXPECT_EQ(Values("a.b[1].c"), std::vector<json>{2});
  EXPECT_EQ(Values("项目.编号"), std::vector<json>{"GDJY"});
  EXPECT_EQ(JsonPath::Parse("data.rows[0].id").First(kDocument)->get<std::string>(), "a");
}

TEST(JsonPath, MissingOrMistypedStepsMatchNothing) {
  EXPECT_TRUE(Values("data.nothing").empty());
  EXPECT_TRUE(Values("a.b[5].c").empty());
  EXPECT_TRUE(Values("code[*]").empty());
  EXPECT_TRUE(Values("code.x").empty());
  EXPECT_TRUE(Values("data[0]").empty());
  EXPECT_EQ(JsonPath::Parse("data.nothing").First(kDocument), nullptr);
}

TEST(JsonPath, FiltersSelectElementsByAMembersValue) {
  EXPECT_EQ(Values("data.rows[?id=b]").size(), 1u);
  EXPECT_EQ(Values("data.rows[?id=b].tags"), std::vector<json>{json::array()});
  EXPECT_EQ(Values("a.b[?c=2].c"), std::vector<json>{2});  // numbers compare as their text
  EXPECT_TRUE(Values("a.b[?c=3]").empty());
  EXPECT_TRUE(Values("data.rows[?missing=a]").empty());
  EXPECT_TRUE(Values("data.rows[*].tags[?id=x]").empty());  // elements that are not objects
  const json keys = json::parse(R"({"list":[[{"code":"WIN","value":"甲"},{"code":"AMT","value":"1"}]]})");
  EXPECT_EQ(JsonPath::Parse("list[*][?code=AMT].value").First(keys)->get<std::string>(), "1");
}

TEST(JsonPath, MalformedPathsAreRejected) {
  for (const char* path :
       {"", ".a", "a.", "a..b", "a[", "a[x]", "a[-1]", "a[]", "a]b", "[0]", "a[0]b", "a[?=1]", "a[?x]"}) {
    EXPECT_THROW(JsonPath::Parse(path), std::invalid_argument) << path;
  }
}

TEST(JsonScalarToString, ScalarsAsText) {
  EXPECT_EQ(JsonScalarToString(json("1890000.0000")), "1890000.0000");
  EXPECT_EQ(JsonScalarToString(json(42)), "42");
  EXPECT_EQ(JsonScalarToString(json(-7)), "-7");
  EXPECT_EQ(JsonScalarToString(json(1890000.0)), "1890000");
  EXPECT_EQ(JsonScalarToString(json(56.98)), "56.98");
  EXPECT_EQ(JsonScalarToString(json(0.1)), "0.1");
  EXPECT_EQ(JsonScalarToString(json(true)), "true");
  EXPECT_EQ(JsonScalarToString(json(nullptr)), std::nullopt);
  EXPECT_EQ(JsonScalarToString(json::object()), std::nullopt);
  EXPECT_EQ(JsonScalarToString(json::array()), std::nullopt);
}

}  // namespace
}  // namespace gapwatch
