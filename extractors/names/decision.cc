// The decision: the precedence of the rules that type a candidate its
// generator left untyped, written down as ordered lists. The first rule of
// a list that decides (types the candidate, or rules out a name) ends the
// list; a rule that only notes something (a veto of one reading, a flag
// read by later passes) lets the next one decide. `Decision::Decide` runs:
//   1. kGazetteerRules, when the surface is a gazetteer entry (not WORD):
//      a decision there is final;
//   2. the list of the candidate's kind: kKatakanaRules (katakana, and
//      katakana glued to Latin), kLatinRules, kKanjiOrgRules (kanji
//      personal names are typed by their generators only);
//   3. kLastRules, whatever the kind list did.
// A rule's name is the snake_case of its member function; what it writes
// to `Mention::source` is "<type>.<label>", the label in its entry.
#include "extractors/names/decision.h"

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "extractors/names/run.h"

namespace kiji::extractors::names {

using lexicon::GazetteerType;
namespace {

const Rule kGazetteerRules[] = {
    // NOT_ENTITY: a user or generated entry that says the surface is never
    // a name (Torrance Group). No label.
    {"gazetteer_not_entity", &Decision::GazetteerNotEntity},
    // An era name before a year is a date, though a company bears it
    // (大正12年, 昭和13年, 平成元年). No label.
    {"era_before_year", &Decision::EraBeforeYear},
    // A company or organisation glued to an index word is part of a longer
    // noun (東証指数, 日経平均). No label.
    {"index_word_after", &Decision::IndexWordAfter},
    // A kanji surname before a person-only title is a person even when a
    // company bears the same name (杉浦首相, 野村被告). person.title.
    {"person_only_title_after", &Decision::PersonOnlyTitleAfter},
    // An unambiguous entry with no honorific after it (an honorific beats a
    // product or person entry: X氏), and no plain capitalised English word
    // (Apple at a sentence start): its type; a listed "company" with an
    // organisation ending is an ORG (参院, 最高裁, 民主党). *.gazetteer.
    {"gazetteer_entry_type", &Decision::GazetteerEntryType},
    // Note: any other entry is ambiguous (ハルモニア, a word too) and needs
    // company context (gazetteer_in_company_context), unless an honorific
    // follows it.
    {"gazetteer_ambiguous", &Decision::GazetteerAmbiguous},
};

const Rule kKatakanaRules[] = {
    // A regnal number after it: a monarch or pope, the span with the number
    // (ヘンリー8世, ルイ十四世, フリードリヒ・ヴィルヘルム3世; not 16世紀,
    // X世代). person.regnal.
    {"katakana_regnal", &Decision::KatakanaRegnal},
    // ENAMDICT lists the whole surface as a company, an organisation (not
    // for an ambiguous gazetteer name). company.enamdict, org.enamdict.
    {"katakana_enamdict_company", &Decision::KatakanaEnamdictCompany},
    {"katakana_enamdict_org", &Decision::KatakanaEnamdictOrg},
    // One IPADIC organisation token (ソニー).
    // company.ipadic.
    {"katakana_ipadic_org", &Decision::KatakanaIpadicOrg},
    // ENAMDICT lists a product, no honorific follows, and it is no person
    // name or has product context (Xの開発元). product.enamdict.
    {"katakana_enamdict_product", &Decision::KatakanaEnamdictProduct},
    // A company or organisation suffix ends it: a last part after a part
    // that is no common noun (ブライト・キャピタル), or the tail of a run
    // after a name of 2+ characters (ノヴァテクノロジーズ; not リサーチ
    // alone). company.suffix, org.suffix.
    {"katakana_suffix", &Decision::KatakanaSuffix},
    // Note: several parts in 「」 or 『』 name a work: no person
    // (『ルナ・ノヴァ』).
    {"katakana_title_quotes", &Decision::KatakanaTitleQuotes},
    // Several parts (not glued to Latin), weighed once (KatakanaParts): no
    // veto (a common-noun given name, most parts words, a part that is an
    // organisation, a ・-list of companies, loanword compounds, a surface
    // quoted as a title elsewhere; 氏/さん outweighs word parts) and a part
    // known as a name or an honorific, title, role or relative clause
    // (マリア・ロドリゲス氏, 共同創業者のトーマス・ベッカー).
    // person.katakana_context, person.katakana_name.
    {"katakana_person", &Decision::KatakanaPerson},
    // Several parts: 2-3 parts of 2+ characters, none a word, place or
    // organisation, outside quotes, without company or product context or
    // an organisation suffix after (ヘレナ・ドレイクが来た).
    // person.katakana_structure.
    {"katakana_structure", &Decision::KatakanaStructure},
    // Note: several parts not typed a person by now are no person.
    {"katakana_not_a_person", &Decision::KatakanaNotAPerson},
    // Several parts: common words can still name a company with strong
    // company context (投資会社ニュー・ホライズン). company.context.
    {"katakana_words_company", &Decision::KatakanaWordsCompany},
    // Several parts: nothing else; a vetoed one is no company either
    // (データ・サイエンティスト). No label.
    {"katakana_words", &Decision::KatakanaWords},
    // One part from here on. A one-token common noun right before 氏/さん is
    // a surname (ライト氏), and so is one ENAMDICT lists as a surname before
    // a person-only title (トランプ大統領). person.katakana_context.
    {"katakana_common_noun_surname", &Decision::KatakanaCommonNounSurname},
    // A common noun (or common-noun tokens, no person name) is no name
    // (マネージャー, チーム). No label.
    {"katakana_common_noun", &Decision::KatakanaCommonNoun},
    // An honorific after it (ベッカー氏). person.katakana_context.
    {"katakana_honorific", &Decision::KatakanaHonorific},
    // A title after it or a role before it, no company evidence or context,
    // no place (ロペスCEO, 研究者のペトロフ). person.katakana_context.
    {"katakana_title_or_role", &Decision::KatakanaTitleOrRole},
    // Note: a place is no company (アメリカに投資する).
    {"katakana_place", &Decision::KatakanaPlace},
    // Strong product context after it (Xの開発元, Xシリーズ).
    // product.context.
    {"katakana_product_context", &Decision::KatakanaProductContext},
    // Company context (ゼファリオに入社, 競合企業ヴェルダント); a run with
    // a common noun inside needs strong context (デジタルマーケティング).
    // company.context.
    {"katakana_company_context", &Decision::KatakanaCompanyContext},
};

const Rule kLatinRules[] = {
    // ENAMDICT lists the lower-cased span (not an acronym: API glosses some
    // organisation) as a company, organisation, product.
    // company.enamdict, org.enamdict, product.enamdict.
    {"latin_enamdict_company", &Decision::LatinEnamdictCompany},
    {"latin_enamdict_org", &Decision::LatinEnamdictOrg},
    {"latin_enamdict_product", &Decision::LatinEnamdictProduct},
    // One IPADIC organisation token: a user dictionary's (IPADIC writes
    // Latin names full-width, ＮＨＫ, which normalised text never holds).
    // company.ipadic.
    {"latin_ipadic_org", &Decision::LatinIpadicOrg},
    // An organisation word in 2+ words (Stanford University, University of
    // Leeds). org.suffix.
    {"latin_org_word", &Decision::LatinOrgWord},
    // A company word ends 2+ words (Quantix Inc., Helio Labs).
    // company.suffix.
    {"latin_company_word", &Decision::LatinCompanyWord},
    // Note: one all-caps word of up to 5 letters (AI, GPU) is generic: a
    // name only with strong evidence (read by the passes too).
    {"latin_generic_acronym", &Decision::LatinGenericAcronym},
    // 1-3 Capitalised words that are no company or place (the first word no
    // company, Acme Brain): an honorific after, a role or title before or a
    // relative clause (2+ words), or a title after without strong company
    // context (Hannah Schmidt氏, CEO Mark Lee). person.latin.
    {"latin_person_context", &Decision::LatinPersonContext},
    // The same, 2+ words in English text with a cue (executive X, X said,
    // Sweden's X), not after the/a/in..., no company context or evidence.
    // person.latin_context.
    {"latin_english_cue", &Decision::LatinEnglishCue},
    // The same, 2+ words with a known given name first or surname last
    // (Theresa May), not after an article or place preposition, without
    // strong company context. person.latin.
    {"latin_known_name", &Decision::LatinKnownName},
    // One person-shaped word before an honorific, no company evidence
    // (Novak氏). person.honorific.
    {"latin_honorific", &Decision::LatinHonorific},
    // Product context after it, not generic (VelaChatの開発元).
    // product.context.
    {"latin_product_context", &Decision::LatinProductContext},
    // A version-numbered name after の without strong company context
    // (QuillNetのQuill-3, Orbit 3.5 Pro). product.version.
    {"latin_version", &Decision::LatinVersion},
    // Company context; a generic acronym needs strong context (Fennicaに
    // 入社, Anzo社). company.context.
    {"latin_company_context", &Decision::LatinCompanyContext},
};

const Rule kKanjiOrgRules[] = {
    // A kanji organisation span no gazetteer knows (an IPADIC organisation
    // token, a user dictionary's): a company, or an organisation with an
    // organisation suffix; an ambiguous entry (自社) waits for context.
    // company.ipadic, org.ipadic.
    {"kanji_ipadic_org", &Decision::KanjiIpadicOrg},
};

const Rule kLastRules[] = {
    // An ambiguous gazetteer name still untyped, in company context
    // (ハルモニアに入社した) or in a sentence of business news (楽天が
    // 資本提携): its entry's type. *.gazetteer.
    {"gazetteer_in_company_context", &Decision::GazetteerInCompanyContext},
};

// Runs `rules` in order until one decides; whether one did.
bool RunRules(Decision& d, absl::Span<const Rule> rules) {
  for (const Rule& rule : rules) {
    if ((d.*rule.apply)() == Verdict::kDecided) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string_view> DecisionRuleNames() {
  std::vector<std::string_view> names;
  for (absl::Span<const Rule> rules : {absl::Span<const Rule>(kGazetteerRules),
                                       absl::Span<const Rule>(kKatakanaRules),
                                       absl::Span<const Rule>(kLatinRules),
                                       absl::Span<const Rule>(kKanjiOrgRules),
                                       absl::Span<const Rule>(kLastRules)}) {
    for (const Rule& rule : rules) names.push_back(rule.name);
  }
  return names;
}

void Run::Classify(Candidate& c) {
  if (c.type) return;  // typed by structure at generation
  Decision(*this, c).Decide();
}

Decision::Decision(Run& run, Candidate& c)
    : run_(run), c_(c), s_(run.Surface(c)) {}

void Decision::Decide() {
  entry_ = run_.Gaz(s_);
  if (entry_ != nullptr && entry_->type != GazetteerType::kWord &&
      RunRules(*this, kGazetteerRules)) {
    return;
  }
  switch (c_.kind) {
    case Kind::kKatakana:
    case Kind::kMixed:
      RunRules(*this, kKatakanaRules);
      break;
    case Kind::kLatin:
      RunRules(*this, kLatinRules);
      break;
    case Kind::kKanjiOrg:
      RunRules(*this, kKanjiOrgRules);
      break;
    case Kind::kKanjiPerson:
      break;
  }
  RunRules(*this, kLastRules);
}

Verdict Decision::Type(EntityType t, int strength, std::string_view rule) {
  SetType(c_, t, strength, rule);
  return Verdict::kDecided;
}

Verdict Decision::VetoBoth() {
  c_.person_vetoed = c_.company_vetoed = true;
  return Verdict::kDecided;
}

int Decision::CompanyContext() {
  if (!company_context_) company_context_ = run_.CompanyContext(c_);
  return *company_context_;
}

size_t Decision::Chars() {
  if (!chars_) chars_ = corpus::CountCodePoints(s_);
  return *chars_;
}

bool Decision::Honorific() {
  if (!honorific_) honorific_ = run_.HonorificAfter(c_.end);
  return *honorific_;
}

// ------------------------------------------------------- gazetteer entries

Verdict Decision::GazetteerNotEntity() {
  if (entry_->type != GazetteerType::kNotEntity) return Verdict::kNext;
  return VetoBoth();
}

Verdict Decision::EraBeforeYear() {
  if (!run_.japanese_ || !run_.lists_.era_names.Contains(s_)) {
    return Verdict::kNext;
  }
  const std::string_view text = run_.text_;
  const char32_t next = CodePointAt(text, c_.end);
  if ((next >= '0' && next <= '9') || text.substr(c_.end, 3) == "元" ||
      (next >= U'一' && next <= U'九') || next == U'十') {
    return VetoBoth();
  }
  return Verdict::kNext;
}

Verdict Decision::IndexWordAfter() {
  if (run_.japanese_ &&
      (entry_->type == GazetteerType::kCompany ||
       entry_->type == GazetteerType::kOrg) &&
      !run_.lists_.index_words.LongestPrefixOf(run_.After(c_.end)).empty()) {
    return VetoBoth();
  }
  return Verdict::kNext;
}

Verdict Decision::PersonOnlyTitleAfter() {
  if (run_.japanese_ && c_.kind == Kind::kKanjiOrg &&
      (entry_->type == GazetteerType::kCompany ||
       entry_->type == GazetteerType::kOrg) &&
      !run_.lists_.person_only_titles.LongestPrefixOf(run_.After(c_.end))
           .empty() &&
      run_.HasPersonToken(c_.begin, c_.end)) {
    return Type(EntityType::kPerson, 3, "title");
  }
  return Verdict::kNext;
}

Verdict Decision::GazetteerEntryType() {
  person_context_ = Honorific() && entry_->type != GazetteerType::kCompany &&
                    entry_->type != GazetteerType::kOrg;
  plain_english_word_ = !run_.japanese_ && c_.kind == Kind::kLatin &&
                        c_.parts.size() == 1 && PersonShaped(s_);
  if (entry_->ambiguous || *person_context_ || *plain_english_word_) {
    return Verdict::kNext;
  }
  EntityType t = *FromGazetteer(entry_->type);
  if (t == EntityType::kCompany && run_.japanese_ &&
      !run_.lists_.org_endings.LongestSuffixOf(s_).empty()) {
    t = EntityType::kOrg;
  }
  return Type(t, 3, "gazetteer");
}

Verdict Decision::GazetteerAmbiguous() {
  c_.ambiguous_gazetteer = !*person_context_ || *plain_english_word_;
  return Verdict::kNext;
}

// ------------------------------------------------- kanji and the last rule

Verdict Decision::KanjiIpadicOrg() {
  if (c_.ambiguous_gazetteer) return Verdict::kNext;
  const bool org = !run_.lists_.kanji_org_suffixes.LongestSuffixOf(s_).empty();
  return Type(org ? EntityType::kOrg : EntityType::kCompany, 3, "ipadic");
}

Verdict Decision::GazetteerInCompanyContext() {
  if (c_.type || !c_.ambiguous_gazetteer ||
      (CompanyContext() <= 0 && !run_.AloneInBusinessNews(c_))) {
    return Verdict::kNext;
  }
  return Type(*FromGazetteer(entry_->type), 2, "gazetteer");
}

}  // namespace kiji::extractors::names
