// The decision (decision.cc): typing by dictionaries, structure and
// context, and the source label each rule writes.
#include "extractors/names/decision.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kOrg;
using name_testing::kPerson;
using name_testing::kProduct;
using name_testing::Lacks;
using name_testing::NameExtractorEnamdictTest;
using name_testing::NameExtractorTest;

TEST_F(NameExtractorTest, CompanyOrgProductWithoutEnamdict) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"ミライテック株式会社は新工場を建てた。",
           {Has("ミライテック株式会社", kCompany)}},
          {"株式会社ミライテックは新工場を建てた。",
           {Has("株式会社ミライテック", kCompany)}},
          {"(株)サクラ電子が受注した。", {Has("(株)サクラ電子", kCompany)}},
          {"ノヴァテクノロジーズは新製品を発表した。",
           {Has("ノヴァテクノロジーズ", kCompany)}},
          {"投資会社ブライト・キャピタルが出資した。",
           {Has("ブライト・キャピタル", kCompany)}},
          {"Quantix Inc. announced a new chip.",
           {Has("Quantix Inc.", kCompany)},
           "en"},
          {"彼はHelio Labsに移った。", {Has("Helio Labs", kCompany)}},
          {"彼女はゼファリオに入社した。", {Has("ゼファリオ", kCompany)}},
          {"競合企業ヴェルダントの株価が下がった。",
           {Has("ヴェルダント", kCompany)}},
          {"2019年にCorvexを設立した。", {Has("Corvex", kCompany)}},
          {"ラディアンのCEOが来日した。", {Has("ラディアン", kCompany)}},
          {"彼はFennicaに入社した。Fennicaは急成長している。",
           {Has("Fennica", kCompany)}},
          {"ZortexやKalvin、Mubaなどの企業が参入した。",
           {Has("Zortex", kCompany), Has("Kalvin", kCompany),
            Has("Muba", kCompany)}},
          {"ノーザン・アドバイザリー・パートナーズ(NAP)に転職した。",
           {Has("ノーザン・アドバイザリー・パートナーズ", kCompany),
            Has("NAP", kCompany)}},
          {"北海道大学の研究チームが発表した。", {Has("北海道大学", kOrg)}},
          {"外務省は声明を出した。", {Has("外務省", kOrg)}},
          {"横浜銀行は増益だった。", {Has("横浜銀行", kCompany)}},
          {"Stanford Universityの研究者が発表した。",
           {Has("Stanford University", kOrg)}},
          {"VelaChatの開発元であるVelaworksは好調だ。",
           {Has("VelaChat", kProduct), Lacks("VelaChat", kCompany)}},
          {"彼はQuillNetに入社した。QuillNetのQuill-3は評判が良い。",
           {Has("QuillNet", kCompany), Has("Quill-3", kProduct)}},
          {"トヨタ自動車は販売台数を発表した。",
           {Has("トヨタ自動車", kCompany)}},
          {"彼はネクサスAIを退職した。", {Has("ネクサスAI", kCompany)}},
          {"ヴェルトリクスとVeltrixは同じ会社だ。",
           {Has("ヴェルトリクス", kCompany), Has("Veltrix", kCompany)}},
          {"カンナ精機は増収だった。", {Has("カンナ精機", kCompany)}},
          {"新製品Orbiscopeを発表した。", {Has("Orbiscope", kProduct)}},
          // Negatives.
          {"AIに投資する企業が増えた。", {Lacks("AI")}},
          {"CEOの任期は3年だ。", {Lacks("CEO")}},
          {"チャットボットの最新バージョンが出た。", {Lacks("チャットボット")}},
          {"彼はチームに加わった。", {Lacks("チーム")}},
          {"アメリカに投資する。", {Lacks("アメリカ", kCompany)}},
          {"研究グループが論文を出した。", {Lacks("グループ")}},
          {"ビジネススクールで学んだ。", {Lacks("ビジネススクール")}},
          {"ゲームの開発に携わった。", {Lacks("ゲーム")}},
          {"AI産業は急成長している。", {Lacks("AI産業")}},
          {"ボブ・ルーカス氏の会社が上場した。",
           {Has("ボブ・ルーカス", kPerson), Lacks("ボブ・ルーカス", kCompany)}},
          {"Torrance Groupの話ではない。", {Lacks("Torrance Group")}},
          {"ハルモニアの曲を聴いた。", {Lacks("ハルモニア")}},
          {"ハルモニアに入社した。", {Has("ハルモニア", kCompany)}},
          {"Lumoの開発元が発表した。",
           {Has("Lumo", kProduct), Lacks("Lumo", kCompany)}},
          {"企業のデジタル化を支援するクラウドサービスだ。",
           {Lacks("クラウドサービス"), Lacks("デジタル化")}},
          {"GPUの不足が続く。", {Lacks("GPU")}},
          {"Anzo社の元研究者が設立したPraxisは、", {Has("Anzo", kCompany)}},
          {"The startup competes with Acme Corp. Raman said so.",
           {Has("Acme Corp.", kCompany)},
           "en"},
          {"She studied at the University of Leeds before.",
           {Has("University of Leeds", kOrg)},
           "en"},
      });
}

TEST_F(NameExtractorTest, SourcesNameTheRule) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const corpus::Document doc = Run(
      *e, {"エレナ・コワルスカ氏はゼファリオに入社した。コワルスカは喜んだ。"
           "ゼファリオは成長した。",
           {}});
  std::vector<std::string> sources;
  for (const corpus::Mention& m : doc.mentions) sources.push_back(m.source);
  EXPECT_EQ(sources, (std::vector<std::string>{
                         "person.katakana_context", "company.context",
                         "person.surname_ref", "company.doc_consistency"}))
      << Dump(doc);
}

// The rule lists of decision.cc: one name per rule, snake_case, in the
// order of precedence.
TEST(NameDecisionTest, RulesAreNamedOnce) {
  const std::vector<std::string_view> rules = names::DecisionRuleNames();
  EXPECT_EQ(rules.size(), 41u);
  std::set<std::string_view> seen;
  for (std::string_view rule : rules) {
    SCOPED_TRACE(rule);
    EXPECT_TRUE(seen.insert(rule).second) << "named twice";
    EXPECT_FALSE(rule.empty());
    for (const char c : rule) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << c;
    }
  }
  EXPECT_EQ(rules.front(), "gazetteer_not_entity");
  EXPECT_EQ(rules.back(), "gazetteer_in_company_context");
}

// One example per rule of decision.cc, as Duckling keeps examples beside
// its rules: the surface and the source its rule writes, or "" when the
// rule makes it no name (a veto, a note). Without ENAMDICT, over the
// fixture's gazetteer.
TEST_F(NameExtractorTest, EveryRuleHasAnExample) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const struct {
    const char* rule;
    const char* text;
    const char* surface;
    const char* source;  // "" = no mention of `surface`
    const char* lang = "ja";
  } kCases[] = {
      {"gazetteer_not_entity", "Torrance Groupの話ではない。", "Torrance Group",
       ""},
      {"era_before_year", "大正12年に創業した。", "大正", ""},
      {"index_word_after", "東証指数が下落した。", "東証", ""},
      {"person_only_title_after", "杉浦首相は訪米する。", "杉浦",
       "person.title"},
      {"gazetteer_entry_type", "昨年はVeltrixが上場した。", "Veltrix",
       "company.gazetteer"},
      {"gazetteer_entry_type", "参院で法案が可決された。", "参院",
       "org.gazetteer"},
      {"gazetteer_ambiguous", "ハルモニアの曲を聴いた。", "ハルモニア", ""},
      {"katakana_regnal", "ヘンリー8世は離婚を望んだ。", "ヘンリー8世",
       "person.regnal"},
      {"katakana_ipadic_org", "ソニーは新製品を発表した。", "ソニー",
       "company.ipadic"},
      {"katakana_suffix", "ノヴァテクノロジーズは新製品を発表した。",
       "ノヴァテクノロジーズ", "company.suffix"},
      {"katakana_title_quotes",
       "『ルナ・ノヴァ』が公開された。ルナ・ノヴァは話題だ。", "ルナ・ノヴァ",
       ""},
      {"katakana_person", "マリア・ロドリゲス氏は記者会見で新方針を説明した。",
       "マリア・ロドリゲス", "person.katakana_context"},
      {"katakana_structure", "ヘレナ・ドレイクが来た。", "ヘレナ・ドレイク",
       "person.katakana_structure"},
      {"katakana_words_company", "投資会社ブライト・キャピタルが出資した。",
       "ブライト・キャピタル", "company.context"},
      {"katakana_words", "データ・サイエンティストが不足している。",
       "データ・サイエンティスト", ""},
      {"katakana_common_noun_surname", "ライト氏が語った。", "ライト",
       "person.katakana_context"},
      {"katakana_common_noun", "マネージャーが会議に出た。", "マネージャー",
       ""},
      {"katakana_honorific", "ベッカー氏は昨年から休暇を取っている。",
       "ベッカー", "person.katakana_context"},
      {"katakana_title_or_role", "ロペスCEOは計画を撤回した。", "ロペス",
       "person.katakana_context"},
      {"katakana_place", "アメリカに投資する。", "アメリカ", ""},
      {"katakana_product_context", "ノクティスの開発元が発表した。",
       "ノクティス", "product.context"},
      {"katakana_company_context", "彼女はゼファリオに入社した。", "ゼファリオ",
       "company.context"},
      {"latin_org_word", "Stanford Universityの研究者が発表した。",
       "Stanford University", "org.suffix"},
      {"latin_company_word", "Quantix Inc. announced a new chip.",
       "Quantix Inc.", "company.suffix", "en"},
      {"latin_generic_acronym", "GPUの不足が続く。", "GPU", ""},
      {"latin_person_context", "Hannah Schmidt氏が来日した。", "Hannah Schmidt",
       "person.latin"},
      {"latin_english_cue", "Its executive Lena Varga said it would wait.",
       "Lena Varga", "person.latin_context", "en"},
      {"latin_person_context", "Novak氏は否定した。", "Novak", "person.latin"},
      {"latin_honorific", "Max氏は否定した。", "Max", "person.honorific"},
      {"latin_product_context", "VelaChatの開発元であるVelaworksは好調だ。",
       "VelaChat", "product.context"},
      {"latin_version",
       "彼はQuillNetに入社した。QuillNetのQuill-3は評判が良い。", "Quill-3",
       "product.version"},
      {"latin_company_context", "2019年にCorvexを設立した。", "Corvex",
       "company.context"},
      {"kanji_ipadic_org", "外務省は声明を出した。", "外務省", "org.ipadic"},
      {"katakana_company_context", "ハルモニアに入社した。", "ハルモニア",
       "company.context"},
      {"gazetteer_in_company_context", "ZQXと競合する。", "ZQX",
       "company.gazetteer"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.rule) + ": " + c.text);
    const corpus::Document doc = Run(*e, {c.text, {}, c.lang});
    std::string source;
    for (const corpus::Mention& m : doc.mentions) {
      if (doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin) ==
          c.surface) {
        source = m.source;
      }
    }
    EXPECT_EQ(source, c.source) << Dump(doc);
  }
}

// Examples of the rules that need ENAMDICT. (latin_ipadic_org has none:
// IPADIC writes Latin organisation names full-width (ＮＨＫ), which the
// normalised text never holds; only a user dictionary's entries reach it.)
TEST_F(NameExtractorEnamdictTest, EveryEnamdictRuleHasAnExample) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  const struct {
    const char* rule;
    const char* text;
    const char* surface;
    const char* source;
    const char* lang = "ja";
  } kCases[] = {
      {"katakana_enamdict_company", "トヨタが新車を発表した。", "トヨタ",
       "company.enamdict"},
      {"katakana_enamdict_org", "ユネスコが登録した。", "ユネスコ",
       "org.enamdict"},
      {"katakana_enamdict_product", "ウォークマンを買った。", "ウォークマン",
       "product.enamdict"},
      {"latin_enamdict_company", "Toyota sold more cars.", "Toyota",
       "company.enamdict", "en"},
      {"latin_enamdict_org", "Greenpeace protested again.", "Greenpeace",
       "org.enamdict", "en"},
      {"latin_enamdict_product", "He bought a Walkman yesterday.", "Walkman",
       "product.enamdict", "en"},
      {"latin_known_name", "The letter went to Joe Biden yesterday.",
       "Joe Biden", "person.latin", "en"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.rule) + ": " + c.text);
    const corpus::Document doc = Run(*e, {c.text, {}, c.lang});
    std::string source;
    for (const corpus::Mention& m : doc.mentions) {
      if (doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin) ==
          c.surface) {
        source = m.source;
      }
    }
    EXPECT_EQ(source, c.source) << Dump(doc);
  }
}

// A regnal number ends a katakana name (with it), in digits or kanji; a
// century or a generation does not.
TEST_F(NameExtractorTest, RegnalNumberEndsAName) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"ヘンリー8世は離婚を望んだ。", {Has("ヘンリー8世", kPerson)}},
            {"ルイ十四世の治世が続いた。", {Has("ルイ十四世", kPerson)}},
            {"国王フリードリヒ・ヴィルヘルム3世が即位した。",
             {Has("フリードリヒ・ヴィルヘルム3世", kPerson)}},
            {"教皇ベネディクト16世が退位した。",
             {Has("ベネディクト16世", kPerson)}},
            {"ルネサンス16世紀の美術が並ぶ。",
             {Lacks("ルネサンス16世", kPerson), Lacks("ルネサンス", kPerson)}},
            {"ベビーブーム2世代が親になった。",
             {Lacks("ベビーブーム2世", kPerson)}},
        });
}

TEST_F(NameExtractorEnamdictTest, KnownNamesAndCompanies) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            // Given names from ENAMDICT make a katakana sequence a person.
            {"ロバート・ハリスが会議で発言した。",
             {Has("ロバート・ハリス", kPerson)}},
            {"Robert Fischer joined the board in 2021.",
             {Has("Robert Fischer", kPerson)},
             "en"},
            {"The report by Anna Kowalski was published.",
             {Has("Anna Kowalski", kPerson), Lacks("The")},
             "en"},
            {"マイケル・グリーンはその計画に反対した。",
             {Has("マイケル・グリーン", kPerson)}},
            // ENAMDICT companies.
            {"ソニーは新型カメラを発表した。", {Has("ソニー", kCompany)}},
            {"ソニーグループは増益だった。", {Has("ソニーグループ", kCompany)}},
            // Not persons: common nouns, a company list, a place.
            {"ニュース・アナリストの見方は分かれる。",
             {Lacks("ニュース・アナリスト")}},
            {"ソニー・ホンダが提携した。", {Lacks("ソニー・ホンダ", kPerson)}},
            {"サンフランシスコで発表された。", {Lacks("サンフランシスコ")}},
            {"サン・フランシスコに本社を置く。",
             {Lacks("サン・フランシスコ", kPerson)}},
            // A word as the surname does not veto a known given name.
            {"ジョナサン・ホワイトが講演した。",
             {Has("ジョナサン・ホワイト", kPerson)}},
            {"マイケル・ブラウンは反対した。",
             {Has("マイケル・ブラウン", kPerson)}},
            // Most parts are words, or the first one is.
            {"ホワイト・ペーパーを公開した。", {Lacks("ホワイト・ペーパー")}},
            {"グリーン・エネルギーへの投資が増えた。",
             {Lacks("グリーン・エネルギー", kPerson)}},
            // Quoted as a title elsewhere in the document: a product or work.
            {"「ジャック・ミラー」は新しい飲料だ。ジャック・ミラーの売上が伸び"
             "た。",
             {Lacks("ジャック・ミラー", kPerson)}},
            {"ジャック・ミラー氏が来日した。",
             {Has("ジャック・ミラー", kPerson)}},
        });
}

}  // namespace
}  // namespace kiji::extractors
