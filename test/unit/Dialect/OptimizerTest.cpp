//===- OptimizerTest.cpp - optimizer ops against PyTorch's rules *- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Runs the optimizer ops (mdl.sgd, mdl.sgd_momentum, mdl.adam with L2 and
// decoupled weight decay, mdl.clip_grad_norm) through mdlc's own CPU
// pipeline and the JIT for several steps, and compares every parameter and
// state value with PyTorch's documented update rules written out here in
// float64 (torch.optim.SGD/Adam/AdamW single-tensor code paths,
// torch.nn.utils.clip_grad_norm_). The learning-rate schedules MLIRGen
// emits into the train step are checked the same way against the
// recursive formulas of torch.optim.lr_scheduler.
//
//===----------------------------------------------------------------------===//

#include "compiler/InitAll.h"
#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "compiler/Pipelines/Pipelines.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"
#include "gtest/gtest.h"

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace mlir;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// A contiguous float64 buffer with its memref descriptor
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct Buffer {
  explicit Buffer(const std::vector<int64_t> &shape)
      : descriptor(3 + 2 * shape.size()) {
    int64_t size = 1;
    for (int64_t d : shape)
      size *= d;
    data.assign(size, 0.0);
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

class OptimizerRuleTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mdlc::registerAllPasses();
  }

  OptimizerRuleTest() {
    DialectRegistry registry;
    mdlc::registerAllDialects(registry);
    context = std::make_unique<MLIRContext>(registry);
    context->loadAllAvailableDialects();
  }

  /// Lowers `module` from mdl to LLVM and JIT-compiles it.
  std::unique_ptr<ExecutionEngine> compile(ModuleOp module) {
    PassManager pm(context.get());
    if (failed(mdlc::buildPipeline(pm, mdlc::PipelineOptions(),
                                   mdlc::Phase::MDL, mdlc::Phase::LLVMMLIR)) ||
        failed(pm.run(module))) {
      ADD_FAILURE() << "pipeline failed";
      return nullptr;
    }
    auto engine = ExecutionEngine::create(module);
    if (!engine) {
      ADD_FAILURE() << llvm::toString(engine.takeError());
      return nullptr;
    }
    return std::move(*engine);
  }

  std::unique_ptr<ExecutionEngine> compile(StringRef source) {
    module = parseSourceString<ModuleOp>(source, context.get());
    if (!module) {
      ADD_FAILURE() << "cannot parse:\n" << source.str();
      return nullptr;
    }
    return compile(*module);
  }

  std::unique_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
};

/// Calls `@step(buffers..., t, lr)` through its C interface.
void invokeStep(ExecutionEngine &engine, std::vector<Buffer *> buffers,
                double t, double lr) {
  std::vector<void *> descriptors, args;
  for (Buffer *b : buffers)
    descriptors.push_back(b->descriptor.data());
  for (void *&d : descriptors)
    args.push_back(&d);
  args.push_back(&t);
  args.push_back(&lr);
  llvm::Error error = engine.invokePacked(
      "_mlir_ciface_step", llvm::MutableArrayRef<void *>(args));
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
}

//===----------------------------------------------------------------------===//
// Updates with state
//===----------------------------------------------------------------------===//

constexpr int kSize = 5;

/// The reference rule: updates `p` and `states` in place for gradient `g`
/// at step `t` (from 1).
using Rule = std::function<void(std::vector<double> &p,
                                const std::vector<double> &g,
                                std::vector<std::vector<double>> &states,
                                int t, double lr)>;

/// `@step(p, g, states..., p_out, states_out..., t, lr)` around `op`, an
/// op on %tp, %tg, %ts0.., %t, %lr producing `%r:N` (parameter, then
/// states), all tensor<5xf64>.
std::string buildStepSource(unsigned numStates, StringRef op) {
  std::string params = "%p: memref<5xf64>, %g: memref<5xf64>";
  std::string tensors;
  auto toTensor = [&](StringRef name) {
    tensors += llvm::formatv("  %t{0} = bufferization.to_tensor %{0} restrict "
                             ": memref<5xf64> to tensor<5xf64>\n",
                             name)
                   .str();
  };
  toTensor("p");
  toTensor("g");
  for (unsigned i = 0; i < numStates; ++i) {
    params += llvm::formatv(", %s{0}: memref<5xf64>", i).str();
    toTensor(("s" + llvm::Twine(i)).str());
  }
  std::string outputs = "  bufferization.materialize_in_destination %r#0 in "
                        "restrict writable %po : (tensor<5xf64>, "
                        "memref<5xf64>) -> ()\n";
  params += ", %po: memref<5xf64>";
  for (unsigned i = 0; i < numStates; ++i) {
    params += llvm::formatv(", %so{0}: memref<5xf64>", i).str();
    outputs += llvm::formatv("  bufferization.materialize_in_destination "
                             "%r#{0} in restrict writable %so{1} : "
                             "(tensor<5xf64>, memref<5xf64>) -> ()\n",
                             i + 1, i)
                   .str();
  }
  return llvm::formatv(
             "func.func @step({0}, %t: f64, %lr: f64) attributes "
             "{{llvm.emit_c_interface} {{\n{1}  {2}\n{3}  return\n}\n",
             params, tensors, op, outputs)
      .str();
}

/// Runs `op` for `steps` steps from a fixed parameter and zero state and
/// compares parameter and state after every step with `rule`.
void checkAgainstRule(ExecutionEngine &engine, unsigned numStates, Rule rule,
                      int steps = 4, double lr = 0.05) {
  std::vector<int64_t> shape = {kSize};
  Buffer p(shape), g(shape), po(shape);
  std::vector<std::unique_ptr<Buffer>> states, stateOuts;
  for (unsigned i = 0; i < numStates; ++i) {
    states.push_back(std::make_unique<Buffer>(shape));
    stateOuts.push_back(std::make_unique<Buffer>(shape));
  }
  std::vector<double> refP = {0.5, -1.0, 2.0, 0.0, 3.0};
  std::vector<std::vector<double>> refStates(numStates,
                                             std::vector<double>(kSize, 0.0));
  p.data = refP;
  for (int t = 1; t <= steps; ++t) {
    for (int i = 0; i < kSize; ++i)
      g.data[i] = std::sin(1.7 * i + t) * (i + 1);
    rule(refP, g.data, refStates, t, lr);
    std::vector<Buffer *> buffers = {&p, &g};
    for (auto &s : states)
      buffers.push_back(s.get());
    buffers.push_back(&po);
    for (auto &s : stateOuts)
      buffers.push_back(s.get());
    invokeStep(engine, buffers, t, lr);
    for (int i = 0; i < kSize; ++i) {
      EXPECT_NEAR(po.data[i], refP[i], 1e-12) << "step " << t << " p" << i;
      for (unsigned k = 0; k < numStates; ++k)
        EXPECT_NEAR(stateOuts[k]->data[i], refStates[k][i], 1e-12)
            << "step " << t << " state " << k << " [" << i << "]";
    }
    p.data = po.data;
    for (unsigned k = 0; k < numStates; ++k)
      states[k]->data = stateOuts[k]->data;
  }
}

/// torch.optim.SGD, _single_tensor_sgd: d_p = g + λ·p; with momentum the
/// buffer is a copy of d_p on the first step, then μ·buf + (1-τ)·d_p, and
/// d_p becomes d_p + μ·buf (Nesterov) or buf; p -= lr·d_p.
Rule sgdRule(double momentum, double dampening, double weightDecay,
             bool nesterov) {
  return [=](std::vector<double> &p, const std::vector<double> &g,
             std::vector<std::vector<double>> &states, int t, double lr) {
    for (int i = 0; i < kSize; ++i) {
      double d = g[i] + weightDecay * p[i];
      if (momentum != 0.0) {
        double &buf = states[0][i];
        buf = t == 1 ? d : momentum * buf + (1 - dampening) * d;
        d = nesterov ? d + momentum * buf : buf;
      }
      p[i] -= lr * d;
    }
  };
}

/// torch.optim.Adam / AdamW, _single_tensor_adam: Adam adds λ·p to the
/// gradient, AdamW multiplies p by 1 - lr·λ; then exp_avg.lerp_(g, 1-β1),
/// exp_avg_sq.mul_(β2).addcmul_(g, g, 1-β2), denom = sqrt(exp_avg_sq) /
/// sqrt(1-β2^t) + eps, p -= lr / (1-β1^t) · exp_avg / denom.
Rule adamRule(double weightDecay, bool decoupled) {
  const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  return [=](std::vector<double> &p, const std::vector<double> &g,
             std::vector<std::vector<double>> &states, int t, double lr) {
    for (int i = 0; i < kSize; ++i) {
      double grad = g[i];
      if (decoupled)
        p[i] *= 1 - lr * weightDecay;
      else
        grad += weightDecay * p[i];
      double &m = states[0][i], &v = states[1][i];
      m = beta1 * m + (1 - beta1) * grad;
      v = beta2 * v + (1 - beta2) * grad * grad;
      double denom = std::sqrt(v) / std::sqrt(1 - std::pow(beta2, t)) + eps;
      p[i] -= lr / (1 - std::pow(beta1, t)) * m / denom;
    }
  };
}

TEST_F(OptimizerRuleTest, SGDWeightDecayMatchesPyTorch) {
  auto engine = compile(buildStepSource(
      0, "%r:1 = mdl.sgd %tp, %tg, %lr {weight_decay = 0.01 : f64} : "
         "tensor<5xf64>, f64"));
  ASSERT_TRUE(engine);
  checkAgainstRule(*engine, 0, sgdRule(0.0, 0.0, 0.01, false));
}

TEST_F(OptimizerRuleTest, SGDMomentumMatchesPyTorch) {
  auto engine = compile(buildStepSource(
      1, "%r:2 = mdl.sgd_momentum %tp, %tg, %ts0, %t, %lr {momentum = 0.9 "
         ": f64} : tensor<5xf64>, f64"));
  ASSERT_TRUE(engine);
  checkAgainstRule(*engine, 1, sgdRule(0.9, 0.0, 0.0, false));
}

TEST_F(OptimizerRuleTest, SGDMomentumDampeningWeightDecayMatchesPyTorch) {
  // Dampening does not apply to the first step's buffer.
  auto engine = compile(buildStepSource(
      1, "%r:2 = mdl.sgd_momentum %tp, %tg, %ts0, %t, %lr {momentum = 0.8 "
         ": f64, dampening = 0.3 : f64, weight_decay = 0.05 : f64} : "
         "tensor<5xf64>, f64"));
  ASSERT_TRUE(engine);
  checkAgainstRule(*engine, 1, sgdRule(0.8, 0.3, 0.05, false));
}

TEST_F(OptimizerRuleTest, SGDNesterovWeightDecayMatchesPyTorch) {
  auto engine = compile(buildStepSource(
      1, "%r:2 = mdl.sgd_momentum %tp, %tg, %ts0, %t, %lr {momentum = 0.9 "
         ": f64, weight_decay = 5.0e-4 : f64, nesterov} : tensor<5xf64>, "
         "f64"));
  ASSERT_TRUE(engine);
  checkAgainstRule(*engine, 1, sgdRule(0.9, 0.0, 5e-4, true));
}

TEST_F(OptimizerRuleTest, AdamL2WeightDecayMatchesPyTorch) {
  auto engine = compile(buildStepSource(
      2, "%r:3 = mdl.adam %tp, %tg, %ts0, %ts1, %t, %lr {beta1 = 0.9 : f64, "
         "beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 0.1 : "
         "f64} : tensor<5xf64>, f64"));
  ASSERT_TRUE(engine);
  checkAgainstRule(*engine, 2, adamRule(0.1, false), 5, 1e-2);
}

TEST_F(OptimizerRuleTest, AdamWMatchesPyTorch) {
  auto engine = compile(buildStepSource(
      2, "%r:3 = mdl.adam %tp, %tg, %ts0, %ts1, %t, %lr {beta1 = 0.9 : f64, "
         "beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 0.01 : "
         "f64, decoupled_weight_decay} : tensor<5xf64>, f64"));
  ASSERT_TRUE(engine);
  checkAgainstRule(*engine, 2, adamRule(0.01, true), 5, 1e-2);
}

//===----------------------------------------------------------------------===//
// Gradient clipping
//===----------------------------------------------------------------------===//

/// torch.nn.utils.clip_grad_norm_(max_norm): total = ‖(‖g_i‖)_i‖₂,
/// g_i *= min(1, max_norm / (total + 1e-6)).
void checkClip(ExecutionEngine &engine, double scaleInputs, double maxNorm) {
  Buffer a({5}), b({2, 3}), ao({5}), bo({2, 3});
  for (int i = 0; i < 5; ++i)
    a.data[i] = scaleInputs * std::cos(0.9 * i + 0.3);
  for (int i = 0; i < 6; ++i)
    b.data[i] = scaleInputs * (0.25 * i - 0.6);
  double total = 0;
  for (double x : a.data)
    total += x * x;
  for (double x : b.data)
    total += x * x;
  double coefficient = std::min(1.0, maxNorm / (std::sqrt(total) + 1e-6));
  std::vector<void *> descriptors = {a.descriptor.data(), b.descriptor.data(),
                                     ao.descriptor.data(),
                                     bo.descriptor.data()};
  std::vector<void *> args;
  for (void *&d : descriptors)
    args.push_back(&d);
  llvm::Error error = engine.invokePacked(
      "_mlir_ciface_clip", llvm::MutableArrayRef<void *>(args));
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
  for (int i = 0; i < 5; ++i)
    EXPECT_NEAR(ao.data[i], a.data[i] * coefficient, 1e-12) << "a" << i;
  for (int i = 0; i < 6; ++i)
    EXPECT_NEAR(bo.data[i], b.data[i] * coefficient, 1e-12) << "b" << i;
  double clipped = 0;
  for (double x : ao.data)
    clipped += x * x;
  for (double x : bo.data)
    clipped += x * x;
  EXPECT_LE(std::sqrt(clipped), maxNorm + 1e-9);
}

TEST_F(OptimizerRuleTest, ClipGradNormMatchesPyTorch) {
  auto engine = compile(R"mlir(
func.func @clip(%a: memref<5xf64>, %b: memref<2x3xf64>, %ao: memref<5xf64>,
                %bo: memref<2x3xf64>) attributes {llvm.emit_c_interface} {
  %ta = bufferization.to_tensor %a restrict : memref<5xf64> to tensor<5xf64>
  %tb = bufferization.to_tensor %b restrict : memref<2x3xf64> to tensor<2x3xf64>
  %r:2 = mdl.clip_grad_norm %ta, %tb {max_norm = 1.5 : f64} : tensor<5xf64>, tensor<2x3xf64>
  bufferization.materialize_in_destination %r#0 in restrict writable %ao : (tensor<5xf64>, memref<5xf64>) -> ()
  bufferization.materialize_in_destination %r#1 in restrict writable %bo : (tensor<2x3xf64>, memref<2x3xf64>) -> ()
  return
}
)mlir");
  ASSERT_TRUE(engine);
  // Norm about 6: scaled down to 1.5.
  checkClip(*engine, 3.0, 1.5);
  // Norm about 0.2: left as it is (the coefficient is clamped to 1).
  checkClip(*engine, 0.1, 1.5);
}

//===----------------------------------------------------------------------===//
// Learning-rate schedules
//===----------------------------------------------------------------------===//

/// PyTorch's schedulers, stepped once after every optimizer step: the rate
/// used by optimizer step t + 1 is the scheduler's rate at last_epoch = t,
/// computed with the schedulers' recursive (chainable) formulas.
class SchedulerReference {
public:
  SchedulerReference(const mdlc::frontend::LRSchedule &schedule, double base)
      : schedule(schedule), base(base) {}

  /// The rates for last_epoch = 0 .. count-1.
  std::vector<double> rates(int count) {
    std::vector<double> out;
    size_t stage = 0;
    int start = 0; // last_epoch where the current stage began
    double lr = base;
    for (int t = 0; t < count; ++t) {
      const auto &stages = schedule.stages;
      if (stage + 1 < stages.size() && t - start == stages[stage].steps) {
        // SequentialLR at a milestone: the next scheduler's step(0), its
        // closed form at 0, which is the base rate for all three kinds.
        ++stage;
        start = t;
        lr = base;
      }
      lr = next(stages[stage], t - start, lr);
      out.push_back(lr);
    }
    return out;
  }

private:
  /// The scheduler's get_lr() at last_epoch `e` given the previous rate.
  double next(const mdlc::frontend::LRStage &stage, int e, double lr) {
    using mdlc::frontend::LRStageKind;
    switch (stage.kind) {
    case LRStageKind::Step: // StepLR
      if (e == 0 || e % stage.steps != 0)
        return lr;
      return lr * stage.gamma;
    case LRStageKind::Cosine: { // CosineAnnealingLR (until T_max)
      double tMax = stage.steps;
      if (e == 0)
        return base;
      if (e > stage.steps)
        return stage.minLr; // mdlc holds min_lr after T_max
      if ((e - 1 - stage.steps) % (2 * stage.steps) == 0)
        return lr + (base - stage.minLr) * (1 - std::cos(kPi / tMax)) / 2;
      return (1 + std::cos(kPi * e / tMax)) /
                 (1 + std::cos(kPi * (e - 1) / tMax)) * (lr - stage.minLr) +
             stage.minLr;
    }
    case LRStageKind::Warmup: { // LinearLR(start_factor, 1.0, total_iters)
      double s = stage.startFactor, n = stage.steps;
      if (e == 0)
        return base * s;
      if (e > stage.steps)
        return lr;
      return lr * (1 + (1 - s) / (n * s + (e - 1) * (1 - s)));
    }
    }
    return lr;
  }

  const mdlc::frontend::LRSchedule &schedule;
  double base;
};

class ScheduleTest : public OptimizerRuleTest {
protected:
  /// Emits `@lr(base, step) -> rate` with MLIRGen's schedule code, JITs it
  /// and compares steps 1..count with PyTorch's rates.
  void check(const mdlc::frontend::LRSchedule &schedule, double base,
             int count) {
    OpBuilder b(context.get());
    Location loc = b.getUnknownLoc();
    module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module->getBody());
    Type f64 = b.getF64Type();
    auto func = func::FuncOp::create(b, loc, "lr",
                                     b.getFunctionType({f64, f64}, {f64}));
    func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    Block *entry = func.addEntryBlock();
    b.setInsertionPointToStart(entry);
    Value rate = mdlc::mlirgen::emitScheduledLR(
        b, loc, schedule, entry->getArgument(0), entry->getArgument(1));
    func::ReturnOp::create(b, loc, rate);
    auto engine = compile(*module);
    ASSERT_TRUE(engine);

    std::vector<double> expected =
        SchedulerReference(schedule, base).rates(count);
    for (int step = 1; step <= count; ++step) {
      double result = 0;
      llvm::Error error =
          engine->invoke("lr", base, static_cast<double>(step),
                         ExecutionEngine::result(result));
      ASSERT_FALSE(error) << llvm::toString(std::move(error));
      EXPECT_NEAR(result, expected[step - 1], 1e-12 * base)
          << "step " << step;
    }
  }
};

mdlc::frontend::LRStage stage(mdlc::frontend::LRStageKind kind, int64_t steps) {
  mdlc::frontend::LRStage s;
  s.kind = kind;
  s.steps = steps;
  return s;
}

TEST_F(ScheduleTest, StepMatchesStepLR) {
  mdlc::frontend::LRSchedule schedule;
  schedule.stages.push_back(stage(mdlc::frontend::LRStageKind::Step, 4));
  schedule.stages.back().gamma = 0.5;
  check(schedule, 0.1, 20);
}

TEST_F(ScheduleTest, CosineMatchesCosineAnnealingLR) {
  mdlc::frontend::LRSchedule schedule;
  schedule.stages.push_back(stage(mdlc::frontend::LRStageKind::Cosine, 10));
  schedule.stages.back().minLr = 0.001;
  // Past T_max the rate holds at min_lr.
  check(schedule, 0.1, 15);
}

TEST_F(ScheduleTest, WarmupMatchesLinearLR) {
  mdlc::frontend::LRSchedule schedule;
  schedule.stages.push_back(stage(mdlc::frontend::LRStageKind::Warmup, 5));
  check(schedule, 0.1, 9);
}

TEST_F(ScheduleTest, WarmupThenCosineMatchesSequentialLR) {
  mdlc::frontend::LRSchedule schedule;
  schedule.stages.push_back(stage(mdlc::frontend::LRStageKind::Warmup, 3));
  schedule.stages.back().startFactor = 0.1;
  schedule.stages.push_back(stage(mdlc::frontend::LRStageKind::Cosine, 8));
  check(schedule, 0.2, 14);
}

} // namespace
