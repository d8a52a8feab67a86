// The Run: its indexes, token and dictionary questions, and the order of
// the jobs (`Go`).
#include "extractors/names/run.h"

#include <string>
#include <utility>

#include "re2/re2.h"

namespace kiji::extractors::names {

using lexicon::Gazetteer;
using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

Run::Run(corpus::Document* doc, const tokenizers::TokenViews& views,
         const lexicon::EnamdictIndex* names, const Gazetteer& gazetteer,
         const NameLists& lists, const re2::RE2& list_tail,
         const Gazetteer* user_gazetteer)
    : doc_(doc),
      text_(doc->normalized),
      names_(names),
      gazetteer_(gazetteer),
      user_gazetteer_(user_gazetteer),
      lists_(lists),
      list_tail_(list_tail),
      japanese_(doc->lang == "ja" || doc->lang.empty()),
      by_begin_(doc->tokens, &corpus::Token::norm_begin, doc->normalized.size(),
                TokenAt::Pick::kFirst),
      by_end_(doc->tokens, &corpus::Token::norm_end, doc->normalized.size(),
              TokenAt::Pick::kLast),
      views_(views) {}

QuoteIndex::QuoteIndex(std::string_view text) {
  constexpr size_t npos = std::string_view::npos;
  for (size_t i = text.find('\n'); i != npos; i = text.find('\n', i + 1)) {
    newlines.push_back(static_cast<uint32_t>(i));
  }
  // 「」『』 are E3 80 8C..8F: found by their second byte (memchr), much
  // rarer than E3, the first byte of all kana.
  for (size_t i = text.find('\x80', 1); i != npos;
       i = text.find('\x80', i + 1)) {
    if (text[i - 1] != '\xE3' || i + 2 > text.size()) continue;
    const unsigned char last = static_cast<unsigned char>(text[i + 1]);
    if (last < 0x8C || last > 0x8F) continue;
    const size_t kind = (last - 0x8C) / 2;
    auto& positions = (last - 0x8C) % 2 == 0 ? open[kind] : close[kind];
    positions.push_back(static_cast<uint32_t>(i - 1));
  }
  for (size_t kind = 0; kind < 2; ++kind) {
    const std::vector<uint32_t>& opens = open[kind];
    size_t o = 0;  // opening brackets before the current closing one
    uint32_t prev_close = 0;
    bool has_prev_close = false;
    for (const uint32_t c : close[kind]) {
      while (o < opens.size() && opens[o] < c) ++o;
      if (o > 0 && (!has_prev_close || opens[o - 1] > prev_close)) {
        const uint32_t from = opens[o - 1] + 3;
        quoted.insert(text.substr(from, c - from));
      }
      prev_close = c;
      has_prev_close = true;
    }
  }
}

size_t Run::ExactToken(uint32_t b, uint32_t e) const {
  const size_t i = by_begin_.At(b);
  if (i == kNoToken || doc_->tokens[i].norm_end != e) return kNoToken;
  return i;
}

bool Run::KnownCommonNoun(uint32_t b, uint32_t e) const {
  const size_t i = ExactToken(b, e);
  if (i == kNoToken) return false;
  const tokenizers::TokenView f = Tok(i);
  if (!f.IsNoun() || !f.known()) return false;
  return f.IsGeneral() || f.IsSahenNoun() || f.IsAdjectivalNounStem();
}

// [b, e) is a common word: a dictionary token, or a WORD gazetteer entry
// (MeCab often reads X・Y as one unknown token, hiding its parts).
bool Run::KnownWord(uint32_t b, uint32_t e) const {
  if (KnownCommonNoun(b, e) || AllCommonTokens(b, e)) return true;
  const GazetteerEntry* g = Gaz(text_.substr(b, e - b));
  return g != nullptr && (g->type == GazetteerType::kWord || g->ambiguous);
}

bool Run::KnownProper(uint32_t b, uint32_t e,
                      bool (tokenizers::TokenView::*is)() const) const {
  const size_t i = ExactToken(b, e);
  if (i == kNoToken) return false;
  const tokenizers::TokenView f = Tok(i);
  return f.IsProperNoun() && (f.*is)() && f.known();
}

// True when [b, e) is covered by two or more dictionary tokens that are all
// common nouns (コンサル+ティング is not; ビジネス+スクール is).
bool Run::AllCommonTokens(uint32_t b, uint32_t e) const {
  uint32_t pos = b;
  int count = 0;
  while (pos < e) {
    const size_t i = by_begin_.At(pos);
    if (i == kNoToken) return false;
    const corpus::Token& t = doc_->tokens[i];
    if (t.norm_end > e) return false;
    if (!KnownCommonNoun(t.norm_begin, t.norm_end)) return false;
    pos = t.norm_end;
    ++count;
  }
  return count >= 1;
}

// A dictionary common-noun token lies inside [b, e) (デジタル in
// デジタルマーケティング).
bool Run::HasCommonToken(uint32_t b, uint32_t e) const {
  for (uint32_t pos = b; pos < e;) {
    const size_t i = by_begin_.At(pos);
    if (i == kNoToken) return false;
    const corpus::Token& t = doc_->tokens[i];
    if (t.norm_end <= e && KnownCommonNoun(t.norm_begin, t.norm_end)) {
      return true;
    }
    pos = t.norm_end;
  }
  return false;
}

bool Run::HasPersonToken(uint32_t b, uint32_t e) const {
  for (uint32_t pos = b; pos < e;) {
    const size_t i = by_begin_.At(pos);
    if (i == kNoToken) return false;
    const corpus::Token& t = doc_->tokens[i];
    const tokenizers::TokenView f = Tok(i);
    if (f.IsPersonName() && t.norm_end <= e && f.known()) return true;
    pos = t.norm_end;
  }
  return false;
}

uint32_t Run::LatinTags(std::string_view word) const {
  if (names_ == nullptr) return 0;
  return names_->RomanTags(AsciiLower(word));
}

void Run::AddTyped(Kind kind, uint32_t b, uint32_t e, EntityType t,
                   int strength, std::string_view rule) {
  Candidate c;
  c.kind = kind;
  c.begin = b;
  c.end = e;
  SetType(c, t, strength, rule);
  AddCandidate(std::move(c));
}

void Run::AddCandidate(Candidate c) {
  if (c.end > c.begin) cands_.push_back(std::move(c));
}

void Run::Go() {
  GenerateUserEntries();
  GenerateKatakana();
  GenerateLatin();
  if (japanese_) {
    GenerateKanji();
    GenerateGazetteer();
    GenerateSuffixStems();
    GenerateGlued();
    GenerateIndustryCompounds();
    GenerateGroupCompounds();
    GenerateOrgCompounds();
  }
  for (Candidate& c : cands_) Classify(c);
  Glosses();
  Consistency();
  DropPossessed();
  Lists();
  Consistency();
  SurnameRefs();
  Emit();
}

}  // namespace kiji::extractors::names
