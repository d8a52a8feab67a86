#include "corpus/jsonl_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace kiji::corpus {
namespace {

// Whole numbers are written as JSON integers (5e11 -> 500000000000).
nlohmann::ordered_json Number(double v) {
  if (std::isfinite(v) && std::fabs(v) < 9.0e15 && std::floor(v) == v) {
    return static_cast<int64_t>(v);
  }
  return v;
}

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

}  // namespace

absl::StatusOr<std::unique_ptr<JsonlFile>> JsonlFile::Create(
    const std::string& dir, const std::string& name) {
  RemoveStaleTemporaries(dir, name);
  std::string path = absl::StrCat(dir, "/", name);
  std::string tmp = absl::StrCat(dir, "/.", name, ".tmp.", ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "output: cannot write ", tmp, ": ", std::strerror(errno)));
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
  if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) {
    return absl::UnavailableError(absl::StrCat(
        "output: write to ", tmp_path_, " failed: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status JsonlFile::Restart() {
  if (std::fflush(file_) != 0 || ::ftruncate(::fileno(file_), 0) != 0 ||
      std::fseek(file_, 0, SEEK_SET) != 0) {
    return absl::UnavailableError(absl::StrCat(
        "output: truncation of ", tmp_path_, " failed: ", std::strerror(errno)));
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
  const int dir_fd =
      ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

std::string DumpLine(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false,
                nlohmann::json::error_handler_t::replace);
}

nlohmann::ordered_json ToJson(const DocumentLine& d) {
  nlohmann::ordered_json j;
  j["doc_id"] = d.doc_id.empty() ? nlohmann::ordered_json(nullptr)
                                 : nlohmann::ordered_json(d.doc_id);
  j["path"] = d.path;
  j["status"] = d.status;
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

nlohmann::ordered_json ToJson(const StoredMention& m,
                              const std::string& doc_id) {
  nlohmann::ordered_json j;
  if (!doc_id.empty()) j["doc_id"] = doc_id;
  j["type"] = EntityTypeName(m.type);
  j["text"] = m.text;
  j["start"] = m.start;
  j["end"] = m.end;
  switch (m.type) {
    case EntityType::kDate:
      j["norm"] = m.norm ? nlohmann::ordered_json(*m.norm)
                         : nlohmann::ordered_json(nullptr);
      break;
    case EntityType::kAmount:
      j["value"] = m.value ? Number(*m.value) : nlohmann::ordered_json(nullptr);
      if (m.value_max) j["value_max"] = Number(*m.value_max);
      j["unit"] = m.unit;
      if (!m.counter.empty()) j["counter"] = m.counter;
      if (!m.qualifier.empty()) j["qualifier"] = m.qualifier;
      break;
    default:
      j["entity_id"] = m.entity_id.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(m.entity_id);
  }
  j["source"] = m.source;
  return j;
}

nlohmann::ordered_json ToJson(const EntityRecord& e) {
  nlohmann::ordered_json j;
  j["entity_id"] = e.entity_id;
  j["type"] = EntityTypeName(e.type);
  j["canonical"] = e.canonical;
  nlohmann::ordered_json variants = nlohmann::ordered_json::array();
  for (const EntityVariant& v : e.variants) {
    variants.push_back({{"text", v.text}, {"count", v.count}});
  }
  j["variants"] = std::move(variants);
  j["docs"] = e.docs;
  return j;
}

}  // namespace kiji::corpus
