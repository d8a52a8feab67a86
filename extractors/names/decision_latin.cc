// The rules of kLatinRules (decision.cc, where their order and purpose are
// written down), and the facts they share.
#include <string>

#include "extractors/names/decision.h"
#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

uint32_t Decision::RomanTags() {
  if (!roman_tags_) {
    // Not for acronyms: API is some organisation's gloss too.
    const bool acronym = c_.parts.size() == 1 && ShapeOf(s_) == kAllCaps &&
                         corpus::CountCodePoints(s_) <= 5;
    // Only the company, organisation and product bits are read, so the
    // union over every headword that lists the span decides as the union
    // over those that carry one of them would.
    roman_tags_ = run_.names_ == nullptr || acronym
                      ? 0
                      : run_.names_->RomanTags(AsciiLower(s_));
  }
  return *roman_tags_;
}

const Decision::LatinWords& Decision::Words() {
  if (words_) return *words_;
  LatinWords& out = words_.emplace();
  const NameLists& lists = run_.lists_;
  const size_t n = c_.parts.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string_view w = run_.Part(c_.parts[i]);
    if (lists.latin_org_words.Contains(w)) out.org_word = true;
    if (lists.latin_company_words.Contains(w) && i + 1 == n && n >= 2) {
      out.company_word = true;
    }
    if (lists.latin_non_name_words.Contains(w) ||
        lists.latin_company_words.Contains(w) ||
        lists.latin_org_words.Contains(w)) {
      out.non_name = true;
    }
    if (w.find_first_of("0123456789") != std::string_view::npos) {
      out.has_digit = true;
    }
  }
  return out;
}

// Personal names: 1-3 Capitalised words; the word before them (lower case)
// and after them in English text.
const Decision::LatinPerson& Decision::Person() {
  if (person_) return *person_;
  LatinPerson& out = person_.emplace();
  Run& r = run_;
  const size_t n = c_.parts.size();
  out.shape = n <= 3 && !Words().has_digit && !Words().non_name;
  for (const Word& w : c_.parts) {
    if (!PersonShaped(r.Part(w))) out.shape = false;
  }
  if (!out.shape) return out;
  const std::string_view first = r.Part(c_.parts[0]);
  // The first word must not itself be a company (Acme Brain).
  const GazetteerEntry* first_gaz = r.Gaz(first);
  // A word that is also a given name (Erik) is no company evidence.
  const uint32_t first_tags = n >= 2 ? r.LatinTags(first) : 0;
  const uint32_t first_company =
      (first_tags & lexicon::kGiven) != 0
          ? 0
          : (first_tags & (lexicon::kCompany | lexicon::kOrg));
  const bool first_is_company =
      n >= 2 &&
      ((first_gaz != nullptr && (first_gaz->type == GazetteerType::kCompany ||
                                 first_gaz->type == GazetteerType::kOrg)) ||
       first_company != 0);
  const uint32_t whole = n >= 2 ? r.LatinTags(s_) : 0;
  const bool place = whole & lexicon::kPlace &&
                     !(whole & (lexicon::kSurname | lexicon::kGiven));
  out.blocked = first_is_company || place;
  const std::string_view text = r.text_;
  std::string prev_word;
  {
    size_t p = c_.begin;
    while (p > 0 && text[p - 1] == ' ') --p;
    size_t q = p;
    while (q > 0 && (IsAsciiAlpha(static_cast<unsigned char>(text[q - 1])) ||
                     text[q - 1] == '\'' || text[q - 1] == '.')) {
      --q;
    }
    if (p > q && p < c_.begin) prev_word = AsciiLower(text.substr(q, p - q));
  }
  out.english_cue =
      !r.japanese_ && n >= 2 &&
      (r.lists_.english_person_before.Contains(prev_word) ||
       !r.lists_.english_person_after.LongestPrefixOf(r.After(c_.end))
            .empty() ||
       r.EnglishPossessivePlaceBefore(c_.begin));
  // After an article or a place preposition, two capitalised words are
  // a title or a place (the Grand Slam, at Roland Garros).
  out.non_person_before =
      !r.japanese_ && r.lists_.english_non_person_before.Contains(prev_word);
  // A known given name or surname still makes a person after "to", "that"
  // or "his" (a letter to Joe Biden); only after an article or a place
  // preposition is it a title or a place.
  out.title_or_place_before =
      !r.japanese_ &&
      (prev_word == "the" || prev_word == "a" || prev_word == "an" ||
       prev_word == "at" || prev_word == "in" || prev_word == "into");
  return out;
}

Verdict Decision::LatinEnamdictCompany() {
  if (!(RomanTags() & lexicon::kCompany)) return Verdict::kNext;
  return Type(EntityType::kCompany, 3, "enamdict");
}

Verdict Decision::LatinEnamdictOrg() {
  if (!(RomanTags() & lexicon::kOrg)) return Verdict::kNext;
  return Type(EntityType::kOrg, 3, "enamdict");
}

Verdict Decision::LatinEnamdictProduct() {
  if (!(RomanTags() & lexicon::kProduct)) return Verdict::kNext;
  return Type(EntityType::kProduct, 3, "enamdict");
}

Verdict Decision::LatinIpadicOrg() {
  const size_t tok = run_.ExactToken(c_.begin, c_.end);
  if (tok != kNoToken && run_.Tok(tok).known() &&
      run_.Tok(tok).IsOrganization()) {
    return Type(EntityType::kCompany, 3, "ipadic");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinOrgWord() {
  if (!Words().org_word || c_.parts.size() < 2) return Verdict::kNext;
  return Type(EntityType::kOrg, 3, "suffix");
}

Verdict Decision::LatinCompanyWord() {
  if (!Words().company_word) return Verdict::kNext;
  return Type(EntityType::kCompany, 3, "suffix");
}

Verdict Decision::LatinGenericAcronym() {
  const std::string_view first = run_.Part(c_.parts[0]);
  c_.generic = c_.parts.size() == 1 && ShapeOf(first) == kAllCaps &&
               corpus::CountCodePoints(first) <= 5;
  return Verdict::kNext;
}

Verdict Decision::LatinPersonContext() {
  if (!Person().shape || Person().blocked) return Verdict::kNext;
  const bool several = c_.parts.size() >= 2;
  const bool role = run_.RoleBefore(c_.begin) || c_.left_title;
  if (Honorific() || ((role || run_.VerbClauseBefore(c_.begin)) && several) ||
      (several && run_.TitleAfter(c_.end) && CompanyContext() < 2)) {
    return Type(EntityType::kPerson, 2, "latin");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinEnglishCue() {
  const LatinPerson& p = Person();
  if (p.shape && !p.blocked && p.english_cue && !p.non_person_before &&
      CompanyContext() < 2 && !run_.CompanyEvidence(c_)) {
    return Type(EntityType::kPerson, 2, "latin_context");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinKnownName() {
  const LatinPerson& p = Person();
  if (!p.shape || p.blocked || c_.parts.size() < 2 || p.title_or_place_before) {
    return Verdict::kNext;
  }
  const uint32_t ft = run_.LatinTags(run_.Part(c_.parts[0]));
  const uint32_t lt = run_.LatinTags(run_.Part(c_.parts.back()));
  const uint32_t given = lexicon::kGiven | lexicon::kUnclassified;
  const uint32_t family = lexicon::kSurname | lexicon::kUnclassified;
  // A company context beats a weak name guess.
  if (((ft & given) || (lt & family) || (ft & lexicon::kSurname)) &&
      CompanyContext() < 2) {
    return Type(EntityType::kPerson, 2, "latin");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinHonorific() {
  if (c_.parts.size() == 1 && Honorific() &&
      PersonShaped(run_.Part(c_.parts[0])) && !run_.CompanyEvidence(c_)) {
    return Type(EntityType::kPerson, 2, "honorific");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinProductContext() {
  if (run_.ProductContext(c_) && !c_.generic) {
    return Type(EntityType::kProduct, 1, "context");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinVersion() {
  const std::string_view first = run_.Part(c_.parts[0]);
  if (!Words().has_digit || c_.generic || CompanyContext() >= 2 ||
      ShapeOf(first) == kNumeric) {
    return Verdict::kNext;
  }
  // Version-numbered names: Orbit-4, Orbit 3.5 Pro.
  const size_t dash = first.find('-');
  const bool version =
      c_.parts.size() >= 2 ||
      (dash != std::string_view::npos && dash >= 2 && dash + 1 < first.size());
  // Only after a company (XのY).
  const std::string_view before = run_.text_.substr(0, c_.begin);
  if (version && before.size() >= 3 &&
      before.substr(before.size() - 3) == "の") {
    return Type(EntityType::kProduct, 1, "version");
  }
  return Verdict::kNext;
}

Verdict Decision::LatinCompanyContext() {
  const int ctx = CompanyContext();
  if (ctx == 2 || (ctx == 1 && !c_.generic)) {
    return Type(EntityType::kCompany, ctx, "context");
  }
  return Verdict::kNext;
}

}  // namespace kiji::extractors::names
