// MecabTokenizer: Japanese morphological analysis with MeCab and IPADIC.
//
// One `MeCab::Model` and tagger are loaded at `Create` and shared; each
// thread gets its own lattice on first use. Tokens carry byte offsets into
// `Document::normalized` and the IPADIC feature CSV
// (品詞,品詞細分類1,品詞細分類2,品詞細分類3,活用型,活用形,原形,読み,発音).
//
// Text is analysed line by line; a line longer than `max_chunk_bytes` is cut
// after a sentence end (。！？) or, failing that, where the script changes
// (kanji/kana/Latin/digits/...), or else at a character boundary, so memory
// stays bounded on single-line dumps. A run of one script longer than
// `max_run_bytes` (a huge katakana or digit run) is cut too: MeCab's time is
// quadratic in the length of such a run. Each chunk is copied, with a NUL
// after it, into a buffer of the thread's: MeCab reads a chunk that ends in
// whitespace on to the next NUL, which made many-line documents quadratic
// (issue #14). Tokens with equal features share one copy of them in
// `Document::token_features`.
//
// Thread-safe: `Tokenize` is const.
#ifndef KIJI_TOKENIZERS_MECAB_TOKENIZER_H_
#define KIJI_TOKENIZERS_MECAB_TOKENIZER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "corpus/document.h"

namespace kiji::tokenizers {

struct MecabOptions {
  // Directory of the compiled system dictionary (sys.dic, dicrc, ...).
  std::string dicdir = "/var/lib/mecab/dic/ipadic-utf8";
  // Optional compiled user dictionary.
  std::string userdic;
  // Longest piece of text given to MeCab at once (see above); at most 65535.
  size_t max_chunk_bytes = 32 * 1024;
  // Longest run of one script given to MeCab at once; far longer than any
  // word, so only runs that are not prose are cut.
  size_t max_run_bytes = 1024;
};

class MecabTokenizer {
 public:
  // Fails when the dictionary cannot be loaded or an option is out of range.
  static absl::StatusOr<std::unique_ptr<MecabTokenizer>> Create(
      const MecabOptions& options = {});
  ~MecabTokenizer();

  // Appends the tokens of `doc->normalized` to `doc->tokens`.
  void Tokenize(corpus::Document* doc) const;

  // Appends the tokens of `text` to `doc->tokens`, with byte offsets into
  // `text`, which need not be `doc->normalized`; features and diagnostics go
  // to `doc` as above. Reads nothing outside `text` (no NUL needed after it).
  void Tokenize(std::string_view text, corpus::Document* doc) const;

 private:
  struct Impl;
  explicit MecabTokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiji::tokenizers

#endif  // KIJI_TOKENIZERS_MECAB_TOKENIZER_H_
