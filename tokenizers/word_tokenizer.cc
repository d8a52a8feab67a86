#include "tokenizers/word_tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace kiji::tokenizers {

WordTokenizer::WordTokenizer(std::unique_ptr<icu::BreakIterator> prototype)
    : prototype_(std::move(prototype)) {}
WordTokenizer::~WordTokenizer() = default;

absl::StatusOr<std::unique_ptr<WordTokenizer>> WordTokenizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || it == nullptr) {
    return absl::InternalError(
        absl::StrCat("icu: cannot create word break iterator: ",
                     u_errorName(status)));
  }
  return std::unique_ptr<WordTokenizer>(new WordTokenizer(std::move(it)));
}

void WordTokenizer::Tokenize(corpus::Document* doc) const {
  std::unique_ptr<icu::BreakIterator> it(prototype_->clone());
  UErrorCode status = U_ZERO_ERROR;
  // A UTF-8 UText makes the iterator's indices byte offsets into the text.
  UText* ut = utext_openUTF8(nullptr, doc->normalized.data(),
                             static_cast<int64_t>(doc->normalized.size()),
                             &status);
  if (U_FAILURE(status)) return;
  it->setText(ut, status);
  int32_t begin = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE;
       begin = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE) continue;
    corpus::Token token;
    token.norm_begin = static_cast<uint32_t>(begin);
    token.norm_end = static_cast<uint32_t>(end);
    doc->tokens.push_back(token);
  }
  utext_close(ut);
}

}  // namespace kiji::tokenizers
