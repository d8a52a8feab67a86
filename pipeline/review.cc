#include "pipeline/review.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "corpus/script.h"
#include "corpus/sha256.h"
#include "corpus/status_macros.h"
#include "review_page_assets.h"  // generated from pipeline/review/page.*
#include "store/json_appender.h"
#include "store/jsonl_writer.h"
#include "pipeline/name_commands.h"
#include "store/store.h"
#include "tokenizers/normalizer.h"

namespace kiji::pipeline {
namespace {

using nlohmann::ordered_json;

// Where the page template takes the embedded style sheet and script and the
// data blob.
constexpr std::string_view kStyleMarker = "{{style}}";
constexpr std::string_view kScriptMarker = "{{script}}";
constexpr std::string_view kDataMarker = "{{data}}";

// A mention chosen to be shown in its sentence.
struct ContextPick {
  size_t doc = 0;  // index into Picks::docs
  uint32_t start = 0;
  uint32_t end = 0;
  MentionContext shown;  // the mention alone until its sentence is cut
  bool found = false;    // its sentence was cut from the stored text
};

// A document that one or more picks come from.
struct DocRef {
  std::string doc_id;
  std::string path;
  std::optional<std::string> date;
  int64_t chars = 0;          // code points of the original
  std::vector<size_t> picks;  // indices into Picks::contexts
};

struct Picks {
  std::vector<DocRef> docs;
  std::vector<ContextPick> contexts;
  // [entity][variant] -> indices into `contexts`, in document order.
  std::vector<std::vector<std::vector<size_t>>> by_variant;
};

bool IsLineBreak(char32_t c) { return c == U'\n' || c == U'\r'; }

bool IsSentenceEnd(char32_t c) {
  return IsLineBreak(c) || c == U'。' || c == U'！' || c == U'？' ||
         c == U'!' || c == U'?';
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\u3000'; }

std::string Utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (const char32_t c : text) {
    char buf[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::u32string CodePoints(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    out.push_back(corpus::NextCodePoint(utf8, &i));
  }
  return out;
}

// Chooses up to `per_variant` mentions of each variant of `entities`, each
// from another document, the earliest documents first.
absl::StatusOr<Picks> PickContexts(
    store::Store& store, const std::vector<store::EntityRecord>& entities,
    size_t per_variant) {
  Picks picks;
  std::unordered_map<std::string_view, size_t> entity_index;
  picks.by_variant.resize(entities.size());
  for (size_t i = 0; i < entities.size(); ++i) {
    entity_index.emplace(entities[i].entity_id, i);
    picks.by_variant[i].resize(entities[i].variants.size());
  }
  if (per_variant == 0) return picks;
  RETURN_IF_ERROR(store.ForEachStoredDocument(
      [&](const store::StoredDocument& d,
          const std::vector<store::StoredMention>& mentions) -> absl::Status {
        std::optional<size_t> doc;
        for (const store::StoredMention& m : mentions) {
          const auto it = entity_index.find(m.entity_id);
          if (it == entity_index.end()) continue;
          const std::vector<store::EntityVariant>& variants =
              entities[it->second].variants;
          const auto v = std::find_if(
              variants.begin(), variants.end(),
              [&](const store::EntityVariant& x) { return x.text == m.text; });
          if (v == variants.end()) continue;
          std::vector<size_t>& slot =
              picks.by_variant[it->second]
                              [static_cast<size_t>(v - variants.begin())];
          if (slot.size() >= per_variant ||
              (doc && !slot.empty() &&
               picks.contexts[slot.back()].doc == *doc)) {
            continue;
          }
          if (!doc) {
            doc = picks.docs.size();
            picks.docs.push_back({d.doc_id, d.path, d.date, d.chars, {}});
          }
          slot.push_back(picks.contexts.size());
          picks.docs[*doc].picks.push_back(picks.contexts.size());
          picks.contexts.push_back({*doc, m.start, m.end, {"", m.text, ""}});
        }
        return absl::OkStatus();
      }));
  return picks;
}

// The code point of `text` where `needle` occurs nearest to `near`, or
// nullopt when it does not occur.
std::optional<size_t> NearestOccurrence(std::u32string_view text,
                                        std::u32string_view needle,
                                        size_t near) {
  std::optional<size_t> best;
  if (needle.empty()) return best;
  for (size_t at = text.find(needle); at != std::u32string_view::npos;
       at = text.find(needle, at + 1)) {
    const auto distance = [&](size_t x) { return x > near ? x - near : near - x; };
    if (!best || distance(at) < distance(*best)) best = at;
    if (at > near) break;  // later ones are further
  }
  return best;
}

// Cuts the sentences of `doc`'s picks from its normalised text in the store
// (the original is not kept; the normalised text is the one the extractors
// read, without a web page's markup). A mention is looked for in its
// normalised form, at the occurrence nearest to where its offset in the
// original falls; one that is not found stays the mention alone.
absl::Status CutSentences(store::Store& store,
                          const tokenizers::Normalizer& normalizer,
                          DocRef& doc, std::vector<ContextPick>& contexts) {
  ASSIGN_OR_RETURN(const std::string normalized,
                   store.NormalizedText(doc.doc_id));
  const std::u32string text = CodePoints(normalized);
  std::string needle;
  corpus::OffsetMap unused;
  for (const size_t i : doc.picks) {
    ContextPick& pick = contexts[i];
    normalizer.Normalize(pick.shown.mention, &needle, &unused);
    const std::u32string mention = CodePoints(needle);
    const size_t near =
        doc.chars > 0 ? static_cast<size_t>(static_cast<double>(pick.start) *
                                            static_cast<double>(text.size()) /
                                            static_cast<double>(doc.chars))
                      : pick.start;
    const std::optional<size_t> at = NearestOccurrence(text, mention, near);
    if (!at) continue;
    std::optional<MentionContext> sentence =
        SentenceAround(text, *at, *at + mention.size());
    if (!sentence) continue;
    pick.shown = *std::move(sentence);
    pick.found = true;
  }
  return absl::OkStatus();
}

ordered_json EvidenceJson(const store::MergeEvidence& x, bool with_variant) {
  ordered_json j;
  if (with_variant) j["variant"] = x.variant;
  j["rule"] = x.rule;
  j["score"] = x.score;
  j["other"] = x.other;
  return j;
}

// One entity of the data blob: its record, and per variant its evidence and
// contexts. Evidence about a name that is no longer one of its variants
// goes into the entity's own "evidence" list.
ordered_json EntityJson(const store::EntityRecord& e,
                        const std::vector<store::MergeEvidence>& evidence,
                        const std::vector<std::vector<size_t>>& variant_picks,
                        const Picks& picks) {
  ordered_json variants = ordered_json::array();
  int64_t mentions = 0;
  for (size_t v = 0; v < e.variants.size(); ++v) {
    ordered_json ev = ordered_json::array();
    for (const store::MergeEvidence& x : evidence) {
      if (x.variant == e.variants[v].text) ev.push_back(EvidenceJson(x, false));
    }
    ordered_json contexts = ordered_json::array();
    for (const size_t i : variant_picks[v]) {
      const ContextPick& c = picks.contexts[i];
      contexts.push_back({{"doc", c.doc},
                          {"before", c.shown.before},
                          {"mention", c.shown.mention},
                          {"after", c.shown.after},
                          {"found", c.found}});
    }
    variants.push_back({{"text", e.variants[v].text},
                        {"count", e.variants[v].count},
                        {"evidence", std::move(ev)},
                        {"contexts", std::move(contexts)}});
    mentions += e.variants[v].count;
  }
  ordered_json j = {
      {"id", e.entity_id},    {"type", corpus::EntityTypeName(e.type)},
      {"name", e.canonical},  {"docs", e.docs.size()},
      {"mentions", mentions}, {"variants", std::move(variants)}};
  ordered_json other = ordered_json::array();
  for (const store::MergeEvidence& x : evidence) {
    const bool is_variant = std::any_of(
        e.variants.begin(), e.variants.end(),
        [&](const store::EntityVariant& v) { return v.text == x.variant; });
    if (!is_variant) other.push_back(EvidenceJson(x, true));
  }
  if (!other.empty()) j["evidence"] = std::move(other);
  return j;
}

// The data blob, written piece by piece (the entities one at a time):
//   {"store", "contexts" (per variant), "types" (the filter), "entities",
//    "docs": [{"path", "date"}]}
// Contexts name their document by its index in "docs"; "found" is false for
// a mention shown alone (not found in the stored text).
absl::Status WriteData(store::Store& store, const ReviewOptions& options,
                       const std::vector<store::EntityRecord>& entities,
                       const Picks& picks, store::JsonlFile& out) {
  ordered_json types = ordered_json::array();
  for (const corpus::EntityType t : options.types) {
    types.push_back(corpus::EntityTypeName(t));
  }
  RETURN_IF_ERROR(out.WriteText(EscapeJsonForScript(
      absl::StrCat("{\"store\":", store::DumpLine(options.store_path),
                   ",\"contexts\":", options.contexts,
                   ",\"types\":", store::DumpLine(types), ",\"entities\":["))));
  for (size_t i = 0; i < entities.size(); ++i) {
    ASSIGN_OR_RETURN(const std::vector<store::MergeEvidence> evidence,
                     store.Evidence(entities[i].entity_id));
    const ordered_json entity =
        EntityJson(entities[i], evidence, picks.by_variant[i], picks);
    RETURN_IF_ERROR(out.WriteText(EscapeJsonForScript(
        absl::StrCat(i == 0 ? "" : ",\n", store::DumpLine(entity)))));
  }
  ordered_json docs = ordered_json::array();
  for (const DocRef& d : picks.docs) {
    docs.push_back({{"path", d.path},
                    {"date", d.date ? ordered_json(*d.date) : ordered_json()}});
  }
  return out.WriteText(EscapeJsonForScript(
      absl::StrCat("],\n\"docs\":", store::DumpLine(docs), "}")));
}

// The page template with its markers replaced: the style sheet and the
// script by the embedded files, the data by `write_data`.
absl::Status WritePage(store::JsonlFile& out,
                       const std::function<absl::Status()>& write_data) {
  std::string_view rest = review_page::kHtml;
  for (size_t at; (at = rest.find("{{")) != std::string_view::npos;) {
    RETURN_IF_ERROR(out.WriteText(rest.substr(0, at)));
    rest.remove_prefix(at);
    if (rest.starts_with(kStyleMarker)) {
      RETURN_IF_ERROR(out.WriteText(review_page::kCss));
      rest.remove_prefix(kStyleMarker.size());
    } else if (rest.starts_with(kScriptMarker)) {
      RETURN_IF_ERROR(out.WriteText(review_page::kJs));
      rest.remove_prefix(kScriptMarker.size());
    } else if (rest.starts_with(kDataMarker)) {
      RETURN_IF_ERROR(write_data());
      rest.remove_prefix(kDataMarker.size());
    } else {
      RETURN_IF_ERROR(out.WriteText(rest.substr(0, 2)));
      rest.remove_prefix(2);
    }
  }
  return out.WriteText(rest);
}

}  // namespace

std::optional<MentionContext> SentenceAround(std::u32string_view text,
                                             size_t start, size_t end) {
  if (start > end || end > text.size()) return std::nullopt;
  // The sentence's ends are looked for at most kContextChars away: what lies
  // further is cut anyway.
  size_t begin = start;
  while (begin > 0 && start - begin < kContextChars &&
         !IsSentenceEnd(text[begin - 1])) {
    --begin;
  }
  while (begin < start && IsSpace(text[begin])) ++begin;
  size_t stop = end;
  while (stop < text.size() && stop - end < kContextChars &&
         !IsSentenceEnd(text[stop])) {
    ++stop;
  }
  if (stop < text.size() && IsSentenceEnd(text[stop]) &&
      !IsLineBreak(text[stop])) {
    ++stop;  // the sentence's own 。 or ?
  }
  // Room for the sentence around the mention, shared evenly unless one side
  // needs less; a long mention still gets some.
  constexpr size_t kMinRoom = 40;
  const size_t mention_chars = end - start;
  const size_t room = std::max(
      kContextChars - std::min(kContextChars, mention_chars), kMinRoom);
  const size_t left_chars = start - begin;
  const size_t right_chars = stop - end;
  const size_t left =
      std::min(left_chars, room - std::min(right_chars, room / 2));
  const size_t right = std::min(right_chars, room - left);
  MentionContext c;
  c.before = absl::StrCat(left < left_chars ? "…" : "",
                          Utf8(text.substr(start - left, left)));
  c.mention = Utf8(text.substr(start, mention_chars));
  c.after = absl::StrCat(Utf8(text.substr(end, right)),
                         right < right_chars ? "…" : "");
  return c;
}

std::string EscapeJsonForScript(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && json.substr(i + 1, 1) == "/") {
      out += "<\\/";
      ++i;
    } else if (json[i] == '<' && json.substr(i + 1, 3) == "!--") {
      out += "\\u003c";
    } else {
      out += json[i];
    }
  }
  return out;
}

absl::StatusOr<ReviewSummary> RunReview(const ReviewOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenStoreOfCommand(options.store_path));
  ASSIGN_OR_RETURN(std::vector<store::EntityRecord> entities,
                   store->LoadRegistry());
  if (!options.types.empty()) {
    std::erase_if(entities, [&](const store::EntityRecord& e) {
      return std::find(options.types.begin(), options.types.end(), e.type) ==
             options.types.end();
    });
  }
  ASSIGN_OR_RETURN(
      Picks picks,
      PickContexts(*store, entities,
                   static_cast<size_t>(std::max(options.contexts, 0))));
  ASSIGN_OR_RETURN(std::unique_ptr<tokenizers::Normalizer> normalizer,
                   tokenizers::Normalizer::Create());
  ReviewSummary summary;
  summary.entities = static_cast<int64_t>(entities.size());
  for (DocRef& doc : picks.docs) {
    RETURN_IF_ERROR(CutSentences(*store, *normalizer, doc, picks.contexts));
  }
  for (const ContextPick& c : picks.contexts) {
    ++summary.contexts;
    if (!c.found) ++summary.contexts_without_text;
  }

  const std::filesystem::path out_path(options.out_path);
  const std::string dir =
      out_path.has_parent_path() ? out_path.parent_path().string() : ".";
  ASSIGN_OR_RETURN(std::unique_ptr<store::JsonlFile> out,
                   store::JsonlFile::Create(dir, out_path.filename().string()));
  RETURN_IF_ERROR(WritePage(
      *out, [&] { return WriteData(*store, options, entities, picks, *out); }));
  RETURN_IF_ERROR(out->Commit());
  return summary;
}

}  // namespace kiji::pipeline
