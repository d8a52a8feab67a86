// Houses: a family or noble house named by a surname and the suffix 家
// (島津|家, ハプスブルク|家, 安倍|家の墓) is one ORG mention of both, not a
// person or a place: the name before 家 names the house.
#include <algorithm>
#include <string_view>
#include <vector>

#include "corpus/script.h"
#include "extractors/name_extractor.h"
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
  for (size_t i = 1; i < tokens.size(); ++i) {
    const tokenizers::TokenView house = views[i];
    if (doc->Surface(tokens[i]) != "家" || !house.IsSuffix() ||
        tokens[i - 1].norm_end != tokens[i].norm_begin) {
      continue;
    }
    const uint32_t at = tokens[i].norm_begin;
    // A name ending right before 家 becomes the house's.
    auto named = std::find_if(
        mentions.begin() + static_cast<std::ptrdiff_t>(first), mentions.end(),
        [&](const Mention& m) { return m.norm_end == at && NameType(m.type); });
    if (named != mentions.end()) {
      named->type = EntityType::kOrg;
      named->norm_end = tokens[i].norm_end;
      named->source = "org.house";
      continue;
    }
    // Else a proper-noun token no mention covers, or an unknown word
    // ENAMDICT lists as a surname (not a word: 政治|家 is a politician).
    const tokenizers::TokenView stem = views[i - 1];
    const std::string_view s = doc->Surface(tokens[i - 1]);
    const bool covered =
        std::any_of(mentions.begin() + static_cast<std::ptrdiff_t>(first),
                    mentions.end(), [&](const Mention& m) {
                      return m.norm_begin < tokens[i].norm_end &&
                             tokens[i - 1].norm_begin < m.norm_end;
                    });
    const bool surname =
        stem.IsNoun() && !stem.IsSuffix() &&
        (corpus::AllKanji(s) || corpus::AllKatakana(s)) &&
        (stem.IsProperNoun() ||
         (!stem.known() && names_ != nullptr &&
          (names_->Tags(s) & lexicon::kSurname) != 0));
    if (covered || !surname) continue;
    Mention& m = added.emplace_back();
    m.type = EntityType::kOrg;
    m.norm_begin = tokens[i - 1].norm_begin;
    m.norm_end = tokens[i].norm_end;
    m.source = "org.house";
  }
  if (added.empty()) return;
  // The new mentions join the others in text order; gloss links follow
  // the mentions they point at.
  std::vector<Mention> all(
      mentions.begin() + static_cast<std::ptrdiff_t>(first), mentions.end());
  const size_t old_count = all.size();
  for (Mention& m : added) all.push_back(std::move(m));
  std::vector<size_t> order(all.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return all[a].norm_begin < all[b].norm_begin;
  });
  std::vector<size_t> position(all.size());
  for (size_t k = 0; k < order.size(); ++k) position[order[k]] = first + k;
  mentions.resize(first);
  for (size_t k : order) {
    Mention m = std::move(all[k]);
    if (m.alias_of.has_value() && *m.alias_of >= first &&
        *m.alias_of - first < old_count) {
      m.alias_of = position[*m.alias_of - first];
    }
    mentions.push_back(std::move(m));
  }
}

}  // namespace kiji::extractors
