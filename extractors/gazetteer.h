// Gazetteer: a table of known names (companies, organisations, products,
// persons, and surfaces that are never entities) loaded from TSV files.
//
// File format (UTF-8, one entry per line, '#' starts a comment line, blank
// lines ignored):
//
//   name<TAB>TYPE[<TAB>canonical[<TAB>source]]
//
// TYPE is one of COMPANY, ORG, PRODUCT, PERSON, NOT_ENTITY, WORD. WORD is a
// common word (from IPADIC): never an entity by itself, it tells the name
// extractor that a part of a longer name is a word (ホワイト in
// ホワイト・ボード) where the tokeniser cannot say. `name` and
// `canonical` are NFKC-normalised on load, so entries match the normalised
// text (docs/normalization.md). When several files (or lines) give the same
// name, the last one wins, so a user file listed after the default one can
// retype or suppress (NOT_ENTITY) a generated entry. A `source` ending in
// ":ambiguous" marks a name that is also a common word; callers should ask
// for context before trusting it.
//
// Lookup is by exact surface: a hash map with heterogeneous lookup, so `Find`
// hashes the caller's view without copying it, behind a Bloom filter small
// enough to stay in cache (most lookups are of spans that are no name).
//
// Thread-safety: immutable after `Load`; `Find` may be called concurrently.
#ifndef KIJI_EXTRACTORS_GAZETTEER_H_
#define KIJI_EXTRACTORS_GAZETTEER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"

namespace kiji::extractors {

enum class GazetteerType {
  kCompany,
  kOrg,
  kProduct,
  kPerson,
  kNotEntity,
  kWord,
};

// "COMPANY", "ORG", "PRODUCT", "PERSON", "NOT_ENTITY", "WORD".
std::string_view GazetteerTypeName(GazetteerType type);

struct GazetteerEntry {
  GazetteerType type = GazetteerType::kCompany;
  std::string canonical;   // the name itself when the file gives none
  std::string source;      // 4th column; the file path when absent
  bool ambiguous = false;  // `source` ends in ":ambiguous"
};

class Gazetteer {
 public:
  // Loads and merges `paths` in order. Fails with NotFound when a file cannot
  // be opened and InvalidArgument ("FILE:LINE: ...") on a malformed line
  // (fewer than 2 columns, unknown TYPE, empty name, invalid UTF-8).
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(
      const std::vector<std::string>& paths);

  // Parses TSV text held in memory; `origin` names it in error messages.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> FromText(
      std::string_view tsv, std::string_view origin);

  // Entry for an exact NFKC surface, or nullptr. Does not allocate.
  const GazetteerEntry* Find(std::string_view surface) const;

  size_t size() const { return entries_.size(); }

 private:
  Gazetteer() = default;
  absl::Status AddText(std::string_view tsv, std::string_view origin);
  void BuildFilter();
  bool MayContain(std::string_view name) const;

  // Transparent: `find` takes a std::string_view.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };

  std::unordered_map<std::string, GazetteerEntry, NameHash, std::equal_to<>>
      entries_;
  size_t max_name_bytes_ = 0;  // no entry is longer
  // Bloom filter (two bits per name) over a cheap key of each name: its
  // length and first and last bytes (`FilterKey`). Its size is a power of
  // two, at least 16 bits per name.
  std::vector<uint64_t> filter_;
};

// NFKC of `text` (ICU); `text` when it is not valid UTF-8.
std::string NfkcNormalize(std::string_view text);

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_GAZETTEER_H_
