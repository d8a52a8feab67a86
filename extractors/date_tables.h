// The data tables of the DATE extractor: era names (data/dates/eras.tsv) and
// named periods (data/dates/periods.tsv). The files' formats are described
// in their header comments.
//
// `DateTables` is immutable after `Load`/`BuiltIn` and thread-safe.
#ifndef KIJI_EXTRACTORS_DATE_TABLES_H_
#define KIJI_EXTRACTORS_DATE_TABLES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace kiji::extractors {

// One era (元号) or emperor whose reign years are counted (推古天皇36年).
struct EraInfo {
  std::string name;  // 天保, 光緒, 推古
  int first = 0;     // Gregorian year of year 1 (astronomical: -659 = 660 BCE)
  int last = 0;      // last Gregorian year the era was in use
  std::string region;    // "ja", "ja-north", "ja-south", "zh", "ko", "mc"
  bool emperor = false;  // counted as 天皇N年

  // Year N of the era in the Gregorian calendar, or nullopt when N lies
  // outside the era (N < 1 or first + N - 1 > last).
  std::optional<int> Year(long long n) const;
  // Whether month-day dates in Gregorian year `year` of this era are
  // lunisolar, not Gregorian: Japan counted by the old calendar until 1872
  // (明治5年), Korea until 1895, China until 1911.
  bool Lunisolar(int year) const;
};

// One named period (江戸, 唐, 戦後, ジュラ紀).
struct PeriodInfo {
  std::string name;
  // EDTF interval ("1603/1868", "1945/..", "../1945"); nullopt when the
  // period has no fixed span in years.
  std::optional<std::string> norm;
  int start = 0, end = 0;  // the interval's years when known (0 otherwise)
  bool open_start = false, open_end = false;
  // Suffixes with which the name is a period (時代, 期, 代, 後 ...); "" for
  // the bare name and "*" for a part word (初期, 末 ...) right after it.
  std::vector<std::string> forms;

  bool Allows(std::string_view form) const;
};

class DateTables {
 public:
  // Reads `dir`/eras.tsv and `dir`/periods.tsv. Fails with a message naming
  // the file and line when a file is missing, unreadable or malformed.
  static absl::StatusOr<DateTables> Load(const std::string& dir);
  // The eras 明治..令和 and no periods: what dates need when no data folder
  // is given (datelines, tests of other components).
  static DateTables BuiltIn();

  // The era or emperor of that name (a name listed twice: its first row).
  const EraInfo* FindEra(std::string_view name) const;
  const EraInfo* FindEmperor(std::string_view name) const;
  const PeriodInfo* FindPeriod(std::string_view name) const;

  const std::vector<EraInfo>& eras() const { return eras_; }
  const std::vector<PeriodInfo>& periods() const { return periods_; }

 private:
  std::vector<EraInfo> eras_;
  std::vector<PeriodInfo> periods_;
  absl::flat_hash_map<std::string, size_t> era_index_;
  absl::flat_hash_map<std::string, size_t> emperor_index_;
  absl::flat_hash_map<std::string, size_t> period_index_;

  void Index();
};

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_DATE_TABLES_H_
