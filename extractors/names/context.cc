// Context and evidence: what the text around a span, and the rest of the
// document, say about it (honorifics, titles, roles, company and product
// context, quotes). Questions only: nothing here types a candidate.
#include <cstddef>
#include <string>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

std::string_view Run::BeforeCore(uint32_t begin, bool always_strip_no) const {
  std::string_view before = text_.substr(0, begin);
  bool quoted = false;
  for (std::string_view q : {"「", "『", "\""}) {
    if (before.size() >= q.size() &&
        before.substr(before.size() - q.size()) == q) {
      before.remove_suffix(q.size());
      quoted = true;
      break;
    }
  }
  if ((quoted || always_strip_no) && before.size() >= 3 &&
      before.substr(before.size() - 3) == "の") {
    before.remove_suffix(3);
  }
  return before.substr(before.size() > 48 ? before.size() - 48 : 0);
}

// Skips a parenthesised gloss after a name, or the closing parenthesis of
// the gloss the name is in: "X(Y)氏" and "(Y)氏" both reach 氏.
uint32_t Run::SkipGloss(uint32_t end) const {
  if (end < text_.size() && text_[end] == ')') return end + 1;
  if (end < text_.size() && text_[end] == '(') {
    // A gloss closes within 96 bytes, on the same line, with no '(' inside.
    const std::string_view window = text_.substr(end, 97);
    const size_t close = window.find(')');
    if (close != std::string_view::npos &&
        window.substr(0, close).find('\n') == std::string_view::npos &&
        window.substr(1, close - 1).find('(') == std::string_view::npos) {
      return static_cast<uint32_t>(end + close + 1);
    }
  }
  return end;
}

bool Run::HonorificAfter(uint32_t end) const {
  std::string_view after = After(SkipGloss(end));
  const std::string_view h = lists_.honorifics.LongestPrefixOf(after);
  if (h.empty()) return false;
  // 氏名 / 氏族 are nouns, not honorifics; 様々 is "various".
  const std::string_view rest = after.substr(h.size());
  if (h == "氏" && (rest.substr(0, 3) == "名" || rest.substr(0, 3) == "族")) {
    return false;
  }
  if (h == "様" && rest.substr(0, 3) == "々") return false;
  if (h == "君" && rest.substr(0, 3) == "主") return false;
  return true;
}

bool Run::StrongHonorificAfter(uint32_t end) const {
  end = SkipGloss(end);
  const std::string_view after = After(end);
  if (after.substr(0, 6) == "さん") return true;
  return after.substr(0, 3) == "氏" && HonorificAfter(end);
}

bool Run::TitleAfter(uint32_t end) const {
  return !lists_.titles_after.LongestPrefixOf(After(SkipGloss(end))).empty();
}

bool Run::RoleBefore(uint32_t begin) const {
  std::string_view before = BeforeCore(begin, true);
  // XのCEOであるNAME: a copula between the role and the name.
  for (std::string_view copula : {"である", "であり"}) {
    if (before.size() > copula.size() &&
        before.substr(before.size() - copula.size()) == copula) {
      const std::string_view rest =
          before.substr(0, before.size() - copula.size());
      if (!lists_.roles_before.LongestSuffixOf(rest).empty()) return true;
      break;
    }
  }
  // 元 / 前 (former) may sit between the role and the name.
  const std::string_view role = lists_.roles_before.LongestSuffixOf(before);
  return !role.empty();
}

bool Run::VerbClauseBefore(uint32_t begin) const {
  const std::string_view before = text_.substr(0, begin);
  const std::string_view verb =
      lists_.person_clause_verbs.LongestSuffixOf(before);
  if (verb.empty()) return false;
  // The verb needs an object or complement (Xを設立した, Xに入社した), not a
  // bare noun compound (設立したばかりの is not before a name anyway).
  const std::string_view head = before.substr(0, before.size() - verb.size());
  if (head.size() < 3) return false;
  const std::string_view particle = head.substr(head.size() - 3);
  return particle == "を" || particle == "に" || particle == "で" ||
         particle == "と" || particle == "が" || particle == "へ";
}

// `X氏`/`Xさん` somewhere in the document, `X` not glued to a longer katakana
// word: the surname of a full name is attested. `surname` is made of
// katakana letters (a part of a katakana candidate), so such an `X` is a
// whole katakana run ending where a strong honorific follows (directly or
// after a gloss); the runs are collected once per document.
bool Run::SurnameWithHonorificInDoc(std::string_view surname) const {
  if (!honored_) {
    honored_.emplace();
    auto add_run_before = [&](size_t e) {
      if (!StrongHonorificAfter(static_cast<uint32_t>(e))) return;
      size_t run = e;
      while (run > 0 &&
             IsKatakanaWordChar(CodePointAt(text_, PrevCharStart(run)))) {
        run = PrevCharStart(run);
      }
      if (run < e) honored_->insert(text_.substr(run, e - run));
    };
    // StrongHonorificAfter needs 氏, さん, or a gloss's '(' or ')' at the
    // end of the run: found with memchr, さ and 氏 by their last byte (their
    // first, E3 and E6, begins most kana and many kanji).
    constexpr size_t npos = std::string_view::npos;
    for (const char paren : {'(', ')'}) {
      for (size_t e = text_.find(paren); e != npos;
           e = text_.find(paren, e + 1)) {
        add_run_before(e);
      }
    }
    for (const std::string_view mark : {"さ", "氏"}) {
      for (size_t last = text_.find(mark.back(), mark.size() - 1); last != npos;
           last = text_.find(mark.back(), last + 1)) {
        const size_t e = last + 1 - mark.size();
        if (lexicon::MatchesAt(text_, e, mark)) add_run_before(e);
      }
    }
  }
  return honored_->count(surname) > 0;
}

// A company or organisation noun glued after the name (X社, X大学, Xグループ).
size_t Run::AcronymGlossAt(uint32_t pos) const {
  if (pos >= text_.size() || text_[pos] != '(') return 0;
  size_t k = pos + 1;
  while (k < text_.size() && k - pos <= 7 &&
         IsUpper(static_cast<unsigned char>(text_[k]))) {
    ++k;
  }
  if (k - pos < 3 || k - pos > 7 || k >= text_.size() || text_[k] != ')') {
    return 0;
  }
  return k + 1 - pos;
}

bool Run::CountryAbbreviation(size_t t) const {
  return Tok(t).IsPlace() &&
         corpus::CountCodePoints(doc_->Surface(doc_->tokens[t])) == 1;
}

bool Run::OrgSuffixAfter(uint32_t end) const {
  const std::string_view after = After(end);
  if (after.substr(0, 3) == "社") return true;
  return !lists_.kanji_company_suffixes.LongestPrefixOf(after).empty() ||
         !lists_.kanji_company_suffixes_weak.LongestPrefixOf(after).empty() ||
         !lists_.kanji_org_suffixes.LongestPrefixOf(after).empty() ||
         !lists_.legal_forms.LongestPrefixOf(after).empty();
}

const QuoteIndex& Run::Quotes() const {
  if (!quotes_) quotes_.emplace(text_);
  return *quotes_;
}

// `surface` (a katakana candidate) contains no quote bracket.
bool Run::QuotedElsewhere(std::string_view surface) const {
  return Quotes().quoted.count(surface) > 0;
}

// An opening 「/『 earlier on the line of `begin` and not closed before it,
// or a closing one right after `end`.
bool Run::InsideQuotes(uint32_t begin, uint32_t end) const {
  constexpr size_t npos = std::string_view::npos;
  const QuoteIndex& q = Quotes();
  const size_t line = begin > 0 ? LastAtOrBefore(q.newlines, begin - 1) : npos;
  const size_t from = line == npos ? 0 : line + 1;
  // Brackets that end at or before `begin`.
  for (size_t kind = 0; kind < 2 && begin >= 3; ++kind) {
    const size_t o = LastAtOrBefore(q.open[kind], begin - 3);
    if (o == npos || o < from) continue;
    const size_t c = LastAtOrBefore(q.close[kind], begin - 3);
    if (c == npos || c < o) return true;
  }
  const std::string_view after = After(end);
  return after.substr(0, 3) == "」" || after.substr(0, 3) == "』";
}

int Run::CompanyContext(const Candidate& c) const {
  std::string_view after = After(c.end);
  if (c.kind == Kind::kLatin && c.parts.size() == 1 &&
      !lists_.category_nouns.LongestPrefixOf(after).empty() &&
      AcronymShaped(Surface(c))) {
    return 0;
  }
  for (std::string_view q : {"」", "』", "\""}) {
    if (after.substr(0, q.size()) == q) {
      after.remove_prefix(q.size());
      break;
    }
  }
  // X社 (not 社会, 社長 ...), X株式会社.
  if (after.substr(0, 3) == "社") {
    const std::string_view next = after.substr(3, 3);
    if (next != "会" && next != "長" && next != "説" && next != "交" &&
        next != "是" && next != "債") {
      return 2;
    }
  }
  if (!lists_.company_after_strong.LongestPrefixOf(after).empty()) return 2;
  if (EmployerContext(after)) return 2;
  std::string_view before = BeforeCore(c.begin, false);
  if (!lists_.company_before.LongestSuffixOf(before).empty()) return 2;
  if (CountryPrefixBefore(c)) return 2;
  if (!lists_.company_after_weak.LongestPrefixOf(after).empty()) return 1;
  return 0;
}

bool Run::AloneInBusinessNews(const Candidate& c) const {
  const size_t next = by_begin_.At(c.end);
  if (next != kNoToken && Tok(next).IsNoun()) return false;
  if (HonorificAfter(c.end) || TitleAfter(c.end)) return false;
  const std::string_view sentence = SentenceAround(text_, c.begin, c.end);
  const size_t begin = static_cast<size_t>(sentence.data() - text_.data());
  const size_t end = begin + sentence.size();
  for (size_t i = begin; i < end;) {
    if (i == c.begin) {
      i = c.end;
      continue;
    }
    const std::string_view w =
        lists_.business_words.LongestPrefixOf(text_.substr(i, end - i));
    if (!w.empty()) return true;
    i += corpus::SequenceLength(static_cast<unsigned char>(text_[i]));
  }
  return false;
}

// 米X, 韓国X: a country prefix glued before a katakana or Latin name, at
// the start of a word (not 日米, 訪米, 3米).
bool Run::CountryPrefixBefore(const Candidate& c) const {
  if (!japanese_ || c.kind == Kind::kKanjiOrg || c.kind == Kind::kKanjiPerson ||
      c.begin == 0) {
    return false;
  }
  const std::string_view prefix =
      lists_.country_prefixes.LongestSuffixOf(text_.substr(0, c.begin));
  if (prefix.empty()) return false;
  // One dictionary word with the prefix (英ポンド), or a word (ドル), or
  // a field (米EVメーカー: an acronym glued to a katakana noun).
  if (by_begin_.At(c.begin) == kNoToken) return false;
  if (lists_.generic_acronyms.Contains(Surface(c))) return false;
  if (c.kind == Kind::kLatin && IsKatakanaWordChar(CodePointAt(text_, c.end))) {
    return false;
  }
  if (const GazetteerEntry* g = Gaz(Surface(c));
      g != nullptr && g->type == GazetteerType::kWord) {
    return false;
  }
  const size_t p = c.begin - prefix.size();
  if (p == 0) return true;
  const char32_t before = CodePointAt(text_, PrevCharStart(p));
  return !IsKanji(before) && !IsKatakanaWordChar(before) &&
         !IsLatinWordChar(before);
}

// `after` (the text right after a name) says the name is where people work
// or worked: `employer_after`, "出身の"/"の元"/"の前" + an employee noun, or
// "から", then in the same sentence "N人は/が" and a verb of leaving
// (Xから移った3人が、のちに退職し…). Reads at most one sentence of 160 bytes.
bool Run::EmployerContext(std::string_view after) const {
  if (!lists_.employer_after.LongestPrefixOf(after).empty()) return true;
  for (std::string_view link : {"出身の", "の元", "の前"}) {
    if (after.substr(0, link.size()) == link &&
        !lists_.employee_nouns.LongestPrefixOf(after.substr(link.size()))
             .empty()) {
      return true;
    }
  }
  if (after.substr(0, 6) != "から") return false;
  const size_t from = static_cast<size_t>(after.data() - text_.data()) + 6;
  std::string_view sentence = text_.substr(from, 160);
  for (std::string_view stop : {"。", "\n", "「", "」"}) {
    sentence = sentence.substr(0, sentence.find(stop));
  }
  // "人" counting people (a digit or kanji numeral before it), then は/が.
  size_t people = std::string_view::npos;
  for (size_t at = sentence.find("人"); at != std::string_view::npos;
       at = sentence.find("人", at + 3)) {
    if (at == 0) continue;
    const std::string_view rest = sentence.substr(at + 3, 3);
    if (rest != "は" && rest != "が") continue;
    size_t p = PrevCodePointStart(sentence, at);
    if (sentence[p] == ' ' && p > 0) p = PrevCodePointStart(sentence, p);
    const char32_t prev = CodePointAt(sentence, p);
    if ((prev >= '0' && prev <= '9') || prev == U'何' || prev == U'数' ||
        std::u32string_view(U"一二三四五六七八九十百千").find(prev) !=
            std::u32string_view::npos) {
      people = at + 6;
      break;
    }
  }
  if (people == std::string_view::npos) return false;
  const std::string_view tail = sentence.substr(people);
  for (std::string_view v : lists_.leave_verbs.words()) {
    if (tail.find(v) != std::string_view::npos) return true;
  }
  return false;
}

// A multi-part katakana candidate made of ordinary words: the last part is
// not a personal name in ENAMDICT and is a word (an IPADIC common noun, a
// WORD gazetteer entry) or a loanword with a derivational ending (-ング,
// -ション, -ティ ...); every other part is a word or such a loanword too,
// or, before such a loanword, a part that is no known given name (MeCab
// often reads クラウド・コンピューティング as one unknown token, hiding
// that クラウド is a word; ENAMDICT lists it only as an unclassified name).
bool Run::WordCompound(const Candidate& c) const {
  if (c.parts.size() < 2) return false;
  auto loanword = [&](std::string_view ps) {
    return corpus::CountCodePoints(ps) >= 4 &&
           !lists_.loanword_endings.LongestSuffixOf(ps).empty();
  };
  const Word& last = c.parts.back();
  const std::string_view last_s = Part(last);
  if (NameTags(last_s) & lexicon::kPersonTags) return false;
  const bool last_loanword = loanword(last_s);
  if (!last_loanword && !KnownWord(last.begin, last.end)) return false;
  for (size_t i = 0; i + 1 < c.parts.size(); ++i) {
    const Word& p = c.parts[i];
    const std::string_view ps = Part(p);
    if (KnownWord(p.begin, p.end) || loanword(ps)) continue;
    if (last_loanword &&
        !(NameTags(ps) & (lexicon::kGiven | lexicon::kFullName))) {
      continue;
    }
    return false;
  }
  return true;
}

bool Run::ProductContext(const Candidate& c) const {
  // Latin only; katakana uses `product_after_strong`.
  return !lists_.product_after.LongestPrefixOf(After(c.end)).empty();
}

// "Sweden's X": a country or place in the possessive right before.
bool Run::EnglishPossessivePlaceBefore(uint32_t begin) const {
  if (begin < 4 || text_[begin - 1] != ' ' || text_[begin - 2] != 's' ||
      (text_[begin - 3] != '\'' &&
       text_.substr(0, begin - 2).substr(begin >= 5 ? begin - 5 : 0) !=
           "\xE2\x80\x99")) {
    return false;
  }
  size_t e = text_[begin - 3] == '\'' ? begin - 3 : begin - 5;
  size_t b = e;
  while (b > 0 && IsAsciiAlpha(static_cast<unsigned char>(text_[b - 1]))) --b;
  if (e - b < 3 || !IsUpper(static_cast<unsigned char>(text_[b]))) return false;
  const std::string_view word = text_.substr(b, e - b);
  const uint32_t tags = LatinTags(word);
  return (tags & lexicon::kPlace) != 0 &&
         (tags & (lexicon::kSurname | lexicon::kGiven)) == 0;
}

bool Run::InTitleQuotes(const Candidate& c) const {
  const std::string_view before = text_.substr(0, c.begin);
  const std::string_view after = After(c.end);
  const bool open =
      before.size() >= 3 && (before.substr(before.size() - 3) == "「" ||
                             before.substr(before.size() - 3) == "『");
  const bool close = after.substr(0, 3) == "」" || after.substr(0, 3) == "』";
  return open && close;
}

bool Run::CompanyEvidence(const Candidate& c) const {
  const std::string_view s = Surface(c);
  if (const GazetteerEntry* e = Gaz(s)) {
    if (e->type == GazetteerType::kCompany || e->type == GazetteerType::kOrg) {
      return true;
    }
  }
  if (NameTags(s) & (lexicon::kCompany | lexicon::kOrg)) return true;
  if (KnownProper(c.begin, c.end, &tokenizers::TokenView::IsOrganization))
    return true;
  return false;
}

}  // namespace kiji::extractors::names
