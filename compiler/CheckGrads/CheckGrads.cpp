//===- CheckGrads.cpp - whole-model gradient check --------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Drives the check: MLIRGen at a small batch, the float64 harness
// (Harness.cpp), the CPU pipeline to the llvm dialect, the JIT, random
// draws per seed, and the comparison (Compare.cpp).
//
//===----------------------------------------------------------------------===//

#include "compiler/CheckGrads/CheckGrads.h"
#include "compiler/CheckGrads/Harness.h"
#include "compiler/Frontend/Sema.h"
#include "compiler/MLIRGen/MLIRGen.h"
#include "compiler/Pipelines/Pipelines.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/TargetSelect.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

using namespace mlir;
using namespace mdlc;
using namespace mdlc::checkgrads;
using namespace mdlc::frontend;

namespace {

/// A dense row-major buffer with its memref descriptor
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
class Buffer {
public:
  explicit Buffer(RankedTensorType type)
      : count(type.getNumElements()),
        elementBytes((type.getElementTypeBitWidth() + 7) / 8),
        storage((count * elementBytes + 7) / 8 + 1),
        descriptor(3 + 2 * type.getRank()) {
    int64_t rank = type.getRank();
    descriptor[0] = descriptor[1] = reinterpret_cast<int64_t>(storage.data());
    descriptor[2] = 0;
    int64_t stride = 1;
    for (int64_t i = rank; i-- > 0;) {
      descriptor[3 + i] = type.getDimSize(i);
      descriptor[3 + rank + i] = stride;
      stride *= type.getDimSize(i);
    }
  }
  MutableArrayRef<double> doubles() {
    return {reinterpret_cast<double *>(storage.data()), size_t(count)};
  }
  /// Stores an integer element of this buffer's width.
  void setInteger(int64_t index, int64_t value) {
    std::memcpy(reinterpret_cast<char *>(storage.data()) +
                    index * elementBytes,
                &value, elementBytes); // little-endian hosts
  }
  int64_t size() const { return count; }
  void *getDescriptor() { return descriptor.data(); }

private:
  int64_t count;
  int64_t elementBytes;
  std::vector<int64_t> storage; // 8-byte aligned
  std::vector<int64_t> descriptor;
};

/// Calls the C-interface entry `name` with `buffers` as memref arguments.
LogicalResult invoke(ExecutionEngine &engine, StringRef name,
                     ArrayRef<Buffer *> buffers, Location loc) {
  SmallVector<void *> descriptors, args;
  for (Buffer *buffer : buffers)
    descriptors.push_back(buffer->getDescriptor());
  for (void *&descriptor : descriptors)
    args.push_back(&descriptor);
  if (llvm::Error error =
          engine.invokePacked(("_mlir_ciface_" + name).str(), args))
    return emitError(loc) << "check-grads: cannot run " << name << ": "
                          << llvm::toString(std::move(error));
  return success();
}

/// MLIRGen's module for `train`, compiled for `batch` samples per step
/// (the train block's own when 0).
OwningOpRef<ModuleOp> generateAtBatch(Program &program, TrainDecl *train,
                                      int64_t batch, MLIRContext &context) {
  if (!train || !train->getConfig() || batch <= 0)
    return generateModule(program, context, /*staticBatch=*/true);
  TrainConfig saved = *train->getConfig();
  TrainConfig small = saved;
  small.batch = batch;
  train->setConfig(std::move(small));
  OwningOpRef<ModuleOp> module =
      generateModule(program, context, /*staticBatch=*/true);
  train->setConfig(std::move(saved));
  return module;
}

/// `count` distinct flat indices below `size` (all of them when fewer).
SmallVector<int64_t> sampleIndices(int64_t size, unsigned count,
                                   std::mt19937_64 &rng) {
  SmallVector<int64_t> all;
  if (size <= static_cast<int64_t>(count)) {
    all.resize(size);
    std::iota(all.begin(), all.end(), 0);
    return all;
  }
  std::uniform_int_distribution<int64_t> pick(0, size - 1);
  llvm::DenseSet<int64_t> seen;
  while (all.size() < count) {
    int64_t index = pick(rng);
    if (seen.insert(index).second)
      all.push_back(index);
  }
  llvm::sort(all);
  return all;
}

/// The number of classes integer targets are drawn from: the model
/// output's last dimension.
int64_t getNumClasses(const TrainConfig &config) {
  const SemaType &out = config.outputType;
  if (out.isTensor() && !out.getDims().empty() &&
      out.getDims().back().isKnown() && out.getDims().back().getSize() > 0)
    return out.getDims().back().getSize();
  return 2;
}

} // namespace

FailureOr<bool> mdlc::checkGradients(Program &program, MLIRContext &context,
                                     const CheckGradsOptions &options,
                                     llvm::raw_ostream &os) {
  std::vector<TrainDecl *> trains = program.getTrains();
  TrainDecl *train = trains.size() == 1 ? trains.front() : nullptr;
  OwningOpRef<ModuleOp> generated =
      generateAtBatch(program, train, options.batch, context);
  if (!generated)
    return failure();
  const TrainConfig &config = *train->getConfig();
  Location loc = generated->getLoc();

  FailureOr<Harness> harness = buildHarness(*generated);
  if (failed(harness))
    return failure();
  ArrayRef<RankedTensorType> argTypes = harness->argTypes;
  ArrayRef<int64_t> wrt = harness->wrt;

  // The differentiated operands are the model's trainable parameters, in
  // order (batch norm's running statistics are buffers: the train-mode loss
  // does not read them).
  SmallVector<const ParamTensor *> params = llvm::filter_to_vector(
      config.model->getInfo().parameters,
      [](const ParamTensor *param) { return param->trainable; });
  if (params.size() != wrt.size())
    return emitError(loc) << "check-grads: the loss is differentiated with "
                             "respect to "
                          << wrt.size() << " operands, but the model has "
                          << params.size() << " parameters";
  SmallVector<ParamStats> stats(params.size());
  for (size_t k = 0; k < params.size(); ++k) {
    stats[k].name = params[k]->name;
    stats[k].shape.assign(params[k]->shape.begin(), params[k]->shape.end());
    if (ArrayRef<int64_t>(stats[k].shape) != argTypes[wrt[k]].getShape())
      return emitError(loc) << "check-grads: parameter '" << params[k]->name
                            << "' does not match loss operand " << wrt[k]
                            << " of type " << argTypes[wrt[k]];
  }
  for (RankedTensorType type : argTypes) {
    Type element = type.getElementType();
    if (!element.isF64() && !element.isSignlessInteger())
      return emitError(loc) << "check-grads: a loss operand of type " << type
                            << " is not supported";
  }

  PassManager pm(&context);
  if (failed(buildPipeline(pm, PipelineOptions(), Phase::MDL,
                           Phase::LLVMMLIR)) ||
      failed(pm.run(harness->module.get())))
    return emitError(loc) << "check-grads: lowering the float64 loss failed";

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = makeOptimizingTransformer(3, 0, nullptr);
  auto engine = ExecutionEngine::create(*harness->module, engineOptions);
  if (!engine)
    return emitError(loc) << "check-grads: cannot JIT-compile the harness: "
                          << llvm::toString(engine.takeError());

  SmallVector<Buffer> args;
  for (RankedTensorType type : argTypes)
    args.emplace_back(type);
  auto scalar = RankedTensorType::get({}, Float64Type::get(&context));
  Buffer out(scalar);
  SmallVector<Buffer> grads;
  for (int64_t index : wrt)
    grads.emplace_back(argTypes[index]);
  SmallVector<Buffer *> valueArgs, gradArgs;
  for (Buffer &arg : args) {
    valueArgs.push_back(&arg);
    gradArgs.push_back(&arg);
  }
  valueArgs.push_back(&out);
  gradArgs.push_back(&out);
  for (Buffer &grad : grads)
    gradArgs.push_back(&grad);

  bool qlearning = config.driver == TrainDriver::QLearning;
  size_t numModelTensors = config.model->getInfo().parameters.size();
  if (qlearning && args.size() != 2 * numModelTensors + 5)
    return emitError(loc) << "check-grads: expected the q_learning loss to "
                             "take two parameter sets and s, a, r, s2, done, "
                             "but it takes "
                          << args.size() << " operands";

  int64_t numClasses = getNumClasses(config);
  bool failedToRun = false;
  auto value = [&]() -> double {
    if (failed(invoke(**engine, kValueEntry, valueArgs, loc)))
      failedToRun = true;
    return out.doubles()[0];
  };

  for (unsigned seed = 0; seed < options.seeds; ++seed) {
    std::mt19937_64 rng(seed + 1);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_int_distribution<int64_t> label(0, numClasses - 1);
    // Parameters as PyTorch initialises them (uniform within 1/sqrt(fan_in));
    // zero-initialised ones get the same spread so they are not all zero.
    for (size_t k = 0; k < params.size(); ++k) {
      double bound = params[k]->bound > 0 ? params[k]->bound : 0.5;
      std::uniform_real_distribution<double> uniform(-bound, bound);
      for (double &x : args[wrt[k]].doubles())
        x = uniform(rng);
    }
    // Inputs and float targets ~ N(0, 1); integer targets are class indices.
    for (size_t i = 0; i < args.size(); ++i) {
      if (llvm::is_contained(wrt, int64_t(i)))
        continue;
      if (argTypes[i].getElementType().isF64()) {
        for (double &x : args[i].doubles())
          x = normal(rng);
        continue;
      }
      for (int64_t j = 0; j < args[i].size(); ++j)
        args[i].setInteger(j, label(rng));
    }
    // q_learning's loss (QLearning.cpp) takes the online parameters, the
    // target parameters, then s, a, r, s2, done: a target network drawn as
    // the online one is, held constant, and terminal flags of 0 or 1.
    if (qlearning) {
      const std::vector<const ParamTensor *> &all =
          config.model->getInfo().parameters;
      for (size_t k = 0; k < all.size(); ++k) {
        double bound = all[k]->bound > 0 ? all[k]->bound : 0.5;
        std::uniform_real_distribution<double> uniform(-bound, bound);
        for (double &x : args[numModelTensors + k].doubles())
          x = uniform(rng);
      }
      std::bernoulli_distribution terminal(0.5);
      for (double &x : args.back().doubles())
        x = terminal(rng) ? 1.0 : 0.0;
    }

    if (failed(invoke(**engine, kGradEntry, gradArgs, loc)))
      return failure();
    double loss = out.doubles()[0];
    for (size_t k = 0; k < params.size(); ++k) {
      SmallVector<int64_t> indices =
          sampleIndices(args[wrt[k]].size(), options.samples, rng);
      checkElements(value, args[wrt[k]].doubles(), grads[k].doubles(),
                    indices, loss, seed, options.compare, stats[k]);
      if (failedToRun)
        return failure();
    }
  }

  os << "check-grads: " << config.model->getName() << " with loss "
     << (config.userLoss ? config.userLoss->getName()
                         : getLossKindName(config.loss))
     << ", float64, batch "
     << (options.batch > 0 ? options.batch : config.batch) << ", " << options.seeds
     << " seeds, up to " << options.samples
     << " elements per parameter and seed\n";
  os << "relative error |a - n| / max(|a|, |n|, "
     << llvm::format("%g", options.compare.floor)
     << " * max(1, |loss|)) of analytic a and central difference n (step "
     << llvm::format("%g", options.compare.step) << ")\n";
  bool pass = printTable(stats, options.compare, os);
  os << (pass ? "PASS: every" : "FAIL: not every")
     << " parameter's worst relative error is at most "
     << llvm::format("%g", options.compare.tolerance) << "\n";
  return pass;
}
