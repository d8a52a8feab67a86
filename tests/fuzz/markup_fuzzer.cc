// Fuzzes `markup::HtmlText` and `Normalizer::NormalizePieces` on any page
// (the bytes made valid UTF-8, as the decoder's output always is):
//  - the pieces are in order, do not overlap and lie inside the page;
//  - a verbatim piece is the page's own text at its span;
//  - the normalised text's map covers every code point of the page, and
//    every normalised byte maps inside the page.
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "corpus/offset_map.h"
#include "markup/html_text.h"
#include "tests/fuzz/fuzz_check.h"
#include "tokenizers/normalizer.h"

namespace {

// `bytes` with every ill-formed sequence replaced by U+FFFD, and the byte
// offset of each code point (plus the end).
std::string ValidUtf8(const uint8_t* bytes, size_t size,
                      std::vector<size_t>* starts) {
  std::string out;
  for (size_t i = 0; i < size;) {
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) c = 0xFFFD;
    starts->push_back(out.size());
    char buf[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    out.append(buf, static_cast<size_t>(n));
  }
  starts->push_back(out.size());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<kiji::tokenizers::Normalizer> normalizer =
      std::move(kiji::tokenizers::Normalizer::Create()).value();
  std::vector<size_t> starts;
  const std::string page = ValidUtf8(data, size, &starts);
  const auto chars = static_cast<uint32_t>(starts.size() - 1);
  const std::vector<kiji::corpus::TextPiece> pieces =
      kiji::markup::HtmlText(page);
  uint32_t last_end = 0;
  for (const kiji::corpus::TextPiece& p : pieces) {
    KIJI_FUZZ_CHECK(last_end <= p.orig_begin);
    KIJI_FUZZ_CHECK(p.orig_begin <= p.orig_end);
    KIJI_FUZZ_CHECK(p.orig_end <= chars);
    KIJI_FUZZ_CHECK(!p.text.empty());
    if (p.verbatim) {
      KIJI_FUZZ_CHECK(page.substr(starts[p.orig_begin],
                                  starts[p.orig_end] - starts[p.orig_begin]) ==
                      p.text);
    }
    last_end = p.orig_end;
  }
  std::string normalized;
  kiji::corpus::OffsetMap map;
  normalizer->NormalizePieces(pieces, chars, &normalized, &map);
  KIJI_FUZZ_CHECK(map.OriginalChars() == chars);
  KIJI_FUZZ_CHECK(map.NormalizedBytes() == normalized.size());
  for (size_t b = 0; b < normalized.size(); ++b) {
    KIJI_FUZZ_CHECK(map.ToOriginal(b) < chars);
  }
  return 0;
}
