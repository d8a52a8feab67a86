// Candidate generator: katakana runs (parts joined by ・/=), and katakana
// glued to a Latin word.
#include <utility>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

// Maximal katakana sequences with ・/= between parts; katakana glued to a
// following Latin word (ネクサスAI) is one candidate.
void Run::GenerateKatakana() {
  consumed_.assign(text_.size() + 1, false);
  size_t i = 0;
  while (i < text_.size()) {
    // Katakana letters are E3 xx xx; DecodeAt reads E0..E2 and E4..EF
    // sequences as other code points, so those are skipped undecoded.
    const unsigned char lead = static_cast<unsigned char>(text_[i]);
    if ((lead >= 0xE0 && lead < 0xF0 && lead != 0xE3) &&
        i + 3 <= text_.size()) {
      i += 3;
      continue;
    }
    size_t len = 0;
    const char32_t c = DecodeAt(text_, i, &len);
    if (!IsKatakanaWordChar(c) || c == 0x30FC) {
      i += len;
      continue;
    }
    Candidate cand;
    cand.kind = Kind::kKatakana;
    cand.begin = static_cast<uint32_t>(i);
    size_t j = i;
    size_t part_begin = i;
    while (j < text_.size()) {
      size_t l = 0;
      const char32_t d = DecodeAt(text_, j, &l);
      if (IsKatakanaWordChar(d)) {
        j += l;
        continue;
      }
      if (IsKatakanaSeparator(d) && j + l < text_.size()) {
        size_t l2 = 0;
        const char32_t e = DecodeAt(text_, j + l, &l2);
        if (IsKatakanaWordChar(e) && e != 0x30FC) {
          cand.parts.push_back(
              {static_cast<uint32_t>(part_begin), static_cast<uint32_t>(j)});
          j += l;
          part_begin = j;
          continue;
        }
      }
      break;
    }
    cand.parts.push_back(
        {static_cast<uint32_t>(part_begin), static_cast<uint32_t>(j)});
    cand.end = static_cast<uint32_t>(j);
    // Glued Latin word: ネクサスAI.
    if (j < text_.size() && IsLatinWordChar(CodePointAt(text_, j)) &&
        cand.parts.size() == 1 &&
        lists_.titles_after.LongestPrefixOf(text_.substr(j, 8)).empty() &&
        lists_.honorifics.LongestPrefixOf(text_.substr(j, 8)).empty()) {
      size_t k = j;
      while (k < text_.size()) {
        size_t l = 0;
        if (!IsLatinWordChar(DecodeAt(text_, k, &l))) break;
        k += l;
      }
      cand.kind = Kind::kMixed;
      cand.parts.push_back(
          {static_cast<uint32_t>(j), static_cast<uint32_t>(k)});
      cand.end = static_cast<uint32_t>(k);
    }
    for (size_t b = cand.begin; b < cand.end; ++b) consumed_[b] = true;
    i = cand.end;
    AddCandidate(std::move(cand));
  }
}

}  // namespace kiji::extractors::names
