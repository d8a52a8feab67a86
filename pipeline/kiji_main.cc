// kiji: batch ingest of news articles into structured, reconciled entities.
//
// Thin CLI: maps flags to option structs and calls the pipeline library.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "corpus/sha256.h"
#include "pipeline/analyzer.h"
#include "pipeline/export.h"
#include "pipeline/extract_stream.h"
#include "pipeline/ingest.h"
#include "pipeline/merge.h"
#include "pipeline/name_commands.h"
#include "pipeline/progress.h"
#include "pipeline/review.h"
#include "lexicon/enamdict_index.h"
#include "reconcile/name_matcher.h"

#ifndef KIJI_DEFAULT_DATA_DIR
#define KIJI_DEFAULT_DATA_DIR ""
#endif
#ifndef KIJI_VERSION
#define KIJI_VERSION "0"
#endif
#ifndef KIJI_IPADIC_VERSION
#define KIJI_IPADIC_VERSION "unknown"
#endif
#ifndef KIJI_ENAMDICT_VERSION
#define KIJI_ENAMDICT_VERSION "unknown"
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitFatal = 3;

// Set by SIGINT/SIGTERM during `kiji ingest`: the run stops before its next
// batch. A second signal kills at once (SA_RESETHAND).
std::atomic<int> g_stop_signal{0};

extern "C" void OnStopSignal(int sig) { g_stop_signal.store(sig); }

void InstallStopHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnStopSignal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// The default store: $KIJI_STORE, else $XDG_DATA_HOME/kiji/corpus.db, else
// ~/.local/share/kiji/corpus.db.
std::string DefaultStorePath() {
  if (const char* s = std::getenv("KIJI_STORE"); s && *s) return s;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) {
    return absl::StrCat(x, "/kiji/corpus.db");
  }
  const char* home = std::getenv("HOME");
  return absl::StrCat(home && *home ? home : ".", "/.local/share/kiji/corpus.db");
}

// Where kiji's data folder is when no --data-dir is given: $KIJI_DATA_DIR,
// else ../share/kiji beside the binary when it has the ENAMDICT index (an
// installed kiji), else the build's data folder.
std::string DefaultDataDir() {
  if (const char* d = std::getenv("KIJI_DATA_DIR"); d && *d) return d;
  std::error_code ec;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed =
        exe.parent_path().parent_path() / "share" / "kiji";
    if (std::filesystem::exists(installed / "enamdict.idx", ec)) {
      return installed.string();
    }
  }
  return KIJI_DEFAULT_DATA_DIR;
}

// What to say after a data file could not be read.
std::string DataDirHint(const std::string& data_dir) {
  return absl::StrCat(
      "kiji's data folder is ", data_dir.empty() ? "(none)" : data_dir,
      ": give --data-dir DIR, set KIJI_DATA_DIR=DIR, or install kiji "
      "(cmake --install) so that PREFIX/share/kiji sits beside PREFIX/bin/"
      "kiji");
}

// For the commands that read a store and never make one (names,
// reconcile, export, review): false, after saying so, when `path` is not
// there.
bool StoreExists(const std::string& path) {
  if (std::filesystem::exists(path)) return true;
  spdlog::error("store {} does not exist (ingest first)", path);
  return false;
}

// A calendar date YYYY-MM-DD, or why `s` is none ("expected YYYY-MM-DD",
// "month 13 is not 1-12", "2024-02 has 29 days").
std::optional<kiji::corpus::CivilDate> ParseDateFlag(const std::string& s,
                                                     std::string* why = nullptr) {
  kiji::corpus::CivilDate d;
  char extra = 0;
  std::string reason;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' ||
      std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day,
                  &extra) != 3) {
    reason = "expected YYYY-MM-DD";
  } else if (d.month < 1 || d.month > 12) {
    reason = "month " + std::to_string(d.month) + " is not 1-12";
  } else {
    // The month's last day: the day before the next month's first.
    const absl::CivilDay last =
        absl::CivilDay(absl::CivilMonth(d.year, d.month) + 1) - 1;
    if (d.day < 1 || d.day > last.day()) {
      reason = s.substr(0, 7) + " has " + std::to_string(last.day()) + " days";
    }
  }
  if (reason.empty()) return d;
  if (why != nullptr) *why = reason;
  return std::nullopt;
}

// `kiji --version`: the program and the data it reads (the default data
// folder's, as --version has no --data-dir).
std::string VersionText() {
  const std::string data_dir = DefaultDataDir();
  auto file_line = [&](const std::string& name, const std::string& what) {
    const std::string path = data_dir + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::StrCat("  ", what, ": ", path, " (missing)\n");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return absl::StrCat("  ", what, ": ", path, " (sha256 ",
                        kiji::corpus::Sha256Hex(bytes.str()).substr(0, 12),
                        ")\n");
  };
  return absl::StrCat(
      "kiji ", KIJI_VERSION, "\n",
      "dictionaries, as built:\n",
      "  IPADIC: Debian mecab-ipadic-utf8 ", KIJI_IPADIC_VERSION, "\n",
      "  ENAMDICT: Debian enamdict ", KIJI_ENAMDICT_VERSION, "\n",
      "data folder ($KIJI_DATA_DIR or the default): ", data_dir, "\n",
      file_line("enamdict.idx", "ENAMDICT index"),
      file_line("gazetteer.tsv", "gazetteer (from IPADIC and ENAMDICT)"),
      file_line("names/match_thresholds.tsv", "name-matcher thresholds"));
}

// The name matcher with what it reads (ENAMDICT index, thresholds), for the
// commands that match names without analysing text (match, merge).
struct NameKnowledge {
  std::unique_ptr<kiji::lexicon::EnamdictIndex> index;
  kiji::reconcile::MatchThresholds thresholds;
  std::unique_ptr<kiji::reconcile::NameMatcher> matcher;
};

// `thresholds` empty: DATA_DIR/names/match_thresholds.tsv; "none": none.
// Errors are logged; nullptr then.
std::unique_ptr<NameKnowledge> LoadNameKnowledge(const std::string& data_dir,
                                                 std::string thresholds) {
  auto k = std::make_unique<NameKnowledge>();
  kiji::reconcile::NameMatcherOptions mo;
  if (thresholds.empty() && !data_dir.empty()) {
    thresholds = data_dir + "/names/match_thresholds.tsv";
  }
  if (!thresholds.empty() && thresholds != "none") {
    auto loaded = kiji::reconcile::MatchThresholds::Load(thresholds);
    if (!loaded.ok()) {
      spdlog::error("{}", std::string(loaded.status().message()));
      return nullptr;
    }
    k->thresholds = *std::move(loaded);
    mo.thresholds = &k->thresholds;
  }
  if (!data_dir.empty()) {
    auto loaded =
        kiji::lexicon::EnamdictIndex::Load(data_dir + "/enamdict.idx");
    if (!loaded.ok()) {
      spdlog::error("{}", std::string(loaded.status().message()));
      spdlog::error("{}", DataDirHint(data_dir));
      return nullptr;
    }
    k->index = std::move(*loaded);
    mo.names = k->index.get();
  }
  auto matcher = kiji::reconcile::NameMatcher::Create(mo);
  if (!matcher.ok()) {
    spdlog::error("{}", std::string(matcher.status().message()));
    return nullptr;
  }
  k->matcher = *std::move(matcher);
  return k;
}

// Progress on stderr: a live line on a terminal, a log line every 10 s
// otherwise (issue #5).
kiji::pipeline::ProgressOptions StderrProgress() {
  kiji::pipeline::ProgressOptions options;
  const char* term = std::getenv("TERM");
  options.terminal = isatty(STDERR_FILENO) != 0 && term != nullptr &&
                     std::string_view(term) != "dumb";
  return options;
}

// "K/N" with 0 <= K < N.
absl::StatusOr<kiji::pipeline::Shard> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  kiji::pipeline::Shard shard;
  if (slash == std::string::npos ||
      !absl::SimpleAtoi(text.substr(0, slash), &shard.index) ||
      !absl::SimpleAtoi(text.substr(slash + 1), &shard.count)) {
    return absl::InvalidArgumentError("expected K/N, such as 0/4");
  }
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count) {
    return absl::InvalidArgumentError("K must be 0 to N-1, and N at least 1");
  }
  return shard;
}

struct CommonFlags {
  std::string data_dir = DefaultDataDir();
  std::string mecab_dicdir = "/var/lib/mecab/dic/ipadic-utf8";
  std::vector<std::string> gazetteers;
  std::string user_dic;
  std::string date;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool quiet = false;
};

void AddCommon(CLI::App* cmd, CommonFlags* f) {
  cmd->add_option("--date", f->date,
                  "Article date YYYY-MM-DD for every document (overrides "
                  "datelines); resolves relative dates like 昨年");
  cmd->add_option("--threads,-j", f->threads,
                  "Threads (default: all cores); 1 runs everything on one "
                  "thread")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--data-dir", f->data_dir,
                  "Folder with enamdict.idx and gazetteer.tsv "
                  "(default: $KIJI_DATA_DIR, else ../share/kiji beside an installed "
                  "kiji, else the build's data folder)");
  cmd->add_option("--mecab-dicdir", f->mecab_dicdir, "MeCab IPADIC folder");
  cmd->add_option("--gazetteer", f->gazetteers,
                  "Your gazetteer TSV file (name, TYPE, ...): its names win "
                  "over every other reading; repeatable");
  cmd->add_option("--user-dic", f->user_dic,
                  "Your MeCab user dictionary (MeCab's CSV), compiled once "
                  "into ~/.cache/kiji/userdic");
  cmd->add_flag("--quiet,-q", f->quiet, "No progress or summary on stderr");
}

absl::StatusOr<std::unique_ptr<kiji::pipeline::Analyzer>> MakeAnalyzer(
    const CommonFlags& f) {
  kiji::pipeline::AnalyzerOptions options;
  options.mecab_dicdir = f.mecab_dicdir;
  options.data_dir = f.data_dir;
  options.gazetteers = f.gazetteers;
  options.user_dic = f.user_dic;
  if (!f.date.empty()) options.date_override = ParseDateFlag(f.date);
  return kiji::pipeline::Analyzer::Create(options);
}

}  // namespace

int main(int argc, char** argv) {
  auto log = spdlog::stderr_color_mt("kiji");
  log->set_pattern("kiji: %^%l%$: %v");
  spdlog::set_default_logger(log);

  CLI::App app{
      "kiji (記事): batch-ingest news articles (mostly Japanese) into "
      "structured, reconciled entity records.\n\n"
      "Examples:\n"
      "  kiji ingest articles/ --out out/            # store in ~/.local/share/kiji\n"
      "  kiji ingest a.txt b/ --out out --store corpus.db --date 2024-08-19\n"
      "  echo '{\"id\":\"1\",\"text\":\"昨年OpenAIに入社した。\"}' | "
      "kiji extract --jsonl --date 2024-08-19\n"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::function<std::string()>(VersionText),
                       "Print the version of kiji and of its dictionaries");

  // ingest
  CommonFlags ingest_flags;
  std::vector<std::string> inputs;
  std::string out_dir;
  std::string store_path = DefaultStorePath();
  std::string overrides;
  auto* ingest = app.add_subcommand(
      "ingest",
      "Ingest files and folders: every file gets a line in documents.jsonl, "
      "new articles go into the store, entities.jsonl and names.jsonl are "
      "written to --out.\nExit status: 0 all files ok or duplicate, 1 some "
      "files failed, 2 usage error, 3 the run could not go on, 130/143 stopped "
      "by SIGINT/SIGTERM (re-run the same command to resume).");
  std::string files_from;
  bool files_from_nul = false;
  ingest->add_option("paths", inputs, "Files and folders to ingest");
  ingest->add_option("--files-from", files_from,
                     "Also ingest the paths listed in FILE, one per line ('-': "
                     "stdin), after those given as arguments");
  ingest->add_flag("-0,--null", files_from_nul,
                   "--files-from paths end with NUL, not a line break "
                   "(find -print0)");
  ingest->add_option("--out,-o", out_dir, "Output folder")->required();
  ingest->add_option("--store", store_path,
                     "Corpus store (SQLite). Default: $KIJI_STORE, else "
                     "$XDG_DATA_HOME/kiji/corpus.db, else "
                     "~/.local/share/kiji/corpus.db")
      ->capture_default_str();
  ingest->add_option("--overrides", overrides,
                     "Name overrides file (see README)");
  std::string shard;
  ingest->add_option("--shard", shard,
                     "K/N: ingest only shard K of N (0 <= K < N), by a hash "
                     "of each file's path under its input (the same split "
                     "on every machine)");
  AddCommon(ingest, &ingest_flags);

  // merge
  std::vector<std::string> merge_stores;
  std::string merge_target;
  std::string merge_out;
  std::string merge_overrides;
  std::string merge_data_dir = DefaultDataDir();
  bool merge_quiet = false;
  auto* merge = app.add_subcommand(
      "merge",
      "Merge the stores of shards (ingest --shard K/N) into --store TARGET "
      "(new or existing), reconciling names once over all of them: N shards "
      "merged give the entity ids of one ingest of the whole corpus, and "
      "merging into an existing store keeps its ids. Mentions are copied, "
      "not analysed again. TARGET is replaced only when the merge is "
      "complete.\n"
      "Examples:\n"
      "  kiji merge shards/shard-*.db --store corpus.db --out out/\n"
      "  kiji merge today/*.db --store corpus.db     # into yesterday's store\n"
      "Exit status: 0 merged, 1 some files in the shards had failed, 2 usage "
      "error, 3 the merge could not be done (TARGET unchanged), 130/143 "
      "stopped (TARGET unchanged).");
  merge->add_option("stores", merge_stores, "Shard stores to merge")
      ->required();
  merge->add_option("--store", merge_target, "Target store (created if missing)")
      ->required();
  merge->add_option("--out,-o", merge_out,
                    "Also write documents.jsonl, entities.jsonl (the shards' "
                    "files) and names.jsonl (the whole registry) here");
  merge->add_option("--overrides", merge_overrides,
                    "Name overrides file (see README), applied as in ingest");
  merge->add_option("--data-dir", merge_data_dir,
                    "Folder with enamdict.idx and names/match_thresholds.tsv");
  merge->add_flag("--quiet,-q", merge_quiet,
                  "No progress or summary on stderr");

  // extract
  CommonFlags extract_flags;
  bool jsonl = false;
  auto* extract = app.add_subcommand(
      "extract",
      "Streaming mode: JSON lines {\"id\",\"text\"[,\"date\"]} on stdin, "
      "{\"id\",...,\"entities\"} on stdout (other fields passed through); "
      "no store, no files.\n"
      "Every non-blank input line gets one output line, in input order. A "
      "line that cannot be used (not valid JSON, nested more than 64 levels, "
      "not an object, no string \"text\") gets "
      "{\"id\" (if known),\"line\":N,\"error\":\"...\"} instead (no "
      "\"entities\"; N counts all input lines from 1), and the same reason "
      "on stderr.\n"
      "Exit status: 0 every line answered with entities, 1 some lines got an "
      "error line, 2 usage error, 3 could not start (dictionaries) or stdout "
      "not writable.");
  extract->add_flag("--jsonl", jsonl,
                    "JSON lines in and out (the default and only format; "
                    "accepted for scripts that name it)");
  AddCommon(extract, &extract_flags);

  // names
  kiji::pipeline::NamesOptions names_options;
  names_options.store_path = DefaultStorePath();
  std::string names_type;
  auto* names = app.add_subcommand(
      "names", "List the store's entities with their variants, documents and "
               "the evidence for each merge, for review.\nExample: kiji names "
               "--type PERSON --grep シュルマン");
  names->add_option("--store", names_options.store_path, "Corpus store")
      ->capture_default_str();
  names->add_option("--type", names_type, "PERSON, COMPANY or ORG");
  names->add_option("--grep", names_options.grep,
                    "Only entities with a variant containing this text");
  names->add_flag("--json", names_options.json, "JSON lines output");

  // reconcile
  std::string reconcile_store = DefaultStorePath();
  std::string reconcile_overrides;
  auto* reconcile = app.add_subcommand(
      "reconcile",
      "Apply an overrides file's merge, split and canonical lines to the "
      "store's entities now, without reading any document again (a split "
      "line whose names are one entity splits the second off); every line "
      "that matches no entity is a warning naming the line.\nExample: kiji "
      "reconcile "
      "--overrides overrides.tsv && kiji export --out export/\n"
      "Exit status: 0 applied, 1 applied but some lines matched nothing, 2 "
      "usage error, 3 the store or the file is unusable.");
  reconcile->add_option("--overrides", reconcile_overrides,
                        "Overrides file (see README)")
      ->required();
  reconcile->add_option("--store", reconcile_store, "Corpus store")
      ->capture_default_str();

  // export
  kiji::pipeline::ExportOptions export_options;
  export_options.store_path = DefaultStorePath();
  std::string export_format = "jsonl";
  std::vector<std::string> export_types;
  std::string export_since;
  auto* exporter = app.add_subcommand(
      "export",
      "Write what the store holds as the contract's files: documents, "
      "entities (mentions) and names (the registry), as JSON lines or CSV/TSV "
      "with a header line.\nExamples:\n"
      "  kiji export --out all/                       # documents.jsonl, "
      "entities.jsonl, names.jsonl\n"
      "  kiji export --out csv/ --format csv --bom    # for Excel\n"
      "  kiji export --out new/ --since 2024-08-01 --type PERSON --type COMPANY\n"
      "Exit status: 0 written, 2 usage error, 3 the store or the output "
      "folder is unusable.");
  exporter->add_option("--out,-o", export_options.out_dir, "Output folder")
      ->required();
  exporter->add_option("--store", export_options.store_path, "Corpus store")
      ->capture_default_str();
  exporter->add_option("--format", export_format, "jsonl (default), csv or tsv")
      ->check(CLI::IsMember({"jsonl", "csv", "tsv"}));
  exporter->add_flag("--bom", export_options.bom,
                     "CSV/TSV: begin with a UTF-8 byte-order mark (Excel)");
  exporter->add_option("--type", export_types,
                       "Only mentions and entities of this type; repeatable");
  exporter->add_option("--since", export_since,
                       "Only documents dated on or after YYYY-MM-DD");
  exporter->add_option("--doc-id", export_options.doc_ids,
                       "Only this document; repeatable");

  // review
  kiji::pipeline::ReviewOptions review_options;
  review_options.store_path = DefaultStorePath();
  std::vector<std::string> review_types;
  auto* review = app.add_subcommand(
      "review",
      "Write one self-contained HTML page (no server, no network) for "
      "reviewing the store's entities: variants with counts, the evidence for "
      "each merge, sentences around mentions with their document's path and "
      "date, and override lines to copy (split a variant off, merge two "
      "ticked entities). The page is searchable and sortable and shows 100 "
      "entities at a time. Sentences come from the store's text of each "
      "document, so they need no article file.\n"
      "Example: kiji review --out review.html --type PERSON && "
      "xdg-open review.html\n"
      "Exit status: 0 written, 2 usage error, 3 the store or the file is "
      "unusable.");
  review->add_option("--out,-o", review_options.out_path, "HTML file to write")
      ->required();
  review->add_option("--store", review_options.store_path, "Corpus store")
      ->capture_default_str();
  review->add_option("--type", review_types,
                     "Only entities of this type (PERSON, COMPANY, ORG or "
                     "PRODUCT); repeatable");
  review->add_option("--contexts", review_options.contexts,
                     "Sentences shown per variant, each from another "
                     "document (default 3)")
      ->check(CLI::Range(0, 100));

  // match
  std::string match_data_dir = DefaultDataDir();
  std::string match_type = "PERSON";
  std::string match_thresholds;
  std::optional<std::string> name_a, name_b;
  bool match_jsonl = false;
  auto* match = app.add_subcommand(
      "match",
      "Decide whether two spellings name the same entity (no store needed).\n"
      "Examples:\n  kiji match ジョン・スミス \"John Smith\"\n"
      "  kiji match --jsonl < pairs.jsonl   # {\"a\",\"b\"[,\"type\"]} per line\n"
      "--jsonl: one output line per non-blank input line, in input order: "
      "{\"a\",\"b\",\"same\",\"score\",\"threshold\",\"basis\",\"close\",\"why\",...} "
      "(other fields passed through), or {\"id\" (if known),\"line\":N,\"error\":\"...\"} for a "
      "line that cannot be used (not valid JSON, nested more than 64 levels, "
      "no string \"a\"/\"b\", unknown \"type\"; no \"same\"; N counts all "
      "input lines from 1), with the same reason on stderr.\n"
      "Exit status: two names: 0 same, 1 different; --jsonl: 0 every line "
      "answered, 1 some lines got an error line; both: 2 usage error, 3 could "
      "not start (dictionary) or stdout not writable.");
  match->add_option("NAME1", name_a, "A name (without --jsonl)");
  match->add_option("NAME2", name_b, "The other name");
  match->add_flag("--jsonl", match_jsonl, "JSON lines on stdin and stdout");
  match->add_option("--type", match_type, "PERSON (default), COMPANY or ORG");
  match->add_option("--data-dir", match_data_dir,
                    "Folder with enamdict.idx and names/match_thresholds.tsv");
  match->add_option("--thresholds", match_thresholds,
                    "Per-part threshold table (default: "
                    "DATA_DIR/names/match_thresholds.tsv; \"none\": 0.75 for "
                    "every part)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print on stdout; an argument error is one
    // "kiji: error:" line on stderr, like every other error.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return app.exit(e);
    }
    spdlog::error("{}", e.what());
    std::cerr << "Run with --help for more information.\n";
    return kExitUsage;
  }

  if (reconcile->parsed()) {
    if (!StoreExists(reconcile_store)) return kExitFatal;
    auto summary =
        kiji::pipeline::RunReconcile(reconcile_store, reconcile_overrides);
    if (!summary.ok()) {
      spdlog::error("{}", std::string(summary.status().message()));
      return kExitFatal;
    }
    for (const std::string& m : summary->unmatched) spdlog::warn("{}", m);
    spdlog::info("{} merges and splits; store {}", summary->merges,
                 reconcile_store);
    return summary->unmatched.empty() ? kExitOk : kExitSomeFailed;
  }
  if (exporter->parsed()) {
    for (const std::string& t : export_types) {
      using kiji::corpus::EntityType;
      std::optional<EntityType> type;
      for (EntityType x : kiji::corpus::kAllEntityTypes) {
        if (kiji::corpus::EntityTypeName(x) == t) type = x;
      }
      if (!type) {
        spdlog::error("--type {}: expected PERSON, COMPANY, ORG, PRODUCT, "
                      "LOCATION, DATE, DURATION, AMOUNT or PERCENT",
                      t);
        return kExitUsage;
      }
      export_options.types.push_back(*type);
    }
    if (!export_since.empty()) {
      std::string why;
      if (!ParseDateFlag(export_since, &why)) {
        spdlog::error("--since {}: {}", export_since, why);
        return kExitUsage;
      }
      export_options.since = export_since;
    }
    export_options.format = export_format == "csv"   ? kiji::pipeline::ExportFormat::kCsv
                            : export_format == "tsv" ? kiji::pipeline::ExportFormat::kTsv
                                                     : kiji::pipeline::ExportFormat::kJsonl;
    if (!StoreExists(export_options.store_path)) return kExitFatal;
    auto summary = kiji::pipeline::RunExport(export_options);
    if (!summary.ok()) {
      spdlog::error("{}", std::string(summary.status().message()));
      return kExitFatal;
    }
    spdlog::info("exported {} documents, {} mentions, {} entities to {}",
                 summary->documents, summary->mentions, summary->entities,
                 export_options.out_dir);
    return kExitOk;
  }
  if (names->parsed()) {
    if (!names_type.empty()) {
      names_options.type = kiji::pipeline::ParseEntityType(names_type);
      if (!names_options.type) {
        spdlog::error("--type {}: expected PERSON, COMPANY or ORG", names_type);
        return kExitUsage;
      }
    }
    if (!StoreExists(names_options.store_path)) return kExitFatal;
    absl::Status s = kiji::pipeline::RunNames(names_options, std::cout);
    if (!s.ok()) {
      spdlog::error("{}", std::string(s.message()));
      return kExitFatal;
    }
    return kExitOk;
  }
  if (review->parsed()) {
    for (const std::string& t : review_types) {
      const auto type = kiji::pipeline::ParseEntityType(t);
      if (!type) {
        spdlog::error("--type {}: expected PERSON, COMPANY, ORG or PRODUCT", t);
        return kExitUsage;
      }
      review_options.types.push_back(*type);
    }
    if (!StoreExists(review_options.store_path)) return kExitFatal;
    auto summary = kiji::pipeline::RunReview(review_options);
    if (!summary.ok()) {
      spdlog::error("{}", std::string(summary.status().message()));
      return kExitFatal;
    }
    if (summary->contexts_without_text > 0) {
      spdlog::warn("{} of {} contexts show the mention alone: it was not "
                   "found in its document's stored text",
                   summary->contexts_without_text, summary->contexts);
    }
    spdlog::info("wrote {}: {} entities, {} contexts", review_options.out_path,
                 summary->entities, summary->contexts);
    return kExitOk;
  }
  if (merge->parsed()) {
    if (merge_quiet) spdlog::set_level(spdlog::level::warn);
    const std::unique_ptr<NameKnowledge> knowledge =
        LoadNameKnowledge(merge_data_dir, "");
    if (!knowledge) return kExitFatal;
    kiji::pipeline::MergeOptions options;
    options.stores = merge_stores;
    options.target = merge_target;
    options.out_dir = merge_out;
    options.overrides_path = merge_overrides;
    kiji::pipeline::ProgressMeter meter(stderr, StderrProgress());
    options.on_notice = [&meter](const std::string& m) {
      meter.Finish();
      spdlog::warn("{}", m);
    };
    // For crash tests only, as for ingest: SIGKILL after the N-th batch
    // (KIJI_TEST_KILL_AFTER_BATCHES=N), or when the merged copy is about to
    // replace TARGET (KIJI_TEST_KILL_BEFORE_REPLACE=1).
    int kill_after_batches = 0;
    if (const char* k = std::getenv("KIJI_TEST_KILL_AFTER_BATCHES"); k && *k) {
      kill_after_batches = std::atoi(k);
    }
    if (const char* k = std::getenv("KIJI_TEST_KILL_BEFORE_REPLACE"); k && *k) {
      options.before_replace = [] { ::raise(SIGKILL); };
    }
    if (!merge_quiet || kill_after_batches > 0) {
      options.on_progress = [&meter, quiet = merge_quiet, kill_after_batches,
                             batches = 0](
                                const kiji::pipeline::IngestProgress& p) mutable {
        if (kill_after_batches > 0 && ++batches >= kill_after_batches) {
          ::raise(SIGKILL);
        }
        if (!quiet) meter.Update(p);
      };
    }
    options.stop_signal = &g_stop_signal;
    InstallStopHandlers();
    auto summary = kiji::pipeline::RunMerge(*knowledge->matcher, options);
    meter.Finish();
    if (!summary.ok()) {
      spdlog::error("merge: {}", std::string(summary.status().message()));
      if (absl::IsCancelled(summary.status())) {
        return 128 + g_stop_signal.load();
      }
      return absl::IsInvalidArgument(summary.status()) ? kExitUsage
                                                       : kExitFatal;
    }
    spdlog::info("merged: {} ok, {} duplicate, {} error; {} mentions, {} "
                 "entities; store {}{}",
                 summary->ok, summary->duplicate, summary->error,
                 summary->mentions, summary->entities, merge_target,
                 merge_out.empty() ? "" : "; output in " + merge_out);
    return summary->error > 0 ? kExitSomeFailed : kExitOk;
  }
  if (match->parsed()) {
    auto type = kiji::pipeline::ParseEntityType(match_type);
    if (!type) {
      spdlog::error("--type {}: expected PERSON, COMPANY or ORG", match_type);
      return kExitUsage;
    }
    if (match_jsonl == (name_a.has_value() && name_b.has_value()) ||
        (name_a.has_value() != name_b.has_value())) {
      spdlog::error("match: give two names, or --jsonl (not both)");
      return kExitUsage;
    }
    const std::unique_ptr<NameKnowledge> knowledge =
        LoadNameKnowledge(match_data_dir, match_thresholds);
    if (!knowledge) return kExitFatal;
    const auto& matcher = knowledge->matcher;
    if (match_jsonl) {
      std::ios::sync_with_stdio(false);
      auto summary = kiji::pipeline::RunMatchStream(
          *matcher, *type, std::cin, std::cout,
          [](const std::string& m) { spdlog::error("stdin {}", m); });
      if (!summary.ok()) {
        spdlog::error("stdout: {}", std::string(summary.status().message()));
        return kExitFatal;
      }
      return summary->errors > 0 ? kExitSomeFailed : kExitOk;
    }
    const kiji::reconcile::NameMatch m = matcher->Match(*name_a, *name_b, *type);
    std::cout << (m.same ? "same" : "different") << "  score " << m.score
              << " (needs " << m.threshold
              << (m.basis.empty() ? "" : ", " + m.basis + " morae") << ")"
              << (matcher->IsCloseCall(m) ? "  (close call)" : "") << "  "
              << m.why << '\n';
    // Like cmp: the answer is also the exit status.
    return m.same ? kExitOk : kExitSomeFailed;
  }

  CommonFlags& flags = ingest->parsed() ? ingest_flags : extract_flags;
  if (std::string why; !flags.date.empty() && !ParseDateFlag(flags.date, &why)) {
    spdlog::error("--date {}: {}", flags.date, why);
    return kExitUsage;
  }
  if (flags.quiet) spdlog::set_level(spdlog::level::warn);

  auto analyzer = MakeAnalyzer(flags);
  if (!analyzer.ok()) {
    spdlog::error("{}", std::string(analyzer.status().message()));
    if (absl::IsNotFound(analyzer.status())) {
      spdlog::error("{}", DataDirHint(flags.data_dir));
    }
    return kExitFatal;
  }

  if (extract->parsed()) {
    kiji::pipeline::ExtractStreamOptions options;
    options.threads = flags.threads;
    options.on_error = [](const std::string& m) { spdlog::error("stdin {}", m); };
    std::ios::sync_with_stdio(false);
    auto summary = kiji::pipeline::RunExtractStream(**analyzer, std::cin,
                                                    std::cout, options);
    if (!summary.ok()) {
      spdlog::error("stdout: {}", std::string(summary.status().message()));
      return kExitFatal;
    }
    return summary->errors > 0 ? kExitSomeFailed : kExitOk;
  }

  if (!files_from.empty()) {
    std::ifstream list_file;
    if (files_from != "-") {
      list_file.open(files_from, std::ios::binary);
      if (!list_file) {
        spdlog::error("--files-from {}: cannot open: {}", files_from,
                      std::strerror(errno));
        return kExitUsage;
      }
    }
    std::istream& list = files_from == "-" ? std::cin : list_file;
    std::string path;
    while (std::getline(list, path, files_from_nul ? '\0' : '\n')) {
      if (!files_from_nul && !path.empty() && path.back() == '\r') {
        path.pop_back();
      }
      if (!path.empty()) inputs.push_back(path);
    }
  }
  if (inputs.empty()) {
    spdlog::error("ingest: give files or folders, or --files-from FILE");
    std::cerr << "Run with --help for more information.\n";
    return kExitUsage;
  }
  kiji::pipeline::IngestOptions options;
  if (!shard.empty()) {
    auto parsed = ParseShard(shard);
    if (!parsed.ok()) {
      std::cerr << "kiji: error: --shard " << shard << ": "
                << parsed.status().message() << "\n";
      return kExitUsage;
    }
    options.shard = *parsed;
  }
  options.inputs = inputs;
  options.out_dir = out_dir;
  options.store_path = store_path;
  options.overrides_path = overrides;
  options.threads = flags.threads;
  kiji::pipeline::ProgressMeter meter(stderr, StderrProgress());
  // Messages go on their own line, not after a drawn progress line.
  options.on_file_error = [&meter](const std::string& m) {
    meter.Finish();
    spdlog::warn("{}", m);
  };
  // Shown even with --quiet: waiting for another process, resuming.
  options.on_notice = [&meter](const std::string& m) {
    meter.Finish();
    spdlog::warn("{}", m);
  };
  options.stop_signal = &g_stop_signal;
  InstallStopHandlers();
  // For crash tests only: KIJI_TEST_KILL_AFTER_BATCHES=N kills the process
  // (SIGKILL, no clean-up) right after its N-th batch is committed, so a
  // test can stop a run at every batch boundary deterministically.
  int kill_after_batches = 0;
  if (const char* k = std::getenv("KIJI_TEST_KILL_AFTER_BATCHES"); k && *k) {
    kill_after_batches = std::atoi(k);
  }
  if (!flags.quiet || kill_after_batches > 0) {
    options.on_progress = [&meter, quiet = flags.quiet, kill_after_batches,
                           batches = 0](
                              const kiji::pipeline::IngestProgress& p) mutable {
      if (kill_after_batches > 0 && ++batches >= kill_after_batches) {
        ::raise(SIGKILL);
      }
      if (!quiet) meter.Update(p);
    };
  }
  auto summary = kiji::pipeline::RunIngest(**analyzer, options);
  meter.Finish();
  if (!summary.ok()) {
    spdlog::error("{}", std::string(summary.status().message()));
    if (absl::IsCancelled(summary.status())) return 128 + g_stop_signal.load();
    return kExitFatal;
  }
  spdlog::info("done: {} ok, {} duplicate, {} error; {} mentions, {} entities; "
               "store {}; output in {}",
               summary->ok, summary->duplicate, summary->error,
               summary->mentions, summary->entities, store_path, out_dir);
  return summary->error > 0 ? kExitSomeFailed : kExitOk;
}
