#include "pipeline/ingest.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>
#include <thread>

#include "absl/strings/str_cat.h"
#include "corpus/jsonl_writer.h"
#include "corpus/name_matcher.h"
#include "corpus/reconciler.h"
#include "corpus/sha256.h"
#include "corpus/status_macros.h"
#include "corpus/store.h"

namespace kiji::pipeline {
namespace fs = std::filesystem;
namespace {

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

void ListFolder(const fs::path& dir, std::vector<InputFile>* out) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    out->push_back({dir.string(), absl::StrCat("cannot list folder: ",
                                               ec.message())});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out->push_back({dir.string(), absl::StrCat("cannot list folder: ",
                                                 ec.message())});
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
      ListFolder(e.path(), out);
    } else if (is_link && fs::is_directory(e.path(), sec)) {
      // Symlinked folders are not followed: that is what keeps loops out.
      continue;
    } else {
      // Regular files, symlinks to files, broken links and special files:
      // reading them says what is wrong.
      out->push_back({e.path().string(), ""});
    }
  }
}

struct Slot {
  InputFile input;
  corpus::Document doc;
  std::string status;  // "ok", "duplicate", "error"
};

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

void ReadFile(Slot* slot) {
  if (!slot->input.error.empty()) {
    slot->doc.error = slot->input.error;
    return;
  }
  std::error_code ec;
  if (fs::is_directory(slot->input.path, ec)) {
    slot->doc.error = "is a folder";
    return;
  }
  std::ifstream in(slot->input.path, std::ios::binary);
  if (!in) {
    slot->doc.error =
        absl::StrCat("cannot read: ", std::strerror(errno));
    return;
  }
  slot->doc.raw.assign(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
  if (in.bad()) {
    slot->doc.error = absl::StrCat("read failed: ", std::strerror(errno));
    slot->doc.raw.clear();
    return;
  }
  slot->doc.doc_id = corpus::Sha256Hex(slot->doc.raw);
}

corpus::DocumentLine MakeLine(const Slot& slot) {
  corpus::DocumentLine line;
  line.doc_id = slot.doc.doc_id;
  line.path = slot.input.path;
  line.status = slot.status;
  line.error = slot.doc.error;
  if (slot.status != "error" || !slot.doc.original.empty()) {
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

}  // namespace

std::vector<InputFile> ListInputs(const std::vector<std::string>& inputs) {
  std::vector<InputFile> out;
  for (const std::string& input : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) {
      out.push_back({input, absl::StrCat("no such file or folder",
                                         ec ? ": " + ec.message() : "")});
    } else if (fs::is_directory(st)) {
      ListFolder(input, &out);
    } else {
      out.push_back({input, ""});
    }
  }
  // The same path listed twice is read once.
  std::set<std::string> seen;
  std::vector<InputFile> unique;
  for (InputFile& f : out) {
    if (!f.error.empty() || seen.insert(f.path).second) {
      unique.push_back(std::move(f));
    }
  }
  return unique;
}

absl::StatusOr<IngestSummary> RunIngest(const Analyzer& analyzer,
                                        const IngestOptions& options) {
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat(
        "output: cannot create folder ", options.out_dir, ": ", ec.message()));
  }
  if (!options.store_path.empty()) {
    const fs::path parent = fs::path(options.store_path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<corpus::Store> store,
                   corpus::Store::Open(options.store_path));
  corpus::Overrides overrides;
  if (!options.overrides_path.empty()) {
    ASSIGN_OR_RETURN(overrides, corpus::LoadOverrides(options.overrides_path));
  }
  corpus::NameMatcherOptions matcher_options;
  matcher_options.names = analyzer.names();
  ASSIGN_OR_RETURN(std::unique_ptr<corpus::NameMatcher> matcher,
                   corpus::NameMatcher::Create(matcher_options));
  ASSIGN_OR_RETURN(std::unique_ptr<corpus::Reconciler> reconciler,
                   corpus::Reconciler::Create(store.get(), matcher.get(),
                                              std::move(overrides)));
  ASSIGN_OR_RETURN(auto documents_out,
                   corpus::JsonlFile::Create(options.out_dir, "documents.jsonl"));
  ASSIGN_OR_RETURN(auto entities_out,
                   corpus::JsonlFile::Create(options.out_dir, "entities.jsonl"));

  const std::vector<InputFile> files = ListInputs(options.inputs);
  IngestSummary summary;
  IngestProgress progress;
  progress.files_total = files.size();
  std::set<std::string> seen_this_run;

  for (size_t begin = 0; begin < files.size(); begin += options.batch_size) {
    const size_t end = std::min(files.size(), begin + options.batch_size);
    std::vector<Slot> slots(end - begin);
    for (size_t i = 0; i < slots.size(); ++i) {
      slots[i].input = files[begin + i];
      slots[i].doc.path = files[begin + i].path;
    }
    ParallelFor(slots.size(), options.threads,
                [&](size_t i) { ReadFile(&slots[i]); });
    for (Slot& slot : slots) {
      progress.bytes_done += slot.doc.raw.size();
      if (!slot.doc.error.empty()) continue;
      ASSIGN_OR_RETURN(bool stored, store->HasDocument(slot.doc.doc_id));
      if (stored || !seen_this_run.insert(slot.doc.doc_id).second) {
        slot.status = "duplicate";
        slot.doc.raw.clear();
      }
    }
    ParallelFor(slots.size(), options.threads, [&](size_t i) {
      Slot& slot = slots[i];
      if (slot.status == "duplicate" || !slot.doc.error.empty()) return;
      analyzer.Analyze(&slot.doc);
    });

    RETURN_IF_ERROR(store->Begin());
    for (Slot& slot : slots) {
      if (slot.status.empty()) {
        slot.status = slot.doc.error.empty() ? "ok" : "error";
      }
      if (slot.status == "error") {
        ++summary.error;
        if (options.on_file_error) {
          options.on_file_error(
              absl::StrCat(slot.input.path, ": ", slot.doc.error));
        }
      } else if (slot.status == "duplicate") {
        ++summary.duplicate;
      } else {
        ++summary.ok;
        std::vector<corpus::StoredMention> mentions =
            Analyzer::ToStored(slot.doc);
        corpus::StoredDocument stored;
        stored.doc_id = slot.doc.doc_id;
        stored.path = slot.input.path;
        stored.encoding = std::string(corpus::EncodingName(slot.doc.encoding));
        stored.lang = slot.doc.lang;
        if (slot.doc.date) stored.date = corpus::FormatIsoDate(*slot.doc.date);
        stored.chars = static_cast<int64_t>(slot.doc.original_chars);
        stored.normalized = slot.doc.normalized;
        RETURN_IF_ERROR(reconciler->Reconcile(slot.doc, &mentions));
        RETURN_IF_ERROR(store->PutDocument(stored, mentions));
        for (const corpus::StoredMention& m : mentions) {
          RETURN_IF_ERROR(entities_out->Write(corpus::ToJson(m, stored.doc_id)));
        }
        summary.mentions += mentions.size();
      }
      RETURN_IF_ERROR(documents_out->Write(corpus::ToJson(MakeLine(slot))));
    }
    RETURN_IF_ERROR(store->Commit());
    progress.files_done = end;
    progress.ok = summary.ok;
    progress.duplicate = summary.duplicate;
    progress.error = summary.error;
    progress.mentions = summary.mentions;
    if (options.on_progress) options.on_progress(progress);
  }

  RETURN_IF_ERROR(store->Begin());
  RETURN_IF_ERROR(reconciler->ApplyOverrides());
  RETURN_IF_ERROR(store->Commit());
  ASSIGN_OR_RETURN(auto names_out,
                   corpus::JsonlFile::Create(options.out_dir, "names.jsonl"));
  ASSIGN_OR_RETURN(std::vector<corpus::EntityRecord> registry,
                   store->LoadRegistry());
  for (const corpus::EntityRecord& e : registry) {
    RETURN_IF_ERROR(names_out->Write(corpus::ToJson(e)));
  }
  summary.entities = registry.size();
  RETURN_IF_ERROR(documents_out->Commit());
  RETURN_IF_ERROR(entities_out->Commit());
  RETURN_IF_ERROR(names_out->Commit());
  return summary;
}

}  // namespace kiji::pipeline
