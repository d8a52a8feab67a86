// The names model's features (features.h): the dictionaries and cue tables
// looked up once per token, then one pass over the tokens handing each
// feature to the caller in pieces.
#include "extractors/names/features.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "corpus/script.h"
#include "extractors/names/name_lists.h"
#include "tokenizers/token_view.h"

namespace kiji::extractors::names {
namespace {

using corpus::Document;
using corpus::EntityType;
using corpus::Mention;
using tokenizers::TokenView;

// The scripts of a token's characters, runs collapsed, at most 4:
// K kanji, k katakana (with ー), h hiragana, A/a Latin upper/lower case,
// 0 digits, . the middle dot, s anything else ("Kk" for 米グーグル).
std::string CharClasses(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size() && out.size() < 4;) {
    const char32_t c = corpus::NextCodePoint(s, &i);
    char k = 's';
    if (corpus::IsKanji(c)) {
      k = 'K';
    } else if (corpus::IsKatakanaWordChar(c)) {
      k = 'k';
    } else if (corpus::IsHiragana(c)) {
      k = 'h';
    } else if (c >= 'A' && c <= 'Z') {
      k = 'A';
    } else if (corpus::IsLatinLetter(c)) {
      k = 'a';
    } else if (c >= '0' && c <= '9') {
      k = '0';
    } else if (c == U'・') {
      k = '.';
    }
    if (out.empty() || out.back() != k) out.push_back(k);
  }
  return out;
}

constexpr std::string_view kOffset[] = {"-2", "-1", "0", "+1", "+2"};
constexpr std::string_view kDigits[] = {"0", "1", "2", "3", "4", "5", "6"};

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// ENAMDICT tag letters, as the dictionary writes them.
constexpr std::array<std::pair<uint32_t, std::string_view>, 10> kTagLetters = {{
    {lexicon::kSurname, "s"},
    {lexicon::kGiven, "g"},
    {lexicon::kUnclassified, "u"},
    {lexicon::kFullName, "h"},
    {lexicon::kPlace, "p"},
    {lexicon::kCompany, "c"},
    {lexicon::kOrg, "o"},
    {lexicon::kProduct, "pr"},
    {lexicon::kStation, "st"},
    {lexicon::kWork, "wk"},
}};

// What the dictionaries say of a text: ENAMDICT tags and the gazetteer's
// entry (null: none).
struct Lexicon {
  uint32_t tags = 0;
  const lexicon::GazetteerEntry* gazetteer = nullptr;
};

// "B-PERSON", "I-COMPANY" ...: where token [b, e) lies in a rule mention.
struct RuleTag {
  const Mention* mention = nullptr;
  char place = 'O';  // B, I, or P (the mention splits the token)
};

}  // namespace

void TokenFeatures::Sentences(
    const Document& doc, absl::Span<const Mention> rules,
    absl::FunctionRef<void(size_t, size_t, absl::Span<const size_t>)>
        sentence) {
  std::vector<size_t> sorted(rules.size());
  for (size_t r = 0; r < sorted.size(); ++r) sorted[r] = r;
  std::stable_sort(sorted.begin(), sorted.end(), [&](size_t a, size_t b) {
    return rules[a].norm_begin < rules[b].norm_begin;
  });
  const std::string_view text = doc.normalized;
  const size_t n = doc.tokens.size();
  size_t first_rule = 0;
  for (size_t begin = 0; begin < n;) {
    size_t end = begin;
    while (end < n) {
      const corpus::Token& t = doc.tokens[end++];
      const std::string_view s = doc.Surface(t);
      if (s == "。" || s == "！" || s == "？" || s == "!" || s == "?" ||
          end - begin == kMaxSentence) {
        break;
      }
      if (end < n &&
          text.substr(t.norm_end, doc.tokens[end].norm_begin - t.norm_end)
                  .find('\n') != std::string_view::npos) {
        break;
      }
    }
    const uint32_t b = doc.tokens[begin].norm_begin;
    const uint32_t e = doc.tokens[end - 1].norm_end;
    while (first_rule < sorted.size() &&
           rules[sorted[first_rule]].norm_end <= b) {
      ++first_rule;
    }
    size_t last_rule = first_rule;
    while (last_rule < sorted.size() &&
           rules[sorted[last_rule]].norm_begin < e) {
      ++last_rule;
    }
    sentence(begin, end,
             absl::MakeConstSpan(sorted).subspan(first_rule,
                                                 last_rule - first_rule));
    begin = end;
  }
}

namespace {

struct Cue {
  const lexicon::WordList* list;
  std::string_view name;
};

// The cue tables a token is looked up in, with their feature names.
std::array<Cue, 16> CueTables(const NameLists& lists) {
  return {{
      {&lists.honorifics, "hon"},
      {&lists.titles_after, "title"},
      {&lists.person_only_titles, "ptitle"},
      {&lists.roles_before, "role"},
      {&lists.legal_forms, "legal"},
      {&lists.kanji_company_suffixes, "kcs"},
      {&lists.kanji_org_suffixes, "kos"},
      {&lists.katakana_company_suffixes, "kkcs"},
      {&lists.katakana_org_suffixes, "kkos"},
      {&lists.category_nouns, "cat"},
      {&lists.company_before, "cbefore"},
      {&lists.company_after_strong, "cafter"},
      {&lists.corporate_titles, "ctitle"},
      {&lists.country_prefixes, "country"},
      {&lists.era_names, "era"},
      {&lists.employee_nouns, "employee"},
  }};
}

// The features of lexicon hits `x` of a token or of joined tokens seen from
// `where` ("0", "-1", "01" ...).
void TagFeatures(std::string_view where, const Lexicon& x,
                 absl::FunctionRef<void(FeatureParts)> out) {
  for (const auto& [bit, letter] : kTagLetters) {
    if ((x.tags & bit) == 0) continue;
    out({"E", where, "=", letter});
  }
  if (x.gazetteer != nullptr) {
    out({"G", where, "=", lexicon::GazetteerTypeName(x.gazetteer->type),
         x.gazetteer->ambiguous ? "?" : ""});
  }
}

}  // namespace

void TokenFeatures::OwnKey(const Document& doc, const corpus::Token& token,
                           std::string* key) {
  key->assign(doc.Surface(token));
  key->push_back('\t');
  key->append(doc.Features(token));
}

void TokenFeatures::ForEachOwn(
    std::string_view surface, const TokenView& u,
    absl::FunctionRef<void(int, FeatureParts)> emit) const {
  const std::string classes = CharClasses(surface);
  Lexicon single;
  if (!surface.empty()) {
    single.tags = names_ == nullptr ? 0 : names_->Tags(surface);
    single.gazetteer = gazetteer_.Find(surface);
  }
  std::string name_letters;  // the person and place tags, "s", "gu" ...
  for (const auto& [bit, letter] : kTagLetters) {
    if ((single.tags & bit) != 0 &&
        (bit & (lexicon::kPersonTags | lexicon::kPlace)) != 0) {
      name_letters += letter;
    }
  }
  uint32_t cue_bits = 0;
  const std::array<Cue, 16> cues = CueTables(lists_);
  for (size_t c = 0; c < cues.size(); ++c) {
    if (cues[c].list->Contains(surface)) cue_bits |= 1u << c;
  }
  for (int d = -2; d <= 2; ++d) {
    auto out = [&](FeatureParts parts) { emit(d, parts); };
    const std::string_view at = kOffset[d + 2];
    out({"w", at, "=", surface});
    if (d == 0) {
      out({"p0=", u.pos(), ",", u.pos1(), ",", u.pos2(), ",", u.pos3()});
    } else {
      out({"p", at, "=", u.pos(), ",", u.pos1(), ",", u.pos2()});
    }
    if (d < -1 || d > 1) continue;
    out({"c", at, "=", classes});
    TagFeatures(at, single, out);
    // The name tags with the scripts and the POS: a katakana proper noun
    // ENAMDICT lists as a surname is a name more surely than either alone.
    if (!name_letters.empty()) {
      out({"EC", at, "=", name_letters, "|", classes, "|", u.pos1()});
    }
    for (size_t c = 0; c < cues.size(); ++c) {
      if ((cue_bits & (1u << c)) == 0) continue;
      out({"L", at, "=", cues[c].name});
    }
    if (d != 0) continue;
    if (u.base() != "*" && u.base() != surface) out({"b0=", u.base()});
    const size_t length = CodePoints(surface);
    out({"len=", kDigits[std::min<size_t>(length, 6)]});
    if (length > 1) {
      out({"first=", corpus::FirstChar(surface)});
      out({"last=", corpus::LastChar(surface)});
    }
    if (length > 2) {
      const std::string_view s = surface;
      const size_t second = corpus::FirstChar(s).size();
      out({"first2=",
           s.substr(0, second + corpus::FirstChar(s.substr(second)).size())});
      const size_t last = corpus::PrevCodePointStart(s, s.size());
      out({"last2=", s.substr(corpus::PrevCodePointStart(s, last))});
    }
  }
}

void TokenFeatures::ForEach(
    const Document& doc, const tokenizers::TokenViews& views, size_t begin,
    size_t end, absl::Span<const Mention> rules, absl::Span<const size_t> which,
    absl::FunctionRef<void(size_t, FeatureParts)> emit) const {
  const size_t n = end - begin;
  if (n == 0) return;
  // Each token's own features, kept as text per offset (training only: a
  // tagger sums them once per distinct token instead).
  std::vector<std::array<std::vector<std::string>, 5>> own(n);
  for (size_t j = 0; j < n; ++j) {
    ForEachOwn(doc.Surface(doc.tokens[begin + j]), views[begin + j],
               [&](int d, FeatureParts parts) {
                 std::string f;
                 for (std::string_view p : parts) f += p;
                 own[j][d + 2].push_back(std::move(f));
               });
  }
  size_t at = 0;  // the token whose own features come next
  ForEachContext(doc, begin, end, rules, which,
                 [&](size_t token, FeatureParts parts) {
                   for (; at <= token - begin; ++at) {
                     for (int d = -2; d <= 2; ++d) {
                       const long j = static_cast<long>(at) + d;
                       if (j < 0 || j >= static_cast<long>(n)) continue;
                       for (const std::string& f : own[j][d + 2]) {
                         emit(begin + at, {f});
                       }
                     }
                   }
                   emit(token, parts);
                 });
}

void TokenFeatures::ForEachContext(
    const Document& doc, size_t begin, size_t end,
    absl::Span<const Mention> rules, absl::Span<const size_t> which,
    absl::FunctionRef<void(size_t, FeatureParts)> emit) const {
  const size_t n = end - begin;
  if (n == 0) return;
  const absl::Span<const corpus::Token> tokens =
      absl::MakeConstSpan(doc.tokens).subspan(begin, n);
  std::vector<std::string_view> surface(n);
  std::vector<std::string> classes(n);
  std::vector<RuleTag> rule(n);
  for (size_t i = 0; i < n; ++i) {
    surface[i] = doc.Surface(tokens[i]);
    classes[i] = CharClasses(surface[i]);
  }
  for (size_t r : which) {
    const Mention& m = rules[r];
    for (size_t i = 0; i < n; ++i) {
      const corpus::Token& t = tokens[i];
      if (t.norm_end <= m.norm_begin || t.norm_begin >= m.norm_end) continue;
      const bool inside =
          t.norm_begin >= m.norm_begin && t.norm_end <= m.norm_end;
      rule[i].mention = &m;
      rule[i].place = !inside ? 'P' : t.norm_begin == m.norm_begin ? 'B' : 'I';
    }
  }
  auto joined = [&](size_t a, size_t b) -> std::string_view {  // tokens a..b
    if (b >= n || tokens[a].norm_end > tokens[b].norm_begin) return {};
    for (size_t k = a; k < b; ++k) {
      if (tokens[k].norm_end != tokens[k + 1].norm_begin) return {};
    }
    return std::string_view(doc.normalized)
        .substr(tokens[a].norm_begin,
                tokens[b].norm_end - tokens[a].norm_begin);
  };
  // The lexicon hits of each token joined with the next one and with the
  // next two, looked up once.
  auto lexicon_of = [&](std::string_view text) {
    Lexicon x;
    if (text.empty()) return x;
    x.tags = names_ == nullptr ? 0 : names_->Tags(text);
    x.gazetteer = gazetteer_.Find(text);
    return x;
  };
  std::vector<Lexicon> pair(n), triple(n);
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n) pair[i] = lexicon_of(joined(i, i + 1));
    if (i + 2 < n) triple[i] = lexicon_of(joined(i, i + 2));
  }

  for (size_t i = 0; i < n; ++i) {
    auto out = [&](FeatureParts parts) { emit(begin + i, parts); };
    out({"bias"});
    // The sentence's edges in the window of two tokens each side.
    for (int d = -2; d <= 2; ++d) {
      const long j = static_cast<long>(i) + d;
      if (j >= 0 && j < static_cast<long>(n)) continue;
      out({"w", kOffset[d + 2], "=", j < 0 ? "<s>" : "</s>"});
    }
    const std::string_view prev = i > 0 ? surface[i - 1] : "<s>";
    const std::string_view next = i + 1 < n ? surface[i + 1] : "</s>";
    out({"w-1w0=", prev, "|", surface[i]});
    out({"w0w1=", surface[i], "|", next});
    out({"c-1c0c1=", i > 0 ? classes[i - 1] : "^", "|", classes[i], "|",
         i + 1 < n ? classes[i + 1] : "$"});
    // The scripts two tokens each side.
    out({"c-2=", i > 1 ? classes[i - 2] : "^",
         "|c+2=", i + 2 < n ? classes[i + 2] : "$"});
    // Lexicon hits of the token joined with a neighbour (安倍|晋三, 晋|三).
    if (i + 1 < n) TagFeatures("01", pair[i], out);
    if (i > 0) TagFeatures("-10", pair[i - 1], out);
    if (i + 2 < n) TagFeatures("02", triple[i], out);
    if (i > 1) TagFeatures("-20", triple[i - 2], out);
    if (i > 0 && i + 1 < n) TagFeatures("-11", triple[i - 1], out);
    // What the rules proposed.
    for (int d = -1; d <= 1; ++d) {
      const long j = static_cast<long>(i) + d;
      if (j < 0 || j >= static_cast<long>(n)) continue;
      const RuleTag& r = rule[j];
      if (r.mention == nullptr) {
        out({"R", kOffset[d + 2], "=O"});
      } else {
        out({"R", kOffset[d + 2], "=", std::string_view(&r.place, 1), "-",
             corpus::EntityTypeName(r.mention->type)});
      }
      if (d == 0 && r.mention != nullptr) {
        out({"RS0=", r.mention->source});
      }
    }
  }
}

}  // namespace kiji::extractors::names
