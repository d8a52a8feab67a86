// Candidate generator: gazetteer names over spans of MeCab tokens.
#include <utility>
#include <vector>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

// Gazetteer names that no other generator proposes (カンナ精機 = カンナ +
// 精機): spans of 1-4 tokens that are not inside a katakana or Latin run.
void Run::GenerateGazetteer() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  // Per token: empty or all katakana (a span of adjacent tokens is all
  // katakana iff it is not empty and each of its tokens is); whether a name
  // can begin where it begins, asked once for the up to 4 spans that begin
  // there (a third of the tokens begin with a character no name does:
  // particles, punctuation, endings).
  struct TokenStart {
    bool katakana = false;
    bool may_begin = false;
  };
  std::vector<TokenStart> starts(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view s = doc_->Surface(toks[i]);
    // DecodeAt reads katakana only from E3 (or malformed F0..FF) sequences.
    const unsigned char lead = s.empty() ? 0 : static_cast<unsigned char>(s[0]);
    starts[i].katakana =
        s.empty() || ((lead == 0xE3 || lead >= 0xF0) && AllKatakana(s));
    // A name is valid UTF-8: its first character is whole at the span's
    // begin. (Empty spans are no name.)
    const uint32_t b = toks[i].norm_begin;
    starts[i].may_begin =
        b < text_.size() && gazetteer_.MayBeginWith(std::string_view(
                                text_.data() + b, CharLength(b)));
  }
  for (size_t i = 0; i < n; ++i) {
    if (!starts[i].may_begin) continue;
    const uint32_t b = toks[i].norm_begin;
    bool all_katakana = true;
    // Up to 6 tokens: MeCab splits long kanji names into many common nouns
    // (日本+経済+団体+連合+会).
    for (size_t j = i; j < n && j < i + 6; ++j) {
      if (j > i && toks[j - 1].norm_end != toks[j].norm_begin) break;
      all_katakana = all_katakana && starts[j].katakana;
      const uint32_t e = toks[j].norm_end;
      const std::string_view s = text_.substr(b, e - b);
      if (all_katakana && !s.empty()) continue;
      // The gazetteer first: most spans are no name, and it rejects them
      // without decoding characters as the checks below do.
      const GazetteerEntry* g = Gaz(s);
      if (g == nullptr || g->type == GazetteerType::kNotEntity ||
          g->type == GazetteerType::kWord) {
        continue;
      }
      // Ambiguous entries (共同, 楽天) only where a run proposes them, or as
      // a whole token read as a plain or proper noun (not a verbal noun
      // such as 共同 or 信託) in a sentence of business news (楽天が
      // 資本提携), not glued to a noun after it (共同|創業者) and with no
      // honorific or title there (桐生社長 is a person).
      if (g->ambiguous) {
        Candidate probe;
        probe.begin = b;
        probe.end = e;
        if (j != i || !(Tok(i).IsGeneral() || Tok(i).IsProperNoun()) ||
            !AloneInBusinessNews(probe)) {
          continue;
        }
      }
      const char32_t first = CodePointAt(s, 0);
      if (IsLatinWordChar(first)) continue;
      // Must not cut a katakana/Latin run.
      const char32_t before = b > 0 ? CodePointAt(text_, PrevCharStart(b)) : 0;
      const char32_t after = CodePointAt(text_, e);
      if ((IsKatakanaWordChar(before) && IsKatakanaWordChar(first)) ||
          (IsLatinWordChar(before) && IsLatinWordChar(first)) ||
          (IsKatakanaWordChar(after) &&
           IsKatakanaWordChar(CodePointAt(text_, PrevCharStart(e))))) {
        continue;
      }
      Candidate c;
      c.kind = Kind::kKanjiOrg;
      c.begin = b;
      c.end = e;
      AddCandidate(std::move(c));
    }
  }
}

// The user's own entries (`--gazetteer` files), in any language: spans of
// up to 8 tokens whose text is an entry, wherever MeCab split it
// (NTT + ドコモ), typed as the entry says with a strength above every rule's,
// so that they win every overlap. The longest entry at a token wins.
void Run::GenerateUserEntries() {
  if (user_gazetteer_ == nullptr) return;
  const std::vector<corpus::Token>& toks = doc_->tokens;
  for (size_t i = 0; i < toks.size(); ++i) {
    const uint32_t b = toks[i].norm_begin;
    if (b >= text_.size() || !user_gazetteer_->MayBeginWith(std::string_view(
                                 text_.data() + b, CharLength(b)))) {
      continue;
    }
    std::optional<Candidate> longest;
    for (size_t j = i; j < toks.size() && j < i + 8; ++j) {
      const uint32_t e = toks[j].norm_end;
      const GazetteerEntry* g = user_gazetteer_->Find(text_.substr(b, e - b));
      if (g == nullptr) continue;
      const std::optional<EntityType> type = FromGazetteer(g->type);
      if (!type) continue;  // NOT_ENTITY and WORD act through the gazetteer
      longest.emplace();
      longest->kind = Kind::kKanjiOrg;
      longest->begin = b;
      longest->end = e;
      SetType(*longest, *type, kUserStrength, "user_gazetteer");
    }
    if (longest) AddCandidate(*std::move(longest));
  }
}

}  // namespace kiji::extractors::names
