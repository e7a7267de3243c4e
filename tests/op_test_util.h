// Builds a one-operator .tflite model with ModelBuilder, loads it through the
// real loader and runs it in the real Interpreter: per-op tests exercise the
// same path a user's model takes.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "minnow/builtin_ops.h"
#include "minnow/builtin_options.h"
#include "minnow/kernel_path.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow {
class Interpreter;
class Model;
}  // namespace minnow

namespace minnow::testing {

QuantParams PerTensor(float scale, int64_t zero_point);
QuantParams PerAxis(std::vector<float> scales, std::vector<int64_t> zero_points, int axis);

template <typename T>
std::vector<T> Quantize(const std::vector<float>& values, float scale, int32_t zero_point) {
  std::vector<T> out;
  for (float v : values) {
    const long q = std::lround(v / scale) + zero_point;
    const long lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
    out.push_back(static_cast<T>(q < lo ? lo : (q > hi ? hi : q)));
  }
  return out;
}

template <typename T>
std::vector<float> Dequantize(const std::vector<T>& values, float scale, int32_t zero_point) {
  std::vector<float> out;
  for (T v : values) out.push_back(scale * (static_cast<int32_t>(v) - zero_point));
  return out;
}

class SingleOpModel {
 public:
  SingleOpModel();
  ~SingleOpModel();

  // Each returns the tensor's index in the model (also its index for
  // SetInput/GetOutput).
  int AddInput(DataType type, const Shape& shape, QuantParams quant = {});
  template <typename T>
  int AddConstInput(DataType type, const Shape& shape, const std::vector<T>& values,
                    QuantParams quant = {}) {
    std::vector<uint8_t> bytes(values.size() * sizeof(T));
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return AddConstInputBytes(type, shape, std::move(bytes), std::move(quant));
  }
  int AddConstInputBytes(DataType type, const Shape& shape, std::vector<uint8_t> bytes,
                         QuantParams quant = {});
  // An omitted optional input (-1 in the op's input list).
  int AddOptionalInput();
  // The output's shape in the model file; prepare recomputes it.
  int AddOutput(DataType type, const Shape& shape = {}, QuantParams quant = {});

  void SetBuiltinOp(BuiltinOp op, BuiltinOptions options = {}, int version = 1);
  // The interpreter's thread count (Interpreter::SetNumThreads); call before Build.
  void SetNumThreads(int num_threads);

  // Writes the model, loads it and allocates tensors.
  Status Build();

  template <typename T>
  void SetInput(int tensor, const std::vector<T>& values) {
    SetInputBytes(tensor, values.data(), values.size() * sizeof(T));
  }
  void SetInputBytes(int tensor, const void* data, size_t bytes);
  Status Invoke();

  template <typename T>
  std::vector<T> GetOutput(int tensor) const {
    const Tensor* t = GetTensor(tensor);
    const T* begin = static_cast<const T*>(t->data);
    return std::vector<T>(begin, begin + t->bytes / sizeof(T));
  }
  Shape GetOutputShape(int tensor) const { return GetTensor(tensor)->shape; }
  const Tensor* GetTensor(int tensor) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// SetKernelPath is process-wide: a test that changes it puts back the path it
// found.
class KernelPathGuard {
 public:
  KernelPathGuard() : saved_(ActiveKernelPath()) {}
  ~KernelPathGuard();
  KernelPathGuard(const KernelPathGuard&) = delete;
  KernelPathGuard& operator=(const KernelPathGuard&) = delete;

 private:
  KernelPath saved_;
};

}  // namespace minnow::testing
