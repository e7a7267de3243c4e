// Kernel path selection: what the CPU supports, what the user asked for.
#include <atomic>
#include <cstdlib>
#include <string>

#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel_path.h"

namespace minnow {
namespace kernels::optimized {

// Entry points of isa/kernels.cc, one per build of it (see CMakeLists.txt).
#if defined(__x86_64__)
const IsaKernels* GetIsaKernels_portable();
const IsaKernels* GetIsaKernels_avx2();
const IsaKernels* GetIsaKernels_avx512();
const IsaKernels* GetIsaKernels_avx512vnni();
#elif defined(__aarch64__)
const IsaKernels* GetIsaKernels_neon();
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
    case KernelPath::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("fma");
    case KernelPath::kAvx512Vnni:
      return CpuSupports(KernelPath::kAvx512) && __builtin_cpu_supports("avx512vnni");
#elif defined(__aarch64__)
    case KernelPath::kNeon:
      return true;  // Advanced SIMD is part of the aarch64 baseline
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
    case KernelPath::kAvx512: return GetIsaKernels_avx512();
    case KernelPath::kAvx512Vnni: return GetIsaKernels_avx512vnni();
#elif defined(__aarch64__)
    case KernelPath::kNeon: return GetIsaKernels_neon();
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
  }
  return "unknown";
}

Result<KernelPath> ParseKernelPath(const std::string& name) {
  for (KernelPath p : {KernelPath::kAuto, KernelPath::kReference, KernelPath::kPortable, KernelPath::kAvx2,
                       KernelPath::kAvx512, KernelPath::kAvx512Vnni, KernelPath::kNeon}) {
    if (name == KernelPathName(p)) return p;
  }
  return InvalidArgument("unknown kernel path '", name,
                         "' (expected auto, reference, portable, avx2, avx512, avx512vnni or neon)");
}

std::vector<KernelPath> AvailableKernelPaths() {
  std::vector<KernelPath> paths;
  for (KernelPath p : {KernelPath::kReference, KernelPath::kPortable, KernelPath::kAvx2, KernelPath::kAvx512,
                       KernelPath::kAvx512Vnni, KernelPath::kNeon}) {
    if (kernels::optimized::CpuSupports(p)) paths.push_back(p);
  }
  return paths;
}

}  // namespace minnow
