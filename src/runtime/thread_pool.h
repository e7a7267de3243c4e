// The interpreter's worker threads. The caller of Run works too, so a pool of
// n threads starts n - 1. Workers spin briefly between jobs (an inference is
// a burst of short parallel loops) and then sleep.
//
// Minnow keeps its own pool rather than pthreadpool: kernels need the worker
// index for per-worker scratch and a cap on workers per loop, and partitions
// stay fixed (results never depend on scheduling).
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace minnow {

class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return static_cast<int>(workers_.size()) + 1; }
  // task(arg, i, worker) for i in [0, n), worker < min(max_workers, num_threads()).
  void Run(int n, int max_workers, void (*task)(void*, int, int), void* arg);

 private:
  void WorkerLoop(int worker);
  void Work(int worker);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<unsigned> generation_{0};
  // Tasks are split into one contiguous range per taking part thread (the
  // caller's first); each thread runs its own range, then takes what is left
  // of the others'. The same rows go to the same thread loop after loop, so
  // a layer's output stays in the cache of the core that reads it next
  // (tasks taken in turn bounced half of every large tensor between cores).
  struct alignas(64) Range {
    std::atomic<int> next{0};
    int end = 0;
  };
  std::vector<Range> ranges_;  // num_threads() entries
  int num_ranges_ = 0;
  std::atomic<int> finished_workers_{0};
  bool stop_ = false;
  // The current job (written before generation_ is bumped).
  void (*task_)(void*, int, int) = nullptr;
  void* arg_ = nullptr;
  int participants_ = 0;  // workers 1..participants_ may take part
  // Workers join a job under the mutex while it accepts them; the caller
  // closes it once it has run out of tasks itself and waits only for those
  // that joined, so a worker the OS has not scheduled yet never delays it.
  bool accepting_ = false;
  int joined_workers_ = 0;
};

}  // namespace minnow
