// LanguageDetector: the main language of a document ("ja", "en", "zh", ...).
//
// Japanese is decided by script statistics (any real share of kana among the
// letters means Japanese: Chinese has none, and CLD2 can mistake kanji-heavy
// Japanese for Chinese); everything else by CLD2 on the first 64 KB of the
// normalised text. "und" when nothing can be said (no letters).
//
// Thread-safe.
#ifndef KIJI_TOKENIZERS_LANGUAGE_DETECTOR_H_
#define KIJI_TOKENIZERS_LANGUAGE_DETECTOR_H_

#include <string>
#include <string_view>

namespace kiji::tokenizers {

// Letter counts by script over a UTF-8 text.
struct ScriptCounts {
  size_t kana = 0;
  size_t han = 0;
  size_t hangul = 0;
  size_t latin = 0;
  size_t other_letters = 0;
};
ScriptCounts CountScripts(std::string_view utf8, size_t max_bytes);

std::string DetectLanguage(std::string_view utf8);

}  // namespace kiji::tokenizers

#endif  // KIJI_TOKENIZERS_LANGUAGE_DETECTOR_H_
