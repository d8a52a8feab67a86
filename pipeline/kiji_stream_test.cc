// End-to-end tests of the streaming commands (`kiji extract --jsonl`,
// `kiji match --jsonl`) on hostile input (issue 14): every non-blank input
// line gets one output line in input order, a line that cannot be used gets
// an error line {"id"?, "line", "error"}, nesting bombs neither crash the
// process nor lose the lines around them, and a failed write is an error.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/testing/cli.h"

namespace {

using kiji::testing::ParseJsonLines;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;
using nlohmann::json;

constexpr int kBombDepth = 100000;

// The output's lines as written (key order included), without '\n'.
std::vector<std::string> Lines(const std::string& out) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < out.size()) {
    size_t end = out.find('\n', begin);
    if (end == std::string::npos) end = out.size();
    lines.push_back(out.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// `depth` nested arrays, closed or not.
std::string Arrays(int depth, bool closed) {
  return Repeat("[", depth) + (closed ? Repeat("]", depth) : "");
}

// `depth` nested objects {"a":{"a":…1}}, closed or not.
std::string Objects(int depth, bool closed) {
  return Repeat("{\"a\":", depth) + "1" + (closed ? Repeat("}", depth) : "");
}

// Input lines that nest deeper than the limit of 64: the line of
// '[', closed and unclosed bombs, and bombs inside a field that a good line
// would pass through to its output (copying or dumping such a value
// recursed once per level and overflowed the stack).
struct Bomb {
  const char* name;
  std::string extract_line;  // for `kiji extract --jsonl`
  std::string match_line;    // for `kiji match --jsonl`
};

std::vector<Bomb> Bombs() {
  const auto in_field = [](const std::string& head, const std::string& value) {
    return "{" + head + ",\"d\":" + value + "}";
  };
  const std::string text = "\"id\":\"bomb\",\"text\":\"来月\"";
  const std::string pair = "\"id\":\"bomb\",\"a\":\"ソニー\",\"b\":\"Sony\"";
  std::vector<Bomb> bombs;
  for (const bool closed : {false, true}) {
    const std::string arrays = Arrays(kBombDepth, closed);
    const std::string objects = Objects(kBombDepth, closed);
    bombs.push_back({closed ? "closed arrays" : "open arrays", arrays, arrays});
    bombs.push_back(
        {closed ? "closed objects" : "open objects", objects, objects});
  }
  bombs.push_back({"arrays in a passed-through field",
                   in_field(text, Arrays(kBombDepth, true)),
                   in_field(pair, Arrays(kBombDepth, true))});
  bombs.push_back({"objects in a passed-through field",
                   in_field(text, Objects(kBombDepth, true)),
                   in_field(pair, Objects(kBombDepth, true))});
  return bombs;
}

// A good extract line whose answer is recognisable: id `i`, an AMOUNT of
// (i + 1) × 100 million yen.
std::string ExtractLine(int i) {
  return "{\"id\":" + std::to_string(i) + ",\"text\":\"約" +
         std::to_string(i + 1) + "億円を調達した。\"}\n";
}

void ExpectExtractAnswer(const json& row, int i) {
  SCOPED_TRACE(row.dump());
  ASSERT_TRUE(row.contains("entities"));
  EXPECT_EQ(row["id"], i);
  bool amount = false;
  for (const json& e : row["entities"]) {
    if (e["type"] == "AMOUNT") {
      EXPECT_EQ(e["value"], (i + 1) * 100000000LL);
      amount = true;
    }
  }
  EXPECT_TRUE(amount);
}

std::string MatchLine(int i) {
  return "{\"a\":\"ソニー\",\"b\":\"Sony\",\"type\":\"COMPANY\",\"row\":" +
         std::to_string(i) + "}\n";
}

void ExpectMatchAnswer(const json& row, int i) {
  SCOPED_TRACE(row.dump());
  ASSERT_TRUE(row.contains("same"));
  EXPECT_EQ(row["row"], i);
  EXPECT_TRUE(row["same"].get<bool>());
}

const std::string kTooDeep =
    "{\"line\":301,\"error\":\"nested too deeply "
    "(limit 64)\"}";

// 300 good lines (more than one batch of 256), the bomb as line 301, 300
// good lines after it: all 601 answered in order, the bomb by an error line.
// One thread and several (batches in flight on the work pool) alternate.
TEST(KijiStreamTest, ExtractNestingBombBetweenGoodLines) {
  int run = 0;
  for (const Bomb& bomb : Bombs()) {
    SCOPED_TRACE(bomb.name);
    std::string input;
    for (int i = 0; i < 300; ++i) input += ExtractLine(i);
    input += bomb.extract_line + "\n";
    for (int i = 300; i < 600; ++i) input += ExtractLine(i);
    {
      const std::string threads = run++ % 2 == 0 ? "1" : "3";
      SCOPED_TRACE("--threads " + threads);
      ShellResult r =
          RunKijiShell("extract --jsonl --quiet --threads " + threads, input);
      EXPECT_EQ(r.exit_code, 1) << r.err;  // one line got an error line
      EXPECT_NE(r.err.find("stdin line 301: nested too deeply (limit 64)"),
                std::string::npos)
          << r.err;
      std::vector<json> rows = ParseJsonLines(r.out);
      ASSERT_EQ(rows.size(), 601u);
      const std::vector<std::string> lines = Lines(r.out);
      for (int i = 0; i < 300; ++i) ExpectExtractAnswer(rows[i], i);
      EXPECT_EQ(lines[300], kTooDeep);
      for (int i = 300; i < 600; ++i) ExpectExtractAnswer(rows[i + 1], i);
    }
  }
}

TEST(KijiStreamTest, MatchNestingBombBetweenGoodLines) {
  for (const Bomb& bomb : Bombs()) {
    SCOPED_TRACE(bomb.name);
    std::string input;
    for (int i = 0; i < 300; ++i) input += MatchLine(i);
    input += bomb.match_line + "\n";
    for (int i = 300; i < 600; ++i) input += MatchLine(i);
    ShellResult r = RunKijiShell("match --jsonl", input);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("stdin line 301: nested too deeply (limit 64)"),
              std::string::npos)
        << r.err;
    std::vector<json> rows = ParseJsonLines(r.out);
    ASSERT_EQ(rows.size(), 601u);
    const std::vector<std::string> lines = Lines(r.out);
    for (int i = 0; i < 300; ++i) ExpectMatchAnswer(rows[i], i);
    EXPECT_EQ(lines[300], kTooDeep);
    for (int i = 300; i < 600; ++i) ExpectMatchAnswer(rows[i + 1], i);
  }
}

// The limit is 64 levels, the line's object included; brackets inside
// strings do not count.
TEST(KijiStreamTest, ExtractNestingLimitIsSixtyFourLevels) {
  const std::string head = "{\"id\":\"edge\",\"text\":\"来月\",\"d\":";
  const std::string input =
      head + Arrays(63, true) + "}\n" +  // 64 levels
      head + Arrays(64, true) + "}\n" +  // 65
      head + Objects(63, true) + "}\n" + head + Objects(64, true) + "}\n" +
      "{\"id\":\"s\",\"text\":\"" + Repeat("[{", 100) + "\\\"[\"}\n";
  ShellResult r = RunKijiShell("extract --jsonl --quiet", input);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 5u) << r.out;
  const std::vector<std::string> lines = Lines(r.out);
  EXPECT_EQ(rows[0]["id"], "edge");
  EXPECT_EQ(rows[0]["d"].dump(), Arrays(63, true));
  EXPECT_EQ(lines[1],
            "{\"line\":2,\"error\":\"nested too deeply (limit 64)\"}");
  EXPECT_EQ(rows[2]["id"], "edge");
  EXPECT_EQ(rows[2]["d"].dump(), Objects(63, true));
  EXPECT_EQ(lines[3],
            "{\"line\":4,\"error\":\"nested too deeply (limit 64)\"}");
  EXPECT_EQ(rows[4]["id"], "s");
  EXPECT_TRUE(rows[4].contains("entities"));
}

// A line without a string "text" is answered in its place, with its id when
// it has one; a line without "id" is not an error (its answer has no id).
// Blank lines get no answer but count in line numbers.
TEST(KijiStreamTest, ExtractMissingIdOrText) {
  const std::string input = ExtractLine(0) +
                            "{\"id\":\"n1\"}\n"
                            "\n"
                            "{\"id\":{\"k\":[1]},\"text\":5,\"src\":1}\n" +
                            ExtractLine(1) +
                            "[1,2]\n"
                            "{\"text\":\"来月\",\"date\":\"2024-08-19\"}\n"
                            "\"just a string\"\n" +
                            ExtractLine(2);
  ShellResult r = RunKijiShell("extract --jsonl --quiet", input);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 8u) << r.out;
  const std::vector<std::string> lines = Lines(r.out);
  ExpectExtractAnswer(rows[0], 0);
  EXPECT_EQ(lines[1],
            "{\"id\":\"n1\",\"line\":2,\"error\":\"no string field "
            "\\\"text\\\"\"}");
  EXPECT_EQ(lines[2],
            "{\"id\":{\"k\":[1]},\"line\":4,\"error\":\"no string field "
            "\\\"text\\\"\"}");
  ExpectExtractAnswer(rows[3], 1);
  EXPECT_EQ(lines[4], "{\"line\":6,\"error\":\"not a JSON object\"}");
  EXPECT_FALSE(rows[5].contains("id"));
  EXPECT_EQ(rows[5]["date"], "2024-08-19");
  ASSERT_EQ(rows[5]["entities"].size(), 1u) << lines[5];
  EXPECT_EQ(rows[5]["entities"][0]["norm"], "2024-09");
  EXPECT_EQ(lines[6], "{\"line\":8,\"error\":\"not a JSON object\"}");
  ExpectExtractAnswer(rows[7], 2);
  // The reasons are on stderr too, for a reader of the log.
  for (const char* m :
       {"stdin line 2: no string field \"text\"",
        "stdin line 4: no string field \"text\"",
        "stdin line 6: not a JSON object", "stdin line 8: not a JSON object"}) {
    EXPECT_NE(r.err.find(m), std::string::npos) << m << "\n" << r.err;
  }
}

TEST(KijiStreamTest, ExtractInvalidJson) {
  const std::string input = ExtractLine(0) +
                            "not json\n"
                            "{\"id\":\"cut\",\"text\":\"来月\"\n"
                            "[1e999]\n" +
                            ExtractLine(1);
  ShellResult r = RunKijiShell("extract --jsonl --quiet", input);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 5u) << r.out;
  const std::vector<std::string> lines = Lines(r.out);
  ExpectExtractAnswer(rows[0], 0);
  EXPECT_EQ(lines[1],
            "{\"line\":2,\"error\":\"not valid JSON (syntax error at byte "
            "2)\"}");
  EXPECT_EQ(rows[2]["line"], 3);
  EXPECT_FALSE(rows[2].contains("id"));  // the line did not parse
  EXPECT_EQ(rows[2]["error"].get<std::string>().rfind("not valid JSON", 0), 0u);
  EXPECT_EQ(lines[3],
            "{\"line\":4,\"error\":\"not valid JSON (number overflow parsing "
            "'1e999')\"}");
  ExpectExtractAnswer(rows[4], 1);
  EXPECT_NE(r.err.find("stdin line 2: not valid JSON"), std::string::npos)
      << r.err;
}

TEST(KijiStreamTest, MatchMissingFieldsAndInvalidJson) {
  const std::string input =
      MatchLine(0) +
      "{\"id\":7,\"a\":\"ジョン\"}\n"
      "{\"b\":\"John\",\"row\":1}\n"
      "not json\n"
      "{\"id\":\"t\",\"a\":\"ジョン\",\"b\":\"John\",\"type\":\"PLANET\"}\n"
      "\n"
      "[\"a\",\"b\"]\n" +
      MatchLine(1);
  ShellResult r = RunKijiShell("match --jsonl", input);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 7u) << r.out;
  const std::vector<std::string> lines = Lines(r.out);
  ExpectMatchAnswer(rows[0], 0);
  EXPECT_EQ(lines[1],
            "{\"id\":7,\"line\":2,\"error\":\"needs string fields \\\"a\\\" "
            "and \\\"b\\\"\"}");
  EXPECT_EQ(lines[2],
            "{\"line\":3,\"error\":\"needs string fields \\\"a\\\" and "
            "\\\"b\\\"\"}");
  EXPECT_EQ(lines[3],
            "{\"line\":4,\"error\":\"not valid JSON (syntax error at byte "
            "2)\"}");
  EXPECT_EQ(lines[4],
            "{\"id\":\"t\",\"line\":5,\"error\":\"\\\"type\\\" must be "
            "PERSON, COMPANY, ORG or PRODUCT\"}");
  EXPECT_EQ(lines[5], "{\"line\":7,\"error\":\"not a JSON object\"}");
  ExpectMatchAnswer(rows[6], 1);
  for (const char* m :
       {"stdin line 2: needs string fields",
        "stdin line 3: needs string fields", "stdin line 4: not valid JSON",
        "stdin line 5: \"type\" must be", "stdin line 7: not a JSON object"}) {
    EXPECT_NE(r.err.find(m), std::string::npos) << m << "\n" << r.err;
  }
}

// Output that cannot be written (disk full) is a failed run, exit 3, not a
// success with answers missing.
TEST(KijiStreamTest, WriteFailureExitsThree) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  ShellResult extract =
      RunKijiShell("extract --jsonl --quiet >/dev/full", ExtractLine(0));
  EXPECT_EQ(extract.exit_code, 3) << extract.err;
  EXPECT_NE(extract.err.find("stdout: write failed"), std::string::npos)
      << extract.err;
  ShellResult match = RunKijiShell("match --jsonl >/dev/full", MatchLine(0));
  EXPECT_EQ(match.exit_code, 3) << match.err;
  EXPECT_NE(match.err.find("stdout: write failed"), std::string::npos)
      << match.err;
}

}  // namespace
