// Archives and compressed files read in place, through libarchive.
//
// An input path is an archive by its name: `.zip`, `.tar`, `.tar.gz`,
// `.tgz`, `.tar.bz2`, `.tbz2`, `.tar.xz`, `.txz` (every file in it is a
// document), or a compressed file: `.gz`, `.bz2`, `.xz` (its content is one
// document). A member's document path is `ARCHIVE!MEMBER`
// (`news.zip!2024/a.txt`); a compressed file's is its own path.
//
// Members are listed in the archive's own order; folders are skipped, as are
// hidden members (a path part starting with '.', such as macOS's `._a.txt`),
// like hidden entries of a folder. Archives inside archives are not opened:
// such a member is a file like any other (and is reported as binary).
//
// Thread-safety: an `ArchiveReader` is used by one thread at a time.
#ifndef KIJI_INPUT_ARCHIVE_READER_H_
#define KIJI_INPUT_ARCHIVE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct archive;

namespace kiji::input {

enum class ArchiveKind {
  kNone,        // read as a plain file
  kCompressed,  // one compressed file: one document
  kArchive,     // a folder in a file: a document per member
};

// The kind of `path`, from its name (case-insensitive).
ArchiveKind ArchiveKindOf(std::string_view path);

// `path` without a compression suffix (`a.html.gz` -> `a.html`), for
// telling a compressed file's format by its name.
std::string_view WithoutCompressionSuffix(std::string_view path);

// The separator between an archive's path and its member's.
inline constexpr char kMemberSeparator = '!';

// One document listed in an archive.
struct ArchiveMember {
  std::string name;   // path inside the archive ("" for a compressed file)
  int64_t index = 0;  // position among all the archive's entries
  int64_t size = -1;  // uncompressed bytes, -1 when the header lacks it
  std::string error;  // why it cannot be read ("symlink (not followed)")
};

// The members of an archive (or the one of a compressed file). Fails
// (kDataLoss, naming the reason) when the archive cannot be opened or is
// damaged before its end; `*listed` then holds the members read before the
// damage.
absl::Status ListArchive(const std::string& path, ArchiveKind kind,
                         std::vector<ArchiveMember>* listed);

// Reads members of one archive, in order: cheap when asked for members in
// increasing `index` (each call goes on from the last), reopening the
// archive when asked for an earlier one.
class ArchiveReader {
 public:
  ArchiveReader();
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // The content of the entry at `index` of the archive `path` (of `kind`),
  // up to `max_bytes` (kResourceExhausted beyond). kDataLoss when the
  // archive is damaged or has no such entry.
  absl::StatusOr<std::string> Read(const std::string& path, ArchiveKind kind,
                                   int64_t index, int64_t max_bytes);

 private:
  absl::Status Open(const std::string& path, ArchiveKind kind);
  void Close();

  struct archive* archive_ = nullptr;
  std::string path_;
  int64_t next_index_ = 0;  // index of the entry the next header read gives
};

}  // namespace kiji::input

#endif  // KIJI_INPUT_ARCHIVE_READER_H_
