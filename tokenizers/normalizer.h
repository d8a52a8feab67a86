// Normalizer: decoded original text -> the normalised text that tokenisers
// and extractors work on, plus a `corpus::OffsetMap` from every normalised
// byte back to code-point offsets of the original.
//
// The rules are those of docs/normalization.md, in its order: NFKC,
// zero-width characters removed, hyphens/dashes unified (long-vowel mark
// after katakana), tildes unified to U+301C, runs of U+30FC collapsed,
// Unicode spaces unified, collapsed and removed next to Japanese/CJK
// characters, CR LF / CR -> LF. ASCII and characters NFKC leaves alone take
// a fast path; ICU runs only on the NFKC segments that it would change.
//
// Thread-safety: a `Normalizer` is immutable after `Create`; `Normalize` is
// const and may be called concurrently from any number of threads.
#ifndef KIJI_TOKENIZERS_NORMALIZER_H_
#define KIJI_TOKENIZERS_NORMALIZER_H_

#include <unicode/uversion.h>

#include <bitset>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "corpus/offset_map.h"

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace kiji::tokenizers {

// Each member switches one rule of docs/normalization.md on or off.
//
//   option                  default  rule
//   nfkc                    true     1. ICU NFKC
//   remove_zero_width       true     2. drop U+200B-U+200D, U+2060, U+FEFF
//   unify_hyphens           true     3. dashes -> '-', or U+30FC after katakana
//   unify_tildes            true     4. ~ ∼ ∾ 〜 〰 ～ -> U+301C
//   collapse_long_vowels    true     5. U+30FC U+30FC... -> U+30FC
//   normalize_spaces        true     6. Unicode spaces and tabs -> ' ',
//                                       runs of spaces -> one space
//   remove_cjk_spaces       true     6. drop a space next to Japanese/CJK;
//                                       needs `normalize_spaces`
//   normalize_newlines      true     6. CR LF and CR -> LF
struct NormalizerOptions {
  bool nfkc = true;
  bool remove_zero_width = true;
  bool unify_hyphens = true;
  bool unify_tildes = true;
  bool collapse_long_vowels = true;
  bool normalize_spaces = true;
  bool remove_cjk_spaces = true;
  bool normalize_newlines = true;
};

class Normalizer {
 public:
  // Fails with kInvalidArgument for inconsistent options and with kInternal
  // when ICU's NFKC data cannot be loaded.
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(
      const NormalizerOptions& options = {});

  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // Replaces `*normalized` with the normalised form of `original` and `*map`
  // with the map from its bytes (norm_* offsets) back to code points of
  // `original` (orig_* offsets); `map->OriginalChars()` is the number of code
  // points in `original`. A collapsed run (of spaces, of U+30FC, CR LF) is one
  // segment of the map, and every NFKC segment (a character with the
  // combining marks that follow it) is one segment or part of one.
  //
  // `original` must be valid UTF-8; should it not be, each ill-formed
  // sequence counts as one code point and becomes U+FFFD. `original` must
  // not point into `*normalized`. Never fails.
  void Normalize(std::string_view original, std::string* normalized,
                 corpus::OffsetMap* map) const;

  // The same for a marked-up text (a web page) read as the pieces of it
  // `pieces` (corpus::TextPiece: in order, not overlapping; what lies
  // between them is dropped): the rules run over the pieces as over one
  // text, a verbatim piece maps character by character, every character of
  // another piece maps to the whole piece. `*map` covers `original_chars`
  // code points, the whole page.
  void NormalizePieces(std::span<const corpus::TextPiece> pieces,
                       uint32_t original_chars, std::string* normalized,
                       corpus::OffsetMap* map) const;

  const NormalizerOptions& options() const { return options_; }

 private:
  // Builds the normalised text and its map from characters tagged with
  // their original spans, applying the rules after NFKC (normalizer.cc).
  class RuleRun;

  // NFKC and the rules over `text`, whose first code point is the
  // original's `first_cp`; returns the original code point after it.
  uint32_t AddText(std::string_view text, uint32_t first_cp,
                   RuleRun* run) const;

  Normalizer(const NormalizerOptions& options, const icu::Normalizer2* nfkc);

  // Whether NFKC leaves the BMP code point unchanged when it is a segment on
  // its own (NFKC quick check "yes").
  bool IsBmpNfkcStable(char16_t c) const { return bmp_nfkc_stable_[c]; }

  // `nfkc_->hasBoundaryBefore`, which is asked for almost every non-ASCII
  // character, as a table lookup for the BMP.
  bool HasBoundaryBefore(UChar32 c) const {
    return c <= 0xFFFF ? bmp_boundary_before_[static_cast<size_t>(c)]
                       : HasBoundaryBeforeSlow(c);
  }
  bool HasBoundaryBeforeSlow(UChar32 c) const;

  NormalizerOptions options_;
  const icu::Normalizer2* nfkc_;  // ICU singleton, not owned
  std::bitset<0x10000> bmp_nfkc_stable_;
  std::bitset<0x10000> bmp_boundary_before_;
};

}  // namespace kiji::tokenizers

#endif  // KIJI_TOKENIZERS_NORMALIZER_H_
