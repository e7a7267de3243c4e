// MEAN over constant axes. Quantized inputs follow TensorFlow Lite's builtin
// kernel: 4-D int8/uint8 with keep_dims over {1, 2} uses its optimized
// Mean4D arithmetic (float-derived bias and multiplier); every other
// quantized case its QuantizedMeanOrSum (integer multiplier folded with
// 1/count).
// On an optimized kernel path the column sums of int8 and uint8 inputs run
// the instruction set's loop (kernels/optimized/unary.h): the same wrapping
// int32 sums.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <variant>

#include "kernels/internal/quantization.h"
#include "kernels/internal/reduce_common.h"
#include "kernels/optimized/unary.h"
#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

struct MeanData {
  reduce::ReduceGeometry geom;
  int scratch_index = -1;
  // Quantized general path.
  int32_t multiplier = 0;
  int shift = 0;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  // Quantized 4-D {1, 2} keep_dims path.
  bool spatial_fast_path = false;
  int32_t bias = 0;
  // int8, uint8 on an optimized path: its column sums.
  const optimized::IsaKernels* fast = nullptr;
};

bool IsQuantizedType(DataType t) {
  return t == DataType::kInt8 || t == DataType::kUInt8 || t == DataType::kInt16;
}

int FloorLog2(uint64_t n) {
  int r = -1;
  while (n != 0) {
    n >>= 1;
    ++r;
  }
  return r;
}

Status Prepare(KernelContext& ctx) {
  MINNOW_CHECK_ARG(ctx.num_inputs() == 2, "MEAN: expected 2 inputs, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, "MEAN: expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* axis = ctx.input(1);
  const Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input != nullptr, "MEAN: input 0 is missing");
  MINNOW_CHECK_ARG(axis != nullptr, "MEAN: axis input is missing");
  MINNOW_CHECK_ARG(output != nullptr, "MEAN: output 0 is missing");
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kInt32 && type != DataType::kInt64 &&
      !IsQuantizedType(type)) {
    return Unimplemented("MEAN: dtype ", DataTypeName(type), " is not supported");
  }
  MINNOW_CHECK_ARG(output->type == type, "MEAN: output type ", DataTypeName(output->type),
                   " differs from input type ", DataTypeName(type));
  MINNOW_CHECK_ARG(axis->type == DataType::kInt32, "MEAN: axis must be int32, got ",
                   DataTypeName(axis->type));
  if (!axis->is_constant()) {
    return Unimplemented("MEAN: a dynamic (non-constant) axis input is not supported");
  }

  ReducerOptions options;
  if (const auto* opts = std::get_if<ReducerOptions>(&ctx.options())) {
    options = *opts;
  } else if (!std::holds_alternative<std::monostate>(ctx.options())) {
    return InvalidArgument("MEAN: options are not ReducerOptions");
  }

  const int64_t num_axis = axis->num_elements();
  MINNOW_CHECK_ARG(axis->bytes >= static_cast<size_t>(num_axis) * sizeof(int32_t),
                   "MEAN: axis tensor holds too few bytes");

  MeanData* data = ctx.NewOpData<MeanData>();
  if (data == nullptr) return Status(StatusCode::kResourceExhausted, "MEAN: out of memory");
  Shape out_shape;
  MINNOW_RETURN_IF_ERROR(reduce::ResolveReduction("MEAN", input->shape, axis->data_as<int32_t>(),
                                                  num_axis, options.keep_dims, &data->geom,
                                                  &out_shape));
  const reduce::ReduceGeometry& geom = data->geom;
  const int rank = geom.rank;
  if (type == DataType::kInt8 || type == DataType::kUInt8) data->fast = optimized::ActiveKernels();

  if (IsQuantizedType(type)) {
    const bool in_q = input->quant != nullptr && !input->quant->empty();
    const bool out_q = output->quant != nullptr && !output->quant->empty();
    MINNOW_CHECK_ARG(in_q && out_q, "MEAN: quantized ", DataTypeName(type),
                     " input and output need quantization parameters");
    MINNOW_CHECK_ARG(!input->quant->per_axis() && !output->quant->per_axis(),
                     "MEAN: per-axis quantization is not supported");
    MINNOW_CHECK_ARG(input->scale() > 0.0f && output->scale() > 0.0f,
                     "MEAN: quantization scales must be positive");
    if (type == DataType::kInt16) {
      MINNOW_CHECK_ARG(input->zero_point() == 0 && output->zero_point() == 0,
                       "MEAN: int16 input and output must have zero point 0");
    }
    data->input_zero_point = input->zero_point();
    data->output_zero_point = output->zero_point();

    data->spatial_fast_path = type != DataType::kInt16 && options.keep_dims && rank == 4 &&
                              geom.num_reduced == 2 && geom.reduced[1] && geom.reduced[2];
    if (data->spatial_fast_path) {
      // TensorFlow Lite's optimized Mean4D: float arithmetic throughout.
      const float input_scale = input->scale();
      const float output_scale = output->scale();
      const float num_elements_in_axis =
          static_cast<float>(input->shape.dim(1) * input->shape.dim(2));
      float temp = input->zero_point() * input_scale / output_scale;
      temp = temp > 0 ? temp + 0.5f : temp - 0.5f;
      data->bias = output->zero_point() - static_cast<int32_t>(temp);
      const float real_scale = input_scale / (num_elements_in_axis * output_scale);
      quant::QuantizeMultiplier(real_scale, &data->multiplier, &data->shift);
    } else {
      // QuantizedMeanOrSum: input/output ratio in double, then 1/count folded
      // into the integer multiplier.
      const double real_multiplier =
          static_cast<double>(input->scale()) / static_cast<double>(output->scale());
      int32_t multiplier = 0;
      int shift = 0;
      quant::QuantizeMultiplier(real_multiplier, &multiplier, &shift);
      if (geom.count > 0) {
        int s = FloorLog2(static_cast<uint64_t>(geom.count));
        s = std::min(s, 32);
        s = std::min(s, 31 + shift);
        multiplier = static_cast<int32_t>((static_cast<int64_t>(multiplier) << s) / geom.count);
        shift -= s;
      }
      data->multiplier = multiplier;
      data->shift = shift;
    }
  }

  // Accumulators: float sums for float, int64 for int32/int64, int32 for quantized.
  size_t acc_size = type == DataType::kFloat32 ? sizeof(float)
                    : (type == DataType::kInt32 || type == DataType::kInt64) ? sizeof(int64_t)
                                                                              : sizeof(int32_t);
  if (geom.num_outputs > 0) {
    MINNOW_RETURN_IF_ERROR(
        ctx.RequestScratch(static_cast<size_t>(geom.num_outputs) * acc_size, &data->scratch_index));
  }
  return ctx.ResizeOutput(0, out_shape);
}

template <typename T>
constexpr DataType ByteType() {
  return std::is_signed_v<T> ? DataType::kInt8 : DataType::kUInt8;
}

template <typename Acc, typename T>
inline Acc Accumulate(Acc sum, T value) {
  if constexpr (std::is_same_v<Acc, int32_t>) {
    // Wrapping add, as TensorFlow Lite's WrappingAdd.
    return static_cast<int32_t>(static_cast<uint32_t>(sum) +
                                static_cast<uint32_t>(static_cast<int32_t>(value)));
  } else {
    return sum + static_cast<Acc>(value);
  }
}

// True when the reduced dimensions are one contiguous block with at least one
// kept dimension after it: the input is then [outer][reduced][inner].
bool AsOuterReducedInner(const reduce::ReduceGeometry& g, int64_t* outer, int64_t* reduced,
                         int64_t* inner) {
  int first = 0;
  while (first < g.rank && !g.reduced[first]) ++first;
  int end = first;
  while (end < g.rank && g.reduced[end]) ++end;
  if (first == g.rank || end == g.rank) return false;
  for (int d = end; d < g.rank; ++d) {
    if (g.reduced[d]) return false;
  }
  *outer = *reduced = *inner = 1;
  for (int d = 0; d < g.rank; ++d) {
    int64_t& part = d < first ? *outer : (d < end ? *reduced : *inner);
    part *= g.in_dims[d];
  }
  return true;
}

// Sums the `reduced` rows (`stride` elements apart) of N adjacent columns,
// each column in row order as the row-major walk adds them, in registers.
template <int N, typename T, typename Acc>
void SumColumns(const T* block, int64_t reduced, int64_t stride, Acc* sums) {
  Acc local[N];
  for (int k = 0; k < N; ++k) local[k] = static_cast<Acc>(block[k]);
  for (int64_t r = 1; r < reduced; ++r) {
    const T* values = block + r * stride;
    for (int k = 0; k < N; ++k) local[k] = Accumulate(local[k], values[k]);
  }
  for (int k = 0; k < N; ++k) sums[k] = local[k];
}

// Column sums of a [reduced][stride] block's first `columns` columns, in
// chunks of the widths given (the last must be 1).
template <int N, int... Narrower, typename T, typename Acc>
void SumColumnChunks(const T* block, int64_t reduced, int64_t stride, int64_t columns, Acc* sums) {
  int64_t c = 0;
  for (; c + N <= columns; c += N) SumColumns<N>(block + c, reduced, stride, sums + c);
  if constexpr (sizeof...(Narrower) > 0) {
    SumColumnChunks<Narrower...>(block + c, reduced, stride, columns - c, sums + c);
  }
}

// Adds every input element into its output's accumulator, walking the input
// in row-major order as TensorFlow Lite's reference reduction does. A run
// whose elements land on distinct outputs is one loop the compiler vectorizes
// (each output's order of additions is unchanged).
// `fast`: the optimized column sums, used for int8 and uint8.
template <typename T, typename Acc>
void SumInto(const reduce::ReduceGeometry& g, const T* in, Acc* acc,
             const optimized::IsaKernels* fast = nullptr) {
  for (int64_t i = 0; i < g.num_outputs; ++i) acc[i] = Acc();
  int64_t outer = 0, reduced = 0, inner = 0;
  if (AsOuterReducedInner(g, &outer, &reduced, &inner)) {
    for (int64_t o = 0; o < outer; ++o) {
      const T* block = in + o * reduced * inner;
      if constexpr (sizeof(T) == 1) {
        if (fast != nullptr) {
          fast->column_sums(ByteType<T>(), block, reduced, inner, inner, acc + o * inner);
          continue;
        }
      }
      SumColumnChunks<16, 8, 4, 3, 2, 1>(block, reduced, inner, inner, acc + o * inner);
    }
    return;
  }
  reduce::ForEachInputRow(g, [&](int64_t o, int64_t out_step, int64_t i, int32_t n, bool first) {
    Acc* sums = acc + o;
    const T* values = in + i;
    // TensorFlow Lite starts from the first value, not from 0.
    if (out_step != 0 && first) {
      for (int32_t j = 0; j < n; ++j) sums[j] = static_cast<Acc>(values[j]);
    } else if (out_step != 0) {
      for (int32_t j = 0; j < n; ++j) sums[j] = Accumulate(sums[j], values[j]);
    } else {
      int32_t j = 0;
      if (first) sums[0] = static_cast<Acc>(values[j++]);
      for (; j < n; ++j) sums[0] = Accumulate(sums[0], values[j]);
    }
  });
}

template <typename T>
void QuantizedGeneral(const MeanData& p, const T* in, T* out, int32_t* acc) {
  SumInto<T, int32_t>(p.geom, in, acc, p.fast);
  const int32_t lo = std::numeric_limits<T>::min();
  const int32_t hi = std::numeric_limits<T>::max();
  for (int64_t i = 0; i < p.geom.num_outputs; ++i) {
    const int32_t shifted = static_cast<int32_t>(acc[i] - int64_t{p.input_zero_point} * p.geom.count);
    int32_t v = quant::MultiplyByQuantizedMultiplier(shifted, p.multiplier, p.shift) +
                p.output_zero_point;
    out[i] = static_cast<T>(std::min(std::max(v, lo), hi));
  }
}

// 4-D, axes {1, 2}, keep_dims: raw sums (zero point folded into the bias),
// accumulated pixel by pixel across the channels.
template <typename T>
void QuantizedSpatial(const MeanData& p, const T* in, T* out, int32_t* acc) {
  const int32_t batches = p.geom.in_dims[0], pixels = p.geom.in_dims[1] * p.geom.in_dims[2],
                depth = p.geom.in_dims[3];
  const int32_t lo = std::numeric_limits<T>::min();
  const int32_t hi = std::numeric_limits<T>::max();
  for (int32_t b = 0; b < batches; ++b) {
    const T* image = in + static_cast<int64_t>(b) * pixels * depth;
    if (p.fast != nullptr) {
      p.fast->column_sums(ByteType<T>(), image, pixels, depth, depth, acc);
    } else {
      std::fill_n(acc, depth, 0);
      for (int32_t i = 0; i < pixels; ++i) {
        const T* pixel = image + static_cast<int64_t>(i) * depth;
        for (int32_t c = 0; c < depth; ++c) acc[c] += pixel[c];
      }
    }
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t v = quant::MultiplyByQuantizedMultiplier(acc[c], p.multiplier, p.shift) + p.bias;
      out[static_cast<int64_t>(b) * depth + c] = static_cast<T>(std::min(std::max(v, lo), hi));
    }
  }
}

template <typename T>
void IntegerMean(const MeanData& p, const T* in, T* out, int64_t* acc) {
  SumInto<T, int64_t>(p.geom, in, acc);
  for (int64_t i = 0; i < p.geom.num_outputs; ++i) out[i] = static_cast<T>(acc[i] / p.geom.count);
}

Status Eval(KernelContext& ctx) {
  const MeanData& p = *ctx.user_data_as<MeanData>();
  const Tensor& input = *ctx.input(0);
  Tensor& output = *ctx.output(0);
  if (p.geom.num_outputs == 0) return Status::Ok();
  if (p.geom.empty_input) {
    // TensorFlow Lite fills the output with quiet NaN (0 for integers).
    if (output.type == DataType::kFloat32) {
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < p.geom.num_outputs; ++i) out[i] = std::numeric_limits<float>::quiet_NaN();
    } else {
      std::memset(output.data, 0, output.bytes);
    }
    return Status::Ok();
  }
  void* scratch = ctx.scratch(p.scratch_index);
  switch (input.type) {
    case DataType::kFloat32: {
      float* acc = static_cast<float*>(scratch);
      SumInto<float, float>(p.geom, input.data_as<float>(), acc);
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < p.geom.num_outputs; ++i) out[i] = acc[i] / static_cast<float>(p.geom.count);
      return Status::Ok();
    }
    case DataType::kInt32:
      IntegerMean<int32_t>(p, input.data_as<int32_t>(), output.data_as<int32_t>(),
                           static_cast<int64_t*>(scratch));
      return Status::Ok();
    case DataType::kInt64:
      IntegerMean<int64_t>(p, input.data_as<int64_t>(), output.data_as<int64_t>(),
                           static_cast<int64_t*>(scratch));
      return Status::Ok();
    case DataType::kInt8:
      if (p.spatial_fast_path) {
        QuantizedSpatial<int8_t>(p, input.data_as<int8_t>(), output.data_as<int8_t>(),
                                 static_cast<int32_t*>(scratch));
      } else {
        QuantizedGeneral<int8_t>(p, input.data_as<int8_t>(), output.data_as<int8_t>(),
                                 static_cast<int32_t*>(scratch));
      }
      return Status::Ok();
    case DataType::kUInt8:
      if (p.spatial_fast_path) {
        QuantizedSpatial<uint8_t>(p, input.data_as<uint8_t>(), output.data_as<uint8_t>(),
                                  static_cast<int32_t*>(scratch));
      } else {
        QuantizedGeneral<uint8_t>(p, input.data_as<uint8_t>(), output.data_as<uint8_t>(),
                                  static_cast<int32_t*>(scratch));
      }
      return Status::Ok();
    case DataType::kInt16:
      QuantizedGeneral<int16_t>(p, input.data_as<int16_t>(), output.data_as<int16_t>(),
                                static_cast<int32_t*>(scratch));
      return Status::Ok();
    default:
      return Unimplemented("MEAN: dtype ", DataTypeName(input.type), " is not supported");
  }
}

}  // namespace

const KernelRegistration* RegisterMean() {
  static const KernelRegistration r{"MEAN", Prepare, Eval, 1, 3};
  return &r;
}

}  // namespace minnow::kernels
