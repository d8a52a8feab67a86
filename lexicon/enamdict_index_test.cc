#include "lexicon/enamdict_index.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "unicode/ucnv.h"
#include "unicode/unistr.h"

namespace kiji::lexicon {
namespace {

// Per process: CTest runs each test in its own process, in parallel, and the
// fixture of one must not remove the files another is reading.
std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/kiji_enamdict_" +
         std::to_string(::getpid()) + "_" + name;
}

// Writes `utf8` converted to EUC-JP.
void WriteEucJp(const std::string& path, const std::string& utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open("EUC-JP", &status);
  ASSERT_TRUE(U_SUCCESS(status));
  std::string out(static_cast<size_t>(u.length()) * 4 + 16, '\0');
  int32_t len = ucnv_fromUChars(conv, out.data(),
                                static_cast<int32_t>(out.size()),
                                u.getBuffer(), u.length(), &status);
  ucnv_close(conv);
  ASSERT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(len));
  std::ofstream(path, std::ios::binary) << out;
}

constexpr char kFixture[] =
    "　？？？ /ENAMDICT - Japanese Proper Name Dictionary File/\n"
    "シュルマン /(u) Schulman/Shulman/\n"
    "マイクロソフト /(c) Microsoft/\n"
    "ジョン /(g) Jon/John/\n"
    "ジョン /(s) Jon/\n"
    "ロベール /(s,m) Robert/Roberts/\n"
    "アイシス /(f) Isis/(o) Islamic State of Iraq and Syria/ISIS/\n"
    "アサヒ・ビール /(pr) Asahi beer/(c) Asahi Breweries, Ltd./\n"
    "ＧＥ [ジーイー] /(c) General Electric/GE/\n"
    "山田 [やまだ] /(s) Yamada/\n"
    "太郎 [たろう] /(m) Tarou/\n"
    "大名艮 [だいなごん] /(p) Dainagon/\n"
    "アクレ /(p) Akure (Nigeria)/(p) Acre (Brazil)/\n"
    "ジョン・スミス /(h) John Smith/\n"
    "broken line without slashes\n";

class EnamdictIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    in_ = TempPath("fixture.eucjp");
    out_ = TempPath("fixture.idx");
    WriteEucJp(in_, kFixture);
    ASSERT_TRUE(BuildEnamdictIndex(in_, out_).ok());
    auto loaded = EnamdictIndex::Load(out_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    index_ = std::move(loaded).value().release();
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
    std::remove(in_.c_str());
    std::remove(out_.c_str());
  }
  static std::string in_, out_;
  static EnamdictIndex* index_;
};
std::string EnamdictIndexTest::in_;
std::string EnamdictIndexTest::out_;
EnamdictIndex* EnamdictIndexTest::index_ = nullptr;

TEST_F(EnamdictIndexTest, TagsAreUnionOfLinesAndSenses) {
  EXPECT_EQ(index_->Tags("シュルマン"), kUnclassified);
  EXPECT_EQ(index_->Tags("マイクロソフト"), kCompany);
  EXPECT_EQ(index_->Tags("ジョン"), kGiven | kSurname);
  EXPECT_EQ(index_->Tags("ロベール"), kSurname | kGiven | kMale);
  EXPECT_EQ(index_->Tags("アイシス"), kGiven | kFemale | kOrg);
  EXPECT_EQ(index_->Tags("ジョン・スミス"), kFullName);
  EXPECT_EQ(index_->Tags("アクレ"), kPlace);
  EXPECT_EQ(index_->Tags("存在しない"), 0u);
}

TEST_F(EnamdictIndexTest, KanjiNamesKeepTagsOnly) {
  EXPECT_EQ(index_->Tags("山田"), kSurname);
  EXPECT_EQ(index_->Tags("太郎"), kGiven | kMale);
  EXPECT_TRUE(index_->Romanisations("山田").empty());
  // Kanji place names are not kept.
  EXPECT_EQ(index_->Tags("大名艮"), 0u);
}

TEST_F(EnamdictIndexTest, HeadwordsAreNfkcAndCompanyReadingsIndexed) {
  EXPECT_EQ(index_->Tags("GE"), kCompany);
  EXPECT_EQ(index_->Tags("ＧＥ"), 0u);  // callers pass NFKC text
  EXPECT_EQ(index_->Tags("ジーイー"), kCompany);
  std::vector<std::string_view> r = index_->Romanisations("GE");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0], "general electric");
}

TEST_F(EnamdictIndexTest, Romanisations) {
  EXPECT_EQ(index_->Romanisations("シュルマン"),
            (std::vector<std::string_view>{"schulman", "shulman"}));
  EXPECT_EQ(index_->Romanisations("アクレ"),
            (std::vector<std::string_view>{"akure", "acre"}));
  // Company first names come first, before other glosses.
  std::vector<std::string_view> asahi = index_->Romanisations("アサヒ・ビール");
  ASSERT_EQ(asahi.size(), 2u);
  EXPECT_EQ(asahi[0], "asahi beer");
  EXPECT_EQ(asahi[1], "asahi breweries, ltd.");
}

TEST_F(EnamdictIndexTest, ReverseLookup) {
  EXPECT_EQ(index_->KatakanaFor("schulman"),
            (std::vector<std::string_view>{"シュルマン"}));
  EXPECT_EQ(index_->KatakanaFor("jon"),
            (std::vector<std::string_view>{"ジョン"}));
  EXPECT_TRUE(index_->KatakanaFor("Schulman").empty());  // stored lower-case
  EXPECT_TRUE(index_->KatakanaFor("nobody").empty());
  // GE is a Latin headword: a company, but not katakana.
  EXPECT_TRUE(index_->KatakanaFor("general electric").size() == 1);
  std::vector<std::string_view> ge =
      index_->HeadwordsFor("general electric", kCompany);
  EXPECT_EQ(ge.size(), 2u);  // "GE" and its reading "ジーイー"
  EXPECT_TRUE(index_->HeadwordsFor("microsoft", kSurname).empty());
}

TEST_F(EnamdictIndexTest, RomanTagsIsUnionOverHeadwordsThatListIt) {
  // "jon": ジョン (given name and surname).
  EXPECT_EQ(index_->RomanTags("jon"), kGiven | kSurname);
  // "general electric": GE and its reading ジーイー.
  EXPECT_EQ(index_->RomanTags("general electric"), kCompany);
  EXPECT_EQ(index_->RomanTags("nobody"), 0u);
  EXPECT_EQ(index_->RomanTags("Jon"), 0u);  // stored lower-case
  for (std::string_view latin :
       {"schulman", "robert", "isis", "asahi beer", "john smith", "acre"}) {
    uint32_t expected = 0;
    for (std::string_view h : index_->HeadwordsFor(latin, ~0u)) {
      expected |= index_->Tags(h);
    }
    EXPECT_NE(expected, 0u) << latin;
    EXPECT_EQ(index_->RomanTags(latin), expected) << latin;
  }
}

// Lookups are hash probes: every headword and romanisation of a larger
// index is found, keys that share long prefixes with them are not.
TEST(EnamdictIndexHashTest, FindsEveryKeyOfALargerIndex) {
  std::string text = "kiji-enamdict-index 2\n";
  std::vector<std::string> heads;
  for (int i = 0; i < 3000; ++i) heads.push_back("ア" + std::to_string(i));
  std::sort(heads.begin(), heads.end());
  for (size_t i = 0; i < heads.size(); ++i) {
    text += heads[i] + "\t" + (i % 2 ? "1" : "2") + "\tr" + heads[i].substr(3) +
            "\n";
  }
  text += "#reverse\n";
  std::vector<std::pair<std::string, size_t>> reverse;
  for (size_t i = 0; i < heads.size(); ++i) {
    reverse.emplace_back("r" + heads[i].substr(3), i);
  }
  std::sort(reverse.begin(), reverse.end());
  for (const auto& [roman, rec] : reverse) {
    text += roman + "\t" + std::to_string(rec) + "\n";
  }
  const std::string path = TempPath("hash.idx");
  std::ofstream(path, std::ios::binary) << text;
  auto loaded = EnamdictIndex::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const EnamdictIndex& index = **loaded;
  EXPECT_EQ(index.size(), heads.size());
  for (size_t i = 0; i < heads.size(); ++i) {
    const uint32_t tags = i % 2 ? kSurname : kGiven;
    ASSERT_EQ(index.Tags(heads[i]), tags) << heads[i];
    const std::string roman = "r" + heads[i].substr(3);
    ASSERT_EQ(index.RomanTags(roman), tags) << roman;
    ASSERT_EQ(index.HeadwordsFor(roman, ~0u),
              (std::vector<std::string_view>{heads[i]}));
  }
  EXPECT_EQ(index.Tags("ア"), 0u);
  EXPECT_EQ(index.Tags("ア3000"), 0u);
  EXPECT_EQ(index.Tags("ア10x"), 0u);
  EXPECT_EQ(index.RomanTags("r3000"), 0u);
  EXPECT_TRUE(index.HeadwordsFor("r", ~0u).empty());
  std::remove(path.c_str());
}

TEST(EnamdictIndexErrorTest, MissingInputIsNotFound) {
  absl::Status s = BuildEnamdictIndex("/nonexistent/enamdict", TempPath("x"));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(EnamdictIndex::Load("/nonexistent/index").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(EnamdictIndexErrorTest, NoRecordIsDataLoss) {
  std::string in = TempPath("empty.eucjp");
  std::ofstream(in) << "nothing useful here\n";
  EXPECT_EQ(BuildEnamdictIndex(in, TempPath("empty.idx")).code(),
            absl::StatusCode::kDataLoss);
  std::remove(in.c_str());
}

TEST(EnamdictIndexErrorTest, BadHeaderAndBadRecord) {
  std::string p = TempPath("bad.idx");
  std::ofstream(p) << "not an index\n";
  EXPECT_EQ(EnamdictIndex::Load(p).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::ofstream(p, std::ios::trunc) << "kiji-enamdict-index 2\nfoo\tzz\t\n";
  EXPECT_EQ(EnamdictIndex::Load(p).status().code(),
            absl::StatusCode::kDataLoss);
  std::remove(p.c_str());
}

TEST(EnamdictIndexRealTest, RealDictionaryWhenPresent) {
  const std::string dict = "/usr/share/edict/enamdict";
  if (!std::ifstream(dict)) GTEST_SKIP() << dict << " not installed";
  std::string out = TempPath("real.idx");
  ASSERT_TRUE(BuildEnamdictIndex(dict, out).ok());
  // No timing here: speed is for scripts/bench.sh (a time limit means
  // nothing under sanitizers or on a loaded machine).
  auto loaded = EnamdictIndex::Load(out);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const EnamdictIndex& index = **loaded;
  EXPECT_GT(index.size(), 100000u);
  EXPECT_NE(index.Tags("マイクロソフト") & kCompany, 0u);
  EXPECT_NE(index.Tags("山田") & kSurname, 0u);
  std::vector<std::string_view> k = index.KatakanaFor("schulman");
  EXPECT_NE(std::find(k.begin(), k.end(), "シュルマン"), k.end());
  std::remove(out.c_str());
}

}  // namespace
}  // namespace kiji::lexicon
