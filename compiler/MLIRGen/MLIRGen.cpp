//===- MLIRGen.cpp - checked AST to mdl IR: driver and types ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Picks the program's train block, binds its batch to the symbolic leading
// dimension `B` (`?` when the model allows a run-time batch), and asks each
// part of MLIRGen for its functions (a q_learning block: QLearning.cpp).
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGen.h"
#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "dialects/mdl/IR/MDLDialect.h"
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mdlc;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

Generator::Generator(MLIRContext &context, const Program &program)
    : context(context), program(program), builder(&context) {
  context.loadDialect<mdl::MDLDialect, mdlrt::MDLRTDialect, func::FuncDialect,
                      arith::ArithDialect, math::MathDialect, scf::SCFDialect,
                      tensor::TensorDialect, linalg::LinalgDialect>();
}

LogicalResult Generator::unsupported(Location loc, const Twine &what) {
  return emitError(loc) << what << " is not supported by code generation yet";
}

Location Generator::getOptionLoc(const TrainDecl &train, StringRef name) {
  for (const TrainOption &option : train.getOptions())
    if (option.name == name)
      return option.value ? option.value->getLoc() : loc(option.range);
  return train.getLoc();
}

Type Generator::getElementType(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return builder.getF32Type();
  case DType::F16:
    return builder.getF16Type();
  case DType::BF16:
    return builder.getBF16Type();
  case DType::F64:
    return builder.getF64Type();
  case DType::I32:
    return builder.getI32Type();
  case DType::I64:
    return builder.getI64Type();
  case DType::Bool:
    return builder.getI1Type();
  }
  llvm_unreachable("unknown dtype");
}

FailureOr<RankedTensorType> Generator::getTensorType(const SemaType &type,
                                                     Location loc) {
  if (!type.isTensor())
    return emitError(loc) << "expected a tensor, but got " << type.str();
  if (type.getDType() == DType::F16 || type.getDType() == DType::BF16)
    return unsupported(loc, "a tensor of " + getDTypeName(type.getDType()));
  SmallVector<int64_t> shape;
  for (const Dim &dim : type.getDims()) {
    if (dim.isKnown()) {
      shape.push_back(dim.getSize());
      continue;
    }
    auto it = symbols.find(dim.getSymbol());
    if (it == symbols.end())
      return emitError(loc) << "symbolic dimension '" << dim.getSymbol()
                            << "' is not bound by the train block";
    shape.push_back(it->second);
  }
  return RankedTensorType::get(shape, getElementType(type.getDType()));
}

RankedTensorType Generator::getParamType(const ParamTensor &param) {
  return RankedTensorType::get(param.shape, getElementType(param.dtype));
}

OwningOpRef<ModuleOp> Generator::run() {
  std::vector<TrainDecl *> trains = program.getTrains();
  Location fileLoc = program.getDecls().empty()
                         ? UnknownLoc::get(&context)
                         : program.getDecls().front()->getLoc();
  if (trains.empty()) {
    emitError(fileLoc) << "the program has no train block: nothing to compile";
    return nullptr;
  }
  if (trains.size() > 1) {
    emitError(trains[1]->getLoc())
        << "a program with several train blocks is not supported by code "
           "generation yet";
    return nullptr;
  }
  const TrainDecl &train = *trains.front();
  const TrainConfig &config = *train.getConfig();
  // B is `?`: the run picks it (--batch, a supervised batch or a q_learning
  // replay batch); check-grads keeps the train block's batch.
  dynamicBatch = !forceStaticBatch;
  symbols["B"] = dynamicBatch ? ShapedType::kDynamic : config.batch;

  OwningOpRef<ModuleOp> owned = ModuleOp::create(train.getLoc());
  module = *owned;
  builder.setInsertionPointToEnd(module.getBody());

  if (config.driver == TrainDriver::QLearning) {
    if (failed(emitQLearning(train)) || failed(verify(module)))
      return nullptr;
    return owned;
  }

  FailureOr<func::FuncOp> forward = emitForward(*config.model);
  if (failed(forward))
    return nullptr;
  FailureOr<func::FuncOp> loss = emitLoss(train, *forward);
  if (failed(loss))
    return nullptr;
  // A model with batch norm or dropout trains in train() mode: its own
  // forward and loss; evaluation keeps the eval-mode ones.
  FailureOr<func::FuncOp> trainLoss = loss;
  if (config.model->getInfo().hasTrainMode) {
    FailureOr<func::FuncOp> forwardTrain =
        emitForward(*config.model, /*training=*/true);
    if (failed(forwardTrain))
      return nullptr;
    trainLoss = emitLoss(train, *forwardTrain);
    if (failed(trainLoss))
      return nullptr;
  }
  FailureOr<func::FuncOp> step = emitTrainStep(train, *trainLoss);
  if (failed(step))
    return nullptr;
  if (failed(emitTrainEntry(train, *forward, *loss, *step)))
    return nullptr;
  if (failed(verify(module)))
    return nullptr;
  return owned;
}

OwningOpRef<ModuleOp> mdlc::generateModule(const Program &program,
                                           MLIRContext &context,
                                           bool staticBatch) {
  Generator generator(context, program);
  generator.forceStaticBatch = staticBatch;
  return generator.run();
}
