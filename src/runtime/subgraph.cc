#include "runtime/subgraph.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "minnow/builtin_ops.h"
#include "runtime/activation_fusion.h"
#include "runtime/pad_fusion.h"
#include "runtime/arena_planner.h"

namespace minnow {
namespace {

constexpr size_t kArenaAlignment = 64;  // cache line: lets SIMD kernels use aligned loads
constexpr size_t kPersistentAlignment = 16;
constexpr size_t kPersistentBlockBytes = 64 * 1024;

size_t AlignUp(size_t value, size_t alignment) { return (value + alignment - 1) / alignment * alignment; }

uint8_t* AlignPointer(uint8_t* p, size_t alignment) {
  const auto address = reinterpret_cast<uintptr_t>(p);
  return reinterpret_cast<uint8_t*>(AlignUp(address, alignment));
}

Result<size_t> TensorBytes(const Tensor& tensor) {
  const size_t element = DataTypeSize(tensor.type);
  if (element == 0) {
    return Unimplemented("tensor '", tensor.name, "' has type ", DataTypeName(tensor.type),
                         ", which Minnow cannot allocate statically");
  }
  const int64_t n = tensor.shape.NumElements();
  if (n < 0) return InvalidArgument("tensor '", tensor.name, "' has a negative dimension");
  return static_cast<size_t>(n) * element;
}

}  // namespace

void* PersistentArena::Allocate(size_t bytes) {
  bytes = AlignUp(std::max<size_t>(bytes, 1), kPersistentAlignment);
  while (current_ < blocks_.size()) {
    Block& block = blocks_[current_];
    if (block.used + bytes <= block.capacity) {
      uint8_t* p = AlignPointer(block.memory.get(), kPersistentAlignment) + block.used;
      block.used += bytes;
      used_ += bytes;
      std::memset(p, 0, bytes);
      return p;
    }
    ++current_;
    if (current_ < blocks_.size()) blocks_[current_].used = 0;
  }
  Block block;
  block.capacity = std::max(bytes, kPersistentBlockBytes);
  block.memory.reset(new (std::nothrow) uint8_t[block.capacity + kPersistentAlignment]);
  if (!block.memory) return nullptr;
  block.used = bytes;
  uint8_t* p = AlignPointer(block.memory.get(), kPersistentAlignment);
  std::memset(p, 0, bytes);
  blocks_.push_back(std::move(block));
  current_ = blocks_.size() - 1;
  used_ += bytes;
  return p;
}

PersistentArena::Mark PersistentArena::mark() const {
  Mark m;
  m.block = current_;
  m.used_in_block = current_ < blocks_.size() ? blocks_[current_].used : 0;
  m.used = used_;
  return m;
}

void PersistentArena::Rewind(const Mark& mark) {
  current_ = mark.block;
  if (current_ < blocks_.size()) blocks_[current_].used = mark.used_in_block;
  used_ = mark.used;
}

// The KernelContext one node's kernel sees.
class Subgraph::NodeContext : public KernelContext {
 public:
  NodeContext(Subgraph* graph, const OperatorDesc* op, int node_index)
      : graph_(graph), op_(op), node_index_(node_index) {}

  int num_inputs() const override { return static_cast<int>(op_->inputs.size()); }
  int num_outputs() const override { return static_cast<int>(op_->outputs.size()); }
  const Tensor* input(int i) const override { return TensorAt(op_->inputs, i); }
  Tensor* output(int i) override { return TensorAt(op_->outputs, i); }
  int num_intermediates() const override { return static_cast<int>(op_->intermediates.size()); }
  const Tensor* intermediate(int i) const override { return TensorAt(op_->intermediates, i); }
  Tensor* mutable_input(int i) override {
    Tensor* t = TensorAt(op_->inputs, i);
    return t && !t->is_constant() ? t : nullptr;
  }
  const BuiltinOptions& options() const override { return op_->options; }
  const uint8_t* custom_options() const override { return op_->custom_options; }
  size_t custom_options_size() const override { return op_->custom_options_size; }
  int op_version() const override { return op_->version; }
  int num_threads() const override { return graph_->state_->num_threads; }
  void ParallelFor(int n, int max_workers, void (*task)(void*, int, int), void* arg) override {
    InterpreterState& state = *graph_->state_;
    if (state.num_threads <= 1 || max_workers <= 1 || n <= 1) {
      KernelContext::ParallelFor(n, max_workers, task, arg);
      return;
    }
    if (!state.thread_pool || state.thread_pool->num_threads() != state.num_threads) {
      state.thread_pool = std::make_unique<ThreadPool>(state.num_threads);
    }
    state.thread_pool->Run(n, max_workers, task, arg);
  }

  Status ResizeOutput(int i, const Shape& shape) override {
    Tensor* t = output(i);
    if (t == nullptr) return InvalidArgument("output ", i, " does not exist");
    for (int d = 0; d < shape.rank(); ++d) {
      if (shape.dim(d) < 0) return InvalidArgument("output ", i, " would get negative dimension ", shape.ToString());
    }
    if (preparing_) {
      t->shape = shape;
      return Status::Ok();
    }
    if (!graph_->dynamic_[op_->outputs[i]]) {
      return FailedPrecondition("ResizeOutput in eval on output ", i, ", which was not declared dynamic");
    }
    t->shape = shape;
    Result<size_t> bytes = TensorBytes(*t);
    if (!bytes.ok()) return bytes.status();
    return graph_->AllocateDynamic(op_->outputs[i], bytes.value());
  }
  Status ResizeOutputBytes(int i, const Shape& shape, size_t bytes) override {
    Tensor* t = output(i);
    if (t == nullptr) return InvalidArgument("output ", i, " does not exist");
    if (preparing_ || !graph_->dynamic_[op_->outputs[i]]) {
      return FailedPrecondition("ResizeOutputBytes is for dynamic outputs, in eval");
    }
    t->shape = shape;
    return graph_->AllocateDynamic(op_->outputs[i], bytes);
  }
  Status SetOutputDynamic(int i) override {
    if (!preparing_) return FailedPrecondition("SetOutputDynamic called outside prepare");
    if (output(i) == nullptr) return InvalidArgument("output ", i, " does not exist");
    graph_->dynamic_[op_->outputs[i]] = true;
    return Status::Ok();
  }
  void* AllocatePersistent(size_t bytes) override { return graph_->persistent_.Allocate(bytes); }
  Status RequestScratch(size_t bytes, int* index) override {
    if (!preparing_) return FailedPrecondition("RequestScratch called outside prepare");
    scratch_sizes_.push_back(bytes);
    *index = static_cast<int>(scratch_sizes_.size()) - 1;
    return Status::Ok();
  }
  void* scratch(int index) override {
    return index >= 0 && static_cast<size_t>(index) < scratch_ptrs_.size() ? scratch_ptrs_[index] : nullptr;
  }
  SubgraphHandle* subgraph(int index) override {
    auto& all = graph_->state_->subgraphs;
    return index >= 0 && static_cast<size_t>(index) < all.size() ? all[index].get() : nullptr;
  }
  ResourceVariable* resource(int32_t id, bool create) override {
    auto& resources = graph_->state_->resources;
    auto it = resources.find(id);
    if (it != resources.end()) return &it->second;
    return create ? &resources[id] : nullptr;
  }

  int32_t ResourceIdForName(const std::string& name) override {
    auto& ids = graph_->state_->resource_ids;
    auto it = ids.find(name);
    if (it != ids.end()) return it->second;
    const int32_t id = static_cast<int32_t>(ids.size());
    ids.emplace(name, id);
    return id;
  }

  Status Prepare() {
    scratch_sizes_.clear();
    scratch_ptrs_.clear();
    set_user_data(nullptr);
    preparing_ = true;
    Status status = kernel_->prepare ? kernel_->prepare(*this) : Status::Ok();
    preparing_ = false;
    return status.WithPrefix(Label());
  }

  // Prepare at eval time, once the dynamic inputs' shapes are known: outputs
  // and scratch get heap memory.
  Status PrepareDeferred() {
    MINNOW_RETURN_IF_ERROR(Prepare());
    for (size_t k = 0; k < op_->outputs.size(); ++k) {
      const int32_t index = op_->outputs[k];
      Tensor& t = graph_->tensors_[index];
      if (DataTypeSize(t.type) == 0) continue;  // sized by ResizeOutputBytes in eval
      Result<size_t> bytes = TensorBytes(t);
      if (!bytes.ok()) return bytes.status().WithPrefix(Label());
      MINNOW_RETURN_IF_ERROR(graph_->AllocateDynamic(index, bytes.value()));
    }
    deferred_scratch_.resize(scratch_sizes_.size());
    scratch_ptrs_.assign(scratch_sizes_.size(), nullptr);
    for (size_t s = 0; s < scratch_sizes_.size(); ++s) {
      if (deferred_scratch_[s].size() < scratch_sizes_[s]) deferred_scratch_[s].resize(scratch_sizes_[s]);
      scratch_ptrs_[s] = deferred_scratch_[s].data();
    }
    return Status::Ok();
  }

  // The label is built only for an error: formatting it costs more than a
  // small kernel's whole eval.
  Status Eval() {
    Status status = kernel_->eval(*this);
    if (!status.ok()) return status.WithPrefix(Label());
    return status;
  }
  std::string Label() const { return StrCat(op_->OpName(), " (node ", node_index_, ")"); }

  const OperatorDesc* op() const { return op_; }
  const KernelRegistration* kernel_ = nullptr;
  bool deferred_ = false;  // has a dynamic input: prepared at eval time
  bool folded_ = false;    // all inputs constant: ran once at prepare
  bool fused_ = false;     // an activation applied by its producer, a PAD by its consumer: never runs
  std::vector<size_t> scratch_sizes_;
  std::vector<void*> scratch_ptrs_;

 private:
  Tensor* TensorAt(const std::vector<int32_t>& indices, int i) const {
    if (i < 0 || static_cast<size_t>(i) >= indices.size() || indices[i] < 0) return nullptr;
    return &graph_->tensors_[indices[i]];
  }

  Subgraph* graph_;
  const OperatorDesc* op_;
  int node_index_;
  bool preparing_ = false;
  std::vector<std::vector<uint8_t>> deferred_scratch_;
};

Subgraph::Subgraph(const SubgraphDesc& desc, int index, InterpreterState* state)
    : desc_(desc), index_(index), state_(state) {
  tensors_.resize(desc.tensors.size());
  for (size_t i = 0; i < desc.tensors.size(); ++i) {
    const TensorDesc& d = desc.tensors[i];
    Tensor& t = tensors_[i];
    t.type = d.type;
    t.shape = d.shape;
    t.name = d.name.c_str();
    t.quant = d.quant.empty() ? nullptr : &d.quant;
    t.sparsity = d.has_sparsity ? &d.sparsity : nullptr;
    t.blockwise = d.blockwise.block_size > 0 ? &d.blockwise : nullptr;
    t.is_variable = d.is_variable;
    if (d.data != nullptr && !d.is_variable) {
      t.data = const_cast<uint8_t*>(d.data);  // read-only: kernels get it through const Tensor*
      t.bytes = d.data_size;
      // Zero copy needs the bytes aligned for their element type; a file whose
      // writer did not align a buffer gets that one constant copied instead.
      const size_t element = std::max<size_t>(DataTypeSize(t.type), 1);
      if (reinterpret_cast<uintptr_t>(d.data) % element != 0) {
        aligned_constants_.emplace_back(new uint8_t[std::max<size_t>(d.data_size, 1)]);
        std::memcpy(aligned_constants_.back().get(), d.data, d.data_size);
        t.data = aligned_constants_.back().get();
      }
      t.allocation = Allocation::kConstant;
    }
  }
  // A subgraph input is written by the caller, so it must be writable even if
  // the model stored bytes for it.
  std::vector<bool> written(tensors_.size(), false);
  for (int32_t in : desc.inputs) {
    written[in] = true;
    if (tensors_[in].is_constant()) {
      tensors_[in].allocation = Allocation::kNone;
      tensors_[in].data = nullptr;
    }
  }
  for (const OperatorDesc& op : desc.operators) {
    for (int32_t out : op.outputs) written[out] = true;
  }
  // A zero-element tensor that nothing writes carries no data; treat it as a
  // constant so kernels can read it in prepare (e.g. an empty RESHAPE shape).
  static uint8_t empty_constant[16] = {};
  for (size_t i = 0; i < tensors_.size(); ++i) {
    Tensor& t = tensors_[i];
    if (!written[i] && !t.is_variable && t.data == nullptr && t.shape.NumElements() == 0) {
      t.data = empty_constant;
      t.allocation = Allocation::kConstant;
    }
  }
  dynamic_.assign(tensors_.size(), false);
  folded_.assign(tensors_.size(), false);
  dynamic_storage_.resize(tensors_.size());
  dynamic_capacity_.assign(tensors_.size(), 0);
  ops_ = desc.operators;
  const std::vector<bool> fused_activations = FuseActivations(desc, &ops_);
  const std::vector<bool> fused_pads = FusePads(desc, &ops_);
  for (size_t n = 0; n < ops_.size(); ++n) {
    nodes_.push_back(std::make_unique<NodeContext>(this, &ops_[n], static_cast<int>(n)));
    nodes_.back()->fused_ = fused_activations[n] || fused_pads[n];
  }
}

Subgraph::~Subgraph() = default;

void Subgraph::ResolveKernels(const OpResolver& resolver, std::vector<std::string>* missing) {
  for (auto& node : nodes_) {
    const OperatorDesc* op = node->op();
    Result<const KernelRegistration*> kernel = resolver.Find(op->builtin_code, op->custom_code, op->version);
    if (kernel.ok()) {
      node->kernel_ = kernel.value();
    } else if (std::find(missing->begin(), missing->end(), kernel.status().message()) == missing->end()) {
      missing->push_back(kernel.status().message());
    }
  }
}

Tensor* Subgraph::input(size_t position) {
  return position < desc_.inputs.size() && desc_.inputs[position] >= 0 ? &tensors_[desc_.inputs[position]]
                                                                       : nullptr;
}

Tensor* Subgraph::output(size_t position) {
  return position < desc_.outputs.size() && desc_.outputs[position] >= 0 ? &tensors_[desc_.outputs[position]]
                                                                         : nullptr;
}

Status Subgraph::ResizeInput(size_t position, const Shape& shape) {
  Tensor* t = input(position);
  if (t == nullptr) return InvalidArgument("input ", position, " does not exist (subgraph has ", num_inputs(), ")");
  for (int d = 0; d < shape.rank(); ++d) {
    if (shape.dim(d) < 0) return InvalidArgument("input ", position, ": negative dimension in ", shape.ToString());
  }
  if (t->shape != shape) {
    t->shape = shape;
    allocated_ = false;
  }
  return Status::Ok();
}

namespace {

// Ops whose kernels compute each output element from the input elements at
// the same index (and broadcast ones) in one pass, reading before writing:
// they can write over an input of the output's shape.
bool WritesElementwise(const OperatorDesc& op) {
  switch (static_cast<BuiltinOp>(op.builtin_code)) {
    case BuiltinOp::kADD:
    case BuiltinOp::kSUB:
    case BuiltinOp::kMUL:
    case BuiltinOp::kLOGISTIC:
    case BuiltinOp::kTANH:
    case BuiltinOp::kRELU:
    case BuiltinOp::kRELU6:
    case BuiltinOp::kRELU_N1_TO_1:
    case BuiltinOp::kHARD_SWISH:
    case BuiltinOp::kQUANTIZE:
      return true;
    default:
      return false;
  }
}

// Ops that must run at every invoke even when all their inputs are constant:
// they have side effects, state or randomness.
bool IsFoldable(const OperatorDesc& op) {
  switch (static_cast<BuiltinOp>(op.builtin_code)) {
    case BuiltinOp::kCUSTOM:
    case BuiltinOp::kWHILE:
    case BuiltinOp::kIF:
    case BuiltinOp::kCALL_ONCE:
    case BuiltinOp::kVAR_HANDLE:
    case BuiltinOp::kREAD_VARIABLE:
    case BuiltinOp::kASSIGN_VARIABLE:
    case BuiltinOp::kRANDOM_UNIFORM:
    case BuiltinOp::kRANDOM_STANDARD_NORMAL:
    case BuiltinOp::kMULTINOMIAL:
    case BuiltinOp::kHASHTABLE:
    case BuiltinOp::kHASHTABLE_FIND:
    case BuiltinOp::kHASHTABLE_IMPORT:
    case BuiltinOp::kHASHTABLE_SIZE:
      return false;
    default:
      return !op.inputs.empty();
  }
}

}  // namespace

// A node whose inputs are all constant (e.g. DEQUANTIZE of float16 weights)
// runs once here; its outputs become constants in persistent memory, so they
// take no arena space and cost nothing per invoke (as TensorFlow Lite makes
// such DEQUANTIZE outputs persistent).
Status Subgraph::FoldConstantNode(NodeContext& node) {
  MINNOW_RETURN_IF_ERROR(node.Prepare());
  for (int32_t out : node.op()->outputs) {
    Tensor& t = tensors_[out];
    Result<size_t> bytes = TensorBytes(t);
    if (!bytes.ok()) return bytes.status().WithPrefix(node.Label());
    t.bytes = bytes.value();
    t.data = persistent_.Allocate(t.bytes);
    if (t.data == nullptr) return Status(StatusCode::kResourceExhausted, "out of persistent memory");
  }
  node.scratch_ptrs_.assign(node.scratch_sizes_.size(), nullptr);
  for (size_t s = 0; s < node.scratch_sizes_.size(); ++s) node.scratch_ptrs_[s] = persistent_.Allocate(node.scratch_sizes_[s]);
  MINNOW_RETURN_IF_ERROR(node.Eval());
  for (int32_t out : node.op()->outputs) {
    tensors_[out].allocation = Allocation::kConstant;
    folded_[out] = true;
  }
  node.folded_ = true;
  return Status::Ok();
}

Status Subgraph::AllocateTensors() {
  allocated_ = false;
  persistent_.Reset();
  std::fill(dynamic_.begin(), dynamic_.end(), false);
  // A non-constant STRING tensor has no fixed byte size, so it is never
  // planned: it is dynamic (inputs included) and its consumers are prepared at eval.
  for (size_t i = 0; i < tensors_.size(); ++i) {
    if (tensors_[i].type == DataType::kString && !tensors_[i].is_constant()) dynamic_[i] = true;
  }
  std::vector<bool> string_input(tensors_.size(), false);
  for (int32_t in : desc_.inputs) {
    if (in >= 0 && tensors_[in].type == DataType::kString) string_input[in] = true;
  }
  for (size_t i = 0; i < tensors_.size(); ++i) {
    if (!folded_[i]) continue;
    tensors_[i].allocation = Allocation::kNone;  // folded again below if still constant
    tensors_[i].data = nullptr;
    folded_[i] = false;
  }
  std::vector<bool> is_output(tensors_.size(), false);
  for (int32_t out : desc_.outputs) is_output[out] = true;
  for (auto& node : nodes_) {
    if (node->fused_) continue;
    if (node->kernel_ == nullptr) return Unimplemented(node->Label(), ": no kernel");
    node->folded_ = false;
    const auto& inputs = node->op()->inputs;
    // A STRING subgraph input's shape is known now (only its bytes are not),
    // so it alone does not defer its consumers.
    node->deferred_ = std::any_of(inputs.begin(), inputs.end(), [&](int32_t in) {
      return in >= 0 && dynamic_[in] && !string_input[in];
    });
    if (node->deferred_) {
      // Its input shapes are known only at eval: prepare it then.
      for (int32_t out : node->op()->outputs) dynamic_[out] = true;
      continue;
    }
    const bool all_constant = std::all_of(inputs.begin(), inputs.end(), [&](int32_t in) {
      return in < 0 || tensors_[in].is_constant();
    });
    const auto& outputs = node->op()->outputs;
    const bool writes_graph_output =
        std::any_of(outputs.begin(), outputs.end(), [&](int32_t out) { return is_output[out]; });
    const bool writes_string = std::any_of(outputs.begin(), outputs.end(), [&](int32_t out) {
      return out >= 0 && tensors_[out].type == DataType::kString;
    });
    if (all_constant && !writes_graph_output && !writes_string && IsFoldable(*node->op())) {
      MINNOW_RETURN_IF_ERROR(FoldConstantNode(*node));
      continue;
    }
    MINNOW_RETURN_IF_ERROR(node->Prepare());
  }
  MINNOW_RETURN_IF_ERROR(PlanArena());
  MINNOW_RETURN_IF_ERROR(ResetVariables());
  prepared_mark_ = persistent_.mark();
  allocated_ = true;
  return Status::Ok();
}

Status Subgraph::SetStringInput(size_t position, const void* data, size_t bytes) {
  Tensor* t = input(position);
  if (t == nullptr) return InvalidArgument("input ", position, " does not exist (subgraph has ", num_inputs(), ")");
  if (t->type != DataType::kString) return InvalidArgument("input ", position, " '", t->name, "' is not STRING");
  MINNOW_RETURN_IF_ERROR(AllocateDynamic(desc_.inputs[position], bytes));
  if (bytes > 0) std::memcpy(t->data, data, bytes);
  return Status::Ok();
}

Status Subgraph::AllocateDynamic(int tensor_index, size_t bytes) {
  Tensor& t = tensors_[tensor_index];
  if (bytes > dynamic_capacity_[tensor_index]) {
    dynamic_storage_[tensor_index].reset(static_cast<uint8_t*>(std::calloc(std::max<size_t>(bytes, 1), 1)));
    if (!dynamic_storage_[tensor_index]) {
      dynamic_capacity_[tensor_index] = 0;
      return Status(StatusCode::kResourceExhausted,
                    StrCat("cannot allocate ", bytes, " bytes for tensor '", t.name, "'"));
    }
    dynamic_capacity_[tensor_index] = bytes;
  }
  t.data = dynamic_storage_[tensor_index].get();
  t.bytes = bytes;
  t.allocation = Allocation::kDynamic;
  return Status::Ok();
}

Status Subgraph::PlanArena() {
  const int num_nodes = static_cast<int>(nodes_.size());
  const int end = std::max(num_nodes - 1, 0);
  // Lifetime of each tensor that needs arena space: from its producer (or the
  // start, for graph inputs) to its last consumer (or the end, for outputs).
  std::vector<int> first(tensors_.size(), -1), last(tensors_.size(), -1);
  auto needs_arena = [&](int index) {
    const Tensor& t = tensors_[index];
    return !t.is_constant() && !t.is_variable && !dynamic_[index];
  };
  auto touch = [&](int index, int step) {
    if (index < 0 || !needs_arena(index)) return;
    first[index] = first[index] < 0 ? step : std::min(first[index], step);
    last[index] = std::max(last[index], step);
  };
  for (int32_t in : desc_.inputs) {
    touch(in, 0);
    touch(in, end);
  }
  for (int n = 0; n < num_nodes; ++n) {
    for (int32_t in : nodes_[n]->op()->inputs) touch(in, n);
    for (int32_t out : nodes_[n]->op()->outputs) touch(out, n);
  }
  for (int32_t out : desc_.outputs) touch(out, end);

  std::vector<BufferLifetime> buffers;
  std::vector<int> buffer_tensor;  // tensor index, or -1 - node for scratch
  std::vector<int> buffer_scratch;
  std::vector<int> buffer_of(tensors_.size(), -1);
  for (size_t i = 0; i < tensors_.size(); ++i) {
    Tensor& t = tensors_[i];
    if (!t.is_variable && first[i] < 0) continue;
    Result<size_t> bytes = TensorBytes(t);
    if (!bytes.ok()) return bytes.status();
    t.bytes = bytes.value();
    if (t.is_variable) continue;
    buffer_of[i] = static_cast<int>(buffers.size());
    buffers.push_back({t.bytes, first[i], last[i]});
    buffer_tensor.push_back(static_cast<int>(i));
    buffer_scratch.push_back(-1);
  }
  // In place: an element-wise node may write its output over an input that
  // nothing reads after it (not a subgraph input or output) of the output's
  // shape and byte size, so never a broadcast one: its kernel reads each
  // element before writing the same element.
  std::vector<int> share_with(buffers.size(), -1);
  std::vector<bool> is_io(tensors_.size(), false);
  for (int32_t t : desc_.inputs) is_io[t] = true;
  for (int32_t t : desc_.outputs) is_io[t] = true;
  for (int n = 0; n < num_nodes; ++n) {
    const NodeContext& node = *nodes_[n];
    const OperatorDesc& op = *node.op();
    if (node.fused_ || node.folded_ || node.deferred_ || !WritesElementwise(op) || op.outputs.size() != 1 ||
        op.outputs[0] < 0 || buffer_of[op.outputs[0]] < 0) {
      continue;
    }
    const Tensor& out = tensors_[op.outputs[0]];
    for (int32_t in : op.inputs) {
      if (in < 0 || buffer_of[in] < 0 || is_io[in] || last[in] != n || tensors_[in].shape != out.shape ||
          tensors_[in].bytes != out.bytes) {
        continue;
      }
      share_with[buffer_of[op.outputs[0]]] = buffer_of[in];
      break;
    }
  }
  for (int n = 0; n < num_nodes; ++n) {
    const auto& sizes = nodes_[n]->scratch_sizes_;
    for (size_t s = 0; s < sizes.size(); ++s) {
      buffers.push_back({sizes[s], n, n});
      buffer_tensor.push_back(-1 - n);
      buffer_scratch.push_back(static_cast<int>(s));
    }
  }

  const ArenaPlan plan = minnow::PlanArena(buffers, kArenaAlignment, share_with);
  if (plan.arena_bytes > arena_capacity_) {
    arena_storage_.reset(static_cast<uint8_t*>(std::calloc(plan.arena_bytes + kArenaAlignment, 1)));
    if (!arena_storage_) {
      arena_capacity_ = 0;
      return Status(StatusCode::kResourceExhausted, StrCat("cannot allocate an arena of ", plan.arena_bytes, " bytes"));
    }
    arena_capacity_ = plan.arena_bytes;
  }
  arena_bytes_ = plan.arena_bytes;
  uint8_t* base = arena_storage_ ? AlignPointer(arena_storage_.get(), kArenaAlignment) : nullptr;

  for (auto& node : nodes_) node->scratch_ptrs_.assign(node->scratch_sizes_.size(), nullptr);
  for (size_t b = 0; b < buffers.size(); ++b) {
    uint8_t* p = base ? base + plan.offsets[b] : nullptr;
    if (buffer_tensor[b] >= 0) {
      Tensor& t = tensors_[buffer_tensor[b]];
      t.data = t.bytes ? p : nullptr;
      t.allocation = Allocation::kArena;
    } else {
      nodes_[-1 - buffer_tensor[b]]->scratch_ptrs_[buffer_scratch[b]] = buffers[b].size ? p : nullptr;
    }
  }
  return Status::Ok();
}

Status Subgraph::ResetVariables() {
  variable_storage_.clear();
  variable_bytes_ = 0;
  for (size_t i = 0; i < tensors_.size(); ++i) {
    Tensor& t = tensors_[i];
    if (!t.is_variable) continue;
    variable_storage_.emplace_back(new (std::nothrow) uint8_t[std::max<size_t>(t.bytes, 1)]);
    if (!variable_storage_.back()) {
      return Status(StatusCode::kResourceExhausted, StrCat("cannot allocate variable '", t.name, "'"));
    }
    t.data = variable_storage_.back().get();
    t.allocation = Allocation::kPersistent;
    variable_bytes_ += t.bytes;
    // As TensorFlow Lite: variables start at zero, int8 ones at their zero point.
    const int fill = t.type == DataType::kInt8 ? t.zero_point() : 0;
    std::memset(t.data, fill, t.bytes);
  }
  return Status::Ok();
}

Status Subgraph::Invoke() {
  if (!allocated_) return FailedPrecondition("Invoke called before AllocateTensors (or after a resize)");
  persistent_.Rewind(prepared_mark_);  // drop what the last invoke's deferred prepares took
  if (state_->profiler != nullptr) return InvokeProfiled(*state_->profiler);
  for (auto& node : nodes_) {
    if (node->folded_ || node->fused_) continue;
    if (node->deferred_) MINNOW_RETURN_IF_ERROR(node->PrepareDeferred());
    MINNOW_RETURN_IF_ERROR(node->Eval());
  }
  return Status::Ok();
}

Status Subgraph::InvokeProfiled(Profiler& profiler) {
  using Clock = std::chrono::steady_clock;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    NodeContext& node = *nodes_[n];
    if (node.folded_ || node.fused_) continue;
    const Clock::time_point start = Clock::now();
    if (node.deferred_) MINNOW_RETURN_IF_ERROR(node.PrepareDeferred());
    MINNOW_RETURN_IF_ERROR(node.Eval());
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    profiler.OnNode(index_, static_cast<int>(n), node.kernel_->name, static_cast<uint64_t>(ns));
  }
  return Status::Ok();
}

size_t Subgraph::unplanned_bytes() const {
  size_t total = 0;
  for (const Tensor& t : tensors_) {
    if (!t.is_constant() && !t.is_variable && t.allocation == Allocation::kArena) total += t.bytes;
  }
  return total;
}

}  // namespace minnow
