#include "pipeline/ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "store/jsonl_writer.h"
#include "reconcile/name_matcher.h"
#include "reconcile/reconciler.h"
#include "corpus/sha256.h"
#include "corpus/status_macros.h"
#include "store/store.h"
#include "pipeline/work_pool.h"

namespace kiji::pipeline {
namespace fs = std::filesystem;
namespace {

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Lists `dir` (under the input `root`) recursively into `out`.
void ListFolder(const fs::path& dir, const fs::path& root,
                std::vector<InputFile>* out) {
  const auto listed = [&](const fs::path& p, std::string error) {
    InputFile& f = out->emplace_back(p.string(), std::move(error));
    f.relative = p.lexically_relative(root).string();
  };
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    listed(dir, absl::StrCat("cannot list folder: ", ec.message()));
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      listed(dir, absl::StrCat("cannot list folder: ", ec.message()));
      break;
    }
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) {
              return a.path().string() < b.path().string();
            });
  for (const fs::directory_entry& e : entries) {
    if (IsHidden(e.path())) continue;
    std::error_code sec;
    const bool is_link = e.is_symlink(sec);
    if (!is_link && e.is_directory(sec)) {
      ListFolder(e.path(), root, out);
    } else if (is_link && fs::is_directory(e.path(), sec)) {
      // Symlinked folders are not followed (that keeps loops out), but they
      // are reported like every other entry of the folder.
      listed(e.path(), "symlink to a folder (not followed)");
    } else {
      // Regular files, symlinks to files, broken links and special files:
      // reading them says what is wrong.
      listed(e.path(), "");
    }
  }
}

// The identity of a listed path, the same for every spelling of one folder
// entry (`a.txt`, `./a.txt`, `d//a.txt`, `d/../d/a.txt`, the absolute path,
// a path through a symlinked folder): its folder resolved by the system
// (`realpath`, once per folder) joined with its own name. The name itself is
// not resolved: a symlink (or a hard link) is an entry of its own, read and
// reported on its own line (`duplicate` by content). A path whose folder
// cannot be resolved is made absolute and normalised lexically.
class PathIdentity {
 public:
  std::string Of(const std::string& path) {
    const fs::path p(path);
    const fs::path name = p.filename();
    if (!name.empty() && name != "." && name != "..") {
      std::string parent = p.parent_path().string();
      if (parent.empty()) parent = ".";
      auto [it, inserted] = folders_.try_emplace(parent);
      if (inserted) {
        std::error_code ec;
        const fs::path resolved = fs::canonical(parent, ec);
        if (!ec) it->second = resolved.string();
      }
      if (!it->second.empty()) return (fs::path(it->second) / name).string();
    }
    std::error_code ec;
    const fs::path absolute = fs::absolute(p, ec);
    return (ec ? p : absolute).lexically_normal().string();
  }

 private:
  // Folder as spelled -> resolved ("" when it cannot be resolved).
  absl::flat_hash_map<std::string, std::string> folders_;
};

struct Slot {
  InputFile input;
  corpus::Document doc;
  std::string status;    // "ok", "duplicate", "error"
  bool resumed = false;  // stored by the interrupted run being resumed
  // `doc`'s mentions in stored form, made by the worker that analysed it
  // (the writer thread is the bottleneck: it only reconciles and stores).
  std::vector<store::StoredMention> mentions;
};

constexpr const char* kPendingRunKey = kPendingIngestRunKey;

std::string InputsHash(const std::vector<std::string>& inputs,
                       const std::optional<Shard>& shard) {
  std::string key =
      shard ? absl::StrCat("shard ", shard->index, "/", shard->count, "\n")
            : "";
  for (const std::string& input : inputs) {
    std::error_code ec;
    fs::path p = fs::absolute(input, ec);
    key += (ec ? fs::path(input) : p).lexically_normal().string();
    key.push_back('\0');
  }
  return corpus::Sha256Hex(key);
}

// Records this run as the store's unfinished run, or resumes the unfinished
// run with the same inputs. Returns the first document number of the run:
// stored documents numbered from it on were committed by this run (or by the
// run it resumes).
absl::StatusOr<int64_t> StartRun(
    store::Store* store, const std::vector<std::string>& inputs,
    const std::optional<Shard>& shard,
    const std::function<void(const std::string&)>& on_notice) {
  const std::string hash = InputsHash(inputs, shard);
  RETURN_IF_ERROR(store->Begin());
  ASSIGN_OR_RETURN(std::optional<std::string> pending,
                   store->GetMeta(kPendingRunKey));
  if (pending) {
    const size_t space = pending->find(' ');
    int64_t first_seq = 0;
    if (space != std::string::npos && pending->substr(0, space) == hash &&
        absl::SimpleAtoi(pending->substr(space + 1), &first_seq)) {
      RETURN_IF_ERROR(store->Commit());
      if (on_notice) {
        on_notice("resuming the interrupted run over the same inputs");
      }
      return first_seq;
    }
  }
  ASSIGN_OR_RETURN(const int64_t max_seq, store->MaxDocumentSeq());
  RETURN_IF_ERROR(store->SetMeta(kPendingRunKey,
                                 absl::StrCat(hash, " ", max_seq + 1)));
  RETURN_IF_ERROR(store->Commit());
  return max_seq + 1;
}

absl::Status Stopped(int signal, size_t files_done, size_t files_total) {
  return absl::CancelledError(absl::StrCat(
      "stopped by signal ", signal, " after ", files_done, " of ", files_total,
      " files; the store keeps them, no output file was written; run the "
      "same command again to finish"));
}

// Runs `fn(i)` for i in [0, n) on `threads` threads.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn fn) {
  const size_t workers = std::min<size_t>(std::max(threads, 1), n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    });
  }
  for (std::thread& t : pool) t.join();
}

// Larger files are not read (the decoder's default limit); a batch holds
// all its files in memory at once.
constexpr int64_t kMaxFileBytes = int64_t{256} << 20;

std::string FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder";
  if (S_ISFIFO(mode)) return "not a regular file (FIFO)";
  if (S_ISSOCK(mode)) return "not a regular file (socket)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "not a regular file (device)";
  return "not a regular file";
}

// A plain file's bytes into `slot->doc.raw` (or why not into `error`).
void ReadFile(Slot* slot) {
  // O_NONBLOCK: opening a FIFO with no writer must not hang the run.
  const int fd =
      ::open(slot->input.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    slot->doc.error = absl::StrCat("cannot read: ", std::strerror(errno));
    return;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    slot->doc.error = absl::StrCat("cannot read: ", std::strerror(errno));
    ::close(fd);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    slot->doc.error = FileKind(st.st_mode);
    ::close(fd);
    return;
  }
  if (st.st_size > kMaxFileBytes) {
    slot->doc.error = absl::StrCat("file too large (", st.st_size,
                                   " bytes, limit ", kMaxFileBytes, ")");
    ::close(fd);
    return;
  }
  // The size is a hint: the file may change while it is read.
  std::string raw(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (true) {
    if (got == raw.size()) {
      if (static_cast<int64_t>(raw.size()) >= kMaxFileBytes) break;
      raw.resize(std::max<size_t>(raw.size() * 2, 4096));
    }
    const ssize_t n = ::read(fd, raw.data() + got, raw.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      slot->doc.error = absl::StrCat("read failed: ", std::strerror(errno));
      ::close(fd);
      return;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  raw.resize(got);
  slot->doc.raw = std::move(raw);
  slot->doc.doc_id = corpus::Sha256Hex(slot->doc.raw);
}

// A document of an archive or compressed file, read with `reader`.
void ReadMember(Slot* slot, input::ArchiveReader* reader) {
  absl::StatusOr<std::string> raw =
      reader->Read(slot->input.archive, slot->input.archive_kind,
                   slot->input.member_index, kMaxFileBytes);
  if (!raw.ok()) {
    slot->doc.error = std::string(raw.status().message());
    return;
  }
  slot->doc.raw = *std::move(raw);
  slot->doc.doc_id = corpus::Sha256Hex(slot->doc.raw);
}

store::DocumentLine MakeLine(const Slot& slot) {
  store::DocumentLine line;
  line.doc_id = slot.doc.doc_id;
  line.path = slot.input.path;
  line.status = slot.status;
  line.error = slot.doc.error;
  // A duplicate is not decoded again: its encoding is its first copy's.
  if (slot.status == "ok" ||
      (slot.status == "error" && !slot.doc.original.empty())) {
    line.encoding = std::string(corpus::EncodingName(slot.doc.encoding));
  }
  if (slot.status == "ok") {
    line.lang = slot.doc.lang;
    line.chars = static_cast<int64_t>(slot.doc.original_chars);
    if (slot.doc.date) line.date = corpus::FormatIsoDate(*slot.doc.date);
    for (const corpus::Diagnostic& d : slot.doc.diagnostics) {
      line.warnings.push_back(d.message);
    }
  }
  return line;
}

// The documents of the archive or compressed file `path`, appended to `out`.
void ListMembers(const std::string& path, const std::string& relative,
                 input::ArchiveKind kind, std::vector<InputFile>* out) {
  std::vector<input::ArchiveMember> members;
  const absl::Status listed = input::ListArchive(path, kind, &members);
  for (input::ArchiveMember& m : members) {
    InputFile& f = out->emplace_back();
    f.relative = relative;
    f.path = kind == input::ArchiveKind::kCompressed
                 ? path
                 : absl::StrCat(path, std::string(1, input::kMemberSeparator),
                                m.name);
    f.error = std::move(m.error);
    f.archive = path;
    f.archive_kind = kind;
    f.member_index = m.index;
    f.size = m.size;
  }
  std::string error;
  if (!listed.ok()) {
    error = std::string(listed.message());
  } else if (members.empty()) {
    error = "archive holds no files";
  }
  if (!error.empty()) {
    out->emplace_back(path, std::move(error)).relative = relative;
  }
}

}  // namespace

std::vector<InputFile> ListInputs(const std::vector<std::string>& inputs) {
  std::vector<InputFile> out;
  for (const std::string& input : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) {
      out.emplace_back(input, absl::StrCat("no such file or folder",
                                           ec ? ": " + ec.message() : ""))
          .relative = fs::path(input).filename().string();
    } else if (fs::is_directory(st)) {
      ListFolder(input, input, &out);
    } else {
      out.emplace_back(input, "").relative =
          fs::path(input).filename().string();
    }
  }
  // A file listed twice (by any spelling, or through a folder and directly)
  // gets one line, at its first place, under its first spelling.
  PathIdentity identity;
  absl::flat_hash_set<std::string> seen;
  std::vector<InputFile> unique;
  for (InputFile& f : out) {
    if (!seen.insert(identity.Of(f.path)).second) continue;
    const input::ArchiveKind kind =
        f.error.empty() ? input::ArchiveKindOf(f.path)
                        : input::ArchiveKind::kNone;
    std::error_code ec;
    if (kind == input::ArchiveKind::kNone ||
        !fs::is_regular_file(f.path, ec)) {
      unique.push_back(std::move(f));  // read (or its error reported) as is
    } else {
      ListMembers(f.path, f.relative, kind, &unique);
    }
  }
  return unique;
}

namespace {

// One `kiji ingest` run, as named steps: OpenOutputs, OpenStore, ListFiles,
// then batches (StartBatch on the pool, FinishBatch on this thread: Report
// each file, Store the new ones), then Finish (overrides, names.jsonl, the
// files committed, the run marked complete).
//
// Batches are pipelined: while this thread stores batch k (reconciliation and
// the store have one writer), the pool's workers analyse batch k+1; this
// thread is the pool's last thread and analyses what is left of a batch when
// it waits for it (with --threads 1 it analyses everything). Output order is
// the listing order whatever the number of threads.
class IngestRun {
 public:
  IngestRun(const Analyzer& analyzer, const IngestOptions& options)
      : analyzer_(analyzer), options_(options), pool_(options.threads) {}

  absl::StatusOr<IngestSummary> Run() {
    RETURN_IF_ERROR(OpenOutputs());
    RETURN_IF_ERROR(OpenStore());
    RETURN_IF_ERROR(ListFiles());
    RETURN_IF_ERROR(RunBatches());
    RETURN_IF_ERROR(Finish());
    return summary_;
  }

 private:
  struct Batch {
    size_t begin = 0;
    size_t end = 0;
    uint64_t bytes = 0;
    std::vector<Slot> slots;
    std::unique_ptr<TaskGroup> analysed;
  };

  // The output folder and its three files, created before the store is
  // touched so that an unwritable folder fails first.
  absl::Status OpenOutputs() {
    ASSIGN_OR_RETURN(RunOutputs outputs, OpenRunOutputs(options_.out_dir));
    documents_out_ = std::move(outputs.documents);
    entities_out_ = std::move(outputs.entities);
    names_out_ = std::move(outputs.names);
    return absl::OkStatus();
  }

  // The store (its folder created), the overrides, the name matcher and the
  // reconciler over the store's registry.
  absl::Status OpenStore() {
    if (!options_.store_path.empty()) {
      const fs::path parent = fs::path(options_.store_path).parent_path();
      std::error_code ec;
      if (!parent.empty()) fs::create_directories(parent, ec);
    }
    store::StoreOptions store_options;
    store_options.unfinished_marker = kPendingRunKey;  // fully checked then
    if (options_.on_notice) {
      store_options.on_wait = [this](std::string_view m) {
        options_.on_notice(std::string(m));
      };
    }
    ASSIGN_OR_RETURN(store_,
                     store::Store::Open(options_.store_path, store_options));
    reconcile::Overrides overrides;
    if (!options_.overrides_path.empty()) {
      ASSIGN_OR_RETURN(overrides,
                       reconcile::LoadOverrides(options_.overrides_path));
    }
    reconcile::NameMatcherOptions matcher_options;
    matcher_options.names = analyzer_.names();
    matcher_options.thresholds = analyzer_.match_thresholds();
    ASSIGN_OR_RETURN(matcher_, reconcile::NameMatcher::Create(matcher_options));
    ASSIGN_OR_RETURN(reconciler_,
                     reconcile::Reconciler::Create(store_.get(), matcher_.get(),
                                                   std::move(overrides)));
    return absl::OkStatus();
  }

  // The inputs listed, the run recorded in the store (or the interrupted
  // one resumed), the progress totals.
  absl::Status ListFiles() {
    files_ = ListInputs(options_.inputs);
    for (size_t i = 0; i < files_.size(); ++i) {
      files_[i].ordinal = static_cast<int64_t>(i);
    }
    if (const std::optional<Shard>& shard = options_.shard) {
      std::erase_if(files_, [&](const InputFile& f) {
        return ShardOf(f.relative, shard->count) != shard->index;
      });
    }
    ASSIGN_OR_RETURN(first_seq_, StartRun(store_.get(), options_.inputs,
                                          options_.shard, options_.on_notice));
    progress_.files_total = files_.size();
    for (const InputFile& f : files_) {
      if (!f.error.empty()) continue;
      if (!f.archive.empty()) {
        progress_.bytes_total += std::max<int64_t>(f.size, 0);
        continue;
      }
      std::error_code ec;
      const uintmax_t size = fs::file_size(f.path, ec);
      if (!ec) progress_.bytes_total += size;
    }
    return absl::OkStatus();
  }

  // Two batches in flight: the one to store next and the one behind it.
  absl::Status RunBatches() {
    size_t next_begin = 0;
    while (true) {
      while (inflight_.size() < 2 && next_begin < files_.size()) {
        ASSIGN_OR_RETURN(std::unique_ptr<Batch> batch, StartBatch(next_begin));
        next_begin = batch->end;
        inflight_.push_back(std::move(batch));
      }
      if (inflight_.empty()) break;
      Batch& batch = *inflight_.front();
      if (Stopping()) {
        return Stopped(*options_.stop_signal, batch.begin, files_.size());
      }
      RETURN_IF_ERROR(FinishBatch(batch));
      progress_.files_done = batch.end;
      progress_.bytes_done += batch.bytes;
      progress_.ok = summary_.ok;
      progress_.duplicate = summary_.duplicate;
      progress_.error = summary_.error;
      progress_.mentions = summary_.mentions;
      progress_.entities = reconciler_->entity_count();
      inflight_.pop_front();
      if (options_.on_progress) options_.on_progress(progress_);
    }
    if (Stopping()) {
      return Stopped(*options_.stop_signal, files_.size(), files_.size());
    }
    return absl::OkStatus();
  }

  bool Stopping() const {
    return options_.stop_signal != nullptr && options_.stop_signal->load() != 0;
  }

  // Reads [begin, begin + batch_size), marks what is already stored (store
  // lookups happen here, on the writer thread) and queues the analysis.
  absl::StatusOr<std::unique_ptr<Batch>> StartBatch(size_t begin) {
    auto batch = std::make_unique<Batch>();
    batch->begin = begin;
    batch->end = std::min(files_.size(), begin + options_.batch_size);
    std::vector<Slot>& slots = batch->slots;
    slots.resize(batch->end - begin);
    for (size_t i = 0; i < slots.size(); ++i) {
      slots[i].input = files_[begin + i];
      slots[i].doc.path = files_[begin + i].path;
    }
    // Plain files in parallel; archives' documents in order, each archive
    // read once from start to end over the batches.
    for (Slot& slot : slots) slot.doc.error = slot.input.error;
    ParallelFor(slots.size(), options_.threads, [&](size_t i) {
      if (slots[i].doc.error.empty() && slots[i].input.archive.empty()) {
        ReadFile(&slots[i]);
      }
    });
    for (Slot& slot : slots) {
      if (slot.doc.error.empty() && !slot.input.archive.empty()) {
        ReadMember(&slot, &archive_reader_);
      }
    }
    std::vector<Slot*> to_analyse;
    for (Slot& slot : slots) {
      batch->bytes += slot.doc.raw.size();
      if (!slot.doc.error.empty()) continue;
      ASSIGN_OR_RETURN(std::optional<int64_t> seq,
                       store_->DocumentSeq(slot.doc.doc_id));
      if (stored_this_run_.contains(IdKey(slot.doc.doc_id)) ||
          (seq && *seq < first_seq_)) {
        slot.status = "duplicate";
        slot.doc.raw.clear();
        continue;
      }
      // Committed by the interrupted run this run resumes.
      if (seq) slot.resumed = true;
      // Identical files in one batch (or in the batch being stored) are all
      // analysed; the first that is "ok" is stored, the others are its
      // duplicates (and identical files that fail all fail alike).
      to_analyse.push_back(&slot);
    }
    batch->analysed = std::make_unique<TaskGroup>(to_analyse.size());
    for (Slot* slot : to_analyse) {
      TaskGroup* group = batch->analysed.get();
      const Analyzer& analyzer = analyzer_;
      pool_.Submit(group, [slot, group, &analyzer] {
        analyzer.Analyze(&slot->doc);
        if (slot->doc.error.empty()) {
          slot->mentions = Analyzer::ToStored(slot->doc);
        }
        group->Done();
      });
    }
    return batch;
  }

  // Waits for the batch's analysis, then stores it in one transaction and
  // writes its documents.jsonl and entities.jsonl lines.
  absl::Status FinishBatch(Batch& batch) {
    pool_.Wait(batch.analysed.get());
    RETURN_IF_ERROR(store_->Begin());
    for (Slot& slot : batch.slots) {
      RETURN_IF_ERROR(Report(slot));
      slot.doc = corpus::Document();  // free the batch's memory early
    }
    // What the reconciler held back for the batch (variant counts added up,
    // the entities' documents), in the batch's transaction.
    RETURN_IF_ERROR(reconciler_->Flush());
    return store_->Commit();
  }

  // Decides a file's status, stores it when it is new and writes its lines.
  absl::Status Report(Slot& slot) {
    if (slot.resumed) {
      // Reported exactly as when it was first stored (the analysis is
      // deterministic); its mentions come from the store.
      slot.doc.error.clear();
    }
    if (slot.status.empty()) {
      slot.status = slot.doc.error.empty() ? "ok" : "error";
    }
    // The first copy of the same text (another encoding, another file
    // format), when this is one.
    std::optional<store::StoredCopy> text_copy;
    if (slot.status == "ok") {
      if (stored_this_run_.contains(IdKey(slot.doc.doc_id))) {
        slot.status = "duplicate";
        slot.resumed = false;
      } else if (!slot.resumed) {
        ASSIGN_OR_RETURN(text_copy, store_->CopyOfText(slot.doc.normalized));
        if (text_copy) slot.status = "duplicate";
      }
      if (slot.status == "ok") stored_this_run_.insert(IdKey(slot.doc.doc_id));
    }
    RETURN_IF_ERROR(KeepReport(slot, text_copy));
    std::optional<std::string> duplicate_of;
    if (text_copy) duplicate_of = text_copy->path;
    if (slot.status == "error") {
      ++summary_.error;
      if (options_.on_file_error) {
        options_.on_file_error(
            absl::StrCat(slot.input.path, ": ", slot.doc.error));
      }
    } else if (slot.status == "duplicate") {
      ++summary_.duplicate;
    } else if (slot.resumed) {
      ++summary_.ok;
      ++summary_.resumed;
      // Reported with the mentions it was stored with.
      ASSIGN_OR_RETURN(std::vector<store::StoredMention> mentions,
                       store_->Mentions(slot.doc.doc_id));
      RETURN_IF_ERROR(WriteMentions(slot.doc.doc_id, mentions));
    } else {
      ++summary_.ok;
      RETURN_IF_ERROR(Store(slot));
    }
    store::DocumentLine line;
    if (slot.status == "duplicate") {
      // As for a duplicate found before analysis: doc_id and path only,
      // and the path of the copy that is stored (this run's first, or an
      // earlier run's).
      corpus::Document skipped;
      skipped.doc_id = std::move(slot.doc.doc_id);
      slot.doc = std::move(skipped);
      line = MakeLine(slot);
      if (!duplicate_of) {
        ASSIGN_OR_RETURN(duplicate_of, store_->DocumentPath(slot.doc.doc_id));
      }
      if (duplicate_of) line.duplicate_of = *duplicate_of;
    } else {
      line = MakeLine(slot);
    }
    return documents_out_->Write(store::ToJson(line));
  }

  // What the store keeps of the file's report (Store::PutReport): the line
  // of a file not stored; a stored file's earlier report forgotten.
  absl::Status KeepReport(const Slot& slot,
                          const std::optional<store::StoredCopy>& text_copy) {
    if (slot.status == "ok") return store_->DeleteReport(slot.input.path);
    store::FileReport report;
    report.path = slot.input.path;
    report.list_ord = slot.input.ordinal;
    report.status = slot.status;
    report.doc_id = slot.doc.doc_id;
    if (slot.status == "error") {
      report.error = slot.doc.error;
      if (!slot.doc.original.empty()) {
        report.encoding = std::string(corpus::EncodingName(slot.doc.encoding));
      }
    } else if (text_copy) {
      report.duplicate_of = text_copy->path;
      report.duplicate_of_doc = text_copy->doc_id;
    } else {
      ASSIGN_OR_RETURN(std::optional<std::string> stored,
                       store_->DocumentPath(slot.doc.doc_id));
      // A file ingested again is a duplicate of itself: nothing to keep.
      if (stored == slot.input.path) return absl::OkStatus();
      report.duplicate_of = stored.value_or("");
      report.duplicate_of_doc = slot.doc.doc_id;
    }
    return store_->PutReport(report);
  }

  // A new document: numbered, reconciled, stored, its mentions written.
  absl::Status Store(Slot& slot) {
    std::vector<store::StoredMention> mentions = std::move(slot.mentions);
    store::StoredDocument stored;
    stored.doc_id = slot.doc.doc_id;
    stored.path = slot.input.path;
    stored.encoding = std::string(corpus::EncodingName(slot.doc.encoding));
    stored.lang = slot.doc.lang;
    if (slot.doc.date) stored.date = corpus::FormatIsoDate(*slot.doc.date);
    stored.chars = static_cast<int64_t>(slot.doc.original_chars);
    stored.list_ord = slot.input.ordinal;
    for (const corpus::Diagnostic& d : slot.doc.diagnostics) {
      stored.warnings.push_back(d.message);
    }
    ASSIGN_OR_RETURN(const int64_t last_seq, store_->MaxDocumentSeq());
    stored.seq = last_seq + 1;
    RETURN_IF_ERROR(reconciler_->Reconcile(slot.doc.normalized, stored.seq, &mentions));
    // Not read again (the documents.jsonl line needs no text).
    stored.normalized = std::move(slot.doc.normalized);
    RETURN_IF_ERROR(store_->PutDocument(stored, mentions));
    return WriteMentions(stored.doc_id, mentions);
  }

  // entities.jsonl lines are written as documents are reported; the ids are
  // final unless an override merges entities at the end of the run.
  absl::Status WriteMentions(const std::string& doc_id,
                             const std::vector<store::StoredMention>& mentions) {
    RETURN_IF_ERROR(entities_out_->WriteMentions(doc_id, mentions));
    summary_.mentions += mentions.size();
    return absl::OkStatus();
  }

  // The overrides applied, names.jsonl written, the three files committed,
  // and only then the run marked complete (a kill before that resumes).
  absl::Status Finish() {
    RETURN_IF_ERROR(store_->Begin());
    ASSIGN_OR_RETURN(const int merges, reconciler_->ApplyOverrides());
    RETURN_IF_ERROR(store_->Commit());
    if (options_.on_notice) {
      for (const std::string& m : reconciler_->UnmatchedOverrides()) {
        options_.on_notice(m);
      }
    }
    if (merges > 0) {
      // Merges changed stored entity ids: entities.jsonl is written again
      // from the store, with the same ids as names.jsonl. The documents
      // reported "ok" are exactly those stored since the run (or the
      // interrupted run it resumes) began, in the order they were reported.
      RETURN_IF_ERROR(entities_out_->Restart());
      summary_.mentions = 0;
      RETURN_IF_ERROR(store_->ForEachDocumentFrom(
          first_seq_, [&](const std::string& doc_id) -> absl::Status {
            ASSIGN_OR_RETURN(std::vector<store::StoredMention> mentions,
                             store_->Mentions(doc_id));
            return WriteMentions(doc_id, mentions);
          }));
    }
    summary_.entities = 0;
    RETURN_IF_ERROR(store_->ForEachEntity([&](const store::EntityRecord& e) {
      ++summary_.entities;
      return names_out_->WriteEntity(e);
    }));
    RETURN_IF_ERROR(documents_out_->Commit());
    RETURN_IF_ERROR(entities_out_->Commit());
    RETURN_IF_ERROR(names_out_->Commit());
    RETURN_IF_ERROR(store_->Begin());
    RETURN_IF_ERROR(store_->DeleteMeta(kPendingRunKey));
    return store_->Commit();
  }

  // A document's key in `stored_this_run_`: the first 128 bits of its
  // SHA-256 (compact: a run may list millions of files).
  static absl::uint128 IdKey(const std::string& doc_id) {
    uint64_t hi = 0, lo = 0;
    if (doc_id.size() < 32 ||
        !absl::SimpleHexAtoi(absl::string_view(doc_id.data(), 16), &hi) ||
        !absl::SimpleHexAtoi(absl::string_view(doc_id.data() + 16, 16), &lo)) {
      return absl::uint128(0);
    }
    return absl::MakeUint128(hi, lo);
  }

  const Analyzer& analyzer_;
  const IngestOptions& options_;
  std::unique_ptr<store::JsonlFile> documents_out_, entities_out_, names_out_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<reconcile::NameMatcher> matcher_;
  std::unique_ptr<reconcile::Reconciler> reconciler_;
  std::vector<InputFile> files_;
  input::ArchiveReader archive_reader_;  // used by this thread only
  int64_t first_seq_ = 0;
  IngestSummary summary_;
  IngestProgress progress_;
  // Documents reported "ok" by this run (IdKey).
  absl::flat_hash_set<absl::uint128> stored_this_run_;
  // Declared before the pool: the pool's tasks point into these batches and
  // the pool is destroyed (its workers joined) first.
  std::deque<std::unique_ptr<Batch>> inflight_;
  WorkPool pool_;
};

}  // namespace

absl::StatusOr<RunOutputs> OpenRunOutputs(const std::string& out_dir) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (!ec && !fs::is_directory(out_dir, ec)) {
    ec = std::make_error_code(std::errc::not_a_directory);
  }
  if (ec) {
    return absl::UnavailableError(absl::StrCat(
        "output: cannot create folder ", out_dir, ": ", ec.message()));
  }
  RunOutputs outputs;
  ASSIGN_OR_RETURN(outputs.documents,
                   store::JsonlFile::Create(out_dir, "documents.jsonl"));
  ASSIGN_OR_RETURN(outputs.entities,
                   store::JsonlFile::Create(out_dir, "entities.jsonl"));
  ASSIGN_OR_RETURN(outputs.names,
                   store::JsonlFile::Create(out_dir, "names.jsonl"));
  return outputs;
}

int ShardOf(std::string_view relative, int count) {
  if (count <= 1) return 0;
  uint64_t head = 0;
  const std::string hash = corpus::Sha256Hex(relative);
  absl::SimpleHexAtoi(absl::string_view(hash.data(), 16), &head);
  return static_cast<int>(head % static_cast<uint64_t>(count));
}

absl::StatusOr<IngestSummary> RunIngest(const Analyzer& analyzer,
                                        const IngestOptions& options) {
  IngestRun run(analyzer, options);
  return run.Run();
}

}  // namespace kiji::pipeline
