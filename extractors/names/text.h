// Script classes and word shapes for the name extractor's scanners
// (internal to extractors/names/). UTF-8 decoding and the kanji and
// katakana classes are corpus/script.h's; this adds the Latin-script classes
// and the shapes of Latin words.
//
// Stateless; safe from any thread.
#ifndef KIJI_EXTRACTORS_NAMES_TEXT_H_
#define KIJI_EXTRACTORS_NAMES_TEXT_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "corpus/script.h"

namespace kiji::extractors::names {

using corpus::AllKanji;
using corpus::AllKatakana;
using corpus::CodePointAt;
using corpus::DecodeAt;
using corpus::IsKanji;
using corpus::IsKatakanaWordChar;
using corpus::PrevCodePointStart;

// The sentence of `text` around bytes [b, e): from just after the last
// 。！？!? or line break before `b` to the first one at or after `e` (the
// ends of the names model's sentences, by characters).
std::string_view SentenceAround(std::string_view text, size_t b, size_t e);

// ・ and =, which join the parts of a katakana name (ジャン=ピエール).
inline bool IsKatakanaSeparator(char32_t c) { return c == 0x30FB || c == '='; }
inline bool IsAsciiAlpha(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
// ASCII letters and Latin-1 Supplement and Latin Extended-A/B letters.
inline bool IsLatinLetter(char32_t c) {
  return IsAsciiAlpha(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
inline bool IsLatinWordChar(char32_t c) {
  return IsLatinLetter(c) || (c >= '0' && c <= '9');
}
inline bool IsUpper(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}
inline bool IsLower(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}
// IsUpper of each byte value, for scans that read the text byte by byte
// (one load per byte instead of the range tests).
using UpperBytes = std::array<bool, 256>;
inline const UpperBytes& UpperByteTable() {
  static const UpperBytes kTable = [] {
    UpperBytes table{};
    for (size_t c = 0; c < table.size(); ++c) {
      table[c] = IsUpper(static_cast<char32_t>(c));
    }
    return table;
  }();
  return kTable;
}

// `s` with ASCII capitals lower-cased.
std::string AsciiLower(std::string_view s);

enum WordShape { kCapitalised, kAllCaps, kMixedCase, kLowerCase, kNumeric };

// The shape of a Latin word: Capitalised (one capital, first), ALLCAPS,
// MiXed (or with digits), lower or numeric (no letters).
WordShape ShapeOf(std::string_view w);

// A short acronym: 2-5 ASCII letters and digits, all capitals (AI, EV, 5G)
// or two capitals or more among small letters (IoT, SaaS; not eBay).
bool AcronymShaped(std::string_view w);

// A word that can be part of a personal name: Capitalised, letters only,
// with inner apostrophes/hyphens (Jean-Luc, O'Neil) or Mc/Mac/O' prefixes.
bool PersonShaped(std::string_view w);

}  // namespace kiji::extractors::names

#endif  // KIJI_EXTRACTORS_NAMES_TEXT_H_
