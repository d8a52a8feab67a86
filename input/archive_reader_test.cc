#include "input/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace kiji::input {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string name;
  std::string data;
  mode_t type = AE_IFREG;
};

// Writes an archive with libarchive's writer: `format` is one of
// ARCHIVE_FORMAT_ZIP, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FORMAT_RAW;
// `gzip` adds the gzip filter.
void WriteArchive(const fs::path& path, int format, bool gzip,
                  const std::vector<Entry>& entries) {
  struct archive* a = archive_write_new();
  ASSERT_EQ(archive_write_set_format(a, format), ARCHIVE_OK);
  if (gzip) {
    ASSERT_EQ(archive_write_add_filter_gzip(a), ARCHIVE_OK);
  }
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK)
      << archive_error_string(a);
  for (const Entry& e : entries) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_filetype(entry, e.type);
    archive_entry_set_perm(entry, 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, "a.txt");
    archive_entry_set_size(
        entry, e.type == AE_IFREG ? static_cast<la_int64_t>(e.data.size()) : 0);
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK)
        << archive_error_string(a);
    if (e.type == AE_IFREG && !e.data.empty()) {
      ASSERT_EQ(archive_write_data(a, e.data.data(), e.data.size()),
                static_cast<la_ssize_t>(e.data.size()));
    }
    archive_entry_free(entry);
  }
  ASSERT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
}

fs::path TempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("kiji_archive_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const std::vector<Entry> kEntries = {
    {"a.txt", "一つ目の記事"},
    {"dir/", "", AE_IFDIR},
    {"./dir/b.txt", "二つ目"},
    {"dir/.hidden.txt", "隠し"},
    {"__MACOSX/dir/._b.txt", "resource fork"},
    {"link.txt", "", AE_IFLNK},
    {"c.txt", ""},
};

TEST(ArchiveKindTest, ByTheFileName) {
  EXPECT_EQ(ArchiveKindOf("news.zip"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindOf("a/NEWS.TAR.GZ"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindOf("x.tgz"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindOf("x.tar.xz"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindOf("x.tar"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindOf("a.txt.gz"), ArchiveKind::kCompressed);
  EXPECT_EQ(ArchiveKindOf("a.txt.bz2"), ArchiveKind::kCompressed);
  EXPECT_EQ(ArchiveKindOf("a.xz"), ArchiveKind::kCompressed);
  EXPECT_EQ(ArchiveKindOf("a.txt"), ArchiveKind::kNone);
  EXPECT_EQ(ArchiveKindOf("dir.zip/a.txt"), ArchiveKind::kNone);
  EXPECT_EQ(ArchiveKindOf(".gz"), ArchiveKind::kNone);  // a hidden name only
  EXPECT_EQ(WithoutCompressionSuffix("a.html.GZ"), "a.html");
  EXPECT_EQ(WithoutCompressionSuffix("a.html"), "a.html");
}

class ArchiveReaderTest : public ::testing::TestWithParam<bool> {};

TEST_P(ArchiveReaderTest, ListsFilesInOrderAndReadsThem) {
  const bool zip = GetParam();
  const fs::path dir = TempDir(zip ? "zip" : "tgz");
  const fs::path path = dir / (zip ? "a.zip" : "a.tar.gz");
  WriteArchive(path, zip ? ARCHIVE_FORMAT_ZIP : ARCHIVE_FORMAT_TAR_USTAR,
               /*gzip=*/!zip, kEntries);
  std::vector<ArchiveMember> members;
  ASSERT_TRUE(ListArchive(path, ArchiveKind::kArchive, &members).ok());
  // Folders and hidden files left out; `./` dropped; the symlink listed
  // with its error.
  ASSERT_EQ(members.size(), 4u);
  EXPECT_EQ(members[0].name, "a.txt");
  EXPECT_EQ(members[0].index, 0);
  EXPECT_EQ(members[0].size, static_cast<int64_t>(kEntries[0].data.size()));
  EXPECT_EQ(members[1].name, "dir/b.txt");
  EXPECT_EQ(members[1].index, 2);
  EXPECT_EQ(members[2].name, "link.txt");
  EXPECT_EQ(members[2].error, "symlink in an archive (not followed)");
  EXPECT_EQ(members[3].name, "c.txt");
  EXPECT_TRUE(members[3].error.empty());

  ArchiveReader reader;
  EXPECT_EQ(reader.Read(path, ArchiveKind::kArchive, 0, 1 << 20).value(),
            "一つ目の記事");
  EXPECT_EQ(reader.Read(path, ArchiveKind::kArchive, 2, 1 << 20).value(),
            "二つ目");
  EXPECT_EQ(reader.Read(path, ArchiveKind::kArchive, 6, 1 << 20).value(), "");
  // Back to an earlier one: the archive is opened again.
  EXPECT_EQ(reader.Read(path, ArchiveKind::kArchive, 0, 1 << 20).value(),
            "一つ目の記事");
  const auto too_large = reader.Read(path, ArchiveKind::kArchive, 2, 4);
  EXPECT_EQ(too_large.status().code(), absl::StatusCode::kResourceExhausted);
  const auto gone = reader.Read(path, ArchiveKind::kArchive, 99, 1 << 20);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kDataLoss);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(ZipAndTarGz, ArchiveReaderTest, ::testing::Bool());

TEST(ArchiveReaderTest, ACompressedFileIsOneDocument) {
  const fs::path dir = TempDir("gz");
  const fs::path path = dir / "a.txt.gz";
  WriteArchive(path, ARCHIVE_FORMAT_RAW, /*gzip=*/true,
               {{"a.txt", "圧縮された記事"}});
  std::vector<ArchiveMember> members;
  ASSERT_TRUE(ListArchive(path, ArchiveKind::kCompressed, &members).ok());
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name, "");
  ArchiveReader reader;
  EXPECT_EQ(reader.Read(path, ArchiveKind::kCompressed, 0, 1 << 20).value(),
            "圧縮された記事");
  fs::remove_all(dir);
}

TEST(ArchiveReaderTest, DamagedAndUnreadableArchivesFailWithAReason) {
  const fs::path dir = TempDir("bad");
  const fs::path not_zip = dir / "not.zip";
  std::ofstream(not_zip) << "just text, not an archive\n";
  std::vector<ArchiveMember> members;
  absl::Status status = ListArchive(not_zip, ArchiveKind::kArchive, &members);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(members.empty());

  // A tar.gz cut in the middle of its second file: the first is listed.
  const fs::path whole = dir / "whole.tar.gz";
  // Letters that do not repeat soon, so that gzip cannot shrink them much.
  std::string big(200000, 'x');
  for (size_t i = 0; i < big.size(); ++i) {
    big[i] = static_cast<char>('a' + (i * i * 7919 + i / 3) % 26);
  }
  WriteArchive(whole, ARCHIVE_FORMAT_TAR_USTAR, true,
               {{"a.txt", "最初"}, {"b.txt", big}, {"c.txt", "最後"}});
  std::ifstream in(whole, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const fs::path cut = dir / "cut.tar.gz";
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  status = ListArchive(cut, ArchiveKind::kArchive, &members);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("damaged archive"), std::string::npos)
      << status;
  ASSERT_GE(members.size(), 1u);
  EXPECT_EQ(members[0].name, "a.txt");

  status = ListArchive((dir / "missing.zip").string(), ArchiveKind::kArchive,
                       &members);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("cannot open archive"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kiji::input
