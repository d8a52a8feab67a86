#include "extractors/amount_extractor.h"

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace kiji::extractors {
namespace {

constexpr double kNoMax = -1;

// One sentence with exactly one expected amount.
struct AmountCase {
  const char* input;
  const char* surface;
  double value;
  double value_max;  // kNoMax when not a range
  const char* unit;
  const char* counter;
  const char* qualifier;
  const char* source;
};

constexpr char kJa[] = "amount.ja";
constexpr char kSym[] = "amount.symbol";
constexpr char kEn[] = "amount.en";

const AmountCase kCases[] = {
    // Japanese money.
    {"同社は総額5,000億ドルを投じる計画だ。", "5,000億ドル", 5e11, kNoMax,
     "USD", "", "", kJa},
    {"経済効果は約78兆円に相当する。", "約78兆円", 7.8e13, kNoMax, "JPY", "",
     "approx", kJa},
    {"調達額は30億米ドルに達した。", "30億米ドル", 3e9, kNoMax, "USD", "", "",
     kJa},
    {"売上高は三億五千万円だった。", "三億五千万円", 3.5e8, kNoMax, "JPY", "",
     "", kJa},
    {"政府は1.5兆円の補正予算を組んだ。", "1.5兆円", 1.5e12, kNoMax, "JPY", "",
     "", kJa},
    {"新工場に100〜200億円を投じる。", "100〜200億円", 1e10, 2e10, "JPY", "",
     "", kJa},
    {"価格は1万2000円からとなる。", "1万2000円", 12000, kNoMax, "JPY", "", "",
     kJa},
    {"欧州委員会は5億ユーロの制裁金を科した。", "5億ユーロ", 5e8, kNoMax, "EUR",
     "", "", kJa},
    {"研究開発費は300億円近くに膨らんだ。", "300億円近く", 3e10, kNoMax, "JPY",
     "", "nearly", kJa},
    {"出資額は100億ドル以上とみられる。", "100億ドル以上", 1e10, kNoMax, "USD",
     "", "at_least", kJa},
    {"同社を2億5000万元で買収した。", "2億5000万元", 2.5e8, kNoMax, "CNY", "",
     "", kJa},
    {"評価額は1000万人民元だ。", "1000万人民元", 1e7, kNoMax, "CNY", "", "",
     kJa},
    {"半導体に3兆ウォンを投資する。", "3兆ウォン", 3e12, kNoMax, "KRW", "", "",
     kJa},
    {"英政府は20億ポンドを拠出する。", "20億ポンド", 2e9, kNoMax, "GBP", "", "",
     kJa},
    {"鉱山会社が5000万豪ドルを調達した。", "5000万豪ドル", 5e7, kNoMax, "AUD",
     "", "", kJa},
    {"不動産会社は10億香港ドルの赤字を計上した。", "10億香港ドル", 1e9, kNoMax,
     "HKD", "", "", kJa},
    {"州政府は500億ルピーを用意した。", "500億ルピー", 5e10, kNoMax, "INR", "",
     "", kJa},
    {"損失は50億ドル弱にとどまった。", "50億ドル弱", 5e9, kNoMax, "USD", "",
     "under", kJa},
    {"赤字は1000億円超の見通しだ。", "1000億円超", 1e11, kNoMax, "JPY", "",
     "over", kJa},
    {"調達額は最大で30億ドルになる。", "最大で30億ドル", 3e9, kNoMax, "USD", "",
     "at_most", kJa},
    {"およそ8000億円の経済効果がある。", "およそ8000億円", 8e11, kNoMax, "JPY",
     "", "approx", kJa},
    {"報酬は少なくとも1億円だった。", "少なくとも1億円", 1e8, kNoMax, "JPY", "",
     "at_least", kJa},
    {"費用は10億円程度と見込む。", "10億円程度", 1e9, kNoMax, "JPY", "",
     "approx", kJa},
    {"予算は5億円未満に抑える。", "5億円未満", 5e8, kNoMax, "JPY", "", "under",
     kJa},
    {"買収額は2兆円を超える見込みだ。", "2兆円を超える", 2e12, kNoMax, "JPY",
     "", "over", kJa},
    {"税収は60兆円余りだった。", "60兆円余り", 6e13, kNoMax, "JPY", "", "over",
     kJa},
    {"投資額は5兆円前後になる。", "5兆円前後", 5e12, kNoMax, "JPY", "",
     "approx", kJa},
    {"市場規模は1兆円強に拡大した。", "1兆円強", 1e12, kNoMax, "JPY", "",
     "over", kJa},
    {"株価は一時800円超下落した。", "800円超", 800, kNoMax, "JPY", "", "over",
     kJa},
    {"総額2兆円規模の投資を行う。", "2兆円規模", 2e12, kNoMax, "JPY", "",
     "approx", kJa},
    {"5億円超大型案件を受注した。", "5億円", 5e8, kNoMax, "JPY", "", "", kJa},
    {"利益は500万円以下だった。", "500万円以下", 5e6, kNoMax, "JPY", "",
     "at_most", kJa},
    {"財団にほぼ100万ドルを寄付した。", "ほぼ100万ドル", 1e6, kNoMax, "USD", "",
     "approx", kJa},
    {"1000億〜2000億円の資金が必要だ。", "1000億〜2000億円", 1e11, 2e11, "JPY",
     "", "", kJa},
    {"受注額は50億円〜70億円の範囲だ。", "50億円〜70億円", 5e9, 7e9, "JPY", "",
     "", kJa},
    {"3〜5千万円の予算を組む。", "3〜5千万円", 3e7, 5e7, "JPY", "", "", kJa},
    {"大学に十億円を寄付した。", "十億円", 1e9, kNoMax, "JPY", "", "", kJa},
    {"工場を二百万ドルで売却した。", "二百万ドル", 2e6, kNoMax, "USD", "", "",
     kJa},
    {"手数料は千円だ。", "千円", 1000, kNoMax, "JPY", "", "", kJa},
    {"1,000,000円を寄付した。", "1,000,000円", 1e6, kNoMax, "JPY", "", "", kJa},
    {"台北で100台湾ドルの弁当を買った。", "100台湾ドル", 100, kNoMax, "TWD", "",
     "", kJa},
    {"赤字は推定20億ユーロだった。", "推定20億ユーロ", 2e9, kNoMax, "EUR", "",
     "approx", kJa},
    {"調達額は約300億円以上になる。", "約300億円以上", 3e10, kNoMax, "JPY", "",
     "at_least", kJa},
    {"損失は最大50億円の見通し。", "最大50億円", 5e9, kNoMax, "JPY", "",
     "at_most", kJa},
    // Symbols.
    {"料金は¥300です。", "¥300", 300, kNoMax, "JPY", "", "", kSym},
    {"It raised $10 billion from investors.", "$10 billion", 1e10, kNoMax,
     "USD", "", "", kSym},
    {"They won a US$5 million grant.", "US$5 million", 5e6, kNoMax, "USD", "",
     "", kSym},
    {"The bank was fined €5m by regulators.", "€5m", 5e6, kNoMax, "EUR", "", "",
     kSym},
    {"a $2.5bn deal was signed", "$2.5bn", 2.5e9, kNoMax, "USD", "", "", kSym},
    {"The plan is priced at $300.", "$300", 300, kNoMax, "USD", "", "", kSym},
    {"The club paid £20 million for him.", "£20 million", 2e7, kNoMax, "GBP",
     "", "", kSym},
    {"It is worth about $6.6 billion.", "about $6.6 billion", 6.6e9, kNoMax,
     "USD", "", "approx", kSym},
    {"It expects between $37 billion and $38 billion.",
     "between $37 billion and $38 billion", 3.7e10, 3.8e10, "USD", "", "",
     kSym},
    {"Sales of $5 million to $7 million are likely.",
     "$5 million to $7 million", 5e6, 7e6, "USD", "", "", kSym},
    {"Analysts expect $10-20 billion in losses.", "$10-20 billion", 1e10, 2e10,
     "USD", "", "", kSym},
    {"A HK$3 billion bond was issued.", "HK$3 billion", 3e9, kNoMax, "HKD", "",
     "", kSym},
    {"Revenue may exceed more than $1 trillion.", "more than $1 trillion", 1e12,
     kNoMax, "USD", "", "over", kSym},
    {"a fund of up to €500 million", "up to €500 million", 5e8, kNoMax, "EUR",
     "", "at_most", kSym},
    {"月額$5,000以上の契約", "$5,000以上", 5000, kNoMax, "USD", "", "at_least",
     kSym},
    {"a A$2 billion project", "A$2 billion", 2e9, kNoMax, "AUD", "", "", kSym},
    {"It lost $5B last year.", "$5B", 5e9, kNoMax, "USD", "", "", kSym},
    {"同社は$100億を調達した。", "$100億", 1e10, kNoMax, "USD", "", "", kSym},
    {"a EUR 5 million loan", "EUR 5 million", 5e6, kNoMax, "EUR", "", "", kSym},
    {"priced at ¥1,500〜2,000 each", "¥1,500〜2,000", 1500, 2000, "JPY", "", "",
     kSym},
    // English words.
    {"a contract worth 10 million dollars", "10 million dollars", 1e7, kNoMax,
     "USD", "", "", kEn},
    {"a budget of 1.2 trillion yen", "1.2 trillion yen", 1.2e12, kNoMax, "JPY",
     "", "", kEn},
    {"The company hired 5,000 people last year.", "5,000 people", 5000, kNoMax,
     "count", "people", "", kEn},
    {"It laid off nearly 2,000 employees.", "nearly 2,000 employees", 2000,
     kNoMax, "count", "employees", "nearly", kEn},
    {"a subsidy of 500 million euros", "500 million euros", 5e8, kNoMax, "EUR",
     "", "", kEn},
    {"At least 300 companies joined.", "At least 300 companies", 300, kNoMax,
     "count", "companies", "at_least", kEn},
    {"They spent 3 billion yuan on chips.", "3 billion yuan", 3e9, kNoMax,
     "CNY", "", "", kEn},
    {"buyers of 1,000 shares or more", "1,000 shares or more", 1000, kNoMax,
     "count", "shares", "at_least", kEn},
    {"revenue of 5 million USD", "5 million USD", 5e6, kNoMax, "USD", "", "",
     kEn},
    {"between 10 and 20-30 users", "20-30 users", 20, 30, "count", "users", "",
     kEn},
    // Percentages: unit "percent", the number as written.
    {"売上高は前期比6.2%増えた。", "6.2%", 6.2, kNoMax, "percent", "", "", kJa},
    {"金利を0.25%程度に引き上げる。", "0.25%程度", 0.25, kNoMax, "percent", "",
     "approx", kJa},
    {"支持率は30〜35%で推移した。", "30〜35%", 30, 35, "percent", "", "", kJa},
    {"失業率は2.5パーセントだった。", "2.5パーセント", 2.5, kNoMax, "percent",
     "", "", kJa},
    {"Sales rose 6 percent last year.", "6 percent", 6, kNoMax, "percent", "",
     "", kEn},
    // Yen and sen; sub-units and currencies before the euro.
    {"前日の終値は139円78銭だった。", "139円78銭", 139.78, kNoMax, "JPY", "",
     "", kJa},
    {"値幅は15銭にとどまった。", "15銭", 0.15, kNoMax, "JPY", "", "", kJa},
    {"一銭も残らなかった。", "一銭", 0.01, kNoMax, "JPY", "", "", kJa},
    {"当時の価格は15万ペセタだった。", "15万ペセタ", 150000, kNoMax, "ESP", "",
     "", kJa},
    {"賠償金は50億マルクに上った。", "50億マルク", 5e9, kNoMax, "DEM", "", "",
     kJa},
    {"入場料は5フランだった。", "5フラン", 5, kNoMax, "FRF", "", "", kJa},
    {"価格は1000リラだった。", "1000リラ", 1000, kNoMax, "ITL", "", "", kJa},
    {"補助単位は100ペニヒ。", "100ペニヒ", 1, kNoMax, "DEM", "", "", kJa},
    // Vague sums of money: a range of "several", approx.
    {"数千円で済む。", "数千円", 2000, 9000, "JPY", "", "approx", kJa},
    {"数十億円規模の投資になる。", "数十億円規模", 2e9, 9e9, "JPY", "",
     "approx", kJa},
    {"十数億円を投じた。", "十数億円", 1.1e9, 1.9e9, "JPY", "", "approx", kJa},
    {"20数万円かかった。", "20数万円", 2.1e5, 2.9e5, "JPY", "", "approx", kJa},
    // Japanese counts.
    {"各地で7試合が行われた。", "7試合", 7, kNoMax, "count", "試合", "", kJa},
    {"与党は過半数の233議席を得た。", "233議席", 233, kNoMax, "count", "議席",
     "", kJa},
    {"先月の問い合わせは2億5000万件に上った。", "2億5000万件", 2.5e8, kNoMax,
     "count", "件", "", kJa},
    {"利用者は3000万人を突破した。", "3000万人", 3e7, kNoMax, "count", "人", "",
     kJa},
    {"新たに5社が参入した。", "5社", 5, kNoMax, "count", "社", "", kJa},
    {"同社には11人の共同創業者がいる。", "11人", 11, kNoMax, "count", "人", "",
     kJa},
    {"工場に200台のロボットを導入した。", "200台", 200, kNoMax, "count", "台",
     "", kJa},
    {"自社株100万株を取得した。", "100万株", 1e6, kNoMax, "count", "株", "",
     kJa},
    {"約30社の新興企業が集まった。", "約30社", 30, kNoMax, "count", "社",
     "approx", kJa},
    {"中核社員75人近くが退職した。", "75人近く", 75, kNoMax, "count", "人",
     "nearly", kJa},
    {"世界10カ国で展開する。", "10カ国", 10, kNoMax, "count", "カ国", "", kJa},
    {"幹部三人が辞任した。", "三人", 3, kNoMax, "count", "人", "", kJa},
    {"会合は2回にわたり開かれた。", "2回", 2, kNoMax, "count", "回", "", kJa},
    {"参加者は1万2000人以上だった。", "1万2000人以上", 12000, kNoMax, "count",
     "人", "at_least", kJa},
    {"毎日100〜200人が訪れる。", "100〜200人", 100, 200, "count", "人", "",
     kJa},
    {"登録者数は100万人超。", "100万人超", 1e6, kNoMax, "count", "人", "over",
     kJa},
    {"予約1000件が入った。", "1000件", 1000, kNoMax, "count", "件", "", kJa},
    {"計20台強化された。", "20台", 20, kNoMax, "count", "台", "", kJa},
    {"2人の元社長が証言した。", "2人", 2, kNoMax, "count", "人", "", kJa},
    {"GPUを5万個確保した。", "5万個", 5e4, kNoMax, "count", "個", "", kJa},
};

class AmountExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<AmountExtractor>> extractor =
        AmountExtractor::Create();
    ASSERT_TRUE(extractor.ok()) << extractor.status();
    extractor_ = *std::move(extractor);
  }

  std::vector<std::string> Surfaces(std::string_view text) const {
    std::vector<std::string> out;
    for (const AmountMatch& m : extractor_->Extract(text)) {
      out.emplace_back(text.substr(m.begin, m.end - m.begin));
    }
    return out;
  }

  std::unique_ptr<AmountExtractor> extractor_;
};

TEST_F(AmountExtractorTest, ExtractsOneAmountPerSentence) {
  EXPECT_GE(std::size(kCases), 60u);
  for (const AmountCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const std::string_view text = c.input;
    const std::vector<AmountMatch> matches = extractor_->Extract(text);
    ASSERT_EQ(matches.size(), 1u)
        << "surfaces: " << testing::PrintToString(Surfaces(text));
    const AmountMatch& m = matches[0];
    EXPECT_EQ(text.substr(m.begin, m.end - m.begin), c.surface);
    EXPECT_DOUBLE_EQ(m.value, c.value);
    if (c.value_max == kNoMax) {
      EXPECT_FALSE(m.value_max.has_value());
    } else {
      ASSERT_TRUE(m.value_max.has_value());
      EXPECT_DOUBLE_EQ(*m.value_max, c.value_max);
    }
    EXPECT_EQ(m.unit, c.unit);
    EXPECT_EQ(m.counter, c.counter);
    EXPECT_EQ(m.qualifier, c.qualifier);
    EXPECT_EQ(m.source, c.source);
  }
}

const char* const kNegatives[] = {
    "第3四半期の決算を発表した。",
    "2024年に退職した。",
    "GPT-4の性能が向上した。",
    "Claude 3.5が多く利用されている。",
    "Sonet3.5が多く利用されている。",
    "シェアは3割に達した。",
    "4カ月ぶりに再開した。",
    "3年間の契約を結んだ。",
    "2週間後に発表する。",
    "数十万の雇用を生む。",
    "銭湯に行った。",
    "マルクス主義の研究。",
    "二元的な賃金体系。",
    "3ポンド単装砲を装備した。",
    "ドル・ショックと呼ばれた。",
    "ドルは通貨単位のひとつである。",
    "円高が進んだ。",
    "数千人が参加した3回目の会合。",
    "何百人もの研究者が集まった。",
    "十数人が退職した。",
    "数千人が参加した。",
    "3人目の創業者が去った。",
    "第2回の会合が開かれた。",
    "2社目の買収となる。",
    "元社長の発言が注目された。",
    "3社長が会談した。",
    "The model has 10 billion parameters.",
    "売上は3倍になった。",
    "3月5日に発表した。",
    "一人で開発した。",
    "1株当たりの配当を決めた。",
    "1人あたりの負担が増えた。",
    "関東一円で停電した。",
    "計画を一本化した。",
    "2、3人が辞めた。",
    "Version 2.5 users reported bugs.",
    "人口は3.5人あたり",
    "午後3時に開始した。",
    "2024年元日に発表した。",
    "See section 3.2.1 for details.",
    "US$ exchange rates rose.",
    "三井住友と千葉銀行が提携した。",
    "令和5年度の計画",
    "3回戦で敗退した。",
    "参加者は50〜40人と推計が割れた。",
    "BUSD 5 was listed.",
    "The shell variable $1abc is unset.",
    "4000万ドル",  // valid amount: sanity check that negatives can fail
};

struct ManyCase {
  const char* input;
  // surface=value/unit per match, value "null" for a currency named alone.
  std::vector<std::string> want;
};

std::string Describe(std::string_view text, const AmountMatch& m) {
  return absl::StrCat(std::string(text.substr(m.begin, m.end - m.begin)), "=",
                      m.currency_only ? std::string("null")
                      : m.value == std::floor(m.value)
                          ? absl::StrCat(static_cast<long long>(m.value))
                          : absl::StrCat(m.value),
                      "/", m.unit);
}

// A quote names two sums; a list writes its currency once (at either end,
// or earlier in the sentence); exchange-rate news names currencies alone.
TEST_F(AmountExtractorTest, QuotesListsAndCurrencyNames) {
  const ManyCase cases[] = {
      {"円相場は1ドル=150円で推移した。", {"1ドル=1/USD", "150円=150/JPY"}},
      {"一時1ドル=75円32銭を付けた。", {"1ドル=1/USD", "75円32銭=75.32/JPY"}},
      {"418億円と400億円規模の2案",
       {"418億円=41800000000/JPY", "400億円規模=40000000000/JPY"}},
      {"418億円と400億の2案",
       {"418億円=41800000000/JPY", "400億=40000000000/JPY"}},
      {"300億、400億ドルを投じる。",
       {"300億=30000000000/USD", "400億ドル=40000000000/USD"}},
      {"ウォン建てで418億と400億規模の訴訟",
       {"418億=41800000000/KRW", "400億規模=40000000000/KRW"}},
      {"それぞれ418億と400億規模の訴訟", {}},
      {"人口は418億と400億人", {"400億人=40000000000/count"}},
      {"ドルは主要通貨に対して弱含み、英ポンドが4月ぶりの高値をつけた。",
       {"ドル=null/USD", "英ポンド=null/GBP"}},
      {"ユーロ圏の債務危機", {"ユーロ=null/EUR"}},
      {"ユーロ・ドルの日足", {"ユーロ=null/EUR"}},
      {"ドル安が進む", {"ドル=null/USD"}},
      {"香港ドルは上昇した。", {}},
      {"1株当たりの配当は50円。", {"50円=50/JPY"}},
  };
  for (const ManyCase& c : cases) {
    SCOPED_TRACE(c.input);
    std::vector<std::string> got;
    for (const AmountMatch& m : extractor_->Extract(c.input)) {
      got.push_back(Describe(c.input, m));
    }
    EXPECT_EQ(got, c.want);
  }
}

// Every character that can start a shape is found among three-byte
// characters that share its first two bytes (丁 after 一, 堺 near 四, ...):
// the start scan rules most characters out by those two bytes.
TEST_F(AmountExtractorTest, StartCharactersAmongLookalikes) {
  EXPECT_EQ(Surfaces("丁目で一万円"), std::vector<std::string>{"一万円"});
  EXPECT_EQ(Surfaces("堺市は三百人"), std::vector<std::string>{"三百人"});
  EXPECT_EQ(Surfaces("紅葉は概算で3億円"),
            std::vector<std::string>{"概算で3億円"});
  EXPECT_EQ(Surfaces("おかげでおよそ5人"),
            std::vector<std::string>{"およそ5人"});
  EXPECT_EQ(Surfaces("最近は最大10人"), std::vector<std::string>{"最大10人"});
  EXPECT_EQ(Surfaces("株価は₩500"), std::vector<std::string>{"₩500"});
  EXPECT_EQ(Surfaces("手数料₹300"), std::vector<std::string>{"₹300"});
  EXPECT_EQ(Surfaces("〇〇は千五百件"), std::vector<std::string>{"千五百件"});
  // Neighbours that differ only in the last byte (ぉ お, ぼ ほ, 〆 〇, 丂 七).
  EXPECT_EQ(Surfaces("ぉぼおよそ5人"), std::vector<std::string>{"およそ5人"});
  EXPECT_EQ(Surfaces("ぼほぼ5社"), std::vector<std::string>{"ほぼ5社"});
  EXPECT_EQ(Surfaces("、。〆七件"), std::vector<std::string>{"七件"});
  EXPECT_EQ(Surfaces("丂七件と下三人"),
            (std::vector<std::string>{"七件", "三人"}));
}

TEST_F(AmountExtractorTest, IgnoresNonAmounts) {
  // The last entry is a positive control so that this table can fail.
  const size_t n = std::size(kNegatives);
  for (size_t i = 0; i + 1 < n; ++i) {
    SCOPED_TRACE(kNegatives[i]);
    EXPECT_EQ(Surfaces(kNegatives[i]), std::vector<std::string>{});
  }
  EXPECT_EQ(Surfaces(kNegatives[n - 1]),
            std::vector<std::string>{"4000万ドル"});
}

TEST_F(AmountExtractorTest, SeveralAmountsInOrderWithByteOffsets) {
  const std::string text =
      "総額5,000億ドル(約78兆円)のうち、1,000億ドルを直ちに投じ、"
      "従業員3000人を雇う。It also pledged $2.5bn and 5,000 people.";
  const std::vector<AmountMatch> matches = extractor_->Extract(text);
  ASSERT_EQ(matches.size(), 6u);
  EXPECT_EQ(Surfaces(text),
            (std::vector<std::string>{"5,000億ドル", "約78兆円", "1,000億ドル",
                                      "3000人", "$2.5bn", "5,000 people"}));
  EXPECT_EQ(matches[0].begin, std::string("総額").size());
  EXPECT_DOUBLE_EQ(matches[2].value, 1e11);
  EXPECT_EQ(matches[3].counter, "人");
  for (size_t i = 1; i < matches.size(); ++i) {
    EXPECT_LE(matches[i - 1].end, matches[i].begin);
  }
}

TEST_F(AmountExtractorTest, EnglishRangesOnlyBetweenOrTo) {
  // A change (from ... to), other units, qualifiers and a falling pair stay
  // two amounts.
  EXPECT_EQ(Surfaces("Revenue rose from $30 billion to $35 billion."),
            (std::vector<std::string>{"$30 billion", "$35 billion"}));
  EXPECT_EQ(Surfaces("It paid $5 million to 300 people."),
            (std::vector<std::string>{"$5 million", "300 people"}));
  EXPECT_EQ(Surfaces("between about $3 million and $4 million"),
            (std::vector<std::string>{"about $3 million", "$4 million"}));
  EXPECT_EQ(Surfaces("cut $9 million to $7 million"),
            (std::vector<std::string>{"$9 million", "$7 million"}));
  EXPECT_EQ(Surfaces("$2 million and $3 million were raised"),
            (std::vector<std::string>{"$2 million", "$3 million"}));
}

TEST_F(AmountExtractorTest, EnglishQualifiersBeforePercentages) {
  const struct {
    const char* text;
    const char* surface;
    const char* qualifier;
  } cases[] = {
      {"Shares rose as much as 6% in late trading.", "as much as 6%", "at_most"},
      {"About 5% of voters were undecided.", "About 5%", "approx"},
      {"It owns an estimated 12% of the firm.", "an estimated 12%", "approx"},
      {"more than 30% of homes", "more than 30%", "over"},
      {"a rise of 8% in sales", "8%", ""},   // "of" is no qualifier
      {"a turnover 5% lower", "5%", ""},     // "over" inside a word
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const std::string text = c.text;
    const std::vector<AmountMatch> matches = extractor_->Extract(text);
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin),
              c.surface);
    EXPECT_EQ(matches[0].qualifier, c.qualifier);
  }
}

TEST_F(AmountExtractorTest, LongestMatchWinsAcrossPatterns) {
  // "$5億ドル" is both the symbol match "$5億" and the longer Japanese match
  // "5億ドル"; the longer one is kept.
  const std::string text = "$5億ドルの投資";
  const std::vector<AmountMatch> matches = extractor_->Extract(text);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin),
            "5億ドル");
  EXPECT_EQ(matches[0].source, "amount.ja");
  EXPECT_DOUBLE_EQ(matches[0].value, 5e8);
  // 人民元 beats the count 人; 台湾ドル beats the count 台.
  EXPECT_EQ(Surfaces("100人民元"), std::vector<std::string>{"100人民元"});
  // An English number right after a currency symbol belongs to the symbol
  // match, so "dollars" is left out rather than double-counted.
  EXPECT_EQ(Surfaces("a $10 million dollars gift"),
            std::vector<std::string>{"$10 million"});
}

TEST_F(AmountExtractorTest, LinesAreIndependent) {
  // A newline never joins a number to a unit on the next line.
  EXPECT_EQ(Surfaces("$5\nmillion"), std::vector<std::string>{"$5"});
  EXPECT_EQ(Surfaces("100\n億円"), std::vector<std::string>{});
  EXPECT_EQ(Surfaces("100億円\n200人"),
            (std::vector<std::string>{"100億円", "200人"}));
}

TEST_F(AmountExtractorTest, ToleratesInvalidUtf8AndEdges) {
  EXPECT_TRUE(extractor_->Extract("").empty());
  EXPECT_TRUE(extractor_->Extract("円ドル人社億万").empty());
  const std::string text =
      "\xff\xfe"
      "5億円"
      "\xe3\x81";
  EXPECT_EQ(Surfaces(text), std::vector<std::string>{"5億円"});
  const std::string truncated =
      "約"
      "\xe5\x84";  // 億 cut short
  EXPECT_TRUE(extractor_->Extract(truncated).empty());
}

TEST_F(AmountExtractorTest, LongRejectedNumbersOnOneLine) {
  // Each position of the digit run starts a match that is rejected (数 makes
  // it vague, then the digit before it glues it). Retrying the pattern from
  // every position took minutes on 100 KB; only the run's start is tried.
  const std::string run(100000, '1');
  EXPECT_TRUE(extractor_->Extract("数" + run + "人").empty());
  EXPECT_TRUE(extractor_->Extract("数" + run + "〜2円").empty());
  EXPECT_TRUE(extractor_->Extract("十" + std::string(30000, '1') + "件").empty());
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "約3億円、";
  const std::vector<AmountMatch> matches = extractor_->Extract(many);
  ASSERT_EQ(matches.size(), 20000u);
  EXPECT_EQ(matches.back().value, 3e8);
  EXPECT_EQ(matches.back().qualifier, "approx");
}

bool IsCharBoundary(std::string_view s, size_t pos) {
  return pos == s.size() || (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80;
}

TEST_F(AmountExtractorTest, SpansAreOrderedAndOnCharBoundaries) {
  std::string all;
  for (const AmountCase& c : kCases) all += std::string(c.input) + " ";
  for (const char* n : kNegatives) all += std::string(n) + "\n";
  const std::vector<AmountMatch> matches = extractor_->Extract(all);
  EXPECT_GE(matches.size(), std::size(kCases));
  size_t prev_end = 0;
  for (const AmountMatch& m : matches) {
    EXPECT_LT(m.begin, m.end);
    EXPECT_LE(prev_end, m.begin);
    EXPECT_LE(m.end, all.size());
    EXPECT_TRUE(IsCharBoundary(all, m.begin));
    EXPECT_TRUE(IsCharBoundary(all, m.end));
    prev_end = m.end;
  }
}

TEST_F(AmountExtractorTest, ConcurrentExtractIsConsistent) {
  std::string text;
  for (const AmountCase& c : kCases) text += std::string(c.input) + "\n";
  const size_t expected = extractor_->Extract(text).size();
  std::vector<size_t> counts(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) counts[t] = extractor_->Extract(text).size();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const size_t n : counts) EXPECT_EQ(n, expected);
}

// Each thread remembers the groups of the spans it has matched. Text seen
// again, also where what surrounds a span differs, must give what a thread
// that never saw it finds.
TEST_F(AmountExtractorTest, RepeatedSpansMatchAsOnFirstSight) {
  std::string text;
  for (const AmountCase& c : kCases) text += std::string(c.input) + "\n";
  for (const char* n : kNegatives) text += std::string(n) + "\n";
  for (const char* more : {
           "約78兆円、2億5000万件、三億円、100〜200億円、5社",
           "x約78兆円 2億5000万件x 三億円超え 100〜200億円近く",
           "$5 million, US$5 million, x$5 million, $5 millionx",
           "about 5 million people; roundabout 5 million people",
           "5 million dollars or more, 5 million dollars or lessx",
           "¥300 ¥300以上 a¥300 €5m €5mx",
       }) {
    text += std::string(more) + "\n";
  }
  const auto describe = [&](const std::vector<AmountMatch>& matches) {
    std::vector<std::string> out;
    for (const AmountMatch& m : matches) {
      out.push_back(testing::PrintToString(
          std::make_tuple(m.begin, m.end, m.value, m.value_max, m.unit,
                          m.counter, m.qualifier, m.source)));
    }
    return out;
  };
  std::vector<std::string> first_sight;
  std::thread fresh([&] { first_sight = describe(extractor_->Extract(text)); });
  fresh.join();
  EXPECT_GE(first_sight.size(), std::size(kCases) + 20);
  // This thread has seen the same spans in the other tests, and sees them
  // once more in the second call.
  EXPECT_EQ(describe(extractor_->Extract(text)), first_sight);
  EXPECT_EQ(describe(extractor_->Extract(text)), first_sight);
}

struct NumberCase {
  const char* input;
  std::optional<double> value;
};

TEST(ParseJapaneseNumberTest, ParsesAndRejects) {
  const NumberCase cases[] = {
      {"5,000億", 5e11},
      {"三億五千万", 3.5e8},
      {"2億5000万", 2.5e8},
      {"1.5兆", 1.5e12},
      {"十", 10},
      {"二十三", 23},
      {"百二十", 120},
      {"千五百万", 1.5e7},
      {"5千万", 5e7},
      {"1万2000", 12000},
      {"1千5百", 1500},
      {"二〇二四", 2024},
      {"1,234,567", 1234567},
      {"0.5", 0.5},
      {"3兆2000億", 3.2e12},
      {"", std::nullopt},
      {"万", std::nullopt},
      {"億円", std::nullopt},
      {"万億", std::nullopt},
      {"1万2億", std::nullopt},
      {"十百", std::nullopt},
      {"3五", std::nullopt},
      {"五3", std::nullopt},
      {"1,00", std::nullopt},
      {"1,0000", std::nullopt},
      {"1234,567", std::nullopt},
      {"1.", std::nullopt},
      {"1.2.3", std::nullopt},
      {",5", std::nullopt},
      {"abc", std::nullopt},
      {"\xe5\x84", std::nullopt},
  };
  for (const NumberCase& c : cases) {
    SCOPED_TRACE(c.input);
    const std::optional<double> got = ParseJapaneseNumber(c.input);
    ASSERT_EQ(got.has_value(), c.value.has_value());
    if (got) {
      EXPECT_DOUBLE_EQ(*got, *c.value);
    }
  }
}

}  // namespace
}  // namespace kiji::extractors
