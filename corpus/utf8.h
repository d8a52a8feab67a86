// Small UTF-8 helpers shared by every stage.
#ifndef KIJI_CORPUS_UTF8_H_
#define KIJI_CORPUS_UTF8_H_

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace kiji::corpus {

// Code points of UTF-8 `s`: the bytes that do not continue a sequence. For
// valid UTF-8 this is the character count used by mention offsets.
inline size_t CountCodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_UTF8_H_
