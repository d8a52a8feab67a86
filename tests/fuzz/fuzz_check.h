// Helpers shared by the fuzz targets: an invariant check that aborts with a
// message (so libFuzzer and the replay main report it), and UTF-8 helpers.
#ifndef KIJI_TESTS_FUZZ_FUZZ_CHECK_H_
#define KIJI_TESTS_FUZZ_FUZZ_CHECK_H_

#include <unicode/utf8.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define KIJI_FUZZ_CHECK(cond)                                           \
  do {                                                                  \
    if (!(cond)) {                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,   \
                   __LINE__, #cond);                                    \
      std::abort();                                                     \
    }                                                                   \
  } while (0)

namespace kiji::fuzz {

inline bool IsValidUtf8(std::string_view s) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(b, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// `s` with every ill-formed sequence replaced by U+FFFD (as ICU counts them).
inline std::string ToValidUtf8(std::string_view s) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  std::string out;
  out.reserve(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(b, i, n, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

// Code points of `s`, an ill-formed sequence counting as one.
inline size_t CountCodePoints(std::string_view s) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  size_t count = 0;
  for (int32_t i = 0; i < n; ++count) {
    UChar32 c;
    U8_NEXT(b, i, n, c);
  }
  return count;
}

// Whether byte offset `i` of valid UTF-8 `s` starts a character (or is the
// end).
inline bool IsCharBoundary(std::string_view s, size_t i) {
  return i == s.size() ||
         (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80);
}

}  // namespace kiji::fuzz

#endif  // KIJI_TESTS_FUZZ_FUZZ_CHECK_H_
