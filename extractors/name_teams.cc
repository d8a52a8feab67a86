// Teams: a company's name in a sentence about a game names the team or the
// club (長友が所属するインテルは試合に勝った: Inter, not Intel). Typed ORG,
// the team and the company stay two entities, as reconciliation never
// merges names of different types.
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "corpus/script.h"
#include "extractors/name_extractor.h"
#include "extractors/names/name_lists.h"
#include "extractors/names/text.h"

namespace kiji::extractors {
namespace {

using corpus::EntityType;
using corpus::Mention;

// Whether `sentence` is about a game: a word of `strong` and another word
// of `strong` or `weak`, different ones.
bool AboutAGame(const lexicon::WordList& strong, const lexicon::WordList& weak,
                std::string_view sentence) {
  std::string_view first;  // the first word found
  bool has_strong = false;
  for (size_t i = 0; i < sentence.size();) {
    const std::string_view rest = sentence.substr(i);
    std::string_view w = strong.LongestPrefixOf(rest);
    const bool is_strong = !w.empty();
    if (!is_strong) w = weak.LongestPrefixOf(rest);
    if (w.empty()) {
      i += corpus::SequenceLength(static_cast<unsigned char>(sentence[i]));
      continue;
    }
    if (first.empty()) {
      first = w;
      has_strong = is_strong;
    } else if (w != first && (has_strong || is_strong)) {
      return true;
    }
    has_strong = has_strong || is_strong;
    i += w.size();
  }
  return false;
}

}  // namespace

void NameExtractor::TypeTeams(corpus::Document* doc, size_t first) const {
  const std::string_view text = doc->normalized;
  std::vector<Mention>& mentions = doc->mentions;
  // Sentences already weighed, by their first byte.
  absl::flat_hash_map<size_t, bool> about_a_game;
  for (size_t i = first; i < mentions.size(); ++i) {
    Mention& m = mentions[i];
    if (m.type != EntityType::kCompany || m.alias_of.has_value()) continue;
    const std::string_view s =
        text.substr(m.norm_begin, m.norm_end - m.norm_begin);
    if (CompanyShaped(s)) continue;
    const std::string_view sentence =
        names::SentenceAround(text, m.norm_begin, m.norm_end);
    const size_t at = static_cast<size_t>(sentence.data() - text.data());
    auto [it, added] = about_a_game.try_emplace(at, false);
    if (added) {
      it->second =
          AboutAGame(lists_->sports_words, lists_->sports_words_weak, sentence);
    }
    if (!it->second) continue;
    m.type = EntityType::kOrg;
    m.source = "org.team";
  }
  // A gloss or abbreviation takes the type of the name it glosses.
  for (size_t i = first; i < mentions.size(); ++i) {
    Mention& m = mentions[i];
    if (m.alias_of.has_value() && *m.alias_of < mentions.size() &&
        mentions[*m.alias_of].source == "org.team" &&
        m.type == EntityType::kCompany) {
      m.type = EntityType::kOrg;
      m.source = "org.team";
    }
  }
}

}  // namespace kiji::extractors
