#include "pipeline/json_lines.h"

#include <gtest/gtest.h>

#include <string>

namespace kiji::pipeline {
namespace {

TEST(NestedDeeperThanTest, CountsBracketsOutsideStrings) {
  struct Case {
    const char* line;
    bool deeper_than_two;
  };
  const Case cases[] = {
      {"", false},
      {"[[]]", false},
      {"[[[]]]", true},
      {"{\"a\":{\"b\":1}}", false},
      {"{\"a\":{\"b\":{}}}", true},
      {"[[]][[]][[]]", false},  // depth goes back down
      {"[[[", true},            // unclosed
      {"[\"[[[[[\"]", false},   // inside a string
      {"[\"{{{{{\"]", false},
      {"[\"\\\"[[[[\"]", false},   // an escaped quote does not end the string
      {"[\"\\\\\",[[1]]]", true},  // an escaped backslash does
      {"\"[[[", false},            // unterminated string
      {"]]][[[[", false},          // the parser fails at the first ']'
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    EXPECT_EQ(NestedDeeperThan(c.line, 2), c.deeper_than_two);
  }
}

std::string Arrays(int depth) {
  return std::string(static_cast<size_t>(depth), '[') +
         std::string(static_cast<size_t>(depth), ']');
}

TEST(ParseJsonLineTest, RefusesMoreThanTheLimit) {
  const std::string ok = "{\"d\":" + Arrays(kMaxJsonLineDepth - 1) + "}";
  auto parsed = ParseJsonLine(ok);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->dump(), ok);
  auto deep = ParseJsonLine("{\"d\":" + Arrays(kMaxJsonLineDepth) + "}");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().message(), "nested too deeply (limit 64)");
  // Checked before the syntax: nothing deep is built even when the line is
  // broken further on.
  auto broken = ParseJsonLine(std::string(100000, '[') + "x");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message(), "nested too deeply (limit 64)");
}

TEST(ParseJsonLineTest, SaysWhyInvalid) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {"not json", "not valid JSON (syntax error at byte 2)"},
      {"{\"a\":1,}", "not valid JSON (syntax error at byte 8)"},
      {"{\"a\":1} x", "not valid JSON (syntax error at byte 9)"},
      {"[1e999]", "not valid JSON (number overflow parsing '1e999')"},
      {"[\"\xff\"]", "not valid JSON (syntax error at byte 3)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    auto parsed = ParseJsonLine(c.line);
    ASSERT_FALSE(parsed.ok());
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status()));
    EXPECT_EQ(parsed.status().message(), c.message);
  }
  auto scalar = ParseJsonLine(" 5 ");
  ASSERT_TRUE(scalar.ok());  // the caller checks the type
  EXPECT_EQ(*scalar, 5);
}

TEST(ErrorLineTest, IdWhenKnownThenLineThenError) {
  const nlohmann::ordered_json with_id = {{"text", 1}, {"id", {1, "x"}}};
  EXPECT_EQ(ErrorLine(&with_id, 7, "no string field \"text\""),
            "{\"id\":[1,\"x\"],\"line\":7,\"error\":\"no string field "
            "\\\"text\\\"\"}\n");
  const nlohmann::ordered_json no_id = {{"text", 1}};
  EXPECT_EQ(ErrorLine(&no_id, 1, "e"), "{\"line\":1,\"error\":\"e\"}\n");
  const nlohmann::ordered_json array = nlohmann::ordered_json::array({"id", 1});
  EXPECT_EQ(ErrorLine(&array, 2, "e"), "{\"line\":2,\"error\":\"e\"}\n");
  const nlohmann::ordered_json null;
  EXPECT_EQ(ErrorLine(&null, 3, "e"), "{\"line\":3,\"error\":\"e\"}\n");
  EXPECT_EQ(ErrorLine(nullptr, 4, "e"), "{\"line\":4,\"error\":\"e\"}\n");
}

}  // namespace
}  // namespace kiji::pipeline
