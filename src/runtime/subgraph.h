// One subgraph of a model at run time: its tensors, its nodes with their
// kernels, the arena plan, persistent memory and dynamic tensors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "minnow/kernel.h"
#include "minnow/model.h"
#include "minnow/op_resolver.h"
#include "minnow/profiler.h"
#include "minnow/status.h"
#include "minnow/tensor.h"
#include "runtime/thread_pool.h"

namespace minnow {

class Subgraph;

// What all subgraphs of one interpreter share.
struct InterpreterState {
  int num_threads = 1;
  std::unique_ptr<ThreadPool> thread_pool;  // created at the first parallel loop with num_threads > 1
  Profiler* profiler = nullptr;  // per-node timings; nullptr: no clock reads
  std::vector<std::unique_ptr<Subgraph>> subgraphs;
  std::unordered_map<int32_t, ResourceVariable> resources;
  std::unordered_map<std::string, int32_t> resource_ids;
};

// Bump allocator for kernel data that lives until the next prepare. A mark
// lets data allocated by re-prepares at eval time be dropped per invoke.
class PersistentArena {
 public:
  void* Allocate(size_t bytes);
  void Reset() { Rewind(Mark{}); }
  struct Mark {
    size_t block = 0;
    size_t used_in_block = 0;
    size_t used = 0;
  };
  Mark mark() const;
  void Rewind(const Mark& mark);
  size_t used_bytes() const { return used_; }

 private:
  struct Block {
    std::unique_ptr<uint8_t[]> memory;
    size_t capacity = 0;
    size_t used = 0;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;
  size_t used_ = 0;
};

class Subgraph : public SubgraphHandle {
 public:
  Subgraph(const SubgraphDesc& desc, int index, InterpreterState* state);
  ~Subgraph() override;

  // Finds a kernel for every node; appends "OP (version N): reason" for each
  // op that has none to *missing.
  void ResolveKernels(const OpResolver& resolver, std::vector<std::string>* missing);

  // SubgraphHandle.
  size_t num_inputs() const override { return desc_.inputs.size(); }
  size_t num_outputs() const override { return desc_.outputs.size(); }
  Tensor* input(size_t position) override;
  Tensor* output(size_t position) override;
  Status ResizeInput(size_t position, const Shape& shape) override;
  Status AllocateTensors() override;
  Status Invoke() override;
  // Gives STRING input `position` a copy of `bytes` bytes of an (already
  // validated) TensorFlow Lite string buffer, in heap memory it owns.
  Status SetStringInput(size_t position, const void* data, size_t bytes);

  const SubgraphDesc& desc() const { return desc_; }
  Tensor& tensor(int index) { return tensors_[index]; }
  const Tensor& tensor(int index) const { return tensors_[index]; }
  size_t num_tensors() const { return tensors_.size(); }

  size_t arena_bytes() const { return arena_bytes_; }
  size_t persistent_bytes() const { return persistent_.used_bytes() + variable_bytes_; }
  size_t unplanned_bytes() const;

 private:
  class NodeContext;

  Status PlanArena();
  Status InvokeProfiled(Profiler& profiler);  // Invoke with a clock read around each node
  Status FoldConstantNode(NodeContext& node);
  Status ResetVariables();
  // Gives a dynamic tensor `bytes` of heap memory (kept and reused across invokes).
  Status AllocateDynamic(int tensor_index, size_t bytes);

  const SubgraphDesc& desc_;
  // The operators the nodes run: desc_'s, with activations fused into their
  // producers (activation_fusion.h) and PADs into the convolutions that read
  // them (pad_fusion.h).
  std::vector<OperatorDesc> ops_;
  int index_;
  InterpreterState* state_;
  std::vector<Tensor> tensors_;
  std::vector<bool> dynamic_;  // per tensor: shape known only at eval
  std::vector<bool> folded_;   // per tensor: computed once at prepare by constant folding
  std::vector<std::unique_ptr<NodeContext>> nodes_;
  PersistentArena persistent_;
  PersistentArena::Mark prepared_mark_;
  struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
  };
  // calloc: zeroed (reads of never-written tensors are deterministic) without
  // touching pages up front.
  std::unique_ptr<uint8_t, FreeDeleter> arena_storage_;
  size_t arena_capacity_ = 0;
  size_t arena_bytes_ = 0;
  std::vector<std::unique_ptr<uint8_t, FreeDeleter>> dynamic_storage_;  // per tensor
  std::vector<size_t> dynamic_capacity_;
  std::vector<std::unique_ptr<uint8_t[]>> variable_storage_;
  std::vector<std::unique_ptr<uint8_t[]>> aligned_constants_;  // copies of misaligned constants
  size_t variable_bytes_ = 0;
  bool allocated_ = false;
};

}  // namespace minnow
