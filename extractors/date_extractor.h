// DATE and DURATION extraction over normalised text (docs/normalization.md),
// and the article's own date from its dateline.
//
// `DateExtractor` finds date expressions and lengths of time in Japanese and
// English. Its regular expressions are built from the era and period tables
// of the data folder (data/dates/eras.tsv, periods.tsv) and compiled once per
// folder by `Create` and shared; `Extract` is const and thread-safe (RE2
// matching is thread-safe), so one instance may serve every worker.
// `FindDateline` and `ParseJapaneseInteger` are free functions with no
// mutable state and are thread-safe as well.
//
// Norms: ISO "YYYY", "YYYY-MM", "YYYY-MM-DD" (years before 1 signed in
// astronomical numbering: 紀元前520年 -> "-0519"); ISO 8601-2 / EDTF
// "17XX" for a century (18世紀), "195X" for a decade (1950年代, 昭和30年代),
// and intervals "start/end" for periods (江戸時代 -> "1603/1868", 戦後 ->
// "1945/..") and ranges (2024年5〜7月 -> "2024-05/2024-07").
//
// Resolution rules (the document date `doc_date` is the reference point):
//   - Explicit year (2024年8月, 令和6年, 天保11年, 光緒21年, 推古天皇36年,
//     2024-08-19, August 19, 2024): as written. An era year must lie inside
//     its era (天保99年 is nothing). Years of four digits stand alone; three
//     digits only in a year's context (807年に, 819年から, 1000年、); one or
//     two only with a month or 度 (25年3月期, 24年度: two digits are the
//     century at most 20 years after the article's year), 翌 (翌11年1月14日:
//     the year after the last one named) or a calendar word (西暦, 紀元,
//     紀元前, 前 for BCE after punctuation). A date before 1873 in a Japanese
//     era (before 1912 in a Chinese one) has lunisolar months: the norm is its
//     year alone (天保11年2月13日 -> "1840").
//   - One mention for one date: 1912年(明治45年)7月30日 is one date, the
//     bracketed year checked (`warning` when it differs); a weekday after a
//     date (4月6日火曜日, 9日(月)) is in its span, checked the same way.
//   - 2024年度 / 今年度: the fiscal year's number; 今年度 is the fiscal year
//     (April..March) containing `doc_date`, so it needs `doc_date.month`.
//   - Year-less month or month-day (7月, 7月末, 8月上旬, 8月19日, August 19):
//     the most recent such month (month-day) not after `doc_date`. When
//     `doc_date.day` is unknown, a month-day in the document's month counts as
//     not after it. Source "date.partial".
//   - Relative words (昨年, 今月, 明日, 先週, 9年前, 3日後, last year, 3 months
//     ago): shifted from `doc_date`; weeks (先週/今週/来週, last week) resolve
//     to the Monday of that week, 先週土曜日 to that day. Offsets beyond 150
//     years (2億年前, 15,000年前) and vague ones (数年前) have no norm.
//     Suffixes 末/初め/上旬/中旬/下旬/... keep the granularity of what they
//     modify (今年7月末 -> "Y-07").
//   - Anaphoric words count from the date before them: 同年, 翌年, 前年 from
//     the last year the text wrote; 同月, 前月, 翌月 and 同日, 当日, 前日,
//     翌日, 翌12日, 翌4月 from the last month and day (前日 and 翌日 from
//     `doc_date` when none came before). 先日 has no norm.
//   - Weekdays alone (水曜日, 土曜): the day of the week the sentence named
//     before them (先週, 今週, 来週), else no norm; `weekday` keeps the day.
//   - Centuries, decades and named periods (18世紀後半, 1990年代, 江戸時代初期,
//     唐代, 第二次世界大戦後, ジュラ紀, 明治以降, 寛文年間): as above, with a
//     qualifier early/mid/late for a part word.
//   - Anything that needs a field `doc_date` lacks (or no `doc_date` at all)
//     is still a match, with `norm == nullopt`; nothing is guessed.
//   - Ranges whose ends share a part (2024年5〜7月, 2024年5月〜7月,
//     8月19日〜21日, 1990〜91年, 2004-05シーズン) are one match with an
//     interval norm (source "date.range"); ends written in full (5月〜7月,
//     1333年-1334年) are two.
//   - DURATION (kind kDuration, source "duration"): lengths of time with an
//     ISO 8601 duration: 20年間 P20Y, 3年半 P3Y6M, 2ヶ月間 P2M, 1か月 P1M, 半年
//     P6M, 2週間 P2W, 1年2カ月 P1Y2M; a bare N年 only in a length's context
//     (創業25年, 10年ぶり, 20年の歴史, 約5年); vague ones (数年, 十数日)
//     without a duration.
//   - Not dates: counts (5年連続, 50周年, 2日目, 3年生), years of a law's
//     number (昭和22年法律第67号) or an edition (2017年版), 1000年に一度,
//     times (10時), version numbers and amounts, a bare day in mid-clause
//     (最大30日の), weekdays inside words (日曜大工, 金曜ロードショー). Bare
//     4-digit years in English only after a preposition
//     (in/since/by/until/...); the span is the year alone.
//   - An expression that fails validation is dropped whole: its tail is not
//     re-read as a shorter date (2023年2月29日 yields nothing, not 2月29日).
//
// Cost: one leftmost-longest DFA scan of the text plus a parse of each
// candidate (about 200 MB/s on news text; a text made only of rejected
// candidates such as "2024年間" repeated is the slow case, a few MB/s).
#ifndef KIJI_EXTRACTORS_DATE_EXTRACTOR_H_
#define KIJI_EXTRACTORS_DATE_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "corpus/stage.h"


namespace kiji::extractors {

// Options of `DateExtractor::Create`. Defaults:
//   data_dir             ""     the built-in eras 明治..令和, no named periods
//   dateline_rules_only  false  every rule
struct DateExtractorOptions {
  // Folder whose dates/eras.tsv and dates/periods.tsv (see their header
  // comments) hold the era names and named periods; the build's data folder
  // by default in `kiji` (pipeline/analyzer.cc).
  std::string data_dir;
  // Only the rules of dates, none of centuries, decades, periods, weekdays
  // alone, offsets or durations: what `FindDateline` reads a dateline with.
  bool dateline_rules_only = false;
};

// What a match is: a point or period of time (DATE) or a length of time
// (DURATION).
enum class DateKind { kDate, kDuration };

// One date or duration expression. `text.substr(begin, end - begin)` is its
// surface; both offsets are byte offsets into the text given to `Extract`
// and lie on UTF-8 character boundaries.
struct DateMatch {
  size_t begin = 0;
  size_t end = 0;
  DateKind kind = DateKind::kDate;
  // DATE: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years before 1 and after 9999
  // signed, "-0519"), "17XX" (a century), "195X" (a decade) or an interval
  // "1603/1868", "1945/..", "2024-05/2024-07"; nullopt when the expression
  // is a date but cannot be resolved (昨年 without a document date, 先日,
  // 中世, ジュラ紀, a weekday without its week).
  std::optional<std::string> norm;
  // DURATION: ISO 8601 duration ("P20Y", "P3Y6M", "P2W", "P3D"); nullopt
  // when the length is vague (数年, 十数日).
  std::optional<std::string> duration;
  // A weekday the expression names ("Monday" ... "Sunday"), or empty.
  std::string weekday;
  // "early", "mid" or "late" for part of a period (1990年代後半, 江戸時代初期),
  // or empty.
  std::string qualifier;
  // "date.absolute", "date.era", "date.partial", "date.relative",
  // "date.range", "date.english", "date.century", "date.decade",
  // "date.period", "date.weekday" or "duration".
  std::string source;
  // Why the expression looks inconsistent (a bracketed era year or a weekday
  // that does not agree with the date), or empty. The match is kept.
  std::string warning;
};

class DateExtractor : public corpus::Stage {
 public:
  // Reads the tables of `options.data_dir` and compiles the rules (and, the
  // first time, those `FindDateline` uses); later calls with the same
  // options share the compiled rules. Fails when a table is missing or
  // malformed (the message names the file and line) or a pattern does not
  // compile.
  static absl::StatusOr<std::unique_ptr<DateExtractor>> Create(
      const DateExtractorOptions& options = {});

  ~DateExtractor();
  DateExtractor(const DateExtractor&) = delete;
  DateExtractor& operator=(const DateExtractor&) = delete;

  // Returns the date expressions of `text` (normalised text, valid UTF-8) in
  // order of `begin`, without overlaps; at each position the longest
  // expression wins (今年7月末 is one match). `doc_date` resolves relative
  // and year-less expressions; a zero `month`/`day` means unknown. `lang`
  // ("ja", "en", ...) is accepted for future per-language rules: every rule
  // currently runs on every text, so Latin dates inside Japanese text are
  // found too. Thread-safe.
  std::vector<DateMatch> Extract(std::string_view text,
                                 std::optional<corpus::CivilDate> doc_date,
                                 std::string_view lang) const;

  // Stage "dates": appends a DATE or DURATION mention to `doc.mentions` for
  // each match of `Extract(doc.normalized, doc.date, doc.lang)`, and a
  // diagnostic for each match with a warning.
  std::string_view name() const override { return "dates"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  struct Impl;  // compiled patterns; RE2 stays out of this header
  explicit DateExtractor(std::shared_ptr<const Impl> impl);
  static absl::StatusOr<std::shared_ptr<const Impl>> CompileRules(
      const DateExtractorOptions& options);

  std::shared_ptr<const Impl> impl_;  // shared by every instance
};

// The article's own date, from its dateline: the first line among the first
// 15 non-empty lines (and the first 2048 bytes) of `text` that is, apart from
// a short label (公開日:, 更新, Published, ...), a weekday such as "(月)", a
// time and a time zone, a single full date: 2024-08-19, 2024/8/19,
// 2024.08.19 10:30, 2024年8月19日, 令和6年8月19日,
// 2010-05-22T14:30:00+0900, August 19, 2024, 19 August 2024. Returns nullopt
// when there is no such line. Only full year-month-day dates count. It reads
// with the built-in eras and the rules of dates alone
// (`dateline_rules_only`), so that a weekday or a length on the line stays
// filler or residue as it always was.
std::optional<corpus::CivilDate> FindDateline(std::string_view text);

// Parses an integer written in ASCII digits ("12"), in kanji digits read
// place by place ("二〇二四" -> 2024) or in positional kanji ("二千二十四" ->
// 2024, "十九" -> 19, "三億五千万" -> 350000000); ASCII and kanji digits may
// mix ("3万" -> 30000). Returns nullopt for empty or malformed input (other
// characters, "十十", units out of order) and on overflow.
std::optional<long long> ParseJapaneseInteger(std::string_view s);

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_DATE_EXTRACTOR_H_
