// Run: one `NameExtractor::Extract` call, the document and the indexes
// over it, and the candidates found in it (internal to extractors/names/).
//
// Finding names is a chain of jobs over one shared state, in the order of
// `Run::Go` (run.cc):
//   1. candidate generators propose spans, some already typed by their
//      structure: katakana.cc, latin.cc, kanji.cc, gazetteer_spans.cc,
//      suffix_stems.cc, compounds.cc;
//   2. the decision types each candidate from evidence, by ordered lists
//      of named rules: decision.cc (the precedence, one comment and
//      example per rule), decision_katakana.cc and decision_latin.cc (the
//      rules), with the questions they ask about the context in context.cc
//      (honorifics, roles, company context ...);
//   3. document-wide passes retype and link candidates by what the rest of
//      the document says: passes.cc (glosses, lists, consistency, surname
//      references);
//   4. overlap resolution keeps the strongest non-overlapping candidates
//      and writes the mentions: overlaps.cc.
// Run's methods are split across those files by job, as Clang's Sema is
// across SemaDecl.cpp, SemaExpr.cpp ...: this header is the map.
//
// Not thread-safe: one Run per document and thread; the lists, gazetteer,
// ENAMDICT index and pattern it reads are shared and immutable.
#ifndef KIJI_EXTRACTORS_NAMES_RUN_H_
#define KIJI_EXTRACTORS_NAMES_RUN_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "corpus/document.h"
#include "extractors/names/candidate.h"
#include "extractors/names/name_lists.h"
#include "extractors/names/text.h"
#include "lexicon/enamdict_index.h"
#include "lexicon/gazetteer.h"
#include "tokenizers/token_view.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace kiji::extractors::names {

constexpr size_t kNoToken = static_cast<size_t>(-1);

// The first or last token (in token order) whose offset `key` (`norm_begin`
// or `norm_end`) is a given byte offset: a table with one entry per offset
// of the text, so that a lookup is one load (rules ask for the token at an
// offset many times per candidate).
class TokenAt {
 public:
  enum class Pick { kFirst, kLast };

  TokenAt(const std::vector<corpus::Token>& tokens,
          uint32_t corpus::Token::*key, size_t text_size, Pick pick) {
    size_t size = text_size + 1;
    for (const corpus::Token& t : tokens) {
      size = std::max<size_t>(size, size_t{t.*key} + 1);
    }
    index_.assign(size, kNone);
    for (size_t i = 0; i < tokens.size(); ++i) {
      uint32_t& at = index_[tokens[i].*key];
      if (at == kNone || pick == Pick::kLast) at = static_cast<uint32_t>(i);
    }
  }

  // Index of the token picked among those whose offset is `pos`, or
  // kNoToken.
  size_t At(uint32_t pos) const {
    if (pos >= index_.size() || index_[pos] == kNone) return kNoToken;
    return index_[pos];
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> index_;  // kNone: no token at that offset
};

// Line breaks and the quote brackets 「」『』 of a text, for questions about
// the context of a span that would otherwise scan the whole text.
struct QuoteIndex {
  explicit QuoteIndex(std::string_view text);

  // Byte offsets, ascending.
  std::vector<uint32_t> newlines;
  std::vector<uint32_t> open[2];   // 「, 『
  std::vector<uint32_t> close[2];  // 」, 』
  // Every span between an opening bracket and the next closing one of the
  // same kind with no bracket of that kind inside: for a surface without
  // brackets, 「surface」 or 『surface』 occurs in the text iff it is here.
  absl::flat_hash_set<std::string_view> quoted;
};

// The largest element of ascending `v` that is <= `limit`, or npos.
inline size_t LastAtOrBefore(const std::vector<uint32_t>& v, size_t limit) {
  auto it = std::upper_bound(v.begin(), v.end(), limit);
  return it == v.begin() ? std::string_view::npos : *(it - 1);
}

class Run {
 public:
  // `user_gazetteer`: the user's own entries (NameExtractorOptions), or
  // null.
  // `views`: the views of `doc->tokens`, which must outlive the Run.
  Run(corpus::Document* doc, const tokenizers::TokenViews& views,
      const lexicon::EnamdictIndex* names, const lexicon::Gazetteer& gazetteer,
      const NameLists& lists, const re2::RE2& list_tail,
      const lexicon::Gazetteer* user_gazetteer = nullptr);

  // Finds the names and appends them to `doc->mentions` (run.cc).
  void Go();

 private:
  // Tokens and dictionaries (run.cc).
  // The token that spans exactly [b, e), or kNoToken.
  size_t ExactToken(uint32_t b, uint32_t e) const;
  bool KnownCommonNoun(uint32_t b, uint32_t e) const;
  bool KnownWord(uint32_t b, uint32_t e) const;
  // [b, e) is one dictionary proper noun of the class `is` (IsPlace ...).
  bool KnownProper(uint32_t b, uint32_t e,
                   bool (tokenizers::TokenView::*is)() const) const;
  bool AllCommonTokens(uint32_t b, uint32_t e) const;
  bool HasCommonToken(uint32_t b, uint32_t e) const;
  bool HasPersonToken(uint32_t b, uint32_t e) const;
  uint32_t NameTags(std::string_view s) const {
    return names_ == nullptr ? 0 : names_->Tags(s);
  }
  uint32_t LatinTags(std::string_view word) const;
  const lexicon::GazetteerEntry* Gaz(std::string_view s) const {
    const lexicon::GazetteerEntry* e = gazetteer_.Find(s);
    return e;
  }
  tokenizers::TokenView Tok(size_t token) const { return views_[token]; }
  std::string_view TokenSurface(size_t i) const {
    return doc_->Surface(doc_->tokens[i]);
  }
  // Token `b` begins where token `a` ends.
  bool Adjacent(size_t a, size_t b) const {
    return doc_->tokens[a].norm_end == doc_->tokens[b].norm_begin;
  }

  // Context and evidence around a span (context.cc).
  std::string_view After(uint32_t end) const {
    return text_.substr(end, std::min<size_t>(48, text_.size() - end));
  }
  // Text before `begin`, without a 「 right before it; a の before that is
  // dropped too when quoted (競合会社の「X」) or `always_strip_no`.
  std::string_view BeforeCore(uint32_t begin, bool always_strip_no) const;
  bool HonorificAfter(uint32_t end) const;
  bool TitleAfter(uint32_t end) const;
  bool StrongHonorificAfter(uint32_t end) const;  // 氏, さん
  uint32_t SkipGloss(uint32_t end) const;
  bool RoleBefore(uint32_t begin) const;
  bool VerbClauseBefore(uint32_t begin) const;  // Xを設立したNAME
  bool SurnameWithHonorificInDoc(std::string_view surname) const;
  bool InsideQuotes(uint32_t begin, uint32_t end) const;
  bool OrgSuffixAfter(uint32_t end) const;
  // Bytes of an acronym gloss "(ABC)" of 2-6 capitals at `pos`, else 0.
  size_t AcronymGlossAt(uint32_t pos) const;
  // Token `t` is a one-character place (米, 韓): the news prefix of a
  // foreign name, no part of it.
  bool CountryAbbreviation(size_t t) const;
  bool QuotedElsewhere(std::string_view surface) const;  // 「X」 in the doc
  const QuoteIndex& Quotes() const;
  int CompanyContext(const Candidate& c) const;        // 0, 1 weak, 2 strong
  bool CountryPrefixBefore(const Candidate& c) const;  // 米X, 韓国X
  bool EmployerContext(std::string_view after) const;
  // Whether `c` stands alone in a sentence of business news: the sentence
  // around it holds a word of `business_words` other than the name itself,
  // and no noun is glued after it (共同|創業者) nor an honorific or title
  // (桐生社長 is a person).
  bool AloneInBusinessNews(const Candidate& c) const;
  bool WordCompound(const Candidate& c) const;
  bool ProductContext(const Candidate& c) const;
  bool InTitleQuotes(const Candidate& c) const;
  bool EnglishPossessivePlaceBefore(uint32_t begin) const;
  bool CompanyEvidence(const Candidate& c) const;

  // Candidate generators, in the order `Go` runs them.
  // katakana.cc
  void GenerateKatakana();
  // latin.cc
  void GenerateLatin();
  bool DateWordsBeforeDay(const std::vector<Word>& words) const;
  bool AndInsideOrgName(const std::vector<Word>& words, const Candidate& cand,
                        size_t m) const;
  // kanji.cc: per token, KanjiOrgToken, KanjiSuffixRun and KanjiPersonName;
  // then GenerateKanjiSplit and GenerateLegalForms.
  void GenerateKanji();
  void KanjiOrgToken(size_t i);
  void KanjiSuffixRun(size_t i, uint8_t suffixes);
  void KanjiPersonName(size_t i);
  void GenerateKanjiSplit();
  void GenerateLegalForms();
  bool NounPart(size_t i) const;  // a noun that may be part of a name
  // gazetteer_spans.cc
  void GenerateGazetteer();
  void GenerateUserEntries();
  // suffix_stems.cc
  void GenerateSuffixStems();
  // compounds.cc
  void GenerateGlued();
  void GenerateIndustryCompounds();
  void GenerateGroupCompounds();
  void GenerateOrgCompounds();
  // run.cc
  void AddCandidate(Candidate c);
  // Adds the span [b, e) of `kind`, typed `t` by `rule` (SetType).
  void AddTyped(Kind kind, uint32_t b, uint32_t e, EntityType t, int strength,
                std::string_view rule);

  // The decision (decision.cc: Decision runs the ordered rule lists there;
  // the rules read this Run's context as a friend).
  friend class Decision;
  void Classify(Candidate& c);

  // Document-wide passes (passes.cc).
  void Glosses();
  std::optional<Candidate> KanjiGloss(uint32_t begin) const;
  void Consistency();
  void DropPossessed();
  void Lists();
  void PairedAcronym(size_t a, size_t b);  // candidate indices, in order
  void SurnameRefs();

  // Overlap resolution and output (overlaps.cc).
  void Emit();

  // Bytes of the UTF-8 character that begins at `i` (< size), as its first
  // byte announces, at most up to the end of the text.
  size_t CharLength(size_t i) const {
    return std::min(
        corpus::SequenceLength(static_cast<unsigned char>(text_[i])),
        text_.size() - i);
  }
  size_t PrevCharStart(size_t i) const { return PrevCodePointStart(text_, i); }
  std::string_view Surface(const Candidate& c) const {
    return text_.substr(c.begin, c.end - c.begin);
  }
  std::string_view Part(const Word& w) const {
    return text_.substr(w.begin, w.end - w.begin);
  }

  corpus::Document* doc_;
  std::string_view text_;
  const lexicon::EnamdictIndex* names_;
  const lexicon::Gazetteer& gazetteer_;
  const lexicon::Gazetteer* user_gazetteer_;
  const NameLists& lists_;
  const re2::RE2& list_tail_;
  bool japanese_;
  TokenAt by_begin_;                     // first token beginning at an offset
  TokenAt by_end_;                       // last token ending at an offset
  const tokenizers::TokenViews& views_;  // features and scripts, split once
  std::vector<Candidate> cands_;
  std::vector<bool> consumed_;  // bytes covered by katakana/mixed candidates
  // Document-wide indexes, built on first use.
  mutable std::optional<QuoteIndex> quotes_;
  // Katakana runs right before 氏/さん (SurnameWithHonorificInDoc).
  mutable std::optional<absl::flat_hash_set<std::string_view>> honored_;
};

}  // namespace kiji::extractors::names

#endif  // KIJI_EXTRACTORS_NAMES_RUN_H_
