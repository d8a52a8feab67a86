#include "extractors/name_extractor.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "corpus/enamdict_index.h"
#include "extractors/names/name_lists.h"
#include "extractors/names/text.h"
#include "gtest/gtest.h"
#include "tokenizers/mecab_tokenizer.h"

namespace kiji::extractors {
namespace {

using corpus::EntityType;

constexpr char kEnamdict[] = "/usr/share/edict/enamdict";

// What a case expects: `surface` found with `type`, or (absent) never found
// with `type` (nullopt: with any type).
struct Expect {
  const char* surface;
  std::optional<EntityType> type;
  bool present = true;
};

Expect Has(const char* s, EntityType t) { return {s, t, true}; }
Expect Lacks(const char* s, std::optional<EntityType> t = std::nullopt) {
  return {s, t, false};
}

struct Case {
  const char* text;  // already normalised
  std::vector<Expect> expects;
  const char* lang = "ja";
};

constexpr EntityType kPerson = EntityType::kPerson;
constexpr EntityType kCompany = EntityType::kCompany;
constexpr EntityType kOrg = EntityType::kOrg;
constexpr EntityType kProduct = EntityType::kProduct;

class NameExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto mecab = tokenizers::MecabTokenizer::Create();
    ASSERT_TRUE(mecab.ok()) << mecab.status();
    mecab_ = mecab->release();
    gazetteer_path_ = ::testing::TempDir() + "/kiji_name_test_gazetteer." +
                      std::to_string(::getpid()) + ".tsv";
    std::ofstream(gazetteer_path_)
        << "# test gazetteer\n"
           "Veltrix\tCOMPANY\n"
           "ヴェルトリクス\tCOMPANY\tVeltrix\n"
           "Orbiscope\tPRODUCT\n"
           "カンナ精機\tCOMPANY\n"
           "Torrance Group\tNOT_ENTITY\n"
           "ハルモニア\tCOMPANY\tハルモニア\tipadic:ambiguous\n"
           "ホワイト\tWORD\n"
           "グリーン\tWORD\n"
           "ボード\tWORD\n"
           // Company entries that are also a surname, an era, a chamber,
           // an index prefix, an acronym (suffix/context tests below).
           "杉浦\tCOMPANY\n"
           "大正\tCOMPANY\n"
           "参院\tCOMPANY\n"
           "東証\tCOMPANY\n"
           "KDR\tCOMPANY\n"
           // A long name and its tail without the country, both listed.
           "日本海洋技術開発協議会\tORG\n"
           "海洋技術開発協議会\tORG\n"
           // IPADIC types all-caps organisations as companies.
           "EU\tCOMPANY\n";
  }
  static void TearDownTestSuite() {
    delete mecab_;
    mecab_ = nullptr;
    std::remove(gazetteer_path_.c_str());
  }

  static std::unique_ptr<NameExtractor> Make(
      const corpus::EnamdictIndex* names) {
    NameExtractorOptions options;
    options.data_dir = KIJI_DATA_BUILD_DIR;
    options.names = names;
    options.gazetteers = {gazetteer_path_};
    auto e = NameExtractor::Create(options);
    EXPECT_TRUE(e.ok()) << e.status();
    return e.ok() ? std::move(e).value() : nullptr;
  }

  static corpus::Document Run(const NameExtractor& e, const Case& c) {
    corpus::Document doc;
    doc.normalized = c.text;
    doc.lang = c.lang;
    if (doc.lang == "ja") mecab_->Tokenize(&doc);
    e.Extract(&doc);
    return doc;
  }

  static std::string Dump(const corpus::Document& doc) {
    std::string out;
    for (const corpus::Mention& m : doc.mentions) {
      out += std::string(corpus::EntityTypeName(m.type)) + " [" +
             doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin) +
             "] " + m.source + "\n";
    }
    return out;
  }

  static void Check(const NameExtractor& e, const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.text);
      const corpus::Document doc = Run(e, c);
      for (const Expect& x : c.expects) {
        bool found = false;
        for (const corpus::Mention& m : doc.mentions) {
          const std::string s =
              doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin);
          if (s == x.surface && (!x.type || m.type == *x.type)) found = true;
        }
        EXPECT_EQ(found, x.present)
            << (x.present ? "missing " : "unexpected ") << x.surface
            << (x.type ? " " + std::string(corpus::EntityTypeName(*x.type))
                       : std::string())
            << "\nmentions:\n"
            << Dump(doc);
      }
      // Offsets: in range, on the text, non-overlapping.
      for (size_t i = 0; i < doc.mentions.size(); ++i) {
        const corpus::Mention& m = doc.mentions[i];
        EXPECT_LT(m.norm_begin, m.norm_end);
        EXPECT_LE(m.norm_end, doc.normalized.size());
        if (i > 0) {
          EXPECT_LE(doc.mentions[i - 1].norm_end, m.norm_begin);
        }
      }
    }
  }

  static tokenizers::MecabTokenizer* mecab_;
  static std::string gazetteer_path_;
};

tokenizers::MecabTokenizer* NameExtractorTest::mecab_ = nullptr;
std::string NameExtractorTest::gazetteer_path_;

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

// A surname attested with 氏 or さん elsewhere in the document (directly or
// after a gloss) is evidence for the full name; without it the name rests on
// its structure alone.
TEST_F(NameExtractorTest, SurnameWithHonorificElsewhere) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const struct {
    const char* text;
    const char* source;
  } kCases[] = {
      {"ヘレナ・ドレイクが来た。ドレイク氏は語った。", "person.katakana_name"},
      {"ヘレナ・ドレイクが来た。ドレイクさんは語った。",
       "person.katakana_name"},
      {"ヘレナ・ドレイクが来た。ドレイク(Drake)氏は語った。",
       "person.katakana_name"},
      {"ヘレナ・ドレイクが来た。", "person.katakana_structure"},
      {"ヘレナ・ドレイクが来た。ドレイク氏名は不明だ。",
       "person.katakana_structure"},
      {"ヘレナ・ドレイクが来た。マドレイク氏は語った。",
       "person.katakana_structure"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    const corpus::Document doc = Run(*e, {c.text, {}});
    std::string source;
    for (const corpus::Mention& m : doc.mentions) {
      if (doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin) ==
          "ヘレナ・ドレイク") {
        source = m.source;
      }
    }
    EXPECT_EQ(source, c.source) << Dump(doc);
  }
}

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

TEST_F(NameExtractorTest, AliasOfPointsAtTheGlossedMention) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const corpus::Document doc =
      Run(*e, {"ノーザン・アドバイザリー・パートナーズ(NAP)に転職した。", {}});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_FALSE(doc.mentions[0].alias_of.has_value());
  ASSERT_TRUE(doc.mentions[1].alias_of.has_value());
  EXPECT_EQ(*doc.mentions[1].alias_of, 0u);
  EXPECT_EQ(doc.mentions[1].source, "company.abbreviation");

  const corpus::Document doc2 =
      Run(*e, {"カール・ヴァイス(Karl Weiss)は物理学者だ。", {}});
  ASSERT_EQ(doc2.mentions.size(), 2u) << Dump(doc2);
  ASSERT_TRUE(doc2.mentions[1].alias_of.has_value());
  EXPECT_EQ(*doc2.mentions[1].alias_of, 0u);
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

TEST_F(NameExtractorTest, MissingGazetteerIsAnError) {
  NameExtractorOptions options;
  options.data_dir = KIJI_DATA_BUILD_DIR;
  options.gazetteers = {"/nonexistent/kiji_gazetteer.tsv"};
  auto e = NameExtractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("kiji_gazetteer.tsv"), std::string::npos)
      << e.status();
}

// The word lists are required: no data folder, or one without names/, is a
// clear error at start that names what is missing.
TEST_F(NameExtractorTest, MissingWordListsAreAnError) {
  NameExtractorOptions options;
  auto e = NameExtractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("no data folder"), std::string::npos)
      << e.status();

  options.data_dir = ::testing::TempDir() + "/kiji_no_such_data_dir";
  e = NameExtractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("kiji_no_such_data_dir/names/"),
            std::string::npos)
      << e.status();
}

// Lists: glosses inside a list, acronyms and ambiguous names typed by a
// strongly typed member or a company tail.
TEST_F(NameExtractorTest, CoordinationLists) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"VeltrixやOrbal、ZMXと共同で新会社を設立した。",
           {Has("Orbal", kCompany), Has("ZMX", kCompany)}},
          {"Veltrix(Orbiscope)、Quorin、Talvexなどの競争相手が成長している。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany),
            Lacks("Orbiscope", kCompany)}},
          {"QuorinやTalvexなどのライバル企業が値下げした。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany)}},
          {"QuorinやTalvexなどの競合が値下げした。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany)}},
          {"QuorinやTalvexなどの大手テクノロジー企業が参入した。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany)}},
          {"QuorinやZMXを含む多くの新興テクノロジー企業が参入した。",
           {Has("Quorin", kCompany), Has("ZMX", kCompany)}},
          {"QuorinやハルモニアなどのIT大手が参入した。",
           {Has("ハルモニア", kCompany)}},
          // Negatives.
          {"VeltrixやAI、IoTと共同で研究する。",
           {Has("Veltrix", kCompany), Lacks("AI"), Lacks("IoT")}},
          {"QuorinやTalvexなどの競合製品が増えた。",
           {Lacks("Quorin", kCompany), Lacks("Talvex", kCompany)}},
          {"ZMXやQRBと共同で研究する。", {Lacks("ZMX"), Lacks("QRB")}},
          {"ハルモニアやアルカディアなどの地名が残る。", {Lacks("ハルモニア")}},
          {"QuorinやTalvexを含む多くの製品が売れた。",
           {Lacks("Quorin", kCompany)}},
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

// Document-wide evidence (a surname with 氏 elsewhere, a title quoted
// elsewhere, an open quote earlier on the line) is found however far away
// it is: the same mentions with 80 KB of plain text between the pieces of
// one line as without.
TEST_F(NameExtractorTest, DocumentWideEvidenceAcrossALongLine) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  std::string filler;
  for (int i = 0; i < 3000; ++i) filler += "今日は晴れだった。";
  ASSERT_TRUE(Run(*e, {filler.c_str(), {}}).mentions.empty());
  struct Spread {
    std::vector<std::string> pieces;
    std::vector<Expect> expects;
  };
  const std::vector<Spread> spreads = {
      {{"「ザルコ・グリーンの挑戦」が出版された。", "グリーン氏は否定した。"},
       {Has("ザルコ・グリーン", kPerson), Has("グリーン", kPerson)}},
      {{"ドレイク(Drake)氏は語った。", "イーロ・ドレイクが来日した。"},
       {Has("イーロ・ドレイク", kPerson)}},
      {{"「ザルコ・ベリタン」という番組だ。", "ザルコ・ベリタンが届いた。"},
       {Lacks("ザルコ・ベリタン", kPerson)}},
      {{"番組「", "ザルコ・ベリタンの夜」が始まった。"},
       {Lacks("ザルコ・ベリタン", kPerson)}},
      {{"番組「朝」が終わった。", "ザルコ・ベリタンは語った。"},
       {Has("ザルコ・ベリタン", kPerson)}},
  };
  for (const Spread& spread : spreads) {
    std::string near, far;
    for (const std::string& piece : spread.pieces) {
      near += piece;
      far += (far.empty() ? "" : filler) + piece;
    }
    SCOPED_TRACE(near);
    Check(*e, {{near.c_str(), spread.expects}});
    Check(*e, {{far.c_str(), spread.expects}});
    EXPECT_EQ(Dump(Run(*e, {near.c_str(), {}})),
              Dump(Run(*e, {far.c_str(), {}})));
  }
}

// Employer / origin contexts type a katakana name as a company.
TEST_F(NameExtractorTest, EmployerAndOriginContexts) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          // Xから + N人は + a verb of leaving, in one sentence.
          {"ゼルノバから来た5人は、のちに退社して起業した。",
           {Has("ゼルノバ", kCompany)}},
          {"クオンタリスから移った十人が、退社してから独立した。",
           {Has("クオンタリス", kCompany)}},
          // Leaving, spinning out, working at.
          {"彼はノヴァテックを辞めて起業した。",
           {Has("ノヴァテック", kCompany)}},
          {"ゼフィロスから独立したエンジニアが新会社を作った。",
           {Has("ゼフィロス", kCompany)}},
          {"研究チームはオルテアからスピンアウトした。",
           {Has("オルテア", kCompany)}},
          {"彼女は長年ブライトンに勤務していた。",
           {Lacks("ブライトン", kCompany)}},  // a place (IPADIC 地域)
          {"彼女は長年ミルヴァスに勤務していた。",
           {Has("ミルヴァス", kCompany)}},
          // 出身の / の元 + an employee noun.
          {"ヴァルデン出身の起業家が新会社を作った。",
           {Has("ヴァルデン", kCompany)}},
          {"クオリスの元エンジニアが語った。", {Has("クオリス", kCompany)}},
          // Not companies: a place before から, no leaving verb, の元で
          // (under someone), a person with an honorific.
          {"ロンドンから出発した3人は、退職後に会社を作った。",
           {Lacks("ロンドン", kCompany)}},
          {"ケルドランから来た3人は、会議で発言した。",
           {Lacks("ケルドラン", kCompany)}},
          {"彼はゼノヴィアの元で長く働いた。", {Lacks("ゼノヴィア", kCompany)}},
          {"ゼルノバさんから独立の相談を受けた。",
           {Has("ゼルノバ", kPerson), Lacks("ゼルノバ", kCompany)}},
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

// An acronym glued before a category noun (AI企業, EV関連, IoT分野) is a
// field, whatever context is around it; acronyms with real evidence stay.
TEST_F(NameExtractorTest, AcronymBeforeACategoryNounIsAField) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"新興AI企業が資金調達した。IoT分野とEV関連銘柄も伸びた。",
                 {Lacks("AI"), Lacks("IoT"), Lacks("EV")}},
                {"QRX社は新興AI企業だ。IT大手も参入した。",
                 {Has("QRX", kCompany), Lacks("AI"), Lacks("IT")}},
                {"新興のQRXに出資した。", {Has("QRX", kCompany)}},
                {"KDR各社は増益だった。", {Has("KDR", kCompany)}},
            });
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

// A gazetteer name of many tokens (日本+海洋+技術+開発+協議+会) is found
// whole, not only its listed tail without the country.
TEST_F(NameExtractorTest, LongGazetteerNamesKeepTheirPlace) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"日本海洋技術開発協議会(海技協)と政府が協議する。",
           {Has("日本海洋技術開発協議会", kOrg), Lacks("海洋技術開発協議会")}},
          {"海洋技術開発協議会は声明を出した。",
           {Has("海洋技術開発協議会", kOrg)}},
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
            });
}

// Token shapes (all kanji, all katakana) and features asked of the same
// token by several rules, and of tokens asked again as the start and the
// inside of kanji runs: each answer is the same every time.
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

// Kanji glosses of a katakana or Latin person: the name in characters.
TEST_F(NameExtractorTest, KanjiGlossOfAPerson) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"リー・ウェイミン(李偉民)氏が講演した。",
             {Has("リー・ウェイミン", kPerson), Has("李偉民", kPerson)}},
            {"ドミトリ・ヴォルコフ(度見鳥理)が来日した。",
             {Has("度見鳥理", kPerson)}},
            // Not names: occupation, nationality, title, pseudonym, place.
            {"ジョン・ハーパー(会社員)が証言した。", {Lacks("会社員")}},
            {"ジョン・ハーパー(米国籍)が証言した。", {Lacks("米国籍")}},
            {"ジョン・ハーパー(元社長)が証言した。", {Lacks("元社長")}},
            {"ジョン・ハーパー(仮名)が証言した。", {Lacks("仮名")}},
            {"ジョン・ハーパー(東京都港区)が証言した。", {Lacks("東京都港区")}},
            // Only after a person.
            {"ゼルノバ社(森林公園)が出資した。", {Lacks("森林公園")}},
        });
}

// I/l look alike: a Latin spelling with l for I of a company of the
// document is that company.
TEST_F(NameExtractorTest, HomoglyphVariantOfACompany) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"QuantIQ社は新製品を発表した。投資家はQuantlQの動向に注目する。",
             {Has("QuantIQ", kCompany), Has("QuantlQ", kCompany)}},
            // Nothing to match: stays untyped.
            {"QuantIQ社は新製品を発表した。投資家はQuantlXの動向に注目する。",
             {Lacks("QuantlX")}},
        });
  const corpus::Document doc = Run(
      *e,
      {"QuantIQ社は新製品を発表した。投資家はQuantlQの動向に注目する。", {}});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_EQ(doc.mentions[1].alias_of, std::optional<size_t>(0));
}

// "Corvane Logistics ... Corvane": the stem alone is an alias of the full
// name, linked only when one full name has that stem.
TEST_F(NameExtractorTest, LatinCompanyStemIsAnAliasOfTheFullName) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const corpus::Document doc =
      Run(*e, {"Corvane Logistics said it would cut costs. Corvane has "
               "struggled since the spring.",
               {},
               "en"});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_EQ(doc.mentions[1].source, "company.alias");
  EXPECT_EQ(doc.mentions[1].alias_of, std::optional<size_t>(0));

  const corpus::Document two = Run(
      *e, {"Corvane Logistics and Corvane Foods merged. Corvane has struggled "
           "since the spring.",
           {},
           "en"});
  ASSERT_EQ(two.mentions.size(), 3u) << Dump(two);
  EXPECT_EQ(two.mentions[2].source, "company.alias");
  EXPECT_FALSE(two.mentions[2].alias_of.has_value());
}

// Cases that use the real ENAMDICT index.
class NameExtractorEnamdictTest : public NameExtractorTest {
 protected:
  static void SetUpTestSuite() {
    NameExtractorTest::SetUpTestSuite();
    if (!std::ifstream(kEnamdict)) return;
    const std::string path = ::testing::TempDir() + "/kiji_name_test." +
                             std::to_string(::getpid()) + ".idx";
    absl::Status built = corpus::BuildEnamdictIndex(kEnamdict, path);
    ASSERT_TRUE(built.ok()) << built;
    auto index = corpus::EnamdictIndex::Load(path);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = index->release();
    std::remove(path.c_str());
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
    NameExtractorTest::TearDownTestSuite();
  }
  void SetUp() override {
    if (index_ == nullptr) GTEST_SKIP() << kEnamdict << " is not installed";
  }
  static corpus::EnamdictIndex* index_;
};

corpus::EnamdictIndex* NameExtractorEnamdictTest::index_ = nullptr;

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

// Kanji names MeCab reads as common nouns, split by ENAMDICT (surname +
// given name) when person context is there.
// English person cues (said, chief executive X, Mr. X, Norway's X, X, who)
// for names whose given name is unknown; capitalised words after an
// article or a place preposition need person evidence.
TEST_F(NameExtractorEnamdictTest, EnglishPersonContext) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"Group chief executive Tobiah Wennerholm said the plan was "
           "ready. Wennerholm told reporters more.",
           {Has("Tobiah Wennerholm", kPerson), Has("Wennerholm", kPerson)},
           "en"},
          {"Norway's Sigvald Utterstrom won the final. Utterstrom's coach "
           "was pleased.",
           {Has("Sigvald Utterstrom", kPerson), Has("Utterstrom", kPerson)},
           "en"},
          {"Dr. Marisol Quenneville, who leads the lab, disagreed.",
           {Has("Marisol Quenneville", kPerson)},
           "en"},
          {"He played at Lake Placid before the Grand Slam season began.",
           {Lacks("Lake Placid", kPerson), Lacks("Grand Slam", kPerson)},
           "en"},
          {"The White House said it would respond.",
           {Lacks("White House", kPerson)},
           "en"},
          {"Vorlander Pharma agreed to buy a rival. Vorlander said the "
           "deal would close soon.",
           {Has("Vorlander Pharma", kCompany), Has("Vorlander", kCompany),
            Lacks("Vorlander", kPerson)},
           "en"},
          {"Halvorsen Marine AB said sales rose.",
           {Has("Halvorsen Marine AB", kCompany)},
           "en"},
          // A known name after "to" or "that" is still a person; a team
          // that won is not one.
          {"He sent a letter to Joe Biden last week. She said that John "
           "Smith was wrong.",
           {Has("Joe Biden", kPerson), Has("John Smith", kPerson)},
           "en"},
          {"Real Madrid won the match after it beat rival Tottenham "
           "Hotspur.",
           {Lacks("Real Madrid", kPerson), Lacks("Tottenham Hotspur", kPerson)},
           "en"},
          // An organisation's or company's head word before "said".
          {"The advocacy group Prairie Futures Coalition said it would "
           "sue. Ostmark Foods said it agreed.",
           {Lacks("Prairie Futures Coalition", kPerson),
            Has("Prairie Futures Coalition", kOrg),
            Lacks("Ostmark Foods", kPerson), Has("Ostmark Foods", kCompany)},
           "en"},
          // Titles of office are a cue, not part of the name.
          {"Councillor Maren Holloway said the budget was fair. Mayor "
           "Desmond Pryce welcomed it.",
           {Has("Maren Holloway", kPerson), Lacks("Councillor Maren Holloway"),
            Has("Desmond Pryce", kPerson), Lacks("Mayor Desmond Pryce")},
           "en"},
          {"Prime Minister Oriel Vance and Chief Executive Tamsin Loy met.",
           {Has("Oriel Vance", kPerson), Has("Tamsin Loy", kPerson),
            Lacks("Prime Minister Oriel Vance"),
            Lacks("Chief Executive Tamsin Loy")},
           "en"},
          // Chair is a title too; an unknown acronym before a chair is the
          // body chaired, a known one keeps its gazetteer type.
          {"QFX Chair Elowen Tarrant told the Senate Banking Committee. "
           "Chairwoman Ilse Moravec and KDR Chairman Tobin Alder agreed.",
           {Has("Elowen Tarrant", kPerson), Lacks("QFX Chair Elowen Tarrant"),
            Has("QFX", kOrg), Has("Ilse Moravec", kPerson),
            Has("Tobin Alder", kPerson), Has("KDR", kCompany)},
           "en"},
          {"AI Chair Elowen Tarrant spoke. He met the QFX Chairman.",
           {Lacks("AI"), Lacks("QFX", kOrg)},
           "en"},
          // "and" inside an organisation name that ends in a head word,
          // after the, a possessive or an organisation word; two names
          // joined by "and" stay two.
          {"Norway's Fishing and Coastal Affairs Authority said. The Food "
           "and Drug Administration and the Department of Health and Human "
           "Services agreed.",
           {Has("Fishing and Coastal Affairs Authority", kOrg),
            Has("Food and Drug Administration", kOrg),
            Has("Department of Health and Human Services", kOrg),
            Lacks("Human Services"), Lacks("and Drug Administration")},
           "en"},
          {"Veltrix and Energy Department officials met. The Senate Banking "
           "Committee and Budget Office agreed. Google and Apple said so, "
           "as did the QFX and the European Commission.",
           {Lacks("Veltrix and Energy Department"),
            Has("Senate Banking Committee", kOrg), Has("Budget Office", kOrg),
            Lacks("Google and Apple"), Has("European Commission", kOrg)},
           "en"},
          // "X and Y" with X a known company: an unknown acronym Y that
          // ends the clause or comes before a verb is a company; fields,
          // countries and acronyms before a noun are not.
          {"Ostmark Foods and QRTX will finance part of it. ZMBK and "
           "Ostmark Foods said so.",
           {Has("QRTX", kCompany), Has("ZMBK", kCompany)},
           "en"},
          {"Ostmark Foods and AI chips. Ostmark Foods and USA said. Ostmark "
           "Foods and NHTZ officials met. Ostmark Foods and GDP rose. Lina "
           "Marsh and QRTY said.",
           {Lacks("AI"), Lacks("USA"), Lacks("NHTZ"), Lacks("GDP"),
            Lacks("QRTY")},
           "en"},
          // A title word with no name after it stays as it was.
          {"The Mayor's office declined to comment. Director Fund rules "
           "apply.",
           {Lacks("Mayor", kPerson), Lacks("Fund", kPerson)},
           "en"},
      });
}

// Kanji names: a given name MeCab cuts (姓+名+one kanji), a surname alone
// after the full name, a party name with a kanji noun before it.
// Month and weekday names before a day number are dates, no names; a
// month name after a given name is a surname.
TEST_F(NameExtractorEnamdictTest, EnglishDatesAreNoNames) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"A hearing is set for Dec. 3. Another follows on Mar. 5, "
                 "then Sept. 12, Oct 20 and May 3.",
                 {Lacks("Dec"), Lacks("Mar"), Lacks("Sept"), Lacks("Oct"),
                  Lacks("May")},
                 "en"},
                {"Talks resume on Monday, January 5. Voting ends Wed. 7.",
                 {Lacks("Monday"), Lacks("January"), Lacks("Wed")},
                 "en"},
                {"公聴会はDec. 3に開かれる。", {Lacks("Dec")}},
                {"Former minister Linda May said the plan was fine.",
                 {Has("Linda May", kPerson)},
                 "en"},
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

// With the generated gazetteer (IPADIC organisations, ENAMDICT companies).
TEST_F(NameExtractorEnamdictTest, GeneratedGazetteer) {
  const std::string generated =
      std::string(KIJI_DATA_BUILD_DIR) + "/gazetteer.tsv";
  if (!std::ifstream(generated)) GTEST_SKIP() << generated << " is missing";
  NameExtractorOptions options;
  options.data_dir = KIJI_DATA_BUILD_DIR;
  options.names = index_;
  options.gazetteers = {generated, gazetteer_path_};
  auto made = NameExtractor::Create(options);
  ASSERT_TRUE(made.ok()) << made.status();
  Check(**made,
        {
            // A place that ENAMDICT also lists as a company, in a company list.
            {"ソニーやアマゾンなどの大手企業が出資した。",
             {Has("アマゾン", kCompany), Has("ソニー", kCompany)}},
            {"アマゾンやナイルなどの大河を巡った。",
             {Lacks("アマゾン", kCompany)}},
            // MeCab reads these as one unknown token; WORD entries know the
            // parts.
            {"ブルー・カーボンの研究が進む。", {Lacks("ブルー・カーボン")}},
            {"ゴールデン・ルーキーが活躍した。",
             {Lacks("ゴールデン・ルーキー", kPerson)}},
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

// The byte table behind the acronym scan (JR西日本) answers as IsUpper.
TEST(NameExtractorPrefilterTest, UpperByteTableMatchesIsUpper) {
  for (size_t c = 0; c < 256; ++c) {
    EXPECT_EQ(names::UpperByteTable()[c],
              names::IsUpper(static_cast<char32_t>(c)))
        << c;
  }
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
