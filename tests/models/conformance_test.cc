// Model conformance: every model under ../shared/models with a TensorFlow Lite
// (or TensorFlow Lite Micro) reference runs in Minnow on the reference inputs,
// and its outputs must match: integer outputs byte-identical, float outputs
// within the tolerance its ref.json gives. Prints a table and totals; models
// with ops Minnow lacks are listed as skipped with the missing ops named. The
// table runs on the default kernel path at one and two threads, and on the
// reference kernels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "minnow/interpreter.h"
#include "minnow/kernel_path.h"
#include "minnow/model.h"
#include "op_test_util.h"
#include "shared_models.h"

namespace minnow {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

enum class Outcome { kPass, kFail, kSkipMissingOps, kNoReference };

struct Row {
  std::string model;
  Outcome outcome = Outcome::kFail;
  std::string detail;
};

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPass: return "PASS";
    case Outcome::kFail: return "FAIL";
    case Outcome::kSkipMissingOps: return "SKIP";
    case Outcome::kNoReference: return "NOREF";
  }
  return "?";
}

DataType DataTypeFromName(const std::string& name) {
  static const std::pair<const char*, DataType> kNames[] = {
      {"float32", DataType::kFloat32}, {"float16", DataType::kFloat16}, {"int32", DataType::kInt32},
      {"uint8", DataType::kUInt8},     {"int64", DataType::kInt64},     {"bool", DataType::kBool},
      {"int16", DataType::kInt16},     {"int8", DataType::kInt8},       {"float64", DataType::kFloat64},
      {"uint32", DataType::kUInt32},   {"uint64", DataType::kUInt64},   {"uint16", DataType::kUInt16},
      {"complex64", DataType::kComplex64}};
  for (const auto& [n, t] : kNames) {
    if (name == n) return t;
  }
  return DataType::kString;
}

// Compares one output; returns "" if it matches, else what differs.
std::string CompareOutput(const Tensor& actual, const std::vector<uint8_t>& expected, const json& spec,
                          double* max_abs_error) {
  if (actual.bytes != expected.size()) {
    return StrCat("size ", actual.bytes, " bytes vs reference ", expected.size());
  }
  const std::string compare = spec.value("compare", "exact");
  if (compare == "atol" && actual.type == DataType::kFloat32) {
    const double atol = spec.at("atol").get<double>();
    const float* a = actual.data_as<float>();
    const float* e = reinterpret_cast<const float*>(expected.data());
    double worst = 0;
    size_t bad = 0;
    for (size_t i = 0; i < expected.size() / sizeof(float); ++i) {
      const double diff = std::fabs(static_cast<double>(a[i]) - static_cast<double>(e[i]));
      if (!(diff <= atol)) ++bad;  // NaN counts as a mismatch
      worst = std::max(worst, std::isnan(diff) ? INFINITY : diff);
    }
    *max_abs_error = std::max(*max_abs_error, worst);
    return bad ? StrCat(bad, " elements beyond atol ", atol, " (max abs err ", worst, ")") : "";
  }
  const size_t element = std::max<size_t>(DataTypeSize(actual.type), 1);
  size_t mismatches = 0;
  const uint8_t* a = static_cast<const uint8_t*>(actual.data);
  for (size_t i = 0; i < expected.size(); i += element) {
    if (std::memcmp(a + i, expected.data() + i, element) != 0) ++mismatches;
  }
  return mismatches ? StrCat(mismatches, " of ", expected.size() / element, " elements differ") : "";
}

Row RunModel(const std::string& models_dir, const std::string& relative, int threads = 1) {
  Row row;
  row.model = relative;
  const fs::path path = fs::path(models_dir) / relative;
  const fs::path ref_dir = fs::path(path).replace_extension(".ref");
  json ref;
  {
    std::ifstream in(ref_dir / "ref.json");
    if (!in) {
      row.outcome = Outcome::kNoReference;
      row.detail = "no ref.json";
      return row;
    }
    ref = json::parse(in, nullptr, /*allow_exceptions=*/false);
  }
  const bool has_oracle = ref.is_object() && ref.contains("oracle") && !ref["oracle"].is_null();

  Result<std::unique_ptr<Model>> model = Model::FromFile(path.string());
  if (!model.ok()) {
    row.outcome = has_oracle ? Outcome::kFail : Outcome::kNoReference;
    row.detail = "load: " + model.status().message();
    return row;
  }
  const OpResolver resolver = OpResolver::WithAllBuiltins();
  std::set<std::string> missing;
  for (const SubgraphDesc& graph : model.value()->subgraphs()) {
    for (const OperatorDesc& op : graph.operators) {
      Result<const KernelRegistration*> kernel = resolver.Find(op.builtin_code, op.custom_code, op.version);
      if (!kernel.ok()) missing.insert(kernel.status().message());
    }
  }
  if (!missing.empty()) {
    row.outcome = Outcome::kSkipMissingOps;
    for (const std::string& m : missing) row.detail += (row.detail.empty() ? "" : "; ") + m;
    return row;
  }
  if (!has_oracle) {
    row.outcome = Outcome::kNoReference;
    row.detail = "no TensorFlow Lite reference";
    return row;
  }

  Result<std::unique_ptr<Interpreter>> created = Interpreter::Create(*model.value(), resolver);
  if (!created.ok()) {
    row.detail = "create: " + created.status().message();
    return row;
  }
  Interpreter& interpreter = *created.value();
  interpreter.SetNumThreads(threads);
  const json& inputs = ref["inputs"];
  for (size_t i = 0; i < inputs.size() && i < interpreter.num_inputs(); ++i) {
    Shape shape;
    std::vector<int32_t> dims = inputs[i]["shape"].get<std::vector<int32_t>>();
    shape.Assign(dims.data(), static_cast<int>(dims.size()));
    if (interpreter.input(i)->shape != shape) {
      Status s = interpreter.ResizeInputTensor(static_cast<int>(i), shape);
      if (!s.ok()) {
        row.detail = "resize: " + s.message();
        return row;
      }
    }
  }
  Status status = interpreter.AllocateTensors();
  if (!status.ok()) {
    // A kernel that exists but lacks this dtype combination (hybrid, int4, ...)
    // says so with Unimplemented: listed as skipped, with the reason.
    if (status.code() == StatusCode::kUnimplemented) row.outcome = Outcome::kSkipMissingOps;
    row.detail = "allocate: " + status.message();
    return row;
  }
  if (inputs.size() != interpreter.num_inputs()) {
    row.detail = StrCat("reference has ", inputs.size(), " inputs, model ", interpreter.num_inputs());
    return row;
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::vector<uint8_t> bytes = testing::ReadFileBytes((ref_dir / StrCat("input_", i, ".bin")).string());
    status = interpreter.SetInput(i, bytes.data(), bytes.size());
    if (!status.ok()) {
      row.detail = "input: " + status.message();
      return row;
    }
  }
  status = interpreter.Invoke();
  if (!status.ok()) {
    // Nodes after a dynamic tensor are prepared during invoke, so a missing
    // dtype combination can surface here too.
    if (status.code() == StatusCode::kUnimplemented) row.outcome = Outcome::kSkipMissingOps;
    row.detail = "invoke: " + status.message();
    return row;
  }
  const json& outputs = ref["outputs"];
  if (outputs.size() != interpreter.num_outputs()) {
    row.detail = StrCat("reference has ", outputs.size(), " outputs, model ", interpreter.num_outputs());
    return row;
  }
  double max_abs_error = 0;
  std::string problems;
  for (size_t k = 0; k < outputs.size(); ++k) {
    const Tensor& actual = *interpreter.output(k);
    const DataType expected_type = DataTypeFromName(outputs[k].value("dtype", ""));
    if (actual.type != expected_type) {
      problems += StrCat("output ", k, ": type ", DataTypeName(actual.type), " vs ", outputs[k].value("dtype", ""), "; ");
      continue;
    }
    const std::vector<uint8_t> expected = testing::ReadFileBytes((ref_dir / StrCat("output_", k, ".bin")).string());
    const std::string diff = CompareOutput(actual, expected, outputs[k], &max_abs_error);
    if (!diff.empty()) problems += StrCat("output ", k, ": ", diff, "; ");
  }
  row.outcome = problems.empty() ? Outcome::kPass : Outcome::kFail;
  row.detail = problems.empty() ? StrCat("max abs err ", max_abs_error) : problems;
  return row;
}

// The kernels a table runs on: the default path (MINNOW_KERNELS, else the
// best this CPU has) or the reference kernels, at `threads` threads.
struct KernelConfig {
  const char* name;
  bool reference;
  int threads;

  friend void PrintTo(const KernelConfig& config, std::ostream* os) { *os << config.name; }
};

class ModelConformanceTest : public ::testing::TestWithParam<KernelConfig> {};

TEST_P(ModelConformanceTest, AllSharedModelsMatchTensorFlowLite) {
  MINNOW_REQUIRE_SHARED_MODELS(models_dir);
  const KernelConfig& config = GetParam();
  testing::KernelPathGuard guard;
  if (config.reference) {
    ASSERT_TRUE(SetKernelPath(KernelPath::kReference).ok());
  }
  std::vector<Row> rows;
  for (const std::string& relative : testing::ListModels(models_dir)) {
    if (relative.rfind("fuzz/", 0) == 0) continue;  // the malformed-input suite covers these
    rows.push_back(RunModel(models_dir, relative, config.threads));
  }
  int counts[4] = {0, 0, 0, 0};
  std::printf("\n%-5s  %-70s  %s\n", "", "model", "detail");
  for (const Row& row : rows) {
    ++counts[static_cast<int>(row.outcome)];
    std::printf("%-5s  %-70s  %s\n", OutcomeName(row.outcome), row.model.c_str(), row.detail.c_str());
  }
  std::printf("\nconformance (%s kernels, %d thread%s): %d passed, %d failed, %d skipped (missing ops), %d without "
              "reference\n",
              KernelPathName(ActiveKernelPath()), config.threads, config.threads == 1 ? "" : "s", counts[0],
              counts[1], counts[2], counts[3]);
  for (const Row& row : rows) {
    EXPECT_NE(row.outcome, Outcome::kFail) << row.model << ": " << row.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, ModelConformanceTest,
                         ::testing::Values(KernelConfig{"DefaultPathOneThread", false, 1},
                                           KernelConfig{"DefaultPathTwoThreads", false, 2},
                                           KernelConfig{"ReferenceKernels", true, 1}),
                         [](const ::testing::TestParamInfo<KernelConfig>& info) { return info.param.name; });

}  // namespace
}  // namespace minnow

namespace minnow {
namespace {

// The models the runtime-core issue names: each must run and match, not be
// skipped: the named models, every MLPerf Tiny model and the seanet int16
// CONV/ADD/PAD/QUANTIZE/STRIDED_SLICE layers.
TEST(ModelConformance, Group1AcceptanceModelsPass) {
  MINNOW_REQUIRE_SHARED_MODELS(models_dir);
  const std::vector<std::string> required = {
      "tflite-micro/person_detect.tflite",
      "tflite-micro/micro_speech_quantized.tflite",
      "tflite-micro/magic_wand.tflite",
      "tflite-micro/hello_world_int8.tflite",
      "tflite-micro/hello_world_no_quant.tflite",
      "tflite-micro/hello_world_hello_world.tflite",
      "google-coral/mobilenet_v1_0.25_128_quant.tflite",
      "google-coral/mobilenet_v2_1.0_224_quant.tflite",
      "google-coral/tf2_mobilenet_v2_1.0_224_ptq.tflite",
      "tflite-support/mobilenet_v1_0.25_224_1_default_1.tflite",
      "ml-zoo/ds_cnn_small_int16.tflite",
      "mediapipe/face_detection_short_range.tflite",
  };
  std::vector<std::string> models = required;
  for (const std::string& relative : testing::ListModels(models_dir)) {
    if (relative.rfind("mlcommons-tiny/", 0) == 0) models.push_back(relative);
    for (const char* layer : {"conv", "add", "pad", "quantize", "strided_slice"}) {
      const std::string prefix = StrCat("tflite-micro/seanet/", layer);
      if (relative.rfind(prefix, 0) == 0 && std::isdigit(static_cast<unsigned char>(relative[prefix.size()]))) {
        models.push_back(relative);
      }
    }
  }
  for (const std::string& relative : models) {
    const Row row = RunModel(models_dir, relative);
    EXPECT_EQ(row.outcome, Outcome::kPass) << relative << ": " << OutcomeName(row.outcome) << " " << row.detail;
  }
}

}  // namespace
}  // namespace minnow
