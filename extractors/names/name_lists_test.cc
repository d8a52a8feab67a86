// The word lists of the name extractor (name_lists.h) and the lookup
// tables built from them.
#include "extractors/names/name_lists.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "lexicon/word_lists.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorTest;

// Keyword lists are looked up by the first (last) character of the text
// they begin (end): the longest word wins among words that share it
// (責任者, 最高技術責任者, 研究者 ... all end in 者; Inc, Inc., Industries,
// Insurance all begin with I).
TEST_F(NameExtractorTest, KeywordListsSharingCharacters) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"当社の最高技術責任者のペトロフが語った。",
             {Has("ペトロフ", kPerson)}},
            {"主任研究員のペトロフが語った。", {Has("ペトロフ", kPerson)}},
            {"ロペス代表取締役は計画を撤回した。", {Has("ロペス", kPerson)}},
            {"ロペス元社長は計画を撤回した。", {Has("ロペス", kPerson)}},
            {"Lumora Industriesは新工場を建てた。",
             {Has("Lumora Industries", kCompany)}},
            {"Lumora Inc.は新工場を建てた。", {Has("Lumora Inc.", kCompany)}},
            {"Lumora Insuranceは新工場を建てた。",
             {Has("Lumora Insurance", kCompany)}},
            {"ミライテック(株)は新工場を建てた。",
             {Has("ミライテック(株)", kCompany)}},
            {"昨年はカンナ精機が上場した。", {Has("カンナ精機", kCompany)}},
            {"『ルナ・ノヴァ』が公開された。ルナ・ノヴァは話題だ。",
             {Lacks("ルナ・ノヴァ", kPerson)}},
            {"ルナ・ノヴァは話題だ。", {Has("ルナ・ノヴァ", kPerson)}},
        });
}

// The stem-suffix prefilter must let through every suffix, alone and with
// text after it, and should reject common non-suffix starts.
TEST(NameExtractorPrefilterTest, StemSuffixFilterPassesEverySuffix) {
  auto lists = NameLists::Load(std::string(KIJI_DATA_BUILD_DIR) + "/names");
  ASSERT_TRUE(lists.ok()) << lists.status();
  std::vector<std::string_view> words = (*lists)->stem_company_suffixes.words();
  for (std::string_view w : (*lists)->stem_company_suffixes_weak.words()) {
    words.push_back(w);
  }
  ASSERT_GE(words.size(), 30u);
  for (std::string_view w : words) {
    EXPECT_TRUE((*lists)->MayBeginStemSuffix(w)) << w;
    const std::string more = std::string(w) + "ホールディングスは";
    EXPECT_TRUE((*lists)->MayBeginStemSuffix(more)) << more;
  }
  EXPECT_FALSE((*lists)->MayBeginStemSuffix(""));
  // Characters that begin no suffix: mostly rejected (a filter may let a
  // few through, but these particles and kana must not all pass).
  int passed = 0;
  for (std::string_view s : {"は", "の", "を", "が", "、", "。", "サクラ",
                             "ABC", "東京", "株式会社", "ひびき"}) {
    passed += (*lists)->MayBeginStemSuffix(s);
  }
  EXPECT_LE(passed, 2);
}

// The first/last-character indexes behind Contains, LongestPrefixOf and
// LongestSuffixOf (with their bit filters) find every word of every list
// as itself.
TEST(NameExtractorPrefilterTest, KeywordLookupsFindEveryWord) {
  auto lists = NameLists::Load(std::string(KIJI_DATA_BUILD_DIR) + "/names");
  ASSERT_TRUE(lists.ok()) << lists.status();
  size_t words = 0;
  for (const lexicon::WordList* list : (*lists)->All()) {
    SCOPED_TRACE(list->origin());
    for (std::string_view w : list->words()) {
      EXPECT_TRUE(list->Contains(w)) << w;
      EXPECT_EQ(list->LongestPrefixOf(w), w);
      EXPECT_EQ(list->LongestSuffixOf(w), w);
      ++words;
    }
  }
  EXPECT_GE(words, 1500u);
}

// The kanji suffix table answers as the three lists it is built from.
TEST(NameExtractorPrefilterTest, KanjiSuffixTableMatchesItsLists) {
  auto lists = NameLists::Load(std::string(KIJI_DATA_BUILD_DIR) + "/names");
  ASSERT_TRUE(lists.ok()) << lists.status();
  const NameLists& l = **lists;
  for (const lexicon::WordList* list :
       {&l.kanji_company_suffixes, &l.kanji_org_suffixes,
        &l.kanji_company_suffixes_weak, &l.generic_stem_endings}) {
    for (std::string_view w : list->words()) {
      SCOPED_TRACE(w);
      const uint8_t bits = l.KanjiSuffixes(w);
      EXPECT_EQ((bits & kCompanySuffix) != 0,
                l.kanji_company_suffixes.Contains(w));
      EXPECT_EQ((bits & kOrgSuffix) != 0, l.kanji_org_suffixes.Contains(w));
      EXPECT_EQ((bits & kWeakCompanySuffix) != 0,
                l.kanji_company_suffixes_weak.Contains(w));
    }
  }
  EXPECT_EQ(l.KanjiSuffixes("は"), 0);
  EXPECT_EQ(l.KanjiSuffixes(""), 0);
}

}  // namespace
}  // namespace kiji::extractors
