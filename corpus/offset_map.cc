#include "corpus/offset_map.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace kiji::corpus {

void OffsetMap::Clear() {
  norm_to_orig_.assign(1, 0);
  gaps_.clear();
  orig_chars_ = 0;
}

void OffsetMap::Reserve(size_t norm_bytes) {
  norm_to_orig_.reserve(norm_bytes + 1);
}

void OffsetMap::AddSegmentSlow(uint32_t orig_chars, size_t norm_bytes) {
  if (norm_bytes == 0) {
    if (orig_chars == 0) return;
    if (!gaps_.empty() && gaps_.back().end == orig_chars_) {
      gaps_.back().end += orig_chars;
    } else {
      gaps_.push_back(Gap{orig_chars_, orig_chars_ + orig_chars});
    }
    orig_chars_ += orig_chars;
    norm_to_orig_.back() = orig_chars_;
    return;
  }
  uint32_t start = orig_chars_;
  if (orig_chars == 0 && norm_to_orig_.size() > 1) {
    start = norm_to_orig_[norm_to_orig_.size() - 2];
  }
  // The sentinel slot becomes the segment's first byte.
  norm_to_orig_.back() = start;
  if (norm_bytes <= 4) {  // one character: cheaper than resize()
    for (size_t i = 1; i < norm_bytes; ++i) norm_to_orig_.push_back(start);
  } else {
    norm_to_orig_.resize(norm_to_orig_.size() + norm_bytes - 1, start);
  }
  orig_chars_ += orig_chars;
  norm_to_orig_.push_back(orig_chars_);
}

void OffsetMap::AddCharSegments(uint32_t count, size_t norm_bytes) {
  if (count == 0 || norm_bytes == 0) {
    for (uint32_t k = 0; k < count; ++k) AddSegment(1, norm_bytes);
    return;
  }
  // The sentinel slot becomes the first segment's first byte.
  const size_t first = norm_to_orig_.size() - 1;
  norm_to_orig_.resize(first + count * norm_bytes + 1);
  uint32_t* out = norm_to_orig_.data() + first;
  if (norm_bytes == 3) {  // kana and CJK ideographs: nearly every call
    for (uint32_t k = 0; k < count; ++k, out += 3) {
      out[0] = out[1] = out[2] = orig_chars_ + k;
    }
  } else {
    for (uint32_t k = 0; k < count; ++k) {
      out = std::fill_n(out, norm_bytes, orig_chars_ + k);
    }
  }
  orig_chars_ += count;
  *out = orig_chars_;
}

uint32_t OffsetMap::ToOriginal(size_t norm_offset) const {
  return norm_to_orig_[std::min(norm_offset, NormalizedBytes())];
}

bool OffsetMap::IsSegmentBoundary(size_t norm_offset) const {
  const size_t n = NormalizedBytes();
  if (norm_offset > n) return false;
  if (norm_offset == 0 || norm_offset == n) return true;
  return norm_to_orig_[norm_offset] != norm_to_orig_[norm_offset - 1];
}

std::pair<uint32_t, uint32_t> OffsetMap::ToOriginalSpan(size_t norm_begin,
                                                        size_t norm_end) const {
  const size_t n = NormalizedBytes();
  norm_end = std::min(norm_end, n);
  norm_begin = std::min(norm_begin, norm_end);
  if (norm_begin == norm_end) {
    const uint32_t at = norm_to_orig_[norm_begin];
    return {at, at};
  }
  const uint32_t begin = norm_to_orig_[norm_begin];
  // Segments are identified by their start, and distinct segments with bytes
  // have distinct starts, so the segment of the last byte ends at the first
  // later entry that differs (entries are non-decreasing).
  const uint32_t last = norm_to_orig_[norm_end - 1];
  uint32_t next;
  if (norm_to_orig_[norm_end] != last) {
    next = norm_to_orig_[norm_end];
  } else {
    const auto it = std::upper_bound(norm_to_orig_.begin() + norm_end,
                                     norm_to_orig_.end(), last);
    next = it == norm_to_orig_.end() ? orig_chars_ : *it;
  }
  uint32_t end = next;
  if (!gaps_.empty()) {
    // Removed characters between the last segment and `next` are not part of
    // the span.
    auto it =
        std::partition_point(gaps_.begin(), gaps_.end(),
                             [next](const Gap& g) { return g.begin < next; });
    if (it != gaps_.begin()) {
      --it;
      if (it->end == next && it->begin > last) end = it->begin;
    }
  }
  return {begin, std::max(begin, end)};
}

}  // namespace kiji::corpus
