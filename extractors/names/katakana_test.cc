// Candidate generation and typing of katakana names (katakana.cc,
// kKatakanaRules in decision.cc).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorEnamdictTest;
using name_testing::NameExtractorTest;

// Cases that need no ENAMDICT: structure, context, IPADIC, gazetteer.
TEST_F(NameExtractorTest, PersonWithoutEnamdict) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"マリア・ロドリゲス氏は記者会見で新方針を説明した。",
           {Has("マリア・ロドリゲス", kPerson), Lacks("氏")}},
          {"共同創業者のトーマス・ベッカーが退任した。",
           {Has("トーマス・ベッカー", kPerson)}},
          {"ベッカー氏は昨年から休暇を取っている。",
           {Has("ベッカー", kPerson)}},
          {"研究者のイヴァン・ペトロフは声明を出した。",
           {Has("イヴァン・ペトロフ", kPerson)}},
          {"ジャン=ピエール・デュボワ氏が来日した。",
           {Has("ジャン=ピエール・デュボワ", kPerson)}},
          {"ハンナ・シュミット教授によれば、結果は有望だ。",
           {Has("ハンナ・シュミット", kPerson)}},
          {"Hannah Schmidt氏が来日した。", {Has("Hannah Schmidt", kPerson)}},
          {"Novak氏は否定した。", {Has("Novak", kPerson)}},
          {"カール・ヴァイス(Karl Weiss)は物理学者だ。",
           {Has("カール・ヴァイス", kPerson), Has("Karl Weiss", kPerson)}},
          {"Marta Nowak(マルタ・ノヴァク)氏は辞任した。",
           {Has("Marta Nowak", kPerson), Has("マルタ・ノヴァク", kPerson)}},
          {"田中一郎氏は京都で講演した。", {Has("田中一郎", kPerson)}},
          {"佐藤教授は実験を続けた。",
           {Has("佐藤", kPerson), Lacks("佐藤教授")}},
          {"ロペスCEOは計画を撤回した。", {Has("ロペス", kPerson)}},
          {"エレナ・コワルスカ氏は研究所を率いる。コワルスカは論文を発表した。",
           {Has("エレナ・コワルスカ", kPerson), Has("コワルスカ", kPerson)}},
          {"ヴィクトル・オルロフは退任した。その後、オルロフ氏は沈黙した。",
           {Has("オルロフ", kPerson)}},
          // Negatives.
          {"ビジネス・インサイダーの報道によると、売上は増えた。",
           {Lacks("ビジネス・インサイダー")}},
          {"データ・サイエンティストが不足している。",
           {Lacks("データ・サイエンティスト")}},
          {"同氏は記者団に語った。", {Lacks("同氏"), Lacks("同")}},
          {"「ブルー・オーシャン」と呼ばれる戦略だ。",
           {Lacks("ブルー・オーシャン", kPerson)}},
          {"彼はChief Operating Officerに就任した。",
           {Lacks("Chief Operating Officer", kPerson)}},
          {"Machine Learningの講座が人気だ。", {Lacks("Machine Learning")}},
          {"マネージャーが会議に出た。", {Lacks("マネージャー")}},
          {"ソフトウェア・エンジニアの採用を増やす。",
           {Lacks("ソフトウェア・エンジニア")}},
          {"エレナ・コワルスカ氏は研究所を率いる。研究所のコワルスカヤ通りで。",
           {Lacks("コワルスカ", kCompany), Lacks("コワルスカヤ", kPerson)}},
      });
}

// Katakana names with no dictionary evidence: structure, verb clauses,
// copulas, a surname attested with an honorific elsewhere.
TEST_F(NameExtractorTest, KatakanaStructureAndClauses) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"ザルコ・ベリタンは新しい計画を明かした。",
           {Has("ザルコ・ベリタン", kPerson)}},
          {"その日、ザルコ・ベリタン・ドゥムスが会見した。",
           {Has("ザルコ・ベリタン・ドゥムス", kPerson)}},
          {"ゼファリオを設立したザルコ・ホワイトは語った。",
           {Has("ザルコ・ホワイト", kPerson)}},
          {"ゼファリオのCEOであるザルコ・ホワイトは語った。",
           {Has("ザルコ・ホワイト", kPerson)}},
          {"「ザルコ・グリーンの挑戦」が出版された。グリーン氏は否定した。",
           {Has("ザルコ・グリーン", kPerson), Has("グリーン", kPerson)}},
          {"ザルコ・ホワイトも出席した。", {Has("ザルコ・ホワイト", kPerson)}},
          {"Quorinを設立したMarek Dvorakは語った。",
           {Has("Marek Dvorak", kPerson)}},
          // Negatives.
          {"「ザルコ・ベリタン」という番組が始まった。",
           {Lacks("ザルコ・ベリタン", kPerson)}},
          {"番組「ザルコ・ベリタンの夜」が始まった。",
           {Lacks("ザルコ・ベリタン", kPerson)}},
          {"ザルコ・ベリタン社は新製品を出した。",
           {Lacks("ザルコ・ベリタン", kPerson)}},
          {"ザルコ・ベリタン大学で学んだ。",
           {Lacks("ザルコ・ベリタン", kPerson)}},
          {"ザルコ・ベリタンの開発元が発表した。",
           {Lacks("ザルコ・ベリタン", kPerson)}},
          {"ア・ベリタンが届いた。", {Lacks("ア・ベリタン", kPerson)}},
          {"ゼファリオが開発したザルコ・ホワイトの最新版は好評だ。",
           {Lacks("ザルコ・ホワイト", kPerson)}},
          {"「ザルコ・グリーンの挑戦」が出版された。",
           {Lacks("ザルコ・グリーン", kPerson)}},
          {"ザルコ・ベリタン・ホワイト・グリーンが届いた。",
           {Lacks("ザルコ・ベリタン・ホワイト・グリーン", kPerson)}},
          {"Quorinが開発したSilver Arrowは好評だ。",
           {Lacks("Silver Arrow", kPerson)}},
          {"ホワイト・ボードを買った。", {Lacks("ホワイト・ボード")}},
      });
}

// Katakana compounds of ordinary loanwords are no personal names, even
// when ENAMDICT lists the first word as a name.
TEST_F(NameExtractorEnamdictTest, LoanwordCompoundsAreNoNames) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"クラウド・コンピューティングの市場が拡大した。",
                 {Lacks("クラウド・コンピューティング", kPerson)}},
                {"スマート・マーケティングの手法を学んだ。",
                 {Lacks("スマート・マーケティング", kPerson)}},
                {"ビッグ・データの活用が進む。",
                 {Lacks("ビッグ・データ", kPerson)}},
                // A known surname with such an ending is still a name.
                {"ニール・アームストロングが講演した。",
                 {Has("ニール・アームストロング", kPerson)}},
                {"ピーター・ハーディングが講演した。",
                 {Has("ピーター・ハーディング", kPerson)}},
            });
}

}  // namespace
}  // namespace kiji::extractors
