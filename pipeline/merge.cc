#include "pipeline/merge.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "corpus/status_macros.h"
#include "reconcile/reconciler.h"
#include "store/jsonl_writer.h"
#include "store/store.h"

namespace kiji::pipeline {
namespace fs = std::filesystem;
namespace {

// The first 16 bytes of every SQLite database file.
constexpr char kSqliteHeader[] = "SQLite format 3";

struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  friend bool operator<(const FileId& a, const FileId& b) {
    return std::tie(a.dev, a.ino) < std::tie(b.dev, b.ino);
  }
};

// A shard store that can be opened as one: an existing regular file that
// begins as an SQLite database. Its identity in `*id`.
absl::Status CheckStoreFile(const std::string& path, FileId* id) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) {
      return absl::NotFoundError(
          absl::StrCat("store ", path, ": no such file"));
    }
    return absl::UnavailableError(
        absl::StrCat("store ", path, ": ", std::strerror(err)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("store ", path, ": not a file"));
  }
  *id = {st.st_dev, st.st_ino};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("store ", path, ": cannot read: ", std::strerror(errno)));
  }
  char head[sizeof(kSqliteHeader)] = {};
  const ssize_t n = ::read(fd, head, sizeof(head));
  ::close(fd);
  if (n != static_cast<ssize_t>(sizeof(head)) ||
      std::memcmp(head, kSqliteHeader, sizeof(head)) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "store ", path, ": not a kiji store (not an SQLite database)"));
  }
  return absl::OkStatus();
}

// Removes `path` with SQLite's files beside it.
void RemoveStoreFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    fs::remove(path + suffix, ec);
  }
}

// The copies of TARGET left by merges that were killed (`TARGET.merging.PID`
// whose process is gone).
void RemoveStaleCopies(const std::string& target) {
  const fs::path t(target);
  const std::string prefix = t.filename().string() + ".merging.";
  fs::path folder = t.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    int pid = 0;
    if (!absl::SimpleAtoi(name.substr(prefix.size()), &pid) || pid <= 0) {
      continue;  // "-wal", "-shm": removed with their database
    }
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    RemoveStoreFiles(e.path().string());
  }
}

// Where the items of the shard stores are merged: ordered by listing place,
// path, then doc_id (so that equal keys from two stores meet in one order
// whatever the order of the stores).
using ItemKey = std::tuple<bool, int64_t, std::string, bool, std::string>;

ItemKey KeyOf(const store::ListedItem& item) {
  const std::optional<int64_t> ord = item.list_ord();
  return {ord.has_value(), ord.value_or(0), item.path(), !item.stored,
          item.stored ? item.document.doc_id : item.report.doc_id};
}

class MergeRun {
 public:
  MergeRun(const reconcile::NameMatcher& matcher, const MergeOptions& options)
      : matcher_(matcher), options_(options) {}

  ~MergeRun() {
    // Failed or stopped: TARGET stays as it was; the copy goes.
    readers_.clear();
    reconciler_.reset();
    work_.reset();
    if (!copy_path_.empty()) RemoveStoreFiles(copy_path_);
  }

  absl::StatusOr<MergeSummary> Run() {
    RETURN_IF_ERROR(OpenShards());
    RETURN_IF_ERROR(OpenTarget());
    RETURN_IF_ERROR(OpenOutputs());
    RETURN_IF_ERROR(MergeItems());
    RETURN_IF_ERROR(Finish());
    return summary_;
  }

 private:
  store::StoreOptions Waiting() const {
    store::StoreOptions o;
    o.lock_timeout_seconds = 60;
    if (options_.on_notice) {
      o.on_wait = [this](std::string_view m) {
        options_.on_notice(std::string(m));
      };
    }
    return o;
  }

  // Every shard store checked and opened (read only in effect), in the order
  // given (which does not change the result).
  absl::Status OpenShards() {
    if (options_.stores.empty()) {
      return absl::InvalidArgumentError("merge: give the stores to merge");
    }
    std::map<FileId, std::string> seen;
    for (const std::string& path : options_.stores) {
      FileId id;
      RETURN_IF_ERROR(CheckStoreFile(path, &id));
      auto [it, inserted] = seen.emplace(id, path);
      if (!inserted) {
        return absl::InvalidArgumentError(absl::StrCat(
            "store ", path, ": given twice (also as ", it->second, ")"));
      }
    }
    struct stat st;
    if (::stat(options_.target.c_str(), &st) == 0) {
      if (auto it = seen.find(FileId{st.st_dev, st.st_ino}); it != seen.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("store ", it->second, ": is the target --store ",
                         options_.target, " too; merge into another store"));
      }
    }
    for (const std::string& path : options_.stores) {
      store::StoreOptions o = Waiting();
      o.existing_kiji_store = true;
      ASSIGN_OR_RETURN(std::unique_ptr<store::Store> shard,
                       store::Store::Open(path, o));
      ASSIGN_OR_RETURN(const std::optional<std::string> created,
                       shard->GetMeta("created_schema"));
      int64_t version = 0;
      if (!created || !absl::SimpleAtoi(*created, &version) || version < 5) {
        return absl::FailedPreconditionError(absl::StrCat(
            "store ", path,
            ": made by a kiji older than merge (it lacks the "
            "files' listing places and the mentions' spans); ingest its files "
            "again with this kiji"));
      }
      ASSIGN_OR_RETURN(const std::optional<std::string> pending,
                       shard->GetMeta(kPendingIngestRunKey));
      if (pending) {
        return absl::FailedPreconditionError(
            absl::StrCat("store ", path,
                         ": its ingest run did not finish; run the same "
                         "kiji ingest command again to finish it, then merge"));
      }
      ASSIGN_OR_RETURN(const int64_t docs, shard->CountDocuments());
      ASSIGN_OR_RETURN(const int64_t reports, shard->CountReports());
      progress_.files_total += static_cast<size_t>(docs + reports);
      shards_.push_back(std::move(shard));
    }
    return absl::OkStatus();
  }

  // TARGET copied beside itself (or a new store there), with the reconciler
  // over the copy's registry.
  absl::Status OpenTarget() {
    const fs::path parent = fs::path(options_.target).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    RemoveStaleCopies(options_.target);
    const std::string copy =
        absl::StrCat(options_.target, ".merging.", ::getpid());
    RemoveStoreFiles(copy);
    if (fs::exists(options_.target, ec)) {
      ASSIGN_OR_RETURN(target_, store::Store::Open(options_.target, Waiting()));
      copy_path_ = copy;
      RETURN_IF_ERROR(target_->CopyTo(copy));
    } else {
      copy_path_ = copy;
    }
    ASSIGN_OR_RETURN(work_, store::Store::Open(copy));
    reconcile::Overrides overrides;
    if (!options_.overrides_path.empty()) {
      ASSIGN_OR_RETURN(overrides,
                       reconcile::LoadOverrides(options_.overrides_path));
    }
    ASSIGN_OR_RETURN(reconciler_,
                     reconcile::Reconciler::Create(work_.get(), &matcher_,
                                                   std::move(overrides)));
    ASSIGN_OR_RETURN(const int64_t max_seq, work_->MaxDocumentSeq());
    first_seq_ = max_seq + 1;
    return absl::OkStatus();
  }

  absl::Status OpenOutputs() {
    if (options_.out_dir.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(RunOutputs outputs, OpenRunOutputs(options_.out_dir));
    documents_out_ = std::move(outputs.documents);
    entities_out_ = std::move(outputs.entities);
    names_out_ = std::move(outputs.names);
    return absl::OkStatus();
  }

  // The shard stores' items in listing order, in transactions of
  // `batch_size` items.
  absl::Status MergeItems() {
    using Head = std::pair<ItemKey, size_t>;  // key, shard
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> queue;
    std::vector<store::ListedItem> heads(shards_.size());
    for (size_t i = 0; i < shards_.size(); ++i) {
      ASSIGN_OR_RETURN(std::unique_ptr<store::ListingReader> reader,
                       shards_[i]->ReadListing());
      ASSIGN_OR_RETURN(const bool any, reader->Next(&heads[i]));
      if (any) queue.emplace(KeyOf(heads[i]), i);
      readers_.push_back(std::move(reader));
    }
    while (!queue.empty()) {
      if (Stopping()) {
        return absl::CancelledError(absl::StrCat(
            "stopped by signal ", options_.stop_signal->load(), " after ",
            progress_.files_done, " of ", progress_.files_total, " documents; ",
            options_.target, " is as it was"));
      }
      RETURN_IF_ERROR(work_->Begin());
      for (size_t n = 0; n < options_.batch_size && !queue.empty(); ++n) {
        const size_t i = queue.top().second;
        queue.pop();
        RETURN_IF_ERROR(Merge(i, std::move(heads[i])));
        ASSIGN_OR_RETURN(const bool more, readers_[i]->Next(&heads[i]));
        if (more) queue.emplace(KeyOf(heads[i]), i);
        ++progress_.files_done;
      }
      RETURN_IF_ERROR(reconciler_->Flush());
      RETURN_IF_ERROR(work_->Commit());
      progress_.ok = summary_.ok;
      progress_.duplicate = summary_.duplicate;
      progress_.error = summary_.error;
      progress_.mentions = summary_.mentions;
      progress_.entities = reconciler_->entity_count();
      if (options_.on_progress) options_.on_progress(progress_);
    }
    return absl::OkStatus();
  }

  bool Stopping() const {
    return options_.stop_signal != nullptr && options_.stop_signal->load() != 0;
  }

  // One document or report of shard `shard`, as ingest would have treated
  // the file at this place of the listing.
  absl::Status Merge(size_t shard, store::ListedItem item) {
    if (!item.stored) return MergeReport(shard, std::move(item.report));
    store::StoredDocument& doc = item.document;
    store::FileReport duplicate;
    ASSIGN_OR_RETURN(const std::optional<int64_t> seq,
                     work_->DocumentSeq(doc.doc_id));
    if (seq) {
      ASSIGN_OR_RETURN(const std::optional<std::string> path,
                       work_->DocumentPath(doc.doc_id));
      duplicate.duplicate_of = path.value_or("");
      duplicate.duplicate_of_doc = doc.doc_id;
    } else {
      ASSIGN_OR_RETURN(const std::optional<store::StoredCopy> copy,
                       work_->CopyOfTextHash(doc.text_hash));
      if (copy) {
        duplicate.duplicate_of = copy->path;
        duplicate.duplicate_of_doc = copy->doc_id;
      }
    }
    if (!duplicate.duplicate_of_doc.empty()) {
      duplicate.path = doc.path;
      duplicate.list_ord = doc.list_ord;
      duplicate.status = "duplicate";
      duplicate.doc_id = doc.doc_id;
      return MergeReport(shard, std::move(duplicate));
    }
    // New: stored with the next number, reconciled over the union.
    ASSIGN_OR_RETURN(const int64_t max_seq, work_->MaxDocumentSeq());
    doc.seq = max_seq + 1;
    for (store::StoredMention& m : item.mentions) m.entity_id.clear();
    RETURN_IF_ERROR(
        reconciler_->Reconcile(doc.normalized, doc.seq, &item.mentions));
    RETURN_IF_ERROR(work_->PutDocument(doc, item.mentions));
    RETURN_IF_ERROR(work_->DeleteReport(doc.path));
    ++summary_.ok;
    summary_.mentions += item.mentions.size();
    if (!documents_out_) return absl::OkStatus();
    // Final unless an override merges entities at the end (Finish).
    RETURN_IF_ERROR(entities_out_->WriteMentions(doc.doc_id, item.mentions));
    return documents_out_->Write(store::ToJson(store::OkLine(doc)));
  }

  // A file a shard did not store (an error, a duplicate): kept in TARGET's
  // reports and written as ingest wrote it; a duplicate names the copy that
  // TARGET has.
  absl::Status MergeReport(size_t shard, store::FileReport report) {
    if (report.status == "duplicate") {
      ++summary_.duplicate;
      std::optional<std::string> copy_path;
      if (!report.duplicate_of_doc.empty()) {
        ASSIGN_OR_RETURN(copy_path,
                         work_->DocumentPath(report.duplicate_of_doc));
        if (!copy_path) {
          // The shard's copy was itself a duplicate by its text here.
          ASSIGN_OR_RETURN(
              const std::string text,
              shards_[shard]->NormalizedText(report.duplicate_of_doc));
          ASSIGN_OR_RETURN(const std::optional<store::StoredCopy> copy,
                           work_->CopyOfText(text));
          if (copy) {
            copy_path = copy->path;
            report.duplicate_of_doc = copy->doc_id;
          }
        }
      }
      if (copy_path) report.duplicate_of = *copy_path;
      // The same file merged again: nothing to keep (as in ingest).
      if (report.duplicate_of == report.path) {
        return documents_out_ ? WriteReportLine(report) : absl::OkStatus();
      }
    } else {
      ++summary_.error;
    }
    RETURN_IF_ERROR(work_->PutReport(report));
    return documents_out_ ? WriteReportLine(report) : absl::OkStatus();
  }

  absl::Status WriteReportLine(const store::FileReport& report) {
    store::DocumentLine line;
    line.doc_id = report.doc_id;
    line.path = report.path;
    line.status = report.status;
    line.duplicate_of = report.duplicate_of;
    line.error = report.error;
    line.encoding = report.encoding;
    return documents_out_->Write(store::ToJson(line));
  }

  // Overrides applied, output files written, TARGET replaced by the copy,
  // then the output files put in place.
  absl::Status Finish() {
    RETURN_IF_ERROR(work_->Begin());
    ASSIGN_OR_RETURN(const int merges, reconciler_->ApplyOverrides());
    RETURN_IF_ERROR(work_->Commit());
    if (options_.on_notice) {
      for (const std::string& m : reconciler_->UnmatchedOverrides()) {
        options_.on_notice(m);
      }
    }
    summary_.entities = reconciler_->entity_count();
    if (entities_out_ && merges > 0) {
      // Overrides changed stored entity ids: entities.jsonl again, from the
      // store.
      RETURN_IF_ERROR(entities_out_->Restart());
      RETURN_IF_ERROR(work_->ForEachDocumentFrom(
          first_seq_, [&](const std::string& doc_id) -> absl::Status {
            ASSIGN_OR_RETURN(std::vector<store::StoredMention> mentions,
                             work_->Mentions(doc_id));
            return entities_out_->WriteMentions(doc_id, mentions);
          }));
    }
    if (names_out_) {
      RETURN_IF_ERROR(work_->ForEachEntity([&](const store::EntityRecord& e) {
        return names_out_->WriteEntity(e);
      }));
    }
    readers_.clear();
    shards_.clear();
    reconciler_.reset();
    work_.reset();  // closed: its log folded in
    if (options_.before_replace) options_.before_replace();
    if (target_) {
      RETURN_IF_ERROR(target_->ReplaceFileWith(copy_path_));
      target_.reset();
    } else {
      // A new TARGET, unless another process made one meanwhile.
      const int fd = ::open(copy_path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
      }
      if (::link(copy_path_.c_str(), options_.target.c_str()) != 0) {
        return absl::UnavailableError(
            absl::StrCat("store ", options_.target,
                         ": cannot create it: ", std::strerror(errno)));
      }
      std::error_code ec;
      fs::remove(copy_path_, ec);
    }
    copy_path_.clear();
    if (documents_out_) {
      RETURN_IF_ERROR(documents_out_->Commit());
      RETURN_IF_ERROR(entities_out_->Commit());
      RETURN_IF_ERROR(names_out_->Commit());
    }
    return absl::OkStatus();
  }

  const reconcile::NameMatcher& matcher_;
  const MergeOptions& options_;
  std::vector<std::unique_ptr<store::Store>> shards_;
  // Declared after the stores they read: destroyed first.
  std::vector<std::unique_ptr<store::ListingReader>> readers_;
  std::unique_ptr<store::Store> target_;  // holds TARGET's lock
  std::string copy_path_;                 // TARGET.merging.PID until renamed
  std::unique_ptr<store::Store> work_;    // the copy being merged into
  std::unique_ptr<reconcile::Reconciler> reconciler_;
  std::unique_ptr<store::JsonlFile> documents_out_, entities_out_, names_out_;
  int64_t first_seq_ = 1;
  MergeSummary summary_;
  IngestProgress progress_;
};

}  // namespace

absl::StatusOr<MergeSummary> RunMerge(const reconcile::NameMatcher& matcher,
                                      const MergeOptions& options) {
  MergeRun run(matcher, options);
  return run.Run();
}

}  // namespace kiji::pipeline
