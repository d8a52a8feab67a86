// The names model: its file format and its decoder (model.h), the features
// it reads (features.h), and the decision it makes over the rules with the
// model kiji ships (data/names/name_model.tsv, name_model.cc).
#include "extractors/names/model.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "extractors/names/features.h"
#include "gtest/gtest.h"
#include "lexicon/enamdict_index.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Case;
using name_testing::Has;
using name_testing::kCompany;
using name_testing::kOrg;
using name_testing::kPerson;
using name_testing::Lacks;
constexpr corpus::EntityType kLocation = corpus::EntityType::kLocation;
using names::NameModel;
using names::TaggedSpan;

constexpr char kLabels[] = "labels\tO\tB-PER\tI-PER\tB-LOC\tI-LOC\n";

std::unique_ptr<NameModel> ParseOk(const std::string& text) {
  auto m = NameModel::Parse(text, "test.tsv");
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? std::move(m).value() : nullptr;
}

TEST(NameModelTest, BadFilesAreErrorsNamingTheLine) {
  struct Bad {
    std::string text;
    std::string message;
  } cases[] = {
      {"", "test.tsv:0: no labels line"},
      {"w0=x\t1:1\n", "test.tsv:1: weights before the labels line"},
      {"labels\tO\tPER\n", "test.tsv:1: label 'PER' is not O, B-X or I-X"},
      {"labels\tB-PER\tO\n", "test.tsv:1: the first label is not O"},
      {"labels\tO\tI-PER\n", "test.tsv:1: I-PER without B-PER"},
      {std::string(kLabels) + "w0=x\t9:1\n", "test.tsv:2: bad weight '9:1'"},
      {std::string(kLabels) + "w0=x\t1:one\n", "test.tsv:2: bad weight"},
      {std::string(kLabels) + "# c\nw0=x\t1:1\nw0=x\t2:1\n",
       "test.tsv:4: feature 'w0=x' given twice"},
  };
  for (const Bad& c : cases) {
    auto m = NameModel::Parse(c.text, "test.tsv");
    ASSERT_FALSE(m.ok()) << c.text;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(m.status().message().find(c.message), std::string::npos)
        << m.status();
  }
  auto missing = NameModel::Load("/nonexistent/name_model.tsv");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

// Scores of tokens carrying the given features.
std::vector<float> Probabilities(
    const NameModel& m, const std::vector<std::vector<std::string>>& tokens) {
  std::vector<float> scores(tokens.size() * m.num_labels(), 0.0f);
  for (size_t t = 0; t < tokens.size(); ++t) {
    for (const std::string& f : tokens[t]) {
      m.Add(f, &scores[t * m.num_labels()]);
    }
  }
  m.ToProbabilities(&scores);
  return scores;
}

TEST(NameModelTest, ProbabilitiesAreNormalisedPerToken) {
  auto m = ParseOk(std::string(kLabels) + "a\t1:2\t2:-1\nb\t0:3\n");
  ASSERT_NE(m, nullptr);
  const std::vector<float> p = Probabilities(*m, {{"a"}, {"b"}, {"a", "b"}});
  ASSERT_EQ(p.size(), 15u);
  for (size_t t = 0; t < 3; ++t) {
    float sum = 0;
    for (size_t k = 0; k < 5; ++k) sum += p[t * 5 + k];
    EXPECT_NEAR(sum, 1.0f, 1e-5);
  }
  EXPECT_EQ(std::max_element(p.begin(), p.begin() + 5) - p.begin(), 1);
  EXPECT_EQ(std::max_element(p.begin() + 5, p.begin() + 10) - p.begin(), 5);
}

TEST(NameModelTest, DecodingFollowsTheBioConstraints) {
  // "start" favours B-PER, "in" I-PER, "out" O; "x" O a little over B-PER.
  auto m = ParseOk(std::string(kLabels) +
                   "start\t1:4\nin\t2:4\nout\t0:4\nx\t0:2\t1:1.8\n");
  ASSERT_NE(m, nullptr);
  // B-PER I-PER I-PER O: one span of three tokens; its confidence is the
  // mean of its labels' probabilities, here sigmoid(4) / (sigmoid(4) + 4/2).
  std::vector<TaggedSpan> s =
      m->Decode(Probabilities(*m, {{"start"}, {"in"}, {"in"}, {"out"}}));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].first, 0u);
  EXPECT_EQ(s[0].last, 2u);
  EXPECT_EQ(s[0].type, "PER");
  const float p = 1 / (1 + std::exp(-4.0f));
  EXPECT_NEAR(s[0].confidence, p / (p + 2.0f), 1e-4);
  // Token by token "x" is O, but I-PER cannot follow O: the best sequence
  // makes "x" the B-PER of the name.
  s = m->Decode(Probabilities(*m, {{"x"}, {"in"}, {"out"}}));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].first, 0u);
  EXPECT_EQ(s[0].last, 1u);
  EXPECT_TRUE(m->Decode({}).empty());
}

TEST(NameModelTest, KeysOfPartsAreKeysOfTheJoinedText) {
  // The tagger hashes a feature in pieces; the model's rows are keyed by
  // the whole text. Splits inside and across 8-byte words agree.
  const std::string text = "w+1=グループ|w0=ソフトバンク";
  for (size_t a = 0; a <= text.size(); ++a) {
    for (size_t b = a; b <= text.size(); b += 3) {
      const std::string_view t(text);
      EXPECT_EQ(
          NameModel::Key({t.substr(0, a), t.substr(a, b - a), t.substr(b)}),
          NameModel::Key(t))
          << a << " " << b;
    }
  }
  // Texts that differ, also only by length (zero bytes), have other keys.
  std::set<uint64_t> keys;
  for (const std::string& s :
       {std::string(), std::string(1, '\0'), std::string(2, '\0'),
        std::string("a"), std::string("b"), std::string("ab"),
        std::string("ba"), std::string("w0=a"), std::string("w0=b"),
        std::string("12345678"), std::string("123456789")}) {
    EXPECT_TRUE(keys.insert(NameModel::Key(s)).second) << s.size();
  }
  // A model parsed from text finds a feature given in parts.
  auto m = ParseOk(std::string(kLabels) + "w0=ソフトバンク\t1:2\n");
  ASSERT_NE(m, nullptr);
  std::vector<float> scores(m->num_labels(), 0.0f);
  m->Add({"w", "0=", "ソフト", "バンク"}, scores.data());
  EXPECT_EQ(scores[1], 2.0f);
}

// The decision with the model kiji ships, the real ENAMDICT index and the
// real gazetteer (data/names/name_model.tsv, built data folder).
class NameModelDecisionTest : public name_testing::NameExtractorTest {
 protected:
  static void SetUpTestSuite() {
    NameExtractorTest::SetUpTestSuite();
    auto names = lexicon::EnamdictIndex::Load(std::string(KIJI_DATA_BUILD_DIR) +
                                              "/enamdict.idx");
    ASSERT_TRUE(names.ok()) << names.status();
    names_ = names->release();
    NameExtractorOptions options;
    options.data_dir = KIJI_DATA_BUILD_DIR;
    options.names = names_;
    options.gazetteers = {std::string(KIJI_DATA_BUILD_DIR) + "/gazetteer.tsv"};
    options.model = std::string(KIJI_DATA_BUILD_DIR) + "/names/name_model.tsv";
    auto e = NameExtractor::Create(options);
    ASSERT_TRUE(e.ok()) << e.status();
    extractor_ = e->release();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    delete names_;
    NameExtractorTest::TearDownTestSuite();
  }
  static const lexicon::EnamdictIndex* names_;
  static const NameExtractor* extractor_;
};
const lexicon::EnamdictIndex* NameModelDecisionTest::names_ = nullptr;
const NameExtractor* NameModelDecisionTest::extractor_ = nullptr;

TEST_F(NameModelDecisionTest, FeaturesCarryTheEvidence) {
  corpus::Document doc = Run(*extractor_, {"安倍晋三首相は3日、答えた。", {}});
  std::vector<std::set<std::string>> features(doc.tokens.size());
  std::vector<corpus::Mention> rules;
  for (const corpus::Mention& m : doc.mentions) {
    if (m.type == kPerson) rules.push_back(m);
  }
  ASSERT_EQ(rules.size(), 1u);
  extractor_->Features(doc, rules, [&](size_t t, std::string_view f) {
    features[t].insert(std::string(f));
  });
  ASSERT_GE(doc.tokens.size(), 4u);
  EXPECT_EQ(doc.Surface(doc.tokens[0]), "安倍");
  const std::set<std::string>& first = features[0];
  for (const char* f : {"bias", "w0=安倍", "w+1=晋", "w-1=<s>", "c0=K",
                        "p0=名詞,固有名詞,人名,姓", "E0=s", "R0=B-PERSON",
                        "RS0=person.kanji", "R+1=I-PERSON"}) {
    EXPECT_TRUE(first.contains(f)) << f;
  }
  // The title after the name is a cue of the token before it.
  const size_t title = 3;
  EXPECT_EQ(doc.Surface(doc.tokens[title]), "首相");
  EXPECT_TRUE(features[title - 1].contains("L+1=title") ||
              features[title - 1].contains("L+1=ptitle"));
  EXPECT_TRUE(features[title].contains("R0=O"));
}

// The decision sums each distinct token's own weights once per thread
// (NameExtractor::Score); the sums must be those of the features the model
// was trained on (Features, the dumper's), and the same when the per-thread
// sums are reused.
TEST_F(NameModelDecisionTest, ScoresAreTheWeightsOfTheTrainingFeatures) {
  auto model = names::NameModel::Load(std::string(KIJI_DATA_BUILD_DIR) +
                                      "/names/name_model.tsv");
  ASSERT_TRUE(model.ok()) << model.status();
  const size_t k = (*model)->num_labels();
  for (const char* text :
       {"安倍晋三首相は3日、官邸で記者団の質問に答えた。トランプ大統領も。",
        "ソフトバンクグループの孫正義社長は、米オープンAIと提携すると発表した。"
        "\n孫氏は「AIは人類を超える」と述べた。"}) {
    SCOPED_TRACE(text);
    corpus::Document doc = Run(*extractor_, {text, {}});
    std::vector<corpus::Mention> rules;
    for (const corpus::Mention& m : doc.mentions) {
      if (m.type == kPerson || m.type == kCompany || m.type == kOrg) {
        rules.push_back(m);
      }
    }
    std::vector<float> expected(doc.tokens.size() * k, 0.0f);
    extractor_->Features(doc, rules, [&](size_t t, std::string_view f) {
      (*model)->Add(f, &expected[t * k]);
    });
    const std::vector<float> first = extractor_->ModelScores(doc, rules);
    const std::vector<float> again = extractor_->ModelScores(doc, rules);
    ASSERT_EQ(first.size(), expected.size());
    EXPECT_EQ(first, again);
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(first[i], expected[i], 1e-4f) << "token " << i / k;
    }
  }
}

// The reproductions of issue #16: plain news sentences the rules alone got
// wrong.
TEST_F(NameModelDecisionTest, NewsSentences) {
  Check(*extractor_,
        {
            {"安倍晋三首相は3日、官邸で記者団の質問に答えた。",
             {Has("安倍晋三", kPerson), Lacks("安倍晋", kPerson)}},
            {"北島康介選手が金メダルを獲得した。", {Has("北島康介", kPerson)}},
            {"田中将大投手は先発した。", {Has("田中将大", kPerson)}},
            {"青木崇高さんが出演する。", {Has("青木崇高", kPerson)}},
            {"菊川町の町長太田順一氏が式典であいさつした。",
             {Has("太田順一", kPerson), Lacks("太田", kCompany)}},
            {"名古屋市で開かれた会合には約200人が参加した。",
             {Lacks("名古屋", kCompany), Lacks("名古屋市", kCompany)}},
            {"NTTドコモは16日、新料金プランを発表した。",
             {Has("NTTドコモ", kCompany), Lacks("NTT"), Lacks("ドコモ")}},
            {"成長率888%毎日50万台増える", {Lacks("毎日")}},
            {"中国山東省で大雨が降った。", {Lacks("山東省", kOrg)}},
            {"陸上自衛隊は災害派遣を行った。",
             {Has("陸上自衛隊", kOrg), Lacks("自衛隊")}},
            {"JR西日本は運転を見合わせた。", {Lacks("JR", kCompany)}},
            {"TBSラジオの番組に出演した。", {Lacks("TBS", kCompany)}},
            {"トランプ大統領は9日、声明を出した。", {Has("トランプ", kPerson)}},
            {"Google Play Storeでアプリを公開した。",
             {Lacks("Google Play Store", kPerson)}},
            // The model's B-PER B-PER with nothing between: one name.
            {"開発を率いた最高技術責任者の三ツ矢遥香氏は記者会見で説明した。",
             {Has("三ツ矢遥香", kPerson), Lacks("遥香"), Lacks("三ツ矢")}},
            // No name cuts a katakana word MeCab split (さくら|クラ|ウド).
            {"約2000基を使い、さくらクラウドのデータセンターで学習した。",
             {Lacks("クラ")}},
            {"長友佑都が所属するインテルは試合に勝った。"
             "インテルは新しいCPUを発表した。",
             {Has("長友佑都", kPerson), Has("インテル", kOrg),
              Has("インテル", kCompany)}},
        });
}

// Kanji names MeCab cut: a given name glued after the surname the model
// found, a surname cut into words before a given name, and a name listed
// beside a person (、 と ・ や) when it is shaped like one; common words
// and places beside a person stay what they are.
TEST_F(NameModelDecisionTest, PeopleInListsAndCutNames) {
  Check(
      *extractor_,
      {
          {"柴脇真紀裁判長は判決を言い渡した。",
           {Has("柴脇真紀", kPerson), Lacks("柴脇")}},
          {"大会には淡井健太、田中圭佑の両選手が出場した。",
           {Has("淡井健太", kPerson), Lacks("健太"), Has("田中圭佑", kPerson)}},
          {"主力の淡井哲生、吉田圭佑の両選手が欠場した。",
           {Has("淡井哲生", kPerson), Has("吉田圭佑", kPerson)}},
          {"シルビアと同様、彼女も歌った。", {Lacks("同様")}},
          {"当時、川田は12歳であった。", {Lacks("当時")}},
          {"吉田圭佑と東京へ向かった。", {Lacks("東京", kPerson)}},
          // A common loanword glued after a kanji name is no part of it.
          {"場内は山岸コールと仲村コールに二分された。",
           {Has("仲村", kPerson), Lacks("仲村コール")}},
      });
}

// A surname before a common word names a thing after the person
// (ニクソン・ショック): no full name; the person is the surname. A given
// name first is a full name.
TEST_F(NameModelDecisionTest, ThingsNamedAfterAPerson) {
  Check(*extractor_,
        {
            {"ニクソン・ショックで円高が進んだ。",
             {Lacks("ニクソン・ショック"), Has("ニクソン", kPerson)}},
            {"ロックフェラー・センターに本社を置く。",
             {Lacks("ロックフェラー・センター", kPerson)}},
            {"ジョン・スミス氏が来日した。", {Has("ジョン・スミス", kPerson)}},
        });
}

// An era name alone (data/dates/eras.tsv) is no person; with an honorific
// it is one (a surname that is an era name too).
TEST_F(NameModelDecisionTest, EraNamesAreNoPeople) {
  Check(*extractor_,
        {
            {"神亀は、日本の元号の一つ。", {Lacks("神亀")}},
            {"朱鳥は、日本の飛鳥時代の元号の一つ。", {Lacks("朱鳥")}},
            {"店長の安永さんの気配りが光る。", {Has("安永", kPerson)}},
        });
}

// A company's name in a sentence about a game (two sports words) names the
// team: ORG. One sports word, a legal form or a company ending, or another
// sentence keep it a COMPANY.
TEST_F(NameModelDecisionTest, TeamsInGames) {
  Check(*extractor_,
        {
            {"ソフトバンクの選手が試合で本塁打を打った。",
             {Has("ソフトバンク", kOrg), Lacks("ソフトバンク", kCompany)}},
            {"インテルは首位を守り、今季のリーグ優勝に近づいた。",
             {Has("インテル", kOrg), Lacks("インテル", kCompany)}},
            {"ソフトバンクの株価は試合の日に上がった。",
             {Has("ソフトバンク", kCompany), Lacks("ソフトバンク", kOrg)}},
            {"トヨタ自動車のチームがリーグで優勝した。",
             {Has("トヨタ自動車", kCompany), Lacks("トヨタ自動車", kOrg)}},
            {"インテルは新しいCPUを発表した。選手たちは試合に勝った。",
             {Has("インテル", kCompany), Lacks("インテル", kOrg)}},
        });
}

// Organisation spans: endings after a name or a place the model found join
// it (学校, クラブ, 建設), legal forms of organisations and their parts are
// no names, and punctuation MeCab reads as a noun ends a name.
TEST_F(NameModelDecisionTest, OrganisationSpans) {
  Check(
      *extractor_,
      {
          {"名称が済美高等学校となった。",
           {Has("済美高等学校", kOrg), Lacks("済美高等")}},
          {"2位の天草本渡クラブは10月に対戦する。",
           {Has("天草本渡クラブ", kOrg), Lacks("天草本渡")}},
          {"朝霧建設は工事を受注した。",
           {Has("朝霧建設", kCompany), Lacks("朝霧", kLocation)}},
          {"一般社団法人や一般財団法人の総称をいう。",
           {Lacks("一般"), Lacks("一般社団"), Lacks("一般財団"),
            Lacks("一般財団法人")}},
          {"公益財団法人の認定を受けた。", {Lacks("公益財団法人")}},
          {"所属事務所,株式会社maroo企画です。",
           {Has("株式会社maroo企画", kCompany), Lacks("所属事務所,株式会社")}},
          // Negative: a common noun before クラブ is no name.
          {"ファンクラブの会員が集まった。", {Lacks("ファンクラブ")}},
          // A trade between the name and its ending (木材|工業).
          {"床材は森川木材工業が納入した。",
           {Has("森川木材工業", kCompany), Lacks("森川", kPerson)}},
          // A one-kanji unit suffix MeCab cut off (理事|会, 取引|所).
          {"株式は東京証券取引所に上場した。",
           {Has("東京証券取引所", kOrg), Lacks("東京証券取引")}},
          {"事件は大阪地検特捜部が捜査した。",
           {Has("大阪地検特捜部", kOrg), Lacks("大阪地検特捜")}},
          // A katakana trade after a place or name the model found ends a
          // company's name; not after a common word.
          {"解説は北陸スポーツの記者が務めた。",
           {Has("北陸スポーツ", kCompany), Lacks("北陸", kLocation)}},
          {"路線は湖西バスが運行している。", {Has("湖西バス", kCompany)}},
          {"日本スポーツ界の発展に尽くした。", {Lacks("日本スポーツ")}},
          // A number before its counter is no part of the name.
          {"入札には森川興産1社だけが応じた。",
           {Has("森川興産", kCompany), Lacks("森川興産1"),
            Lacks("森川興産1社")}},
          // A piece of a hiragana word MeCab cut (a reading) is no name; a
          // hiragana name before a particle is one.
          {"こくりつじょうほうがくけんきゅうじょ",
           {Lacks("こくりつじ"), Lacks("こくりつじょうほう")}},
          {"だいにっぽんいんさつ、略称DNP", {Lacks("だいにっぽんいん")}},
          {"しまむらは衣料品の売上高を発表した。", {Has("しまむら", kCompany)}},
          // Negative: not after a person or a place (北|部).
          {"山田部長は大阪府北部を訪れた。",
           {Lacks("山田部", kOrg), Lacks("大阪府北部", kOrg)}},
      });
}

// Houses: a name or a surname before the suffix 家 names the family or the
// noble house (ORG), not the person; a word before 家 (政治家, 専門家) is
// no house.
TEST_F(NameModelDecisionTest, Houses) {
  Check(*extractor_,
        {
            {"以後ハプスブルク家支配となった。",
             {Has("ハプスブルク家", kOrg), Lacks("ハプスブルク", kPerson)}},
            {"安倍家の墓がある。",
             {Has("安倍家", kOrg), Lacks("安倍", kPerson)}},
            {"藩主は島津家と毛利家が務めた。",
             {Has("島津家", kOrg), Has("毛利家", kOrg), Lacks("島津", kPerson)}},
            {"日本の政治家が専門家と会った。",
             {Lacks("政治家"), Lacks("専門家")}},
            {"作家の田中氏が来た。", {Has("田中", kPerson), Lacks("作家")}},
        });
}

// A gazetteer name that is a word too (楽天 "optimism") is a name in a
// sentence of business news when it stands alone; not glued to a noun
// (共同|創業者), not before a title (桐生社長), not outside business news.
TEST_F(NameModelDecisionTest, AmbiguousNamesInBusinessNews) {
  Check(*extractor_,
        {
            // ENAMDICT types 楽天 an organisation; the type stays its.
            {"2008年に入り、楽天がイーバンク銀行と資本提携した。",
             {Has("楽天", kOrg), Has("イーバンク銀行", kCompany)}},
            {"彼は楽天的な性格で知られる。", {Lacks("楽天")}},
            {"共同創業者で現社長の男性が含まれている。", {Lacks("共同")}},
            {"桐生社長によると、米国子会社の売上高が伸びた。",
             {Lacks("桐生", kCompany)}},
        });
}

// COMPANY against ORG: a business is COMPANY, any other organisation
// (ministries, universities, courts, associations, police) ORG; each case
// also says which type the name is not.
TEST_F(NameModelDecisionTest, CompanyOrOrganisation) {
  Check(*extractor_,
        {
            {"トヨタ自動車は新型車の生産を始めると発表した。",
             {Has("トヨタ自動車", kCompany), Lacks("トヨタ自動車", kOrg)}},
            {"ソニーグループは決算を発表し、営業利益が増えた。",
             {Has("ソニーグループ", kCompany), Lacks("ソニーグループ", kOrg)}},
            {"三菱商事は海外の資源会社を買収すると発表した。",
             {Has("三菱商事", kCompany), Lacks("三菱商事", kOrg)}},
            {"パナソニックホールディングスは電池事業を強化する。",
             {Has("パナソニックホールディングス", kCompany)}},
            {"株式会社メルカリは新サービスを始めた。",
             {Has("株式会社メルカリ", kCompany), Lacks("メルカリ", kOrg)}},
            {"名古屋鉄道は運賃を改定すると発表した。",
             {Has("名古屋鉄道", kCompany), Lacks("名古屋", kLocation)}},
            {"九州電力は電気料金を値上げした。",
             {Has("九州電力", kCompany), Lacks("九州", kLocation)}},
            {"文部科学省は新しい指針を公表した。",
             {Has("文部科学省", kOrg), Lacks("文部科学省", kCompany)}},
            {"東京大学の研究チームは新しい材料を開発した。",
             {Has("東京大学", kOrg), Lacks("東京大学", kCompany),
              Lacks("東京", kLocation)}},
            {"最高裁判所は上告を棄却した。",
             {Has("最高裁判所", kOrg), Lacks("最高裁判所", kCompany)}},
            {"日本サッカー協会は代表メンバーを発表した。",
             {Has("日本サッカー協会", kOrg),
              Lacks("日本サッカー協会", kCompany)}},
            {"静岡県警は男を逮捕した。",
             {Has("静岡県警", kOrg), Lacks("静岡県", kLocation),
              Lacks("静岡県警", kCompany)}},
        });
}

// LOCATION: countries, regions, cities and stations are places, never a
// COMPANY or a PERSON; a place inside a company's or an organisation's name
// is no place of its own, and a person stays a person.
TEST_F(NameModelDecisionTest, Places) {
  Check(*extractor_,
        {
            {"大阪府の知事は記者会見で万博の準備状況を説明した。",
             {Has("大阪府", kLocation), Lacks("大阪府", kCompany),
              Lacks("大阪府", kOrg)}},
            {"フランスのマクロン大統領はドイツを訪問した。",
             {Has("フランス", kLocation), Has("ドイツ", kLocation),
              Has("マクロン", kPerson), Lacks("マクロン", kLocation)}},
            {"北海道や沖縄県では観光客が増えている。",
             {Has("北海道", kLocation), Has("沖縄県", kLocation),
              Lacks("北海道", kCompany)}},
            {"シカゴに本社を置く航空機メーカーが新型機を発表した。",
             {Has("シカゴ", kLocation), Lacks("シカゴ", kCompany)}},
            {"ソウルで開かれた首脳会談で両国は協力を確認した。",
             {Has("ソウル", kLocation), Lacks("ソウル", kPerson)}},
            {"新潟市の中心部では大雪のため交通が乱れた。",
             {Has("新潟市", kLocation), Lacks("新潟", kCompany)}},
            {"名古屋駅の近くに新しいビルが完成した。",
             {Has("名古屋駅", kLocation), Lacks("名古屋", kCompany)}},
            {"ロンドン市場では株価が下落した。",
             {Has("ロンドン", kLocation), Lacks("ロンドン", kPerson)}},
            {"山田太郎さんは横浜市に住んでいる。",
             {Has("山田太郎", kPerson), Has("横浜市", kLocation),
              Lacks("山田太郎", kLocation)}},
            {"大阪大学の教授が講演した。",
             {Has("大阪大学", kOrg), Lacks("大阪", kLocation)}},
        });
}

}  // namespace
}  // namespace kiji::extractors
