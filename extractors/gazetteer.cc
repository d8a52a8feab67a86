#include "extractors/gazetteer.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace kiji::extractors {
namespace {

bool ValidUtf8(std::string_view s) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

bool ParseType(std::string_view s, GazetteerType* type) {
  if (s == "COMPANY") {
    *type = GazetteerType::kCompany;
  } else if (s == "ORG") {
    *type = GazetteerType::kOrg;
  } else if (s == "PRODUCT") {
    *type = GazetteerType::kProduct;
  } else if (s == "PERSON") {
    *type = GazetteerType::kPerson;
  } else if (s == "NOT_ENTITY") {
    *type = GazetteerType::kNotEntity;
  } else if (s == "WORD") {
    *type = GazetteerType::kWord;
  } else {
    return false;
  }
  return true;
}

// Mixes the length and the first and last 4 bytes of `s` (all of it when
// shorter): no loop over the bytes, unlike a full hash.
inline uint64_t FilterKey(std::string_view s) {
  uint32_t head = 0, tail = 0;
  if (s.size() >= 4) {
    std::memcpy(&head, s.data(), 4);
    std::memcpy(&tail, s.data() + s.size() - 4, 4);
  } else {
    for (const char c : s) head = head << 8 | static_cast<unsigned char>(c);
    tail = head;
  }
  uint64_t k = (uint64_t{head} << 32 | tail) ^ (s.size() * 0x9E3779B97F4A7C15u);
  // splitmix64 finaliser.
  k = (k ^ (k >> 30)) * 0xBF58476D1CE4E5B9u;
  k = (k ^ (k >> 27)) * 0x94D049BB133111EBu;
  return k ^ (k >> 31);
}

}  // namespace

std::string_view GazetteerTypeName(GazetteerType type) {
  switch (type) {
    case GazetteerType::kCompany:
      return "COMPANY";
    case GazetteerType::kOrg:
      return "ORG";
    case GazetteerType::kProduct:
      return "PRODUCT";
    case GazetteerType::kPerson:
      return "PERSON";
    case GazetteerType::kNotEntity:
      return "NOT_ENTITY";
    case GazetteerType::kWord:
      return "WORD";
  }
  return "";
}

std::string NfkcNormalize(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || !ValidUtf8(text)) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(
    const std::vector<std::string>& paths) {
  auto gazetteer = std::unique_ptr<Gazetteer>(new Gazetteer());
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("gazetteer: cannot open ", path));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    absl::Status status = gazetteer->AddText(buffer.str(), path);
    if (!status.ok()) return status;
  }
  gazetteer->BuildFilter();
  return gazetteer;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::FromText(
    std::string_view tsv, std::string_view origin) {
  auto gazetteer = std::unique_ptr<Gazetteer>(new Gazetteer());
  absl::Status status = gazetteer->AddText(tsv, origin);
  if (!status.ok()) return status;
  gazetteer->BuildFilter();
  return gazetteer;
}

absl::Status Gazetteer::AddText(std::string_view tsv, std::string_view origin) {
  size_t line_no = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
      line.remove_prefix(3);
    }
    if (Trim(line).empty() || line.front() == '#') continue;
    auto error = [&](std::string_view what) {
      return absl::InvalidArgumentError(
          absl::StrCat("gazetteer: ", std::string(origin), ":", line_no, ": ",
                       std::string(what)));
    };
    if (!ValidUtf8(line)) return error("invalid UTF-8");
    std::vector<std::string_view> cols = Split(line, '\t');
    if (cols.size() < 2) return error("expected name<TAB>TYPE");
    std::string name = NfkcNormalize(Trim(cols[0]));
    if (name.empty()) return error("empty name");
    GazetteerEntry entry;
    if (!ParseType(Trim(cols[1]), &entry.type)) {
      return error(absl::StrCat("unknown TYPE \"", std::string(cols[1]), "\""));
    }
    std::string_view canonical = cols.size() > 2 ? Trim(cols[2]) : "";
    entry.canonical = canonical.empty() ? name : NfkcNormalize(canonical);
    std::string_view source = cols.size() > 3 ? Trim(cols[3]) : "";
    entry.source = source.empty() ? std::string(origin) : std::string(source);
    constexpr std::string_view kAmbiguous = ":ambiguous";
    entry.ambiguous =
        entry.source.size() >= kAmbiguous.size() &&
        std::string_view(entry.source)
                .substr(entry.source.size() - kAmbiguous.size()) == kAmbiguous;
    max_name_bytes_ = std::max(max_name_bytes_, name.size());
    entries_[std::move(name)] = std::move(entry);
  }
  return absl::OkStatus();
}

void Gazetteer::BuildFilter() {
  size_t bits = 1024;
  while (bits < 16 * entries_.size()) bits *= 2;
  filter_.assign(bits / 64, 0);
  const uint64_t mask = bits - 1;
  for (const auto& [name, entry] : entries_) {
    const uint64_t h = FilterKey(name);
    const uint64_t bit1 = h & mask, bit2 = (h >> 32) & mask;
    filter_[bit1 / 64] |= uint64_t{1} << (bit1 % 64);
    filter_[bit2 / 64] |= uint64_t{1} << (bit2 % 64);
  }
}

inline bool Gazetteer::MayContain(std::string_view name) const {
  const uint64_t h = FilterKey(name);
  const uint64_t mask = filter_.size() * 64 - 1;
  const uint64_t bit1 = h & mask, bit2 = (h >> 32) & mask;
  return (filter_[bit1 / 64] >> (bit1 % 64) & 1) != 0 &&
         (filter_[bit2 / 64] >> (bit2 % 64) & 1) != 0;
}

const GazetteerEntry* Gazetteer::Find(std::string_view surface) const {
  if (surface.size() > max_name_bytes_) return nullptr;
  if (!MayContain(surface)) return nullptr;
  auto it = entries_.find(surface);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace kiji::extractors
