// Stem + company suffix at the character level (suffix_stems.cc).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::Lacks;
using name_testing::NameExtractorTest;

// Stem + company suffix: katakana, hiragana, Latin and short kanji stems,
// chained suffixes and legal forms; generic modifiers are no names.
TEST_F(NameExtractorTest, CompanySuffixStems) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"コスモ電機ホールディングスは増収だった。",
           {Has("コスモ電機ホールディングス", kCompany)}},
          {"南北電機ホールディングスは新社長を選んだ。",
           {Has("南北電機ホールディングス", kCompany)}},
          {"コスモ電機HD、最高益を更新。", {Has("コスモ電機HD", kCompany)}},
          {"はなみずき銀行は合併を決めた。", {Has("はなみずき銀行", kCompany)}},
          {"(株)わかば信託は増配する。", {Has("(株)わかば信託", kCompany)}},
          {"株式会社すずらん証券が上場した。",
           {Has("株式会社すずらん証券", kCompany)}},
          {"株式会社やまばと銀行が上場した。",
           {Has("株式会社やまばと銀行", kCompany), Lacks("まばと銀行")}},
          {"北星銀行とはなみずき銀行が統合する。",
           {Has("北星銀行", kCompany), Has("はなみずき銀行", kCompany)}},
          {"ミナト証券の株価が上がった。", {Has("ミナト証券", kCompany)}},
          {"カエデ精工は受注を増やした。", {Has("カエデ精工", kCompany)}},
          {"ロータス・ブラザーズ証券が助言した。",
           {Has("ロータス・ブラザーズ証券", kCompany)}},
          {"XYZ証券の担当者が説明した。", {Has("XYZ証券", kCompany)}},
          {"北星銀行の頭取が会見した。", {Has("北星銀行", kCompany)}},
          // Generic modifiers, common nouns, words that go on.
          {"地方銀行や大手証券の再編が進む。",
           {Lacks("地方銀行"), Lacks("大手証券")}},
          {"中央銀行と投資銀行が協議した。",
           {Lacks("中央銀行"), Lacks("投資銀行")}},
          {"ネット銀行の利用者が増えた。", {Lacks("ネット銀行")}},
          {"その銀行の行員が説明した。", {Lacks("その銀行")}},
          {"銀行員が証券取引所を訪れた。",
           {Lacks("証券取引所"), Lacks("銀行員")}},
          {"石油化学と自動車工業の業界団体が会合を開いた。",
           {Lacks("石油化学"), Lacks("自動車工業")}},
          {"AI産業とIT銀行の話をした。", {Lacks("AI産業"), Lacks("IT銀行")}},
          {"米大手銀行が参入した。", {Lacks("米大手銀行"), Lacks("大手銀行")}},
          {"名古屋証券取引所に上場した。", {Lacks("名古屋証券")}},
          {"ハルカゼ南北証券が発表した。", {Lacks("南北証券")}},
          // A place before an industry word.
          {"欧州連合はロシア石油の輸入を禁止した。", {Lacks("ロシア石油")}},
      });
}

// Suffix stems whose suffix begins with a character of each list, strong
// and weak, still found behind the prefilter.
TEST_F(NameExtractorTest, StemSuffixesBehindPrefilter) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"ミナト信用金庫が融資した。", {Has("ミナト信用金庫", kCompany)}},
            {"カエデ重工業は受注を増やした。", {Has("カエデ重工業", kCompany)}},
            {"ミナト不動産が上場した。", {Has("ミナト不動産", kCompany)}},
            // A listed acronym + a region, found by the byte scan.
            {"昨日、KDR西日本が運賃を上げた。", {Has("KDR西日本", kCompany)}},
        });
}

}  // namespace
}  // namespace kiji::extractors
