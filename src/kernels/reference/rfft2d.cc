// RFFT2D: the 2-D FFT of real float32 input over its two innermost
// dimensions (cropped or zero-padded to fft_length), keeping the
// fft_length[1] / 2 + 1 non-redundant columns, as complex64. TensorFlow Lite
// computes it in double precision (Ooura's rdft2d) and rounds to float once;
// Minnow does the same with radix-2 FFTs in double, so results agree to float
// rounding. Each row's real FFT of length W runs as a complex FFT of length
// W / 2 on the even / odd samples packed as real / imaginary parts, then a
// split step separates the two; the columns get complex FFTs of length H.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "kernels/reference/registrations.h"
#include "minnow/kernel.h"

namespace minnow::kernels {
namespace {

using Complex = std::complex<double>;

struct Rfft2dData {
  int height = 0;  // fft_length[0]
  int width = 0;   // fft_length[1]
  int input_height = 0;
  int input_width = 0;
  int64_t num_slices = 0;
  // e^{-2 pi i k / N} for k in [0, N / 2), N = max(height, width): every
  // power-of-two length L <= N finds its twiddles at stride N / L.
  const Complex* twiddles = nullptr;
  int twiddle_length = 0;  // N
  int scratch_index = -1;
};

bool IsPowerOfTwo(int32_t v) { return v > 0 && (v & (v - 1)) == 0; }

// Written out: std::complex's operator* adds C99's infinity recovery (a NaN
// check, then a library call), which the FFT has no use for.
Complex Times(Complex a, Complex b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// In-place forward DFTs of `count` interleaved sequences of length n (a power
// of two): element i of sequence c is a[i * count + c], so count = 1 is one
// contiguous sequence and count = row length transforms all columns of a
// matrix at once, each butterfly sweeping whole rows. Iterative radix-2
// decimation in time: bit-reversed order, then butterflies of doubling span.
// `count` is an int, or std::integral_constant<int, 1> for a row, whose
// loops over sequences then vanish at compile time (a third of the time of
// a spectrogram's 512-point rows).
template <typename Count>
void Fft(const Rfft2dData& d, Complex* a, int n, Count count) {
  for (int i = 1, j = 0; i < n; ++i) {
    int bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap_ranges(a + i * count, a + (i + 1) * count, a + j * count);
  }
  for (int span = 1; span < n; span *= 2) {
    // e^{-2 pi i k / (2 span)} for k in [0, span).
    const int stride = d.twiddle_length / (2 * span);
    for (int start = 0; start < n; start += 2 * span) {
      for (int k = 0; k < span; ++k) {
        const Complex twiddle = d.twiddles[k * stride];
        Complex* low = a + (start + k) * count;
        Complex* high = low + span * count;
        for (int c = 0; c < count; ++c) {
          const Complex even = low[c];
          const Complex odd = Times(high[c], twiddle);
          low[c] = even + odd;
          high[c] = even - odd;
        }
      }
    }
  }
}

// X[0..width / 2] of one real row of `valid` samples (zero beyond them).
void RealRowFft(const Rfft2dData& d, const float* x, int valid, Complex* out) {
  const int w = d.width;
  if (w == 1) {
    out[0] = valid > 0 ? x[0] : 0.0;
    return;
  }
  const int half = w / 2;
  for (int n = 0; n < half; ++n) {
    const double even = 2 * n < valid ? x[2 * n] : 0.0;
    const double odd = 2 * n + 1 < valid ? x[2 * n + 1] : 0.0;
    out[n] = Complex(even, odd);
  }
  Fft(d, out, half, std::integral_constant<int, 1>());
  // Z = FFT(even + i odd) gives E[k] = (Z[k] + conj Z[half - k]) / 2 and
  // O[k] = (Z[k] - conj Z[half - k]) / 2i; then X[k] = E[k] + w^k O[k] and
  // X[half - k] = conj(E[k] - w^k O[k]), with w = e^{-2 pi i / width}.
  const int stride = d.twiddle_length / w;  // w^k = twiddles[k * stride]
  const Complex z0 = out[0];
  out[0] = z0.real() + z0.imag();
  out[half] = z0.real() - z0.imag();
  for (int k = 1; 2 * k <= half; ++k) {
    const Complex zk = out[k], zm = std::conj(out[half - k]);
    const Complex even = 0.5 * (zk + zm);
    const Complex diff = zk - zm;
    const Complex odd = Times(Complex(0.5 * diff.imag(), -0.5 * diff.real()), d.twiddles[k * stride]);
    out[k] = even + odd;
    out[half - k] = std::conj(even - odd);
  }
}

Status Prepare(KernelContext& ctx) {
  MINNOW_CHECK_ARG(ctx.num_inputs() == 2, "RFFT2D: expected 2 inputs, got ", ctx.num_inputs());
  MINNOW_CHECK_ARG(ctx.num_outputs() == 1, "RFFT2D: expected 1 output, got ", ctx.num_outputs());
  const Tensor* input = ctx.input(0);
  const Tensor* fft_length = ctx.input(1);
  Tensor* output = ctx.output(0);
  MINNOW_CHECK_ARG(input && fft_length && output, "RFFT2D: an input or the output is missing");
  if (input->type != DataType::kFloat32) {
    return Unimplemented("RFFT2D: input dtype ", DataTypeName(input->type), " is not supported");
  }
  const int rank = input->shape.rank();
  MINNOW_CHECK_ARG(rank >= 2, "RFFT2D: input must have rank >= 2, got ", input->shape.ToString());
  MINNOW_CHECK_ARG(fft_length->type == DataType::kInt32, "RFFT2D: fft_length must be int32, got ",
                   DataTypeName(fft_length->type));
  MINNOW_CHECK_ARG(fft_length->shape.rank() == 1 && fft_length->shape.dim(0) == 2,
                   "RFFT2D: fft_length must have shape [2], got ", fft_length->shape.ToString());
  if (!fft_length->is_constant()) {
    return Unimplemented("RFFT2D: a dynamic (non-constant) fft_length is not supported");
  }
  const int32_t* len = fft_length->data_as<int32_t>();
  MINNOW_CHECK_ARG(IsPowerOfTwo(len[0]) && IsPowerOfTwo(len[1]),
                   "RFFT2D: fft_length must be powers of two, got [", len[0], ", ", len[1], "]");
  output->type = DataType::kComplex64;

  auto* data = ctx.NewOpData<Rfft2dData>();
  MINNOW_CHECK_ARG(data != nullptr, "RFFT2D: out of persistent memory");
  data->height = len[0];
  data->width = len[1];
  data->input_height = input->shape.dim(rank - 2);
  data->input_width = input->shape.dim(rank - 1);
  data->num_slices = input->shape.FlatSize(0, rank - 2);
  data->twiddle_length = std::max(data->height, data->width);
  const int num_twiddles = data->twiddle_length / 2;
  Complex* twiddles = ctx.AllocatePersistentArray<Complex>(num_twiddles);
  MINNOW_CHECK_ARG(twiddles != nullptr || num_twiddles == 0, "RFFT2D: out of persistent memory");
  const double kTwoPi = 6.283185307179586476925286766559;
  for (int k = 0; k < num_twiddles; ++k) {
    const double angle = kTwoPi * k / data->twiddle_length;
    twiddles[k] = Complex(std::cos(angle), -std::sin(angle));
  }
  data->twiddles = twiddles;

  Shape out_shape = input->shape;
  out_shape.dim(rank - 2) = len[0];
  out_shape.dim(rank - 1) = len[1] / 2 + 1;
  MINNOW_RETURN_IF_ERROR(ctx.ResizeOutput(0, out_shape));
  // One slice's transform in double: height x (width / 2 + 1).
  const size_t scratch = static_cast<size_t>(data->height) * (data->width / 2 + 1) * sizeof(Complex);
  return ctx.RequestScratch(scratch, &data->scratch_index);
}

Status Eval(KernelContext& ctx) {
  const Rfft2dData* d = ctx.user_data_as<Rfft2dData>();
  const float* in = ctx.input(0)->data_as<float>();
  std::complex<float>* out = static_cast<std::complex<float>*>(ctx.output(0)->data);
  Complex* rows = static_cast<Complex*>(ctx.scratch(d->scratch_index));
  if (rows == nullptr) return Internal("RFFT2D: scratch unavailable");
  const int h = d->height, cols = d->width / 2 + 1;
  const int valid_h = std::min(d->input_height, h);
  const int valid_w = std::min(d->input_width, d->width);
  for (int64_t slice = 0; slice < d->num_slices; ++slice) {
    const float* x = in + slice * d->input_height * d->input_width;
    for (int r = 0; r < valid_h; ++r) RealRowFft(*d, x + r * d->input_width, valid_w, rows + r * cols);
    std::fill(rows + valid_h * cols, rows + h * cols, Complex(0.0, 0.0));  // rows beyond the input
    Fft(*d, rows, h, cols);
    std::complex<float>* y = out + slice * h * cols;
    for (int i = 0; i < h * cols; ++i) y[i] = std::complex<float>(rows[i]);
  }
  return Status::Ok();
}

}  // namespace

const KernelRegistration* RegisterRfft2d() {
  static const KernelRegistration r{"RFFT2D", Prepare, Eval, 1, 1};
  return &r;
}

}  // namespace minnow::kernels
