#include "runtime/arena_planner.h"

#include <gtest/gtest.h>

namespace minnow {
namespace {

bool Overlap(size_t a_off, size_t a_size, size_t b_off, size_t b_size) {
  return a_off < b_off + b_size && b_off < a_off + a_size;
}

void ExpectLiveBuffersApart(const std::vector<BufferLifetime>& buffers, const ArenaPlan& plan) {
  for (size_t i = 0; i < buffers.size(); ++i) {
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const bool live_together = buffers[i].first_use <= buffers[j].last_use &&
                                 buffers[j].first_use <= buffers[i].last_use;
      if (live_together) {
        EXPECT_FALSE(Overlap(plan.offsets[i], buffers[i].size, plan.offsets[j], buffers[j].size))
            << i << " and " << j;
      }
    }
  }
}

TEST(ArenaPlanner, ChainReusesMemory) {
  // t0 -> op0 -> t1 -> op1 -> t2 -> op2 -> t3: t0 and t2 never live together.
  const std::vector<BufferLifetime> buffers = {{100, 0, 0}, {200, 0, 1}, {100, 1, 2}, {50, 2, 2}};
  const ArenaPlan plan = PlanArena(buffers, 1);
  // Peak is 300 (t1 + t2 at step 1); greedy by size reaches it.
  EXPECT_EQ(plan.arena_bytes, 300u);
  EXPECT_EQ(plan.offsets[1], 0u);  // largest first, at 0
  EXPECT_EQ(plan.offsets[0], 200u);
  EXPECT_EQ(plan.offsets[2], 200u);  // reuses t0's bytes
  EXPECT_EQ(plan.offsets[3], 0u);    // t1 is dead at step 2
}

TEST(ArenaPlanner, AlignmentIsHonoured) {
  const std::vector<BufferLifetime> buffers = {{10, 0, 1}, {10, 0, 1}, {10, 0, 1}};
  const ArenaPlan plan = PlanArena(buffers, 64);
  EXPECT_EQ(plan.offsets[0], 0u);
  EXPECT_EQ(plan.offsets[1], 64u);
  EXPECT_EQ(plan.offsets[2], 128u);
  EXPECT_EQ(plan.arena_bytes, 138u);  // where the last buffer ends, not rounded up
}

TEST(ArenaPlanner, FillsGapsBetweenLiveBuffers) {
  // A (0..63) and C (128..) are live at step 1 with a 64-byte hole where B,
  // dead by then, used to be; D fits in that hole.
  const std::vector<BufferLifetime> buffers = {
      {64, 0, 2}, {64, 0, 0}, {128, 0, 2}, {64, 1, 2}};
  const ArenaPlan plan = PlanArena(buffers, 64);
  EXPECT_EQ(plan.arena_bytes, 256u);
  EXPECT_EQ(plan.offsets[2], 0u);
  ExpectLiveBuffersApart(buffers, plan);
}

// A chain t0 -> t1 -> ... -> t4 (each live for its producer and consumer)
// with sizes 1 2 2 1 2 peaks at 4 bytes (t1 + t2). Placing equal sizes in
// schedule order puts t1 and t4 both at 0 and leaves t3 no room below 4; in
// reverse order (t4, t2, t1, ...) everything packs into 4. The mirror-image
// chain needs the other way round; the planner finds the peak for both.
TEST(ArenaPlanner, ChainsPackTightlyInEitherDirection) {
  const std::vector<BufferLifetime> chain = {{1, 0, 1}, {2, 1, 2}, {2, 2, 3}, {1, 3, 4}, {2, 4, 5}};
  const std::vector<BufferLifetime> mirrored = {{2, 0, 1}, {1, 1, 2}, {2, 2, 3}, {2, 3, 4}, {1, 4, 5}};
  for (const auto& buffers : {chain, mirrored}) {
    const ArenaPlan plan = PlanArena(buffers, 1);
    EXPECT_EQ(plan.arena_bytes, 4u);
    ExpectLiveBuffersApart(buffers, plan);
  }
}

TEST(ArenaPlanner, ZeroSizedBuffersTakeNoSpace) {
  const ArenaPlan plan = PlanArena({{0, 0, 5}, {16, 0, 5}}, 16);
  EXPECT_EQ(plan.arena_bytes, 16u);
}

// In place: t1 = f(t0) and t2 = g(t1) may each take over their input's
// bytes, so the chain needs one buffer instead of two alternating ones.
TEST(ArenaPlanner, InPlaceChainSharesOneBuffer) {
  const std::vector<BufferLifetime> buffers = {{64, 0, 1}, {64, 1, 2}, {64, 2, 3}, {64, 0, 3}};
  EXPECT_EQ(PlanArena(buffers, 64).arena_bytes, 192u);
  const ArenaPlan plan = PlanArena(buffers, 64, {-1, 0, 1, -1});
  EXPECT_EQ(plan.arena_bytes, 128u);
  EXPECT_EQ(plan.offsets[0], plan.offsets[1]);
  EXPECT_EQ(plan.offsets[1], plan.offsets[2]);
  EXPECT_NE(plan.offsets[3], plan.offsets[0]);
}

// Sharing is refused where sizes differ, where the input is read after the
// taker's first use, and for a second taker of the same buffer: every pair
// alive at the same step then stays apart.
TEST(ArenaPlanner, InPlaceOnlyWhereItFits) {
  const std::vector<BufferLifetime> sizes_differ = {{64, 0, 1}, {128, 1, 2}};
  const std::vector<BufferLifetime> read_later = {{64, 0, 2}, {64, 1, 3}};
  const std::vector<BufferLifetime> two_takers = {{64, 0, 1}, {64, 1, 2}, {64, 1, 2}};
  ExpectLiveBuffersApart(sizes_differ, PlanArena(sizes_differ, 64, {-1, 0}));
  ExpectLiveBuffersApart(read_later, PlanArena(read_later, 64, {-1, 0}));
  const ArenaPlan plan = PlanArena(two_takers, 64, {-1, 0, 0});
  EXPECT_EQ(plan.offsets[0], plan.offsets[1]);
  EXPECT_NE(plan.offsets[2], plan.offsets[0]);
  EXPECT_EQ(plan.arena_bytes, 128u);
}

}  // namespace
}  // namespace minnow
