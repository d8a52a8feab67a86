#include "tokenizers/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "corpus/offset_map.h"
#include "corpus/script.h"

namespace kiji::tokenizers {
namespace {

constexpr UChar32 kLongVowelMark = 0x30FC;  // ー
constexpr UChar32 kWaveDash = 0x301C;       // 〜
constexpr UChar32 kReplacement = 0xFFFD;

bool IsZeroWidth(UChar32 c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

// The dashes of rule "hyphens and dashes", also those NFKC maps to '-' or
// U+2010 (so the rule holds with `nfkc` off); ASCII '-' is handled apart.
bool IsDash(UChar32 c) {
  switch (c) {
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2043:
    case 0x2212:
    case 0x2500:
    case 0x2501:
    case 0xFE63:
    case 0xFF0D:
      return true;
    default:
      return false;
  }
}

bool IsTilde(UChar32 c) {
  switch (c) {
    case '~':
    case 0x223C:
    case 0x223E:
    case 0x301C:
    case 0x3030:
    case 0xFF5E:
      return true;
    default:
      return false;
  }
}

// Tab and the Unicode space separators (general category Zs).
bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0x00A0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// The left context after which a dash is a long-vowel mark: a character of
// a katakana word (corpus/script.h; ー and the iteration marks included),
// the digraph ヿ, or half-width katakana.
bool LengthensBeforeDash(UChar32 c) {
  return corpus::IsKatakanaWordChar(c) || c == 0x30FF ||
         corpus::IsHalfwidthKatakana(c);
}

// Japanese/CJK characters next to which a space is dropped (a spacing rule,
// wider than the script classes of corpus/script.h): ideographs,
// kana, CJK symbols and punctuation (、。「」〜 ...). Hangul is not included:
// Korean separates words with spaces.
bool IsCjk(UChar32 c) {
  if (c < 0x2E80) return false;
  return c <= 0x2FDF ||                     // CJK and Kangxi radicals
         (c >= 0x3000 && c <= 0x30FF) ||    // punctuation, kana
         (c >= 0x3190 && c <= 0x31FF) ||    // kanbun, strokes, kana ext
         (c >= 0x3200 && c <= 0x4DBF) ||    // enclosed, compat, ext A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0xFE30 && c <= 0xFE4F) ||    // compatibility forms
         (c >= 0xFF61 && c <= 0xFF9F) ||    // half-width kana, 。「」、
         (c >= 0x1B000 && c <= 0x1B16F) ||  // kana supplement, ext A
         (c >= 0x20000 && c <= 0x3FFFF);    // ideographs, planes 2-3
}

// Kana (up to U+30FB, before ー) and unified ideographs: the bulk of
// Japanese text. No rule after NFKC changes them and all are CJK for
// `IsCjk`, so `RuleRun::Add` takes a short path for them.
bool IsPlainCjk(UChar32 c) {
  return (c >= 0x3041 && c <= 0x30FB) || (c >= 0x4E00 && c <= 0x9FFF);
}

}  // namespace

// Applies the rules after NFKC to the stream of NFKC output code points, each
// tagged with the original code-point range of the NFKC segment it came
// from, and builds the output text and its map. Output that comes from
// overlapping original ranges, or that a rule merges (collapsed runs, CR LF),
// forms one map segment.
class Normalizer::RuleRun {
 public:
  // Writes into `*out` (cleared first) through a raw cursor, growing it by
  // doubling; `Finish` trims it to the text written.
  RuleRun(const NormalizerOptions& options, std::string* out,
          corpus::OffsetMap* map)
      : options_(options), out_(out), map_(map) {
    out_->clear();
    out_->resize(std::max<size_t>(out_->capacity(), 16));
    cursor_ = out_->data();
    limit_ = cursor_ + out_->size();
  }

  void Add(UChar32 c, uint32_t orig_begin, uint32_t orig_end) {
    if (IsPlainCjk(c)) {
      // What the general path below does for such a character.
      prev_was_cr_ = false;
      prev_ = c;
      if (has_pending_space_) ResolvePendingSpace(/*right_cjk=*/true);
      Emit(c, orig_begin, orig_end);
      return;
    }
    if (options_.remove_zero_width && IsZeroWidth(c)) return;
    if (options_.normalize_newlines) {
      if (c == '\n' && prev_was_cr_) {
        prev_was_cr_ = false;
        Extend(orig_end);
        return;
      }
      prev_was_cr_ = c == '\r';
      if (c == '\r') c = '\n';
    }
    if (options_.unify_hyphens && (c == '-' || IsDash(c))) {
      c = LengthensBeforeDash(prev_) ? kLongVowelMark : '-';
    }
    if (options_.unify_tildes && IsTilde(c)) c = kWaveDash;
    if (options_.collapse_long_vowels && c == kLongVowelMark &&
        prev_ == kLongVowelMark) {
      Extend(orig_end);
      return;
    }
    prev_ = c;
    if (options_.normalize_spaces && IsSpace(c)) {
      if (!has_pending_space_) {
        has_pending_space_ = true;
        pending_begin_ = orig_begin;
        pending_end_ = orig_end;
        pending_left_cjk_ = IsCjk(last_out_);
      } else {
        pending_end_ = std::max(pending_end_, orig_end);
      }
      return;
    }
    if (has_pending_space_) ResolvePendingSpace(IsCjk(c));
    Emit(c, orig_begin, orig_end);
  }

  // Adds the characters of `utf8` right after `Add` added a plain CJK one:
  // each is plain CJK (`IsPlainCjk`, so three bytes) and an NFKC segment of
  // its own that NFKC leaves alone, the first is original code point
  // `orig_begin` and `last` is the last. The same as `Add` on each in turn.
  void AddPlainCjkRun(std::string_view utf8, UChar32 last,
                      uint32_t orig_begin) {
    const auto chars = static_cast<uint32_t>(utf8.size() / 3);
    if (chars == 0) return;
    while (static_cast<size_t>(limit_ - cursor_) < utf8.size()) Grow();
    std::copy(utf8.begin(), utf8.end(), cursor_);
    cursor_ += utf8.size();
    // Each character is a segment; the last one stays open, as after `Emit`.
    FlushSegment();
    map_->AddCharSegments(chars - 1, 3);
    mapped_chars_ = orig_begin + chars - 1;
    has_segment_ = true;
    segment_begin_ = mapped_chars_;
    segment_end_ = segment_begin_ + 1;
    segment_bytes_ = 3;
    prev_ = last_out_ = last;
    prev_was_cr_ = false;
  }

  // Ends the text, which has `orig_chars` code points.
  void Finish(uint32_t orig_chars) {
    if (has_pending_space_) ResolvePendingSpace(/*right_cjk=*/false);
    FlushSegment();
    map_->AddSegment(orig_chars - mapped_chars_, 0);
    out_->resize(static_cast<size_t>(cursor_ - out_->data()));
  }

 private:
  void ResolvePendingSpace(bool right_cjk) {
    has_pending_space_ = false;
    if (options_.remove_cjk_spaces && (pending_left_cjk_ || right_cjk)) return;
    Emit(' ', pending_begin_, pending_end_);
  }

  void Emit(UChar32 c, uint32_t orig_begin, uint32_t orig_end) {
    if (limit_ - cursor_ < U8_MAX_LENGTH) Grow();
    size_t len = 0;
    U8_APPEND_UNSAFE(cursor_, len, c);
    cursor_ += len;
    last_out_ = c;
    if (has_segment_ && orig_begin < segment_end_) {
      segment_bytes_ += len;
      segment_end_ = std::max(segment_end_, orig_end);
      return;
    }
    FlushSegment();
    has_segment_ = true;
    segment_begin_ = orig_begin;
    segment_end_ = orig_end;
    segment_bytes_ = len;
  }

  void Grow() {
    const size_t used = static_cast<size_t>(cursor_ - out_->data());
    out_->resize(2 * out_->size() + U8_MAX_LENGTH);
    cursor_ = out_->data() + used;
    limit_ = out_->data() + out_->size();
  }

  // Merges [.., orig_end) into the segment of the last output character,
  // which is the current segment: callers only extend right after output.
  void Extend(uint32_t orig_end) {
    segment_end_ = std::max(segment_end_, orig_end);
  }

  void FlushSegment() {
    if (!has_segment_) return;
    if (segment_begin_ != mapped_chars_) {
      map_->AddSegment(segment_begin_ - mapped_chars_, 0);
    }
    map_->AddSegment(segment_end_ - segment_begin_, segment_bytes_);
    mapped_chars_ = segment_end_;
    has_segment_ = false;
  }

  const NormalizerOptions& options_;
  std::string* out_;
  char* cursor_;  // end of the text written to `out_`
  char* limit_;   // end of `out_`'s room
  corpus::OffsetMap* map_;

  UChar32 prev_ = 0;      // previous character after the replacement rules
  UChar32 last_out_ = 0;  // last character appended to `out_`
  bool prev_was_cr_ = false;

  bool has_pending_space_ = false;
  bool pending_left_cjk_ = false;
  uint32_t pending_begin_ = 0;
  uint32_t pending_end_ = 0;

  // Map segment being built: original [segment_begin_, segment_end_) made
  // the last `segment_bytes_` bytes of `out_`.
  bool has_segment_ = false;
  uint32_t segment_begin_ = 0;
  uint32_t segment_end_ = 0;
  size_t segment_bytes_ = 0;
  uint32_t mapped_chars_ = 0;  // original code points already in `map_`
};

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(
    const NormalizerOptions& options) {
  if (options.remove_cjk_spaces && !options.normalize_spaces) {
    return absl::InvalidArgumentError(
        "normalizer: remove_cjk_spaces requires normalize_spaces");
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || nfkc == nullptr) {
    return absl::InternalError(absl::StrCat(
        "normalizer: cannot load ICU NFKC data: ", u_errorName(status)));
  }
  return absl::WrapUnique(new Normalizer(options, nfkc));
}

Normalizer::Normalizer(const NormalizerOptions& options,
                       const icu::Normalizer2* nfkc)
    : options_(options), nfkc_(nfkc) {
  // A code point on its own passes NFKC's quick check exactly when its
  // NFKC_Quick_Check property is Yes (normalizer_test checks this for the
  // BMP); the property is a table lookup, the check builds a string.
  for (UChar32 c = 0; c < 0x10000; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    bmp_nfkc_stable_[static_cast<size_t>(c)] =
        u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES;
  }
  for (UChar32 c = 0; c < 0x10000; ++c) {
    bmp_boundary_before_[static_cast<size_t>(c)] = nfkc_->hasBoundaryBefore(c);
  }
}

bool Normalizer::HasBoundaryBeforeSlow(UChar32 c) const {
  return nfkc_->hasBoundaryBefore(c);
}

void Normalizer::Normalize(std::string_view original, std::string* normalized,
                           corpus::OffsetMap* map) const {
  normalized->clear();
  normalized->reserve(original.size());
  map->Clear();
  map->Reserve(original.size());
  RuleRun run(options_, normalized, map);
  run.Finish(AddText(original, 0, &run));
}

void Normalizer::NormalizePieces(std::span<const corpus::TextPiece> pieces,
                                 uint32_t original_chars,
                                 std::string* normalized,
                                 corpus::OffsetMap* map) const {
  normalized->clear();
  map->Clear();
  RuleRun run(options_, normalized, map);
  icu::UnicodeString text, text_out;
  for (const corpus::TextPiece& piece : pieces) {
    if (piece.verbatim) {
      AddText(piece.text, piece.orig_begin, &run);
      continue;
    }
    // Read as a whole: every character of its NFKC form maps to the piece.
    text = icu::UnicodeString::fromUTF8(piece.text);
    UErrorCode status = U_ZERO_ERROR;
    nfkc_->normalize(text, text_out, status);
    const icu::UnicodeString& result = U_SUCCESS(status) ? text_out : text;
    for (int32_t k = 0; k < result.length();) {
      const UChar32 c = result.char32At(k);
      k += U16_LENGTH(c);
      run.Add(c, piece.orig_begin, piece.orig_end);
    }
  }
  run.Finish(original_chars);
}

uint32_t Normalizer::AddText(std::string_view original, uint32_t first_cp,
                             RuleRun* run_ptr) const {
  RuleRun& run = *run_ptr;
  const auto* s = reinterpret_cast<const uint8_t*>(original.data());
  const size_t n = original.size();
  size_t i = 0;
  uint32_t cp = first_cp;  // code points consumed, from the text's first
  // Reused across segments; UnicodeString keeps short strings inline.
  icu::UnicodeString segment, segment_out, scratch;
  // The character after a segment, decoded while looking for the segment's
  // end: the next segment starts with it.
  size_t ahead_begin = SIZE_MAX;
  size_t ahead_end = 0;
  UChar32 ahead = 0;
  while (i < n) {
    // ASCII followed by ASCII (or the end) is an NFKC segment of its own,
    // left unchanged.
    if (s[i] < 0x80 && (i + 1 == n || s[i + 1] < 0x80 || !options_.nfkc)) {
      run.Add(s[i], cp, cp + 1);
      ++i;
      ++cp;
      continue;
    }
    UChar32 c;
    if (i == ahead_begin) {
      c = ahead;
      i = ahead_end;
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) c = kReplacement;
    }
    const uint32_t segment_begin = cp++;
    if (!options_.nfkc) {
      run.Add(c, segment_begin, cp);
      continue;
    }
    // An NFKC segment runs up to the next character with a boundary before
    // it; segments normalise independently, so the map stays exact. ASCII
    // always has a boundary before it.
    bool single = true;
    while (i < n && s[i] >= 0x80) {
      size_t j = i;
      UChar32 d;
      U8_NEXT(s, j, n, d);
      if (d < 0) d = kReplacement;
      if (HasBoundaryBefore(d)) {
        ahead_begin = i;
        ahead = d;
        ahead_end = j;
        break;
      }
      if (single) {
        segment.setTo(c);
        single = false;
      }
      segment.append(d);
      i = j;
      ++cp;
    }
    if (single) {
      const bool stable = c <= 0xFFFF
                              ? IsBmpNfkcStable(static_cast<char16_t>(c))
                              : !nfkc_->getDecomposition(c, scratch);
      if (stable) {
        run.Add(c, segment_begin, cp);
        if (IsPlainCjk(c)) {
          // Japanese text is mostly runs of kana and ideographs that NFKC
          // leaves alone, one segment each: take the rest of the run at once.
          // The character at `i`, if not ASCII, is `ahead`, which has a
          // boundary before it (it ended the segment of `c`); a character
          // joins the run when the one after it has one too.
          const size_t run_begin = i;
          UChar32 last = c;
          if (i < n && s[i] >= 0x80) {
            // `d` is the character at [i, j), a candidate for the run; the
            // segment search above decoded it.
            UChar32 d = ahead;
            size_t j = ahead_end;
            while (IsPlainCjk(d) && IsBmpNfkcStable(static_cast<char16_t>(d))) {
              if (j == n || s[j] < 0x80) {
                last = d;
                i = j;
                break;
              }
              size_t k = j;
              UChar32 e;
              U8_NEXT(s, k, n, e);
              if (e < 0) e = kReplacement;
              if (!HasBoundaryBefore(e)) break;
              last = d;
              i = j;
              d = e;
              j = k;
            }
            if (i < j) {
              // Stopped before `d`: the next segment starts with it.
              ahead_begin = i;
              ahead = d;
              ahead_end = j;
            }
          }
          run.AddPlainCjkRun(original.substr(run_begin, i - run_begin), last,
                             cp);
          cp += static_cast<uint32_t>((i - run_begin) / 3);
        }
        continue;
      }
      segment.setTo(c);
    }
    UErrorCode status = U_ZERO_ERROR;
    nfkc_->normalize(segment, segment_out, status);
    // Only fails on allocation failure; keep the segment as it is then.
    const icu::UnicodeString& result =
        U_SUCCESS(status) ? segment_out : segment;
    for (int32_t k = 0; k < result.length();) {
      const UChar32 o = result.char32At(k);
      k += U16_LENGTH(o);
      run.Add(o, segment_begin, cp);
    }
  }
  return cp;
}

}  // namespace kiji::tokenizers
