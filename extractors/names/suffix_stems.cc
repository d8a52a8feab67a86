// Candidate generator: a stem + company suffix at the character level.
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

// Stem + company suffix at the character level, for stems MeCab does not
// read as one proper noun: katakana (サクラ電機), Latin (ABC証券), hiragana
// (ひびき銀行) or a short kanji run (東西銀行) before a suffix of
// `stem_company_suffixes`, optionally chained (信託銀行, 電機ホールディングス,
// 電機HD), and a legal form glued on either side ((株)X銀行, 株式会社X).
// Not after a generic modifier (地方銀行, 大手証券, ネット銀行), not when the
// whole is one dictionary common noun, not when kanji other than a title or
// similar (頭取, 株価, 系) continues the word (銀行員, 証券取引所).
void Run::GenerateSuffixStems() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  auto is_hira = [](char32_t c) { return c >= 0x3041 && c <= 0x3096; };
  // Whether a stem suffix may begin at `pos` (false: none does).
  auto may_begin = [&](size_t pos) {
    return pos < text_.size() && lists_.MayBeginStemSuffix(std::string_view(
                                     text_.data() + pos, text_.size() - pos));
  };
  // Longest suffix beginning at `pos` that ends at a token end, or 0.
  auto suffix_at = [&](size_t pos, bool* weak) -> size_t {
    if (!may_begin(pos)) return 0;
    const std::string_view rest = text_.substr(pos, 16);
    const std::string_view a =
        lists_.stem_company_suffixes.LongestPrefixOf(rest);
    const std::string_view w =
        lists_.stem_company_suffixes_weak.LongestPrefixOf(rest);
    const std::string_view best = a.size() >= w.size() ? a : w;
    if (best.empty()) return 0;
    const size_t last = by_end_.At(static_cast<uint32_t>(pos + best.size()));
    if (last == kNoToken) return 0;
    // At a token boundary, or the tail of an organisation token (日興証券).
    if (by_begin_.At(static_cast<uint32_t>(pos)) == kNoToken &&
        !(doc_->tokens[last].norm_begin < pos && Tok(last).IsOrganization())) {
      return 0;
    }
    *weak = a.size() < w.size();
    return best.size();
  };
  // Start of the run of Latin word characters and & that ends at `end`;
  // `*upper`: whether the run holds a capital.
  auto latin_run_start = [&](size_t end, bool* upper) {
    size_t b = end;
    *upper = false;
    while (b > 0) {
      const size_t p = PrevCharStart(b);
      const char32_t c = CodePointAt(text_, p);
      if (!IsLatinWordChar(c) && c != '&') break;
      if (IsUpper(c)) *upper = true;
      b = p;
    }
    return b;
  };
  auto ends_with = [&](size_t at, std::string_view w) {
    return at >= w.size() && text_.substr(at - w.size(), w.size()) == w;
  };
  std::vector<std::pair<uint32_t, uint32_t>> hiragana_hits;
  std::vector<std::pair<uint32_t, uint32_t>> added;
  // Where a suffix may begin: token begins, and the tails of organisation
  // tokens (日興+証券). Token begins where no suffix can begin (`may_begin`)
  // are left out: suffix_at would find nothing there.
  std::vector<uint32_t> starts;
  for (size_t i = 0; i < toks.size(); ++i) {
    if ((i == 0 || toks[i - 1].norm_begin != toks[i].norm_begin) &&
        may_begin(toks[i].norm_begin)) {
      starts.push_back(toks[i].norm_begin);
    }
    if (Tok(i).IsOrganization()) {
      const std::string_view t = doc_->Surface(toks[i]);
      for (std::string_view w : lists_.stem_company_suffixes.words()) {
        if (t.size() > w.size() && t.substr(t.size() - w.size()) == w) {
          starts.push_back(static_cast<uint32_t>(toks[i].norm_end - w.size()));
          break;
        }
      }
    }
  }
  for (const uint32_t pos : starts) {
    if (pos == 0) continue;
    bool weak = false;
    const size_t len = suffix_at(pos, &weak);
    if (len == 0) continue;
    // Chain: 信託銀行, 電機ホールディングス, 電機HD.
    size_t end = pos + len;
    for (int k = 0; k < 2; ++k) {
      bool w2 = false;
      if (const size_t l2 = suffix_at(end, &w2); l2 > 0) {
        end += l2;
        continue;
      }
      const std::string_view tail =
          lists_.stem_company_tails.LongestPrefixOf(text_.substr(end, 24));
      if (!tail.empty() &&
          !(tail == "HD" && IsLatinWordChar(CodePointAt(text_, end + 2)))) {
        end += tail.size();
      }
      break;
    }
    // The stem.
    size_t b = pos;
    const char32_t prev = CodePointAt(text_, PrevCharStart(pos));
    bool hiragana = false;
    if (IsKatakanaWordChar(prev)) {
      while (b > 0) {
        const size_t p = PrevCharStart(b);
        const char32_t c = CodePointAt(text_, p);
        if (IsKatakanaWordChar(c)) {
          b = p;
          continue;
        }
        if (IsKatakanaSeparator(c) && p > 0 &&
            IsKatakanaWordChar(CodePointAt(text_, PrevCharStart(p)))) {
          b = p;
          continue;
        }
        break;
      }
      const std::string_view stem = text_.substr(b, pos - b);
      if (corpus::CountCodePoints(stem) < 2 ||
          lists_.generic_katakana_stems.Contains(stem) ||
          CodePointAt(stem, 0) == 0x30FC) {
        continue;
      }
      if (weak && KnownCommonNoun(static_cast<uint32_t>(b),
                                  static_cast<uint32_t>(pos))) {
        continue;
      }
      // ロシア石油, アジア電力: a place and an industry, not a name.
      if (KnownProper(static_cast<uint32_t>(b), static_cast<uint32_t>(pos),
                      &tokenizers::TokenView::IsPlace)) {
        continue;
      }
    } else if (IsLatinWordChar(prev) || prev == '&') {
      bool upper = false;
      b = latin_run_start(pos, &upper);
      const std::string_view stem = text_.substr(b, pos - b);
      // AI産業, IT銀行: a field, not a name; a short acronym before a weak
      // suffix is as often one.
      if (!upper || corpus::CountCodePoints(stem) < 2 ||
          lists_.generic_acronyms.Contains(stem) ||
          (weak && corpus::CountCodePoints(stem) <= 3 &&
           ShapeOf(stem) == kAllCaps)) {
        continue;
      }
      // 三菱UFJ銀行: a short kanji name glued before.
      size_t kb = b, kchars = 0;
      while (kb > 0 && IsKanji(CodePointAt(text_, PrevCharStart(kb)))) {
        kb = PrevCharStart(kb);
        ++kchars;
      }
      if (kchars >= 1 && kchars <= 4 &&
          by_begin_.At(static_cast<uint32_t>(kb)) != kNoToken) {
        b = kb;
      }
    } else if (IsKanji(prev)) {
      if (weak) continue;
      size_t chars = 0;
      while (b > 0 && chars <= 4 &&
             IsKanji(CodePointAt(text_, PrevCharStart(b)))) {
        b = PrevCharStart(b);
        ++chars;
      }
      if (chars < 2 || chars > 4) continue;
      const std::string_view stem = text_.substr(b, pos - b);
      if (!lists_.generic_stem_endings.LongestSuffixOf(stem).empty()) continue;
      if (by_begin_.At(static_cast<uint32_t>(b)) == kNoToken) continue;
      // A place alone before a weak reading is left to GenerateKanji; a
      // stem that is itself a suffix word (証券銀行) is no name.
      bool w3 = false;
      if (suffix_at(b, &w3) > 0) continue;
      // SMBC日興証券: an acronym glued before.
      bool upper = false;
      const size_t lb = latin_run_start(b, &upper);
      if (upper && b - lb >= 2) b = lb;
      // ...ニッセイ同和損保: a kanji stem glued to katakana is the middle of
      // a longer name whose start is unknown.
      if (b > 0 && IsKatakanaWordChar(CodePointAt(text_, PrevCharStart(b)))) {
        continue;
      }
    } else if (is_hira(prev)) {
      while (b > 0 && is_hira(CodePointAt(text_, PrevCharStart(b)))) {
        b = PrevCharStart(b);
      }
      const char32_t before =
          b > 0 ? CodePointAt(text_, PrevCharStart(b)) : U'\n';
      bool legal_before_run = false;
      for (std::string_view form : lists_.legal_forms.words()) {
        if (ends_with(b, form)) legal_before_run = true;
      }
      const bool word_before =
          !legal_before_run && (IsKanji(before) || IsKatakanaWordChar(before) ||
                                IsLatinWordChar(before));
      if (word_before) {
        // XとY銀行 / XやY銀行 after another company: drop the particle.
        const char32_t first = CodePointAt(text_, b);
        bool after_company = false;
        for (std::string_view w : {")"}) {
          if (ends_with(b, w)) after_company = true;
        }
        for (std::string_view w : lists_.stem_company_suffixes.words()) {
          if (ends_with(b, w)) after_company = true;
        }
        if (!((first == U'と' || first == U'や') && after_company)) continue;
        b += 3;
      }
      const std::string_view stem = text_.substr(b, pos - b);
      const char32_t last = CodePointAt(text_, PrevCharStart(pos));
      // After a legal form ((株)かえで信託) any ending will do.
      bool legal_before = false;
      for (std::string_view form : lists_.legal_forms.words()) {
        if (ends_with(b, form)) legal_before = true;
      }
      if (corpus::CountCodePoints(stem) < 3 ||
          lists_.hiragana_non_stems.Contains(stem) ||
          (!legal_before &&
           std::u32string_view(U"のがはをにでともへやなるただてか")
                   .find(last) != std::u32string_view::npos)) {
        continue;
      }
      hiragana = true;
    } else {
      continue;
    }
    // Legal forms glued on either side.
    for (std::string_view form : lists_.legal_forms.words()) {
      if (ends_with(b, form)) {
        b -= form.size();
        break;
      }
    }
    for (std::string_view form : lists_.legal_forms.words()) {
      if (text_.substr(end, form.size()) == form) {
        end += form.size();
        break;
      }
    }
    // The name ends here: no word goes on.
    const std::string_view after = After(static_cast<uint32_t>(end));
    const char32_t next = CodePointAt(text_, end);
    if (IsKatakanaWordChar(next) || IsLatinWordChar(next)) continue;
    if (IsKanji(next) &&
        lists_.after_company_kanji.LongestPrefixOf(after).empty() &&
        lists_.titles_after.LongestPrefixOf(after).empty()) {
      continue;
    }
    if (KnownCommonNoun(static_cast<uint32_t>(b), static_cast<uint32_t>(end))) {
      continue;
    }
    Candidate c;
    c.kind = Kind::kKanjiOrg;
    c.begin = static_cast<uint32_t>(b);
    c.end = static_cast<uint32_t>(end);
    EntityType type = EntityType::kCompany;
    if (const GazetteerEntry* g = Gaz(Surface(c))) {
      if (g->type == GazetteerType::kNotEntity) continue;
      if (g->type == GazetteerType::kOrg) type = EntityType::kOrg;
    }
    SetType(c, type, 3, "suffix");
    if (hiragana) hiragana_hits.emplace_back(c.begin, c.end);
    added.emplace_back(c.begin, c.end);
    AddCandidate(std::move(c));
  }
  // A hiragana name found once is a name wherever it recurs
  // (地盤とするひびき銀行, where the stem runs into a verb).
  absl::flat_hash_set<std::string_view> surfaces;
  for (const auto& [b, e] : hiragana_hits) {
    std::string_view s = text_.substr(b, e - b);
    for (std::string_view form : lists_.legal_forms.words()) {
      if (s.substr(0, form.size()) == form) s.remove_prefix(form.size());
    }
    surfaces.insert(s);
  }
  for (std::string_view s : surfaces) {
    for (size_t p = text_.find(s); p != std::string_view::npos;
         p = text_.find(s, p + s.size())) {
      const uint32_t b = static_cast<uint32_t>(p);
      const uint32_t e = static_cast<uint32_t>(p + s.size());
      bool seen = false;
      for (const auto& [ab, ae] : added) {
        if (ab <= b && ae >= e) seen = true;
      }
      if (seen) continue;
      const char32_t next = CodePointAt(text_, e);
      if (IsKatakanaWordChar(next) || IsLatinWordChar(next) ||
          (IsKanji(next) &&
           lists_.after_company_kanji.LongestPrefixOf(After(e)).empty() &&
           lists_.titles_after.LongestPrefixOf(After(e)).empty())) {
        continue;
      }
      AddTyped(Kind::kKanjiOrg, b, e, EntityType::kCompany, 3, "suffix");
    }
  }
}

}  // namespace kiji::extractors::names
