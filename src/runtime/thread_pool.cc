#include "runtime/thread_pool.h"

#include <algorithm>
#include <cstdint>

namespace minnow {
namespace {
// About 50 µs of polling before a worker sleeps.
constexpr int kSpinIterations = 20000;

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}
}  // namespace

ThreadPool::ThreadPool(int num_threads) : ranges_(std::max(num_threads, 1)) {
  for (int w = 1; w < num_threads; ++w) workers_.emplace_back([this, w] { WorkerLoop(w); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::Work(int worker) {
  for (int k = 0; k < num_ranges_; ++k) {
    Range& range = ranges_[(worker + k) % num_ranges_];
    for (;;) {
      const int i = range.next.fetch_add(1, std::memory_order_relaxed);
      if (i >= range.end) break;
      task_(arg_, i, worker);
    }
  }
}

void ThreadPool::Run(int n, int max_workers, void (*task)(void*, int, int), void* arg) {
  const int helpers = std::min({num_threads() - 1, max_workers - 1, n - 1});
  if (helpers <= 0) {
    for (int i = 0; i < n; ++i) task(arg, i, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = task;
    arg_ = arg;
    participants_ = helpers;
    accepting_ = true;
    joined_workers_ = 0;
    num_ranges_ = helpers + 1;
    for (int r = 0; r < num_ranges_; ++r) {
      ranges_[r].next.store(static_cast<int>(int64_t{n} * r / num_ranges_), std::memory_order_relaxed);
      ranges_[r].end = static_cast<int>(int64_t{n} * (r + 1) / num_ranges_);
    }
    finished_workers_.store(0, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  Work(0);
  int joined;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    accepting_ = false;
    joined = joined_workers_;
  }
  while (finished_workers_.load(std::memory_order_acquire) != joined) CpuRelax();
}

void ThreadPool::WorkerLoop(int worker) {
  unsigned seen = 0;
  for (;;) {
    int spins = 0;
    while (generation_.load(std::memory_order_acquire) == seen && spins < kSpinIterations) {
      CpuRelax();
      ++spins;
    }
    bool participate;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_relaxed) != seen; });
      seen = generation_.load(std::memory_order_relaxed);
      if (stop_) return;
      participate = accepting_ && worker <= participants_;
      if (participate) ++joined_workers_;
    }
    if (!participate) continue;
    Work(worker);
    finished_workers_.fetch_add(1, std::memory_order_release);
  }
}

}  // namespace minnow
