// Word lists: lists of words and phrases read from text files at start
// (data/names/*.txt, documented in data/README.md), with lookups that
// compare only the few words sharing a character with the text.
//
// File format (UTF-8, one entry per line):
//   - a line that begins with `#` is a comment; the file begins with one
//     (what the list is for and where its words come from);
//   - blank lines are ignored; a '\r' before the line end is dropped;
//   - an entry is the whole line, compared byte for byte with the
//     normalised text, so it must be NFKC-normalised
//     (docs/normalization.md); an entry that begins or ends with a space
//     (" said") is written between double quotes, which are not part of it;
//   - no entry twice in one file.
// Anything else (invalid UTF-8, a blank or a tab at either end of an
// unquoted entry or a tab inside one, an unclosed quote, an empty entry, a
// repeat, an entry that is not NFKC, no header comment) is an error that
// names the file and the line.
//
// Lookups (`Contains`, `LongestPrefixOf`, `LongestSuffixOf`) take the first
// (last) character of the text and compare the words that begin (end) with
// it, behind a 4096-bit filter of those characters that rejects most texts
// without a hash-map probe.
//
// Thread-safety: immutable after loading; lookups may run concurrently.
#ifndef KIJI_LEXICON_WORD_LISTS_H_
#define KIJI_LEXICON_WORD_LISTS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "corpus/script.h"

namespace kiji::lexicon {

// The bytes of a character (up to 4) as one number, most significant first.
inline uint32_t CharKey(std::string_view c) {
  uint32_t key = 0;
  for (const char b : c.substr(0, 4)) {
    key = key << 8 | static_cast<unsigned char>(b);
  }
  return key;
}

// CharKey(FirstChar(s)) for a non-empty `s`, without the substrings.
inline uint32_t FirstCharKey(std::string_view s) {
  const unsigned char lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) return lead;
  size_t n = corpus::SequenceLength(lead);
  if (n > s.size()) n = s.size();
  uint32_t key = lead;
  for (size_t i = 1; i < n; ++i) {
    key = key << 8 | static_cast<unsigned char>(s[i]);
  }
  return key;
}

// A set of character keys (`CharKey`) that may answer "no" exactly and
// "maybe" loosely: one bit of 4096 per key (a multiplicative hash), so a
// key it was not given is mostly rejected with no hash-map probe. Never
// rejects a key it was given.
class CharKeyFilter {
 public:
  void Add(uint32_t key) {
    bits_[Slot(key) >> 6] |= uint64_t{1} << (Slot(key) & 63);
  }
  bool MayHold(uint32_t key) const {
    return (bits_[Slot(key) >> 6] >> (Slot(key) & 63)) & 1;
  }

 private:
  static uint32_t Slot(uint32_t key) { return (key * 0x9E3779B1u) >> 20; }
  std::array<uint64_t, 64> bits_{};
};

// `s.substr(at, w.size()) == w` for a non-empty `w` that fits; the last and
// first bytes are compared inline first, as most list words differ there
// (the last byte first: in Japanese text first bytes are mostly E3..E9).
inline bool MatchesAt(std::string_view s, size_t at, std::string_view w) {
  return s[at + w.size() - 1] == w.back() && s[at] == w.front() &&
         s.compare(at, w.size(), w) == 0;
}

class WordList {
 public:
  WordList();  // empty
  WordList(WordList&&) noexcept;
  WordList& operator=(WordList&&) noexcept;
  ~WordList();

  // Reads the file at `path`. NotFound when it cannot be read,
  // InvalidArgument ("word list: PATH:LINE: ...") when it is malformed.
  static absl::StatusOr<WordList> Load(const std::string& path);
  // Parses file text; `origin` names it in error messages.
  static absl::StatusOr<WordList> Parse(std::string_view text,
                                        std::string_view origin);
  // The words of `lists`, in order (a word in several lists once, where it
  // first comes).
  static WordList Concat(const std::vector<const WordList*>& lists);

  // The entries in file order (views valid while the list lives).
  const std::vector<std::string_view>& words() const { return words_; }
  size_t size() const { return words_.size(); }
  // The file (or `origin`) the list was read from.
  const std::string& origin() const { return origin_; }

  // Whether `s` is an entry.
  bool Contains(std::string_view s) const {
    if (s.empty()) return false;  // no list holds ""
    for (std::string_view w : by_first_.Sharing(FirstCharKey(s))) {
      if (s.size() == w.size() && MatchesAt(s, 0, w)) return true;
    }
    return false;
  }
  // The longest entry that begins (ends) `s`, or "" (among entries of one
  // length, the first in the file).
  std::string_view LongestPrefixOf(std::string_view s) const {
    if (s.empty()) return {};
    std::string_view best;
    for (std::string_view w : by_first_.Sharing(FirstCharKey(s))) {
      if (w.size() > best.size() && s.size() >= w.size() &&
          MatchesAt(s, 0, w)) {
        best = w;
      }
    }
    return best;
  }
  std::string_view LongestSuffixOf(std::string_view s) const {
    if (s.empty()) return {};
    std::string_view best;
    for (std::string_view w : by_last_.Sharing(CharKey(corpus::LastChar(s)))) {
      if (w.size() > best.size() && s.size() >= w.size() &&
          MatchesAt(s, s.size() - w.size(), w)) {
        best = w;
      }
    }
    return best;
  }

 private:
  // The words by their first (or last) character key, in list order.
  class Index {
   public:
    void Add(uint32_t key, std::string_view word) {
      words_[key].push_back(word);
      filter_.Add(key);
    }
    absl::Span<const std::string_view> Sharing(uint32_t key) const {
      if (!filter_.MayHold(key)) return {};
      const auto it = words_.find(key);
      if (it == words_.end()) return {};
      return it->second;
    }

   private:
    absl::flat_hash_map<uint32_t, std::vector<std::string_view>> words_;
    CharKeyFilter filter_;  // the keys of `words_`: most misses skip the map
  };

  // Takes the words (already checked) and builds the indexes.
  static WordList Build(std::vector<std::string> words, std::string origin);

  std::string origin_;
  std::unique_ptr<char[]> storage_;  // the words, back to back
  std::vector<std::string_view> words_;
  Index by_first_;
  Index by_last_;
};

}  // namespace kiji::lexicon

#endif  // KIJI_LEXICON_WORD_LISTS_H_
