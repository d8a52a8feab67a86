// Per-part decision thresholds of the name matcher, by the kind of the pair
// and the length of its katakana side (data/names/match_thresholds.tsv,
// fitted by scripts/train_match_thresholds.py; see data/README.md).
//
// A spelling difference of one mora is a large part of a two-mora name and a
// small part of a seven-mora one, and long names have few neighbours that
// are other names: the score a pair of parts needs to be the same name
// therefore depends on its length. The table gives that score for katakana
// against katakana ("kana") and Latin against katakana ("latin-kana") by the
// number of morae of the katakana side (the longer side for kana pairs).
//
// File format (UTF-8; `#` starts a comment line; blank lines are ignored):
//   KIND <TAB> MORAE <TAB> THRESHOLD
// KIND is `kana` or `latin-kana`, MORAE an integer from 1 to 64, THRESHOLD a
// number in (0, 1]. A part shorter than the shortest row of its kind uses
// that row, one longer than the longest uses the longest, and one between
// two rows uses the shorter row. A kind with no row uses the matcher's flat
// threshold. A kind and length given twice, an unknown kind, a bad number or
// a missing field is an error naming the file and the line.
//
// Thread-safety: immutable after loading.
#ifndef KIJI_RECONCILE_MATCH_THRESHOLDS_H_
#define KIJI_RECONCILE_MATCH_THRESHOLDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace kiji::reconcile {

// What two name parts are written in, for the threshold table.
enum class PartPairKind {
  kKana,       // katakana (or hiragana) on both sides
  kLatinKana,  // Latin on one side, katakana on the other
  kOther,      // anything else: the flat threshold
};

// "kana", "latin-kana" or "other".
std::string_view PartPairKindName(PartPairKind kind);

class MatchThresholds {
 public:
  // An empty table: every pair uses the flat threshold.
  MatchThresholds() = default;

  // `source` names the text in errors (a file path).
  static absl::StatusOr<MatchThresholds> Parse(std::string_view text,
                                               std::string_view source);
  static absl::StatusOr<MatchThresholds> Load(const std::string& path);

  // The threshold for a pair of `kind` whose katakana side has `morae`
  // morae, or `flat` when the table has no row for `kind`.
  double For(PartPairKind kind, int morae, double flat) const;

  bool empty() const { return kana_.empty() && latin_kana_.empty(); }

 private:
  // Index: morae - 1, up to the longest row; gaps filled after parsing.
  std::vector<double> kana_;
  std::vector<double> latin_kana_;
};

}  // namespace kiji::reconcile

#endif  // KIJI_RECONCILE_MATCH_THRESHOLDS_H_
