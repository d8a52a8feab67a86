// Byte ranges of a document, asked whether one of them holds or overlaps a
// given range: O(log n) a question, so that a pass over every mention of a
// giant document stays linear. Immutable after construction.
#ifndef KIJI_EXTRACTORS_NAMES_RANGE_INDEX_H_
#define KIJI_EXTRACTORS_NAMES_RANGE_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace kiji::extractors::names {

class RangeIndex {
 public:
  // `ranges`: [first, second) pairs, in any order, overlapping or not.
  explicit RangeIndex(std::vector<std::pair<uint32_t, uint32_t>> ranges)
      : ranges_(std::move(ranges)) {
    std::sort(ranges_.begin(), ranges_.end());
    max_end_.reserve(ranges_.size());
    uint32_t most = 0;
    for (const auto& r : ranges_)
      max_end_.push_back(most = std::max(most, r.second));
  }
  // Whether some range holds all of [b, e).
  bool Holds(uint32_t b, uint32_t e) const {
    const size_t n = CountBeginningBefore(b + 1);  // first <= b
    return n > 0 && max_end_[n - 1] >= e;
  }
  // Whether some range shares a byte with [b, e).
  bool Overlaps(uint32_t b, uint32_t e) const {
    const size_t n = CountBeginningBefore(e);  // first < e
    return n > 0 && max_end_[n - 1] > b;
  }

 private:
  size_t CountBeginningBefore(uint32_t at) const {
    return static_cast<size_t>(
        std::lower_bound(ranges_.begin(), ranges_.end(), at,
                         [](const std::pair<uint32_t, uint32_t>& r,
                            uint32_t x) { return r.first < x; }) -
        ranges_.begin());
  }
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;  // by first
  std::vector<uint32_t> max_end_;  // the largest second up to each range
};

}  // namespace kiji::extractors::names

#endif  // KIJI_EXTRACTORS_NAMES_RANGE_INDEX_H_
