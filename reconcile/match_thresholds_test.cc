#include "reconcile/match_thresholds.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "reconcile/name_matcher.h"

#ifndef KIJI_SOURCE_DIR
#define KIJI_SOURCE_DIR "."
#endif

namespace kiji::reconcile {
namespace {

using corpus::EntityType;

MatchThresholds MustParse(const std::string& text) {
  auto t = MatchThresholds::Parse(text, "t.tsv");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : MatchThresholds();
}

TEST(MatchThresholdsTest, RowsHoldUpToTheNextRow) {
  const MatchThresholds t = MustParse(
      "# comment\n"
      "kana\t2\t0.80\r\n"
      "\n"
      "kana\t4\t0.70\n"
      "kana\t6\t0.60\n"
      "latin-kana\t3\t0.85\n");
  EXPECT_FALSE(t.empty());
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 1, 0.75), 0.80);  // shortest
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 2, 0.75), 0.80);
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 3, 0.75), 0.80);  // gap
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 4, 0.75), 0.70);
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 5, 0.75), 0.70);
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 6, 0.75), 0.60);
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kKana, 40, 0.75), 0.60);  // longest
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kLatinKana, 1, 0.75), 0.85);
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kLatinKana, 9, 0.75), 0.85);
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kOther, 3, 0.75), 0.75);
}

TEST(MatchThresholdsTest, AKindWithNoRowUsesTheFlatThreshold) {
  const MatchThresholds t = MustParse("kana\t1\t0.9\n");
  EXPECT_DOUBLE_EQ(t.For(PartPairKind::kLatinKana, 3, 0.75), 0.75);
  const MatchThresholds empty = MustParse("# nothing\n");
  EXPECT_TRUE(empty.empty());
  EXPECT_DOUBLE_EQ(empty.For(PartPairKind::kKana, 3, 0.7), 0.7);
}

TEST(MatchThresholdsTest, BadLinesNameTheFileAndLine) {
  struct Case {
    const char* text;
    const char* want;  // in the message
  } cases[] = {
      {"kana\t2\n", "t.tsv:1: expected KIND<TAB>MORAE<TAB>THRESHOLD"},
      {"# c\nkanji\t2\t0.8\n", "t.tsv:2: unknown kind \"kanji\""},
      {"kana\t0\t0.8\n", "morae \"0\""},
      {"kana\t65\t0.8\n", "morae \"65\""},
      {"kana\tx\t0.8\n", "morae \"x\""},
      {"kana\t2\t0\n", "threshold \"0\""},
      {"kana\t2\t1.5\n", "threshold \"1.5\""},
      {"kana\t2\tnan\n", "threshold \"nan\""},
      {"kana\t2\t0.8\nkana\t2\t0.7\n", "t.tsv:2: kana 2 given twice"},
      {"kana 2 0.8\n", "t.tsv:1: expected"},
  };
  for (const Case& c : cases) {
    auto t = MatchThresholds::Parse(c.text, "t.tsv");
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_NE(std::string(t.status().message()).find(c.want),
              std::string::npos)
        << t.status() << " / want " << c.want;
  }
}

TEST(MatchThresholdsTest, MissingFileIsAnError) {
  auto t = MatchThresholds::Load("/nonexistent/match_thresholds.tsv");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(std::string(t.status().message()).find("/nonexistent/"),
            std::string::npos);
}

TEST(MatchThresholdsTest, TheShippedTableLoads) {
  auto t = MatchThresholds::Load(std::string(KIJI_SOURCE_DIR) +
                                 "/data/names/match_thresholds.tsv");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_FALSE(t->empty());
  for (int morae = 1; morae <= 12; ++morae) {
    for (PartPairKind kind : {PartPairKind::kKana, PartPairKind::kLatinKana}) {
      const double v = t->For(kind, morae, 0.75);
      EXPECT_GE(v, 0.6) << PartPairKindName(kind) << " " << morae;
      EXPECT_LE(v, 0.95) << PartPairKindName(kind) << " " << morae;
    }
  }
}

class ThresholdedMatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Short katakana names need more than the flat 0.75, long ones less.
    table_ = MustParse(
        "kana\t1\t0.85\n"
        "kana\t5\t0.65\n"
        "latin-kana\t1\t0.90\n");
    NameMatcherOptions options;
    options.thresholds = &table_;
    auto m = NameMatcher::Create(options);
    ASSERT_TRUE(m.ok());
    matcher_ = *std::move(m);
    auto flat = NameMatcher::Create(NameMatcherOptions());
    ASSERT_TRUE(flat.ok());
    flat_ = *std::move(flat);
  }
  MatchThresholds table_;
  std::unique_ptr<NameMatcher> matcher_, flat_;
};

TEST_F(ThresholdedMatcherTest, LongNamesMayDifferMore) {
  // Five morae, an r-mora inserted: 0.74 with the costs of the flat
  // threshold.
  const NameMatch flat = flat_->Match("カスティーヤ", "カスティーリヤ",
                                      EntityType::kPerson);
  const NameMatch m = matcher_->Match("カスティーヤ", "カスティーリヤ",
                                      EntityType::kPerson);
  EXPECT_DOUBLE_EQ(m.score, flat.score);  // the score does not change
  ASSERT_GT(flat.score, 0.65);
  ASSERT_LT(flat.score, 0.75);
  EXPECT_EQ(m.basis, "kana 5");
  EXPECT_DOUBLE_EQ(m.threshold, 0.65);
  EXPECT_DOUBLE_EQ(flat.threshold, 0.75);
  EXPECT_TRUE(m.same) << m.why;
  EXPECT_FALSE(flat.same) << flat.why;
}

TEST_F(ThresholdedMatcherTest, ShortNamesNeedMore) {
  // Four morae, one final consonant apart (フ/ン): 0.75.
  const NameMatch flat = flat_->Match("マルコフ", "マルコン", EntityType::kPerson);
  const NameMatch m = matcher_->Match("マルコフ", "マルコン", EntityType::kPerson);
  ASSERT_GE(flat.score, 0.75);
  ASSERT_LT(flat.score, 0.85);
  EXPECT_TRUE(flat.same) << flat.why;
  EXPECT_FALSE(m.same) << m.why;
  EXPECT_EQ(m.basis, "kana 4");
  EXPECT_DOUBLE_EQ(m.threshold, 0.85);
  EXPECT_FALSE(matcher_->IsCloseCall(m));  // 0.10 below its threshold
  EXPECT_TRUE(flat_->IsCloseCall(flat));
}

TEST_F(ThresholdedMatcherTest, PartsOfAFullNameNeverNeedMoreThanTheFlatThreshold) {
  // The given names alone would need 0.85 (short kana); beside an identical
  // surname they need the flat 0.75.
  const NameMatch lone = matcher_->Match("マルコフ", "マルコン", EntityType::kPerson);
  const NameMatch full = matcher_->Match(
      "マルコフ・イワノフ", "マルコン・イワノフ", EntityType::kPerson);
  EXPECT_FALSE(lone.same);
  EXPECT_TRUE(full.same) << full.why;
  EXPECT_DOUBLE_EQ(full.threshold, 0.75);
  EXPECT_EQ(full.basis, "kana 4");
  EXPECT_DOUBLE_EQ(full.score, lone.score);  // the deciding part: given name
}

TEST_F(ThresholdedMatcherTest, LatinAgainstKanaUsesItsOwnRows) {
  const NameMatch m = matcher_->Match("Carol", "カレル", EntityType::kPerson);
  EXPECT_EQ(m.basis, "latin-kana 3");
  EXPECT_DOUBLE_EQ(m.threshold, 0.90);
  EXPECT_EQ(m.same, m.score >= 0.90) << m.why;
}

TEST_F(ThresholdedMatcherTest, CompaniesKeepTheFlatThreshold) {
  const NameMatch m =
      matcher_->Match("カリル", "カレル", EntityType::kCompany);
  EXPECT_DOUBLE_EQ(m.threshold, 0.75);
}

}  // namespace
}  // namespace kiji::reconcile
