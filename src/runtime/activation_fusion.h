// Graph rewrite at interpreter creation: a float RELU, RELU6 or RELU_N1_TO_1
// whose only input comes from an op that can apply it as its fused
// activation becomes that activation, saving a pass over the tensor
// (face_detection runs 17 such RELUs after ADD).
#pragma once

#include <vector>

#include "minnow/model.h"

namespace minnow {

// Rewrites `ops`, a copy of `desc.operators`: for each fusable pair the
// producer writes the activation's output with the activation fused, and
// the activation op is left without inputs or outputs. Returns, per op,
// whether it was fused away (the interpreter skips it).
std::vector<bool> FuseActivations(const SubgraphDesc& desc, std::vector<OperatorDesc>* ops);

}  // namespace minnow
