#include "extractors/date_tables.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace kiji::extractors {
namespace {

absl::string_view AV(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace

std::optional<int> EraInfo::Year(long long n) const {
  if (n < 1 || n > last - first + 1) return std::nullopt;
  return first + static_cast<int>(n) - 1;
}

bool EraInfo::Lunisolar(int year) const {
  if (emperor) return true;
  if (region == "zh" || region == "mc") return year < 1912;
  if (region == "ko") return year < 1896;
  return year < 1873;
}

bool PeriodInfo::Allows(std::string_view form) const {
  for (const std::string& f : forms) {
    if (f == form) return true;
  }
  return false;
}

namespace {

// The lines of `path` that are not comments or blank, split at tabs, each
// with its 1-based line number.
absl::StatusOr<std::vector<std::pair<int, std::vector<std::string>>>> ReadTsv(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("dates: cannot read ", path,
                     " (a DATE table; --data-dir names the data folder)"));
  }
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    rows.emplace_back(number, absl::StrSplit(line, '\t'));
  }
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("dates: error reading ", path));
  }
  return rows;
}

absl::Status Malformed(const std::string& path, int line,
                       std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("dates: ", path, ":", line, ": ", AV(why)));
}

bool ParseYear(std::string_view s, int* year) {
  return absl::SimpleAtoi(AV(s), year) && *year >= -20000 && *year <= 9999;
}

// "1603/1868", "1945/..", "../1945" or "-".
bool ParsePeriodNorm(std::string_view s, PeriodInfo* p) {
  if (s == "-") return true;
  const std::vector<absl::string_view> ends = absl::StrSplit(AV(s), '/');
  if (ends.size() != 2) return false;
  p->open_start = ends[0] == "..";
  p->open_end = ends[1] == "..";
  if (p->open_start && p->open_end) return false;
  if (!p->open_start &&
      !ParseYear(std::string_view(ends[0].data(), ends[0].size()), &p->start))
    return false;
  if (!p->open_end &&
      !ParseYear(std::string_view(ends[1].data(), ends[1].size()), &p->end))
    return false;
  if (!p->open_start && !p->open_end && p->start > p->end) return false;
  p->norm = std::string(s);
  return true;
}

}  // namespace

absl::StatusOr<DateTables> DateTables::Load(const std::string& dir) {
  DateTables t;
  const std::string eras_path = absl::StrCat(dir, "/eras.tsv");
  auto eras = ReadTsv(eras_path);
  if (!eras.ok()) return eras.status();
  for (const auto& [line, f] : *eras) {
    if (f.size() < 5 || f.size() > 6) {
      return Malformed(eras_path, line,
                       "want name, first, last, region, kind[, note]");
    }
    EraInfo e;
    e.name = f[0];
    if (e.name.empty()) return Malformed(eras_path, line, "empty name");
    if (!ParseYear(f[1], &e.first) || !ParseYear(f[2], &e.last) ||
        e.last < e.first) {
      return Malformed(eras_path, line,
                       "first and last must be years, first <= last");
    }
    e.region = f[3];
    if (e.region != "ja" && e.region != "ja-north" && e.region != "ja-south" &&
        e.region != "zh" && e.region != "ko" && e.region != "mc") {
      return Malformed(eras_path, line,
                       "region must be ja, ja-north, ja-south, zh, ko or mc");
    }
    if (f[4] != "era" && f[4] != "emperor") {
      return Malformed(eras_path, line, "kind must be era or emperor");
    }
    e.emperor = f[4] == "emperor";
    t.eras_.push_back(std::move(e));
  }
  if (t.eras_.empty()) return Malformed(eras_path, 0, "no eras");

  const std::string periods_path = absl::StrCat(dir, "/periods.tsv");
  auto periods = ReadTsv(periods_path);
  if (!periods.ok()) return periods.status();
  for (const auto& [line, f] : *periods) {
    if (f.size() != 3) {
      return Malformed(periods_path, line, "want name, norm, forms");
    }
    PeriodInfo p;
    p.name = f[0];
    if (p.name.empty()) return Malformed(periods_path, line, "empty name");
    if (!ParsePeriodNorm(f[1], &p)) {
      return Malformed(periods_path, line,
                       "norm must be START/END years (.. for an open end) "
                       "or -");
    }
    for (absl::string_view form : absl::StrSplit(f[2], ',')) {
      if (form.empty()) {
        return Malformed(periods_path, line, "empty form (use - for none)");
      }
      p.forms.emplace_back(form == "-" ? absl::string_view() : form);
    }
    t.periods_.push_back(std::move(p));
  }
  t.Index();
  return t;
}

DateTables DateTables::BuiltIn() {
  DateTables t;
  t.eras_ = {{"明治", 1868, 1912, "ja", false},
             {"大正", 1912, 1926, "ja", false},
             {"昭和", 1926, 1989, "ja", false},
             {"平成", 1989, 2019, "ja", false},
             {"令和", 2019, 2100, "ja", false}};
  t.Index();
  return t;
}

void DateTables::Index() {
  for (size_t i = 0; i < eras_.size(); ++i) {
    auto& index = eras_[i].emperor ? emperor_index_ : era_index_;
    index.try_emplace(eras_[i].name, i);
  }
  for (size_t i = 0; i < periods_.size(); ++i) {
    period_index_.try_emplace(periods_[i].name, i);
  }
}

const EraInfo* DateTables::FindEra(std::string_view name) const {
  const auto it = era_index_.find(AV(name));
  return it == era_index_.end() ? nullptr : &eras_[it->second];
}

const EraInfo* DateTables::FindEmperor(std::string_view name) const {
  const auto it = emperor_index_.find(AV(name));
  return it == emperor_index_.end() ? nullptr : &eras_[it->second];
}

const PeriodInfo* DateTables::FindPeriod(std::string_view name) const {
  const auto it = period_index_.find(AV(name));
  return it == period_index_.end() ? nullptr : &periods_[it->second];
}

}  // namespace kiji::extractors
