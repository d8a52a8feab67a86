#include "tokenizers/language_detector.h"

#include <cld2/public/compact_lang_det.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

namespace kiji::tokenizers {
namespace {
constexpr size_t kSampleBytes = 64 * 1024;
}  // namespace

namespace {

enum class LetterClass : uint8_t {
  kNone,
  kKana,
  kHan,
  kHangul,
  kLatin,
  kOther
};

// How `CountScripts` counts non-ASCII code point `c`: not a letter, or a
// letter of one of the scripts it tells apart.
LetterClass ClassifyWithIcu(UChar32 c) {
  if (!u_isalpha(c)) return LetterClass::kNone;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
      return LetterClass::kKana;
    case USCRIPT_HAN:
      return LetterClass::kHan;
    case USCRIPT_HANGUL:
      return LetterClass::kHangul;
    case USCRIPT_LATIN:
      return LetterClass::kLatin;
    case USCRIPT_COMMON:  // ー and other shared marks
      return LetterClass::kNone;
    default:
      return LetterClass::kOther;
  }
}

// `ClassifyWithIcu` for the BMP, computed once: two ICU lookups per
// character cost far more than one table load.
LetterClass Classify(UChar32 c) {
  static const auto* const kBmp = [] {
    auto* table = new std::array<LetterClass, 0x10000>;
    for (UChar32 d = 0; d < 0x10000; ++d) {
      (*table)[static_cast<size_t>(d)] = ClassifyWithIcu(d);
    }
    return table;
  }();
  return c <= 0xFFFF ? (*kBmp)[static_cast<size_t>(c)] : ClassifyWithIcu(c);
}

}  // namespace

ScriptCounts CountScripts(std::string_view utf8, size_t max_bytes) {
  ScriptCounts counts;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(std::min(utf8.size(), max_bytes));
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    if (c < 0x80) {
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++counts.latin;
      continue;
    }
    switch (Classify(c)) {
      case LetterClass::kKana:
        ++counts.kana;
        break;
      case LetterClass::kHan:
        ++counts.han;
        break;
      case LetterClass::kHangul:
        ++counts.hangul;
        break;
      case LetterClass::kLatin:
        ++counts.latin;
        break;
      case LetterClass::kOther:
        ++counts.other_letters;
        break;
      case LetterClass::kNone:
        break;
    }
  }
  return counts;
}

std::string DetectLanguage(std::string_view utf8) {
  const ScriptCounts c = CountScripts(utf8, kSampleBytes);
  const size_t letters = c.kana + c.han + c.hangul + c.latin + c.other_letters;
  if (letters == 0) return "und";
  // Japanese prose is rarely under a tenth kana even when kanji-heavy, and
  // Chinese has none; a few stray kana in Chinese text stay below this.
  if (c.kana * 10 >= c.kana + c.han + c.hangul + c.other_letters &&
      c.kana * 20 >= letters) {
    return "ja";
  }
  bool reliable = false;
  const std::string_view sample = utf8.substr(0, kSampleBytes);
  int valid_prefix = 0;
  CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true,
      &reliable, &valid_prefix);
  if (lang != CLD2::UNKNOWN_LANGUAGE) {
    std::string code = CLD2::LanguageCode(lang);
    if (code == "zh-Hant") code = "zh";
    return code;
  }
  if (c.han > 0 && c.han >= c.latin) return "zh";
  if (c.hangul > 0 && c.hangul >= c.latin) return "ko";
  if (c.latin > 0) return "en";
  return "und";
}

}  // namespace kiji::tokenizers
