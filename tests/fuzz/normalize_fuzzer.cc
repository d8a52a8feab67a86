// Fuzzes `tokenizers::Normalizer` and its `corpus::OffsetMap`, under options
// taken from the input:
//  - the normalised text is valid UTF-8 and the map covers it exactly
//    (`NormalizedBytes`), and covers every code point of the original;
//  - `norm_to_orig` is monotone and in range, ending at `OriginalChars`;
//  - spans: `ToOriginalSpan` is in range and ordered; for a span on segment
//    boundaries it starts at `ToOriginal(begin)`, and it round-trips: the
//    normalised bytes whose segment starts inside the original span are
//    exactly the span.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "corpus/offset_map.h"
#include "tests/fuzz/fuzz_check.h"
#include "tokenizers/normalizer.h"

namespace {

using kiji::tokenizers::Normalizer;
using kiji::tokenizers::NormalizerOptions;

const Normalizer* GetNormalizer(uint8_t bits) {
  // 2^8 option sets; remove_cjk_spaces needs normalize_spaces.
  static std::unique_ptr<Normalizer> cache[256];
  if (cache[bits] == nullptr) {
    NormalizerOptions o;
    o.nfkc = bits & 1;
    o.remove_zero_width = bits & 2;
    o.unify_hyphens = bits & 4;
    o.unify_tildes = bits & 8;
    o.collapse_long_vowels = bits & 16;
    o.normalize_spaces = bits & 32;
    o.remove_cjk_spaces = (bits & 64) && o.normalize_spaces;
    o.normalize_newlines = bits & 128;
    auto n = Normalizer::Create(o);
    KIJI_FUZZ_CHECK(n.ok());
    cache[bits] = std::move(n).value();
  }
  return cache[bits].get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  // Mostly the default options: that is what the pipeline runs.
  const uint8_t bits = in.ConsumeBool() ? in.ConsumeIntegral<uint8_t>() : 0xFF;
  const size_t spans = in.ConsumeIntegralInRange<size_t>(0, 8);
  std::vector<std::pair<size_t, size_t>> picks;
  for (size_t i = 0; i < spans; ++i) {
    picks.emplace_back(in.ConsumeIntegral<uint16_t>(),
                       in.ConsumeIntegral<uint16_t>());
  }
  const std::string original = in.ConsumeRemainingBytesAsString();

  std::string norm;
  kiji::corpus::OffsetMap map;
  GetNormalizer(bits)->Normalize(original, &norm, &map);

  KIJI_FUZZ_CHECK(kiji::fuzz::IsValidUtf8(norm));
  KIJI_FUZZ_CHECK(map.NormalizedBytes() == norm.size());
  const uint32_t chars = map.OriginalChars();
  KIJI_FUZZ_CHECK(chars == kiji::fuzz::CountCodePoints(original));
  const std::vector<uint32_t>& n2o = map.norm_to_orig();
  KIJI_FUZZ_CHECK(n2o.size() == norm.size() + 1);
  KIJI_FUZZ_CHECK(n2o.back() == chars);
  for (size_t i = 0; i + 1 < n2o.size(); ++i) {
    KIJI_FUZZ_CHECK(n2o[i] <= n2o[i + 1]);
    KIJI_FUZZ_CHECK(n2o[i] < chars);
    KIJI_FUZZ_CHECK(map.ToOriginal(i) == n2o[i]);
  }
  KIJI_FUZZ_CHECK(map.IsSegmentBoundary(0));
  KIJI_FUZZ_CHECK(map.IsSegmentBoundary(norm.size()));
  // A segment never starts inside a UTF-8 character.
  for (size_t i = 0; i < norm.size(); ++i) {
    if (map.IsSegmentBoundary(i)) {
      KIJI_FUZZ_CHECK(kiji::fuzz::IsCharBoundary(norm, i));
    }
  }
  const auto whole = map.ToOriginalSpan(0, norm.size());
  KIJI_FUZZ_CHECK(whole.first <= whole.second && whole.second <= chars);

  for (auto [a, b] : picks) {
    if (norm.empty()) break;
    a %= norm.size() + 1;
    b %= norm.size() + 1;
    if (a > b) std::swap(a, b);
    const auto [first, second] = map.ToOriginalSpan(a, b);
    KIJI_FUZZ_CHECK(first <= second && second <= chars);
    if (a == b) {
      KIJI_FUZZ_CHECK(first == second && first == map.ToOriginal(a));
      continue;
    }
    // Rounded outward: never narrower than the segments of a and b - 1.
    KIJI_FUZZ_CHECK(first <= map.ToOriginal(a));
    KIJI_FUZZ_CHECK(second > map.ToOriginal(b - 1));
    if (!map.IsSegmentBoundary(a) || !map.IsSegmentBoundary(b)) continue;
    KIJI_FUZZ_CHECK(first == map.ToOriginal(a));
    if (b < norm.size()) KIJI_FUZZ_CHECK(second <= map.ToOriginal(b));
    for (size_t k = 0; k < norm.size(); ++k) {
      const bool inside = k >= a && k < b;
      const bool mapped = n2o[k] >= first && n2o[k] < second;
      KIJI_FUZZ_CHECK(inside == mapped);
    }
  }
  return 0;
}
