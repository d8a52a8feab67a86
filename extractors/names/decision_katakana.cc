// The rules of kKatakanaRules (decision.cc, where their order and purpose
// are written down), and the facts they share.
#include <string>
#include <string_view>

#include "extractors/names/decision.h"
#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerEntry;
using lexicon::GazetteerType;

uint32_t Decision::Tags() {
  if (!tags_) tags_ = run_.NameTags(s_);
  return *tags_;
}

bool Decision::Multipart() const {
  return c_.parts.size() >= 2 && c_.kind != Kind::kMixed;
}

bool Decision::Place() {
  if (!place_) {
    // Places are often written without the separator (サンタ・クララ).
    uint32_t joined_tags = 0;
    if (Multipart()) {
      std::string joined;
      for (const Word& p : c_.parts) joined += run_.Part(p);
      joined_tags = run_.NameTags(joined);
    }
    place_ =
        (Tags() & lexicon::kPlace) ||
        ((joined_tags & lexicon::kPlace) &&
         !(joined_tags & lexicon::kPersonTags)) ||
        run_.KnownProper(c_.begin, c_.end, &tokenizers::TokenView::IsPlace);
  }
  return *place_;
}

bool Decision::Common() {
  if (!common_) {
    common_ = c_.parts.size() == 1 && c_.kind != Kind::kMixed &&
              (run_.KnownCommonNoun(c_.begin, c_.end) ||
               (run_.AllCommonTokens(c_.begin, c_.end) &&
                !(Tags() & lexicon::kPersonTags)));
  }
  return *common_;
}

// A personal name unless the given name (first part) is a common noun, or
// most parts are. A common-noun surname alone does not veto: English
// surnames often are words (ホワイト, クック).
const Decision::Parts& Decision::KatakanaParts() {
  if (parts_) return *parts_;
  Parts& out = parts_.emplace();
  Run& r = run_;
  const size_t nparts = c_.parts.size();
  bool vetoed = c_.person_vetoed || Place();
  bool evidence = false;
  int company_parts = 0;
  size_t common_parts = 0;
  bool first_common = false;
  bool org_part = false;
  bool structural = nparts <= 3;  // see katakana_structure
  for (size_t i = 0; i < nparts; ++i) {
    const Word& p = c_.parts[i];
    const std::string_view ps = r.Part(p);
    const uint32_t pt = r.NameTags(ps);
    const bool person_part = pt & (lexicon::kGiven | lexicon::kSurname |
                                   lexicon::kUnclassified | lexicon::kFullName);
    if (pt & lexicon::kCompany) ++company_parts;
    const bool common_part = r.KnownWord(p.begin, p.end);
    // A word that is also a name (クリスタル) counts towards "most parts
    // are words", but does not veto as the given name.
    if (common_part) ++common_parts;
    if (common_part && !person_part && i == 0) first_common = true;
    if (person_part) evidence = true;
    const GazetteerEntry* const g = r.Gaz(ps);
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
        (pt & (lexicon::kPlace | lexicon::kCompany | lexicon::kOrg |
               lexicon::kProduct)) ||
        r.KnownProper(p.begin, p.end, &tokenizers::TokenView::IsPlace) ||
        r.KnownProper(p.begin, p.end, &tokenizers::TokenView::IsOrganization) ||
        (g != nullptr && g->type != GazetteerType::kWord)) {
      structural = false;
    }
  }
  if (first_common || common_parts * 2 > nparts || org_part) vetoed = true;
  // ニクソン・ショック, トルーマン・ドクトリン: a surname (MeCab's 姓,
  // first) before a common word names a thing after the person, not a full
  // name; a full name in katakana starts with the given name.
  if (nparts == 2 &&
      r.KnownProper(c_.parts[0].begin, c_.parts[0].end,
                    &tokenizers::TokenView::IsSurname) &&
      !(r.NameTags(r.Part(c_.parts[0])) & lexicon::kGiven) &&
      r.KnownCommonNoun(c_.parts[1].begin, c_.parts[1].end)) {
    vetoed = true;
  }
  // クラウド・コンピューティング: ordinary loanwords joined by ・. The last
  // part is no name (not in ENAMDICT as a person) but a word, and every
  // other part is a word too: a word that is also a name (クラウド as a
  // surname) is no evidence then.
  if (!vetoed && r.WordCompound(c_)) vetoed = true;
  if (r.HasPersonToken(c_.begin, c_.end)) evidence = true;
  if (company_parts >= 2) vetoed = true;  // a ・-list of companies
  // イーロ・ドレイク ... ドレイク氏: the surname is attested with an
  // honorific elsewhere in the document.
  const bool name_evidence = evidence;
  if (r.SurnameWithHonorificInDoc(r.Part(c_.parts.back()))) evidence = true;
  const bool context = r.HonorificAfter(c_.end) || r.RoleBefore(c_.begin) ||
                       r.TitleAfter(c_.end) || r.VerbClauseBefore(c_.begin);
  // A surface quoted as a title elsewhere (「X・Y」) names a product or
  // work; name knowledge alone does not make it a person.
  if (r.QuotedElsewhere(s_) && !r.StrongHonorificAfter(c_.end)) {
    vetoed = true;
  }
  // ゴールド・リー氏, ジャック・ホワイト氏: 氏/さん outweighs common-noun
  // parts, unless all are words and none is a known name.
  if (vetoed && !Place() && company_parts < 2 && !c_.person_vetoed &&
      (r.StrongHonorificAfter(c_.end) ||
       (r.HonorificAfter(c_.end) && name_evidence))) {
    vetoed = common_parts == nparts && !name_evidence;
  }
  out.vetoed = vetoed;
  out.evidence = evidence;
  out.context = context;
  out.structural = structural;
  out.company_parts = company_parts;
  return out;
}

Verdict Decision::KatakanaEnamdictCompany() {
  if (c_.ambiguous_gazetteer || !(Tags() & lexicon::kCompany)) {
    return Verdict::kNext;
  }
  return Type(EntityType::kCompany, 3, "enamdict");
}

Verdict Decision::KatakanaEnamdictOrg() {
  if (c_.ambiguous_gazetteer || !(Tags() & lexicon::kOrg)) {
    return Verdict::kNext;
  }
  return Type(EntityType::kOrg, 3, "enamdict");
}

Verdict Decision::KatakanaIpadicOrg() {
  if (c_.ambiguous_gazetteer ||
      !run_.KnownProper(c_.begin, c_.end,
                        &tokenizers::TokenView::IsOrganization)) {
    return Verdict::kNext;
  }
  return Type(EntityType::kCompany, 3, "ipadic");
}

Verdict Decision::KatakanaEnamdictProduct() {
  if ((Tags() & lexicon::kProduct) && !run_.HonorificAfter(c_.end) &&
      (run_.ProductContext(c_) || !(Tags() & lexicon::kPersonTags))) {
    return Type(EntityType::kProduct, 3, "enamdict");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaSuffix() {
  const NameLists& lists = run_.lists_;
  const size_t nparts = c_.parts.size();
  const Word last = c_.parts.back();
  const std::string_view last_s = run_.Part(last);
  std::string_view suffix =
      lists.katakana_company_suffixes.LongestSuffixOf(last_s);
  bool org = false;
  if (suffix.empty()) {
    suffix = lists.katakana_org_suffixes.LongestSuffixOf(last_s);
    org = !suffix.empty();
  }
  if (suffix.empty() || c_.kind == Kind::kMixed) return Verdict::kNext;
  const uint32_t prefix_end = static_cast<uint32_t>(last.end - suffix.size());
  bool ok;
  if (suffix.size() == last_s.size()) {
    // Whole last part: the other parts must not all be common nouns.
    ok = nparts >= 2;
    if (ok) {
      bool all_common = true;
      for (size_t p = 0; p + 1 < nparts; ++p) {
        if (!run_.KnownCommonNoun(c_.parts[p].begin, c_.parts[p].end) &&
            !run_.AllCommonTokens(c_.parts[p].begin, c_.parts[p].end)) {
          all_common = false;
        }
      }
      ok = !all_common;
    }
  } else {
    // ノヴァグループ: the prefix must be a name, not a common noun.
    ok = corpus::CountCodePoints(
             run_.text_.substr(last.begin, prefix_end - last.begin)) >= 2 &&
         !run_.KnownCommonNoun(last.begin, prefix_end) &&
         !run_.AllCommonTokens(last.begin, prefix_end);
  }
  // リサーチ alone is too generic to make a company.
  if (ok && suffix == "リサーチ" && nparts == 1) ok = false;
  if (!ok) return Verdict::kNext;
  return Type(org ? EntityType::kOrg : EntityType::kCompany, 3, "suffix");
}

Verdict Decision::KatakanaTitleQuotes() {
  if (run_.InTitleQuotes(c_) && c_.parts.size() >= 2) {
    c_.person_vetoed = true;
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaPerson() {
  if (!Multipart()) return Verdict::kNext;
  const Parts& p = KatakanaParts();
  if (p.vetoed || !(p.evidence || p.context)) return Verdict::kNext;
  return Type(EntityType::kPerson, 2,
              p.context ? "katakana_context" : "katakana_name");
}

Verdict Decision::KatakanaStructure() {
  if (!Multipart()) return Verdict::kNext;
  const Parts& p = KatakanaParts();
  if (!p.vetoed && p.structural && CompanyContext() == 0 &&
      !run_.InsideQuotes(c_.begin, c_.end) && !run_.OrgSuffixAfter(c_.end) &&
      run_.lists_.product_after.LongestPrefixOf(run_.After(c_.end)).empty()) {
    return Type(EntityType::kPerson, 1, "katakana_structure");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaNotAPerson() {
  if (Multipart()) c_.person_vetoed = true;
  return Verdict::kNext;
}

Verdict Decision::KatakanaWordsCompany() {
  if (!Multipart()) return Verdict::kNext;
  if (!Place() && KatakanaParts().company_parts < 2 && CompanyContext() == 2) {
    return Type(EntityType::kCompany, 2, "context");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaWords() {
  if (!Multipart()) return Verdict::kNext;
  if (KatakanaParts().vetoed) c_.company_vetoed = true;
  return Verdict::kDecided;
}

Verdict Decision::KatakanaCommonNounSurname() {
  if (!Common() || !run_.KnownCommonNoun(c_.begin, c_.end) ||
      c_.kind == Kind::kMixed) {
    return Verdict::kNext;
  }
  // 氏/さん after any word; a title only people hold (大統領, 監督) after a
  // word ENAMDICT also lists as a surname or a full name (トランプ大統領).
  if (run_.StrongHonorificAfter(c_.end) ||
      ((Tags() & (lexicon::kSurname | lexicon::kFullName)) &&
       !run_.lists_.person_only_titles
            .LongestPrefixOf(run_.After(run_.SkipGloss(c_.end)))
            .empty())) {
    return Type(EntityType::kPerson, 2, "katakana_context");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaCommonNoun() {
  if (!Common()) return Verdict::kNext;
  return VetoBoth();
}

namespace {

// The bytes of a regnal number at `at` in `text`: 1-2 digits or 1-3 kanji
// numerals, then 世, not followed by 紀 (century), 代 (generation) or 界
// (world); 0 when there is none.
size_t RegnalNumberLength(std::string_view text, size_t at) {
  size_t i = at;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 3) {
    ++i;
    ++digits;
  }
  if (digits == 0) {
    constexpr std::u32string_view kNumerals = U"一二三四五六七八九十";
    while (i < text.size() && digits < 4 &&
           kNumerals.find(CodePointAt(text, i)) != std::u32string_view::npos) {
      i += 3;  // every kanji numeral is 3 bytes of UTF-8
      ++digits;
    }
  }
  if (digits == 0 || digits > 3 || text.substr(i, 3) != "世") return 0;
  const std::string_view after = text.substr(i + 3, 3);
  if (after == "紀" || after == "代" || after == "界") return 0;
  return i + 3 - at;
}

}  // namespace

Verdict Decision::KatakanaRegnal() {
  if (!run_.japanese_ || Chars() < 2) return Verdict::kNext;
  // The katakana generator glues digits to the name as a Latin word
  // (ヘンリー8): the name ends before them.
  uint32_t name_end = c_.end;
  if (c_.kind == Kind::kMixed) {
    const std::string_view glued = run_.Part(c_.parts.back());
    if (glued.empty() ||
        glued.find_first_not_of("0123456789") != std::string_view::npos) {
      return Verdict::kNext;
    }
    name_end = c_.parts.back().begin;
  } else if (c_.kind != Kind::kKatakana) {
    return Verdict::kNext;
  }
  const size_t n = RegnalNumberLength(run_.text_, name_end);
  if (n == 0) return Verdict::kNext;
  if (c_.kind == Kind::kMixed) {
    c_.parts.pop_back();
    c_.kind = Kind::kKatakana;
  }
  c_.end = name_end + static_cast<uint32_t>(n);
  return Type(EntityType::kPerson, 3, "regnal");
}

Verdict Decision::KatakanaHonorific() {
  if (c_.kind != Kind::kMixed && run_.HonorificAfter(c_.end) && Chars() >= 2) {
    return Type(EntityType::kPerson, 2, "katakana_context");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaTitleOrRole() {
  if (c_.kind != Kind::kMixed &&
      (run_.TitleAfter(c_.end) || run_.RoleBefore(c_.begin)) &&
      !run_.CompanyEvidence(c_) && CompanyContext() == 0 && !Place() &&
      Chars() >= 2) {
    return Type(EntityType::kPerson, 2, "katakana_context");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaPlace() {
  if (Place()) c_.company_vetoed = true;
  return Verdict::kNext;
}

Verdict Decision::KatakanaProductContext() {
  if (!run_.lists_.product_after_strong.LongestPrefixOf(run_.After(c_.end))
           .empty() &&
      !Place()) {
    return Type(EntityType::kProduct, 1, "context");
  }
  return Verdict::kNext;
}

Verdict Decision::KatakanaCompanyContext() {
  // A run with a common noun inside (デジタルマーケティング, ネクサスAI)
  // needs strong context.
  const bool compound = run_.HasCommonToken(c_.begin, c_.end);
  const int ctx = CompanyContext();
  if (ctx > (compound ? 1 : 0) && !Place() && Chars() >= 2) {
    return Type(EntityType::kCompany, ctx, "context");
  }
  return Verdict::kNext;
}

}  // namespace kiji::extractors::names
