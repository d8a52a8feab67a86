#include "reconcile/name_matcher.h"

#include <algorithm>
#include <cmath>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <unicode/uchar.h>

#include "absl/status/status.h"
#include "corpus/script.h"

namespace kiji::reconcile {

using corpus::NextCodePoint;

using corpus::EntityType;
using corpus::IsHiraganaLetter;
using corpus::IsKanji;
using corpus::IsKatakanaLetter;
using corpus::IsLatinLetter;
using lexicon::kCompany;
using lexicon::kOrg;
using lexicon::kProduct;
namespace {

// ---------------------------------------------------------------------------
// UTF-8.

std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(NextCodePoint(s, &i));
  return out;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) Append(out, c);
  return out;
}

bool IsSeparator(char32_t c) {
  return c == 0x30FB || c == '=' || c == 0xFF1D || c == 0xFF65 || c == ' ' ||
         c == 0x00B7 || c == 0x2027 || c == 0x3000 || c == 0x30A0;
}
bool IsProlonged(char32_t c) {
  return c == 0x30FC || c == '-' || c == 0x2010 || c == 0x2011 ||
         c == 0xFF0D || c == 0xFF70;
}
bool IsSmallVowel(char32_t c) {
  return c == 0x30A1 || c == 0x30A3 || c == 0x30A5 || c == 0x30A7 ||
         c == 0x30A9;
}
bool IsSmallY(char32_t c) { return c == 0x30E3 || c == 0x30E5 || c == 0x30E7; }
bool IsSmall(char32_t c) { return IsSmallVowel(c) || IsSmallY(c) || c == 0x30EE; }
// ---------------------------------------------------------------------------
// Kana phonetics.

struct KanaInfo {
  const char* cons;  // Hepburn-like consonant, "" for a bare vowel
  char vowel;
};

// Indexed by code point - 0x30A1, up to ヺ (0x30FA).
const std::array<KanaInfo, 0x30FA - 0x30A1 + 1>& KanaTable() {
  static const std::array<KanaInfo, 0x30FA - 0x30A1 + 1> table = [] {
    std::array<KanaInfo, 0x30FA - 0x30A1 + 1> t{};
    auto set = [&](char32_t c, const char* cons, char v) {
      t[c - 0x30A1] = {cons, v};
    };
    const char kV[] = "aiueo";
    for (int i = 0; i < 5; ++i) {
      set(0x30A1 + 2 * i, "", kV[i]);  // small
      set(0x30A2 + 2 * i, "", kV[i]);
    }
    // Voiceless/voiced pairs: カ ガ キ ギ ...
    const char* kK[] = {"k", "k", "k", "k", "k"};
    const char* kS[] = {"s", "sh", "s", "s", "s"};
    const char* kZ[] = {"z", "j", "z", "z", "z"};
    for (int i = 0; i < 5; ++i) {
      set(0x30AB + 2 * i, kK[i], kV[i]);
      set(0x30AC + 2 * i, "g", kV[i]);
      set(0x30B5 + 2 * i, kS[i], kV[i]);
      set(0x30B6 + 2 * i, kZ[i], kV[i]);
    }
    set(0x30BF, "t", 'a'), set(0x30C0, "d", 'a');
    set(0x30C1, "ch", 'i'), set(0x30C2, "j", 'i');
    set(0x30C3, "Q", 0);
    set(0x30C4, "ts", 'u'), set(0x30C5, "z", 'u');
    set(0x30C6, "t", 'e'), set(0x30C7, "d", 'e');
    set(0x30C8, "t", 'o'), set(0x30C9, "d", 'o');
    for (int i = 0; i < 5; ++i) set(0x30CA + i, "n", kV[i]);
    const char* kH[] = {"h", "h", "f", "h", "h"};
    for (int i = 0; i < 5; ++i) {
      set(0x30CF + 3 * i, kH[i], kV[i]);
      set(0x30D0 + 3 * i, "b", kV[i]);
      set(0x30D1 + 3 * i, "p", kV[i]);
    }
    for (int i = 0; i < 5; ++i) set(0x30DE + i, "m", kV[i]);
    set(0x30E3, "y", 'a'), set(0x30E4, "y", 'a');
    set(0x30E5, "y", 'u'), set(0x30E6, "y", 'u');
    set(0x30E7, "y", 'o'), set(0x30E8, "y", 'o');
    for (int i = 0; i < 5; ++i) set(0x30E9 + i, "r", kV[i]);
    set(0x30EE, "w", 'a'), set(0x30EF, "w", 'a');
    set(0x30F0, "w", 'i'), set(0x30F1, "w", 'e'), set(0x30F2, "", 'o');
    set(0x30F3, "N", 0);
    set(0x30F4, "b", 'u');
    set(0x30F5, "k", 'a'), set(0x30F6, "k", 'e');
    set(0x30F7, "b", 'a'), set(0x30F8, "b", 'i'), set(0x30F9, "b", 'e');
    set(0x30FA, "b", 'o');
    return t;
  }();
  return table;
}

KanaInfo Info(char32_t c) {
  if (!IsKatakanaLetter(c)) return {"#", 0};
  return KanaTable()[c - 0x30A1];
}

char VowelOf(char32_t c) {
  if (c == 0x30E3) return 'a';
  if (c == 0x30E5) return 'u';
  if (c == 0x30E7) return 'o';
  return Info(c).vowel;
}

bool IsConsonantKana(char32_t c) {
  if (!IsKatakanaLetter(c)) return false;
  KanaInfo k = Info(c);
  return k.vowel != 0 && k.cons[0] != 0 && !IsSmall(c);
}

// A mora as consonant symbol + vowel ('\0' for ン, ッ, ー and non-kana).
struct Mora {
  std::string cons;
  char vowel = 0;
  bool operator==(const Mora& o) const {
    return vowel == o.vowel && cons == o.cons;
  }
};

std::string Palatal(const std::string& c) {
  if (c == "sh" || c == "ch" || c == "j" || c == "y") return c;
  if (c.empty()) return "y";
  return c + "y";
}

Mora ToMora(const std::u32string& unit) {
  Mora m;
  char32_t base = unit[0];
  if (base == 0x30F3) return {"N", 0};
  if (base == 0x30C3) return {"Q", 0};
  if (base == 0x30FC) return {"H", 0};
  if (!IsKatakanaLetter(base)) {
    m.cons = "#";
    Append(m.cons, base);
    return m;
  }
  KanaInfo k = Info(base);
  m.cons = k.cons;
  m.vowel = k.vowel;
  for (size_t i = 1; i < unit.size(); ++i) {
    char32_t s = unit[i];
    char v = VowelOf(s);
    if (IsSmallY(s)) {
      m.cons = m.vowel == 'i' ? Palatal(m.cons) : m.cons + "y";
      m.vowel = v;
    } else if (s == 0x30EE) {
      m.cons += "w";
      m.vowel = 'a';
    } else if (IsSmallVowel(s)) {
      if (v == m.vowel) continue;
      if (m.cons.empty() && m.vowel == 'u') {
        m.cons = "w";
      } else if (m.cons.empty() && m.vowel == 'i') {
        m.cons = "y";
      } else if (m.vowel == 'i') {
        m.cons = Palatal(m.cons);
      }
      m.vowel = v;
    }
  }
  return m;
}

std::vector<std::u32string> SplitMoraCp(const std::u32string& s) {
  std::vector<std::u32string> out;
  for (char32_t c : s) {
    if (IsSmall(c) && !out.empty() && IsKatakanaLetter(out.back()[0]) &&
        out.back()[0] != 0x30F3 && out.back()[0] != 0x30C3) {
      out.back().push_back(c);
    } else {
      out.push_back(std::u32string(1, c));
    }
  }
  return out;
}

std::u32string KatakanaKeyCp(const std::u32string& in) {
  std::u32string out;
  out.reserve(in.size());
  auto last_vowel = [&]() -> char {
    if (out.empty() || !IsKatakanaLetter(out.back())) return 0;
    // Vowel of the last mora, taking small kana into account.
    size_t b = out.size() - 1;
    while (b > 0 && IsSmall(out[b])) --b;
    return ToMora(out.substr(b)).vowel;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = in[i];
    if (IsHiraganaLetter(c)) c += 0x60;
    if (IsSeparator(c) || IsProlonged(c) || c == 0x30C3) continue;
    switch (c) {
      case 0x30F0: c = 0x30A4; break;  // ヰ
      case 0x30F1: c = 0x30A8; break;  // ヱ
      case 0x30F2: c = 0x30AA; break;  // ヲ
      case 0x30C2: c = 0x30B8; break;  // ヂ
      case 0x30C5: c = 0x30BA; break;  // ヅ
      case 0x30F5: c = 0x30AB; break;  // ヵ
      case 0x30F6: c = 0x30B1; break;  // ヶ
      case 0x30F7: c = 0x30D0; break;  // ヷ
      case 0x30F8: c = 0x30D3; break;  // ヸ
      case 0x30F9: c = 0x30D9; break;  // ヹ
      case 0x30FA: c = 0x30DC; break;  // ヺ
      default: break;
    }
    if (c == 0x30F4) {  // ヴ
      char32_t next = i + 1 < in.size() ? in[i + 1] : 0;
      if (IsHiraganaLetter(next)) next += 0x60;
      static constexpr char32_t kB[] = {0x30D0, 0x30D3, 0x30D6, 0x30D9,
                                        0x30DC};  // バビブベボ
      if (IsSmallVowel(next)) {
        out.push_back(kB[(next - 0x30A1) / 2]);
        ++i;
      } else if (next == 0x30E5) {
        out.push_back(0x30D3);  // ビュ
      } else {
        out.push_back(0x30D6);
      }
      continue;
    }
    if (IsSmallVowel(c)) {
      char v = VowelOf(c);
      if (v == last_vowel()) continue;  // キィ = キー
      bool combines = !out.empty() &&
                      (IsConsonantKana(out.back()) || out.back() == 0x30A6 ||
                       out.back() == 0x30A4);
      out.push_back(combines ? c : c + 1);
      continue;
    }
    if (IsSmallY(c)) {
      // テュ, デュ, フュ (tyu, dyu, fyu: チューバ / テューバ) combine too.
      bool combines = !out.empty() && IsConsonantKana(out.back()) &&
                      (Info(out.back()).vowel == 'i' || out.back() == 0x30C6 ||
                       out.back() == 0x30C7 || out.back() == 0x30D5);
      out.push_back(combines ? c : c + 1);
      continue;
    }
    if (c == 0x30A2 || c == 0x30A4 || c == 0x30A6 || c == 0x30A8 ||
        c == 0x30AA) {
      char v = VowelOf(c);
      // ウ before a small vowel or イ/エ/オ begins a syllable (ウィ, ウエ: wi,
      // we), even after a u (グウィン, スウェーデン): no long vowel.
      char32_t next = i + 1 < in.size() ? in[i + 1] : 0;
      if (IsHiraganaLetter(next)) next += 0x60;
      const bool w_onset = c == 0x30A6 && (IsSmallVowel(next) || next == 0x30A4 ||
                                           next == 0x30A8 || next == 0x30AA);
      if (!w_onset && !out.empty() && IsKatakanaLetter(out.back()) &&
          out.back() != 0x30F3 && v == last_vowel()) {
        continue;  // オオ = オー
      }
      if (!out.empty() && out.back() == 0x30A6 && c != 0x30A6 &&
          c != 0x30A2) {
        out.push_back(c - 1);  // ウイ -> ウィ
        continue;
      }
      if (!out.empty() && out.back() == 0x30D5 && c != 0x30A6) {
        out.push_back(c - 1);  // フア -> ファ
        continue;
      }
      if (!out.empty() && out.back() == 0x30AF && c != 0x30A6) {
        out.push_back(c - 1);  // クア -> クァ, クオ -> クォ (kwa, kwo)
        continue;
      }
      if (!out.empty() && out.back() == 0x30A4 && c == 0x30A8) {
        out.push_back(c - 1);  // イエ -> イェ (ye)
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::vector<Mora> MoraeOfKey(const std::u32string& key) {
  std::vector<Mora> out;
  for (const auto& u : SplitMoraCp(key)) out.push_back(ToMora(u));
  return out;
}

// ---------------------------------------------------------------------------
// Costs.

// Consonant symbols; "th" and "gj" only come from Latin spelling and stand for
// an ambiguous sound (th: s/t/z, soft g: g/j).
constexpr std::array<std::string_view, 33> kConsonants = {
    "",   "k",  "g",  "s",  "sh", "z",  "j",  "t",  "ch", "ts", "d",
    "n",  "h",  "f",  "b",  "p",  "m",  "y",  "r",  "w",  "ky", "gy",
    "ny", "hy", "by", "py", "my", "ry", "kw", "gw", "th", "gj", "v"};

double BaseConsCost(std::string_view a, std::string_view b, bool cross) {
  if (a == b) return 0;
  if (a > b) std::swap(a, b);
  struct Pair {
    std::string_view a, b;
    double cost, cross_cost;
  };
  static constexpr Pair kPairs[] = {
      {"s", "sh", 0.3, 0.3},  {"s", "ts", 0.3, 0.4},  {"ch", "ts", 0.4, 0.4},
      {"j", "z", 0.3, 0.3},   {"j", "y", 0.3, 0.3},   {"b", "v", 0.1, 0.1},
      {"f", "h", 0.3, 0.4},   {"b", "w", 0.4, 0.4},   {"v", "w", 0.3, 0.3},
      {"t", "ts", 0.4, 0.3},  {"ch", "sh", 0.4, 0.4}, {"d", "j", 0.5, 0.4},
      {"", "w", 0.4, 0.3},    {"", "y", 0.4, 0.3},    {"", "h", 0.5, 0.4},
      {"g", "k", 0.5, 0.5},   {"s", "z", 0.5, 0.2},   {"d", "t", 0.5, 0.5},
      {"b", "p", 0.5, 0.5},   {"j", "sh", 0.5, 0.5},  {"ch", "j", 0.5, 0.4},
      {"ts", "z", 0.5, 0.3},  {"d", "z", 0.6, 0.5},   {"f", "p", 0.6, 0.6},
      {"g", "gj", 0.1, 0.1},  {"gj", "j", 0.1, 0.1},  {"gj", "y", 0.4, 0.4},
      {"s", "th", 0.2, 0.2},  {"t", "th", 0.2, 0.2},  {"th", "z", 0.3, 0.3},
      {"sh", "th", 0.5, 0.5}, {"k", "kw", 0.4, 0.3},  {"g", "gw", 0.4, 0.3},
      {"ch", "t", 0.5, 0.5},  {"sh", "z", 0.5, 0.5},  {"b", "f", 0.6, 0.5},
      {"g", "j", 0.5, 0.4},
      // テュ / チュ, デュ / ジュ: two spellings of one syllable
      // (テューバ / チューバ, デューク / ジューク).
      {"ch", "ty", 0.2, 0.2}, {"dy", "j", 0.2, 0.2},
      // Latin c and s before e and i, read j in Turkish and Albanian
      // spellings (Recep レジェップ): related across scripts only.
      {"j", "s", 1.0, 0.9},
  };
  for (const Pair& p : kPairs) {
    if (p.a == a && p.b == b) return cross ? p.cross_cost : p.cost;
  }
  return 1.0;
}

double ConsCostUncached(std::string_view a, std::string_view b, bool cross) {
  if (a == b) return 0;
  // Palatalised consonants (ky, ny...) differ from the plain one by 0.4.
  std::string_view sa = a, sb = b;
  bool pa = false, pb = false;
  if (a.size() == 2 && a[1] == 'y') sa = a.substr(0, 1), pa = true;
  if (b.size() == 2 && b[1] == 'y') sb = b.substr(0, 1), pb = true;
  double c = BaseConsCost(a, b, cross);
  if (pa != pb || (pa && pb)) {
    double alt = BaseConsCost(sa, sb, cross) + (pa != pb ? 0.4 : 0.0);
    c = std::min(c, alt);
  }
  return std::min(1.0, c);
}

constexpr int kNoConsonant = -1;

// `ConsCostUncached` over every pair of `kConsonants`, built once: the costs
// are asked for in every cell of every edit distance and for every blocking
// key, almost always between these symbols.
struct ConsTable {
  // Index in `kConsonants` of one- and two-letter symbols, or kNoConsonant.
  std::array<int8_t, 128> one;
  std::array<std::array<int8_t, 128>, 128> two;
  // [cross][a][b].
  std::array<std::array<std::array<double, kConsonants.size()>,
                        kConsonants.size()>,
             2>
      cost;
};

const ConsTable& GetConsTable() {
  static const ConsTable* const table = [] {
    auto* t = new ConsTable;
    for (auto& x : t->one) x = kNoConsonant;
    for (auto& row : t->two) {
      for (auto& x : row) x = kNoConsonant;
    }
    for (size_t i = 0; i < kConsonants.size(); ++i) {
      const std::string_view c = kConsonants[i];
      if (c.size() == 1) t->one[static_cast<unsigned char>(c[0])] =
          static_cast<int8_t>(i);
      if (c.size() == 2) {
        t->two[static_cast<unsigned char>(c[0])]
              [static_cast<unsigned char>(c[1])] = static_cast<int8_t>(i);
      }
      for (size_t j = 0; j < kConsonants.size(); ++j) {
        for (int cross = 0; cross < 2; ++cross) {
          t->cost[cross][i][j] =
              ConsCostUncached(c, kConsonants[j], cross != 0);
        }
      }
    }
    return t;
  }();
  return *table;
}

// Index of `c` in `kConsonants`, or kNoConsonant.
int ConsIndex(const ConsTable& t, std::string_view c) {
  switch (c.size()) {
    case 0:
      return 0;
    case 1: {
      const auto c0 = static_cast<unsigned char>(c[0]);
      return c0 < 128 ? t.one[c0] : kNoConsonant;
    }
    case 2: {
      const auto c0 = static_cast<unsigned char>(c[0]);
      const auto c1 = static_cast<unsigned char>(c[1]);
      return c0 < 128 && c1 < 128 ? t.two[c0][c1] : kNoConsonant;
    }
    default:
      return kNoConsonant;
  }
}

// Same result as `ConsCostUncached`.
double ConsCost(std::string_view a, std::string_view b, bool cross) {
  const ConsTable& t = GetConsTable();
  const int ia = ConsIndex(t, a), ib = ConsIndex(t, b);
  if (ia == kNoConsonant || ib == kNoConsonant) {
    return ConsCostUncached(a, b, cross);
  }
  return t.cost[cross ? 1 : 0][static_cast<size_t>(ia)]
               [static_cast<size_t>(ib)];
}

double VowelCost(char a, char b, bool cross) {
  if (a == b) return 0;
  if (a > b) std::swap(a, b);
  if ((a == 'e' && b == 'i') || (a == 'o' && b == 'u')) return cross ? 0.15 : 0.4;
  if (cross) return 0.25;
  if ((a == 'a' && b == 'e') || (a == 'a' && b == 'o') ||
      (a == 'a' && b == 'u')) {
    return 0.6;
  }
  if (a == 'i' && b == 'u') return 0.5;
  return 0.8;
}

bool IsSibilant(std::string_view c) {
  return c == "s" || c == "z" || c == "ts";
}

bool IsSpecial(const Mora& m) { return m.vowel == 0; }

// The cost of a consonant mora with a full vowel inserted (MoraIns), and the
// most a substitution costs (MoraSub).
constexpr double kSyllableInsertion = 1.3;

double MoraSub(const Mora& a, const Mora& b) {
  if (a == b) return 0;
  if (IsSpecial(a) || IsSpecial(b)) return 1.0;
  // A mora whose consonant and vowel both change is another syllable: as
  // costly as one inserted (kSyllableInsertion), more than one edit of it.
  return std::min(kSyllableInsertion, ConsCost(a.cons, b.cons, false) +
                                          VowelCost(a.vowel, b.vowel, false));
}

double MoraIns(const Mora& m, const Mora* prev, const Mora* next) {
  if (m.cons == "N") return 0.5;
  if (IsSpecial(m)) return 1.0;
  if (m.cons.empty() && prev != nullptr && !IsSpecial(*prev)) {
    if (prev->vowel == m.vowel) return 0.1;
    if ((prev->vowel == 'e' && m.vowel == 'i') ||
        (prev->vowel == 'o' && m.vowel == 'u')) {
      return 0.2;
    }
  }
  // An r-mora is often an English r or l written out: as ル (Carter カーター
  // / カルター), or beside another r-mora (Schulman シュルマン / シュラルマン).
  // Other r-morae inserted make another name (ライデル / ライル).
  if (m.cons == "r" &&
      (m.vowel == 'u' || (prev != nullptr && prev->cons == "r") ||
       (next != nullptr && next->cons == "r"))) {
    return 0.6;
  }
  // Katakana adds a vowel after a consonant of a cluster: u mostly (ク, ス,
  // プ), o after t/d (ト, ド), i after ch/j (チ, ジ). Such a mora inserted is
  // a spelling of the cluster (シュミッケ / シュミットケ); a consonant with
  // any other vowel inserted is a syllable of another name (ダグラス /
  // ダラス).
  const bool epenthetic =
      m.vowel == 'u' ||
      (m.vowel == 'o' && (m.cons == "t" || m.cons == "d")) ||
      (m.vowel == 'i' && (m.cons == "ch" || m.cons == "j"));
  return epenthetic ? 1.0 : kSyllableInsertion;
}

double MoraCost(const std::vector<Mora>& a, const std::vector<Mora>& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<double> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> double& { return d[i * (m + 1) + j]; };
  auto ins_a = [&](size_t i) {
    return MoraIns(a[i - 1], i > 1 ? &a[i - 2] : nullptr,
                   i < n ? &a[i] : nullptr);
  };
  auto ins_b = [&](size_t j) {
    return MoraIns(b[j - 1], j > 1 ? &b[j - 2] : nullptr,
                   j < m ? &b[j] : nullptr);
  };
  // English i read as "ai" or as "i": ライ ~ リ (Lionel).
  auto ai_i = [](const Mora& x1, const Mora& x2, const Mora& y) {
    return x2.cons.empty() && x2.vowel == 'i' && x1.vowel == 'a' &&
                   y.vowel == 'i' && !y.cons.empty() && !x1.cons.empty()
               ? 0.5 + ConsCost(x1.cons, y.cons, false)
               : 2.0;
  };
  // An i-row mora and a full-size ya/yu/yo, or a vowel, for the
  // contracted syllable: キヤ ~ キャ, ニヨ ~ ニョ (Canon, chignon), リア ~
  // リャ, ジオ ~ ジョ, シエ ~ シェ (Castilla, arpeggio, siesta).
  auto i_ya = [](const Mora& x1, const Mora& x2, const Mora& y) {
    // A palatal mora in u and a vowel: シュア ~ シャ, チュア ~ チャ (sexual,
    // agriculture).
    const bool palatal = x1.cons == "sh" || x1.cons == "ch" ||
                         x1.cons == "j" ||
                         (x1.cons.size() == 2 && x1.cons[1] == 'y');
    if (palatal && x1.vowel == 'u' && x2.cons.empty() && x2.vowel != 'u' &&
        y.cons == x1.cons && y.vowel == x2.vowel) {
      return 0.3;
    }
    if (x1.cons.empty() || x1.vowel != 'i' || y.vowel != x2.vowel ||
        y.cons != Palatal(x1.cons)) {
      return 2.0;
    }
    if (x2.cons == "y") return 0.2;
    return x2.cons.empty() && x2.vowel != 'i' ? 0.3 : 2.0;
  };
  at(0, 0) = 0;
  for (size_t j = 1; j <= m; ++j) at(0, j) = at(0, j - 1) + ins_b(j);
  for (size_t i = 1; i <= n; ++i) {
    at(i, 0) = at(i - 1, 0) + ins_a(i);
    for (size_t j = 1; j <= m; ++j) {
      double best = at(i - 1, j - 1) + MoraSub(a[i - 1], b[j - 1]);
      best = std::min(best, at(i - 1, j) + ins_a(i));
      best = std::min(best, at(i, j - 1) + ins_b(j));
      if (i >= 2) {
        best = std::min(
            best, at(i - 2, j - 1) + std::min(ai_i(a[i - 2], a[i - 1], b[j - 1]),
                                              i_ya(a[i - 2], a[i - 1], b[j - 1])));
      }
      if (j >= 2) {
        best = std::min(
            best, at(i - 1, j - 2) + std::min(ai_i(b[j - 2], b[j - 1], a[i - 1]),
                                              i_ya(b[j - 2], b[j - 1], a[i - 1])));
      }
      at(i, j) = best;
    }
  }
  double cost = at(n, m);
  // A final sibilant on one side only (ジョーンズ / ジョーン) makes another
  // name. The last consonant is compared, past final vowels (エッセー /
  // エッセイ both end in s + vowels).
  auto last_cons = [](const std::vector<Mora>& x) -> std::string_view {
    for (auto it = x.rbegin(); it != x.rend(); ++it) {
      if (!it->cons.empty()) return it->cons;
    }
    return "";
  };
  // ツ and ズ are also the old spellings of tu and du (ツー / トゥー): a
  // final トゥ/ドゥ against ツ/ズ is not a sibilant on one side only.
  auto last_mora = [](const std::vector<Mora>& x) -> const Mora* {
    for (auto it = x.rbegin(); it != x.rend(); ++it) {
      if (!it->cons.empty()) return &*it;
    }
    return nullptr;
  };
  auto tu_tsu = [](const Mora* x, const Mora* y) {
    return x != nullptr && y != nullptr && x->vowel == 'u' &&
           y->vowel == 'u' &&
           ((x->cons == "t" && y->cons == "ts") ||
            (x->cons == "d" && y->cons == "z"));
  };
  if (n > 0 && m > 0 && IsSibilant(last_cons(a)) != IsSibilant(last_cons(b)) &&
      !tu_tsu(last_mora(a), last_mora(b)) &&
      !tu_tsu(last_mora(b), last_mora(a))) {
    cost += 1.0;
  }
  // One name is the other plus final morae with a consonant (ホワイト vs
  // ホワイトリー, White vs Whitley): a suffix-extended surname, not a
  // transliteration variant.
  if (n > 0 && m > 0 && n != m) {
    const auto& shorter = n < m ? a : b;
    const auto& longer = n < m ? b : a;
    if (std::equal(shorter.begin(), shorter.end(), longer.begin()) &&
        std::any_of(longer.begin() + static_cast<std::ptrdiff_t>(shorter.size()),
                    longer.end(),
                    [](const Mora& x) { return !x.cons.empty(); })) {
      cost += 1.0;
    }
  }
  return cost;
}

double MoraDistanceOf(const std::vector<Mora>& a, const std::vector<Mora>& b) {
  size_t len = std::max(a.size(), b.size());
  if (len == 0) return 0;
  if (a.empty() || b.empty()) return 1.0;
  return std::min(1.0, MoraCost(a, b) / static_cast<double>(len));
}

// ---------------------------------------------------------------------------
// Phoneme strings for cross-script comparison.

struct Phone {
  std::string cons;  // empty for a vowel
  char vowel = 0;
  bool weak = false;  // optional: katakana epenthesis, English silent letter
};

std::vector<Phone> PhonesOfMorae(const std::vector<Mora>& morae) {
  std::vector<Phone> out;
  for (size_t i = 0; i < morae.size(); ++i) {
    const Mora& m = morae[i];
    if (m.cons == "N") {
      out.push_back({"n", 0, false});
      continue;
    }
    if (IsSpecial(m)) {
      if (m.cons == "Q" || m.cons == "H") continue;
      out.push_back({m.cons, 0, false});
      continue;
    }
    if (!m.cons.empty()) out.push_back({m.cons, 0, false});
    bool next_cons = i + 1 == morae.size() || !morae[i + 1].cons.empty();
    bool weak = false;
    if (!m.cons.empty() && next_cons) {
      if (m.vowel == 'u' && m.cons != "w" && m.cons != "y") weak = true;
      if (m.vowel == 'o' && (m.cons == "t" || m.cons == "d")) weak = true;
      if (m.vowel == 'i' &&
          (m.cons == "ch" || m.cons == "j" || m.cons == "sh")) {
        weak = true;
      }
    }
    out.push_back({"", m.vowel, weak});
  }
  return out;
}

char FoldLatin(char32_t c) {
  if (c < 0x80) {
    char ch = static_cast<char>(c);
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return ch;
  }
  // Latin-1 Supplement and Latin Extended-A, folded to the base letter.
  static constexpr std::string_view kL1 =
      "aaaaaaaceeeeiiiidnooooo_ouuuuyts"   // U+00C0..U+00DF
      "aaaaaaaceeeeiiiidnooooo_ouuuuyty";  // U+00E0..U+00FF
  static constexpr std::string_view kExtA =
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkkllllllllll"
      "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  if (c >= 0xC0 && c <= 0xFF) return kL1[c - 0xC0];
  if (c >= 0x100 && c < 0x100 + kExtA.size()) return kExtA[c - 0x100];
  return 0;
}

// Lower-case ASCII letters of a Latin string; other characters dropped.
std::string LatinLetters(std::string_view s) {
  std::string out;
  for (char32_t c : Decode(s)) {
    char f = FoldLatin(c);
    if (f >= 'a' && f <= 'z') out.push_back(f);
  }
  return out;
}

bool IsV(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// English-spelling rules to phonemes (see header).
std::vector<Phone> PhonesOfLatin(std::string_view letters) {
  const std::string w(letters);
  const size_t n = w.size();
  std::vector<Phone> out;
  auto at = [&](size_t i) -> char { return i < n ? w[i] : '\0'; };
  auto cons = [&](std::string c, bool weak = false) {
    if (!out.empty() && out.back().vowel == 0 && out.back().cons == c &&
        !out.back().weak) {
      return;  // doubled letter
    }
    out.push_back({std::move(c), 0, weak});
  };
  auto vow = [&](char v, bool weak = false) { out.push_back({"", v, weak}); };
  // Magic e: V C e at the end.
  const bool magic = n >= 3 && w[n - 1] == 'e' && !IsV(w[n - 2]) &&
                     IsV(w[n - 3]) && (n < 4 || !IsV(w[n - 4]));
  const size_t magic_v = magic ? n - 3 : std::string::npos;
  size_t i = 0;
  while (i < n) {
    char c = w[i];
    char c1 = at(i + 1), c2 = at(i + 2);
    // y after a consonant and before a vowel is a glide that katakana
    // writes as イ+ヤ, ャ or ア (Sonya ソニア, Tanya ターニャ, Olya オーリャ):
    // both parts optional.
    if (c == 'y' && i > 0 && !IsV(w[i - 1]) && IsV(c1) && c1 != 'y') {
      vow('i', true);
      out.push_back({"y", 0, true});
      ++i;
      continue;
    }
    if (IsV(c) && !(c == 'y' && i == 0 && IsV(c1) && c1 != 'y')) {
      if (i == magic_v) {
        if (c == 'a') vow('e'), vow('i', true);
        else if (c == 'i' || c == 'y') vow('a'), vow('i');
        else if (c == 'o') vow('o'), vow('u', true);
        else vow(c == 'y' ? 'i' : c);
        ++i;
        continue;
      }
      if (i == n - 1 && c == 'e' && n > 2) {
        vow('e', true);  // silent final e (Blake, Joe)
        ++i;
        continue;
      }
      if (c == 'e' && (c1 == 'a' || c1 == 'o' || c1 == 'u') && !out.empty() &&
          (out.back().cons == "gj" || out.back().cons == "s")) {
        ++i;  // George, Georgia: e only softens the g
        continue;
      }
      std::string_view two = std::string_view(w).substr(i, 2);
      if (two == "ee" || two == "ea") { vow('i'); i += 2; continue; }
      if (two == "oo" || two == "ou") { vow('u'); i += 2; continue; }
      if (two == "au" || two == "aw" || two == "oa") { vow('o'); i += 2; continue; }
      if (two == "ai" || two == "ay" || two == "ei" || two == "ey") {
        vow('e'), vow('i', true);
        i += 2;
        continue;
      }
      if (c == 'i' && c1 == 'g' && c2 == 'h') {
        vow('a'), vow('i');
        i += 3;
        continue;
      }
      const char v = c == 'y' ? 'i' : c;
      if (out.empty() || out.back().vowel != v || out.back().weak) vow(v);
      ++i;
      continue;
    }
    std::string_view rest = std::string_view(w).substr(i);
    if (rest.starts_with("sch")) { cons("sh"); i += 3; continue; }
    if (rest.starts_with("tch")) { cons("ch"); i += 3; continue; }
    if (rest.starts_with("sh")) { cons("sh"); i += 2; continue; }
    if (rest.starts_with("chr")) { cons("k"); i += 2; continue; }
    if (rest.starts_with("chs")) { cons("k"); i += 2; continue; }
    if (rest.starts_with("ch")) { cons("ch"); i += 2; continue; }
    if (rest.starts_with("ph")) { cons("f"); i += 2; continue; }
    if (rest.starts_with("th")) { cons("th"); i += 2; continue; }
    if (rest.starts_with("gh")) {
      if (i == 0) cons("g");
      i += 2;
      continue;
    }
    if (i == 0 && (rest.starts_with("kn") || rest.starts_with("gn"))) {
      ++i;
      continue;
    }
    if (i == 0 && rest.starts_with("wr")) { ++i; continue; }
    if (i == 0 && rest.starts_with("ps")) { ++i; continue; }
    if (rest.starts_with("wh")) { cons("w"); i += 2; continue; }
    if (rest.starts_with("ck")) { cons("k"); i += 2; continue; }
    if (rest == "ng") {
      cons("n"), cons("g", true);  // Boeing ボーイング, Samsung サムスン
      i += 2;
      continue;
    }
    if (i == 0 && (c == 'v' || c == 'w') && n > 1 && !IsV(c1)) {
      vow('u');  // Vladimir ウラジーミル
      ++i;
      continue;
    }
    if (rest.starts_with("qu")) { cons("k"), cons("w"); i += 2; continue; }
    if (rest.starts_with("dg")) { cons("j"); i += 2; continue; }
    if (rest.starts_with("tz") || rest.starts_with("ts")) {
      cons("ts");
      i += 2;
      continue;
    }
    switch (c) {
      case 'q': cons("k"); break;
      case 'x':
        if (i == 0) {
          cons("z");
        } else {
          cons("k"), cons("s");
        }
        break;
      case 'c':
        cons(c1 == 'e' || c1 == 'i' || c1 == 'y' ? "s" : "k");
        break;
      case 'g':
        cons(c1 == 'e' || c1 == 'i' || c1 == 'y' ? "gj" : "g");
        break;
      case 'v': cons("b"); break;
      case 'l': cons("r"); break;
      case 'w':
        if (IsV(c1)) {
          cons("w");
        } else {
          vow('u', true);
        }
        break;
      case 'y': cons("y"); break;
      case 'r':
        // Post-vocalic r before a consonant or at the end is often silent
        // in katakana (Walker -> ウォーカー).
        cons("r", i > 0 && IsV(w[i - 1]) && !IsV(c1));
        break;
      case 'h':
        if (i == 0 || IsV(c1)) {
          if (i == 0 || !IsV(w[i - 1])) {
            cons("h");
          } else {
            cons("h", true);
          }
        }
        break;
      case 'm':
        cons(c1 == 'p' || c1 == 'b' ? "n" : "m");
        break;
      default: cons(std::string(1, c)); break;
    }
    ++i;
  }
  return out;
}

// Spellings of other languages than English. A Latin name may follow the
// spelling of its own language (Jimena ヒメナ, Radosław ラドスワフ, Szabó
// サボー, Cerutti チェルッティ); each reading here is tried beside the
// English one (`LatinReadings`). A reading is a table of letter rules, the
// longest first, over the lower-case letters with their diacritics; letters
// no rule names are read at face value (pure vowels, no silent e; c, q k;
// l r; v b; x k s), a doubled consonant once.
struct LetterRule {
  std::u32string_view from;
  // Condition on what follows (0: none; 'F' e/i/y; 'V' a vowel; 'E' the
  // end; 'C' a consonant or the end) and on what precedes ('S' the start,
  // 'P' a vowel).
  char next;
  char prev;
  // Phones: space-separated; a, e, i, o, u are vowels, anything else a
  // consonant; "_" none.
  const char* to;
};

struct LanguageReading {
  const char* rule;  // the evidence label ("phonetic: Spanish reading")
  // Letters (or sequences) of the language's spelling: the reading is
  // tried only for a name that has one.
  std::array<std::u32string_view, 10> markers;
  std::vector<LetterRule> rules;
};

const std::vector<LanguageReading>& LanguageReadings() {
  static const auto* const readings = new std::vector<LanguageReading>{
      {"phonetic: Spanish reading",
       {U"ñ", U"j", U"ll", U"z", U"á", U"é", U"í", U"ó", U"ú", U"gu"},
       {{U"ll", 0, 0, "y"},    {U"ñ", 0, 0, "ny"},   {U"qu", 'F', 0, "k"},
        {U"gu", 'F', 0, "g"},  {U"ch", 0, 0, "ch"},  {U"j", 0, 0, "h"},
        {U"g", 'F', 0, "h"},   {U"c", 'F', 0, "s"},  {U"z", 0, 0, "s"},
        {U"h", 0, 0, "_"},     {U"y", 'C', 0, "i"},  {U"y", 0, 0, "y"}}},
      {"phonetic: German reading",
       {U"sch", U"tz", U"ß", U"ä", U"ö", U"ü", U"ei", U"ie", U"w", U"z"},
       {{U"tsch", 0, 0, "ch"}, {U"sch", 0, 0, "sh"}, {U"sp", 0, 'S', "sh p"},
        {U"st", 0, 'S', "sh t"}, {U"chs", 0, 0, "k s"}, {U"ch", 0, 0, "h"},
        {U"ck", 0, 0, "k"},    {U"tz", 0, 0, "ts"},  {U"z", 0, 0, "ts"},
        {U"ß", 0, 0, "s"},     {U"qu", 0, 0, "k v"}, {U"ph", 0, 0, "f"},
        {U"th", 0, 0, "t"},    {U"ei", 0, 0, "a i"}, {U"ey", 0, 0, "a i"},
        {U"ie", 0, 0, "i"},    {U"eu", 0, 0, "o i"}, {U"äu", 0, 0, "o i"},
        {U"er", 'E', 0, "a"},  {U"h", 'C', 'P', "_"}, {U"w", 0, 0, "v"},
        {U"v", 0, 0, "f"},     {U"j", 0, 0, "y"},    {U"s", 'V', 'S', "z"},
        {U"ä", 0, 0, "e"},     {U"ö", 0, 0, "e"},    {U"ü", 0, 0, "u"},
        {U"y", 0, 0, "i"}}},
      {"phonetic: Italian reading",
       {U"cc", U"gg", U"zz", U"gli", U"gn", U"sc", U"ci", U"gi", U"ch", U"z"},
       {{U"sch", 0, 0, "s k"}, {U"sc", 'F', 0, "sh"}, {U"gli", 0, 0, "r i"},
        {U"gn", 0, 0, "ny"},   {U"ch", 0, 0, "k"},   {U"gh", 0, 0, "g"},
        {U"ci", 'V', 0, "ch"}, {U"gi", 'V', 0, "j"}, {U"c", 'F', 0, "ch"},
        {U"g", 'F', 0, "j"},   {U"zz", 0, 0, "ts"},  {U"z", 0, 0, "ts"},
        {U"qu", 0, 0, "k w"},  {U"h", 0, 0, "_"},    {U"j", 0, 0, "y"}}},
      {"phonetic: Polish reading",
       {U"ł", U"sz", U"cz", U"rz", U"ż", U"ś", U"ć", U"ń", U"w", U"ą"},
       {{U"szcz", 0, 0, "sh ch"}, {U"sz", 0, 0, "sh"}, {U"cz", 0, 0, "ch"},
        {U"rz", 0, 0, "j"},    {U"ch", 0, 0, "h"},   {U"dż", 0, 0, "j"},
        {U"dź", 0, 0, "j"},    {U"dz", 0, 0, "z"},   {U"si", 'V', 0, "sh"},
        {U"ci", 'V', 0, "ch"}, {U"zi", 'V', 0, "j"}, {U"ni", 'V', 0, "ny"},
        {U"ż", 0, 0, "j"},     {U"ź", 0, 0, "j"},    {U"ś", 0, 0, "sh"},
        {U"ć", 0, 0, "ch"},    {U"ń", 0, 0, "n"},    {U"ł", 0, 0, "w"},
        {U"w", 'E', 0, "f"},   {U"w", 0, 0, "v"},    {U"c", 0, 0, "ts"},
        {U"j", 0, 0, "y"},     {U"ą", 0, 0, "o n"},  {U"ę", 0, 0, "e n"},
        {U"ó", 0, 0, "u"},     {U"y", 0, 0, "i"}}},
      {"phonetic: Czech reading",
       {U"š", U"č", U"ž", U"ř", U"ě", U"ň", U"ů", U"ý", U"ď", U"ť"},
       {{U"ch", 0, 0, "h"},    {U"š", 0, 0, "sh"},   {U"č", 0, 0, "ch"},
        {U"ž", 0, 0, "j"},     {U"ř", 0, 0, "r j"},  {U"c", 0, 0, "ts"},
        {U"j", 0, 0, "y"},     {U"w", 0, 0, "v"},    {U"ě", 0, 0, "y e"},
        {U"ň", 0, 0, "ny"},    {U"ď", 0, 0, "j"},    {U"ť", 0, 0, "ch"},
        {U"ů", 0, 0, "u"},     {U"y", 0, 0, "i"},    {U"ý", 0, 0, "i"}}},
      {"phonetic: Hungarian reading",
       {U"sz", U"cs", U"zs", U"gy", U"ny", U"ly", U"ő", U"ű", U"ö", U"ü"},
       {{U"dzs", 0, 0, "j"},   {U"cs", 0, 0, "ch"},  {U"sz", 0, 0, "s"},
        {U"zs", 0, 0, "j"},    {U"gy", 0, 0, "j"},   {U"ny", 0, 0, "ny"},
        {U"ty", 0, 0, "ch"},   {U"ly", 0, 0, "y"},   {U"s", 0, 0, "sh"},
        {U"c", 0, 0, "ts"},    {U"j", 0, 0, "y"},    {U"ö", 0, 0, "e"},
        {U"ő", 0, 0, "e"},     {U"ü", 0, 0, "u"},    {U"ű", 0, 0, "u"}}},
      {"phonetic: Dutch reading",
       {U"ij", U"oe", U"ui", U"aa", U"uu", U"sch", U"", U"", U"", U""},
       {{U"sch", 0, 0, "s k"}, {U"ij", 0, 0, "a i"}, {U"ei", 0, 0, "a i"},
        {U"oe", 0, 0, "u"},
        {U"ui", 0, 0, "a u"},  {U"ou", 0, 0, "a u"}, {U"ch", 0, 0, "h"},
        {U"j", 0, 0, "y"},     {U"v", 0, 0, "f"},    {U"w", 0, 0, "v"},
        {U"g", 0, 0, "h"},     {U"y", 0, 0, "i"}}},
      {"phonetic: French reading",
       {U"eau", U"ou", U"oi", U"é", U"è", U"ç", U"gn", U"ê", U"", U""},
       {{U"eaux", 0, 0, "o"},  {U"eau", 0, 0, "o"},  {U"aux", 'E', 0, "o"},
        {U"au", 0, 0, "o"},    {U"ou", 0, 0, "u"},   {U"oi", 0, 0, "w a"},
        {U"ch", 0, 0, "sh"},   {U"qu", 0, 0, "k"},   {U"gn", 0, 0, "ny"},
        {U"ill", 0, 0, "i y"}, {U"ai", 0, 0, "e"},   {U"ei", 0, 0, "e"},
        {U"er", 'E', 0, "e"},  {U"ez", 'E', 0, "e"}, {U"es", 'E', 0, "_"},
        {U"c", 'F', 0, "s"},   {U"ç", 0, 0, "s"},    {U"g", 'F', 0, "j"},
        {U"h", 0, 0, "_"},     {U"th", 0, 0, "t"},   {U"ph", 0, 0, "f"},
        {U"s", 'E', 0, "_"},   {U"t", 'E', 0, "_"},  {U"d", 'E', 0, "_"},
        {U"x", 'E', 0, "_"},   {U"e", 'E', 0, "_"},  {U"é", 0, 0, "e"},
        {U"è", 0, 0, "e"},     {U"ê", 0, 0, "e"},    {U"y", 0, 0, "i"}}},
  };
  return *readings;
}

bool IsLatinVowelCp(char32_t c) {
  const char f = FoldLatin(c);
  return f == 'a' || f == 'e' || f == 'i' || f == 'o' || f == 'u' || f == 'y';
}

// `lower` (lower-case letters with diacritics) read by `reading`.
std::vector<Phone> PhonesOfReading(const std::u32string& lower,
                                   const LanguageReading& reading) {
  std::vector<Phone> out;
  auto emit = [&](std::string_view spec) {
    size_t b = 0;
    while (b < spec.size()) {
      size_t e = spec.find(' ', b);
      if (e == std::string_view::npos) e = spec.size();
      const std::string_view t = spec.substr(b, e - b);
      b = e + 1;
      if (t == "_") continue;
      if (t.size() == 1 && std::string_view("aeiou").find(t[0]) !=
                               std::string_view::npos) {
        if (out.empty() || out.back().vowel != t[0]) {
          out.push_back({"", t[0], false});
        }
        continue;
      }
      if (!out.empty() && out.back().vowel == 0 && out.back().cons == t) {
        continue;  // doubled letter
      }
      out.push_back({std::string(t), 0, false});
    }
  };
  const size_t n = lower.size();
  size_t i = 0;
  while (i < n) {
    bool matched = false;
    for (const LetterRule& r : reading.rules) {
      if (lower.compare(i, r.from.size(), r.from) != 0) continue;
      const size_t j = i + r.from.size();
      const char32_t next = j < n ? lower[j] : 0;
      const char32_t nf = next == 0 ? 0 : static_cast<char32_t>(FoldLatin(next));
      bool ok = true;
      switch (r.next) {
        case 'F': ok = nf == 'e' || nf == 'i' || nf == 'y'; break;
        case 'V': ok = next != 0 && IsLatinVowelCp(next); break;
        case 'E': ok = j == n; break;
        case 'C': ok = j == n || !IsLatinVowelCp(next); break;
        default: break;
      }
      if (ok && r.prev == 'S') ok = i == 0;
      if (ok && r.prev == 'P') ok = i > 0 && IsLatinVowelCp(lower[i - 1]);
      if (!ok) continue;
      emit(r.to);
      i = j;
      matched = true;
      break;
    }
    if (matched) continue;
    const char f = FoldLatin(lower[i]);
    switch (f) {
      case 'a': case 'e': case 'i': case 'o': case 'u': emit(std::string(1, f)); break;
      case 'y': emit(i + 1 < n && IsLatinVowelCp(lower[i + 1]) ? "y" : "i"); break;
      case 'c': case 'q': case 'k': emit("k"); break;
      case 'l': emit("r"); break;
      case 'v': emit("b"); break;
      case 'x': emit("k s"); break;
      case 0: break;
      default: emit(std::string(1, f)); break;
    }
    ++i;
  }
  return out;
}

// The readings of a Latin part in other languages whose marker letters it
// has, each with its evidence label; none that repeats the English phones
// or an earlier reading.
std::vector<std::pair<const char*, std::vector<Phone>>> LatinReadings(
    std::string_view text, const std::vector<Phone>& english) {
  std::vector<std::pair<const char*, std::vector<Phone>>> out;
  std::u32string lower;
  for (char32_t c : Decode(text)) {
    const char f = FoldLatin(c);
    if (f >= 'a' && f <= 'z') {
      lower.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
  }
  auto same = [](const std::vector<Phone>& x, const std::vector<Phone>& y) {
    return x.size() == y.size() &&
           std::equal(x.begin(), x.end(), y.begin(),
                      [](const Phone& p, const Phone& q) {
                        return p.cons == q.cons && p.vowel == q.vowel;
                      });
  };
  for (const LanguageReading& r : LanguageReadings()) {
    const bool marked = std::any_of(
        r.markers.begin(), r.markers.end(), [&](std::u32string_view m) {
          return !m.empty() && lower.find(m) != std::u32string::npos;
        });
    if (!marked) continue;
    std::vector<Phone> phones = PhonesOfReading(lower, r);
    if (phones.empty() || same(phones, english) ||
        std::any_of(out.begin(), out.end(),
                    [&](const auto& o) { return same(o.second, phones); })) {
      continue;
    }
    out.emplace_back(r.rule, std::move(phones));
  }
  return out;
}

// The cost of a consonant for a consonant unrelated to it (PhoneSub).
constexpr double kUnrelatedConsonant = 1.3;

// `pure_vowels`: the Latin side follows a spelling whose vowels are what
// they say (`LatinReadings`), so a vowel change costs as between katakana.
double PhoneSub(const Phone& a, const Phone& b, bool pure_vowels = false) {
  const bool av = a.vowel != 0, bv = b.vowel != 0;
  if (av && bv) return VowelCost(a.vowel, b.vowel, !pure_vowels);
  if (!av && !bv) {
    // Consonants no spelling rule relates (z/n, k/d) make another name: such
    // a change costs more than a consonant inserted or dropped.
    const double cost = ConsCost(a.cons, b.cons, true);
    return cost >= 1.0 ? kUnrelatedConsonant : cost;
  }
  const Phone& c = av ? b : a;
  const Phone& v = av ? a : b;
  if ((c.cons == "y" && v.vowel == 'i') || (c.cons == "w" && v.vowel == 'u')) {
    return 0.2;
  }
  return 1.0;
}

double PhoneIns(const Phone& p) {
  if (p.weak) return p.cons == "r" ? 0.2 : 0.15;  // weak g too
  if (p.vowel != 0) return 0.8;
  if (p.cons == "h" || p.cons == "y" || p.cons == "w") return 0.5;
  return 1.0;
}

constexpr double kFinalConsonantDrop = 1.5;

double PhoneDistance(const std::vector<Phone>& a, const std::vector<Phone>& b,
                     bool pure_vowels = false) {
  const size_t n = a.size(), m = b.size();
  std::vector<double> prev(m + 1), cur(m + 1);
  prev[0] = 0;
  // A strong final consonant on one side only (Milton / ミルト) is dropped
  // at a higher cost than one inside the name.
  auto ins = [](const std::vector<Phone>& p, size_t k) {
    const double cost = PhoneIns(p[k]);
    return k + 1 == p.size() && p[k].vowel == 0 && !p[k].weak && cost >= 1.0
               ? kFinalConsonantDrop
               : cost;
  };
  for (size_t j = 1; j <= m; ++j) prev[j] = prev[j - 1] + ins(b, j - 1);
  for (size_t i = 1; i <= n; ++i) {
    const double del = ins(a, i - 1);
    cur[0] = prev[0] + del;
    for (size_t j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j - 1] + PhoneSub(a[i - 1], b[j - 1], pure_vowels),
                         prev[j] + del, cur[j - 1] + ins(b, j - 1)});
    }
    std::swap(prev, cur);
  }
  double cost = prev[m];
  auto last_cons = [](const std::vector<Phone>& p) -> std::string_view {
    for (auto it = p.rbegin(); it != p.rend(); ++it) {
      if (it->vowel == 0) return it->cons;
      if (!it->weak) return "";
    }
    return "";
  };
  if (n > 0 && m > 0 && IsSibilant(last_cons(a)) != IsSibilant(last_cons(b))) {
    cost += 1.0;
  }
  auto strong = [](const std::vector<Phone>& p) {
    size_t k = 0;
    for (const Phone& x : p) k += x.weak ? 0 : 1;
    return k;
  };
  size_t len = std::max({strong(a), strong(b), size_t{1}});
  return std::min(1.0, cost / static_cast<double>(len));
}

std::string_view FirstCons(const std::vector<Phone>& p) {
  return p.empty() || p[0].vowel != 0 ? std::string_view() : p[0].cons;
}

// The first-phoneme gate (see header): also what `BlockingKeys` relies on.
constexpr double kGateCost = 0.5;
double GateCost(std::string_view a, std::string_view b) {
  return std::min(ConsCost(a, b, true), ConsCost(a, b, false));
}

// ---------------------------------------------------------------------------
// Scripts and parts.

enum class Script { kEmpty, kLatin, kKana, kOther };

Script ScriptOf(std::string_view s) {
  bool latin = false, kana = false, other = false;
  for (char32_t c : Decode(s)) {
    if (IsSeparator(c) || c == '-' || c == '\'' || c == '.' || c == 0x2019) {
      continue;
    }
    if (IsLatinLetter(c)) {
      latin = true;
    } else if (IsKatakanaLetter(c) || IsHiraganaLetter(c) || c == 0x30FC) {
      kana = true;
    } else {
      other = true;
    }
  }
  if (other || (latin && kana)) return Script::kOther;
  if (latin) return Script::kLatin;
  if (kana) return Script::kKana;
  return Script::kEmpty;
}

std::vector<Phone> PhonesOf(std::string_view part, Script script) {
  if (script == Script::kLatin) return PhonesOfLatin(LatinLetters(part));
  return PhonesOfMorae(MoraeOfKey(KatakanaKeyCp(Decode(part))));
}

// `FirstCons(PhonesOf(part, Script::kKana))` without building the phone
// string: only the leading morae of the key are converted. The first-sound
// gate rejects most part pairs, and this is all it needs of a kana part.
std::string FirstConsOfKana(std::string_view part) {
  const std::u32string key = KatakanaKeyCp(Decode(part));
  size_t i = 0;
  while (i < key.size()) {
    // One unit of `SplitMoraCp`.
    size_t end = i + 1;
    if (IsKatakanaLetter(key[i]) && key[i] != 0x30F3 && key[i] != 0x30C3) {
      while (end < key.size() && IsSmall(key[end])) ++end;
    }
    Mora m = ToMora(key.substr(i, end - i));
    i = end;
    // As `PhonesOfMorae`: ン is "n", ッ and ー yield no phone, a bare vowel
    // has no consonant.
    if (m.cons == "N") return "n";
    if (IsSpecial(m) && (m.cons == "Q" || m.cons == "H")) continue;
    return std::move(m.cons);
  }
  return "";
}

// Canonical form for equality: kana key, lower-case Latin letters, others
// verbatim without separators.
std::string CanonicalKey(std::string_view s) {
  std::u32string out;
  std::u32string kana;
  auto flush = [&] {
    if (!kana.empty()) {
      std::u32string k = KatakanaKeyCp(kana);
      out += k;
      kana.clear();
    }
  };
  for (char32_t c : Decode(s)) {
    if (IsKatakanaLetter(c) || IsHiraganaLetter(c) || c == 0x30FC) {
      kana.push_back(c);
      continue;
    }
    flush();
    if (IsSeparator(c) || c == '-' || c == '.' || c == '\'' || c == ',' ||
        c == 0x2019) {
      continue;
    }
    if (IsLatinLetter(c)) {
      out.push_back(static_cast<char32_t>(FoldLatin(c)));
    } else {
      out.push_back(c);
    }
  }
  flush();
  return Encode(out);
}

struct PersonName {
  std::vector<std::string> parts;  // given ... surname
  std::string initials;            // upper-case middle initials
  bool ideographic = false;
};

PersonName ParsePerson(std::string_view s) {
  PersonName p;
  std::u32string cps = Decode(s);
  bool has_dot = false;
  for (char32_t c : cps) {
    if (c == 0x30FB || c == 0xFF65 || c == 0x00B7) has_dot = true;
    if (IsKanji(c)) p.ideographic = true;
  }
  // "Surname, Given" (Latin).
  std::u32string text = cps;
  size_t comma = text.find(U',');
  if (comma != std::u32string::npos) {
    text = text.substr(comma + 1) + U" " + text.substr(0, comma);
  }
  std::vector<std::u32string> raw;
  std::u32string cur;
  for (char32_t c : text) {
    bool sep = c == 0x30FB || c == 0xFF65 || c == 0x00B7 || c == ' ' ||
               c == 0x3000 || c == '.' || c == ',';
    if ((c == '=' || c == 0xFF1D || c == 0x30A0) && !has_dot) sep = true;
    if (sep) {
      if (!cur.empty()) raw.push_back(cur);
      cur.clear();
    } else if (c == '=' || c == 0xFF1D || c == 0x30A0) {
      cur.push_back('-');  // ジャン=リュック・ゴダール: one given name
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) raw.push_back(cur);
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto& r = raw[i];
    bool initial = r.size() == 1 && IsLatinLetter(r[0]) && raw.size() > 1;
    if (initial) {
      p.initials.push_back(static_cast<char>(FoldLatin(r[0]) - 'a' + 'A'));
    } else {
      p.parts.push_back(Encode(r));
    }
  }
  return p;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

std::string F2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

bool IsLegalForm(const std::string& canonical) {
  static constexpr std::string_view kForms[] = {
      "inc",     "incorporated", "corp",  "corporation", "co",
      "ltd",     "limited",      "llc",   "plc",         "gmbh",
      "ag",      "sa",           "nv",    "bv",          "kk",
      "株式会社", "有限会社",      "合同会社", "株",          "(株)",
      "㈱",
  };
  for (std::string_view f : kForms) {
    if (canonical == f) return true;
  }
  return false;
}

enum class CharClass { kLatin, kKana, kOther };

CharClass ClassOf(char32_t c) {
  if (IsLatinLetter(c) || c == '\'') return CharClass::kLatin;
  if (IsKatakanaLetter(c) || IsHiraganaLetter(c) || c == 0x30FC) return CharClass::kKana;
  return CharClass::kOther;
}

// Company tokens (see header), legal forms dropped.
std::vector<std::string> CompanyTokens(std::string_view s) {
  std::vector<std::u32string> toks;
  std::vector<bool> camel;  // token starts at a CamelCase split
  std::u32string cur;
  bool cur_camel = false;
  auto flush = [&] {
    if (!cur.empty()) {
      toks.push_back(cur);
      camel.push_back(cur_camel);
    }
    cur.clear();
    cur_camel = false;
  };
  for (char32_t c : Decode(s)) {
    if (IsSeparator(c) || c == ',' || c == '(' || c == ')' || c == '.' ||
        c == 0x3001 || (c == '-' && !cur.empty() && IsLatinLetter(cur.back()))) {
      flush();
      continue;
    }
    if (c == '\'' || c == 0x2019) {
      if (!cur.empty()) cur.push_back('\'');
      continue;
    }
    if (!cur.empty()) {
      char32_t p = cur.back();
      bool boundary = ClassOf(p) != ClassOf(c);
      // CamelCase: lower -> Upper, or ACRONYM -> Word (keep "iPhone").
      if (!boundary && ClassOf(c) == CharClass::kLatin && c < 0x80 &&
          p < 0x80) {
        bool pl = p >= 'a' && p <= 'z', cu = c >= 'A' && c <= 'Z';
        if (pl && cu && cur.size() >= 2) boundary = true;
      }
      // ACRONYM -> Word: "JPMorgan" -> JP + Morgan.
      if (!boundary && c >= 'a' && c <= 'z' && cur.size() >= 3) {
        char32_t p1 = cur[cur.size() - 1], p2 = cur[cur.size() - 2];
        if (p1 >= 'A' && p1 <= 'Z' && p2 >= 'A' && p2 <= 'Z') {
          char32_t last = cur.back();
          cur.pop_back();
          bool was_camel = cur_camel;
          toks.push_back(cur);
          camel.push_back(was_camel);
          cur.assign(1, last);
          cur_camel = true;
        }
      }
      if (boundary) {
        bool same_script = ClassOf(p) == ClassOf(c);
        flush();
        cur_camel = same_script;
      }
    }
    cur.push_back(c);
  }
  flush();
  std::vector<std::string> out;
  static const std::u32string kAffixes[] = {U"株式会社", U"有限会社",
                                            U"合同会社", U"(株)"};
  for (size_t i = 0; i < toks.size(); ++i) {
    std::u32string& t = toks[i];
    // Possessive brand names: McDonald's = マクドナルド.
    if (t.size() > 2 && t[t.size() - 2] == '\'' &&
        (t.back() == 's' || t.back() == 'S')) {
      t.resize(t.size() - 2);
    }
    std::erase(t, U'\'');
    for (const std::u32string& f : kAffixes) {
      if (t.size() > f.size() && t.starts_with(f)) t = t.substr(f.size());
      if (t.size() > f.size() && t.ends_with(f)) t.resize(t.size() - f.size());
    }
    if (t.empty()) continue;
    std::string e = Encode(t);
    if (!camel[i] && IsLegalForm(CanonicalKey(e))) continue;
    out.push_back(e);
  }
  return out;
}

void AddNeighbourKeys(std::string_view first, std::vector<std::string>& keys) {
  for (std::string_view c : kConsonants) {
    if (GateCost(first, c) <= kGateCost) {
      std::string k = "p:";
      k += c;
      keys.push_back(std::move(k));
    }
  }
}

// Truncated surname rule (see header for the contract).
constexpr size_t kTruncMinMorae = 3;        // of the truncated key
constexpr double kTruncMinCoverage = 0.6;   // strong phones of the full form
constexpr double kTruncMaxDistance = 0.2;   // prefix distance, normalised
constexpr size_t kTruncMinRemainder = 2;    // strong phones left over
constexpr double kTruncMinGiven = 0.95;     // the other parts must agree

size_t StrongCount(const std::vector<Phone>& p, size_t begin, size_t end) {
  size_t k = 0;
  for (size_t i = begin; i < end; ++i) k += p[i].weak ? 0 : 1;
  return k;
}

// English surname endings that turn one surname into another (Wilkie /
// Wilkins, Bailey / Baylis, Smith / Smithson, Hamil / Hamilton, Stan /
// Stanley): a remainder whose last strong sound is n, s, z or ts (-son,
// -s, -kins, -ton, -man), or that is exactly -ton, -ley or -man, never counts
// as the part a truncation left out.
bool IsSurnameSuffix(const std::vector<Phone>& p, size_t begin) {
  std::string strong;
  std::string last;  // "V" for a vowel, else the consonant
  for (size_t i = begin; i < p.size(); ++i) {
    if (p[i].weak) continue;
    last = p[i].vowel != 0 ? std::string("V") : p[i].cons;
    strong += p[i].vowel != 0 ? std::string(1, p[i].vowel) : p[i].cons;
  }
  if (last == "n" || last == "s" || last == "z" || last == "ts" ||
      last == "N") {
    return true;
  }
  static constexpr std::string_view kSuffixes[] = {"ton", "tn",  "ri",
                                                   "rei", "man", "mn"};
  for (std::string_view s : kSuffixes) {
    if (strong == s) return true;
  }
  return false;
}

// Score of `trunc` (katakana, written ending in a prolonged-sound mark) as a
// truncated rendering of `full` (katakana or Latin); 0 when the rule does
// not apply.
double TruncationSimilarity(std::string_view trunc, std::string_view full) {
  if (ScriptOf(trunc) != Script::kKana) return 0;
  const Script sf = ScriptOf(full);
  if (sf != Script::kKana && sf != Script::kLatin) return 0;
  const std::u32string cps = Decode(trunc);
  if (cps.empty() || !IsProlonged(cps.back())) return 0;
  if (MoraeOfKey(KatakanaKeyCp(cps)).size() < kTruncMinMorae) return 0;
  const std::vector<Phone> pt = PhonesOf(trunc, Script::kKana);
  const std::vector<Phone> pf = PhonesOf(full, sf);
  if (GateCost(FirstCons(pt), FirstCons(pf)) > kGateCost) return 0;
  const size_t n = pt.size(), m = pf.size();
  // Edit distance of all of `pt` against every prefix of `pf`.
  std::vector<double> prev(m + 1), cur(m + 1);
  prev[0] = 0;
  for (size_t j = 1; j <= m; ++j) prev[j] = prev[j - 1] + PhoneIns(pf[j - 1]);
  for (size_t i = 1; i <= n; ++i) {
    const double del = PhoneIns(pt[i - 1]);
    cur[0] = prev[0] + del;
    for (size_t j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j - 1] + PhoneSub(pt[i - 1], pf[j - 1]),
                         prev[j] + del, cur[j - 1] + PhoneIns(pf[j - 1])});
    }
    std::swap(prev, cur);
  }
  const size_t strong_t = StrongCount(pt, 0, n);
  const size_t strong_f = StrongCount(pf, 0, m);
  if (strong_f == 0) return 0;
  double best = 1.0;
  size_t best_j = 0;
  for (size_t j = 1; j < m; ++j) {
    const size_t strong_p = StrongCount(pf, 0, j);
    if (strong_f - strong_p < kTruncMinRemainder) continue;
    if (static_cast<double>(strong_p) <
        kTruncMinCoverage * static_cast<double>(strong_f)) {
      continue;
    }
    const double d = prev[j] / static_cast<double>(
                                   std::max({strong_t, strong_p, size_t{1}}));
    if (d < best) best = d, best_j = j;
  }
  if (best > kTruncMaxDistance || IsSurnameSuffix(pf, best_j)) return 0;
  return 1.0 - best;
}

}  // namespace

// What `ScorePart` needs of one part, computed once per part.
// ---------------------------------------------------------------------------
// Acronyms read letter by letter (CPU シーピーユー, NTT エヌ・ティー・ティー).
namespace {

// The Japanese names of the letters A-Z in katakana, each with its usual
// spellings ("|"-separated), written without long-vowel marks: the katakana
// they are compared with has its marks dropped too (エー = エ, ビー = ビ).
constexpr std::array<std::string_view, 26> kLetterNames = {
    "エ|エイ",          "ビ",           "シ",              "ディ|デ|デイ",
    "イ",               "エフ",         "ジ|ジイ",         "エイチ|エッチ|エチ",
    "アイ",             "ジェイ|ジェ",  "ケイ|ケ",         "エル",
    "エム",             "エヌ|エン",    "オ|オウ",         "ピ",
    "キュ",             "アル",         "エス",            "ティ|テイ|テ",
    "ユ",               "ブイ|ヴィ|ヴイ", "ダブリュ|ダブル", "エックス|エクス",
    "ワイ",             "ゼット|ズィ|ゼッド|ゼト"};

// The capitals of `s` when it is an acronym: 2 to 6 capital letters A-Z in
// all, in words of capitals only, joined by spaces, hyphens, dots or "&"
// (NTT, C-TBS, U.S.A.). Empty for anything else (IBM Japan, Sony, FM802).
std::string AcronymLetters(std::string_view s) {
  std::string letters;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      letters += c;
    } else if (c != ' ' && c != '-' && c != '.' && c != '&') {
      return "";
    }
  }
  if (letters.size() < 2 || letters.size() > 6) return "";
  return letters;
}

// Katakana `s` without its separators and long-vowel marks; empty when `s`
// holds anything but katakana letters, separators and marks.
std::string KatakanaWithoutMarks(std::string_view s) {
  std::string out;
  for (char32_t c : Decode(s)) {
    if (IsSeparator(c) || c == 0x30FC) continue;
    if (!IsKatakanaLetter(c)) return "";
    Append(out, c);
  }
  return out;
}

// Whether `kana` (KatakanaWithoutMarks) is `letters` read one by one, each
// letter by one of its names.
bool ReadsLetterByLetter(std::string_view letters, std::string_view kana) {
  // reach[i]: the first i bytes of `kana` are the names of a prefix of the
  // letters; advanced one letter at a time.
  std::vector<bool> reach(kana.size() + 1, false);
  reach[0] = true;
  for (char letter : letters) {
    std::vector<bool> next(kana.size() + 1, false);
    for (size_t i = 0; i < kana.size(); ++i) {
      if (!reach[i]) continue;
      std::string_view names = kLetterNames[letter - 'A'];
      while (!names.empty()) {
        const size_t bar = std::min(names.find('|'), names.size());
        const std::string_view name = names.substr(0, bar);
        if (kana.substr(i, name.size()) == name) next[i + name.size()] = true;
        names.remove_prefix(std::min(bar + 1, names.size()));
      }
    }
    reach = std::move(next);
  }
  return reach[kana.size()];
}

// The first reading of each letter joined (CPU シーピーユー, without marks):
// what the blocking keys read of an acronym.
std::string LetterReading(std::string_view letters) {
  std::string out;
  for (char letter : letters) {
    const std::string_view names = kLetterNames[letter - 'A'];
    out += names.substr(0, names.find('|'));
  }
  return out;
}

// An acronym against its letter-by-letter reading in katakana; nullopt when
// neither name is an acronym or the other is not katakana, or the reading
// differs (the other rules then decide: FUSE / フューズ is read as a word).
std::optional<NameMatch> MatchAcronym(std::string_view a, std::string_view b) {
  std::string letters = AcronymLetters(a);
  std::string kana = KatakanaWithoutMarks(b);
  if (letters.empty() || kana.empty()) {
    letters = AcronymLetters(b);
    kana = KatakanaWithoutMarks(a);
  }
  if (letters.empty() || kana.empty()) return std::nullopt;
  if (!ReadsLetterByLetter(letters, kana)) return std::nullopt;
  return NameMatch{true, 0.95, "acronym: read letter by letter"};
}

}  // namespace

struct PreparedPart {
  std::string text;
  std::string key;  // CanonicalKey(text)
  Script script = Script::kEmpty;
  // Set when `key` is not empty and `script` is not kOther: the consonant of
  // the first phone of `PhonesOf(text, script)`, and those phones for a Latin
  // part (kana phones are built only when a comparison needs them).
  std::string first_cons;
  std::vector<Phone> phones;
  // A Latin part's readings in other languages (`LatinReadings`).
  std::vector<std::pair<const char*, std::vector<Phone>>> readings;
  // Morae of a kana part's key (for the threshold table); 0 otherwise.
  int morae = 0;
};

// Sets the fields of `*p` after `key` from `text` (see `PreparedPart`).
void AnalysePart(PreparedPart* p) {
  if (p->key.empty()) return;
  p->script = ScriptOf(p->text);
  if (p->script == Script::kLatin) {
    p->phones = PhonesOf(p->text, Script::kLatin);
    p->first_cons = std::string(FirstCons(p->phones));
    p->readings = LatinReadings(p->text, p->phones);
  } else if (p->script != Script::kOther) {
    p->first_cons = FirstConsOfKana(p->text);
    if (p->script == Script::kKana) {
      p->morae = static_cast<int>(MoraeOfKey(Decode(p->key)).size());
    }
  }
}

// With `analyse` false, only `text` and `key` are set.
PreparedPart PreparePart(std::string_view text, bool analyse = true) {
  PreparedPart p;
  p.text = std::string(text);
  p.key = CanonicalKey(text);
  if (analyse) AnalysePart(&p);
  return p;
}

// The parts of a name written as one (ジョンスミス against John Smith). A
// Latin name's phones are those of its words one after the other: each word
// is read by itself (the final e of "place" in "place kick" stays silent, as
// it would not in "placekick").
PreparedPart PrepareJoined(const std::vector<std::string>& parts) {
  PreparedPart p = PreparePart(Join(parts));
  if (p.script != Script::kLatin || parts.size() < 2) return p;
  p.phones.clear();
  for (const std::string& part : parts) {
    if (ScriptOf(part) != Script::kLatin) return PreparePart(Join(parts));
    const std::vector<Phone> phones = PhonesOf(part, Script::kLatin);
    p.phones.insert(p.phones.end(), phones.begin(), phones.end());
  }
  p.first_cons = std::string(FirstCons(p.phones));
  return p;
}

struct PreparedName {
  EntityType type = EntityType::kPerson;
  std::string text;
  // PERSON only.
  PersonName person;
  std::vector<PreparedPart> parts;  // one per `person.parts`
  std::string joined_key;           // CanonicalKey(Join(person.parts))
};

// ---------------------------------------------------------------------------
// Public free functions.

std::string KatakanaKey(std::string_view katakana) {
  return Encode(KatakanaKeyCp(Decode(katakana)));
}

std::vector<std::string> SplitMora(std::string_view katakana) {
  std::u32string cps = Decode(katakana);
  for (char32_t& c : cps) {
    if (IsHiraganaLetter(c)) c += 0x60;
  }
  std::vector<std::string> out;
  for (const auto& u : SplitMoraCp(cps)) out.push_back(Encode(u));
  return out;
}

double MoraDistance(std::string_view a, std::string_view b) {
  return MoraDistanceOf(MoraeOfKey(KatakanaKeyCp(Decode(a))),
                        MoraeOfKey(KatakanaKeyCp(Decode(b))));
}

namespace internal {

double ConsonantCost(std::string_view a, std::string_view b, bool cross) {
  return ConsCost(a, b, cross);
}

double ConsonantCostUncached(std::string_view a, std::string_view b,
                             bool cross) {
  return ConsCostUncached(a, b, cross);
}

std::string FirstConsonantOfKana(std::string_view katakana) {
  return FirstConsOfKana(katakana);
}

std::string FirstConsonantOfKanaUncached(std::string_view katakana) {
  return std::string(FirstCons(PhonesOf(katakana, Script::kKana)));
}

}  // namespace internal

// ---------------------------------------------------------------------------
// NameMatcher.

absl::StatusOr<std::unique_ptr<NameMatcher>> NameMatcher::Create(
    const NameMatcherOptions& options) {
  if (!(options.threshold > 0 && options.threshold <= 1)) {
    return absl::InvalidArgumentError(
        "name_matcher: threshold must be in (0, 1]");
  }
  return std::unique_ptr<NameMatcher>(new NameMatcher(options));
}

NameMatcher::PartScore NameMatcher::ScorePart(std::string_view a,
                                              std::string_view b) const {
  PreparedPart pa = PreparePart(a, /*analyse=*/false);
  PreparedPart pb = PreparePart(b, /*analyse=*/false);
  // Empty or equal keys decide without the rest.
  if (!pa.key.empty() && !pb.key.empty() && pa.key != pb.key) {
    AnalysePart(&pa);
    AnalysePart(&pb);
  }
  return ScorePart(pa, pb);
}

NameMatcher::PartScore NameMatcher::ScorePart(const PreparedPart& a,
                                              const PreparedPart& b) const {
  PartScore s = ScoreSpelling(a, b);
  if (a.script == Script::kKana && b.script == Script::kKana) {
    s.kind = PartPairKind::kKana;
    s.morae = std::max(a.morae, b.morae);
  } else if ((a.script == Script::kKana && b.script == Script::kLatin) ||
             (a.script == Script::kLatin && b.script == Script::kKana)) {
    s.kind = PartPairKind::kLatinKana;
    s.morae = a.script == Script::kKana ? a.morae : b.morae;
  }
  s.threshold = options_.thresholds == nullptr
                    ? options_.threshold
                    : options_.thresholds->For(s.kind, s.morae,
                                               options_.threshold);
  return s;
}

void NameMatcher::SetBasis(const PartScore& s, NameMatch& m) {
  m.threshold = s.threshold;
  m.basis = s.kind == PartPairKind::kOther
                ? std::string()
                : std::string(PartPairKindName(s.kind)) + " " +
                      std::to_string(s.morae);
}

NameMatcher::PartScore NameMatcher::ScoreSpelling(
    const PreparedPart& part_a, const PreparedPart& part_b) const {
  const PreparedPart* pa = &part_a;
  const PreparedPart* pb = &part_b;
  const std::string& ka = pa->key;
  if (ka.empty() || pb->key.empty()) return {0, "empty"};
  if (ka == pb->key) return {1.0, "exact"};
  if (pa->script == Script::kOther || pb->script == Script::kOther) {
    return {0, "script"};
  }
  if (pa->script == Script::kLatin && pb->script == Script::kKana) {
    std::swap(pa, pb);
  }
  // Now (kana, kana), (latin, latin) or (kana, latin).
  const std::string_view a = pa->text, b = pb->text;
  const Script sa = pa->script, sb = pb->script;
  if (sa == Script::kKana && sb == Script::kLatin) {
    // A word of a name written as an acronym and read letter by letter
    // (FM SETO / エフエム・セト).
    if (const std::string letters = AcronymLetters(b); !letters.empty()) {
      const std::string kana = KatakanaWithoutMarks(a);
      if (!kana.empty() && ReadsLetterByLetter(letters, kana)) {
        return {0.95, "acronym: read letter by letter"};
      }
    }
  }
  const bool gate = GateCost(pa->first_cons, pb->first_cons) <= kGateCost;
  if (sa == Script::kKana && sb == Script::kKana) {
    if (!gate) return {0, "mora: first sound differs"};
    return {1.0 - MoraDistance(a, b), "mora"};
  }
  PartScore best{0, "phonetic: first sound differs"};
  // A kana side's phones are built once, and only when some gate (the
  // English reading's or another language's) lets the pair through.
  std::vector<Phone> kana_phones;
  auto kana = [&]() -> const std::vector<Phone>& {
    if (kana_phones.empty()) kana_phones = PhonesOf(a, sa);
    return kana_phones;
  };
  if (gate) {
    std::vector<Phone> built_b;
    const std::vector<Phone>& phones_a =
        sa == Script::kLatin ? pa->phones : kana();
    const std::vector<Phone>& phones_b =
        sb == Script::kLatin ? pb->phones : (built_b = PhonesOf(b, sb));
    const double d = PhoneDistance(phones_a, phones_b);
    best = {std::min(0.95, 1.0 - d), "phonetic"};
  }
  if (sa == Script::kKana && sb == Script::kLatin) {
    // The spelling of another language (Jimena ヒメナ), with its own first
    // sound for the gate.
    for (const auto& [rule, phones] : pb->readings) {
      if (GateCost(pa->first_cons, FirstCons(phones)) > kGateCost) continue;
      const double s = std::min(
          0.95, 1.0 - PhoneDistance(kana(), phones, /*pure_vowels=*/true));
      if (s > best.score) best = {s, rule};
    }
  }
  if (sa == Script::kKana && sb == Script::kLatin && options_.names) {
    const std::string lat = LatinLetters(b);
    std::string lat_spaced;
    for (char32_t c : Decode(b)) {
      char f = FoldLatin(c);
      if ((f >= 'a' && f <= 'z') || f == ' ' || f == '-') lat_spaced += f;
    }
    for (std::string_view r : options_.names->Romanisations(a)) {
      if (r == lat || r == lat_spaced) return {1.0, "enamdict"};
    }
    for (std::string_view h : options_.names->KatakanaFor(lat_spaced)) {
      if (CanonicalKey(h) == ka) return {1.0, "enamdict"};
      if (GateCost(FirstConsOfKana(h), pa->first_cons) > kGateCost) continue;
      double s = 0.97 * (1.0 - MoraDistance(h, a));
      if (s > best.score) best = {s, "enamdict~mora"};
    }
  }
  return best;
}

constexpr double kJoinedThreshold = 0.8;
// What each word of a name written as one must score against its run of
// katakana (`ScoreSplit`) besides the whole: enough to tell a different
// word (Blue Ridge / Blue Bridge: リッジ for Bridge, 0) from the noise of
// short words read alone (Mouse / マウス 0.74). On the dev pairs
// (name_pairs_dev.jsonl), against the whole alone: 0.5 loses 5 same names
// and keeps 1 more different name out; 0.6 loses 17, 0.75 loses 61 and
// keeps 2 out.
constexpr double kSplitWordFloor = 0.5;

NameMatcher::PartScore NameMatcher::ScoreSplit(
    const PreparedPart& kana, const std::vector<PreparedPart>& words) const {
  PartScore best{0, "split: none"};
  best.threshold = options_.threshold;
  const std::vector<std::u32string> units = SplitMoraCp(Decode(kana.text));
  const size_t u = units.size();
  if (words.size() < 2 || words.size() > 3 || u < words.size()) return best;
  // A word does not begin with ー, ッ or ン.
  auto can_begin = [&](size_t i) {
    const char32_t c = units[i][0];
    return c != 0x30FC && c != 0x30C3 && c != 0x30F3;
  };
  auto segment = [&](size_t from, size_t to) {
    std::u32string s;
    for (size_t i = from; i < to; ++i) s += units[i];
    return PreparePart(Encode(s));
  };
  // Worst word of one split; `cuts` are the first units of words 2, 3.
  auto worst = [&](const std::vector<size_t>& cuts) {
    PartScore w;
    bool first = true;
    size_t from = 0;
    for (size_t k = 0; k < words.size(); ++k) {
      const size_t to = k < cuts.size() ? cuts[k] : u;
      PartScore s = ScorePart(segment(from, to), words[k]);
      s.threshold = kSplitWordFloor;
      if (first || s.margin() < w.margin()) w = s;
      first = false;
      from = to;
    }
    return w;
  };
  bool found = false;
  auto consider = [&](const std::vector<size_t>& cuts) {
    for (size_t c : cuts) {
      if (!can_begin(c)) return;
    }
    PartScore w = worst(cuts);
    if (!found || w.margin() > best.margin()) best = w;
    found = true;
  };
  for (size_t a = 1; a < u; ++a) {
    if (words.size() == 2) {
      consider({a});
      continue;
    }
    for (size_t b = a + 1; b < u; ++b) consider({a, b});
  }
  return best;
}

NameMatch NameMatcher::MatchPerson(const PreparedName& prepared_a,
                                   const PreparedName& prepared_b) const {
  NameMatch out;
  const PersonName& pa = prepared_a.person;
  const PersonName& pb = prepared_b.person;
  if (pa.parts.empty() || pb.parts.empty()) {
    out.why = "person: empty name";
    return out;
  }
  if (prepared_a.joined_key == prepared_b.joined_key &&
      pa.initials == pb.initials) {
    return {true, 1.0, "person: identical after normalisation"};
  }
  if (pa.ideographic || pb.ideographic) {
    // A kanji name that begins another (大河内 / 大河内信彦) is that name's
    // surname written alone: partial, as for katakana, and left to the
    // reconciler, which links them inside a document.
    const std::string& ka = prepared_a.joined_key;
    const std::string& kb = prepared_b.joined_key;
    const std::string& shorter = ka.size() < kb.size() ? ka : kb;
    const std::string& longer = ka.size() < kb.size() ? kb : ka;
    if (pa.ideographic && pb.ideographic && !shorter.empty() &&
        shorter.size() < longer.size() &&
        longer.compare(0, shorter.size(), shorter) == 0) {
      out.score = 0.5;
      out.why = "partial: surname only (kanji prefix)";
      return out;
    }
    out.why = "person: kanji names differ (no reading evidence)";
    return out;
  }
  if (pa.parts.size() == 1 || pb.parts.size() == 1) {
    const bool a_lone = pa.parts.size() == 1;
    const PersonName& lone = a_lone ? pa : pb;
    const PersonName& full = a_lone ? pb : pa;
    const std::vector<PreparedPart>& lone_parts =
        a_lone ? prepared_a.parts : prepared_b.parts;
    const std::vector<PreparedPart>& full_parts =
        a_lone ? prepared_b.parts : prepared_a.parts;
    if (full.parts.size() == 1) {
      PartScore s = ScorePart(lone_parts[0], full_parts[0]);
      out.score = s.score;
      out.same = s.passes() && lone.initials == full.initials;
      SetBasis(s, out);
      out.why = "person: single part " + F2(s.score) + " (" + s.rule + ")";
      return out;
    }
    // A lone part that matches the surname or the given name is partial,
    // even if it also resembles the whole name.
    // Never below the flat threshold here: a long lone part may be the
    // whole name written as one (セントラルパーク), which its length alone
    // would let pass for one word of it (Central).
    PartScore sur = ScorePart(lone_parts[0], full_parts.back());
    PartScore giv = ScorePart(lone_parts[0], full_parts.front());
    sur.threshold = std::max(sur.threshold, options_.threshold);
    giv.threshold = std::max(giv.threshold, options_.threshold);
    if (sur.passes()) {
      out.score = 0.5 * sur.score;
      SetBasis(sur, out);
      out.why = "partial: surname only (surname " + F2(sur.score) + ", " +
                sur.rule + ")";
      return out;
    }
    if (giv.passes()) {
      out.score = 0.5 * giv.score;
      SetBasis(giv, out);
      out.why = "partial: given name only (given " + F2(giv.score) + ", " +
                giv.rule + ")";
      return out;
    }
    // Unseparated full name (ジョンスミス, オプティカルマウス against
    // Optical Mouse): long strings tolerate more edits in total. The
    // threshold table scales with length already; the flat threshold does
    // not, so without the table this path asks for 0.8. On the dev pairs
    // (name_pairs_dev.jsonl, 575 multi-word Latin against unspaced katakana,
    // 16 of them different names): with one flat threshold, 0.9 missed 203
    // of the same names whose word-by-word phones score 0.8-0.9 and let 2
    // more different names in at 0.8 than at 0.9; with the table, whose
    // rows for such lengths are 0.60-0.66, 0.8 missed 54 more same names
    // than the table's own row and kept 3 different names apart.
    PartScore joined = ScorePart(lone_parts[0], PrepareJoined(full.parts));
    if (options_.thresholds == nullptr) {
      joined.threshold = std::max(joined.threshold, kJoinedThreshold);
    } else if (joined.passes() && lone_parts[0].script == Script::kKana &&
               full_parts.size() <= 3) {
      // Each word must also match its own run of the katakana: the whole
      // may tolerate a different word (Blue Ridge / Blue Bridge) that
      // the words do not.
      const PartScore split = ScoreSplit(lone_parts[0], full_parts);
      if (!split.passes()) {
        SetBasis(split, out);
        out.score = 0.5 * joined.score;
        out.why = "person: unseparated full name " + F2(joined.score) + " (" +
                  joined.rule + "), but one word scores " + F2(split.score) +
                  " against its run of katakana (" + split.rule + ")";
        return out;
      }
    }
    SetBasis(joined, out);
    if (joined.passes() && lone.initials.empty() && full.initials.empty()) {
      out.same = true;
      out.score = joined.score;
      out.why = "person: unseparated full name " + F2(joined.score) + " (" +
                joined.rule + ")";
      return out;
    }
    out.score = 0.5 * std::max({joined.score, sur.score, giv.score});
    out.why = "person: lone part matches no part";
    return out;
  }
  // Parts of full names: the table was fitted on names of one part; beside
  // another part of the same name, a part never needs more than the flat
  // threshold.
  auto full_part = [&](const PreparedPart& a, const PreparedPart& b) {
    PartScore s = ScorePart(a, b);
    s.threshold = std::min(s.threshold, options_.threshold);
    return s;
  };
  PartScore giv = full_part(prepared_a.parts.front(), prepared_b.parts.front());
  PartScore sur = full_part(prepared_a.parts.back(), prepared_b.parts.back());
  std::string why = "person: given " + F2(giv.score) + " (" + giv.rule +
                    ") surname " + F2(sur.score) + " (" + sur.rule + ")";
  const size_t ma = pa.parts.size() - 2, mb = pb.parts.size() - 2;
  PartScore others = giv;  // of every part but the surname, the furthest
                           // below its threshold
  double others_score = giv.score;  // the lowest score of those
  if (ma == mb) {
    for (size_t i = 1; i + 1 < pa.parts.size(); ++i) {
      PartScore m = full_part(prepared_a.parts[i], prepared_b.parts[i]);
      if (m.margin() < others.margin()) others = m;
      others_score = std::min(others_score, m.score);
      why += " middle " + F2(m.score) + " (" + m.rule + ")";
    }
  }
  if (!sur.passes() && others_score >= kTruncMinGiven) {
    const double t =
        std::max(TruncationSimilarity(pa.parts.back(), pb.parts.back()),
                 TruncationSimilarity(pb.parts.back(), pa.parts.back()));
    if (t > 0) {
      // Deliberately just above the threshold: any regular match wins.
      sur.score = std::min(1.0, sur.threshold + 0.01);
      why = "person: truncated surname (prefix " + F2(t) + "); " +
            why.substr(std::string_view("person: ").size());
    }
  }
  const PartScore& decisive = sur.margin() < others.margin() ? sur : others;
  out.score = decisive.score;
  SetBasis(decisive, out);
  if (!decisive.passes()) {
    out.why = why;
    return out;
  }
  if (ma != mb) {
    out.score = 0.5 * decisive.score;
    out.why = "partial: middle name on one side only; " + why;
    return out;
  }
  if (pa.initials != pb.initials) {
    out.score = 0.5 * decisive.score;
    out.why = (pa.initials.empty() || pb.initials.empty()
                   ? "partial: middle initial on one side only; "
                   : "person: middle initials differ; ") +
              why;
    return out;
  }
  out.same = true;
  out.why = why;
  return out;
}

NameMatch NameMatcher::MatchCompany(std::string_view a,
                                    std::string_view b) const {
  const double thr = options_.threshold;
  std::vector<std::string> ta = CompanyTokens(a), tb = CompanyTokens(b);
  if (ta.empty() || tb.empty()) return {false, 0, "company: empty name"};
  const std::string ja = CanonicalKey(Join(ta)), jb = CanonicalKey(Join(tb));
  if (ja == jb) return {true, 1.0, "company: identical after normalisation"};
  if (options_.names != nullptr) {
    // Whole-name ENAMDICT link (Microsoft = マイクロソフト).
    auto linked = [&](const std::vector<std::string>& lat_tokens,
                      const std::string& other_key) {
      std::string lat;
      for (const auto& t : lat_tokens) {
        if (ScriptOf(t) != Script::kLatin) return false;
        if (!lat.empty()) lat += ' ';
        lat += LatinLetters(t);
      }
      std::string spaced;  // the Latin as written, lower-cased
      for (char32_t c : Decode(lat_tokens.size() == 1 ? lat_tokens[0] : "")) {
        char f = FoldLatin(c);
        if (f != 0) spaced += f;
      }
      for (const std::string& key : {lat, spaced}) {
        if (key.empty()) continue;
        for (std::string_view h : options_.names->HeadwordsFor(
                 key, kCompany | kOrg | kProduct)) {
          if (CanonicalKey(h) == other_key) return true;
        }
      }
      return false;
    };
    if (linked(ta, jb) || linked(tb, ja)) {
      return {true, 1.0, "company: enamdict"};
    }
  }
  auto pair_score = [&](const std::string& x, const std::string& y) {
    const Script sx = ScriptOf(x), sy = ScriptOf(y);
    // Latin vs Latin company tokens must be equal: no fuzzy brand names.
    if (sx == Script::kLatin && sy == Script::kLatin) {
      return PartScore{CanonicalKey(x) == CanonicalKey(y) ? 1.0 : 0.0,
                       "latin token"};
    }
    PartScore best = ScorePart(x, y);
    // Katakana usually drops an English plural s: Labs = ラボ,
    // Reuters = ロイター (Systems = システムズ keeps it and scores as is).
    if ((sx == Script::kLatin) != (sy == Script::kLatin)) {
      const std::string& lat = sx == Script::kLatin ? x : y;
      const std::string& kana = sx == Script::kLatin ? y : x;
      if (lat.size() >= 4 && (lat.back() == 's' || lat.back() == 'S') &&
          lat[lat.size() - 2] != 's' && lat[lat.size() - 2] != 'S') {
        const PartScore singular =
            ScorePart(lat.substr(0, lat.size() - 1), kana);
        if (singular.score > best.score) {
          best = {singular.score, "phonetic, plural s dropped"};
        }
      }
    }
    return best;
  };
  if (ta.size() == tb.size()) {
    double score = 1.0;
    std::string why = "company: tokens";
    for (size_t i = 0; i < ta.size(); ++i) {
      PartScore s = pair_score(ta[i], tb[i]);
      score = std::min(score, s.score);
      why += " " + F2(s.score) + " (" + s.rule + ")";
    }
    if (score >= thr) return {true, score, why};
  }
  // Across scripts, one token may stand for two or three of the other side:
  // ブルーリバー・キャピタル = Blue River Capital, ベインキャピタル = Bain
  // Capital. Every token is covered, in order; the score is the weakest
  // pair's.
  if (ScriptOf(Join(ta)) != ScriptOf(Join(tb))) {
    constexpr size_t kMaxJoined = 3;
    const size_t na = ta.size(), nb = tb.size();
    std::vector<double> best((na + 1) * (nb + 1), -1.0);
    auto at = [&](size_t i, size_t j) -> double& { return best[i * (nb + 1) + j]; };
    at(0, 0) = 1.0;
    auto concat = [](const std::vector<std::string>& t, size_t from,
                     size_t n) {
      std::string out;
      for (size_t k = from; k < from + n; ++k) out += t[k];
      return out;
    };
    auto relax = [&](size_t i, size_t j, size_t di, size_t dj,
                     const std::string& x, const std::string& y) {
      if (i + di > na || j + dj > nb) return;
      if (di > 1 && ScriptOf(x) != Script::kLatin) return;
      if (dj > 1 && ScriptOf(y) != Script::kLatin) return;
      const PartScore s = pair_score(x, y);
      if (s.score < thr) return;
      double& next = at(i + di, j + dj);
      next = std::max(next, std::min(at(i, j), s.score));
    };
    for (size_t i = 0; i <= na; ++i) {
      for (size_t j = 0; j <= nb; ++j) {
        if (at(i, j) < 0 || i == na || j == nb) continue;
        relax(i, j, 1, 1, ta[i], tb[j]);
        for (size_t k = 2; k <= kMaxJoined; ++k) {
          if (j + k <= nb) relax(i, j, 1, k, ta[i], concat(tb, j, k));
          if (i + k <= na) relax(i, j, k, 1, concat(ta, i, k), tb[j]);
        }
      }
    }
    if (at(na, nb) >= thr) {
      return {true, at(na, nb),
              "company: tokens joined across scripts " + F2(at(na, nb))};
    }
  }
  // One side a single word (no spaces in the original) vs a single-word
  // Latin name split by CamelCase: compare whole words (McDonald's).
  const bool sa_word = std::string_view(a).find(' ') == std::string_view::npos;
  const bool sb_word = std::string_view(b).find(' ') == std::string_view::npos;
  if (sa_word && sb_word && (ta.size() == 1 || tb.size() == 1)) {
    Script xa = ScriptOf(Join(ta)), xb = ScriptOf(Join(tb));
    if (xa != Script::kOther && xb != Script::kOther && xa != xb) {
      PartScore s = ScorePart(Join(ta), Join(tb));
      if (s.score >= thr) {
        return {true, s.score,
                "company: whole word " + F2(s.score) + " (" + s.rule + ")"};
      }
    }
  }
  // Extra tokens: every token of the shorter side matches, in order.
  const auto& shorter = ta.size() <= tb.size() ? ta : tb;
  const auto& longer = ta.size() <= tb.size() ? tb : ta;
  size_t j = 0;
  double sub = 1.0;
  for (const auto& t : shorter) {
    bool found = false;
    while (j < longer.size()) {
      PartScore s = pair_score(t, longer[j++]);
      if (s.score >= thr) {
        sub = std::min(sub, s.score);
        found = true;
        break;
      }
    }
    if (!found) {
      sub = 0;
      break;
    }
  }
  if (sub >= thr && shorter.size() < longer.size()) {
    return {false, 0.5 * sub,
            "partial: extra tokens on one side (" +
                std::to_string(longer.size() - shorter.size()) + ")"};
  }
  return {false, 0, "company: tokens differ"};
}

std::shared_ptr<const PreparedName> NameMatcher::Prepare(
    std::string_view name, EntityType type) const {
  auto p = std::make_shared<PreparedName>();
  p->type = type;
  p->text = std::string(name);
  if (type == EntityType::kPerson) {
    p->person = ParsePerson(name);
    p->parts.reserve(p->person.parts.size());
    for (const std::string& part : p->person.parts) {
      p->parts.push_back(PreparePart(part));
    }
    p->joined_key = CanonicalKey(Join(p->person.parts));
  }
  return p;
}

bool NameMatcher::IsCloseCall(const NameMatch& m) const {
  constexpr double kCloseMargin = 0.05;
  const double threshold = m.threshold > 0 ? m.threshold : options_.threshold;
  return std::fabs(m.score - threshold) < kCloseMargin;
}

NameMatch NameMatcher::Match(const PreparedName& a,
                             const PreparedName& b) const {
  if (a.type == EntityType::kPerson && b.type == EntityType::kPerson) {
    NameMatch m;
    if (auto acronym = MatchAcronym(a.text, b.text)) {
      m = *std::move(acronym);
    } else {
      m = MatchPerson(a, b);
    }
    if (m.threshold == 0) m.threshold = options_.threshold;
    return m;
  }
  return Match(a.text, b.text, a.type);
}

NameMatch NameMatcher::Match(std::string_view a, std::string_view b,
                             EntityType type) const {
  NameMatch m;
  switch (type) {
    case EntityType::kPerson:
      return Match(*Prepare(a, type), *Prepare(b, type));
    case EntityType::kCompany:
    case EntityType::kOrg:
    case EntityType::kProduct:
      if (auto acronym = MatchAcronym(a, b)) {
        m = *std::move(acronym);
      } else {
        m = MatchCompany(a, b);
      }
      break;
    default:
      m = a == b ? NameMatch{true, 1.0, "exact"}
                 : NameMatch{false, 0, "exact: differs"};
  }
  if (m.threshold == 0) m.threshold = options_.threshold;
  return m;
}

bool NameMatcher::SurnameCompatible(std::string_view full_name,
                                    std::string_view surname) const {
  return SurnameCompatible(*Prepare(full_name, EntityType::kPerson),
                           *Prepare(surname, EntityType::kPerson));
}

bool NameMatcher::SurnameCompatible(const PreparedName& full_name,
                                    const PreparedName& surname) const {
  const PersonName& full = full_name.person;
  const PersonName& sur = surname.person;
  if (full.parts.empty() || sur.parts.empty()) return false;
  if (full.ideographic || sur.ideographic) {
    // Kanji: the surname is a prefix of the (unseparated) full name. Both
    // must be written in kanji: a name of another script is no prefix of
    // one in kanji (their blocking keys would not meet either; the fuzzer
    // found "OO" taken for the surname of "OOO…㪓OOO").
    if (full.ideographic != sur.ideographic) return false;
    const std::string& f = full_name.joined_key;
    const std::string& s = surname.joined_key;
    // A surname of punctuation only has an empty key: no prefix of anything.
    if (s.empty() || f.size() <= s.size() || f.compare(0, s.size(), s) != 0) {
      return false;
    }
    // One kanji is the whole surname only of a short name (林修, 森喜朗);
    // of a longer one it is more likely the start of a longer surname
    // (森 / 森山美和).
    auto chars = [](const std::string& x) {
      return std::count_if(x.begin(), x.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      });
    };
    return chars(s) > 1 || chars(f) <= 3;
  }
  return ScorePart(full_name.parts.back(), surname.parts.back()).passes();
}

std::vector<std::string> NameMatcher::BlockingKeys(std::string_view name,
                                                   EntityType type) const {
  std::vector<std::string> keys;
  std::vector<std::string> parts;
  if (type == EntityType::kPerson) {
    PersonName p = ParsePerson(name);
    if (p.parts.empty()) return keys;
    if (p.ideographic) {
      std::u32string j = Decode(CanonicalKey(Join(p.parts)));
      if (!j.empty()) {
        std::string k = "x:";
        Append(k, j[0]);
        keys.push_back(k);
      }
      return keys;
    }
    parts.push_back(p.parts.front());
    if (p.parts.size() > 1) {
      parts.push_back(p.parts.back());
      parts.push_back(Join(p.parts));
    }
  } else if (type == EntityType::kCompany || type == EntityType::kOrg ||
             type == EntityType::kProduct) {
    std::vector<std::string> t = CompanyTokens(name);
    if (t.empty()) return keys;
    parts.push_back(t.front());
    if (t.size() > 1) parts.push_back(Join(t));
    if (options_.names != nullptr) {
      // Whole-name ENAMDICT links may join names with different first
      // sounds; add the linked names' keys.
      std::string lat;
      bool all_latin = true;
      for (const auto& x : t) {
        if (ScriptOf(x) != Script::kLatin) all_latin = false;
        if (!lat.empty()) lat += ' ';
        lat += LatinLetters(x);
      }
      if (all_latin) {
        for (std::string_view h :
             options_.names->HeadwordsFor(lat, kCompany | kOrg | kProduct)) {
          parts.emplace_back(h);
        }
      }
      std::string spaced;
      for (char32_t c : Decode(name)) {
        char f = FoldLatin(c);
        if (f != 0) spaced += f;
      }
      if (t.size() == 1 && all_latin && spaced != lat) {
        for (std::string_view h : options_.names->HeadwordsFor(
                 spaced, kCompany | kOrg | kProduct)) {
          parts.emplace_back(h);
        }
      }
    }
  } else {
    if (!name.empty()) keys.push_back("v:" + std::string(name));
    return keys;
  }
  // An acronym also meets its letter-by-letter reading (MatchAcronym).
  if (const std::string letters = AcronymLetters(name); !letters.empty()) {
    parts.push_back(LetterReading(letters));
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    Script s = ScriptOf(part);
    if (s == Script::kOther || s == Script::kEmpty) {
      std::u32string j = Decode(CanonicalKey(part));
      if (!j.empty()) {
        std::string k = "x:";
        Append(k, j[0]);
        keys.push_back(k);
      }
      continue;
    }
    const std::vector<Phone> phones = PhonesOf(part, s);
    AddNeighbourKeys(FirstCons(phones), keys);
    if (s == Script::kLatin) {
      // A part that is an acronym meets its letter-by-letter reading.
      if (const std::string letters = AcronymLetters(part); !letters.empty()) {
        AddNeighbourKeys(
            FirstCons(PhonesOf(LetterReading(letters), Script::kKana)), keys);
      }
      for (const auto& reading : LatinReadings(part, phones)) {
        AddNeighbourKeys(FirstCons(reading.second), keys);
      }
    }
    if (options_.names == nullptr) continue;
    if (s == Script::kKana) {
      for (std::string_view r : options_.names->Romanisations(part)) {
        AddNeighbourKeys(FirstCons(PhonesOfLatin(LatinLetters(r))), keys);
      }
    } else {
      std::string spaced;
      for (char32_t c : Decode(part)) {
        char f = FoldLatin(c);
        if ((f >= 'a' && f <= 'z') || f == ' ' || f == '-') spaced += f;
      }
      for (std::string_view h : options_.names->KatakanaFor(spaced)) {
        AddNeighbourKeys(FirstCons(PhonesOf(h, Script::kKana)), keys);
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace kiji::reconcile
