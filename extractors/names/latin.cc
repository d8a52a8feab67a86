// Candidate generator: spans of Latin words, split at stop words, titles
// and possessives.
#include <string>
#include <utility>
#include <vector>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

void Run::GenerateLatin() {
  // Words first.
  std::vector<Word> words;
  size_t i = 0;
  while (i < text_.size()) {
    // DecodeAt reads a whole E1..EF sequence as U+1000 or above, no Latin
    // letter: skipped undecoded (most of Japanese text).
    const unsigned char lead = static_cast<unsigned char>(text_[i]);
    if (lead >= 0xE1 && lead < 0xF0 && i + 3 <= text_.size()) {
      i += 3;
      continue;
    }
    size_t len = 0;
    const char32_t c = DecodeAt(text_, i, &len);
    if (!IsLatinWordChar(c)) {
      i += len;
      continue;
    }
    size_t j = i + len;
    while (j < text_.size()) {
      size_t l = 0;
      const char32_t d = DecodeAt(text_, j, &l);
      if (IsLatinWordChar(d)) {
        j += l;
        continue;
      }
      // A possessive ends the word (Berg's coach), unless the whole is a
      // listed name (McDonald's).
      if ((d == '\'' || d == 0x2019) && !japanese_ && j + l < text_.size() &&
          text_[j + l] == 's' &&
          !IsLatinWordChar(CodePointAt(text_, j + l + 1)) &&
          Gaz(text_.substr(i, j + l + 1 - i)) == nullptr) {
        break;
      }
      // Inner marks: X-2b, D'Arcy, S.A, AT&T.
      if ((d == '-' || d == '\'' || d == '.' || d == '&' || d == 0x2019) &&
          j + l < text_.size() && IsLatinWordChar(CodePointAt(text_, j + l))) {
        j += l;
        continue;
      }
      break;
    }
    // Trailing dot of an abbreviation: Inc. Corp. Mr.
    if (j < text_.size() && text_[j] == '.') {
      const std::string_view w = text_.substr(i, j - i + 1);
      if (lists_.latin_company_words.Contains(w) ||
          lists_.latin_person_titles.Contains(w) || w == "S.A." ||
          w == "N.V." || w == "K.K.") {
        ++j;
      }
    }
    words.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
    i = j;
  }

  auto name_like = [&](const Word& w, bool continuing) {
    const std::string_view s = Part(w);
    const WordShape shape = ShapeOf(s);
    if (shape == kCapitalised || shape == kAllCaps || shape == kMixedCase) {
      return true;
    }
    // Versions inside a name: Orbit 3.5 Pro.
    if (continuing && shape == kNumeric && s.find('.') != std::string::npos) {
      return true;
    }
    return false;
  };

  size_t k = 0;
  while (k < words.size()) {
    if (consumed_[words[k].begin] || !name_like(words[k], false)) {
      ++k;
      continue;
    }
    Candidate cand;
    cand.kind = Kind::kLatin;
    cand.parts.push_back(words[k]);
    size_t m = k + 1;
    bool and_org = false;
    while (m < words.size()) {
      const Word& prev = cand.parts.back();
      const Word& w = words[m];
      if (consumed_[w.begin]) break;
      // "Ricoh Company, Ltd.", "Broadcasting Co., Ltd.": a legal form
      // after a comma is the name's (after a name word, or after Co.).
      const std::string_view between =
          text_.substr(prev.end, w.begin - prev.end);
      const std::string_view ps = Part(prev);
      if ((between == ", " || between == ",") &&
          lists_.latin_legal_forms.Contains(Part(w)) &&
          (!lists_.latin_legal_forms.Contains(ps) || ps == "Co." ||
           ps == "CO.")) {
        cand.parts.push_back(w);
        ++m;
        continue;
      }
      // "Acme Corp. Raman told": a word ending in '.' ends the span.
      if (text_[prev.end - 1] == '.') break;
      if (!(w.begin == prev.end + 1 && text_[prev.end] == ' ')) break;
      const std::string_view ws = Part(w);
      // "University of Tokyo", "Bank of America".
      if ((ws == "of" || ws == "de" || ws == "for") &&
          (lists_.latin_org_words.Contains(Part(prev)) ||
           lists_.latin_company_words.Contains(Part(prev))) &&
          m + 1 < words.size() && words[m + 1].begin == w.end + 1 &&
          name_like(words[m + 1], false)) {
        cand.parts.push_back(w);
        ++m;
        continue;
      }
      if (ws == "and" && !japanese_ && AndInsideOrgName(words, cand, m)) {
        cand.parts.push_back(w);
        ++m;
        and_org = true;
        continue;
      }
      if (!name_like(w, true)) break;
      cand.parts.push_back(w);
      ++m;
    }
    k = m;
    const size_t pieces_from = cands_.size();
    // "Anna Berg XR-2": a personal name followed by a non-name word.
    if (cand.parts.size() >= 3) {
      size_t person_prefix = 0;
      while (
          person_prefix < cand.parts.size() &&
          PersonShaped(Part(cand.parts[person_prefix])) &&
          !lists_.latin_company_words.Contains(
              Part(cand.parts[person_prefix])) &&
          !lists_.latin_org_words.Contains(Part(cand.parts[person_prefix]))) {
        ++person_prefix;
      }
      if (person_prefix >= 2 && person_prefix <= 3 &&
          person_prefix < cand.parts.size() && !and_org) {
        const std::string_view next = Part(cand.parts[person_prefix]);
        if (!PersonShaped(next) && !lists_.latin_company_words.Contains(next) &&
            !lists_.latin_org_words.Contains(next)) {
          Candidate rest;
          rest.kind = Kind::kLatin;
          rest.parts.assign(
              cand.parts.begin() + static_cast<long>(person_prefix),
              cand.parts.end());
          rest.begin = rest.parts.front().begin;
          rest.end = rest.parts.back().end;
          AddCandidate(std::move(rest));
          cand.parts.resize(person_prefix);
        }
      }
    }
    // Split at stop words; strip English titles and remember them.
    std::vector<Word> current;
    bool title = false;
    auto flush = [&]() {
      if (!current.empty() && !DateWordsBeforeDay(current)) {
        Candidate piece;
        piece.kind = Kind::kLatin;
        piece.begin = current.front().begin;
        piece.end = current.back().end;
        piece.parts = std::move(current);
        piece.left_title = title;
        AddCandidate(std::move(piece));
      }
      current.clear();
      title = false;
    };
    for (size_t p = 0; p < cand.parts.size(); ++p) {
      const Word& w = cand.parts[p];
      const std::string_view ws = Part(w);
      // "FTC Chair Lina Marsh", "QRS Chairman X": an acronym alone right
      // before a chair is the body chaired, an organisation; the gazetteer
      // types a known one (IBM Chairman), and countries and fields are none.
      auto chaired = [&]() {
        if (current.size() != 1 || ws.substr(0, 5) != "Chair" ||
            p + 1 >= cand.parts.size() ||
            !PersonShaped(Part(cand.parts[p + 1]))) {
          return;
        }
        const std::string_view a = Part(current[0]);
        if (ShapeOf(a) != kAllCaps || a.size() < 3 || a.size() > 6 ||
            lists_.generic_acronyms.Contains(a) || Gaz(a) != nullptr ||
            (LatinTags(a) & lexicon::kPlace) != 0) {
          return;
        }
        AddTyped(Kind::kLatin, current[0].begin, current[0].end,
                 EntityType::kOrg, 2, "title_after");
        cands_.back().parts = std::move(current);
        current.clear();
      };
      // A month name that ends the span after a known given name is a
      // surname (Theresa May), unless a day number follows (June 5).
      const bool month_surname =
          p > 0 && p + 1 == cand.parts.size() && !current.empty() &&
          lists_.english_date_words.Contains(ws) &&
          (LatinTags(Part(current.back())) & lexicon::kGiven) != 0 &&
          !DateWordsBeforeDay({w});
      if (lists_.latin_stop_words.Contains(ws) && !japanese_ &&
          !month_surname) {
        chaired();
        flush();
        title = lists_.latin_person_titles.Contains(ws);
        continue;
      }
      if (lists_.latin_person_titles.Contains(ws) && current.empty() &&
          ShapeOf(ws) != kAllCaps) {
        title = true;
        continue;
      }
      // Titles of office before a name (Mayor, Chief Executive, Bank
      // Governor): not part of it, whatever comes before them; only when a
      // name-shaped word that is no title follows (Mike Judge stays whole).
      if (!japanese_ && lists_.latin_office_titles.Contains(ws)) {
        size_t q = p + 1;
        while (q < cand.parts.size() &&
               lists_.latin_office_titles.Contains(Part(cand.parts[q]))) {
          ++q;
        }
        if (q < cand.parts.size() && PersonShaped(Part(cand.parts[q])) &&
            !lists_.latin_stop_words.Contains(Part(cand.parts[q])) &&
            !lists_.latin_company_words.Contains(Part(cand.parts[q])) &&
            !lists_.latin_org_words.Contains(Part(cand.parts[q])) &&
            !lists_.latin_non_name_words.Contains(Part(cand.parts[q]))) {
          chaired();
          flush();
          title = true;
          p = q - 1;
          continue;
        }
      }
      current.push_back(w);
      // "Sweden's Erik Berg": a possessive ends the name before it.
      if (!japanese_ && &w != &cand.parts.back() && ws.size() > 2 &&
          (ws.substr(ws.size() - 2) == "'s" ||
           (ws.size() > 4 && ws.substr(ws.size() - 4) == "\xE2\x80\x99s"))) {
        flush();
      }
    }
    flush();
    // The piece that holds the "and" and ends in the head word is the
    // organisation; a piece cut before the head is no name.
    if (and_org) {
      for (size_t c = pieces_from; c < cands_.size(); ++c) {
        Candidate& piece = cands_[c];
        bool has_and = false;
        for (const Word& pw : piece.parts) has_and |= Part(pw) == "and";
        if (!has_and || piece.type) continue;
        if (lists_.latin_and_org_heads.Contains(Part(piece.parts.back()))) {
          SetType(piece, EntityType::kOrg, 3, "suffix");
        } else {
          piece.person_vetoed = piece.company_vetoed = true;
        }
      }
    }
  }
}

// Whether words[m] ("and") joins two halves of one organisation name: up to
// three capitalised words after it reach a head word (`latin_and_org_heads`),
// and the words before it in `cand` (after a possessive: Britain's) are one
// to three capitalised words (of/for between them) that are no known name
// and do not end in an organisation word themselves. "Barclays and HSBC",
// "Google and Apple", "the FTC and the European Commission" and
// "Commerce Committee and Budget Office" stay apart.
bool Run::AndInsideOrgName(const std::vector<Word>& words,
                           const Candidate& cand, size_t m) const {
  size_t left = cand.parts.size();
  while (left > 0) {
    const std::string_view lw = Part(cand.parts[left - 1]);
    if (lw.size() > 2 &&
        (lw.substr(lw.size() - 2) == "'s" ||
         (lw.size() > 4 && lw.substr(lw.size() - 4) == "\xE2\x80\x99s"))) {
      break;
    }
    --left;
  }
  // Anchored: after a possessive, after "the", or an organisation word
  // first (Department of Health and ...); "Acme and Energy Department
  // officials" is two names.
  bool anchored = left > 0;
  if (left < cand.parts.size() && (Part(cand.parts[left]) == "The")) {
    ++left;
    anchored = true;
  }
  if (!anchored && left == 0) {
    const uint32_t b = cand.parts[0].begin;
    const std::string_view before = text_.substr(0, b);
    anchored = before.ends_with("the ") || before.ends_with("'s ") ||
               before.ends_with("\xE2\x80\x99s ");
  }
  const size_t left_words = cand.parts.size() - left;
  if (left_words == 0 || left_words > 4) return false;
  anchored =
      anchored || lists_.latin_org_words.Contains(Part(cand.parts[left]));
  if (!anchored) return false;
  for (size_t i = left; i < cand.parts.size(); ++i) {
    const std::string_view lw = Part(cand.parts[i]);
    if (lw == "of" || lw == "for") continue;
    if (ShapeOf(lw) != kCapitalised) return false;
  }
  const std::string_view last = Part(cand.parts.back());
  if (lists_.latin_org_words.Contains(last) ||
      lists_.latin_and_org_heads.Contains(last) ||
      lists_.latin_company_words.Contains(last)) {
    return false;
  }
  const uint32_t lb = cand.parts[left].begin;
  if (Gaz(text_.substr(lb, last.data() + last.size() - text_.data() - lb)) !=
      nullptr) {
    return false;
  }
  if (left_words == 1 &&
      (LatinTags(last) & (lexicon::kCompany | lexicon::kOrg | lexicon::kPlace |
                          lexicon::kProduct | lexicon::kGiven)) != 0) {
    return false;
  }
  uint32_t prev_end = words[m].end;
  for (size_t q = m + 1; q < words.size() && q <= m + 3; ++q) {
    const Word& w = words[q];
    if (w.begin != prev_end + 1 || text_[prev_end] != ' ') return false;
    const std::string_view ws = Part(w);
    if (ShapeOf(ws) != kCapitalised) return false;
    if (lists_.latin_and_org_heads.Contains(ws)) return true;
    prev_end = w.end;
  }
  return false;
}

// `words` are month or weekday names (`english_date_words`) and a day number
// follows them, after an abbreviation's dot and a comma (Dec. 3, May 3,
// Sept. 12, 2026), or another such name does (Monday, January 5).
bool Run::DateWordsBeforeDay(const std::vector<Word>& words) const {
  for (const Word& w : words) {
    if (!lists_.english_date_words.Contains(Part(w))) return false;
  }
  size_t p = words.back().end;
  if (p < text_.size() && text_[p] == '.') ++p;
  if (p < text_.size() && text_[p] == ',') ++p;
  const size_t spaced = p;
  while (p < text_.size() && text_[p] == ' ') ++p;
  if (p == spaced || p >= text_.size()) return false;
  if (text_[p] >= '0' && text_[p] <= '9') return true;
  size_t q = p;
  while (q < text_.size() &&
         IsAsciiAlpha(static_cast<unsigned char>(text_[q]))) {
    ++q;
  }
  return q > p && lists_.english_date_words.Contains(text_.substr(p, q - p));
}

}  // namespace kiji::extractors::names
