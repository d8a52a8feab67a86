// Store: the embedded corpus store, one SQLite database file (WAL mode).
//
// Holds the documents ingested so far (keyed by `doc_id`, the SHA-256 of the
// raw bytes), their mentions, and the entity registry (entities, their name
// variants with counts, the documents they occur in, the evidence for each
// merge). The registry is the only state shared between documents.
//
// One `Store` is used by one thread (the pipeline's writer). Another process
// opening the same file waits for the first to finish and says so.
// Writes happen inside `Begin`/`Commit`: a process killed in between leaves
// the store as of the last commit.
//
// The lock is on the file, not on its name: `Open` opens the database file
// itself and takes an exclusive `flock` on that descriptor for the store's
// lifetime, so runs that reach one store through a symlink or a hard link
// wait for each other like runs through one path. (`flock` locks are
// independent of the POSIX `fcntl` locks SQLite takes; nothing else of kiji
// or SQLite uses `flock` on the file, so `sqlite3` readers are not blocked.)
// The descriptor is closed only after SQLite has closed the database: closing
// any descriptor of a file drops every POSIX lock this process holds on it.
// For the same reason a second `Store` on a file this process already has
// open (by any name) does not open it at all: a process-wide table of open
// stores by (device, inode) makes it wait as for another process.
// Hard links share the database but not SQLite's write-ahead log, which is
// named after the path given (`<path>-wal`; a symlink is resolved first):
// after a run through one name was killed, its last committed batches are
// in that name's log, so resume it through the same name.
//
// `Open` refuses a damaged store (`absl::StatusCode::kDataLoss`, "store X is
// damaged: ..." with how to recover) before writing anything to it: every
// open runs SQLite's `PRAGMA quick_check` (the B-trees, records, free list,
// page use), and after an unclean stop (`<path>-wal` left behind by a process
// that did not close the store, or the meta key
// `StoreOptions::unfinished_marker` set) the fuller `PRAGMA integrity_check`
// (also every index against its table, and UNIQUE constraints). Damage inside
// stored text cannot be detected (SQLite keeps no checksums). A statement
// that finds damage later is reported the same way.
//
// Errors name the store file, say what kiji was doing in the user's words and
// keep SQLite's message (and the system's reason for I/O errors) as the
// cause: "store /x/corpus.db: cannot save the changes: database or disk is
// full (No space left on device)".
#ifndef KIJI_STORE_STORE_H_
#define KIJI_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "corpus/document.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kiji::store {

class JsonAppender;  // store/json_appender.h

// A mention as stored and emitted: offsets in the contract's space.
struct StoredMention {
  corpus::EntityType type = corpus::EntityType::kPerson;
  std::string text;
  uint32_t start = 0;  // code points into the decoded original
  uint32_t end = 0;
  std::string entity_id;
  std::optional<std::string> norm;
  std::optional<std::string> duration;  // DURATION
  std::string weekday;                  // DATE
  std::optional<double> value;
  std::optional<double> value_max;
  std::string unit;
  std::string counter;
  std::string qualifier;
  std::string source;
  // What reconciliation reads besides the text (kept so that `kiji merge`
  // reconciles stored documents as ingest did): the span in the document's
  // normalised text (bytes), and the mention this one glosses or
  // abbreviates (an index into the document's mentions: BCG -> its long
  // form).
  uint32_t norm_begin = 0;
  uint32_t norm_end = 0;
  std::optional<uint32_t> alias_of;
};

struct StoredDocument {
  std::string doc_id;
  std::string path;
  std::string encoding;
  std::string lang;
  std::optional<std::string> date;
  int64_t chars = 0;
  std::string normalized;
  // Insertion number; 0 takes the next one (see `MaxDocumentSeq`).
  int64_t seq = 0;
  // The file's place in the full listing of its run's inputs (before
  // sharding): the order `kiji merge` reconciles documents in.
  std::optional<int64_t> list_ord;
  // documents.jsonl's warnings for the file.
  std::vector<std::string> warnings;
  // The SHA-256 of `normalized` ("" for an empty text); PutDocument
  // computes it when empty, ListingReader reads it.
  std::string text_hash;
};

// A stored document found by its text (Store::CopyOfText).
struct StoredCopy {
  std::string doc_id;
  std::string path;
};

// What a run reported about a file it did not store (documents.jsonl's
// "error" and "duplicate" lines), kept for `kiji merge`.
struct FileReport {
  std::string path;
  std::optional<int64_t> list_ord;
  std::string status;  // "error" or "duplicate"
  std::string doc_id;
  std::string error;
  std::string encoding;
  std::string duplicate_of;      // the path of the stored copy
  std::string duplicate_of_doc;  // and its doc_id
};

// A stored document with its mentions, or a report, in listing order
// (Store::ListingReader).
struct ListedItem {
  bool stored = false;  // `document`, else `report`
  StoredDocument document;
  std::vector<StoredMention> mentions;
  FileReport report;
  // Sort key: (list_ord, path); documents stored without a listing place
  // come first, by insertion number.
  std::optional<int64_t> list_ord() const {
    return stored ? document.list_ord : report.list_ord;
  }
  const std::string& path() const {
    return stored ? document.path : report.path;
  }
};

struct EntityVariant {
  std::string text;
  int64_t count = 0;
};

// One entry of the entity registry.
struct EntityRecord {
  std::string entity_id;
  corpus::EntityType type = corpus::EntityType::kPerson;
  std::string canonical;
  bool canonical_locked = false;  // set by a user override
  int64_t seq = 0;                // creation order
  std::vector<EntityVariant> variants;
  std::vector<std::string> docs;
};

// Why a variant was attached to an entity.
struct MergeEvidence {
  std::string entity_id;
  std::string variant;
  std::string rule;
  double score = 0;
  std::string other;  // the variant or name it was matched against
};

struct StoreOptions {
  // How long `Open` waits for another process holding the store (seconds);
  // 0 fails at once.
  int lock_timeout_seconds = 600;
  // Called once when `Open` has to wait for another process.
  std::function<void(std::string_view)> on_wait;
  // A `meta` key that a writer sets while its work is unfinished (ingest's
  // pending-run marker): when the store holds it, `Open` runs the full check.
  // Empty: only a left-behind write-ahead log does.
  std::string unfinished_marker;
  // The file must already be a kiji store of the current schema version
  // (`kiji merge`'s inputs): anything else fails with FailedPrecondition
  // naming the file, before anything is written to it.
  bool existing_kiji_store = false;
};

class Store;

// Reads a store's documents (with their text and mentions) and reports
// together, ordered by (list_ord, path), one at a time: memory does not
// grow with the store. Destroy it before its store.
class ListingReader {
 public:
  ~ListingReader();
  ListingReader(const ListingReader&) = delete;
  ListingReader& operator=(const ListingReader&) = delete;
  // The next item, or false at the end.
  absl::StatusOr<bool> Next(ListedItem* item);

 private:
  friend class Store;
  ListingReader(Store* store, sqlite3_stmt* documents, sqlite3_stmt* reports)
      : store_(store), documents_(documents), reports_(reports) {}
  absl::Status Step(bool documents);
  Store* store_;
  sqlite3_stmt* documents_;
  sqlite3_stmt* reports_;
  bool started_ = false;
  std::optional<ListedItem> next_document_, next_report_;
};

class Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& path, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  absl::Status Begin();
  absl::Status Commit();
  absl::Status Rollback();

  absl::StatusOr<bool> HasDocument(std::string_view doc_id);
  // The insertion number of a stored document (1, 2, ... in the order
  // documents were put), nullopt when the store does not have it.
  absl::StatusOr<std::optional<int64_t>> DocumentSeq(std::string_view doc_id);
  // The highest insertion number so far (0 for an empty store).
  absl::StatusOr<int64_t> MaxDocumentSeq();
  absl::Status PutDocument(const StoredDocument& doc,
                           const std::vector<StoredMention>& mentions);
  absl::StatusOr<int64_t> CountDocuments();
  absl::StatusOr<int64_t> CountReports();
  // Records what a run reported about a file it did not store (replacing
  // an earlier report of the path), or forgets it (the file is stored).
  absl::Status PutReport(const FileReport& report);
  absl::Status DeleteReport(std::string_view path);
  // Documents and reports in listing order (see ListingReader).
  absl::StatusOr<std::unique_ptr<ListingReader>> ReadListing();
  // A consistent copy of the whole store at `path` (a new file; SQLite's
  // VACUUM INTO).
  absl::Status CopyTo(const std::string& path);
  // Calls `fn(doc_id)` for the documents with insertion number >= `first_seq`,
  // in insertion order; stops at the first error of `fn`.
  absl::Status ForEachDocumentFrom(
      int64_t first_seq,
      const std::function<absl::Status(const std::string&)>& fn);
  absl::StatusOr<std::vector<StoredMention>> Mentions(std::string_view doc_id);
  // The path a stored document was ingested from, or nullopt.
  absl::StatusOr<std::optional<std::string>> DocumentPath(
      std::string_view doc_id);
  // A stored document's normalised text ("" when there is no such
  // document).
  absl::StatusOr<std::string> NormalizedText(std::string_view doc_id);
  // The path of the first stored document (by insertion number) whose
  // normalised text is `normalized`; nullopt when none is, or for "".
  absl::StatusOr<std::optional<std::string>> PathOfText(
      std::string_view normalized);
  // The same, with the stored copy's doc_id.
  absl::StatusOr<std::optional<StoredCopy>> CopyOfText(
      std::string_view normalized);
  // The same, by the text's SHA-256 (StoredDocument::text_hash).
  absl::StatusOr<std::optional<StoredCopy>> CopyOfTextHash(
      std::string_view text_hash);
  // Every stored document (all fields but `normalized`) with its mentions,
  // in insertion order; stops at the first error of `fn`.
  absl::Status ForEachStoredDocument(
      const std::function<absl::Status(
          const StoredDocument&, const std::vector<StoredMention>&)>& fn);

  // Entity registry.
  // All entities in creation order, with variants and (when `with_docs`)
  // the documents that mention them, in insertion order.
  absl::StatusOr<std::vector<EntityRecord>> LoadRegistry(bool with_docs = true);
  // The same records one at a time, without holding the registry in memory
  // (names.jsonl of a large corpus); stops at the first error of `fn`.
  absl::Status ForEachEntity(
      const std::function<absl::Status(const EntityRecord&)>& fn);
  // Adds the documents of entity `from` to entity `to`.
  absl::Status CopyEntityDocs(std::string_view from, std::string_view to);
  absl::Status PutEntity(const EntityRecord& entity);  // insert or update
  absl::Status AddVariant(std::string_view entity_id, std::string_view text,
                          int64_t count);
  // Records that the document with insertion number `doc_seq` mentions
  // the entity.
  absl::Status AddEntityDoc(std::string_view entity_id, int64_t doc_seq);
  // AddEntityDoc for each (entity_id, doc_seq), in fewer statements.
  absl::Status AddEntityDocs(
      const std::vector<std::pair<std::string_view, int64_t>>& rows);
  absl::Status AddEvidence(const MergeEvidence& evidence);
  // The other entities mentioned in the documents of `entity_id` (its
  // `max_docs` latest documents, leaving out the one with insertion number
  // `except_doc_seq`), sorted, each once: the context a close call between
  // two spellings is decided by.
  absl::StatusOr<std::vector<std::string>> CooccurringEntities(
      std::string_view entity_id, int64_t except_doc_seq, int64_t max_docs);
  absl::StatusOr<std::vector<MergeEvidence>> Evidence(
      std::string_view entity_id);
  // Points the stored mentions of entity `old_id` at `new_id` (in the
  // documents entity_docs lists for `old_id`).
  absl::Status SetMentionEntity(std::string_view old_id,
                                std::string_view new_id);
  absl::Status DeleteEntity(std::string_view entity_id);
  // Gives the mentions of `old_id` whose text is one of `texts` to
  // `new_id`, in every document of `old_id`, and moves the documents in the
  // entities' document lists (a document stays `old_id`'s while another of
  // its mentions is).
  absl::Status MoveMentions(std::string_view old_id,
                            const std::set<std::string>& texts,
                            std::string_view new_id);
  // Deletes a variant of an entity and the evidence about it.
  absl::Status DeleteVariant(std::string_view entity_id,
                             std::string_view text);

  // Small named settings kept with the data (the `meta` table), such as the
  // marker of an unfinished ingest run. Write them inside a transaction.
  absl::StatusOr<std::optional<std::string>> GetMeta(std::string_view key);
  absl::Status SetMeta(std::string_view key, std::string_view value);
  absl::Status DeleteMeta(std::string_view key);

  // Replaces this store's file by the store file `replacement` (a complete
  // store, closed: `kiji merge`'s result) while holding the lock: closes the
  // database (its write-ahead log is folded in and removed), syncs
  // `replacement`, renames it over this store's file (a symlink's target)
  // and syncs the folder. A process waiting for the store then opens the
  // new file. The store is closed afterwards, even when this fails: only
  // destroy it.
  absl::Status ReplaceFileWith(const std::string& replacement);

  // `PRAGMA integrity_check` == "ok".
  absl::StatusOr<bool> IntegrityOk();

 private:
  class FileLock;  // the `flock` on the database file (store.cc)

  Store(sqlite3* db, std::unique_ptr<FileLock> lock, std::string path);
  // OK, or kDataLoss when SQLite finds the store damaged: `PRAGMA
  // quick_check`, or `PRAGMA integrity_check` when `full`. Writes nothing.
  absl::Status Check(bool full);
  // FailedPrecondition unless this is a kiji store of kSchemaVersion.
  absl::Status CheckCurrent();
  absl::StatusOr<bool> TableExists(const char* name);
  // Brings a store written by an earlier kiji to the current schema, in one
  // transaction; fails on a schema newer than this kiji knows.
  absl::Status Migrate();
  absl::Status SetDocumentMentions(std::string_view doc_id,
                                   const std::vector<StoredMention>& mentions);
  // The first column of every row of `sql`, with `param` bound to its one
  // parameter when given.
  absl::StatusOr<std::vector<std::string>> FirstColumn(
      const char* sql, std::string_view action,
      std::optional<std::string_view> param = std::nullopt);
  // `action` says in the user's words what failed ("cannot store document
  // X"), for the message of Error.
  absl::Status Exec(const char* sql, std::string_view action);
  absl::StatusOr<sqlite3_stmt*> Prepare(const char* sql,
                                        std::string_view action);
  friend class ListingReader;
  // The last SQLite error as "store FILE: ACTION: SQLite's message (the
  // system's reason)", or Damaged when SQLite found the file damaged.
  absl::Status Error(std::string_view action) const;
  // kDataLoss: "store FILE is damaged: FOUND; how to recover". Also keeps
  // closing from writing into the file.
  absl::Status Damaged(std::string_view found) const;

  // Declared first: released last, after SQLite has closed the file.
  std::unique_ptr<FileLock> lock_;
  sqlite3* db_;
  std::string path_;
  // Prepared statements by SQL text (Prepare), finalized with the store.
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
  // Where a document's mentions are encoded (EncodeMentions).
  std::unique_ptr<JsonAppender> mentions_json_;
};

}  // namespace kiji::store

#endif  // KIJI_STORE_STORE_H_
