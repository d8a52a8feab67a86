// Candidate generators: compounds MeCab reads as common nouns (industry,
// organisation and group compounds) and names glued across scripts.
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

// Kanji compounds ending in industry words that MeCab reads as common
// nouns (鴻+海+精密+工業, 楽天+グループ, 台湾+積+体+電路+製造): a company
// only with context right after it, "(ACRONYM)" or "の" + a name + a
// corporate title (XのNAME会長). A country name at the start is part of
// the name, a one-kanji country abbreviation is not; the stem before the
// industry words has 2+ characters and is no generic modifier.
void Run::GenerateIndustryCompounds() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  // A stem token: kanji of any part of speech (MeCab reads unknown names
  // as adverbs or prefixes too: 極+星), not a numeral or pronoun.
  auto noun = [&](size_t i) {
    const tokenizers::TokenView f = Tok(i);
    return !f.IsNumeral() && !f.IsPronoun() && !f.IsDependent() &&
           !f.IsParticle() && !f.IsAuxiliaryVerb() && Tok(i).AllKanji();
  };
  for (size_t i = 1; i < n; ++i) {
    const std::string_view s = doc_->Surface(toks[i]);
    if (!lists_.industry_endings.Contains(s)) continue;
    // The name ends here (not 工業団地, 製造業).
    const uint32_t end = toks[i].norm_end;
    if (i + 1 < n && toks[i + 1].norm_begin == end &&
        lists_.industry_endings.Contains(doc_->Surface(toks[i + 1]))) {
      continue;
    }
    const char32_t next = CodePointAt(text_, end);
    if (IsKatakanaWordChar(next) || IsLatinWordChar(next) ||
        (IsKanji(next) &&
         lists_.after_company_kanji.LongestPrefixOf(After(end)).empty())) {
      continue;
    }
    // Context first: most industry words have none.
    const std::string_view after = After(end);
    bool context = AcronymGlossAt(end) != 0;
    if (!context && after.substr(0, 3) == "の") {
      size_t k = 3;
      size_t chars = 0;
      while (k < after.size() && chars < 8) {
        const char32_t d = CodePointAt(after, k);
        if (!IsKanji(d) && !IsKatakanaWordChar(d) && !IsKatakanaSeparator(d)) {
          break;
        }
        k += CharLength(end + k);
        ++chars;
        if (chars >= 2 &&
            !lists_.corporate_titles.LongestPrefixOf(after.substr(k)).empty()) {
          context = true;
          break;
        }
      }
    }
    if (!context) continue;
    // The industry words, then the stem back to the start of the kanji run.
    size_t stem_last = i;
    while (
        stem_last > 0 &&
        toks[stem_last - 1].norm_end == toks[stem_last].norm_begin &&
        lists_.industry_endings.Contains(doc_->Surface(toks[stem_last - 1]))) {
      --stem_last;
    }
    if (stem_last == 0) continue;
    --stem_last;  // the last stem token
    size_t first = stem_last;
    while (first > 0 && stem_last - first < 5 &&
           toks[first - 1].norm_end == toks[first].norm_begin &&
           noun(first - 1)) {
      --first;
    }
    if (!noun(stem_last) || !noun(first)) continue;
    const uint32_t run_begin = toks[first].norm_begin;
    if (run_begin > 0 &&
        (IsKanji(CodePointAt(text_, PrevCharStart(run_begin))) ||
         IsKatakanaWordChar(CodePointAt(text_, PrevCharStart(run_begin))))) {
      continue;
    }
    // A country name is part of an all-kanji name (台湾積体電路製造, as
    // 中国工商銀行); a one-character abbreviation (米, 韓) is the news
    // prefix for a foreign company, no part of it.
    if (first < stem_last && CountryAbbreviation(first)) ++first;
    const uint32_t b = toks[first].norm_begin;
    const uint32_t stem_end = toks[stem_last].norm_end;
    const std::string_view stem = text_.substr(b, stem_end - b);
    const std::string_view head = doc_->Surface(toks[first]);
    const GazetteerEntry* g = Gaz(text_.substr(b, end - b));
    if (corpus::CountCodePoints(stem) < 2 ||
        !lists_.generic_stem_endings.LongestSuffixOf(stem).empty() ||
        KnownProper(b, stem_end, &tokenizers::TokenView::IsPlace) ||
        lists_.title_prefixes.Contains(head) ||
        lists_.non_name_prefixes.Contains(head) ||
        (g != nullptr && g->type == GazetteerType::kNotEntity)) {
      continue;
    }
    AddTyped(Kind::kKanjiOrg, b, end, EntityType::kCompany, 2, "context");
  }
}

// A kanji compound of nouns ending in an organisation head word, glossed by
// an acronym in parentheses, is an organisation (世界保健機関(WHO),
// 欧州連合(EU)); so is one that begins with a place name of two or more
// characters and ends in a head of `place_org_heads` before a particle
// (欧州委員会は, 東京都選挙管理委員会が; not 第三者委員会, 実行委員会). The
// whole kanji run is the name: a run glued to more kanji or to a suffix the
// walk stops at (政府+系+金融機関) is not taken; a one-kanji country
// abbreviation first (米) is the news prefix. The stem before the head needs
// two tokens or a proper noun, not all of them generic modifiers (金融機関(FI),
// 国際金融機関, 同委員会 are no names).
void Run::GenerateOrgCompounds() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  constexpr size_t kMaxTokens = 7;
  for (size_t i = 1; i < n; ++i) {
    const uint32_t end = toks[i].norm_begin;
    if (end >= text_.size() || toks[i - 1].norm_end != end) continue;
    // Either an acronym of 2-6 capitals in parentheses, or a particle after
    // a place's organisation (place_head).
    const bool place_head = text_[end] != '(';
    if (place_head ? !Tok(i).IsParticle() : AcronymGlossAt(end) == 0) {
      continue;
    }
    const std::string_view head =
        place_head
            ? lists_.place_org_heads.LongestSuffixOf(text_.substr(0, end))
            : lists_.org_compound_heads.LongestSuffixOf(text_.substr(0, end));
    if (head.empty()) continue;
    const uint32_t head_begin = end - static_cast<uint32_t>(head.size());
    if (by_begin_.At(head_begin) == kNoToken) continue;
    auto noun = [&](size_t t) {
      const tokenizers::TokenView f = Tok(t);
      if (!f.IsNoun() || f.IsNumeral() || f.IsPronoun() || f.IsDependent() ||
          (f.IsSuffix() && !f.IsPlace())) {
        return false;
      }
      return Tok(t).AllKanji() || Tok(t).AllKatakana();
    };
    // Tokens of the head must be nouns too (委員+会: 会 is a suffix).
    size_t first = i;
    bool whole = false;
    while (first > 0 && i - first < kMaxTokens) {
      const size_t t = first - 1;
      if (toks[t].norm_end != (first == i ? end : toks[first].norm_begin)) {
        break;
      }
      if (!noun(t) && toks[t].norm_begin < head_begin) break;
      first = t;
      const uint32_t b = toks[t].norm_begin;
      const char32_t prev = b > 0 ? CodePointAt(text_, PrevCharStart(b)) : 0;
      if (b < head_begin && !IsKanji(prev) && !IsKatakanaWordChar(prev)) {
        whole = true;
        break;
      }
    }
    if (!whole || !Tok(first).AllKanji()) continue;
    if (toks[first].norm_end < head_begin && CountryAbbreviation(first)) {
      ++first;
    }
    const std::string_view lead = doc_->Surface(toks[first]);
    if (lists_.title_prefixes.Contains(lead) ||
        lists_.non_name_prefixes.Contains(lead)) {
      continue;
    }
    if (place_head &&
        !(Tok(first).known() && Tok(first).IsPlace() &&
          Tok(first).IsProperNoun() && corpus::CountCodePoints(lead) >= 2)) {
      continue;
    }
    size_t stem_tokens = 0;
    bool proper = false;
    bool all_generic = true;
    for (size_t t = first; toks[t].norm_begin < head_begin; ++t) {
      ++stem_tokens;
      if (Tok(t).known() && Tok(t).IsProperNoun()) proper = true;
      if (!lists_.generic_stem_endings.Contains(doc_->Surface(toks[t]))) {
        all_generic = false;
      }
    }
    if ((stem_tokens < 2 && !proper) || all_generic) continue;
    const uint32_t b = toks[first].norm_begin;
    const GazetteerEntry* g = Gaz(text_.substr(b, end - b));
    if (g != nullptr && g->type == GazetteerType::kNotEntity) continue;
    AddTyped(Kind::kKanjiOrg, b, end, EntityType::kOrg, 2, "compound");
  }
}

// A kanji stem MeCab reads as common nouns + a group suffix
// (北斗+化成+ホールディングス, X電子HD): a company when the stem ends in an
// industry word after a head of 2+ characters that is no generic modifier,
// or holds a proper noun (other than a person or place before グループ,
// which also follows descriptions: 半導体製造グループ needs a head that is
// a proper noun or an ENAMDICT name). The stem alone later in the
// document, a word of its own before a particle or punctuation (北斗化成に
// とって), is that company, an alias of its first full mention.
void Run::GenerateGroupCompounds() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  auto noun = [&](size_t i) {
    const tokenizers::TokenView f = Tok(i);
    return f.IsNoun() && !f.IsNumeral() && !f.IsPronoun() && !f.IsDependent() &&
           Tok(i).AllKanji();
  };
  auto word_start = [&](uint32_t b) {
    if (b == 0) return true;
    const char32_t c = CodePointAt(text_, PrevCharStart(b));
    return !IsKanji(c) && !IsKatakanaWordChar(c) && !IsLatinWordChar(c);
  };
  constexpr size_t kSeveral = static_cast<size_t>(-1);
  // Stem -> candidate of its first full name (kSeveral: more than one).
  absl::flat_hash_map<std::string_view, size_t> stems;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t stem_end = toks[i].norm_end;
    // Every group suffix begins with ホ, グ (E3 83 9B, E3 82 B0) or H.
    if (stem_end + 2 > text_.size()) continue;
    const unsigned char c0 = static_cast<unsigned char>(text_[stem_end]);
    if (c0 != 'H' &&
        !(c0 == 0xE3 && stem_end + 3 <= text_.size() &&
          ((text_[stem_end + 1] == '\x83' && text_[stem_end + 2] == '\x9B') ||
           (text_[stem_end + 1] == '\x82' && text_[stem_end + 2] == '\xB0')))) {
      continue;
    }
    const std::string_view suffix =
        lists_.group_suffixes.LongestPrefixOf(text_.substr(stem_end, 24));
    if (suffix.empty() || !noun(i)) continue;
    const uint32_t end = static_cast<uint32_t>(stem_end + suffix.size());
    if (by_end_.At(end) == kNoToken) continue;
    // The name ends here (not グループ会社, HDD).
    const std::string_view after = After(end);
    const char32_t next = CodePointAt(text_, end);
    if (IsKatakanaWordChar(next) || IsLatinWordChar(next) ||
        (IsKanji(next) &&
         lists_.after_company_kanji.LongestPrefixOf(after).empty() &&
         lists_.titles_after.LongestPrefixOf(after).empty())) {
      continue;
    }
    size_t first = i;
    while (first > 0 && i - first < 3 &&
           toks[first - 1].norm_end == toks[first].norm_begin &&
           noun(first - 1)) {
      --first;
    }
    if (!word_start(toks[first].norm_begin)) continue;
    // 米+X: the news prefix of a foreign company.
    if (first < i && CountryAbbreviation(first)) ++first;
    const bool group = suffix == "グループ";
    bool proper = false;
    for (size_t k = first; k <= i; ++k) {
      const tokenizers::TokenView f = Tok(k);
      if (f.known() && f.IsProperNoun() &&
          !(group && (f.IsPersonName() || f.IsPlace()))) {
        proper = true;
      }
    }
    const uint32_t b = toks[first].norm_begin;
    bool company = proper;
    if (!company && first < i &&
        lists_.group_stem_industry_words.Contains(doc_->Surface(toks[i]))) {
      const std::string_view head = text_.substr(b, toks[i].norm_begin - b);
      company =
          corpus::CountCodePoints(head) >= 2 &&
          lists_.generic_stem_endings.LongestSuffixOf(head).empty() &&
          !lists_.group_stem_industry_words.Contains(head) &&
          !lists_.title_prefixes.Contains(doc_->Surface(toks[first])) &&
          !lists_.non_name_prefixes.Contains(doc_->Surface(toks[first])) &&
          (!group || NameTags(head) != 0);
    }
    if (!company || KnownCommonNoun(b, end)) continue;
    if (const GazetteerEntry* g = Gaz(text_.substr(b, end - b));
        g != nullptr && g->type == GazetteerType::kNotEntity) {
      continue;
    }
    const size_t index = cands_.size();
    AddTyped(Kind::kKanjiOrg, b, end, EntityType::kCompany, 3, "suffix");
    // Stems of one token are words or names on their own (北斗, 名古屋).
    if (first < i) {
      const std::string_view stem = text_.substr(b, stem_end - b);
      const auto [it, added] = stems.emplace(stem, index);
      if (!added && it->second != kSeveral &&
          Surface(cands_[it->second]) != Surface(cands_.back())) {
        it->second = kSeveral;
      }
    }
  }
  for (const auto& [stem, full] : stems) {
    const uint32_t from = full == kSeveral ? 0 : cands_[full].end;
    for (size_t p = text_.find(stem, from); p != std::string_view::npos;
         p = text_.find(stem, p + stem.size())) {
      const uint32_t b = static_cast<uint32_t>(p);
      const uint32_t e = static_cast<uint32_t>(p + stem.size());
      if (by_begin_.At(b) == kNoToken || !word_start(b)) continue;
      const size_t t = by_begin_.At(e);
      if (t == kNoToken || by_end_.At(e) == kNoToken) continue;
      if (!Tok(t).IsParticle() && !Tok(t).IsSymbol()) continue;
      Candidate c;
      c.kind = Kind::kKanjiOrg;
      c.begin = b;
      c.end = e;
      SetType(c, EntityType::kCompany, 2, "alias");
      if (full != kSeveral) c.alias_of = full;
      AddCandidate(std::move(c));
    }
  }
}

// Names glued across scripts: an acronym or a kanji name before a katakana
// company word (IDCジャパン, 野村キャピタル・パートナーズ), and a company
// acronym before a region (JR西日本).
void Run::GenerateGlued() {
  std::vector<Candidate> more;
  for (const Candidate& k : cands_) {
    if (k.kind != Kind::kKatakana || k.begin == 0) continue;
    const std::string_view first_part = Part(k.parts[0]);
    const std::string_view last_part = Part(k.parts.back());
    // UFJフィナンシャル・グループ: a katakana company name whose last part
    // is a corporate suffix also takes an acronym glued before it.
    const bool glued_tail = lists_.glued_company_tails.Contains(first_part);
    const bool suffix_tail =
        k.parts.size() >= 2 &&
        lists_.katakana_company_suffixes.Contains(last_part);
    const char32_t prev = CodePointAt(text_, PrevCharStart(k.begin));
    if (!glued_tail && !(suffix_tail || IsLatinWordChar(prev))) continue;
    uint32_t b = k.begin;
    bool by_country = false;
    if (IsLatinWordChar(prev)) {
      bool upper = true;
      size_t chars = 0;
      while (b > 0 && IsLatinWordChar(CodePointAt(text_, PrevCharStart(b)))) {
        b = static_cast<uint32_t>(PrevCharStart(b));
        if (!IsUpper(CodePointAt(text_, b)) &&
            !(CodePointAt(text_, b) >= '0' && CodePointAt(text_, b) <= '9')) {
          upper = false;
        }
        ++chars;
      }
      if (!upper || chars < 2 || chars > 6) continue;
      if (lists_.generic_acronyms.Contains(text_.substr(b, k.begin - b)))
        continue;
      // 三菱UFJ...: an organisation token glued before the acronym.
      if (const size_t t = by_end_.At(b); t != kNoToken && Tok(t).AllKanji() &&
                                          Tok(t).known() &&
                                          Tok(t).IsOrganization()) {
        const uint32_t tb = doc_->tokens[t].norm_begin;
        if (tb == 0 || !IsKanji(CodePointAt(text_, PrevCharStart(tb)))) {
          b = tb;
        }
      }
      // 米USスチール: any katakana word after an acronym, when a country
      // prefix says a foreign company is named.
      if (!glued_tail && !suffix_tail) {
        Candidate probe;
        probe.kind = Kind::kMixed;
        probe.begin = b;
        probe.end = k.end;
        if (!CountryPrefixBefore(probe)) continue;
        by_country = true;
      }
    } else if (!glued_tail) {
      continue;
    } else if (IsKanji(prev)) {
      const size_t t = by_end_.At(k.begin);
      if (t == kNoToken) continue;
      const tokenizers::TokenView f = Tok(t);
      if (!f.known() || !f.IsProperNoun() || f.IsPlace() ||
          !Tok(t).AllKanji()) {
        continue;
      }
      b = doc_->tokens[t].norm_begin;
      if (b > 0 && IsKanji(CodePointAt(text_, PrevCharStart(b)))) continue;
    } else {
      continue;
    }
    Candidate c;
    c.kind = Kind::kKanjiOrg;
    c.begin = b;
    c.end = k.end;
    if (by_country) {
      SetType(c, EntityType::kCompany, 2, "context");
    } else {
      SetType(c, EntityType::kCompany, 3, "suffix");
    }
    more.push_back(std::move(c));
  }
  // セブン&アイ・ホールディングス: & joins two names into one company
  // name; a company whose first part follows "X&" (X katakana or Latin)
  // begins at X.
  for (const Candidate& k : cands_) {
    if (k.kind != Kind::kKatakana || k.begin < 2 || k.parts.size() < 2 ||
        !lists_.katakana_company_suffixes.Contains(Part(k.parts.back())) ||
        text_[k.begin - 1] != '&') {
      continue;
    }
    uint32_t b = k.begin - 1;
    const char32_t joined = b > 0 ? CodePointAt(text_, PrevCharStart(b)) : 0;
    const bool katakana = IsKatakanaWordChar(joined);
    while (b > 0) {
      const char32_t d = CodePointAt(text_, PrevCharStart(b));
      if (katakana ? !IsKatakanaWordChar(d) : !IsLatinWordChar(d)) break;
      b = static_cast<uint32_t>(PrevCharStart(b));
    }
    if (b + 1 == k.begin || (!katakana && !IsLatinWordChar(joined))) continue;
    Candidate c;
    c.kind = Kind::kKanjiOrg;
    c.begin = b;
    c.end = k.end;
    SetType(c, EntityType::kCompany, 3, "suffix");
    more.push_back(std::move(c));
  }
  for (Candidate& c : more) AddCandidate(std::move(c));
  // JR西日本: a listed company acronym + a region.
  const UpperBytes& upper_byte = UpperByteTable();
  for (size_t i = 0; i + 1 < text_.size(); ++i) {
    if (!upper_byte[static_cast<unsigned char>(text_[i])] ||
        (i > 0 && IsLatinWordChar(CodePointAt(text_, PrevCharStart(i))))) {
      continue;
    }
    size_t j = i;
    while (j < text_.size() && IsUpper(static_cast<unsigned char>(text_[j]))) {
      ++j;
    }
    const std::string_view acronym = text_.substr(i, j - i);
    const std::string_view region =
        lists_.company_regions.LongestPrefixOf(text_.substr(j, 12));
    if (acronym.size() >= 2 && !region.empty()) {
      const GazetteerEntry* g = Gaz(acronym);
      const size_t end = j + region.size();
      if (g != nullptr && g->type == GazetteerType::kCompany &&
          !IsKanji(CodePointAt(text_, end)) &&
          !IsKatakanaWordChar(CodePointAt(text_, end))) {
        AddTyped(Kind::kKanjiOrg, static_cast<uint32_t>(i),
                 static_cast<uint32_t>(end), EntityType::kCompany, 3, "suffix");
      }
    }
    i = j;
  }
}

}  // namespace kiji::extractors::names
