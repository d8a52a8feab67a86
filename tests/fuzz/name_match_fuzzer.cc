// Fuzzes `reconcile::NameMatcher` and the mora helpers with two names and a
// type taken from the input: scores are in [0,1]; the decision is symmetric;
// `same` implies a score at the threshold and a shared blocking key (what
// makes blocking complete); a name matches itself; `MoraDistance` is in
// [0,1], symmetric and 0 on equal strings; `SplitMora` keeps every code
// point.
//
// Uses the enamdict index named by $KIJI_ENAMDICT_INDEX when it exists.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "reconcile/name_matcher.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using kiji::corpus::EntityType;
using kiji::reconcile::NameMatcher;

const NameMatcher& GetMatcher() {
  static const NameMatcher* matcher = [] {
    kiji::reconcile::NameMatcherOptions options;
    if (const char* path = std::getenv("KIJI_ENAMDICT_INDEX"); path && *path) {
      auto index = kiji::lexicon::EnamdictIndex::Load(path);
      if (index.ok()) options.names = index->release();
    }
    return NameMatcher::Create(options)->release();
  }();
  return *matcher;
}

bool ShareKey(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                        std::back_inserter(both));
  return !both.empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const EntityType type = in.PickValueInArray(
      {EntityType::kPerson, EntityType::kPerson, EntityType::kCompany,
       EntityType::kOrg, EntityType::kProduct, EntityType::kDate,
       EntityType::kAmount});
  // Names come from normalised text: valid UTF-8, and short.
  const std::string a =
      kiji::fuzz::ToValidUtf8(in.ConsumeRandomLengthString(128));
  const std::string b =
      kiji::fuzz::ToValidUtf8(in.ConsumeRandomLengthString(128));
  const NameMatcher& matcher = GetMatcher();
  const double threshold = matcher.options().threshold;

  const kiji::reconcile::NameMatch ab = matcher.Match(a, b, type);
  const kiji::reconcile::NameMatch ba = matcher.Match(b, a, type);
  for (const auto* m : {&ab, &ba}) {
    KIJI_FUZZ_CHECK(m->score >= 0 && m->score <= 1);  // false for NaN
    if (m->same) KIJI_FUZZ_CHECK(m->score >= threshold);
  }
  KIJI_FUZZ_CHECK(ab.same == ba.same);
  KIJI_FUZZ_CHECK(std::fabs(ab.score - ba.score) < 1e-9);
  const std::vector<std::string> keys_a = matcher.BlockingKeys(a, type);
  const std::vector<std::string> keys_b = matcher.BlockingKeys(b, type);
  // The contract of name_matcher.h: "p:" + one of the 33 consonant classes,
  // "x:" + one character, or "v:" + the name; at most 33 "p:" keys (the
  // 16 this checked before was exceeded by a Japanese + Latin name).
  for (const auto* keys : {&keys_a, &keys_b}) {
    size_t phonetic = 0;
    for (const std::string& k : *keys) {
      KIJI_FUZZ_CHECK(k.size() >= 2 && k[1] == ':');
      KIJI_FUZZ_CHECK(k[0] == 'p' || k[0] == 'x' || k[0] == 'v');
      if (k[0] == 'p') {
        ++phonetic;
        KIJI_FUZZ_CHECK(k.size() <= 4);  // "p:" + at most 2 letters
      }
    }
    KIJI_FUZZ_CHECK(phonetic <= 33);
  }
  if (a.empty()) KIJI_FUZZ_CHECK(keys_a.empty());
  if (ab.same && type != EntityType::kDate && type != EntityType::kAmount) {
    KIJI_FUZZ_CHECK(ShareKey(keys_a, keys_b));
  }
  if (matcher.SurnameCompatible(a, b) && type == EntityType::kPerson) {
    KIJI_FUZZ_CHECK(ShareKey(keys_a, keys_b));
  }

  const double d = kiji::reconcile::MoraDistance(a, b);
  KIJI_FUZZ_CHECK(d >= 0 && d <= 1);
  KIJI_FUZZ_CHECK(kiji::reconcile::MoraDistance(a, a) == 0);
  KIJI_FUZZ_CHECK(std::fabs(d - kiji::reconcile::MoraDistance(b, a)) < 1e-9);
  // SplitMora folds hiragana to katakana, so compare lengths, not text.
  std::string joined;
  for (const std::string& mora : kiji::reconcile::SplitMora(a)) {
    KIJI_FUZZ_CHECK(!mora.empty());
    joined += mora;
  }
  KIJI_FUZZ_CHECK(kiji::fuzz::CountCodePoints(joined) ==
                  kiji::fuzz::CountCodePoints(a));
  KIJI_FUZZ_CHECK(kiji::fuzz::IsValidUtf8(kiji::reconcile::KatakanaKey(a)));
  return 0;
}
