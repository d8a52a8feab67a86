// Name candidates: spans the generators propose and the decision types
// (internal to extractors/names/).
//
// Not thread-safe; one `Run` owns its candidates.
#ifndef KIJI_EXTRACTORS_NAMES_CANDIDATE_H_
#define KIJI_EXTRACTORS_NAMES_CANDIDATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/document.h"
#include "lexicon/gazetteer.h"

namespace kiji::extractors::names {

using corpus::EntityType;

// A katakana part or a Latin word: byte offsets into the normalised text.
struct Word {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Which generator shape a candidate has: a katakana run (parts split at
// ・/=), Latin words, katakana glued to a Latin word (ネクサスAI), a kanji
// (or mixed) organisation or company span, a kanji personal name.
enum class Kind { kKatakana, kLatin, kMixed, kKanjiOrg, kKanjiPerson };

// The strength of the user's own entries: above every rule's.
inline constexpr int kUserStrength = 4;

struct Candidate {
  uint32_t begin = 0;
  uint32_t end = 0;
  Kind kind = Kind::kKatakana;
  std::vector<Word> parts;  // katakana parts / Latin words
  bool left_title = false;  // English title before (Mr., CEO ...)
  std::optional<EntityType> type;
  // kUserStrength the user's own gazetteer, 3 dictionary/structure, 2 strong
  // context, 1 weak.
  int strength = 0;
  std::string source;
  std::optional<size_t> alias_of;  // candidate index
  bool generic = false;            // all-caps acronym with no evidence
  bool person_vetoed = false;
  bool company_vetoed = false;
  bool ambiguous_gazetteer = false;
};

// "person", "company", "org", "product".
std::string_view TypePrefix(EntityType t);

// The entity type of a gazetteer type (none for NOT_ENTITY and WORD).
std::optional<EntityType> FromGazetteer(lexicon::GazetteerType t);

// Types `c` as `t` with `strength`, its source "<type>.<rule>"
// (person.katakana_context).
void SetType(Candidate& c, EntityType t, int strength, std::string_view rule);

}  // namespace kiji::extractors::names

#endif  // KIJI_EXTRACTORS_NAMES_CANDIDATE_H_
