// Kernel path selection: what the CPU supports, what the user asked for.
#include <atomic>
#include <cstdlib>
#include <string>

#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel_path.h"

namespace minnow {
namespace kernels::optimized {

// Entry points of isa/kernels.cc, one per build of it (see CMakeLists.txt).
#if defined(__x86_64__)
const IsaKernels* GetIsaKernels_portable();
const IsaKernels* GetIsaKernels_avx2();
const IsaKernels* GetIsaKernels_avxvnni();  // isa/dot/gemm_q8_dot.cc over avx2
const IsaKernels* GetIsaKernels_avx512();
const IsaKernels* GetIsaKernels_avx512vnni();
#elif defined(__aarch64__)
const IsaKernels* GetIsaKernels_neon();
const IsaKernels* GetIsaKernels_neondot();  // isa/dot/gemm_q8_dot.cc over neon
#else
const IsaKernels* GetIsaKernels_portable();
#endif

namespace {

bool CpuSupports(KernelPath path) {
  switch (path) {
    case KernelPath::kReference:
      return true;
#if defined(__x86_64__)
    case KernelPath::kPortable:
      return true;
    case KernelPath::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case KernelPath::kAvxVnni:
      return CpuSupports(KernelPath::kAvx2) && __builtin_cpu_supports("avxvnni");
    case KernelPath::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("fma");
    case KernelPath::kAvx512Vnni:
      return CpuSupports(KernelPath::kAvx512) && __builtin_cpu_supports("avx512vnni");
#elif defined(__aarch64__)
    case KernelPath::kNeon:
      return true;  // Advanced SIMD is part of the aarch64 baseline
    case KernelPath::kNeonDot:
      return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0;
#else
    case KernelPath::kPortable:
      return true;
#endif
    default:
      return false;
  }
}

KernelPath Best() {
  const std::vector<KernelPath> paths = AvailableKernelPaths();
  return paths.back();
}

KernelPath Initial() {
  const char* env = std::getenv("MINNOW_KERNELS");
  if (env != nullptr && *env != '\0') {
    Result<KernelPath> parsed = ParseKernelPath(env);
    if (parsed.ok() && parsed.value() != KernelPath::kAuto && CpuSupports(parsed.value())) {
      return parsed.value();
    }
  }
  return Best();
}

std::atomic<KernelPath>& Active() {
  static std::atomic<KernelPath> active{Initial()};
  return active;
}

}  // namespace

const IsaKernels* KernelsFor(KernelPath path) {
  switch (path) {
#if defined(__x86_64__)
    case KernelPath::kPortable: return GetIsaKernels_portable();
    case KernelPath::kAvx2: return GetIsaKernels_avx2();
    case KernelPath::kAvxVnni: return GetIsaKernels_avxvnni();
    case KernelPath::kAvx512: return GetIsaKernels_avx512();
    case KernelPath::kAvx512Vnni: return GetIsaKernels_avx512vnni();
#elif defined(__aarch64__)
    case KernelPath::kNeon: return GetIsaKernels_neon();
    case KernelPath::kNeonDot: return GetIsaKernels_neondot();
#else
    case KernelPath::kPortable: return GetIsaKernels_portable();
#endif
    default: return nullptr;
  }
}

const IsaKernels* ActiveKernels() { return KernelsFor(ActiveKernelPath()); }

}  // namespace kernels::optimized

Status SetKernelPath(KernelPath path) {
  if (path == KernelPath::kAuto) path = kernels::optimized::Best();
  if (!kernels::optimized::CpuSupports(path)) {
    return Unimplemented("kernel path '", KernelPathName(path), "' is not supported by this CPU or build");
  }
  kernels::optimized::Active().store(path);
  return Status::Ok();
}

KernelPath ActiveKernelPath() { return kernels::optimized::Active().load(); }

const char* KernelPathName(KernelPath path) {
  switch (path) {
    case KernelPath::kAuto: return "auto";
    case KernelPath::kReference: return "reference";
    case KernelPath::kPortable: return "portable";
    case KernelPath::kAvx2: return "avx2";
    case KernelPath::kAvx512: return "avx512";
    case KernelPath::kAvx512Vnni: return "avx512vnni";
    case KernelPath::kNeon: return "neon";
    case KernelPath::kAvxVnni: return "avxvnni";
    case KernelPath::kNeonDot: return "neondot";
  }
  return "unknown";
}

Result<KernelPath> ParseKernelPath(const std::string& name) {
  for (KernelPath p : {KernelPath::kAuto, KernelPath::kReference, KernelPath::kPortable, KernelPath::kAvx2,
                       KernelPath::kAvxVnni, KernelPath::kAvx512, KernelPath::kAvx512Vnni, KernelPath::kNeon,
                       KernelPath::kNeonDot}) {
    if (name == KernelPathName(p)) return p;
  }
  return InvalidArgument("unknown kernel path '", name,
                         "' (expected auto, reference, portable, avx2, avxvnni, avx512, avx512vnni, neon or neondot)");
}

// Worst to best: the automatic choice is the last one the CPU supports. On
// x86-64 AVX-VNNI comes after AVX2 (the same kernels but the int8 GEMM, which
// does four byte products per instruction) and before AVX-512, whose
// float, 16x8 and depthwise kernels are twice as wide; it is picked on CPUs
// with AVX-VNNI but no AVX-512 (Alder Lake and later client Intel cores).
// AVX-512 VNNI has both and comes last. Measured on Zen 5 (kernels bench, one
// thread, us): int8 FC 1280->1000 avx2 88, avxvnni 29, avx512 46, avx512vnni
// 16; int8 conv 1x1 56x56x24->144 avx2 1041, avxvnni 555, avx512 415,
// avx512vnni 194: AVX-VNNI beats plain AVX-512 on the FC GEMM but not on the
// convolutions, and is not worth losing AVX-512's other kernels for.
std::vector<KernelPath> AvailableKernelPaths() {
  std::vector<KernelPath> paths;
  for (KernelPath p : {KernelPath::kReference, KernelPath::kPortable, KernelPath::kAvx2, KernelPath::kAvxVnni,
                       KernelPath::kAvx512, KernelPath::kAvx512Vnni, KernelPath::kNeon, KernelPath::kNeonDot}) {
    if (kernels::optimized::CpuSupports(p)) paths.push_back(p);
  }
  return paths;
}

}  // namespace minnow
