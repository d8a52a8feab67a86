// Pairwise decision "do these two name strings denote the same entity?" for
// PERSON and COMPANY/ORG/PRODUCT mentions, without document context.
//
// Names arrive as they appear in NFKC-normalised text (docs/normalization.md):
// katakana with `・`, `=` or nothing between parts, Latin in any case, kanji,
// or mixed (オープンAI).
//
// Scoring (all similarities are in [0,1], 1 = identical):
//  * Katakana vs katakana part: 1 - `MoraDistance` (weighted mora edit
//    distance over `KatakanaKey`s, see below).
//  * Latin vs katakana part: 1.0 when ENAMDICT lists the Latin word as a
//    romanisation of the katakana headword (or of a headword with the same
//    `KatakanaKey`); else 0.97 * (1 - MoraDistance) against the katakana
//    headwords ENAMDICT gives for the Latin word; else a phonetic score:
//    both sides are reduced to a phoneme string (katakana -> Hepburn-like
//    romaji; Latin -> English spelling rules: ck->k, ph->f, v->b, l->r, magic
//    e, silent gh...) and compared with a weighted edit distance in which
//    katakana epenthetic vowels and English post-vocalic r are cheap and
//    consonant changes are dear; that score is capped at 0.95. A Latin word
//    with the marker letters of another language's spelling (ñ, j; ł, sz;
//    š, ř; cs, gy; gn, gli; ij, oe; eau, é; sch, ß, ü ...) is also read by
//    that language's letter rules (Spanish, German, Italian, Polish, Czech,
//    Hungarian, Dutch, French), with pure vowels (a vowel change costs as
//    between katakana), and the best reading counts ("phonetic: Polish
//    reading"). A word that is an acronym read letter by letter in the
//    katakana (FM / エフエム) scores 0.95.
//  * Latin vs Latin part: 1.0 when equal ignoring case; else the phonetic
//    score above.
//  * Kanji (or any other script) parts: 1.0 when identical, else 0. A kanji
//    name that is a strict prefix of another (大河内 / 大河内信彦) is
//    "partial: surname only (kanji prefix)", never same: only the reconciler,
//    inside one document, links a bare kanji surname to its full name.
//  * Every phonetic or mora score additionally requires the first phonemes of
//    the two parts to be compatible (same consonant class or a listed
//    alternation such as j/y, b/v, s/sh); otherwise the part scores 0. This
//    is what makes `BlockingKeys` complete.
//
// PERSON: both names are split into parts (Latin: "Given [Middle] Surname";
// katakana: parts split on `・`, `=` or space; single Latin letters are
// middle initials). Each pair of parts (given names, surnames, and middle
// names when both have them) has its own threshold: the flat `threshold`,
// or the row of the threshold table for its kind and length (a five-mora
// katakana part may differ more than a two-mora one). The score is that of
// the part furthest below its threshold (with one flat threshold: the
// minimum of the part scores). Decision: same = every part reaches its
// threshold and the structures are complete:
//  - a lone part vs a multi-part name is "partial: surname only" (or "given
//    only") and never same, except when the lone part is the unseparated
//    concatenation of the other (ジョンスミス vs ジョン・スミス), which needs
//    the threshold of its length from the table, or without a table 0.8;
//  - a middle name or initial on one side only, or differing initials, is
//    "partial: middle name/initial" and never same (ジョージ・ブッシュ may be
//    either President Bush);
//  - same surname with a different given name scores low on the given name,
//    so it is not the same person;
//  - truncated surname: when every other part scores >= 0.95 and the surname
//    fails, a katakana surname written ending in ー (the mark of a rendering
//    cut short: an outlet heard "Rockefe-" and wrote a long vowel) whose key
//    has >= 3 morae is compared with every prefix of the other surname's
//    phoneme string (katakana or Latin). It matches when some prefix
//    covering >= 60% of the other surname's strong phonemes is within a
//    normalised phonetic distance of 0.2, leaving >= 2 strong phonemes over
//    that are not an English surname ending (a remainder starting with n, s,
//    z or ts, or exactly -ton, -ley, -man: Wilkie/Wilkins, Bailey/Baylis,
//    Smith/Smithson never match). Score: threshold + 0.01, why "person:
//    truncated surname (prefix S); ...". Names without the final ー
//    (スミス/スミスソン) never take this path.
// COMPANY/ORG/PRODUCT: names are tokenised (spaces, `・`, script changes,
// CamelCase), legal-form tokens (Inc, Corp, Ltd, 株式会社, (株)...) dropped.
// Same when the joined normalised keys are equal, when ENAMDICT links the
// Latin name to the katakana one, or when the token sequences have the same
// length and every aligned pair scores >= threshold. An extra token on one
// side ("Google" vs "Google Japan", "トヨタ" vs "トヨタ自動車") is "partial:
// extra tokens" and never same: precision first; the reconciler may merge
// such pairs with document context.
// DATE/AMOUNT: same iff the strings are equal.
//
// `NameMatch::why` names the rule that decided and the part scores, e.g.
// "person: given 1.00 (enamdict) surname 0.90 (mora)".
//
// Thread-safety: a `NameMatcher` is immutable after `Create`; all methods are
// const and may be called concurrently. The free functions are pure.
#ifndef KIJI_RECONCILE_NAME_MATCHER_H_
#define KIJI_RECONCILE_NAME_MATCHER_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "reconcile/match_thresholds.h"

namespace kiji::reconcile {

struct NameMatcherOptions {
  // Optional name knowledge; not owned, must outlive the matcher.
  const lexicon::EnamdictIndex* names = nullptr;
  // Minimum score for `same`, in (0, 1]. With the default, a part may differ
  // by about a quarter of a mora per mora (0.25 normalised distance).
  double threshold = 0.75;
  // Optional per-part thresholds by kind and length (match_thresholds.h);
  // not owned. Without it, or for a kind it has no row for, every part
  // needs `threshold`. Company, organisation and product tokens always use
  // `threshold`.
  const MatchThresholds* thresholds = nullptr;
};

// A name decomposed for repeated matching (see `NameMatcher::Prepare`);
// opaque outside name_matcher.cc, as is one part of it (`PreparedPart`).
struct PreparedName;
struct PreparedPart;

struct NameMatch {
  NameMatch() = default;
  NameMatch(bool same_in, double score_in, std::string why_in)
      : same(same_in), score(score_in), why(std::move(why_in)) {}

  bool same = false;
  double score = 0;  // in [0,1]
  std::string why;   // rule and evidence
  // The score the deciding part needed (0 until `Match` fills it in), and
  // the row of the threshold table that gave it ("kana 5", "latin-kana 3"),
  // empty when the pair has no such part. For a name of several parts the
  // deciding part is the one furthest below (or least above) its own
  // threshold, and `score` is that part's score.
  double threshold = 0;
  std::string basis;
};

class NameMatcher {
 public:
  // Fails with InvalidArgument when `threshold` is outside (0, 1].
  static absl::StatusOr<std::unique_ptr<NameMatcher>> Create(
      const NameMatcherOptions& options);

  // Thread-safe. Decision with no document context.
  NameMatch Match(std::string_view a, std::string_view b,
                  corpus::EntityType type) const;

  // `name` decomposed once for many `Match` calls: for PERSON, its parts
  // with their canonical keys, scripts and first sounds; other types keep
  // the text only. Immutable; independent of this matcher's options.
  std::shared_ptr<const PreparedName> Prepare(std::string_view name,
                                              corpus::EntityType type) const;

  // Same result as `Match(a's text, b's text, a's type)`; `a` and `b` must
  // have been prepared with the same type.
  NameMatch Match(const PreparedName& a, const PreparedName& b) const;

  // Whether spelling alone barely decides `m`: its score is within 0.05 of
  // its threshold, on either side (`kiji match` says "close": true). Such
  // pairs are one-kana neighbours that may be two names or two spellings.
  bool IsCloseCall(const NameMatch& m) const;

  // Short phonetic keys ("p:k", ...) such that any two names for which
  // `Match` can return same=true, or `SurnameCompatible` true, share at least
  // one key. Keys are "p:" + one of the 33 consonant classes close to a
  // part's first sound (at most 33 of them), "x:" + the first character of
  // a part in a non-phonetic script, or "v:" + the name for other types; an
  // empty name yields none.
  std::vector<std::string> BlockingKeys(std::string_view name,
                                        corpus::EntityType type) const;

  // True when `surname` (a single part) matches the last part (surname) of
  // `full_name` under the PERSON part rules. Kanji names have no separator:
  // there the surname must be a strict prefix of the full name, and a
  // one-kanji surname fits only a full name of at most three kanji (森 fits
  // 森喜朗, not 森山美和). For the reconciler, which
  // decides with document context whether a lone surname refers to the
  // full name.
  bool SurnameCompatible(std::string_view full_name,
                         std::string_view surname) const;
  // The same for names prepared as PERSON.
  bool SurnameCompatible(const PreparedName& full_name,
                         const PreparedName& surname) const;

  const NameMatcherOptions& options() const { return options_; }

 private:
  explicit NameMatcher(const NameMatcherOptions& options)
      : options_(options) {}

  struct PartScore {
    double score = 0;
    const char* rule = "";
    double threshold = 0;  // what `score` must reach for the part to agree
    PartPairKind kind = PartPairKind::kOther;
    int morae = 0;  // of the katakana side (the longer one for kana pairs)
    double margin() const { return score - threshold; }
    bool passes() const { return score >= threshold; }
  };
  PartScore ScorePart(std::string_view a, std::string_view b) const;
  // The score with its threshold (`ScoreSpelling` and the table).
  PartScore ScorePart(const PreparedPart& a, const PreparedPart& b) const;
  PartScore ScoreSpelling(const PreparedPart& a, const PreparedPart& b) const;
  // Katakana written as one (`kana`) against the words of a name (2 or 3):
  // the split of `kana` into one run of morae per word whose worst word
  // (score minus threshold) is best, as that word's score; a score of 0
  // when no split is possible.
  PartScore ScoreSplit(const PreparedPart& kana,
                       const std::vector<PreparedPart>& words) const;
  // Copies `s`'s threshold and basis into `m`.
  static void SetBasis(const PartScore& s, NameMatch& m);
  NameMatch MatchPerson(const PreparedName& a, const PreparedName& b) const;
  NameMatch MatchCompany(std::string_view a, std::string_view b) const;

  NameMatcherOptions options_;
};

// Normalised katakana: hiragana -> katakana; separators (・ = space) removed;
// ヴァ/ヴィ/ヴ/ヴェ/ヴォ -> バ/ビ/ブ/ベ/ボ; ヰ/ヱ/ヲ/ヂ/ヅ -> イ/エ/オ/ジ/ズ;
// ー, '-' and ッ removed; a small vowel that repeats the vowel before it is
// removed (キィ -> キ), one that cannot combine with the kana before it
// becomes full size (アァ -> アア); full イ/エ/オ after ウ become small
// (ウイ -> ウィ); a full vowel that repeats the previous vowel is removed
// (オオ -> オ). Other characters pass through.
std::string KatakanaKey(std::string_view katakana);

// Splits into morae: a kana with its following small kana (ャュョァィゥェォヮ),
// and ン, ッ, ー each as one mora; any other code point is one unit.
std::vector<std::string> SplitMora(std::string_view katakana);

// Weighted mora edit distance between `KatakanaKey(a)` and `KatakanaKey(b)`,
// divided by the longer mora count and clamped to [0,1]. Costs: equal 0;
// substitutions cost consonant-class plus vowel distance (s/sh/ts, j/y, b/v,
// h/f, r/l 0.3; voicing 0.5; i/e, u/o 0.4; a/e, a/o 0.6), capped at 1;
// inserting a vowel that lengthens the previous one (エ+イ, オ+ウ) 0.2, an
// r-row mora 0.6, ン 0.5, anything else 1; a final mora that is sibilant
// (ス/ズ/ツ) on one side only adds 1 (ロバート vs ロバーツ), and so does a
// name that is the other plus final morae with a consonant (ホワイト vs
// ホワイトリー).
double MoraDistance(std::string_view a, std::string_view b);

namespace internal {

// Cost in [0,1] of substituting consonant symbol `a` ("", "k", "sh", "ky",
// ...; see `MoraDistance`) by `b`; `cross` selects the Latin-vs-katakana
// costs. Pairs of the 33 consonant classes of `BlockingKeys` are read from a
// table built once from `ConsonantCostUncached`; any other symbol is
// computed. Always equal to `ConsonantCostUncached(a, b, cross)`. Exposed
// for tests.
double ConsonantCost(std::string_view a, std::string_view b, bool cross);
double ConsonantCostUncached(std::string_view a, std::string_view b,
                             bool cross);

// The consonant symbol of the first phoneme of a katakana part ("" for a
// vowel), as the first-sound gate sees it, from the leading morae of its
// `KatakanaKey` only. Always equal to `FirstConsonantOfKanaUncached`, which
// builds the whole phoneme string. Exposed for tests.
std::string FirstConsonantOfKana(std::string_view katakana);
std::string FirstConsonantOfKanaUncached(std::string_view katakana);

}  // namespace internal

}  // namespace kiji::reconcile

#endif  // KIJI_RECONCILE_NAME_MATCHER_H_
