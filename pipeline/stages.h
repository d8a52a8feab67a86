// The stages of kiji's analysis that wire components together: each wraps
// one component (or a choice between two) as a `corpus::Stage`. The
// extractors of dates and amounts are stages themselves
// (extractors/date_extractor.h, extractors/amount_extractor.h).
//
// In the order the analyser runs them (see `Analyzer`):
//   decode      raw bytes -> original text, encoding     (decode::Decoder)
//   markup      a web page's readable text, as pieces    (markup::HtmlText)
//   normalize   original -> normalised text + offset map (tokenizers::Normalizer)
//   language    normalised text -> "ja", "en", ...       (DetectLanguage)
//   dateline    the article's date, or the --date given  (FindDateline)
//   tokenize    MeCab for "ja", ICU word breaks otherwise
//   dates       DATE mentions                            (DateExtractor)
//   amounts     AMOUNT / PERCENT mentions                (AmountExtractor)
//   names       PERSON / COMPANY / ORG / PRODUCT         (NameExtractor)
//   order       mentions sorted by position, aliases kept
//
// Thread-safe: every stage's `Process` is const.
#ifndef KIJI_PIPELINE_STAGES_H_
#define KIJI_PIPELINE_STAGES_H_

#include <optional>
#include <string_view>

#include "decode/decoder.h"
#include "corpus/document.h"
#include "corpus/stage.h"
#include "extractors/name_extractor.h"
#include "tokenizers/mecab_tokenizer.h"
#include "tokenizers/normalizer.h"
#include "tokenizers/word_tokenizer.h"

namespace kiji::pipeline {

// Decodes `doc.raw` (sets `doc.error` for a file that cannot be read as
// text).
class DecodeStage : public corpus::Stage {
 public:
  explicit DecodeStage(const decode::Decoder* decoder) : decoder_(decoder) {}
  std::string_view name() const override { return "decode"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  const decode::Decoder* decoder_;
};

// A web page (markup::IsHtml, by the document's path, a compression suffix
// left out, or by its start) -> `doc.markup` "html" and `doc.text_pieces`,
// and `doc.date` from the page's publication metadata when it has one;
// plain text passes unchanged.
class MarkupStage : public corpus::Stage {
 public:
  std::string_view name() const override { return "markup"; }
  absl::Status Process(corpus::Document& doc) const override;
};

// `doc.original` (or, for a web page, its text pieces) -> `doc.normalized`
// and `doc.norm_to_orig`; counts the original's code points when the
// decoder did not.
class NormalizeStage : public corpus::Stage {
 public:
  explicit NormalizeStage(const tokenizers::Normalizer* normalizer)
      : normalizer_(normalizer) {}
  std::string_view name() const override { return "normalize"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  const tokenizers::Normalizer* normalizer_;
};

// Sets `doc.lang`.
class LanguageStage : public corpus::Stage {
 public:
  std::string_view name() const override { return "language"; }
  absl::Status Process(corpus::Document& doc) const override;
};

// Sets `doc.date`: `date_override` when given, else the date the document
// came with (streaming input), else its dateline.
class DatelineStage : public corpus::Stage {
 public:
  explicit DatelineStage(std::optional<corpus::CivilDate> date_override)
      : date_override_(date_override) {}
  std::string_view name() const override { return "dateline"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  std::optional<corpus::CivilDate> date_override_;
};

// Fills `doc.tokens`: MeCab for Japanese, ICU word breaks otherwise.
class TokenizeStage : public corpus::Stage {
 public:
  TokenizeStage(const tokenizers::MecabTokenizer* mecab,
                const tokenizers::WordTokenizer* words)
      : mecab_(mecab), words_(words) {}
  std::string_view name() const override { return "tokenize"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  const tokenizers::MecabTokenizer* mecab_;
  const tokenizers::WordTokenizer* words_;
};

// PERSON, COMPANY, ORG and PRODUCT mentions.
class NameStage : public corpus::Stage {
 public:
  explicit NameStage(const extractors::NameExtractor* names) : names_(names) {}
  std::string_view name() const override { return "names"; }
  absl::Status Process(corpus::Document& doc) const override;

 private:
  const extractors::NameExtractor* names_;
};

// Orders `doc.mentions` by position (longer first on ties), keeping
// `alias_of` pointing at the same mentions.
class OrderMentionsStage : public corpus::Stage {
 public:
  std::string_view name() const override { return "order"; }
  absl::Status Process(corpus::Document& doc) const override;
};

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_STAGES_H_
