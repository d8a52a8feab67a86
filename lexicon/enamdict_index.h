// Compact lookup built from the ENAMDICT proper-name dictionary.
//
// `BuildEnamdictIndex` reads Debian's /usr/share/edict/enamdict (EUC-JP,
// EDICT syntax) once, at build or setup time, and writes the index file that
// `EnamdictIndex::Load` maps into memory. The index is derived data and is
// never committed.
//
// Index file format (UTF-8 text, one record per line, '\n' terminated):
//
//   line 1:  "kiji-enamdict-index 2"
//   records: HEADWORD '\t' TAGS '\t' ROMANISATIONS
//   then the line "#reverse" and, sorted bytewise by romanisation:
//            ROMANISATION '\t' RECORD_NUMBER (',' RECORD_NUMBER)*
//   where RECORD_NUMBER is the 0-based decimal position of a record above.
//   Load splits lines and hashes headwords and romanisations; lookups are
//   hash probes (the sort order keeps the file diffable and deterministic).
//
//   HEADWORD       NFKC of the ENAMDICT headword (katakana, kanji, Latin...).
//                  Each headword appears once; records are sorted bytewise.
//   TAGS           `NameTag` bitmask in lower-case hexadecimal, the union over
//                  every ENAMDICT line and sense of that headword.
//   ROMANISATIONS  '|'-separated, lower-cased Latin glosses, parenthesised
//                  comments removed, deduplicated, in dictionary order; for a
//                  company/organisation/product the first Latin gloss of that
//                  sense comes first. Empty for kanji personal names (only
//                  their tags are kept).
//
// What is kept: every katakana-only headword (with all its Latin glosses and
// tags); every company, organisation and product entry whatever its script
// (headword and, when it has one, its katakana reading as a second record);
// every kanji headword tagged as a surname, given name or full name (tags
// only). Places, stations and works written in kanji are dropped. The real
// dictionary gives about 0.4 M records in ~10 MB.
//
// Thread-safety: `EnamdictIndex` is immutable after `Load`; all const methods
// may be called concurrently.
#ifndef KIJI_LEXICON_ENAMDICT_INDEX_H_
#define KIJI_LEXICON_ENAMDICT_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kiji::lexicon {

// ENAMDICT tags as bits. (f) and (m) also set `kGiven`.
enum NameTag : uint32_t {
  kSurname = 1u << 0,       // s
  kGiven = 1u << 1,         // g, f, m
  kFemale = 1u << 2,        // f
  kMale = 1u << 3,          // m
  kUnclassified = 1u << 4,  // u: person name, not yet classified
  kFullName = 1u << 5,      // h
  kPlace = 1u << 6,         // p, and (city), (river), (island)...
  kCompany = 1u << 7,       // c
  kOrg = 1u << 8,           // o
  kProduct = 1u << 9,       // pr
  kStation = 1u << 10,      // st
  kWork = 1u << 11,         // wk, (film)...
  kOtherTag = 1u << 12,     // anything else in parentheses
};

// Tags that say "this is a personal name (part)".
inline constexpr uint32_t kPersonTags =
    kSurname | kGiven | kUnclassified | kFullName;

// Reads `enamdict_path` (EUC-JP), writes the index to `out_path`.
// Errors: NotFound / PermissionDenied style errors when a file cannot be
// opened, DataLoss when the input is not decodable EUC-JP or has no record.
// Lines that do not follow EDICT syntax are skipped.
absl::Status BuildEnamdictIndex(const std::string& enamdict_path,
                                const std::string& out_path);

class EnamdictIndex {
 public:
  // Loads an index written by `BuildEnamdictIndex`. Fails with
  // InvalidArgument / DataLoss on a wrong header or malformed record.
  static absl::StatusOr<std::unique_ptr<EnamdictIndex>> Load(
      const std::string& path);

  EnamdictIndex(const EnamdictIndex&) = delete;
  EnamdictIndex& operator=(const EnamdictIndex&) = delete;

  // `NameTag` bits of an NFKC headword; 0 when absent.
  uint32_t Tags(std::string_view headword) const;

  // Lower-cased Latin romanisations/glosses of a headword (empty if none).
  // The views point into this index and live as long as it does.
  std::vector<std::string_view> Romanisations(std::string_view headword) const;

  // Katakana-only headwords that list `latin_lower` (lower-cased, as stored)
  // among their romanisations.
  std::vector<std::string_view> KatakanaFor(std::string_view latin_lower) const;

  // Headwords that list `latin_lower` and carry one of `tag_mask`.
  std::vector<std::string_view> HeadwordsFor(std::string_view latin_lower,
                                             uint32_t tag_mask) const;

  // Union of the `Tags` of every headword that lists `latin_lower`: the same
  // as OR-ing `Tags(h)` over `HeadwordsFor(latin_lower, ~0u)`, without
  // building the list.
  uint32_t RomanTags(std::string_view latin_lower) const;

  size_t size() const { return records_.size(); }

 private:
  struct Record {
    std::string_view headword;
    std::string_view romans;  // '|'-separated
    uint32_t tags = 0;
  };

  EnamdictIndex() = default;
  const Record* Find(std::string_view headword) const;
  // Record numbers of `latin_lower` in `by_roman_` (comma-separated), or
  // nullptr when absent.
  const std::string_view* RecordNumbersFor(std::string_view latin_lower) const;
  std::vector<std::string_view> LookupRoman(std::string_view latin_lower,
                                            uint32_t tag_mask,
                                            bool katakana) const;

  std::string data_;  // the whole file; every view points into it
  std::vector<Record> records_;  // sorted by headword
  // (romanisation, comma-separated record numbers), sorted by romanisation.
  std::vector<std::pair<std::string_view, std::string_view>> by_roman_;
  // headword -> position in `records_`; romanisation -> position in
  // `by_roman_` (keys view the loaded file).
  absl::flat_hash_map<absl::string_view, uint32_t> record_pos_;
  absl::flat_hash_map<absl::string_view, uint32_t> roman_pos_;
};

// True when every code point of `s` is katakana (U+30A1..U+30FA), the
// prolonged-sound mark, an iteration mark, `・` or `=`, and `s` is non-empty.
bool IsKatakanaOnly(std::string_view s);

}  // namespace kiji::lexicon

#endif  // KIJI_LEXICON_ENAMDICT_INDEX_H_
