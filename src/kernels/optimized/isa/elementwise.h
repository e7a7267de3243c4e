// Element-wise binary rows (ADD, SUB, MUL) of one instruction set; included
// only by isa/*.cc, which are compiled once per instruction set.
#pragma once

#include <cstdint>

#include "kernels/optimized/isa_kernels.h"

namespace minnow::kernels::optimized {
namespace MINNOW_ISA {

void BinaryF32(const BinaryF32Params& p, const BinaryRows& rows);
void BinaryQ8(const BinaryQ8Params& p, const BinaryRows& rows);

}  // namespace MINNOW_ISA
}  // namespace minnow::kernels::optimized
