// The names model's decision (NameExtractor::ApplyModel): the trained tagger
// (extractors/names/model.h) reads the rules' candidates as evidence, with
// the token view and the dictionaries (extractors/names/features.h), one
// sentence at a time, and decides which spans are PERSON and which COMPANY
// or ORG.
//
//   - A model span inside a rule mention of the same kind (PERSON; COMPANY
//     or ORG) confirms that mention: its extent, rule, COMPANY/ORG type and
//     gloss link are kept.
//   - Another PER or ORG span is a new mention: PERSON, or an organisation
//     typed by OrgType (COMPANY on company evidence, else ORG).
//   - A rule mention the model did not confirm is dropped when a model span
//     of another kind overlaps it (for a place or other name, LOC or OTH,
//     only a confident one, and never over a Latin-script name: in the
//     Wikipedia text the model learnt from, Latin words are mostly glosses
//     of titles and products), or when the model is sure no name is there
//     (kOutside; again not for a Latin-script name); otherwise it stays (the
//     rules know news names the training text lacks).
//   - Places (LOC) are LOCATION mentions where no other name is; other
//     names the model finds (OTH: products, events, works ...) are not
//     emitted.
#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "corpus/script.h"
#include "extractors/date_tables.h"
#include "extractors/name_extractor.h"
#include "extractors/names/features.h"
#include "extractors/names/model.h"
#include "extractors/names/name_lists.h"
#include "extractors/names/range_index.h"
#include "tokenizers/token_view.h"

namespace kiji::extractors {
namespace {

using corpus::EntityType;
using corpus::Mention;

bool SameKind(EntityType rule, std::string_view model_type) {
  if (model_type == "PER") return rule == EntityType::kPerson;
  if (model_type == "ORG") {
    return rule == EntityType::kCompany || rule == EntityType::kOrg;
  }
  return false;
}

// Brackets, spaces and punctuation a token glued to a name (".(" after
// "Inc"): never the first or last character of a name.
bool Edge(std::string_view c) {
  static constexpr std::string_view kEdges[] = {
      "(",  ")",  "[", "]",  "「", "」", "『", "』", "【", "】", "（", "）",
      "、", "。", ",", "・", " ",  "　", "\"", "'",  ":",  ";",  "!",  "?"};
  return std::find(std::begin(kEdges), std::end(kEdges), c) != std::end(kEdges);
}

// The model is sure that no name is there: the mean probability of O over
// the tokens of `m` (label 0 of the model) is at least kOutside.
constexpr float kOutside = 0.8f;
bool MostlyOutside(const Mention& m, absl::Span<const corpus::Token> tokens,
                   const std::vector<float>& prob, size_t k) {
  float sum = 0;
  int count = 0;
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (tokens[t].norm_begin < m.norm_end &&
        m.norm_begin < tokens[t].norm_end) {
      sum += prob[t * k];
      ++count;
    }
  }
  return count > 0 && sum / count >= kOutside;
}

// A place or other name (LOC, OTH) vetoes a rule's name under it only when
// the mean probability of its labels is at least this.
constexpr float kSureOther = 0.5f;

// [*b, *e) without the `Edge` characters at either end.
void Trim(std::string_view text, uint32_t* b, uint32_t* e) {
  while (*b < *e) {
    const std::string_view c = corpus::FirstChar(text.substr(*b, *e - *b));
    if (!Edge(c)) break;
    *b += static_cast<uint32_t>(c.size());
  }
  while (*b < *e) {
    const std::string_view c = corpus::LastChar(text.substr(*b, *e - *b));
    if (!Edge(c)) break;
    *e -= static_cast<uint32_t>(c.size());
  }
}

// Person spans the model tagged B-PER B-PER with nothing between them are
// one name (三ツ矢|遥香: the surname and the given name), and so are a kanji
// place of two characters or more right before a kanji person (千早|宗一郎:
// a surname that is a place too); `tokens`: the sentence's, of `text`.
std::vector<names::TaggedSpan> JoinNames(
    std::vector<names::TaggedSpan> spans, std::string_view text,
    absl::Span<const corpus::Token> tokens) {
  auto surface = [&](const names::TaggedSpan& s) {
    const uint32_t b = tokens[s.first].norm_begin;
    return text.substr(b, tokens[s.last].norm_end - b);
  };
  std::vector<names::TaggedSpan> out;
  for (names::TaggedSpan& s : spans) {
    if (!out.empty() && s.type == "PER" && out.back().last + 1 == s.first &&
        tokens[out.back().last].norm_end == tokens[s.first].norm_begin &&
        (out.back().type == "PER" ||
         (out.back().type == "LOC" && corpus::HasKanji(surface(out.back())) &&
          corpus::CountCodePoints(surface(out.back())) >= 2 &&
          corpus::AllKanji(surface(s))))) {
      names::TaggedSpan& joined = out.back();
      joined.type = s.type;
      const float a = static_cast<float>(joined.last - joined.first + 1);
      const float c = static_cast<float>(s.last - s.first + 1);
      joined.confidence = (joined.confidence * a + s.confidence * c) / (a + c);
      joined.last = s.last;
      continue;
    }
    out.push_back(s);
  }
  return out;
}

// Whether [b, e) of `text` begins or ends inside a katakana or Latin word
// (さくら|クラ|ウド: MeCab's pieces of one word are no name).
bool CutsARun(std::string_view text, uint32_t b, uint32_t e) {
  auto same_run = [](char32_t x, char32_t y) {
    return (corpus::IsKatakanaWordChar(x) && corpus::IsKatakanaWordChar(y)) ||
           (corpus::IsLatinLetter(x) && corpus::IsLatinLetter(y));
  };
  if (b > 0) {
    size_t i = corpus::PrevCodePointStart(text, b);
    const char32_t before = corpus::NextCodePoint(text, &i);
    size_t j = b;
    if (same_run(before, corpus::NextCodePoint(text, &j))) return true;
  }
  if (e < text.size()) {
    size_t i = corpus::PrevCodePointStart(text, e);
    const char32_t last = corpus::NextCodePoint(text, &i);
    size_t j = e;
    if (same_run(last, corpus::NextCodePoint(text, &j))) return true;
  }
  return false;
}

// Whether `t` is a kanji common noun of two characters or more, as a trade
// is named between a name and its company ending (浅野|木材|工業).
bool TradeNoun(const tokenizers::TokenView& t) {
  return t.IsNoun() && t.IsGeneral() && t.known() && t.AllKanji() &&
         corpus::CountCodePoints(t.surface()) >= 2;
}

// Whether the hiragana span of tokens [first, last] (of `views`, the
// sentence's tokens up to `end`) is a piece of a longer hiragana word that
// MeCab cut (こくりつじ|ょうほう..., ぬーと|ぴあ): a hiragana token glued
// before or after it that is no particle or auxiliary verb.
bool HiraganaPiece(const corpus::Document& doc,
                   const tokenizers::TokenViews& views, size_t begin,
                   size_t end, size_t first, size_t last) {
  const std::vector<corpus::Token>& tokens = doc.tokens;
  const uint32_t b = tokens[first].norm_begin;
  if (!corpus::AllHiragana(std::string_view(doc.normalized)
                               .substr(b, tokens[last].norm_end - b))) {
    return false;
  }
  auto word_piece = [&](size_t t) {
    const std::string_view s = doc.Surface(tokens[t]);
    return !s.empty() && corpus::AllHiragana(s) && !views[t].IsParticle() &&
           !views[t].IsAuxiliaryVerb();
  };
  return (first > begin &&
          tokens[first - 1].norm_end == tokens[first].norm_begin &&
          word_piece(first - 1)) ||
         (last + 1 < end &&
          tokens[last].norm_end == tokens[last + 1].norm_begin &&
          word_piece(last + 1));
}

}  // namespace

size_t NameExtractor::SplitSurnameStart(const corpus::Document& doc,
                                        const tokenizers::TokenViews& views,
                                        size_t begin, size_t given) const {
  if (names_ == nullptr) return given;
  const std::vector<corpus::Token>& tokens = doc.tokens;
  const std::string_view text = doc.normalized;
  for (size_t back = 1; back <= 2 && back <= given - begin; ++back) {
    const size_t p = given - back;
    if (tokens[p].norm_end != tokens[p + 1].norm_begin ||
        !views[p].AllKanji() || views[p].IsSuffix() || views[p].IsNumeral() ||
        views[p].IsPersonName()) {
      return given;
    }
    const uint32_t b = tokens[p].norm_begin;
    const std::string_view surname =
        text.substr(b, tokens[given].norm_begin - b);
    if (corpus::CountCodePoints(surname) > 3) return given;
    // The surname starts the kanji run.
    if (b > 0 && corpus::IsKanji(corpus::CodePointAt(
                     text, corpus::PrevCodePointStart(text, b)))) {
      continue;
    }
    return (names_->Tags(surname) & lexicon::kSurname) ? p : given;
  }
  return given;
}

corpus::EntityType NameExtractor::OrgType(
    std::string_view text, uint32_t b, uint32_t e,
    absl::Span<const Mention> rules, absl::Span<const size_t> which) const {
  const std::string_view s = text.substr(b, e - b);
  // An organisation's ending (大学, 学校, クラブ) wins over a company reading
  // of its stem.
  if (!lists_->kanji_org_suffixes.LongestSuffixOf(s).empty() ||
      !lists_->katakana_org_suffixes.LongestSuffixOf(s).empty() ||
      !lists_->org_ending_tokens.LongestSuffixOf(s).empty()) {
    return EntityType::kOrg;
  }
  for (size_t r : which) {
    if (rules[r].norm_begin < e && b < rules[r].norm_end &&
        rules[r].type == EntityType::kCompany) {
      return EntityType::kCompany;
    }
  }
  if (const lexicon::GazetteerEntry* g = gazetteer_->Find(s)) {
    if (g->type == lexicon::GazetteerType::kCompany) {
      return EntityType::kCompany;
    }
    if (g->type == lexicon::GazetteerType::kOrg) return EntityType::kOrg;
  }
  if (names_ != nullptr) {
    const uint32_t tags = names_->Tags(s);
    if ((tags & lexicon::kCompany) != 0 && (tags & lexicon::kOrg) == 0) {
      return EntityType::kCompany;
    }
  }
  return CompanyShaped(s) ||
                 !lists_->company_ending_tokens.LongestSuffixOf(s).empty()
             ? EntityType::kCompany
             : EntityType::kOrg;
}

bool NameExtractor::EraAlone(std::string_view text, uint32_t b,
                             uint32_t e) const {
  if (dates_ == nullptr) return false;
  const EraInfo* era = dates_->FindEra(text.substr(b, e - b));
  return era != nullptr && !era->emperor &&
         lists_->honorifics.LongestPrefixOf(text.substr(e)).empty();
}

bool NameExtractor::OrgEnding(std::string_view token) const {
  return (lists_->KanjiSuffixes(token) &
          (kCompanySuffix | kOrgSuffix | kWeakCompanySuffix)) != 0 ||
         lists_->katakana_company_suffixes.Contains(token) ||
         lists_->katakana_org_suffixes.Contains(token) ||
         lists_->org_ending_tokens.Contains(token) ||
         lists_->company_ending_tokens.Contains(token);
}

bool NameExtractor::CompanyShaped(std::string_view s) const {
  return !lists_->legal_forms.LongestPrefixOf(s).empty() ||
         !lists_->legal_forms.LongestSuffixOf(s).empty() ||
         !lists_->katakana_company_suffixes.LongestSuffixOf(s).empty() ||
         !lists_->kanji_company_suffixes.LongestSuffixOf(s).empty() ||
         !lists_->kanji_company_suffixes_weak.LongestSuffixOf(s).empty();
}

namespace {

// Per thread: the weights of each distinct token's own features
// (TokenFeatures::ForEachOwn), summed once per offset, by the token's
// OwnKey, for the extractor `owner`. Dropped when it grows past kMaxTokens:
// a token's sums are the same whenever they are made, so the cache never
// changes a result.
struct OwnSums {
  static constexpr size_t kMaxTokens = size_t{1} << 16;
  uint64_t owner = 0;
  absl::flat_hash_map<std::string, uint32_t> at;  // -> offset into `sums`
  std::vector<float> sums;  // 5 offsets x labels per token
};

std::atomic<uint64_t> next_extractor_id{1};

}  // namespace

uint64_t NameExtractor::NewId() { return next_extractor_id.fetch_add(1); }

void NameExtractor::Score(const corpus::Document& doc,
                          const tokenizers::TokenViews& views, size_t begin,
                          size_t end, absl::Span<const Mention> rules,
                          absl::Span<const size_t> which,
                          std::vector<float>* scores) const {
  thread_local OwnSums cache;
  thread_local std::string key;
  const size_t k = model_->num_labels();
  const size_t n = end - begin;
  if (cache.owner != id_ || cache.at.size() >= OwnSums::kMaxTokens) {
    cache.owner = id_;
    cache.at.clear();
    cache.sums.clear();
  }
  std::vector<uint32_t> own(n);
  for (size_t j = 0; j < n; ++j) {
    const corpus::Token& t = doc.tokens[begin + j];
    names::TokenFeatures::OwnKey(doc, t, &key);
    auto [it, added] =
        cache.at.try_emplace(key, static_cast<uint32_t>(cache.sums.size()));
    if (added) {
      const size_t base = cache.sums.size();
      cache.sums.resize(base + 5 * k, 0.0f);
      features_->ForEachOwn(doc.Surface(t), views[begin + j],
                            [&](int d, names::FeatureParts f) {
                              model_->Add(f, &cache.sums[base + (d + 2) * k]);
                            });
    }
    own[j] = it->second;
  }
  scores->assign(n * k, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    float* out = &(*scores)[i * k];
    for (int d = -2; d <= 2; ++d) {
      const long j = static_cast<long>(i) + d;
      if (j < 0 || j >= static_cast<long>(n)) continue;
      const float* add = &cache.sums[own[j] + (d + 2) * k];
      for (size_t l = 0; l < k; ++l) out[l] += add[l];
    }
  }
  features_->ForEachContext(doc, begin, end, rules, which,
                            [&](size_t token, names::FeatureParts f) {
                              model_->Add(f, &(*scores)[(token - begin) * k]);
                            });
}

void NameExtractor::ApplyModel(corpus::Document* doc, size_t first,
                               const tokenizers::TokenViews& views) const {
  const std::vector<corpus::Token>& tokens = doc->tokens;
  // The model reads MeCab's features: Japanese text only.
  if (tokens.empty() ||
      std::none_of(tokens.begin(), tokens.end(),
                   [](const corpus::Token& t) { return t.feature_len > 0; })) {
    return;
  }
  const std::vector<Mention> rules(doc->mentions.begin() + first,
                                   doc->mentions.end());
  const std::string_view text = doc->normalized;
  const size_t k = model_->num_labels();

  std::vector<Mention> decided;
  std::vector<std::optional<size_t>> rule_at(rules.size());  // -> decided
  std::vector<bool> rule_seen(rules.size());
  std::vector<float> prob;
  struct Span {
    uint32_t begin, end;
    bool named;  // PER or ORG (not LOC or OTH)
    float confidence;
    bool place;  // LOC
  };
  std::vector<Span> spans;
  names::TokenFeatures::Sentences(
      *doc, rules,
      [&](size_t begin, size_t end, absl::Span<const size_t> which) {
        const size_t sentence_start = decided.size();
        // An era name alone (朱鳥は…元号) is no person.
        auto EraPerson = [&](const Mention& m) {
          return m.type == EntityType::kPerson &&
                 EraAlone(text, m.norm_begin, m.norm_end);
        };
        Score(*doc, views, begin, end, rules, which, &prob);
        model_->ToProbabilities(&prob);
        spans.clear();
        for (const names::TaggedSpan& span :
             JoinNames(model_->Decode(prob), text,
                       absl::MakeConstSpan(tokens).subspan(begin))) {
          // A number before its counter is no part of a name (穴吹興産|1|社).
          size_t last = begin + span.last;
          while (last > begin + span.first && views[last].IsNumeral() &&
                 last + 1 < end && views[last + 1].IsSuffix() &&
                 views[last + 1].pos2() == "助数詞") {
            --last;
          }
          // A katakana word glued after a kanji name is no part of it
          // (熊田|コール, 山田|チーム): a person's name does not go on in a
          // common loanword.
          while (span.type == "PER" && last > begin + span.first &&
                 views[last].known() && views[last].IsNoun() &&
                 (views[last].IsGeneral() || views[last].IsSahenNoun()) &&
                 views[last].AllKatakana() && views[last - 1].AllKanji()) {
            --last;
          }
          // A kanji given name glued after a kanji person is theirs
          // (佐脇|有紀 裁判長).
          if (span.type == "PER" && last + 1 < end &&
              tokens[last].norm_end == tokens[last + 1].norm_begin &&
              views[last].AllKanji() && views[last + 1].AllKanji() &&
              views[last + 1].IsPersonName() && views[last + 1].IsGivenName() &&
              views[last + 1].known() && !views[last].IsGivenName()) {
            ++last;
          }
          // A kanji given name alone whose surname MeCab cut into words
          // (淡|井|健太): the one or two kanji tokens before it, from the
          // start of the kanji run, when ENAMDICT lists them as a surname.
          size_t first_token = begin + span.first;
          if (span.type == "PER" && first_token == last &&
              views[first_token].IsGivenName() &&
              views[first_token].AllKanji()) {
            first_token = SplitSurnameStart(*doc, views, begin, first_token);
          }
          uint32_t b = tokens[first_token].norm_begin;
          uint32_t e = tokens[last].norm_end;
          Trim(text, &b, &e);
          if (b == e || CutsARun(text, b, e) ||
              HiraganaPiece(*doc, views, begin, end, begin + span.first,
                            last)) {
            continue;
          }
          bool named = span.type == "PER" || span.type == "ORG";
          std::string_view type = span.type;
          // Company or organisation endings right after a name or a place
          // make it an organisation's (朝霧|建設, 北陵|大学, 済美高等|学校,
          // 天草本渡|クラブ), and so does one after a kanji common noun of
          // its trade (浅野|木材|工業).
          for (size_t next = last + 1; (named || span.type == "LOC") &&
                                       next < end && next <= last + 2 &&
                                       tokens[next].norm_begin == e;) {
            size_t take = 0;
            if (OrgEnding(doc->Surface(tokens[next]))) {
              take = 1;
            } else if (next + 1 < end && next + 1 <= last + 2 &&
                       tokens[next + 1].norm_begin == tokens[next].norm_end &&
                       TradeNoun(views[next]) &&
                       OrgEnding(doc->Surface(tokens[next + 1]))) {
              take = 2;
            } else if (type == "ORG" && views[next].IsSuffix() &&
                       views[next].pos2() == "一般" &&  // not a counter (1|社)
                       lists_->org_unit_suffixes.Contains(
                           doc->Surface(tokens[next]))) {
              // 国連人権理事|会: a one-kanji unit suffix after an
              // organisation.
              take = 1;
            }
            if (take == 0) break;
            next += take;
            e = tokens[next - 1].norm_end;
            type = "ORG";
            named = true;
          }
          spans.push_back(
              {b, e, named, span.confidence, !named && span.type == "LOC"});
          if (!named) continue;
          // A rule mention of the same kind that covers the span (北斗精機
          // over the model's 北斗) is confirmed.
          std::optional<size_t> same;
          for (size_t r : which) {
            if (rules[r].norm_begin <= b && rules[r].norm_end >= e &&
                SameKind(rules[r].type, type)) {
              same = r;
              break;
            }
          }
          if (same.has_value()) {
            if (!rule_at[*same].has_value() && !EraPerson(rules[*same])) {
              rule_at[*same] = decided.size();
              decided.push_back(rules[*same]);
            }
            continue;
          }
          if (type == "PER" && EraAlone(text, b, e)) continue;
          Mention& m = decided.emplace_back();
          m.norm_begin = b;
          m.norm_end = e;
          if (type == "PER") {
            m.type = EntityType::kPerson;
            m.source = "person.model";
          } else {
            m.type = OrgType(text, b, e, rules, which);
            m.source =
                m.type == EntityType::kCompany ? "company.model" : "org.model";
          }
        }
        for (size_t r : which) {
          // A rule mention across two sentences is judged in the first.
          if (rule_seen[r]) continue;
          rule_seen[r] = true;
          if (rule_at[r].has_value() || EraPerson(rules[r])) continue;
          // A place or other name over a Latin-script rule name does not veto
          // it, nor does the model's certainty of O: in the training text
          // Latin words are mostly glosses of titles and products, while
          // news names people and companies in Latin script.
          const Mention& rule = rules[r];
          const bool latin = corpus::HasLatinLetter(
              text.substr(rule.norm_begin, rule.norm_end - rule.norm_begin));
          const bool overlaps =
              std::any_of(spans.begin(), spans.end(), [&](const Span& m) {
                return m.begin < rule.norm_end && rule.norm_begin < m.end &&
                       (m.named || (!latin && m.confidence >= kSureOther));
              });
          if (overlaps ||
              (!latin && MostlyOutside(rule,
                                       absl::MakeConstSpan(tokens).subspan(
                                           begin, end - begin),
                                       prob, k))) {
            continue;
          }
          rule_at[r] = decided.size();
          decided.push_back(rule);
        }
        // Places, where no name of the sentence is.
        for (const Span& place : spans) {
          if (!place.place) continue;
          const bool taken = std::any_of(decided.begin() + sentence_start,
                                         decided.end(), [&](const Mention& m) {
                                           return m.norm_begin < place.end &&
                                                  place.begin < m.norm_end;
                                         });
          if (taken) continue;
          Mention& m = decided.emplace_back();
          m.type = EntityType::kLocation;
          m.norm_begin = place.begin;
          m.norm_end = place.end;
          m.source = "location.model";
        }
      });
  // In text order, none overlapping another (where a span the model
  // widened or a rule mention it confirmed reaches into a later one, the
  // earlier, then the one decided first, stays), with the gloss links
  // renumbered (a link to a mention that was dropped is dropped).
  std::vector<size_t> order(decided.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return decided[a].norm_begin < decided[b].norm_begin;
  });
  // Legal forms of organisations are no names, nor are their parts
  // (一般|社団|法人: not ORG 一般社団).
  std::vector<std::pair<uint32_t, uint32_t>> legal_forms;
  for (std::string_view form : lists_->org_legal_forms.words()) {
    for (size_t at = text.find(form); at != std::string_view::npos;
         at = text.find(form, at + form.size())) {
      legal_forms.emplace_back(static_cast<uint32_t>(at),
                               static_cast<uint32_t>(at + form.size()));
    }
  }
  const names::RangeIndex legal_form_index(std::move(legal_forms));
  auto in_legal_form = [&](const Mention& m) {
    return legal_form_index.Holds(m.norm_begin, m.norm_end);
  };
  constexpr size_t kDropped = static_cast<size_t>(-1);
  std::vector<size_t> position(decided.size(), kDropped);
  uint32_t covered = 0;  // the end of the last mention kept
  size_t kept = 0;
  for (size_t i : order) {
    if (kept > 0 && decided[i].norm_begin < covered) continue;
    if (in_legal_form(decided[i])) continue;
    position[i] = kept++;
    covered = decided[i].norm_end;
  }
  doc->mentions.resize(first);
  for (size_t i : order) {
    if (position[i] == kDropped) continue;
    Mention m = std::move(decided[i]);
    if (m.alias_of.has_value()) {
      const size_t old = *m.alias_of;
      const bool target_kept = old >= first && old - first < rules.size() &&
                               rule_at[old - first].has_value() &&
                               position[*rule_at[old - first]] != kDropped;
      if (target_kept) {
        m.alias_of = first + position[*rule_at[old - first]];
      } else {
        m.alias_of.reset();
      }
    }
    doc->mentions.push_back(std::move(m));
  }
}

}  // namespace kiji::extractors
