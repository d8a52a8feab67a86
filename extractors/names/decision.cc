// The decision: the type of each candidate its generator left untyped.
#include <string>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

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

}  // namespace kiji::extractors::names
