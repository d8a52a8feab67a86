// kiji_name_features: the names model's training input. Reads JSON lines
// {"id", "text", ...} (the development sets of ../shared/devsets) on stdin,
// analyses each text with the rules alone (AnalyzerOptions::name_model =
// false) and writes one JSON line per text:
//   {"id": ..., "tokens": [[start, end], ...], "features": [[...], ...],
//    "rules": [{"start", "end", "type", "source"}, ...]}
// with token and rule spans in code points of the text, as the sets' gold
// spans are. scripts/train_names.py aligns the gold with the tokens and
// trains the model on these features, which are exactly those the name
// extractor computes when it tags (extractors/names/features.h).
//
// Usage: kiji_name_features DATA_DIR < sentences.jsonl > features.jsonl
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "pipeline/analyzer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: kiji_name_features DATA_DIR < in.jsonl > out.jsonl\n";
    return 2;
  }
  kiji::pipeline::AnalyzerOptions options;
  options.data_dir = argv[1];
  options.name_model = false;
  auto analyzer = kiji::pipeline::Analyzer::Create(options);
  if (!analyzer.ok()) {
    std::cerr << "kiji_name_features: " << analyzer.status() << "\n";
    return 1;
  }
  std::string line;
  size_t line_no = 0;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json in = nlohmann::json::parse(line, nullptr, false);
    if (in.is_discarded() || !in.contains("text") || !in["text"].is_string()) {
      std::cerr << "kiji_name_features: line " << line_no
                << ": not a JSON object with a \"text\"\n";
      return 1;
    }
    kiji::corpus::Document doc;
    doc.original = in["text"].get<std::string>();
    (*analyzer)->AnalyzeText(&doc);
    std::vector<kiji::corpus::Mention> rules;
    for (const kiji::corpus::Mention& m : doc.mentions) {
      if (m.type == kiji::corpus::EntityType::kPerson ||
          m.type == kiji::corpus::EntityType::kCompany ||
          m.type == kiji::corpus::EntityType::kOrg ||
          m.type == kiji::corpus::EntityType::kProduct) {
        rules.push_back(m);
      }
    }
    nlohmann::json out;
    out["id"] = in.value("id", nlohmann::json());
    nlohmann::json tokens = nlohmann::json::array();
    nlohmann::json features = nlohmann::json::array();
    for (const kiji::corpus::Token& t : doc.tokens) {
      auto [start, end] =
          doc.norm_to_orig.ToOriginalSpan(t.norm_begin, t.norm_end);
      tokens.push_back({start, end});
      features.push_back(nlohmann::json::array());
    }
    (*analyzer)->name_extractor().Features(
        doc, rules, [&](size_t token, std::string_view feature) {
          features[token].push_back(std::string(feature));
        });
    nlohmann::json rule_spans = nlohmann::json::array();
    for (const kiji::corpus::Mention& m : rules) {
      auto [start, end] =
          doc.norm_to_orig.ToOriginalSpan(m.norm_begin, m.norm_end);
      rule_spans.push_back({{"start", start},
                            {"end", end},
                            {"type", kiji::corpus::EntityTypeName(m.type)},
                            {"source", m.source}});
    }
    out["tokens"] = std::move(tokens);
    out["features"] = std::move(features);
    out["rules"] = std::move(rule_spans);
    std::cout << out.dump(-1, ' ', false,
                          nlohmann::json::error_handler_t::replace)
              << "\n";
  }
  return 0;
}
