// The one form/URL decoder every simulated site reads its parameters with.
#include "sim/form.h"

#include <gtest/gtest.h>

namespace gapwatch::sim {
namespace {

TEST(FormDecode, DecodesPercentEscapesInEitherCase) {
  EXPECT_EQ(FormDecode("a%20b%2Fc%2fd"), "a b/c/d");
  EXPECT_EQ(FormDecode("%E9%9F%B6%E5%85%B3"), "韶关");
}

TEST(FormDecode, PlusIsASpaceOnlyInFormData) {
  EXPECT_EQ(FormDecode("a+b"), "a b");
  EXPECT_EQ(FormDecode("a+b", /*plus_is_space=*/false), "a+b");
  EXPECT_EQ(FormDecode("a%2Bb"), "a+b");
}

TEST(FormDecode, KeepsMalformedEscapes) {
  EXPECT_EQ(FormDecode("100%"), "100%");
  EXPECT_EQ(FormDecode("%4"), "%4");
  EXPECT_EQ(FormDecode("%zz%4g"), "%zz%4g");
  EXPECT_EQ(FormDecode("%%41"), "%A");
}

TEST(ParseForm, SplitsDecodesAndKeepsTheFirstValue) {
  const FormParams params = ParseForm("a=1&&b=x+y&a=2&c&d=&e%3D=%26");
  EXPECT_EQ(params.size(), 5u);
  EXPECT_EQ(ParamOf(params, "a"), "1");
  EXPECT_EQ(ParamOf(params, "b"), "x y");
  EXPECT_EQ(ParamOf(params, "c"), "");
  EXPECT_TRUE(params.count("c"));
  EXPECT_EQ(ParamOf(params, "d"), "");
  EXPECT_EQ(ParamOf(params, "e="), "&");
  EXPECT_EQ(ParamOf(params, "missing"), "");
  EXPECT_TRUE(ParseForm("").empty());
}

TEST(AddFormParams, EarlierPairsWin) {
  FormParams params = ParseForm("page=2");
  AddFormParams("page=3&size=9", params);
  EXPECT_EQ(ParamOf(params, "page"), "2");
  EXPECT_EQ(ParamOf(params, "size"), "9");
}

TEST(IntegerParam, FallbackWhenAbsentOrEmptyNulloptWhenNotANumber) {
  const FormParams params = ParseForm("n=42&neg=-3&empty=&bad=4x&space=+1&big=99999999999999999999999");
  EXPECT_EQ(IntegerParam(params, "n", 7), 42);
  EXPECT_EQ(IntegerParam(params, "neg", 7), -3);
  EXPECT_EQ(IntegerParam(params, "missing", 7), 7);
  EXPECT_EQ(IntegerParam(params, "empty", 7), 7);
  EXPECT_EQ(IntegerParam(params, "bad", 7), std::nullopt);
  EXPECT_EQ(IntegerParam(params, "space", 7), std::nullopt);
  EXPECT_EQ(IntegerParam(params, "big", 7), std::nullopt);
}

}  // namespace
}  // namespace gapwatch::sim
