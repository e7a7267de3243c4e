// Graph rewrite at interpreter creation: a PAD (or PADV2 padding with zero)
// of the height and width of an NHWC tensor that only feeds a CONV_2D or
// DEPTHWISE_CONV_2D becomes that convolution's own zero padding
// (FusedPadding in its options), so the padded copy is never written.
// Float and 8-bit results are the unfused graph's bit for bit: a padded zero
// (or zero point) contributes an exact zero to every window sum, which the
// convolution kernels get by skipping or zero-filling taps outside the input.
#pragma once

#include <vector>

#include "minnow/model.h"

namespace minnow {

// Rewrites `ops`, a copy of `desc.operators` (after activation fusion): for
// each fusable pair the convolution reads the PAD's input with the padding in
// its options, and the PAD op is left without inputs or outputs. Returns, per
// op, whether it was fused away (the interpreter skips it).
std::vector<bool> FusePads(const SubgraphDesc& desc, std::vector<OperatorDesc>* ops);

}  // namespace minnow
