// People in a list: a word listed right beside a person (、 と ・ や
// between them: 淡井真紀、田中リタ; ゲーテのほかシラー、ヘルダー) is a person
// too when it is shaped like a name and no other mention covers it. The
// list is followed from each person to both sides, one item at a time, so
// a whole list of names is found from one of them.
#include <algorithm>
#include <deque>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/script.h"
#include "extractors/name_extractor.h"
#include "extractors/names/range_index.h"
#include "tokenizers/token_view.h"

namespace kiji::extractors {
namespace {

using corpus::EntityType;
using corpus::Mention;

// The separators of a list of names, longest first.
constexpr std::string_view kSeparators[] = {"、", "・", "と", "や", ","};

// The separator `text` begins with at `at`, else empty.
std::string_view SeparatorAt(std::string_view text, size_t at) {
  for (std::string_view s : kSeparators) {
    if (text.substr(at, s.size()) == s) return s;
  }
  return {};
}

// The separator `text` ends with before `at`, else empty.
std::string_view SeparatorBefore(std::string_view text, size_t at) {
  for (std::string_view s : kSeparators) {
    if (at >= s.size() && text.substr(at - s.size(), s.size()) == s) return s;
  }
  return {};
}

enum class Script { kNone, kKanji, kKatakana };

Script ScriptOf(char32_t c) {
  if (corpus::IsKanji(c)) return Script::kKanji;
  if (corpus::IsKatakanaWordChar(c)) return Script::kKatakana;
  return Script::kNone;
}

}  // namespace

bool NameExtractor::ListedName(const corpus::Document& doc,
                               const tokenizers::TokenViews& views,
                               size_t first_token, size_t last_token,
                               bool kanji) const {
  const std::vector<corpus::Token>& tokens = doc.tokens;
  const uint32_t b = tokens[first_token].norm_begin;
  const uint32_t e = tokens[last_token].norm_end;
  const std::string_view s = std::string_view(doc.normalized).substr(b, e - b);
  const size_t chars = corpus::CountCodePoints(s);
  if (chars < 2 || chars > (kanji ? 4u : 12u)) return false;
  const uint32_t tags = names_ != nullptr ? names_->Tags(s) : 0;
  if (tags & (lexicon::kPlace | lexicon::kCompany | lexicon::kOrg |
              lexicon::kProduct)) {
    return false;
  }
  // Names only: MeCab's person names, other proper nouns or words it does
  // not know; no common word (同様, 当時, 理事長).
  bool person_token = false;
  bool common = false;
  for (size_t t = first_token; t <= last_token; ++t) {
    const tokenizers::TokenView v = views[t];
    if (v.IsPlace() || v.IsOrganization()) return false;
    if (!v.IsNoun()) {
      common = true;  // 淡|井|真紀: a piece of a name MeCab read as a word
    } else if (v.IsPersonName()) {
      person_token = true;
    } else if (v.known() && !(v.IsProperNoun() && v.IsGeneralProperNoun())) {
      common = true;
    }
  }
  if (!common && (person_token || (tags & lexicon::kPersonTags) != 0)) {
    return true;
  }
  if (!kanji || names_ == nullptr || first_token == last_token) return false;
  // MeCab's pieces of a kanji name (亀|樋|哲生, 淡|井|真紀): a surname and
  // a given name ENAMDICT lists, cut between tokens, the given name a
  // person-name token of MeCab's or both of two characters or more.
  for (size_t t = first_token + 1; t <= last_token; ++t) {
    const uint32_t cut = doc.tokens[t].norm_begin - b;
    const std::string_view surname = s.substr(0, cut);
    const std::string_view given = s.substr(cut);
    bool given_token = false;
    for (size_t g = t; g <= last_token; ++g) {
      if (views[g].IsPersonName()) given_token = true;
    }
    if ((names_->Tags(surname) & lexicon::kSurname) &&
        (names_->Tags(given) & lexicon::kGiven) &&
        (given_token || (corpus::CountCodePoints(surname) >= 2 &&
                         corpus::CountCodePoints(given) >= 2))) {
      return true;
    }
  }
  return false;
}

void NameExtractor::MarkListedPeople(
    corpus::Document* doc, size_t first,
    const tokenizers::TokenViews& views) const {
  const std::vector<corpus::Token>& tokens = doc->tokens;
  const std::string_view text = doc->normalized;
  std::vector<Mention>& mentions = doc->mentions;
  if (tokens.empty() || mentions.size() == first) return;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  std::deque<std::pair<uint32_t, uint32_t>> people;
  for (size_t k = first; k < mentions.size(); ++k) {
    ranges.emplace_back(mentions[k].norm_begin, mentions[k].norm_end);
    if (mentions[k].type == EntityType::kPerson) {
      people.emplace_back(mentions[k].norm_begin, mentions[k].norm_end);
    }
  }
  if (people.empty()) return;
  // The token whose `field` (norm_begin or norm_end) is `at`, or kNone:
  // both are increasing over the tokens.
  constexpr size_t kNone = static_cast<size_t>(-1);
  auto token_at = [&](uint32_t corpus::Token::*field, uint32_t at) {
    const auto it = std::lower_bound(
        tokens.begin(), tokens.end(), at,
        [field](const corpus::Token& t, uint32_t v) { return t.*field < v; });
    return it != tokens.end() && (*it).*field == at
               ? static_cast<size_t>(it - tokens.begin())
               : kNone;
  };
  const names::RangeIndex taken(std::move(ranges));
  std::vector<Mention> added;
  auto free = [&](uint32_t b, uint32_t e) {
    return !taken.Overlaps(b, e) &&
           std::none_of(added.begin(), added.end(), [&](const Mention& m) {
             return m.norm_begin < e && b < m.norm_end;
           });
  };
  // The item [b, e) if it is a whole run of one script, token-aligned and
  // name-shaped.
  auto try_item = [&](uint32_t b, uint32_t e, Script script) {
    if (b >= e || !free(b, e)) return;
    const size_t fb = token_at(&corpus::Token::norm_begin, b);
    const size_t fe = token_at(&corpus::Token::norm_end, e);
    if (fb == kNone || fe == kNone || fe < fb) return;
    if (!ListedName(*doc, views, fb, fe, script == Script::kKanji)) {
      return;
    }
    Mention& m = added.emplace_back();
    m.type = EntityType::kPerson;
    m.norm_begin = b;
    m.norm_end = e;
    m.source = "person.list";
    people.emplace_back(b, e);
  };
  while (!people.empty()) {
    const auto [pb, pe] = people.front();
    people.pop_front();
    // To the right: separator, then a run of one script.
    if (const std::string_view sep = SeparatorAt(text, pe); !sep.empty()) {
      const size_t start = pe + sep.size();
      size_t i = start;
      const Script script = start < text.size()
                                ? ScriptOf(corpus::CodePointAt(text, start))
                                : Script::kNone;
      if (script != Script::kNone) {
        size_t end = start;
        while (i < text.size()) {
          const char32_t c = corpus::NextCodePoint(text, &i);
          if (ScriptOf(c) != script) break;
          end = i;
        }
        try_item(static_cast<uint32_t>(start), static_cast<uint32_t>(end),
                 script);
      }
    }
    // To the left: a run of one script, then the separator.
    if (const std::string_view sep = SeparatorBefore(text, pb); !sep.empty()) {
      const size_t end = pb - sep.size();
      if (end > 0) {
        size_t start = corpus::PrevCodePointStart(text, end);
        size_t j = start;
        const Script script = ScriptOf(corpus::NextCodePoint(text, &j));
        if (script != Script::kNone) {
          while (start > 0) {
            const size_t prev = corpus::PrevCodePointStart(text, start);
            size_t k = prev;
            if (ScriptOf(corpus::NextCodePoint(text, &k)) != script) break;
            start = prev;
          }
          try_item(static_cast<uint32_t>(start), static_cast<uint32_t>(end),
                   script);
        }
      }
    }
  }
  InsertMentions(doc, first, std::move(added));
}

}  // namespace kiji::extractors
