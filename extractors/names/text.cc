#include "extractors/names/text.h"

#include <cstddef>

namespace kiji::extractors::names {

namespace {

// Whether a sentence ends at byte `i` of `text`, after the character there.
bool SentenceEndAt(std::string_view text, size_t i) {
  const char c = text[i];
  if (c == '\n' || c == '\r' || c == '!' || c == '?') return true;
  const std::string_view rest = text.substr(i, 3);
  return rest == "。" || rest == "！" || rest == "？";
}

}  // namespace

std::string_view SentenceAround(std::string_view text, size_t b, size_t e) {
  size_t begin = b;
  while (begin > 0) {
    const size_t prev = PrevCodePointStart(text, begin);
    if (SentenceEndAt(text, prev)) break;
    begin = prev;
  }
  size_t end = e;
  while (end < text.size() && !SentenceEndAt(text, end)) ++end;
  return text.substr(begin, end - begin);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

WordShape ShapeOf(std::string_view w) {
  bool upper = false, lower = false, digit = false, inner_upper = false;
  size_t index = 0;
  for (size_t i = 0; i < w.size(); ++index) {
    size_t len = 0;
    const char32_t c = DecodeAt(w, i, &len);
    i += len;
    if (IsUpper(c)) {
      upper = true;
      if (index > 0) inner_upper = true;
    } else if (IsLower(c)) {
      lower = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    }
  }
  if (!upper && !lower) return kNumeric;
  if (!upper) return kLowerCase;
  if (!lower) return kAllCaps;
  if (digit) return kMixedCase;
  const char32_t first = CodePointAt(w, 0);
  if (IsUpper(first) && !inner_upper) return kCapitalised;
  return kMixedCase;
}

bool AcronymShaped(std::string_view w) {
  if (w.size() < 2 || w.size() > 5) return false;
  size_t upper = 0;
  for (char ch : w) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (u >= 'A' && u <= 'Z') {
      ++upper;
    } else if (!(u >= 'a' && u <= 'z') && !(u >= '0' && u <= '9')) {
      return false;
    }
  }
  return upper >= 2 || (upper == 1 && ShapeOf(w) == kAllCaps);
}

bool PersonShaped(std::string_view w) {
  if (w.size() < 2) return false;
  if (!IsUpper(CodePointAt(w, 0))) return false;
  bool after_mark = true;
  size_t index = 0;
  bool has_lower = false;
  for (size_t i = 0; i < w.size(); ++index) {
    size_t len = 0;
    const char32_t c = DecodeAt(w, i, &len);
    const std::string_view head = w.substr(0, i);
    i += len;
    if (c == '\'' || c == '-' || c == 0x2019) {
      after_mark = true;
      continue;
    }
    if (!IsLatinLetter(c)) return false;
    if (IsUpper(c) && !after_mark && head != "Mc" && head != "Mac" &&
        head != "O'") {
      return false;
    }
    if (IsLower(c)) has_lower = true;
    after_mark = false;
  }
  return has_lower;
}

}  // namespace kiji::extractors::names
