#include "corpus/offset_map.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace kiji::corpus {
namespace {

using Span = std::pair<uint32_t, uint32_t>;

struct Segment {
  uint32_t orig_chars;
  size_t norm_bytes;
};

struct Query {
  size_t norm_begin;
  size_t norm_end;
  Span expected;
};

struct MapCase {
  const char* name;
  std::vector<Segment> segments;
  uint32_t orig_chars;
  size_t norm_bytes;
  std::vector<uint32_t> norm_to_orig;  // with end sentinel
  std::vector<Query> queries;
};

OffsetMap Build(const std::vector<Segment>& segments) {
  OffsetMap map;
  for (const Segment& s : segments) map.AddSegment(s.orig_chars, s.norm_bytes);
  return map;
}

TEST(OffsetMapTest, Table) {
  const MapCase kCases[] = {
      {"empty", {}, 0, 0, {0}, {{0, 0, {0, 0}}, {3, 7, {0, 0}}}},
      {"identity ascii",
       {{1, 1}, {1, 1}, {1, 1}},
       3,
       3,
       {0, 1, 2, 3},
       {{0, 3, {0, 3}}, {1, 2, {1, 2}}, {2, 2, {2, 2}}, {3, 3, {3, 3}}}},
      // "a㋀b" -> "a1月b": ㋀ (1 char) made 4 bytes.
      {"expansion",
       {{1, 1}, {1, 4}, {1, 1}},
       3,
       6,
       {0, 1, 1, 1, 1, 2, 3},
       {{1, 5, {1, 2}},
        {1, 2, {1, 2}},  // "1" alone: whole ㋀
        {2, 5, {1, 2}},  // "月" alone
        {3, 4, {1, 2}},  // inside a UTF-8 sequence
        {0, 2, {0, 2}},
        {4, 6, {1, 3}},
        {2, 2, {1, 1}}}},  // empty inside the expansion: its start
      // "ｶﾞ" -> "ガ": two chars made 3 bytes.
      {"contraction",
       {{2, 3}, {1, 1}},
       3,
       4,
       {0, 0, 0, 2, 3},
       {{0, 3, {0, 2}}, {1, 2, {0, 2}}, {3, 4, {2, 3}}, {0, 4, {0, 3}}}},
      // "A ​B" with the space and U+200B removed, "A B" -> "AB".
      {"removed inside",
       {{1, 1}, {2, 0}, {1, 1}},
       4,
       2,
       {0, 3, 4},
       {{0, 1, {0, 1}}, {1, 2, {3, 4}}, {0, 2, {0, 4}}, {1, 1, {3, 3}}}},
      {"removed at both ends",
       {{2, 0}, {1, 3}, {1, 0}, {1, 0}},
       5,
       3,
       {2, 2, 2, 5},
       {{0, 3, {2, 3}}, {1, 2, {2, 3}}, {0, 0, {2, 2}}, {3, 3, {5, 5}}}},
      // Consecutive removed segments merge into one gap, which is still not
      // part of a span ending before it.
      {"adjacent gaps",
       {{1, 2}, {1, 0}, {3, 0}, {1, 1}},
       6,
       3,
       {0, 0, 5, 6},
       {{0, 2, {0, 1}}, {0, 1, {0, 1}}, {2, 3, {5, 6}}, {0, 3, {0, 6}}}},
      // A collapsed run: 3 chars made 1 byte.
      {"run",
       {{1, 1}, {3, 1}, {1, 1}},
       5,
       3,
       {0, 1, 4, 5},
       {{1, 2, {1, 4}}, {0, 2, {0, 4}}, {2, 3, {4, 5}}}},
      // Inserted bytes join the previous segment, or the next at the start.
      {"insertions",
       {{0, 2}, {1, 1}, {0, 1}, {1, 1}},
       2,
       5,
       {0, 0, 0, 0, 1, 2},
       {{0, 1, {0, 1}}, {3, 4, {0, 1}}, {4, 5, {1, 2}}}},
      {"clamped",
       {{1, 1}, {1, 1}},
       2,
       2,
       {0, 1, 2},
       {{1, 99, {1, 2}}, {99, 99, {2, 2}}, {2, 1, {1, 1}}}},
  };
  for (const MapCase& c : kCases) {
    SCOPED_TRACE(c.name);
    const OffsetMap map = Build(c.segments);
    EXPECT_EQ(map.OriginalChars(), c.orig_chars);
    EXPECT_EQ(map.NormalizedBytes(), c.norm_bytes);
    EXPECT_EQ(map.norm_to_orig(), c.norm_to_orig);
    for (const Query& q : c.queries) {
      SCOPED_TRACE(testing::Message()
                   << "[" << q.norm_begin << ", " << q.norm_end << ")");
      EXPECT_EQ(map.ToOriginalSpan(q.norm_begin, q.norm_end), q.expected);
    }
  }
}

TEST(OffsetMapTest, SegmentBoundaries) {
  // "a㋀b": boundaries at 0, 1, 5, 6.
  const OffsetMap map = Build({{1, 1}, {1, 4}, {1, 1}});
  const bool kExpected[] = {true, true, false, false, false, true, true, false};
  for (size_t i = 0; i < std::size(kExpected); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(map.IsSegmentBoundary(i), kExpected[i]);
  }
  EXPECT_EQ(map.ToOriginal(3), 1u);
  EXPECT_EQ(map.ToOriginal(5), 2u);
  EXPECT_EQ(map.ToOriginal(100), 3u);
}

TEST(OffsetMapTest, ClearAndReuse) {
  OffsetMap map = Build({{1, 0}, {2, 3}});
  map.Clear();
  EXPECT_EQ(map.OriginalChars(), 0u);
  EXPECT_EQ(map.NormalizedBytes(), 0u);
  map.AddSegment(1, 2);
  map.AddSegment(1, 0);
  EXPECT_EQ(map.ToOriginalSpan(0, 2), Span(0, 1));
  EXPECT_EQ(map.ToOriginalSpan(1, 2), Span(0, 1));
}

TEST(OffsetMapTest, LongSegmentEndFoundBySearch) {
  // One base character with many combining marks, as in "Zalgo" text.
  const OffsetMap map = Build({{1, 1}, {5000, 10000}, {2, 0}, {1, 1}});
  EXPECT_EQ(map.ToOriginalSpan(1, 2), Span(1, 5001));
  EXPECT_EQ(map.ToOriginalSpan(0, 5000), Span(0, 5001));
  EXPECT_EQ(map.ToOriginalSpan(10001, 10002), Span(5003, 5004));
}

// Random segment sequences checked against a brute-force model that keeps,
// for every normalised byte, its segment's original range.
TEST(OffsetMapTest, AddCharSegmentsIsRepeatedAddSegment) {
  for (size_t bytes = 0; bytes <= 5; ++bytes) {
    for (uint32_t count : {0u, 1u, 2u, 7u}) {
      SCOPED_TRACE(testing::Message() << count << " x " << bytes << " bytes");
      OffsetMap bulk, one_by_one;
      // After a removed character and an expansion, as in real text.
      for (OffsetMap* map : {&bulk, &one_by_one}) {
        map->AddSegment(1, 0);
        map->AddSegment(1, 5);
      }
      bulk.AddCharSegments(count, bytes);
      for (uint32_t k = 0; k < count; ++k) one_by_one.AddSegment(1, bytes);
      for (OffsetMap* map : {&bulk, &one_by_one}) map->AddSegment(2, 3);
      EXPECT_EQ(bulk.norm_to_orig(), one_by_one.norm_to_orig());
      EXPECT_EQ(bulk.OriginalChars(), one_by_one.OriginalChars());
      for (size_t b = 0; b <= bulk.NormalizedBytes(); ++b) {
        for (size_t e = b; e <= bulk.NormalizedBytes(); ++e) {
          ASSERT_EQ(bulk.ToOriginalSpan(b, e), one_by_one.ToOriginalSpan(b, e));
        }
      }
    }
  }
}

TEST(OffsetMapTest, RandomAgainstModel) {
  std::mt19937 rng(20240601);
  for (int round = 0; round < 200; ++round) {
    OffsetMap map;
    std::vector<Span> byte_segment;  // original range of each byte's segment
    uint32_t chars = 0;
    const int segments = static_cast<int>(rng() % 40);
    for (int s = 0; s < segments; ++s) {
      const uint32_t n = 1 + rng() % 4;
      const size_t m = rng() % 3 == 0 ? 0 : 1 + rng() % 6;
      map.AddSegment(n, m);
      for (size_t b = 0; b < m; ++b) byte_segment.push_back({chars, chars + n});
      chars += n;
    }
    ASSERT_EQ(map.OriginalChars(), chars);
    ASSERT_EQ(map.NormalizedBytes(), byte_segment.size());
    for (size_t b = 0; b <= byte_segment.size(); ++b) {
      for (size_t e = b; e <= byte_segment.size(); ++e) {
        Span expected;
        if (b == e) {
          const uint32_t at =
              b < byte_segment.size() ? byte_segment[b].first : chars;
          expected = {at, at};
        } else {
          expected = {byte_segment[b].first, byte_segment[e - 1].second};
        }
        ASSERT_EQ(map.ToOriginalSpan(b, e), expected)
            << "round " << round << " [" << b << ", " << e << ")";
      }
    }
  }
}

}  // namespace
}  // namespace kiji::corpus
