// TokenViews: the tokens of one document with their MeCab features split
// once into named fields, and the script of each token's surface.
//
// MeCab's IPADIC features are a CSV of nine fields (mecab_tokenizer.h):
//
//   品詞,品詞細分類1,品詞細分類2,品詞細分類3,活用型,活用形,原形,読み,発音
//   pos  pos1        pos2        pos3        -      -      base reading -
//
// A dictionary entry has all nine; MeCab's guess for an unknown word has
// seven (no reading): `known()` tells them apart, and only known tokens are
// evidence for the extractors. ICU word-break tokens have no features: every
// field is empty and nothing is known.
//
// Each distinct feature string is split once per document (the tokeniser
// stores equal features once, so most tokens share a split); fields are
// string_views into `Document::token_features` and surfaces into
// `Document::normalized`, valid while the document is not changed. The
// predicates (`IsProperNoun()` ...) compare one field with a literal inline:
// rules ask them hundreds of thousands of times per document.
//
// Not thread-safe: the script of a surface is decoded on the first question
// about it and remembered. One document, one thread, like `Document`.
#ifndef KIJI_TOKENIZERS_TOKEN_VIEW_H_
#define KIJI_TOKENIZERS_TOKEN_VIEW_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "absl/base/attributes.h"
#include "corpus/document.h"
#include "corpus/script.h"

namespace kiji::tokenizers {

class TokenViews;

// The split feature string of a token (shared by tokens with equal
// features): the four leading fields at once, the others on the first
// question about them (most tokens are never asked).
class TokenFields {
 public:
  static TokenFields Split(std::string_view features);

  // Field `i` (< 4: pos .. pos3), empty past the last field.
  std::string_view head(size_t i) const { return head_[i]; }
  // 9 fields or more.
  bool known() const {
    if (!tail_split_) SplitTail();
    return known_;
  }
  std::string_view base() const {  // field 6
    if (!tail_split_) SplitTail();
    return base_;
  }
  std::string_view reading() const {  // field 7
    if (!tail_split_) SplitTail();
    return reading_;
  }

 private:
  void SplitTail() const;

  std::array<std::string_view, 4> head_;
  std::string_view rest_;  // the fields after pos3, unsplit
  bool has_rest_ = false;
  mutable bool tail_split_ = false;
  mutable bool known_ = false;
  mutable std::string_view base_;
  mutable std::string_view reading_;
};

// One token of a `TokenViews`: a small handle, cheap to copy; valid while
// its `TokenViews` lives.
class TokenView {
 public:
  // Offsets of the surface in `Document::normalized`.
  uint32_t norm_begin() const { return token_->norm_begin; }
  uint32_t norm_end() const { return token_->norm_end; }
  std::string_view surface() const;

  // The features by name (empty when the token has fewer fields).
  std::string_view pos() const { return fields_->head(0); }        // 品詞
  std::string_view pos1() const { return fields_->head(1); }       // 細分類1
  std::string_view pos2() const { return fields_->head(2); }       // 細分類2
  std::string_view pos3() const { return fields_->head(3); }       // 細分類3
  std::string_view base() const { return fields_->base(); }        // 原形
  std::string_view reading() const { return fields_->reading(); }  // 読み
  // A dictionary entry (all nine fields), not MeCab's unknown-word guess.
  bool known() const { return fields_->known(); }

  // Part of speech, `pos()`.
  bool IsNoun() const { return Is(pos(), "名詞"); }
  bool IsParticle() const { return Is(pos(), "助詞"); }
  bool IsAuxiliaryVerb() const { return Is(pos(), "助動詞"); }
  bool IsVerb() const { return Is(pos(), "動詞"); }
  bool IsAdjective() const { return Is(pos(), "形容詞"); }
  bool IsPrefix() const { return Is(pos(), "接頭詞"); }
  bool IsSymbol() const { return Is(pos(), "記号"); }
  // First subclass, `pos1()` alone (whatever `pos()` is).
  bool IsProperNoun() const { return Is(pos1(), "固有名詞"); }
  // 一般: the plain subclass (名詞,一般 is a common noun).
  bool IsGeneral() const { return Is(pos1(), "一般"); }
  bool IsSahenNoun() const { return Is(pos1(), "サ変接続"); }
  bool IsAdjectivalNounStem() const { return Is(pos1(), "形容動詞語幹"); }
  bool IsSuffix() const { return Is(pos1(), "接尾"); }
  bool IsNumeral() const { return Is(pos1(), "数"); }
  bool IsPronoun() const { return Is(pos1(), "代名詞"); }
  bool IsDependent() const { return Is(pos1(), "非自立"); }
  // Second subclass, `pos2()` alone: the class of a proper noun (and of a
  // suffix: 名詞,接尾,人名 is さん, 名詞,接尾,地域 is 県).
  bool IsPersonName() const { return Is(pos2(), "人名"); }
  bool IsOrganization() const { return Is(pos2(), "組織"); }
  bool IsPlace() const { return Is(pos2(), "地域"); }
  // 固有名詞,一般: a proper noun of no finer class.
  bool IsGeneralProperNoun() const { return Is(pos2(), "一般"); }
  // Third subclass, `pos3()` alone.
  bool IsSurname() const { return Is(pos3(), "姓"); }
  bool IsGivenName() const { return Is(pos3(), "名"); }
  bool IsCountry() const { return Is(pos3(), "国"); }

  // Script of the surface (corpus/script.h): not empty and made of kanji
  // (katakana letters) only.
  bool AllKanji() const;
  bool AllKatakana() const;

  // `field == value`, compared inline (std::string_view's == calls
  // `compare` out of line).
  ABSL_ATTRIBUTE_ALWAYS_INLINE static bool Is(std::string_view field,
                                              std::string_view value) {
    return field.size() == value.size() &&
           std::memcmp(field.data(), value.data(), value.size()) == 0;
  }

 private:
  friend class TokenViews;
  TokenView(const TokenViews* views, size_t index, const corpus::Token* token,
            const TokenFields* fields)
      : views_(views), index_(index), token_(token), fields_(fields) {}

  const TokenViews* views_;
  size_t index_;
  const corpus::Token* token_;
  const TokenFields* fields_;
};

class TokenViews {
 public:
  // Splits the features of `doc.tokens`; `doc` must outlive this and not
  // change.
  explicit TokenViews(const corpus::Document& doc);

  size_t size() const { return fields_of_.size(); }
  // Token `i` (< size()), in `Document::tokens` order.
  TokenView operator[](size_t i) const {
    return TokenView(this, i, &doc_->tokens[i], &parsed_[fields_of_[i]]);
  }

 private:
  friend class TokenView;
  // Per token, bits of the script answers: which are known, and them.
  enum : uint8_t {
    kKanjiKnown = 1,
    kKanjiYes = 2,
    kKatakanaKnown = 4,
    kKatakanaYes = 8,
  };
  bool Script(size_t i, uint8_t known, uint8_t yes,
              bool (*test)(std::string_view)) const {
    uint8_t& bits = script_[i];
    if ((bits & known) == 0) {
      bits |= known;
      if (test(doc_->Surface(doc_->tokens[i]))) bits |= yes;
    }
    return (bits & yes) != 0;
  }

  const corpus::Document* doc_;
  std::vector<TokenFields> parsed_;  // one per distinct feature string
  std::vector<uint32_t> fields_of_;  // token -> index into `parsed_`
  mutable std::vector<uint8_t> script_;
};

inline std::string_view TokenView::surface() const {
  return views_->doc_->Surface(*token_);
}
inline bool TokenView::AllKanji() const {
  return views_->Script(index_, TokenViews::kKanjiKnown, TokenViews::kKanjiYes,
                        &corpus::AllKanji);
}
inline bool TokenView::AllKatakana() const {
  return views_->Script(index_, TokenViews::kKatakanaKnown,
                        TokenViews::kKatakanaYes, &corpus::AllKatakana);
}

}  // namespace kiji::tokenizers

#endif  // KIJI_TOKENIZERS_TOKEN_VIEW_H_
