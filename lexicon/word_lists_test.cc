#include "lexicon/word_lists.h"

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace kiji::lexicon {
namespace {

std::vector<std::string> Words(const WordList& list) {
  return std::vector<std::string>(list.words().begin(), list.words().end());
}

TEST(WordListTest, ParsesEntriesCommentsAndQuotes) {
  auto list = WordList::Parse(
      "\xEF\xBB\xBF# Test list: what it is for.\r\n"
      "# Source: a test.\n"
      "\n"
      "銀行\r\n"
      "信託銀行\n"
      "   \n"
      "\" said\"\n"
      "Inc.\n"
      "#  a comment between entries\n"
      "S.A.",
      "test.txt");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(Words(*list), (std::vector<std::string>{"銀行", "信託銀行", " said",
                                                    "Inc.", "S.A."}));
  EXPECT_EQ(list->origin(), "test.txt");
}

TEST(WordListTest, LookupsByFirstAndLastCharacter) {
  auto list = WordList::Parse(
      "# words sharing first and last characters\n"
      "研究所\n研究者\n最高技術責任者\n責任者\n者\nInc\nInc.\nIndustries\n",
      "t");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_TRUE(list->Contains("研究所"));
  EXPECT_TRUE(list->Contains("者"));
  EXPECT_FALSE(list->Contains("研究"));
  EXPECT_FALSE(list->Contains(""));
  EXPECT_EQ(list->LongestPrefixOf("Inc.は"), "Inc.");
  EXPECT_EQ(list->LongestPrefixOf("Incは"), "Inc");
  EXPECT_EQ(list->LongestPrefixOf("Industriesは"), "Industries");
  EXPECT_EQ(list->LongestPrefixOf("In"), "");
  EXPECT_EQ(list->LongestSuffixOf("当社の最高技術責任者"), "最高技術責任者");
  EXPECT_EQ(list->LongestSuffixOf("主任研究者"), "研究者");
  EXPECT_EQ(list->LongestSuffixOf("若者"), "者");
  EXPECT_EQ(list->LongestSuffixOf("研究"), "");
  EXPECT_EQ(list->LongestSuffixOf(""), "");
}

TEST(WordListTest, ConcatKeepsOrderAndDropsRepeats) {
  auto a = WordList::Parse("# a\n大学\n省\n", "a.txt");
  auto b = WordList::Parse("# b\n地裁\n省\n", "b.txt");
  ASSERT_TRUE(a.ok() && b.ok());
  const WordList both = WordList::Concat({&*a, &*b});
  EXPECT_EQ(Words(both), (std::vector<std::string>{"大学", "省", "地裁"}));
  EXPECT_TRUE(both.Contains("地裁"));
  EXPECT_EQ(both.origin(), "a.txt + b.txt");
}

// A moved list keeps its words and lookups (the views point into storage
// that moves with it).
TEST(WordListTest, SurvivesMoves) {
  auto parsed = WordList::Parse("# short words\na\nbc\n", "t");
  ASSERT_TRUE(parsed.ok());
  WordList list = std::move(parsed).value();
  std::vector<WordList> lists;
  lists.push_back(std::move(list));
  lists.emplace_back();
  lists.emplace_back();
  EXPECT_TRUE(lists[0].Contains("bc"));
  EXPECT_EQ(Words(lists[0]), (std::vector<std::string>{"a", "bc"}));
}

// Malformed files are errors that name the file and the line.
TEST(WordListTest, MalformedFilesNameFileAndLine) {
  const struct {
    const char* text;
    const char* message;
  } kCases[] = {
      {"", "bad.txt:1: empty file"},
      {"銀行\n", "bad.txt:1: expected a header comment"},
      {"\n# late header\n銀行\n", "bad.txt:1: expected a header comment"},
      {"# h\n銀行\n\xFF\xFE\n", "bad.txt:3: invalid UTF-8"},
      {"# h\n銀行 \n", "bad.txt:2: blank at the start or end"},
      {"# h\n\tInc\n", "bad.txt:2: blank at the start or end"},
      {"# h\nA\tB\n", "bad.txt:2: tab inside the entry"},
      {"# h\n\" said\n", "bad.txt:2: unclosed quote"},
      {"# h\n\"\"\n", "bad.txt:2: empty entry"},
      {"# h\n銀行\n証券\n銀行\n", "bad.txt:4: \"銀行\" is listed twice"},
      {"# h\n(株)\n㈱\n", "bad.txt:3: \"㈱\" is not NFKC-normalised"},
      {"# h\nＡＢＣ\n", "bad.txt:2: \"ＡＢＣ\" is not NFKC-normalised"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    auto list = WordList::Parse(c.text, "bad.txt");
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(list.status().message().find(c.message), std::string::npos)
        << list.status();
  }
}

TEST(WordListTest, MissingFileIsNotFound) {
  auto list = WordList::Load("/nonexistent/kiji/names/honorifics.txt");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(list.status().message().find(
                "cannot open /nonexistent/kiji/names/honorifics.txt"),
            std::string::npos)
      << list.status();
}

// Every word list of the source tree loads, and its lookups find each of
// its words as itself.
TEST(WordListTest, EveryDataFileLoads) {
  const std::filesystem::path dir =
      std::filesystem::path(KIJI_SOURCE_DIR) / "data" / "names";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    SCOPED_TRACE(entry.path().string());
    auto list = WordList::Load(entry.path().string());
    ASSERT_TRUE(list.ok()) << list.status();
    EXPECT_GT(list->size(), 0u);
    for (std::string_view w : list->words()) {
      EXPECT_TRUE(list->Contains(w)) << w;
      EXPECT_EQ(list->LongestPrefixOf(w), w);
      EXPECT_EQ(list->LongestSuffixOf(w), w);
    }
    ++files;
  }
  EXPECT_GE(files, 60u);
}

}  // namespace
}  // namespace kiji::lexicon
