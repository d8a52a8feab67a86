// AmountExtractor finds monetary amounts and counted quantities (AMOUNT
// mentions) in normalised text (docs/normalization.md): NFKC already applied,
// so digits, `,`, `.`, `$` and `(` are ASCII, `〜` is the range mark and
// spaces next to CJK characters are gone. Kanji numerals are parsed here.
//
// Recognised shapes (one RE2 each, `source` in parentheses):
//   amount.ja      [pre] NUM [UNIT] [〜|- NUM] UNIT [post]
//                  5,000億ドル, 約78兆円, 2億5000万件, 三億五千万円,
//                  100〜200億円, 300億円近く, 3000万人, 5社
//   amount.symbol  [pre] SYMBOL NUM [SCALE] [-|〜|to [SYMBOL] NUM] [SCALE]
//                  [post]      ¥300, $10 billion, US$5 million, €5m, $2.5bn
//   amount.en      [pre] NUM [SCALE] [-|to NUM] [SCALE] WORD [or more|or less]
//                  10 million dollars, 1.2 trillion yen, 5,000 people
// NUM is ASCII digits (`,` grouped by three, optional `.` fraction) and/or
// kanji numerals 〇一二三四五六七八九十百千 with the scales 万億兆, parsed by
// `ParseJapaneseNumber`. SCALE is thousand/k, million/mn/m, billion/bn/b,
// trillion/tn/trn (case-insensitive).
//
// Units. Money gets an ISO 4217 code in `unit`:
//   円 ¥ yen → JPY; ドル 米ドル $ US$ dollar(s) US dollars → USD;
//   ユーロ € euro(s) → EUR; 元 人民元 yuan renminbi → CNY; ウォン ₩ won → KRW;
//   ポンド 英ポンド £ "pounds sterling" → GBP; 豪ドル A$ AU$ → AUD;
//   香港ドル HK$ → HKD; カナダドル C$ CA$ → CAD; シンガポールドル S$ → SGD;
//   台湾ドル → TWD; NZドル NZ$ → NZD; ルピー インドルピー ₹ rupees → INR;
//   スイスフラン → CHF; ルーブル → RUB; バーツ → THB; レアル R$ → BRL;
//   ルピア → IDR; リンギット → MYR; ランド → ZAR; ズロチ → PLN; フォリント →
//   HUF; クローナ → SEK; ディルハム → AED; トルコリラ → TRY. Currencies the
//   euro replaced keep their ISO 4217 codes: ペセタ → ESP; マルク ドイツマルク
//   → DEM; フラン フランスフラン → FRF; ベルギーフラン → BEF; リラ イタリア
//   リラ → ITL; ギルダー → NLG; シリング → ATS; ドラクマ → GRD; エスクード →
//   PTE; マルッカ → FIM. Sub-units count in their currency: 銭 is 0.01 JPY
//   (139円78銭 = 139.78 JPY, 15銭 = 0.15), ペニヒ 0.01 DEM.
//   The codes USD EUR JPY GBP CNY (and RMB → CNY) work as a symbol before the
//   number (EUR 5 million) and as a word after it (5 million USD).
// Counts get `unit` "count" and the counter word in `counter`:
//   件 人 名 社 台 株 (shares) 個 回 本 機 点 店 店舗 枚 冊 基 隻 棟 戸 世帯 頭
//   匹 校 票 軒 拠点 種類 カ国/か国/ヶ国/ヵ国 カ所/か所/ヶ所/箇所 試合 議席
//   項目 品目 銘柄, and in
//   English people persons employees workers staff users customers subscribers
//   companies firms startups shares units vehicles cases jobs researchers
//   engineers members students visitors (counter = the word, lower-cased).
// Percentages get `unit` "percent" (`kPercentUnit`) and the number as
// written (6.2% -> 6.2): % ％ パーセント percent "per cent". They are
// reported as their own type, PERCENT, not as AMOUNT.
//
// Qualifiers (`qualifier`; the qualifier word is part of the span):
//   approx    before: 約 およそ おおよそ 概算 概算で ほぼ 推定;
//             after: 前後 程度 ほど くらい ぐらい;
//             English before: about approximately approx. around roughly
//             some estimated "an estimated"
//   at_least  before: 少なくとも 最低 最低でも; after: 以上;
//             English before: "at least"; after: "or more"
//   at_most   before: 最大 最大で 最高 最高で; after: 以下;
//             English before: "up to" "as much as" "as many as" "at most";
//             after: "or less"
//   over      after: 超 超え 超える を超える を超え を上回る 余 余り 強;
//             English before: over "more than" above "in excess of"
//   under     after: 未満 弱 足らず を下回る;
//             English before: "less than" "fewer than" under below
//   nearly    after: 近く 近い; English before: nearly almost "close to"
// When both a leading and a trailing qualifier are present, a non-`approx`
// one wins over `approx`; otherwise the leading one wins. A one-character
// trailing qualifier (超 余 強 弱) is only taken when no kanji follows it
// (so 10社強化 is 10社 without a qualifier). 約 directly after a kanji that
// forms a word with it (予約, 契約, 節約, ...) is not a qualifier.
//
// Vague sums of money (数千円, 数億円, 数十億円, 十数億円, 20数万円) are ranges
// from 2 to 9 of their place (11..19 after 十, 21..29 after 20) with
// qualifier approx. Vague counts (数千人) are none.
//
// A currency written once for a list (418億円と400億, 300億、400億ドル) or
// named earlier in the sentence (ウォン建てで418億と400億) gives a bare number
// ending in 万/億/兆 its unit ("amount.elided"). A currency named alone as
// the subject of exchange-rate news (ドルは上昇した, 英ポンドが4月ぶりの高値,
// ドル安, ユーロ圏, ユーロ・ドル) is money without a number: `currency_only`,
// value null in the output ("amount.currency"). In a quote (1ドル=150円) both
// sides are amounts; 1株当たり, 1人あたり are units of a rate, not amounts.
//
// Ranges: `value` is the lower end, `value_max` the upper end. A trailing
// scale of the upper end also scales a bare lower end: 100〜200億円 is
// 1e10..2e10, 3〜5千万円 is 3e7..5e7, $10-20 billion is 1e10..2e10. A range
// whose lower end exceeds its upper end is not an amount.
//
// Not amounts: numbers without a unit or counter (10 billion, 数十万の雇用),
// inverted ranges (50〜40人), 割 ratios (3割), multiples (3倍), durations
// (3年, 4カ月, 2週間), ordinals (第3四半期, 第2回, 3人目, 2社目, 3回戦), years
// and dates (2024年, 3月5日), version numbers (GPT-4, Claude 3.5), vague
// counts (十数人, 何百人, 2、3人, 数千人), counts with a fraction
// (3.5人), the bare kanji 一 before a counter or currency (一人で, 一本化,
// 関東一円), and a counter or currency that starts a longer word (3社長, 2人口,
// 100台湾ドル is TWD, not 100台). A count followed by の is still a count: in
// 11人の共同創業者 the span is 11人 (value 11, counter 人).
//
// Known gaps: a leading minus sign is ignored (the value is always >= 0);
// ranges written with から are two amounts; pounds/ポンド as weight are taken
// as GBP only when written 英ポンド/ポンド/£ ("pounds" alone is not matched);
// `¥` is always JPY (never CNY); an English count whose number is a year
// ("in 2024 users") is taken as a count; a currency written twice keeps the
// symbol part only ($10 million dollars -> "$10 million"); 一 alone before
// a counter is skipped even where it means one (一人の社員).
//
// Thread-safety: an `AmountExtractor` is immutable after `Create`; `Extract`
// is const and may be called concurrently from any number of threads.
#ifndef KIJI_EXTRACTORS_AMOUNT_EXTRACTOR_H_
#define KIJI_EXTRACTORS_AMOUNT_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "corpus/stage.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace kiji::extractors {

// `AmountMatch::unit` of a percentage.
inline constexpr char kPercentUnit[] = "percent";

// One AMOUNT mention. Offsets are norm_* byte offsets into the text passed to
// `Extract`, always on UTF-8 character boundaries, with begin < end.
struct AmountMatch {
  // [begin, end) covers the number, its unit or counter and any qualifier
  // word next to it (約78兆円, 300億円近く, 100億ドル以上).
  size_t begin = 0, end = 0;
  // The value in units of `unit` (5,000億ドル -> 5e11). For a range, the
  // lower end.
  double value = 0;
  // Upper end of a range (100〜200億円 -> value 1e10, value_max 2e10).
  std::optional<double> value_max;
  // ISO 4217 code for money ("JPY", "USD", ...), "count" for counted things,
  // "percent" for percentages.
  std::string unit;
  // For `unit` == "count": the counter word as written (件, 人, 社, people);
  // empty for money.
  std::string counter;
  // "" or one of approx, at_least, at_most, over, under, nearly (see the
  // table at the top of this file).
  std::string qualifier;
  // A currency named without a sum (ドルは上げ幅を拡大した): `value` is
  // meaningless and reported as null.
  bool currency_only = false;
  // Which shape matched: "amount.ja", "amount.symbol", "amount.en",
  // "amount.elided" (a number whose currency is that of the amount next to
  // it or named earlier in the sentence) or "amount.currency".
  std::string source;
};

// Extracts AMOUNT mentions. Immutable and thread-safe after `Create`.
class AmountExtractor : public corpus::Stage {
 public:
  // Compiles the patterns once. Fails (kInternal) only if a built-in pattern
  // does not compile, which is a programming error.
  static absl::StatusOr<std::unique_ptr<AmountExtractor>> Create();

  ~AmountExtractor();
  AmountExtractor(const AmountExtractor&) = delete;
  AmountExtractor& operator=(const AmountExtractor&) = delete;

  // Returns the AMOUNT mentions in `text`, sorted by `begin`, pairwise
  // non-overlapping; where candidates overlap the longest one wins (then the
  // earliest). Never fails: text without amounts, or invalid UTF-8, yields
  // fewer or no matches. Lines without an ASCII digit or a kanji numeral are
  // skipped without running any pattern; elsewhere a pattern runs only where
  // a qualifier, symbol or number can start it. Linear in the size of `text`,
  // also for one huge line. Thread-safe.
  std::vector<AmountMatch> Extract(std::string_view text) const;

  // Stage "amounts": appends an AMOUNT (or PERCENT, unit kPercentUnit)
  // mention to `doc.mentions` for each match of `Extract(doc.normalized)`.
  std::string_view name() const override { return "amounts"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  AmountExtractor() = default;

  std::unique_ptr<const re2::RE2> ja_;
  std::unique_ptr<const re2::RE2> symbol_;
  std::unique_ptr<const re2::RE2> en_;
  std::unique_ptr<const re2::RE2> vague_;  // 数千円
  std::unique_ptr<const re2::RE2> bare_;   // 400億 (currency elided)
};

// Parses a number written with ASCII digits and/or kanji numerals and the
// scales 十百千万億兆: "5,000億" -> 5e11, "三億五千万" -> 3.5e8,
// "2億5000万" -> 2.5e8, "1.5兆" -> 1.5e12, "十" -> 10, "二〇二四" -> 2024.
// ASCII digit runs must group `,` by three and may have one `.` fraction.
// Returns nullopt for anything else: empty input, other characters, a scale
// with nothing before it ("万"), scales out of order ("万億", "十百"), digits
// glued to kanji digits ("3五"), or a non-finite result.
std::optional<double> ParseJapaneseNumber(std::string_view s);

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_AMOUNT_EXTRACTOR_H_
