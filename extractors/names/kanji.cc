// Candidate generators over MeCab tokens: organisation tokens, proper
// noun + suffix runs, legal forms, 姓+名 pairs, and kanji names MeCab does
// not tag as names (ENAMDICT splits).
#include <optional>
#include <utility>
#include <vector>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

// MeCab tokens, token by token in text order: organisation tokens (+
// suffix tokens), proper noun + company or organisation suffix runs, 姓+名
// pairs; then the ENAMDICT splits and the legal forms.
void Run::GenerateKanji() {
  // What starts each is tested here, inline: most tokens start none.
  for (size_t i = 0; i < doc_->tokens.size(); ++i) {
    const tokenizers::TokenView f = Tok(i);
    if (f.IsProperNoun() && f.IsOrganization() && f.known()) {
      KanjiOrgToken(i);
    }
    if (const uint8_t suffixes = lists_.KanjiSuffixes(f.surface());
        suffixes != 0) {
      KanjiSuffixRun(i, suffixes);
    }
    if (f.IsPersonName() && f.IsSurname() && f.known()) KanjiPersonName(i);
  }
  GenerateKanjiSplit();
  GenerateLegalForms();
}

bool Run::NounPart(size_t i) const {
  const tokenizers::TokenView f = Tok(i);
  if (!f.IsNoun()) return false;
  // MeCab reads an ASCII comma or slash as a noun (所属事務所,株式会社):
  // punctuation is no part of a name.
  const char32_t c = CodePointAt(TokenSurface(i), 0);
  if (!IsKanji(c) && !corpus::IsHiragana(c) && !IsKatakanaWordChar(c) &&
      !IsLatinWordChar(c) && !(c >= '0' && c <= '9')) {
    return false;
  }
  return f.IsProperNoun() || f.IsGeneral() || f.IsSahenNoun() || f.IsSuffix();
}

// An organisation token written in kanji (katakana and Latin ones are
// covered by their runs), with the kanji noun before a party or ministry
// name and the suffix tokens after it.
void Run::KanjiOrgToken(size_t i) {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  const tokenizers::TokenView f = Tok(i);
  const std::string_view s = TokenSurface(i);
  if (f.IsProperNoun() && f.IsOrganization() && f.known() &&
      !Tok(i).AllKatakana() && !IsLatinWordChar(CodePointAt(s, 0))) {
    Candidate c;
    c.kind = Kind::kKanjiOrg;
    c.begin = toks[i].norm_begin;
    c.end = toks[i].norm_end;
    // 立憲+民主党: a party or ministry name takes the kanji noun glued
    // before it (not a generic one: 与党民主党, 新民主党).
    if (i > 0 && Adjacent(i - 1, i) && Tok(i - 1).AllKanji() &&
        !lists_.party_endings.LongestSuffixOf(s).empty() &&
        Tok(i - 1).IsNoun() &&
        (Tok(i - 1).IsGeneral() || Tok(i - 1).IsProperNoun()) &&
        !Tok(i - 1).IsPlace() && !Tok(i - 1).IsPersonName() &&
        corpus::CountCodePoints(TokenSurface(i - 1)) >= 2 &&
        !lists_.party_non_modifiers.Contains(TokenSurface(i - 1)) &&
        (toks[i - 1].norm_begin == 0 ||
         !IsKanji(CodePointAt(text_, PrevCharStart(toks[i - 1].norm_begin))))) {
      c.begin = toks[i - 1].norm_begin;
    }
    size_t j = i + 1;
    // 京都大+学, 三菱+UFJ+銀行.
    while (j < n && Adjacent(j - 1, j) && j <= i + 3) {
      const std::string_view sj = TokenSurface(j);
      if (Tok(j).IsSuffix() && Tok(j).AllKanji() &&
          corpus::CountCodePoints(sj) <= 2 &&
          !lists_.non_name_suffix_tokens.Contains(sj)) {
        c.end = toks[j].norm_end;
        ++j;
        continue;
      }
      if (!lists_.kanji_company_suffixes.LongestSuffixOf(sj).empty() &&
          lists_.kanji_company_suffixes.LongestSuffixOf(sj) == sj) {
        c.end = toks[j].norm_end;
        ++j;
        continue;
      }
      if (j + 1 < n && Adjacent(j, j + 1) &&
          lists_.kanji_company_suffixes.Contains(TokenSurface(j + 1)) &&
          !Tok(j).known()) {
        c.end = toks[j + 1].norm_end;
        j += 2;
        continue;
      }
      break;
    }
    AddCandidate(std::move(c));
  }
}

// A proper noun (+ nouns) + a company or organisation suffix token (token
// `i`, of `NameLists::KanjiSuffixes` `suffixes`).
void Run::KanjiSuffixRun(size_t i, uint8_t suffixes) {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  const tokenizers::TokenView f = Tok(i);
  const std::string_view s = TokenSurface(i);
  const bool org = (suffixes & kOrgSuffix) != 0;
  const bool weak = (suffixes & kWeakCompanySuffix) != 0;
  const bool ministry = (s == "省" || s == "庁") && f.IsSuffix();
  size_t first = i;
  bool proper = false;
  while (first > 0 && i - first < 4 && Adjacent(first - 1, first) &&
         NounPart(first - 1) &&
         !lists_.legal_forms.Contains(TokenSurface(first - 1))) {
    --first;
    const tokenizers::TokenView g = Tok(first);
    const std::string_view gs = TokenSurface(first);
    // A surname names companies too (田中+建設, 穴吹+興産); a given name
    // does not.
    const bool known_proper =
        g.known() && g.IsProperNoun() &&
        (!g.IsPersonName() || (g.IsSurname() && first + 1 == i)) &&
        !(weak && g.IsPlace());
    // An unknown Latin word (UFJ), not an acronym like AI or IT.
    const bool latin = !g.known() && !weak &&
                       IsLatinWordChar(CodePointAt(gs, 0)) &&
                       corpus::CountCodePoints(gs) >= 3;
    if (known_proper || latin) {
      proper = true;
      // 韓国+カンナ+精機: a country before a katakana or Latin name is
      // a prefix, no part of it (中国工商銀行 keeps its country).
      if (g.IsPlace() && g.IsCountry() && first + 1 < i &&
          (Tok(first + 1).AllKatakana() ||
           IsLatinWordChar(CodePointAt(TokenSurface(first + 1), 0)))) {
        ++first;
      }
      break;  // the name starts at the proper noun
    }
  }
  // 米+大手+銀行: a generic modifier between the proper noun and the
  // suffix makes a description, not a name.
  bool generic_between = false;
  for (size_t k = first + 1; proper && !org && k < i; ++k) {
    if (lists_.generic_stem_endings.Contains(TokenSurface(k)))
      generic_between = true;
  }
  if (first < i && (proper || ministry) && !generic_between) {
    if (!proper) first = i - 1;  // 財務省: one noun before 省
    // 東京+証券+取引所: a company suffix the word goes on after is no
    // suffix (titles, 株価, 系 ... may follow).
    const uint32_t end = toks[i].norm_end;
    const bool goes_on =
        !org && IsKanji(CodePointAt(text_, end)) &&
        lists_.after_company_kanji.LongestPrefixOf(After(end)).empty() &&
        lists_.titles_after.LongestPrefixOf(After(end)).empty() &&
        lists_.KanjiSuffixes(i + 1 < n ? TokenSurface(i + 1)
                                       : std::string_view()) == 0;
    if ((Tok(first).AllKanji() || proper) && !goes_on) {
      Candidate c;
      c.kind = Kind::kKanjiOrg;
      c.begin = toks[first].norm_begin;
      c.end = toks[i].norm_end;
      c.company_vetoed = org;
      SetType(c, org ? EntityType::kOrg : EntityType::kCompany, 3, "suffix");
      AddCandidate(std::move(c));
    }
  }
}

// A MeCab 姓 (+ 名) with what makes it a name.
void Run::KanjiPersonName(size_t i) {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  const tokenizers::TokenView f = Tok(i);
  // 姓 + 名, not in the middle of a kanji string (桜鳳愛) unless after a
  // role (社長山田太郎).
  if (!f.IsPersonName() || !f.IsSurname() || !f.known()) return;
  const bool kanji_before =
      toks[i].norm_begin > 0 &&
      IsKanji(CodePointAt(text_, PrevCharStart(toks[i].norm_begin))) &&
      !RoleBefore(toks[i].norm_begin);
  // MeCab splits a surname into a numeral or a common kanji noun and a 姓
  // (十+倉, 三+木谷): the kanji run up to the 姓 token is the surname when
  // ENAMDICT lists it (at most 3 characters); such a name then needs an
  // honorific or title after it, or a role before it.
  uint32_t sur_begin = toks[i].norm_begin;
  if (kanji_before) {
    for (size_t back = 1; back <= 2 && back <= i; ++back) {
      const size_t p = i - back;
      const tokenizers::TokenView g = Tok(p);
      if (!Adjacent(p, p + 1) || !Tok(p).AllKanji() || !g.IsNoun() ||
          !g.known() || g.IsOrganization() || g.IsSuffix()) {
        break;
      }
      const uint32_t b = toks[p].norm_begin;
      const std::string_view sur = text_.substr(b, toks[i].norm_end - b);
      if (corpus::CountCodePoints(sur) > 3) break;
      if (b > 0 && IsKanji(CodePointAt(text_, PrevCharStart(b)))) continue;
      if (NameTags(sur) & lexicon::kSurname) sur_begin = b;
      break;
    }
    if (sur_begin == toks[i].norm_begin) return;
  }
  const bool split_surname = sur_begin != toks[i].norm_begin;
  if (f.known() && f.IsPersonName() && f.IsSurname() && i + 1 < n &&
      Adjacent(i, i + 1) && Tok(i + 1).known() && Tok(i + 1).IsPersonName() &&
      Tok(i + 1).IsGivenName() && Tok(i).AllKanji()) {
    Candidate c;
    c.kind = Kind::kKanjiPerson;
    c.begin = sur_begin;
    c.end = toks[i + 1].norm_end;
    // 姓 + 名 + one more kanji noun + title (MeCab reads a rare given name
    // as a known one plus a kanji): the given name runs up to the title,
    // 3 characters at most; not over a prefix of the title (元, 前). A
    // last kanji right before the title may be of any part of speech
    // (翔+平, a prefix; 揚+偉, an adjective stem; 康+介, a サ変 noun) but
    // a suffix (小池百合子+都+知事).
    if (!HonorificAfter(c.end) && !TitleAfter(c.end)) {
      uint32_t end = c.end;
      for (size_t j = i + 2; j < n && j <= i + 3 && Adjacent(j - 1, j); ++j) {
        const tokenizers::TokenView g = Tok(j);
        const std::string_view gs = TokenSurface(j);
        const bool noun = g.IsNoun() && (g.IsGeneral() || g.IsPersonName());
        // After a one-character given name, a numeral or a common suffix
        // too: MeCab cut a two-character given name (安倍晋+三, 高木守+道,
        // 青木崇+高); a longer one keeps its suffix apart (百合子+都知事).
        const bool short_given =
            j == i + 2 && corpus::CountCodePoints(TokenSurface(i + 1)) == 1;
        const bool last_kanji =
            (g.IsPrefix() || g.IsAdjective() || g.IsVerb() ||
             (g.IsNoun() && !g.IsSuffix() && !g.IsNumeral() && !g.IsPronoun() &&
              !g.IsDependent()) ||
             (short_given && g.IsNoun() &&
              (g.IsNumeral() || (g.IsSuffix() && g.IsGeneralProperNoun())))) &&
            corpus::CountCodePoints(gs) == 1 &&
            (HonorificAfter(toks[j].norm_end) || TitleAfter(toks[j].norm_end));
        if (!(noun || last_kanji) || !Tok(j).AllKanji() ||
            lists_.title_prefixes.Contains(gs) ||
            lists_.non_name_prefixes.Contains(gs) ||
            corpus::CountCodePoints(
                text_.substr(toks[i + 1].norm_begin,
                             toks[j].norm_end - toks[i + 1].norm_begin)) > 3) {
          break;
        }
        end = toks[j].norm_end;
        if (HonorificAfter(end) || TitleAfter(end)) {
          c.end = end;
          break;
        }
      }
    }
    // 姓 + 名 + one kanji that MeCab reads apart (松永+陸+斗), the word
    // ending there: a given name of 2-3 characters.
    if (c.end == toks[i + 1].norm_end && i + 2 < n && Adjacent(i + 1, i + 2) &&
        Tok(i + 2).IsNoun() &&
        (Tok(i + 2).IsGeneral() || Tok(i + 2).IsPersonName()) &&
        !Tok(i + 2).IsSuffix() &&
        !lists_.honorifics.Contains(TokenSurface(i + 2)) &&
        Tok(i + 2).AllKanji() &&
        corpus::CountCodePoints(TokenSurface(i + 2)) == 1 &&
        corpus::CountCodePoints(TokenSurface(i + 1)) <= 2 &&
        !lists_.title_prefixes.Contains(TokenSurface(i + 2)) &&
        !IsKanji(CodePointAt(text_, toks[i + 2].norm_end)) &&
        !IsKatakanaWordChar(CodePointAt(text_, toks[i + 2].norm_end)) &&
        !IsLatinWordChar(CodePointAt(text_, toks[i + 2].norm_end))) {
      c.end = toks[i + 2].norm_end;
    }
    if (split_surname && !HonorificAfter(c.end) && !TitleAfter(c.end) &&
        !RoleBefore(c.begin)) {
      return;
    }
    SetType(c, EntityType::kPerson, 3, "kanji");
    AddCandidate(std::move(c));
  } else if (f.known() && f.IsPersonName() && f.IsSurname() &&
             Tok(i).AllKanji()) {
    // 姓 (+ 1-3 kanji) + honorific or title.
    uint32_t end = toks[i].norm_end;
    size_t j = i + 1;
    while (j < n && Adjacent(j - 1, j) && Tok(j).AllKanji() &&
           corpus::CountCodePoints(text_.substr(
               toks[i].norm_end, toks[j].norm_end - toks[i].norm_end)) <= 3 &&
           !HonorificAfter(toks[j].norm_begin) &&
           !TitleAfter(toks[j].norm_begin)) {
      ++j;
    }
    if (j < n && Adjacent(j - 1, j)) end = toks[j].norm_begin;
    if (HonorificAfter(end) || TitleAfter(end)) {
      AddTyped(Kind::kKanjiPerson, sur_begin, end, EntityType::kPerson, 2,
               "kanji");
    }
  }
}

// Legal forms: 株式会社X / X株式会社 / (株)X / X(株), X any noun run.
void Run::GenerateLegalForms() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  for (std::string_view form : lists_.legal_forms.words()) {
    size_t pos = 0;
    while ((pos = text_.find(form, pos)) != std::string_view::npos) {
      const uint32_t fb = static_cast<uint32_t>(pos);
      const uint32_t fe = static_cast<uint32_t>(pos + form.size());
      pos = fe;
      // Noun run ending right before / starting right after the form.
      auto run_before = [&]() -> std::optional<uint32_t> {
        const size_t idx = by_end_.At(fb);
        if (idx == kNoToken || !NounPart(idx)) return std::nullopt;
        size_t first = idx;
        while (first > 0 && idx - first < 3 && Adjacent(first - 1, first) &&
               NounPart(first - 1)) {
          --first;
        }
        return toks[first].norm_begin;
      };
      auto run_after = [&]() -> std::optional<uint32_t> {
        const size_t first = by_begin_.At(fe);
        if (first == kNoToken || !NounPart(first)) return std::nullopt;
        size_t last = first;
        while (last + 1 < n && last - first < 3 && Adjacent(last, last + 1) &&
               NounPart(last + 1) && !Tok(last + 1).IsSuffix() &&
               // (東京都渋谷区): a bracket ends the name.
               doc_->Surface(toks[last + 1]).find_first_of("()") ==
                   std::string_view::npos) {
          ++last;
        }
        return toks[last].norm_end;
      };
      Candidate c;
      c.kind = Kind::kKanjiOrg;
      if (auto b = run_before()) {
        c.begin = *b;
        c.end = fe;
      } else if (auto e = run_after()) {
        c.begin = fb;
        c.end = *e;
      } else {
        continue;
      }
      SetType(c, EntityType::kCompany, 3, "legal_form");
      AddCandidate(std::move(c));
    }
  }
}

// Kanji names MeCab does not tag as 人名 (孫 + 正義 read as common nouns):
// 1-5 adjacent all-kanji noun tokens of 3-5 characters that split, at a token
// boundary, into an ENAMDICT surname (1-3 characters) and given name (1-3),
// with person context: an honorific or title right after (X氏, X社長,
// X教授), or a role right before (創業者のX, 社長X) with the kanji run
// ending at the name. Not when a token is a place, organisation, number or
// suffix, nor when both halves are common nouns of 2+ characters (経済 +
// 産業), nor in the middle of a kanji run without a role before it.
void Run::GenerateKanjiSplit() {
  if (names_ == nullptr) return;
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  // Asked up to five times per token (as the start and inside of runs):
  // computed once, the features before the characters.
  std::vector<int8_t> name_part_of(n, -1);  // -1 unknown, else the answer
  auto name_part = [&](size_t i) {
    int8_t& known = name_part_of[i];
    if (known < 0) {
      // Cheapest first: the characters of most tokens reject them at the
      // first one.
      const tokenizers::TokenView f = Tok(i);
      known =
          f.IsNoun() && Tok(i).AllKanji() &&
          (f.IsGeneral() ||
           (f.IsProperNoun() && (f.IsPersonName() || f.IsGeneralProperNoun())));
    }
    return known == 1;
  };
  auto common = [&](size_t from, size_t to) {  // tokens [from, to)
    for (size_t k = from; k < to; ++k) {
      if (!Tok(k).IsGeneral() || !Tok(k).known()) return false;
    }
    return corpus::CountCodePoints(text_.substr(
               toks[from].norm_begin,
               toks[to - 1].norm_end - toks[from].norm_begin)) >= 2;
  };
  for (size_t i = 0; i < n; ++i) {
    if (!name_part(i)) continue;
    const uint32_t begin = toks[i].norm_begin;
    const bool run_start =
        begin == 0 || !IsKanji(CodePointAt(text_, PrevCharStart(begin)));
    // RoleBefore scans a word list: asked only when needed.
    int role_known = -1;
    auto role = [&] {
      if (role_known < 0) role_known = RoleBefore(begin) ? 1 : 0;
      return role_known == 1;
    };
    if (!run_start && !role()) continue;
    size_t chars = 0;
    for (size_t j = i; j < n && j < i + 5 && name_part(j); ++j) {
      if (j > i && toks[j - 1].norm_end != toks[j].norm_begin) break;
      chars += corpus::CountCodePoints(doc_->Surface(toks[j]));
      if (chars > 5) break;
      if (chars < 3) continue;
      const uint32_t end = toks[j].norm_end;
      const bool run_end =
          end >= text_.size() || !IsKanji(CodePointAt(text_, end));
      // A name that fills parentheses after another name is glossed there:
      // "X社(菊大地)", the company's head.
      const bool whole_gloss = begin > 0 && text_[begin - 1] == '(' &&
                               end < text_.size() && text_[end] == ')' &&
                               begin >= 2 && text_[begin - 2] != ' ' &&
                               text_[begin - 2] != '\n';
      if (!HonorificAfter(end) && !TitleAfter(end) && !(run_end && role()) &&
          !whole_gloss) {
        continue;
      }
      // Split at a token boundary k: surname [i, k), given name [k, j].
      for (size_t k = i + 1; k <= j; ++k) {
        const uint32_t mid = toks[k].norm_begin;
        const std::string_view sur = text_.substr(begin, mid - begin);
        const std::string_view given = text_.substr(mid, end - mid);
        if (corpus::CountCodePoints(sur) > 3 ||
            corpus::CountCodePoints(given) > 3) {
          continue;
        }
        if (!(NameTags(sur) & lexicon::kSurname) ||
            !(NameTags(given) & lexicon::kGiven)) {
          continue;
        }
        if (common(i, k) && common(k, j + 1)) continue;
        AddTyped(Kind::kKanjiPerson, begin, end, EntityType::kPerson, 2,
                 "kanji_enamdict");
        break;
      }
    }
  }
}

}  // namespace kiji::extractors::names
