#include "lexicon/gazetteer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace kiji::lexicon {
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

// Calls `fn(line)` for each '\n'-separated line of `s` in order (the last
// one even when empty), without collecting them, until `fn` returns false.
template <typename Fn>
void ForEachLine(std::string_view s, Fn fn) {
  size_t start = 0;
  while (true) {
    const size_t p = s.find('\n', start);
    if (p == std::string_view::npos) {
      fn(s.substr(start));
      return;
    }
    if (!fn(s.substr(start, p - start))) return;
    start = p + 1;
  }
}

// The first `kMaxColumns` fields of a TSV line: `count` is the number of
// fields (at most kMaxColumns; a line with more has its extra fields
// dropped, as a reader of the first four never sees them). No allocation.
struct Columns {
  static constexpr size_t kMaxColumns = 4;
  std::array<std::string_view, kMaxColumns> field;
  size_t count = 0;
};

Columns SplitColumns(std::string_view line) {
  Columns cols;
  size_t start = 0;
  while (cols.count < Columns::kMaxColumns) {
    const size_t p = line.find('\t', start);
    if (p == std::string_view::npos) {
      cols.field[cols.count++] = line.substr(start);
      break;
    }
    cols.field[cols.count++] = line.substr(start, p - start);
    start = p + 1;
  }
  return cols;
}

// NFKC of `text`, which is valid UTF-8; `text` when ICU fails.
std::string NfkcNormalizeValid(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  // Most gazetteer names are normalised already: checked on the UTF-8 bytes,
  // without the round trip through UTF-16.
  if (nfkc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) {
    return std::string(text);
  }
  status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(piece);
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
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
  if (!ValidUtf8(text)) return std::string(text);
  return NfkcNormalizeValid(text);
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(
    const std::vector<std::string>& paths) {
  EntryMap entries;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("gazetteer: cannot open ", path));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    absl::Status status = AddText(buffer.str(), path, &entries);
    if (!status.ok()) return status;
  }
  auto gazetteer = std::unique_ptr<Gazetteer>(new Gazetteer());
  gazetteer->Build(std::move(entries));
  return gazetteer;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::FromText(
    std::string_view tsv, std::string_view origin) {
  EntryMap entries;
  absl::Status status = AddText(tsv, origin, &entries);
  if (!status.ok()) return status;
  auto gazetteer = std::unique_ptr<Gazetteer>(new Gazetteer());
  gazetteer->Build(std::move(entries));
  return gazetteer;
}

absl::Status Gazetteer::AddText(std::string_view tsv, std::string_view origin,
                                EntryMap* entries) {
  // One entry per line at most: no rehash while loading one file.
  const size_t lines =
      static_cast<size_t>(std::count(tsv.begin(), tsv.end(), '\n')) + 1;
  entries->reserve(entries->size() + lines);
  size_t line_no = 0;
  absl::Status status;
  ForEachLine(tsv, [&](std::string_view line) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
      line.remove_prefix(3);
    }
    if (Trim(line).empty() || line.front() == '#') return true;
    auto error = [&](std::string_view what) {
      status = absl::InvalidArgumentError(
          absl::StrCat("gazetteer: ", std::string(origin), ":", line_no, ": ",
                       std::string(what)));
      return false;
    };
    if (!ValidUtf8(line)) return error("invalid UTF-8");
    // The line is valid UTF-8, and so is each field: fields are cut at
    // ASCII tabs and trimmed of ASCII blanks, never inside a character.
    const Columns cols = SplitColumns(line);
    if (cols.count < 2) return error("expected name<TAB>TYPE");
    const std::string_view raw_name = Trim(cols.field[0]);
    std::string name = NfkcNormalizeValid(raw_name);
    if (name.empty()) return error("empty name");
    GazetteerEntry entry;
    if (!ParseType(Trim(cols.field[1]), &entry.type)) {
      return error(
          absl::StrCat("unknown TYPE \"", std::string(cols.field[1]), "\""));
    }
    std::string_view canonical = cols.count > 2 ? Trim(cols.field[2]) : "";
    // A canonical form spelled like the name normalises like it.
    entry.canonical = canonical.empty() || canonical == raw_name
                          ? name
                          : NfkcNormalizeValid(canonical);
    std::string_view source = cols.count > 3 ? Trim(cols.field[3]) : "";
    entry.source = source.empty() ? std::string(origin) : std::string(source);
    constexpr std::string_view kAmbiguous = ":ambiguous";
    entry.ambiguous =
        entry.source.size() >= kAmbiguous.size() &&
        std::string_view(entry.source)
                .substr(entry.source.size() - kAmbiguous.size()) == kAmbiguous;
    (*entries)[std::move(name)] = std::move(entry);
    return true;
  });
  return status;
}

void Gazetteer::Build(EntryMap entries) {
  entries_ = std::move(entries);
  for (const auto& [name, entry] : entries_) {
    max_name_bytes_ = std::max(max_name_bytes_, name.size());
  }

  ends_filter_.fill(0);
  first_chars_.fill(0);
  size_t bits = 1024;
  while (bits < 16 * entries_.size()) bits *= 2;
  filter_.assign(bits / 64, 0);
  const uint64_t mask = bits - 1;
  auto set = [](uint64_t* words, size_t bit) {
    words[bit / 64] |= uint64_t{1} << (bit % 64);
  };
  for (const auto& [name, entry] : entries_) {
    const auto [end_bit1, end_bit2] = EndsBits(name);
    set(ends_filter_.data(), end_bit1);
    set(ends_filter_.data(), end_bit2);
    const uint64_t h = FilterKey(name);
    set(filter_.data(), h & mask);
    set(filter_.data(), (h >> 32) & mask);
    // Names are valid UTF-8 (checked on load) and not empty.
    size_t first_end = 0;
    U8_FWD_1(reinterpret_cast<const uint8_t*>(name.data()), first_end,
             name.size());
    set(first_chars_.data(),
        CharBit(std::string_view(name).substr(0, first_end)));
  }
}

}  // namespace kiji::lexicon
