#include "extractors/names/candidate.h"

namespace kiji::extractors::names {

using lexicon::GazetteerType;

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

void SetType(Candidate& c, EntityType t, int strength, std::string_view rule) {
  c.type = t;
  c.strength = strength;
  // Built in place: no temporaries, and a retyped candidate reuses the
  // buffer.
  const std::string_view prefix = TypePrefix(t);
  c.source.clear();
  c.source.reserve(prefix.size() + 1 + rule.size());
  c.source.append(prefix).append(1, '.').append(rule);
}

}  // namespace kiji::extractors::names
