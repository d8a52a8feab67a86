#include "decode/decoder.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "corpus/script.h"

namespace kiji::decode {

using corpus::CountCodePoints;
using corpus::Diagnostic;
using corpus::Document;
using corpus::Encoding;
using corpus::EncodingFromName;
using corpus::EncodingName;
namespace {

// ICU's converter name: the encoding's name (kEncodingNames); null for
// kUnknown. The names are literals, so their data is NUL-terminated.
const char* IcuName(Encoding encoding) {
  return encoding == Encoding::kUnknown ? nullptr
                                        : EncodingName(encoding).data();
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
  // CJK text in UTF-16 has few zero bytes: see `ScoreUtf16`.
  return Encoding::kUnknown;
}

// How plausible a decoding is as text (Japanese news above all), summed over
// its characters: `weight` is 1 for ASCII printables, whitespace, kana, CJK
// punctuation and full-width ASCII, 0.5 for kanji and half-width kana, 0 for
// any other assigned character; `bad` counts what no text file holds: U+FFFD
// from invalid bytes, unpaired surrogates, control characters other than
// tab/LF/CR/FF, private-use, unassigned and non-characters. Kanji weigh less
// because Shift_JIS read as UTF-16BE is mostly kanji (lead bytes 0x81-0x9F
// are ideographs' high bytes), while real Japanese is full of kana.
struct TextScore {
  size_t chars = 0;
  size_t bad = 0;
  size_t unpaired_surrogates = 0;
  size_t plausible = 0;  // characters with a weight above 0
  double weight = 0;

  void Add(UChar32 c) {
    ++chars;
    if (c < 0x80) {
      if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t') {
        weight += 1;
        ++plausible;
      } else if (c != '\f') {
        ++bad;
      }
      return;
    }
    const int8_t type = u_charType(c);
    // Non-characters (U+FFFE, ...) are unassigned too.
    if (c == 0xFFFD || type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR ||
        type == U_SURROGATE || type == U_CONTROL_CHAR) {
      ++bad;
      return;
    }
    if ((c >= 0x3000 && c <= 0x30FF) || (c >= 0xFF01 && c <= 0xFF5E)) {
      weight += 1;
      ++plausible;
    } else if (corpus::IsKanji(static_cast<char32_t>(c)) ||
               (c >= 0xFF61 && c <= 0xFF9F)) {  // kanji, half-width kana
      weight += 0.5;
      ++plausible;
    }
  }

  // Plausibility per character, in [-4, 1]; a bad character costs 4.
  double Value() const {
    if (chars == 0) return 0;
    return (weight - 4.0 * static_cast<double>(bad)) /
           static_cast<double>(chars);
  }
};

TextScore ScoreUtf8(std::string_view utf8) {
  TextScore score;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    score.Add(c < 0 ? 0xFFFD : c);
  }
  return score;
}

// Scores `raw` (even length) read as UTF-16 in the given byte order, without
// decoding it.
TextScore ScoreUtf16(std::string_view raw, bool big_endian) {
  TextScore score;
  const auto* s = reinterpret_cast<const uint8_t*>(raw.data());
  const size_t units = raw.size() / 2;
  auto unit = [&](size_t k) -> char16_t {
    const uint8_t a = s[2 * k], b = s[2 * k + 1];
    return static_cast<char16_t>(big_endian ? (a << 8) | b : (b << 8) | a);
  };
  for (size_t k = 0; k < units; ++k) {
    const char16_t u = unit(k);
    if (!U16_IS_SURROGATE(u)) {
      score.Add(u);
    } else if (U16_IS_LEAD(u) && k + 1 < units && U16_IS_TRAIL(unit(k + 1))) {
      score.Add(U16_GET_SUPPLEMENTARY(u, unit(k + 1)));
      ++k;
    } else {
      ++score.chars;
      ++score.bad;
      ++score.unpaired_surrogates;
    }
  }
  return score;
}

// UTF-16 without a BOM and without the zero bytes of ASCII that
// `GuessUtf16` looks for (Japanese text): the byte order whose decoding is
// clean (no unpaired surrogate, at most 1% bad characters, at least 80%
// plausible ones) and scores better. kUnknown when neither is clean.
struct Utf16Candidate {
  Encoding encoding = Encoding::kUnknown;
  TextScore score;
};
Utf16Candidate BestCleanUtf16(std::string_view raw) {
  Utf16Candidate best;
  if (raw.size() < 2 || raw.size() % 2 != 0) return best;
  for (Encoding encoding : {Encoding::kUtf16Le, Encoding::kUtf16Be}) {
    const TextScore score =
        ScoreUtf16(raw, /*big_endian=*/encoding == Encoding::kUtf16Be);
    const bool clean = score.unpaired_surrogates == 0 &&
                       score.bad * 100 <= score.chars &&
                       score.plausible * 10 >= score.chars * 8;
    if (clean && (best.encoding == Encoding::kUnknown ||
                  score.Value() > best.score.Value())) {
      best.encoding = encoding;
      best.score = score;
    }
  }
  return best;
}

// Whether what follows `FF FE 00 00` is UTF-32LE rather than UTF-16LE whose
// first character is U+0000: true when most of its 4-byte units (a partial
// last unit counts as one) are Unicode scalar values, at most U+10FFFF and
// not surrogates. UTF-16 text read that way has almost none (every other
// UTF-16 unit would have to be below U+0011), while UTF-32 text with a few
// damaged units stays UTF-32 (they become U+FFFD, with a warning).
bool IsMostlyUtf32Le(std::string_view body) {
  const auto* s = reinterpret_cast<const uint8_t*>(body.data());
  const size_t units = body.size() / 4 + (body.size() % 4 != 0 ? 1 : 0);
  size_t valid = 0;
  for (size_t i = 0; i + 4 <= body.size(); i += 4) {
    const uint32_t unit = uint32_t{s[i]} | uint32_t{s[i + 1]} << 8 |
                          uint32_t{s[i + 2]} << 16 | uint32_t{s[i + 3]} << 24;
    if (unit <= 0x10FFFF && (unit < 0xD800 || unit > 0xDFFF)) ++valid;
  }
  return units == 0 || valid * 2 > units;
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
    best = EncodingFromName(name);
    // UTF-32 is read by its BOM only, never on the detector's guess.
    if (best == Encoding::kUtf32Le || best == Encoding::kUtf32Be) {
      best = Encoding::kUnknown;
    }
    if (best != Encoding::kUnknown) break;
  }
  ucsdet_close(detector);
  return best;
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
  if (U_FAILURE(status)) {
    ucnv_close(conv);
    result.invalid = bytes.size();
    return result;
  }
  // Converts through a small UTF-16 buffer, appending UTF-8 as it goes: a
  // buffer for the whole text would take 4 bytes per input byte.
  result.utf8.reserve(bytes.size() + bytes.size() / 2);
  std::array<UChar, 8192> buffer;
  UChar lead = 0;  // a lead surrogate left at the end of the last buffer
  auto append = [&](UChar32 c) {
    char out[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(out, len, c);
    result.utf8.append(out, static_cast<size_t>(len));
  };
  const char* source = bytes.data();
  const char* const source_end = bytes.data() + bytes.size();
  for (;;) {
    UChar* target = buffer.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv, &target, buffer.data() + buffer.size(), &source,
                   source_end, nullptr, /*flush=*/true, &status);
    for (const UChar* p = buffer.data(); p < target; ++p) {
      const UChar u = *p;
      if (lead != 0) {
        const UChar pending = lead;
        lead = 0;
        if (U16_IS_TRAIL(u)) {
          append(U16_GET_SUPPLEMENTARY(pending, u));
          continue;
        }
        append(0xFFFD);
      }
      if (U16_IS_LEAD(u)) {
        lead = u;
      } else {
        append(U16_IS_TRAIL(u) ? 0xFFFD : u);
      }
    }
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  }
  if (lead != 0) append(0xFFFD);
  ucnv_close(conv);
  if (U_FAILURE(status)) {
    result.utf8.clear();
    result.invalid = bytes.size();
    return result;
  }
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
  auto starts_with = [raw](std::string_view bom) {
    return raw.substr(0, bom.size()) == bom;
  };
  using std::string_view_literals::operator""sv;
  if (starts_with("\xEF\xBB\xBF"sv)) {
    encoding = Encoding::kUtf8;
    skip = 3;
  } else if (starts_with("\0\0\xFE\xFF"sv)) {
    encoding = Encoding::kUtf32Be;
    skip = 4;
  } else if (starts_with("\xFF\xFE\0\0"sv) && IsMostlyUtf32Le(raw.substr(4))) {
    encoding = Encoding::kUtf32Le;
    skip = 4;
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

  // Japanese UTF-16 without a BOM: only a clean decoding is a candidate,
  // weighed against Shift_JIS and EUC-JP below.
  Utf16Candidate utf16;
  bool valid_utf8 = false;
  if (encoding == Encoding::kUnknown) {
    valid_utf8 = IsValidUtf8(body);
    if (!valid_utf8) utf16 = BestCleanUtf16(body);
    const size_t zeros = CountZeroBytes(raw);
    if (zeros * 100 > raw.size()) {
      // Zero bytes are the high bytes of ASCII in UTF-16.
      if (utf16.encoding == Encoding::kUnknown) {
        doc->error = absl::StrFormat("binary file (%d NUL bytes in %d bytes)",
                                     zeros, raw.size());
        return;
      }
      encoding = utf16.encoding;
    } else if (body.find("\x1b$B") != std::string_view::npos ||
               body.find("\x1b$@") != std::string_view::npos) {
      // ISO-2022-JP is 7-bit, hence also valid UTF-8: its escapes decide.
      encoding = Encoding::kIso2022Jp;
    } else if (valid_utf8) {
      encoding = Encoding::kUtf8;
    }
  }

  DecodeResult best;
  if (encoding == Encoding::kUtf8 && (valid_utf8 || IsValidUtf8(body))) {
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
    // UTF-16 wins when the best legacy decoding is rejected or is clearly
    // less plausible; on a near tie (all-kanji text) the legacy one stays.
    if (utf16.encoding != Encoding::kUnknown) {
      const double best_ratio =
          static_cast<double>(best.invalid) / static_cast<double>(body.size());
      if (best_ratio > options_.max_invalid_ratio ||
          utf16.score.Value() > ScoreUtf8(best.utf8).Value() + 0.1) {
        encoding = utf16.encoding;
        best = DecodeAs(body, encoding);
      }
    }
  }

  // Nothing after the byte-order mark: as empty as a file of 0 bytes.
  if (best.utf8.empty() && best.invalid == 0) {
    doc->error = "empty file";
    return;
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

}  // namespace kiji::decode
