// A dot-product variant of a base instruction set (CMakeLists.txt's
// minnow_isa_dot_variant): AVX-VNNI over AVX2, NEON dotprod over NEON. Only
// the 8-bit GEMM tile differs, so only it is compiled again here, with the
// variant's flags; every other kernel and the tile geometry come from the
// base variant's table (isa/kernels.cc built as MINNOW_ISA_BASE). This keeps
// a variant's compile time to one small file instead of all of isa/*.cc.
#include <cstdlib>

#include "kernels/optimized/isa/gemm_q8.h"
#include "kernels/optimized/isa_kernels.h"

#if !defined(MINNOW_ISA_BASE)
#error "MINNOW_ISA_BASE names the base variant"
#endif

#define MINNOW_CONCAT2(a, b) a##b
#define MINNOW_CONCAT(a, b) MINNOW_CONCAT2(a, b)

namespace minnow::kernels::optimized {

const IsaKernels* MINNOW_CONCAT(GetIsaKernels_, MINNOW_ISA_BASE)();

const IsaKernels* MINNOW_CONCAT(GetIsaKernels_, MINNOW_ISA)() {
  static const IsaKernels table = [] {
    using namespace MINNOW_ISA;
    IsaKernels k = *MINNOW_CONCAT(GetIsaKernels_, MINNOW_ISA_BASE)();
    // The base's float and 16x8 GEMMs share the tile geometry (gemm.cc plans
    // every GEMM from these fields): the same vector width and tiles here.
    if (k.panel_width != kLanes || k.max_panels != kMaxPanels || k.max_rows != TileRows(1)) std::abort();
    k.path = KernelPath::MINNOW_ISA_PATH;
    k.q8_k_block = kKBlock;
    k.q8_signed_activations = kSignedQ8Activations;
    k.gemm_q8 = GemmQ8;
    return k;
  }();
  return &table;
}

}  // namespace minnow::kernels::optimized
