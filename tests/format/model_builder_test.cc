// ModelBuilder writes .tflite bytes; these tests read them back with the
// generated FlatBuffers API only (verifier + accessors), and exercise the
// options codec's error paths on hand-built Operator tables.
#include "minnow/model_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "format/builtin_options_codec.h"
#include "format/minnow_schema_generated.h"

namespace minnow {
namespace {

using ::minnow::format::ParseBuiltinOptions;
using ::minnow::format::WriteBuiltinOptions;

// --- Comparing options structs (the public structs define no operator==) ---

auto Fields(const std::monostate&) { return std::tie(); }
auto Fields(const Conv2DOptions& o) {
  return std::tie(o.padding, o.stride_w, o.stride_h, o.activation, o.dilation_w, o.dilation_h);
}
auto Fields(const DepthwiseConv2DOptions& o) {
  return std::tie(o.padding, o.stride_w, o.stride_h, o.depth_multiplier, o.activation,
                  o.dilation_w, o.dilation_h);
}
auto Fields(const FullyConnectedOptions& o) {
  return std::tie(o.activation, o.weights_format, o.keep_num_dims, o.asymmetric_quantize_inputs);
}
auto Fields(const Pool2DOptions& o) {
  return std::tie(o.padding, o.stride_w, o.stride_h, o.filter_width, o.filter_height,
                  o.activation);
}
auto Fields(const AddSubOptions& o) { return std::tie(o.activation, o.pot_scale_int16); }
auto Fields(const MulOptions& o) { return std::tie(o.activation); }
auto Fields(const ReshapeOptions& o) { return std::tie(o.new_shape); }
auto Fields(const SqueezeOptions& o) { return std::tie(o.squeeze_dims); }
auto Fields(const SoftmaxOptions& o) { return std::tie(o.beta); }
auto Fields(const ConcatenationOptions& o) { return std::tie(o.axis, o.activation); }
auto Fields(const ReducerOptions& o) { return std::tie(o.keep_dims); }
auto Fields(const StridedSliceOptions& o) {
  return std::tie(o.begin_mask, o.end_mask, o.ellipsis_mask, o.new_axis_mask,
                  o.shrink_axis_mask, o.offset);
}

template <typename T, typename = void>
struct HasFields : std::false_type {};
template <typename T>
struct HasFields<T, std::void_t<decltype(Fields(std::declval<const T&>()))>> : std::true_type {};

// Options structs added for later ops have no field list here; comparing one
// fails loudly instead of passing.
bool SameOptions(const BuiltinOptions& a, const BuiltinOptions& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (HasFields<T>::value) {
          return Fields(x) == Fields(std::get<T>(b));
        } else {
          ADD_FAILURE() << "no field list for options alternative " << a.index();
          return false;
        }
      },
      a);
}

std::vector<uint8_t> Bytes(std::initializer_list<uint8_t> b) { return b; }

template <typename T>
std::vector<uint8_t> BytesOf(const std::vector<T>& values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::vector<int32_t> Ints(const flatbuffers::Vector<int32_t>* v) {
  return v ? std::vector<int32_t>(v->begin(), v->end()) : std::vector<int32_t>{};
}

const fb::Model* VerifiedModel(const std::vector<uint8_t>& bytes) {
  flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  if (!fb::VerifyModelBuffer(verifier)) return nullptr;
  return fb::GetModel(bytes.data());
}

int32_t OpCodeOf(const fb::OperatorCode& code) {
  return std::max(static_cast<int32_t>(code.deprecated_builtin_code()),
                  static_cast<int32_t>(code.builtin_code()));
}

// One op per options struct, with non-default values everywhere.
struct OptionsCase {
  BuiltinOp op;
  BuiltinOptions options;
};

std::vector<OptionsCase> OptionsCases() {
  return {
      {BuiltinOp::kCONV_2D, Conv2DOptions{Padding::kValid, 2, 3, Activation::kRelu6, 4, 5, {}}},
      {BuiltinOp::kDEPTHWISE_CONV_2D,
       DepthwiseConv2DOptions{Padding::kValid, 3, 2, 4, Activation::kRelu, 2, 3, {}}},
      {BuiltinOp::kFULLY_CONNECTED,
       FullyConnectedOptions{Activation::kReluN1To1, FullyConnectedWeightsFormat::kShuffled4x16Int8,
                             true, true}},
      {BuiltinOp::kAVERAGE_POOL_2D,
       Pool2DOptions{Padding::kValid, 2, 3, 4, 5, Activation::kTanh}},
      {BuiltinOp::kMAX_POOL_2D, Pool2DOptions{Padding::kSame, 1, 2, 3, 2, Activation::kSignBit}},
      {BuiltinOp::kL2_POOL_2D, Pool2DOptions{Padding::kSame, 2, 2, 2, 2, Activation::kNone}},
      {BuiltinOp::kADD, AddSubOptions{Activation::kRelu, false}},
      {BuiltinOp::kSUB, AddSubOptions{Activation::kRelu6, true}},
      {BuiltinOp::kMUL, MulOptions{Activation::kReluN1To1}},
      {BuiltinOp::kRESHAPE, ReshapeOptions{{1, -1, 4}}},
      {BuiltinOp::kRESHAPE, ReshapeOptions{}},  // new_shape absent
      {BuiltinOp::kSQUEEZE, SqueezeOptions{{0, 2}}},
      {BuiltinOp::kSOFTMAX, SoftmaxOptions{0.5f}},
      {BuiltinOp::kCONCATENATION, ConcatenationOptions{-1, Activation::kRelu}},
      {BuiltinOp::kMEAN, ReducerOptions{true}},
      {BuiltinOp::kSUM, ReducerOptions{false}},
      {BuiltinOp::kREDUCE_MAX, ReducerOptions{true}},
      {BuiltinOp::kREDUCE_MIN, ReducerOptions{true}},
      {BuiltinOp::kREDUCE_PROD, ReducerOptions{true}},
      {BuiltinOp::kREDUCE_ANY, ReducerOptions{true}},
      {BuiltinOp::kREDUCE_ALL, ReducerOptions{true}},
      {BuiltinOp::kSTRIDED_SLICE, StridedSliceOptions{1, 2, 4, 8, 16, true}},
  };
}

OperatorSpec Op(BuiltinOp code, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                BuiltinOptions options = {}, int version = 1) {
  OperatorSpec op;
  op.builtin_code = static_cast<int32_t>(code);
  op.version = version;
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  op.options = std::move(options);
  return op;
}

// --- Round trip of a whole model ---

class ModelBuilderRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    ModelBuilder b;
    b.SetDescription("round trip");
    // 0: float input with a dynamic batch.
    b.AddTensor(0, {"input", DataType::kFloat32, {1, 4, 4, 2}, {-1, 4, 4, 2}, {}, {}, false});
    // 1: per-axis int8 weights (3 output channels along dim 0).
    QuantParams per_axis{{0.5f, 0.25f, 0.125f}, {0, 1, -1}, 0};
    b.AddTensor(0, {"weights", DataType::kInt8, {3, 1, 1, 2}, {}, per_axis,
                    Bytes({1, 2, 3, 4, 5, 6}), false});
    // 2: int32 bias constant.
    b.AddTensor(0, {"bias", DataType::kInt32, {3}, {}, {}, BytesOf<int32_t>({7, -8, 9}), false});
    // 3: per-tensor uint8 activation; zero point omitted (written as 0).
    b.AddTensor(0, {"act", DataType::kUInt8, {1, 4, 4, 3}, {}, {{0.02f}, {}, 0}, {}, false});
    // 4: variable state.
    b.AddTensor(0, {"state", DataType::kFloat32, {1, 3}, {}, {}, {}, true});
    // 5: scalar constant.
    b.AddTensor(0, {"scalar", DataType::kFloat32, {}, {}, {}, BytesOf<float>({1.5f}), false});
    // 6: output.
    b.AddTensor(0, {"output", DataType::kFloat32, {1, 3}, {}, {}, {}, false});

    // Operators: every options struct, then codes exercising deduplication.
    for (const OptionsCase& c : OptionsCases()) b.AddOperator(0, Op(c.op, {0, 1}, {6}, c.options));
    b.AddOperator(0, Op(BuiltinOp::kCONV_2D, {0, 1, -1}, {3}));         // monostate: defaults
    b.AddOperator(0, Op(BuiltinOp::kCONV_2D, {0, 1, 2}, {3}, {}, 2));   // another version
    b.AddOperator(0, Op(BuiltinOp::kGELU, {0}, {6}));                   // extended code 150
    b.AddOperator(0, Op(BuiltinOp::kGELU, {0}, {6}));
    b.AddOperator(0, Op(BuiltinOp::kPAD, {0, 2}, {6}));
    OperatorSpec custom = Op(BuiltinOp::kCUSTOM, {0}, {6});
    custom.custom_code = "MyCustomOp";
    custom.custom_options = Bytes({9, 8, 7});
    custom.intermediates = {4};
    b.AddOperator(0, custom);
    b.SetInputs(0, {0});
    b.SetOutputs(0, {6});

    const int sub = b.AddSubgraph("body");
    b.AddTensor(sub, {"x", DataType::kInt16, {2}, {}, {}, BytesOf<int16_t>({1, 2}), false});
    b.AddTensor(sub, {"y", DataType::kInt16, {2}, {}, {}, {}, false});
    b.AddOperator(sub, Op(BuiltinOp::kRELU, {0}, {1}));
    b.SetInputs(sub, {0});
    b.SetOutputs(sub, {1});

    b.AddSignature({"serving_default", 0, {{"in", 0}}, {{"out", 6}}});
    b.AddSignature({"body_sig", sub, {{"x", 0}}, {{"y", 1}}});
    b.AddMetadata("min_runtime_version", Bytes({'1', '.', '0'}));
    b.AddMetadata("empty", {});

    auto result = b.Finish();
    ASSERT_TRUE(result.ok()) << result.status().message();
    bytes_ = std::move(result).value();
    model_ = VerifiedModel(bytes_);
    ASSERT_NE(model_, nullptr) << "FlatBuffers verifier rejected the model";
  }

  const fb::Buffer* BufferOf(const fb::Tensor* t) const {
    return model_->buffers()->Get(t->buffer());
  }

  std::vector<uint8_t> bytes_;
  const fb::Model* model_ = nullptr;
};

TEST_F(ModelBuilderRoundTrip, HeaderAndSentinelBuffer) {
  ASSERT_GE(bytes_.size(), 8u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes_.data()) + 4, 4), "TFL3");
  EXPECT_TRUE(fb::ModelBufferHasIdentifier(bytes_.data()));
  EXPECT_EQ(model_->version(), 3u);
  ASSERT_NE(model_->description(), nullptr);
  EXPECT_EQ(model_->description()->str(), "round trip");
  ASSERT_NE(model_->buffers(), nullptr);
  const fb::Buffer* sentinel = model_->buffers()->Get(0);
  EXPECT_TRUE(sentinel->data() == nullptr || sentinel->data()->size() == 0);
  ASSERT_EQ(model_->subgraphs()->size(), 2u);
  EXPECT_EQ(model_->subgraphs()->Get(1)->name()->str(), "body");
}

TEST_F(ModelBuilderRoundTrip, Tensors) {
  const fb::SubGraph* sg = model_->subgraphs()->Get(0);
  ASSERT_EQ(sg->tensors()->size(), 7u);
  EXPECT_EQ(Ints(sg->inputs()), std::vector<int32_t>({0}));
  EXPECT_EQ(Ints(sg->outputs()), std::vector<int32_t>({6}));

  const fb::Tensor* input = sg->tensors()->Get(0);
  EXPECT_EQ(input->name()->str(), "input");
  EXPECT_EQ(input->type(), fb::TensorType::FLOAT32);
  EXPECT_EQ(Ints(input->shape()), std::vector<int32_t>({1, 4, 4, 2}));
  EXPECT_EQ(Ints(input->shape_signature()), std::vector<int32_t>({-1, 4, 4, 2}));
  EXPECT_EQ(input->buffer(), 0u);
  EXPECT_EQ(input->quantization(), nullptr);
  EXPECT_FALSE(input->is_variable());

  const fb::Tensor* weights = sg->tensors()->Get(1);
  EXPECT_EQ(weights->type(), fb::TensorType::INT8);
  EXPECT_EQ(weights->shape_signature(), nullptr);
  const fb::QuantizationParameters* q = weights->quantization();
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(std::vector<float>(q->scale()->begin(), q->scale()->end()),
            std::vector<float>({0.5f, 0.25f, 0.125f}));
  EXPECT_EQ(std::vector<int64_t>(q->zero_point()->begin(), q->zero_point()->end()),
            std::vector<int64_t>({0, 1, -1}));
  EXPECT_EQ(q->quantized_dimension(), 0);

  const fb::Tensor* act = sg->tensors()->Get(3);
  EXPECT_EQ(act->type(), fb::TensorType::UINT8);
  ASSERT_NE(act->quantization(), nullptr);
  ASSERT_EQ(act->quantization()->scale()->size(), 1u);
  EXPECT_FLOAT_EQ(act->quantization()->scale()->Get(0), 0.02f);
  ASSERT_EQ(act->quantization()->zero_point()->size(), 1u);
  EXPECT_EQ(act->quantization()->zero_point()->Get(0), 0);

  EXPECT_TRUE(sg->tensors()->Get(4)->is_variable());
  EXPECT_EQ(sg->tensors()->Get(4)->buffer(), 0u);

  const fb::Tensor* scalar = sg->tensors()->Get(5);
  ASSERT_NE(scalar->shape(), nullptr);
  EXPECT_EQ(scalar->shape()->size(), 0u);
}

TEST_F(ModelBuilderRoundTrip, ConstantDataHasOwnAlignedBuffers) {
  const fb::SubGraph* sg = model_->subgraphs()->Get(0);
  const fb::SubGraph* body = model_->subgraphs()->Get(1);
  struct Expected {
    const fb::Tensor* tensor;
    std::vector<uint8_t> data;
  };
  const std::vector<Expected> constants = {
      {sg->tensors()->Get(1), Bytes({1, 2, 3, 4, 5, 6})},
      {sg->tensors()->Get(2), BytesOf<int32_t>({7, -8, 9})},
      {sg->tensors()->Get(5), BytesOf<float>({1.5f})},
      {body->tensors()->Get(0), BytesOf<int16_t>({1, 2})},
  };
  std::vector<uint32_t> seen;
  for (const Expected& c : constants) {
    SCOPED_TRACE(c.tensor->name()->str());
    ASSERT_NE(c.tensor->buffer(), 0u);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), c.tensor->buffer()), 0);
    seen.push_back(c.tensor->buffer());
    const fb::Buffer* buffer = BufferOf(c.tensor);
    ASSERT_NE(buffer->data(), nullptr);
    EXPECT_EQ(std::vector<uint8_t>(buffer->data()->begin(), buffer->data()->end()), c.data);
    EXPECT_EQ((buffer->data()->data() - bytes_.data()) % 16, 0) << "data not 16-byte aligned";
  }
  // Sentinel + 4 constants + 2 metadata buffers.
  EXPECT_EQ(model_->buffers()->size(), 7u);
}

TEST_F(ModelBuilderRoundTrip, OperatorCodesAreDeduplicated) {
  const auto* codes = model_->operator_codes();
  ASSERT_NE(codes, nullptr);
  // Distinct (code, custom, version): the options ops (RESHAPE twice, so one
  // fewer), CONV_2D v2, GELU, PAD, CUSTOM; the body's RELU.
  const size_t expected = OptionsCases().size() - 1 + 4 + 1;
  EXPECT_EQ(codes->size(), expected);

  const fb::SubGraph* sg = model_->subgraphs()->Get(0);
  const auto* ops = sg->operators();
  const size_t n = OptionsCases().size();
  ASSERT_EQ(ops->size(), n + 6);
  // CONV_2D v1 with default options shares the first op's code.
  EXPECT_EQ(ops->Get(n)->opcode_index(), ops->Get(0)->opcode_index());
  EXPECT_NE(ops->Get(n + 1)->opcode_index(), ops->Get(0)->opcode_index());
  EXPECT_EQ(codes->Get(ops->Get(n + 1)->opcode_index())->version(), 2);
  // Both GELU ops share one code.
  EXPECT_EQ(ops->Get(n + 2)->opcode_index(), ops->Get(n + 3)->opcode_index());

  const fb::OperatorCode* conv = codes->Get(ops->Get(0)->opcode_index());
  EXPECT_EQ(conv->deprecated_builtin_code(), 3);
  EXPECT_EQ(conv->builtin_code(), fb::BuiltinOperator::CONV_2D);
  EXPECT_EQ(conv->version(), 1);
  EXPECT_EQ(conv->custom_code(), nullptr);

  const fb::OperatorCode* gelu = codes->Get(ops->Get(n + 2)->opcode_index());
  EXPECT_EQ(gelu->deprecated_builtin_code(), 127);
  EXPECT_EQ(static_cast<int32_t>(gelu->builtin_code()), 150);
  EXPECT_EQ(OpCodeOf(*gelu), 150);

  const fb::Operator* custom_op = ops->Get(n + 5);
  const fb::OperatorCode* custom = codes->Get(custom_op->opcode_index());
  EXPECT_EQ(custom->deprecated_builtin_code(), 32);
  EXPECT_EQ(custom->builtin_code(), fb::BuiltinOperator::CUSTOM);
  ASSERT_NE(custom->custom_code(), nullptr);
  EXPECT_EQ(custom->custom_code()->str(), "MyCustomOp");
  ASSERT_NE(custom_op->custom_options(), nullptr);
  EXPECT_EQ(std::vector<uint8_t>(custom_op->custom_options()->begin(),
                                 custom_op->custom_options()->end()),
            Bytes({9, 8, 7}));
  EXPECT_EQ(Ints(custom_op->intermediates()), std::vector<int32_t>({4}));
  EXPECT_EQ(custom_op->builtin_options_type(), fb::BuiltinOptions::NONE);

  // Omitted optional input stays -1.
  EXPECT_EQ(Ints(ops->Get(n)->inputs()), std::vector<int32_t>({0, 1, -1}));
  EXPECT_EQ(Ints(ops->Get(n)->outputs()), std::vector<int32_t>({3}));
}

TEST_F(ModelBuilderRoundTrip, EveryOptionsStructRoundTrips) {
  const auto* ops = model_->subgraphs()->Get(0)->operators();
  const auto* codes = model_->operator_codes();
  const std::vector<OptionsCase> cases = OptionsCases();
  for (size_t i = 0; i < cases.size(); ++i) {
    const fb::Operator* op = ops->Get(i);
    const int32_t code = OpCodeOf(*codes->Get(op->opcode_index()));
    SCOPED_TRACE(BuiltinOpName(code));
    EXPECT_EQ(code, static_cast<int32_t>(cases[i].op));
    BuiltinOptions parsed;
    bool unparsed = true;
    Status status = ParseBuiltinOptions(code, *op, &parsed, &unparsed);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_FALSE(unparsed);
    EXPECT_TRUE(SameOptions(parsed, cases[i].options)) << "case " << i;
  }
  // The empty ReshapeOptions is written without new_shape.
  const fb::Operator* reshape_empty = ops->Get(10);
  ASSERT_NE(reshape_empty->builtin_options_as_ReshapeOptions(), nullptr);
  EXPECT_EQ(reshape_empty->builtin_options_as_ReshapeOptions()->new_shape(), nullptr);
}

TEST_F(ModelBuilderRoundTrip, OmittedOptionsAreWrittenAsDefaults) {
  const auto* ops = model_->subgraphs()->Get(0)->operators();
  const size_t n = OptionsCases().size();
  // CONV_2D given no options: a Conv2DOptions table with Minnow's defaults,
  // so a TensorFlow Lite reader sees stride 1 rather than 0.
  const fb::Conv2DOptions* conv = ops->Get(n)->builtin_options_as_Conv2DOptions();
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->stride_w(), 1);
  EXPECT_EQ(conv->stride_h(), 1);
  BuiltinOptions parsed;
  bool unparsed = true;
  ASSERT_TRUE(ParseBuiltinOptions(3, *ops->Get(n), &parsed, &unparsed).ok());
  EXPECT_TRUE(SameOptions(parsed, Conv2DOptions{}));

  // GELU given no options: a GeluOptions table with defaults; PAD has no
  // options at all -> NONE, parsed as monostate.
  EXPECT_EQ(ops->Get(n + 2)->builtin_options_type(), fb::BuiltinOptions::GeluOptions);
  EXPECT_EQ(ops->Get(n + 4)->builtin_options_type(), fb::BuiltinOptions::NONE);
  ASSERT_TRUE(ParseBuiltinOptions(34, *ops->Get(n + 4), &parsed, &unparsed).ok());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parsed));
  EXPECT_FALSE(unparsed);
}

TEST_F(ModelBuilderRoundTrip, SignaturesAndMetadata) {
  const auto* sigs = model_->signature_defs();
  ASSERT_NE(sigs, nullptr);
  ASSERT_EQ(sigs->size(), 2u);
  const fb::SignatureDef* serving = sigs->Get(0);
  EXPECT_EQ(serving->signature_key()->str(), "serving_default");
  EXPECT_EQ(serving->subgraph_index(), 0u);
  ASSERT_EQ(serving->inputs()->size(), 1u);
  EXPECT_EQ(serving->inputs()->Get(0)->name()->str(), "in");
  EXPECT_EQ(serving->inputs()->Get(0)->tensor_index(), 0u);
  ASSERT_EQ(serving->outputs()->size(), 1u);
  EXPECT_EQ(serving->outputs()->Get(0)->name()->str(), "out");
  EXPECT_EQ(serving->outputs()->Get(0)->tensor_index(), 6u);
  const fb::SignatureDef* body = sigs->Get(1);
  EXPECT_EQ(body->signature_key()->str(), "body_sig");
  EXPECT_EQ(body->subgraph_index(), 1u);
  EXPECT_EQ(body->outputs()->Get(0)->tensor_index(), 1u);

  const auto* metadata = model_->metadata();
  ASSERT_NE(metadata, nullptr);
  ASSERT_EQ(metadata->size(), 2u);
  EXPECT_EQ(metadata->Get(0)->name()->str(), "min_runtime_version");
  const fb::Buffer* buffer = model_->buffers()->Get(metadata->Get(0)->buffer());
  ASSERT_NE(buffer->data(), nullptr);
  EXPECT_EQ(std::string(buffer->data()->begin(), buffer->data()->end()), "1.0");
  EXPECT_EQ(metadata->Get(1)->name()->str(), "empty");
  EXPECT_NE(metadata->Get(1)->buffer(), 0u);
  EXPECT_NE(metadata->Get(1)->buffer(), metadata->Get(0)->buffer());
}

// --- Finish() validation ---

ModelBuilder SmallModel() {
  ModelBuilder b;
  b.AddTensor(0, {"in", DataType::kFloat32, {2}, {}, {}, {}, false});
  b.AddTensor(0, {"out", DataType::kFloat32, {2}, {}, {}, {}, false});
  b.SetInputs(0, {0});
  b.SetOutputs(0, {1});
  return b;
}

void ExpectInvalid(const ModelBuilder& b, const std::string& fragment) {
  auto result = b.Finish();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find(fragment), std::string::npos)
      << result.status().message();
}

TEST(ModelBuilderFinish, SmallModelIsValid) {
  ModelBuilder b = SmallModel();
  b.AddOperator(0, Op(BuiltinOp::kRELU, {0}, {1}));
  auto result = b.Finish();
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NE(VerifiedModel(result.value()), nullptr);
}

TEST(ModelBuilderFinish, RejectsOutOfRangeOperatorTensor) {
  ModelBuilder b = SmallModel();
  b.AddOperator(0, Op(BuiltinOp::kRELU, {5}, {1}));
  ExpectInvalid(b, "operator 0 (RELU) input[0] is tensor 5");
}

TEST(ModelBuilderFinish, RejectsOutOfRangeOperatorOutput) {
  ModelBuilder b = SmallModel();
  b.AddOperator(0, Op(BuiltinOp::kRELU, {0}, {-1}));
  ExpectInvalid(b, "output[0] is tensor -1");
}

TEST(ModelBuilderFinish, RejectsOutOfRangeSubgraphInput) {
  ModelBuilder b = SmallModel();
  b.SetInputs(0, {2});
  ExpectInvalid(b, "subgraph 0 input[0] is tensor 2");
}

TEST(ModelBuilderFinish, RejectsWrongSizeConstant) {
  ModelBuilder b = SmallModel();
  b.AddTensor(0, {"w", DataType::kFloat32, {2, 3}, {}, {}, Bytes({1, 2, 3}), false});
  ExpectInvalid(b, "tensor 2 'w' has 3 bytes of constant data, expected 6 elements x 4 bytes");
}

TEST(ModelBuilderFinish, RejectsBadSignatures) {
  {
    ModelBuilder b = SmallModel();
    b.AddSignature({"s", 1, {}, {}});
    ExpectInvalid(b, "signature 's' refers to subgraph 1");
  }
  {
    ModelBuilder b = SmallModel();
    b.AddSignature({"s", 0, {{"x", 0}}, {{"y", 9}}});
    ExpectInvalid(b, "signature 's' output 'y' is tensor 9");
  }
}

TEST(ModelBuilderFinish, RejectsOptionsOfAnotherOp) {
  ModelBuilder b = SmallModel();
  b.AddOperator(0, Op(BuiltinOp::kCONV_2D, {0}, {1}, Pool2DOptions{}));
  ExpectInvalid(b, "that do not belong to this op");
  ModelBuilder c = SmallModel();
  c.AddOperator(0, Op(BuiltinOp::kRELU, {0}, {1}, MulOptions{}));
  ExpectInvalid(c, "operator 0 (RELU) has options");
}

TEST(ModelBuilderFinish, RejectsBadQuantization) {
  ModelBuilder b = SmallModel();
  b.AddTensor(0, {"q", DataType::kInt8, {3, 2}, {}, {{0.1f, 0.2f}, {0, 0}, 0}, {}, false});
  ExpectInvalid(b, "2 per-axis scales but dimension 0 has size 3");
}

// --- ParseBuiltinOptions on hand-built Operator tables ---

class ParseOptionsTest : public ::testing::Test {
 protected:
  // Finishes an Operator table carrying `options` of `type` and returns it.
  const fb::Operator& Finish(fb::BuiltinOptions type, flatbuffers::Offset<void> options) {
    fbb_.Finish(fb::CreateOperator(fbb_, 0, 0, 0, type, options));
    return *flatbuffers::GetRoot<fb::Operator>(fbb_.GetBufferPointer());
  }
  Status Parse(BuiltinOp code, const fb::Operator& op) {
    return ParseBuiltinOptions(static_cast<int32_t>(code), op, &options_, &unparsed_);
  }
  void ExpectMalformed(BuiltinOp code, const fb::Operator& op,
                       std::initializer_list<const char*> fragments) {
    Status status = Parse(code, op);
    ASSERT_EQ(status.code(), StatusCode::kMalformedModel) << status.message();
    for (const char* f : fragments) {
      EXPECT_NE(status.message().find(f), std::string::npos) << status.message();
    }
  }

  flatbuffers::FlatBufferBuilder fbb_;
  BuiltinOptions options_;
  bool unparsed_ = false;
};

TEST_F(ParseOptionsTest, WrongOptionsTypeForOp) {
  const auto& op = Finish(fb::BuiltinOptions::Pool2DOptions,
                          fb::CreatePool2DOptions(fbb_, fb::Padding::SAME, 1, 1, 2, 2).Union());
  ExpectMalformed(BuiltinOp::kCONV_2D, op, {"CONV_2D", "Pool2DOptions", "expected Conv2DOptions"});
}

TEST_F(ParseOptionsTest, ReadTypeOnOpWithoutOptions) {
  const auto& op = Finish(fb::BuiltinOptions::Conv2DOptions,
                          fb::CreateConv2DOptions(fbb_, fb::Padding::SAME, 1, 1).Union());
  ExpectMalformed(BuiltinOp::kPAD, op, {"PAD", "Conv2DOptions"});
}

TEST_F(ParseOptionsTest, SubCarryingAddOptions) {
  const auto& op = Finish(fb::BuiltinOptions::AddOptions, fb::CreateAddOptions(fbb_).Union());
  ExpectMalformed(BuiltinOp::kSUB, op, {"SUB", "AddOptions", "expected SubOptions"});
}

TEST_F(ParseOptionsTest, PaddingOutOfRange) {
  const auto& op = Finish(
      fb::BuiltinOptions::Conv2DOptions,
      fb::CreateConv2DOptions(fbb_, static_cast<fb::Padding>(2), 1, 1).Union());
  ExpectMalformed(BuiltinOp::kCONV_2D, op, {"CONV_2D", "padding 2"});
}

TEST_F(ParseOptionsTest, ActivationOutOfRange) {
  const auto& op = Finish(fb::BuiltinOptions::AddOptions,
                          fb::CreateAddOptions(fbb_, static_cast<fb::ActivationFunctionType>(6))
                              .Union());
  ExpectMalformed(BuiltinOp::kADD, op, {"ADD", "fused_activation_function 6"});
}

TEST_F(ParseOptionsTest, WeightsFormatOutOfRange) {
  const auto& op = Finish(
      fb::BuiltinOptions::FullyConnectedOptions,
      fb::CreateFullyConnectedOptions(fbb_, fb::ActivationFunctionType::NONE,
                                      static_cast<fb::FullyConnectedOptionsWeightsFormat>(3))
          .Union());
  ExpectMalformed(BuiltinOp::kFULLY_CONNECTED, op, {"FULLY_CONNECTED", "weights_format 3"});
}

TEST_F(ParseOptionsTest, ZeroStrideInPresentTable) {
  // A table written without strides reads TensorFlow Lite's field default, 0.
  const auto& op = Finish(fb::BuiltinOptions::Conv2DOptions, fb::CreateConv2DOptions(fbb_).Union());
  ExpectMalformed(BuiltinOp::kCONV_2D, op, {"CONV_2D", "stride_w must be positive, got 0"});
}

TEST_F(ParseOptionsTest, NegativeStride) {
  const auto& op = Finish(fb::BuiltinOptions::Pool2DOptions,
                          fb::CreatePool2DOptions(fbb_, fb::Padding::VALID, 1, -2, 2, 2).Union());
  ExpectMalformed(BuiltinOp::kMAX_POOL_2D, op, {"MAX_POOL_2D", "stride_h", "-2"});
}

TEST_F(ParseOptionsTest, ZeroFilterSize) {
  const auto& op = Finish(fb::BuiltinOptions::Pool2DOptions,
                          fb::CreatePool2DOptions(fbb_, fb::Padding::VALID, 1, 1, 2, 0).Union());
  ExpectMalformed(BuiltinOp::kAVERAGE_POOL_2D, op, {"AVERAGE_POOL_2D", "filter_height"});
}

TEST_F(ParseOptionsTest, ZeroDilation) {
  const auto& op = Finish(fb::BuiltinOptions::DepthwiseConv2DOptions,
                          fb::CreateDepthwiseConv2DOptions(fbb_, fb::Padding::SAME, 1, 1, 1,
                                                           fb::ActivationFunctionType::NONE, 0, 1)
                              .Union());
  ExpectMalformed(BuiltinOp::kDEPTHWISE_CONV_2D, op, {"DEPTHWISE_CONV_2D", "dilation_w_factor"});
}

TEST_F(ParseOptionsTest, DepthMultiplier) {
  {
    const auto& op = Finish(fb::BuiltinOptions::DepthwiseConv2DOptions,
                            fb::CreateDepthwiseConv2DOptions(fbb_, fb::Padding::SAME, 1, 1, -1)
                                .Union());
    ExpectMalformed(BuiltinOp::kDEPTHWISE_CONV_2D, op, {"depth_multiplier", "-1"});
  }
  fbb_.Clear();
  // 0 is allowed: newer converters leave it to the kernel.
  const auto& op = Finish(fb::BuiltinOptions::DepthwiseConv2DOptions,
                          fb::CreateDepthwiseConv2DOptions(fbb_, fb::Padding::SAME, 1, 1, 0)
                              .Union());
  ASSERT_TRUE(Parse(BuiltinOp::kDEPTHWISE_CONV_2D, op).ok());
  ASSERT_TRUE(std::holds_alternative<DepthwiseConv2DOptions>(options_));
  EXPECT_EQ(std::get<DepthwiseConv2DOptions>(options_).depth_multiplier, 0);
}

TEST_F(ParseOptionsTest, AbsentTableGivesStructDefaults) {
  const auto& op = Finish(fb::BuiltinOptions::NONE, 0);
  const std::vector<OptionsCase> defaults = {
      {BuiltinOp::kCONV_2D, Conv2DOptions{}},
      {BuiltinOp::kDEPTHWISE_CONV_2D, DepthwiseConv2DOptions{}},
      {BuiltinOp::kFULLY_CONNECTED, FullyConnectedOptions{}},
      {BuiltinOp::kMAX_POOL_2D, Pool2DOptions{}},
      {BuiltinOp::kADD, AddSubOptions{}},
      {BuiltinOp::kSUB, AddSubOptions{}},
      {BuiltinOp::kMUL, MulOptions{}},
      {BuiltinOp::kRESHAPE, ReshapeOptions{}},
      {BuiltinOp::kSQUEEZE, SqueezeOptions{}},
      {BuiltinOp::kSOFTMAX, SoftmaxOptions{}},
      {BuiltinOp::kCONCATENATION, ConcatenationOptions{}},
      {BuiltinOp::kREDUCE_ALL, ReducerOptions{}},
      {BuiltinOp::kSTRIDED_SLICE, StridedSliceOptions{}},
      {BuiltinOp::kPAD, std::monostate{}},
      {BuiltinOp::kQUANTIZE, std::monostate{}},
      {BuiltinOp::kLOGISTIC, std::monostate{}},
  };
  for (const OptionsCase& c : defaults) {
    SCOPED_TRACE(BuiltinOpName(static_cast<int32_t>(c.op)));
    unparsed_ = true;
    ASSERT_TRUE(Parse(c.op, op).ok());
    EXPECT_TRUE(SameOptions(options_, c.options));
    EXPECT_FALSE(unparsed_);
  }
  EXPECT_FLOAT_EQ(std::get<SoftmaxOptions>(BuiltinOptions(SoftmaxOptions{})).beta, 1.0f);
}

TEST_F(ParseOptionsTest, PresentTableUsesSchemaDefaults) {
  // AddOptions without pot_scale_int16: the schema default (true).
  const auto& op = Finish(fb::BuiltinOptions::AddOptions,
                          fb::CreateAddOptions(fbb_, fb::ActivationFunctionType::RELU).Union());
  ASSERT_TRUE(Parse(BuiltinOp::kADD, op).ok());
  EXPECT_TRUE(SameOptions(options_, AddSubOptions{Activation::kRelu, true}));
}

TEST_F(ParseOptionsTest, FieldlessOptionsTablesAreNotUnparsed) {
  const auto& op = Finish(fb::BuiltinOptions::ExpandDimsOptions,
                          fb::CreateExpandDimsOptions(fbb_).Union());
  unparsed_ = true;
  ASSERT_TRUE(Parse(BuiltinOp::kEXPAND_DIMS, op).ok());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(options_));
  EXPECT_FALSE(unparsed_);
}

TEST_F(ParseOptionsTest, UnreadOptionsTypeIsUnparsedNotAnError) {
  // SKIP_GRAM (a retired op) has options Minnow never reads.
  const auto& op = Finish(fb::BuiltinOptions::SkipGramOptions, fb::CreateSkipGramOptions(fbb_).Union());
  ASSERT_TRUE(Parse(BuiltinOp::kSKIP_GRAM, op).ok());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(options_));
  EXPECT_TRUE(unparsed_);
}

TEST_F(ParseOptionsTest, WriteThenParse) {
  const Conv2DOptions conv{Padding::kValid, 2, 2, Activation::kRelu, 1, 3, {}};
  auto [type, offset] = WriteBuiltinOptions(fbb_, 3, conv);
  EXPECT_EQ(type, fb::BuiltinOptions::Conv2DOptions);
  const auto& op = Finish(type, offset);
  ASSERT_TRUE(Parse(BuiltinOp::kCONV_2D, op).ok());
  EXPECT_TRUE(SameOptions(options_, conv));
}

TEST_F(ParseOptionsTest, WriteRejectsMismatchWithNone) {
  EXPECT_EQ(WriteBuiltinOptions(fbb_, 3, MulOptions{}).first, fb::BuiltinOptions::NONE);
  EXPECT_EQ(WriteBuiltinOptions(fbb_, 34, std::monostate{}).first, fb::BuiltinOptions::NONE);
  EXPECT_EQ(WriteBuiltinOptions(fbb_, 41, std::monostate{}).first, fb::BuiltinOptions::SubOptions);
}

}  // namespace
}  // namespace minnow
