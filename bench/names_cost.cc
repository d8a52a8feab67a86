// The names model's cost (issue #16): CPU time of the names stage with the
// model (rules, features, decoding and the decision) against the rules
// alone, over the same documents on one thread, and the share of the whole
// analysis each takes.
//
//   build/release/bench/names_cost DATA_DIR TEXTS.jsonl [ROUNDS]
//
// TEXTS.jsonl: lines {"text": ...} (the development sets, say). Each
// document is taken through every stage before the names stage once; the
// names stage of each analyser then runs on a copy of it, ROUNDS times
// (default 3, best round kept).
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "pipeline/analyzer.h"

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: names_cost DATA_DIR TEXTS.jsonl [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  std::unique_ptr<kiji::pipeline::Analyzer> analyzers[2];
  for (int model = 0; model < 2; ++model) {
    kiji::pipeline::AnalyzerOptions options;
    options.data_dir = argv[1];
    options.name_model = model == 1;
    auto a = kiji::pipeline::Analyzer::Create(options);
    if (!a.ok()) {
      std::cerr << "names_cost: " << a.status() << "\n";
      return 1;
    }
    analyzers[model] = std::move(a).value();
  }
  std::ifstream in(argv[2]);
  std::vector<kiji::corpus::Document> docs;
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text")) continue;
    docs.emplace_back().original = j["text"].get<std::string>();
  }
  // The stages before the names stage, but the decoder (AnalyzeText's).
  auto names_stage = [&](int model) -> size_t {
    const std::vector<const kiji::corpus::Stage*> stages =
        analyzers[model]->stages();
    for (size_t s = 0; s < stages.size(); ++s) {
      if (stages[s]->name() == "names") return s;
    }
    std::cerr << "names_cost: no names stage\n";
    std::exit(1);
  };
  const std::vector<const kiji::corpus::Stage*> stages = analyzers[0]->stages();
  double before = CpuSeconds();
  for (kiji::corpus::Document& doc : docs) {
    for (size_t s = 1; s < names_stage(0); ++s) {
      if (!stages[s]->Process(doc).ok()) break;
    }
  }
  const double others = CpuSeconds() - before;
  double names[2] = {1e30, 1e30};
  size_t mentions[2] = {0, 0};
  for (int r = 0; r < rounds; ++r) {
    for (int model = 0; model < 2; ++model) {
      const kiji::corpus::Stage* stage =
          analyzers[model]->stages()[names_stage(model)];
      std::vector<kiji::corpus::Document> copies = docs;
      mentions[model] = 0;
      before = CpuSeconds();
      for (kiji::corpus::Document& doc : copies) {
        (void)stage->Process(doc);
        mentions[model] += doc.mentions.size();
      }
      names[model] = std::min(names[model], CpuSeconds() - before);
    }
  }
  std::cout << docs.size() << " documents; stages before names: " << others
            << " s CPU\n"
            << "names stage, rules alone: " << names[0] << " s (" << mentions[0]
            << " mentions)\n"
            << "names stage, rules + model: " << names[1] << " s ("
            << mentions[1] << " mentions)\n"
            << "model / rules alone: " << names[1] / names[0] << "\n"
            << "whole analysis, with / without the model: "
            << (others + names[1]) / (others + names[0]) << "\n";
  return 0;
}
