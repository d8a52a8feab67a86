#include "pipeline/extract_stream.h"

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "corpus/jsonl_writer.h"

namespace kiji::pipeline {
namespace {

struct Item {
  size_t line_no = 0;
  nlohmann::ordered_json json;
  corpus::Document doc;
  bool valid = false;
};

std::optional<corpus::CivilDate> ParseDate(const std::string& s) {
  corpus::CivilDate d;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3 &&
      d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31) {
    return d;
  }
  return std::nullopt;
}

}  // namespace

ExtractStreamSummary RunExtractStream(const Analyzer& analyzer,
                                      std::istream& in, std::ostream& out,
                                      const ExtractStreamOptions& options) {
  ExtractStreamSummary summary;
  std::string line;
  bool eof = false;
  while (!eof) {
    std::vector<Item> batch;
    while (batch.size() < options.batch_lines) {
      if (!std::getline(in, line)) {
        eof = true;
        break;
      }
      ++summary.lines;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Item item;
      item.line_no = summary.lines;
      item.json = nlohmann::ordered_json::parse(line, nullptr,
                                                /*allow_exceptions=*/false);
      std::string why;
      if (item.json.is_discarded()) {
        why = "not valid JSON";
      } else if (!item.json.is_object()) {
        why = "not a JSON object";
      } else if (!item.json.contains("text") || !item.json["text"].is_string()) {
        why = "no string field \"text\"";
      }
      if (!why.empty()) {
        ++summary.errors;
        if (options.on_error) {
          options.on_error(absl::StrCat("line ", item.line_no, ": ", why));
        }
        continue;
      }
      item.doc.original = item.json["text"].get<std::string>();
      if (item.json.contains("date") && item.json["date"].is_string()) {
        item.doc.date = ParseDate(item.json["date"].get<std::string>());
      }
      item.valid = true;
      batch.push_back(std::move(item));
    }
    const size_t workers =
        std::min<size_t>(std::max(options.threads, 1), batch.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < batch.size(); i = next++) {
        analyzer.AnalyzeText(&batch[i].doc);
      }
    };
    std::vector<std::thread> pool;
    for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();

    for (Item& item : batch) {
      nlohmann::ordered_json result;
      if (item.json.contains("id")) result["id"] = item.json["id"];
      for (auto it = item.json.begin(); it != item.json.end(); ++it) {
        if (it.key() != "text" && it.key() != "id") result[it.key()] = it.value();
      }
      nlohmann::ordered_json entities = nlohmann::ordered_json::array();
      for (const corpus::StoredMention& m : Analyzer::ToStored(item.doc)) {
        entities.push_back(corpus::ToJson(m, ""));
      }
      result["entities"] = std::move(entities);
      out << corpus::DumpLine(result) << '\n';
    }
    out.flush();
  }
  return summary;
}

}  // namespace kiji::pipeline
