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
// Lookup is by exact surface (a hash map over the candidate span).
//
// Thread-safety: immutable after `Load`; `Find` may be called concurrently.
#ifndef KIJI_EXTRACTORS_GAZETTEER_H_
#define KIJI_EXTRACTORS_GAZETTEER_H_

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

  // Entry for an exact NFKC surface, or nullptr.
  const GazetteerEntry* Find(std::string_view surface) const;

  size_t size() const { return entries_.size(); }

 private:
  Gazetteer() = default;
  absl::Status AddText(std::string_view tsv, std::string_view origin);

  std::unordered_map<std::string, GazetteerEntry> entries_;
};

// NFKC of `text` (ICU); `text` when it is not valid UTF-8.
std::string NfkcNormalize(std::string_view text);

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_GAZETTEER_H_
