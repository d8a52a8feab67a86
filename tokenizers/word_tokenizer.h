// WordTokenizer: ICU word-break tokenisation for non-Japanese documents.
//
// Tokens are the words (letters, numbers, ideographs) between ICU word
// boundaries of `Document::normalized`; spaces and punctuation are skipped.
// Features are empty.
//
// Thread-safe: `Tokenize` clones the shared break iterator per call.
#ifndef KIJI_TOKENIZERS_WORD_TOKENIZER_H_
#define KIJI_TOKENIZERS_WORD_TOKENIZER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "corpus/document.h"

#include <unicode/brkiter.h>

namespace kiji::tokenizers {

class WordTokenizer {
 public:
  static absl::StatusOr<std::unique_ptr<WordTokenizer>> Create();
  ~WordTokenizer();

  void Tokenize(corpus::Document* doc) const;

 private:
  explicit WordTokenizer(std::unique_ptr<icu::BreakIterator> prototype);
  std::unique_ptr<icu::BreakIterator> prototype_;
};

}  // namespace kiji::tokenizers

#endif  // KIJI_TOKENIZERS_WORD_TOKENIZER_H_
