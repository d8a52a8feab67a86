// Compounds MeCab reads as common nouns and names glued across scripts
// (compounds.cc).
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
using name_testing::NameExtractorTest;

// Names glued across scripts, organisations by their endings, and context
// that beats a list entry.
TEST_F(NameExtractorTest, GluedNamesOrgsAndTitles) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"KDR東日本は運休を決めた。", {Has("KDR東日本", kCompany)}},
                {"QRSジャパンの調査によると、出荷は増えた。",
                 {Has("QRSジャパン", kCompany), Lacks("ジャパン")}},
                {"広島地裁は請求を退けた。",
                 {Has("広島地裁", kOrg), Lacks("広島地裁", kCompany)}},
                {"仙台高裁と福岡地検が判断を示した。",
                 {Has("仙台高裁", kOrg), Has("福岡地検", kOrg)}},
                {"参院で法案が可決された。",
                 {Has("参院", kOrg), Lacks("参院", kCompany)}},
                {"大正12年に創業した。", {Lacks("大正")}},
                {"東証指数が下落した。", {Lacks("東証")}},
                {"東証に上場した。", {Has("東証", kCompany)}},
                {"杉浦首相は訪米する。",
                 {Has("杉浦", kPerson), Lacks("杉浦", kCompany)}},
                {"杉浦弁護士が会見した。", {Has("杉浦", kPerson)}},
                {"杉浦の株価が上がった。", {Lacks("杉浦", kPerson)}},
                {"石川官房長官は会見で述べた。",
                 {Has("石川", kPerson), Lacks("石川官房", kPerson)}},
                {"木下頭取は記者会見で語った。", {Has("木下", kPerson)}},
            });
}

// A country prefix before a katakana or Latin name (米X, 韓国X) is company
// context; an acronym glued before a katakana company name, and X& before
// one, are part of it.
TEST_F(NameExtractorTest, CountryPrefixesAndGluedCompanyNames) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"米ゼノトリクスは新型チップを発表した。",
                 {Has("ゼノトリクス", kCompany), Lacks("米ゼノトリクス")}},
                {"英ハルベックや韓国カンナ精機などが参入した。",
                 {Has("ハルベック", kCompany), Has("カンナ精機", kCompany),
                  Lacks("韓国カンナ精機")}},
                {"同社は米KRTスチールの買収を決めた。",
                 {Has("KRTスチール", kCompany), Lacks("米KRTスチール")}},
                {"日興KRXフィナンシャル・グループは増益だった。",
                 {Has("日興KRXフィナンシャル・グループ", kCompany),
                  Lacks("フィナンシャル・グループ")}},
                {"ハル&ミナ・ホールディングスは決算を発表した。",
                 {Has("ハル&ミナ・ホールディングス", kCompany),
                  Lacks("ミナ・ホールディングス")}},
                // Words, places, fields and compounds after a prefix.
                {"米ドルは上昇し、英ポンドは下落した。",
                 {Lacks("ドル"), Lacks("ポンド"), Lacks("英ポンド")}},
                {"米カリフォルニア州で会見した。",
                 {Lacks("カリフォルニア", kCompany)}},
                {"米EVメーカーや中国メーカーが台頭した。",
                 {Lacks("EV"), Lacks("メーカー")}},
                {"日米の協議が続いた。ドル&ユーロの相場が動いた。",
                 {Lacks("ドル&ユーロ")}},
            });
}

// A kanji stem of common nouns ending in an industry word + a group suffix
// (X化成ホールディングス, X電子HD) is a company; the stem alone later, before
// a particle or punctuation, is an alias of it.
TEST_F(NameExtractorTest, GroupSuffixAfterAKanjiIndustryStem) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"化学大手の北辰化成ホールディングスは1日、買収を発表した。",
                 {Has("北辰化成ホールディングス", kCompany)}},
                {"白浜電子HDは1日発表した。", {Has("白浜電子HD", kCompany)}},
                // Descriptions: a generic or industry head, no name before
                // グループ, the word going on.
                {"大手電機グループが参入した。化学工業グループの調査が出た。",
                 {Lacks("大手電機グループ"), Lacks("電機グループ"),
                  Lacks("化学工業グループ")}},
                {"半導体製造グループは会合を開いた。研究グループの報告だ。",
                 {Lacks("半導体製造グループ"), Lacks("研究グループ")}},
                {"北辰化成グループ会社が増えた。", {Lacks("北辰化成グループ")}},
            });
  const corpus::Document doc =
      Run(*e, {"北辰化成ホールディングスは1日、買収を発表した。北辰化成にとって"
               "最大の買収だ。北辰化成株も上がった。",
               {}});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_EQ(doc.mentions[1].source, "company.alias");
  EXPECT_EQ(doc.mentions[1].alias_of, std::optional<size_t>(0));
  // Not before the full name.
  const corpus::Document before =
      Run(*e, {"北辰化成は好調だ。北辰化成ホールディングスは増益だった。", {}});
  ASSERT_EQ(before.mentions.size(), 1u) << Dump(before);
}

// Kanji compounds ending in industry words are companies with context
// after them: an acronym in parentheses, or "の" + a name + a corporate
// title; a country name before them is part of the name, a one-kanji
// abbreviation is not.
TEST_F(NameExtractorTest, IndustryCompoundsWithContext) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"極星精密工業の王揚偉会長は増産を決めた。",
             {Has("極星精密工業", kCompany)}},
            // A country name is part of an all-kanji name, a one-kanji
            // country abbreviation is not.
            {"台湾明光電路製造(MKEC)は新工場を建てる。",
             {Has("台湾明光電路製造", kCompany), Lacks("明光電路製造")}},
            {"中国極星精密工業(CKPI)は新工場を建てる。",
             {Has("中国極星精密工業", kCompany)}},
            {"米極星精密工業(UKPI)は新工場を建てる。",
             {Has("極星精密工業", kCompany), Lacks("米極星精密工業")}},
            {"光風グループの山田太郎会長兼社長は語った。",
             {Has("光風グループ", kCompany)}},
            // No name before the industry words, or no context.
            {"精密工業の発展が続く。国内の製造業は回復した。",
             {Lacks("精密工業"), Lacks("製造業")}},
            {"研究グループの山田太郎教授が発表した。同グループの山田太郎社長"
             "は語った。",
             {Lacks("研究グループ"), Lacks("同グループ")}},
            {"極星精密工業は増産を決めた。", {Lacks("極星精密工業")}},
        });
}

// Common nouns ending in an organisation head word, glossed by an acronym,
// are an organisation; the acronym takes its type over the gazetteer's, in
// its other mentions too. Generic compounds are no names.
TEST_F(NameExtractorTest, OrgCompoundsGlossedByAnAcronym) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"世界保健機関(WHO)は新たな指針を公表した。",
             {Has("世界保健機関", kOrg), Has("WHO", kOrg)}},
            {"国際通貨基金(IMF)と欧州連合(EU)が協議した。EUは反発した。",
             {Has("国際通貨基金", kOrg), Has("IMF", kOrg),
              Has("欧州連合", kOrg), Has("EU", kOrg), Lacks("EU", kCompany)}},
            {"EUは反発した。", {Has("EU", kCompany)}},
            // Generic: one common noun, generic modifiers, a suffix inside
            // the run, a prefix, no acronym.
            {"研究機関(大学など)が参加した。", {Lacks("研究機関")}},
            {"政府系金融機関(JBIC)が融資する。",
             {Lacks("政府系金融機関"), Lacks("金融機関")}},
            {"金融機関(FI)と国際金融機関(IFI)が支援した。",
             {Lacks("金融機関"), Lacks("国際金融機関")}},
            {"同委員会(ABC)が調べた。", {Lacks("同委員会")}},
            {"投資基金が出資した。世界保健機関は声明を出した。",
             {Lacks("投資基金"), Lacks("世界保健機関")}},
        });
}

// A place name + nouns + an organisation head before a particle is an
// organisation; without a place, or with a prefix, it is none.
TEST_F(NameExtractorTest, PlaceOrganisationsBeforeAParticle) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"欧州連合(EU)の欧州委員会も同様の方針だ。",
           {Has("欧州連合", kOrg), Has("欧州委員会", kOrg)}},
          {"東京都選挙管理委員会は結果を発表した。大阪府教育委員会が調査した。",
           {Has("東京都選挙管理委員会", kOrg), Has("大阪府教育委員会", kOrg)}},
          {"同委員会は第三者委員会と実行委員会を設置した。",
           {Lacks("同委員会"), Lacks("第三者委員会"), Lacks("実行委員会")}},
          {"横浜市と神奈川県が協議会を設けた。",
           {Lacks("神奈川県が協議会"), Lacks("協議会")}},
      });
}

}  // namespace
}  // namespace kiji::extractors
