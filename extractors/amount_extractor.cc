#include "extractors/amount_extractor.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "corpus/script.h"
#include "corpus/script.h"
#include "re2/re2.h"

namespace kiji::extractors {
namespace {

constexpr char kSourceJa[] = "amount.ja";
constexpr char kSourceSymbol[] = "amount.symbol";
constexpr char kSourceEn[] = "amount.en";
constexpr char kCount[] = "count";

// A unit word. `counter` is non-empty for counts. `bad_next` lists characters
// that, directly after the word, make it the start of a longer word
// (社 + 長 = 社長), so the candidate is not an amount.
struct UnitWord {
  std::string_view word;
  std::string_view unit;
  std::string_view counter;
  std::u32string_view bad_next;
  // The value of one of it in `unit`: 0.01 for 銭 (JPY) and ペニヒ (DEM).
  double factor = 1;
};

constexpr UnitWord kJaUnits[] = {
    {"円", "JPY", "", U"形周満滑盤陣卓柱錐"},
    {"ドル", "USD", "", U""},
    {"米ドル", "USD", "", U""},
    {"豪ドル", "AUD", "", U""},
    {"香港ドル", "HKD", "", U""},
    {"カナダドル", "CAD", "", U""},
    {"シンガポールドル", "SGD", "", U""},
    {"台湾ドル", "TWD", "", U""},
    {"NZドル", "NZD", "", U""},
    {"ニュージーランドドル", "NZD", "", U""},
    {"ユーロ", "EUR", "", U"圏"},
    {"元", "CNY", "", U"社首長会副代素気来々通旦祖帥老本年日的"},
    {"人民元", "CNY", "", U""},
    {"ウォン", "KRW", "", U""},
    {"ポンド", "GBP", "", U"砲単"},
    {"英ポンド", "GBP", "", U""},
    {"ルピー", "INR", "", U""},
    {"インドルピー", "INR", "", U""},
    {"スイスフラン", "CHF", "", U""},
    {"ルーブル", "RUB", "", U""},
    {"バーツ", "THB", "", U""},
    {"レアル", "BRL", "", U""},
    // Sub-units and currencies of before the euro, with their ISO 4217
    // codes (historical codes for the replaced ones).
    {"銭", "JPY", "", U"湯", 0.01},
    {"ペニヒ", "DEM", "", U"", 0.01},
    {"ペセタ", "ESP", "", U""},
    {"マルク", "DEM", "", U"スシ"},
    {"ドイツマルク", "DEM", "", U""},
    {"フラン", "FRF", "", U"スチク"},
    {"フランスフラン", "FRF", "", U""},
    {"ベルギーフラン", "BEF", "", U""},
    {"リラ", "ITL", "", U"ック"},
    {"イタリアリラ", "ITL", "", U""},
    {"トルコリラ", "TRY", "", U""},
    {"ギルダー", "NLG", "", U""},
    {"シリング", "ATS", "", U""},
    {"ドラクマ", "GRD", "", U""},
    {"エスクード", "PTE", "", U""},
    {"マルッカ", "FIM", "", U""},
    {"ルピア", "IDR", "", U""},
    {"リンギット", "MYR", "", U""},
    {"ランド", "ZAR", "", U"セマリ"},
    {"ズロチ", "PLN", "", U""},
    {"フォリント", "HUF", "", U""},
    {"クローナ", "SEK", "", U""},
    {"ディルハム", "AED", "", U""},
    {"%", kPercentUnit, "", U""},
    {"パーセント", kPercentUnit, "", U""},
    {"件", kCount, "件", U""},
    {"人", kCount, "人", U"口間工材物気事権類格"},
    {"名", kCount, "名", U"前称義誉門古簿所刺"},
    {"社", kCount, "社", U"長員会内外債是屋名宅交説歌殿"},
    {"台", kCount, "台", U"湾頭所風詞帳本座地"},
    {"株", kCount, "株", U"式価主高安券"},
    {"個", kCount, "個", U"人別性所室"},
    {"回", kCount, "回", U"復答収転路線避帰覧顧想数戦"},
    {"本", kCount, "本", U"社部店格来当人物質音番日気文書命拠館州土国体"},
    {"機", kCount, "機", U"能関構器会械種体材運密嫌動長内"},
    {"点", kCount, "点", U"検数火滅在字"},
    {"店", kCount, "店", U"長員頭内"},
    {"店舗", kCount, "店舗", U""},
    {"枚", kCount, "枚", U""},
    {"冊", kCount, "冊", U""},
    {"基", kCount, "基", U"本準盤地礎金幹調"},
    {"隻", kCount, "隻", U""},
    {"棟", kCount, "棟", U""},
    {"戸", kCount, "戸", U"籍建外"},
    {"世帯", kCount, "世帯", U""},
    {"頭", kCount, "頭", U"取脳部文"},
    {"匹", kCount, "匹", U""},
    {"校", kCount, "校", U"長舎正内"},
    {"票", kCount, "票", U"数"},
    {"軒", kCount, "軒", U""},
    {"拠点", kCount, "拠点", U""},
    {"種類", kCount, "種類", U""},
    {"カ国", kCount, "カ国", U""},
    {"か国", kCount, "か国", U""},
    {"ヶ国", kCount, "ヶ国", U""},
    {"ヵ国", kCount, "ヵ国", U""},
    {"カ所", kCount, "カ所", U""},
    {"か所", kCount, "か所", U""},
    {"ヶ所", kCount, "ヶ所", U""},
    {"箇所", kCount, "箇所", U""},
    {"試合", kCount, "試合", U"場"},
    {"議席", kCount, "議席", U""},
    {"項目", kCount, "項目", U""},
    {"品目", kCount, "品目", U""},
    {"銘柄", kCount, "銘柄", U""},
};

// Matched case-insensitively; looked up lower-cased.
constexpr UnitWord kEnUnits[] = {
    {"dollars", "USD", "", U""},
    {"dollar", "USD", "", U""},
    {"us dollars", "USD", "", U""},
    {"u.s. dollars", "USD", "", U""},
    {"yen", "JPY", "", U""},
    {"euros", "EUR", "", U""},
    {"euro", "EUR", "", U""},
    {"yuan", "CNY", "", U""},
    {"renminbi", "CNY", "", U""},
    {"won", "KRW", "", U""},
    {"usd", "USD", "", U""},
    {"eur", "EUR", "", U""},
    {"jpy", "JPY", "", U""},
    {"gbp", "GBP", "", U""},
    {"cny", "CNY", "", U""},
    {"rmb", "CNY", "", U""},
    {"rupees", "INR", "", U""},
    {"pounds sterling", "GBP", "", U""},
    {"percent", kPercentUnit, "", U""},
    {"per cent", kPercentUnit, "", U""},
    {"people", kCount, "people", U""},
    {"persons", kCount, "persons", U""},
    {"employees", kCount, "employees", U""},
    {"workers", kCount, "workers", U""},
    {"staff", kCount, "staff", U""},
    {"users", kCount, "users", U""},
    {"customers", kCount, "customers", U""},
    {"subscribers", kCount, "subscribers", U""},
    {"companies", kCount, "companies", U""},
    {"firms", kCount, "firms", U""},
    {"startups", kCount, "startups", U""},
    {"shares", kCount, "shares", U""},
    {"units", kCount, "units", U""},
    {"vehicles", kCount, "vehicles", U""},
    {"cases", kCount, "cases", U""},
    {"jobs", kCount, "jobs", U""},
    {"researchers", kCount, "researchers", U""},
    {"engineers", kCount, "engineers", U""},
    {"members", kCount, "members", U""},
    {"students", kCount, "students", U""},
    {"visitors", kCount, "visitors", U""},
};

// Case-sensitive.
constexpr UnitWord kSymbols[] = {
    {"$", "USD", "", U""},   {"US$", "USD", "", U""}, {"A$", "AUD", "", U""},
    {"AU$", "AUD", "", U""}, {"HK$", "HKD", "", U""}, {"C$", "CAD", "", U""},
    {"CA$", "CAD", "", U""}, {"S$", "SGD", "", U""},  {"NZ$", "NZD", "", U""},
    {"R$", "BRL", "", U""},  {"¥", "JPY", "", U""},   {"€", "EUR", "", U""},
    {"£", "GBP", "", U""},   {"₩", "KRW", "", U""},   {"₹", "INR", "", U""},
    {"USD", "USD", "", U""}, {"EUR", "EUR", "", U""}, {"JPY", "JPY", "", U""},
    {"GBP", "GBP", "", U""}, {"CNY", "CNY", "", U""}, {"RMB", "CNY", "", U""},
};

struct QualifierWord {
  std::string_view word;
  std::string_view qualifier;
};

constexpr QualifierWord kJaPreWords[] = {
    {"約", "approx"},       {"およそ", "approx"},
    {"おおよそ", "approx"}, {"概算", "approx"},
    {"概算で", "approx"},   {"ほぼ", "approx"},
    {"推定", "approx"},     {"少なくとも", "at_least"},
    {"最低", "at_least"},   {"最低でも", "at_least"},
    {"最大", "at_most"},    {"最大で", "at_most"},
    {"最高", "at_most"},    {"最高で", "at_most"},
};

constexpr QualifierWord kJaPostWords[] = {
    {"前後", "approx"},   {"程度", "approx"},    {"ほど", "approx"},
    {"くらい", "approx"}, {"ぐらい", "approx"},  {"以上", "at_least"},
    {"以下", "at_most"},  {"超", "over"},        {"超え", "over"},
    {"超える", "over"},   {"を超える", "over"},  {"を超え", "over"},
    {"を上回る", "over"}, {"余", "over"},        {"余り", "over"},
    {"強", "over"},       {"未満", "under"},     {"弱", "under"},
    {"足らず", "under"},  {"を下回る", "under"}, {"近く", "nearly"},
    {"近い", "nearly"},   {"規模", "approx"},
};

// Matched case-insensitively; looked up lower-cased.
constexpr QualifierWord kEnPreWords[] = {
    {"about", "approx"},       {"approximately", "approx"},
    {"approx.", "approx"},     {"around", "approx"},
    {"roughly", "approx"},     {"some", "approx"},
    {"estimated", "approx"},   {"an estimated", "approx"},
    {"at least", "at_least"},  {"up to", "at_most"},
    {"as much as", "at_most"}, {"as many as", "at_most"},
    {"at most", "at_most"},    {"over", "over"},
    {"more than", "over"},     {"above", "over"},
    {"in excess of", "over"},  {"less than", "under"},
    {"fewer than", "under"},   {"under", "under"},
    {"below", "under"},        {"nearly", "nearly"},
    {"almost", "nearly"},      {"close to", "nearly"},
};

constexpr QualifierWord kEnPostWords[] = {
    {"or more", "at_least"},
    {"or less", "at_most"},
};

// Characters before 約 that make it part of a word (予約, 契約) rather than
// the qualifier "about".
constexpr std::u32string_view kYakuCompounds =
    U"契予規節要制集公条協誓婚特解倹確盟黙口先密違破成締売";

// One-character trailing qualifiers that start many other words (強化, 弱点).
constexpr std::u32string_view kShortPost = U"超余強弱";

// After 超, the kanji of "super-" compounds (超大型, 超高速, 超満員); before
// any other kanji 超 still means "over" (800円超下落, 100億円超増えた).
constexpr std::u32string_view kSuperPrefixed =
    U"大高小巨低長短音電伝人一豪特満難党越";

// Characters before a number that make it vague, ordinal or part of a
// larger number (数十億, 何百, 第3, 万一).
constexpr std::u32string_view kBadBeforeNumber =
    U"数何幾第〇一二三四五六七八九十百千万億兆";

// `Word` is UnitWord or QualifierWord.
template <typename Word, size_t N>
std::string Alternation(const Word (&words)[N]) {
  std::string out;
  for (const Word& w : words) {
    if (!out.empty()) out += '|';
    out += RE2::QuoteMeta(w.word);
  }
  return out;
}

template <typename Word, size_t N>
const Word* FindWord(const Word (&words)[N], std::string_view word) {
  for (const Word& w : words) {
    if (w.word == word) return &w;
  }
  return nullptr;
}

template <size_t N>
std::string_view FindQualifier(const QualifierWord (&words)[N],
                               std::string_view word) {
  const QualifierWord* w = FindWord(words, word);
  return w == nullptr ? std::string_view() : w->qualifier;
}

// The first bytes of `words`, in both cases when `ignore_case`.
template <typename Word, size_t N>
constexpr std::array<bool, 256> FirstBytes(const Word (&words)[N],
                                           bool ignore_case) {
  std::array<bool, 256> t{};
  for (const Word& w : words) {
    const auto c = static_cast<unsigned char>(w.word[0]);
    t[c] = true;
    if (ignore_case && c >= 'a' && c <= 'z') t[c - 'a' + 'A'] = true;
    if (ignore_case && c >= 'A' && c <= 'Z') t[c - 'A' + 'a'] = true;
  }
  return t;
}

template <typename Word, size_t N>
bool StartsWithWord(const Word (&words)[N], std::string_view s) {
  for (const Word& w : words) {
    if (s.starts_with(w.word)) return true;
  }
  return false;
}

struct Decoded {
  char32_t cp;
  size_t len;
};

// Decodes the code point at `i` (< s.size()); malformed bytes decode as
// U+FFFD of length 1 (corpus/script.h).
Decoded DecodeAt(std::string_view s, size_t i) {
  size_t next = i;
  const char32_t cp = corpus::NextCodePoint(s, &next);
  return {cp, next - i};
}

// The code point ending at byte `pos`, or 0 at the start of `s`. Sets
// `*start` to its first byte.
char32_t PrevCodePoint(std::string_view s, size_t pos, size_t* start) {
  if (pos == 0) {
    *start = 0;
    return 0;
  }
  const size_t i = corpus::PrevCodePointStart(s, pos);
  const Decoded d = DecodeAt(s, i);
  if (i + d.len != pos) {
    *start = pos - 1;
    return corpus::kReplacementChar;
  }
  *start = i;
  return d.cp;
}

char32_t PrevCodePoint(std::string_view s, size_t pos) {
  size_t unused;
  return PrevCodePoint(s, pos, &unused);
}

// The code point starting at byte `pos`, or 0 at the end of `s`.
char32_t NextCodePoint(std::string_view s, size_t pos) {
  return pos < s.size() ? DecodeAt(s, pos).cp : 0;
}

bool IsAsciiAlnum(char32_t c) {
  return c < 0x80 && absl::ascii_isalnum(static_cast<unsigned char>(c));
}

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }


int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇':
      return 0;
    case U'一':
      return 1;
    case U'二':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

double SmallScale(char32_t c) {
  switch (c) {
    case U'十':
      return 1e1;
    case U'百':
      return 1e2;
    case U'千':
      return 1e3;
    default:
      return 0;
  }
}

double BigScale(char32_t c) {
  switch (c) {
    case U'万':
      return 1e4;
    case U'億':
      return 1e8;
    case U'兆':
      return 1e12;
    default:
      return 0;
  }
}

bool Contains(std::u32string_view set, char32_t c) {
  return c != 0 && set.find(c) != std::u32string_view::npos;
}

std::optional<double> FromChars(std::string_view digits) {
  double v = 0;
  const auto [ptr, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return v;
}

// Parses an ASCII run "1,234.5" starting at `i`; advances `i`. Commas must
// group by three after a first group of one to three digits.
std::optional<double> ParseAsciiRun(std::string_view s, size_t& i) {
  const size_t start = i;
  size_t group = 0;
  bool seen_comma = false;
  while (i < s.size()) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      ++group;
      ++i;
    } else if (c == ',') {
      if (group == 0 || (seen_comma ? group != 3 : group > 3)) {
        return std::nullopt;
      }
      seen_comma = true;
      group = 0;
      ++i;
    } else {
      break;
    }
  }
  if (group == 0 || (seen_comma && group != 3)) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t frac = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
      ++frac;
    }
    if (frac == 0) return std::nullopt;
  }
  const std::string_view run = s.substr(start, i - start);
  if (!seen_comma) return FromChars(run);
  // from_chars wants the digits without their grouping commas.
  std::string digits;
  digits.reserve(run.size());
  for (const char c : run) {
    if (c != ',') digits += c;
  }
  return FromChars(digits);
}

// The factor that a bare lower end of a range takes from the upper end:
// 100〜200億 -> 1e8, 3〜5千万 -> 1e7, 十〜二十億 -> 1e8, 1万〜2万 -> 1.
double LowerEndScale(std::string_view lower, std::string_view upper) {
  bool lower_small = false, lower_big = false;
  for (size_t i = 0; i < lower.size();) {
    const Decoded d = DecodeAt(lower, i);
    lower_small |= SmallScale(d.cp) > 0;
    lower_big |= BigScale(d.cp) > 0;
    i += d.len;
  }
  if (lower_big) return 1;
  size_t start;
  const char32_t last = PrevCodePoint(upper, upper.size(), &start);
  const double big = BigScale(last);
  if (big == 0) return 1;
  if (lower_small) return big;
  size_t small_start;
  const char32_t before = PrevCodePoint(upper, start, &small_start);
  const double small = SmallScale(before);
  if (small > 0) {
    const char32_t digit = PrevCodePoint(upper, small_start);
    if (IsAsciiDigit(digit) || KanjiDigit(digit) >= 0) return small * big;
  }
  return big;
}

std::string NormalizeEnWord(std::string_view word) {
  std::string out;
  bool space = false;
  for (const char c : word) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += absl::ascii_tolower(static_cast<unsigned char>(c));
    }
  }
  return out;
}

double EnScale(std::string_view word) {
  const std::string w = NormalizeEnWord(word);
  if (w == "trillion" || w == "tn" || w == "trn") return 1e12;
  if (w == "billion" || w == "bn" || w == "b") return 1e9;
  if (w == "million" || w == "mn" || w == "m") return 1e6;
  if (w == "thousand" || w == "k") return 1e3;
  return 1;
}

// A leading and a trailing qualifier together: a bound beats approx.
std::string MergeQualifiers(std::string_view pre, std::string_view post) {
  if (pre.empty()) return std::string(post);
  if (post.empty()) return std::string(pre);
  if (pre == "approx") return std::string(post);
  return std::string(pre);
}

// Whether a number starting at `pos` is a standalone number: not glued to
// letters or digits (GPT-4, 3.5), not vague (数十, 何百, 2、3) and not an
// ordinal (第3).
bool NumberStartOk(std::string_view text, size_t pos) {
  size_t prev_start;
  const char32_t p = PrevCodePoint(text, pos, &prev_start);
  if (p == 0) return true;
  if (IsAsciiAlnum(p) || p == '_' || Contains(kBadBeforeNumber, p)) {
    return false;
  }
  if (p == '.' || p == ',' || p == '-' || p == '/' || p == ':' || p == U'、' ||
      p == U'・' || p == U'〜') {
    const char32_t pp = PrevCodePoint(text, prev_start);
    // 2、3人 is vague; 300億、400億ドル is a list.
    const bool list = (p == U'、' || p == U'・') && BigScale(pp) > 0;
    if (!list && (IsAsciiAlnum(pp) || KanjiDigit(pp) >= 0 ||
                  SmallScale(pp) > 0 || BigScale(pp) > 0)) {
      return false;
    }
  }
  return true;
}

// A match that ends in a digit must not run on into more digits or letters.
bool NumberEndOk(std::string_view text, size_t end) {
  if (end == 0 || !IsAsciiDigit(static_cast<unsigned char>(text[end - 1]))) {
    return true;
  }
  const char32_t n = NextCodePoint(text, end);
  if (IsAsciiAlnum(n)) return false;
  if ((n == '.' || n == ',') && IsAsciiDigit(NextCodePoint(text, end + 1))) {
    return false;
  }
  return true;
}

bool IsIntegral(double v) { return std::floor(v) == v; }

size_t Offset(std::string_view text, const re2::StringPiece& piece) {
  return static_cast<size_t>(piece.data() - text.data());
}

bool Matched(const re2::StringPiece& piece) { return piece.data() != nullptr; }

std::string_view View(const re2::StringPiece& piece) {
  return std::string_view(piece.data(), piece.size());
}

// Leading Japanese qualifier, or "" when 約 is part of a word (予約).
std::string_view JaPreQualifier(std::string_view text,
                                const re2::StringPiece& pre) {
  const std::string_view word = View(pre);
  if (word == "約" &&
      Contains(kYakuCompounds, PrevCodePoint(text, Offset(text, pre)))) {
    return {};
  }
  return FindQualifier(kJaPreWords, word);
}

// Trailing Japanese qualifier, or "" when a one-character one starts a word
// (強化, 超過).
std::string_view JaPostQualifier(std::string_view text,
                                 const re2::StringPiece& post) {
  const std::string_view word = View(post);
  const Decoded first = DecodeAt(word, 0);
  const char32_t next = NextCodePoint(text, Offset(text, post) + post.size());
  if (first.len == word.size() && Contains(kShortPost, first.cp) &&
      corpus::IsKanji(next) &&
      (first.cp != U'超' || Contains(kSuperPrefixed, next))) {
    return {};
  }
  return FindQualifier(kJaPostWords, word);
}

// Fills value/value_max/unit/counter/qualifier and checks count
// plausibility.
bool SetValue(const UnitWord& unit, double value,
              std::optional<double> value_max, std::string_view pre,
              std::string_view post, AmountMatch& m) {
  if (!std::isfinite(value) || (value_max && !std::isfinite(*value_max))) {
    return false;
  }
  if (value_max && *value_max < value) return false;
  if (unit.unit == kCount &&
      (!IsIntegral(value) || (value_max && !IsIntegral(*value_max)))) {
    return false;
  }
  m.value = value;
  m.value_max = value_max;
  m.qualifier = MergeQualifiers(pre, post);
  m.unit = std::string(unit.unit);
  m.counter = std::string(unit.counter);
  return true;
}

// Groups of the Japanese pattern.
enum JaGroup { kJaAll, kJaPre, kJaN1, kJaU1, kJaN2, kJaUnit, kJaPost, kJaN };

// Whether `text` ends with `word`, ignoring ASCII case.
bool EndsWithWord(std::string_view text, std::string_view word) {
  return absl::EndsWithIgnoreCase(absl::string_view(text.data(), text.size()),
                                  absl::string_view(word.data(), word.size()));
}

// An English qualifier right before `at` and one space ("about 5%", "as
// much as 6%"): the qualifier and where its words begin, or {"", at}.
std::pair<std::string_view, size_t> EnPreQualifierBefore(std::string_view text,
                                                         size_t at) {
  if (at < 2 || text[at - 1] != ' ') return {{}, at};
  const std::string_view before = text.substr(0, at - 1);
  std::pair<std::string_view, size_t> best{{}, at};
  for (const QualifierWord& w : kEnPreWords) {  // the longest that fits
    if (!EndsWithWord(before, w.word)) continue;
    const size_t begin = before.size() - w.word.size();
    if (begin > 0 && IsAsciiAlnum(PrevCodePoint(text, begin))) continue;
    if (begin < best.second) best = {w.qualifier, begin};
  }
  return best;
}

std::optional<AmountMatch> InterpretJa(std::string_view text,
                                       const re2::StringPiece* g) {
  const UnitWord* unit = FindWord(kJaUnits, View(g[kJaUnit]));
  if (unit == nullptr) return std::nullopt;
  std::optional<double> v1 = ParseJapaneseNumber(View(g[kJaN1]));
  if (!v1) return std::nullopt;
  const bool range = Matched(g[kJaN2]);
  // 一人, 一本化: 一 is rarely one of a counter; 一銭 (one sen) is money.
  if (!range && View(g[kJaN1]) == "一" && unit->factor == 1) {
    return std::nullopt;
  }

  AmountMatch m;
  m.source = kSourceJa;
  m.begin = Offset(text, g[kJaN1]);
  std::string_view pre;
  if (Matched(g[kJaPre])) pre = JaPreQualifier(text, g[kJaPre]);
  if (!pre.empty()) {
    m.begin = Offset(text, g[kJaPre]);
  } else if (!NumberStartOk(text, m.begin)) {
    return std::nullopt;
  } else if (const auto [qualifier, begin] = EnPreQualifierBefore(text, m.begin);
             !qualifier.empty()) {
    pre = qualifier;  // "as much as 6%", "about 5%"
    m.begin = begin;
  }

  std::optional<double> v2;
  if (range) {
    v2 = ParseJapaneseNumber(View(g[kJaN2]));
    if (!v2) return std::nullopt;
    if (Matched(g[kJaU1])) {
      if (View(g[kJaU1]) != View(g[kJaUnit])) return std::nullopt;
    } else {
      *v1 *= LowerEndScale(View(g[kJaN1]), View(g[kJaN2]));
    }
  }

  size_t unit_end = Offset(text, g[kJaUnit]) + g[kJaUnit].size();
  m.end = unit_end;
  // The unit of a rate, not an amount: 1株当たり, 1人あたり; but in a quote
  // (1ドル=150円) both sides are sums of money.
  if (!range && *v1 == 1 && pre.empty()) {
    const std::string_view rest = text.substr(unit_end);
    for (const std::string_view per : {"当たり", "あたり", "につき"}) {
      if (rest.starts_with(per)) return std::nullopt;
    }
    if (rest.starts_with("=") &&
        (unit->unit == kCount || unit->unit == kPercentUnit ||
         !IsAsciiDigit(NextCodePoint(rest, 1)))) {
      return std::nullopt;
    }
  }
  // 139円78銭: yen and sen.
  double sen = 0;
  if (!range && unit->word == "円" && !Matched(g[kJaPost])) {
    const std::string_view rest = text.substr(unit_end);
    size_t digits = 0;
    while (digits < rest.size() && digits < 3 &&
           IsAsciiDigit(static_cast<unsigned char>(rest[digits]))) {
      ++digits;
    }
    if (digits >= 1 && digits <= 2 && rest.substr(digits).starts_with("銭")) {
      sen = (rest[0] - '0') * (digits == 2 ? 10 : 1) +
            (digits == 2 ? rest[1] - '0' : 0);
      unit_end += digits + std::string_view("銭").size();
      m.end = unit_end;
    }
  }
  std::string_view post;
  if (Matched(g[kJaPost])) post = JaPostQualifier(text, g[kJaPost]);
  if (!post.empty()) {
    m.end = Offset(text, g[kJaPost]) + g[kJaPost].size();
  } else {
    const char32_t next = NextCodePoint(text, unit_end);
    if (Contains(unit->bad_next, next)) return std::nullopt;
    if (unit->unit == kCount && next == U'目') return std::nullopt;
  }
  if (unit->factor != 1) {
    *v1 *= unit->factor;
    if (v2) *v2 *= unit->factor;
  }
  if (!SetValue(*unit, *v1 + sen / 100, v2, pre, post, m)) return std::nullopt;
  return m;
}

enum SymbolGroup {
  kSymAll,
  kSymPreEn,
  kSymPreJa,
  kSymSym,
  kSymN1,
  kSymScale1,
  kSymN2,
  kSymScale,
  kSymPost,
  kSymN
};

// The trailing qualifier shared by the symbol and English patterns: a
// Japanese word, or " or more" / " or less".
std::string_view MixedPostQualifier(std::string_view text,
                                    const re2::StringPiece& post) {
  const std::string_view en =
      FindQualifier(kEnPostWords, NormalizeEnWord(View(post)));
  if (!en.empty()) return en;
  return JaPostQualifier(text, post);
}

// The number(s) of a symbol or English match with its scales applied, or
// false when a number does not parse.
bool ScaledValues(const re2::StringPiece& n1, const re2::StringPiece& scale1,
                  const re2::StringPiece& n2, const re2::StringPiece& scale,
                  std::optional<double>& v1, std::optional<double>& v2) {
  v1 = ParseJapaneseNumber(View(n1));
  if (!v1) return false;
  if (Matched(n2)) {
    v2 = ParseJapaneseNumber(View(n2));
    if (!v2) return false;
  }
  const double s = Matched(scale) ? EnScale(View(scale)) : 1;
  if (!v2) {
    *v1 *= s;
    return true;
  }
  if (Matched(scale1)) {
    *v1 *= EnScale(View(scale1));
  } else {
    *v1 *= LowerEndScale(View(n1), View(n2)) * s;
  }
  *v2 *= s;
  return true;
}

std::string_view EnPreQualifier(const re2::StringPiece& pre) {
  return FindQualifier(kEnPreWords, NormalizeEnWord(View(pre)));
}

std::optional<AmountMatch> InterpretSymbol(std::string_view text,
                                           const re2::StringPiece* g) {
  const UnitWord* unit = FindWord(kSymbols, View(g[kSymSym]));
  if (unit == nullptr) return std::nullopt;
  std::optional<double> v1, v2;
  if (!ScaledValues(g[kSymN1], g[kSymScale1], g[kSymN2], g[kSymScale], v1,
                    v2)) {
    return std::nullopt;
  }
  // Not a range but the first amount alone when the second number falls
  // ("cut $9 million to $7 million"), counts something else ("$5 million
  // to 300 people") or the words make it a change ("from $30 billion to
  // $35 billion"); the scan then goes on after the first amount.
  const size_t sym_begin = Offset(text, g[kSymSym]);
  if (v2 && (*v2 < *v1 || EndsWithWord(text.substr(0, sym_begin), "from "))) {
    const re2::StringPiece& last =
        Matched(g[kSymScale1]) ? g[kSymScale1] : g[kSymN1];
    v1 = ParseJapaneseNumber(View(g[kSymN1]));
    if (!v1) return std::nullopt;
    if (Matched(g[kSymScale1])) *v1 *= EnScale(View(g[kSymScale1]));
    AmountMatch m;
    m.source = kSourceSymbol;
    m.begin = sym_begin;
    m.end = Offset(text, last) + last.size();
    if (IsAsciiAlnum(PrevCodePoint(text, m.begin)) ||
        !SetValue(*unit, *v1, std::nullopt, {}, {}, m)) {
      return std::nullopt;
    }
    return m;
  }

  AmountMatch m;
  m.source = kSourceSymbol;
  m.begin = sym_begin;
  std::string_view pre;
  if (Matched(g[kSymPreEn])) {
    pre = EnPreQualifier(g[kSymPreEn]);
    m.begin = Offset(text, g[kSymPreEn]);
  } else if (Matched(g[kSymPreJa])) {
    pre = JaPreQualifier(text, g[kSymPreJa]);
    if (!pre.empty()) m.begin = Offset(text, g[kSymPreJa]);
  }
  if (pre.empty() && IsAsciiAlnum(PrevCodePoint(text, m.begin))) {
    return std::nullopt;
  }

  m.end = Offset(text, g[kSymAll]) + g[kSymAll].size();
  std::string_view post;
  if (Matched(g[kSymPost])) {
    post = MixedPostQualifier(text, g[kSymPost]);
    if (post.empty()) m.end = Offset(text, g[kSymPost]);
  }
  if (!NumberEndOk(text, m.end)) return std::nullopt;
  if (!SetValue(*unit, *v1, v2, pre, post, m)) return std::nullopt;
  return m;
}

enum EnGroup {
  kEnAll,
  kEnPreWord,
  kEnN1,
  kEnScale1,
  kEnN2,
  kEnScale,
  kEnWord,
  kEnPostWord,
  kEnN
};

std::optional<AmountMatch> InterpretEn(std::string_view text,
                                       const re2::StringPiece* g) {
  const UnitWord* unit = FindWord(kEnUnits, NormalizeEnWord(View(g[kEnWord])));
  if (unit == nullptr) return std::nullopt;
  std::optional<double> v1, v2;
  if (!ScaledValues(g[kEnN1], g[kEnScale1], g[kEnN2], g[kEnScale], v1, v2)) {
    return std::nullopt;
  }

  AmountMatch m;
  m.source = kSourceEn;
  m.begin = Offset(text, g[kEnN1]);
  std::string_view pre;
  if (Matched(g[kEnPreWord])) {
    pre = EnPreQualifier(g[kEnPreWord]);
    m.begin = Offset(text, g[kEnPreWord]);
  } else if (!NumberStartOk(text, m.begin) ||
             PrevCodePoint(text, m.begin) == '$') {
    return std::nullopt;
  }
  m.end = Offset(text, g[kEnWord]) + g[kEnWord].size();
  std::string_view post;
  if (Matched(g[kEnPostWord])) {
    post = FindQualifier(kEnPostWords, NormalizeEnWord(View(g[kEnPostWord])));
    if (!post.empty()) {
      m.end = Offset(text, g[kEnPostWord]) + g[kEnPostWord].size();
    }
  }
  if (!SetValue(*unit, *v1, v2, pre, post, m)) return std::nullopt;
  return m;
}

// Where the three shapes can start in one line: the first byte of a leading
// qualifier, currency symbol or number. A start is left out when the match
// there would be rejected by the test its Interpret function applies to it
// first (a number glued to what precedes it, a symbol right after a letter or
// digit). Searching only from these keeps a long number that is rejected at
// every position (数1111…人) linear; a search restarted one character after
// each rejection would rescan the rest of the number each time.
struct Starts {
  std::vector<size_t> ja, symbol, en;
};

enum class StartChar { kNone, kNumeral, kJaPre, kSymbol, kFoldedLetter };

constexpr StartChar ClassifyStart(char32_t c) {
  switch (c) {
    case U'〇': case U'一': case U'二': case U'三': case U'四': case U'五':
    case U'六': case U'七': case U'八': case U'九': case U'十': case U'百':
    case U'千':
      return StartChar::kNumeral;
    // First characters of 約 およそ おおよそ 概算 ほぼ 推定 少なくとも 最低
    // 最大 最高.
    case U'約': case U'お': case U'概': case U'ほ': case U'推': case U'少':
    case U'最':
      return StartChar::kJaPre;
    case U'¥': case U'€': case U'£': case U'₩': case U'₹':
      return StartChar::kSymbol;
    case U'\u017F': case U'\u212A':  // ſ K: s and k under (?i)
      return StartChar::kFoldedLetter;
    default:
      return StartChar::kNone;
  }
}

// Bytes that can start a shape: ASCII digits and letters, `$`, and the lead
// bytes of the characters in ClassifyStart: ¥ £ (C2), ſ (C5), € ₩ ₹ K (E2),
// the rest in E3..E7.
constexpr std::array<bool, 256> kStartBytes = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  t['$'] = true;
  t[0xC2] = true;
  t[0xC5] = true;
  for (int c = 0xE2; c <= 0xE7; ++c) t[static_cast<size_t>(c)] = true;
  return t;
}();

// The characters `ClassifyStart` knows among the three-byte ones with leads
// E2..E7, as one 64-bit mask per (lead, second byte) pair, indexed by the low
// 4 bits of the lead and the low 6 bits of the second byte; bit k stands for
// third byte 0x80 + k. Japanese text is mostly three-byte characters with
// these leads; the mask rules out all but the start characters without
// decoding them (a pair alone would let through whole blocks of hiragana
// and punctuation that share theirs with お, ほ and 〇).
constexpr std::array<uint64_t, 1024> kThreeByteStarts = [] {
  std::array<uint64_t, 1024> t{};
  for (char32_t c = 0x2000; c < 0x8000; ++c) {
    if (ClassifyStart(c) == StartChar::kNone) continue;
    t[((c >> 12) << 6) | ((c >> 6) & 0x3F)] |= uint64_t{1} << (c & 0x3F);
  }
  return t;
}();

// Fills `starts` with every position of [begin, end) where a match could be
// accepted, and some where it cannot (a qualifier's first character without
// the rest of the word): extra starts cost only a search.
void FindStarts(std::string_view text, size_t begin, size_t end,
                Starts& starts) {
  static constexpr std::array<bool, 256> kSymbolFirst =
      FirstBytes(kSymbols, false);
  static constexpr std::array<bool, 256> kEnPreFirst =
      FirstBytes(kEnPreWords, true);
  starts.ja.clear();
  starts.symbol.clear();
  starts.en.clear();
  // A shape runs only on a line that has what it needs somewhere.
  bool digit = false, kanji_numeral = false, symbol = false;
  for (size_t i = begin; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!kStartBytes[c]) continue;
    if (c >= '0' && c <= '9') {
      digit = true;
      if (NumberStartOk(text, i)) {
        starts.ja.push_back(i);
        if (PrevCodePoint(text, i) != '$') starts.en.push_back(i);
      }
      continue;
    }
    if (c < 0x80) {
      if (kSymbolFirst[c] && !symbol) {
        symbol = StartsWithWord(kSymbols, text.substr(i, end - i));
      }
      const auto prev = i > 0 ? static_cast<unsigned char>(text[i - 1]) : 0;
      // After a letter or digit: no \b for a qualifier, and a symbol there
      // is rejected.
      if (prev < 0x80 && IsAsciiAlnum(prev)) continue;
      const bool en_pre = kEnPreFirst[c] && prev != '_';
      if (kSymbolFirst[c] || en_pre) starts.symbol.push_back(i);
      if (en_pre) starts.en.push_back(i);
      continue;
    }
    if (c >= 0xE2 && c <= 0xE7) {
      // A character that is no start character (or a malformed one) starts
      // nothing. Continuation bytes are not start bytes, so stepping over
      // them unread changes nothing.
      if (i + 2 >= text.size()) continue;
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      const auto c2 = static_cast<unsigned char>(text[i + 2]);
      if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80) continue;
      if (((kThreeByteStarts[((c & 0x0F) << 6) | (c1 & 0x3F)] >> (c2 & 0x3F)) &
           1) == 0) {
        i += 2;  // and the loop steps past `c2`
        continue;
      }
    }
    const Decoded d = DecodeAt(text, i);
    switch (ClassifyStart(d.cp)) {
      case StartChar::kNumeral:
        kanji_numeral = true;
        if (NumberStartOk(text, i)) starts.ja.push_back(i);
        break;
      case StartChar::kJaPre:
        starts.ja.push_back(i);
        starts.symbol.push_back(i);
        break;
      case StartChar::kSymbol:
        symbol = true;
        if (!IsAsciiAlnum(PrevCodePoint(text, i))) starts.symbol.push_back(i);
        break;
      case StartChar::kFoldedLetter: {
        // It is not a word character for \b, so an English qualifier spelt
        // with it (ſome) matches only after one.
        const char32_t prev = PrevCodePoint(text, i);
        if (IsAsciiAlnum(prev) || prev == '_') {
          starts.symbol.push_back(i);
          starts.en.push_back(i);
        }
        break;
      }
      case StartChar::kNone:
        break;
    }
    i += d.len - 1;
  }
  if (!digit && !kanji_numeral) starts.ja.clear();
  if (!symbol || (!digit && !kanji_numeral)) starts.symbol.clear();
  if (!digit) starts.en.clear();
}

// The groups of full matches of spans seen lately on this thread. Every
// `AmountExtractor` compiles the same patterns, and a pattern's groups on a
// span depend on the span's bytes and, for the patterns with \b (an ASCII
// word boundary to RE2), on the byte either side of it; the key holds what
// matters. News text repeats its amounts (1人, 100万円) and RE2's submatch
// search costs far more than a lookup. Cleared when it reaches
// `kMaxEntries`, so memory stays bounded on any input.
class GroupMemo {
 public:
  static constexpr int kMaxGroups = 10;

  // Fills `groups` (`ngroups` of them) from a full match of `re` on
  // [b, e) of `text`, as `re.Match(..., RE2::ANCHOR_BOTH, ...)` does, and
  // returns whether it matched. `tag` names the pattern; `context` says
  // whether it has \b.
  bool FullMatch(const RE2& re, char tag, bool context, std::string_view text,
                 size_t b, size_t e, re2::StringPiece* groups, int ngroups) {
    key_.assign(1, tag);
    if (context) {
      key_ += b > 0 ? text[b - 1] : '\0';
      key_ += e < text.size() ? text[e] : '\0';
    }
    key_.append(text.substr(b, e - b));
    auto it = entries_.find(key_);
    if (it == entries_.end()) {
      if (entries_.size() >= kMaxEntries) entries_.clear();
      Parse parse;
      parse.matched = re.Match(re2::StringPiece(text.data(), text.size()), b,
                               e, RE2::ANCHOR_BOTH, groups, ngroups);
      if (parse.matched) {
        for (int g = 0; g < ngroups; ++g) {
          if (groups[g].data() == nullptr) continue;
          parse.groups[static_cast<size_t>(g)] = {
              static_cast<int32_t>(groups[g].data() - (text.data() + b)),
              static_cast<int32_t>(groups[g].size())};
        }
      }
      it = entries_.emplace(key_, parse).first;
      return parse.matched;
    }
    const Parse& parse = it->second;
    if (!parse.matched) return false;
    for (int g = 0; g < ngroups; ++g) {
      const auto [offset, size] = parse.groups[static_cast<size_t>(g)];
      groups[g] = offset < 0 ? re2::StringPiece()
                             : re2::StringPiece(text.data() + b + offset,
                                                static_cast<size_t>(size));
    }
    return true;
  }

 private:
  static constexpr size_t kMaxEntries = 1 << 14;
  struct Parse {
    bool matched = false;
    // Per group: offset in the span, -1 when the group took no part in the
    // match; and length.
    std::array<std::pair<int32_t, int32_t>, kMaxGroups> groups;
    Parse() { groups.fill({-1, 0}); }
  };
  std::string key_;  // reused for lookups
  absl::flat_hash_map<std::string, Parse> entries_;
};

// Runs `re` over a line as a leftmost-longest search from the line's start
// that retries one character after each rejected match, but tries only the
// positions in `starts`: a match that begins elsewhere would be rejected.
// Each try is a search anchored at its start, which stops as soon as no match
// can go on, so most tries read a few bytes and none rescans the line or the
// inside of a long rejected number. The groups come from a full match of
// exactly the found span, as RE2 computes them after an unanchored search.
// `tag` and `context` are for `GroupMemo::FullMatch`.
template <typename Interpret>
void ScanLine(const RE2& re, char tag, bool context, int ngroups,
              Interpret interpret, const std::vector<size_t>& starts,
              std::string_view text, size_t end,
              std::vector<AmountMatch>& out) {
  static_assert(kJaN <= GroupMemo::kMaxGroups &&
                kSymN <= GroupMemo::kMaxGroups &&
                kEnN <= GroupMemo::kMaxGroups);
  thread_local GroupMemo memo;
  std::array<re2::StringPiece, GroupMemo::kMaxGroups> groups;
  const re2::StringPiece piece(text.data(), text.size());
  size_t pos = 0;
  for (const size_t b : starts) {
    if (b < pos) continue;
    re2::StringPiece whole;
    if (!re.Match(piece, b, end, RE2::ANCHOR_START, &whole, 1)) continue;
    pos = b + 1;
    if (!memo.FullMatch(re, tag, context, text, b, b + whole.size(),
                        groups.data(), ngroups)) {
      continue;
    }
    std::optional<AmountMatch> m = interpret(text, groups.data());
    if (m) {
      pos = std::max(m->end, pos);
      out.push_back(*std::move(m));
    }
  }
}

// Keeps the longest candidates (then the earliest) that do not overlap, in
// text order.
std::vector<AmountMatch> SelectLongest(std::vector<AmountMatch> candidates) {
  std::vector<size_t> order(candidates.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const size_t la = candidates[a].end - candidates[a].begin;
    const size_t lb = candidates[b].end - candidates[b].begin;
    if (la != lb) return la > lb;
    return candidates[a].begin < candidates[b].begin;
  });
  std::map<size_t, size_t> chosen;  // begin -> candidate index
  for (const size_t i : order) {
    const AmountMatch& c = candidates[i];
    auto next = chosen.lower_bound(c.begin);
    if (next != chosen.end() && next->first < c.end) continue;
    if (next != chosen.begin() &&
        candidates[std::prev(next)->second].end > c.begin) {
      continue;
    }
    chosen.emplace(c.begin, i);
  }
  std::vector<AmountMatch> out;
  out.reserve(chosen.size());
  for (const auto& [begin, i] : chosen) out.push_back(std::move(candidates[i]));
  return out;
}

bool IsMoney(const UnitWord& unit) {
  return unit.unit != kCount && unit.unit != kPercentUnit;
}

// The money units as an alternation, for the vague-amount pattern.
std::string MoneyAlternation() {
  std::string out;
  for (const UnitWord& w : kJaUnits) {
    if (!IsMoney(w)) continue;
    if (!out.empty()) out += '|';
    out += RE2::QuoteMeta(w.word);
  }
  return out;
}

bool Overlaps(const std::vector<AmountMatch>& matches, size_t b, size_t e) {
  for (const AmountMatch& m : matches) {
    if (m.begin < e && b < m.end) return true;
  }
  return false;
}

// 数千円, 数億円, 十数億円, 20数万円: a vague sum of money is a range from
// "several" (2) to 9 of its place, or 11..19 after 十 (21..29 after 20), with
// qualifier approx. Groups: 1 the number, 2 the unit, 3 a trailing qualifier.
std::optional<AmountMatch> InterpretVague(std::string_view text,
                                          const re2::StringPiece* g) {
  const UnitWord* unit = FindWord(kJaUnits, View(g[2]));
  if (unit == nullptr || !IsMoney(*unit)) return std::nullopt;
  const std::string_view num = View(g[1]);
  const size_t su = num.find("数");
  if (su == std::string_view::npos) return std::nullopt;
  const std::string_view head = num.substr(0, su);
  std::string_view tail = num.substr(su + std::string_view("数").size());
  double lo = 2, hi = 9;
  if (head == "十") {
    lo = 11, hi = 19;
  } else if (!head.empty()) {
    const std::optional<double> tens = ParseJapaneseNumber(head);
    if (!tens || std::fmod(*tens, 10) != 0) return std::nullopt;
    lo = *tens + 1, hi = *tens + 9;
  }
  while (!tail.empty()) {
    const Decoded d = DecodeAt(tail, 0);
    const double scale =
        SmallScale(d.cp) > 0 ? SmallScale(d.cp) : BigScale(d.cp);
    if (scale == 0) return std::nullopt;
    lo *= scale;
    hi *= scale;
    tail.remove_prefix(d.len);
  }
  AmountMatch m;
  m.source = kSourceJa;
  m.begin = Offset(text, g[1]);
  const char32_t prev = PrevCodePoint(text, m.begin);
  if (IsAsciiAlnum(prev) || KanjiDigit(prev) >= 0 || SmallScale(prev) > 0 ||
      BigScale(prev) > 0) {
    return std::nullopt;
  }
  m.end = Offset(text, g[2]) + g[2].size();
  std::string_view post;
  if (Matched(g[3])) post = JaPostQualifier(text, g[3]);
  if (!post.empty()) {
    m.end = Offset(text, g[3]) + g[3].size();
  } else if (Contains(unit->bad_next, NextCodePoint(text, m.end))) {
    return std::nullopt;
  }
  if (!SetValue(*unit, lo * unit->factor, hi * unit->factor, "approx", post,
                m)) {
    return std::nullopt;
  }
  return m;
}


// The money unit of a currency word that ends at `end` of `text` or starts
// at `begin` (ドル, ユーロ, 円建て), for an amount whose currency was left
// out; the longest word wins.
const UnitWord* CurrencyWordBefore(std::string_view sentence) {
  // The last currency word of the sentence: 円 only as 円建て, 円換算 or
  // 円で (円 is inside many words), others of two or more characters.
  const UnitWord* best = nullptr;
  size_t best_at = 0;
  for (const UnitWord& w : kJaUnits) {
    if (!IsMoney(w) || w.factor != 1) continue;
    if (w.word == "円") {
      for (const std::string_view form : {"円建て", "円換算", "円ベース"}) {
        const size_t at = sentence.rfind(form);
        if (at != std::string_view::npos &&
            (best == nullptr || at >= best_at)) {
          best = &w;
          best_at = at;
        }
      }
      continue;
    }
    if (corpus::CountCodePoints(w.word) < 2) continue;
    const size_t at = sentence.rfind(w.word);
    if (at == std::string_view::npos) continue;
    if (best == nullptr || at > best_at ||
        (at == best_at && w.word.size() > best->word.size())) {
      best = &w;
      best_at = at;
    }
  }
  return best;
}

// Words that join the members of a list of amounts: 418億円と400億円規模,
// 300億、400億ドル.
constexpr std::string_view kListJoints[] = {
    "と", "や", "、", "・", "か", "から", "〜", "または", "および", "及び"};

// The characters the passes besides the three shapes look for: the scales
// of a number whose currency was left out (万億兆), the first characters of
// currency names (米豪英ドユウル円) and the 数 of a vague sum, all three
// bytes long in UTF-8.
constexpr std::u32string_view kScaleChars = U"万億兆";
constexpr std::u32string_view kCurrencyNameChars = U"米豪英ドユウル円";
constexpr std::u32string_view kVagueChars = U"数";

// One bit per three-byte character, indexed like kThreeByteStarts but for
// any lead byte E0..EF: (lead & 0x0F) << 6 | (second byte & 0x3F), bit
// (third byte & 0x3F).
const std::array<uint64_t, 1024>& LaterPassChars() {
  static const auto* const table = [] {
    auto* t = new std::array<uint64_t, 1024>{};
    for (const std::u32string_view set :
         {kScaleChars, kCurrencyNameChars, kVagueChars}) {
      for (const char32_t c : set) {
        (*t)[((c >> 12) & 0x0F) << 6 | ((c >> 6) & 0x3F)] |= uint64_t{1}
                                                             << (c & 0x3F);
      }
    }
    return t;
  }();
  return *table;
}

// Byte offsets of the characters of LaterPassChars in `text`, in one pass
// over its bytes.
std::vector<size_t> FindLaterPassChars(std::string_view text) {
  const auto& table = LaterPassChars();
  std::vector<size_t> out;
  size_t i = 0;
  while (i + 2 < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if ((b0 & 0xF0) != 0xE0) {
      ++i;
      continue;
    }
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    const auto b2 = static_cast<unsigned char>(text[i + 2]);
    if ((table[(b0 & 0x0F) << 6 | (b1 & 0x3F)] >> (b2 & 0x3F)) & 1) {
      out.push_back(i);
    }
    i += 3;
  }
  return out;
}

// Whether the character at byte `i` of `text` is one of `set`.
bool CharIn(std::string_view text, size_t i, std::u32string_view set) {
  return set.find(NextCodePoint(text, i)) != std::u32string_view::npos;
}

// Starts of vague amounts in [begin, end): each 数 (among `chars`, the
// positions of FindLaterPassChars) and the 十 or digits right before it.
std::vector<size_t> VagueStarts(std::string_view text, size_t begin,
                                size_t end, const std::vector<size_t>& chars) {
  std::vector<size_t> starts;
  for (auto it = std::lower_bound(chars.begin(), chars.end(), begin);
       it != chars.end() && *it < end; ++it) {
    if (!CharIn(text, *it, kVagueChars)) continue;
    size_t start = *it;
    while (start > begin) {
      size_t prev_start;
      const char32_t prev = PrevCodePoint(text, start, &prev_start);
      if (!(IsAsciiDigit(prev) || prev == U'十') || prev_start < begin) break;
      start = prev_start;
    }
    starts.push_back(start);
  }
  return starts;
}

// Whether [b, e) overlaps a match of `sorted` (by begin, non-overlapping).
bool OverlapsSorted(const std::vector<AmountMatch>& sorted, size_t b,
                    size_t e) {
  auto it = std::lower_bound(
      sorted.begin(), sorted.end(), e,
      [](const AmountMatch& m, size_t end) { return m.begin < end; });
  return it != sorted.begin() && std::prev(it)->end > b;
}

// Numbers ending in 万, 億 or 兆 that the currency of an amount next to them
// in a list or a currency named earlier in their sentence makes money:
// 418億円と400億, 418億と400億円, ウォン建てで418億と400億. `bare` matches such
// a number whole. `found` is sorted by begin.
std::vector<AmountMatch> ElidedCurrency(std::string_view text, const RE2& bare,
                                        const std::vector<AmountMatch>& found,
                                        const std::vector<size_t>& chars) {
  std::vector<AmountMatch> out;
  auto numeral = [](char32_t c) {
    return IsAsciiDigit(c) || c == ',' || c == '.' || KanjiDigit(c) >= 0 ||
           SmallScale(c) > 0 || BigScale(c) > 0;
  };
  auto money = [](const AmountMatch& m) {
    return m.unit != kCount && m.unit != kPercentUnit && !m.currency_only;
  };
  auto joint = [](std::string_view between) {
    for (const std::string_view j : kListJoints) {
      if (between == j) return true;
    }
    return false;
  };
  size_t done = 0;
  for (const size_t scale : chars) {
    if (scale < done || !CharIn(text, scale, kScaleChars) ||
        OverlapsSorted(found, scale, scale + 3)) {
      continue;
    }
    // The run of numerals around the scale: it must end in a scale.
    size_t b = scale;
    while (b > 0) {
      size_t prev_start;
      const char32_t prev = PrevCodePoint(text, b, &prev_start);
      if (!numeral(prev)) break;
      b = prev_start;
    }
    size_t e = scale + 3;
    while (e < text.size() && numeral(NextCodePoint(text, e))) {
      e += DecodeAt(text, e).len;
    }
    done = e;
    if (BigScale(PrevCodePoint(text, e)) == 0) continue;
    const re2::StringPiece input(text.data(), text.size());
    if (!bare.Match(input, b, e, RE2::ANCHOR_BOTH, nullptr, 0)) continue;
    if (OverlapsSorted(found, b, e) || !NumberStartOk(text, b)) continue;
    // A counter, unit or word after it makes it something else; a
    // qualifier stays with it.
    const std::string_view rest = text.substr(e);
    const char32_t next = NextCodePoint(text, e);
    std::string_view post;
    for (const QualifierWord& w : kJaPostWords) {
      if (rest.starts_with(w.word) && w.word.size() > post.size()) {
        post = w.word;
      }
    }
    if (post.empty() && (corpus::IsKanji(next) || IsAsciiAlnum(next) ||
                         (next >= 0x30A1 && next <= 0x30FC) || next == '%')) {
      continue;
    }
    // The currency of a money amount joined to it in a list, or of the last
    // currency word of its sentence before it.
    std::string_view unit;
    const size_t tail = e + post.size();
    const auto after = std::lower_bound(
        found.begin(), found.end(), tail,
        [](const AmountMatch& m, size_t end) { return m.begin < end; });
    if (after != found.end() && money(*after) &&
        joint(text.substr(tail, after->begin - tail))) {
      unit = after->unit;
    } else if (after != found.begin() && money(*std::prev(after)) &&
               std::prev(after)->end <= b &&
               joint(text.substr(std::prev(after)->end,
                                 b - std::prev(after)->end))) {
      unit = std::prev(after)->unit;
    } else if (!out.empty() && out.back().end <= b &&
               joint(text.substr(out.back().end, b - out.back().end))) {
      unit = out.back().unit;  // 418億円と400億と300億
    }
    if (unit.empty()) {
      size_t sentence = text.rfind("。", b);
      sentence = sentence == std::string_view::npos ? 0 : sentence;
      const size_t line = text.rfind('\n', b);
      if (line != std::string_view::npos && line > sentence) sentence = line;
      if (const UnitWord* w =
              CurrencyWordBefore(text.substr(sentence, b - sentence))) {
        unit = w->unit;
      }
    }
    if (unit.empty()) continue;
    const std::optional<double> value =
        ParseJapaneseNumber(text.substr(b, e - b));
    if (!value) continue;
    AmountMatch m;
    m.begin = b;
    m.end = e;
    m.value = *value;
    m.unit = std::string(unit);
    if (!post.empty()) {
      m.end = e + post.size();
      m.qualifier = std::string(FindQualifier(kJaPostWords, post));
    }
    m.source = "amount.elided";
    out.push_back(std::move(m));
  }
  return out;
}

// Currency names as the subject of exchange-rate news (ドルは上げ幅を拡大,
// ユーロ圏, 英ポンドが4月ぶり高値): money without a number, `currency_only`.
// `found` is sorted by begin.
std::vector<AmountMatch> CurrencyNames(std::string_view text,
                                       const std::vector<AmountMatch>& found,
                                       const std::vector<size_t>& chars) {
  static constexpr std::string_view kNames[] = {
      "米ドル", "豪ドル", "英ポンド", "ドル",
      "ユーロ", "ウォン", "ルーブル", "円"};
  static constexpr std::string_view kAfter[] = {"は", "が", "の対", "安",
                                                "高", "圏", "・",   "/"};
  std::vector<AmountMatch> out;
  size_t done = 0;
  for (const size_t b : chars) {
    if (b < done || !CharIn(text, b, kCurrencyNameChars)) continue;
    const std::string_view at = text.substr(b);
    std::string_view word;
    for (const std::string_view name : kNames) {
      if (at.starts_with(name)) {
        word = name;
        break;
      }
    }
    if (word.empty()) continue;
    const size_t e = b + word.size();
    done = e;
    std::string_view next;
    for (const std::string_view a : kAfter) {
      if (text.substr(e).starts_with(a)) next = a;
    }
    if (next.empty() || OverlapsSorted(found, b, e)) continue;
    const char32_t prev = PrevCodePoint(text, b);
    // 香港ドル is another currency, 100ドル an amount, 一円 a word.
    if (IsAsciiAlnum(prev) || corpus::IsKanji(prev) || KanjiDigit(prev) >= 0 ||
        (prev >= 0x30A1 && prev <= 0x30FC) || prev == '$') {
      continue;
    }
    // 円高, 円安 are words; 円 only as a subject.
    if (word == "円" && next != "は" && next != "が" && next != "の対")
      continue;
    // ユーロ・ドル, ドル/円: a pair of currencies (not ドル・ショック).
    if (next == "・" || next == "/") {
      const std::string_view rest = text.substr(e + next.size());
      bool pair = false;
      for (const std::string_view w :
           {"ドル", "円", "ユーロ", "ポンド", "ウォン"}) {
        pair = pair || rest.starts_with(w);
      }
      if (!pair) continue;
    }
    // A currency as the subject of a sentence about exchange rates
    // (ドルは一時81円台まで上昇), not of a definition (ドルは通貨単位の一つ).
    if (next == "は" || next == "が" || next == "の対") {
      size_t from = text.rfind("。", b);
      from = from == std::string_view::npos ? 0 : from;
      size_t to = text.find("。", e);
      if (to == std::string_view::npos) to = text.size();
      const std::string_view sentence = text.substr(from, to - from);
      bool market = false;
      for (const std::string_view w :
           {"相場",     "為替",     "高値",     "安値",   "上昇",     "下落",
            "急落",     "急騰",     "続落",     "続伸",   "反発",     "反落",
            "値上がり", "値下がり", "上げ幅",   "下げ幅", "弱含",     "強含",
            "に対して", "に対し",   "円台",     "ドル台", "ユーロ台", "売られ",
            "買われ",   "ぶりの高", "ぶりの安", "%安",    "%高"}) {
        market = market || sentence.find(w) != std::string_view::npos;
      }
      if (!market) continue;
    }
    const UnitWord* unit = FindWord(kJaUnits, word);
    if (unit == nullptr) continue;
    AmountMatch m;
    m.begin = b;
    m.end = e;
    m.unit = std::string(unit->unit);
    m.currency_only = true;
    m.source = "amount.currency";
    out.push_back(std::move(m));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<const RE2>> Compile(std::string_view name,
                                                   const std::string& pattern) {
  RE2::Options options;
  options.set_longest_match(true);
  options.set_log_errors(false);
  options.set_max_mem(int64_t{64} << 20);
  auto re = std::make_unique<const RE2>(pattern, options);
  if (!re->ok()) {
    return absl::InternalError(
        absl::StrCat("amount: pattern ", std::string(name),
                     " does not compile: ", re->error()));
  }
  return re;
}

}  // namespace

std::optional<double> ParseJapaneseNumber(std::string_view s) {
  double total = 0;    // completed groups times their big scale (万億兆)
  double section = 0;  // the part below the next big scale
  bool section_set = false;
  double current = 0;  // digits not yet multiplied
  bool has_current = false, current_kanji = false;
  double last_big = INFINITY, last_small = INFINITY;
  bool any = false;
  for (size_t i = 0; i < s.size();) {
    if (IsAsciiDigit(static_cast<unsigned char>(s[i]))) {
      if (has_current) return std::nullopt;
      const std::optional<double> run = ParseAsciiRun(s, i);
      if (!run) return std::nullopt;
      current = *run;
      has_current = any = true;
      current_kanji = false;
      continue;
    }
    const Decoded d = DecodeAt(s, i);
    i += d.len;
    if (const int digit = KanjiDigit(d.cp); digit >= 0) {
      if (has_current && !current_kanji) return std::nullopt;
      // Consecutive kanji digits are positional: 二〇二四 = 2024.
      current = has_current ? current * 10 + digit : digit;
      has_current = current_kanji = any = true;
    } else if (const double small = SmallScale(d.cp); small > 0) {
      if (small >= last_small) return std::nullopt;
      section += (has_current ? current : 1) * small;
      section_set = any = true;
      has_current = false;
      last_small = small;
    } else if (const double big = BigScale(d.cp); big > 0) {
      if (big >= last_big || (!has_current && !section_set)) {
        return std::nullopt;
      }
      total += (section + (has_current ? current : 0)) * big;
      section = 0;
      section_set = has_current = false;
      last_small = INFINITY;
      last_big = big;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  const double value = total + section + (has_current ? current : 0);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

AmountExtractor::~AmountExtractor() = default;

absl::StatusOr<std::unique_ptr<AmountExtractor>> AmountExtractor::Create() {
  const std::string ascii_num = R"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)";
  const std::string ja_num = absl::StrCat(
      "(?:", ascii_num, "|[〇一二三四五六七八九十百千])(?:", ascii_num,
      "|[〇一二三四五六七八九十百千万億兆])*");
  const std::string units = Alternation(kJaUnits);
  const std::string ja_pre = Alternation(kJaPreWords);
  const std::string ja_post = Alternation(kJaPostWords);
  const std::string en_pre =
      absl::StrCat(R"(\b(?i:)", Alternation(kEnPreWords), ")");
  const std::string en_post = R"(\s(?i:or more|or less)\b)";
  const std::string symbols = Alternation(kSymbols);
  const std::string scale =
      R"(\s?(?i:trillion|billion|million|thousand|trn|tn|bn|mn|m|b|k)\b)";

  // Groups follow JaGroup, SymbolGroup and EnGroup.
  const std::string ja_pattern =
      absl::StrCat("(", ja_pre, ")?(", ja_num, ")(?:(", units, ")?(?:〜|-)(",
                   ja_num, "))?(", units, ")(", ja_post, ")?");
  const std::string symbol_pattern = absl::StrCat(
      "(?:(", en_pre, R"()\s+|()", ja_pre, "))?(", symbols, R"()\s?()", ja_num,
      ")(?:(", scale, R"()?\s?(?:-|〜|to)\s?(?:)", symbols, R"()?\s?()", ja_num,
      "))?(", scale, ")?(", ja_post, "|", en_post, ")?");
  const std::string en_pattern = absl::StrCat(
      "(?:(", en_pre, R"()\s+)?()", ascii_num, ")(?:(", scale,
      R"()?\s?(?:-|to)\s?()", ascii_num, "))?(", scale, R"()?\s((?i:)",
      Alternation(kEnUnits), R"())\b()", en_post, ")?");

  // Groups: the number, the unit, a trailing qualifier (InterpretVague).
  const std::string vague_pattern =
      absl::StrCat("((?:十|[1-9][0-9]?)?数(?:十|百|千)?(?:万|億|兆)?)(",
                   MoneyAlternation(), ")(", ja_post, ")?");
  const std::string bare_pattern = absl::StrCat(
      "((?:[0-9]+(?:,[0-9]{3})*(?:\\.[0-9]+)?|[〇一二三四五六七八九十百千]+)"
      "(?:[万億](?:[0-9]+(?:,[0-9]{3})*|[〇一二三四五六七八九十百千]+))*"
      "[万億兆])");

  std::unique_ptr<AmountExtractor> out(new AmountExtractor());
  struct Built {
    std::string_view name;
    const std::string* pattern;
    std::unique_ptr<const RE2>* re;
  };
  for (const Built& b : {Built{"ja", &ja_pattern, &out->ja_},
                         Built{"symbol", &symbol_pattern, &out->symbol_},
                         Built{"en", &en_pattern, &out->en_},
                         Built{"vague", &vague_pattern, &out->vague_},
                         Built{"bare", &bare_pattern, &out->bare_}}) {
    auto re = Compile(b.name, *b.pattern);
    if (!re.ok()) return re.status();
    *b.re = *std::move(re);
  }
  if (out->ja_->NumberOfCapturingGroups() != kJaN - 1 ||
      out->symbol_->NumberOfCapturingGroups() != kSymN - 1 ||
      out->en_->NumberOfCapturingGroups() != kEnN - 1 ||
      out->vague_->NumberOfCapturingGroups() != 3) {
    return absl::InternalError("amount: unexpected capture group count");
  }
  return out;
}

// Joins two neighbouring amounts of one unit into a range when English
// words make them one: "between $37 billion and $38 billion" (the span
// takes "between"), "$37 billion to $38 billion" (but not "from $30 billion
// to $35 billion", a change). Neither may carry a qualifier or be a range.
std::vector<AmountMatch> JoinEnglishRanges(std::string_view text,
                                           std::vector<AmountMatch> matches) {
  if (matches.size() < 2) return matches;
  std::vector<AmountMatch> out;
  out.reserve(matches.size());
  for (size_t i = 0; i < matches.size(); ++i) {
    AmountMatch& a = matches[i];
    if (i + 1 < matches.size()) {
      const AmountMatch& b = matches[i + 1];
      const bool plain = !a.value_max && !b.value_max && a.qualifier.empty() &&
                         b.qualifier.empty() && a.unit == b.unit &&
                         a.counter == b.counter && a.value < b.value;
      const std::string_view gap = text.substr(a.end, b.begin - a.end);
      const std::string_view before = text.substr(0, a.begin);
      constexpr std::string_view kBetween = "between ";
      constexpr std::string_view kFrom = "from ";
      const bool between = gap == " and " && EndsWithWord(before, kBetween);
      const bool to = gap == " to " && !EndsWithWord(before, kFrom);
      if (plain && (between || to)) {
        if (between) a.begin -= kBetween.size();
        a.end = b.end;
        a.value_max = b.value;
        out.push_back(std::move(a));
        ++i;
        continue;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<AmountMatch> AmountExtractor::Extract(std::string_view text) const {
  std::vector<AmountMatch> candidates;
  const std::vector<size_t> chars = FindLaterPassChars(text);
  Starts starts;
  size_t line_begin = 0;
  while (line_begin < text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    FindStarts(text, line_begin, line_end, starts);
    if (const std::vector<size_t> vague =
            VagueStarts(text, line_begin, line_end, chars);
        !vague.empty()) {
      ScanLine(*vague_, 'v', /*context=*/false, 4, InterpretVague, vague, text,
               line_end, candidates);
    }
    if (starts.ja.empty() && starts.symbol.empty() && starts.en.empty()) {
      line_begin = line_end + 1;
      continue;
    }
    // Per line, in this order: SelectLongest breaks ties by position in
    // `candidates`.
    // The Japanese pattern has no \b, the others do.
    ScanLine(*ja_, 'j', /*context=*/false, kJaN, InterpretJa, starts.ja, text,
             line_end, candidates);
    ScanLine(*symbol_, 's', /*context=*/true, kSymN, InterpretSymbol,
             starts.symbol, text, line_end, candidates);
    ScanLine(*en_, 'e', /*context=*/true, kEnN, InterpretEn, starts.en, text,
             line_end, candidates);
    line_begin = line_end + 1;
  }
  std::vector<AmountMatch> out =
      JoinEnglishRanges(text, SelectLongest(std::move(candidates)));
  // Money whose currency is written once for a list, and currencies named
  // alone: they fill gaps between the amounts found above.
  std::vector<AmountMatch> more = ElidedCurrency(text, *bare_, out, chars);
  for (AmountMatch& m : CurrencyNames(text, out, chars)) {
    if (!Overlaps(more, m.begin, m.end)) more.push_back(std::move(m));
  }
  if (!more.empty()) {
    for (AmountMatch& m : more) out.push_back(std::move(m));
    std::sort(out.begin(), out.end(),
              [](const AmountMatch& a, const AmountMatch& b) {
                return a.begin < b.begin;
              });
  }
  return out;
}

absl::Status AmountExtractor::Process(corpus::Document& doc) const {
  for (AmountMatch& m : Extract(doc.normalized)) {
    corpus::Mention& mention = doc.mentions.emplace_back();
    mention.type = m.unit == kPercentUnit ? corpus::EntityType::kPercent
                                          : corpus::EntityType::kAmount;
    mention.norm_begin = static_cast<uint32_t>(m.begin);
    mention.norm_end = static_cast<uint32_t>(m.end);
    if (!m.currency_only) mention.value = m.value;
    mention.value_max = m.value_max;
    mention.unit = std::move(m.unit);
    mention.counter = std::move(m.counter);
    mention.qualifier = std::move(m.qualifier);
    mention.source = std::move(m.source);
  }
  return absl::OkStatus();
}

}  // namespace kiji::extractors
