// The names model's evidence: for each MeCab token of a Japanese document,
// a list of feature strings ("w0=安倍", "p+1=名詞,接尾,人名", "E0=s",
// "R0=B-PERSON" ...) that the trained tagger (model.h) weighs.
//
// The features are the token view (surfaces, base forms, POS fields and
// character classes of the token and its neighbours), lexicon hits (ENAMDICT
// tags of the token and of the token joined with a neighbour, gazetteer
// types, IPADIC 人名/組織/地域 classes), the cue tables of data/names/ in a
// window (honorifics, titles, roles, company and organisation endings,
// legal forms, category nouns) and what the rule extractor proposed (the
// type, place and rule of the candidate that covers the token).
//
// One function writes them for both training (the feature dumper,
// pipeline/name_features_main.cc) and tagging (name_extractor.cc), so that
// the model sees at run time exactly what it was trained on.
//
// Thread-safety: immutable; `ForEach` is const.
#ifndef KIJI_EXTRACTORS_NAMES_FEATURES_H_
#define KIJI_EXTRACTORS_NAMES_FEATURES_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "lexicon/gazetteer.h"
#include "tokenizers/token_view.h"

namespace kiji::extractors {

struct NameLists;

namespace names {

// A feature's text, in pieces ("w", "+1", "=", surface): the concatenation
// is the feature; the tagger hashes the pieces without joining them.
using FeatureParts = std::initializer_list<std::string_view>;

class TokenFeatures {
 public:
  // `names` may be null (no ENAMDICT tags are written then).
  TokenFeatures(const NameLists& lists, const lexicon::EnamdictIndex* names,
                const lexicon::Gazetteer& gazetteer)
      : lists_(lists), names_(names), gazetteer_(gazetteer) {}

  // The model reads a document one sentence at a time, as it was trained
  // on sentences: calls `sentence(begin, end, which)` for the token ranges
  // [begin, end) of `doc` in order, each ending after 。！？!? or before a
  // line break, or after kMaxSentence tokens, with `which` the indices of
  // the mentions of `rules` that overlap it, by offset.
  static constexpr size_t kMaxSentence = 256;
  static void Sentences(
      const corpus::Document& doc, absl::Span<const corpus::Mention> rules,
      absl::FunctionRef<void(size_t, size_t, absl::Span<const size_t>)>
          sentence);

  // Calls `emit(token, parts)` for every feature of the tokens [begin,
  // end) of `doc` (a sentence: no feature looks past its ends; tokens in
  // order; the parts are valid during the call only). `views`: the
  // views of `doc.tokens`; `rules[which...]`: the PERSON/COMPANY/ORG/PRODUCT
  // mentions the rules found there.
  void ForEach(const corpus::Document& doc, const tokenizers::TokenViews& views,
               size_t begin, size_t end,
               absl::Span<const corpus::Mention> rules,
               absl::Span<const size_t> which,
               absl::FunctionRef<void(size_t, FeatureParts)> emit) const;

  // The same features in two parts, for a tagger that sums the weights of a
  // token's own features once per distinct token (a token's own features
  // depend on its surface and MeCab features alone, `OwnKey`):
  //   - `ForEachOwn(surface, view, emit)` calls `emit(d, parts)` for every
  //     feature token `view` gives the token `d` places before it (d in
  //     -2..2): its surface, POS, scripts, base form, ENAMDICT tags,
  //     gazetteer type and cue tables, as that token sees them;
  //   - `ForEachContext` calls `emit(token, parts)` for every other feature
  //     of the tokens [begin, end): the bias, the sentence's edges, bigrams,
  //     the lexicon hits of joined tokens and the rules' candidates.
  // ForEach's features of a token are its context features and the own
  // features of the tokens up to two places around it (at offset d).
  void ForEachOwn(std::string_view surface, const tokenizers::TokenView& view,
                  absl::FunctionRef<void(int, FeatureParts)> emit) const;
  void ForEachContext(const corpus::Document& doc, size_t begin, size_t end,
                      absl::Span<const corpus::Mention> rules,
                      absl::Span<const size_t> which,
                      absl::FunctionRef<void(size_t, FeatureParts)> emit) const;
  // The text that decides a token's own features: its surface and its MeCab
  // features.
  static void OwnKey(const corpus::Document& doc, const corpus::Token& token,
                     std::string* key);

 private:
  const NameLists& lists_;
  const lexicon::EnamdictIndex* names_;
  const lexicon::Gazetteer& gazetteer_;
};

}  // namespace names
}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_NAMES_FEATURES_H_
