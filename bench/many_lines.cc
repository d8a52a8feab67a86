// Many-line giants (issue #14): one document made of articles repeated with
// ordinary newlines, at several sizes, through MeCab alone and through the
// whole per-document analysis (decode, normalise, language, dateline,
// tokenise, extract, offsets to code points). Prints the seconds per MB at
// each size and the ratio of the last size's to the first's: about 1
// when the time is linear in the size (it was ~10 at 16 MB against 1 MB when
// MeCab read the rest of the document for every line). A benchmark, not a
// test: nothing is asserted.
//
//   build/release/bench/many_lines [DATA_DIR [SIZES_MB [ARTICLE_FILE...]]]
//
// DATA_DIR holds enamdict.idx and gazetteer.tsv (default: the build's
// data/); SIZES_MB is a comma-separated list (default 1,8,16,50); the
// articles (UTF-8) default to the repository's samples/00[123]*.txt. Times
// are CPU seconds of the analysing thread, so that other load on a shared
// machine moves them less; wall seconds are printed in brackets.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "corpus/document.h"
#include "pipeline/analyzer.h"
#include "tokenizers/mecab_tokenizer.h"

#ifndef KIJI_DEFAULT_DATA_DIR
#define KIJI_DEFAULT_DATA_DIR ""
#endif
#ifndef KIJI_SOURCE_DIR
#define KIJI_SOURCE_DIR "."
#endif

namespace {

struct Seconds {
  double cpu = 0;
  double wall = 0;
};

double ThreadCpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
Seconds Time(Fn&& fn) {
  const double cpu = ThreadCpuSeconds();
  const auto wall = std::chrono::steady_clock::now();
  fn();
  return {ThreadCpuSeconds() - cpu,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall)
              .count()};
}

// The articles one after another, each ending in a blank line, repeated up
// to `bytes` and cut after the last newline before it.
std::string ManyLines(const std::vector<std::string>& articles, size_t bytes) {
  std::string unit;
  for (const std::string& a : articles) {
    unit += a;
    while (!unit.empty() && unit.back() == '\n') unit.pop_back();
    unit += "\n\n";
  }
  std::string text;
  text.reserve(bytes + unit.size());
  while (text.size() < bytes) text += unit;
  text.resize(text.rfind('\n', bytes - 1) + 1);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data_dir = argc > 1 ? argv[1] : KIJI_DEFAULT_DATA_DIR;
  std::vector<double> sizes_mb;
  for (absl::string_view s :
       absl::StrSplit(argc > 2 ? argv[2] : "1,8,16,50", ',')) {
    double mb = 0;
    if (!absl::SimpleAtod(s, &mb) || mb <= 0) {
      std::fprintf(stderr, "many_lines: bad size \"%.*s\"\n",
                   static_cast<int>(s.size()), s.data());
      return 2;
    }
    sizes_mb.push_back(mb);
  }
  std::vector<std::string> paths;
  for (int i = 3; i < argc; ++i) paths.emplace_back(argv[i]);
  if (paths.empty()) {
    for (const char* name :
         {"001_tech_funding.txt", "002_policy.txt", "003_english.txt"}) {
      paths.push_back(std::string(KIJI_SOURCE_DIR) + "/samples/" + name);
    }
  }
  std::vector<std::string> articles;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    if (!in.is_open() || text.empty()) {
      std::fprintf(stderr, "many_lines: cannot read %s\n", path.c_str());
      return 1;
    }
    articles.push_back(std::move(text));
  }

  kiji::pipeline::AnalyzerOptions options;
  options.data_dir = data_dir;
  auto analyzer = kiji::pipeline::Analyzer::Create(options);
  auto mecab = kiji::tokenizers::MecabTokenizer::Create();
  for (const absl::Status& s : {analyzer.status(), mecab.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "many_lines: %s\n",
                   std::string(s.message()).c_str());
      return 1;
    }
  }

  std::printf("%8s %9s %10s  %-22s %-22s %s\n", "MB", "lines", "mentions",
              "MeCab s/MB", "analysis s/MB", "(CPU s/MB, wall in brackets)");
  std::vector<std::pair<double, double>> per_mb;  // MeCab, analysis (CPU)
  for (const double mb : sizes_mb) {
    kiji::corpus::Document doc;
    doc.path = "many_lines.txt";
    doc.raw = ManyLines(articles, static_cast<size_t>(mb * 1e6));
    const double real_mb = static_cast<double>(doc.raw.size()) / 1e6;
    const size_t lines =
        static_cast<size_t>(std::count(doc.raw.begin(), doc.raw.end(), '\n'));
    size_t mentions = 0;
    const Seconds analysis = Time([&] {
      (*analyzer)->Analyze(&doc);
      mentions = kiji::pipeline::Analyzer::ToStored(doc).size();
    });
    if (!doc.error.empty()) {
      std::fprintf(stderr, "many_lines: %s\n", doc.error.c_str());
      return 1;
    }
    kiji::corpus::Document tokens_only;
    tokens_only.normalized = std::move(doc.normalized);
    doc = kiji::corpus::Document();
    const Seconds tokenize = Time([&] { (*mecab)->Tokenize(&tokens_only); });
    char mecab_col[64], analysis_col[64];
    std::snprintf(mecab_col, sizeof mecab_col, "%.3f (%.3f)",
                  tokenize.cpu / real_mb, tokenize.wall / real_mb);
    std::snprintf(analysis_col, sizeof analysis_col, "%.3f (%.3f)",
                  analysis.cpu / real_mb, analysis.wall / real_mb);
    std::printf("%8.2f %9zu %10zu  %-22s %-22s\n", real_mb, lines, mentions,
                mecab_col, analysis_col);
    std::fflush(stdout);
    per_mb.emplace_back(tokenize.cpu / real_mb, analysis.cpu / real_mb);
  }
  if (per_mb.size() > 1) {
    std::printf(
        "s/MB at %.0f MB / s/MB at %.0f MB: MeCab %.2f, analysis %.2f "
        "(1.00 = linear)\n",
        sizes_mb.back(), sizes_mb.front(),
        per_mb.back().first / per_mb.front().first,
        per_mb.back().second / per_mb.front().second);
  }
  return 0;
}
