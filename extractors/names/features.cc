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

void TokenFeatures::ForEach(
    const Document& doc, const tokenizers::TokenViews& all_views, size_t begin,
    size_t end, absl::Span<const Mention> rules, absl::Span<const size_t> which,
    absl::FunctionRef<void(size_t, FeatureParts)> emit) const {
  const size_t n = end - begin;
  if (n == 0) return;
  const absl::Span<const corpus::Token> tokens =
      absl::MakeConstSpan(doc.tokens).subspan(begin, n);
  auto views = [&](size_t i) { return all_views[begin + i]; };
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
  auto tags = [&](std::string_view s) -> uint32_t {
    return names_ == nullptr || s.empty() ? 0 : names_->Tags(s);
  };
  auto joined = [&](size_t a, size_t b) -> std::string_view {  // tokens a..b
    if (b >= n || tokens[a].norm_end > tokens[b].norm_begin) return {};
    for (size_t k = a; k < b; ++k) {
      if (tokens[k].norm_end != tokens[k + 1].norm_begin) return {};
    }
    return std::string_view(doc.normalized)
        .substr(tokens[a].norm_begin,
                tokens[b].norm_end - tokens[a].norm_begin);
  };
  struct Cue {
    const lexicon::WordList* list;
    std::string_view name;
  };
  const std::array<Cue, 16> cues = {{
      {&lists_.honorifics, "hon"},
      {&lists_.titles_after, "title"},
      {&lists_.person_only_titles, "ptitle"},
      {&lists_.roles_before, "role"},
      {&lists_.legal_forms, "legal"},
      {&lists_.kanji_company_suffixes, "kcs"},
      {&lists_.kanji_org_suffixes, "kos"},
      {&lists_.katakana_company_suffixes, "kkcs"},
      {&lists_.katakana_org_suffixes, "kkos"},
      {&lists_.category_nouns, "cat"},
      {&lists_.company_before, "cbefore"},
      {&lists_.company_after_strong, "cafter"},
      {&lists_.corporate_titles, "ctitle"},
      {&lists_.country_prefixes, "country"},
      {&lists_.era_names, "era"},
      {&lists_.employee_nouns, "employee"},
  }};

  // Per token, looked up once: its lexicon hits alone, joined with the
  // next token and with the next two, and the cue tables that hold it.
  auto lexicon_of = [&](std::string_view text) {
    Lexicon x;
    if (text.empty()) return x;
    x.tags = tags(text);
    x.gazetteer = gazetteer_.Find(text);
    return x;
  };
  std::vector<Lexicon> single(n), pair(n), triple(n);
  std::vector<uint32_t> cue_bits(n, 0);
  for (size_t i = 0; i < n; ++i) {
    single[i] = lexicon_of(surface[i]);
    if (i + 1 < n) pair[i] = lexicon_of(joined(i, i + 1));
    if (i + 2 < n) triple[i] = lexicon_of(joined(i, i + 2));
    for (size_t c = 0; c < cues.size(); ++c) {
      if (cues[c].list->Contains(surface[i])) cue_bits[i] |= 1u << c;
    }
  }

  for (size_t i = 0; i < n; ++i) {
    auto out = [&](FeatureParts parts) { emit(begin + i, parts); };
    const TokenView v = views(i);
    out({"bias"});
    // The token view in a window of two tokens each side.
    for (int d = -2; d <= 2; ++d) {
      const long j = static_cast<long>(i) + d;
      const bool in = j >= 0 && j < static_cast<long>(n);
      std::string_view s = in ? surface[j] : (j < 0 ? "<s>" : "</s>");
      out({"w", kOffset[d + 2], "=", s});
      if (!in) continue;
      const TokenView u = views(j);
      if (d == 0) {
        out({"p0=", u.pos(), ",", u.pos1(), ",", u.pos2(), ",", u.pos3()});
      } else {
        out({"p", kOffset[d + 2], "=", u.pos(), ",", u.pos1(), ",", u.pos2()});
      }
      if (d >= -1 && d <= 1) {
        out({"c", kOffset[d + 2], "=", classes[j]});
      }
    }
    const std::string_view prev = i > 0 ? surface[i - 1] : "<s>";
    const std::string_view next = i + 1 < n ? surface[i + 1] : "</s>";
    out({"w-1w0=", prev, "|", surface[i]});
    out({"w0w1=", surface[i], "|", next});
    out({"c-1c0c1=", i > 0 ? classes[i - 1] : "^", "|", classes[i], "|",
         i + 1 < n ? classes[i + 1] : "$"});
    if (v.base() != "*" && v.base() != surface[i]) {
      out({"b0=", v.base()});
    }
    const size_t length = CodePoints(surface[i]);
    out({"len=", kDigits[std::min<size_t>(length, 6)]});
    if (length > 1) {
      out({"first=", corpus::FirstChar(surface[i])});
      out({"last=", corpus::LastChar(surface[i])});
    }
    if (length > 2) {
      const std::string_view s = surface[i];
      const size_t second = corpus::FirstChar(s).size();
      out({"first2=",
           s.substr(0, second + corpus::FirstChar(s.substr(second)).size())});
      const size_t last = corpus::PrevCodePointStart(s, s.size());
      out({"last2=", s.substr(corpus::PrevCodePointStart(s, last))});
    }
    // The scripts two tokens each side.
    out({"c-2=", i > 1 ? classes[i - 2] : "^",
         "|c+2=", i + 2 < n ? classes[i + 2] : "$"});
    // Lexicon hits: the token, its neighbours and the token joined with a
    // neighbour (安倍|晋三, 晋|三).
    auto tag_features = [&](std::string_view where, const Lexicon& x) {
      for (const auto& [bit, letter] : kTagLetters) {
        if ((x.tags & bit) == 0) continue;
        out({"E", where, "=", letter});
      }
      if (x.gazetteer != nullptr) {
        out({"G", where, "=", lexicon::GazetteerTypeName(x.gazetteer->type),
             x.gazetteer->ambiguous ? "?" : ""});
      }
    };
    tag_features("0", single[i]);
    if (i > 0) tag_features("-1", single[i - 1]);
    if (i + 1 < n) tag_features("+1", single[i + 1]);
    if (i + 1 < n) tag_features("01", pair[i]);
    if (i > 0) tag_features("-10", pair[i - 1]);
    if (i + 2 < n) tag_features("02", triple[i]);
    if (i > 1) tag_features("-20", triple[i - 2]);
    if (i > 0 && i + 1 < n) tag_features("-11", triple[i - 1]);
    // Cue tables one token each side and on the token.
    for (int d = -1; d <= 1; ++d) {
      const long j = static_cast<long>(i) + d;
      if (j < 0 || j >= static_cast<long>(n)) continue;
      for (size_t c = 0; c < cues.size(); ++c) {
        if ((cue_bits[j] & (1u << c)) == 0) continue;
        out({"L", kOffset[d + 2], "=", cues[c].name});
      }
    }
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
