#include "tokenizers/language_detector.h"

#include <cld2/public/compact_lang_det.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace kiji::tokenizers {
namespace {
constexpr size_t kSampleBytes = 64 * 1024;
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
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA:
        ++counts.kana;
        break;
      case USCRIPT_HAN:
        ++counts.han;
        break;
      case USCRIPT_HANGUL:
        ++counts.hangul;
        break;
      case USCRIPT_LATIN:
        ++counts.latin;
        break;
      case USCRIPT_COMMON:  // ー and other shared marks
        break;
      default:
        ++counts.other_letters;
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
