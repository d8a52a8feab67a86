// UTF-8 decoding, counting and the script classes of Japanese text, in one
// place: every stage that walks text by code point or asks "is this kanji?"
// uses these, so they agree on malformed bytes, 々, 〇 and compatibility
// ideographs.
//
// Malformed UTF-8 (a stray continuation byte, a truncated or overlong
// sequence, a surrogate) decodes as U+FFFD and advances one byte, as ICU's
// U8_NEXT_OR_FFFD does. Text that went through the decoder or the normaliser
// is valid UTF-8, so this matters only for raw input.
#ifndef KIJI_CORPUS_SCRIPT_H_
#define KIJI_CORPUS_SCRIPT_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/base/attributes.h"

namespace kiji::corpus {

inline constexpr char32_t kReplacementChar = 0xFFFD;

inline bool IsUtf8Continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Code points of UTF-8 `s`: the bytes that do not continue a sequence. For
// valid UTF-8 this is the character count used by mention offsets.
inline size_t CountCodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return !IsUtf8Continuation(static_cast<unsigned char>(c));
  }));
}

// Bytes of the sequence that a lead byte announces: 1 (ASCII or a stray
// continuation byte), 2, 3 or 4.
inline size_t SequenceLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Decodes the code point starting at byte `*i` of `s` (`*i < s.size()`) and
// moves `*i` past it; malformed bytes give U+FFFD and one byte. Inlined:
// scanners call it once per character.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline char32_t NextCodePoint(std::string_view s,
                                                           size_t* i) {
  const auto lead = static_cast<unsigned char>(s[*i]);
  if (lead < 0x80) {
    ++*i;
    return lead;
  }
  size_t len;
  char32_t cp;
  char32_t min;
  if ((lead & 0xE0) == 0xC0) {
    len = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    ++*i;
    return kReplacementChar;
  }
  if (*i + len > s.size()) {
    ++*i;
    return kReplacementChar;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if (!IsUtf8Continuation(b)) {
      ++*i;
      return kReplacementChar;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return kReplacementChar;
  }
  *i += len;
  return cp;
}

// `NextCodePoint` at byte `i` (< size), its length in bytes into `*len`.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline char32_t DecodeAt(std::string_view s,
                                                      size_t i, size_t* len) {
  size_t next = i;
  const char32_t c = NextCodePoint(s, &next);
  *len = next - i;
  return c;
}

// The code point starting at byte `i`, or 0 at or past the end.
inline char32_t CodePointAt(std::string_view s, size_t i) {
  return i < s.size() ? NextCodePoint(s, &i) : 0;
}

// Start of the code point that ends just before byte `i` (0 < i <= size):
// steps back over at most three continuation bytes.
inline size_t PrevCodePointStart(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && i - j < 4 &&
         IsUtf8Continuation(static_cast<unsigned char>(s[j]))) {
    --j;
  }
  return j;
}

// The character that begins (ends) non-empty `s`: as many bytes as its
// first byte announces, cut at the end of `s` (from the start of the last
// code point).
inline std::string_view FirstChar(std::string_view s) {
  return s.substr(0, SequenceLength(static_cast<unsigned char>(s[0])));
}
inline std::string_view LastChar(std::string_view s) {
  return s.substr(PrevCodePointStart(s, s.size()));
}

// Kanji: CJK unified ideographs (the URO, extension A and the supplementary
// planes' extensions B-H), compatibility ideographs, the iteration mark 々
// and the ideographic zero 〇 (二〇二四年), which are written in kanji words.
inline bool IsKanji(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005 || c == 0x3007 ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

inline bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }

// Hiragana letters ぁ..ゖ: those with a katakana letter 0x60 above them.
inline bool IsHiraganaLetter(char32_t c) { return c >= 0x3041 && c <= 0x3096; }

// Katakana letters ァ..ヺ (no ・ or ー).
inline bool IsKatakanaLetter(char32_t c) { return c >= 0x30A1 && c <= 0x30FA; }

// A character of a katakana word: the letters, the long-vowel mark ー, the
// iteration marks ヽヾ and the small katakana of U+31F0..U+31FF (not the
// middle dot ・).
inline bool IsKatakanaWordChar(char32_t c) {
  return IsKatakanaLetter(c) || c == 0x30FC || c == 0x30FD || c == 0x30FE ||
         (c >= 0x31F0 && c <= 0x31FF);
}

// Half-width katakana letters ｦ..ﾝ with the half-width long-vowel mark ｰ
// (U+FF70), not the voicing marks ﾞﾟ (NFKC makes them full width).
inline bool IsHalfwidthKatakana(char32_t c) {
  return c >= 0xFF66 && c <= 0xFF9D;
}

// Latin letters: ASCII and Latin-1 Supplement to Latin Extended-B, without
// × and ÷.
inline bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// True when UTF-8 `s` holds a kanji (see `IsKanji`).
inline bool HasKanji(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (IsKanji(NextCodePoint(s, &i))) return true;
  }
  return false;
}

// True when UTF-8 `s` holds a Latin letter (see `IsLatinLetter`).
inline bool HasLatinLetter(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (IsLatinLetter(NextCodePoint(s, &i))) return true;
  }
  return false;
}

// Whether non-empty `s` is made of katakana word characters (kanji) only.
inline bool AllKatakana(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size();) {
    if (!IsKatakanaWordChar(NextCodePoint(s, &i))) return false;
  }
  return true;
}
inline bool AllKanji(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size();) {
    if (!IsKanji(NextCodePoint(s, &i))) return false;
  }
  return true;
}
// Whether non-empty `s` is written in hiragana with ー only (a reading).
inline bool AllHiragana(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size();) {
    const char32_t c = NextCodePoint(s, &i);
    if (!IsHiragana(c) && c != U'ー') return false;
  }
  return true;
}

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_SCRIPT_H_
