#include "input/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace kiji::input {
namespace {

constexpr std::string_view kArchiveSuffixes[] = {
    ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"};
constexpr std::string_view kCompressionSuffixes[] = {".gz", ".bz2", ".xz"};

bool EndsWithNoCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         std::equal(
             suffix.begin(), suffix.end(),
             text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
             [](char a, char b) {
               return absl::ascii_tolower(static_cast<unsigned char>(a)) ==
                      absl::ascii_tolower(static_cast<unsigned char>(b));
             });
}

// The name without the folders before it, so that a folder called `x.zip`
// does not make its files archives.
std::string_view FileName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A member path as it is reported: without the `./` parts that `tar -C dir .`
// writes. Sets `*hidden` when a part starts with '.'.
std::string MemberName(std::string_view pathname, bool* hidden) {
  std::string name;
  *hidden = false;
  size_t begin = 0;
  while (begin <= pathname.size()) {
    size_t end = pathname.find('/', begin);
    if (end == std::string_view::npos) end = pathname.size();
    const std::string_view part = pathname.substr(begin, end - begin);
    begin = end + 1;
    if (part.empty() || part == ".") continue;
    if (part[0] == '.') *hidden = true;
    if (!name.empty()) name.push_back('/');
    name.append(part);
  }
  return name;
}

struct archive* NewReader(ArchiveKind kind) {
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  if (kind == ArchiveKind::kArchive) {
    archive_read_support_format_all(a);
  } else {
    // One compressed stream, decompressed by the filters: the "raw" format
    // gives it as a single entry.
    archive_read_support_format_raw(a);
  }
  return a;
}

absl::Status ArchiveError(struct archive* a, std::string_view what) {
  const char* reason = archive_error_string(a);
  return absl::DataLossError(absl::StrCat(
      std::string(what), ": ", reason != nullptr ? reason : "unknown error"));
}

constexpr size_t kBlockBytes = 64 * 1024;

}  // namespace

ArchiveKind ArchiveKindOf(std::string_view path) {
  const std::string_view name = FileName(path);
  for (std::string_view suffix : kArchiveSuffixes) {
    if (name.size() > suffix.size() && EndsWithNoCase(name, suffix)) {
      return ArchiveKind::kArchive;
    }
  }
  for (std::string_view suffix : kCompressionSuffixes) {
    if (name.size() > suffix.size() && EndsWithNoCase(name, suffix)) {
      return ArchiveKind::kCompressed;
    }
  }
  return ArchiveKind::kNone;
}

std::string_view WithoutCompressionSuffix(std::string_view path) {
  for (std::string_view suffix : kCompressionSuffixes) {
    if (EndsWithNoCase(path, suffix)) {
      return path.substr(0, path.size() - suffix.size());
    }
  }
  return path;
}

absl::Status ListArchive(const std::string& path, ArchiveKind kind,
                         std::vector<ArchiveMember>* listed) {
  listed->clear();
  struct archive* a = NewReader(kind);
  absl::Status status;
  if (archive_read_open_filename(a, path.c_str(), kBlockBytes) != ARCHIVE_OK) {
    status = ArchiveError(a, "cannot open archive");
  }
  for (int64_t index = 0; status.ok(); ++index) {
    struct archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      status = ArchiveError(
          a, absl::StrCat("damaged archive after ", listed->size(), " files"));
      break;
    }
    ArchiveMember member;
    member.index = index;
    if (kind == ArchiveKind::kCompressed) {
      listed->push_back(std::move(member));
      continue;  // one entry: its name is the file's
    }
    const char* pathname = archive_entry_pathname(entry);
    bool hidden = false;
    member.name = MemberName(pathname != nullptr ? pathname : "", &hidden);
    const mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR || hidden || member.name.empty()) continue;
    if (archive_entry_size_is_set(entry) != 0) {
      member.size = archive_entry_size(entry);
    }
    if (type == AE_IFLNK) {
      member.error = "symlink in an archive (not followed)";
    } else if (type != AE_IFREG) {
      member.error = "not a regular file";
    }
    listed->push_back(std::move(member));
  }
  archive_read_free(a);
  return status;
}

ArchiveReader::ArchiveReader() = default;
ArchiveReader::~ArchiveReader() { Close(); }

void ArchiveReader::Close() {
  if (archive_ != nullptr) archive_read_free(archive_);
  archive_ = nullptr;
  path_.clear();
  next_index_ = 0;
}

absl::Status ArchiveReader::Open(const std::string& path, ArchiveKind kind) {
  Close();
  archive_ = NewReader(kind);
  if (archive_read_open_filename(archive_, path.c_str(), kBlockBytes) !=
      ARCHIVE_OK) {
    absl::Status status = ArchiveError(archive_, "cannot open archive");
    Close();
    return status;
  }
  path_ = path;
  return absl::OkStatus();
}

absl::StatusOr<std::string> ArchiveReader::Read(const std::string& path,
                                                ArchiveKind kind, int64_t index,
                                                int64_t max_bytes) {
  if (archive_ == nullptr || path != path_ || index < next_index_) {
    if (absl::Status s = Open(path, kind); !s.ok()) return s;
  }
  struct archive_entry* entry = nullptr;
  while (next_index_ <= index) {
    const int rc = archive_read_next_header(archive_, &entry);
    if (rc == ARCHIVE_EOF || rc < ARCHIVE_WARN) {
      absl::Status status =
          rc == ARCHIVE_EOF
              ? absl::DataLossError("the archive changed: the file is gone")
              : ArchiveError(archive_, "damaged archive");
      Close();  // the next read starts again
      return status;
    }
    ++next_index_;
  }
  std::string data;
  std::array<char, kBlockBytes> block;
  while (true) {
    const la_ssize_t n =
        archive_read_data(archive_, block.data(), block.size());
    if (n == 0) break;
    if (n < 0) {
      absl::Status status = ArchiveError(archive_, "damaged archive");
      Close();
      return status;
    }
    if (static_cast<int64_t>(data.size()) + n > max_bytes) {
      // The rest of the entry is skipped by the next header read.
      return absl::ResourceExhaustedError(
          absl::StrCat("file too large (limit ", max_bytes, " bytes)"));
    }
    data.append(block.data(), static_cast<size_t>(n));
  }
  return data;
}

}  // namespace kiji::input
