#include "pipeline/extract_stream.h"

#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "store/jsonl_writer.h"
#include "corpus/status_macros.h"
#include "pipeline/json_lines.h"
#include "pipeline/work_pool.h"

namespace kiji::pipeline {
namespace {

struct Item {
  size_t line_no = 0;
  nlohmann::ordered_json json;  // null when the line did not parse
  corpus::Document doc;
  std::string error;  // why the line is not analysed; empty when it is
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

namespace {

// Reads up to `batch_lines` lines, blank lines skipped. A line that cannot
// be analysed is counted, reported and returned with its `error`, so that
// its answer keeps its place. Sets `*eof` at the end of input.
std::vector<Item> ReadBatch(std::istream& in,
                            const ExtractStreamOptions& options,
                            ExtractStreamSummary* summary, bool* eof) {
  std::vector<Item> batch;
  std::string line;
  while (batch.size() < options.batch_lines) {
    if (!std::getline(in, line)) {
      *eof = true;
      break;
    }
    ++summary->lines;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Item& item = batch.emplace_back();
    item.line_no = summary->lines;
    absl::StatusOr<nlohmann::ordered_json> parsed = ParseJsonLine(line);
    if (parsed.ok()) item.json = *std::move(parsed);
    if (!parsed.ok()) {
      item.error = std::string(parsed.status().message());
    } else if (!item.json.is_object()) {
      item.error = "not a JSON object";
    } else if (!item.json.contains("text") || !item.json["text"].is_string()) {
      item.error = "no string field \"text\"";
    }
    if (!item.error.empty()) {
      ++summary->errors;
      if (options.on_error) {
        options.on_error(absl::StrCat("line ", item.line_no, ": ", item.error));
      }
      continue;
    }
    // The output leaves "text" out, so the document takes it over.
    item.doc.original = std::move(item.json["text"].get_ref<std::string&>());
    if (item.json.contains("date") && item.json["date"].is_string()) {
      item.doc.date = ParseDate(item.json["date"].get<std::string>());
    }
  }
  return batch;
}

// Each output line is the input object without "text" ("id" first, the
// other fields in input order), then "entities": the document's mentions as
// entities.jsonl writes them, without "doc_id". An input field named
// "entities" is replaced. A line with an `error` is answered by its
// `ErrorLine`. The batch is flushed, so that lines answered are out even if
// the process dies later. Fails when the output cannot be written.
absl::Status WriteBatch(const std::vector<Item>& batch, std::ostream& out,
                        store::JsonAppender* json) {
  for (const Item& item : batch) {
    if (!item.error.empty()) {
      out << ErrorLine(&item.json, item.line_no, item.error);
      continue;
    }
    nlohmann::ordered_json head = nlohmann::ordered_json::object();
    if (item.json.contains("id")) head["id"] = item.json["id"];
    for (auto it = item.json.begin(); it != item.json.end(); ++it) {
      if (it.key() != "text" && it.key() != "id" && it.key() != "entities") {
        head[it.key()] = it.value();
      }
    }
    std::string line = store::DumpLine(head);
    line.pop_back();  // the closing brace; "entities" comes last
    json->Clear();
    json->Raw(line);
    json->Raw(head.empty() ? "\"entities\":[" : ",\"entities\":[");
    bool first = true;
    for (const store::StoredMention& m : Analyzer::ToStored(item.doc)) {
      if (!first) json->Raw(",");
      first = false;
      store::AppendMentionLine(m, /*doc_id=*/"", json);
    }
    json->Raw("]}\n");
    out << json->text();
  }
  out.flush();
  if (!out) {
    return absl::DataLossError(
        absl::StrCat("write failed: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

struct Batch {
  std::vector<Item> items;
  std::unique_ptr<TaskGroup> analysed;
};

}  // namespace

absl::StatusOr<ExtractStreamSummary> RunExtractStream(
    const Analyzer& analyzer, std::istream& in, std::ostream& out,
    const ExtractStreamOptions& options) {
  ExtractStreamSummary summary;
  // While the pool analyses one batch, this thread reads the next one and
  // writes the one before: output in input order.
  std::deque<std::unique_ptr<Batch>> inflight;  // outlives the pool's tasks
  WorkPool pool(options.threads);
  store::JsonAppender json;
  bool eof = false;
  while (!eof || !inflight.empty()) {
    if (!eof) {
      auto batch = std::make_unique<Batch>();
      batch->items = ReadBatch(in, options, &summary, &eof);
      size_t to_analyse = 0;
      for (const Item& item : batch->items) to_analyse += item.error.empty();
      batch->analysed = std::make_unique<TaskGroup>(to_analyse);
      for (Item& item : batch->items) {
        if (!item.error.empty()) continue;
        TaskGroup* group = batch->analysed.get();
        pool.Submit(group, [&analyzer, &item, group] {
          analyzer.AnalyzeText(&item.doc);
          group->Done();
        });
      }
      inflight.push_back(std::move(batch));
    }
    if (inflight.size() >= 2 || eof) {
      pool.Wait(inflight.front()->analysed.get());
      RETURN_IF_ERROR(WriteBatch(inflight.front()->items, out, &json));
      inflight.pop_front();
    }
  }
  return summary;
}

}  // namespace kiji::pipeline
