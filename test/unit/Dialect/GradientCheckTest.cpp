//===- GradientCheckTest.cpp - finite-difference checks of VJPs -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// For every differentiable mdl op: builds f(inputs) = Σ op(inputs) ⊙ C with
// a fixed random C, lowers f and its mdl.value_and_grad through mdlc's own
// CPU pipeline, JIT-compiles both, and compares the gradient with central
// finite differences of f in float64. This checks each VJP rule together
// with the lowering of the ops the rule emits.
//
//===----------------------------------------------------------------------===//

#include "compiler/InitAll.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

namespace {

/// One operand of the op under test.
struct Operand {
  std::vector<int64_t> shape;
  bool differentiable = true;
  /// Draw from [0.5, 1.5] instead of [-1, 1] (divisors).
  bool positive = false;
};

/// f = Σ y ⊙ C computed independently in C++ from the inputs and C, to
/// check an op's forward value (the gradient check alone would accept a
/// wrong forward whose gradient is consistent with it).
using Reference = double (*)(const std::vector<std::vector<double>> &inputs,
                             const std::vector<double> &weights);

/// An op under test: `body` computes `%y` of `resultShape` from `%a0..%aN`.
struct GradCase {
  std::string name;
  std::vector<Operand> operands;
  std::vector<int64_t> resultShape;
  std::string body;
  Reference reference = nullptr;
};

/// Cross-entropy of 3x4 logits against the labels [1, 3, 0] of the case.
double crossEntropyReference(const std::vector<std::vector<double>> &inputs,
                             const std::vector<double> &weights) {
  const std::vector<double> &z = inputs[0];
  const int labels[3] = {1, 3, 0};
  double total = 0;
  for (int n = 0; n < 3; ++n) {
    double max = *std::max_element(z.begin() + 4 * n, z.begin() + 4 * n + 4);
    double sum = 0;
    for (int c = 0; c < 4; ++c)
      sum += std::exp(z[4 * n + c] - max);
    total -= z[4 * n + labels[n]] - max - std::log(sum);
  }
  return total / 3 * weights[0];
}

/// Σ log_softmax(x, axis 1) ⊙ C for 3x4 inputs.
double logSoftmaxReference(const std::vector<std::vector<double>> &inputs,
                           const std::vector<double> &weights) {
  const std::vector<double> &x = inputs[0];
  double total = 0;
  for (int n = 0; n < 3; ++n) {
    double max = *std::max_element(x.begin() + 4 * n, x.begin() + 4 * n + 4);
    double sum = 0;
    for (int c = 0; c < 4; ++c)
      sum += std::exp(x[4 * n + c] - max);
    for (int c = 0; c < 4; ++c)
      total += (x[4 * n + c] - max - std::log(sum)) * weights[4 * n + c];
  }
  return total;
}

/// Σ conv2d(x, w, b) ⊙ C computed directly (NCHW, OIHW, zero padding).
double convolutionReference(const std::vector<std::vector<double>> &inputs,
                            const std::vector<double> &weights, int64_t n,
                            int64_t c, int64_t h, int64_t o, int64_t k,
                            int64_t stride, int64_t padding,
                            int64_t dilation) {
  const std::vector<double> &x = inputs[0], &w = inputs[1];
  int64_t oh = (h + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
  double total = 0;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t f = 0; f < o; ++f)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t z = 0; z < oh; ++z) {
          double acc = inputs.size() > 2 ? inputs[2][f] : 0.0;
          for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t i = 0; i < k; ++i)
              for (int64_t j = 0; j < k; ++j) {
                int64_t r = y * stride + i * dilation - padding;
                int64_t q = z * stride + j * dilation - padding;
                if (r < 0 || r >= h || q < 0 || q >= h)
                  continue;
                acc += x[((b * c + ch) * h + r) * h + q] *
                       w[((f * c + ch) * k + i) * k + j];
              }
          total += acc * weights[((b * o + f) * oh + y) * oh + z];
        }
  return total;
}

/// The conv2d case: x [2,3,5,5], w [4,3,3,3], bias, stride 2, padding 1.
double conv2dReference(const std::vector<std::vector<double>> &inputs,
                       const std::vector<double> &weights) {
  return convolutionReference(inputs, weights, 2, 3, 5, 4, 3, 2, 1, 1);
}

/// The dilated case: x [1,2,6,6], w [3,2,2,2], padding 1, dilation 2.
double conv2dDilatedReference(const std::vector<std::vector<double>> &inputs,
                              const std::vector<double> &weights) {
  return convolutionReference(inputs, weights, 1, 2, 6, 3, 2, 1, 1, 2);
}

/// Σ max_pool2d(x) ⊙ C for x [1,2,5,5], kernel 3, stride 2, padding 1.
double maxPoolReference(const std::vector<std::vector<double>> &inputs,
                        const std::vector<double> &weights) {
  const std::vector<double> &x = inputs[0];
  double total = 0;
  for (int64_t ch = 0; ch < 2; ++ch)
    for (int64_t y = 0; y < 3; ++y)
      for (int64_t z = 0; z < 3; ++z) {
        double max = -INFINITY;
        for (int64_t i = 0; i < 3; ++i)
          for (int64_t j = 0; j < 3; ++j) {
            int64_t r = y * 2 + i - 1, q = z * 2 + j - 1;
            if (r >= 0 && r < 5 && q >= 0 && q < 5)
              max = std::max(max, x[(ch * 5 + r) * 5 + q]);
          }
        total += max * weights[(ch * 3 + y) * 3 + z];
      }
  return total;
}

/// Σ max(x, axis 1) ⊙ C for 3x4 inputs.
double maxAxisReference(const std::vector<std::vector<double>> &inputs,
                        const std::vector<double> &weights) {
  const std::vector<double> &x = inputs[0];
  double total = 0;
  for (int n = 0; n < 3; ++n)
    total += *std::max_element(x.begin() + 4 * n, x.begin() + 4 * n + 4) *
             weights[n];
  return total;
}

/// Σ gather(x, [2, 0, 3], axis 1) ⊙ C for 3x4 inputs.
double gatherReference(const std::vector<std::vector<double>> &inputs,
                       const std::vector<double> &weights) {
  const int index[3] = {2, 0, 3};
  double total = 0;
  for (int n = 0; n < 3; ++n)
    total += inputs[0][4 * n + index[n]] * weights[n];
  return total;
}

/// Σ gelu(x) ⊙ C with gelu(x) = x·Φ(x), from std::erf.
double geluReference(const std::vector<std::vector<double>> &inputs,
                     const std::vector<double> &weights) {
  double total = 0;
  for (size_t i = 0; i < inputs[0].size(); ++i) {
    double x = inputs[0][i];
    total += 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))) * weights[i];
  }
  return total;
}

/// BCEWithLogitsLoss(z, t) · C written as -(t·log σ(z) + (1-t)·log(1-σ(z))).
double bceReference(const std::vector<std::vector<double>> &inputs,
                    const std::vector<double> &weights) {
  double total = 0;
  for (size_t i = 0; i < inputs[0].size(); ++i) {
    double z = inputs[0][i], t = inputs[1][i];
    double p = 1.0 / (1.0 + std::exp(-z));
    total -= t * std::log(p) + (1.0 - t) * std::log(1.0 - p);
  }
  return total / static_cast<double>(inputs[0].size()) * weights[0];
}

/// Σ batch_norm_train(x, w, b) ⊙ C for x [2, 3, 2, 2], from its formula.
double batchNormReference(const std::vector<std::vector<double>> &inputs,
                          const std::vector<double> &weights) {
  const std::vector<double> &x = inputs[0];
  double total = 0;
  for (int c = 0; c < 3; ++c) {
    double sum = 0, square = 0;
    for (int n = 0; n < 2; ++n)
      for (int k = 0; k < 4; ++k)
        sum += x[(n * 3 + c) * 4 + k];
    double mean = sum / 8;
    for (int n = 0; n < 2; ++n)
      for (int k = 0; k < 4; ++k)
        square += std::pow(x[(n * 3 + c) * 4 + k] - mean, 2);
    double inv = 1.0 / std::sqrt(square / 8 + 1e-5);
    for (int n = 0; n < 2; ++n)
      for (int k = 0; k < 4; ++k) {
        int i = (n * 3 + c) * 4 + k;
        total += ((x[i] - mean) * inv * inputs[1][c] + inputs[2][c]) *
                 weights[i];
      }
  }
  return total;
}

/// Dropout keeps each element or zeroes it, scaling the kept ones by
/// 1/(1-p): its value is Σ over kept elements of x·C/0.7. Checks that the
/// mask keeps between 40% and 100% of 32 elements (p = 0.3) and that every
/// output is 0 or x/0.7, by recomputing through the same (linear) value.
double dropoutReference(const std::vector<std::vector<double>> &inputs,
                        const std::vector<double> &weights) {
  // The value is linear in x; the reference recomputes it from the hash the
  // lowering uses (SplitMix64 of seed, then of seed-hash ^ index).
  auto mix = [](uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  uint64_t seedHash = mix(42);
  uint64_t threshold = static_cast<uint64_t>(std::ceil(0.3 * (1 << 24)));
  double total = 0;
  int kept = 0;
  for (size_t i = 0; i < inputs[0].size(); ++i) {
    if ((mix(seedHash ^ i) >> 40) < threshold)
      continue;
    ++kept;
    total += inputs[0][i] / 0.7 * weights[i];
  }
  EXPECT_GE(kept, 12);
  EXPECT_LT(kept, 32);
  return total;
}

std::string tensorType(const std::vector<int64_t> &shape) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + "f64>";
}

std::string memrefType(const std::vector<int64_t> &shape) {
  std::string s = "memref<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + "f64>";
}

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The test module: @f (the scalarised op), @value (writes f to an output
/// buffer) and @grad (writes the gradient of every differentiable operand).
std::string buildModule(const GradCase &c) {
  std::string args, argTypes, callArgs, memrefArgs, toTensors, gradOuts,
      materialize;
  std::vector<size_t> wrt;
  size_t n = c.operands.size();
  for (size_t i = 0; i < n; ++i) {
    std::string t = tensorType(c.operands[i].shape);
    std::string m = memrefType(c.operands[i].shape);
    args += llvm::formatv("%a{0}: {1}, ", i, t).str();
    argTypes += t + ", ";
    callArgs += llvm::formatv("%t{0}, ", i).str();
    memrefArgs += llvm::formatv("%m{0}: {1}, ", i, m).str();
    toTensors += llvm::formatv("  %t{0} = bufferization.to_tensor %m{0} "
                               "restrict : {1} to {2}\n",
                               i, m, t)
                     .str();
    if (c.operands[i].differentiable)
      wrt.push_back(i);
  }
  std::string weights = tensorType(c.resultShape);
  std::string weightsMemref = memrefType(c.resultShape);
  std::string allDims;
  for (size_t d = 0; d < c.resultShape.size(); ++d)
    allDims += (d ? ", " : "") + std::to_string(d);

  std::string wrtList, gradTypes, gradResults;
  for (size_t k = 0; k < wrt.size(); ++k) {
    size_t i = wrt[k];
    wrtList += (k ? ", " : "") + std::to_string(i);
    gradTypes += ", " + tensorType(c.operands[i].shape);
    gradResults += llvm::formatv(", %g{0}", k).str();
    gradOuts += llvm::formatv(", %o{0}: {1}", k,
                              memrefType(c.operands[i].shape))
                    .str();
    materialize +=
        llvm::formatv("  bufferization.materialize_in_destination %r#{0} in "
                      "restrict writable %o{1} : ({2}, {3}) -> ()\n",
                      k + 1, k, tensorType(c.operands[i].shape),
                      memrefType(c.operands[i].shape))
            .str();
  }

  return llvm::formatv(R"mlir(
func.func private @f({0}%c: {1}) -> tensor<f64> {{
{2}
  %p = mdl.mul %y, %c : ({1}, {1}) -> {1}
  %s = mdl.sum %p dims = [{3}] : {1} -> tensor<f64>
  return %s : tensor<f64>
}
func.func @value({4}%mc: {5}, %out: memref<f64>) attributes {{llvm.emit_c_interface} {{
{6}  %tc = bufferization.to_tensor %mc restrict : {5} to {1}
  %v = func.call @f({7}%tc) : ({8}{1}) -> tensor<f64>
  bufferization.materialize_in_destination %v in restrict writable %out : (tensor<f64>, memref<f64>) -> ()
  return
}
func.func @grad({4}%mc: {5}{9}) attributes {{llvm.emit_c_interface} {{
{6}  %tc = bufferization.to_tensor %mc restrict : {5} to {1}
  %r:{10} = mdl.value_and_grad @f({7}%tc) wrt = [{11}] : ({8}{1}) -> (tensor<f64>{12})
{13}  return
}
)mlir",
                       args, weights, c.body, allDims, memrefArgs,
                       weightsMemref, toTensors, callArgs, argTypes, gradOuts,
                       wrt.size() + 1, wrtList, gradTypes, materialize)
      .str();
}

/// A contiguous buffer with its memref descriptor
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct Buffer {
  explicit Buffer(const std::vector<int64_t> &shape)
      : data(numElements(shape)), descriptor(3 + 2 * shape.size()) {
    auto *words = descriptor.data();
    words[0] = reinterpret_cast<int64_t>(data.data());
    words[1] = reinterpret_cast<int64_t>(data.data());
    words[2] = 0;
    int64_t stride = 1;
    for (size_t i = shape.size(); i-- > 0;) {
      words[3 + i] = shape[i];
      words[3 + shape.size() + i] = stride;
      stride *= shape[i];
    }
  }
  std::vector<double> data;
  std::vector<int64_t> descriptor;
};

class GradientCheck : public ::testing::TestWithParam<GradCase> {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mdlc::registerAllPasses();
  }
};

/// Calls the C-interface function `name` with pointers to descriptors.
void invoke(ExecutionEngine &engine, StringRef name,
            std::vector<Buffer *> buffers) {
  std::vector<void *> descriptors, args;
  for (Buffer *b : buffers)
    descriptors.push_back(b->descriptor.data());
  for (void *&d : descriptors)
    args.push_back(&d);
  llvm::Error error = engine.invokePacked(("_mlir_ciface_" + name).str(),
                                          llvm::MutableArrayRef<void *>(args));
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
}

TEST_P(GradientCheck, MatchesCentralDifferences) {
  const GradCase &c = GetParam();
  DialectRegistry registry;
  mdlc::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string source = buildModule(c);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(module) << source;
  PassManager pm(&context);
  ASSERT_TRUE(succeeded(mdlc::buildPipeline(pm, mdlc::PipelineOptions(),
                                            mdlc::Phase::MDL,
                                            mdlc::Phase::LLVMMLIR)));
  ASSERT_TRUE(succeeded(pm.run(*module))) << source;

  ExecutionEngineOptions options;
  options.transformer = makeOptimizingTransformer(2, 0, nullptr);
  auto engine = ExecutionEngine::create(*module, options);
  ASSERT_TRUE(bool(engine)) << llvm::toString(engine.takeError());

  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> symmetric(-1.0, 1.0),
      positive(0.5, 1.5);
  std::vector<Buffer> inputs;
  for (const Operand &o : c.operands) {
    inputs.emplace_back(o.shape);
    for (double &x : inputs.back().data)
      x = o.positive ? positive(rng) : symmetric(rng);
  }
  Buffer weights(c.resultShape);
  for (double &x : weights.data)
    x = symmetric(rng);

  std::vector<Buffer *> common;
  for (Buffer &b : inputs)
    common.push_back(&b);
  common.push_back(&weights);

  Buffer out(std::vector<int64_t>{});
  auto value = [&]() {
    std::vector<Buffer *> args = common;
    args.push_back(&out);
    invoke(**engine, "value", args);
    return out.data[0];
  };

  std::vector<Buffer> grads;
  std::vector<size_t> wrt;
  for (size_t i = 0; i < c.operands.size(); ++i)
    if (c.operands[i].differentiable) {
      grads.emplace_back(c.operands[i].shape);
      wrt.push_back(i);
    }
  std::vector<Buffer *> gradArgs = common;
  for (Buffer &g : grads)
    gradArgs.push_back(&g);
  invoke(**engine, "grad", gradArgs);

  if (c.reference) {
    std::vector<std::vector<double>> data;
    for (Buffer &b : inputs)
      data.push_back(b.data);
    double expected = c.reference(data, weights.data);
    EXPECT_NEAR(value(), expected, 1e-12 * std::max(1.0, std::abs(expected)))
        << c.name << ": forward value";
  }

  const double eps = 1e-6;
  for (size_t k = 0; k < wrt.size(); ++k) {
    std::vector<double> &x = inputs[wrt[k]].data;
    for (size_t j = 0; j < x.size(); ++j) {
      double saved = x[j];
      x[j] = saved + eps;
      double plus = value();
      x[j] = saved - eps;
      double minus = value();
      x[j] = saved;
      double numeric = (plus - minus) / (2 * eps);
      double analytic = grads[k].data[j];
      double scale = std::max({std::abs(numeric), std::abs(analytic), 1.0});
      EXPECT_LE(std::abs(numeric - analytic) / scale, 1e-6)
          << c.name << ": operand " << wrt[k] << " element " << j
          << ": analytic " << analytic << ", numeric " << numeric;
    }
  }
}

const GradCase kCases[] = {
    {"linear",
     {{{3, 4}}, {{2, 4}}, {{2}}},
     {3, 2},
     "  %y = mdl.linear %a0, %a1, %a2 : (tensor<3x4xf64>, tensor<2x4xf64>, "
     "tensor<2xf64>) -> tensor<3x2xf64>"},
    {"linear_no_bias",
     {{{3, 4}}, {{2, 4}}},
     {3, 2},
     "  %y = mdl.linear %a0, %a1 : (tensor<3x4xf64>, tensor<2x4xf64>) -> "
     "tensor<3x2xf64>"},
    {"matmul",
     {{{3, 4}}, {{4, 2}}},
     {3, 2},
     "  %y = mdl.matmul %a0, %a1 : (tensor<3x4xf64>, tensor<4x2xf64>) -> "
     "tensor<3x2xf64>"},
    {"add_broadcast",
     {{{3, 1}}, {{4}}},
     {3, 4},
     "  %y = mdl.add %a0, %a1 : (tensor<3x1xf64>, tensor<4xf64>) -> "
     "tensor<3x4xf64>"},
    {"sub_broadcast",
     {{{4}}, {{3, 4}}},
     {3, 4},
     "  %y = mdl.sub %a0, %a1 : (tensor<4xf64>, tensor<3x4xf64>) -> "
     "tensor<3x4xf64>"},
    {"mul_scalar",
     {{{3, 4}}, {{}}},
     {3, 4},
     "  %y = mdl.mul %a0, %a1 : (tensor<3x4xf64>, tensor<f64>) -> "
     "tensor<3x4xf64>"},
    {"div_broadcast",
     {{{3, 4}}, {{3, 1}, true, true}},
     {3, 4},
     "  %y = mdl.div %a0, %a1 : (tensor<3x4xf64>, tensor<3x1xf64>) -> "
     "tensor<3x4xf64>"},
    {"neg",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.neg %a0 : tensor<3x4xf64>"},
    {"sum",
     {{{3, 4}}},
     {3},
     "  %y = mdl.sum %a0 dims = [1] : tensor<3x4xf64> -> tensor<3xf64>"},
    {"mean",
     {{{3, 4}}},
     {4},
     "  %y = mdl.mean %a0 dims = [0] : tensor<3x4xf64> -> tensor<4xf64>"},
    {"broadcast_new_dim",
     {{{4}}},
     {3, 4},
     "  %y = mdl.broadcast %a0 dims = [1] : tensor<4xf64> -> "
     "tensor<3x4xf64>"},
    {"broadcast_stretch",
     {{{3, 1}}},
     {3, 4},
     "  %y = mdl.broadcast %a0 dims = [0, 1] : tensor<3x1xf64> -> "
     "tensor<3x4xf64>"},
    {"reshape",
     {{{3, 4}}},
     {2, 6},
     "  %y = mdl.reshape %a0 : tensor<3x4xf64> -> tensor<2x6xf64>"},
    {"transpose",
     {{{3, 4}}},
     {4, 3},
     "  %y = mdl.transpose %a0 permutation = [1, 0] : tensor<3x4xf64> -> "
     "tensor<4x3xf64>"},
    {"mse",
     {{{3, 2}}, {{3, 2}}},
     {},
     "  %y = mdl.mse %a0, %a1 : (tensor<3x2xf64>, tensor<3x2xf64>) -> "
     "tensor<f64>"},
    {"relu",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.relu %a0 : tensor<3x4xf64>"},
    {"exp",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.exp %a0 : tensor<3x4xf64>"},
    {"log",
     {{{3, 4}, true, true}},
     {3, 4},
     "  %y = mdl.log %a0 : tensor<3x4xf64>"},
    {"tanh",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.tanh %a0 : tensor<3x4xf64>"},
    {"sigmoid",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.sigmoid %a0 : tensor<3x4xf64>"},
    {"abs",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.abs %a0 : tensor<3x4xf64>"},
    {"sqrt",
     {{{3, 4}, true, true}},
     {3, 4},
     "  %y = mdl.sqrt %a0 : tensor<3x4xf64>"},
    {"select_broadcast",
     {{{3, 4}}, {{4}}, {{3, 4}, false}},
     {3, 4},
     "  %z = arith.constant dense<0.0> : tensor<f64>\n"
     "  %cond = mdl.compare \"gt\", %a2, %z : (tensor<3x4xf64>, tensor<f64>) "
     "-> tensor<3x4xi1>\n"
     "  %y = mdl.select %cond, %a0, %a1 : (tensor<3x4xi1>, tensor<3x4xf64>, "
     "tensor<4xf64>) -> tensor<3x4xf64>"},
    {"huber",
     {{{3, 4}}},
     {3, 4},
     // delta 0.5 puts inputs drawn from [-1, 1] on both branches.
     "  %y = mdl.huber %a0 {delta = 5.000000e-01 : f64} : tensor<3x4xf64>"},
    {"log_softmax",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.log_softmax %a0 axis = 1 : tensor<3x4xf64>",
     logSoftmaxReference},
    {"softmax",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.softmax %a0 axis = 0 : tensor<3x4xf64>"},
    {"cross_entropy",
     {{{3, 4}}},
     {},
     "  %labels = arith.constant dense<[1, 3, 0]> : tensor<3xi32>\n"
     "  %y = mdl.cross_entropy %a0, %labels : (tensor<3x4xf64>, "
     "tensor<3xi32>) -> tensor<f64>",
     crossEntropyReference},
    {"conv2d",
     {{{2, 3, 5, 5}}, {{4, 3, 3, 3}}, {{4}}},
     {2, 4, 3, 3},
     "  %y = mdl.conv2d %a0, %a1, %a2 {stride = array<i64: 2, 2>, padding = "
     "array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x5x5xf64>, "
     "tensor<4x3x3x3xf64>, tensor<4xf64>) -> tensor<2x4x3x3xf64>",
     conv2dReference},
    {"conv2d_dilated",
     {{{1, 2, 6, 6}}, {{3, 2, 2, 2}}},
     {1, 3, 6, 6},
     "  %y = mdl.conv2d %a0, %a1 {stride = array<i64: 1, 1>, padding = "
     "array<i64: 1, 1>, dilation = array<i64: 2, 2>} : (tensor<1x2x6x6xf64>, "
     "tensor<3x2x2x2xf64>) -> tensor<1x3x6x6xf64>",
     conv2dDilatedReference},
    // Stride 2 over 6 rows leaves the last row outside every window.
    {"conv2d_input_grad",
     {{{1, 3, 3, 3}}, {{3, 2, 3, 3}}},
     {1, 2, 6, 6},
     "  %y = mdl.conv2d_input_grad %a0, %a1 {stride = array<i64: 2, 2>, "
     "padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : "
     "(tensor<1x3x3x3xf64>, tensor<3x2x3x3xf64>) -> tensor<1x2x6x6xf64>"},
    {"conv2d_weight_grad",
     {{{2, 3, 5, 5}}, {{2, 4, 3, 3}}},
     {4, 3, 3, 3},
     "  %y = mdl.conv2d_weight_grad %a0, %a1 {stride = array<i64: 2, 2>, "
     "padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : "
     "(tensor<2x3x5x5xf64>, tensor<2x4x3x3xf64>) -> tensor<4x3x3x3xf64>"},
    {"max_pool2d",
     {{{2, 2, 4, 4}}},
     {2, 2, 2, 2},
     "  %y = mdl.max_pool2d %a0 {kernel = array<i64: 2, 2>, stride = "
     "array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x2x4x4xf64> -> "
     "tensor<2x2x2x2xf64>"},
    // Overlapping, padded windows: one input can win several windows.
    {"max_pool2d_overlapping",
     {{{1, 2, 5, 5}}},
     {1, 2, 3, 3},
     "  %y = mdl.max_pool2d %a0 {kernel = array<i64: 3, 3>, stride = "
     "array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<1x2x5x5xf64> -> "
     "tensor<1x2x3x3xf64>",
     maxPoolReference},
    {"avg_pool2d",
     {{{1, 2, 5, 5}}},
     {1, 2, 3, 3},
     "  %y = mdl.avg_pool2d %a0 {kernel = array<i64: 3, 3>, stride = "
     "array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<1x2x5x5xf64> -> "
     "tensor<1x2x3x3xf64>"},
    {"avg_pool2d_grad",
     {{{1, 2, 3, 3}}},
     {1, 2, 5, 5},
     "  %y = mdl.avg_pool2d_grad %a0 {kernel = array<i64: 3, 3>, stride = "
     "array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<1x2x3x3xf64> -> "
     "tensor<1x2x5x5xf64>"},
    {"max_axis",
     {{{3, 4}}},
     {3},
     "  %y = mdl.max %a0 dims = [1] : tensor<3x4xf64> -> tensor<3xf64>",
     maxAxisReference},
    {"max_all",
     {{{3, 4}}},
     {},
     "  %y = mdl.max %a0 dims = [0, 1] : tensor<3x4xf64> -> tensor<f64>"},
    {"gather",
     {{{3, 4}}},
     {3},
     "  %idx = arith.constant dense<[2, 0, 3]> : tensor<3xi32>\n"
     "  %y = mdl.gather %a0, %idx axis = 1 : (tensor<3x4xf64>, tensor<3xi32>) "
     "-> tensor<3xf64>",
     gatherReference},
    {"gather_axis0",
     {{{3, 4}}},
     {4},
     "  %idx = arith.constant dense<[2, 0, 1, 1]> : tensor<4xi64>\n"
     "  %y = mdl.gather %a0, %idx axis = 0 : (tensor<3x4xf64>, tensor<4xi64>) "
     "-> tensor<4xf64>"},
    {"scatter_add",
     {{{3}}},
     {3, 4},
     "  %idx = arith.constant dense<[2, 0, 3]> : tensor<3xi32>\n"
     "  %y = mdl.scatter_add %a0, %idx axis = 1 : (tensor<3xf64>, "
     "tensor<3xi32>) -> tensor<3x4xf64>"},
    {"leaky_relu",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.leaky_relu %a0 {slope = 1.000000e-01 : f64} : tensor<3x4xf64>"},
    {"erf",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.erf %a0 : tensor<3x4xf64>"},
    {"gelu",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.gelu %a0 : tensor<3x4xf64>",
     geluReference},
    {"pow_cube",
     {{{3, 4}}},
     {3, 4},
     "  %y = mdl.pow %a0 {exponent = 3.000000e+00 : f64} : tensor<3x4xf64>"},
    {"pow_fractional",
     {{{3, 4}, true, true}},
     {3, 4},
     "  %y = mdl.pow %a0 {exponent = -1.500000e+00 : f64} : tensor<3x4xf64>"},
    {"bce_with_logits",
     {{{3, 4}}, {{3, 4}, true, true}},
     {},
     "  %y = mdl.bce_with_logits %a0, %a1 : (tensor<3x4xf64>, tensor<3x4xf64>) "
     "-> tensor<f64>",
     bceReference},
    {"batch_norm_train",
     {{{2, 3, 2, 2}}, {{3}}, {{3}}},
     {2, 3, 2, 2},
     "  %y, %m, %v = mdl.batch_norm_train %a0, %a1, %a2 {eps = 1.0e-05 : f64} "
     ": tensor<2x3x2x2xf64>, tensor<3xf64>",
     batchNormReference},
    {"batch_norm_train_2d",
     {{{4, 3}}, {{3}}, {{3}}},
     {4, 3},
     "  %y, %m, %v = mdl.batch_norm_train %a0, %a1, %a2 {eps = 1.0e-05 : f64} "
     ": tensor<4x3xf64>, tensor<3xf64>"},
    // The batch statistics as results (their adjoints reach the input).
    {"batch_norm_train_stats",
     {{{2, 3, 2, 2}}, {{3}}, {{3}}},
     {3},
     "  %r, %m, %v = mdl.batch_norm_train %a0, %a1, %a2 {eps = 1.0e-05 : f64} "
     ": tensor<2x3x2x2xf64>, tensor<3xf64>\n"
     "  %y = mdl.add %m, %v : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>"},
    {"batch_norm_eval",
     {{{2, 3, 2, 2}}, {{3}}, {{3}}, {{3}}, {{3}, true, true}},
     {2, 3, 2, 2},
     "  %y = mdl.batch_norm_eval %a0, %a1, %a2, %a3, %a4 {eps = 1.0e-05 : f64} "
     ": tensor<2x3x2x2xf64>, tensor<3xf64>"},
    {"dropout",
     {{{4, 8}}},
     {4, 8},
     "  %seed = arith.constant 42 : i64\n"
     "  %y = mdl.dropout %a0, %seed {p = 3.000000e-01 : f64} : tensor<4x8xf64>",
     dropoutReference},
};

/// Three Adam steps through the real pipeline against PyTorch's update
/// rule (torch.optim.Adam, no weight decay) computed here.
TEST(OptimizerTest, AdamMatchesPyTorchUpdateRule) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  mdlc::registerAllPasses();
  DialectRegistry registry;
  mdlc::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  const char *source = R"mlir(
func.func @step(%p: memref<5xf64>, %g: memref<5xf64>, %m: memref<5xf64>,
                %v: memref<5xf64>, %po: memref<5xf64>, %mo: memref<5xf64>,
                %vo: memref<5xf64>, %t: f64, %lr: f64)
    attributes {llvm.emit_c_interface} {
  %tp = bufferization.to_tensor %p restrict : memref<5xf64> to tensor<5xf64>
  %tg = bufferization.to_tensor %g restrict : memref<5xf64> to tensor<5xf64>
  %tm = bufferization.to_tensor %m restrict : memref<5xf64> to tensor<5xf64>
  %tv = bufferization.to_tensor %v restrict : memref<5xf64> to tensor<5xf64>
  %p2, %m2, %v2 = mdl.adam %tp, %tg, %tm, %tv, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<5xf64>, f64
  bufferization.materialize_in_destination %p2 in restrict writable %po : (tensor<5xf64>, memref<5xf64>) -> ()
  bufferization.materialize_in_destination %m2 in restrict writable %mo : (tensor<5xf64>, memref<5xf64>) -> ()
  bufferization.materialize_in_destination %v2 in restrict writable %vo : (tensor<5xf64>, memref<5xf64>) -> ()
  return
}
)mlir";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  PassManager pm(&context);
  ASSERT_TRUE(succeeded(mdlc::buildPipeline(pm, mdlc::PipelineOptions(),
                                            mdlc::Phase::MDL,
                                            mdlc::Phase::LLVMMLIR)));
  ASSERT_TRUE(succeeded(pm.run(*module)));
  auto engine = ExecutionEngine::create(*module);
  ASSERT_TRUE(bool(engine)) << llvm::toString(engine.takeError());

  std::vector<int64_t> shape = {5};
  Buffer p(shape), g(shape), m(shape), v(shape), po(shape), mo(shape),
      vo(shape);
  std::vector<double> refP = {0.5, -1.0, 2.0, 0.0, 3.0};
  std::vector<double> refM(5, 0.0), refV(5, 0.0);
  p.data = refP;
  m.data = refM;
  v.data = refV;
  const double lr = 1e-2, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  for (int step = 1; step <= 3; ++step) {
    for (int i = 0; i < 5; ++i)
      g.data[i] = std::sin(1.7 * i + step) * (i + 1);
    // PyTorch: exp_avg.lerp_(grad, 1-beta1); exp_avg_sq.mul_(beta2)
    // .addcmul_(grad, grad, value=1-beta2); denom = sqrt(exp_avg_sq) /
    // sqrt(1-beta2^t) + eps; param -= lr / (1-beta1^t) * exp_avg / denom.
    for (int i = 0; i < 5; ++i) {
      refM[i] = beta1 * refM[i] + (1 - beta1) * g.data[i];
      refV[i] = beta2 * refV[i] + (1 - beta2) * g.data[i] * g.data[i];
      double denom = std::sqrt(refV[i]) /
                         std::sqrt(1 - std::pow(beta2, step)) +
                     eps;
      refP[i] -= lr / (1 - std::pow(beta1, step)) * refM[i] / denom;
    }
    std::vector<void *> descriptors;
    for (Buffer *b : {&p, &g, &m, &v, &po, &mo, &vo})
      descriptors.push_back(b->descriptor.data());
    double t = step, rate = lr;
    std::vector<void *> args;
    for (void *&d : descriptors)
      args.push_back(&d);
    args.push_back(&t);
    args.push_back(&rate);
    llvm::Error error = (*engine)->invokePacked(
        "_mlir_ciface_step", llvm::MutableArrayRef<void *>(args));
    ASSERT_FALSE(error) << llvm::toString(std::move(error));
    for (int i = 0; i < 5; ++i) {
      EXPECT_NEAR(po.data[i], refP[i], 1e-12) << "step " << step << " p" << i;
      EXPECT_NEAR(mo.data[i], refM[i], 1e-12) << "step " << step << " m" << i;
      EXPECT_NEAR(vo.data[i], refV[i], 1e-12) << "step " << step << " v" << i;
    }
    p.data = po.data;
    m.data = mo.data;
    v.data = vo.data;
  }
}

INSTANTIATE_TEST_SUITE_P(MDLOps, GradientCheck, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GradCase> &info) {
                           return info.param.name;
                         });

} // namespace
