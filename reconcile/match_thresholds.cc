#include "reconcile/match_thresholds.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace kiji::reconcile {
namespace {

constexpr int kMaxMorae = 64;

std::string Str(std::string_view s) { return std::string(s); }

// Fills the unset (0) entries of `rows`: before the first row with that
// row, elsewhere with the nearest shorter row.
void FillGaps(std::vector<double>& rows) {
  const auto first =
      std::find_if(rows.begin(), rows.end(), [](double t) { return t > 0; });
  if (first == rows.end()) return;
  std::fill(rows.begin(), first, *first);
  double last = *first;
  for (auto it = first; it != rows.end(); ++it) {
    if (*it > 0) {
      last = *it;
    } else {
      *it = last;
    }
  }
}

}  // namespace

std::string_view PartPairKindName(PartPairKind kind) {
  switch (kind) {
    case PartPairKind::kKana:
      return "kana";
    case PartPairKind::kLatinKana:
      return "latin-kana";
    case PartPairKind::kOther:
      break;
  }
  return "other";
}

absl::StatusOr<MatchThresholds> MatchThresholds::Parse(
    std::string_view text, std::string_view source) {
  MatchThresholds t;
  int line_no = 0;
  const std::vector<std::string> lines = absl::StrSplit(Str(text), '\n');
  for (std::string_view line : lines) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto bad = [&](std::string_view why) {
      return absl::InvalidArgumentError(Str(source) + ":" +
                                        std::to_string(line_no) + ": " +
                                        Str(why));
    };
    const std::vector<std::string> f = absl::StrSplit(Str(line), '\t');
    if (f.size() != 3) {
      return bad("expected KIND<TAB>MORAE<TAB>THRESHOLD");
    }
    std::vector<double>* rows = nullptr;
    if (f[0] == "kana") {
      rows = &t.kana_;
    } else if (f[0] == "latin-kana") {
      rows = &t.latin_kana_;
    } else {
      return bad("unknown kind \"" + Str(f[0]) +
                 "\" (expected kana or latin-kana)");
    }
    int morae = 0;
    if (!absl::SimpleAtoi(Str(f[1]), &morae) || morae < 1 ||
        morae > kMaxMorae) {
      return bad("morae \"" + Str(f[1]) + "\": expected 1 to " +
                 std::to_string(kMaxMorae));
    }
    double threshold = 0;
    if (!absl::SimpleAtod(Str(f[2]), &threshold) || !(threshold > 0) ||
        threshold > 1) {
      return bad("threshold \"" + Str(f[2]) + "\": expected (0, 1]");
    }
    if (rows->size() < static_cast<size_t>(morae)) rows->resize(morae, 0);
    double& slot = (*rows)[morae - 1];
    if (slot > 0) {
      return bad(Str(f[0]) + " " + std::to_string(morae) + " given twice");
    }
    slot = threshold;
  }
  FillGaps(t.kana_);
  FillGaps(t.latin_kana_);
  return t;
}

absl::StatusOr<MatchThresholds> MatchThresholds::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError("cannot open " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError("cannot read " + path);
  }
  return Parse(text.str(), path);
}

double MatchThresholds::For(PartPairKind kind, int morae, double flat) const {
  const std::vector<double>* rows = kind == PartPairKind::kKana ? &kana_
                                    : kind == PartPairKind::kLatinKana
                                        ? &latin_kana_
                                        : nullptr;
  if (rows == nullptr || rows->empty()) return flat;
  const size_t i = static_cast<size_t>(std::clamp(morae, 1,
                                                  static_cast<int>(rows->size())));
  return (*rows)[i - 1];
}

}  // namespace kiji::reconcile
