// OffsetMap: maps byte offsets of a normalised UTF-8 text back to code-point
// offsets of the original text it was produced from.
//
// The original text is cut into consecutive *segments*: a segment of N >= 1
// original code points produced M >= 0 normalised bytes (M == 0 for removed
// characters, N == 1 and M > 1 for expansions such as "㋀" -> "1月", N > 1 and
// M == 3 for a collapsed run such as "ーーー" -> "ー"). Normalised bytes never
// map into the middle of a segment: a span that starts or ends inside the
// bytes of a segment is rounded outward to the whole segment.
//
// Storage is one 32-bit entry per normalised byte plus an end sentinel (like
// SentencePiece's `norm_to_orig`), holding the original code-point offset at
// which the byte's segment starts, plus one 8-byte entry per run of removed
// original characters. Building is O(1) amortised per byte; a query is
// O(log n) at worst (binary searches for a long segment's end and for a run
// of removed characters after it) and O(1) for spans on segment boundaries
// in text with nothing removed.
//
// Thread-safety: const methods may be called concurrently; building (the
// non-const methods) needs exclusive access. Copyable and movable.
#ifndef KIJI_CORPUS_OFFSET_MAP_H_
#define KIJI_CORPUS_OFFSET_MAP_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace kiji::corpus {

class OffsetMap {
 public:
  // An empty map: 0 original chars, 0 normalised bytes.
  OffsetMap() = default;

  // Back to the empty map; keeps the allocated capacity.
  void Clear();

  // Reserves room for `norm_bytes` normalised bytes.
  void Reserve(size_t norm_bytes);

  // Appends the next segment: the next `orig_chars` code points of the
  // original produced the next `norm_bytes` normalised bytes.
  // `norm_bytes` == 0 records removed characters. `orig_chars` == 0 records
  // inserted bytes, which are joined to the previous segment (or, when there
  // is none yet, to the next one). A call with both 0 does nothing.
  void AddSegment(uint32_t orig_chars, size_t norm_bytes) {
    // One character for one or more: almost every call, kept inline.
    if (orig_chars != 0 && norm_bytes != 0 && norm_bytes <= 4) {
      const uint32_t start = orig_chars_;
      // The sentinel slot becomes the segment's first byte.
      norm_to_orig_.back() = start;
      switch (norm_bytes) {  // unrolled: this runs once per character
        case 4:
          norm_to_orig_.push_back(start);
          [[fallthrough]];
        case 3:
          norm_to_orig_.push_back(start);
          [[fallthrough]];
        case 2:
          norm_to_orig_.push_back(start);
          break;
        default:
          break;
      }
      orig_chars_ += orig_chars;
      norm_to_orig_.push_back(orig_chars_);
      return;
    }
    AddSegmentSlow(orig_chars, norm_bytes);
  }

  // `count` segments of one code point and `norm_bytes` bytes each: the same
  // as `count` calls of `AddSegment(1, norm_bytes)`, for runs of characters
  // that normalise to themselves.
  void AddCharSegments(uint32_t count, size_t norm_bytes);

  // The half-open code-point span of the original covered by the normalised
  // byte span [norm_begin, norm_end), rounded outward to whole segments.
  // Removed characters (segments with no bytes) just before or after the
  // span are not included; those inside it are. An empty span
  // (norm_begin == norm_end) maps to the empty span at
  // `ToOriginal(norm_begin)`. Offsets past `NormalizedBytes()` are clamped,
  // and `norm_begin` > `norm_end` is treated as the empty span at `norm_end`.
  std::pair<uint32_t, uint32_t> ToOriginalSpan(size_t norm_begin,
                                               size_t norm_end) const;

  // Original code-point offset at which the segment containing normalised
  // byte `norm_offset` starts; `OriginalChars()` for
  // `norm_offset` >= `NormalizedBytes()`.
  uint32_t ToOriginal(size_t norm_offset) const;

  // True when `norm_offset` does not cut a segment: 0, `NormalizedBytes()`,
  // or the first byte of a segment. False past the end.
  bool IsSegmentBoundary(size_t norm_offset) const;

  // Code points of the original covered so far (sum of `orig_chars`).
  uint32_t OriginalChars() const { return orig_chars_; }

  // Normalised bytes covered so far (sum of `norm_bytes`).
  size_t NormalizedBytes() const { return norm_to_orig_.size() - 1; }

  // One entry per normalised byte (see `ToOriginal`) plus the end sentinel
  // `OriginalChars()`; never empty.
  const std::vector<uint32_t>& norm_to_orig() const { return norm_to_orig_; }

 private:
  // A run of removed original code points [begin, end).
  struct Gap {
    uint32_t begin;
    uint32_t end;
  };

  // `AddSegment` for the cases it does not inline.
  void AddSegmentSlow(uint32_t orig_chars, size_t norm_bytes);

  std::vector<uint32_t> norm_to_orig_ = {0};
  std::vector<Gap> gaps_;  // sorted, disjoint, never adjacent to each other
  uint32_t orig_chars_ = 0;
};

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_OFFSET_MAP_H_
