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
// Lookup is by exact surface: a hash map with heterogeneous lookup, so
// `Find` hashes the caller's view without copying it, behind two Bloom
// filters that reject most lookups (spans that are no name) inline, without
// a call: a small one on the first and last characters and a larger one.
//
// Thread-safety: immutable after `Load`; `Find` may be called concurrently.
#ifndef KIJI_LEXICON_GAZETTEER_H_
#define KIJI_LEXICON_GAZETTEER_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kiji::lexicon {

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
  const GazetteerEntry* Find(std::string_view surface) const {
    if (surface.size() > max_name_bytes_ || !MayContain(surface)) {
      return nullptr;
    }
    return FindInTable(surface);
  }

  // False when no name begins with the UTF-8 character `c` (its bytes);
  // true otherwise, and for a few characters that begin none (a Bloom
  // filter). A caller that looks up many spans beginning at the same
  // character asks once instead of once per span.
  bool MayBeginWith(std::string_view c) const {
    return TestBit(first_chars_.data(), CharBit(c));
  }

  size_t size() const { return entries_.size(); }

 private:
  using EntryMap = absl::flat_hash_map<std::string, GazetteerEntry>;

  Gazetteer() = default;
  static absl::Status AddText(std::string_view tsv, std::string_view origin,
                              EntryMap* entries);
  // Takes `entries` and builds the filters.
  void Build(EntryMap entries);
  const GazetteerEntry* FindInTable(std::string_view name) const {
    const auto it = entries_.find(absl::string_view(name.data(), name.size()));
    return it == entries_.end() ? nullptr : &it->second;
  }

  // The two bits of `ends_filter_` for `s`: one for its first and last 3
  // bytes (all of it when shorter), i.e. its first and last characters in
  // Japanese text, and one for those and its length. Multiplicative hashing:
  // the top bits of a product depend on every byte.
  static std::pair<size_t, size_t> EndsBits(std::string_view s) {
    uint32_t head = 0, tail = 0;
    if (s.size() >= 4) {
      std::memcpy(&head, s.data(), 4);
      std::memcpy(&tail, s.data() + s.size() - 4, 4);
      // Byte order is irrelevant here: the same bytes always mix the same.
      head <<= 8;
      tail >>= 8;
    } else {
      for (const char c : s) head = head << 8 | static_cast<unsigned char>(c);
      tail = head;
    }
    const uint64_t ends = uint64_t{head} << 32 | tail;
    constexpr int kShift = 64 - kEndsFilterBitsLog2;
    return {static_cast<size_t>((ends * 0x9E3779B97F4A7C15u) >> kShift),
            static_cast<size_t>(
                ((ends ^ uint64_t{s.size()} << 56) * 0xBF58476D1CE4E5B9u) >>
                kShift)};
  }

  // Mixes the length and the first and last 4 bytes of `s` (all of it when
  // shorter): no loop over the bytes, unlike a full hash.
  static uint64_t FilterKey(std::string_view s) {
    uint32_t head = 0, tail = 0;
    if (s.size() >= 4) {
      std::memcpy(&head, s.data(), 4);
      std::memcpy(&tail, s.data() + s.size() - 4, 4);
    } else {
      for (const char c : s) head = head << 8 | static_cast<unsigned char>(c);
      tail = head;
    }
    uint64_t k =
        (uint64_t{head} << 32 | tail) ^ (s.size() * 0x9E3779B97F4A7C15u);
    // splitmix64 finaliser.
    k = (k ^ (k >> 30)) * 0xBF58476D1CE4E5B9u;
    k = (k ^ (k >> 27)) * 0x94D049BB133111EBu;
    return k ^ (k >> 31);
  }

  // The bit of `first_chars_` for a character (up to 4 bytes).
  static size_t CharBit(std::string_view c) {
    uint32_t key = 0;
    for (const char b : c.substr(0, 4)) {
      key = key << 8 | static_cast<unsigned char>(b);
    }
    return static_cast<size_t>((key * 0x9E3779B1u) >> (32 - kCharBitsLog2));
  }

  static bool TestBit(const uint64_t* words, size_t bit) {
    return (words[bit / 64] >> (bit % 64) & 1) != 0;
  }

  bool MayContain(std::string_view name) const {
    const auto [end_bit1, end_bit2] = EndsBits(name);
    if (!TestBit(ends_filter_.data(), end_bit1) ||
        !TestBit(ends_filter_.data(), end_bit2)) {
      return false;
    }
    const uint64_t h = FilterKey(name);
    const uint64_t mask = filter_.size() * 64 - 1;
    return TestBit(filter_.data(), h & mask) &&
           TestBit(filter_.data(), (h >> 32) & mask);
  }

  EntryMap entries_;  // by NFKC name (heterogeneous lookup)
  size_t max_name_bytes_ = 0;  // no entry is longer
  // First stage: a Bloom filter of fixed size on the first and last
  // characters of each name (`EndsBits`). Most spans looked up end unlike
  // any name (particles end them). At 32 KB it mostly stays in the cache
  // between documents, where the larger `filter_` costs a cache miss per
  // lookup; it lets through about one lookup in twenty.
  static constexpr int kEndsFilterBitsLog2 = 18;
  std::array<uint64_t, (size_t{1} << kEndsFilterBitsLog2) / 64>
      ends_filter_{};
  // Second stage: a Bloom filter (two bits per name) over a cheap key of each
  // name: its length and first and last 4 bytes (`FilterKey`). Its size is a
  // power of two, at least 16 bits per name.
  std::vector<uint64_t> filter_;
  // The first characters of the names (`CharBit`): about 1,200 distinct
  // ones in the default gazetteer, so one in 14 other characters passes.
  static constexpr int kCharBitsLog2 = 14;
  std::array<uint64_t, (size_t{1} << kCharBitsLog2) / 64> first_chars_{};
};

// NFKC of `text` (ICU); `text` when it is not valid UTF-8.
std::string NfkcNormalize(std::string_view text);

}  // namespace kiji::lexicon

#endif  // KIJI_LEXICON_GAZETTEER_H_
