#include "kernels/internal/lstm_cell.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <type_traits>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/internal/fixed_point.h"
#include "kernels/internal/quantization.h"

namespace minnow::kernels::lstm {
namespace {

// --- float helpers -------------------------------------------------------------

float ApplyActivation(Activation act, float x) {
  switch (act) {
    case Activation::kRelu: return std::max(0.0f, x);
    case Activation::kReluN1To1: return std::max(-1.0f, std::min(1.0f, x));
    case Activation::kRelu6: return std::max(0.0f, std::min(6.0f, x));
    case Activation::kTanh: return std::tanh(x);
    default: return x;  // kNone (kSignBit is rejected in prepare)
  }
}

float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// gate[b][r] += sum_c matrix[r][c] * vec[b][c]
void MatVecAccumulate(const float* matrix, int rows, int cols, const float* vec, int n_batch,
                      float* gate) {
  for (int b = 0; b < n_batch; ++b) {
    const float* v = vec + b * cols;
    for (int r = 0; r < rows; ++r) {
      const float* m = matrix + r * cols;
      float dot = 0.0f;
      for (int c = 0; c < cols; ++c) dot += m[c] * v[c];
      gate[b * rows + r] += dot;
    }
  }
}

bool IsZero(const float* v, int n) {
  for (int i = 0; i < n; ++i) {
    if (v[i] != 0.0f) return false;
  }
  return true;
}

// One gate: activation(W_in x + W_rec h + w_cell .* c + bias), with the
// layer-norm variant normalizing before scaling and adding the bias.
void FloatGate(const float* input, const float* input_weights, bool input_is_zero,
               const float* output_state, const float* recurrent_weights, bool recurrent_is_diag,
               const float* cell_state, const float* cell_weights, const float* layer_norm,
               const float* bias, const Sizes& s, bool sigmoid, Activation act, float* gate) {
  const int nb = s.n_batch, nc = s.n_cell;
  for (int b = 0; b < nb; ++b) {
    for (int r = 0; r < nc; ++r) gate[b * nc + r] = layer_norm ? 0.0f : bias[r];
  }
  if (!input_is_zero) MatVecAccumulate(input_weights, nc, s.n_input, input, nb, gate);
  if (recurrent_is_diag) {
    for (int b = 0; b < nb; ++b) {
      for (int r = 0; r < nc; ++r) gate[b * nc + r] += recurrent_weights[r] * output_state[b * nc + r];
    }
  } else {
    MatVecAccumulate(recurrent_weights, nc, s.n_output, output_state, nb, gate);
  }
  if (cell_weights) {
    for (int b = 0; b < nb; ++b) {
      for (int r = 0; r < nc; ++r) gate[b * nc + r] += cell_weights[r] * cell_state[b * nc + r];
    }
  }
  if (layer_norm) {
    for (int b = 0; b < nb; ++b) {
      float* g = gate + b * nc;
      float sum = 0.0f;
      for (int r = 0; r < nc; ++r) sum += g[r];
      const float mean = sum / nc;
      float sum_diff_sq = 0.0f;
      for (int r = 0; r < nc; ++r) sum_diff_sq += (g[r] - mean) * (g[r] - mean);
      const float stddev_inv = 1.0f / std::sqrt(sum_diff_sq / nc + 1e-8f);
      for (int r = 0; r < nc; ++r) g[r] = (g[r] - mean) * stddev_inv * layer_norm[r] + bias[r];
    }
  }
  for (int i = 0; i < nb * nc; ++i) gate[i] = sigmoid ? Sigmoid(gate[i]) : ApplyActivation(act, gate[i]);
}

// --- integer helpers (TensorFlow Lite's portable tensor_utils) -----------------

int16_t SaturateInt16(int32_t v) {
  return static_cast<int16_t>(std::min<int32_t>(32767, std::max<int32_t>(-32768, v)));
}

// output[b][r] = sat(output[b][r] + zp + MBQM(bias[r] + sum_c in[b][c] * w[r][c]))
template <typename T>
void MatVecAccumulateQuantized(const int8_t* input, const int32_t* bias, const int8_t* weights,
                               Multiplier m, int n_batch, int n_input, int n_output,
                               int32_t output_zp, T* output) {
  const int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  for (int b = 0; b < n_batch; ++b) {
    for (int r = 0; r < n_output; ++r) {
      int32_t acc = bias[r];
      for (int c = 0; c < n_input; ++c) {
        acc += static_cast<int32_t>(input[b * n_input + c]) * weights[r * n_input + c];
      }
      acc = quant::MultiplyByQuantizedMultiplier(acc, m.multiplier, m.shift);
      acc += output_zp;
      acc += output[b * n_output + r];
      output[b * n_output + r] = static_cast<T>(std::min(hi, std::max(lo, acc)));
    }
  }
}

// The int16 gate activations are gemmlowp's fixed-point tanh and logistic,
// about a hundred cycles an element. Each result is memoized per input in a
// process-wide table, computed the first time that input is seen: the same
// bits, a lookup after warm-up (dtln 89 -> 44 us). Tabulating all 65536
// inputs up front took ~13 ms of AllocateTensors for dtln; the table's zero
// pages are only touched where a model's inputs fall. Entries and their
// filled bits are relaxed atomics, as interpreters on several threads may
// fill the same entry (with the same value).
class MemoTable {
 public:
  template <typename Fn>
  void Apply(Fn fn, const int16_t* input, int n, int16_t* output) {
    for (int i = 0; i < n; ++i) {
      const int index = input[i] + 32768;
      std::atomic<uint64_t>& word = filled_[index / 64];
      const uint64_t bit = uint64_t{1} << (index % 64);
      if (word.load(std::memory_order_relaxed) & bit) {
        output[i] = values_[index].load(std::memory_order_relaxed);
        continue;
      }
      const int16_t v = fn(input[i]);
      values_[index].store(v, std::memory_order_relaxed);
      // Release: a thread that sees the bit sees the value.
      word.fetch_or(bit, std::memory_order_release);
      output[i] = v;
    }
  }

 private:
  // calloc'd zero pages: the operating system maps them in on first write.
  std::atomic<int16_t>* values_ =
      static_cast<std::atomic<int16_t>*>(std::calloc(65536, sizeof(std::atomic<int16_t>)));
  std::atomic<uint64_t>* filled_ =
      static_cast<std::atomic<uint64_t>*>(std::calloc(65536 / 64, sizeof(std::atomic<uint64_t>)));
};
static_assert(std::is_trivially_default_constructible_v<std::atomic<int16_t>> &&
                  std::is_trivially_default_constructible_v<std::atomic<uint64_t>>,
              "zeroed memory must hold valid atomics");

template <int kIntegerBits>
void TanhImpl(const int16_t* input, int n, int16_t* output) {
  using FX = fixed_point::FixedPoint<int16_t, kIntegerBits>;
  static MemoTable* const table = new MemoTable;  // kept for the process's life
  table->Apply([](int16_t x) { return fixed_point::Tanh(FX::FromRaw(x)).raw; }, input, n, output);
}

// tensor_utils::ApplyTanh: int16 input with `integer_bits` integer bits, Q0.15 output.
void ApplyTanh(int integer_bits, const int16_t* input, int n, int16_t* output) {
  switch (integer_bits) {
    case 0: TanhImpl<0>(input, n, output); break;
    case 1: TanhImpl<1>(input, n, output); break;
    case 2: TanhImpl<2>(input, n, output); break;
    case 3: TanhImpl<3>(input, n, output); break;
    case 4: TanhImpl<4>(input, n, output); break;
    case 5: TanhImpl<5>(input, n, output); break;
    case 6: TanhImpl<6>(input, n, output); break;
    default: break;  // prepare rejects other cell scales
  }
}

// tensor_utils::ApplySigmoid: Q3.12 input, Q0.15 output.
void ApplySigmoid(const int16_t* input, int n, int16_t* output) {
  using F3 = fixed_point::FixedPoint<int16_t, 3>;
  static MemoTable* const table = new MemoTable;
  table->Apply([](int16_t x) { return fixed_point::Logistic(F3::FromRaw(x)).raw; }, input, n, output);
}

// tensor_utils::ApplyLayerNorm (integer mean / variance, inverse sqrt multiplier).
void ApplyLayerNorm(const int16_t* input, const int16_t* weights, const int32_t* bias,
                    Multiplier scale, int32_t variance_limit, int n_batch, int n_input,
                    int16_t* output) {
  constexpr int kTwoToPower20 = 1 << 20;
  for (int b = 0; b < n_batch; ++b) {
    int64_t sum = 0;
    int64_t sum_sq = 0;
    for (int j = 0; j < n_input; ++j) {
      const int32_t val = input[b * n_input + j];
      sum += val;
      sum_sq += val * val;
    }
    const int32_t mean = static_cast<int32_t>(sum * 1024 / n_input);
    const int32_t temp = kTwoToPower20 / n_input;
    const int64_t variance = sum_sq * temp - static_cast<int64_t>(mean) * mean;
    int32_t variance2 = static_cast<int32_t>(variance / kTwoToPower20);
    if (variance2 < 1) variance2 = variance_limit;
    int32_t inv_a;
    int inv_b;
    InvSqrtQuantizedMultiplier(variance2, &inv_a, &inv_b);
    for (int j = 0; j < n_input; ++j) {
      const int index = b * n_input + j;
      const int32_t shifted = 1024 * static_cast<int32_t>(input[index]) - mean;
      const int32_t rescaled = quant::MultiplyByQuantizedMultiplier(shifted, inv_a, inv_b);
      // TensorFlow Lite forms this product in 32 bits before widening.
      const int64_t val3 = static_cast<int32_t>(static_cast<uint32_t>(rescaled) *
                                                static_cast<uint32_t>(static_cast<int32_t>(weights[j]))) +
                           static_cast<int64_t>(bias[j]);
      const int32_t val4 = static_cast<int32_t>((val3 > 0 ? val3 + 512 : val3 - 512) / 1024);
      const int32_t val5 =
          quant::MultiplyByQuantizedMultiplier(val4, scale.multiplier, scale.shift + 12);
      output[index] = SaturateInt16(val5);
    }
  }
}

// out = RoundingDivideByPOT(a * b, shift) (no saturation, as TensorFlow Lite).
void CwiseMulShift(const int16_t* a, const int16_t* b, int n, int shift, int16_t* out) {
  for (int i = 0; i < n; ++i) {
    const int32_t value = static_cast<int32_t>(a[i]) * static_cast<int32_t>(b[i]);
    out[i] = static_cast<int16_t>(quant::RoundingDivideByPOT(value, shift));
  }
}

// out = clamp_int8(MBQM(a * b) + zp)
void CwiseMulToInt8(const int16_t* a, const int16_t* b, Multiplier m, int n, int32_t zp,
                    int8_t* out) {
  for (int i = 0; i < n; ++i) {
    int32_t value = static_cast<int32_t>(a[i]) * static_cast<int32_t>(b[i]);
    value = quant::MultiplyByQuantizedMultiplier(value, m.multiplier, m.shift) + zp;
    out[i] = static_cast<int8_t>(std::min<int32_t>(127, std::max<int32_t>(-128, value)));
  }
}

// One gate of LstmStepInteger8x8_16 (CalculateLstmGateInteger8x8_16).
void IntegerGate(const int8_t* input, const int8_t* input_weights, const int32_t* input_bias,
                 Multiplier input_scale, const int8_t* output_state,
                 const int8_t* recurrent_weights, const int32_t* recurrent_bias,
                 Multiplier recurrent_scale, const int16_t* cell_state,
                 const int16_t* cell_weights, Multiplier cell_scale,
                 const int16_t* layer_norm, const int32_t* layer_norm_bias,
                 Multiplier layer_norm_scale, int32_t variance_guard, const Sizes& s,
                 bool sigmoid, int16_t* gate) {
  const int n = s.n_batch * s.n_cell;
  std::fill_n(gate, n, int16_t{0});
  MatVecAccumulateQuantized(input, input_bias, input_weights, input_scale, s.n_batch, s.n_input,
                            s.n_cell, 0, gate);
  MatVecAccumulateQuantized(output_state, recurrent_bias, recurrent_weights, recurrent_scale,
                            s.n_batch, s.n_output, s.n_cell, 0, gate);
  if (cell_weights) {
    // TensorFlow Lite passes n_output as the vector length here (equal to
    // n_cell in every model with peepholes and no projection); kept as is.
    const int16_t* c = cell_state;
    int16_t* g = gate;
    for (int b = 0; b < s.n_batch; ++b) {
      for (int v = 0; v < s.n_output; ++v) {
        int32_t prod = static_cast<int32_t>(cell_weights[v]) * *c++;
        prod = quant::MultiplyByQuantizedMultiplier(prod, cell_scale.multiplier, cell_scale.shift);
        *g = SaturateInt16(prod + *g);
        ++g;
      }
    }
  }
  if (layer_norm) {
    ApplyLayerNorm(gate, layer_norm, layer_norm_bias, layer_norm_scale, variance_guard, s.n_batch,
                   s.n_cell, gate);
  }
  if (sigmoid) {
    ApplySigmoid(gate, n, gate);
  } else {
    ApplyTanh(3, gate, n, gate);
  }
}

}  // namespace

// --- float step ------------------------------------------------------------------

int FloatScratchSize(const Sizes& s) {
  // Four gates, the hidden (pre-projection) vector and the projection accumulator.
  return 5 * s.n_batch * s.n_cell + s.n_batch * s.n_output;
}

void FloatStep(const FloatWeights& w, const FloatParams& p, const Sizes& s, const float* input,
               float* output_state, float* cell_state, float* output, int output_stride,
               float* scratch) {
  const int nb = s.n_batch, nc = s.n_cell, no = s.n_output;
  float* gates[kNumGates];
  for (int g = 0; g < kNumGates; ++g) gates[g] = scratch + g * nb * nc;
  float* hidden = scratch + 4 * nb * nc;
  const bool use_cifg = w.input_to_gate[kInputGate] == nullptr;
  const bool input_is_zero = IsZero(input, nb * s.n_input);

  auto gate = [&](int g, const float* cell, bool sigmoid) {
    FloatGate(input, w.input_to_gate[g], input_is_zero, output_state, w.recurrent_to_gate[g],
              w.recurrent_is_diag[g], cell, w.cell_to_gate[g], w.layer_norm[g], w.bias[g], s,
              sigmoid, p.activation, gates[g]);
  };
  if (!use_cifg) gate(kInputGate, cell_state, true);
  gate(kForgetGate, cell_state, true);
  gate(kCellGate, nullptr, false);

  // Cell update: c = f .* c + i .* g  (CIFG: i = 1 - f), then clip.
  for (int i = 0; i < nb * nc; ++i) {
    const float forget = gates[kForgetGate][i];
    const float in = use_cifg ? 1.0f - forget : gates[kInputGate][i];
    float c = cell_state[i] * forget;
    c += gates[kCellGate][i] * in;
    if (p.cell_clip > 0.0f) c = std::max(-p.cell_clip, std::min(p.cell_clip, c));
    cell_state[i] = c;
  }

  gate(kOutputGate, cell_state, true);

  // Hidden = o .* act(c); output state = projection (clipped) or hidden.
  for (int i = 0; i < nb * nc; ++i) {
    hidden[i] = gates[kOutputGate][i] * ApplyActivation(p.activation, cell_state[i]);
  }
  if (w.projection_weights) {
    for (int b = 0; b < nb; ++b) {
      for (int r = 0; r < no; ++r) output_state[b * no + r] = w.projection_bias ? w.projection_bias[r] : 0.0f;
    }
    MatVecAccumulate(w.projection_weights, no, nc, hidden, nb, output_state);
    if (p.proj_clip > 0.0f) {
      for (int i = 0; i < nb * no; ++i) {
        output_state[i] = std::max(-p.proj_clip, std::min(p.proj_clip, output_state[i]));
      }
    }
  } else {
    std::copy_n(hidden, nb * no, output_state);
  }
  for (int b = 0; b < nb; ++b) {
    std::copy_n(output_state + b * no, no, output + b * output_stride);
  }
}

// --- integer step ------------------------------------------------------------------

int IntegerScratchBytes(const Sizes& s) {
  const int n = s.n_batch * s.n_cell;
  // Four int16 gates, one int16 tanh(cell) buffer, one int8 hidden buffer.
  return 5 * n * static_cast<int>(sizeof(int16_t)) + n;
}

void IntegerStep(const IntegerWeights& w, const IntegerParams& p, const Sizes& s,
                 const int8_t* input, int8_t* output_state, int16_t* cell_state, int8_t* output,
                 void* scratch) {
  const int n = s.n_batch * s.n_cell;
  int16_t* gates[kNumGates];
  int16_t* base = static_cast<int16_t*>(scratch);
  for (int g = 0; g < kNumGates; ++g) gates[g] = base + g * n;
  int16_t* cell_tanh = base + 4 * n;
  int8_t* hidden = reinterpret_cast<int8_t*>(base + 5 * n);
  const bool use_cifg = w.input_to_gate[kInputGate] == nullptr;

  auto gate = [&](int g, const int16_t* cell_weights, bool sigmoid) {
    IntegerGate(input, w.input_to_gate[g], p.input_effective_bias[g], p.input_to_gate[g],
                output_state, w.recurrent_to_gate[g], p.recurrent_effective_bias[g],
                p.recurrent_to_gate[g], cell_state, cell_weights, p.cell_to_gate[g],
                w.layer_norm[g], w.bias[g], p.layer_norm[g], p.variance_guard[g], s, sigmoid,
                gates[g]);
  };
  if (!use_cifg) gate(kInputGate, w.cell_to_gate[kInputGate], true);
  gate(kForgetGate, w.cell_to_gate[kForgetGate], true);
  gate(kCellGate, nullptr, false);

  // Cell update (UpdateLstmCellInteger).
  int16_t* forget = gates[kForgetGate];
  CwiseMulShift(forget, cell_state, n, 15, cell_state);
  int16_t* scratch_gate = forget;  // the forget gate is no longer needed
  if (use_cifg) {
    for (int i = 0; i < n; ++i) scratch_gate[i] = static_cast<int16_t>(32767 - forget[i]);
    CwiseMulShift(scratch_gate, gates[kCellGate], n, 30 + p.cell_scale, scratch_gate);
  } else {
    CwiseMulShift(gates[kInputGate], gates[kCellGate], n, 30 + p.cell_scale, scratch_gate);
  }
  for (int i = 0; i < n; ++i) {
    cell_state[i] = SaturateInt16(static_cast<int32_t>(cell_state[i]) + scratch_gate[i]);
  }
  if (p.quantized_cell_clip > 0) {
    const int16_t clip = p.quantized_cell_clip;
    for (int i = 0; i < n; ++i) {
      cell_state[i] = std::max<int16_t>(static_cast<int16_t>(-clip), std::min(clip, cell_state[i]));
    }
  }

  gate(kOutputGate, w.cell_to_gate[kOutputGate], true);

  // Output (CalculateLstmOutputInteger8x8_16).
  ApplyTanh(15 + p.cell_scale, cell_state, n, cell_tanh);
  const int no = s.n_batch * s.n_output;
  if (w.projection_weights) {
    // TensorFlow Lite's projection path negates the hidden zero point here.
    CwiseMulToInt8(gates[kOutputGate], cell_tanh, p.hidden, n, -p.hidden_zp, hidden);
    std::fill_n(output_state, no, int8_t{0});
    MatVecAccumulateQuantized(hidden, p.projection_effective_bias, w.projection_weights,
                              p.projection, s.n_batch, s.n_cell, s.n_output, p.output_state_zp,
                              output_state);
    if (p.quantized_proj_clip > 0) {
      const int8_t clip = p.quantized_proj_clip;
      for (int i = 0; i < no; ++i) {
        output_state[i] = std::max<int8_t>(static_cast<int8_t>(-clip), std::min(clip, output_state[i]));
      }
    }
  } else {
    CwiseMulToInt8(gates[kOutputGate], cell_tanh, p.hidden, n, p.hidden_zp, output_state);
  }
  std::copy_n(output_state, no, output);
}

void FoldZeroPoint(const int8_t* matrix, int rows, int cols, int32_t scalar, const int32_t* bias,
                   int32_t* output) {
  for (int r = 0; r < rows; ++r) {
    output[r] = bias ? bias[r] : 0;
    if (scalar != 0) {
      int32_t row_sum = 0;
      for (int c = 0; c < cols; ++c) row_sum += matrix[r * cols + c];
      output[r] += row_sum * scalar;
    }
  }
}

void InvSqrtQuantizedMultiplier(int32_t input, int32_t* multiplier, int* shift) {
  using F3 = fixed_point::FixedPoint<int32_t, 3>;
  using F0 = fixed_point::FixedPoint<int32_t, 0>;
  if (input <= 1) {
    // 0 (invalid) and 1 both map to the largest multiplier.
    *multiplier = std::numeric_limits<int32_t>::max();
    *shift = 0;
    return;
  }
  int right_shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++right_shift;
  }
  const unsigned max_left_shift_bits =
      static_cast<unsigned>(__builtin_clz(static_cast<uint32_t>(input))) - 1;
  const unsigned left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  right_shift -= static_cast<int>(left_shift_bit_pairs);
  input <<= 2 * left_shift_bit_pairs;  // now in [2^27, 2^29)
  const F3 fixed_input = F3::FromRaw(input >> 1);
  const F3 half_input = fixed_point::SaturatingRoundingMultiplyByPOT<-1>(fixed_input);
  const F3 half_three = F3::FromRaw((1 << 28) + (1 << 27));  // 1.5
  // Newton-Raphson from x = 1, five iterations.
  F3 x = F3::One();
  for (int i = 0; i < 5; ++i) {
    const F3 x3 = fixed_point::Rescale<3>(x * x * x);
    x = fixed_point::Rescale<3>(half_three * x - half_input * x3);
  }
  const F0 half_sqrt_2 = F0::FromRaw(1518500250);  // sqrt(2) / 2
  x = x * half_sqrt_2;
  *multiplier = x.raw;
  if (right_shift < 0) {
    *multiplier <<= -right_shift;
    right_shift = 0;
  }
  *shift = -right_shift;
}

}  // namespace minnow::kernels::lstm
