#include "extractors/date_extractor.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "corpus/script.h"
#include "extractors/date_tables.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace kiji::extractors {
namespace {

using corpus::CivilDate;

// Debian's Abseil has its own string_view.
absl::string_view AV(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

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

// A year as ISO 8601 writes it: four digits, signed before year 1
// (astronomical numbering: 0 is 1 BCE, -519 is 520 BCE).
std::string FormatYear(int y) {
  char buf[16];
  if (y < 0) {
    std::snprintf(buf, sizeof(buf), "-%04d", -y);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d", y);
  }
  return buf;
}

std::string FormatNorm(int y, int m, int d) {
  char buf[16];
  std::string out = FormatYear(y);
  if (m != 0) {
    std::snprintf(buf, sizeof(buf), "-%02d", m);
    out += buf;
    if (d != 0) {
      std::snprintf(buf, sizeof(buf), "-%02d", d);
      out += buf;
    }
  }
  return out;
}

// An EDTF interval of two norms ("2024-05/2024-07"), or nullopt when either
// end is unknown.
std::optional<std::string> IntervalNorm(const std::optional<std::string>& a,
                                        const std::optional<std::string>& b) {
  if (!a || !b) return std::nullopt;
  if (*a == *b) return a;
  return absl::StrCat(*a, "/", *b);
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
// their union with the names removed (RE2 rejects duplicate names). The era
// and period names come from the tables (data/dates), so the patterns are
// built per table set.

enum Group {
  kGY,
  kGEra,
  kGEy,
  kGRy,
  kGYsuf,
  kGM,
  kGD,
  kGMsuf,
  kGL,
  kGR,
  kGM1,
  kGM2,
  kGD1,
  kGD2,
  kGY1,
  kGY2,
  kGRm,
  kGRd,
  kGRw,
  kGN,
  kGUnit,
  kGDir,
  kGYw,
  kGS1,
  kGS2,
  kGMon,
  kGPrep,
  kGRel,
  kGWsuf,
  kGWday,
  kGCal,
  kGEmp,
  kGEmpY,
  kGAlt,
  kGLeap,
  kGNx,
  kGWdp,
  kGWdk,
  kGTod,
  kGCbc,
  kGCn,
  kGPart,
  kGPn,
  kGPf,
  kGDn,
  kGDu,
  kGDn2,
  kGDu2,
  kGDhalf,
  kGDkan,
  kGDext,
  kGDq,
  kGHalf,
  kGHunit,
  kGHdir,
  kGRsuf,
  kGLn,
  kGJwd,
  kGWd2p,
  kGWd2k,
  kGRhalf,
  kNumGroups
};

constexpr std::array<const char*, kNumGroups> kGroupNames = {
    "y",    "era",  "ey",   "ry",    "ysuf", "m",    "d",    "msuf", "l",
    "r",    "m1",   "m2",   "d1",    "d2",   "y1",   "y2",   "rm",   "rd",
    "rw",   "n",    "unit", "dir",   "yw",   "s1",   "s2",   "mon",  "prep",
    "rel",  "wsuf", "wday", "cal",   "emp",  "empy", "alt",  "leap", "nx",
    "wdp",  "wdk",  "tod",  "cbc",   "cn",   "part", "pn",   "pf",   "dn",
    "du",   "dn2",  "du2",  "dhalf", "dkan", "dext", "dq",   "half", "hunit",
    "hdir", "rsuf", "ln",   "jwd",   "wd2p", "wd2k", "rhalf"};

enum class RuleKind {
  kJpMonthRange,
  kJpDayRange,
  kJpYearRange,
  kJpDate,
  kDecade,
  kCentury,
  kJpMonth,
  kJpDay,
  kRelMonth,
  kRelDay,
  kRelWeek,
  kWeekday,
  kRelN,
  kPeriod,
  kDuration,
  kYearWord,
  kNumYmd,
  kNumYm,
  kNumMdy,
  kEnMdy,
  kEnDmy,
  kEnMy,
  kEnYearRange,
  kEnPrepYear,
  kEnPrepMonth,
  kEnRel,
  kEnAgo,
  kEnWeekday
};

// Years: one to four ASCII digits (2024, 25 in 25年3月期, 807 in 807年に;
// see HandleJpDate for when each counts), four kanji digits (二〇二四) or
// positional kanji (二千二十四).
constexpr char kYearNum[] =
    "(?:[0-9]{1,4}|[〇一二三四五六七八九零]{4}|"
    "[一二三四五六七八九]?千[〇一二三四五六七八九十百零]{0,6})";
constexpr char kEraYearNum[] = "(?:[0-9]{1,3}|元|[一二三四五六七八九十]{1,3})";
constexpr char kMonthNum[] = "(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})";
constexpr char kDayNum[] = "(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})";
// Counts for durations and offsets: 3, 1,500, 2.5, 6,500万, 2億5217万, 三,
// 二十; vague ones: 数, 十数, 20数, 数十, 数千万.
constexpr char kCountNum[] =
    "(?:(?:[0-9]+(?:,[0-9]{3})*(?:\\.[0-9]+)?|[〇一二三四五六七八九十百千]+)"
    "(?:[万億](?:[0-9]+(?:,[0-9]{3})*|[〇一二三四五六七八九十百千]+)?)*)";
constexpr char kVagueNum[] =
    "(?:(?:[0-9]{1,2}|[一二三四五六七八九]?十)?数(?:十|百|千)?(?:万|億)?)";
constexpr char kRelYear[] =
    "(?:一昨年|おととし|再来年|昨年|去年|今年|本年|来年|翌年|同年|前年)";
// Granularity-preserving suffixes. No bare 初 (初登場, 初の...), no 中
// (2024年中国), no 頭 (頭取).
constexpr char kMonthSuffix[] =
    "(?:末日|末|初め|初旬|上旬|中旬|下旬|半ば|前半|後半|期|号)";
constexpr char kYearSuffix[] =
    "(?:度末|度|末|初め|初頭|始|内|前半|後半|半ば|春|夏|秋|冬)";
// Parts of a period, century or decade; see PartQualifier.
constexpr char kPart[] =
    "(?:初期|前期|中期|後期|末期|初頭|初め|初年|末年|末|中頃|中ごろ|半ば|中葉|"
    "中盤|終盤|序盤|前半|後半)";
constexpr char kWeekdayChars[] = "[月火水木金土日]";
constexpr char kTimeOfDay[] = "(?:午前|午後|早朝|深夜|未明)";
constexpr char kDash[] = "[〜~\\-]";  // ～ is 〜 after NFKC
constexpr char kMonthUnit[] = "(?:カ月|ヶ月|か月|ケ月|ヵ月|箇月|ヵ月)";
constexpr char kMonthName[] =
    "(?P<mon>January|February|March|April|May|June|July|August|September|"
    "October|November|December|"
    "(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?)";

// `names` as an alternation, longest first (RE2's submatches prefer the
// first alternative that matches).
std::string Alternation(std::vector<std::string> names) {
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() != b.size() ? a.size() > b.size() : a < b;
            });
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out = "(?:";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += '|';
    out += RE2::QuoteMeta(names[i]);
  }
  return out + ")";
}

// The era, emperor and period names of the tables, spelt out in the rules
// that parse a candidate. The union that finds candidates (`master`) leaves
// them out, but for the modern eras: hundreds of names at every position of
// an unanchored search multiply the states of its DFA, and building those
// states would cost more than the search. `NameIndex` finds where a name
// starts instead (see DateExtractor::Extract).
struct PatternNames {
  std::string eras;      // era names
  std::string emperors;  // emperor names, or empty
  std::string periods;   // period and era names, or empty (master)
  std::string period_forms;
};

PatternNames NamesOf(const DateTables& tables, bool master) {
  std::vector<std::string> eras, emperors, periods,
      forms = {"時代", "期", "年間"};
  for (const EraInfo& e : tables.eras()) {
    if (master && (e.emperor || e.first < 1868 || e.region != "ja")) continue;
    (e.emperor ? emperors : eras).push_back(e.name);
    if (!e.emperor) periods.push_back(e.name);
  }
  for (const PeriodInfo& p : tables.periods()) {
    periods.push_back(p.name);
    for (const std::string& f : p.forms) {
      if (!f.empty() && f != "*") forms.push_back(f);
    }
  }
  PatternNames n;
  // The rules that parse a candidate take any two to four kanji (the fewest
  // that let the year follow: 明治四十五年) for an era or emperor and let the
  // handlers look the name up: hundreds of names in each of their patterns
  // would make compiling them the most of a short run. The union lists the
  // modern eras, so that a candidate starts at them.
  // (CJK Unified Ideographs: one range, cheaper to compile than \p{Han}.)
  n.eras = master ? Alternation(eras) : "[\\x{4E00}-\\x{9FFF}]{2,4}?";
  if (!emperors.empty()) {
    n.emperors = master ? Alternation(emperors) : "[\\x{4E00}-\\x{9FFF}]{1,4}?";
  }
  if (!master) n.periods = Alternation(periods);
  n.period_forms = Alternation(forms);
  return n;
}

std::string YearPart(const PatternNames& n) {
  // The emperor before the era: 推古天皇 is four kanji too.
  std::string emperor;
  if (!n.emperors.empty()) {
    emperor = absl::StrCat("|(?P<emp>", n.emperors, ")天皇(?P<empy>",
                           kEraYearNum, ")年");
  }
  return absl::StrCat(
      "(?:(?P<cal>西暦|紀元前|紀元|前|ユリウス暦|グレゴリオ暦)?(?P<y>",
      kYearNum, ")年", emperor, "|(?P<era>", n.eras, ")(?P<ey>", kEraYearNum,
      ")年", "|(?P<ry>", kRelYear, "))");
}

// A weekday after a day: (月), (月・祝), 火曜日, 火曜. `p` and `k` name the
// groups.
std::string WeekdaySuffix(std::string_view p, std::string_view k) {
  return absl::StrCat("(?:\\((?P<", AV(p), ">", kWeekdayChars,
                      ")(?:曜日?)?(?:・祝)?\\)|(?P<", AV(k), ">", kWeekdayChars,
                      ")曜日?)");
}

std::string MonthPart() {
  return absl::StrCat("(?P<leap>閏)?(?P<m>", kMonthNum, ")月(?:(?P<d>", kDayNum,
                      ")日", WeekdaySuffix("wdp", "wdk"), "?(?P<tod>",
                      kTimeOfDay, ")?|(?P<msuf>", kMonthSuffix, "))?");
}

// The year in brackets after a year: 1912年(明治45年), 1926年〈大正15年/昭和
// 元年〉, 弘安5年(1282年).
std::string BracketYear(const PatternNames& n) {
  return absl::StrCat("[(〈\\[](?P<alt>(?:(?:西暦|グレゴリオ暦)?[0-9]{3,4}年|",
                      n.eras, kEraYearNum, "年(?:/", n.eras, kEraYearNum,
                      "年)?))[)〉\\]]");
}

// The rules, in priority order. With `master`, the patterns for the union
// that finds candidates: without the names of NamesOf, and without the rules
// that start with one alone (kPeriod).
std::vector<std::pair<RuleKind, std::string>> RulePatterns(
    const DateTables& tables, bool master) {
  const PatternNames n = NamesOf(tables, master);
  // Ranges start where the union finds them, with the modern eras alone.
  const PatternNames modern = master ? n : NamesOf(tables, true);
  const std::string dash = kDash;
  return {
      {RuleKind::kJpMonthRange,
       absl::StrCat("(?P<l>", YearPart(modern), "?(?P<m1>", kMonthNum,
                    ")(?P<ln>月)?)", "[〜~\\-・]", "(?P<r>(?P<m2>", kMonthNum,
                    ")月(?P<rsuf>期)?)")},
      {RuleKind::kJpDayRange,
       absl::StrCat("(?P<l>", YearPart(modern), "?(?P<m1>", kMonthNum,
                    ")月(?P<d1>", kDayNum, ")(?P<ln>日)?)",
                    WeekdaySuffix("wdp", "wdk"), "?", dash, "(?P<r>(?:(?P<m2>",
                    kMonthNum, ")月)?(?P<d2>", kDayNum, ")日",
                    WeekdaySuffix("wd2p", "wd2k"), "?)")},
      {RuleKind::kJpYearRange,
       absl::StrCat(
           "(?P<l>(?P<y1>[0-9]{4}|[0-9]{2})(?P<ln>年)?)", dash,
           "(?P<r>(?P<y2>[0-9]{4}|[0-9]{2})(?:年|(?P<rsuf>シーズン)))")},
      {RuleKind::kJpDate,
       absl::StrCat("(?P<nx>翌)?", YearPart(n), "(?:(?P<ysuf>", kYearSuffix,
                    ")|(?:", BracketYear(n), ")?", MonthPart(), ")?")},
      {RuleKind::kDecade,
       absl::StrCat("(?:(?P<cal>西暦)?(?P<y>[0-9]{2,4}|[一二三四五六七八九]?千?"
                    "[〇一二三四五六七八九十百]+)|(?P<era>",
                    n.eras, ")(?P<ey>", kEraYearNum, "))年代(?P<part>", kPart,
                    ")?")},
      {RuleKind::kCentury,
       absl::StrCat(
           "(?P<cbc>紀元前|前)?(?P<cn>[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
           "世紀(?P<part>",
           kPart, ")?")},
      {RuleKind::kJpMonth, absl::StrCat("(?P<nx>翌)?", MonthPart())},
      {RuleKind::kJpDay,
       absl::StrCat(
           "(?P<nx>翌)?(?P<d>[0-9]{1,2}|[一二三]?十[一二三四五六七八九]?|"
           "[一二三四五六七八九])日",
           WeekdaySuffix("wdp", "wdk"), "?(?P<tod>", kTimeOfDay, ")?")},
      {RuleKind::kRelMonth,
       absl::StrCat(
           "(?P<rm>先々月|再来月|先月|今月|来月|同月|前月|翌月)(?:(?P<d>",
           kDayNum, ")日|(?P<msuf>", kMonthSuffix, "|中))?")},
      {RuleKind::kRelDay,
       absl::StrCat(
           "(?P<rd>一昨日|おととい|昨日|今日|本日|明日|明後日|同日|前日|"
           "翌日|当日|先日|翌朝)(?P<tod>",
           kTimeOfDay, ")?")},
      {RuleKind::kRelWeek,
       absl::StrCat(
           "(?P<rw>先々週|再来週|先週|今週|来週)(?:(?P<wsuf>末)|の?(?P<jwd>",
           kWeekdayChars, ")曜日?)?")},
      {RuleKind::kWeekday, absl::StrCat("(?P<jwd>", kWeekdayChars,
                                        ")曜日?(?P<tod>", kTimeOfDay, ")?")},
      {RuleKind::kRelN,
       absl::StrCat(
           "(?P<n>", kCountNum, "|", kVagueNum, ")(?P<unit>年|", kMonthUnit,
           "|週間|日|世紀)(?P<rhalf>半)?(?P<dir>前|後)|(?P<half>四半|半)"
           "(?P<hunit>年|月|世紀)(?P<hdir>前|後)")},
      {RuleKind::kPeriod,
       n.periods.empty()
           ? std::string()
           : absl::StrCat("(?P<pn>", n.periods, ")(?P<pf>", n.period_forms,
                          ")?(?P<part>", kPart, ")?")},
      {RuleKind::kDuration,
       absl::StrCat(
           "(?P<dn>", kCountNum, "|", kVagueNum, ")(?P<du>年|", kMonthUnit,
           "|週間|日)(?:(?P<dn2>", kCountNum, ")(?P<du2>", kMonthUnit,
           "|週間|日))?(?P<dhalf>半)?(?P<dkan>間)?(?P<dext>余り|余|あまり)?"
           "|(?P<dq>四半世紀|半世紀|半年|半月|半日|丸一日|丸1日)間?")},
      {RuleKind::kYearWord,
       "(?P<yw>年末年始|年内|年末|年初め|年初|年始|年明け|[昨今来][春夏秋冬]|"
       "月内|月末|週末)"},
      {RuleKind::kNumYmd,
       "(?P<y>[0-9]{4})(?P<s1>[-/.])(?P<m>[0-9]{1,2})(?P<s2>[-/.])"
       "(?P<d>[0-9]{1,2})"},
      {RuleKind::kNumYm, "(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})"},
      {RuleKind::kNumMdy,
       "(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>[0-9]{4})"},
      {RuleKind::kEnMdy,
       absl::StrCat(
           kMonthName,
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
// one of the few kanji/kana every Japanese pattern contains; with named
// periods and eras (明治以降, 江戸の), any kanji or katakana.
bool MayContainDate(std::string_view text, bool periods) {
  for (const char c : text) {
    if (IsAsciiAlnum(static_cast<unsigned char>(c))) return true;
    if (periods && static_cast<unsigned char>(c) >= 0xE3) return true;
  }
  for (const std::string_view key :
       {"年", "月", "日", "週", "おとと", "春", "夏", "秋", "冬", "曜"}) {
    if (text.find(key) != std::string_view::npos) return true;
  }
  return false;
}

// Where a Japanese pattern of RulePatterns (with `master`) can start: its
// first character and the characters that may follow it ("" for any). The
// tests of each rule hold this table complete.
struct RuleStart {
  char32_t first;
  std::u32string_view next;
};
constexpr RuleStart kRuleStarts[] = {
    {U'西', U"暦"},
    {U'紀', U"元"},
    {U'前', U"年日月世0123456789"},
    {U'ユ', U"リ"},
    {U'グ', U"レ"},
    {U'翌', U""},
    {U'明', U"日後治"},
    {U'大', U"正"},
    {U'昭', U"和"},
    {U'平', U"成"},
    {U'令', U"和"},
    {U'お', U"と"},
    {U'再', U"来"},
    {U'昨', U"年日春夏秋冬"},
    {U'去', U"年"},
    {U'今', U"年日月週春夏秋冬"},
    {U'本', U"年日"},
    {U'来', U"年月週春夏秋冬"},
    {U'同', U"年月日"},
    {U'閏', U""},
    {U'先', U"月週日々"},
    {U'当', U"日"},
    {U'月', U"曜内末"},
    {U'火', U"曜"},
    {U'水', U"曜"},
    {U'木', U"曜"},
    {U'金', U"曜"},
    {U'土', U"曜"},
    {U'日', U"曜"},
    {U'年', U"末内初始明"},
    {U'週', U"末"},
    {U'数', U""},
    {U'半', U"年月世日"},
    {U'丸', U"一1"},
};

// Kanji numerals, and what may continue a number written with them.
constexpr std::u32string_view kNumeralStart = U"〇一二三四五六七八九十百千零";
constexpr std::u32string_view kNumeralRun =
    U"〇一二三四五六七八九十百千零万億数0123456789,.";
// What may follow a number of kanji numerals in a pattern: the units of
// dates and durations, a range mark, 一昨 and 四半.
constexpr std::u32string_view kAfterNumeral =
    U"年月日週世ヶカかケヵ箇〜~-・昨半";

// Per BMP character: 0, or 1 + its index in kRuleStarts, or kNumeral.
constexpr uint8_t kNumeral = 255;
const std::array<uint8_t, 0x10000>& RuleStartIndex() {
  static const auto* const index = [] {
    auto* t = new std::array<uint8_t, 0x10000>{};
    for (size_t k = 0; k < std::size(kRuleStarts); ++k) {
      (*t)[kRuleStarts[k].first] = static_cast<uint8_t>(k + 1);
    }
    for (const char32_t c : kNumeralStart) (*t)[c] = kNumeral;
    return t;
  }();
  return *index;
}

// The character before a match starting at `b` must not continue a number
// or word that the match would cut in two.
bool StartBoundaryOk(std::string_view text, size_t b) {
  const char32_t first = CodePointAt(text, b);
  const char32_t prev = CharBefore(text, b);
  if (prev == 0) return true;
  if (IsAsciiDigit(first)) {
    if (IsAsciiAlnum(prev) || prev == '.' || prev == '_') return false;
    // 1,995年 is one number; after a comma that follows a word (統一教会は,
    // 1995年3月20日に) a date may start.
    if (prev == ',' || prev == '-' || prev == '/') {
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

bool StartsWithAny(std::string_view s,
                   std::initializer_list<std::string_view> words) {
  for (const std::string_view w : words) {
    if (s.starts_with(w)) return true;
  }
  return false;
}

// Words after `N年` that make it a length of time (20年の歴史, 10年ぶり) or a
// count, not a year.
bool YearFollowedByLength(std::string_view rest) {
  return StartsWithAny(
      rest,
      {"の歴史", "の伝統", "の歳月", "の月日", "の年月", "の時を", "の長",
       "の間",   "の期間", "の任期", "の刑",   "の懲役", "の禁錮", "の寿命",
       "の空白", "の沈黙", "の眠り", "の時間", "の経験", "の実績", "間",
       "半",     "ぶり",   "振り",   "かけ",   "がかり", "越し",   "が経",
       "が過ぎ", "がた",   "が経過", "経",     "以上",   "以内",   "未満",
       "余",     "近く",   "あまり", "足らず", "程度",   "ほど",   "もの",
       "に及",   "にわた", "に渡",   "超",     "強"});
}

// `N年` followed by one of these is a duration, decade, count or ordinal,
// not a year.
bool YearFollowedByNonDate(std::string_view rest) {
  if (YearFollowedByLength(rest)) return true;
  if (StartsWithAny(rest,
                    {"目", "代", "生", "制", "連続", "周年", "に一度", "に1度",
                     "に一回", "に1回", "紀", "版", "式", "型"})) {
    return true;
  }
  // 2000年前 (2000 years ago), but 2020年前後 (around 2020) is a date.
  if (rest.starts_with("前") || rest.starts_with("後")) {
    const std::string_view tail = rest.substr(3);
    return !(rest.starts_with("前") && tail.starts_with("後"));
  }
  return false;
}

// Words before a number of years that make it a length: 約20年, 勤続30年,
// 懲役5年, 過去10年, ここ数年.
bool PrecededByLengthWord(std::string_view before) {
  for (const std::string_view w :
       {"約",     "およそ", "勤続", "懲役", "禁錮", "禁固", "任期",
        "足掛け", "足かけ", "過去", "今後", "ここ", "この", "在位",
        "在職",   "在任",   "在籍", "結婚", "交際", "丸",   "満",
        "実に",   "わずか", "僅か", "計",   "延べ", "最長", "最短",
        "向こう", "通算",   "築",   "樹齢", "創業", "創立", "設立",
        "開業",   "開設",   "発足", "誕生"}) {
    if (before.ends_with(w)) return true;
  }
  return false;
}

// What may follow a bare year of three digits (807年に, 1000年から): its
// particles and punctuation, not a counter or a noun.
bool ShortYearContextOk(std::string_view rest) {
  if (rest.empty()) return true;
  const char32_t next = CodePointAt(rest, 0);
  if (StartsWithAny(
          rest, {"に",   "から", "まで", "、",   ",",    "頃",   "ごろ", "以降",
                 "以前", "以来", "以後", "当時", "の",   "は",   "を",   "と",
                 "-",    "〜",   ")",    "〉",   "」",   "。",   "/",    "生",
                 "没",   "創",   "建",   "設",   "即位", "成立", "完成"})) {
    return true;
  }
  return next == ' ' || next == '\n' || next == U'\u3000' || next == '\t';
}

// Words after a date that make it part of a law's number (昭和22年法律第67号,
// 平成8年6月26日法律第109号) or an edition; such dates are no mentions.
bool FollowedByLawNumber(std::string_view rest) {
  size_t i = 0;
  for (int k = 0; k < 6 && i < rest.size(); ++k) {
    if (StartsWithAny(rest.substr(i), {"法律第", "政令第", "条約第", "省令第",
                                       "府令第", "勅令第", "告示第", "条例第",
                                       "規則第", "訓令第", "布告第", "達第"})) {
      return true;
    }
    size_t next = i;
    if (!corpus::IsKanji(corpus::NextCodePoint(rest, &next))) return false;
    i = next;
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

// Result of reading the optional year part (西暦2024年 / 令和6年 / 推古天皇36年
// / 昨年).
struct YearPartValue {
  enum Kind { kNone, kAbsolute, kEra, kRelative } kind = kNone;
  bool valid = true;
  std::optional<int> year;  // nullopt when relative and unresolvable
  int offset = 0;           // relative: years from the document's year
  // 同年, 翌年, 前年: counted from the last year the text named
  // (`anchor_year`), not from the document's year.
  bool anaphoric = false;
  // ASCII digits of an absolute year as written (25年3月期: 2), 0 for kanji.
  int digits = 0;
  // Written after a calendar word (西暦, 紀元前, 前, ユリウス暦...).
  bool calendar = false;
  // Its months and days are those of a lunisolar calendar (天保11年2月13日).
  bool lunisolar = false;
  // 翌 before it.
  bool next = false;
};

// The year of a two-digit year: the one of 19YY and 20YY that is at most
// 20 years after the article's year (2000..2049 without an article date),
// so 25年 is 2025 and 98年 is 1998 in an article of 2026.
int WidenTwoDigitYear(int yy, const std::optional<CivilDate>& doc) {
  const int limit = doc ? doc->year + 20 : 2049;
  return 2000 + yy <= limit ? 2000 + yy : 1900 + yy;
}

int AsciiDigits(std::string_view s) {
  for (const char ch : s) {
    if (!IsAsciiDigit(static_cast<unsigned char>(ch))) return 0;
  }
  return static_cast<int>(s.size());
}

std::optional<long long> ParseEraYear(std::string_view s) {
  if (s == "元") return 1;
  return ParseJapaneseInteger(s);
}

int RelYearOffset(std::string_view ry) {
  if (ry == "一昨年" || ry == "おととし") return -2;
  if (ry == "昨年" || ry == "去年" || ry == "前年") return -1;
  if (ry == "来年" || ry == "翌年") return 1;
  if (ry == "再来年") return 2;
  return 0;
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

bool IsPartWord(std::string_view w) {
  for (const std::string_view p :
       {"初期", "前期", "中期", "後期", "末期", "初頭", "初め", "初年", "末年",
        "末", "中頃", "中ごろ", "半ば", "中葉", "中盤", "終盤", "序盤", "前半",
        "後半"}) {
    if (w == p) return true;
  }
  return false;
}

// "early", "mid" or "late" for a part word (初期, 半ば, 末).
std::string_view PartQualifier(std::string_view part) {
  if (part.empty()) return {};
  for (const std::string_view w :
       {"初期", "前期", "初頭", "初め", "初年", "序盤", "前半"}) {
    if (part == w) return "early";
  }
  for (const std::string_view w :
       {"中期", "中頃", "中ごろ", "半ば", "中葉", "中盤"}) {
    if (part == w) return "mid";
  }
  return "late";
}

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "Monday", "Tuesday",  "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday"};

// Monday 0 .. Sunday 6 for 月..日, or -1.
int JapaneseWeekday(std::string_view ch) {
  static constexpr std::array<std::string_view, 7> kChars = {
      "月", "火", "水", "木", "金", "土", "日"};
  for (size_t i = 0; i < kChars.size(); ++i) {
    if (ch == kChars[i]) return static_cast<int>(i);
  }
  return -1;
}

int WeekdayOf(int y, int m, int d) {
  return static_cast<int>(absl::GetWeekday(absl::CivilDay(y, m, d)));
}

}  // namespace

namespace {

// Where the names of the tables (eras, emperors, periods) start in a text:
// an index of the lengths of the names by their first two characters. A
// name of one character (唐, 明, 清) counts only before the first character
// of one of its forms (唐代, 清朝, 明末).
class NameIndex {
 public:
  void Add(std::string_view name, const std::vector<std::string>& forms) {
    size_t i = 0;
    const char32_t c1 = corpus::NextCodePoint(name, &i);
    const size_t chars = corpus::CountCodePoints(name);
    if (chars == 0 || chars > 16 || c1 < 0x3000 || c1 > 0xFFFF) return;
    first_[c1] = true;
    names_.insert(std::string(name));
    if (chars == 1) {
      for (const std::string& f : forms) {
        if (f.empty()) continue;
        size_t j = 0;
        lengths_[Key(c1, corpus::NextCodePoint(f, &j))] |= 1;
      }
      return;
    }
    const char32_t c2 = corpus::NextCodePoint(name, &i);
    lengths_[Key(c1, c2)] |= static_cast<uint16_t>(1u << (chars - 1));
  }

  // Whether some name starts with `c`.
  bool IsFirst(char32_t c) const { return c <= 0xFFFF && first_[c]; }

  // Whether a name starts at byte `i` of `text`, whose first character `c1`
  // ends at byte `next`.
  bool StartsAt(std::string_view text, size_t i, char32_t c1,
                size_t next) const {
    size_t after = next;
    const char32_t c2 =
        after < text.size() ? corpus::NextCodePoint(text, &after) : 0;
    const auto it = lengths_.find(Key(c1, c2));
    if (it == lengths_.end()) return false;
    if (it->second & 1) return true;
    for (int len = 15; len >= 1; --len) {
      if ((it->second >> len & 1) == 0) continue;
      size_t end = after;
      for (int k = 2; k <= len && end < text.size(); ++k) {
        corpus::NextCodePoint(text, &end);
      }
      if (names_.contains(AV(text.substr(i, end - i)))) return true;
    }
    return false;
  }

 private:
  static uint64_t Key(char32_t c1, char32_t c2) {
    return static_cast<uint64_t>(c1) << 21 | c2;
  }
  std::bitset<0x10000> first_;  // first characters of the names
  absl::flat_hash_set<std::string> names_;
  // Bit k: a name of k + 1 characters starts with these two (bit 0: a
  // one-character name before a form starting with the second).
  absl::flat_hash_map<uint64_t, uint16_t> lengths_;
};

// Byte offsets where a rule of the union may start (`starts`): ASCII
// letters and digits (after a character that is not one: a match never
// starts inside a word or number), the first characters of kRuleStarts
// before one of their next characters, and kanji numerals before a unit;
// and where a name of `names` starts (`name_starts`). One pass.
void FindStarts(std::string_view text, const NameIndex& names,
                std::vector<size_t>* starts, std::vector<size_t>* name_starts) {
  starts->clear();
  name_starts->clear();
  const auto& index = RuleStartIndex();
  bool prev_alnum = false;
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const bool alnum = IsAsciiAlnum(byte);
      if (alnum && !prev_alnum) starts->push_back(i);
      prev_alnum = alnum;
      ++i;
      continue;
    }
    prev_alnum = false;
    const size_t at = i;
    const char32_t c = corpus::NextCodePoint(text, &i);
    if (c < 0x3000 || c > 0xFFFF) continue;
    if (names.IsFirst(c) && names.StartsAt(text, at, c, i)) {
      name_starts->push_back(at);
    }
    const uint8_t kind = index[c];
    if (kind == 0) continue;
    if (kind == kNumeral) {
      size_t j = i;
      char32_t next = 0;
      while (j < text.size()) {
        const size_t k = j;
        next = corpus::NextCodePoint(text, &j);
        if (kNumeralRun.find(next) == std::u32string_view::npos) {
          j = k;
          break;
        }
        next = 0;
      }
      if (next != 0 && kAfterNumeral.find(next) != std::u32string_view::npos) {
        starts->push_back(at);
      }
      continue;
    }
    const RuleStart& r = kRuleStarts[kind - 1];
    size_t j = i;
    const char32_t next = j < text.size() ? corpus::NextCodePoint(text, &j) : 0;
    if (r.next.empty() ||
        (next != 0 && r.next.find(next) != std::u32string_view::npos)) {
      starts->push_back(at);
    }
  }
}

}  // namespace

struct DateExtractor::Impl {
  struct Rule {
    RuleKind kind;
    std::unique_ptr<RE2> re;  // with named groups, for parsing a candidate
    std::array<int, kNumGroups> group_index;  // -1 when the rule lacks it
    int num_groups = 0;
  };
  DateTables tables;
  // Leftmost-longest union of every rule's pattern without the names of the
  // tables; finds candidates.
  std::unique_ptr<RE2> master;
  // The union of the rules that may start with a name of the tables
  // (kJpDate, kDecade, kPeriod), leftmost-longest, to find a candidate's
  // span from a name's start; null without names.
  std::unique_ptr<RE2> name_span;
  NameIndex names;
  // The patterns anchored at both ends: which rules parse a candidate, in
  // one pass.
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
  const DateTables* tables = nullptr;
  // The year of the last date before this one whose year the text wrote,
  // for 同年, 翌年 and 前年; nullopt when there is none.
  std::optional<int> anchor_year;
  // The last date before this one with a month (for 同月) and with a day
  // (for 同日, 前日, 翌日), written or resolved; nullopt when there is none.
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
  std::string_view Before(size_t pos) const { return text.substr(0, pos); }
};

YearPartValue ReadYearPart(const Candidate& c,
                           const std::optional<CivilDate>& doc) {
  YearPartValue v;
  v.next = c.Has(kGNx);
  if (c.Has(kGY)) {
    v.kind = YearPartValue::kAbsolute;
    const std::string_view y = c.G(kGY);
    const std::string_view cal = c.G(kGCal);
    v.calendar = !cal.empty();
    v.digits = AsciiDigits(y);
    auto n = ParseJapaneseInteger(y);
    if (!n || *n < 1 || *n > 20000) {
      v.valid = false;
      return v;
    }
    if (cal == "紀元前" || cal == "前") {
      v.year = 1 - static_cast<int>(*n);  // 1 BCE is year 0
      v.lunisolar = false;
      return v;
    }
    if (v.next && v.digits != 0 && v.digits <= 2 && !v.calendar) {
      // 翌3年: the next year of an era the text did not repeat.
      if (c.anchor_year) v.year = *c.anchor_year + 1;
      return v;
    }
    if (v.digits == 2 && !v.calendar) {
      n = WidenTwoDigitYear(static_cast<int>(*n), doc);
    }
    v.valid = *n <= kBareYearMax;
    if (v.valid) v.year = static_cast<int>(*n);
    return v;
  }
  if (c.Has(kGEra) || c.Has(kGEmp)) {
    v.kind = YearPartValue::kEra;
    const bool emperor = c.Has(kGEmp);
    const EraInfo* era = emperor ? c.tables->FindEmperor(c.G(kGEmp))
                                 : c.tables->FindEra(c.G(kGEra));
    const auto n = ParseEraYear(c.G(emperor ? kGEmpY : kGEy));
    v.valid = false;
    if (era != nullptr && n) {
      v.year = era->Year(*n);
      v.valid = v.year.has_value();
      if (v.year) v.lunisolar = era->Lunisolar(*v.year);
    }
    return v;
  }
  if (c.Has(kGRy)) {
    const std::string_view ry = c.G(kGRy);
    v.kind = YearPartValue::kRelative;
    v.offset = RelYearOffset(ry);
    v.anaphoric = ry == "同年" || ry == "翌年" || ry == "前年";
    if (v.anaphoric) {
      if (c.anchor_year) v.year = *c.anchor_year + v.offset;
    } else if (doc) {
      v.year = doc->year + v.offset;
    }
  }
  return v;
}

// The Gregorian year an alternative year in brackets names (1912年(明治45年):
// "明治45年"; several separated by / when an era changed that year), or
// nullopt when none parses; `*agrees` says whether one of them is `year`.
bool BracketYearAgrees(const DateTables& tables, std::string_view alt,
                       int year) {
  for (absl::string_view piece : absl::StrSplit(AV(alt), '/')) {
    std::string_view part(piece.data(), piece.size());
    for (const std::string_view cal : {"西暦", "グレゴリオ暦"}) {
      if (part.starts_with(cal)) part.remove_prefix(cal.size());
    }
    if (!part.ends_with("年")) continue;
    part.remove_suffix(std::string_view("年").size());
    std::optional<long long> gregorian;
    // An era name is two to four kanji before the year number.
    for (size_t len = 12; len >= 6; len -= 3) {
      if (part.size() <= len) continue;
      if (const EraInfo* era = tables.FindEra(part.substr(0, len))) {
        if (const auto n = ParseEraYear(part.substr(len))) {
          gregorian = era->Year(*n);
        }
        break;
      }
    }
    if (!gregorian && AsciiDigits(part) >= 3) {
      gregorian = ParseJapaneseInteger(part);
    }
    if (gregorian && *gregorian == year) return true;
  }
  return false;
}

// The parses of spans seen lately on this thread, per set of rules (the
// analyser's and the dateline's alternate on every document); see
// `SpanParse`. Cleared when it reaches `kMaxEntries`, so memory stays
// bounded on any input.
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

class SpanParseMemo {
 public:
  // The entry for `span` under the rules `owner`, and whether it was just
  // created (empty).
  std::pair<SpanParse*, bool> Get(const void* owner, std::string_view span) {
    key_.assign(reinterpret_cast<const char*>(&owner), sizeof(owner));
    key_.append(span);
    auto it = entries_.find(key_);
    if (it != entries_.end()) return {&it->second, false};
    if (entries_.size() >= kMaxEntries) entries_.clear();
    return {&entries_[key_], true};
  }

 private:
  static constexpr size_t kMaxEntries = 1 << 14;
  std::string key_;  // the rules' address and the span; reused
  std::unordered_map<std::string, SpanParse> entries_;
};

DateMatch& Emit(std::vector<DateMatch>& out, size_t b, size_t e,
                std::optional<std::string> norm, std::string_view source) {
  DateMatch& m = out.emplace_back();
  m.begin = b;
  m.end = e;
  m.norm = std::move(norm);
  m.source = std::string(source);
  return m;
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

// End of a span whose suffix 初め is really the start of 初めて, or whose
// 期 starts 期間.
size_t TrimSuffix(const Candidate& c, Group suffix, size_t end) {
  if (!c.Has(suffix)) return end;
  const std::string_view s = c.G(suffix);
  const std::string_view rest = c.After(c.End(suffix));
  if ((s == "初め" && rest.starts_with("て")) ||
      (s == "期" && (rest.starts_with("間") || rest.starts_with("限") ||
                     rest.starts_with("日")))) {
    return c.Begin(suffix);
  }
  return end;
}

// The end of a span without its time of day (18日午後, 土曜午後: the house
// style, bench/quality, keeps the date alone; the pattern reads the time of
// day so that a weekday before it is a date).
size_t TrimTimeOfDay(const Candidate& c, size_t end) {
  if (!c.Has(kGTod) || c.End(kGTod) != end) return end;
  return c.Begin(kGTod);
}

// The weekday a date names in brackets or after it ((月), 火曜日), Monday 0,
// or -1.
int NamedWeekday(const Candidate& c, Group paren, Group kanji) {
  if (c.Has(paren)) return JapaneseWeekday(c.G(paren));
  if (c.Has(kanji)) return JapaneseWeekday(c.G(kanji));
  return -1;
}

// Sets the weekday of `m` and checks it against its full date, if any.
void SetWeekday(DateMatch& m, int weekday, std::string_view surface) {
  if (weekday < 0) return;
  m.weekday = std::string(kWeekdayNames[static_cast<size_t>(weekday)]);
  if (!m.norm || m.norm->size() != 10 || (*m.norm)[0] == '-') return;
  const auto day = ParseIsoDay(*m.norm);
  if (!day) return;
  const int actual = WeekdayOf(day->year, day->month, day->day);
  if (actual != weekday) {
    m.warning = absl::StrCat(
        "weekday ", AV(kWeekdayNames[static_cast<size_t>(weekday)]), " of \"",
        AV(surface), "\" is not that of ", *m.norm, " (",
        AV(kWeekdayNames[static_cast<size_t>(actual)]), ")");
  }
}

bool IsSeason(std::string_view suffix) {
  return suffix == "春" || suffix == "夏" || suffix == "秋" || suffix == "冬";
}

// Each handler appends the matches for one candidate, or nothing to reject
// it. Spans may be narrower than the candidate.

// 前 as "before the common era" (前57年, 前1世紀) only where no word ends in
// it (午前, 以前, 直前) and before two or more digits.
bool BceMarkOk(const Candidate& c, std::string_view cal, std::string_view num) {
  if (cal != "前") return true;
  const char32_t prev = CharBefore(c.text, c.begin);
  if (corpus::IsKanji(prev) || corpus::IsHiragana(prev) ||
      corpus::IsKatakanaLetter(prev) || prev == U'ー') {
    return false;
  }
  return AsciiDigits(num) >= 2;
}

// A bare year (no month): whether `yp` read from `c` is a year here, not a
// number of years (20年間, 創業25年) or an ordinal (3年生).
bool BareYearOk(const Candidate& c, const YearPartValue& yp) {
  if (yp.kind != YearPartValue::kAbsolute) return true;
  if (yp.calendar || yp.next) return true;
  const std::string_view rest = c.After(c.end);
  const std::string_view before = c.Before(c.begin);
  const int n = yp.year.value_or(0);
  if (yp.digits == 1 || yp.digits == 2) return false;
  // 3年生, 6年制 are grades and lengths; 1971年生まれ, 1947年制定 are years.
  const bool born_or_made =
      n >= 1000 && (rest.starts_with("生") || rest.starts_with("制"));
  if (!born_or_made && YearFollowedByNonDate(rest)) return false;
  if (n >= 1000) {
    for (const std::string_view w :
         {"約", "およそ", "過去", "ここ", "今後", "向こう", "実に", "懲役"}) {
      if (before.ends_with(w)) return false;
    }
    return true;
  }
  // 807年に, 1000年から: a year of three digits needs a year's context.
  if (PrecededByLengthWord(before) || !ShortYearContextOk(rest)) return false;
  const char32_t prev = CharBefore(c.text, c.begin);
  return !(corpus::IsKanji(prev) || IsKanjiNumeral(prev));
}

bool HandleJpDate(const Candidate& c, const std::optional<CivilDate>& doc,
                  std::vector<DateMatch>& out) {
  const bool has_month = c.Has(kGM);
  const YearPartValue yp = ReadYearPart(c, doc);
  if (!yp.valid || yp.kind == YearPartValue::kNone) return false;
  if (!BceMarkOk(c, c.G(kGCal), c.G(kGY))) return false;
  const std::string_view source = SourceFor(yp.kind);
  size_t end = c.end;
  if (!has_month) {
    const std::string_view ysuf = c.G(kGYsuf);
    // 25年 alone is as often 25 years (創業25年) as 2025.
    if (yp.digits == 2 && !yp.calendar && !yp.next && !ysuf.starts_with("度")) {
      return false;
    }
    if (ysuf.empty() && yp.kind != YearPartValue::kRelative &&
        !BareYearOk(c, yp)) {
      return false;
    }
    // 前年比, 前年同期: a comparison, not a date.
    if (c.G(kGRy) == "前年" &&
        (StartsWithAny(c.After(c.End(kGRy)), {"比", "同"}) ||
         StartsWithAny(c.After(c.end), {"比", "同"}))) {
      return false;
    }
    std::optional<int> year = yp.year;
    if (ysuf.starts_with("度") && yp.kind == YearPartValue::kRelative &&
        !yp.anaphoric) {
      // 今年度: the fiscal year (April..March) that contains the doc date.
      year = std::nullopt;
      if (HasMonth(doc)) {
        year = (doc->month >= 4 ? doc->year : doc->year - 1) + yp.offset;
      }
    }
    end = TrimSuffix(c, kGYsuf, end);
    // A season starts a longer word after the year (2024年秋田, 夏場).
    if (IsSeason(ysuf) && corpus::IsKanji(CodePointAt(c.text, c.end))) {
      end = c.Begin(kGYsuf);
    }
    Emit(out, c.begin, end, NormIf(year, 0, 0), source);
    return true;
  }
  // A month after a year of one digit only with 翌 or a calendar word
  // (翌3年6月22日); 3年6月 alone is as likely a span of time.
  if (yp.digits == 1 && !yp.calendar && !yp.next) return false;
  const auto m = ParseField(c.G(kGM));
  if (!m || *m < 1 || *m > 12) return false;
  const bool lunisolar = yp.lunisolar || c.Has(kGLeap);
  int d = 0;
  if (c.Has(kGD)) {
    const auto day = ParseField(c.G(kGD));
    if (!day) return false;
    if (lunisolar ? (*day < 1 || *day > 30)
                  : !ValidDay(yp.year.value_or(0), *m, *day)) {
      return false;
    }
    d = *day;
  } else if (!c.Has(kGMsuf) && MonthIsNotADate(c, c.end)) {
    return false;
  }
  end = TrimSuffix(c, kGMsuf, end);
  end = TrimTimeOfDay(c, end);
  // A lunisolar month and day are not Gregorian: the year alone.
  DateMatch& match =
      Emit(out, c.begin, end,
           lunisolar ? NormIf(yp.year, 0, 0) : NormIf(yp.year, *m, d), source);
  if (c.Has(kGAlt) && yp.year &&
      !BracketYearAgrees(*c.tables, c.G(kGAlt), *yp.year)) {
    match.warning = absl::StrCat("the year in brackets (", AV(c.G(kGAlt)),
                                 ") is not ", FormatYear(*yp.year));
  }
  if (!lunisolar) {
    SetWeekday(match, NamedWeekday(c, kGWdp, kGWdk),
               c.text.substr(c.begin, end - c.begin));
  }
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
  size_t end = TrimSuffix(c, kGMsuf, c.end);
  end = TrimTimeOfDay(c, end);
  std::optional<int> year;
  if (c.Has(kGLeap)) {
    // 閏4月: a lunisolar month, not a Gregorian one.
  } else if (c.Has(kGNx)) {
    // 翌4月: the first such month after the date before it.
    if (c.anchor_month) {
      year = static_cast<int>(c.anchor_month->year());
      if (*m <= c.anchor_month->month()) ++*year;
    }
  } else {
    year = ResolveYearless(*m, d, doc);
  }
  if (year && d != 0 && !ValidDay(*year, *m, d)) year = std::nullopt;
  DateMatch& match = Emit(out, c.begin, end,
                          c.Has(kGLeap) ? std::nullopt : NormIf(year, *m, d),
                          c.Has(kGNx) ? "date.relative" : "date.partial");
  SetWeekday(match, NamedWeekday(c, kGWdp, kGWdk),
             c.text.substr(c.begin, end - c.begin));
  return true;
}

// A day of the month alone, as news reports write the day of an event
// (政府は3日、…): like a bare month, the most recent such day not after the
// document date (this month's or an earlier month's). Only where a day is
// usual: before 、, に, から, まで, a time of day or a weekday, or before の
// at the start of a sentence or clause; not 3日間, 3日連続, 3日に1回,
// 毎月3日, nor a month-day's tail (2月30日). 翌12日 is the 12th after the
// date before it.
bool HandleJpDay(const Candidate& c, const std::optional<CivilDate>& doc,
                 std::vector<DateMatch>& out) {
  const bool next_day = c.Has(kGNx);
  const char32_t prev = CharBefore(c.text, c.begin);
  const std::string_view dtext = c.G(kGD);
  // 一日 (a day, all day), 三日 (three days): a kanji day of one character is
  // as often a count.
  if (!next_day && AsciiDigits(dtext) == 0 &&
      corpus::CountCodePoints(dtext) < 2) {
    return false;
  }
  if (!next_day && (prev == U'月' || prev == U'年' || prev == U'第' ||
                    prev == U'毎' || prev == U'約' || prev == U'〜' ||
                    prev == U'~' || prev == U'-' || IsKanjiNumeral(prev))) {
    return false;
  }
  const size_t day_end = c.End(kGD) + std::string_view("日").size();
  const std::string_view rest = c.After(day_end);
  static constexpr std::string_view kFollowers[] = {
      "、", ",",    "に",   "から", "まで", "午前", "午後", "朝",
      "夜", "夕",   "未明", "昼",   "正午", "深夜", "(",    "付",
      "は", "ごろ", "頃",   "以降", "以来", "早朝"};
  bool usual = next_day || c.Has(kGWdk) || c.Has(kGWdp);
  for (const std::string_view f : kFollowers) {
    usual = usual || rest.starts_with(f);
  }
  // 14日の東京株式市場, 3日は休場 opening a sentence or clause; mid-clause
  // (最大30日の猶予, 1日は24時間) they are durations.
  if (!next_day && (rest.starts_with("の") || rest.starts_with("は"))) {
    usual = prev == 0 || prev == U'。' || prev == U'、' || prev == '\n' ||
            prev == U'」' || prev == U'】' || prev == ' ' || prev == ',';
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
  if (!next_day &&
      (!usual || rate || length_before || rest.starts_with("付き"))) {
    return false;
  }
  const auto d = ParseField(dtext);
  if (!d || *d < 1 || *d > 31) return false;
  std::optional<std::string> norm;
  if (next_day) {
    if (c.anchor_day) {
      absl::CivilMonth month(*c.anchor_day);
      if (*d <= c.anchor_day->day()) ++month;
      for (int k = 0; k < 3 && !ValidDay(static_cast<int>(month.year()),
                                         month.month(), *d);
           ++k) {
        ++month;
      }
      norm = FormatNorm(static_cast<int>(month.year()), month.month(), *d);
    }
  } else if (HasDay(doc)) {
    absl::CivilMonth month(doc->year, doc->month);
    if (*d > doc->day) --month;
    // 31日 on 2 March: the last month with a 31st.
    while (!ValidDay(static_cast<int>(month.year()), month.month(), *d)) {
      --month;
    }
    norm = FormatNorm(static_cast<int>(month.year()), month.month(), *d);
  }
  const size_t end = TrimTimeOfDay(c, c.end);
  DateMatch& match = Emit(out, c.begin, end, std::move(norm),
                          next_day ? "date.relative" : "date.partial");
  SetWeekday(match, NamedWeekday(c, kGWdp, kGWdk),
             c.text.substr(c.begin, end - c.begin));
  return true;
}

// Ranges are one mention when their ends share a part (2024年5〜7月,
// 8月19日〜21日, 1990〜1991年, 7〜9月期) with the interval as the norm
// ("2024-05/2024-07"); ends written in full (5月〜7月, 1333年-1334年) are two.
bool HandleJpMonthRange(const Candidate& c,
                        const std::optional<CivilDate>& doc,
                        std::vector<DateMatch>& out) {
  const YearPartValue yp = ReadYearPart(c, doc);
  if (!yp.valid || yp.lunisolar) return false;
  if (yp.kind == YearPartValue::kAbsolute && yp.digits == 1) return false;
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
  const bool shared = yp.kind != YearPartValue::kNone || !c.Has(kGLn);
  if (!shared) {
    Emit(out, c.Begin(kGL), c.End(kGL), NormIf(y1, *m1, 0), "date.partial");
    Emit(out, c.Begin(kGR), c.End(kGR) - c.G(kGRsuf).size(), NormIf(y2, *m2, 0),
         "date.partial");
    return true;
  }
  Emit(out, c.begin, c.end,
       IntervalNorm(NormIf(y1, *m1, 0), NormIf(y2, *m2, 0)), "date.range");
  return true;
}

bool HandleJpDayRange(const Candidate& c, const std::optional<CivilDate>& doc,
                      std::vector<DateMatch>& out) {
  const YearPartValue yp = ReadYearPart(c, doc);
  if (!yp.valid || yp.lunisolar) return false;
  if (yp.kind == YearPartValue::kAbsolute && yp.digits == 1) return false;
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
  const bool shared =
      yp.kind != YearPartValue::kNone || !c.Has(kGM2) || !c.Has(kGLn);
  if (!shared) {  // 8月30日〜9月2日: two dates
    DateMatch& a = Emit(out, c.Begin(kGL), c.End(kGL), NormIf(y1, *m1, *d1),
                        "date.partial");
    SetWeekday(a, NamedWeekday(c, kGWdp, kGWdk), c.G(kGL));
    DateMatch& b = Emit(out, c.Begin(kGR), c.End(kGR), NormIf(y2, *m2, *d2),
                        "date.partial");
    SetWeekday(b, NamedWeekday(c, kGWd2p, kGWd2k), c.G(kGR));
    return true;
  }
  Emit(out, c.begin, c.end,
       IntervalNorm(NormIf(y1, *m1, *d1), NormIf(y2, *m2, *d2)), "date.range");
  return true;
}

// 1990〜1991年, 92〜94年, 2007-09年, 2004-05シーズン: one mention;
// 1333年-1334年: two years.
bool HandleJpYearRange(const Candidate& c, const std::optional<CivilDate>& doc,
                       std::vector<DateMatch>& out) {
  auto y1 = ParseField(c.G(kGY1));
  auto y2 = ParseField(c.G(kGY2));
  if (!y1 || !y2) return false;
  const size_t d1 = c.G(kGY1).size(), d2 = c.G(kGY2).size();
  const bool season = c.Has(kGRsuf);
  if (d1 == 2 && d2 == 4) return false;
  if (d1 == 2) *y1 = WidenTwoDigitYear(*y1, doc);
  if (d2 == 2) {
    // 1990-91, 2009-10, 1999-00: the second year in the first's century,
    // or the next one.
    *y2 = *y1 / 100 * 100 + *y2;
    if (*y2 < *y1) *y2 += 100;
    if (season && *y2 != *y1 + 1) return false;
  }
  if (*y1 < kFullYearMin || *y2 > kBareYearMax || *y1 >= *y2) return false;
  if (!season && YearFollowedByNonDate(c.After(c.end))) return false;
  if (c.Has(kGLn)) {
    if (d1 != 4 || d2 != 4 || season) return false;
    Emit(out, c.Begin(kGL), c.End(kGL), FormatNorm(*y1, 0, 0), "date.absolute");
    Emit(out, c.Begin(kGR), c.End(kGR), FormatNorm(*y2, 0, 0), "date.absolute");
    return true;
  }
  const size_t end = season ? c.Begin(kGRsuf) : c.end;
  Emit(out, c.begin, end,
       absl::StrCat(FormatNorm(*y1, 0, 0), "/", FormatNorm(*y2, 0, 0)),
       "date.range");
  return true;
}

// 1950年代 -> 195X, 1800年代 -> 18XX (the 1800s), 80年代 -> 198X, 昭和30年代
// -> 195X (the decade of its first year); 後半, 初頭 ... set the qualifier.
bool HandleDecade(const Candidate& c, const std::optional<CivilDate>& doc,
                  std::vector<DateMatch>& out) {
  std::optional<int> year;
  bool century = false;
  if (c.Has(kGEra)) {
    const EraInfo* era = c.tables->FindEra(c.G(kGEra));
    const auto n = ParseEraYear(c.G(kGEy));
    if (era == nullptr || !n || *n % 10 != 0 || *n == 0) {
      // 昭和元年代 is nothing; 昭和35年代 neither.
      if (!(n && *n == 1)) return false;
    }
    if (era != nullptr && n) year = era->Year(*n);
    if (!year) return false;
  } else {
    const std::string_view y = c.G(kGY);
    auto n = ParseJapaneseInteger(y);
    if (!n || *n % 10 != 0) return false;
    const int digits = AsciiDigits(y);
    if (digits == 2) {
      n = WidenTwoDigitYear(static_cast<int>(*n), doc);
    } else if (digits == 3 || *n < 100) {
      return false;
    }
    if (*n > kBareYearMax) return false;
    year = static_cast<int>(*n);
    century = *year % 100 == 0 && *year != 2000 && digits != 2;
  }
  std::string norm = FormatYear(*year);
  if (norm.size() != 4) return false;
  norm = century ? absl::StrCat(norm.substr(0, 2), "XX")
                 : absl::StrCat(norm.substr(0, 3), "X");
  DateMatch& m = Emit(out, c.begin, c.end, std::move(norm), "date.decade");
  m.qualifier = std::string(PartQualifier(c.G(kGPart)));
  return true;
}

// 18世紀 -> 17XX (1701-1800 written as the hundreds 17XX, EDTF's century),
// 前1世紀 / 紀元前3世紀 -> the interval of its years (-0099/0000).
bool HandleCentury(const Candidate& c, std::vector<DateMatch>& out) {
  const auto n = ParseField(c.G(kGCn));
  if (!n || *n < 1 || *n > 30) return false;
  const std::string_view rest = c.After(c.end);
  if (StartsWithAny(rest, {"ぶり", "間", "以上", "近く", "余", "以内"})) {
    return false;
  }
  const std::string_view before = c.Before(c.begin);
  if (before.ends_with("数") || before.ends_with("約")) return false;
  std::string norm;
  if (c.Has(kGCbc)) {
    if (!BceMarkOk(c, c.G(kGCbc), "00")) return false;
    norm = absl::StrCat(FormatYear(1 - *n * 100), "/",
                        FormatYear(-(*n - 1) * 100));
  } else {
    norm = absl::StrCat(*n - 1 < 10 ? "0" : "", *n - 1, "XX");
  }
  DateMatch& m = Emit(out, c.begin, c.end, std::move(norm), "date.century");
  m.qualifier = std::string(PartQualifier(c.G(kGPart)));
  return true;
}

int RelMonthOffset(std::string_view w) {
  if (w == "先々月") return -2;
  if (w == "先月" || w == "前月") return -1;
  if (w == "来月" || w == "翌月") return 1;
  if (w == "再来月") return 2;
  return 0;  // 今月, 同月
}

bool HandleRelMonth(const Candidate& c, const std::optional<CivilDate>& doc,
                    std::vector<DateMatch>& out) {
  const std::string_view w = c.G(kGRm);
  const int off = RelMonthOffset(w);
  const bool anaphoric = w == "同月" || w == "前月" || w == "翌月";
  // 前月比: a comparison.
  if (w == "前月" && StartsWithAny(c.After(c.End(kGRm)), {"比", "同"})) {
    return false;
  }
  int d = 0;
  if (c.Has(kGD)) {
    const auto day = ParseField(c.G(kGD));
    if (!day || *day < 1 || *day > 31) return false;
    d = *day;
  } else if (!c.Has(kGMsuf) && MonthIsNotADate(c, c.end)) {
    return false;
  }
  size_t end = TrimSuffix(c, kGMsuf, c.end);
  // 今月中 (within this month), but not 今月中国で.
  if (c.G(kGMsuf) == "中" && corpus::IsKanji(CodePointAt(c.text, c.end))) {
    end = c.Begin(kGMsuf);
  }
  // 同月, 前月 and 翌月 count from the month of the date before them; the
  // others from the article's month.
  std::optional<absl::CivilMonth> month;
  if (anaphoric) {
    if (c.anchor_month) month = *c.anchor_month + off;
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
  const std::string_view rest = c.After(c.End(kGRd));
  // Given names 明日香, 今日子; 今日本 is usually 今 + 日本; 前日比 and 当日券
  // are a comparison and a ticket.
  if ((w == "明日" && (rest.starts_with("香") || rest.starts_with("花") ||
                       rest.starts_with("葉"))) ||
      (w == "今日" && (rest.starts_with("子") || rest.starts_with("本"))) ||
      (w == "前日" && StartsWithAny(rest, {"比", "同"})) ||
      (w == "当日" && rest.starts_with("券"))) {
    return false;
  }
  int off = 0;
  if (w == "一昨日" || w == "おととい") {
    off = -2;
  } else if (w == "昨日" || w == "前日") {
    off = -1;
  } else if (w == "明日" || w == "翌日" || w == "翌朝") {
    off = 1;
  } else if (w == "明後日") {
    off = 2;
  }
  // 同日, 当日, 前日, 翌日 count from the date before them (前日 and 翌日
  // from the article's date when there is none); 先日 is some recent day.
  std::optional<std::string> norm;
  if (w == "同日" || w == "当日") {
    if (c.anchor_day) norm = FormatDay(*c.anchor_day);
  } else if (w == "前日" || w == "翌日" || w == "翌朝") {
    if (c.anchor_day) {
      norm = FormatDay(*c.anchor_day + off);
    } else if (HasDay(doc)) {
      norm = FormatDay(absl::CivilDay(doc->year, doc->month, doc->day) + off);
    }
  } else if (w == "先日") {
  } else if (HasDay(doc)) {
    norm = FormatDay(absl::CivilDay(doc->year, doc->month, doc->day) + off);
  }
  Emit(out, c.begin, TrimTimeOfDay(c, c.end), std::move(norm), "date.relative");
  return true;
}

// Monday of the week `weeks` away from the document's week.
std::optional<absl::CivilDay> WeekMondayDay(const std::optional<CivilDate>& doc,
                                            int weeks) {
  if (!HasDay(doc)) return std::nullopt;
  const absl::CivilDay day(doc->year, doc->month, doc->day);
  const int since_monday = static_cast<int>(absl::GetWeekday(day));
  return day - since_monday + 7 * weeks;
}

std::optional<std::string> WeekMonday(const std::optional<CivilDate>& doc,
                                      int weeks) {
  const auto monday = WeekMondayDay(doc, weeks);
  if (!monday) return std::nullopt;
  return FormatDay(*monday);
}

int RelWeekOffset(std::string_view w) {
  if (w == "先々週") return -2;
  if (w == "先週") return -1;
  if (w == "来週") return 1;
  if (w == "再来週") return 2;
  return 0;
}

bool HandleRelWeek(const Candidate& c, const std::optional<CivilDate>& doc,
                   std::vector<DateMatch>& out) {
  const int weeks = RelWeekOffset(c.G(kGRw));
  if (c.Has(kGWsuf)) {  // 先週末: that week's Saturday
    const auto monday = WeekMondayDay(doc, weeks);
    Emit(out, c.begin, c.end, monday ? FormatDay(*monday + 5) : std::nullopt,
         "date.relative");
    return true;
  }
  if (c.Has(kGJwd)) {  // 先週土曜日: that day of that week
    const int wd = JapaneseWeekday(c.G(kGJwd));
    const auto monday = WeekMondayDay(doc, weeks);
    DateMatch& m =
        Emit(out, c.begin, c.end,
             monday ? FormatDay(*monday + wd) : std::nullopt, "date.relative");
    m.weekday = std::string(kWeekdayNames[static_cast<size_t>(wd)]);
    return true;
  }
  Emit(out, c.begin, c.end, WeekMonday(doc, weeks), "date.relative");
  return true;
}

// A weekday alone (水曜日に, 土曜午後): the day of the week the sentence names
// before it (先週, 今週, 来週), else no norm; the weekday is kept. Not 日曜大工
// nor a weekday of a date written before it (handled with the date).
bool HandleWeekday(const Candidate& c, const std::optional<CivilDate>& doc,
                   std::vector<DateMatch>& out) {
  const int wd = JapaneseWeekday(c.G(kGJwd));
  if (wd < 0) return false;
  const size_t end = TrimTimeOfDay(c, c.end);
  const char32_t next = CodePointAt(c.text, end);
  const char32_t prev = CharBefore(c.text, c.begin);
  // 日曜大工, 月曜定休, 金曜ロードショー ... a word or a title; 第3日曜: a
  // recurring day; 月曜から金曜: fine.
  if (corpus::IsKatakanaLetter(next)) return false;
  if (corpus::IsKanji(next) && next != U'日' && !c.Has(kGTod) &&
      !StartsWithAny(c.After(end), {"夜", "朝", "夕", "昼", "以降", "未明"})) {
    return false;
  }
  if (IsKanjiNumeral(prev) || IsAsciiDigit(prev) || prev == U'毎') {
    // 毎週水曜日 is still a weekday mention, 毎水曜 too; 第3水曜 is not.
    if (prev != U'毎') return false;
  }
  // The week the sentence names before the weekday.
  std::optional<std::string> norm;
  size_t sentence = c.begin;
  while (sentence > 0) {
    const size_t p = PrevCodePointStart(c.text, sentence);
    const char32_t ch = CodePointAt(c.text, p);
    if (ch == U'。' || ch == '\n' || ch == U'！' || ch == U'？' || ch == '!' ||
        ch == '?') {
      break;
    }
    sentence = p;
    if (c.begin - sentence > 240) break;
  }
  const std::string_view clause = c.text.substr(sentence, c.begin - sentence);
  size_t best = std::string_view::npos;
  int weeks = 0;
  for (const std::string_view w :
       {"先々週", "再来週", "先週", "今週", "来週"}) {
    const size_t at = clause.rfind(w);
    if (at != std::string_view::npos &&
        (best == std::string_view::npos || at > best)) {
      best = at;
      weeks = RelWeekOffset(w);
    }
  }
  if (best != std::string_view::npos) {
    if (const auto monday = WeekMondayDay(doc, weeks)) {
      norm = FormatDay(*monday + wd);
    }
  }
  DateMatch& m = Emit(out, c.begin, end, std::move(norm), "date.weekday");
  m.weekday = std::string(kWeekdayNames[static_cast<size_t>(wd)]);
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

// Limits that keep N年前 etc. inside the span a norm can resolve; further
// offsets (2億年前, 3000年前) are dates without a norm.
bool CountInRange(Unit unit, long long n) {
  switch (unit) {
    case Unit::kYear: return n >= 1 && n <= 150;
    case Unit::kMonth: return n >= 1 && n <= 600;
    case Unit::kWeek: return n >= 1 && n <= 520;
    case Unit::kDay: return n >= 1 && n <= 3650;
  }
  return false;
}

// A count as written in an offset or a duration: 3, 1,500, 2.5, 6,500万,
// 2億5217万, 二十; nullopt when vague (数年) or malformed.
std::optional<double> ParseCount(std::string_view s) {
  if (s.find("数") != std::string_view::npos) return std::nullopt;
  double total = 0, section = 0;
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    if (IsAsciiDigit(static_cast<unsigned char>(s[i]))) {
      std::string digits;
      while (i < s.size() && (IsAsciiDigit(static_cast<unsigned char>(s[i])) ||
                              s[i] == ',' || s[i] == '.')) {
        if (s[i] != ',') digits += s[i];
        ++i;
      }
      double v = 0;
      if (!absl::SimpleAtod(digits, &v)) return std::nullopt;
      section = v;
      any = true;
      continue;
    }
    const char32_t cp = corpus::NextCodePoint(s, &i);
    if (cp == U'万' || cp == U'億') {
      if (!any) return std::nullopt;
      total += section * (cp == U'万' ? 1e4 : 1e8);
      section = 0;
      continue;
    }
    // A run of kanji numerals.
    size_t j = start;
    while (j < s.size()) {
      size_t k = j;
      const char32_t ch = corpus::NextCodePoint(s, &k);
      if (ch == U'万' || ch == U'億' || !IsKanjiNumeral(ch)) break;
      j = k;
    }
    if (j == start) return std::nullopt;
    const auto v = ParseJapaneseInteger(s.substr(start, j - start));
    if (!v) return std::nullopt;
    section = static_cast<double>(*v);
    any = true;
    i = j;
  }
  if (!any) return std::nullopt;
  return total + section;
}

Unit UnitOf(std::string_view u) {
  if (u == "年") return Unit::kYear;
  if (u == "日") return Unit::kDay;
  if (u == "週間") return Unit::kWeek;
  return Unit::kMonth;
}

// N年前, 3日後, 数年前, 半年後, 2億年前: a point shifted from the article's
// date (no norm without one, when vague, or beyond the range of dates).
bool HandleRelN(const Candidate& c, const std::optional<CivilDate>& doc,
                std::vector<DateMatch>& out) {
  const bool half = c.Has(kGHalf);
  const std::string_view dir = c.G(half ? kGHdir : kGDir);
  const std::string_view rest = c.After(c.end);
  const std::string_view u = c.G(half ? kGHunit : kGUnit);
  // 5年前後 (about five years), 3年後半: amounts, not points in time.
  if ((dir == "前" && rest.starts_with("後")) ||
      (dir == "後" && rest.starts_with("半"))) {
    // 2020年前後: around the year 2020.
    const auto year = ParseCount(c.G(kGN));
    if (!half && u == "年" && year && *year >= 1000 && *year <= kBareYearMax &&
        AsciiDigits(c.G(kGN)) == 4) {
      Emit(out, c.begin, c.End(kGUnit),
           FormatNorm(static_cast<int>(*year), 0, 0), "date.absolute");
      return true;
    }
    return false;
  }
  const char32_t prev = CharBefore(c.text, c.begin);
  // 直前, 午前 ... are other words; 3日前 after a kanji numeral is the tail of
  // a longer number.
  if (IsKanjiNumeral(prev) && !half) return false;
  const int sign = dir == "前" ? -1 : 1;
  std::optional<std::string> norm;
  if (half) {
    const std::string_view h = c.G(kGHalf);
    if (u == "世紀") {
      const long long years = h == "四半" ? 25 : 50;
      if (doc) norm = ShiftFromDoc(doc, Unit::kYear, years, sign);
    } else if (h == "半" && u == "年") {
      norm = ShiftFromDoc(doc, Unit::kMonth, 6, sign);
    } else if (h == "半" && u == "月") {
      norm = ShiftFromDoc(doc, Unit::kDay, 15, sign);
    } else {
      return false;
    }
  } else if (const auto n = ParseCount(c.G(kGN))) {
    if (*n <= 0) return false;
    if (c.Has(kGRhalf)) {  // 3年半後: 42 months; 2ヶ月半前: 75 days
      if (u == "年" && *n == std::floor(*n) && *n <= 150) {
        norm = ShiftFromDoc(doc, Unit::kMonth,
                            static_cast<long long>(*n) * 12 + 6, sign);
      } else if (u != "年" && u != "世紀" && UnitOf(u) == Unit::kMonth &&
                 *n == std::floor(*n) && *n <= 600) {
        norm = ShiftFromDoc(doc, Unit::kDay,
                            static_cast<long long>(*n) * 30 + 15, sign);
      }
    } else if (u == "世紀") {
      if (*n == std::floor(*n) && *n * 100 <= 150) {
        norm = ShiftFromDoc(doc, Unit::kYear, static_cast<long long>(*n) * 100,
                            sign);
      }
    } else {
      const Unit unit = UnitOf(u);
      // Only counts a long long holds are converted (7777...年後 is none).
      if (*n == std::floor(*n) && *n < 1e15 &&
          CountInRange(unit, static_cast<long long>(*n))) {
        norm = ShiftFromDoc(doc, unit, static_cast<long long>(*n), sign);
      }
    }
  }
  Emit(out, c.begin, c.end, std::move(norm), "date.relative");
  return true;
}

// An ISO 8601 duration of years, months, weeks and days (fractions in the
// smallest unit given: P2.5M).
std::string FormatDuration(double years, double months, double weeks,
                           double days) {
  // A count no long long holds (7777...年間) is no length of time kiji can
  // write: the duration is vague (empty).
  for (double v : {years, months, weeks, days}) {
    if (!(v < 1e15)) return "";
  }
  auto num = [](double v) {
    if (v == std::floor(v)) return absl::StrCat(static_cast<long long>(v));
    // Fixed notation (ISO 8601 has no exponent), trailing zeros dropped.
    std::string f = absl::StrFormat("%.6f", v);
    f.erase(f.find_last_not_of('0') + 1);
    if (f.back() == '.') f.pop_back();
    return f;
  };
  std::string out = "P";
  if (years > 0) absl::StrAppend(&out, num(years), "Y");
  if (months > 0) absl::StrAppend(&out, num(months), "M");
  if (weeks > 0) absl::StrAppend(&out, num(weeks), "W");
  if (days > 0) absl::StrAppend(&out, num(days), "D");
  return out;
}

// Adds `n` of unit `u` (年, カ月, 週間, 日) to the components.
void AddUnit(std::string_view u, double n, double& y, double& mo, double& w,
             double& d) {
  switch (UnitOf(u)) {
    case Unit::kYear:
      y += n;
      break;
    case Unit::kMonth:
      mo += n;
      break;
    case Unit::kWeek:
      w += n;
      break;
    case Unit::kDay:
      d += n;
      break;
  }
}

// 20年間, 3年半, 2ヶ月間, 1か月, 半年, 1年2カ月, 数日間: a length of time.
// Counts that are no lengths are left out: 5年連続, 50周年, 2日目, 3年生;
// a bare 3年 or 3日 is a length only in a length's context (創業25年, 10年
// ぶり, 20年の歴史); a bare N日 is left to the day-of-month rule.
bool HandleDuration(const Candidate& c, std::vector<DateMatch>& out) {
  const std::string_view rest = c.After(c.end);
  const std::string_view before = c.Before(c.begin);
  const char32_t prev = CharBefore(c.text, c.begin);
  if (StartsWithAny(rest, {"目", "連続", "周年", "生", "制", "度", "号", "版",
                           "ごと", "毎", "おき"}) ||
      prev == U'第' || prev == U'毎' || prev == U'上' || prev == U'下') {
    return false;
  }
  double y = 0, mo = 0, w = 0, d = 0;
  bool vague = false;
  if (c.Has(kGDq)) {
    const std::string_view q = c.G(kGDq);
    if (q == "四半世紀") {
      y = 25;
    } else if (q == "半世紀") {
      y = 50;
    } else if (q == "半年") {
      mo = 6;
    } else if (q == "半月") {
      d = 15;
    } else if (q == "半日") {
      // PT12H
    } else {
      d = 1;  // 丸一日
    }
    // 前半年, 上半年: halves of a year, not six months.
    if (corpus::IsKanji(prev) && q.starts_with("半")) return false;
    DateMatch& m = Emit(out, c.begin, c.end, std::nullopt, "duration");
    m.kind = DateKind::kDuration;
    std::string duration = q == "半日" ? "PT12H" : FormatDuration(y, mo, w, d);
    if (!duration.empty()) m.duration = std::move(duration);
    return true;
  }
  const std::string_view u = c.G(kGDu);
  const auto n = ParseCount(c.G(kGDn));
  vague = !n;
  if (!vague && *n <= 0) return false;
  const bool marked = c.Has(kGDkan) || c.Has(kGDhalf) || c.Has(kGDn2) ||
                      c.Has(kGDext) || UnitOf(u) == Unit::kMonth ||
                      UnitOf(u) == Unit::kWeek;
  if (!marked) {
    if (u == "日") {
      // 3日: the day-of-month rule's; 30日以内, 10日ぶり are lengths.
      if (!vague &&
          !StartsWithAny(rest, {"以内", "以上", "未満", "ぶり", "振り", "余り",
                                "あまり", "近く", "足らず", "が経", "が過ぎ",
                                "かけ", "にわた", "に渡", "に及"})) {
        return false;
      }
    } else if (!vague && !YearFollowedByLength(rest) &&
               !PrecededByLengthWord(before)) {
      return false;
    }
    // 数日, 数年: vague lengths; not after a kanji (十数日 is one number).
  }
  if (IsKanjiNumeral(prev) || IsAsciiDigit(prev)) return false;
  // 奇数年, 複数日: 数 inside a word.
  if (vague && c.G(kGDn).starts_with("数") && corpus::IsKanji(prev)) {
    return false;
  }
  if (!vague) AddUnit(u, *n, y, mo, w, d);
  if (c.Has(kGDn2)) {
    const auto n2 = ParseCount(c.G(kGDn2));
    if (!n2 || vague) return false;
    const Unit u1 = UnitOf(u), u2 = UnitOf(c.G(kGDu2));
    if (static_cast<int>(u2) <= static_cast<int>(u1)) return false;
    AddUnit(c.G(kGDu2), *n2, y, mo, w, d);
  }
  if (c.Has(kGDhalf) && !vague) {
    const Unit last = c.Has(kGDn2) ? UnitOf(c.G(kGDu2)) : UnitOf(u);
    switch (last) {
      case Unit::kYear:
        mo += 6;
        break;
      case Unit::kMonth:
        mo += 0.5;
        break;
      case Unit::kWeek:
        w += 0.5;
        break;
      case Unit::kDay:
        d += 0.5;
        break;
    }
  }
  DateMatch& m = Emit(out, c.begin, c.end, std::nullopt, "duration");
  m.kind = DateKind::kDuration;
  if (!vague) {
    std::string duration = FormatDuration(y, mo, w, d);
    if (!duration.empty()) m.duration = std::move(duration);
  }
  return true;
}

// Characters after a bare age (古代, 近代, 現代) that make it part of another
// word: 近代化, 現代的, 現代人, 現代自動車, 現代美術.
bool AgeStartsAWord(std::string_view rest) {
  return StartsWithAny(
      rest,
      {"化",     "的",   "性",   "人",     "語",   "文",   "風",     "版",
       "派",     "主義", "社",   "劇",     "詩",   "史",   "美術",   "音楽",
       "思想",   "建築", "小説", "自動車", "重工", "建設", "百貨店", "グループ",
       "アート", "用語", "表記", "仮名",   "短歌", "医学", "科学"});
}

// Era names that are everyday words too.
bool IsCommonWordEra(std::string_view name) {
  for (const std::string_view w :
       {"文化", "治安", "文明", "永久", "大同", "天元", "正中", "文中", "長久",
        "安元", "元和", "万治", "康和", "長和", "安和", "天和", "正和", "大和",
        "元中", "天授", "天平", "宝永", "応和", "寛和", "永和", "延長", "元応",
        "正応", "応長", "元亨", "正平", "天福", "仁和", "延元"}) {
    if (name == w) return true;
  }
  return false;
}

// Era names alone (明治, 昭和) are a period only before these words
// (明治以降, 昭和から, 明治・大正): 明治 and 昭和 are company names too.
bool EraAloneContextOk(const Candidate& c, size_t end) {
  const std::string_view rest = c.After(end);
  if (StartsWithAny(rest, {"以降", "以前", "以来", "以後", "まで", "から",
                           "にかけ", "に入", "期"})) {
    // Only eras that are no everyday words: 文化 (culture), 治安 (public
    // order), 文明, 永久, 大同 are eras too.
    return !IsCommonWordEra(c.text.substr(c.begin, end - c.begin));
  }
  // In a list of eras: 明治、大正、昭和 / 明治・大正期 (文化・技術 is none).
  auto era_at = [&](std::string_view s, bool at_end) {
    for (size_t len = 12; len >= 6; len -= 3) {
      if (s.size() < len) continue;
      const EraInfo* era = c.tables->FindEra(at_end ? s.substr(s.size() - len)
                                                    : s.substr(0, len));
      if (era != nullptr && era->region == "ja" && era->first >= 1868) {
        return true;
      }
    }
    return false;
  };
  if (rest.starts_with("、") || rest.starts_with("・")) {
    if (era_at(rest.substr(3), false)) return true;
  }
  const std::string_view before = c.Before(c.begin);
  if (before.ends_with("、") || before.ends_with("・")) {
    return era_at(before.substr(0, before.size() - 3), true);
  }
  return false;
}

// Named periods (江戸時代, 平安時代末期, 唐代, 戦後, ジュラ紀,
// 第二次世界大戦後) from the periods table, and eras as periods (明治時代,
// 寛永期, 寛文年間, 明治初期): the interval of the table, a qualifier for a
// part word.
bool HandlePeriod(const Candidate& c, std::vector<DateMatch>& out) {
  const std::string_view name = c.G(kGPn);
  std::string_view form = c.G(kGPf);
  std::string_view part = c.G(kGPart);
  const char32_t prev = CharBefore(c.text, c.begin);
  // Inside a longer word (大戦後, 北朝鮮, 挑戦後).
  if (corpus::IsKanji(prev) && corpus::IsKanji(CodePointAt(name, 0))) {
    return false;
  }
  const PeriodInfo* period = c.tables->FindPeriod(name);
  const EraInfo* era = period == nullptr ? c.tables->FindEra(name) : nullptr;
  size_t end = c.end;
  std::optional<std::string> norm;
  std::string_view qualifier = PartQualifier(part);
  if (period != nullptr) {
    auto allows = [&](std::string_view f, std::string_view p) {
      if (!f.empty()) return period->Allows(f);
      return period->Allows("") || (!p.empty() && period->Allows("*"));
    };
    // 後漢末: a part word that is another period's form (唐末).
    if (!allows(form, part) && part.empty() && IsPartWord(form) &&
        allows({}, form)) {
      part = form;
      form = {};
      qualifier = PartQualifier(part);
    }
    if (!allows(form, part)) {
      // 中世ヨーロッパ: the bare name before a word that looked like a form.
      if (!form.empty() && period->Allows("")) {
        form = {};
        part = {};
        qualifier = {};
        end = c.Begin(kGPf);
      } else if (!part.empty() && allows(form, {})) {
        end = c.Begin(kGPart);
        part = {};
        qualifier = {};
      } else {
        return false;
      }
    }
    const std::string_view rest = c.After(end);
    const bool bare = form.empty() && part.empty();
    if (bare && !period->norm && AgeStartsAWord(rest)) return false;
    // 元代表, 明代 + kanji: a one-kanji dynasty with 代 inside a word.
    if (corpus::CountCodePoints(c.text.substr(c.begin, end - c.begin)) <= 2 &&
        corpus::IsKanji(CodePointAt(rest, 0)) &&
        (form == "代" || form == "朝")) {
      return false;
    }
    if (period->norm) {
      const std::string start =
          period->open_start ? ".." : FormatYear(period->start);
      const std::string fin = period->open_end ? ".." : FormatYear(period->end);
      if (form == "後" || form == "以後" || form == "以降" || form == "直後") {
        norm = period->open_end ? std::nullopt
                                : std::optional<std::string>(fin + "/..");
      } else if (form == "前" || form == "以前" || form == "直前") {
        norm = period->open_start ? std::nullopt
                                  : std::optional<std::string>("../" + start);
      } else {
        norm = period->norm;
      }
    }
  } else if (era != nullptr) {
    // An era as a period: 明治時代, 寛永期, 寛文年間, 明治初期, 明治末.
    if (!form.empty() && form != "時代" && form != "期" && form != "年間") {
      end = c.Begin(kGPf);
      form = {};
      part = {};
      qualifier = {};
    }
    if (form.empty() && part.empty() && !EraAloneContextOk(c, end)) {
      return false;
    }
    norm = absl::StrCat(FormatYear(era->first), "/", FormatYear(era->last));
  } else {
    return false;
  }
  DateMatch& m = Emit(out, c.begin, end, std::move(norm), "date.period");
  m.qualifier = std::string(qualifier);
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
  if (w == "週末") {
    // Some weekend; 今週末, 先週末 are the week rule's.
  } else if (w == "年明け") {
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
    case RuleKind::kJpYearRange:
      return HandleJpYearRange(c, doc, out);
    case RuleKind::kJpDate: return HandleJpDate(c, doc, out);
    case RuleKind::kDecade:
      return HandleDecade(c, doc, out);
    case RuleKind::kCentury:
      return HandleCentury(c, out);
    case RuleKind::kJpMonth: return HandleJpMonth(c, doc, out);
    case RuleKind::kJpDay: return HandleJpDay(c, doc, out);
    case RuleKind::kRelMonth: return HandleRelMonth(c, doc, out);
    case RuleKind::kRelDay: return HandleRelDay(c, doc, out);
    case RuleKind::kRelWeek: return HandleRelWeek(c, doc, out);
    case RuleKind::kWeekday:
      return HandleWeekday(c, doc, out);
    case RuleKind::kRelN: return HandleRelN(c, doc, out);
    case RuleKind::kPeriod:
      return HandlePeriod(c, out);
    case RuleKind::kDuration:
      return HandleDuration(c, out);
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

// The year a match names for 同年/翌年/前年, if it wrote one: "2019",
// "2019-03-05", "-0519"; not an interval, century or decade.
std::optional<int> NormYear(const std::optional<std::string>& norm) {
  if (!norm || norm->find('/') != std::string::npos ||
      norm->find('X') != std::string::npos) {
    return std::nullopt;
  }
  const bool negative = norm->starts_with("-");
  const std::string_view digits = std::string_view(*norm).substr(negative, 4);
  int year = 0;
  if (digits.size() != 4 || !absl::SimpleAtoi(AV(digits), &year)) {
    return std::nullopt;
  }
  return negative ? -year : year;
}

}  // namespace

DateExtractor::DateExtractor(std::shared_ptr<const Impl> impl)
    : impl_(std::move(impl)) {}
DateExtractor::~DateExtractor() = default;

absl::StatusOr<std::unique_ptr<DateExtractor>> DateExtractor::Create(
    const DateExtractorOptions& options) {
  // Compiling the rules is most of a short run's start-up: compile once per
  // set of options, then share (RE2 objects are immutable and thread-safe).
  static std::mutex mu;
  static auto* const compiled =
      new std::map<std::string, std::shared_ptr<const Impl>>();
  std::shared_ptr<const Impl> impl;
  {
    const std::lock_guard<std::mutex> lock(mu);
    const std::string key =
        absl::StrCat(options.dateline_rules_only ? "1" : "0", options.data_dir);
    auto it = compiled->find(key);
    if (it == compiled->end()) {
      auto created = CompileRules(options);
      if (!created.ok()) return created.status();
      it = compiled->emplace(key, *std::move(created)).first;
    }
    impl = it->second;
  }
  // `FindDateline` reads with its own rules: compile them now, at start,
  // rather than in the first document's dateline stage.
  if (!options.dateline_rules_only) FindDateline("");
  return std::unique_ptr<DateExtractor>(new DateExtractor(std::move(impl)));
}

absl::StatusOr<std::shared_ptr<const DateExtractor::Impl>>
DateExtractor::CompileRules(const DateExtractorOptions& options) {
  auto impl = std::make_shared<Impl>();
  if (options.data_dir.empty()) {
    impl->tables = DateTables::BuiltIn();
  } else {
    auto tables = DateTables::Load(absl::StrCat(options.data_dir, "/dates"));
    if (!tables.ok()) return tables.status();
    impl->tables = *std::move(tables);
  }
  RE2::Options re_options;
  re_options.set_log_errors(false);
  re_options.set_max_mem(64 << 20);
  RE2::Options span_options = re_options;
  span_options.set_longest_match(true);
  // Datelines need the rules of dates alone: a weekday, duration or period
  // there must stay filler or residue (FindDateline).
  auto wanted = [&](RuleKind kind) {
    return !options.dateline_rules_only ||
           !(kind == RuleKind::kDecade || kind == RuleKind::kCentury ||
             kind == RuleKind::kWeekday || kind == RuleKind::kPeriod ||
             kind == RuleKind::kDuration || kind == RuleKind::kRelN);
  };
  std::string master;
  for (auto& [kind, pattern] : RulePatterns(impl->tables, /*master=*/true)) {
    if (pattern.empty() || !wanted(kind)) continue;
    std::string unnamed = pattern;
    RE2::GlobalReplace(&unnamed, R"(\(\?P<[a-z0-9_]+>)", "(?:");
    absl::StrAppend(&master, master.empty() ? "" : "|", "(?:", unnamed, ")");
  }
  std::string name_union;
  impl->rule_set = std::make_unique<RE2::Set>(re_options, RE2::ANCHOR_BOTH);
  for (auto& [kind, pattern] : RulePatterns(impl->tables, /*master=*/false)) {
    if (pattern.empty() || !wanted(kind)) continue;
    Impl::Rule rule;
    rule.kind = kind;
    rule.re = std::make_unique<RE2>(pattern, re_options);
    if (!rule.re->ok()) {
      return absl::InternalError(absl::StrCat(
          "date_extractor: rule ", static_cast<int>(kind),
          " does not compile: ", rule.re->error()));
    }
    rule.num_groups = rule.re->NumberOfCapturingGroups();
    rule.group_index.fill(-1);
    const auto& named = rule.re->NamedCapturingGroups();
    for (size_t g = 0; g < kNumGroups; ++g) {
      const auto found = named.find(kGroupNames[g]);
      if (found != named.end()) rule.group_index[g] = found->second;
    }
    std::string unnamed = pattern;
    RE2::GlobalReplace(&unnamed, R"(\(\?P<[a-z0-9_]+>)", "(?:");
    if (kind == RuleKind::kJpDate || kind == RuleKind::kDecade ||
        kind == RuleKind::kPeriod) {
      absl::StrAppend(&name_union, name_union.empty() ? "" : "|",
                      "(?:", unnamed, ")");
    }
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
  if (!options.dateline_rules_only) {
    for (const EraInfo& e : impl->tables.eras()) {
      impl->names.Add(e.name, {});
    }
    for (const PeriodInfo& period : impl->tables.periods()) {
      impl->names.Add(period.name, period.forms);
    }
    impl->name_span = std::make_unique<RE2>(name_union, span_options);
    if (!impl->name_span->ok()) {
      return absl::InternalError(
          absl::StrCat("date_extractor: name rules do not compile: ",
                       impl->name_span->error()));
    }
  }
  RE2::Options master_options = re_options;
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
  if (text.empty() ||
      !MayContainDate(text, !impl_->tables.periods().empty() ||
                                impl_->tables.eras().size() > 5)) {
    return out;
  }
  const std::optional<CivilDate> doc = SanitizeDocDate(doc_date);
  const re2::StringPiece input(text.data(), text.size());
  std::vector<re2::StringPiece> groups;
  thread_local SpanParseMemo memo;
  std::optional<int> anchor_year;  // see Candidate::anchor_year
  std::optional<absl::CivilMonth> anchor_month;
  std::optional<absl::CivilDay> anchor_day;
  // Candidates come from the union of the rules (`master`), tried at each
  // position where one of them can start (`RuleStarts`), and from the starts
  // of names of the tables (`names`): whichever is leftmost, then longest,
  // as if the names were in the union. An anchored search from each start
  // builds far fewer DFA states than one unanchored search, in which every
  // kanji numeral or date word of the text keeps threads alive.
  thread_local std::vector<size_t> starts;
  thread_local std::vector<size_t> names;
  FindStarts(text, impl_->names, &starts, &names);
  size_t next_start = 0, next_name = 0;
  bool master_done = false;  // no master candidate at or after `master_pos`
  size_t master_pos = std::string_view::npos, master_b = 0, master_e = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (master_pos != pos && !master_done) {
      master_done = true;
      while (next_start < starts.size() && starts[next_start] < pos) {
        ++next_start;
      }
      for (; next_start < starts.size(); ++next_start) {
        const size_t s = starts[next_start];
        re2::StringPiece whole;
        if (impl_->master->Match(input, s, text.size(), RE2::ANCHOR_START,
                                 &whole, 1) &&
            !whole.empty()) {
          master_b = s;
          master_e = s + whole.size();
          master_pos = pos;
          master_done = false;
          break;
        }
      }
    }
    while (next_name < names.size() && names[next_name] < pos) ++next_name;
    if (impl_->name_span == nullptr) next_name = names.size();
    size_t b = master_b, e = master_e;
    bool from_name = false;
    if (next_name < names.size() &&
        (master_done || names[next_name] <= master_b)) {
      const size_t p = names[next_name];
      size_t end = p;
      re2::StringPiece m;
      if (impl_->name_span->Match(input, p, text.size(), RE2::ANCHOR_START, &m,
                                  1)) {
        end = p + m.size();
      }
      if (end > p && (master_done || p < master_b || end > master_e)) {
        b = p;
        e = end;
        from_name = true;
      } else if (master_done || p < master_b) {
        ++next_name;  // nothing starts with this name here
        continue;
      }
    }
    if (master_done && !from_name) break;
    bool accepted = false;
    if (e > b && StartBoundaryOk(text, b) && EndBoundaryOk(text, e)) {
      const std::string_view span = text.substr(b, e - b);
      auto [parse, is_new] = memo.Get(impl_.get(), span);
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
        const Candidate c{text,        b,
                          e,           &rule.group_index,
                          &groups,     &impl_->tables,
                          anchor_year, anchor_month,
                          anchor_day};
        const size_t before = out.size();
        if (Handle(rule.kind, c, doc, out)) {
          accepted = true;
          pos = out.back().end;
          if (pos <= b) pos = e;  // Defensive: always make progress.
          // Dates that number a law (昭和22年法律第67号) are part of its name.
          if (FollowedByLawNumber(text.substr(out.back().end))) {
            out.resize(before);
            pos = e;
            break;
          }
          // Only a year the text wrote (2019年, 令和元年, 昨年, 同年, 2019)
          // anchors 同年/翌年; 3日, 先月, Tuesday take theirs from the
          // article's date.
          const bool year_written = c.Has(kGY) || c.Has(kGEra) ||
                                    c.Has(kGEmp) || c.Has(kGRy) ||
                                    c.Has(kGY1) || c.Has(kGY2);
          for (size_t i = before; year_written && i < out.size(); ++i) {
            if (out[i].kind != DateKind::kDate) continue;
            if (const auto year = NormYear(out[i].norm)) anchor_year = year;
          }
          // Any date with a month or a day anchors 同月 and 同日, written
          // (2019年3月5日) or resolved (3日, 昨日, 同日).
          for (size_t i = before; i < out.size(); ++i) {
            if (!out[i].norm || out[i].kind != DateKind::kDate) continue;
            if (const auto day = ParseIsoDay(*out[i].norm)) {
              anchor_day = absl::CivilDay(day->year, day->month, day->day);
              anchor_month = absl::CivilMonth(*anchor_day);
            } else if (const auto month = ParseIsoMonth(*out[i].norm)) {
              anchor_month = month;
            }
          }
          break;
        }
        out.resize(before);
      }
    }
    if (!accepted) {
      if (from_name) {
        ++next_name;  // the master's candidate still stands
        continue;
      }
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
    DateExtractorOptions options;
    options.dateline_rules_only = true;
    auto created = DateExtractor::Create(options);
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
    if (!m.warning.empty()) {
      doc.diagnostics.push_back(corpus::Diagnostic{
          "dates", "date_inconsistent", 0,
          absl::StrCat("dates: ", m.warning, " (character ",
                       doc.norm_to_orig.ToOriginal(m.begin), ")")});
    }
    corpus::Mention& mention = doc.mentions.emplace_back();
    mention.type = m.kind == DateKind::kDuration ? corpus::EntityType::kDuration
                                                 : corpus::EntityType::kDate;
    mention.norm_begin = static_cast<uint32_t>(m.begin);
    mention.norm_end = static_cast<uint32_t>(m.end);
    mention.date_norm = std::move(m.norm);
    mention.duration = std::move(m.duration);
    mention.weekday = std::move(m.weekday);
    mention.qualifier = std::move(m.qualifier);
    mention.source = std::move(m.source);
  }
  return absl::OkStatus();
}

}  // namespace kiji::extractors
