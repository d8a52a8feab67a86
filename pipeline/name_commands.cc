#include "pipeline/name_commands.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "store/jsonl_writer.h"
#include "corpus/status_macros.h"
#include "store/store.h"
#include "pipeline/json_lines.h"
#include "reconcile/reconciler.h"

namespace kiji::pipeline {

std::optional<corpus::EntityType> ParseEntityType(std::string_view name) {
  for (corpus::EntityType t :
       {corpus::EntityType::kPerson, corpus::EntityType::kCompany,
        corpus::EntityType::kOrg, corpus::EntityType::kProduct}) {
    if (corpus::EntityTypeName(t) == name) return t;
  }
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<store::Store>> OpenStoreOfCommand(
    const std::string& path) {
  store::StoreOptions options;
  options.lock_timeout_seconds = 60;
  return store::Store::Open(path, options);
}

absl::Status RunNames(const NamesOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenStoreOfCommand(options.store_path));
  ASSIGN_OR_RETURN(std::vector<store::EntityRecord> registry,
                   store->LoadRegistry());
  store::JsonAppender json;
  for (const store::EntityRecord& e : registry) {
    if (options.type && e.type != *options.type) continue;
    if (!options.grep.empty()) {
      bool hit = e.canonical.find(options.grep) != std::string::npos;
      for (const auto& v : e.variants) {
        hit = hit || v.text.find(options.grep) != std::string::npos;
      }
      if (!hit) continue;
    }
    ASSIGN_OR_RETURN(std::vector<store::MergeEvidence> evidence,
                     store->Evidence(e.entity_id));
    if (options.json) {
      // The entity's line of entities.jsonl, with "evidence" added last.
      json.Clear();
      store::AppendEntityLine(e, &json);
      nlohmann::ordered_json ev = nlohmann::ordered_json::array();
      for (const auto& x : evidence) {
        ev.push_back({{"variant", x.variant},
                      {"rule", x.rule},
                      {"score", x.score},
                      {"other", x.other}});
      }
      std::string line = json.text();
      line.pop_back();  // the closing brace
      out << line << ",\"evidence\":" << store::DumpLine(ev) << "}\n";
      continue;
    }
    out << e.entity_id << '\t' << corpus::EntityTypeName(e.type) << '\t'
        << e.canonical << "\t(" << e.docs.size() << " docs)\n";
    for (const auto& v : e.variants) {
      out << "    " << v.text << " ×" << v.count << '\n';
    }
    for (const auto& x : evidence) {
      out << "    evidence: " << x.variant << " <- " << x.rule;
      if (!x.other.empty()) out << " [" << x.other << "]";
      out << '\n';
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ReconcileSummary> RunReconcile(const std::string& store_path,
                                              const std::string& overrides) {
  ASSIGN_OR_RETURN(reconcile::Overrides loaded,
                   reconcile::LoadOverrides(overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenStoreOfCommand(store_path));
  // Overrides name entities by their texts: no spelling is compared.
  ASSIGN_OR_RETURN(std::unique_ptr<reconcile::NameMatcher> matcher,
                   reconcile::NameMatcher::Create({}));
  ASSIGN_OR_RETURN(std::unique_ptr<reconcile::Reconciler> reconciler,
                   reconcile::Reconciler::Create(store.get(), matcher.get(),
                                                 std::move(loaded)));
  ReconcileSummary summary;
  RETURN_IF_ERROR(store->Begin());
  absl::StatusOr<int> merges = reconciler->ApplyOverrides();
  if (!merges.ok()) {
    (void)store->Rollback();
    return merges.status();
  }
  RETURN_IF_ERROR(store->Commit());
  summary.merges = *merges;
  summary.unmatched = reconciler->UnmatchedOverrides();
  return summary;
}

absl::StatusOr<MatchStreamSummary> RunMatchStream(
    const reconcile::NameMatcher& matcher, corpus::EntityType default_type,
    std::istream& in, std::ostream& out,
    const std::function<void(const std::string&)>& on_error) {
  MatchStreamSummary summary;
  std::string line;
  while (std::getline(in, line)) {
    ++summary.lines;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    absl::StatusOr<nlohmann::ordered_json> parsed = ParseJsonLine(line);
    nlohmann::ordered_json j;
    if (parsed.ok()) j = *std::move(parsed);
    std::string why;
    corpus::EntityType type = default_type;
    if (!parsed.ok()) {
      why = std::string(parsed.status().message());
    } else if (!j.is_object()) {
      why = "not a JSON object";
    } else if (!j.contains("a") || !j["a"].is_string() || !j.contains("b") ||
               !j["b"].is_string()) {
      why = "needs string fields \"a\" and \"b\"";
    } else if (j.contains("type")) {
      const std::optional<corpus::EntityType> named =
          j["type"].is_string() ? ParseEntityType(j["type"].get<std::string>())
                                : std::nullopt;
      if (named) {
        type = *named;
      } else {
        why = "\"type\" must be PERSON, COMPANY, ORG or PRODUCT";
      }
    }
    if (!why.empty()) {
      ++summary.errors;
      on_error(absl::StrCat("line ", summary.lines, ": ", why));
      out << ErrorLine(&j, summary.lines, why);
    } else {
      const reconcile::NameMatch m = matcher.Match(
          j["a"].get<std::string>(), j["b"].get<std::string>(), type);
      nlohmann::ordered_json r;
      r["a"] = j["a"];
      r["b"] = j["b"];
      r["same"] = m.same;
      r["score"] = m.score;
      r["threshold"] = m.threshold;
      r["basis"] = m.basis;
      r["close"] = matcher.IsCloseCall(m);
      r["why"] = m.why;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!r.contains(it.key())) r[it.key()] = it.value();
      }
      out << store::DumpLine(r) << '\n';
    }
    // Each answer is out before the next line is read: a crash later loses
    // nothing already answered.
    out.flush();
    if (!out) {
      return absl::DataLossError(
          absl::StrCat("write failed: ", std::strerror(errno)));
    }
  }
  return summary;
}

}  // namespace kiji::pipeline
