// Fuzzes `decode::Decoder` and `DecodeAs`: any bytes decode to valid UTF-8
// or to a document error; `original_chars` counts the decoded code points;
// the first invalid byte offset lies inside the input.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "decode/decoder.h"
#include "corpus/document.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using kiji::corpus::Encoding;

const kiji::decode::Decoder& GetDecoder() {
  static const auto* decoder = kiji::decode::Decoder::Create()->release();
  return *decoder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kiji::corpus::Document doc;
  doc.raw.assign(bytes);
  GetDecoder().Decode(&doc);
  if (doc.error.empty()) {
    KIJI_FUZZ_CHECK(doc.encoding != Encoding::kUnknown);
    KIJI_FUZZ_CHECK(kiji::fuzz::IsValidUtf8(doc.original));
    KIJI_FUZZ_CHECK(doc.original_chars ==
                    kiji::fuzz::CountCodePoints(doc.original));
    for (const kiji::corpus::Diagnostic& d : doc.diagnostics) {
      KIJI_FUZZ_CHECK(d.raw_begin < size);
      KIJI_FUZZ_CHECK(!d.message.empty());
    }
  } else {
    KIJI_FUZZ_CHECK(doc.error.size() < 500);
  }
  for (Encoding e :
       {Encoding::kUtf8, Encoding::kShiftJis, Encoding::kEucJp,
        Encoding::kIso2022Jp, Encoding::kUtf16Le, Encoding::kUtf16Be,
        Encoding::kUtf32Le, Encoding::kUtf32Be}) {
    const kiji::decode::DecodeResult r = kiji::decode::DecodeAs(bytes, e);
    KIJI_FUZZ_CHECK(kiji::fuzz::IsValidUtf8(r.utf8));
    KIJI_FUZZ_CHECK((r.invalid == 0) == (r.first_invalid == -1));
    KIJI_FUZZ_CHECK(r.first_invalid < static_cast<long long>(size));
  }
  return 0;
}
