// DATE extraction over normalised text (docs/normalization.md), and the
// article's own date from its dateline.
//
// `DateExtractor` finds date expressions in Japanese and English and
// normalises each to ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD". Its regular
// expressions are compiled once by `Create` and shared; `Extract` is const
// and thread-safe (RE2 matching is thread-safe), so one instance may serve
// every worker. `FindDateline` and `ParseJapaneseInteger` are free functions
// with no mutable state and are thread-safe as well.
//
// Resolution rules (the document date `doc_date` is the reference point):
//   - Explicit year (2024年8月, 令和6年, 2024-08-19, August 19, 2024): as
//     written. Bare `N年` years must lie in [1868, 2100]; numeric and English
//     forms in [1000, 2100]. Months 1..12; days valid for the month (2月29日
//     only in leap years). An invalid expression yields no match at all.
//   - 2024年度 / 今年度: the fiscal year's number; 今年度 is the fiscal year
//     (April..March) containing `doc_date`, so it needs `doc_date.month`.
//   - Year-less month or month-day (7月, 7月末, 8月上旬, 8月19日, August 19):
//     the most recent such month (month-day) not after `doc_date`. When
//     `doc_date.day` is unknown, a month-day in the document's month counts as
//     not after it. Source "date.partial".
//   - Relative words (昨年, 今月, 明日, 先週, 9年前, last year, 3 months ago):
//     shifted from `doc_date`; weeks (先週/今週/来週, last week) resolve to
//     the Monday of that week. Suffixes 末/初め/上旬/中旬/下旬/... keep the
//     granularity of what they modify (今年7月末 -> "Y-07").
//   - Anything that needs a field `doc_date` lacks (or no `doc_date` at all)
//     is still a match, with `norm == nullopt`; nothing is guessed. The
//     anaphoric 同年 / 同月 / 同日 (同年5月, 同年末) are always nullopt.
//   - Ranges with a shared prefix (2024年5〜7月, 2024年5月〜7月,
//     8月19日〜21日, 2024〜2025年) become two adjacent matches, one per end;
//     the right end inherits the fields the left end spells out (source
//     "date.range"): 2024年5〜7月 -> "2024年5" = 2024-05, "7月" = 2024-07.
//   - Not dates: durations (約6年間, 3年半, 4ヶ月, 5年前後, 数年前, 一月前),
//     years outside the window (1000年に一度, 300年, 2000年前), decades
//     (1990年代), times (10時), version numbers and amounts, a bare day
//     (19日), weekdays (月曜). Bare 4-digit years in English only after a
//     preposition (in/since/by/until/...); the span is the year alone.
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

// One date expression. `text.substr(begin, end - begin)` is its surface; both
// offsets are byte offsets into the text given to `Extract` and lie on UTF-8
// character boundaries.
struct DateMatch {
  size_t begin = 0;
  size_t end = 0;
  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; nullopt when the expression is a date
  // but cannot be resolved (e.g. 昨年 without a document date).
  std::optional<std::string> norm;
  // "date.absolute", "date.era", "date.partial", "date.relative",
  // "date.range" or "date.english".
  std::string source;
};

class DateExtractor : public corpus::Stage {
 public:
  // Compiles the patterns on the first call; later calls (and the dateline
  // search) share them, as every instance compiles the same rules. Fails only
  // if a pattern does not compile.
  static absl::StatusOr<std::unique_ptr<DateExtractor>> Create();

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

  // Stage "dates": appends a DATE mention to `doc.mentions` for each match
  // of `Extract(doc.normalized, doc.date, doc.lang)`.
  std::string_view name() const override { return "dates"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  struct Impl;  // compiled patterns; RE2 stays out of this header
  explicit DateExtractor(std::shared_ptr<const Impl> impl);
  static absl::StatusOr<std::shared_ptr<const Impl>> CompileRules();

  std::shared_ptr<const Impl> impl_;  // shared by every instance
};

// The article's own date, from its dateline: the first line among the first
// 15 non-empty lines (and the first 2048 bytes) of `text` that is, apart from
// a short label (公開日:, 更新, Published, ...), a weekday such as "(月)", a
// time and a time zone, a single full date: 2024-08-19, 2024/8/19,
// 2024.08.19 10:30, 2024年8月19日, 令和6年8月19日,
// 2010-05-22T14:30:00+0900, August 19, 2024, 19 August 2024. Returns nullopt
// when there is no such line. Only full year-month-day dates count.
std::optional<corpus::CivilDate> FindDateline(std::string_view text);

// Parses an integer written in ASCII digits ("12"), in kanji digits read
// place by place ("二〇二四" -> 2024) or in positional kanji ("二千二十四" ->
// 2024, "十九" -> 19, "三億五千万" -> 350000000); ASCII and kanji digits may
// mix ("3万" -> 30000). Returns nullopt for empty or malformed input (other
// characters, "十十", units out of order) and on overflow.
std::optional<long long> ParseJapaneseInteger(std::string_view s);

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_DATE_EXTRACTOR_H_
