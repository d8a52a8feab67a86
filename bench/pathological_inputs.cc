// Regex safety check (issue #6): feeds pathological 1 MB inputs to every
// extractor and to the whole analysis, and prints the time each takes. All
// patterns are RE2 (linear time), so every line should stay within a small
// multiple of the time for ordinary text; a super-linear case shows up as an
// outlier. A benchmark, not a test: nothing is asserted.
//
//   build/release/bench/pathological_inputs [DATA_DIR [MB [FILTER]]]
//
// DATA_DIR holds enamdict.idx and gazetteer.tsv (default: the build's data/);
// MB is the input size (default 1; compare 1 and 2 to see how a stage
// scales); FILTER keeps the inputs whose label contains it.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "corpus/document.h"
#include "extractors/amount_extractor.h"
#include "extractors/date_extractor.h"
#include "extractors/name_extractor.h"
#include "pipeline/analyzer.h"
#include "tokenizers/normalizer.h"

#ifndef KIJI_DEFAULT_DATA_DIR
#define KIJI_DEFAULT_DATA_DIR ""
#endif

namespace {

size_t input_bytes = size_t{1} << 20;

std::string Repeat(const std::string& unit, size_t bytes = input_bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

// Each input is one line unless it says otherwise: extractors and MeCab
// see the worst case of a huge line.
std::vector<std::pair<std::string, std::string>> Inputs() {
  return {
      {"ordinary news text (baseline)",
       Repeat("2024年8月19日、株式会社テストは約3億円を調達したと発表した。"
              "同社の山田太郎社長によると、資金は東京の新工場に充てる。\n")},
      {"rejected date candidates 2024年間", Repeat("2024年間")},
      {"date prefixes without end 2024年8月", Repeat("2024年8月")},
      {"ranges 5〜7〜", Repeat("5〜7〜")},
      {"kanji numerals 十百千万億兆", Repeat("十百千万億兆")},
      {"digit run without unit", Repeat("1")},
      // Rejected at every digit (glued to what precedes): was quadratic.
      {"glued digit run 数111…人", "数" + Repeat("1") + "人"},
      {"glued kanji numerals 数十十…円", "数" + Repeat("十") + "円"},
      {"comma-grouped digits", Repeat("1,000,")},
      {"qualifiers without number 約約", Repeat("約")},
      {"currency symbols $$$", Repeat("$")},
      {"english scales", Repeat("10 million billion trillion ")},
      {"katakana run", Repeat("アイウエオカキクケコ")},
      {"katakana with separators", Repeat("ジョン・")},
      {"honorifics 氏氏", Repeat("山田氏")},
      {"company suffixes", Repeat("株式会社")},
      {"latin capitals", Repeat("ABC Corp Inc ")},
      {"brackets", Repeat("「（")},
      {"spaces", Repeat(" ")},
      {"newlines", Repeat("\n")},
      {"combining marks", Repeat("a\u0301\u0302\u0303")},
      {"emoji ZWJ", Repeat("👨\u200d👩\u200d👧\u200d👦")},
      {"half-width kana", Repeat("ｶﾞｲｱ")},
      {"binary-ish controls", Repeat(std::string("\x01\x02\x7f", 3))},
  };
}

double Seconds(const std::function<void()>& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data_dir = argc > 1 ? argv[1] : KIJI_DEFAULT_DATA_DIR;
  if (argc > 2) input_bytes = static_cast<size_t>(std::atof(argv[2]) * (1 << 20));
  const std::string filter = argc > 3 ? argv[3] : "";
  auto normalizer = kiji::tokenizers::Normalizer::Create();
  auto dates = kiji::extractors::DateExtractor::Create();
  auto amounts = kiji::extractors::AmountExtractor::Create();
  kiji::pipeline::AnalyzerOptions analyzer_options;
  analyzer_options.data_dir = data_dir;
  analyzer_options.date_override = kiji::corpus::CivilDate{2024, 8, 19};
  auto analyzer = kiji::pipeline::Analyzer::Create(analyzer_options);
  kiji::extractors::NameExtractorOptions name_options;
  if (analyzer.ok()) name_options.names = (*analyzer)->names();
  name_options.data_dir = data_dir;
  if (!data_dir.empty()) {
    name_options.gazetteers.push_back(data_dir + "/gazetteer.tsv");
  }
  auto names = kiji::extractors::NameExtractor::Create(name_options);
  for (const absl::Status& s :
       {normalizer.status(), dates.status(), amounts.status(),
        analyzer.status(), names.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "pathological_inputs: %s\n",
                   std::string(s.message()).c_str());
      return 1;
    }
  }

  std::printf("%-34s %10s %10s %10s %10s %10s  (seconds for %.2f MB)\n",
              "input", "normalize", "date", "amount", "name", "analyze",
              static_cast<double>(input_bytes) / (1 << 20));
  for (const auto& [label, text] : Inputs()) {
    if (label.find(filter) == std::string::npos) continue;
    std::string norm;
    kiji::corpus::OffsetMap map;
    const double t_norm =
        Seconds([&] { (*normalizer)->Normalize(text, &norm, &map); });
    size_t n_dates = 0, n_amounts = 0;
    const double t_date = Seconds([&] {
      n_dates = (*dates)->Extract(norm, kiji::corpus::CivilDate{2024, 8, 19},
                                  "ja")
                    .size();
    });
    const double t_amount =
        Seconds([&] { n_amounts = (*amounts)->Extract(norm).size(); });
    kiji::corpus::Document doc;
    doc.original = text;
    const double t_analyze = Seconds([&] { (*analyzer)->AnalyzeText(&doc); });
    // The name extractor on the analysed document's tokens alone.
    doc.mentions.clear();
    const double t_name = Seconds([&] { (*names)->Extract(&doc); });
    std::printf("%-34s %10.3f %10.3f %10.3f %10.3f %10.3f  (%zu dates, %zu "
                "amounts, %zu names)\n",
                label.c_str(), t_norm, t_date, t_amount, t_name, t_analyze,
                n_dates, n_amounts, doc.mentions.size());
    std::fflush(stdout);
  }
  return 0;
}
