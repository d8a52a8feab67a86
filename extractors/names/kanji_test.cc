// Kanji names over MeCab tokens (kanji.cc).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kOrg;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorEnamdictTest;
using name_testing::NameExtractorTest;

// MeCab reads a rare given name as a known one plus a kanji: the name runs
// up to the title.
TEST_F(NameExtractorTest, KanjiGivenNameUpToTheTitle) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"同社の佐藤淳義社長は語った。",
                 {Has("佐藤淳義", kPerson), Lacks("佐藤淳")}},
                {"山本一義郎社長が登壇した。", {Has("山本一義郎", kPerson)}},
                // A prefix of the title is no part of the name.
                {"山田太郎元会長が語った。",
                 {Has("山田太郎", kPerson), Lacks("山田太郎元")}},
                {"鈴木健一郎会長が語った。", {Has("鈴木健一郎", kPerson)}},
                // The last kanji of the given name read as a prefix (平) or
                // an adjective stem (偉) before the title.
                {"小池翔平投手が先発した。",
                 {Has("小池翔平", kPerson), Lacks("小池翔", kPerson)}},
                {"同社の王揚偉社長は増産を決めた。",
                 {Has("王揚偉", kPerson), Lacks("王揚", kPerson)}},
                // A prefix of the title is still no part of the name.
                {"山田太郎旧社長が語った。",
                 {Has("山田太郎", kPerson), Lacks("山田太郎旧")}},
                // ... read as a サ変 noun (介) before 容疑者; a suffix (都,
                // 府) before a title stays out.
                {"無職、森田康介容疑者（34）を逮捕した。",
                 {Has("森田康介", kPerson), Lacks("森田康", kPerson)}},
                {"小池百合子都知事は会見した。",
                 {Has("小池百合子", kPerson), Lacks("小池百合子都")}},
                {"吉村洋文府知事が述べた。",
                 {Has("吉村洋文", kPerson), Lacks("吉村洋文府")}},
                // After a one-character given name, a numeral or a common
                // suffix is its second character (安倍晋+三, 高木守+道,
                // 青木崇+高).
                {"安倍晋三首相は3日、官邸で記者団の質問に答えた。",
                 {Has("安倍晋三", kPerson), Lacks("安倍晋", kPerson)}},
                {"高木守道氏が語った。", {Has("高木守道", kPerson)}},
                {"青木崇高さんが出演した。", {Has("青木崇高", kPerson)}},
            });
}

// An office written before a kanji name lets the name start inside a kanji
// run (町長+太田順一), and one after it makes a person of a surname a
// company shares.
TEST_F(NameExtractorTest, OfficesAroundAKanjiName) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"菊川町の町長太田順一氏が式典であいさつした。",
                 {Has("太田順一", kPerson), Lacks("太田", kCompany)}},
                {"藩主一柳直盛が入封した。", {Has("一柳直盛", kPerson)}},
                {"国王ジェームズ2世が追放された。",
                 {Has("ジェームズ2世", kPerson)}},
            });
}

// Token shapes (all kanji, all katakana) and features asked of the same
// token by several rules, and of tokens asked again as the start and the
// inside of kanji runs: each answer is the same every time.
// 軍 after a place or a proper noun ends an organisation (an army); after a
// common noun (援軍, 反乱軍) or as part of a title (将軍) it does not.
TEST_F(NameExtractorTest, ArmiesAreOrganisations) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"ギリシア軍が上陸した。", {Has("ギリシア軍", kOrg)}},
                {"米軍が撤退した。", {Has("米軍", kOrg)}},
                {"援軍が到着した。", {Lacks("援軍", kOrg)}},
                {"反乱軍が首都を制圧した。", {Lacks("反乱軍", kOrg)}},
                {"将軍が命じた。", {Lacks("将軍", kOrg)}},
            });
}

TEST_F(NameExtractorTest, TokenShapesAskedByManyRules) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            // 姓 + 名 then a title, twice in one document.
            {"山田太郎社長が語った。山田太郎社長は笑った。",
             {Has("山田太郎", kPerson), Lacks("山田太郎社長")}},
            // Proper noun + suffix token; the ministry after one noun.
            {"財務省と京都大学が発表した。",
             {Has("財務省", kOrg), Has("京都大学", kOrg)}},
            // A katakana organisation token is a katakana run, not a kanji
            // organisation; the gazetteer span カンナ精機 crosses tokens.
            {"トヨタとカンナ精機が提携した。", {Has("カンナ精機", kCompany)}},
            // Kana between kanji: no all-kanji name run.
            {"山田さんは語った。", {Has("山田", kPerson)}},
        });
}

TEST_F(NameExtractorEnamdictTest, KanjiNameBoundaries) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"後半に松永陸斗が得点した。松永はこれが初得点だった。",
                 {Has("松永陸斗", kPerson), Lacks("松永陸", kPerson),
                  Has("松永", kPerson)}},
                {"田中太郎氏は語った。",
                 {Has("田中太郎", kPerson), Lacks("田中太郎氏")}},
                {"野党・国民民主党が反発した。", {Has("国民民主党", kOrg)}},
                {"与党民主党が反発した。", {Lacks("与党民主党")}},
            });
}

TEST_F(NameExtractorEnamdictTest, KanjiNamesSplitByEnamdict) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"菊大地会長は記者会見で語った。", {Has("菊大地", kPerson)}},
                {"港勇気氏が登壇した。", {Has("港勇気", kPerson)}},
                // Filling the parentheses after a company: its head.
                {"カンナ精機(菊大地)は増収だった。", {Has("菊大地", kPerson)}},
                // No context: not a name.
                {"菊大地の写真を見た。", {Lacks("菊大地", kPerson)}},
                {"(菊大地の写真)を見た。", {Lacks("菊大地", kPerson)}},
                // Places, common-noun compounds, a prefix before 社会: no
                // person before the title.
                {"米国大統領が来日した。", {Lacks("米国", kPerson)}},
                {"経済産業大臣が発言した。", {Lacks("経済産業", kPerson)}},
                {"中国国家主席が訪問した。", {Lacks("中国国家", kPerson)}},
                {"同社会長が語った。", {Lacks("同社", kPerson)}},
                // A surname MeCab splits into a numeral and a 姓 (十+倉,
                // 三+木谷): whole when ENAMDICT lists it, with a title.
                {"業界団体の十倉健一会長は賃上げを求めた。",
                 {Has("十倉健一", kPerson), Lacks("倉健一", kPerson)}},
                {"同社の三木谷真一社長は黒字化を急ぐ。",
                 {Has("三木谷真一", kPerson), Lacks("木谷真一", kPerson)}},
            });
}

}  // namespace
}  // namespace kiji::extractors
