// Document-wide passes: glosses and abbreviations, coordination lists,
// consistency of a surface across the document, surname references.
#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "extractors/names/run.h"
#include "re2/re2.h"

namespace kiji::extractors::names {

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
      (LatinTags(ys) & lexicon::kPlace) != 0) {
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
        if (b > 0 &&
            (IsKanji(CodePointAt(text_, PrevCharStart(b))) ||
             IsKatakanaWordChar(CodePointAt(text_, PrevCharStart(b))))) {
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

}  // namespace kiji::extractors::names
