#include "extractors/date_extractor.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "corpus/script.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace kiji::extractors {
namespace {

using corpus::CivilDate;

// UTF-8 and character classes (corpus/script.h).

using corpus::CodePointAt;
using corpus::PrevCodePointStart;

// Code point ending just before byte `i`, or 0 at the start.
char32_t CharBefore(std::string_view s, size_t i) {
  if (i == 0) return 0;
  return CodePointAt(s, PrevCodePointStart(s, i));
}

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiAlpha(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiAlnum(char32_t c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }

int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

long long KanjiSmallUnit(char32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return 0;
  }
}

long long KanjiBigUnit(char32_t c) {
  switch (c) {
    case U'万': return 10000LL;
    case U'億': return 100000000LL;
    case U'兆': return 1000000000000LL;
    default: return 0;
  }
}

bool IsKanjiNumeral(char32_t c) {
  return KanjiDigit(c) >= 0 || KanjiSmallUnit(c) != 0 || KanjiBigUnit(c) != 0;
}


// Calendar helpers.

constexpr int kBareYearMin = 1868;  // Meiji 1; `N年` alone, `in N`.
constexpr int kBareYearMax = 2100;
constexpr int kFullYearMin = 1000;  // Years that come with a month.
constexpr int kFullYearMax = 2100;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeap(y)) return 29;
  return kDays[m - 1];
}

// Day valid for month `m` of year `y`; y == 0 (unknown) allows 2月29日.
bool ValidDay(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= DaysInMonth(y == 0 ? 2000 : y, m);
}

std::string FormatNorm(int y, int m, int d) {
  char buf[16];
  if (m == 0) {
    std::snprintf(buf, sizeof(buf), "%04d", y);
  } else if (d == 0) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d", y, m);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  }
  return buf;
}

bool HasDay(const std::optional<CivilDate>& doc) {
  return doc && doc->month != 0 && doc->day != 0;
}
bool HasMonth(const std::optional<CivilDate>& doc) {
  return doc && doc->month != 0;
}

// Drops document dates whose fields are out of range, so that resolution
// never builds on a malformed reference.
std::optional<CivilDate> SanitizeDocDate(std::optional<CivilDate> doc) {
  if (!doc || doc->year < 1 || doc->year > 9999) return std::nullopt;
  if (doc->month < 0 || doc->month > 12) return std::nullopt;
  if (doc->month == 0) return CivilDate{doc->year, 0, 0};
  if (doc->day != 0 && !ValidDay(doc->year, doc->month, doc->day)) {
    return CivilDate{doc->year, doc->month, 0};
  }
  return doc;
}

// The year of the most recent month `m` (month-day `m`/`d` when d > 0) not
// after `doc` (the rule of the DATE issue: 9月 in an August article is last
// September). A month-day in the document's month counts as not after it
// when the document's day is unknown. 2月29日 walks back to a leap year.
std::optional<int> ResolveYearless(int m, int d,
                                   const std::optional<CivilDate>& doc) {
  if (!HasMonth(doc)) return std::nullopt;
  int y = doc->year;
  if (m > doc->month ||
      (m == doc->month && d != 0 && doc->day != 0 && d > doc->day)) {
    --y;
  }
  if (d != 0) {
    for (int k = 0; k < 8 && !ValidDay(y, m, d); ++k) --y;
    if (!ValidDay(y, m, d)) return std::nullopt;
  }
  return y;
}

std::optional<std::string> FormatDay(const absl::CivilDay& day) {
  const auto y = day.year();
  if (y < kFullYearMin || y > 9999) return std::nullopt;
  return FormatNorm(static_cast<int>(y), day.month(), day.day());
}

// The date of a "YYYY-MM-DD" norm, or nullopt.
std::optional<CivilDate> ParseIsoDay(std::string_view norm) {
  if (norm.size() != 10) return std::nullopt;
  const auto y = ParseJapaneseInteger(norm.substr(0, 4));
  const auto m = ParseJapaneseInteger(norm.substr(5, 2));
  const auto d = ParseJapaneseInteger(norm.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  return CivilDate{static_cast<int>(*y), static_cast<int>(*m),
                   static_cast<int>(*d)};
}

// The month of a "YYYY-MM" norm, or nullopt.
std::optional<absl::CivilMonth> ParseIsoMonth(std::string_view norm) {
  if (norm.size() != 7) return std::nullopt;
  const auto y = ParseJapaneseInteger(norm.substr(0, 4));
  const auto m = ParseJapaneseInteger(norm.substr(5, 2));
  if (!y || !m) return std::nullopt;
  return absl::CivilMonth(*y, static_cast<int>(*m));
}

// Patterns. Each rule is one RE2 with named groups; the master pattern is
// their union with the names removed (RE2 rejects duplicate names).

enum Group {
  kGY, kGEra, kGEy, kGRy, kGYsuf, kGM, kGD, kGMsuf, kGL, kGR, kGM1, kGM2,
  kGD1, kGD2, kGY1, kGY2, kGRm, kGRd, kGRw, kGN, kGUnit, kGDir, kGYw, kGS1,
  kGS2, kGMon, kGPrep, kGRel, kGWsuf, kGWday, kNumGroups
};

constexpr std::array<const char*, kNumGroups> kGroupNames = {
    "y",  "era", "ey", "ry", "ysuf", "m",  "d",  "msuf", "l",  "r",
    "m1", "m2",  "d1", "d2", "y1",   "y2", "rm", "rd",   "rw", "n",
    "unit", "dir", "yw", "s1", "s2", "mon", "prep", "rel", "wsuf", "wday"};

enum class RuleKind {
  kJpMonthRange, kJpDayRange, kJpYearRange, kJpDate, kJpMonth, kJpDay,
  kRelMonth,
  kRelDay, kRelWeek, kRelN, kYearWord, kNumYmd, kNumYm, kNumMdy, kEnMdy,
  kEnDmy, kEnMy, kEnYearRange, kEnPrepYear, kEnPrepMonth, kEnRel, kEnAgo,
  kEnWeekday
};

// Four ASCII digits, four kanji digits (二〇二四), positional kanji
// (二千二十四), or two ASCII digits (25年3月期, 24年度: only with a month or
// 度, see HandleJpDate).
constexpr char kYearNum[] =
    "(?:[0-9]{4}|[〇一二三四五六七八九零]{4}|"
    "[一二三四五六七八九]?千[〇一二三四五六七八九十百零]{0,6}|[0-9]{2})";
constexpr char kEraYearNum[] = "(?:[0-9]{1,2}|元|[一二三四五六七八九十]{1,3})";
constexpr char kMonthNum[] = "(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})";
constexpr char kDayNum[] = "(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})";
constexpr char kEraName[] = "(?:令和|平成|昭和|大正|明治)";
constexpr char kRelYear[] =
    "(?:一昨年|おととし|再来年|昨年|去年|今年|本年|来年|翌年|同年)";
// Granularity-preserving suffixes. No bare 初 (初登場, 初の...), no 中
// (2024年中国), no 頭 (頭取).
constexpr char kMonthSuffix[] =
    "(?:末|初め|初旬|上旬|中旬|下旬|半ば|前半|後半)";
constexpr char kYearSuffix[] =
    "(?:度末|度|末|初め|初頭|始|内|前半|後半|半ば|春|夏|秋|冬)";
constexpr char kMonthName[] =
    "(?P<mon>January|February|March|April|May|June|July|August|September|"
    "October|November|December|"
    "(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?)";

std::string YearPart() {
  return absl::StrCat("(?:(?:西暦)?(?P<y>", kYearNum, ")年|(?P<era>", kEraName,
                      ")(?P<ey>", kEraYearNum, ")年|(?P<ry>", kRelYear, "))");
}

std::string MonthPart() {
  return absl::StrCat("(?P<m>", kMonthNum, ")月(?:(?P<d>", kDayNum,
                      ")日|(?P<msuf>", kMonthSuffix, "))?");
}

std::vector<std::pair<RuleKind, std::string>> RulePatterns() {
  const std::string dash = "[〜~\\-]";  // ～ is ~ after NFKC
  return {
      {RuleKind::kJpMonthRange,
       absl::StrCat("(?P<l>", YearPart(), "?(?P<m1>", kMonthNum, ")月?)", dash,
                    "(?P<r>(?P<m2>", kMonthNum, ")月)")},
      {RuleKind::kJpDayRange,
       absl::StrCat("(?P<l>", YearPart(), "?(?P<m1>", kMonthNum, ")月(?P<d1>",
                    kDayNum, ")日?)(?:\\([月火水木金土日]\\))?", dash,
                    "(?P<r>(?:(?P<m2>", kMonthNum, ")月)?(?P<d2>", kDayNum,
                    ")日)")},
      {RuleKind::kJpYearRange,
       absl::StrCat("(?P<l>(?P<y1>[0-9]{4})年?)", dash,
                    "(?P<r>(?P<y2>[0-9]{4})年)")},
      {RuleKind::kJpDate,
       absl::StrCat(YearPart(), "(?:(?P<ysuf>", kYearSuffix, ")|", MonthPart(),
                    ")?")},
      {RuleKind::kJpMonth, MonthPart()},
      {RuleKind::kJpDay, "(?P<d>[0-9]{1,2})日"},
      {RuleKind::kRelMonth,
       absl::StrCat("(?P<rm>先々月|再来月|先月|今月|来月|同月)(?:(?P<d>", kDayNum,
                    ")日|(?P<msuf>", kMonthSuffix, "|中))?")},
      {RuleKind::kRelDay,
       "(?P<rd>一昨日|おととい|昨日|今日|本日|明日|明後日|同日)"},
      {RuleKind::kRelWeek, "(?P<rw>先々週|再来週|先週|今週|来週)(?P<wsuf>末)?"},
      {RuleKind::kRelN,
       "(?P<n>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})"
       "(?P<unit>年|カ月|ヶ月|か月|ケ月|ヵ月|箇月|週間|日)(?P<dir>前|後)"},
      {RuleKind::kYearWord,
       "(?P<yw>年末年始|年内|年末|年初め|年初|年始|年明け|[昨今来][春夏秋冬]|"
       "月内|月末)"},
      {RuleKind::kNumYmd,
       "(?P<y>[0-9]{4})(?P<s1>[-/.])(?P<m>[0-9]{1,2})(?P<s2>[-/.])"
       "(?P<d>[0-9]{1,2})"},
      {RuleKind::kNumYm, "(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})"},
      {RuleKind::kNumMdy, "(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>[0-9]{4})"},
      {RuleKind::kEnMdy,
       absl::StrCat(kMonthName,
                    " (?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>[0-9]{4}))?")},
      {RuleKind::kEnDmy,
       absl::StrCat("(?P<d>[0-9]{1,2})(?:st|nd|rd|th)? (?:of )?", kMonthName,
                    "(?:,? (?P<y>[0-9]{4}))?")},
      {RuleKind::kEnMy, absl::StrCat(kMonthName, ",? (?P<y>[0-9]{4})")},
      {RuleKind::kEnYearRange,
       "(?:[Bb]etween|[Ff]rom) (?P<y1>[0-9]{4}) (?:and|to) (?P<y2>[0-9]{4})"},
      {RuleKind::kEnPrepYear,
       "(?P<prep>(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|"
       "[Bb]efore|[Aa]fter|[Tt]hrough|[Ee]arly|[Ll]ate|[Ee]nd of|[Ss]tart of|"
       "[Bb]eginning of|(?:half|quarter|summer|spring|autumn|fall|winter|"
       "middle) of|[Ff]iscal|Q[1-4]|H[12]) |[Mm]id-|FY ?)(?P<y>[0-9]{4})"},
      {RuleKind::kEnPrepMonth,
       absl::StrCat("(?P<prep>(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|"
                    "[Dd]uring|[Ee]arly|[Ll]ate|[Ll]ast|[Tt]his|[Ee]nd of|"
                    "[Ss]tart of|[Bb]eginning of) |[Mm]id-)",
                    kMonthName)},
      {RuleKind::kEnWeekday,
       "(?P<rel>(?:[Oo]n|[Ll]ast|[Nn]ext) )?(?P<wday>Monday|Tuesday|"
       "Wednesday|Thursday|Friday|Saturday|Sunday)"},
      {RuleKind::kEnRel,
       "(?P<rel>(?:[Ll]ast|[Tt]his|[Nn]ext) (?:year|month|week)|[Yy]esterday|"
       "[Tt]oday|[Tt]omorrow)"},
      {RuleKind::kEnAgo,
       "(?P<n>[0-9]{1,3}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|"
       "[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve) "
       "(?P<unit>years?|months?|weeks?|days?) ago"},
  };
}

// Quick test that `text` can hold any pattern: an ASCII letter or digit, or
// one of the few kanji/kana every Japanese pattern contains.
bool MayContainDate(std::string_view text) {
  for (const char c : text) {
    if (IsAsciiAlnum(static_cast<unsigned char>(c))) return true;
  }
  for (const std::string_view key :
       {"年", "月", "日", "週", "おとと", "春", "夏", "秋", "冬"}) {
    if (text.find(key) != std::string_view::npos) return true;
  }
  return false;
}

// The character before a match starting at `b` must not continue a number
// or word that the match would cut in two.
bool StartBoundaryOk(std::string_view text, size_t b) {
  const char32_t first = CodePointAt(text, b);
  const char32_t prev = CharBefore(text, b);
  if (prev == 0) return true;
  if (IsAsciiDigit(first)) {
    if (IsAsciiAlnum(prev) || prev == '.' || prev == ',' || prev == '_') {
      return false;
    }
    if (prev == '-' || prev == '/') {
      const size_t p = PrevCodePointStart(text, b);
      if (IsAsciiDigit(CharBefore(text, p))) return false;
    }
    if (prev == U'数' || prev == U'何') return false;
  } else if (IsAsciiAlpha(first)) {
    if (IsAsciiAlnum(prev)) return false;
  } else if (IsKanjiNumeral(first)) {
    if (IsKanjiNumeral(prev) || prev == U'数' || prev == U'何' ||
        IsAsciiDigit(prev)) {
      return false;
    }
  }
  return true;
}

bool EndBoundaryOk(std::string_view text, size_t e) {
  const char32_t last = CharBefore(text, e);
  const char32_t next = CodePointAt(text, e);
  if (next == 0) return true;
  const char32_t after = CodePointAt(text, e + 1);
  if (IsAsciiDigit(last)) {
    if (IsAsciiDigit(next)) return false;
    if (IsAsciiAlpha(next) && !(next == 'T' && IsAsciiDigit(after))) {
      return false;
    }
    if ((next == '.' || next == ',' || next == ':' || next == '/' ||
         next == '-') &&
        IsAsciiDigit(after)) {
      return false;
    }
  } else if (IsAsciiAlpha(last)) {
    if (IsAsciiAlnum(next)) return false;
  }
  return true;
}

// `N年` followed by one of these is a duration, decade or count, not a year.
bool YearFollowedByNonDate(std::string_view rest) {
  for (const std::string_view s :
       {"間", "半", "ぶり", "振り", "目", "代", "余", "以上", "以内", "未満",
        "超", "に一度"}) {
    if (rest.substr(0, s.size()) == s) return true;
  }
  // 2000年前 (2000 years ago), but 2020年前後 (around 2020) is a date.
  if (rest.starts_with("前") || rest.starts_with("後")) {
    const std::string_view tail = rest.substr(3);
    return !(rest.starts_with("前") && tail.starts_with("後"));
  }
  return false;
}

int EnglishMonth(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (name.starts_with(kNames[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::optional<long long> ParseEnglishCount(std::string_view s) {
  static constexpr std::array<std::string_view, 13> kWords = {
      "", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve"};
  std::string lower(s);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "a" || lower == "an") return 1;
  for (size_t i = 1; i < kWords.size(); ++i) {
    if (lower == kWords[i]) return static_cast<long long>(i);
  }
  return ParseJapaneseInteger(s);
}

// Result of reading the optional year part (西暦2024年 / 令和6年 / 昨年).
struct YearPartValue {
  enum Kind { kNone, kAbsolute, kEra, kRelative } kind = kNone;
  bool valid = true;
  std::optional<int> year;  // nullopt when relative and unresolvable
  int offset = 0;           // relative: years from the document's year
  // 同年, 翌年: counted from the last year the text named (`anchor_year`),
  // not from the document's year.
  bool anaphoric = false;
  // Written with two digits (25年3月期).
  bool two_digit = false;
};

// The year of a two-digit year: the one of 19YY and 20YY that is at most
// 20 years after the article's year (2000..2049 without an article date),
// so 25年 is 2025 and 98年 is 1998 in an article of 2026.
int WidenTwoDigitYear(int yy, const std::optional<CivilDate>& doc) {
  const int limit = doc ? doc->year + 20 : 2049;
  return 2000 + yy <= limit ? 2000 + yy : 1900 + yy;
}

YearPartValue ReadYearPart(std::string_view y, std::string_view era,
                           std::string_view ey, std::string_view ry,
                           const std::optional<CivilDate>& doc,
                           std::optional<int> anchor_year, int min_year) {
  YearPartValue v;
  if (!y.empty()) {
    v.kind = YearPartValue::kAbsolute;
    auto n = ParseJapaneseInteger(y);
    if (n && y.size() == 2) {
      v.two_digit = true;
      n = WidenTwoDigitYear(static_cast<int>(*n), doc);
    }
    v.valid = n && *n >= min_year && *n <= kBareYearMax;
    if (v.valid) v.year = static_cast<int>(*n);
  } else if (!era.empty()) {
    v.kind = YearPartValue::kEra;
    struct EraInfo {
      std::string_view name;
      int base;  // Gregorian year of era year 0
      int max_year;
    };
    static constexpr EraInfo kEras[] = {{"令和", 2018, 99},
                                        {"平成", 1988, 31},
                                        {"昭和", 1925, 64},
                                        {"大正", 1911, 15},
                                        {"明治", 1867, 45}};
    const auto n = ey == "元" ? std::optional<long long>(1)
                              : ParseJapaneseInteger(ey);
    v.valid = false;
    for (const EraInfo& info : kEras) {
      if (info.name == era && n && *n >= 1 && *n <= info.max_year) {
        v.valid = true;
        v.year = info.base + static_cast<int>(*n);
      }
    }
  } else if (!ry.empty()) {
    v.kind = YearPartValue::kRelative;
    if (ry == "一昨年" || ry == "おととし") {
      v.offset = -2;
    } else if (ry == "昨年" || ry == "去年") {
      v.offset = -1;
    } else if (ry == "来年" || ry == "翌年") {
      v.offset = 1;
    } else if (ry == "再来年") {
      v.offset = 2;
    }
    v.anaphoric = ry == "同年" || ry == "翌年";
    if (v.anaphoric) {
      if (anchor_year) v.year = *anchor_year + v.offset;
    } else if (doc) {
      v.year = doc->year + v.offset;
    }
  }
  return v;
}

std::optional<int> ParseField(std::string_view s) {
  const auto n = ParseJapaneseInteger(s);
  if (!n || *n < 0 || *n > 100000) return std::nullopt;
  return static_cast<int>(*n);
}

std::string_view SourceFor(YearPartValue::Kind kind) {
  switch (kind) {
    case YearPartValue::kAbsolute: return "date.absolute";
    case YearPartValue::kEra: return "date.era";
    case YearPartValue::kRelative: return "date.relative";
    case YearPartValue::kNone: break;
  }
  return "date.partial";
}

}  // namespace


struct DateExtractor::Impl {
  struct Rule {
    RuleKind kind;
    std::unique_ptr<RE2> re;  // with named groups, for parsing a candidate
    std::array<int, kNumGroups> group_index;  // -1 when the rule lacks it
    int num_groups = 0;
  };
  // Leftmost-longest union of every rule's pattern; finds candidates.
  std::unique_ptr<RE2> master;
  // The same patterns anchored at both ends: which rules parse a candidate,
  // in one pass.
  std::unique_ptr<RE2::Set> rule_set;
  std::vector<Rule> rules;  // in priority order
};

namespace {

// Matching context for one candidate.
struct Candidate {
  std::string_view text;
  size_t begin = 0;
  size_t end = 0;
  const std::array<int, kNumGroups>* index = nullptr;
  const std::vector<re2::StringPiece>* groups = nullptr;
  // The year of the last date before this one whose year the text wrote,
  // for 同年 and 翌年; nullopt when there is none.
  std::optional<int> anchor_year;
  // The last date before this one with a month (for 同月) and with a day
  // (for 同日), written or resolved; nullopt when there is none.
  std::optional<absl::CivilMonth> anchor_month;
  std::optional<absl::CivilDay> anchor_day;

  std::string_view G(Group g) const {
    const int i = (*index)[g];
    if (i < 0) return {};
    const re2::StringPiece& p = (*groups)[static_cast<size_t>(i)];
    if (p.data() == nullptr) return {};
    return std::string_view(p.data(), p.size());
  }
  bool Has(Group g) const { return !G(g).empty(); }
  size_t Begin(Group g) const {
    return static_cast<size_t>(G(g).data() - text.data());
  }
  size_t End(Group g) const { return Begin(g) + G(g).size(); }
  std::string_view After(size_t pos) const { return text.substr(pos); }
};

// How the rules parse one candidate span. The rules have no assertions that
// look outside the span (no ^, $, \b), so this depends on the span's bytes
// alone, and every `DateExtractor` compiles the same rules: a span's parse can
// be reused wherever the span occurs again. News text repeats its dates (7月,
// 2024年, 今年) and RE2's submatch search on a span costs far more than a
// hash lookup.
struct SpanParse {
  struct RuleParse {
    enum State : uint8_t { kNotTried, kNoMatch, kMatch };
    State state = kNotTried;
    // Per group (0 is the whole span): offset in the span, -1 when the group
    // took no part in the match; and length.
    std::vector<std::pair<int32_t, int32_t>> groups;
  };
  std::vector<int> rules;         // matching rules by priority; empty for none
  std::vector<RuleParse> parses;  // parallel to `rules`, filled on demand
};

// The parses of spans seen lately on this thread; cleared when it reaches
// `kMaxEntries`, so memory stays bounded on any input.
class SpanParseMemo {
 public:
  // The entry for `span`, and whether it was just created (empty).
  std::pair<SpanParse*, bool> Get(std::string_view span) {
    key_.assign(span);
    auto it = entries_.find(key_);
    if (it != entries_.end()) return {&it->second, false};
    if (entries_.size() >= kMaxEntries) entries_.clear();
    return {&entries_[key_], true};
  }

 private:
  static constexpr size_t kMaxEntries = 1 << 14;
  std::string key_;  // reused for lookups
  std::unordered_map<std::string, SpanParse> entries_;
};

void Emit(std::vector<DateMatch>& out, size_t b, size_t e,
          std::optional<std::string> norm, std::string_view source) {
  DateMatch m;
  m.begin = b;
  m.end = e;
  m.norm = std::move(norm);
  m.source = std::string(source);
  out.push_back(std::move(m));
}

std::optional<std::string> NormIf(const std::optional<int>& y, int m, int d) {
  if (!y) return std::nullopt;
  return FormatNorm(*y, m, d);
}

// A bare `N月` followed by 曜 is a weekday (一月曜), followed by 前/後 a
// duration (一月前: a month ago).
bool MonthIsNotADate(const Candidate& c, size_t month_end) {
  const std::string_view rest = c.After(month_end);
  return rest.starts_with("曜") || rest.starts_with("前") ||
         rest.starts_with("後");
}

// End of a span whose suffix 初め is really the start of 初めて.
size_t TrimHajimete(const Candidate& c, Group suffix, size_t end) {
  if (c.G(suffix) == "初め" && c.After(c.End(suffix)).starts_with("て")) {
    return c.Begin(suffix);
  }
  return end;
}

// Each handler appends the matches for one candidate, or nothing to reject
// it. Spans may be narrower than the candidate.

bool IsSeason(std::string_view suffix) {
  return suffix == "春" || suffix == "夏" || suffix == "秋" || suffix == "冬";
}

bool HandleJpDate(const Candidate& c, const std::optional<CivilDate>& doc,
                  std::vector<DateMatch>& out) {
  const bool has_month = c.Has(kGM);
  const YearPartValue yp =
      ReadYearPart(c.G(kGY), c.G(kGEra), c.G(kGEy), c.G(kGRy), doc,
                   c.anchor_year, has_month ? kFullYearMin : kBareYearMin);
  if (!yp.valid || yp.kind == YearPartValue::kNone) return false;
  const std::string_view source = SourceFor(yp.kind);
  size_t end = c.end;
  if (!has_month) {
    const std::string_view ysuf = c.G(kGYsuf);
    // 25年 alone is as often 25 years (創業25年) as 2025.
    if (yp.two_digit && !ysuf.starts_with("度")) return false;
    if (ysuf.empty() && yp.kind != YearPartValue::kRelative &&
        YearFollowedByNonDate(c.After(c.end))) {
      return false;
    }
    std::optional<int> year = yp.year;
    if (ysuf.starts_with("度") && yp.kind == YearPartValue::kRelative) {
      // 今年度: the fiscal year (April..March) that contains the doc date.
      year = std::nullopt;
      if (HasMonth(doc) && !yp.anaphoric) {
        year = (doc->month >= 4 ? doc->year : doc->year - 1) + yp.offset;
      }
    }
    end = TrimHajimete(c, kGYsuf, end);
    // A season starts a longer word after the year (2024年秋田, 夏場).
    if (IsSeason(ysuf) && corpus::IsKanji(CodePointAt(c.text, c.end))) {
      end = c.Begin(kGYsuf);
    }
    Emit(out, c.begin, end, NormIf(year, 0, 0), source);
    return true;
  }
  const auto m = ParseField(c.G(kGM));
  if (!m || *m < 1 || *m > 12) return false;
  int d = 0;
  if (c.Has(kGD)) {
    const auto day = ParseField(c.G(kGD));
    if (!day || !ValidDay(yp.year.value_or(0), *m, *day)) return false;
    d = *day;
  } else if (!c.Has(kGMsuf) && MonthIsNotADate(c, c.end)) {
    return false;
  }
  end = TrimHajimete(c, kGMsuf, end);
  Emit(out, c.begin, end, NormIf(yp.year, *m, d), source);
  return true;
}

// A year-less month right after 年 is the tail of a year expression that
// was rejected (2023年2月29日, 平成32年4月); it must not stand alone.
bool FollowsYear(const Candidate& c) {
  const char32_t prev = CharBefore(c.text, c.begin);
  return prev == U'年' || prev == U'度';
}

bool HandleJpMonth(const Candidate& c, const std::optional<CivilDate>& doc,
                   std::vector<DateMatch>& out) {
  if (FollowsYear(c)) return false;
  const auto m = ParseField(c.G(kGM));
  if (!m || *m < 1 || *m > 12) return false;
  int d = 0;
  if (c.Has(kGD)) {
    const auto day = ParseField(c.G(kGD));
    if (!day || !ValidDay(0, *m, *day)) return false;
    d = *day;
  } else if (!c.Has(kGMsuf) && MonthIsNotADate(c, c.end)) {
    return false;
  }
  const size_t end = TrimHajimete(c, kGMsuf, c.end);
  Emit(out, c.begin, end, NormIf(ResolveYearless(*m, d, doc), *m, d),
       "date.partial");
  return true;
}

// A day of the month alone, as news reports write the day of an event
// (政府は3日、…): like a bare month, the most recent such day not after the
// document date (this month's or an earlier month's). Only where a day is
// usual: before 、, に, から, まで, a time of day or a weekday, or before の
// at the start of a sentence or clause; not 3日間, 3日連続, 3日に1回,
// 毎月3日, nor a month-day's tail (2月30日).
bool HandleJpDay(const Candidate& c, const std::optional<CivilDate>& doc,
                 std::vector<DateMatch>& out) {
  const char32_t prev = CharBefore(c.text, c.begin);
  if (prev == U'月' || prev == U'年' || prev == U'第' || prev == U'毎' ||
      prev == U'約' || prev == U'〜' || prev == U'~' || prev == U'-' ||
      IsKanjiNumeral(prev)) {
    return false;
  }
  const std::string_view rest = c.After(c.end);
  static constexpr std::string_view kFollowers[] = {
      "、", ",", "に", "から", "まで", "午前", "午後", "朝", "夜", "夕",
      "未明", "昼", "正午", "深夜", "(", "付", "は", "ごろ", "頃",
      "以降", "以来"};
  bool usual = false;
  for (const std::string_view f : kFollowers) {
    usual = usual || rest.starts_with(f);
  }
  // 14日の東京株式市場, 3日は休場 opening a sentence or clause; mid-clause
  // (最大30日の猶予, 1日は24時間) they are durations.
  if (rest.starts_with("の") || rest.starts_with("は")) {
    usual = prev == 0 || prev == U'。' || prev == U'、' || prev == '\n' ||
            prev == U'」' || prev == U'】' || prev == ' ';
    // 株価は14日の東京市場で: after a topic, before の.
    usual = usual ||
            ((prev == U'は' || prev == U'も') && rest.starts_with("の"));
  }
  // 3日に1回, 1日に3食, 1日に平均500台, 3日に及んだ: a rate or a length.
  bool rate = false;
  if (rest.starts_with("に")) {
    const std::string_view next = rest.substr(3);
    const char32_t first = CodePointAt(next, 0);
    rate = IsAsciiDigit(first) || IsKanjiNumeral(first);
    for (const std::string_view w :
         {"平均", "約", "何", "最大", "最低", "数", "及", "わた", "わずか"}) {
      rate = rate || next.starts_with(w);
    }
  }
  // 最大30日、延べ3日: a length.
  const bool length_before = prev == U'大' || prev == U'長' ||
                             prev == U'計' || prev == U'べ' ||
                             prev == U'か' || prev == U'間';
  if (!usual || rate || length_before || rest.starts_with("付き")) {
    return false;
  }
  const auto d = ParseField(c.G(kGD));
  if (!d || *d < 1 || *d > 31) return false;
  std::optional<std::string> norm;
  if (HasDay(doc)) {
    absl::CivilMonth month(doc->year, doc->month);
    if (*d > doc->day) --month;
    // 31日 on 2 March: the last month with a 31st.
    while (!ValidDay(static_cast<int>(month.year()), month.month(), *d)) {
      --month;
    }
    norm = FormatNorm(static_cast<int>(month.year()), month.month(), *d);
  }
  Emit(out, c.begin, c.end, std::move(norm), "date.partial");
  return true;
}

bool HandleJpMonthRange(const Candidate& c,
                        const std::optional<CivilDate>& doc,
                        std::vector<DateMatch>& out) {
  const YearPartValue yp = ReadYearPart(c.G(kGY), c.G(kGEra), c.G(kGEy),
                                        c.G(kGRy), doc, c.anchor_year,
                                        kFullYearMin);
  if (!yp.valid) return false;
  const auto m1 = ParseField(c.G(kGM1));
  const auto m2 = ParseField(c.G(kGM2));
  if (!m1 || !m2 || *m1 < 1 || *m1 > 12 || *m2 < 1 || *m2 > 12 || *m1 == *m2) {
    return false;
  }
  if (MonthIsNotADate(c, c.end)) return false;
  std::optional<int> y1, y2;
  if (yp.kind != YearPartValue::kNone) {
    y1 = yp.year;
    if (y1) y2 = *m2 < *m1 ? *y1 + 1 : *y1;  // 2024年11〜2月
  } else {
    if (FollowsYear(c)) return false;
    y2 = ResolveYearless(*m2, 0, doc);
    if (y2) y1 = *m1 > *m2 ? *y2 - 1 : *y2;
  }
  Emit(out, c.Begin(kGL), c.End(kGL), NormIf(y1, *m1, 0), "date.range");
  Emit(out, c.Begin(kGR), c.End(kGR), NormIf(y2, *m2, 0), "date.range");
  return true;
}

bool HandleJpDayRange(const Candidate& c, const std::optional<CivilDate>& doc,
                      std::vector<DateMatch>& out) {
  const YearPartValue yp = ReadYearPart(c.G(kGY), c.G(kGEra), c.G(kGEy),
                                        c.G(kGRy), doc, c.anchor_year,
                                        kFullYearMin);
  if (!yp.valid) return false;
  const auto m1 = ParseField(c.G(kGM1));
  const auto d1 = ParseField(c.G(kGD1));
  const auto d2 = ParseField(c.G(kGD2));
  const auto m2 = c.Has(kGM2) ? ParseField(c.G(kGM2)) : m1;
  if (!m1 || !d1 || !m2 || !d2 || *m1 < 1 || *m1 > 12 || *m2 < 1 ||
      *m2 > 12) {
    return false;
  }
  if (*m1 == *m2 && *d1 >= *d2) return false;
  if (yp.kind == YearPartValue::kNone && FollowsYear(c)) return false;
  std::optional<int> y1 = yp.kind != YearPartValue::kNone
                              ? yp.year
                              : ResolveYearless(*m1, *d1, doc);
  std::optional<int> y2;
  if (y1) y2 = *m2 < *m1 ? *y1 + 1 : *y1;
  if (!ValidDay(y1.value_or(0), *m1, *d1) ||
      !ValidDay(y2.value_or(0), *m2, *d2)) {
    return false;
  }
  Emit(out, c.Begin(kGL), c.End(kGL), NormIf(y1, *m1, *d1), "date.range");
  Emit(out, c.Begin(kGR), c.End(kGR), NormIf(y2, *m2, *d2), "date.range");
  return true;
}

bool HandleJpYearRange(const Candidate& c, std::vector<DateMatch>& out) {
  const auto y1 = ParseField(c.G(kGY1));
  const auto y2 = ParseField(c.G(kGY2));
  if (!y1 || !y2 || *y1 < kBareYearMin || *y2 > kBareYearMax || *y1 >= *y2) {
    return false;
  }
  if (YearFollowedByNonDate(c.After(c.end))) return false;
  Emit(out, c.Begin(kGL), c.End(kGL), FormatNorm(*y1, 0, 0), "date.range");
  Emit(out, c.Begin(kGR), c.End(kGR), FormatNorm(*y2, 0, 0), "date.range");
  return true;
}

int RelMonthOffset(std::string_view w) {
  if (w == "先々月") return -2;
  if (w == "先月") return -1;
  if (w == "来月") return 1;
  if (w == "再来月") return 2;
  return 0;  // 今月
}

bool HandleRelMonth(const Candidate& c, const std::optional<CivilDate>& doc,
                    std::vector<DateMatch>& out) {
  const int off = RelMonthOffset(c.G(kGRm));
  int d = 0;
  if (c.Has(kGD)) {
    const auto day = ParseField(c.G(kGD));
    if (!day || *day < 1 || *day > 31) return false;
    d = *day;
  } else if (!c.Has(kGMsuf) && MonthIsNotADate(c, c.end)) {
    return false;
  }
  size_t end = TrimHajimete(c, kGMsuf, c.end);
  // 今月中 (within this month), but not 今月中国で.
  if (c.G(kGMsuf) == "中" && corpus::IsKanji(CodePointAt(c.text, c.end))) {
    end = c.Begin(kGMsuf);
  }
  // 同月 is the month of the date before it; the others count from the
  // article's month.
  std::optional<absl::CivilMonth> month;
  if (c.G(kGRm) == "同月") {
    month = c.anchor_month;
  } else if (HasMonth(doc)) {
    month = absl::CivilMonth(doc->year, doc->month) + off;
  }
  std::optional<std::string> norm;
  if (month) {
    const int y = static_cast<int>(month->year());
    if (d != 0 && !ValidDay(y, month->month(), d)) return false;
    norm = FormatNorm(y, month->month(), d);
  }
  Emit(out, c.begin, end, std::move(norm), "date.relative");
  return true;
}

bool HandleRelDay(const Candidate& c, const std::optional<CivilDate>& doc,
                  std::vector<DateMatch>& out) {
  const std::string_view w = c.G(kGRd);
  const std::string_view rest = c.After(c.end);
  // Given names 明日香, 今日子; 今日本 is usually 今 + 日本.
  if ((w == "明日" && (rest.starts_with("香") || rest.starts_with("花"))) ||
      (w == "今日" && (rest.starts_with("子") || rest.starts_with("本")))) {
    return false;
  }
  int off = 0;
  if (w == "一昨日" || w == "おととい") {
    off = -2;
  } else if (w == "昨日") {
    off = -1;
  } else if (w == "明日") {
    off = 1;
  } else if (w == "明後日") {
    off = 2;
  }
  // 同日 is the day of the date before it; the others count from the
  // article's date.
  std::optional<std::string> norm;
  if (w == "同日") {
    if (c.anchor_day) norm = FormatDay(*c.anchor_day);
  } else if (HasDay(doc)) {
    norm = FormatDay(absl::CivilDay(doc->year, doc->month, doc->day) + off);
  }
  Emit(out, c.begin, c.end, std::move(norm), "date.relative");
  return true;
}

// Monday of the week `weeks` away from the document's week.
std::optional<std::string> WeekMonday(const std::optional<CivilDate>& doc,
                                      int weeks) {
  if (!HasDay(doc)) return std::nullopt;
  const absl::CivilDay day(doc->year, doc->month, doc->day);
  const int since_monday = static_cast<int>(absl::GetWeekday(day));
  return FormatDay(day - since_monday + 7 * weeks);
}

bool HandleRelWeek(const Candidate& c, const std::optional<CivilDate>& doc,
                   std::vector<DateMatch>& out) {
  const std::string_view w = c.G(kGRw);
  int weeks = 0;
  if (w == "先々週") {
    weeks = -2;
  } else if (w == "先週") {
    weeks = -1;
  } else if (w == "来週") {
    weeks = 1;
  } else if (w == "再来週") {
    weeks = 2;
  }
  if (c.Has(kGWsuf)) {  // 先週末: that week's Saturday
    std::optional<std::string> norm;
    if (HasDay(doc)) {
      const absl::CivilDay day(doc->year, doc->month, doc->day);
      const int since_monday = static_cast<int>(absl::GetWeekday(day));
      norm = FormatDay(day - since_monday + 7 * weeks + 5);
    }
    Emit(out, c.begin, c.end, std::move(norm), "date.relative");
    return true;
  }
  Emit(out, c.begin, c.end, WeekMonday(doc, weeks), "date.relative");
  return true;
}

enum class Unit { kYear, kMonth, kWeek, kDay };

// `n` units before (sign -1) or after (+1) the document date.
std::optional<std::string> ShiftFromDoc(const std::optional<CivilDate>& doc,
                                        Unit unit, long long n, int sign) {
  const int delta = static_cast<int>(n) * sign;
  switch (unit) {
    case Unit::kYear:
      if (!doc) return std::nullopt;
      return FormatNorm(doc->year + delta, 0, 0);
    case Unit::kMonth: {
      if (!HasMonth(doc)) return std::nullopt;
      const absl::CivilMonth m = absl::CivilMonth(doc->year, doc->month) + delta;
      return FormatNorm(static_cast<int>(m.year()), m.month(), 0);
    }
    case Unit::kWeek:
    case Unit::kDay:
      if (!HasDay(doc)) return std::nullopt;
      return FormatDay(absl::CivilDay(doc->year, doc->month, doc->day) +
                       delta * (unit == Unit::kWeek ? 7 : 1));
  }
  return std::nullopt;
}

// Limits that keep N年前 etc. inside the plausible window.
bool CountInRange(Unit unit, long long n) {
  switch (unit) {
    case Unit::kYear: return n >= 1 && n <= 150;
    case Unit::kMonth: return n >= 1 && n <= 600;
    case Unit::kWeek: return n >= 1 && n <= 520;
    case Unit::kDay: return n >= 1 && n <= 3650;
  }
  return false;
}

bool HandleRelN(const Candidate& c, const std::optional<CivilDate>& doc,
                std::vector<DateMatch>& out) {
  const std::string_view dir = c.G(kGDir);
  const std::string_view rest = c.After(c.end);
  // 5年前後 (about five years), 3年後半: amounts, not points in time.
  if ((dir == "前" && rest.starts_with("後")) ||
      (dir == "後" && rest.starts_with("半"))) {
    return false;
  }
  const auto n = ParseJapaneseInteger(c.G(kGN));
  const std::string_view u = c.G(kGUnit);
  const Unit unit = u == "年"     ? Unit::kYear
                    : u == "日"   ? Unit::kDay
                    : u == "週間" ? Unit::kWeek
                                  : Unit::kMonth;
  if (!n || !CountInRange(unit, *n)) return false;
  Emit(out, c.begin, c.end, ShiftFromDoc(doc, unit, *n, dir == "前" ? -1 : 1),
       "date.relative");
  return true;
}

bool HandleYearWord(const Candidate& c, const std::optional<CivilDate>& doc,
                    std::vector<DateMatch>& out) {
  // 同年末, 学年末, 前年初: anaphoric or another kind of year.
  const char32_t prev = CharBefore(c.text, c.begin);
  if (corpus::IsKanji(prev) || IsAsciiDigit(prev) || IsKanjiNumeral(prev)) {
    return false;
  }
  const std::string_view w = c.G(kGYw);
  if (w == "年初め" && c.After(c.end).starts_with("て")) return false;
  std::optional<std::string> norm;
  if (w == "年明け") {
    // The coming January late in the year, this one early in it.
    if (HasMonth(doc)) {
      norm = FormatNorm(doc->month >= 7 ? doc->year + 1 : doc->year, 1, 0);
    }
  } else if (w.starts_with("昨") || w.starts_with("今") ||
             w.starts_with("来")) {  // 昨秋, 今夏, 来春: a season of a year
    // ... unless the season starts a word (今秋田, 夏場, 春休み, 夏季).
    const char32_t next = CodePointAt(c.text, c.end);
    if (std::u32string_view(U"田場休季闘服").find(next) !=
        std::u32string_view::npos) {
      return false;
    }
    const int off = w.starts_with("昨") ? -1 : w.starts_with("来") ? 1 : 0;
    if (doc) norm = FormatNorm(doc->year + off, 0, 0);
  } else if (w.starts_with("月")) {  // 月内, 月末: this month
    if (HasMonth(doc)) norm = FormatNorm(doc->year, doc->month, 0);
  } else if (doc) {
    norm = FormatNorm(doc->year, 0, 0);
  }
  Emit(out, c.begin, c.end, std::move(norm), "date.relative");
  return true;
}

bool HandleNumeric(const Candidate& c, RuleKind kind,
                   std::vector<DateMatch>& out) {
  if (kind == RuleKind::kNumYmd && c.G(kGS1) != c.G(kGS2)) return false;
  const auto y = ParseField(c.G(kGY));
  auto m = ParseField(c.G(kGM));
  auto d = kind == RuleKind::kNumYm ? std::optional<int>(0)
                                    : ParseField(c.G(kGD));
  if (!y || !m || !d || *y < kFullYearMin || *y > kFullYearMax) return false;
  if (kind == RuleKind::kNumMdy && *m > 12 && *d <= 12) std::swap(*m, *d);
  if (*m < 1 || *m > 12) return false;
  if (*d != 0 && !ValidDay(*y, *m, *d)) return false;
  Emit(out, c.begin, c.end, FormatNorm(*y, *m, *d), "date.absolute");
  return true;
}

bool HandleEnglishDate(const Candidate& c, const std::optional<CivilDate>& doc,
                       std::vector<DateMatch>& out) {
  const int m = EnglishMonth(c.G(kGMon));
  if (m == 0) return false;
  int d = 0;
  if (c.Has(kGD)) {
    const auto day = ParseField(c.G(kGD));
    if (!day || !ValidDay(0, m, *day)) return false;
    d = *day;
  }
  std::optional<int> year;
  if (c.Has(kGY)) {
    const auto y = ParseField(c.G(kGY));
    if (!y || *y < kFullYearMin || *y > kFullYearMax) return false;
    if (d != 0 && !ValidDay(*y, m, d)) return false;
    year = *y;
  } else {
    year = ResolveYearless(m, d, doc);
  }
  Emit(out, c.begin, c.end, NormIf(year, m, d), "date.english");
  return true;
}

// "between 2019 and 2025", "from 2019 to 2025": two years.
bool HandleEnYearRange(const Candidate& c, std::vector<DateMatch>& out) {
  const auto y1 = ParseField(c.G(kGY1));
  const auto y2 = ParseField(c.G(kGY2));
  if (!y1 || !y2 || *y1 < kBareYearMin || *y2 > kBareYearMax || *y1 >= *y2) {
    return false;
  }
  Emit(out, c.Begin(kGY1), c.End(kGY1), FormatNorm(*y1, 0, 0), "date.english");
  Emit(out, c.Begin(kGY2), c.End(kGY2), FormatNorm(*y2, 0, 0), "date.english");
  return true;
}

// A weekday, as news reports the day of an event ("said on Tuesday"): the
// most recent such day not after the document date, like a bare month;
// "last Tuesday" the one before the document's day, "next Tuesday" the
// first after it. The span is the weekday.
bool HandleEnWeekday(const Candidate& c, const std::optional<CivilDate>& doc,
                     std::vector<DateMatch>& out) {
  static constexpr std::string_view kDays[] = {
      "Monday", "Tuesday", "Wednesday", "Thursday",
      "Friday", "Saturday", "Sunday"};
  int want = 0;
  while (want < 7 && kDays[want] != c.G(kGWday)) ++want;
  if (want == 7) return false;
  // Mondays; Black Friday, Cyber Monday, Super Tuesday: not one day.
  if (IsAsciiAlpha(CodePointAt(c.text, c.end))) return false;
  if (!c.Has(kGRel) && c.begin >= 2 && c.text[c.begin - 1] == ' ') {
    size_t w = c.begin - 1;
    while (w > 0 && IsAsciiAlpha(static_cast<unsigned char>(c.text[w - 1]))) {
      --w;
    }
    if (w < c.begin - 1 && c.text[w] >= 'A' && c.text[w] <= 'Z') return false;
  }
  // "Monday, August 19, 2024": the weekday of a full date that follows.
  std::string_view rest = c.After(c.end);
  if (rest.starts_with(", ") || rest.starts_with(" ")) {
    rest.remove_prefix(rest.starts_with(",") ? 2 : 1);
    const size_t word = rest.find_first_of(" ,.");
    if ((!rest.empty() && IsAsciiDigit(CodePointAt(rest, 0))) ||
        EnglishMonth(rest.substr(0, word)) != 0) {
      return false;
    }
  }
  std::optional<std::string> norm;
  if (HasDay(doc)) {
    const absl::CivilDay day(doc->year, doc->month, doc->day);
    const int today = static_cast<int>(absl::GetWeekday(day));  // Monday 0
    const std::string_view rel = c.G(kGRel);
    int back = (today - want + 7) % 7;  // 0..6 days back
    if (rel.starts_with("last") || rel.starts_with("Last")) {
      if (back == 0) back = 7;
      norm = FormatDay(day - back);
    } else if (rel.starts_with("next") || rel.starts_with("Next")) {
      const int ahead = (want - today + 7) % 7;
      norm = FormatDay(day + (ahead == 0 ? 7 : ahead));
    } else {
      norm = FormatDay(day - back);
    }
  }
  Emit(out, c.Begin(kGWday), c.End(kGWday), std::move(norm), "date.english");
  return true;
}

bool HandleEnPrepYear(const Candidate& c, std::vector<DateMatch>& out) {
  const auto y = ParseField(c.G(kGY));
  if (!y || *y < kBareYearMin || *y > kBareYearMax) return false;
  // "in 2024年8月" belongs to the Japanese pattern that starts at the year.
  const std::string_view rest = c.After(c.end);
  if (rest.starts_with("年") || rest.starts_with("月") ||
      rest.starts_with("/") || rest.starts_with("-")) {
    return false;
  }
  Emit(out, c.Begin(kGY), c.end, FormatNorm(*y, 0, 0), "date.english");
  return true;
}

bool HandleEnPrepMonth(const Candidate& c, const std::optional<CivilDate>& doc,
                       std::vector<DateMatch>& out) {
  const int m = EnglishMonth(c.G(kGMon));
  if (m == 0) return false;
  // "in August 19, 2024" / "in May 2024": the longer date starts later.
  const std::string_view rest = c.After(c.end);
  if (rest.size() >= 2 && (rest[0] == ' ' || rest[0] == ',') &&
      IsAsciiDigit(CodePointAt(rest, rest[1] == ' ' ? 2 : 1))) {
    return false;
  }
  const std::string_view prep = c.G(kGPrep);
  std::optional<int> year;
  if (prep.starts_with("this") || prep.starts_with("This")) {
    if (doc) year = doc->year;
  } else {
    year = ResolveYearless(m, 0, doc);
  }
  Emit(out, c.Begin(kGMon), c.end, NormIf(year, m, 0), "date.english");
  return true;
}

bool HandleEnRel(const Candidate& c, const std::optional<CivilDate>& doc,
                 std::vector<DateMatch>& out) {
  std::string w(c.G(kGRel));
  if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') {
    w[0] = static_cast<char>(w[0] - 'A' + 'a');
  }
  std::optional<std::string> norm;
  if (w == "yesterday" || w == "today" || w == "tomorrow") {
    const int off = w == "yesterday" ? -1 : w == "today" ? 0 : 1;
    if (HasDay(doc)) {
      norm = FormatDay(absl::CivilDay(doc->year, doc->month, doc->day) + off);
    }
  } else {
    const int off = w.starts_with("last") ? -1 : w.starts_with("next") ? 1 : 0;
    if (w.ends_with("year")) {
      norm = ShiftFromDoc(doc, Unit::kYear, off, 1);
    } else if (w.ends_with("month")) {
      norm = ShiftFromDoc(doc, Unit::kMonth, off, 1);
    } else {
      norm = WeekMonday(doc, off);
    }
  }
  Emit(out, c.begin, c.end, std::move(norm), "date.english");
  return true;
}

bool HandleEnAgo(const Candidate& c, const std::optional<CivilDate>& doc,
                 std::vector<DateMatch>& out) {
  const auto n = ParseEnglishCount(c.G(kGN));
  const std::string_view u = c.G(kGUnit);
  const Unit unit = u.starts_with("year")    ? Unit::kYear
                    : u.starts_with("month") ? Unit::kMonth
                    : u.starts_with("week")  ? Unit::kWeek
                                             : Unit::kDay;
  if (!n || !CountInRange(unit, *n)) return false;
  Emit(out, c.begin, c.end, ShiftFromDoc(doc, unit, *n, -1), "date.english");
  return true;
}

bool Handle(RuleKind kind, const Candidate& c,
            const std::optional<CivilDate>& doc, std::vector<DateMatch>& out) {
  switch (kind) {
    case RuleKind::kJpMonthRange: return HandleJpMonthRange(c, doc, out);
    case RuleKind::kJpDayRange: return HandleJpDayRange(c, doc, out);
    case RuleKind::kJpYearRange: return HandleJpYearRange(c, out);
    case RuleKind::kJpDate: return HandleJpDate(c, doc, out);
    case RuleKind::kJpMonth: return HandleJpMonth(c, doc, out);
    case RuleKind::kJpDay: return HandleJpDay(c, doc, out);
    case RuleKind::kRelMonth: return HandleRelMonth(c, doc, out);
    case RuleKind::kRelDay: return HandleRelDay(c, doc, out);
    case RuleKind::kRelWeek: return HandleRelWeek(c, doc, out);
    case RuleKind::kRelN: return HandleRelN(c, doc, out);
    case RuleKind::kYearWord: return HandleYearWord(c, doc, out);
    case RuleKind::kNumYmd:
    case RuleKind::kNumYm:
    case RuleKind::kNumMdy: return HandleNumeric(c, kind, out);
    case RuleKind::kEnMdy:
    case RuleKind::kEnDmy:
    case RuleKind::kEnMy: return HandleEnglishDate(c, doc, out);
    case RuleKind::kEnYearRange: return HandleEnYearRange(c, out);
    case RuleKind::kEnWeekday: return HandleEnWeekday(c, doc, out);
    case RuleKind::kEnPrepYear: return HandleEnPrepYear(c, out);
    case RuleKind::kEnPrepMonth: return HandleEnPrepMonth(c, doc, out);
    case RuleKind::kEnRel: return HandleEnRel(c, doc, out);
    case RuleKind::kEnAgo: return HandleEnAgo(c, doc, out);
  }
  return false;
}

}  // namespace

DateExtractor::DateExtractor(std::shared_ptr<const Impl> impl)
    : impl_(std::move(impl)) {}
DateExtractor::~DateExtractor() = default;

absl::StatusOr<std::unique_ptr<DateExtractor>> DateExtractor::Create() {
  // Compiling the rules is most of a short run's start-up, and the analyser
  // and `FindDateline` both need them: compile once, then share (RE2 objects
  // are immutable and thread-safe).
  static const auto* const compiled =
      new absl::StatusOr<std::shared_ptr<const Impl>>(CompileRules());
  if (!compiled->ok()) return compiled->status();
  return std::unique_ptr<DateExtractor>(new DateExtractor(**compiled));
}

absl::StatusOr<std::shared_ptr<const DateExtractor::Impl>>
DateExtractor::CompileRules() {
  auto impl = std::make_shared<Impl>();
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  std::string master;
  impl->rule_set = std::make_unique<RE2::Set>(options, RE2::ANCHOR_BOTH);
  for (auto& [kind, pattern] : RulePatterns()) {
    Impl::Rule rule;
    rule.kind = kind;
    rule.re = std::make_unique<RE2>(pattern, options);
    if (!rule.re->ok()) {
      return absl::InternalError(absl::StrCat(
          "date_extractor: rule ", static_cast<int>(kind),
          " does not compile: ", rule.re->error()));
    }
    rule.num_groups = rule.re->NumberOfCapturingGroups();
    rule.group_index.fill(-1);
    const auto& named = rule.re->NamedCapturingGroups();
    for (size_t g = 0; g < kNumGroups; ++g) {
      const auto it = named.find(kGroupNames[g]);
      if (it != named.end()) rule.group_index[g] = it->second;
    }
    std::string unnamed = pattern;
    RE2::GlobalReplace(&unnamed, R"(\(\?P<[a-z0-9_]+>)", "(?:");
    absl::StrAppend(&master, master.empty() ? "" : "|", "(?:", unnamed, ")");
    if (impl->rule_set->Add(unnamed, nullptr) < 0) {
      return absl::InternalError(absl::StrCat(
          "date_extractor: rule ", static_cast<int>(kind),
          " does not compile in the rule set"));
    }
    impl->rules.push_back(std::move(rule));
  }
  if (!impl->rule_set->Compile()) {
    return absl::InternalError("date_extractor: rule set does not compile");
  }
  RE2::Options master_options = options;
  master_options.set_longest_match(true);
  impl->master = std::make_unique<RE2>(master, master_options);
  if (!impl->master->ok()) {
    return absl::InternalError(
        absl::StrCat("date_extractor: master pattern does not compile: ",
                     impl->master->error()));
  }
  return std::shared_ptr<const Impl>(std::move(impl));
}

std::vector<DateMatch> DateExtractor::Extract(
    std::string_view text, std::optional<corpus::CivilDate> doc_date,
    std::string_view /*lang*/) const {
  std::vector<DateMatch> out;
  if (text.empty() || !MayContainDate(text)) return out;
  const std::optional<CivilDate> doc = SanitizeDocDate(doc_date);
  const re2::StringPiece input(text.data(), text.size());
  std::vector<re2::StringPiece> groups;
  thread_local SpanParseMemo memo;
  std::optional<int> anchor_year;  // see Candidate::anchor_year
  std::optional<absl::CivilMonth> anchor_month;
  std::optional<absl::CivilDay> anchor_day;
  size_t pos = 0;
  while (pos < text.size()) {
    re2::StringPiece whole;
    if (!impl_->master->Match(input, pos, text.size(), RE2::UNANCHORED, &whole, 1)) {
      break;
    }
    const size_t b = static_cast<size_t>(whole.data() - text.data());
    const size_t e = b + whole.size();
    bool accepted = false;
    if (e > b && StartBoundaryOk(text, b) && EndBoundaryOk(text, e)) {
      const std::string_view span = text.substr(b, e - b);
      auto [parse, is_new] = memo.Get(span);
      if (is_new) {
        if (!impl_->rule_set->Match(re2::StringPiece(span.data(), span.size()),
                                    &parse->rules)) {
          parse->rules.clear();
        }
        std::sort(parse->rules.begin(), parse->rules.end());  // rule priority
        parse->parses.resize(parse->rules.size());
      }
      for (size_t k = 0; k < parse->rules.size(); ++k) {
        const Impl::Rule& rule =
            impl_->rules[static_cast<size_t>(parse->rules[k])];
        SpanParse::RuleParse& rule_parse = parse->parses[k];
        groups.assign(static_cast<size_t>(rule.num_groups) + 1,
                      re2::StringPiece());
        if (rule_parse.state == SpanParse::RuleParse::kNotTried) {
          const bool matched =
              rule.re->Match(input, b, e, RE2::ANCHOR_BOTH, groups.data(),
                             rule.num_groups + 1);
          rule_parse.state = matched ? SpanParse::RuleParse::kMatch
                                     : SpanParse::RuleParse::kNoMatch;
          if (matched) {
            rule_parse.groups.reserve(groups.size());
            for (const re2::StringPiece& g : groups) {
              rule_parse.groups.emplace_back(
                  g.data() == nullptr
                      ? -1
                      : static_cast<int32_t>(g.data() - span.data()),
                  static_cast<int32_t>(g.size()));
            }
          }
        } else {
          for (size_t i = 0; i < groups.size(); ++i) {
            const auto [offset, size] = rule_parse.groups[i];
            if (offset >= 0) {
              groups[i] = re2::StringPiece(span.data() + offset,
                                           static_cast<size_t>(size));
            }
          }
        }
        if (rule_parse.state != SpanParse::RuleParse::kMatch) continue;
        const Candidate c{text,         b,          e,
                          &rule.group_index, &groups, anchor_year,
                          anchor_month, anchor_day};
        const size_t before = out.size();
        if (Handle(rule.kind, c, doc, out)) {
          accepted = true;
          // Only a year the text wrote (2019年, 令和元年, 昨年, 同年, 2019)
          // anchors 同年/翌年; 3日, 先月, Tuesday take theirs from the
          // article's date.
          const bool year_written = c.Has(kGY) || c.Has(kGEra) ||
                                    c.Has(kGRy) || c.Has(kGY1) ||
                                    c.Has(kGY2);
          for (size_t i = before; year_written && i < out.size(); ++i) {
            int year = 0;
            if (out[i].norm &&
                absl::SimpleAtoi(out[i].norm->substr(0, 4), &year)) {
              anchor_year = year;
            }
          }
          // Any date with a month or a day anchors 同月 and 同日, written
          // (2019年3月5日) or resolved (3日, 昨日, 同日).
          for (size_t i = before; i < out.size(); ++i) {
            if (!out[i].norm) continue;
            if (const auto day = ParseIsoDay(*out[i].norm)) {
              anchor_day = absl::CivilDay(day->year, day->month, day->day);
              anchor_month = absl::CivilMonth(*anchor_day);
            } else if (const auto month = ParseIsoMonth(*out[i].norm)) {
              anchor_month = month;
            }
          }
          pos = out.back().end;
          if (pos <= b) pos = e;  // Defensive: always make progress.
          break;
        }
        out.resize(before);
      }
    }
    if (!accepted) {
      pos = b;
      corpus::NextCodePoint(text, &pos);
    }
  }
  return out;
}


namespace {

constexpr size_t kDatelineMaxBytes = 2048;
constexpr int kDatelineMaxLines = 15;
constexpr size_t kDatelineMaxLineBytes = 256;
// Characters a dateline may carry besides its date and the whitelisted
// labels, weekday, time and zone (e.g. "ニュース").
constexpr size_t kDatelineMaxResidueChars = 4;
// Longer residues that are a place or a byline: up to three capitalised
// Latin words ("— Manchester", "By Jane Doe") or one katakana word
// (ニューヨーク), counted after the separators are removed.
constexpr size_t kDatelineMaxPlaceBytes = 32;
constexpr int kDatelineMaxPlaceWords = 3;
constexpr size_t kDatelineMaxKatakanaChars = 10;

// Whether `residue` (separators removed) names a place or a byline.
bool PlaceResidue(std::string_view residue) {
  if (residue.empty() || residue.size() > kDatelineMaxPlaceBytes) return false;
  if (IsAsciiUpper(static_cast<unsigned char>(residue.front()))) {
    int words = 0;
    for (size_t i = 0; i < residue.size(); ++i) {
      const auto c = static_cast<unsigned char>(residue[i]);
      if (c == '.') continue;
      if (!IsAsciiUpper(c) && !IsAsciiLower(c)) return false;
      // A word starts at a capital after a lower-case letter or the start.
      if (IsAsciiUpper(c) && (i == 0 || IsAsciiLower(static_cast<unsigned char>(
                                            residue[i - 1])))) {
        ++words;
      }
    }
    return words <= kDatelineMaxPlaceWords;
  }
  // One katakana word: U+30A1..U+30FA and ー (U+30FC).
  size_t chars = 0;
  for (size_t i = 0; i < residue.size();) {
    const char32_t c = corpus::NextCodePoint(residue, &i);
    if (!((c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC) ||
        ++chars > kDatelineMaxKatakanaChars) {
      return false;
    }
  }
  return true;
}

const DateExtractor* DatelineExtractor() {
  static const DateExtractor* const extractor = [] {
    auto created = DateExtractor::Create();
    return created.ok() ? created->release() : nullptr;
  }();
  return extractor;
}

// Labels, weekdays, times, zones and separators allowed around a dateline.
const RE2& DatelineFiller() {
  static const RE2* const re = new RE2(
      "(?i)(?:"
      "最終更新日時?|公開日時?|更新日時?|投稿日時?|配信日時?|掲載日時?|"
      "作成日時?|発行日|発表日|日付|公開|更新|投稿|配信|掲載|発表|発行|"
      "\\b(?:last updated|published|updated|posted|released|modified|date|"
      "on|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b|"
      "\\((?:[月火水木金土日](?:曜日?)?(?:・祝)?|"
      "(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?)\\)|"
      "[月火水木金土日]曜日?|"
      "t?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?"
      "(?:z|[+-][0-9]{2}:?[0-9]{2})?(?: ?[ap]\\.?m\\.?)?|"
      "(?:午前|午後)?[0-9]{1,2}時(?:[0-9]{1,2}分)?(?:[0-9]{1,2}秒)?|"
      "\\b(?:at|jst|utc|gmt|edt|est|cdt|cst|pdt|pst|bst|cet|cest|kst)\\b|"
      "[+-][0-9]{2}:?[0-9]{2}|"
      "[\\s:|/,・\\-—–―\\[\\]【】<>()])");
  return *re;
}

// Whether `line` can hold a full date, i.e. a day of the month: ASCII
// digits (2024-08-19, August 19, 2024), or 日 and a kanji digit
// (令和六年八月十九日). Without a document date, nothing else resolves to a
// day, so other lines need no search.
bool MayHoldFullDate(std::string_view line) {
  for (const char c : line) {
    if (IsAsciiDigit(static_cast<unsigned char>(c))) return true;
  }
  if (line.find("日") == std::string_view::npos) return false;
  for (const std::string_view digit :
       {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
    if (line.find(digit) != std::string_view::npos) return true;
  }
  return false;
}

// The full date `line` consists of, or nullopt.
std::optional<CivilDate> DatelineDate(const DateExtractor& ex,
                                      std::string_view line) {
  if (!MayHoldFullDate(line)) return std::nullopt;
  const std::vector<DateMatch> matches = ex.Extract(line, std::nullopt, "");
  if (matches.empty()) return std::nullopt;
  std::string residue;
  size_t last = 0;
  for (const DateMatch& m : matches) {
    // Full dates only; relative words have no norm without a doc date.
    if (!m.norm || m.norm->size() != 10) return std::nullopt;
    residue.append(line.substr(last, m.begin - last)).append(" ");
    last = m.end;
  }
  residue.append(line.substr(last));
  RE2::GlobalReplace(&residue, DatelineFiller(), "");
  if (corpus::CountCodePoints(residue) > kDatelineMaxResidueChars &&
      !PlaceResidue(residue)) {
    return std::nullopt;
  }
  for (const char c : residue) {
    if (IsAsciiDigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return ParseIsoDay(*matches.front().norm);
}

}  // namespace

std::optional<corpus::CivilDate> FindDateline(std::string_view text) {
  const DateExtractor* ex = DatelineExtractor();
  if (ex == nullptr) return std::nullopt;
  int lines = 0;
  size_t pos = 0;
  while (pos < text.size() && pos < kDatelineMaxBytes &&
         lines < kDatelineMaxLines) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' ||
                             line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    ++lines;
    if (line.size() > kDatelineMaxLineBytes) continue;
    if (auto date = DatelineDate(*ex, line)) return date;
  }
  return std::nullopt;
}

std::optional<long long> ParseJapaneseInteger(std::string_view s) {
  if (s.empty()) return std::nullopt;
  long long total = 0;
  long long section = 0;   // value below the current big unit
  long long digits = -1;   // pending digit run, -1 when none
  int digit_count = 0;
  long long last_small = LLONG_MAX;
  long long last_big = LLONG_MAX;
  bool small_in_section = false;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = corpus::NextCodePoint(s, &i);
    if (cp == 0 || cp == corpus::kReplacementChar) return std::nullopt;
    int d = IsAsciiDigit(cp) ? static_cast<int>(cp - '0') : KanjiDigit(cp);
    if (d >= 0) {
      // After 十/百/千 only a single digit may follow (十二, not 十二三).
      if (++digit_count > 18 || (small_in_section && digit_count > 1)) {
        return std::nullopt;
      }
      digits = (digits < 0 ? 0 : digits) * 10 + d;
      continue;
    }
    if (const long long unit = KanjiSmallUnit(cp); unit != 0) {
      if (unit >= last_small || digits >= 10) return std::nullopt;
      section += (digits < 0 ? 1 : digits) * unit;
      last_small = unit;
      small_in_section = true;
      digits = -1;
      digit_count = 0;
      continue;
    }
    if (const long long unit = KanjiBigUnit(cp); unit != 0) {
      const long long group = section + (digits < 0 ? 0 : digits);
      long long add = 0;
      if (unit >= last_big || group == 0 ||
          __builtin_mul_overflow(group, unit, &add) ||
          __builtin_add_overflow(total, add, &total)) {
        return std::nullopt;
      }
      last_big = unit;
      last_small = LLONG_MAX;
      small_in_section = false;
      section = 0;
      digits = -1;
      digit_count = 0;
      continue;
    }
    return std::nullopt;
  }
  long long result = 0;
  if (__builtin_add_overflow(total, section, &result) ||
      __builtin_add_overflow(result, digits < 0 ? 0 : digits, &result)) {
    return std::nullopt;
  }
  return result;
}

absl::Status DateExtractor::Process(corpus::Document& doc) const {
  for (DateMatch& m : Extract(doc.normalized, doc.date, doc.lang)) {
    corpus::Mention& mention = doc.mentions.emplace_back();
    mention.type = corpus::EntityType::kDate;
    mention.norm_begin = static_cast<uint32_t>(m.begin);
    mention.norm_end = static_cast<uint32_t>(m.end);
    mention.date_norm = std::move(m.norm);
    mention.source = std::move(m.source);
  }
  return absl::OkStatus();
}

}  // namespace kiji::extractors
