//===- JsonTest.cpp - Tests of the JSON writer and strict parser -*- C++
//-*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The writer's escaping and number format (floats round-trip, NaN becomes
// null) and the parser's acceptance of RFC 8259 documents and rejection of
// everything else.
//
//===----------------------------------------------------------------------===//

#include "core/Json.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace mdlrt;

namespace {

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

TEST(JsonWriterTest, EscapesStrings) {
  std::string out;
  appendJsonString(out, std::string("a\"b\\c\nd\te\x01", 10));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

TEST(JsonWriterTest, NumbersRoundTripFloats) {
  for (float value :
       {0.1f, 1.0f / 3.0f, 1e-38f, 3.4028235e38f, -2.5e-7f, 0.000101f}) {
    std::string out;
    appendJsonNumber(out, value);
    EXPECT_EQ(std::strtof(out.c_str(), nullptr), value) << out;
  }
}

TEST(JsonWriterTest, NonFiniteNumbersAreNull) {
  std::string out;
  appendJsonNumber(out, std::numeric_limits<double>::quiet_NaN());
  out += ',';
  appendJsonNumber(out, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(out, "null,null");
}

TEST(JsonWriterTest, ObjectKeepsKeyOrder) {
  std::string text = JsonObjectWriter()
                         .add("event", "end")
                         .add("steps", int64_t(2560))
                         .add("loss", 0.5)
                         .addRaw("shape", "[1,2]")
                         .str();
  EXPECT_EQ(text, "{\"event\":\"end\",\"steps\":2560,\"loss\":0.5,"
                  "\"shape\":[1,2]}");
  JsonValue parsed;
  std::string error;
  EXPECT_TRUE(parseJson(text, parsed, error)) << error;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

TEST(JsonParserTest, ParsesAllKinds) {
  JsonValue v;
  std::string error;
  ASSERT_TRUE(parseJson(" {\"a\": [1, -2.5e3, true, false, null],"
                        " \"b\": {\"c\": \"\\u00e9\\ud83d\\ude00\\n\"}} ",
                        v, error))
      << error;
  ASSERT_TRUE(v.isObject());
  const JsonValue *a = v.find("a");
  ASSERT_TRUE(a && a->isArray());
  ASSERT_EQ(a->elements().size(), 5u);
  EXPECT_TRUE(a->elements()[0].isInteger());
  EXPECT_EQ(a->elements()[0].asInt(), 1);
  EXPECT_FALSE(a->elements()[1].isInteger());
  EXPECT_EQ(a->elements()[1].asDouble(), -2500.0);
  EXPECT_TRUE(a->elements()[2].asBool());
  EXPECT_FALSE(a->elements()[3].asBool());
  EXPECT_TRUE(a->elements()[4].isNull());
  const JsonValue *c = v.find("b")->find("c");
  ASSERT_TRUE(c && c->isString());
  EXPECT_EQ(c->asString(), "\xc3\xa9\xf0\x9f\x98\x80\n");
  EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(JsonParserTest, IntegersBeyondInt64AreNotIntegers) {
  JsonValue v;
  std::string error;
  ASSERT_TRUE(
      parseJson("[9223372036854775807, 9223372036854775808]", v, error));
  EXPECT_TRUE(v.elements()[0].isInteger());
  EXPECT_EQ(v.elements()[0].asInt(), INT64_MAX);
  EXPECT_FALSE(v.elements()[1].isInteger());
  EXPECT_TRUE(v.elements()[1].isNumber());
}

TEST(JsonParserTest, AcceptsValidUtf8) {
  JsonValue v;
  std::string error;
  EXPECT_TRUE(
      parseJson("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", v, error))
      << error;
}

class BadJsonTest : public ::testing::TestWithParam<const char *> {};

TEST_P(BadJsonTest, IsRejected) {
  JsonValue v;
  std::string error;
  EXPECT_FALSE(parseJson(GetParam(), v, error));
  EXPECT_NE(error.find("at byte"), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Json, BadJsonTest,
    ::testing::Values("", "   ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}",
                      "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "01", "-",
                      "1.", ".5", "1e", "+1", "tru", "nul", "\"abc", "\"\\x\"",
                      "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"",
                      "\"\\ud800\\u0041\"", "\"tab\there\"", "\"\xc3\"",
                      "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
                      "\"\xf5\x80\x80\x80\"", "\"\xff\"", "{} {}", "[1] x",
                      "{\"a\":1,\"a\":2}", "// c\n{}", "NaN"));

TEST(JsonParserTest, NestingIsBounded) {
  std::string ok(kMaxJsonDepth, '[');
  ok += std::string(kMaxJsonDepth, ']');
  std::string tooDeep(kMaxJsonDepth + 1, '[');
  tooDeep += std::string(kMaxJsonDepth + 1, ']');
  std::string huge(1000000, '[');
  JsonValue v;
  std::string error;
  EXPECT_TRUE(parseJson(ok, v, error)) << error;
  EXPECT_FALSE(parseJson(tooDeep, v, error));
  EXPECT_NE(error.find("too deep"), std::string::npos) << error;
  EXPECT_FALSE(parseJson(huge, v, error));
}

} // namespace
