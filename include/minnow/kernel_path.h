// Which kernels run: the portable reference kernels, or optimized kernels for
// one instruction set. The default is the best the CPU supports; the
// MINNOW_KERNELS environment variable ("reference", "portable", "avx2",
// "avxvnni", "avx512", "avx512vnni", "neon", "neondot") or SetKernelPath
// overrides it. Quantized
// results are the same bytes on every path and at every thread count.
#pragma once

#include <string>
#include <vector>

#include "minnow/status.h"

namespace minnow {

enum class KernelPath {
  kAuto,        // the best path this CPU supports
  kReference,   // reference kernels only (the semantics; no SIMD, no threads)
  kPortable,    // optimized kernels compiled for the architecture's baseline
  kAvx2,        // x86-64: AVX2 + FMA
  kAvx512,      // x86-64: AVX-512 F/BW/DQ/VL
  kAvx512Vnni,  // x86-64: AVX-512 + VNNI int8 dot products
  kNeon,        // aarch64: Advanced SIMD
  kAvxVnni,     // x86-64: AVX2 + FMA + AVX-VNNI (256-bit) int8 dot products
  kNeonDot,     // aarch64: Advanced SIMD + dot product (sdot) for int8
};

// Process-wide; takes effect at the next AllocateTensors. Fails if this CPU
// or build cannot run `path`.
Status SetKernelPath(KernelPath path);
// The path kernels use now (never kAuto).
KernelPath ActiveKernelPath();
const char* KernelPathName(KernelPath path);
// "auto", "reference", "portable", "avx2", ...
Result<KernelPath> ParseKernelPath(const std::string& name);
// Every path this CPU and build can run, reference first.
std::vector<KernelPath> AvailableKernelPaths();

}  // namespace minnow
