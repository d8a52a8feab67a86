// name_match_eval PAIRS.tsv [ENAMDICT_INDEX [MATCH_THRESHOLDS]]
//
// Runs `NameMatcher` over a pairs table (columns a, b, type, same, note; '#'
// comments and a header line allowed) and prints precision, recall, F1, the
// misclassified pairs with the matcher's evidence, and the throughput
// (pairs/second over repeated passes, one thread).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "reconcile/match_thresholds.h"
#include "reconcile/name_matcher.h"

namespace {

struct Pair {
  std::string a, b, note;
  kiji::corpus::EntityType type;
  bool same;
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = line.find('\t', start);
    out.push_back(line.substr(start, p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using kiji::corpus::EntityType;
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr,
                 "usage: %s PAIRS.tsv [ENAMDICT_INDEX [MATCH_THRESHOLDS]]\n",
                 argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  std::vector<Pair> pairs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("a\tb\t", 0) == 0) {
      continue;
    }
    std::vector<std::string> f = SplitTabs(line);
    if (f.size() < 4) {
      std::fprintf(stderr, "skipping malformed line: %s\n", line.c_str());
      continue;
    }
    EntityType t = f[2] == "PERSON" ? EntityType::kPerson
                   : f[2] == "ORG"  ? EntityType::kOrg
                                    : EntityType::kCompany;
    pairs.push_back({f[0], f[1], f.size() > 4 ? f[4] : "", t, f[3] == "1"});
  }
  if (argc == 2) {
    // Pairs whose link needs ENAMDICT are expected apart without it.
    for (Pair& p : pairs) {
      if (p.note.rfind("[enamdict]", 0) == 0) p.same = false;
    }
  }

  std::unique_ptr<kiji::lexicon::EnamdictIndex> index;
  kiji::reconcile::NameMatcherOptions options;
  kiji::reconcile::MatchThresholds thresholds;
  if (argc == 4) {
    auto loaded = kiji::reconcile::MatchThresholds::Load(argv[3]);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return 1;
    }
    thresholds = *std::move(loaded);
    options.thresholds = &thresholds;
  }
  if (argc >= 3) {
    auto start = std::chrono::steady_clock::now();
    auto loaded = kiji::lexicon::EnamdictIndex::Load(argv[2]);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return 1;
    }
    index = std::move(loaded).value();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                             start)
                   .count();
    std::printf("index: %zu records loaded in %.3f s\n", index->size(), s);
    options.names = index.get();
  }
  auto matcher = kiji::reconcile::NameMatcher::Create(options);
  if (!matcher.ok()) {
    std::fprintf(stderr, "%s\n", matcher.status().ToString().c_str());
    return 1;
  }

  int tp = 0, fp = 0, fn = 0, tn = 0;
  for (const Pair& p : pairs) {
    kiji::reconcile::NameMatch m = (*matcher)->Match(p.a, p.b, p.type);
    if (m.same && p.same) ++tp;
    if (m.same && !p.same) ++fp;
    if (!m.same && p.same) ++fn;
    if (!m.same && !p.same) ++tn;
    if (m.same != p.same) {
      std::printf("%s  %s | %s  score=%.3f  why=%s  note=%s\n",
                  m.same ? "FALSE-MERGE" : "MISS       ", p.a.c_str(),
                  p.b.c_str(), m.score, m.why.c_str(), p.note.c_str());
    }
  }
  double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0;
  double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 1.0;
  double f1 = precision + recall > 0
                  ? 2 * precision * recall / (precision + recall)
                  : 0.0;
  std::printf(
      "pairs=%zu tp=%d fp=%d fn=%d tn=%d precision=%.3f recall=%.3f "
      "f1=%.3f\n",
      pairs.size(), tp, fp, fn, tn, precision, recall, f1);

  // Throughput: repeat the table until ~100k pairs.
  if (!pairs.empty()) {
    const size_t target = 100000;
    size_t done = 0;
    size_t same = 0;
    auto start = std::chrono::steady_clock::now();
    while (done < target) {
      for (const Pair& p : pairs) {
        same += (*matcher)->Match(p.a, p.b, p.type).same ? 1 : 0;
        ++done;
      }
    }
    double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    std::printf("throughput: %zu pairs in %.2f s = %.0f pairs/s (%zu same)\n",
                done, s, static_cast<double>(done) / s, same);
  }
  return 0;
}
