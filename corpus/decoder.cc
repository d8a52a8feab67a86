#include "corpus/decoder.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace kiji::corpus {
namespace {

const char* IcuName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "UTF-8";
    case Encoding::kShiftJis:
      return "Shift_JIS";
    case Encoding::kEucJp:
      return "EUC-JP";
    case Encoding::kIso2022Jp:
      return "ISO-2022-JP";
    case Encoding::kUtf16Le:
      return "UTF-16LE";
    case Encoding::kUtf16Be:
      return "UTF-16BE";
    case Encoding::kUnknown:
      break;
  }
  return nullptr;
}

struct CountingContext {
  const char* base = nullptr;
  size_t invalid = 0;
  long long first_invalid = -1;
};

void U_CALLCONV CountingToUnicode(const void* context,
                                  UConverterToUnicodeArgs* args,
                                  const char* code_units, int32_t length,
                                  UConverterCallbackReason reason,
                                  UErrorCode* error) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL ||
      reason == UCNV_IRREGULAR) {
    auto* ctx = static_cast<CountingContext*>(const_cast<void*>(context));
    // `code_units` is the converter's copy; `args->source` points just past
    // the offending bytes in the caller's buffer.
    if (ctx->invalid == 0 && ctx->base != nullptr) {
      ctx->first_invalid = std::max<long long>(
          0, static_cast<long long>(args->source - ctx->base) - length);
    }
    ++ctx->invalid;
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason,
                                error);
}

// Known binary formats by their leading bytes.
std::string_view BinaryKind(std::string_view raw) {
  struct Magic {
    std::string_view bytes;
    std::string_view kind;
  };
  static constexpr std::array<Magic, 10> kMagic = {{
      {"\x89PNG\r\n\x1a\n", "PNG image"},
      {"GIF87a", "GIF image"},
      {"GIF89a", "GIF image"},
      {"\xff\xd8\xff", "JPEG image"},
      {"%PDF-", "PDF document"},
      {"PK\x03\x04", "ZIP archive"},
      {"\x1f\x8b", "gzip archive"},
      {"BZh", "bzip2 archive"},
      {"\x7f" "ELF", "ELF executable"},
      {"\xfd" "7zXZ", "xz archive"},
  }};
  for (const Magic& m : kMagic) {
    if (raw.size() >= m.bytes.size() &&
        raw.compare(0, m.bytes.size(), m.bytes) == 0) {
      return m.kind;
    }
  }
  return {};
}

// True when `raw` is valid UTF-8 (no surrogates, no overlongs).
bool IsValidUtf8(std::string_view raw) {
  const auto* s = reinterpret_cast<const uint8_t*>(raw.data());
  const int32_t n = static_cast<int32_t>(raw.size());
  int32_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// Guesses UTF-16 without a BOM from the pattern of zero bytes: ASCII-range
// text in UTF-16 has a zero in every other byte. Returns kUnknown otherwise.
Encoding GuessUtf16(std::string_view raw) {
  if (raw.size() < 4 || raw.size() % 2 != 0) return Encoding::kUnknown;
  size_t even_zero = 0, odd_zero = 0;
  const size_t n = std::min<size_t>(raw.size(), 4096);
  for (size_t i = 0; i + 1 < n; i += 2) {
    if (raw[i] == 0) ++even_zero;
    if (raw[i + 1] == 0) ++odd_zero;
  }
  const size_t pairs = n / 2;
  if (odd_zero * 10 >= pairs * 3 && even_zero * 10 < pairs) {
    return Encoding::kUtf16Le;
  }
  if (even_zero * 10 >= pairs * 3 && odd_zero * 10 < pairs) {
    return Encoding::kUtf16Be;
  }
  // CJK text in UTF-16 has few zero bytes; decode it only if it is clean.
  return Encoding::kUnknown;
}

size_t CountZeroBytes(std::string_view raw) {
  return static_cast<size_t>(std::count(raw.begin(), raw.end(), '\0'));
}

// The ICU charset detector's best guess among the encodings kiji supports.
Encoding DetectWithIcu(std::string_view raw) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return Encoding::kUnknown;
  ucsdet_setText(detector, raw.data(), static_cast<int32_t>(raw.size()),
                 &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector, &found, &status);
  Encoding best = Encoding::kUnknown;
  for (int32_t i = 0; U_SUCCESS(status) && i < found; ++i) {
    UErrorCode name_status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &name_status);
    if (U_FAILURE(name_status) || name == nullptr) continue;
    std::string_view n(name);
    if (n == "UTF-8") best = Encoding::kUtf8;
    else if (n == "Shift_JIS") best = Encoding::kShiftJis;
    else if (n == "EUC-JP") best = Encoding::kEucJp;
    else if (n == "ISO-2022-JP") best = Encoding::kIso2022Jp;
    else if (n == "UTF-16LE") best = Encoding::kUtf16Le;
    else if (n == "UTF-16BE") best = Encoding::kUtf16Be;
    if (best != Encoding::kUnknown) break;
  }
  ucsdet_close(detector);
  return best;
}

size_t CountCodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

DecodeResult DecodeAs(std::string_view bytes, Encoding encoding) {
  DecodeResult result;
  const char* name = IcuName(encoding);
  if (name == nullptr) {
    result.invalid = bytes.size();
    return result;
  }
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &status);
  if (U_FAILURE(status)) {
    result.invalid = bytes.size();
    return result;
  }
  CountingContext ctx;
  ctx.base = bytes.data();
  ucnv_setToUCallBack(conv, CountingToUnicode, &ctx, nullptr, nullptr,
                      &status);
  std::vector<UChar> buffer(bytes.size() * 2 + 16);
  UChar* target = buffer.data();
  const char* source = bytes.data();
  ucnv_toUnicode(conv, &target, buffer.data() + buffer.size(), &source,
                 bytes.data() + bytes.size(), nullptr, /*flush=*/true,
                 &status);
  ucnv_close(conv);
  if (U_FAILURE(status)) {
    result.invalid = bytes.size();
    return result;
  }
  icu::UnicodeString text(false, buffer.data(),
                          static_cast<int32_t>(target - buffer.data()));
  text.toUTF8String(result.utf8);
  result.invalid = ctx.invalid;
  result.first_invalid = ctx.first_invalid;
  return result;
}

absl::StatusOr<std::string> EncodeAs(std::string_view utf8,
                                     Encoding encoding) {
  const char* name = IcuName(encoding);
  if (name == nullptr) return absl::InvalidArgumentError("unknown encoding");
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ucnv_open ", name, ": ",
                                            u_errorName(status)));
  }
  ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr,
                        nullptr, &status);
  std::string out(static_cast<size_t>(text.length()) * 8 + 16, '\0');
  int32_t len = ucnv_fromUChars(conv, out.data(),
                                static_cast<int32_t>(out.size()),
                                text.getBuffer(), text.length(), &status);
  ucnv_close(conv);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text not representable in ", name, ": ", u_errorName(status)));
  }
  out.resize(static_cast<size_t>(len));
  return out;
}

absl::StatusOr<std::unique_ptr<Decoder>> Decoder::Create(
    const DecoderOptions& options) {
  if (options.max_invalid_ratio < 0 || options.max_invalid_ratio > 1) {
    return absl::InvalidArgumentError("max_invalid_ratio must be in [0, 1]");
  }
  return std::unique_ptr<Decoder>(new Decoder(options));
}

void Decoder::Decode(Document* doc) const {
  std::string_view raw = doc->raw;
  if (raw.empty()) {
    doc->error = "empty file";
    return;
  }
  if (raw.size() > options_.max_document_bytes) {
    doc->error = absl::StrFormat("file too large (%d bytes, limit %d)",
                                 raw.size(), options_.max_document_bytes);
    return;
  }

  Encoding encoding = Encoding::kUnknown;
  size_t skip = 0;
  if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    encoding = Encoding::kUtf8;
    skip = 3;
  } else if (raw.size() >= 2 && raw.compare(0, 2, "\xFF\xFE") == 0) {
    encoding = Encoding::kUtf16Le;
    skip = 2;
  } else if (raw.size() >= 2 && raw.compare(0, 2, "\xFE\xFF") == 0) {
    encoding = Encoding::kUtf16Be;
    skip = 2;
  }

  if (encoding == Encoding::kUnknown) {
    if (std::string_view kind = BinaryKind(raw); !kind.empty()) {
      doc->error = absl::StrCat("binary file (", std::string(kind), ")");
      return;
    }
    encoding = GuessUtf16(raw);
  }
  std::string_view body = raw.substr(skip);

  if (encoding == Encoding::kUnknown) {
    const size_t zeros = CountZeroBytes(raw);
    if (zeros * 100 > raw.size()) {
      doc->error = absl::StrFormat(
          "binary file (%d NUL bytes in %d bytes)", zeros, raw.size());
      return;
    }
    // ISO-2022-JP is 7-bit, hence also valid UTF-8: its escapes decide.
    if (body.find("\x1b$B") != std::string_view::npos ||
        body.find("\x1b$@") != std::string_view::npos) {
      encoding = Encoding::kIso2022Jp;
    } else if (IsValidUtf8(body)) {
      encoding = Encoding::kUtf8;
    }
  }

  DecodeResult best;
  if (encoding == Encoding::kUtf8 && IsValidUtf8(body)) {
    best.utf8.assign(body);
  } else if (encoding != Encoding::kUnknown) {
    best = DecodeAs(body, encoding);
  } else {
    // Not valid UTF-8: the candidate with the fewest invalid sequences wins;
    // ICU's detector decides between equally clean candidates.
    const Encoding detected = DetectWithIcu(body);
    constexpr std::array<Encoding, 3> kCandidates = {
        Encoding::kUtf8, Encoding::kShiftJis, Encoding::kEucJp};
    bool have = false;
    for (Encoding candidate : kCandidates) {
      DecodeResult r = DecodeAs(body, candidate);
      const bool better =
          !have || r.invalid < best.invalid ||
          (r.invalid == best.invalid && candidate == detected);
      if (better) {
        best = std::move(r);
        encoding = candidate;
        have = true;
      }
    }
  }

  const double ratio =
      static_cast<double>(best.invalid) / static_cast<double>(body.size());
  if (best.invalid > 0 && ratio > options_.max_invalid_ratio) {
    doc->error = absl::StrFormat(
        "undecodable: %d invalid byte sequences in %d bytes (best guess %s, "
        "first at byte %d)",
        best.invalid, raw.size(), EncodingName(encoding),
        best.first_invalid + static_cast<long long>(skip));
    return;
  }
  if (best.invalid > 0) {
    doc->diagnostics.push_back(Diagnostic{
        "decode", "invalid_bytes",
        static_cast<size_t>(best.first_invalid) + skip,
        absl::StrFormat("decode: %d invalid %s sequence(s) replaced by "
                        "U+FFFD, first at byte %d",
                        best.invalid, EncodingName(encoding),
                        best.first_invalid + static_cast<long long>(skip))});
  }
  doc->encoding = encoding;
  doc->original = std::move(best.utf8);
  doc->original_chars = CountCodePoints(doc->original);
}

}  // namespace kiji::corpus
