//===- Exprs.cpp - expressions and statements to mdl ops --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Emits the mdl op for each expression of a forward/loss/fn body, using the
// types Sema inferred (every result type comes from Expr::getType()).
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

FailureOr<Value> Generator::emitBody(const FuncDecl &func, Scope &scope) {
  for (const std::unique_ptr<Stmt> &stmt : func.getBody()) {
    if (auto *let = llvm::dyn_cast<LetStmt>(stmt.get())) {
      FailureOr<Value> value = emitExpr(*let->getValue(), scope);
      if (failed(value))
        return failure();
      scope.lets[let] = *value;
      continue;
    }
    return emitExpr(*llvm::cast<ReturnStmt>(stmt.get())->getValue(), scope);
  }
  return emitError(func.getLoc()) << "expected a return statement";
}

/// A call of a layer of the model (`linear(x)`, `conv1(x)`).
static FailureOr<Value> emitLayerCall(Generator &gen, const CallExpr &call,
                                      RankedTensorType resultType,
                                      Value input, Scope &scope) {
  const CallResolution &resolution = call.getResolution();
  const LayerInfo &info = *resolution.layer->getInfo();
  OpBuilder &b = gen.builder;
  auto tensor = [&](size_t i) {
    return i < info.params.size() ? scope.weights.lookup(&info.params[i])
                                  : Value();
  };
  Value weight = tensor(0), bias = tensor(1);
  switch (info.kind) {
  case LayerKind::Linear:
    if (resultType.getRank() != 2)
      return gen.unsupported(call.getLoc(),
                             "`Linear` on an input that is not a matrix");
    return mdl::LinearOp::create(b, call.getLoc(), resultType, input, weight,
                                 bias)
        .getResult();
  case LayerKind::Conv2d: {
    auto pair = [&](StringRef name) {
      int64_t v = info.getInt(name);
      return b.getDenseI64ArrayAttr({v, v});
    };
    return mdl::Conv2DOp::create(b, call.getLoc(), resultType, input, weight,
                                 bias, pair("stride"), pair("padding"),
                                 pair("dilation"))
        .getResult();
  }
  case LayerKind::BatchNorm1d:
  case LayerKind::BatchNorm2d: {
    FloatAttr eps = b.getF64FloatAttr(info.getFloat("eps"));
    if (!scope.training)
      return mdl::BatchNormEvalOp::create(b, call.getLoc(), resultType, input,
                                          weight, bias, tensor(2), tensor(3),
                                          eps)
          .getResult();
    Type statsType = weight.getType();
    auto norm = mdl::BatchNormTrainOp::create(
        b, call.getLoc(), TypeRange{resultType, statsType, statsType}, input,
        weight, bias, eps);
    scope.batchStats.push_back(norm.getMean());
    scope.batchStats.push_back(norm.getVar());
    int64_t perEntry = 1;
    for (int64_t dim : resultType.getShape().drop_front(2))
      perEntry *= dim;
    gen.batchNormCalls.push_back({&info, perEntry});
    return norm.getResult();
  }
  case LayerKind::Dropout: {
    double p = info.getFloat("p");
    if (!scope.training || p == 0.0)
      return input;
    // Each dropout call masks with its own seed: the step's seed plus a
    // multiple of the golden-ratio increment (SplitMix64's own stride).
    Value seed = scope.dropoutSeed;
    if (unsigned k = scope.dropoutCalls++)
      seed = arith::AddIOp::create(
          b, call.getLoc(), seed,
          arith::ConstantIntOp::create(
              b, call.getLoc(), b.getI64Type(),
              static_cast<int64_t>(0x9E3779B97F4A7C15ull * k)));
    return mdl::DropoutOp::create(b, call.getLoc(), resultType, input, seed,
                                  b.getF64FloatAttr(p))
        .getResult();
  }
  }
  llvm_unreachable("unknown layer kind");
}

/// max_pool2d/avg_pool2d with Sema's resolved kernel, stride and padding.
template <typename OpTy>
static Value emitPooling(OpBuilder &b, Location loc,
                         const CallResolution &resolution,
                         RankedTensorType resultType, Value input) {
  auto pair = [&](StringRef name) {
    int64_t v = lookupArg(resolution.attrs, name)->getInt();
    return b.getDenseI64ArrayAttr({v, v});
  };
  return OpTy::create(b, loc, resultType, input, pair("kernel"),
                      pair("stride"), pair("padding"));
}

/// adaptive_avg_pool2d(x, o): PyTorch's windows are [⌊i·H/o⌋, ⌈(i+1)·H/o⌉);
/// when o divides H and W they are the non-overlapping windows of an
/// avg_pool2d with kernel = stride = H/o (o = 1: the mean over H and W).
static FailureOr<Value> emitAdaptiveAvgPool(Generator &gen, Location loc,
                                            RankedTensorType resultType,
                                            Value input) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t o = resultType.getDimSize(2);
  int64_t h = inputType.getDimSize(2), w = inputType.getDimSize(3);
  if (h % o != 0 || w % o != 0)
    return gen.unsupported(loc, "adaptive_avg_pool2d to a size that does not "
                                "divide the input's (" +
                                    std::to_string(h) + "x" +
                                    std::to_string(w) + " to " +
                                    std::to_string(o) + "x" +
                                    std::to_string(o) + ")");
  OpBuilder &b = gen.builder;
  return mdl::AvgPool2DOp::create(b, loc, resultType, input,
                                  b.getDenseI64ArrayAttr({h / o, w / o}),
                                  b.getDenseI64ArrayAttr({h / o, w / o}),
                                  b.getDenseI64ArrayAttr({0, 0}))
      .getResult();
}

/// A call of a built-in function (`mean(x)`, `mse(p, t)`).
static FailureOr<Value> emitBuiltinCall(Generator &gen, const CallExpr &call,
                                        RankedTensorType resultType,
                                        ArrayRef<Value> operands) {
  const CallResolution &resolution = call.getResolution();
  OpBuilder &b = gen.builder;
  Location loc = call.getLoc();
  switch (resolution.builtin) {
  case BuiltinFn::Mean:
  case BuiltinFn::Sum:
  case BuiltinFn::Max: {
    auto inputType = cast<RankedTensorType>(operands[0].getType());
    SmallVector<int64_t> dims;
    if (resolution.axis)
      dims.push_back(*resolution.axis);
    else
      for (int64_t i = 0; i < inputType.getRank(); ++i)
        dims.push_back(i);
    DenseI64ArrayAttr dimsAttr = b.getDenseI64ArrayAttr(dims);
    if (!isa<FloatType>(inputType.getElementType()))
      return gen.unsupported(loc, "reducing an integer tensor");
    if (resolution.builtin == BuiltinFn::Mean)
      return mdl::MeanOp::create(b, loc, resultType, operands[0], dimsAttr)
          .getResult();
    if (resolution.builtin == BuiltinFn::Max)
      return mdl::MaxOp::create(b, loc, resultType, operands[0], dimsAttr)
          .getResult();
    return mdl::SumOp::create(b, loc, resultType, operands[0], dimsAttr)
        .getResult();
  }
  case BuiltinFn::Mse:
    return mdl::MSEOp::create(b, loc, resultType, operands[0], operands[1])
        .getResult();
  case BuiltinFn::Relu:
    return mdl::ReluOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Abs:
    return mdl::AbsOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Exp:
    return mdl::ExpOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Log:
    return mdl::LogOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Tanh:
    return mdl::TanhOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Sigmoid:
    return mdl::SigmoidOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Huber: {
    const Constant *delta = lookupArg(resolution.attrs, "delta");
    return mdl::HuberOp::create(
               b, loc, resultType, operands[0],
               b.getF64FloatAttr(delta ? delta->getFloat() : 1.0))
        .getResult();
  }
  case BuiltinFn::StopGradient:
    return mdl::StopGradientOp::create(b, loc, resultType, operands[0])
        .getResult();
  case BuiltinFn::LeakyRelu: {
    const Constant *slope = lookupArg(resolution.attrs, "slope");
    return mdl::LeakyReluOp::create(
               b, loc, resultType, operands[0],
               b.getF64FloatAttr(slope ? slope->getFloat() : 0.01))
        .getResult();
  }
  case BuiltinFn::Gelu:
    return mdl::GeluOp::create(b, loc, resultType, operands[0]).getResult();
  case BuiltinFn::Pow:
    return mdl::PowOp::create(
               b, loc, resultType, operands[0],
               b.getF64FloatAttr(
                   lookupArg(resolution.attrs, "exponent")->getFloat()))
        .getResult();
  case BuiltinFn::Bce:
    return mdl::BCEWithLogitsOp::create(b, loc, resultType, operands[0],
                                        operands[1])
        .getResult();
  case BuiltinFn::Where:
    return mdl::SelectOp::create(b, loc, resultType, operands[0], operands[1],
                                 operands[2])
        .getResult();
  case BuiltinFn::Softmax:
    return mdl::SoftmaxOp::create(b, loc, resultType, operands[0],
                                  b.getI64IntegerAttr(*resolution.axis))
        .getResult();
  case BuiltinFn::LogSoftmax:
    return mdl::LogSoftmaxOp::create(b, loc, resultType, operands[0],
                                     b.getI64IntegerAttr(*resolution.axis))
        .getResult();
  case BuiltinFn::CrossEntropy: {
    auto labels = cast<RankedTensorType>(operands[1].getType());
    if (!isa<IntegerType>(labels.getElementType()) || labels.getRank() != 1)
      return gen.unsupported(loc, "cross_entropy on targets other than class "
                                  "indices");
    return mdl::CrossEntropyOp::create(b, loc, resultType, operands[0],
                                       operands[1])
        .getResult();
  }
  case BuiltinFn::Gather:
    if (!isa<FloatType>(resultType.getElementType()))
      return gen.unsupported(loc, "gathering from an integer tensor");
    return mdl::GatherOp::create(b, loc, resultType, operands[0], operands[1],
                                 b.getI64IntegerAttr(*resolution.axis))
        .getResult();
  case BuiltinFn::MaxPool2d:
    return emitPooling<mdl::MaxPool2DOp>(b, loc, resolution, resultType,
                                         operands[0]);
  case BuiltinFn::AvgPool2d:
    return emitPooling<mdl::AvgPool2DOp>(b, loc, resolution, resultType,
                                         operands[0]);
  case BuiltinFn::AdaptiveAvgPool2d:
    return emitAdaptiveAvgPool(gen, loc, resultType, operands[0]);
  case BuiltinFn::Flatten:
    // [d0, d1, ..., dn-1] -> [d0, d1 * ... * dn-1] is a row-major reshape.
    return mdl::ReshapeOp::create(b, loc, resultType, operands[0])
        .getResult();
  default:
    return gen.unsupported(loc, "the built-in `" +
                                    getBuiltinFnName(resolution.builtin) +
                                    "`");
  }
}

FailureOr<Value> Generator::emitExpr(const Expr &expr, Scope &scope) {
  Location loc = expr.getLoc();
  const SemaType &type = expr.getType();

  // Constants (literals, folded arithmetic, model int parameters) in
  // tensor positions become splat constants of the type Sema gave them.
  if (expr.getConstant() && type.isTensor()) {
    const Constant &constant = *expr.getConstant();
    if (!constant.isNumeric() || !type.isScalar())
      return unsupported(loc, "this constant");
    FailureOr<RankedTensorType> tensorType = getTensorType(type, loc);
    if (failed(tensorType))
      return failure();
    if (!isa<FloatType>(tensorType->getElementType()))
      return unsupported(loc, "an integer tensor constant");
    return mdl::createSplatConstant(builder, loc, *tensorType,
                                    constant.getFloat());
  }

  if (auto *name = llvm::dyn_cast<NameExpr>(&expr)) {
    const NameResolution &resolution = name->getResolution();
    if (resolution.kind == NameResolution::Kind::Param)
      if (Value value = scope.params.lookup(resolution.param))
        return value;
    if (resolution.kind == NameResolution::Kind::Let)
      if (Value value = scope.lets.lookup(resolution.let))
        return value;
    return emitError(loc) << "'" << name->getName()
                          << "' has no value in this function";
  }

  FailureOr<RankedTensorType> resultType = getTensorType(type, loc);
  if (failed(resultType))
    return failure();

  if (auto *unary = llvm::dyn_cast<UnaryExpr>(&expr)) {
    FailureOr<Value> operand = emitExpr(*unary->getOperand(), scope);
    if (failed(operand))
      return failure();
    return mdl::NegOp::create(builder, loc, *resultType, *operand).getResult();
  }

  if (auto *binary = llvm::dyn_cast<BinaryExpr>(&expr)) {
    FailureOr<Value> lhs = emitExpr(*binary->getLHS(), scope);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = emitExpr(*binary->getRHS(), scope);
    if (failed(rhs))
      return failure();
    if (binary->isComparison()) {
      static const char *const predicates[] = {"lt", "le", "gt",
                                               "ge", "eq", "ne"};
      int index = static_cast<int>(binary->getOp()) -
                  static_cast<int>(BinaryExpr::Op::Lt);
      return mdl::CompareOp::create(builder, loc, *resultType,
                                    builder.getStringAttr(predicates[index]),
                                    *lhs, *rhs)
          .getResult();
    }
    if (!isa<FloatType>(resultType->getElementType()))
      return unsupported(loc, "arithmetic on integer tensors");
    switch (binary->getOp()) {
    case BinaryExpr::Op::Add:
      return mdl::AddOp::create(builder, loc, *resultType, *lhs, *rhs)
          .getResult();
    case BinaryExpr::Op::Sub:
      return mdl::SubOp::create(builder, loc, *resultType, *lhs, *rhs)
          .getResult();
    case BinaryExpr::Op::Mul:
      return mdl::MulOp::create(builder, loc, *resultType, *lhs, *rhs)
          .getResult();
    case BinaryExpr::Op::Div:
      return mdl::DivOp::create(builder, loc, *resultType, *lhs, *rhs)
          .getResult();
    case BinaryExpr::Op::MatMul:
      if (resultType->getRank() != 2)
        return unsupported(loc, "`@` on tensors that are not matrices");
      return mdl::MatmulOp::create(builder, loc, *resultType, *lhs, *rhs)
          .getResult();
    default:
      return unsupported(loc, "the operator `" +
                                  BinaryExpr::getOpSpelling(binary->getOp()) +
                                  "`");
    }
  }

  const auto &call = llvm::cast<CallExpr>(expr);
  const CallResolution &resolution = call.getResolution();
  SmallVector<Value> operands;
  for (Expr *operand : resolution.operands) {
    FailureOr<Value> value = emitExpr(*operand, scope);
    if (failed(value))
      return failure();
    operands.push_back(*value);
  }
  switch (resolution.kind) {
  case CallResolution::Kind::Layer:
    return emitLayerCall(*this, call, *resultType, operands[0], scope);
  case CallResolution::Kind::Builtin:
    return emitBuiltinCall(*this, call, *resultType, operands);
  case CallResolution::Kind::Model: {
    // `q(s)` for a model-typed loss parameter: the model's forward with the
    // parameter set the driver bound to `q`.
    auto it = scope.models.find(resolution.modelParam);
    func::FuncOp forward = forwards.lookup(resolution.model);
    if (it == scope.models.end() || !forward)
      return unsupported(loc, "calling `" + call.getCallee() + "` here");
    SmallVector<Value> args(it->second);
    args.append(operands.begin(), operands.end());
    FunctionType type = forward.getFunctionType();
    if (ValueRange(args).getTypes() != type.getInputs() ||
        type.getResult(0) != *resultType)
      return unsupported(loc, "calling model `" + call.getCallee() +
                                  "` on a batch other than the train "
                                  "block's");
    return func::CallOp::create(builder, loc, forward, args).getResult(0);
  }
  default:
    return unsupported(loc, "calling `" + call.getCallee() + "` here");
  }
}
