// The decision: the type of a candidate its generator left untyped, by
// ordered lists of named rules (internal to extractors/names/).
//
// decision.cc holds the lists, in their order of precedence, with what
// each rule is for and an example; the rule bodies are the member functions
// named like the rules (katakana rules in decision_katakana.cc, Latin ones
// in decision_latin.cc). A `Decision` also holds the facts the rules share
// (ENAMDICT tags, place, company context ...), each computed on the first
// rule that asks for it.
//
// Not thread-safe: one Decision per candidate, inside one `Run`.
#ifndef KIJI_EXTRACTORS_NAMES_DECISION_H_
#define KIJI_EXTRACTORS_NAMES_DECISION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/names/candidate.h"
#include "extractors/names/text.h"
#include "lexicon/gazetteer.h"

namespace kiji::extractors::names {

class Run;

// What a rule did.
enum class Verdict {
  kNext,     // nothing decided: the next rule is asked
  kDecided,  // typed the candidate, or ruled out a name: no later rule of
             // its list is asked
};

// Facts a Decision weighs once (outside the class so that std::optional of
// them is complete where the class is; clang requires it).
struct DecisionParts {
  bool vetoed = false;      // no person, whatever the evidence
  bool evidence = false;    // a part is a known name, or attested
  bool context = false;     // honorific, title, role or clause
  bool structural = false;  // 2-3 parts, none a known word or place
  int company_parts = 0;    // parts ENAMDICT lists as companies
};

struct DecisionLatinWords {
  bool company_word = false;  // the last of 2+ words (Acme Corp)
  bool org_word = false;      // any word (University of Leeds)
  bool non_name = false;      // a word that is in no personal name
  bool has_digit = false;
};

struct DecisionLatinPerson {
  bool shape = false;    // 1-3 Capitalised words, no digits or non-names
  bool blocked = false;  // the first word a company, or a place
  bool english_cue = false;
  bool non_person_before = false;
  bool title_or_place_before = false;
};

class Decision {
 public:
  Decision(Run& run, Candidate& c);

  // Runs the lists of decision.cc on the candidate.
  void Decide();

  // A gazetteer entry (not WORD) of the whole surface.
  Verdict GazetteerNotEntity();
  Verdict EraBeforeYear();
  Verdict IndexWordAfter();
  Verdict PersonOnlyTitleAfter();
  Verdict GazetteerEntryType();
  Verdict GazetteerAmbiguous();
  // Katakana (and katakana glued to Latin).
  Verdict KatakanaRegnal();
  Verdict KatakanaEnamdictCompany();
  Verdict KatakanaEnamdictOrg();
  Verdict KatakanaIpadicOrg();
  Verdict KatakanaEnamdictProduct();
  Verdict KatakanaSuffix();
  Verdict KatakanaTitleQuotes();
  Verdict KatakanaPerson();
  Verdict KatakanaStructure();
  Verdict KatakanaNotAPerson();
  Verdict KatakanaWordsCompany();
  Verdict KatakanaWords();
  Verdict KatakanaCommonNounSurname();
  Verdict KatakanaCommonNoun();
  Verdict KatakanaHonorific();
  Verdict KatakanaTitleOrRole();
  Verdict KatakanaPlace();
  Verdict KatakanaProductContext();
  Verdict KatakanaCompanyContext();
  // Latin.
  Verdict LatinEnamdictCompany();
  Verdict LatinEnamdictOrg();
  Verdict LatinEnamdictProduct();
  Verdict LatinIpadicOrg();
  Verdict LatinOrgWord();
  Verdict LatinCompanyWord();
  Verdict LatinGenericAcronym();
  Verdict LatinPersonContext();
  Verdict LatinEnglishCue();
  Verdict LatinKnownName();
  Verdict LatinHonorific();
  Verdict LatinProductContext();
  Verdict LatinVersion();
  Verdict LatinCompanyContext();
  // Kanji organisation spans.
  Verdict KanjiIpadicOrg();
  // After the rules of the candidate's kind.
  Verdict GazetteerInCompanyContext();

 private:
  // Types the candidate (`SetType`); returns kDecided.
  Verdict Type(EntityType t, int strength, std::string_view rule);
  // Rules out both a person and a company; returns kDecided.
  Verdict VetoBoth();
  // ENAMDICT tags of the lower-cased Latin surface, for a span that is no
  // acronym (0 without ENAMDICT).
  uint32_t RomanTags();

  // Shared facts, computed on first use.
  int CompanyContext();  // Run::CompanyContext: 0, 1 weak, 2 strong
  size_t Chars();        // code points of the surface
  // Katakana.
  uint32_t Tags();  // ENAMDICT tags of the surface
  bool Multipart() const;
  bool Place();   // a place by ENAMDICT or IPADIC
  bool Common();  // one part that is a dictionary common noun
  // The parts of a multi-part katakana name, weighed once.
  using Parts = DecisionParts;
  const Parts& KatakanaParts();
  // Latin.
  using LatinWords = DecisionLatinWords;
  const LatinWords& Words();
  using LatinPerson = DecisionLatinPerson;
  const LatinPerson& Person();
  bool Honorific();  // Run::HonorificAfter(c.end)

  Run& run_;
  Candidate& c_;
  const std::string_view s_;  // the surface
  const lexicon::GazetteerEntry* entry_ = nullptr;
  std::optional<int> company_context_;
  std::optional<size_t> chars_;
  std::optional<uint32_t> tags_;
  std::optional<bool> place_;
  std::optional<bool> common_;
  std::optional<Parts> parts_;
  std::optional<LatinWords> words_;
  std::optional<LatinPerson> person_;
  std::optional<bool> honorific_;
  std::optional<uint32_t> roman_tags_;
  std::optional<bool> person_context_;
  std::optional<bool> plain_english_word_;
};

// A named rule of the decision.
struct Rule {
  std::string_view name;
  Verdict (Decision::*apply)();
};

// The names of the rules of every list, in the order `Decide` asks them
// (for tests and documentation).
std::vector<std::string_view> DecisionRuleNames();

}  // namespace kiji::extractors::names

#endif  // KIJI_EXTRACTORS_NAMES_DECISION_H_
