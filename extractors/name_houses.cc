// Houses: a family or noble house named by a surname and the suffix 家
// (島津|家, ハプスブルク|家, 安倍|家の墓) is one ORG mention of both, not a
// person or a place: the name before 家 names the house.
#include <algorithm>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "corpus/script.h"
#include "extractors/name_extractor.h"
#include "extractors/names/range_index.h"
#include "tokenizers/token_view.h"

namespace kiji::extractors {
namespace {

using corpus::EntityType;
using corpus::Mention;

bool NameType(EntityType t) {
  return t == EntityType::kPerson || t == EntityType::kCompany ||
         t == EntityType::kOrg || t == EntityType::kLocation;
}

}  // namespace

void NameExtractor::MarkHouses(corpus::Document* doc, size_t first,
                               const tokenizers::TokenViews& views) const {
  const std::vector<corpus::Token>& tokens = doc->tokens;
  std::vector<Mention>& mentions = doc->mentions;
  std::vector<Mention> added;
  // The names by where they end, and every mention's range, asked once per
  // 家 token.
  absl::flat_hash_map<uint32_t, size_t> name_ending_at;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  for (size_t k = first; k < mentions.size(); ++k) {
    if (NameType(mentions[k].type)) {
      name_ending_at.try_emplace(mentions[k].norm_end, k);
    }
    ranges.emplace_back(mentions[k].norm_begin, mentions[k].norm_end);
  }
  const names::RangeIndex taken(std::move(ranges));
  for (size_t i = 1; i < tokens.size(); ++i) {
    const tokenizers::TokenView house = views[i];
    if (doc->Surface(tokens[i]) != "家" || !house.IsSuffix() ||
        tokens[i - 1].norm_end != tokens[i].norm_begin) {
      continue;
    }
    const uint32_t at = tokens[i].norm_begin;
    // A name ending right before 家 becomes the house's.
    if (const auto named = name_ending_at.find(at);
        named != name_ending_at.end()) {
      Mention& m = mentions[named->second];
      m.type = EntityType::kOrg;
      m.norm_end = tokens[i].norm_end;
      m.source = "org.house";
      continue;
    }
    // Else a proper-noun token no mention covers, or an unknown word
    // ENAMDICT lists as a surname (not a word: 政治|家 is a politician).
    const tokenizers::TokenView stem = views[i - 1];
    const std::string_view s = doc->Surface(tokens[i - 1]);
    const bool covered =
        taken.Overlaps(tokens[i - 1].norm_begin, tokens[i].norm_end);
    const bool surname =
        stem.IsNoun() && !stem.IsSuffix() &&
        (corpus::AllKanji(s) || corpus::AllKatakana(s)) &&
        (stem.IsProperNoun() || (!stem.known() && names_ != nullptr &&
                                 (names_->Tags(s) & lexicon::kSurname) != 0));
    if (covered || !surname) continue;
    Mention& m = added.emplace_back();
    m.type = EntityType::kOrg;
    m.norm_begin = tokens[i - 1].norm_begin;
    m.norm_end = tokens[i].norm_end;
    m.source = "org.house";
  }
  InsertMentions(doc, first, std::move(added));
}

}  // namespace kiji::extractors
