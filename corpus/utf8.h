// Small UTF-8 helpers shared by every stage: counting and decoding code
// points, and the script classes the extractors test characters with.
//
// The decoder is lenient and fast, for text that is valid UTF-8 (the
// normaliser's output) in all but pathological inputs: it reads as many
// bytes as the first byte announces and does not check continuation bytes.
//
// Stateless; safe from any thread.
#ifndef KIJI_CORPUS_UTF8_H_
#define KIJI_CORPUS_UTF8_H_

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "absl/base/attributes.h"

namespace kiji::corpus {

// Code points of UTF-8 `s`: the bytes that do not continue a sequence. For
// valid UTF-8 this is the character count used by mention offsets.
inline size_t CountCodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Bytes of the sequence that a lead byte announces: 1 (ASCII or a stray
// continuation byte), 2, 3 or 4.
inline size_t SequenceLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// The code point that begins at byte `i` (< size) of `s`, as many bytes as
// its first byte announces (one when they do not fit), into `*len`. Does not
// check continuation bytes. Inlined: scanners call it once per character.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline char32_t DecodeAt(std::string_view s,
                                                      size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = SequenceLength(c);
  if (i + n > s.size()) n = 1;
  char32_t cp = n == 1   ? c
                : n == 2 ? (c & 0x1F)
                : n == 3 ? (c & 0x0F)
                         : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  *len = n;
  return cp;
}

// `DecodeAt` without the length; 0 at or past the end of `s`.
inline char32_t CodePointAt(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  size_t len = 0;
  return DecodeAt(s, i, &len);
}

// Start of the code point that ends right before byte `i` (> 0) of `s`: the
// last byte before `i` that is no continuation byte (0 when none is).
inline size_t PrevStart(std::string_view s, size_t i) {
  size_t p = i - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
  return p;
}

// The character that begins (ends) non-empty `s`: as many bytes as its
// first byte announces, cut at the end of `s` (from the last byte that is
// no continuation byte).
inline std::string_view FirstChar(std::string_view s) {
  return s.substr(0, SequenceLength(static_cast<unsigned char>(s[0])));
}
inline std::string_view LastChar(std::string_view s) {
  return s.substr(PrevStart(s, s.size()));
}

// Script classes of code points, as the extractors use them.
//
// Katakana letters: ァ..ヺ, the long-vowel mark ー, the iteration marks ヽヾ
// and the small katakana of U+31F0..U+31FF (not the middle dot ・).
inline bool IsKatakanaLetter(char32_t c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FD ||
         c == 0x30FE || (c >= 0x31F0 && c <= 0x31FF);
}
// Kanji: the CJK unified ideographs and extension A, the compatibility
// ideographs U+F900..U+FAFF and the iteration mark 々 (not 〇).
inline bool IsKanji(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005;
}

// Whether non-empty `s` is made of katakana letters (kanji) only.
inline bool AllKatakana(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    if (!IsKatakanaLetter(DecodeAt(s, i, &len))) return false;
    i += len;
  }
  return true;
}
inline bool AllKanji(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    if (!IsKanji(DecodeAt(s, i, &len))) return false;
    i += len;
  }
  return true;
}

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_UTF8_H_
