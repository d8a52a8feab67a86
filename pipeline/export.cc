#include "pipeline/export.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <string_view>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "corpus/status_macros.h"
#include "store/json_appender.h"
#include "store/jsonl_writer.h"
#include "pipeline/name_commands.h"
#include "store/store.h"

namespace kiji::pipeline {
namespace {

namespace fs = std::filesystem;

// The columns of the CSV files: the fields of the JSONL lines, in their
// order (CONTRACT.md; a mention has only some of them).
constexpr std::array<std::string_view, 7> kDocumentColumns = {
    "doc_id", "path", "status", "encoding", "lang", "chars", "date"};
constexpr std::array<std::string_view, 15> kMentionColumns = {
    "doc_id",    "type",  "text",      "start", "end",
    "entity_id", "norm",  "duration",  "weekday", "value",
    "value_max", "unit",  "counter",   "qualifier", "source"};
constexpr std::array<std::string_view, 5> kEntityColumns = {
    "entity_id", "type", "canonical", "variants", "docs"};

// One output file: JSON lines, or CSV/TSV rows made from the same lines,
// through store::JsonlFile (a temporary name renamed into place at Commit).
class ExportFile {
 public:
  static absl::StatusOr<std::unique_ptr<ExportFile>> Create(
      const ExportOptions& options, std::string_view base,
      const std::string_view* columns, size_t column_count) {
    const std::string name = absl::StrCat(
        std::string(base), options.format == ExportFormat::kJsonl ? ".jsonl"
                           : options.format == ExportFormat::kCsv ? ".csv"
                                                                  : ".tsv");
    auto file = std::make_unique<ExportFile>();
    ASSIGN_OR_RETURN(file->out_,
                     store::JsonlFile::Create(options.out_dir, name));
    file->csv_ = options.format != ExportFormat::kJsonl;
    file->separator_ = options.format == ExportFormat::kTsv ? '\t' : ',';
    file->columns_.assign(columns, columns + column_count);
    if (file->csv_) {
      std::string header = options.bom ? "\xEF\xBB\xBF" : "";
      for (size_t i = 0; i < column_count; ++i) {
        if (i > 0) header += file->separator_;
        header += CsvField(std::string(columns[i]), file->separator_);
      }
      header += "\r\n";
      RETURN_IF_ERROR(file->out_->WriteText(header));
    }
    return file;
  }

  // `lines`: JSON lines, each ending in '\n'.
  absl::Status WriteLines(const std::string& lines) {
    if (!csv_) return out_->WriteText(lines);
    std::string rows;
    size_t begin = 0;
    while (begin < lines.size()) {
      size_t end = lines.find('\n', begin);
      if (end == std::string::npos) end = lines.size();
      const nlohmann::ordered_json j =
          nlohmann::ordered_json::parse(lines.begin() + begin,
                                        lines.begin() + end);
      for (size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) rows += separator_;
        const auto it = j.find(std::string(columns_[i]));
        if (it == j.end() || it->is_null()) continue;
        rows += CsvField(it->is_string() ? it->get<std::string>()
                                         : store::DumpLine(*it),
                         separator_);
      }
      rows += "\r\n";
      begin = end + 1;
    }
    return out_->WriteText(rows);
  }

  absl::Status Commit() { return out_->Commit(); }

 private:
  std::unique_ptr<store::JsonlFile> out_;
  bool csv_ = false;
  char separator_ = ',';
  std::vector<std::string_view> columns_;
};

}  // namespace

std::string CsvField(const std::string& value, char separator) {
  if (value.find_first_of(std::string{separator, '"', '\r', '\n'}) ==
      std::string::npos) {
    return value;
  }
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

absl::StatusOr<ExportSummary> RunExport(const ExportOptions& options) {
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create the output folder ", options.out_dir, ": ",
        ec.message()));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenStoreOfCommand(options.store_path));
  ASSIGN_OR_RETURN(auto documents,
                   ExportFile::Create(options, "documents",
                                      kDocumentColumns.data(),
                                      kDocumentColumns.size()));
  ASSIGN_OR_RETURN(auto mentions,
                   ExportFile::Create(options, "entities",
                                      kMentionColumns.data(),
                                      kMentionColumns.size()));
  ASSIGN_OR_RETURN(auto entities,
                   ExportFile::Create(options, "names", kEntityColumns.data(),
                                      kEntityColumns.size()));
  const std::unordered_set<std::string> wanted_docs(options.doc_ids.begin(),
                                                    options.doc_ids.end());
  auto type_wanted = [&](corpus::EntityType t) {
    return options.types.empty() ||
           std::find(options.types.begin(), options.types.end(), t) !=
               options.types.end();
  };
  const bool doc_filter = !options.doc_ids.empty() || options.since;
  std::unordered_set<std::string> kept_entities;
  ExportSummary summary;
  store::JsonAppender json;
  const absl::Status read_documents = store->ForEachStoredDocument(
      [&](const store::StoredDocument& d,
          const std::vector<store::StoredMention>& all) -> absl::Status {
        if (!wanted_docs.empty() && wanted_docs.count(d.doc_id) == 0) {
          return absl::OkStatus();
        }
        if (options.since && (!d.date || *d.date < *options.since)) {
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(documents->WriteLines(
            store::DumpLine(store::ToJson(store::OkLine(d))) + "\n"));
        ++summary.documents;
        json.Clear();
        for (const store::StoredMention& m : all) {
          if (!type_wanted(m.type)) continue;
          store::AppendMentionLine(m, d.doc_id, &json);
          json.Raw("\n");
          ++summary.mentions;
          if (doc_filter && !m.entity_id.empty()) {
            kept_entities.insert(m.entity_id);
          }
        }
        return mentions->WriteLines(json.text());
      });
  RETURN_IF_ERROR(read_documents);
  const absl::Status read_entities = store->ForEachEntity(
      [&](const store::EntityRecord& e) -> absl::Status {
        if (!type_wanted(e.type)) return absl::OkStatus();
        if (doc_filter && kept_entities.count(e.entity_id) == 0) {
          return absl::OkStatus();
        }
        json.Clear();
        store::AppendEntityLine(e, &json);
        json.Raw("\n");
        ++summary.entities;
        return entities->WriteLines(json.text());
      });
  RETURN_IF_ERROR(read_entities);
  RETURN_IF_ERROR(documents->Commit());
  RETURN_IF_ERROR(mentions->Commit());
  RETURN_IF_ERROR(entities->Commit());
  return summary;
}

}  // namespace kiji::pipeline
