// The unit of work that flows through every kiji stage.
//
// A `Document` owns one input file: its raw bytes, the decoded original text,
// the normalised text with its map back to the original, the tokens and the
// entity mentions found in it. Each stage adds its own fields and never
// rewrites the fields of an earlier stage.
//
// Coordinate spaces, named in every field:
//   raw_*   byte offsets into `raw` (the file as read);
//   orig_*  code-point offsets into `original` (the decoded file, before any
//           normalisation) — the space of the output contract;
//   norm_*  byte offsets into `normalized` (UTF-8).
//
// Not thread-safe; one document is processed by one worker at a time.
#ifndef KIJI_CORPUS_DOCUMENT_H_
#define KIJI_CORPUS_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/offset_map.h"

namespace kiji::corpus {

enum class Encoding {
  kUnknown,
  kUtf8,
  kShiftJis,
  kEucJp,
  kIso2022Jp,
  kUtf16Le,
  kUtf16Be,
  kUtf32Le,
  kUtf32Be,
};

// The one table of encoding names: the name in `documents.jsonl`, which is
// also the name of ICU's converter and of its charset detector's guesses.
struct EncodingNameEntry {
  Encoding encoding;
  std::string_view name;
};
inline constexpr EncodingNameEntry kEncodingNames[] = {
    {Encoding::kUtf8, "UTF-8"},       {Encoding::kShiftJis, "Shift_JIS"},
    {Encoding::kEucJp, "EUC-JP"},     {Encoding::kIso2022Jp, "ISO-2022-JP"},
    {Encoding::kUtf16Le, "UTF-16LE"}, {Encoding::kUtf16Be, "UTF-16BE"},
    {Encoding::kUtf32Le, "UTF-32LE"}, {Encoding::kUtf32Be, "UTF-32BE"},
};

// `encoding`'s name in kEncodingNames; "unknown" for kUnknown.
std::string_view EncodingName(Encoding encoding);
// The encoding named `name` in kEncodingNames (exact spelling); kUnknown for
// any other name.
Encoding EncodingFromName(std::string_view name);

// A calendar date; `month` and `day` are 0 when unknown.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// "YYYY-MM-DD" for a full date.
std::string FormatIsoDate(const CivilDate& date);

// Something a stage noticed about a document that did not stop it.
struct Diagnostic {
  std::string stage;  // "decode", "normalize", ...
  std::string code;   // "invalid_bytes", ...
  size_t raw_begin = 0;
  std::string message;
};

enum class EntityType {
  kPerson,
  kCompany,
  kOrg,
  kProduct,
  kDate,
  kAmount,
  kPercent,   // an amount whose unit is "percent"
  kDuration,  // a length of time (20年間, 3年半)
  kLocation,  // a place: country, city, region, station, facility
};

// Every type, in the order of the enum.
inline constexpr EntityType kAllEntityTypes[] = {
    EntityType::kPerson,  EntityType::kCompany,  EntityType::kOrg,
    EntityType::kProduct, EntityType::kDate,     EntityType::kAmount,
    EntityType::kPercent, EntityType::kDuration, EntityType::kLocation};

// "PERSON", "COMPANY", "ORG", "PRODUCT", "DATE", "AMOUNT", "PERCENT",
// "DURATION", "LOCATION".
std::string_view EntityTypeName(EntityType type);

// One morpheme or word. Its surface is `normalized[norm_begin, norm_end)`;
// its features are `token_features[feature_begin, feature_begin +
// feature_len)` (see `Document::Features`).
struct Token {
  uint32_t norm_begin = 0;
  uint32_t norm_end = 0;
  // MeCab IPADIC feature CSV (品詞,品詞細分類1,...,読み,発音); empty for ICU
  // word-break tokens.
  uint32_t feature_begin = 0;
  uint32_t feature_len = 0;
};

// One entity mention found by an extractor.
struct Mention {
  EntityType type = EntityType::kPerson;
  uint32_t norm_begin = 0;
  uint32_t norm_end = 0;
  std::string source;  // extractor that found it, e.g. "date.absolute"
  // DATE: ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD", EDTF "17XX", "195X" or an
  // interval "1603/1868"; nullopt when unresolvable.
  std::optional<std::string> date_norm;
  // DURATION: ISO 8601 duration ("P20Y", "P3Y6M"); nullopt when vague.
  std::optional<std::string> duration;
  // DATE: the weekday it names ("Monday" ... "Sunday"), or empty.
  std::string weekday;
  // AMOUNT and PERCENT.
  std::optional<double> value;
  std::optional<double> value_max;  // upper bound of a range
  std::string unit;                 // "JPY", "USD", "count", ...
  std::string counter;              // unit "count": 件, 人, 社, ...
  // AMOUNT/PERCENT: "approx", "over", ...; DATE: "early", "mid", "late".
  std::string qualifier;
  // PERSON / COMPANY: key used by reconciliation; filled by the reconciler.
  std::string entity_id;
  // A mention that glosses or abbreviates another mention in the same
  // document (index into `Document::mentions`), e.g. "BCG" -> long form.
  std::optional<size_t> alias_of;
};

// A run of a marked-up document's readable text (see `Document::markup`).
struct TextPiece {
  uint32_t orig_begin = 0;  // code points of `Document::original`
  uint32_t orig_end = 0;
  std::string text;  // what the run reads as (UTF-8)
  // `text` is `original`'s [orig_begin, orig_end) itself; otherwise the run
  // is markup read as `text` (an entity, a line break for a tag).
  bool verbatim = true;
};

struct Document {
  // Input.
  std::string path;
  std::string raw;
  std::string doc_id;  // SHA-256 hex of `raw`.
  // Why the document could not be processed ("binary file (PNG image)",
  // "empty file", ...); empty while it can. A document with an error is
  // reported with status "error" and goes no further.
  std::string error;

  // Decoder.
  Encoding encoding = Encoding::kUnknown;
  std::string original;  // UTF-8 of the decoded original text.
  size_t original_chars = 0;

  // Markup: "html" when `original` is a web page, whose readable text is
  // `text_pieces` (in order; what lies between them is markup, dropped);
  // empty for plain text, all of which is read.
  std::string markup;
  std::vector<TextPiece> text_pieces;

  // Language ("ja", "en", ...), from the language detector.
  std::string lang;

  // Normaliser.
  std::string normalized;
  OffsetMap norm_to_orig;

  // Article date: dateline found in the text, or the caller's override.
  std::optional<CivilDate> date;
  bool date_from_text = false;

  // Tokeniser.
  std::vector<Token> tokens;
  std::string token_features;  // storage for `Token::features`

  // Extractors.
  std::vector<Mention> mentions;

  std::vector<Diagnostic> diagnostics;

  std::string_view Surface(const Token& t) const {
    return std::string_view(normalized)
        .substr(t.norm_begin, t.norm_end - t.norm_begin);
  }
  std::string_view Features(const Token& t) const {
    return std::string_view(token_features)
        .substr(t.feature_begin, t.feature_len);
  }
};

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_DOCUMENT_H_
