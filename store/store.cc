#include "store/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store/json_appender.h"
#include "corpus/sha256.h"
#include "corpus/status_macros.h"

namespace kiji::store {

using corpus::EntityType;
using corpus::EntityTypeName;
namespace {

// A document's `text_hash`: the SHA-256 of its normalised text; "" (stored
// as NULL) for an empty text, which is no article to find again.
std::string TextHash(std::string_view normalized) {
  return normalized.empty() ? std::string() : corpus::Sha256Hex(normalized);
}

// Version 2 keeps a document's mentions in one JSON array on its row (one
// row written per document instead of one per mention: the store's share of
// an ingest was mostly B-tree inserts of ~50 mention rows per article) and
// offers them as the `mentions` view with version 1's columns. Version 3
// lists an entity's documents by insertion number: new rows append to each
// entity's range instead of landing at random (a random 64-character key
// dirtied a page per row and grew every commit).
// Version 4 adds each document's `text_hash`, the SHA-256 of its normalised
// text, so that the same article in another encoding (or another file
// format) is found as a duplicate.
// Version 5 keeps what `kiji merge` needs to reconcile stored documents as
// ingest did and to report every file of a shard: each mention's span in the
// normalised text and the mention it glosses (`alias_of`), each document's
// place in its run's listing (`list_ord`) and its warnings, and the files a
// run reported but did not store (`reports`: errors and duplicates).
constexpr int kSchemaVersion = 5;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents(
  doc_id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  encoding TEXT,
  lang TEXT,
  date TEXT,
  chars INTEGER,
  status TEXT NOT NULL DEFAULT 'ok',
  normalized TEXT,
  seq INTEGER,
  mentions TEXT,
  text_hash TEXT,
  list_ord INTEGER,
  warnings TEXT);
-- Both directions between doc_id and seq without reading a document row
-- (rows are large: text and mentions).
CREATE INDEX IF NOT EXISTS documents_id_seq ON documents(doc_id, seq);
CREATE INDEX IF NOT EXISTS documents_seq_id ON documents(seq, doc_id);
CREATE INDEX IF NOT EXISTS documents_text_hash ON documents(text_hash, seq);
CREATE INDEX IF NOT EXISTS documents_list_ord ON documents(list_ord, path);
-- The files a run reported without storing them (errors, duplicates), by
-- path: what documents.jsonl said about them, for `kiji merge`.
CREATE TABLE IF NOT EXISTS reports(
  path TEXT PRIMARY KEY,
  list_ord INTEGER,
  status TEXT NOT NULL,
  doc_id TEXT,
  error TEXT,
  encoding TEXT,
  duplicate_of TEXT,
  duplicate_of_doc TEXT);
CREATE INDEX IF NOT EXISTS reports_list_ord ON reports(list_ord, path);
CREATE VIEW IF NOT EXISTS mentions AS
SELECT d.doc_id AS doc_id, j.key AS ord,
       json_extract(j.value, '$[0]') AS type,
       json_extract(j.value, '$[1]') AS text,
       json_extract(j.value, '$[2]') AS start,
       json_extract(j.value, '$[3]') AS end,
       json_extract(j.value, '$[4]') AS entity_id,
       json_extract(j.value, '$[5]') AS norm,
       json_extract(j.value, '$[6]') AS value,
       json_extract(j.value, '$[7]') AS value_max,
       json_extract(j.value, '$[8]') AS unit,
       json_extract(j.value, '$[9]') AS counter,
       json_extract(j.value, '$[10]') AS qualifier,
       json_extract(j.value, '$[11]') AS source,
       json_extract(j.value, '$[12]') AS duration,
       nullif(json_extract(j.value, '$[13]'), '') AS weekday,
       json_extract(j.value, '$[14]') AS norm_begin,
       json_extract(j.value, '$[15]') AS norm_end,
       json_extract(j.value, '$[16]') AS alias_of
FROM documents d, json_each(d.mentions) j;
CREATE TABLE IF NOT EXISTS entities(
  entity_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  canonical TEXT NOT NULL,
  canonical_locked INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS variants(
  entity_id TEXT NOT NULL,
  text TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY(entity_id, text));
CREATE TABLE IF NOT EXISTS entity_docs(
  entity_id TEXT NOT NULL,
  doc_seq INTEGER NOT NULL,  -- documents.seq
  PRIMARY KEY(entity_id, doc_seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evidence(
  entity_id TEXT NOT NULL,
  variant TEXT NOT NULL,
  rule TEXT NOT NULL,
  score REAL,
  other TEXT,
  PRIMARY KEY(entity_id, variant, rule, other));
)sql";



// The columns of a statement's current row.
class Columns {
 public:
  explicit Columns(sqlite3_stmt* s) : s_(s) {}
  std::string Text(int i) const {
    const unsigned char* t = sqlite3_column_text(s_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(s_, i)))
             : std::string();
  }
  std::optional<std::string> OptText(int i) const {
    if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
    return Text(i);
  }
  std::optional<double> OptDouble(int i) const {
    if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(s_, i);
  }
  std::optional<int64_t> OptInt(int i) const {
    if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
    return Int(i);
  }
  int64_t Int(int i) const { return sqlite3_column_int64(s_, i); }

 protected:
  sqlite3_stmt* s_;
};

// A use of a cached prepared statement (Store::Prepare): reset and its
// bindings cleared when the use ends, finalized only by the store.
// Text is bound without a copy (SQLITE_STATIC): what is bound must outlive
// the use, so declare it before the Stmt (temporary strings do not bind).
class Stmt : public Columns {
 public:
  explicit Stmt(sqlite3_stmt* s) : Columns(s) {}
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }

  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()),
                      SQLITE_STATIC);
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, const std::string& v) { Bind(i, std::string_view(v)); }
  void Bind(int i, std::string&& v) = delete;  // would dangle
  void Bind(int i, const char* v) { Bind(i, std::string_view(v)); }
  void Bind(int i, const std::optional<std::string>& v) {
    if (v) Bind(i, std::string_view(*v));
    else sqlite3_bind_null(s_, i);
  }
  void Bind(int i, const std::optional<double>& v) {
    if (v) sqlite3_bind_double(s_, i, *v);
    else sqlite3_bind_null(s_, i);
  }
};

// The columns "doc_id, path, encoding, lang, date, chars, seq" of a
// documents row, first in the statement.
void ReadDocumentColumns(const Columns& s, StoredDocument* d) {
  d->doc_id = s.Text(0);
  d->path = s.Text(1);
  d->encoding = s.Text(2);
  d->lang = s.Text(3);
  d->date = s.OptText(4);
  d->chars = s.Int(5);
  d->seq = s.Int(6);
}

EntityType ParseType(std::string_view name) {
  for (EntityType t : corpus::kAllEntityTypes) {
    if (EntityTypeName(t) == name) return t;
  }
  return EntityType::kPerson;
}

// A document's mentions as stored: a JSON array with one array per mention,
// [type, text, start, end, entity_id, norm, value, value_max, unit, counter,
// qualifier, source, duration, weekday, norm_begin, norm_end, alias_of];
// entity_id, norm, value, value_max, duration and alias_of are null when
// absent. (Stores of schema 4 and older have arrays of 12, or 14 when
// duration or weekday is set.)
// Built in `*json` (cleared first) without a DOM: JsonAppender serialises
// each value as nlohmann does within an array (compact, invalid UTF-8
// replaced).
const std::string& EncodeMentions(const std::vector<StoredMention>& mentions,
                                  JsonAppender* json) {
  json->Clear();
  json->Raw("[");
  for (size_t i = 0; i < mentions.size(); ++i) {
    const StoredMention& m = mentions[i];
    json->Raw(i == 0 ? "[" : ",[");
    json->String(EntityTypeName(m.type));
    json->Raw(",");
    json->String(m.text);
    json->Raw(",");
    json->Int(m.start);
    json->Raw(",");
    json->Int(m.end);
    json->Raw(",");
    json->StringOrNull(m.entity_id);
    json->Raw(",");
    json->Optional(m.norm);
    json->Raw(",");
    json->Optional(m.value);
    json->Raw(",");
    json->Optional(m.value_max);
    json->Raw(",");
    json->String(m.unit);
    json->Raw(",");
    json->String(m.counter);
    json->Raw(",");
    json->String(m.qualifier);
    json->Raw(",");
    json->String(m.source);
    json->Raw(",");
    json->Optional(m.duration);
    json->Raw(",");
    json->String(m.weekday);
    json->Raw(",");
    json->Int(m.norm_begin);
    json->Raw(",");
    json->Int(m.norm_end);
    json->Raw(",");
    if (m.alias_of) {
      json->Int(*m.alias_of);
    } else {
      json->Null();
    }
    json->Raw("]");
  }
  json->Raw("]");
  return json->text();
}

// The inverse of EncodeMentions; nullopt when `text` is not such an array
// (a damaged or foreign store).
std::optional<std::vector<StoredMention>> DecodeMentions(
    std::string_view text) {
  std::vector<StoredMention> out;
  if (text.empty()) return out;  // a document stored without mentions
  const nlohmann::json all = nlohmann::json::parse(text, nullptr, false);
  if (!all.is_array()) return std::nullopt;
  auto str = [](const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  auto num = [](const nlohmann::json& v) -> std::optional<double> {
    if (!v.is_number()) return std::nullopt;
    return v.get<double>();
  };
  for (const nlohmann::json& row : all) {
    if (!row.is_array() ||
        (row.size() != 12 && row.size() != 14 && row.size() != 17) ||
        !row[2].is_number_unsigned() ||
        !row[3].is_number_unsigned()) {
      return std::nullopt;
    }
    StoredMention m;
    m.type = ParseType(str(row[0]));
    m.text = str(row[1]);
    m.start = row[2].get<uint32_t>();
    m.end = row[3].get<uint32_t>();
    m.entity_id = str(row[4]);
    if (row[5].is_string()) m.norm = row[5].get<std::string>();
    m.value = num(row[6]);
    m.value_max = num(row[7]);
    m.unit = str(row[8]);
    m.counter = str(row[9]);
    m.qualifier = str(row[10]);
    m.source = str(row[11]);
    if (row.size() >= 14) {
      if (row[12].is_string()) m.duration = row[12].get<std::string>();
      m.weekday = str(row[13]);
    }
    if (row.size() == 17) {
      if (!row[14].is_number_unsigned() || !row[15].is_number_unsigned() ||
          !(row[16].is_null() || row[16].is_number_unsigned())) {
        return std::nullopt;
      }
      m.norm_begin = row[14].get<uint32_t>();
      m.norm_end = row[15].get<uint32_t>();
      if (!row[16].is_null()) m.alias_of = row[16].get<uint32_t>();
    }
    out.push_back(std::move(m));
  }
  return out;
}

// The identity of a file: what every hard link and symlink to it shares.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  friend bool operator==(const FileId&, const FileId&) = default;
  friend bool operator<(const FileId& a, const FileId& b) {
    return a.dev != b.dev ? a.dev < b.dev : a.ino < b.ino;
  }
};

FileId IdOf(const struct stat& st) { return {st.st_dev, st.st_ino}; }

// The files this process has open as a store, each with the descriptors of
// it that must stay open until that store has closed (see TryLock).
std::mutex& OpenFilesMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}
std::map<FileId, std::vector<int>>& OpenFiles() {
  static auto* files = new std::map<FileId, std::vector<int>>;
  return *files;
}

// How to get a usable store back, after "store X is damaged: ...". (The
// README says how to save what is still readable.)
constexpr char kRecovery[] =
    "; kiji does not use a damaged store: restore it from a backup, or ingest "
    "the articles again into a new store (--store NEW.db)";

// Why the store file cannot be opened or created, in the user's words.
absl::Status OpenError(const std::string& path, int err) {
  const std::string reason = std::strerror(err);
  switch (err) {
    case EISDIR:
      return absl::FailedPreconditionError(absl::StrCat(
          "store ", path, ": is a folder, not a file (", reason, ")"));
    case ENOENT: {
      const std::filesystem::path parent =
          std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
        return absl::FailedPreconditionError(
            absl::StrCat("store ", path, ": cannot create the file: folder ",
                         parent.string(), " does not exist (", reason, ")"));
      }
      break;
    }
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::FailedPreconditionError(absl::StrCat(
          "store ", path, ": cannot open the file for writing (", reason, ")"));
    default:
      break;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("store ", path, ": cannot open the file (", reason, ")"));
}

enum class LockAttempt {
  kLocked,
  kBusy,   // another process, or another store of this process, holds it
  kRetry,  // the path named another file by the time it was locked
};

// One attempt to lock the file `path` names (created when missing): on
// kLocked, `*fd` is a descriptor of it holding an exclusive `flock` and the
// file is entered in OpenFiles().
absl::StatusOr<LockAttempt> TryLock(const std::string& path, int* fd_out,
                                    FileId* id_out) {
  std::lock_guard<std::mutex> guard(OpenFilesMutex());
  std::map<FileId, std::vector<int>>& open_files = OpenFiles();
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && open_files.contains(IdOf(st))) {
    return LockAttempt::kBusy;  // without opening it (see store.h)
  }
  const int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd < 0) return OpenError(path, errno);
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return OpenError(path, err);
  }
  const FileId id = IdOf(st);
  if (auto it = open_files.find(id); it != open_files.end()) {
    // The path was renamed to a store open here since stat(): closing this
    // descriptor would drop the POSIX locks SQLite holds on that store, so
    // it is closed with it.
    it->second.push_back(fd);
    return LockAttempt::kBusy;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat("store ", path, ": is not a regular file"));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK || err == EINTR) return LockAttempt::kBusy;
    return absl::FailedPreconditionError(absl::StrCat(
        "store ", path, ": cannot lock the file (", std::strerror(err), ")"));
  }
  // Renamed over or removed while this process waited for the lock: what
  // the path names now is the store to lock.
  struct stat now;
  if (::stat(path.c_str(), &now) != 0 || IdOf(now) != id) {
    ::close(fd);
    return LockAttempt::kRetry;
  }
  open_files.emplace(id, std::vector<int>());
  *fd_out = fd;
  *id_out = id;
  return LockAttempt::kLocked;
}

}  // namespace

// The `flock` on the database file (see store.h), and its entry in
// OpenFiles(). Destroyed only after SQLite has closed the file.
class Store::FileLock {
 public:
  // Locks the file `path` names, creating it when missing; waits for
  // another holder as `options` say.
  static absl::StatusOr<std::unique_ptr<FileLock>> Acquire(
      const std::string& path, const StoreOptions& options) {
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::seconds(options.lock_timeout_seconds);
    bool waiting = false;
    for (;;) {
      int fd = -1;
      FileId id;
      ASSIGN_OR_RETURN(const LockAttempt attempt, TryLock(path, &fd, &id));
      if (attempt == LockAttempt::kLocked) {
        return std::unique_ptr<FileLock>(new FileLock(fd, id));
      }
      if (attempt == LockAttempt::kBusy) {
        if (!waiting && options.on_wait) {
          options.on_wait(absl::StrCat("store ", path,
                                       " is in use by another kiji process; "
                                       "waiting for it to finish"));
        }
        waiting = true;
        if (std::chrono::steady_clock::now() >= deadline) {
          return absl::UnavailableError(
              absl::StrCat("store ", path,
                           " is in use by another kiji process (gave up after ",
                           options.lock_timeout_seconds, " s)"));
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  ~FileLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
    std::lock_guard<std::mutex> guard(OpenFilesMutex());
    auto it = OpenFiles().find(id_);
    if (it == OpenFiles().end()) return;
    for (int fd : it->second) ::close(fd);
    OpenFiles().erase(it);
  }

  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  int fd() const { return fd_; }

 private:
  FileLock(int fd, FileId id) : fd_(fd), id_(id) {}

  int fd_;
  FileId id_;
};

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const std::string& path, const StoreOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock,
                   FileLock::Acquire(path, options));
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                               SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return absl::UnavailableError(
        absl::StrCat("store ", path, ": cannot open: ", msg));
  }
  std::unique_ptr<Store> store(new Store(db, std::move(lock), path));
  sqlite3_busy_timeout(db, 30000);
  // Before the first statement: a write-ahead log with content was left by
  // a process that did not close the store (killed, crashed, power lost),
  // or belongs to one that has it open now (a `sqlite3` shell).
  bool unclean = false;
  if (const char* wal = sqlite3_filename_wal(sqlite3_db_filename(db, "main"))) {
    struct stat st;
    unclean = ::stat(wal, &st) == 0 && st.st_size > 0;
  }
  RETURN_IF_ERROR(store->Check(unclean));
  if (!unclean && !options.unfinished_marker.empty()) {
    ASSIGN_OR_RETURN(const bool has_meta, store->TableExists("meta"));
    if (has_meta) {
      ASSIGN_OR_RETURN(const std::optional<std::string> marker,
                       store->GetMeta(options.unfinished_marker));
      if (marker) RETURN_IF_ERROR(store->Check(true));
    }
  }
  RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL", "cannot open"));
  RETURN_IF_ERROR(store->Exec("PRAGMA synchronous=NORMAL", "cannot open"));
  RETURN_IF_ERROR(store->Exec("PRAGMA foreign_keys=ON", "cannot open"));
  ASSIGN_OR_RETURN(const bool had_meta, store->TableExists("meta"));
  if (options.existing_kiji_store) RETURN_IF_ERROR(store->CheckCurrent());
  RETURN_IF_ERROR(store->Migrate());
  // A `mentions` view made by an older kiji lacks columns (duration and
  // weekday, then the spans in the normalised text); kSchema makes it
  // again.
  bool old_view = false;
  {
    ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                     store->Prepare("SELECT count(*) FROM sqlite_schema WHERE "
                                    "type = 'view' AND name = 'mentions' AND "
                                    "sql NOT LIKE '%alias_of%'",
                                    "cannot read its tables"));
    Stmt s(raw);
    old_view = sqlite3_step(s.get()) == SQLITE_ROW && s.Int(0) > 0;
  }
  if (old_view) {
    RETURN_IF_ERROR(
        store->Exec("DROP VIEW mentions", "cannot create its tables"));
  }
  RETURN_IF_ERROR(store->Exec(kSchema, "cannot create its tables"));
  RETURN_IF_ERROR(
      store->Exec(absl::StrCat("INSERT OR IGNORE INTO meta(key, value) VALUES "
                               "('schema_version', '",
                               kSchemaVersion, "')")
                      .c_str(),
                  "cannot create its tables"));
  if (!had_meta) {
    // The schema the store was created with: documents stored under an
    // older one lack what `kiji merge` reads.
    RETURN_IF_ERROR(store->Exec(
        absl::StrCat("INSERT OR IGNORE INTO meta(key, value) VALUES "
                     "('created_schema', '",
                     kSchemaVersion, "')")
            .c_str(),
        "cannot create its tables"));
  }
  return store;
}

Store::Store(sqlite3* db, std::unique_ptr<FileLock> lock, std::string path)
    : lock_(std::move(lock)),
      db_(db),
      path_(std::move(path)),
      mentions_json_(std::make_unique<JsonAppender>()) {}

absl::Status Store::Check(bool full) {
  // Read through a memory map, a check costs half as much (no copy of each
  // page into SQLite's cache): for a 120 MB store, 0.06 instead of 0.13 s of
  // CPU for the quick check, 0.12 instead of 0.25 s for the full one. Only
  // for the check: an I/O error on a mapped file is a signal, not an error
  // code SQLite can report.
  RETURN_IF_ERROR(Exec("PRAGMA mmap_size=2147418112", "cannot check it"));
  // A few problems are enough to say what is wrong, and the check stops
  // there.
  const char* sql =
      full ? "PRAGMA integrity_check(3)" : "PRAGMA quick_check(3)";
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::string> found;
  absl::Status status;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    status = Error("cannot check it");
  } else {
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(stmt, 0);
      found.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    if (rc != SQLITE_DONE) status = Error("cannot check it");
  }
  sqlite3_finalize(stmt);
  RETURN_IF_ERROR(status);
  RETURN_IF_ERROR(Exec("PRAGMA mmap_size=0", "cannot check it"));
  if (found.size() == 1 && found[0] == "ok") return absl::OkStatus();
  for (std::string& f : found) {
    // "*** in database main ***\nPage 5: ..." -> "Page 5: ..."
    if (const size_t nl = f.rfind('\n'); nl != std::string::npos) {
      f.erase(0, nl + 1);
    }
  }
  return Damaged(absl::StrJoin(found, "; "));
}

absl::Status Store::Migrate() {
  RETURN_IF_ERROR(Begin());
  ASSIGN_OR_RETURN(const bool has_meta, TableExists("meta"));
  std::optional<std::string> version;
  if (has_meta) {
    ASSIGN_OR_RETURN(version, GetMeta("schema_version"));
  }
  int64_t v = kSchemaVersion;
  if (version && (!absl::SimpleAtoi(*version, &v) || v < 1)) v = 0;
  if (v > kSchemaVersion || v == 0) {
    RETURN_IF_ERROR(Rollback());
    return absl::FailedPreconditionError(absl::StrCat(
        "store ", path_, ": schema version ", version.value_or("?"),
        " is not one this kiji knows (it reads 1 to ", kSchemaVersion,
        "); use the kiji that wrote it, or another --store"));
  }
  ASSIGN_OR_RETURN(const bool has_mention_rows, TableExists("mentions"));
  if (v == 1 && has_mention_rows) {
    // Version 1 -> 2: each document's mention rows become its JSON array.
    constexpr std::string_view kAction =
        "cannot convert it from schema version 1";
    RETURN_IF_ERROR(
        Exec("ALTER TABLE documents ADD COLUMN mentions TEXT", kAction));
    ASSIGN_OR_RETURN(const std::vector<std::string> doc_ids,
                     FirstColumn("SELECT doc_id FROM documents", kAction));
    for (const std::string& doc_id : doc_ids) {
      std::vector<StoredMention> mentions;
      {
        ASSIGN_OR_RETURN(
            sqlite3_stmt * raw,
            Prepare("SELECT type, text, start, end, entity_id, norm, value, "
                    "value_max, unit, counter, qualifier, source FROM "
                    "mentions WHERE doc_id = ? ORDER BY ord",
                    kAction));
        Stmt s(raw);
        s.Bind(1, doc_id);
        int rc;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
          StoredMention m;
          m.type = ParseType(s.Text(0));
          m.text = s.Text(1);
          m.start = static_cast<uint32_t>(s.Int(2));
          m.end = static_cast<uint32_t>(s.Int(3));
          m.entity_id = s.Text(4);
          m.norm = s.OptText(5);
          m.value = s.OptDouble(6);
          m.value_max = s.OptDouble(7);
          m.unit = s.Text(8);
          m.counter = s.Text(9);
          m.qualifier = s.Text(10);
          m.source = s.Text(11);
          mentions.push_back(std::move(m));
        }
        if (rc != SQLITE_DONE) return Error(kAction);
      }
      RETURN_IF_ERROR(SetDocumentMentions(doc_id, mentions));
    }
    RETURN_IF_ERROR(Exec("DROP INDEX IF EXISTS mentions_entity", kAction));
    RETURN_IF_ERROR(Exec("DROP TABLE mentions", kAction));
    RETURN_IF_ERROR(Exec(
        "UPDATE meta SET value = '2' WHERE key = 'schema_version'", kAction));
    v = 2;
  }
  ASSIGN_OR_RETURN(const bool has_entity_docs, TableExists("entity_docs"));
  if (v == 2 && has_entity_docs) {
    // Version 2 -> 3: entity_docs by document insertion number.
    RETURN_IF_ERROR(Exec(
        "CREATE TABLE entity_docs_v3(entity_id TEXT NOT NULL, doc_seq INTEGER "
        "NOT NULL, PRIMARY KEY(entity_id, doc_seq)) WITHOUT ROWID;"
        "INSERT OR IGNORE INTO entity_docs_v3 SELECT e.entity_id, d.seq FROM "
        "entity_docs e JOIN documents d ON d.doc_id = e.doc_id;"
        "DROP TABLE entity_docs;"
        "ALTER TABLE entity_docs_v3 RENAME TO entity_docs;"
        "DROP INDEX IF EXISTS documents_seq;"
        "UPDATE meta SET value = '3' WHERE key = 'schema_version'",
        "cannot convert it from schema version 2"));
    v = 3;
  }
  ASSIGN_OR_RETURN(const bool has_documents, TableExists("documents"));
  if (v == 3 && has_documents) {
    // Version 3 -> 4: the hash of each stored document's normalised text.
    constexpr std::string_view kAction =
        "cannot convert it from schema version 3";
    RETURN_IF_ERROR(
        Exec("ALTER TABLE documents ADD COLUMN text_hash TEXT", kAction));
    std::vector<std::pair<std::string, std::string>> hashes;
    {
      ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                       Prepare("SELECT doc_id, normalized FROM documents",
                               kAction));
      Stmt s(raw);
      int rc;
      while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        hashes.emplace_back(s.Text(0), TextHash(s.Text(1)));
      }
      if (rc != SQLITE_DONE) return Error(kAction);
    }
    for (const auto& [doc_id, hash] : hashes) {
      ASSIGN_OR_RETURN(
          sqlite3_stmt * raw,
          Prepare("UPDATE documents SET text_hash = ? WHERE doc_id = ?",
                  kAction));
      Stmt s(raw);
      if (!hash.empty()) s.Bind(1, hash);  // else NULL
      s.Bind(2, doc_id);
      if (sqlite3_step(s.get()) != SQLITE_DONE) return Error(kAction);
    }
    RETURN_IF_ERROR(Exec(
        "UPDATE meta SET value = '4' WHERE key = 'schema_version'", kAction));
    v = 4;
  }
  if (v == 4 && has_documents) {
    // Version 4 -> 5: listing places and warnings of documents stored from
    // now on (the mentions stored before keep their short arrays, and the
    // store its `created_schema`: `kiji merge` does not take it as a shard).
    RETURN_IF_ERROR(Exec(
        "ALTER TABLE documents ADD COLUMN list_ord INTEGER;"
        "ALTER TABLE documents ADD COLUMN warnings TEXT;"
        "UPDATE meta SET value = '5' WHERE key = 'schema_version'",
        "cannot convert it from schema version 4"));
  }
  // Statements compiled against the old schema are stale.
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  statements_.clear();
  return Commit();
}

absl::StatusOr<std::vector<std::string>> Store::FirstColumn(
    const char* sql, std::string_view action,
    std::optional<std::string_view> param) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(sql, action));
  Stmt s(raw);
  if (param) s.Bind(1, *param);
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) out.push_back(s.Text(0));
  if (rc != SQLITE_DONE) return Error(action);
  return out;
}

absl::Status Store::SetDocumentMentions(
    std::string_view doc_id, const std::vector<StoredMention>& mentions) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("UPDATE documents SET mentions = ? WHERE doc_id = ?",
                           "cannot update the mentions of a document"));
  const std::string& encoded = EncodeMentions(mentions, mentions_json_.get());
  Stmt s(raw);
  s.Bind(1, encoded);
  s.Bind(2, doc_id);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    return Error(absl::StrCat("cannot update the mentions of document ",
                              std::string(doc_id)));
  }
  return absl::OkStatus();
}

Store::~Store() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  // Closes the file before `lock_` does: see store.h.
  sqlite3_close_v2(db_);
}

absl::Status Store::ReplaceFileWith(const std::string& replacement) {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  statements_.clear();
  const int rc = sqlite3_close(db_);
  if (rc != SQLITE_OK) {
    // Still open (a statement unfinished): leave it to the destructor.
    return absl::InternalError(absl::StrCat("store ", path_,
                                            ": cannot close it: ",
                                            sqlite3_errstr(rc)));
  }
  db_ = nullptr;
  const auto failed = [&](const std::string& what, int err) {
    return absl::UnavailableError(absl::StrCat("store ", path_, ": ", what,
                                               ": ", std::strerror(err)));
  };
  const int fd = ::open(replacement.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failed(absl::StrCat("cannot open ", replacement), errno);
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  ::close(fd);
  if (!synced) return failed(absl::StrCat("cannot sync ", replacement), sync_errno);
  std::error_code ec;
  const std::filesystem::path target =
      std::filesystem::weakly_canonical(path_, ec);
  const std::string to = ec ? path_ : target.string();
  if (::rename(replacement.c_str(), to.c_str()) != 0) {
    return failed(absl::StrCat("cannot rename ", replacement, " to ", to),
                  errno);
  }
  std::string folder = std::filesystem::path(to).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Store::TableExists(const char* name) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT 1 FROM sqlite_schema WHERE type = "
                           "'table' AND name = ?",
                           "cannot read its tables"));
  Stmt s(raw);
  s.Bind(1, name);
  const int rc = sqlite3_step(s.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return Error("cannot read its tables");
  }
  return rc == SQLITE_ROW;
}

absl::Status Store::Error(std::string_view action) const {
  const int saved_errno = errno;  // the failed system call's, if any
  const int code = sqlite3_errcode(db_) & 0xff;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
    return Damaged(sqlite3_errmsg(db_));
  }
  std::string msg = absl::StrCat("store ", path_, ": ", std::string(action),
                                 ": ", sqlite3_errmsg(db_));
  // An I/O error names the system's reason (disk full, file too large,
  // permission) so that the user knows what to fix.
  int sys = sqlite3_system_errno(db_);
  if (sys == 0) sys = saved_errno;
  if (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) {
    if (sys != 0) absl::StrAppend(&msg, " (", std::strerror(sys), ")");
  }
  return absl::InternalError(msg);
}

absl::Status Store::Damaged(std::string_view found) const {
  // Closing must not write a left-behind log into the damaged file.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  // A file that does not start as SQLite's do may be no store at all (a
  // wrong --store), or one whose first page is damaged: say both.
  static constexpr char kMagic[] = "SQLite format 3";  // 16 bytes with NUL
  char head[sizeof kMagic] = {};
  const ssize_t n = ::pread(lock_->fd(), head, sizeof head, 0);
  if (n > 0 && (n != static_cast<ssize_t>(sizeof head) ||
                std::memcmp(head, kMagic, sizeof head) != 0)) {
    return absl::DataLossError(absl::StrCat(
        "store ", path_,
        " is damaged or is not a kiji store: ", std::string(found),
        "; if it is not a store, give another --store", kRecovery));
  }
  return absl::DataLossError(absl::StrCat(
      "store ", path_, " is damaged: ", std::string(found), kRecovery));
}

absl::Status Store::Exec(const char* sql, std::string_view action) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(action);
  }
  return absl::OkStatus();
}

absl::StatusOr<sqlite3_stmt*> Store::Prepare(const char* sql,
                                             std::string_view action) {
  // Compiling SQL costs more than running these small statements: each is
  // compiled once per store and reused.
  auto it = statements_.find(std::string_view(sql));
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    return Error(action);
  }
  statements_.emplace(sql, stmt);
  return stmt;
}

absl::Status Store::Begin() {
  return Exec("BEGIN IMMEDIATE", "cannot start writing");
}
absl::Status Store::Commit() {
  return Exec("COMMIT", "cannot save the changes");
}
absl::Status Store::Rollback() {
  return Exec("ROLLBACK", "cannot undo the unsaved changes");
}

absl::StatusOr<bool> Store::HasDocument(std::string_view doc_id) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT 1 FROM documents WHERE doc_id = ?",
                           "cannot look up a document"));
  Stmt s(raw);
  s.Bind(1, doc_id);
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(absl::StrCat("cannot look up document ", std::string(doc_id)));
}

absl::StatusOr<std::optional<int64_t>> Store::DocumentSeq(
    std::string_view doc_id) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT seq FROM documents WHERE doc_id = ?",
                           "cannot look up a document"));
  Stmt s(raw);
  s.Bind(1, doc_id);
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_ROW) return std::optional<int64_t>(s.Int(0));
  if (rc == SQLITE_DONE) return std::optional<int64_t>();
  return Error(absl::StrCat("cannot look up document ", std::string(doc_id)));
}

absl::StatusOr<int64_t> Store::MaxDocumentSeq() {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT coalesce(max(seq), 0) FROM documents",
                           "cannot count the documents"));
  Stmt s(raw);
  if (sqlite3_step(s.get()) != SQLITE_ROW)
    return Error("cannot count the documents");
  return s.Int(0);
}

absl::StatusOr<std::optional<std::string>> Store::GetMeta(
    std::string_view key) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT value FROM meta WHERE key = ?",
                           "cannot read its settings"));
  Stmt s(raw);
  s.Bind(1, key);
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_ROW) return s.OptText(0);
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return Error(absl::StrCat("cannot read setting ", std::string(key)));
}

absl::Status Store::SetMeta(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("INSERT INTO meta(key, value) VALUES (?,?) ON "
                           "CONFLICT(key) DO UPDATE SET value = excluded.value",
                           "cannot write its settings"));
  Stmt s(raw);
  s.Bind(1, key);
  s.Bind(2, value);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot write setting ", std::string(key)));
  return absl::OkStatus();
}

absl::Status Store::DeleteMeta(std::string_view key) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("DELETE FROM meta WHERE key = ?",
                                               "cannot write its settings"));
  Stmt s(raw);
  s.Bind(1, key);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot remove setting ", std::string(key)));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Store::CountDocuments() {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("SELECT count(*) FROM documents",
                                               "cannot count the documents"));
  Stmt s(raw);
  if (sqlite3_step(s.get()) != SQLITE_ROW)
    return Error("cannot count the documents");
  return s.Int(0);
}

absl::Status Store::CheckCurrent() {
  ASSIGN_OR_RETURN(const bool has_meta, TableExists("meta"));
  ASSIGN_OR_RETURN(const bool has_documents, TableExists("documents"));
  if (!has_meta || !has_documents) {
    return absl::FailedPreconditionError(absl::StrCat(
        "store ", path_, ": not a kiji store (an SQLite database without "
        "kiji's tables)"));
  }
  ASSIGN_OR_RETURN(const std::optional<std::string> version,
                   GetMeta("schema_version"));
  if (version != std::to_string(kSchemaVersion)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "store ", path_, ": schema version ", version.value_or("(none)"),
        ", not ", kSchemaVersion, " as this kiji writes; open it once with "
        "this kiji's ingest (which converts it), or use the kiji that wrote "
        "it"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Store::CountReports() {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("SELECT count(*) FROM reports",
                                               "cannot count the reports"));
  Stmt s(raw);
  if (sqlite3_step(s.get()) != SQLITE_ROW) {
    return Error("cannot count the reports");
  }
  return s.Int(0);
}

absl::Status Store::PutReport(const FileReport& report) {
  ASSIGN_OR_RETURN(
      sqlite3_stmt * raw,
      Prepare("INSERT OR REPLACE INTO reports(path, list_ord, status, doc_id, "
              "error, encoding, duplicate_of, duplicate_of_doc) VALUES "
              "(?,?,?,?,?,?,?,?)",
              "cannot record a file's report"));
  Stmt s(raw);
  s.Bind(1, report.path);
  if (report.list_ord) s.Bind(2, *report.list_ord);
  s.Bind(3, report.status);
  if (!report.doc_id.empty()) s.Bind(4, report.doc_id);
  if (!report.error.empty()) s.Bind(5, report.error);
  if (!report.encoding.empty()) s.Bind(6, report.encoding);
  if (!report.duplicate_of.empty()) s.Bind(7, report.duplicate_of);
  if (!report.duplicate_of_doc.empty()) s.Bind(8, report.duplicate_of_doc);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    return Error(absl::StrCat("cannot record the report of ", report.path));
  }
  return absl::OkStatus();
}

absl::Status Store::DeleteReport(std::string_view path) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("DELETE FROM reports WHERE path = ?",
                           "cannot update a file's report"));
  Stmt s(raw);
  s.Bind(1, path);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    return Error("cannot update a file's report");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ListingReader>> Store::ReadListing() {
  constexpr std::string_view kAction = "cannot read its documents";
  sqlite3_stmt* documents = nullptr;
  sqlite3_stmt* reports = nullptr;
  if (sqlite3_prepare_v2(
          db_,
          "SELECT doc_id, path, encoding, lang, date, chars, seq, normalized, "
          "mentions, list_ord, warnings, text_hash FROM documents "
          "ORDER BY list_ord, path, seq",
          -1, &documents, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_,
                         "SELECT path, list_ord, status, doc_id, error, "
                         "encoding, duplicate_of, duplicate_of_doc FROM reports "
                         "ORDER BY list_ord, path",
                         -1, &reports, nullptr) != SQLITE_OK) {
    absl::Status error = Error(kAction);
    sqlite3_finalize(documents);
    sqlite3_finalize(reports);
    return error;
  }
  return std::unique_ptr<ListingReader>(
      new ListingReader(this, documents, reports));
}

ListingReader::~ListingReader() {
  sqlite3_finalize(documents_);
  sqlite3_finalize(reports_);
}

absl::Status ListingReader::Step(bool documents) {
  sqlite3_stmt* raw = documents ? documents_ : reports_;
  std::optional<ListedItem>& next = documents ? next_document_ : next_report_;
  next.reset();
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_DONE) return absl::OkStatus();
  if (rc != SQLITE_ROW) return store_->Error("cannot read its documents");
  const Columns s(raw);
  ListedItem& item = next.emplace();
  item.stored = documents;
  if (documents) {
    StoredDocument& d = item.document;
    ReadDocumentColumns(s, &d);
    d.normalized = s.Text(7);
    d.list_ord = s.OptInt(9);
    d.text_hash = s.Text(11);
    std::optional<std::vector<StoredMention>> mentions =
        DecodeMentions(s.Text(8));
    const std::string warnings = s.Text(10);
    const nlohmann::json w = warnings.empty()
                                 ? nlohmann::json::array()
                                 : nlohmann::json::parse(warnings, nullptr,
                                                         false);
    if (!mentions || !w.is_array()) {
      return store_->Damaged(absl::StrCat("the mentions of document ",
                                          d.doc_id,
                                          " are not a list kiji wrote"));
    }
    item.mentions = *std::move(mentions);
    for (const nlohmann::json& x : w) {
      if (x.is_string()) d.warnings.push_back(x.get<std::string>());
    }
  } else {
    FileReport& r = item.report;
    r.path = s.Text(0);
    r.list_ord = s.OptInt(1);
    r.status = s.Text(2);
    r.doc_id = s.Text(3);
    r.error = s.Text(4);
    r.encoding = s.Text(5);
    r.duplicate_of = s.Text(6);
    r.duplicate_of_doc = s.Text(7);
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> ListingReader::Next(ListedItem* item) {
  if (!started_) {
    started_ = true;
    RETURN_IF_ERROR(Step(true));
    RETURN_IF_ERROR(Step(false));
  }
  if (!next_document_ && !next_report_) return false;
  // nullopt (no listing place) sorts first, as in SQLite.
  bool take_document = !next_report_;
  if (next_document_ && next_report_) {
    const auto key = [](const ListedItem& x) {
      return std::make_tuple(x.list_ord().has_value(),
                             x.list_ord().value_or(0), x.path());
    };
    take_document = key(*next_document_) <= key(*next_report_);
  }
  *item = std::move(take_document ? *next_document_ : *next_report_);
  RETURN_IF_ERROR(Step(take_document));
  return true;
}

absl::Status Store::CopyTo(const std::string& path) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("VACUUM INTO ?", "cannot copy it"));
  Stmt s(raw);
  s.Bind(1, path);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    return Error(absl::StrCat("cannot copy it to ", path));
  }
  return absl::OkStatus();
}

absl::Status Store::PutDocument(const StoredDocument& doc,
                                const std::vector<StoredMention>& mentions) {
  ASSIGN_OR_RETURN(
      sqlite3_stmt * raw,
      Prepare("INSERT INTO documents(doc_id, path, encoding, lang, date, "
              "chars, status, normalized, seq, mentions, text_hash, list_ord, "
              "warnings) VALUES "
              "(?,?,?,?,?,?,'ok',?,coalesce(?, (SELECT coalesce(max(seq), 0) "
              "+ 1 FROM documents)),?,?,?,?)",
              "cannot store a document"));
  const std::string hash =
      doc.text_hash.empty() ? TextHash(doc.normalized) : doc.text_hash;
  const std::string& encoded = EncodeMentions(mentions, mentions_json_.get());
  const std::string warnings =
      doc.warnings.empty() ? "" : nlohmann::json(doc.warnings).dump(
                                      -1, ' ', false,
                                      nlohmann::json::error_handler_t::replace);
  Stmt s(raw);
  s.Bind(1, doc.doc_id);
  s.Bind(2, doc.path);
  s.Bind(3, doc.encoding);
  s.Bind(4, doc.lang);
  s.Bind(5, doc.date);
  s.Bind(6, doc.chars);
  s.Bind(7, doc.normalized);
  if (doc.seq > 0) s.Bind(8, doc.seq);
  s.Bind(9, encoded);
  if (!hash.empty()) s.Bind(10, hash);
  if (doc.list_ord) s.Bind(11, *doc.list_ord);
  if (!warnings.empty()) s.Bind(12, warnings);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot store document ", doc.doc_id));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredMention>> Store::Mentions(
    std::string_view doc_id) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT mentions FROM documents WHERE doc_id = ?",
                           "cannot read the mentions of a document"));
  Stmt s(raw);
  s.Bind(1, doc_id);
  const int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::vector<StoredMention>();
  if (rc != SQLITE_ROW)
    return Error(absl::StrCat("cannot read the mentions of document ",
                              std::string(doc_id)));
  std::optional<std::vector<StoredMention>> out = DecodeMentions(s.Text(0));
  if (!out) {
    return Damaged(absl::StrCat("the mentions of document ",
                                std::string(doc_id),
                                " are not a list kiji wrote"));
  }
  return std::move(*out);
}

absl::StatusOr<std::optional<std::string>> Store::DocumentPath(
    std::string_view doc_id) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT path FROM documents WHERE doc_id = ?",
                           "cannot read the documents"));
  Stmt s(raw);
  s.Bind(1, doc_id);
  const int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Error("cannot read the documents");
  return std::optional<std::string>(s.Text(0));
}

absl::StatusOr<std::string> Store::NormalizedText(std::string_view doc_id) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT normalized FROM documents WHERE doc_id = ?",
                           "cannot read the documents"));
  Stmt s(raw);
  s.Bind(1, doc_id);
  const int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return Error("cannot read the documents");
  return s.Text(0);
}

absl::StatusOr<std::optional<std::string>> Store::PathOfText(
    std::string_view normalized) {
  ASSIGN_OR_RETURN(std::optional<StoredCopy> copy, CopyOfText(normalized));
  if (!copy) return std::optional<std::string>();
  return std::optional<std::string>(std::move(copy->path));
}

absl::StatusOr<std::optional<StoredCopy>> Store::CopyOfText(
    std::string_view normalized) {
  return CopyOfTextHash(TextHash(normalized));
}

absl::StatusOr<std::optional<StoredCopy>> Store::CopyOfTextHash(
    std::string_view hash) {
  if (hash.empty()) return std::optional<StoredCopy>();
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT doc_id, path FROM documents WHERE "
                           "text_hash = ? ORDER BY seq LIMIT 1",
                           "cannot read the documents"));
  Stmt s(raw);
  s.Bind(1, hash);
  const int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::optional<StoredCopy>();
  if (rc != SQLITE_ROW) return Error("cannot read the documents");
  return std::optional<StoredCopy>(StoredCopy{s.Text(0), s.Text(1)});
}

absl::Status Store::ForEachStoredDocument(
    const std::function<absl::Status(const StoredDocument&,
                                     const std::vector<StoredMention>&)>& fn) {
  ASSIGN_OR_RETURN(
      sqlite3_stmt * raw,
      Prepare("SELECT doc_id, path, encoding, lang, date, chars, seq, "
              "mentions FROM documents ORDER BY seq",
              "cannot read the documents"));
  Stmt s(raw);
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    StoredDocument d;
    ReadDocumentColumns(s, &d);
    std::optional<std::vector<StoredMention>> mentions =
        DecodeMentions(s.Text(7));
    if (!mentions) {
      return Damaged(absl::StrCat("the mentions of document ", d.doc_id,
                                  " are not a list kiji wrote"));
    }
    RETURN_IF_ERROR(fn(d, *mentions));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the documents");
  return absl::OkStatus();
}

namespace {

// The columns EntityFromRow reads, in creation order.
constexpr const char* kSelectEntities =
    "SELECT entity_id, type, canonical, canonical_locked, seq FROM entities "
    "ORDER BY seq";

EntityRecord EntityFromRow(const Stmt& s) {
  EntityRecord e;
  e.entity_id = s.Text(0);
  e.type = ParseType(s.Text(1));
  e.canonical = s.Text(2);
  e.canonical_locked = s.Int(3) != 0;
  e.seq = s.Int(4);
  return e;
}

}  // namespace

absl::StatusOr<std::vector<EntityRecord>> Store::LoadRegistry(bool with_docs) {
  std::vector<EntityRecord> out;
  std::unordered_map<std::string, size_t> index;
  {
    ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare(kSelectEntities, "cannot read the entity registry"));
    Stmt s(raw);
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      EntityRecord e = EntityFromRow(s);
      index[e.entity_id] = out.size();
      out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) return Error("cannot read the entity registry");
  }
  {
    ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                     Prepare("SELECT entity_id, text, count FROM variants "
                             "ORDER BY entity_id, text",
                             "cannot read the entity registry"));
    Stmt s(raw);
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      auto it = index.find(s.Text(0));
      if (it == index.end()) continue;
      out[it->second].variants.push_back({s.Text(1), s.Int(2)});
    }
    if (rc != SQLITE_DONE) return Error("cannot read the entity registry");
  }
  if (with_docs) {
    ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                     Prepare("SELECT d.entity_id, x.doc_id FROM entity_docs d "
                             "JOIN documents x INDEXED BY documents_seq_id "
                             "ON x.seq = d.doc_seq "
                             "ORDER BY d.entity_id, d.doc_seq",
                             "cannot read the entity registry"));
    Stmt s(raw);
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      auto it = index.find(s.Text(0));
      if (it == index.end()) continue;
      out[it->second].docs.push_back(s.Text(1));
    }
    if (rc != SQLITE_DONE) return Error("cannot read the entity registry");
  }
  return out;
}

absl::Status Store::ForEachDocumentFrom(
    int64_t first_seq,
    const std::function<absl::Status(const std::string&)>& fn) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT doc_id FROM documents WHERE seq >= ? "
                           "ORDER BY seq",
                           "cannot read the documents"));
  Stmt s(raw);
  s.Bind(1, first_seq);
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    RETURN_IF_ERROR(fn(s.Text(0)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the documents");
  return absl::OkStatus();
}

absl::Status Store::ForEachEntity(
    const std::function<absl::Status(const EntityRecord&)>& fn) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw_entities,
                   Prepare(kSelectEntities, "cannot read the entity registry"));
  ASSIGN_OR_RETURN(sqlite3_stmt * raw_variants,
                   Prepare("SELECT text, count FROM variants WHERE "
                           "entity_id = ? ORDER BY text",
                           "cannot read the entity registry"));
  ASSIGN_OR_RETURN(sqlite3_stmt * raw_docs,
                   Prepare("SELECT x.doc_id FROM entity_docs d JOIN documents "
                           "x INDEXED BY documents_seq_id ON x.seq = "
                           "d.doc_seq WHERE d.entity_id = ? ORDER BY "
                           "d.doc_seq",
                           "cannot read the entity registry"));
  Stmt entities(raw_entities);
  int rc;
  while ((rc = sqlite3_step(entities.get())) == SQLITE_ROW) {
    EntityRecord e = EntityFromRow(entities);
    {
      Stmt v(raw_variants);
      v.Bind(1, e.entity_id);
      int vrc;
      while ((vrc = sqlite3_step(v.get())) == SQLITE_ROW) {
        e.variants.push_back({v.Text(0), v.Int(1)});
      }
      if (vrc != SQLITE_DONE) return Error("cannot read the entity registry");
    }
    {
      Stmt d(raw_docs);
      d.Bind(1, e.entity_id);
      int drc;
      while ((drc = sqlite3_step(d.get())) == SQLITE_ROW) {
        e.docs.push_back(d.Text(0));
      }
      if (drc != SQLITE_DONE) return Error("cannot read the entity registry");
    }
    RETURN_IF_ERROR(fn(e));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the entity registry");
  return absl::OkStatus();
}

absl::Status Store::CopyEntityDocs(std::string_view from,
                                   std::string_view to) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("INSERT OR IGNORE INTO entity_docs(entity_id, "
                           "doc_seq) SELECT ?, doc_seq FROM entity_docs WHERE "
                           "entity_id = ?",
                           "cannot update the entity registry"));
  Stmt s(raw);
  s.Bind(1, to);
  s.Bind(2, from);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot add the documents of entity ",
                              std::string(from), " to entity ",
                              std::string(to)));
  return absl::OkStatus();
}

absl::Status Store::PutEntity(const EntityRecord& entity) {
  ASSIGN_OR_RETURN(
      sqlite3_stmt * raw,
      Prepare(
          "INSERT INTO entities(entity_id, type, canonical, "
          "canonical_locked, seq) VALUES (?,?,?,?,?) ON CONFLICT(entity_id) "
          "DO UPDATE SET canonical = excluded.canonical, canonical_locked "
          "= excluded.canonical_locked",
          "cannot update the entity registry"));
  Stmt s(raw);
  s.Bind(1, entity.entity_id);
  s.Bind(2, EntityTypeName(entity.type));
  s.Bind(3, entity.canonical);
  s.Bind(4, int64_t{entity.canonical_locked ? 1 : 0});
  s.Bind(5, entity.seq);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot store entity ", entity.entity_id));
  return absl::OkStatus();
}

absl::Status Store::AddVariant(std::string_view entity_id,
                               std::string_view text, int64_t count) {
  ASSIGN_OR_RETURN(
      sqlite3_stmt * raw,
      Prepare("INSERT INTO variants(entity_id, text, count) VALUES (?,?,?) "
              "ON CONFLICT(entity_id, text) DO UPDATE SET count = count + "
              "excluded.count",
              "cannot update the entity registry"));
  Stmt s(raw);
  s.Bind(1, entity_id);
  s.Bind(2, text);
  s.Bind(3, count);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(
        absl::StrCat("cannot store a name of entity ", std::string(entity_id)));
  return absl::OkStatus();
}

absl::Status Store::AddEntityDoc(std::string_view entity_id,
                                 int64_t doc_seq) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("INSERT OR IGNORE INTO entity_docs(entity_id, "
                           "doc_seq) VALUES (?,?)",
                           "cannot update the entity registry"));
  Stmt s(raw);
  s.Bind(1, entity_id);
  s.Bind(2, doc_seq);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot store the documents of entity ",
                              std::string(entity_id)));
  return absl::OkStatus();
}

absl::Status Store::AddEntityDocs(
    const std::vector<std::pair<std::string_view, int64_t>>& rows) {
  // Rows go kRowsPerStatement at a time (each statement has a fixed cost),
  // the rest one by one.
  constexpr size_t kRowsPerStatement = 32;
  static const std::string* const kSql = [] {
    auto* sql = new std::string(
        "INSERT OR IGNORE INTO entity_docs(entity_id, doc_seq) VALUES (?,?)");
    for (size_t i = 1; i < kRowsPerStatement; ++i) sql->append(",(?,?)");
    return sql;
  }();
  size_t i = 0;
  if (rows.size() >= kRowsPerStatement) {
    ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare(kSql->c_str(), "cannot update the entity registry"));
    for (; i + kRowsPerStatement <= rows.size(); i += kRowsPerStatement) {
      Stmt s(raw);
      for (size_t k = 0; k < kRowsPerStatement; ++k) {
        s.Bind(static_cast<int>(2 * k + 1), rows[i + k].first);
        s.Bind(static_cast<int>(2 * k + 2), rows[i + k].second);
      }
      if (sqlite3_step(s.get()) != SQLITE_DONE)
        return Error("cannot store the documents of entities");
    }
  }
  for (; i < rows.size(); ++i) {
    RETURN_IF_ERROR(AddEntityDoc(rows[i].first, rows[i].second));
  }
  return absl::OkStatus();
}

absl::Status Store::AddEvidence(const MergeEvidence& e) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("INSERT OR IGNORE INTO evidence(entity_id, "
                           "variant, rule, score, other) VALUES (?,?,?,?,?)",
                           "cannot update the entity registry"));
  Stmt s(raw);
  s.Bind(1, e.entity_id);
  s.Bind(2, e.variant);
  s.Bind(3, e.rule);
  s.Bind(4, std::optional<double>(e.score));
  s.Bind(5, e.other);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    return Error(absl::StrCat("cannot store the merge evidence of entity ",
                              e.entity_id));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> Store::CooccurringEntities(
    std::string_view entity_id, int64_t except_doc_seq, int64_t max_docs) {
  ASSIGN_OR_RETURN(
      sqlite3_stmt * raw,
      // (Not "id": json_each has a column of that name.)
      Prepare("SELECT DISTINCT json_extract(j.value, '$[4]') AS other FROM "
              "(SELECT doc_seq FROM entity_docs WHERE entity_id = ?1 AND "
              "doc_seq != ?2 ORDER BY doc_seq DESC LIMIT ?3) d JOIN documents "
              "x INDEXED BY documents_seq_id ON x.seq = d.doc_seq, "
              "json_each(x.mentions) j WHERE other IS NOT NULL AND other != "
              "'' AND other != ?1 ORDER BY other",
              "cannot read the documents of an entity"));
  Stmt s(raw);
  s.Bind(1, entity_id);
  s.Bind(2, except_doc_seq);
  s.Bind(3, max_docs);
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) out.push_back(s.Text(0));
  if (rc != SQLITE_DONE) {
    return Error(absl::StrCat("cannot read the documents of entity ",
                              std::string(entity_id)));
  }
  return out;
}

absl::StatusOr<std::vector<MergeEvidence>> Store::Evidence(
    std::string_view entity_id) {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("SELECT entity_id, variant, rule, score, other "
                           "FROM evidence WHERE entity_id = ? ORDER BY "
                           "variant, rule, other",
                           "cannot read the merge evidence of an entity"));
  Stmt s(raw);
  s.Bind(1, entity_id);
  std::vector<MergeEvidence> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    out.push_back({s.Text(0), s.Text(1), s.Text(2),
                   s.OptDouble(3).value_or(0), s.Text(4)});
  }
  if (rc != SQLITE_DONE)
    return Error(absl::StrCat("cannot read the merge evidence of entity ",
                              std::string(entity_id)));
  return out;
}

absl::Status Store::SetMentionEntity(std::string_view old_id,
                                     std::string_view new_id) {
  // The documents that mention `old_id` are those entity_docs lists for it.
  ASSIGN_OR_RETURN(
      const std::vector<std::string> doc_ids,
      FirstColumn("SELECT x.doc_id FROM entity_docs d JOIN documents x "
                  "INDEXED BY documents_seq_id ON x.seq = d.doc_seq WHERE "
                  "d.entity_id = ?",
                  absl::StrCat("cannot read the documents of entity ",
                               std::string(old_id)),
                  old_id));
  for (const std::string& doc_id : doc_ids) {
    ASSIGN_OR_RETURN(std::vector<StoredMention> mentions, Mentions(doc_id));
    bool changed = false;
    for (StoredMention& m : mentions) {
      if (m.entity_id == old_id) {
        m.entity_id = std::string(new_id);
        changed = true;
      }
    }
    if (changed) RETURN_IF_ERROR(SetDocumentMentions(doc_id, mentions));
  }
  return absl::OkStatus();
}

absl::Status Store::MoveMentions(std::string_view old_id,
                                 const std::set<std::string>& texts,
                                 std::string_view new_id) {
  const std::string action = absl::StrCat(
      "cannot move mentions of entity ", std::string(old_id));
  std::vector<std::pair<std::string, int64_t>> docs;  // doc_id, seq
  {
    ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("SELECT x.doc_id, x.seq FROM entity_docs d JOIN documents x "
                "INDEXED BY documents_seq_id ON x.seq = d.doc_seq WHERE "
                "d.entity_id = ?",
                action));
    Stmt s(raw);
    s.Bind(1, old_id);
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      docs.emplace_back(s.Text(0), s.Int(1));
    }
    if (rc != SQLITE_DONE) return Error(action);
  }
  for (const auto& [doc_id, seq] : docs) {
    ASSIGN_OR_RETURN(std::vector<StoredMention> mentions, Mentions(doc_id));
    bool moved = false, kept = false;
    for (StoredMention& m : mentions) {
      if (m.entity_id != old_id) continue;
      if (texts.contains(m.text)) {
        m.entity_id = std::string(new_id);
        moved = true;
      } else {
        kept = true;
      }
    }
    if (!moved) continue;
    RETURN_IF_ERROR(SetDocumentMentions(doc_id, mentions));
    RETURN_IF_ERROR(AddEntityDoc(new_id, seq));
    if (!kept) {
      ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                       Prepare("DELETE FROM entity_docs WHERE entity_id = ? "
                               "AND doc_seq = ?",
                               action));
      Stmt s(raw);
      s.Bind(1, old_id);
      s.Bind(2, seq);
      if (sqlite3_step(s.get()) != SQLITE_DONE) return Error(action);
    }
  }
  return absl::OkStatus();
}

absl::Status Store::DeleteVariant(std::string_view entity_id,
                                  std::string_view text) {
  for (const char* sql :
       {"DELETE FROM variants WHERE entity_id = ? AND text = ?",
        "DELETE FROM evidence WHERE entity_id = ? AND variant = ?"}) {
    ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                     Prepare(sql, "cannot update the entity registry"));
    Stmt s(raw);
    s.Bind(1, entity_id);
    s.Bind(2, text);
    if (sqlite3_step(s.get()) != SQLITE_DONE) {
      return Error(absl::StrCat("cannot remove a variant of entity ",
                                std::string(entity_id)));
    }
  }
  return absl::OkStatus();
}

absl::Status Store::DeleteEntity(std::string_view entity_id) {
  for (const char* sql :
       {"DELETE FROM variants WHERE entity_id = ?",
        "DELETE FROM entity_docs WHERE entity_id = ?",
        "DELETE FROM evidence WHERE entity_id = ?",
        "DELETE FROM entities WHERE entity_id = ?"}) {
    ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                     Prepare(sql, "cannot update the entity registry"));
    Stmt s(raw);
    s.Bind(1, entity_id);
    if (sqlite3_step(s.get()) != SQLITE_DONE)
      return Error(
          absl::StrCat("cannot remove entity ", std::string(entity_id)));
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Store::IntegrityOk() {
  ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                   Prepare("PRAGMA integrity_check", "cannot check it"));
  Stmt s(raw);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return Error("cannot check it");
  return s.Text(0) == "ok";
}

}  // namespace kiji::store
