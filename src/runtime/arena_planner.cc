#include "runtime/arena_planner.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

namespace minnow {
namespace {

size_t AlignUp(size_t value, size_t alignment) { return (value + alignment - 1) / alignment * alignment; }

bool LifetimesOverlap(const BufferLifetime& a, const BufferLifetime& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

// Places buffers in the given order, each at the lowest aligned offset that
// does not collide with an already placed buffer whose lifetime overlaps.
ArenaPlan PlaceInOrder(const std::vector<BufferLifetime>& buffers, const std::vector<size_t>& order,
                       size_t alignment) {
  ArenaPlan plan;
  plan.offsets.assign(buffers.size(), 0);
  std::vector<size_t> placed;  // indices already given an offset
  std::vector<size_t> conflicts;
  for (size_t index : order) {
    const BufferLifetime& buffer = buffers[index];
    if (buffer.size == 0) continue;
    conflicts.clear();
    for (size_t other : placed) {
      if (LifetimesOverlap(buffer, buffers[other])) conflicts.push_back(other);
    }
    std::sort(conflicts.begin(), conflicts.end(),
              [&](size_t a, size_t b) { return plan.offsets[a] < plan.offsets[b]; });
    // Walk the live buffers in address order; take the first gap that fits.
    size_t candidate = 0;
    for (size_t other : conflicts) {
      const size_t other_begin = plan.offsets[other];
      const size_t other_end = other_begin + buffers[other].size;
      if (candidate + buffer.size <= other_begin) break;
      candidate = std::max(candidate, AlignUp(other_end, alignment));
    }
    plan.offsets[index] = candidate;
    plan.arena_bytes = std::max(plan.arena_bytes, candidate + buffer.size);
    placed.push_back(index);
  }
  return plan;
}

ArenaPlan PlanSeparately(const std::vector<BufferLifetime>& buffers, size_t alignment) {
  // Largest size first. Equal sizes (same-shaped activations) come either in
  // schedule order or, as if the schedule ran backwards, latest last use
  // first: the packing problem is symmetric in time but first fit is not,
  // and a chain of buffers can pack tightly one way only.
  const auto by_size = [&](bool backward_in_time) {
    std::vector<size_t> order(buffers.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const BufferLifetime& x = buffers[a];
      const BufferLifetime& y = buffers[b];
      if (x.size != y.size) return x.size > y.size;
      return backward_in_time ? x.last_use > y.last_use : x.first_use < y.first_use;
    });
    return order;
  };
  const std::vector<size_t> forward = by_size(false);
  const std::vector<size_t> backward = by_size(true);
  // Each also by largest "area" (bytes x steps alive) first, which packs
  // long-lived buffers at the bottom.
  const auto area = [&](size_t i) {
    return static_cast<double>(buffers[i].size) * (buffers[i].last_use - buffers[i].first_use + 1);
  };
  const auto by_area = [&](std::vector<size_t> order) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return area(a) > area(b); });
    return order;
  };
  ArenaPlan best;
  best.arena_bytes = std::numeric_limits<size_t>::max();
  for (const std::vector<size_t>& order : {forward, backward, by_area(forward), by_area(backward)}) {
    ArenaPlan plan = PlaceInOrder(buffers, order, alignment);
    if (plan.arena_bytes < best.arena_bytes) best = std::move(plan);
  }
  return best;
}

}  // namespace

ArenaPlan PlanArena(const std::vector<BufferLifetime>& buffers, size_t alignment,
                    const std::vector<int>& share_with) {
  ArenaPlan separate = PlanSeparately(buffers, alignment);
  if (share_with.size() != buffers.size()) return separate;
  // Each buffer's group: the buffer whose bytes it ends up in (a chain of
  // in-place ops shares one), planned as one buffer alive for all of them.
  // A link goes to a buffer created strictly earlier, so chains end.
  std::vector<int> link(buffers.size(), -1);
  std::vector<bool> taken(buffers.size(), false);
  for (size_t i = 0; i < buffers.size(); ++i) {
    const int from = share_with[i];
    if (from >= 0 && static_cast<size_t>(from) < buffers.size() && !taken[from] &&
        buffers[from].size == buffers[i].size && buffers[from].last_use == buffers[i].first_use &&
        buffers[from].first_use < buffers[i].first_use) {
      taken[from] = true;
      link[i] = from;
    }
  }
  std::vector<int> group(buffers.size(), -1);
  std::vector<BufferLifetime> merged;
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (link[i] >= 0) continue;
    group[i] = static_cast<int>(merged.size());
    merged.push_back(buffers[i]);
  }
  for (size_t i = 0; i < buffers.size(); ++i) {
    int root = static_cast<int>(i);
    while (link[root] >= 0) root = link[root];
    group[i] = group[root];
    merged[group[i]].last_use = std::max(merged[group[i]].last_use, buffers[i].last_use);
  }
  if (merged.size() == buffers.size()) return separate;
  const ArenaPlan shared = PlanSeparately(merged, alignment);
  if (shared.arena_bytes > separate.arena_bytes) return separate;
  ArenaPlan plan;
  plan.arena_bytes = shared.arena_bytes;
  plan.offsets.resize(buffers.size());
  for (size_t i = 0; i < buffers.size(); ++i) plan.offsets[i] = shared.offsets[group[i]];
  return plan;
}

}  // namespace minnow
