#include "extractors/name_extractor.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "corpus/utf8.h"
#include "extractors/names/name_lists.h"
#include "lexicon/word_lists.h"
#include "re2/re2.h"
#include "tokenizers/token_view.h"

namespace kiji::extractors {
namespace {

using corpus::AllKanji;
using corpus::AllKatakana;
using corpus::CodePointAt;
using corpus::DecodeAt;
using corpus::EntityType;
using corpus::FirstChar;
using corpus::IsKanji;
using corpus::IsKatakanaLetter;
using corpus::LastChar;
using corpus::PrevStart;

// ---------------------------------------------------------------- UTF-8

bool IsKatakanaSeparator(char32_t c) { return c == 0x30FB || c == '='; }
bool IsAsciiAlpha(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsLatinLetter(char32_t c) {
  return IsAsciiAlpha(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
bool IsLatinWordChar(char32_t c) {
  return IsLatinLetter(c) || (c >= '0' && c <= '9');
}
bool IsUpper(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}
// IsUpper of each byte value, for scans that read the text byte by byte
// (one load per byte instead of the range tests).
using UpperBytes = std::array<bool, 256>;
const UpperBytes& UpperByteTable() {
  static const UpperBytes kTable = [] {
    UpperBytes table{};
    for (size_t c = 0; c < table.size(); ++c) {
      table[c] = IsUpper(static_cast<char32_t>(c));
    }
    return table;
  }();
  return kTable;
}

}  // namespace

namespace name_extractor_internal {
// Whether UpperByteTable agrees with IsUpper on every byte value.
bool UpperByteTableMatchesIsUpper() {
  for (size_t c = 0; c < 256; ++c) {
    if (UpperByteTable()[c] != IsUpper(static_cast<char32_t>(c))) return false;
  }
  return true;
}

}  // namespace name_extractor_internal

namespace {

bool IsLower(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---------------------------------------------------------------- words

struct Word {
  uint32_t begin = 0;
  uint32_t end = 0;
};

enum WordShape { kCapitalised, kAllCaps, kMixedCase, kLowerCase, kNumeric };

WordShape ShapeOf(std::string_view w) {
  bool upper = false, lower = false, digit = false, inner_upper = false;
  size_t index = 0;
  for (size_t i = 0; i < w.size(); ++index) {
    size_t len = 0;
    const char32_t c = DecodeAt(w, i, &len);
    i += len;
    if (IsUpper(c)) {
      upper = true;
      if (index > 0) inner_upper = true;
    } else if (IsLower(c)) {
      lower = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    }
  }
  if (!upper && !lower) return kNumeric;
  if (!upper) return kLowerCase;
  if (!lower) return kAllCaps;
  if (digit) return kMixedCase;
  const char32_t first = CodePointAt(w, 0);
  if (IsUpper(first) && !inner_upper) return kCapitalised;
  return kMixedCase;
}

// A short acronym: 2-5 ASCII letters and digits, all capitals (AI, EV, 5G)
// or two capitals or more among small letters (IoT, SaaS; not eBay).
bool AcronymShaped(std::string_view w) {
  if (w.size() < 2 || w.size() > 5) return false;
  size_t upper = 0;
  for (char ch : w) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (u >= 'A' && u <= 'Z') {
      ++upper;
    } else if (!(u >= 'a' && u <= 'z') && !(u >= '0' && u <= '9')) {
      return false;
    }
  }
  return upper >= 2 || (upper == 1 && ShapeOf(w) == kAllCaps);
}

// A word that can be part of a personal name: Capitalised, letters only,
// with inner apostrophes/hyphens (Jean-Luc, O'Neil) or Mc/Mac/O' prefixes.
bool PersonShaped(std::string_view w) {
  if (w.size() < 2) return false;
  if (!IsUpper(CodePointAt(w, 0))) return false;
  bool after_mark = true;
  size_t index = 0;
  bool has_lower = false;
  for (size_t i = 0; i < w.size(); ++index) {
    size_t len = 0;
    const char32_t c = DecodeAt(w, i, &len);
    const std::string_view head = w.substr(0, i);
    i += len;
    if (c == '\'' || c == '-' || c == 0x2019) {
      after_mark = true;
      continue;
    }
    if (!IsLatinLetter(c)) return false;
    if (IsUpper(c) && !after_mark && head != "Mc" && head != "Mac" &&
        head != "O'") {
      return false;
    }
    if (IsLower(c)) has_lower = true;
    after_mark = false;
  }
  return has_lower;
}

// ---------------------------------------------------------------- tokens

constexpr size_t kNoToken = static_cast<size_t>(-1);

// The first or last token (in token order) whose offset `key` (`norm_begin`
// or `norm_end`) is a given byte offset: a table with one entry per offset
// of the text, so that a lookup is one load (rules ask for the token at an
// offset many times per candidate).
class TokenAt {
 public:
  enum class Pick { kFirst, kLast };

  TokenAt(const std::vector<corpus::Token>& tokens,
          uint32_t corpus::Token::*key, size_t text_size, Pick pick) {
    size_t size = text_size + 1;
    for (const corpus::Token& t : tokens) {
      size = std::max<size_t>(size, size_t{t.*key} + 1);
    }
    index_.assign(size, kNone);
    for (size_t i = 0; i < tokens.size(); ++i) {
      uint32_t& at = index_[tokens[i].*key];
      if (at == kNone || pick == Pick::kLast) at = static_cast<uint32_t>(i);
    }
  }

  // Index of the token picked among those whose offset is `pos`, or
  // kNoToken.
  size_t At(uint32_t pos) const {
    if (pos >= index_.size() || index_[pos] == kNone) return kNoToken;
    return index_[pos];
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> index_;  // kNone: no token at that offset
};

// ---------------------------------------------------------------- candidates

enum class Kind { kKatakana, kLatin, kMixed, kKanjiOrg, kKanjiPerson };

struct Candidate {
  uint32_t begin = 0;
  uint32_t end = 0;
  Kind kind = Kind::kKatakana;
  std::vector<Word> parts;  // katakana parts / Latin words
  bool left_title = false;  // English title before (Mr., CEO ...)
  std::optional<EntityType> type;
  int strength = 0;  // 3 dictionary/structure, 2 strong context, 1 weak
  std::string source;
  std::optional<size_t> alias_of;  // candidate index
  bool generic = false;            // all-caps acronym with no evidence
  bool person_vetoed = false;
  bool company_vetoed = false;
  bool ambiguous_gazetteer = false;
};

std::string_view TypePrefix(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return "person";
    case EntityType::kCompany:
      return "company";
    case EntityType::kOrg:
      return "org";
    case EntityType::kProduct:
      return "product";
    default:
      return "other";
  }
}

std::optional<EntityType> FromGazetteer(GazetteerType t) {
  switch (t) {
    case GazetteerType::kCompany:
      return EntityType::kCompany;
    case GazetteerType::kOrg:
      return EntityType::kOrg;
    case GazetteerType::kProduct:
      return EntityType::kProduct;
    case GazetteerType::kPerson:
      return EntityType::kPerson;
    case GazetteerType::kNotEntity:
    case GazetteerType::kWord:
      return std::nullopt;
  }
  return std::nullopt;
}

// Line breaks and the quote brackets 「」『』 of a text, for questions about
// the context of a span that would otherwise scan the whole text.
struct QuoteIndex {
  explicit QuoteIndex(std::string_view text);

  // Byte offsets, ascending.
  std::vector<uint32_t> newlines;
  std::vector<uint32_t> open[2];   // 「, 『
  std::vector<uint32_t> close[2];  // 」, 』
  // Every span between an opening bracket and the next closing one of the
  // same kind with no bracket of that kind inside: for a surface without
  // brackets, 「surface」 or 『surface』 occurs in the text iff it is here.
  absl::flat_hash_set<std::string_view> quoted;
};

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

// The largest element of ascending `v` that is <= `limit`, or npos.
size_t LastAtOrBefore(const std::vector<uint32_t>& v, size_t limit) {
  auto it = std::upper_bound(v.begin(), v.end(), limit);
  return it == v.begin() ? std::string_view::npos : *(it - 1);
}

// One `Extract` call: the document plus indexes over it.
class Run {
 public:
  Run(corpus::Document* doc, const corpus::EnamdictIndex* names,
      const Gazetteer& gazetteer, const NameLists& lists,
      const re2::RE2& list_tail)
      : doc_(doc),
        text_(doc->normalized),
        names_(names),
        gazetteer_(gazetteer),
        lists_(lists),
        list_tail_(list_tail),
        japanese_(doc->lang == "ja" || doc->lang.empty()),
        by_begin_(doc->tokens, &corpus::Token::norm_begin,
                  doc->normalized.size(), TokenAt::Pick::kFirst),
        by_end_(doc->tokens, &corpus::Token::norm_end, doc->normalized.size(),
                TokenAt::Pick::kLast),
        views_(*doc) {}

  void Go();

 private:
  // Token helpers.
  // The token that spans exactly [b, e), or kNoToken.
  size_t ExactToken(uint32_t b, uint32_t e) const;
  bool KnownCommonNoun(uint32_t b, uint32_t e) const;
  bool KnownWord(uint32_t b, uint32_t e) const;
  // [b, e) is one dictionary proper noun of the class `is` (IsPlace ...).
  bool KnownProper(uint32_t b, uint32_t e,
                   bool (tokenizers::TokenView::*is)() const) const;
  bool AllCommonTokens(uint32_t b, uint32_t e) const;
  bool HasPersonToken(uint32_t b, uint32_t e) const;
  uint32_t NameTags(std::string_view s) const {
    return names_ == nullptr ? 0 : names_->Tags(s);
  }
  uint32_t LatinTags(std::string_view word) const;
  const GazetteerEntry* Gaz(std::string_view s) const {
    const GazetteerEntry* e = gazetteer_.Find(s);
    return e;
  }

  // Context.
  std::string_view After(uint32_t end) const {
    return text_.substr(end, std::min<size_t>(48, text_.size() - end));
  }
  // Text before `begin`, without a 「 right before it; a の before that is
  // dropped too when quoted (競合会社の「X」) or `always_strip_no`.
  std::string_view BeforeCore(uint32_t begin, bool always_strip_no) const;
  bool HonorificAfter(uint32_t end) const;
  bool TitleAfter(uint32_t end) const;
  bool StrongHonorificAfter(uint32_t end) const;  // 氏, さん
  uint32_t SkipGloss(uint32_t end) const;
  bool HasCommonToken(uint32_t b, uint32_t e) const;
  void DropPossessed();
  bool RoleBefore(uint32_t begin) const;
  bool VerbClauseBefore(uint32_t begin) const;  // Xを設立したNAME
  bool SurnameWithHonorificInDoc(std::string_view surname) const;
  bool InsideQuotes(uint32_t begin, uint32_t end) const;
  bool OrgSuffixAfter(uint32_t end) const;
  // Bytes of an acronym gloss "(ABC)" of 2-6 capitals at `pos`, else 0.
  size_t AcronymGlossAt(uint32_t pos) const;
  // Token `t` is a one-character place (米, 韓): the news prefix of a
  // foreign name, no part of it.
  bool CountryAbbreviation(size_t t) const;
  bool QuotedElsewhere(std::string_view surface) const;  // 「X」 in the doc
  const QuoteIndex& Quotes() const;
  int CompanyContext(const Candidate& c) const;        // 0, 1 weak, 2 strong
  bool CountryPrefixBefore(const Candidate& c) const;  // 米X, 韓国X
  bool EmployerContext(std::string_view after) const;
  bool WordCompound(const Candidate& c) const;
  bool ProductContext(const Candidate& c) const;
  bool InTitleQuotes(const Candidate& c) const;
  bool EnglishPossessivePlaceBefore(uint32_t begin) const;
  bool DateWordsBeforeDay(const std::vector<Word>& words) const;
  bool AndInsideOrgName(const std::vector<Word>& words, const Candidate& cand,
                        size_t m) const;

  // Generation.
  void GenerateKatakana();
  void GenerateLatin();
  void GenerateKanji();
  void GenerateKanjiSplit();
  void GenerateGazetteer();
  void GenerateSuffixStems();
  void GenerateGlued();
  void GenerateIndustryCompounds();
  void GenerateGroupCompounds();
  void GenerateOrgCompounds();
  void AddCandidate(Candidate c);
  // Adds the span [b, e) of `kind`, typed `t` by `rule` (SetType).
  void AddTyped(Kind kind, uint32_t b, uint32_t e, EntityType t, int strength,
                std::string_view rule);

  // Typing.
  void Classify(Candidate& c);
  void ClassifyKatakana(Candidate& c);
  void ClassifyLatin(Candidate& c);
  bool CompanyEvidence(const Candidate& c) const;
  void SetType(Candidate& c, EntityType t, int strength, std::string_view rule);
  void Glosses();
  std::optional<Candidate> KanjiGloss(uint32_t begin) const;
  void Lists();
  void PairedAcronym(size_t a, size_t b);  // candidate indices, in order
  void Consistency();
  void SurnameRefs();
  void Emit();

  tokenizers::TokenView Tok(size_t token) const { return views_[token]; }
  // Bytes of the UTF-8 character that begins at `i` (< size), as its first
  // byte announces, at most up to the end of the text.
  size_t CharLength(size_t i) const {
    return std::min(
        corpus::SequenceLength(static_cast<unsigned char>(text_[i])),
        text_.size() - i);
  }
  size_t PrevCharStart(size_t i) const { return PrevStart(text_, i); }
  std::string_view Surface(const Candidate& c) const {
    return text_.substr(c.begin, c.end - c.begin);
  }
  std::string_view Part(const Word& w) const {
    return text_.substr(w.begin, w.end - w.begin);
  }

  corpus::Document* doc_;
  std::string_view text_;
  const corpus::EnamdictIndex* names_;
  const Gazetteer& gazetteer_;
  const NameLists& lists_;
  const re2::RE2& list_tail_;
  bool japanese_;
  TokenAt by_begin_;              // first token beginning at an offset
  TokenAt by_end_;                // last token ending at an offset
  tokenizers::TokenViews views_;  // features and scripts, split once
  std::vector<Candidate> cands_;
  std::vector<bool> consumed_;  // bytes covered by katakana/mixed candidates
  // Document-wide indexes, built on first use.
  mutable std::optional<QuoteIndex> quotes_;
  // Katakana runs right before 氏/さん (SurnameWithHonorificInDoc).
  mutable std::optional<absl::flat_hash_set<std::string_view>> honored_;
};

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
             IsKatakanaLetter(CodePointAt(text_, PrevCharStart(run)))) {
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
  if (c.kind == Kind::kLatin && IsKatakanaLetter(CodePointAt(text_, c.end))) {
    return false;
  }
  if (const GazetteerEntry* g = Gaz(Surface(c));
      g != nullptr && g->type == GazetteerType::kWord) {
    return false;
  }
  const size_t p = c.begin - prefix.size();
  if (p == 0) return true;
  const char32_t before = CodePointAt(text_, PrevCharStart(p));
  return !IsKanji(before) && !IsKatakanaLetter(before) &&
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
    size_t p = PrevStart(sentence, at);
    if (sentence[p] == ' ' && p > 0) p = PrevStart(sentence, p);
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
  if (NameTags(last_s) & corpus::kPersonTags) return false;
  const bool last_loanword = loanword(last_s);
  if (!last_loanword && !KnownWord(last.begin, last.end)) return false;
  for (size_t i = 0; i + 1 < c.parts.size(); ++i) {
    const Word& p = c.parts[i];
    const std::string_view ps = Part(p);
    if (KnownWord(p.begin, p.end) || loanword(ps)) continue;
    if (last_loanword &&
        !(NameTags(ps) & (corpus::kGiven | corpus::kFullName))) {
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
  return (tags & corpus::kPlace) != 0 &&
         (tags & (corpus::kSurname | corpus::kGiven)) == 0;
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

bool Run::InTitleQuotes(const Candidate& c) const {
  const std::string_view before = text_.substr(0, c.begin);
  const std::string_view after = After(c.end);
  const bool open =
      before.size() >= 3 && (before.substr(before.size() - 3) == "「" ||
                             before.substr(before.size() - 3) == "『");
  const bool close = after.substr(0, 3) == "」" || after.substr(0, 3) == "』";
  return open && close;
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
    if (!IsKatakanaLetter(c) || c == 0x30FC) {
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
      if (IsKatakanaLetter(d)) {
        j += l;
        continue;
      }
      if (IsKatakanaSeparator(d) && j + l < text_.size()) {
        size_t l2 = 0;
        const char32_t e = DecodeAt(text_, j + l, &l2);
        if (IsKatakanaLetter(e) && e != 0x30FC) {
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
            (LatinTags(a) & corpus::kPlace) != 0) {
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
          (LatinTags(Part(current.back())) & corpus::kGiven) != 0 &&
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
      (LatinTags(last) & (corpus::kCompany | corpus::kOrg | corpus::kPlace |
                          corpus::kProduct | corpus::kGiven)) != 0) {
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

// MeCab tokens: organisation tokens (+ suffix tokens), proper noun + company
// or organisation suffix runs, legal forms, 姓+名 pairs.
void Run::GenerateKanji() {
  const std::vector<corpus::Token>& toks = doc_->tokens;
  const size_t n = toks.size();
  auto surface = [&](size_t i) { return doc_->Surface(toks[i]); };
  auto adjacent = [&](size_t a, size_t b) {
    return toks[a].norm_end == toks[b].norm_begin;
  };
  auto is_noun_part = [&](size_t i) {
    const tokenizers::TokenView f = Tok(i);
    if (!f.IsNoun()) return false;
    return f.IsProperNoun() || f.IsGeneral() || f.IsSahenNoun() || f.IsSuffix();
  };
  for (size_t i = 0; i < n; ++i) {
    const tokenizers::TokenView f = Tok(i);
    const std::string_view s = surface(i);
    // Organisation token written in kanji (katakana/Latin ones are covered
    // by their run).
    if (f.IsProperNoun() && f.IsOrganization() && f.known() &&
        !Tok(i).AllKatakana() && !IsLatinWordChar(CodePointAt(s, 0))) {
      Candidate c;
      c.kind = Kind::kKanjiOrg;
      c.begin = toks[i].norm_begin;
      c.end = toks[i].norm_end;
      // 立憲+民主党: a party or ministry name takes the kanji noun glued
      // before it (not a generic one: 与党民主党, 新民主党).
      if (i > 0 && adjacent(i - 1, i) && Tok(i - 1).AllKanji() &&
          !lists_.party_endings.LongestSuffixOf(s).empty() &&
          Tok(i - 1).IsNoun() &&
          (Tok(i - 1).IsGeneral() || Tok(i - 1).IsProperNoun()) &&
          !Tok(i - 1).IsPlace() && !Tok(i - 1).IsPersonName() &&
          corpus::CountCodePoints(surface(i - 1)) >= 2 &&
          !lists_.party_non_modifiers.Contains(surface(i - 1)) &&
          (toks[i - 1].norm_begin == 0 ||
           !IsKanji(
               CodePointAt(text_, PrevCharStart(toks[i - 1].norm_begin))))) {
        c.begin = toks[i - 1].norm_begin;
      }
      size_t j = i + 1;
      // 京都大+学, 三菱+UFJ+銀行.
      while (j < n && adjacent(j - 1, j) && j <= i + 3) {
        const std::string_view sj = surface(j);
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
        if (j + 1 < n && adjacent(j, j + 1) &&
            lists_.kanji_company_suffixes.Contains(surface(j + 1)) &&
            !Tok(j).known()) {
          c.end = toks[j + 1].norm_end;
          j += 2;
          continue;
        }
        break;
      }
      AddCandidate(std::move(c));
    }
    // Proper noun (+ nouns) + company/org suffix token.
    if (const uint8_t suffixes = lists_.KanjiSuffixes(s); suffixes != 0) {
      const bool org = (suffixes & kOrgSuffix) != 0;
      const bool weak = (suffixes & kWeakCompanySuffix) != 0;
      const bool ministry = (s == "省" || s == "庁") && f.IsSuffix();
      size_t first = i;
      bool proper = false;
      while (first > 0 && i - first < 4 && adjacent(first - 1, first) &&
             is_noun_part(first - 1) &&
             !lists_.legal_forms.Contains(surface(first - 1))) {
        --first;
        const tokenizers::TokenView g = Tok(first);
        const std::string_view gs = surface(first);
        const bool known_proper = g.known() && g.IsProperNoun() &&
                                  !g.IsPersonName() && !(weak && g.IsPlace());
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
               IsLatinWordChar(CodePointAt(surface(first + 1), 0)))) {
            ++first;
          }
          break;  // the name starts at the proper noun
        }
      }
      // 米+大手+銀行: a generic modifier between the proper noun and the
      // suffix makes a description, not a name.
      bool generic_between = false;
      for (size_t k = first + 1; proper && !org && k < i; ++k) {
        if (lists_.generic_stem_endings.Contains(surface(k)))
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
            lists_.KanjiSuffixes(i + 1 < n ? surface(i + 1)
                                           : std::string_view()) == 0;
        if ((Tok(first).AllKanji() || proper) && !goes_on) {
          Candidate c;
          c.kind = Kind::kKanjiOrg;
          c.begin = toks[first].norm_begin;
          c.end = toks[i].norm_end;
          c.company_vetoed = org;
          SetType(c, org ? EntityType::kOrg : EntityType::kCompany, 3,
                  "suffix");
          AddCandidate(std::move(c));
        }
      }
    }
    // 姓 + 名, not in the middle of a kanji string (桜鳳愛) unless after a
    // role (社長山田太郎).
    if (!f.IsPersonName() || !f.IsSurname() || !f.known()) continue;
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
        if (!adjacent(p, p + 1) || !Tok(p).AllKanji() || !g.IsNoun() ||
            !g.known() || g.IsOrganization() || g.IsSuffix()) {
          break;
        }
        const uint32_t b = toks[p].norm_begin;
        const std::string_view sur = text_.substr(b, toks[i].norm_end - b);
        if (corpus::CountCodePoints(sur) > 3) break;
        if (b > 0 && IsKanji(CodePointAt(text_, PrevCharStart(b)))) continue;
        if (NameTags(sur) & corpus::kSurname) sur_begin = b;
        break;
      }
      if (sur_begin == toks[i].norm_begin) continue;
    }
    const bool split_surname = sur_begin != toks[i].norm_begin;
    if (f.known() && f.IsPersonName() && f.IsSurname() && i + 1 < n &&
        adjacent(i, i + 1) && Tok(i + 1).known() && Tok(i + 1).IsPersonName() &&
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
        for (size_t j = i + 2; j < n && j <= i + 3 && adjacent(j - 1, j); ++j) {
          const tokenizers::TokenView g = Tok(j);
          const std::string_view gs = surface(j);
          const bool noun = g.IsNoun() && (g.IsGeneral() || g.IsPersonName());
          const bool last_kanji =
              (g.IsPrefix() || g.IsAdjective() || g.IsVerb() ||
               (g.IsNoun() && !g.IsSuffix() && !g.IsNumeral() &&
                !g.IsPronoun() && !g.IsDependent())) &&
              corpus::CountCodePoints(gs) == 1 &&
              (HonorificAfter(toks[j].norm_end) ||
               TitleAfter(toks[j].norm_end));
          if (!(noun || last_kanji) || !Tok(j).AllKanji() ||
              lists_.title_prefixes.Contains(gs) ||
              lists_.non_name_prefixes.Contains(gs) ||
              corpus::CountCodePoints(text_.substr(
                  toks[i + 1].norm_begin,
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
      if (c.end == toks[i + 1].norm_end && i + 2 < n &&
          adjacent(i + 1, i + 2) && Tok(i + 2).IsNoun() &&
          (Tok(i + 2).IsGeneral() || Tok(i + 2).IsPersonName()) &&
          !Tok(i + 2).IsSuffix() &&
          !lists_.honorifics.Contains(surface(i + 2)) &&
          Tok(i + 2).AllKanji() &&
          corpus::CountCodePoints(surface(i + 2)) == 1 &&
          corpus::CountCodePoints(surface(i + 1)) <= 2 &&
          !lists_.title_prefixes.Contains(surface(i + 2)) &&
          !IsKanji(CodePointAt(text_, toks[i + 2].norm_end)) &&
          !IsKatakanaLetter(CodePointAt(text_, toks[i + 2].norm_end)) &&
          !IsLatinWordChar(CodePointAt(text_, toks[i + 2].norm_end))) {
        c.end = toks[i + 2].norm_end;
      }
      if (split_surname && !HonorificAfter(c.end) && !TitleAfter(c.end) &&
          !RoleBefore(c.begin)) {
        continue;
      }
      SetType(c, EntityType::kPerson, 3, "kanji");
      AddCandidate(std::move(c));
    } else if (f.known() && f.IsPersonName() && f.IsSurname() &&
               Tok(i).AllKanji()) {
      // 姓 (+ 1-3 kanji) + honorific or title.
      uint32_t end = toks[i].norm_end;
      size_t j = i + 1;
      while (j < n && adjacent(j - 1, j) && Tok(j).AllKanji() &&
             corpus::CountCodePoints(text_.substr(
                 toks[i].norm_end, toks[j].norm_end - toks[i].norm_end)) <= 3 &&
             !HonorificAfter(toks[j].norm_begin) &&
             !TitleAfter(toks[j].norm_begin)) {
        ++j;
      }
      if (j < n && adjacent(j - 1, j)) end = toks[j].norm_begin;
      if (HonorificAfter(end) || TitleAfter(end)) {
        AddTyped(Kind::kKanjiPerson, sur_begin, end, EntityType::kPerson, 2,
                 "kanji");
      }
    }
  }
  GenerateKanjiSplit();
  // Legal forms: 株式会社X / X株式会社 / (株)X / X(株), X any noun run.
  for (std::string_view form : lists_.legal_forms.words()) {
    size_t pos = 0;
    while ((pos = text_.find(form, pos)) != std::string_view::npos) {
      const uint32_t fb = static_cast<uint32_t>(pos);
      const uint32_t fe = static_cast<uint32_t>(pos + form.size());
      pos = fe;
      // Noun run ending right before / starting right after the form.
      auto run_before = [&]() -> std::optional<uint32_t> {
        const size_t idx = by_end_.At(fb);
        if (idx == kNoToken || !is_noun_part(idx)) return std::nullopt;
        size_t first = idx;
        while (first > 0 && idx - first < 3 && adjacent(first - 1, first) &&
               is_noun_part(first - 1)) {
          --first;
        }
        return toks[first].norm_begin;
      };
      auto run_after = [&]() -> std::optional<uint32_t> {
        const size_t first = by_begin_.At(fe);
        if (first == kNoToken || !is_noun_part(first)) return std::nullopt;
        size_t last = first;
        while (last + 1 < n && last - first < 3 && adjacent(last, last + 1) &&
               is_noun_part(last + 1) && !Tok(last + 1).IsSuffix() &&
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
        if (!(NameTags(sur) & corpus::kSurname) ||
            !(NameTags(given) & corpus::kGiven)) {
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
      // Ambiguous entries (共同) only where a run proposes them.
      if (g == nullptr || g->type == GazetteerType::kNotEntity ||
          g->type == GazetteerType::kWord || g->ambiguous) {
        continue;
      }
      const char32_t first = CodePointAt(s, 0);
      if (IsLatinWordChar(first)) continue;
      // Must not cut a katakana/Latin run.
      const char32_t before = b > 0 ? CodePointAt(text_, PrevCharStart(b)) : 0;
      const char32_t after = CodePointAt(text_, e);
      if ((IsKatakanaLetter(before) && IsKatakanaLetter(first)) ||
          (IsLatinWordChar(before) && IsLatinWordChar(first)) ||
          (IsKatakanaLetter(after) &&
           IsKatakanaLetter(CodePointAt(text_, PrevCharStart(e))))) {
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
    if (IsKatakanaLetter(prev)) {
      while (b > 0) {
        const size_t p = PrevCharStart(b);
        const char32_t c = CodePointAt(text_, p);
        if (IsKatakanaLetter(c)) {
          b = p;
          continue;
        }
        if (IsKatakanaSeparator(c) && p > 0 &&
            IsKatakanaLetter(CodePointAt(text_, PrevCharStart(p)))) {
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
      if (b > 0 && IsKatakanaLetter(CodePointAt(text_, PrevCharStart(b)))) {
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
          !legal_before_run && (IsKanji(before) || IsKatakanaLetter(before) ||
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
    if (IsKatakanaLetter(next) || IsLatinWordChar(next)) continue;
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
      if (IsKatakanaLetter(next) || IsLatinWordChar(next) ||
          (IsKanji(next) &&
           lists_.after_company_kanji.LongestPrefixOf(After(e)).empty() &&
           lists_.titles_after.LongestPrefixOf(After(e)).empty())) {
        continue;
      }
      AddTyped(Kind::kKanjiOrg, b, e, EntityType::kCompany, 3, "suffix");
    }
  }
}

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
    if (IsKatakanaLetter(next) || IsLatinWordChar(next) ||
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
        if (!IsKanji(d) && !IsKatakanaLetter(d) && !IsKatakanaSeparator(d)) {
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
         IsKatakanaLetter(CodePointAt(text_, PrevCharStart(run_begin))))) {
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
      if (b < head_begin && !IsKanji(prev) && !IsKatakanaLetter(prev)) {
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
    return !IsKanji(c) && !IsKatakanaLetter(c) && !IsLatinWordChar(c);
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
    if (IsKatakanaLetter(next) || IsLatinWordChar(next) ||
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
    const bool katakana = IsKatakanaLetter(joined);
    while (b > 0) {
      const char32_t d = CodePointAt(text_, PrevCharStart(b));
      if (katakana ? !IsKatakanaLetter(d) : !IsLatinWordChar(d)) break;
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
          !IsKatakanaLetter(CodePointAt(text_, end))) {
        AddTyped(Kind::kKanjiOrg, static_cast<uint32_t>(i),
                 static_cast<uint32_t>(end), EntityType::kCompany, 3, "suffix");
      }
    }
    i = j;
  }
}

void Run::SetType(Candidate& c, EntityType t, int strength,
                  std::string_view rule) {
  c.type = t;
  c.strength = strength;
  // Built in place: no temporaries, and a retyped candidate reuses the
  // buffer.
  const std::string_view prefix = TypePrefix(t);
  c.source.clear();
  c.source.reserve(prefix.size() + 1 + rule.size());
  c.source.append(prefix).append(1, '.').append(rule);
}

bool Run::CompanyEvidence(const Candidate& c) const {
  const std::string_view s = Surface(c);
  if (const GazetteerEntry* e = Gaz(s)) {
    if (e->type == GazetteerType::kCompany || e->type == GazetteerType::kOrg) {
      return true;
    }
  }
  if (NameTags(s) & (corpus::kCompany | corpus::kOrg)) return true;
  if (KnownProper(c.begin, c.end, &tokenizers::TokenView::IsOrganization))
    return true;
  return false;
}

void Run::Classify(Candidate& c) {
  if (c.type) return;  // typed by structure at generation
  const std::string_view s = Surface(c);
  if (const GazetteerEntry* e = Gaz(s);
      e != nullptr && e->type != GazetteerType::kWord) {
    if (e->type == GazetteerType::kNotEntity) {
      c.person_vetoed = c.company_vetoed = true;
      return;
    }
    // An era name before a year (昭和13年, 平成元年) is a date.
    if (japanese_ && lists_.era_names.Contains(s)) {
      const char32_t next = CodePointAt(text_, c.end);
      if ((next >= '0' && next <= '9') || text_.substr(c.end, 3) == "元" ||
          (next >= U'一' && next <= U'九') || next == U'十') {
        c.person_vetoed = c.company_vetoed = true;
        return;
      }
    }
    // A company or organisation glued to an index word (日経平均) is part
    // of a longer noun.
    if (japanese_ &&
        (e->type == GazetteerType::kCompany ||
         e->type == GazetteerType::kOrg) &&
        !lists_.index_words.LongestPrefixOf(After(c.end)).empty()) {
      c.person_vetoed = c.company_vetoed = true;
      return;
    }
    // A surname with a person-only title (森下首相, 野村被告) is a person
    // even when a company bears the same name.
    if (japanese_ && c.kind == Kind::kKanjiOrg &&
        (e->type == GazetteerType::kCompany ||
         e->type == GazetteerType::kOrg) &&
        !lists_.person_only_titles.LongestPrefixOf(After(c.end)).empty() &&
        HasPersonToken(c.begin, c.end)) {
      SetType(c, EntityType::kPerson, 3, "title");
      return;
    }
    // An honorific (X氏) beats a product or ambiguous entry.
    const bool person_context = HonorificAfter(c.end) &&
                                e->type != GazetteerType::kCompany &&
                                e->type != GazetteerType::kOrg;
    // In English text one plain capitalised word (Apple, Rebel) may be a
    // common word at a sentence start: it needs context there.
    const bool plain_english_word = !japanese_ && c.kind == Kind::kLatin &&
                                    c.parts.size() == 1 && PersonShaped(s);
    if (!e->ambiguous && !person_context && !plain_english_word) {
      EntityType t = *FromGazetteer(e->type);
      // 衆院, 最高裁, 民主党: organisations whatever the list says.
      if (t == EntityType::kCompany && japanese_ &&
          !lists_.org_endings.LongestSuffixOf(s).empty()) {
        t = EntityType::kOrg;
      }
      SetType(c, t, 3, "gazetteer");
      return;
    }
    c.ambiguous_gazetteer = !person_context;
    if (plain_english_word) c.ambiguous_gazetteer = true;
  }
  switch (c.kind) {
    case Kind::kKatakana:
    case Kind::kMixed:
      ClassifyKatakana(c);
      break;
    case Kind::kLatin:
      ClassifyLatin(c);
      break;
    case Kind::kKanjiOrg: {
      if (c.ambiguous_gazetteer) break;  // 自社: needs context below
      // IPADIC organisation token not in the gazetteer (user dictionary).
      const std::string_view org_suffix =
          lists_.kanji_org_suffixes.LongestSuffixOf(s);
      SetType(c, org_suffix.empty() ? EntityType::kCompany : EntityType::kOrg,
              3, "ipadic");
      break;
    }
    case Kind::kKanjiPerson:
      break;
  }
  if (!c.type && c.ambiguous_gazetteer && CompanyContext(c) > 0) {
    const GazetteerEntry* e = Gaz(s);
    SetType(c, *FromGazetteer(e->type), 2, "gazetteer");
  }
}

void Run::ClassifyKatakana(Candidate& c) {
  const std::string_view s = Surface(c);
  const uint32_t tags = NameTags(s);
  const size_t nparts = c.parts.size();
  const bool mixed = c.kind == Kind::kMixed;

  // Dictionary knowledge of the whole surface.
  if (!c.ambiguous_gazetteer) {
    if (tags & corpus::kCompany) {
      SetType(c, EntityType::kCompany, 3, "enamdict");
      return;
    }
    if (tags & corpus::kOrg) {
      SetType(c, EntityType::kOrg, 3, "enamdict");
      return;
    }
    if (KnownProper(c.begin, c.end, &tokenizers::TokenView::IsOrganization)) {
      SetType(c, EntityType::kCompany, 3, "ipadic");
      return;
    }
  }
  if ((tags & corpus::kProduct) && !HonorificAfter(c.end)) {
    if (ProductContext(c) || !(tags & corpus::kPersonTags)) {
      SetType(c, EntityType::kProduct, 3, "enamdict");
      return;
    }
  }
  // Places are often written without the separator (サンタ・クララ).
  uint32_t joined_tags = 0;
  if (nparts >= 2 && !mixed) {
    std::string joined;
    for (const Word& p : c.parts) joined += Part(p);
    joined_tags = NameTags(joined);
  }
  const bool place =
      (tags & corpus::kPlace) ||
      ((joined_tags & corpus::kPlace) &&
       !(joined_tags & corpus::kPersonTags)) ||
      KnownProper(c.begin, c.end, &tokenizers::TokenView::IsPlace);
  const bool common =
      nparts == 1 && !mixed &&
      (KnownCommonNoun(c.begin, c.end) ||
       (AllCommonTokens(c.begin, c.end) && !(tags & corpus::kPersonTags)));

  // Corporate / organisation suffix: last part, or tail of one run.
  {
    const Word last = c.parts.back();
    const std::string_view last_s = Part(last);
    std::string_view suffix =
        lists_.katakana_company_suffixes.LongestSuffixOf(last_s);
    bool org = false;
    if (suffix.empty()) {
      suffix = lists_.katakana_org_suffixes.LongestSuffixOf(last_s);
      org = !suffix.empty();
    }
    if (!suffix.empty() && !mixed) {
      const uint32_t prefix_end =
          static_cast<uint32_t>(last.end - suffix.size());
      bool ok;
      if (suffix.size() == last_s.size()) {
        // Whole last part: the other parts must not all be common nouns.
        ok = nparts >= 2;
        if (ok) {
          bool all_common = true;
          for (size_t p = 0; p + 1 < nparts; ++p) {
            if (!KnownCommonNoun(c.parts[p].begin, c.parts[p].end) &&
                !AllCommonTokens(c.parts[p].begin, c.parts[p].end)) {
              all_common = false;
            }
          }
          ok = !all_common;
        }
      } else {
        // ノヴァグループ: the prefix must be a name, not a common noun.
        ok = corpus::CountCodePoints(
                 text_.substr(last.begin, prefix_end - last.begin)) >= 2 &&
             !KnownCommonNoun(last.begin, prefix_end) &&
             !AllCommonTokens(last.begin, prefix_end);
      }
      // リサーチ alone is too generic to make a company.
      if (ok && suffix == "リサーチ" && nparts == 1) ok = false;
      if (ok) {
        SetType(c, org ? EntityType::kOrg : EntityType::kCompany, 3, "suffix");
        return;
      }
    }
  }

  if (InTitleQuotes(c) && nparts >= 2) c.person_vetoed = true;

  // Multi-part: a personal name unless the given name (first part) is a
  // common noun, or most parts are. A common-noun surname alone does not
  // veto: English surnames often are words (ホワイト, クック).
  if (nparts >= 2 && !mixed) {
    bool vetoed = c.person_vetoed || place;
    bool evidence = false;
    int company_parts = 0;
    size_t common_parts = 0;
    bool first_common = false;
    bool org_part = false;
    bool structural = nparts <= 3;  // see the structure rule below
    for (size_t i = 0; i < nparts; ++i) {
      const Word& p = c.parts[i];
      const std::string_view ps = Part(p);
      const uint32_t pt = NameTags(ps);
      const bool person_part = pt & (corpus::kGiven | corpus::kSurname |
                                     corpus::kUnclassified | corpus::kFullName);
      if (pt & corpus::kCompany) ++company_parts;
      const bool common_part = KnownWord(p.begin, p.end);
      // A word that is also a name (クリスタル) counts towards "most parts
      // are words", but does not veto as the given name.
      if (common_part) ++common_parts;
      if (common_part && !person_part && i == 0) first_common = true;
      if (person_part) evidence = true;
      const GazetteerEntry* const g = Gaz(ps);
      // A part known only as an organisation or product (IPADIC 組織,
      // gazetteer) is not part of a personal name.
      if (!person_part) {
        if (g != nullptr &&
            (g->type == GazetteerType::kCompany ||
             g->type == GazetteerType::kOrg ||
             g->type == GazetteerType::kProduct) &&
            !g->ambiguous) {
          org_part = true;
        }
      }
      // The surname may be a word (イーロ・ホワイト), the given name not.
      if ((common_part && i + 1 < nparts) || corpus::CountCodePoints(ps) < 2 ||
          (pt & (corpus::kPlace | corpus::kCompany | corpus::kOrg |
                 corpus::kProduct)) ||
          KnownProper(p.begin, p.end, &tokenizers::TokenView::IsPlace) ||
          KnownProper(p.begin, p.end, &tokenizers::TokenView::IsOrganization) ||
          (g != nullptr && g->type != GazetteerType::kWord)) {
        structural = false;
      }
    }
    if (first_common || common_parts * 2 > nparts || org_part) vetoed = true;
    // クラウド・コンピューティング: ordinary loanwords joined by ・. The last
    // part is no name (not in ENAMDICT as a person) but a word, and every
    // other part is a word too: a word that is also a name (クラウド as a
    // surname) is no evidence then.
    if (!vetoed && WordCompound(c)) vetoed = true;
    if (HasPersonToken(c.begin, c.end)) evidence = true;
    if (company_parts >= 2) vetoed = true;  // a ・-list of companies
    // イーロ・ドレイク ... ドレイク氏: the surname is attested with an
    // honorific elsewhere in the document.
    const bool name_evidence = evidence;
    if (SurnameWithHonorificInDoc(Part(c.parts.back()))) evidence = true;
    const bool context = HonorificAfter(c.end) || RoleBefore(c.begin) ||
                         TitleAfter(c.end) || VerbClauseBefore(c.begin);
    // A surface quoted as a title elsewhere (「X・Y」) names a product or
    // work; name knowledge alone does not make it a person.
    if (QuotedElsewhere(s) && !StrongHonorificAfter(c.end)) vetoed = true;
    // ゴールド・リー氏, ジャック・ホワイト氏: 氏/さん outweighs common-noun
    // parts, unless all are words and none is a known name.
    if (vetoed && !place && company_parts < 2 && !c.person_vetoed &&
        (StrongHonorificAfter(c.end) ||
         (HonorificAfter(c.end) && name_evidence))) {
      vetoed = common_parts == nparts && !name_evidence;
    }
    if (!vetoed && (evidence || context)) {
      SetType(c, EntityType::kPerson, 2,
              context ? "katakana_context" : "katakana_name");
      return;
    }
    const int company_ctx = CompanyContext(c);
    // Structure alone: in news text, 2-3 katakana parts of 2+ characters,
    // none known as a word, place or organisation, outside quotes and
    // without company or product context, are a personal name.
    if (!vetoed && structural && company_ctx == 0 &&
        !InsideQuotes(c.begin, c.end) && !OrgSuffixAfter(c.end) &&
        lists_.product_after.LongestPrefixOf(After(c.end)).empty()) {
      SetType(c, EntityType::kPerson, 1, "katakana_structure");
      return;
    }
    c.person_vetoed = true;
    // 投資会社ニュー・ホライズン: common words can still name a company.
    if (!place && company_parts < 2 && company_ctx == 2) {
      SetType(c, EntityType::kCompany, 2, "context");
      return;
    }
    if (vetoed) c.company_vetoed = true;
    return;
  }

  // Single part (or katakana glued to Latin).
  if (common) {
    // ライト氏: a one-token common noun right before 氏/さん is a surname.
    if (KnownCommonNoun(c.begin, c.end) && StrongHonorificAfter(c.end) &&
        !mixed) {
      SetType(c, EntityType::kPerson, 2, "katakana_context");
      return;
    }
    c.person_vetoed = c.company_vetoed = true;
    return;
  }
  if (!mixed && HonorificAfter(c.end) && corpus::CountCodePoints(s) >= 2) {
    SetType(c, EntityType::kPerson, 2, "katakana_context");
    return;
  }
  const int company_ctx = CompanyContext(c);
  if (!mixed && (TitleAfter(c.end) || RoleBefore(c.begin)) &&
      !CompanyEvidence(c) && company_ctx == 0 && !place &&
      corpus::CountCodePoints(s) >= 2) {
    SetType(c, EntityType::kPerson, 2, "katakana_context");
    return;
  }
  if (place) c.company_vetoed = true;
  // A run with a common noun inside (デジタルマーケティング,
  // ネクサスAI) needs strong context.
  const bool compound = HasCommonToken(c.begin, c.end);
  if (!lists_.product_after_strong.LongestPrefixOf(After(c.end)).empty() &&
      !place) {
    SetType(c, EntityType::kProduct, 1, "context");
    return;
  }
  if (company_ctx > (compound ? 1 : 0) && !place &&
      corpus::CountCodePoints(s) >= 2) {
    SetType(c, EntityType::kCompany, company_ctx, "context");
    return;
  }
}

void Run::ClassifyLatin(Candidate& c) {
  const std::string_view s = Surface(c);
  const size_t n = c.parts.size();
  const std::string lower = AsciiLower(s);

  const bool acronym =
      n == 1 && ShapeOf(s) == kAllCaps && corpus::CountCodePoints(s) <= 5;
  // Whole span in ENAMDICT as a company / organisation / product (not for
  // acronyms: API is some organisation's gloss too).
  if (names_ != nullptr && !acronym) {
    // Only these bits are read, so the union over every headword that lists
    // `lower` decides as the union over those that carry one of them would.
    const uint32_t tags = names_->RomanTags(lower);
    if (tags & corpus::kCompany) {
      SetType(c, EntityType::kCompany, 3, "enamdict");
      return;
    }
    if (tags & corpus::kOrg) {
      SetType(c, EntityType::kOrg, 3, "enamdict");
      return;
    }
    if (tags & corpus::kProduct) {
      SetType(c, EntityType::kProduct, 3, "enamdict");
      return;
    }
  }
  if (const size_t tok = ExactToken(c.begin, c.end);
      tok != kNoToken && Tok(tok).known() && Tok(tok).IsOrganization()) {
    SetType(c, EntityType::kCompany, 3, "ipadic");
    return;
  }

  bool company_word = false, org_word = false, non_name = false;
  bool has_digit = false;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view w = Part(c.parts[i]);
    if (lists_.latin_org_words.Contains(w)) org_word = true;
    if (lists_.latin_company_words.Contains(w) && i + 1 == n && n >= 2) {
      company_word = true;
    }
    if (lists_.latin_non_name_words.Contains(w) ||
        lists_.latin_company_words.Contains(w) ||
        lists_.latin_org_words.Contains(w)) {
      non_name = true;
    }
    if (w.find_first_of("0123456789") != std::string_view::npos) {
      has_digit = true;
    }
  }
  if (org_word && n >= 2) {
    SetType(c, EntityType::kOrg, 3, "suffix");
    return;
  }
  if (company_word) {
    SetType(c, EntityType::kCompany, 3, "suffix");
    return;
  }

  const bool single = n == 1;
  const std::string_view first = Part(c.parts[0]);
  const WordShape first_shape = ShapeOf(first);
  // An all-caps acronym (AI, CEO, GPU) is a name only with evidence.
  c.generic =
      single && first_shape == kAllCaps && corpus::CountCodePoints(first) <= 5;

  // Personal names: 1-3 Capitalised words.
  bool person_shape = n <= 3 && !has_digit && !non_name;
  for (const Word& w : c.parts) {
    if (!PersonShaped(Part(w))) person_shape = false;
  }
  const bool honorific = HonorificAfter(c.end);
  const bool role = RoleBefore(c.begin) || c.left_title;
  if (person_shape) {
    // The first word must not itself be a company (Acme Brain).
    const GazetteerEntry* first_gaz = Gaz(first);
    // A word that is also a given name (Erik) is no company evidence.
    const uint32_t first_tags = n >= 2 ? LatinTags(first) : 0;
    const uint32_t first_company =
        (first_tags & corpus::kGiven) != 0
            ? 0
            : (first_tags & (corpus::kCompany | corpus::kOrg));
    const bool first_is_company =
        n >= 2 &&
        ((first_gaz != nullptr && (first_gaz->type == GazetteerType::kCompany ||
                                   first_gaz->type == GazetteerType::kOrg)) ||
         first_company != 0);
    const uint32_t whole = n >= 2 ? LatinTags(s) : 0;
    const bool place = whole & corpus::kPlace &&
                       !(whole & (corpus::kSurname | corpus::kGiven));
    // English context: the word before (lower case) and after.
    std::string prev_word;
    {
      size_t p = c.begin;
      while (p > 0 && text_[p - 1] == ' ') --p;
      size_t q = p;
      while (q > 0 && (IsAsciiAlpha(static_cast<unsigned char>(text_[q - 1])) ||
                       text_[q - 1] == '\'' || text_[q - 1] == '.')) {
        --q;
      }
      if (p > q && p < c.begin) prev_word = AsciiLower(text_.substr(q, p - q));
    }
    const bool english_cue =
        !japanese_ && n >= 2 &&
        (lists_.english_person_before.Contains(prev_word) ||
         !lists_.english_person_after.LongestPrefixOf(After(c.end)).empty() ||
         EnglishPossessivePlaceBefore(c.begin));
    // After an article or a place preposition, two capitalised words are
    // a title or a place (the Grand Slam, at Roland Garros).
    const bool non_person_before =
        !japanese_ && lists_.english_non_person_before.Contains(prev_word);
    // A known given name or surname still makes a person after "to", "that"
    // or "his" (a letter to Joe Biden); only after an article or a place
    // preposition is it a title or a place (the Grand Slam, at Roland
    // Garros).
    const bool title_or_place_before =
        !japanese_ &&
        (prev_word == "the" || prev_word == "a" || prev_word == "an" ||
         prev_word == "at" || prev_word == "in" || prev_word == "into");
    if (!first_is_company && !place) {
      if (honorific || ((role || VerbClauseBefore(c.begin)) && n >= 2) ||
          (n >= 2 && TitleAfter(c.end) && CompanyContext(c) < 2)) {
        SetType(c, EntityType::kPerson, 2, "latin");
        return;
      }
      if (english_cue && !non_person_before && CompanyContext(c) < 2 &&
          !CompanyEvidence(c)) {
        SetType(c, EntityType::kPerson, 2, "latin_context");
        return;
      }
      if (n >= 2 && !title_or_place_before) {
        const uint32_t ft = LatinTags(first);
        const uint32_t lt = LatinTags(Part(c.parts.back()));
        const uint32_t given = corpus::kGiven | corpus::kUnclassified;
        const uint32_t family = corpus::kSurname | corpus::kUnclassified;
        if ((ft & given) || (lt & family) || (ft & corpus::kSurname)) {
          // A company context beats a weak name guess.
          if (CompanyContext(c) < 2) {
            SetType(c, EntityType::kPerson, 2, "latin");
            return;
          }
        }
      }
    }
  }
  if (single && honorific && PersonShaped(first) && !CompanyEvidence(c)) {
    SetType(c, EntityType::kPerson, 2, "honorific");
    return;
  }

  const int ctx = CompanyContext(c);
  const bool product_ctx = ProductContext(c);
  if (product_ctx && !c.generic) {
    SetType(c, EntityType::kProduct, 1, "context");
    return;
  }
  if (has_digit && !c.generic && ctx < 2 && first_shape != kNumeric) {
    // Version-numbered names: Orbit-4, Orbit 3.5 Pro.
    const size_t dash = first.find('-');
    const bool version = n >= 2 || (dash != std::string_view::npos &&
                                    dash >= 2 && dash + 1 < first.size());
    if (version) {
      // Only after a company (XのY) or with product context elsewhere.
      const std::string_view before = text_.substr(0, c.begin);
      if (before.size() >= 3 && before.substr(before.size() - 3) == "の") {
        SetType(c, EntityType::kProduct, 1, "version");
        return;
      }
    }
  }
  if (ctx == 2 || (ctx == 1 && !c.generic)) {
    if (c.generic && !c.ambiguous_gazetteer) {
      // Acronyms need company context that cannot describe a common noun.
      if (ctx < 2) return;
    }
    SetType(c, EntityType::kCompany, ctx, "context");
    return;
  }
}

// X(Y): a gloss (カール・ヴァイス(Karl Weiss)) or abbreviation (NAP).
// タン・ウェイ(唐偉), サム・アルトマン(紗夢阿留満): a personal name in
// kanji in parentheses right after a katakana or Latin person, the usual
// way news gives the characters of a Chinese or Korean name (or an ateji).
// The parentheses hold 2-10 kanji and nothing else; not a place or
// organisation (a 地域 token of 2+ characters, any 組織 token), not a role
// or title (会社員, 元社長, 共同創業者, 52歳), not one or two dictionary
// tokens that are no personal name (米国, 仮名, 会社+員).
std::optional<Candidate> Run::KanjiGloss(uint32_t begin) const {
  const size_t close = text_.substr(begin, 3 * 10 + 1).find(')');
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view inner = text_.substr(begin, close);
  const size_t chars = corpus::CountCodePoints(inner);
  if (chars < 2 || !AllKanji(inner)) return std::nullopt;
  if (!lists_.honorifics.LongestSuffixOf(inner).empty() ||
      !lists_.titles_after.LongestSuffixOf(inner).empty() ||
      !lists_.roles_before.LongestSuffixOf(inner).empty() ||
      inner.substr(inner.size() - 3) == "歳" ||
      inner.substr(inner.size() - 3) == "員") {
    return std::nullopt;
  }
  const uint32_t end = begin + static_cast<uint32_t>(close);
  size_t tokens = 0;
  bool person_token = false;
  for (uint32_t pos = begin; pos < end;) {
    const size_t i = by_begin_.At(pos);
    if (i == kNoToken) return std::nullopt;
    const corpus::Token& t = doc_->tokens[i];
    if (t.norm_end > end) return std::nullopt;
    const tokenizers::TokenView f = Tok(i);
    if (f.known() && f.IsProperNoun()) {
      if (f.IsOrganization()) return std::nullopt;
      if (f.IsPlace() && corpus::CountCodePoints(doc_->Surface(t)) >= 2) {
        return std::nullopt;
      }
      if (f.IsPersonName()) person_token = true;
    }
    if (f.IsNumeral()) return std::nullopt;
    ++tokens;
    pos = t.norm_end;
  }
  if (tokens <= 2 && !person_token) return std::nullopt;
  Candidate c;
  c.kind = Kind::kKanjiPerson;
  c.begin = begin;
  c.end = end;
  c.type = EntityType::kPerson;
  c.strength = 2;
  c.source = "person.gloss";
  return c;
}

void Run::Glosses() {
  std::vector<Candidate> added;  // kanji glosses, appended at the end
  // Gazetteer acronyms retyped by their long form, and the type.
  std::vector<std::pair<std::string_view, EntityType>> retyped;
  // (begin, index) of every candidate, sorted: the first candidate that
  // begins at an offset is the lower bound of (offset, 0). Built on the
  // first '(' after a candidate; many documents have none.
  std::vector<std::pair<uint32_t, size_t>> by_begin;
  auto first_beginning_at = [&](uint32_t begin) -> std::optional<size_t> {
    if (by_begin.empty()) {
      by_begin.reserve(cands_.size());
      for (size_t i = 0; i < cands_.size(); ++i) {
        by_begin.emplace_back(cands_[i].begin, i);
      }
      std::sort(by_begin.begin(), by_begin.end());
    }
    const auto it = std::lower_bound(by_begin.begin(), by_begin.end(),
                                     std::make_pair(begin, size_t{0}));
    if (it == by_begin.end() || it->first != begin) return std::nullopt;
    return it->second;
  };
  for (size_t i = 0; i < cands_.size(); ++i) {
    Candidate& x = cands_[i];
    uint32_t pos = x.end;
    std::string_view after = After(pos);
    const std::string_view h = lists_.honorifics.LongestPrefixOf(after);
    if (!h.empty()) pos += static_cast<uint32_t>(h.size());
    if (pos >= text_.size() || text_[pos] != '(') continue;
    const std::optional<size_t> glossed = first_beginning_at(pos + 1);
    if (!glossed) {
      if (x.type == EntityType::kPerson &&
          (x.kind == Kind::kKatakana || x.kind == Kind::kLatin)) {
        if (std::optional<Candidate> g = KanjiGloss(pos + 1)) {
          g->alias_of = i;
          added.push_back(std::move(*g));
        }
      }
      continue;
    }
    Candidate& y = cands_[*glossed];
    if (y.end >= text_.size() || text_[y.end] != ')') continue;
    const std::string_view ys = Surface(y);
    // Which one is typed decides the direction.
    Candidate* typed = x.type ? &x : (y.type ? &y : nullptr);
    if (typed == nullptr) continue;
    Candidate* other = typed == &x ? &y : &x;
    const EntityType t = *typed->type;
    if (t == EntityType::kPerson) {
      const bool person_like =
          (other->kind == Kind::kLatin && other->parts.size() >= 1 &&
           other->parts.size() <= 3 &&
           std::all_of(other->parts.begin(), other->parts.end(),
                       [&](const Word& w) { return PersonShaped(Part(w)); })) ||
          ((other->kind == Kind::kKatakana) && !other->company_vetoed &&
           !KnownCommonNoun(other->begin, other->end));
      if (person_like &&
          (!other->type || *other->type == EntityType::kPerson)) {
        if (!other->type) SetType(*other, EntityType::kPerson, 2, "gloss");
        y.alias_of = i;
      }
      continue;
    }
    // Organisations: abbreviation in capitals, or a transliteration.
    const bool abbreviation = y.kind == Kind::kLatin && y.parts.size() == 1 &&
                              ShapeOf(ys) == kAllCaps &&
                              corpus::CountCodePoints(ys) >= 2 &&
                              corpus::CountCodePoints(ys) <= 6 && &y == other;
    bool transliteration = false;
    if (names_ != nullptr) {
      const std::string_view a = Surface(x);
      const std::string_view b = ys;
      const std::string_view kata = AllKatakana(a) ? a : b;
      const std::string_view latin = AllKatakana(a) ? b : a;
      for (std::string_view r : names_->Romanisations(kata)) {
        if (r == AsciiLower(latin)) transliteration = true;
      }
    }
    if (other->type && *other->type == t) {
      y.alias_of = i;
      continue;
    }
    // An acronym typed only by a gazetteer takes its long form's type here,
    // and so do its other gazetteer-typed mentions (IPADIC types every
    // all-caps organisation a company: EU, WHO).
    if (other->type && abbreviation &&
        other->source.find("gazetteer") != std::string::npos) {
      SetType(*other, t, 2, "abbreviation");
      y.alias_of = i;
      retyped.emplace_back(ys, t);
      continue;
    }
    if (other->type) continue;
    if (abbreviation || transliteration) {
      SetType(*other, t, 2, abbreviation ? "abbreviation" : "gloss");
      y.alias_of = i;
      continue;
    }
    // A name in parentheses after a company: its product (X(Y)).
    if ((t == EntityType::kCompany) && &y == other && !y.generic &&
        !y.person_vetoed && y.kind == Kind::kLatin) {
      SetType(y, EntityType::kProduct, 1, "paren");
    }
  }
  for (const auto& [surface, t] : retyped) {
    for (Candidate& c : cands_) {
      if (c.type && *c.type != t && c.kind == Kind::kLatin &&
          c.source.find("gazetteer") != std::string::npos &&
          Surface(c) == surface) {
        SetType(c, t, c.strength, "abbreviation");
      }
    }
  }
  for (Candidate& g : added) cands_.push_back(std::move(g));
}

// X、Y、ZなどのN / XやY...: members share the strongest member's type.
void Run::Lists() {
  std::vector<size_t> order(cands_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return cands_[a].begin < cands_[b].begin;
  });
  size_t k = 0;
  while (k < order.size()) {
    std::vector<size_t> group = {order[k]};
    bool strong_separator = false;  // 、 or や (not just と)
    size_t m = k + 1;
    while (m < order.size()) {
      const Candidate& prev = cands_[group.back()];
      const Candidate& next = cands_[order[m]];
      // A member's parenthesised gloss (X(Y)、Z) belongs to it.
      const uint32_t unit_end =
          prev.end < text_.size() && text_[prev.end] == '('
              ? SkipGloss(prev.end)
              : prev.end;
      if (next.begin < unit_end) {
        ++m;
        continue;
      }
      std::string_view gap = text_.substr(unit_end, next.begin - unit_end);
      // XやY with a country prefix before Y (米XやY韓国Z): the prefix is
      // no part of the separator.
      if (const std::string_view country =
              lists_.country_prefixes.LongestSuffixOf(gap);
          !country.empty() && country.size() < gap.size() &&
          CountryPrefixBefore(next)) {
        gap.remove_suffix(country.size());
      }
      if (gap == "、" || gap == "," || gap == ", " || gap == "や" ||
          gap == "・") {
        strong_separator = true;
      } else if (gap != "と" && gap != "及び" && gap != "および" &&
                 gap != " and " && gap != "、そして") {
        break;
      }
      group.push_back(order[m]);
      ++m;
    }
    k = m;
    if (group.size() < 2) continue;
    const Candidate& last = cands_[group.back()];
    // "などの企業", "などのテクノロジー大手", "を含む…企業".
    const size_t tail_begin = last.end < text_.size() && text_[last.end] == '('
                                  ? SkipGloss(last.end)
                                  : last.end;
    const std::string_view tail = text_.substr(
        tail_begin, std::min<size_t>(96, text_.size() - tail_begin));
    const bool company_tail = RE2::PartialMatch(
        re2::StringPiece(tail.data(), tail.size()), list_tail_);
    std::optional<EntityType> type;
    int best = 0;  // strongest evidence of a typed member
    bool has_person = false;
    for (size_t g : group) {
      const Candidate& c = cands_[g];
      if (c.type && *c.type == EntityType::kPerson) has_person = true;
      if (c.type && c.strength > best && *c.type != EntityType::kPerson) {
        best = c.strength;
        type = c.type;
      }
    }
    if (company_tail) {
      type = EntityType::kCompany;
    } else if (!type || has_person || (!strong_separator && group.size() < 3) ||
               best < 2) {
      if (!japanese_ && group.size() == 2 && type && !has_person && best >= 3 &&
          *type == EntityType::kCompany) {
        PairedAcronym(group[0], group[1]);
      }
      continue;
    }
    // Strong company evidence in the list (a tail, or a member typed by a
    // dictionary, structure or strong context) also types members that
    // alone would need context: acronyms (MBX) and dictionary companies that
    // are places or words too.
    const bool company_list =
        company_tail || (best >= 2 && *type == EntityType::kCompany &&
                         (strong_separator || group.size() >= 3));
    for (size_t g : group) {
      Candidate& c = cands_[g];
      if (c.type || lists_.generic_acronyms.Contains(Surface(c))) continue;
      if (c.company_vetoed || c.ambiguous_gazetteer) {
        if (!(company_list && CompanyEvidence(c))) continue;
        SetType(c, EntityType::kCompany, 2, "list");
        continue;
      }
      if (c.generic) {
        if (!company_list || lists_.generic_acronyms.Contains(Surface(c)) ||
            corpus::CountCodePoints(Surface(c)) < 2) {
          continue;
        }
        SetType(c, *type, 2, "list");
        continue;
      }
      // AのBやC: what follows "Aの" belongs to A.
      if (c.begin >= 3 && text_.substr(c.begin - 3, 3) == "の" &&
          !company_tail) {
        continue;
      }
      if (c.kind == Kind::kKatakana && c.parts.size() >= 2) continue;
      SetType(c, *type, 1, "list");
    }
  }
}

// "Barclays and HSBC will ...": in an English pair joined by "and" whose
// other member is a company by a dictionary or structure, an untyped
// acronym of 3-5 capitals is a company too, when the pair ends the clause
// or a verb follows it. Fields and places (AI, UK, GDP) and acronyms before
// a noun ("Toyota and NHTSA officials") are none.
void Run::PairedAcronym(size_t a, size_t b) {
  if (text_.substr(cands_[a].end, cands_[b].begin - cands_[a].end) != " and ") {
    return;
  }
  Candidate& y = cands_[a].type ? cands_[b] : cands_[a];
  if (y.type || !y.generic || y.kind != Kind::kLatin) return;
  const std::string_view ys = Surface(y);
  if (ys.size() < 3 || ys.size() > 5 || ShapeOf(ys) != kAllCaps ||
      lists_.generic_acronyms.Contains(ys) ||
      lists_.country_acronyms.Contains(ys) ||
      (LatinTags(ys) & corpus::kPlace) != 0) {
    return;
  }
  const Candidate& second = cands_[b];
  std::string_view after = text_.substr(second.end, 24);
  if (!after.empty()) {
    const char c = after[0];
    if (c == ' ') {
      after.remove_prefix(1);
      const size_t word_end = after.find_first_of(" ,.;:");
      if (!lists_.english_pair_verbs.Contains(after.substr(0, word_end)))
        return;
    } else if (c != '.' && c != ',' && c != ';' && c != ':' && c != '\n') {
      return;
    }
  }
  SetType(y, EntityType::kCompany, 2, "list");
}

// A surface typed once (with the strongest evidence) is typed everywhere.
void Run::Consistency() {
  struct Best {
    EntityType type;
    int strength;
  };
  // Votes per surface and type: the sum of the evidence strengths; a
  // dictionary or structural typing (3) outweighs any context. Types in
  // the order of their first vote (the first of equal sums wins); one entry
  // per EntityType at most, so they fit in place.
  constexpr size_t kTypes = static_cast<size_t>(EntityType::kAmount) + 1;
  struct Votes {
    std::array<std::pair<int, int>, kTypes> by_type;  // (type, score)
    size_t size = 0;
  };
  absl::flat_hash_map<std::string_view, Votes> votes;  // by surface
  for (const Candidate& c : cands_) {
    if (!c.type || c.generic) continue;
    if (c.source.find("doc_consistency") != std::string::npos) continue;
    Votes& v = votes[Surface(c)];
    const int t = static_cast<int>(*c.type);
    const int score = c.strength >= 3 ? 100 : c.strength;
    const auto end = v.by_type.begin() + v.size;
    auto it = std::find_if(v.by_type.begin(), end,
                           [&](const auto& p) { return p.first == t; });
    if (it == end) {
      v.by_type[v.size++] = {t, score};
    } else {
      it->second += score;
    }
  }
  absl::flat_hash_map<std::string_view, Best> best;
  best.reserve(votes.size());
  for (const auto& [surface, v] : votes) {
    auto top = std::max_element(
        v.by_type.begin(), v.by_type.begin() + v.size,
        [](const auto& a, const auto& b) { return a.second < b.second; });
    best.emplace(surface, Best{static_cast<EntityType>(top->first),
                               std::min(top->second, 3)});
  }
  for (Candidate& c : cands_) {
    auto it = best.find(Surface(c));
    if (it == best.end()) continue;
    if (c.type && *c.type == it->second.type) continue;
    if (c.type && c.strength >= 3) continue;
    if (!c.type && c.person_vetoed && it->second.type == EntityType::kPerson) {
      continue;
    }
    SetType(c, it->second.type, it->second.strength, "doc_consistency");
  }
  // OpenAl for OpenAI: a Latin name that differs from a company, organisation
  // or product of the document only by l for I (the same glyph in many
  // fonts) is that name, misspelled; it becomes an alias of the first
  // mention of the spelling with I.
  absl::flat_hash_map<std::string, size_t> folded;  // l -> I, typed surfaces
  auto fold = [](std::string_view v) {
    std::string f(v);
    std::replace(f.begin(), f.end(), 'l', 'I');
    return f;
  };
  for (size_t i = 0; i < cands_.size(); ++i) {
    const Candidate& c = cands_[i];
    if (c.kind != Kind::kLatin || !c.type || c.generic ||
        *c.type == EntityType::kPerson || c.strength < 2 ||
        Surface(c).find('I') == std::string_view::npos) {
      continue;
    }
    folded.emplace(fold(Surface(c)), i);
  }
  if (folded.empty()) return;
  for (Candidate& c : cands_) {
    if (c.type || c.kind != Kind::kLatin || c.person_vetoed ||
        c.company_vetoed) {
      continue;
    }
    const std::string_view s = Surface(c);
    if (s.find('l') == std::string_view::npos || best.count(s) > 0) continue;
    auto it = folded.find(fold(s));
    if (it == folded.end()) continue;
    const Candidate& target = cands_[it->second];
    SetType(c, *target.type, 2, "doc_consistency");
    c.alias_of = it->second;
  }
}

// エレナ・コワルスカ ... コワルスカ: the surname alone is the person.
void Run::SurnameRefs() {
  // "Acme Pharma ... Acme said": the name of a Latin company without its
  // company word, alone elsewhere, is that company, an alias of its first
  // mention when one full name has that stem (Acme Pharma and Acme Foods:
  // no link).
  {
    constexpr size_t kSeveral = static_cast<size_t>(-1);
    absl::flat_hash_map<std::string_view, size_t> stems;  // -> candidate
    for (size_t ci = 0; ci < cands_.size(); ++ci) {
      const Candidate& c = cands_[ci];
      if (!c.type || *c.type != EntityType::kCompany ||
          c.kind != Kind::kLatin || c.parts.size() < 2 ||
          !lists_.latin_company_words.Contains(Part(c.parts.back()))) {
        continue;
      }
      const std::string_view stem =
          text_.substr(c.begin, c.parts[c.parts.size() - 2].end - c.begin);
      bool name = true;
      for (size_t i = 0; i + 1 < c.parts.size(); ++i) {
        const std::string_view w = Part(c.parts[i]);
        if (!PersonShaped(w) || lists_.latin_company_words.Contains(w) ||
            lists_.latin_non_name_words.Contains(w) ||
            lists_.latin_org_words.Contains(w)) {
          name = false;
        }
      }
      if (!name || corpus::CountCodePoints(stem) < 4) continue;
      const auto [it, added] = stems.emplace(stem, ci);
      if (!added && it->second != kSeveral &&
          Surface(cands_[it->second]) != Surface(c)) {
        it->second = kSeveral;
      }
    }
    if (!stems.empty()) {
      for (Candidate& c : cands_) {
        if (c.kind != Kind::kLatin || (c.type && c.strength >= 2)) continue;
        const auto it = stems.find(Surface(c));
        if (it == stems.end()) continue;
        SetType(c, EntityType::kCompany, 2, "alias");
        if (it->second != kSeveral) c.alias_of = it->second;
      }
    }
  }
  absl::flat_hash_set<std::string_view> surnames;
  for (const Candidate& c : cands_) {
    if (!c.type || *c.type != EntityType::kPerson || c.parts.size() < 2) {
      continue;
    }
    if (c.kind != Kind::kKatakana && c.kind != Kind::kLatin) continue;
    const std::string_view last = Part(c.parts.back());
    if (corpus::CountCodePoints(last) < 3) continue;
    if (KnownCommonNoun(c.parts.back().begin, c.parts.back().end)) continue;
    surnames.insert(last);
  }
  // 松永陸斗 ... 松永は: a kanji surname (MeCab 姓) of a full name found
  // in the document, alone before a particle or punctuation.
  if (japanese_) {
    absl::flat_hash_set<std::string_view> kanji_surnames;
    for (const Candidate& c : cands_) {
      if (!c.type || *c.type != EntityType::kPerson ||
          c.kind != Kind::kKanjiPerson || c.strength < 3) {
        continue;
      }
      const size_t t = by_begin_.At(c.begin);
      if (t == kNoToken || doc_->tokens[t].norm_end >= c.end) continue;
      const tokenizers::TokenView f = Tok(t);
      if (!f.IsPersonName() || !f.IsSurname()) continue;
      const std::string_view sur = doc_->Surface(doc_->tokens[t]);
      if (corpus::CountCodePoints(sur) >= 2) kanji_surnames.insert(sur);
    }
    if (!kanji_surnames.empty()) {
      const std::vector<corpus::Token>& toks = doc_->tokens;
      for (size_t i = 0; i < toks.size(); ++i) {
        const std::string_view sur = doc_->Surface(toks[i]);
        if (kanji_surnames.count(sur) == 0) continue;
        const uint32_t b = toks[i].norm_begin, e = toks[i].norm_end;
        if (b > 0 && (IsKanji(CodePointAt(text_, PrevCharStart(b))) ||
                      IsKatakanaLetter(CodePointAt(text_, PrevCharStart(b))))) {
          continue;
        }
        if (i + 1 >= toks.size() || toks[i + 1].norm_begin != e) continue;
        const tokenizers::TokenView g = Tok(i + 1);
        if (!g.IsParticle() && !g.IsSymbol()) continue;
        AddTyped(Kind::kKanjiPerson, b, e, EntityType::kPerson, 1,
                 "surname_ref");
      }
    }
  }
  if (surnames.empty()) return;
  for (Candidate& c : cands_) {
    if (c.type && (c.strength >= 3 || *c.type == EntityType::kPerson)) {
      continue;
    }
    if (c.parts.size() != 1) continue;
    const std::string_view s = Surface(c);
    if (surnames.count(s) == 0) continue;
    if (CompanyEvidence(c)) continue;
    SetType(c, EntityType::kPerson, 1, "surname_ref");
  }
}

void Run::Emit() {
  // Non-overlapping: longer and stronger first.
  std::vector<size_t> order;
  for (size_t i = 0; i < cands_.size(); ++i) {
    const Candidate& c = cands_[i];
    if (!c.type) continue;
    if (c.generic && c.strength < 2) continue;
    order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Candidate& x = cands_[a];
    const Candidate& y = cands_[b];
    if (x.strength != y.strength) return x.strength > y.strength;
    if (x.end - x.begin != y.end - y.begin) {
      return x.end - x.begin > y.end - y.begin;
    }
    return x.begin < y.begin;
  });
  // Taken spans, begin -> end. They are disjoint, so the one that begins
  // last before `c.end` is the only one that can overlap `c`.
  std::map<uint32_t, uint32_t> taken;
  std::vector<size_t> kept;
  for (size_t i : order) {
    const Candidate& c = cands_[i];
    auto it = taken.lower_bound(c.end);
    if (it != taken.begin() && std::prev(it)->second > c.begin) continue;
    taken.emplace(c.begin, c.end);
    kept.push_back(i);
  }
  std::sort(kept.begin(), kept.end(), [&](size_t a, size_t b) {
    return cands_[a].begin < cands_[b].begin;
  });
  // Mention index of each kept candidate.
  constexpr size_t kNotKept = static_cast<size_t>(-1);
  std::vector<size_t> mention_of(cands_.size(), kNotKept);
  const size_t base = doc_->mentions.size();
  for (size_t k = 0; k < kept.size(); ++k) mention_of[kept[k]] = base + k;
  for (size_t i : kept) {
    const Candidate& c = cands_[i];
    corpus::Mention m;
    m.type = *c.type;
    m.norm_begin = c.begin;
    m.norm_end = c.end;
    m.source = c.source;
    if (c.alias_of && *c.alias_of < mention_of.size() &&
        mention_of[*c.alias_of] != kNotKept) {
      m.alias_of = mention_of[*c.alias_of];
    }
    doc_->mentions.push_back(std::move(m));
  }
}

// "XのY": what follows "Xの", X a company, is a part
// or product of X, not a company of its own, unless something stronger
// than context says so.
void Run::DropPossessed() {
  absl::flat_hash_map<uint32_t, size_t> by_end;
  for (size_t i = 0; i < cands_.size(); ++i) {
    if (cands_[i].type && (*cands_[i].type == EntityType::kCompany ||
                           *cands_[i].type == EntityType::kOrg)) {
      by_end.emplace(cands_[i].end, i);
    }
  }
  for (Candidate& c : cands_) {
    if (!c.type || *c.type != EntityType::kCompany || c.strength >= 3) {
      continue;
    }
    if (c.source.find(".context") == std::string::npos) continue;
    if (c.begin < 3 || text_.substr(c.begin - 3, 3) != "の") continue;
    if (by_end.count(c.begin - 3) == 0) continue;
    c.type.reset();
    c.strength = 0;
    c.source.clear();
  }
}

void Run::Go() {
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

}  // namespace

NameExtractor::~NameExtractor() = default;

absl::StatusOr<std::unique_ptr<NameExtractor>> NameExtractor::Create(
    const NameExtractorOptions& options) {
  auto extractor = std::unique_ptr<NameExtractor>(new NameExtractor());
  extractor->names_ = options.names;
  auto lists = NameLists::Load(
      options.data_dir.empty() ? std::string() : options.data_dir + "/names");
  if (!lists.ok()) return lists.status();
  extractor->lists_ = std::move(lists).value();
  auto gazetteer = Gazetteer::Load(options.gazetteers);
  if (!gazetteer.ok()) return gazetteer.status();
  extractor->gazetteer_ = std::move(gazetteer).value();
  extractor->list_tail_ = std::make_unique<re2::RE2>(
      "^(?:(?:など|等)(?:の|、)?[\\p{Han}\\p{Katakana}ーA-Za-z]{0,10}?"
      "(?:企業|会社|大手|各社|メーカー|スタートアップ|社|"
      "(?:競合|ライバル)(?:他社|企業|会社|相手)?[^\\p{Han}\\p{Katakana}ー]|"
      "競争相手)"
      "|(?:を含む|を含めた|をはじめとする|をはじめ)[^。、「」]{0,16}?"
      "(?:企業|会社|大手|各社|メーカー|スタートアップ))");
  if (!extractor->list_tail_->ok()) {
    return absl::InternalError("name_extractor: bad list pattern");
  }
  return extractor;
}

void NameExtractor::Extract(corpus::Document* doc) const {
  if (doc->normalized.empty()) return;
  Run run(doc, names_, *gazetteer_, *lists_, *list_tail_);
  run.Go();
}

}  // namespace kiji::extractors
