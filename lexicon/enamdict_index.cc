#include "lexicon/enamdict_index.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "unicode/ucnv.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace kiji::lexicon {
namespace {

constexpr std::string_view kHeader = "kiji-enamdict-index 2";
constexpr std::string_view kReverseMarker = "#reverse";

// Debian's Abseil has its own string_view type, so these small helpers work on
// std::string_view directly.
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string_view Strip(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' ||
                        s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool ParseHex(std::string_view s, uint32_t* out) {
  if (s.empty() || s.size() > 8) return false;
  uint32_t v = 0;
  for (char c : s) {
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else {
      return false;
    }
    v = v * 16 + d;
  }
  *out = v;
  return true;
}

struct Pending {
  uint32_t tags = 0;
  std::vector<std::string> romans;

  void AddRoman(std::string r, bool front) {
    auto it = std::find(romans.begin(), romans.end(), r);
    if (it != romans.end()) {
      if (!front || it == romans.begin()) return;
      romans.erase(it);
    }
    if (front) {
      // Keep earlier "first names" of other company senses ahead of plain
      // glosses but after each other.
      size_t pos = 0;
      while (pos < romans.size() && pos < front_count) ++pos;
      romans.insert(romans.begin() + static_cast<std::ptrdiff_t>(pos),
                    std::move(r));
      ++front_count;
    } else {
      romans.push_back(std::move(r));
    }
  }
  size_t front_count = 0;
};

// Maps one tag name to its bits; 0 for unknown words.
uint32_t TagBits(std::string_view t) {
  if (t == "s") return kSurname;
  if (t == "g") return kGiven;
  if (t == "f") return kGiven | kFemale;
  if (t == "m") return kGiven | kMale;
  if (t == "u") return kUnclassified;
  if (t == "h") return kFullName;
  if (t == "p") return kPlace;
  if (t == "c") return kCompany;
  if (t == "o") return kOrg;
  if (t == "pr") return kProduct;
  if (t == "st") return kStation;
  if (t == "wk") return kWork;
  for (std::string_view place :
       {"river", "island", "islands", "city", "mountain", "lake", "cape",
        "bay", "peak", "town", "village", "state", "country", "region"}) {
    if (t == place) return kPlace;
  }
  for (std::string_view work : {"film", "book", "song", "game"}) {
    if (t == work) return kWork;
  }
  return 0;
}

// Parses a leading "(a,b,c) " tag list. Returns the bits and strips it, or
// returns 0 and leaves `gloss` alone when the parentheses are a comment.
uint32_t TakeTags(std::string_view& gloss) {
  if (gloss.empty() || gloss[0] != '(') return 0;
  size_t close = gloss.find(')');
  if (close == std::string_view::npos) return 0;
  std::string_view inner = gloss.substr(1, close - 1);
  if (inner.empty()) return 0;
  uint32_t bits = 0;
  for (std::string_view t : Split(inner, ',')) {
    t = Strip(t);
    if (t.empty() || t.size() > 10) return 0;
    for (char c : t) {
      if (c < 'a' || c > 'z') return 0;
    }
    uint32_t b = TagBits(t);
    bits |= b == 0 ? kOtherTag : b;
  }
  gloss.remove_prefix(close + 1);
  gloss = Strip(gloss);
  return bits;
}

// Lower-cased gloss with parenthesised comments removed, or "" when what is
// left is not a Latin name (non-ASCII, or no letter).
std::string LatinName(std::string_view gloss) {
  std::string out;
  int depth = 0;
  bool letter = false;
  for (char c : gloss) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80) return "";
    if (c == '(') {
      ++depth;
      continue;
    }
    if (c == ')') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0) continue;
    if (std::isalpha(u)) letter = true;
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  if (!letter) return "";
  std::string collapsed;
  for (char c : Strip(out)) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed.push_back(c);
  }
  return collapsed;
}

std::string Nfkc(const icu::Normalizer2* nfkc, const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString n = nfkc->normalize(s, status);
  std::string out;
  if (U_FAILURE(status)) return out;
  n.toUTF8String(out);
  return out;
}

}  // namespace

bool IsKatakanaOnly(std::string_view s) {
  if (s.empty()) return false;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    bool ok = (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FD ||
              c == 0x30FE || c == 0x30FB || c == '=';
    if (!ok) return false;
  }
  return true;
}

absl::Status BuildEnamdictIndex(const std::string& enamdict_path,
                                const std::string& out_path) {
  std::ifstream in(enamdict_path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("enamdict: cannot open ", enamdict_path));
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError("enamdict: ICU NFKC unavailable");
  }
  UConverter* conv = ucnv_open("EUC-JP", &status);
  if (U_FAILURE(status)) {
    return absl::InternalError("enamdict: ICU has no EUC-JP converter");
  }
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                      nullptr, &status);

  std::map<std::string, Pending> out;
  std::string line;
  std::vector<UChar> buf;
  size_t line_no = 0, bad_lines = 0, decoded_lines = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    buf.resize(line.size() * 2 + 4);
    status = U_ZERO_ERROR;
    ucnv_reset(conv);
    int32_t len = ucnv_toUChars(conv, buf.data(),
                                static_cast<int32_t>(buf.size()), line.data(),
                                static_cast<int32_t>(line.size()), &status);
    if (U_FAILURE(status)) {
      ++bad_lines;
      continue;
    }
    ++decoded_lines;
    icu::UnicodeString u(buf.data(), len);
    // HEAD [READING] /gloss/gloss/.../
    int32_t slash = u.indexOf(static_cast<UChar>('/'));
    if (slash <= 0) continue;
    icu::UnicodeString lhs = u.tempSubString(0, slash).trim();
    icu::UnicodeString reading;
    int32_t open = lhs.indexOf(static_cast<UChar>('['));
    icu::UnicodeString head = lhs;
    if (open > 0) {
      int32_t close = lhs.indexOf(static_cast<UChar>(']'), open);
      if (close > open) {
        reading = lhs.tempSubString(open + 1, close - open - 1).trim();
      }
      head = lhs.tempSubString(0, open).trim();
    }
    std::string headword = Nfkc(nfkc, head);
    if (headword.empty()) continue;
    std::string rhs;
    u.tempSubString(slash).toUTF8String(rhs);

    // Walk the senses.
    uint32_t all_tags = 0, cur = 0, org_tags = 0;
    bool first_in_sense = false;
    std::vector<std::pair<std::string, bool>> romans;  // (name, front)
    for (std::string_view gloss : Split(rhs, '/')) {
      gloss = Strip(gloss);
      if (gloss.empty()) continue;
      uint32_t t = TakeTags(gloss);
      if (t != 0) {
        cur = t;
        all_tags |= t;
        first_in_sense = true;
      }
      std::string name = LatinName(gloss);
      if (name.empty()) continue;
      bool org = (cur & (kCompany | kOrg | kProduct)) != 0;
      if (org) org_tags |= cur;
      romans.emplace_back(std::move(name), org && first_in_sense);
      first_in_sense = false;
    }
    if (all_tags == 0) continue;

    const bool kata = IsKatakanaOnly(headword);
    const bool org = org_tags != 0;
    const bool person = (all_tags & kPersonTags) != 0;
    auto add = [&](const std::string& key, bool with_romans) {
      Pending& p = out[key];
      p.tags |= all_tags;
      if (!with_romans) return;
      for (const auto& [r, front] : romans) p.AddRoman(r, front);
    };
    if (kata) {
      add(headword, true);
    } else if (org) {
      add(headword, true);
    } else if (person) {
      add(headword, false);
    }
    if (org && !reading.isEmpty()) {
      std::string r = Nfkc(nfkc, reading);
      if (IsKatakanaOnly(r) && r != headword) add(r, true);
    }
  }
  ucnv_close(conv);
  if (decoded_lines == 0 || out.empty()) {
    return absl::DataLossError(absl::StrCat(
        "enamdict: no decodable EUC-JP record in ", enamdict_path, " (",
        bad_lines, " undecodable of ", line_no, " lines)"));
  }

  std::ofstream os(out_path, std::ios::binary | std::ios::trunc);
  if (!os) {
    return absl::PermissionDeniedError(
        absl::StrCat("enamdict: cannot write ", out_path));
  }
  os << kHeader << '\n';
  char hex[16];
  std::map<std::string, std::vector<uint32_t>> reverse;
  uint32_t rec = 0;
  for (const auto& [head, p] : out) {
    for (const auto& r : p.romans) {
      auto& v = reverse[r];
      if (v.empty() || v.back() != rec) v.push_back(rec);
    }
    ++rec;
  }
  for (const auto& [head, p] : out) {
    std::snprintf(hex, sizeof(hex), "%x", p.tags);
    os << head << '\t' << hex << '\t';
    for (size_t i = 0; i < p.romans.size(); ++i) {
      if (i) os << '|';
      os << p.romans[i];
    }
    os << '\n';
  }
  os << kReverseMarker << '\n';
  for (const auto& [roman, recs] : reverse) {
    os << roman << '\t';
    for (size_t i = 0; i < recs.size(); ++i) {
      if (i) os << ',';
      os << recs[i];
    }
    os << '\n';
  }
  os.flush();
  if (!os) {
    return absl::DataLossError(absl::StrCat("enamdict: write failed: ",
                                            out_path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EnamdictIndex>> EnamdictIndex::Load(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("enamdict index: cannot open ",
                                            path));
  }
  std::unique_ptr<EnamdictIndex> index(new EnamdictIndex());
  std::streamsize size = in.tellg();
  in.seekg(0);
  index->data_.resize(static_cast<size_t>(size));
  if (!in.read(index->data_.data(), size)) {
    return absl::DataLossError(absl::StrCat("enamdict index: read failed: ",
                                            path));
  }
  std::string_view data(index->data_);
  // Lines average ~16 bytes or more, so this is usually enough; counting the
  // lines exactly would cost a pass over the file to save a reallocation.
  index->records_.reserve(data.size() / 16);
  size_t nl = data.find('\n');
  if (nl == std::string_view::npos || data.substr(0, nl) != kHeader) {
    return absl::InvalidArgumentError(
        absl::StrCat("enamdict index: bad header in ", path));
  }
  size_t pos = nl + 1;
  size_t line_no = 1;
  bool reverse = false;
  while (pos < data.size()) {
    ++line_no;
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view rec = data.substr(pos, end - pos);
    pos = end + 1;
    if (rec.empty()) continue;
    if (rec == kReverseMarker) {
      reverse = true;
      continue;
    }
    size_t t1 = rec.find('\t');
    if (t1 == std::string_view::npos || t1 == 0) {
      return absl::DataLossError(absl::StrCat(
          "enamdict index: malformed record at line ", line_no, " of ", path));
    }
    if (reverse) {
      index->by_roman_.emplace_back(rec.substr(0, t1), rec.substr(t1 + 1));
      continue;
    }
    size_t t2 = rec.find('\t', t1 + 1);
    uint32_t tags = 0;
    if (t2 == std::string_view::npos ||
        !ParseHex(rec.substr(t1 + 1, t2 - t1 - 1), &tags)) {
      return absl::DataLossError(absl::StrCat(
          "enamdict index: malformed record at line ", line_no, " of ", path));
    }
    index->records_.push_back({rec.substr(0, t1), rec.substr(t2 + 1), tags});
  }
  // Headwords are unique; a romanisation listed twice keeps its first line.
  index->record_pos_.reserve(index->records_.size());
  for (uint32_t i = 0; i < index->records_.size(); ++i) {
    const std::string_view h = index->records_[i].headword;
    index->record_pos_.emplace(absl::string_view(h.data(), h.size()), i);
  }
  index->roman_pos_.reserve(index->by_roman_.size());
  for (uint32_t i = 0; i < index->by_roman_.size(); ++i) {
    const std::string_view r = index->by_roman_[i].first;
    index->roman_pos_.emplace(absl::string_view(r.data(), r.size()), i);
  }
  return index;
}

const EnamdictIndex::Record* EnamdictIndex::Find(
    std::string_view headword) const {
  const auto it =
      record_pos_.find(absl::string_view(headword.data(), headword.size()));
  return it == record_pos_.end() ? nullptr : &records_[it->second];
}

const std::string_view* EnamdictIndex::RecordNumbersFor(
    std::string_view latin_lower) const {
  const auto it = roman_pos_.find(
      absl::string_view(latin_lower.data(), latin_lower.size()));
  return it == roman_pos_.end() ? nullptr : &by_roman_[it->second].second;
}

std::vector<std::string_view> EnamdictIndex::LookupRoman(
    std::string_view latin_lower, uint32_t tag_mask, bool katakana) const {
  std::vector<std::string_view> out;
  const std::string_view* numbers = RecordNumbersFor(latin_lower);
  if (numbers == nullptr) return out;
  for (std::string_view n : Split(*numbers, ',')) {
    uint32_t i = 0;
    for (char c : n) i = i * 10 + static_cast<uint32_t>(c - '0');
    if (i >= records_.size()) continue;
    const Record& r = records_[i];
    if ((r.tags & tag_mask) == 0) continue;
    if (katakana && !IsKatakanaOnly(r.headword)) continue;
    out.push_back(r.headword);
  }
  return out;
}

uint32_t EnamdictIndex::RomanTags(std::string_view latin_lower) const {
  const std::string_view* numbers = RecordNumbersFor(latin_lower);
  if (numbers == nullptr) return 0;
  // Parsed as `LookupRoman` does, without splitting into a vector.
  uint32_t tags = 0;
  uint32_t i = 0;
  for (size_t k = 0; k <= numbers->size(); ++k) {
    if (k < numbers->size() && (*numbers)[k] != ',') {
      i = i * 10 + static_cast<uint32_t>((*numbers)[k] - '0');
      continue;
    }
    if (i < records_.size()) tags |= records_[i].tags;
    i = 0;
  }
  return tags;
}

uint32_t EnamdictIndex::Tags(std::string_view headword) const {
  const Record* r = Find(headword);
  return r == nullptr ? 0 : r->tags;
}

std::vector<std::string_view> EnamdictIndex::Romanisations(
    std::string_view headword) const {
  std::vector<std::string_view> out;
  const Record* r = Find(headword);
  if (r == nullptr || r->romans.empty()) return out;
  return Split(r->romans, '|');
}

std::vector<std::string_view> EnamdictIndex::HeadwordsFor(
    std::string_view latin_lower, uint32_t tag_mask) const {
  return LookupRoman(latin_lower, tag_mask, false);
}

std::vector<std::string_view> EnamdictIndex::KatakanaFor(
    std::string_view latin_lower) const {
  return LookupRoman(latin_lower, ~0u, true);
}

}  // namespace kiji::lexicon
