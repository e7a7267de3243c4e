// Plans one arena for buffers with known lifetimes: buffers alive at the same
// time never overlap; buffers with disjoint lifetimes may share bytes.
#pragma once

#include <cstddef>
#include <vector>

namespace minnow {

struct BufferLifetime {
  size_t size = 0;
  int first_use = 0;  // first node (step) that needs the buffer
  int last_use = 0;   // last node that needs it (inclusive)
};

struct ArenaPlan {
  std::vector<size_t> offsets;  // one per request, aligned
  // Where the highest buffer ends (as TensorFlow Lite counts its arena); the
  // allocation adds the slack that aligning its base needs.
  size_t arena_bytes = 0;
};

// Greedy placement: buffers are placed one by one, each at the lowest aligned
// offset that does not collide with an already placed buffer whose lifetime
// overlaps. Several orders are tried (largest size first, equal sizes forward
// or backward in time; largest size x lifetime first) and the smallest arena
// is kept; all beat first-use order on CNNs.
//
// In place: `share_with` (empty, or one entry per buffer) names for a buffer
// an earlier one whose bytes it may take over, -1 for none: an element-wise
// op writing its output over an input it reads last. Honoured where the two
// have the same size and the earlier one's last use is the later one's first
// use, for at most one taker per buffer; the shared bytes then get one offset.
// The plan without sharing is kept when it is smaller, so sharing never grows
// the arena.
ArenaPlan PlanArena(const std::vector<BufferLifetime>& buffers, size_t alignment,
                    const std::vector<int>& share_with = {});

}  // namespace minnow
