// Fuzzes `extractors::DateExtractor` (with a document date taken from the
// input, and the tables of data/dates), `FindDateline` and
// `ParseJapaneseInteger`: matches are in range, on UTF-8 boundaries, ordered
// and non-overlapping; every `norm` is a valid "YYYY", "YYYY-MM" or
// "YYYY-MM-DD" (signed before year 1), century "17XX", decade "195X" or an
// interval of those with ".." for an open end; a DURATION has no norm and an
// ISO 8601 duration or none; the dateline is a valid full date.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "corpus/document.h"
#include "extractors/date_extractor.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using kiji::extractors::DateExtractor;

const DateExtractor& GetExtractor() {
  static const auto* extractor = [] {
    kiji::extractors::DateExtractorOptions options;
    options.data_dir = KIJI_SOURCE_DIR "/data";
    return kiji::extractors::DateExtractor::Create(options)->release();
  }();
  return *extractor;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Digits(const std::string& s, size_t pos, size_t n) {
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool ValidIsoDate(std::string s) {
  if (!s.empty() && s[0] == '-') s.erase(0, 1);
  if (s.size() == 4 && (Digits(s, 0, 2) && s.substr(2) == "XX")) return true;
  if (s.size() == 4 && (Digits(s, 0, 3) && s[3] == 'X')) return true;
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  if (!Digits(s, 0, 4)) return false;
  const int y = std::stoi(s.substr(0, 4));
  if (s.size() == 4) return true;
  if (s[4] != '-' || !Digits(s, 5, 2)) return false;
  const int m = std::stoi(s.substr(5, 2));
  if (m < 1 || m > 12) return false;
  if (s.size() == 7) return true;
  if (s[7] != '-' || !Digits(s, 8, 2)) return false;
  const int d = std::stoi(s.substr(8, 2));
  return d >= 1 && d <= DaysIn(y, m);
}

// "P" then numbers (a fraction allowed) each followed by Y, M, W or D in
// that order, or PT12H.
bool ValidDuration(const std::string& s) {
  if (s == "PT12H") return true;
  if (s.size() < 3 || s[0] != 'P') return false;
  const std::string order = "YMWD";
  size_t last = 0, i = 1;
  while (i < s.size()) {
    const size_t start = i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    if (i == start || i == s.size()) return false;
    const size_t unit = order.find(s[i]);
    if (unit == std::string::npos || unit + 1 <= last) return false;
    last = unit + 1;
    ++i;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::optional<kiji::corpus::CivilDate> doc_date;
  if (in.ConsumeBool()) {
    kiji::corpus::CivilDate d;
    d.year = in.ConsumeIntegralInRange(1000, 2999);
    d.month = in.ConsumeIntegralInRange(0, 12);
    d.day = d.month == 0 ? 0 : in.ConsumeIntegralInRange(0, DaysIn(d.year, d.month));
    doc_date = d;
  }
  const char* lang = in.ConsumeBool() ? "ja" : "en";
  // The extractor is given normalised text, which is valid UTF-8.
  const std::string text =
      kiji::fuzz::ToValidUtf8(in.ConsumeRemainingBytesAsString());

  static const std::set<std::string> kSources = {
      "date.absolute", "date.era",     "date.partial", "date.relative",
      "date.range",    "date.english", "date.century", "date.decade",
      "date.period",   "date.weekday", "duration"};
  size_t last_end = 0;
  for (const kiji::extractors::DateMatch& m :
       GetExtractor().Extract(text, doc_date, lang)) {
    KIJI_FUZZ_CHECK(m.begin < m.end && m.end <= text.size());
    KIJI_FUZZ_CHECK(m.begin >= last_end);
    KIJI_FUZZ_CHECK(kiji::fuzz::IsCharBoundary(text, m.begin));
    KIJI_FUZZ_CHECK(kiji::fuzz::IsCharBoundary(text, m.end));
    KIJI_FUZZ_CHECK(kSources.count(m.source) == 1);
    if (m.kind == kiji::extractors::DateKind::kDuration) {
      KIJI_FUZZ_CHECK(!m.norm);
      if (m.duration) KIJI_FUZZ_CHECK(ValidDuration(*m.duration));
    } else if (m.norm) {
      const size_t slash = m.norm->find('/');
      if (slash == std::string::npos) {
        KIJI_FUZZ_CHECK(ValidIsoDate(*m.norm));
      } else {
        const std::string a = m.norm->substr(0, slash);
        const std::string b = m.norm->substr(slash + 1);
        KIJI_FUZZ_CHECK(a != ".." || b != "..");
        KIJI_FUZZ_CHECK(a == ".." || ValidIsoDate(a));
        KIJI_FUZZ_CHECK(b == ".." || ValidIsoDate(b));
      }
    }
    last_end = m.end;
  }
  if (auto d = kiji::extractors::FindDateline(text)) {
    KIJI_FUZZ_CHECK(d->month >= 1 && d->month <= 12);
    KIJI_FUZZ_CHECK(d->day >= 1 && d->day <= DaysIn(d->year, d->month));
  }
  if (auto n = kiji::extractors::ParseJapaneseInteger(
          std::string_view(text).substr(0, 64))) {
    KIJI_FUZZ_CHECK(*n >= 0);
  }
  return 0;
}
