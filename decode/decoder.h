// Decoder: raw bytes of a file -> the decoded original text (UTF-8).
//
// Detects the encoding among UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP, UTF-16
// (LE/BE) and UTF-32 (LE/BE, with a byte-order mark only): a byte-order mark
// wins (`FF FE 00 00` is UTF-32LE when most of what follows reads as UTF-32LE
// code units of Unicode scalar values, else UTF-16LE starting with U+0000);
// then known binary formats are rejected; then UTF-16 with the zero bytes of
// mostly-ASCII text; then NUL bytes are rejected unless the file is clean
// UTF-16 (so UTF-32 without a BOM is a binary file); then the escape
// sequences of ISO-2022-JP; then valid UTF-8; otherwise each candidate is
// decoded with ICU and the one with the fewest invalid sequences wins (ICU's
// charset detector breaks ties). Japanese UTF-16 without a BOM has few zero
// bytes: an even-length file whose UTF-16LE or UTF-16BE reading is clean (no
// unpaired surrogates or control characters, mostly kana, kanji, ASCII) wins
// when the best of Shift_JIS / EUC-JP is rejected or clearly less plausible
// (fewer kana and ASCII, more invalid or unlikely characters).
// Invalid sequences become U+FFFD and are reported as a `Diagnostic`; a file
// with too many of them is rejected.
//
// A byte-order mark is not part of the original text: offsets count from the
// first character after it. A file that decodes to no character at all (0
// bytes, or a byte-order mark alone) is rejected as "empty file".
//
// Thread-safe: `Decode` is const and keeps no state between calls.
#ifndef KIJI_DECODE_DECODER_H_
#define KIJI_DECODE_DECODER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "corpus/document.h"

namespace kiji::decode {

struct DecoderOptions {
  // Files larger than this are rejected (error "file too large").
  size_t max_document_bytes = size_t{256} << 20;
  // A file whose best decoding has more invalid sequences than this fraction
  // of its bytes is rejected as undecodable.
  double max_invalid_ratio = 0.02;
};

class Decoder {
 public:
  static absl::StatusOr<std::unique_ptr<Decoder>> Create(
      const DecoderOptions& options = {});

  // Fills `encoding`, `original`, `original_chars` and `diagnostics` from
  // `doc->raw`; sets `doc->error` when the document cannot be decoded.
  void Decode(corpus::Document* doc) const;

 private:
  explicit Decoder(const DecoderOptions& options) : options_(options) {}
  DecoderOptions options_;
};

// Decodes `bytes` from `encoding` with ICU into UTF-8, replacing invalid
// sequences with U+FFFD. Returns the number of invalid sequences and the raw
// offset of the first one (or -1).
struct DecodeResult {
  std::string utf8;
  size_t invalid = 0;
  long long first_invalid = -1;
};
DecodeResult DecodeAs(std::string_view bytes, corpus::Encoding encoding);

// Encodes UTF-8 text into `encoding` with ICU (for tests and tools).
absl::StatusOr<std::string> EncodeAs(std::string_view utf8, corpus::Encoding encoding);

}  // namespace kiji::decode

#endif  // KIJI_DECODE_DECODER_H_
