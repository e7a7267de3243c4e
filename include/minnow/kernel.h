// The contract between the runtime and an operator kernel (builtin or custom).
//
// Lifecycle per node: prepare (runs at every AllocateTensors / after a resize:
// validates inputs, computes output shapes, precomputes every constant into
// persistent memory, requests scratch) then eval (any number of times: only
// computes). Kernels never call malloc/new in eval; memory comes from the
// context, so the same kernels can run on a heap-free runtime.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "minnow/builtin_options.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow {

class KernelContext {
 public:
  virtual ~KernelContext() = default;

  // --- Node access (prepare and eval) ---
  virtual int num_inputs() const = 0;
  virtual int num_outputs() const = 0;
  // nullptr for an omitted optional input (index -1 in the model) or i out of range.
  virtual const Tensor* input(int i) const = 0;
  virtual Tensor* output(int i) = 0;
  // The operator's intermediate tensors (integer LSTM reads its gates'
  // quantization from them); nullptr if i is out of range.
  virtual int num_intermediates() const = 0;
  virtual const Tensor* intermediate(int i) const = 0;
  // Tensors an op mutates in place (variable state, e.g. LSTM state inputs).
  virtual Tensor* mutable_input(int i) = 0;
  virtual const BuiltinOptions& options() const = 0;
  virtual const uint8_t* custom_options() const = 0;
  virtual size_t custom_options_size() const = 0;
  virtual int op_version() const = 0;
  virtual int num_threads() const = 0;

  // Runs task(arg, i, worker) for every i in [0, n) on at most max_workers of
  // the interpreter's threads (worker in [0, max_workers): per-worker scratch
  // sized in prepare stays valid if the thread count changes later) and
  // returns when all are done. Tasks must not depend on which worker or in
  // which order they run. The default runs them in order on the caller.
  virtual void ParallelFor(int n, int max_workers, void (*task)(void* arg, int i, int worker),
                           void* arg) {
    (void)max_workers;
    for (int i = 0; i < n; ++i) task(arg, i, 0);
  }
  template <typename F> void ParallelFor(int n, int max_workers, F& f) {
    ParallelFor(n, max_workers, [](void* arg, int i, int worker) { (*static_cast<F*>(arg))(i, worker); }, &f);
  }

  // --- Prepare only ---
  // Sets output i's shape and byte size. The type comes from the model; a
  // kernel may set output->type in prepare where TensorFlow Lite does (ADD
  // and SUB give quantized intermediates their input's type).
  virtual Status ResizeOutput(int i, const Shape& shape) = 0;
  // Zeroed memory, 16-byte aligned, valid until the next prepare of the graph.
  // Returns nullptr when exhausted.
  virtual void* AllocatePersistent(size_t bytes) = 0;
  // Reserves `bytes` of scratch valid during this node's eval; *index names it.
  virtual Status RequestScratch(size_t bytes, int* index) = 0;

  // Declares output i dynamic: its shape depends on input *values* known only
  // at eval (e.g. RESHAPE with a computed shape, WHERE). The kernel then calls
  // ResizeOutput (or ResizeOutputBytes) from eval, which allocates it. Nodes
  // that consume a dynamic tensor are prepared again at eval, once its shape
  // is known.
  virtual Status SetOutputDynamic(int i) = 0;

  // --- Eval only ---
  virtual void* scratch(int index) = 0;
  // For dynamic outputs whose byte size is not shape x element size (STRING).
  virtual Status ResizeOutputBytes(int i, const Shape& shape, size_t bytes) = 0;

  // --- Control flow and resources ---
  // Another subgraph of the model (WHILE/IF/CALL_ONCE bodies); nullptr if the
  // index is out of range.
  virtual class SubgraphHandle* subgraph(int index) = 0;
  // The interpreter-wide resource variable with this id (VAR_HANDLE and
  // friends); nullptr if it does not exist and create is false.
  virtual struct ResourceVariable* resource(int32_t id, bool create) = 0;
  // The interpreter-wide id of a named resource (VAR_HANDLE's container and
  // shared name), assigning the next free id to a new name.
  virtual int32_t ResourceIdForName(const std::string& name) = 0;

  // Per-node data a kernel's prepare computed for its eval.
  void set_user_data(void* data) { user_data_ = data; }
  void* user_data() const { return user_data_; }
  template <typename T> T* user_data_as() const { return static_cast<T*>(user_data_); }

  // Allocates and value-initializes a T in persistent memory and makes it this
  // node's user data. T must be trivially destructible (nothing runs its dtor).
  template <typename T> T* NewOpData() {
    T* data = NewPersistent<T>();
    if (data != nullptr) set_user_data(data);
    return data;
  }

  // A value-initialized T in persistent memory (not made the user data).
  template <typename T> T* NewPersistent() {
    static_assert(std::is_trivially_destructible<T>::value, "persistent data is never destroyed");
    void* mem = AllocatePersistent(sizeof(T));
    return mem == nullptr ? nullptr : new (mem) T();
  }

  // Typed persistent array of n elements (zeroed); nullptr when exhausted.
  template <typename T> T* AllocatePersistentArray(size_t n) {
    static_assert(std::is_trivially_destructible<T>::value, "persistent arrays are never destroyed");
    return static_cast<T*>(AllocatePersistent(n * sizeof(T)));
  }

 protected:
  void* user_data_ = nullptr;
};

// A subgraph as control-flow kernels see it.
class SubgraphHandle {
 public:
  virtual ~SubgraphHandle() = default;
  virtual size_t num_inputs() const = 0;
  virtual size_t num_outputs() const = 0;
  virtual Tensor* input(size_t i) = 0;
  virtual Tensor* output(size_t i) = 0;
  virtual Status ResizeInput(size_t i, const Shape& shape) = 0;
  virtual Status AllocateTensors() = 0;
  virtual Status Invoke() = 0;
};

// A resource variable: a tensor value that outlives one invocation and is
// shared across subgraphs by id.
struct ResourceVariable {
  DataType type = DataType::kFloat32;
  Shape shape;
  std::vector<uint8_t> bytes;
  bool initialized = false;
};

// A kernel: the functions the runtime calls for one op type.
struct KernelRegistration {
  const char* name = "";  // "CONV_2D", or the custom op's name
  Status (*prepare)(KernelContext& ctx) = nullptr;
  Status (*eval)(KernelContext& ctx) = nullptr;
  // Op versions this kernel accepts (inclusive), as TensorFlow Lite's runtime does.
  int min_version = 1;
  int max_version = 1;
};

}  // namespace minnow
