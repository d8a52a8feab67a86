#include "store/jsonl_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace kiji::store {

using corpus::EntityType;
using corpus::EntityTypeName;
namespace {

// Removes `.<name>.tmp.<pid>` files left in `dir` by processes that no longer
// exist (killed before `Commit`); those of live processes are theirs.
void RemoveStaleTemporaries(const std::string& dir, const std::string& name) {
  const std::string prefix = absl::StrCat(".", name, ".tmp.");
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (file.rfind(prefix, 0) != 0) continue;
    int pid = 0;
    if (!absl::SimpleAtoi(file.substr(prefix.size()), &pid) || pid <= 0) {
      continue;
    }
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code rec;
      std::filesystem::remove(it->path(), rec);
    }
  }
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JsonlFile>> JsonlFile::Create(
    const std::string& dir, const std::string& name) {
  RemoveStaleTemporaries(dir, name);
  std::string path = absl::StrCat(dir, "/", name);
  std::string tmp = absl::StrCat(dir, "/.", name, ".tmp.", ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("output: cannot write ", tmp, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<JsonlFile>(
      new JsonlFile(std::move(path), std::move(tmp), f));
}

JsonlFile::~JsonlFile() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) std::remove(tmp_path_.c_str());
}

absl::Status JsonlFile::Write(const nlohmann::ordered_json& line) {
  std::string s = DumpLine(line);
  s.push_back('\n');
  return WriteText(s);
}

absl::Status JsonlFile::WriteText(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    return absl::UnavailableError(absl::StrCat(
        "output: write to ", tmp_path_, " failed: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status JsonlFile::WriteMentions(
    const std::string& doc_id, const std::vector<StoredMention>& mentions) {
  lines_.Clear();
  for (const StoredMention& m : mentions) {
    AppendMentionLine(m, doc_id, &lines_);
    lines_.Raw("\n");
  }
  return WriteLines();
}

absl::Status JsonlFile::WriteEntity(const EntityRecord& entity) {
  lines_.Clear();
  AppendEntityLine(entity, &lines_);
  lines_.Raw("\n");
  return WriteLines();
}

absl::Status JsonlFile::WriteLines() {
  absl::Status s = WriteText(lines_.text());
  lines_.Clear();
  return s;
}

absl::Status JsonlFile::Restart() {
  if (std::fflush(file_) != 0 || ::ftruncate(::fileno(file_), 0) != 0 ||
      std::fseek(file_, 0, SEEK_SET) != 0) {
    return absl::UnavailableError(
        absl::StrCat("output: truncation of ", tmp_path_,
                     " failed: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status JsonlFile::Commit() {
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) {
    return absl::UnavailableError(absl::StrCat(
        "output: flush of ", tmp_path_, " failed: ", std::strerror(errno)));
  }
  const int close_rc = std::fclose(file_);
  file_ = nullptr;
  if (close_rc != 0) {
    return absl::UnavailableError(absl::StrCat(
        "output: close of ", tmp_path_, " failed: ", std::strerror(errno)));
  }
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat(
        "output: rename to ", path_, " failed: ", std::strerror(errno)));
  }
  committed_ = true;
  // Make the rename itself durable.
  const std::string dir = std::filesystem::path(path_).parent_path().string();
  const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(),
                            O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

DocumentLine OkLine(const StoredDocument& doc) {
  DocumentLine line;
  line.doc_id = doc.doc_id;
  line.path = doc.path;
  line.status = "ok";
  line.encoding = doc.encoding;
  line.lang = doc.lang;
  line.chars = doc.chars;
  line.date = doc.date;
  line.warnings = doc.warnings;
  return line;
}

nlohmann::ordered_json ToJson(const DocumentLine& d) {
  nlohmann::ordered_json j;
  j["doc_id"] = d.doc_id.empty() ? nlohmann::ordered_json(nullptr)
                                 : nlohmann::ordered_json(d.doc_id);
  j["path"] = d.path;
  if (!IsValidUtf8(d.path)) j["path_bytes"] = absl::Base64Escape(d.path);
  j["status"] = d.status;
  if (!d.duplicate_of.empty()) j["duplicate_of"] = d.duplicate_of;
  if (d.status == "error") j["error"] = d.error;
  j["encoding"] = d.encoding.empty() ? nlohmann::ordered_json(nullptr)
                                     : nlohmann::ordered_json(d.encoding);
  j["lang"] = d.lang.empty() ? nlohmann::ordered_json(nullptr)
                             : nlohmann::ordered_json(d.lang);
  j["chars"] = d.chars ? nlohmann::ordered_json(*d.chars)
                       : nlohmann::ordered_json(nullptr);
  j["date"] = d.date ? nlohmann::ordered_json(*d.date)
                     : nlohmann::ordered_json(nullptr);
  if (!d.warnings.empty()) j["warnings"] = d.warnings;
  return j;
}

// {"doc_id"?,"type","text","start","end", then by type: "norm",
// "qualifier"?,"weekday"? (dates); "duration","qualifier"? (durations);
// "value","value_max"?,"unit","counter"?,"qualifier"? (amounts and
// percentages); "entity_id"
// (names), then "source"}.
void AppendMentionLine(const StoredMention& m, std::string_view doc_id,
                       JsonAppender* json) {
  if (!doc_id.empty()) {
    json->Raw("{\"doc_id\":");
    json->String(doc_id);
    json->Raw(",\"type\":");
  } else {
    json->Raw("{\"type\":");
  }
  json->String(EntityTypeName(m.type));
  json->Raw(",\"text\":");
  json->String(m.text);
  json->Raw(",\"start\":");
  json->Int(m.start);
  json->Raw(",\"end\":");
  json->Int(m.end);
  switch (m.type) {
    case EntityType::kDate:
    case EntityType::kDuration:
      if (m.type == EntityType::kDate) {
        json->Raw(",\"norm\":");
        json->Optional(m.norm);
      } else {
        json->Raw(",\"duration\":");
        json->Optional(m.duration);
      }
      if (!m.qualifier.empty()) {
        json->Raw(",\"qualifier\":");
        json->String(m.qualifier);
      }
      if (!m.weekday.empty()) {
        json->Raw(",\"weekday\":");
        json->String(m.weekday);
      }
      break;
    case EntityType::kAmount:
    case EntityType::kPercent:
      json->Raw(",\"value\":");
      json->OptionalNumber(m.value);
      if (m.value_max) {
        json->Raw(",\"value_max\":");
        json->Number(*m.value_max);
      }
      json->Raw(",\"unit\":");
      json->String(m.unit);
      if (!m.counter.empty()) {
        json->Raw(",\"counter\":");
        json->String(m.counter);
      }
      if (!m.qualifier.empty()) {
        json->Raw(",\"qualifier\":");
        json->String(m.qualifier);
      }
      break;
    default:
      json->Raw(",\"entity_id\":");
      json->StringOrNull(m.entity_id);
  }
  json->Raw(",\"source\":");
  json->String(m.source);
  json->Raw("}");
}

// {"entity_id","type","canonical","variants":[{"text","count"}],"docs"}.
void AppendEntityLine(const EntityRecord& e, JsonAppender* json) {
  json->Raw("{\"entity_id\":");
  json->String(e.entity_id);
  json->Raw(",\"type\":");
  json->String(EntityTypeName(e.type));
  json->Raw(",\"canonical\":");
  json->String(e.canonical);
  json->Raw(",\"variants\":[");
  for (size_t i = 0; i < e.variants.size(); ++i) {
    json->Raw(i == 0 ? "{\"text\":" : ",{\"text\":");
    json->String(e.variants[i].text);
    json->Raw(",\"count\":");
    json->Int(e.variants[i].count);
    json->Raw("}");
  }
  json->Raw("],\"docs\":[");
  for (size_t i = 0; i < e.docs.size(); ++i) {
    if (i > 0) json->Raw(",");
    json->String(e.docs[i]);
  }
  json->Raw("]}");
}

}  // namespace kiji::store
