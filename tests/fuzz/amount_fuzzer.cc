// Fuzzes `extractors::AmountExtractor` and `ParseJapaneseNumber`: matches are
// in range, on UTF-8 boundaries (of valid text), sorted and non-overlapping;
// values are finite and non-negative, a range is not inverted; unit,
// counter, qualifier and source take documented values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "extractors/amount_extractor.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using kiji::extractors::AmountExtractor;

const AmountExtractor& GetExtractor() {
  static const auto* extractor = AmountExtractor::Create()->release();
  return *extractor;
}

void CheckMatches(std::string_view text, bool valid_utf8) {
  static const std::set<std::string> kQualifiers = {
      "", "approx", "at_least", "at_most", "over", "under", "nearly"};
  static const std::set<std::string> kSources = {"amount.ja", "amount.symbol",
                                                 "amount.en", "amount.elided",
                                                 "amount.currency"};
  size_t last_end = 0;
  for (const kiji::extractors::AmountMatch& m :
       GetExtractor().Extract(text)) {
    KIJI_FUZZ_CHECK(m.begin < m.end && m.end <= text.size());
    KIJI_FUZZ_CHECK(m.begin >= last_end);
    if (valid_utf8) {
      KIJI_FUZZ_CHECK(kiji::fuzz::IsCharBoundary(text, m.begin));
      KIJI_FUZZ_CHECK(kiji::fuzz::IsCharBoundary(text, m.end));
    }
    KIJI_FUZZ_CHECK(std::isfinite(m.value) && m.value >= 0);
    if (m.value_max) {
      KIJI_FUZZ_CHECK(std::isfinite(*m.value_max));
      KIJI_FUZZ_CHECK(*m.value_max >= m.value);
    }
    KIJI_FUZZ_CHECK(!m.unit.empty());
    KIJI_FUZZ_CHECK((m.unit == "count") == !m.counter.empty());
    KIJI_FUZZ_CHECK(!m.currency_only ||
                    (m.source == "amount.currency" && m.unit != "count"));
    KIJI_FUZZ_CHECK(kQualifiers.count(m.qualifier) == 1);
    KIJI_FUZZ_CHECK(kSources.count(m.source) == 1);
    last_end = m.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // The pipeline gives valid (normalised) UTF-8; the contract also promises
  // no failure on invalid bytes.
  const std::string text = kiji::fuzz::ToValidUtf8(raw);
  CheckMatches(text, true);
  if (text != raw) CheckMatches(raw, false);
  if (auto v = kiji::extractors::ParseJapaneseNumber(raw.substr(0, 64))) {
    KIJI_FUZZ_CHECK(std::isfinite(*v) && *v >= 0);
  }
  return 0;
}
