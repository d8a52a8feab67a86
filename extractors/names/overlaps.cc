// Overlap resolution: the strongest, longest candidates that do not
// overlap become the document's mentions.
#include <algorithm>
#include <iterator>
#include <map>
#include <utility>
#include <vector>

#include "extractors/names/run.h"

namespace kiji::extractors::names {

void Run::Emit() {
  // Non-overlapping: longer and stronger first.
  std::vector<size_t> order;
  for (size_t i = 0; i < cands_.size(); ++i) {
    const Candidate& c = cands_[i];
    if (!c.type) continue;
    if (c.generic && c.strength < 2) continue;
    order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Candidate& x = cands_[a];
    const Candidate& y = cands_[b];
    if (x.strength != y.strength) return x.strength > y.strength;
    if (x.end - x.begin != y.end - y.begin) {
      return x.end - x.begin > y.end - y.begin;
    }
    return x.begin < y.begin;
  });
  // Taken spans, begin -> end. They are disjoint, so the one that begins
  // last before `c.end` is the only one that can overlap `c`.
  std::map<uint32_t, uint32_t> taken;
  std::vector<size_t> kept;
  for (size_t i : order) {
    const Candidate& c = cands_[i];
    auto it = taken.lower_bound(c.end);
    if (it != taken.begin() && std::prev(it)->second > c.begin) continue;
    taken.emplace(c.begin, c.end);
    kept.push_back(i);
  }
  std::sort(kept.begin(), kept.end(), [&](size_t a, size_t b) {
    return cands_[a].begin < cands_[b].begin;
  });
  // Mention index of each kept candidate.
  constexpr size_t kNotKept = static_cast<size_t>(-1);
  std::vector<size_t> mention_of(cands_.size(), kNotKept);
  const size_t base = doc_->mentions.size();
  for (size_t k = 0; k < kept.size(); ++k) mention_of[kept[k]] = base + k;
  for (size_t i : kept) {
    const Candidate& c = cands_[i];
    corpus::Mention m;
    m.type = *c.type;
    m.norm_begin = c.begin;
    m.norm_end = c.end;
    m.source = c.source;
    if (c.alias_of && *c.alias_of < mention_of.size() &&
        mention_of[*c.alias_of] != kNotKept) {
      m.alias_of = mention_of[*c.alias_of];
    }
    doc_->mentions.push_back(std::move(m));
  }
}

}  // namespace kiji::extractors::names
