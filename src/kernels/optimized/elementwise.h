// The optimized element-wise ADD, SUB and MUL (float32, int8, uint8): the
// reference kernels' broadcast plan walked a row at a time (equal shapes are
// one row, a broadcast input is repeated or restarted per row), each row a
// vector loop of the active instruction set; large outputs spread over the
// interpreter's threads.
#pragma once

#include <cstdint>

#include "kernels/internal/broadcast.h"
#include "kernels/optimized/isa_kernels.h"
#include "minnow/kernel.h"

namespace minnow::kernels::optimized {

struct BinaryElementwise;

// nullptr when `isa` is null, the output is empty, the plan's rows are too
// short to pay for a vector loop, ADD / SUB's input shifts lie outside the
// kernels' range, or memory runs out: the caller then runs its reference
// loop.
BinaryElementwise* PrepareF32Binary(KernelContext& ctx, const IsaKernels* isa, BinaryOp op,
                                    const BroadcastPlan& plan, float act_min, float act_max);
// The repeat flags of `params` are set from the plan.
BinaryElementwise* PrepareQ8Binary(KernelContext& ctx, const IsaKernels* isa,
                                   const BroadcastPlan& plan, BinaryQ8Params params);

void RunBinary(KernelContext& ctx, const BinaryElementwise& e, const void* in1, const void* in2,
               void* out);

// The optimized kernel of the active kernel path for a reference ADD / SUB /
// MUL with output `type`, from its prepared op data (the fields add_sub.cc
// and mul.cc share); `q8` carries ADD / SUB's input rescaling. nullptr where
// the reference loop stays in charge.
template <typename OpData>
BinaryElementwise* PrepareBinary(KernelContext& ctx, BinaryOp op, DataType type, const OpData& d,
                                 BinaryQ8Params q8 = {}) {
  const IsaKernels* isa = ActiveKernels();
  if (type == DataType::kFloat32) return PrepareF32Binary(ctx, isa, op, d.plan, d.f_min, d.f_max);
  if (type != DataType::kInt8 && type != DataType::kUInt8) return nullptr;
  q8.op = op;
  q8.is_signed = type == DataType::kInt8;
  q8.input_offset[0] = d.input1_offset;
  q8.input_offset[1] = d.input2_offset;
  q8.output_multiplier = d.output_multiplier;
  q8.output_shift = d.output_shift;
  q8.output_offset = d.output_offset;
  q8.act_min = d.act_min;
  q8.act_max = d.act_max;
  return PrepareQ8Binary(ctx, isa, d.plan, q8);
}

}  // namespace minnow::kernels::optimized
