//===- Sema.cpp - names, dtypes and shapes of MDL programs ----------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements checkProgram(). In order:
//   1. top-level names (unique; built-in names reserved);
//   2. model parameter types and model instantiation (defaults, or the
//      arguments of the train block that instantiates the model);
//   3. datasets and environments (built-in constructors, named arguments);
//   4. models: layers (kind, evaluated arguments, parameter tensors);
//      signatures of every forward, loss and fn;
//   5. bodies: every expression gets a SemaType; calls are resolved and
//      bound; broadcasting, matmul, layer and built-in shape rules; the
//      returned type must match the declared one. Bodies are checked on
//      demand, so a recursive call is found where it is written;
//   6. train blocks: options, optimizer, loss, and the shapes that flow from
//      the dataset (or environment) through the model into the loss.
// Errors are reported once per declaration (an invalid type propagates
// silently), so one mistake yields one diagnostic; independent declarations
// report independent errors. Errors about an expression carry its range
// (rangeLoc), a misspelled name gets a "did you mean" note with a fix-it,
// and a layer whose input has the wrong size gets notes naming the call that
// produced that size and the declaration that would accept it.
//   7. warnings: layers never called in forward, parameters of forward,
//      loss and fn never used (names starting with '_' are exempt).
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/Diagnostics.h"
#include "compiler/Frontend/Frontend.h"
#include "compiler/Frontend/Sema.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mdlc::frontend;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Names of resolved kinds
//===----------------------------------------------------------------------===//

const Constant *mdlc::frontend::lookupArg(llvm::ArrayRef<NamedConstant> args,
                                          StringRef name) {
  for (const NamedConstant &arg : args)
    if (arg.name == name)
      return &arg.value;
  return nullptr;
}

StringRef mdlc::frontend::getLayerKindName(LayerKind kind) {
  switch (kind) {
  case LayerKind::Linear:
    return "Linear";
  case LayerKind::Conv2d:
    return "Conv2d";
  case LayerKind::BatchNorm1d:
    return "BatchNorm1d";
  case LayerKind::BatchNorm2d:
    return "BatchNorm2d";
  case LayerKind::Dropout:
    return "Dropout";
  }
  llvm_unreachable("unknown layer kind");
}

StringRef mdlc::frontend::getInitKindName(InitKind kind) {
  switch (kind) {
  case InitKind::Uniform:
    return "uniform";
  case InitKind::Zeros:
    return "zeros";
  case InitKind::Ones:
    return "ones";
  }
  llvm_unreachable("unknown init kind");
}

int64_t ParamTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t LayerInfo::getInt(StringRef name) const {
  const Constant *c = lookupArg(args, name);
  return c ? c->getInt() : 0;
}

double LayerInfo::getFloat(StringRef name) const {
  const Constant *c = lookupArg(args, name);
  return c ? c->getFloat() : 0.0;
}

bool LayerInfo::getBool(StringRef name) const {
  const Constant *c = lookupArg(args, name);
  return c && c->getBool();
}

StringRef mdlc::frontend::getBuiltinFnName(BuiltinFn fn) {
  switch (fn) {
  case BuiltinFn::Relu:
    return "relu";
  case BuiltinFn::Abs:
    return "abs";
  case BuiltinFn::Exp:
    return "exp";
  case BuiltinFn::Log:
    return "log";
  case BuiltinFn::Tanh:
    return "tanh";
  case BuiltinFn::Sigmoid:
    return "sigmoid";
  case BuiltinFn::LeakyRelu:
    return "leaky_relu";
  case BuiltinFn::Gelu:
    return "gelu";
  case BuiltinFn::Pow:
    return "pow";
  case BuiltinFn::StopGradient:
    return "stop_gradient";
  case BuiltinFn::Huber:
    return "huber";
  case BuiltinFn::Softmax:
    return "softmax";
  case BuiltinFn::LogSoftmax:
    return "log_softmax";
  case BuiltinFn::Flatten:
    return "flatten";
  case BuiltinFn::Mean:
    return "mean";
  case BuiltinFn::Sum:
    return "sum";
  case BuiltinFn::Max:
    return "max";
  case BuiltinFn::Gather:
    return "gather";
  case BuiltinFn::Where:
    return "where";
  case BuiltinFn::AdaptiveAvgPool2d:
    return "adaptive_avg_pool2d";
  case BuiltinFn::MaxPool2d:
    return "max_pool2d";
  case BuiltinFn::AvgPool2d:
    return "avg_pool2d";
  case BuiltinFn::Mse:
    return "mse";
  case BuiltinFn::CrossEntropy:
    return "cross_entropy";
  case BuiltinFn::Bce:
    return "bce";
  }
  llvm_unreachable("unknown builtin");
}

StringRef mdlc::frontend::getDatasetKindName(DatasetKind kind) {
  switch (kind) {
  case DatasetKind::SyntheticLinear:
    return "synthetic_linear";
  case DatasetKind::Idx:
    return "idx";
  case DatasetKind::Csv:
    return "csv";
  case DatasetKind::Npy:
    return "npy";
  }
  llvm_unreachable("unknown dataset kind");
}

const Constant &DatasetInfo::get(StringRef name) const {
  const Constant *c = lookupArg(args, name);
  assert(c && "unknown dataset argument");
  return *c;
}

StringRef mdlc::frontend::getEnvKindName(EnvKind kind) {
  switch (kind) {
  case EnvKind::CartPole:
    return "CartPole";
  }
  llvm_unreachable("unknown environment kind");
}

StringRef mdlc::frontend::getTrainDriverName(TrainDriver driver) {
  switch (driver) {
  case TrainDriver::Supervised:
    return "supervised";
  case TrainDriver::QLearning:
    return "q_learning";
  }
  llvm_unreachable("unknown driver");
}

StringRef mdlc::frontend::getLossKindName(LossKind kind) {
  switch (kind) {
  case LossKind::MSE:
    return "mse";
  case LossKind::CrossEntropy:
    return "cross_entropy";
  case LossKind::Huber:
    return "huber";
  case LossKind::BCE:
    return "bce";
  case LossKind::User:
    return "user";
  }
  llvm_unreachable("unknown loss kind");
}

StringRef mdlc::frontend::getOptimizerKindName(OptimizerKind kind) {
  switch (kind) {
  case OptimizerKind::SGD:
    return "sgd";
  case OptimizerKind::Adam:
    return "adam";
  }
  llvm_unreachable("unknown optimizer kind");
}

StringRef mdlc::frontend::getLRStageKindName(LRStageKind kind) {
  switch (kind) {
  case LRStageKind::Step:
    return "step";
  case LRStageKind::Cosine:
    return "cosine";
  case LRStageKind::Warmup:
    return "warmup";
  }
  llvm_unreachable("unknown learning-rate stage kind");
}

StringRef mdlc::frontend::getMetricName(Metric metric) {
  switch (metric) {
  case Metric::Accuracy:
    return "accuracy";
  case Metric::Loss:
    return "loss";
  }
  llvm_unreachable("unknown metric");
}

StringRef mdlc::frontend::getLossParamRoleName(LossParamRole role) {
  switch (role) {
  case LossParamRole::Prediction:
    return "prediction";
  case LossParamRole::Target:
    return "target";
  case LossParamRole::OnlineModel:
    return "online-model";
  case LossParamRole::TargetModel:
    return "target-model";
  case LossParamRole::State:
    return "state";
  case LossParamRole::Action:
    return "action";
  case LossParamRole::Reward:
    return "reward";
  case LossParamRole::NextState:
    return "next-state";
  case LossParamRole::Done:
    return "done";
  case LossParamRole::Option:
    return "option";
  }
  llvm_unreachable("unknown role");
}

//===----------------------------------------------------------------------===//
// Streaming frontend values into diagnostics
//===----------------------------------------------------------------------===//

namespace mdlc::frontend {
template <typename T>
static std::string toString(const T &value) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << value;
  return s;
}
#define MDLC_DIAG_STREAM(TYPE)                                                 \
  [[maybe_unused]] static mlir::InFlightDiagnostic &operator<<(                \
      mlir::InFlightDiagnostic &d, const TYPE &v) {                            \
    d << toString(v);                                                          \
    return d;                                                                  \
  }                                                                            \
  [[maybe_unused]] static mlir::InFlightDiagnostic &&operator<<(               \
      mlir::InFlightDiagnostic &&d, const TYPE &v) {                           \
    d << toString(v);                                                          \
    return std::move(d);                                                       \
  }                                                                            \
  [[maybe_unused]] static mlir::Diagnostic &operator<<(mlir::Diagnostic &d,    \
                                                       const TYPE &v) {        \
    d << toString(v);                                                          \
    return d;                                                                  \
  }
MDLC_DIAG_STREAM(SemaType)
MDLC_DIAG_STREAM(Constant)
MDLC_DIAG_STREAM(Dim)
#undef MDLC_DIAG_STREAM
} // namespace mdlc::frontend

namespace {

//===----------------------------------------------------------------------===//
// Argument specifications
//===----------------------------------------------------------------------===//

/// What an argument slot accepts.
enum class ArgKind { Tensor, Int, Float, Bool, String };

StringRef getArgKindName(ArgKind kind) {
  switch (kind) {
  case ArgKind::Tensor:
    return "tensor";
  case ArgKind::Int:
    return "int";
  case ArgKind::Float:
    return "float";
  case ArgKind::Bool:
    return "bool";
  case ArgKind::String:
    return "string";
  }
  llvm_unreachable("unknown arg kind");
}

/// One parameter of a built-in constructor or function.
struct ArgSpec {
  StringRef name;
  ArgKind kind;
  /// The default; std::nullopt for a required argument unless `optional`.
  std::optional<Constant> defaultValue;
  /// An argument that may be left out without a default (`axis` of mean).
  bool optional = false;
};

ArgSpec required(StringRef name, ArgKind kind) { return {name, kind, {}}; }
ArgSpec withDefault(StringRef name, ArgKind kind, Constant value) {
  return {name, kind, value};
}
ArgSpec optionalArg(StringRef name, ArgKind kind) {
  return {name, kind, {}, true};
}

/// Built-in layers.
struct LayerSpec {
  StringRef name;
  LayerKind kind;
  std::vector<ArgSpec> args;
};

const std::vector<LayerSpec> &layerSpecs() {
  static const std::vector<LayerSpec> specs = {
      {"Linear",
       LayerKind::Linear,
       {required("in_features", ArgKind::Int),
        required("out_features", ArgKind::Int),
        withDefault("bias", ArgKind::Bool, Constant::ofBool(true))}},
      {"Conv2d",
       LayerKind::Conv2d,
       {required("in_channels", ArgKind::Int),
        required("out_channels", ArgKind::Int),
        required("kernel", ArgKind::Int),
        withDefault("stride", ArgKind::Int, Constant::ofInt(1)),
        withDefault("padding", ArgKind::Int, Constant::ofInt(0)),
        withDefault("dilation", ArgKind::Int, Constant::ofInt(1)),
        withDefault("bias", ArgKind::Bool, Constant::ofBool(true))}},
      {"BatchNorm1d",
       LayerKind::BatchNorm1d,
       {required("num_features", ArgKind::Int),
        withDefault("eps", ArgKind::Float, Constant::ofFloat(1e-5)),
        withDefault("momentum", ArgKind::Float, Constant::ofFloat(0.1))}},
      {"BatchNorm2d",
       LayerKind::BatchNorm2d,
       {required("num_features", ArgKind::Int),
        withDefault("eps", ArgKind::Float, Constant::ofFloat(1e-5)),
        withDefault("momentum", ArgKind::Float, Constant::ofFloat(0.1))}},
      {"Dropout",
       LayerKind::Dropout,
       {withDefault("p", ArgKind::Float, Constant::ofFloat(0.5))}},
  };
  return specs;
}

/// Built-in functions.
struct BuiltinSpec {
  StringRef name;
  BuiltinFn fn;
  std::vector<ArgSpec> args;
};

const std::vector<BuiltinSpec> &builtinSpecs() {
  auto x = [] { return required("x", ArgKind::Tensor); };
  static const std::vector<BuiltinSpec> specs = {
      {"relu", BuiltinFn::Relu, {x()}},
      {"abs", BuiltinFn::Abs, {x()}},
      {"exp", BuiltinFn::Exp, {x()}},
      {"log", BuiltinFn::Log, {x()}},
      {"tanh", BuiltinFn::Tanh, {x()}},
      {"sigmoid", BuiltinFn::Sigmoid, {x()}},
      {"stop_gradient", BuiltinFn::StopGradient, {x()}},
      {"leaky_relu",
       BuiltinFn::LeakyRelu,
       {x(), withDefault("slope", ArgKind::Float, Constant::ofFloat(0.01))}},
      {"gelu", BuiltinFn::Gelu, {x()}},
      {"pow", BuiltinFn::Pow, {x(), required("exponent", ArgKind::Float)}},
      {"huber",
       BuiltinFn::Huber,
       {x(), withDefault("delta", ArgKind::Float, Constant::ofFloat(1.0))}},
      {"softmax",
       BuiltinFn::Softmax,
       {x(), withDefault("axis", ArgKind::Int, Constant::ofInt(-1))}},
      {"log_softmax",
       BuiltinFn::LogSoftmax,
       {x(), withDefault("axis", ArgKind::Int, Constant::ofInt(-1))}},
      {"flatten", BuiltinFn::Flatten, {x()}},
      {"mean", BuiltinFn::Mean, {x(), optionalArg("axis", ArgKind::Int)}},
      {"sum", BuiltinFn::Sum, {x(), optionalArg("axis", ArgKind::Int)}},
      {"max", BuiltinFn::Max, {x(), optionalArg("axis", ArgKind::Int)}},
      {"gather",
       BuiltinFn::Gather,
       {x(), required("index", ArgKind::Tensor),
        required("axis", ArgKind::Int)}},
      {"where",
       BuiltinFn::Where,
       {required("cond", ArgKind::Tensor), required("a", ArgKind::Tensor),
        required("b", ArgKind::Tensor)}},
      {"adaptive_avg_pool2d",
       BuiltinFn::AdaptiveAvgPool2d,
       {x(), required("output_size", ArgKind::Int)}},
      // PyTorch's F.max_pool2d/F.avg_pool2d: stride defaults to the kernel.
      {"max_pool2d",
       BuiltinFn::MaxPool2d,
       {x(), required("kernel", ArgKind::Int),
        optionalArg("stride", ArgKind::Int),
        withDefault("padding", ArgKind::Int, Constant::ofInt(0))}},
      {"avg_pool2d",
       BuiltinFn::AvgPool2d,
       {x(), required("kernel", ArgKind::Int),
        optionalArg("stride", ArgKind::Int),
        withDefault("padding", ArgKind::Int, Constant::ofInt(0))}},
      {"mse",
       BuiltinFn::Mse,
       {required("pred", ArgKind::Tensor), required("target", ArgKind::Tensor)}},
      {"bce",
       BuiltinFn::Bce,
       {required("pred", ArgKind::Tensor), required("target", ArgKind::Tensor)}},
      {"cross_entropy",
       BuiltinFn::CrossEntropy,
       {required("logits", ArgKind::Tensor),
        required("target", ArgKind::Tensor)}},
  };
  return specs;
}

const BuiltinSpec *lookupBuiltin(StringRef name) {
  for (const BuiltinSpec &spec : builtinSpecs())
    if (spec.name == name)
      return &spec;
  return nullptr;
}

/// Built-in names a program may not redefine.
bool isReservedName(StringRef name) {
  return lookupBuiltin(name) != nullptr || name == "huber" || name == "mse" ||
         name == "cross_entropy" || name == "bce";
}

struct DatasetSpec {
  StringRef name;
  DatasetKind kind;
  std::vector<ArgSpec> args;
};

const std::vector<DatasetSpec> &datasetSpecs() {
  static const std::vector<DatasetSpec> specs = {
      {"synthetic_linear",
       DatasetKind::SyntheticLinear,
       {required("samples", ArgKind::Int), required("features", ArgKind::Int),
        withDefault("noise", ArgKind::Float, Constant::ofFloat(0.0)),
        withDefault("seed", ArgKind::Int, Constant::ofInt(0))}},
      {"idx",
       DatasetKind::Idx,
       {required("images", ArgKind::String), required("labels", ArgKind::String),
        withDefault("scale", ArgKind::Float, Constant::ofFloat(1.0))}},
      {"csv",
       DatasetKind::Csv,
       {required("path", ArgKind::String), required("features", ArgKind::String),
        optionalArg("label", ArgKind::String),
        optionalArg("target", ArgKind::String)}},
      {"npy",
       DatasetKind::Npy,
       {required("inputs", ArgKind::String),
        optionalArg("labels", ArgKind::String),
        optionalArg("targets", ArgKind::String),
        optionalArg("features", ArgKind::Int),
        optionalArg("channels", ArgKind::Int),
        optionalArg("height", ArgKind::Int), optionalArg("width", ArgKind::Int),
        withDefault("outputs", ArgKind::Int, Constant::ofInt(1))}},
  };
  return specs;
}

const std::vector<ArgSpec> &cartPoleSpec() {
  static const std::vector<ArgSpec> spec = {
      withDefault("max_steps", ArgKind::Int, Constant::ofInt(500))};
  return spec;
}

// Optimizer arguments and defaults are PyTorch's (torch.optim.SGD, Adam,
// AdamW); betas are two arguments, beta1 and beta2.
const std::vector<ArgSpec> &sgdSpec() {
  static const std::vector<ArgSpec> spec = {
      withDefault("lr", ArgKind::Float, Constant::ofFloat(1e-3)),
      withDefault("momentum", ArgKind::Float, Constant::ofFloat(0.0)),
      withDefault("dampening", ArgKind::Float, Constant::ofFloat(0.0)),
      withDefault("weight_decay", ArgKind::Float, Constant::ofFloat(0.0)),
      withDefault("nesterov", ArgKind::Bool, Constant::ofBool(false))};
  return spec;
}

std::vector<ArgSpec> makeAdamSpec(double weightDecay) {
  return {withDefault("lr", ArgKind::Float, Constant::ofFloat(1e-3)),
          withDefault("beta1", ArgKind::Float, Constant::ofFloat(0.9)),
          withDefault("beta2", ArgKind::Float, Constant::ofFloat(0.999)),
          withDefault("eps", ArgKind::Float, Constant::ofFloat(1e-8)),
          withDefault("weight_decay", ArgKind::Float,
                      Constant::ofFloat(weightDecay))};
}

const std::vector<ArgSpec> &adamSpec() {
  static const std::vector<ArgSpec> spec = makeAdamSpec(0.0);
  return spec;
}

const std::vector<ArgSpec> &adamwSpec() {
  static const std::vector<ArgSpec> spec = makeAdamSpec(0.01);
  return spec;
}

/// Learning-rate schedule stages (`lr_schedule = ...`); lengths count
/// optimizer steps.
struct LRStageSpec {
  StringRef name;
  LRStageKind kind;
  std::vector<ArgSpec> args;
};

const std::vector<LRStageSpec> &lrStageSpecs() {
  static const std::vector<LRStageSpec> specs = {
      {"step",
       LRStageKind::Step,
       {required("every", ArgKind::Int),
        withDefault("gamma", ArgKind::Float, Constant::ofFloat(0.1))}},
      {"cosine",
       LRStageKind::Cosine,
       {required("steps", ArgKind::Int),
        withDefault("min_lr", ArgKind::Float, Constant::ofFloat(0.0))}},
      {"warmup",
       LRStageKind::Warmup,
       {required("steps", ArgKind::Int),
        withDefault("start_factor", ArgKind::Float,
                    Constant::ofFloat(1.0 / 3.0))}},
  };
  return specs;
}

const std::vector<ArgSpec> &linearScheduleSpec() {
  static const std::vector<ArgSpec> spec = {required("from", ArgKind::Float),
                                            required("to", ArgKind::Float),
                                            required("steps", ArgKind::Int)};
  return spec;
}

/// Train options: which drivers accept them and which clauses they take.
struct OptionSpec {
  StringRef name;
  bool supervised;
  bool qlearning;
  bool allowsEvery;
  bool allowsMetrics;
};

const std::vector<OptionSpec> &optionSpecs() {
  static const std::vector<OptionSpec> specs = {
      {"loss", true, true, false, false},
      {"optimizer", true, true, false, false},
      {"batch", true, true, false, false},
      {"epochs", true, false, false, false},
      {"steps", true, true, false, false},
      {"shuffle", true, false, false, false},
      {"seed", true, true, false, false},
      {"eval", true, false, true, true},
      {"checkpoint", true, true, true, false},
      {"parallel", true, true, false, false},
      {"clip_grad_norm", true, true, false, false},
      {"lr_schedule", true, true, false, false},
      {"gamma", false, true, false, false},
      {"epsilon", false, true, false, false},
      {"replay", false, true, false, false},
      {"warmup", false, true, false, false},
      {"target_sync", false, true, false, false},
  };
  return specs;
}

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

using Dims = llvm::SmallVector<Dim, 4>;

/// Numpy broadcasting of two shapes; std::nullopt when they do not broadcast.
/// A symbolic dim broadcasts with itself and with 1 only.
std::optional<Dims> broadcastDims(llvm::ArrayRef<Dim> a,
                                  llvm::ArrayRef<Dim> b) {
  size_t rank = std::max(a.size(), b.size());
  Dims out(rank);
  for (size_t i = 0; i < rank; ++i) {
    Dim da = i < a.size() ? a[a.size() - 1 - i] : Dim::known(1);
    Dim db = i < b.size() ? b[b.size() - 1 - i] : Dim::known(1);
    Dim r;
    if (da == db)
      r = da;
    else if (da.isKnown() && da.getSize() == 1)
      r = db;
    else if (db.isKnown() && db.getSize() == 1)
      r = da;
    else
      return std::nullopt;
    out[rank - 1 - i] = r;
  }
  return out;
}

/// Symbol bindings of one call or train check: callee symbol -> dim.
using Bindings = llvm::SmallVector<std::pair<StringRef, Dim>, 2>;

const Dim *lookupBinding(const Bindings &bindings, StringRef symbol) {
  for (const auto &b : bindings)
    if (b.first == symbol)
      return &b.second;
  return nullptr;
}

/// Unifies a declared shape (whose symbols are to be bound) with an actual
/// shape. Known dims must be equal; a symbol binds to the actual dim the
/// first time and must match it afterwards.
bool unifyDims(llvm::ArrayRef<Dim> pattern, llvm::ArrayRef<Dim> actual,
               Bindings &bindings) {
  if (pattern.size() != actual.size())
    return false;
  Bindings local = bindings;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const Dim &p = pattern[i];
    const Dim &a = actual[i];
    if (p.isKnown()) {
      if (p != a)
        return false;
      continue;
    }
    if (const Dim *bound = lookupBinding(local, p.getSymbol())) {
      if (*bound != a)
        return false;
      continue;
    }
    local.emplace_back(p.getSymbol(), a);
  }
  bindings = std::move(local);
  return true;
}

/// The declared shape with bound symbols replaced.
Dims substituteDims(llvm::ArrayRef<Dim> dims, const Bindings &bindings) {
  Dims out;
  for (const Dim &d : dims) {
    const Dim *bound =
        d.isSymbolic() ? lookupBinding(bindings, d.getSymbol()) : nullptr;
    out.push_back(bound ? *bound : d);
  }
  return out;
}

SemaType substituteType(const SemaType &type, const Bindings &bindings) {
  if (!type.isTensor())
    return type;
  return type.withDims(substituteDims(type.getDims(), bindings));
}

/// `type` with a symbolic batch dim `B` in front.
SemaType batched(const SemaType &type) {
  Dims dims;
  dims.push_back(Dim::symbolic("B"));
  dims.append(type.getDims().begin(), type.getDims().end());
  return type.withDims(dims);
}

std::string describeConstant(const Constant &c) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << c.getType() << " " << c;
  return s;
}

/// The edit distance between `a` and `b` counting insertions, deletions,
/// replacements and swaps of neighbours (optimal string alignment), or
/// `limit + 1` when it is larger than `limit`.
unsigned editDistance(StringRef a, StringRef b, unsigned limit) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit)
    return limit + 1;
  // Three rows of the dynamic programme: i-2, i-1, i.
  std::vector<unsigned> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j)
    prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    unsigned rowMin = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      rowMin = std::min(rowMin, cur[j]);
    }
    if (rowMin > limit)
      return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

/// The candidate `name` is most likely a misspelling of: the one at the
/// smallest edit distance (editDistance), ignoring case, if that is at most
/// a third of the name's length (at least 1, so `relu` for `rlu`; names of
/// one or two characters only match up to case).
std::optional<StringRef> closestMatch(StringRef name,
                                      llvm::ArrayRef<StringRef> candidates) {
  unsigned limit =
      name.size() < 3 ? 0 : std::max<unsigned>(1, (name.size() + 1) / 3);
  std::optional<StringRef> best;
  unsigned bestDistance = limit + 1;
  std::string lower = name.lower();
  for (StringRef candidate : candidates) {
    if (candidate.empty() || candidate == name)
      continue;
    unsigned d = editDistance(lower, candidate.lower(), limit);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

//===----------------------------------------------------------------------===//
// Sema
//===----------------------------------------------------------------------===//

/// A name visible in a body.
struct LocalBinding {
  ParamDecl *param = nullptr;
  LetStmt *let = nullptr;
  SemaType type;
  std::optional<Constant> constant; ///< lets of weak constants
  SourceRange range;
};

/// The names of one forward/loss/fn body.
struct Scope {
  FuncDecl *func = nullptr;
  ModelDecl *model = nullptr; ///< forward bodies
  llvm::StringMap<LocalBinding> locals;
};

class Sema {
public:
  Sema(Program &program, mlir::MLIRContext &context)
      : program(program), context(context) {}

  mlir::LogicalResult run();

private:
  //===--- Diagnostics ---------------------------------------------------===//

  mlir::InFlightDiagnostic error(const SourceRange &range) {
    ++numErrors;
    return mlir::emitError(rangeLoc(range));
  }
  /// An error at the operator of `binary`, underlining both operands.
  mlir::InFlightDiagnostic error(BinaryExpr *binary) {
    ++numErrors;
    return mlir::emitError(
        rangeLoc(binary->getOpRange(), {binary->getLHS()->getRange(),
                                        binary->getRHS()->getRange()}));
  }
  mlir::InFlightDiagnostic warning(const SourceRange &range) {
    return mlir::emitWarning(rangeLoc(range));
  }
  /// Attaches "did you mean 'x'?" (with a fix-it replacing `range`) when
  /// one of `candidates` is a likely correct spelling of `name`.
  void suggest(mlir::InFlightDiagnostic &diag, StringRef name,
               const SourceRange &range, llvm::ArrayRef<StringRef> candidates) {
    if (std::optional<StringRef> match = closestMatch(name, candidates))
      diag.attachNote(fixItLoc(range, *match))
          << "did you mean '" << *match << "'?";
  }
  /// Names of the top-level declarations of one kind.
  template <typename DeclT>
  llvm::SmallVector<StringRef> globalNames() const {
    llvm::SmallVector<StringRef> names;
    for (const auto &decl : program.getDecls())
      if (llvm::isa<DeclT>(decl.get()) && !decl->getName().empty())
        names.push_back(decl->getName());
    return names;
  }
  /// Names a body can use as values, or (`calls`) call.
  llvm::SmallVector<StringRef> scopeNames(const Scope &scope, bool calls) const;
  /// Explains a layer input of the wrong size: a note at the call that gave
  /// the input that size (looking through size-preserving calls and lets),
  /// and a fix-it note declaring the layer for the input it got.
  void explainLayerInput(mlir::InFlightDiagnostic &diag, LayerDecl *layer,
                         Expr *input, StringRef sizeArg, int64_t got);
  void warnUnused();

  //===--- Top level -----------------------------------------------------===//

  void collectNames();
  void resolveModelParams(ModelDecl *model);
  void collectInstantiations();
  bool checkDataset(DatasetDecl *dataset);
  bool checkEnvironment(EnvironmentDecl *env);
  bool checkModel(ModelDecl *model);
  bool checkLayer(ModelDecl *model, LayerDecl *layer);
  bool checkSignature(FuncDecl *func, ModelDecl *model);
  bool checkBody(FuncDecl *func);
  bool checkBodyImpl(FuncDecl *func);
  bool checkTrain(TrainDecl *train);

  //===--- Arguments and constants ---------------------------------------===//

  std::optional<llvm::SmallVector<const Arg *, 6>>
  bindArgs(StringRef what, const SourceRange &whatRange,
           llvm::ArrayRef<ArgSpec> specs, llvm::ArrayRef<Arg> args);
  std::optional<llvm::SmallVector<NamedConstant, 6>>
  evalArgs(StringRef what, const SourceRange &whatRange,
           llvm::ArrayRef<ArgSpec> specs, llvm::ArrayRef<Arg> args,
           ModelDecl *model);
  std::optional<Constant> evalConst(Expr *expr, ModelDecl *model);
  std::optional<Constant> checkConstKind(const Constant &value, ArgKind kind,
                                         const SourceRange &range,
                                         llvm::function_ref<void(
                                             mlir::InFlightDiagnostic &)>
                                             describe);
  std::optional<Constant> foldUnary(const Constant &operand,
                                    const SourceRange &range);
  std::optional<Constant> foldBinary(BinaryExpr::Op op, const Constant &lhs,
                                     const Constant &rhs,
                                     const SourceRange &opRange);
  std::optional<int64_t> checkedMul(int64_t a, int64_t b,
                                    const SourceRange &range, StringRef what);
  std::optional<int64_t> checkedAdd(int64_t a, int64_t b,
                                    const SourceRange &range, StringRef what);

  //===--- Types ---------------------------------------------------------===//

  enum class TypeUse { ModelParam, FuncParam, Return, Let };
  std::optional<SemaType> resolveType(TypeExpr *type, ModelDecl *model,
                                      TypeUse use);
  std::optional<Dim> resolveDim(Expr *dim, ModelDecl *model);

  //===--- Expressions ---------------------------------------------------===//

  SemaType checkExpr(Expr *expr, Scope &scope);
  SemaType checkName(NameExpr *name, Scope &scope);
  SemaType checkUnary(UnaryExpr *unary, Scope &scope);
  SemaType checkBinary(BinaryExpr *binary, Scope &scope);
  SemaType checkMatMul(BinaryExpr *binary);
  SemaType checkCall(CallExpr *call, Scope &scope);
  SemaType checkLayerCall(CallExpr *call, LayerDecl *layer, Scope &scope);
  SemaType checkFunctionCall(CallExpr *call, FuncDecl *callee,
                             StringRef calleeDesc, Scope &scope);
  SemaType checkBuiltinCall(CallExpr *call, const BuiltinSpec &spec,
                            Scope &scope);
  std::optional<int64_t> normalizeAxis(int64_t axis, const SemaType &type,
                                       const SourceRange &range,
                                       StringRef callee);
  void adoptDType(Expr *expr, DType dtype);
  void strengthen(Expr *expr);
  bool requireFloat(const SemaType &type, StringRef callee,
                    const SourceRange &range);
  SemaType checkPooling(CallResolution &res, const SemaType &x,
                        StringRef callee, const SourceRange &range);

  //===--- Train blocks --------------------------------------------------===//

  struct OptionValues;
  bool checkSupervisedShapes(TrainDecl *train, TrainConfig &config);
  bool checkQLearningShapes(TrainDecl *train, TrainConfig &config,
                            const llvm::StringMap<const TrainOption *> &given);
  std::optional<int64_t> intOption(const TrainOption &option, int64_t min);
  std::optional<double> floatOption(const TrainOption &option);
  std::optional<Period> periodOf(const TrainOption &option);
  bool checkOptimizer(Expr *value, OptimizerConfig &opt);
  bool checkLRSchedule(Expr *value, LRSchedule &schedule);

  Program &program;
  mlir::MLIRContext &context;
  unsigned numErrors = 0;

  /// Top-level declarations by name.
  llvm::StringMap<Decl *> globals;
  /// Declarations whose checking failed (users of them stay quiet).
  llvm::DenseSet<const void *> failedDecls;
  /// Function bodies: 0 unchecked, 1 in progress, 2 done.
  llvm::DenseMap<FuncDecl *, int> bodyState;
  /// Layers called and parameters used by checked bodies (for warnings).
  llvm::DenseSet<const LayerDecl *> usedLayers;
  llvm::DenseSet<const ParamDecl *> usedParams;
  /// Explicit model instantiations: model -> (values, train block).
  llvm::DenseMap<ModelDecl *,
                 std::pair<llvm::SmallVector<NamedConstant, 4>, TrainDecl *>>
      instantiations;
};

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

std::optional<llvm::SmallVector<const Arg *, 6>>
Sema::bindArgs(StringRef what, const SourceRange &whatRange,
               llvm::ArrayRef<ArgSpec> specs, llvm::ArrayRef<Arg> args) {
  llvm::SmallVector<const Arg *, 6> bound(specs.size(), nullptr);
  size_t positional = 0;
  bool sawNamed = false;
  for (const Arg &arg : args) {
    if (!arg.isNamed()) {
      if (sawNamed) {
        error(arg.value->getRange())
            << "positional argument follows a named argument in call to '"
            << what << "'";
        return std::nullopt;
      }
      if (positional >= specs.size()) {
        error(arg.value->getRange())
            << "'" << what << "' takes " << specs.size() << " argument"
            << (specs.size() == 1 ? "" : "s") << ", but got "
            << (args.size()) << "";
        return std::nullopt;
      }
      bound[positional++] = &arg;
      continue;
    }
    sawNamed = true;
    auto it = llvm::find_if(specs,
                            [&](const ArgSpec &s) { return s.name == arg.name; });
    if (it == specs.end()) {
      std::string known;
      for (const ArgSpec &s : specs)
        known += (known.empty() ? "" : ", ") + s.name.str();
      auto diag = error(arg.nameRange)
                  << "unknown argument '" << arg.name << "' to '" << what
                  << "'";
      if (!known.empty())
        diag << "; expected one of: " << known;
      llvm::SmallVector<StringRef> names;
      for (const ArgSpec &s : specs)
        names.push_back(s.name);
      suggest(diag, arg.name, arg.nameRange, names);
      return std::nullopt;
    }
    size_t index = it - specs.begin();
    if (bound[index]) {
      auto diag = error(arg.nameRange)
                  << "argument '" << arg.name << "' of '" << what
                  << "' is given twice";
      const Arg *prev = bound[index];
      diag.attachNote(loc(prev->isNamed() ? prev->nameRange
                                          : prev->value->getRange()))
          << "first given here";
      return std::nullopt;
    }
    bound[index] = &arg;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (bound[i] || specs[i].defaultValue || specs[i].optional)
      continue;
    error(whatRange) << "missing argument '" << specs[i].name << "' of '"
                     << what << "'";
    return std::nullopt;
  }
  return bound;
}

std::optional<Constant> Sema::checkConstKind(
    const Constant &value, ArgKind kind, const SourceRange &range,
    llvm::function_ref<void(mlir::InFlightDiagnostic &)> describe) {
  bool ok = false;
  switch (kind) {
  case ArgKind::Int:
    ok = value.isInt();
    break;
  case ArgKind::Float:
    ok = value.isNumeric();
    break;
  case ArgKind::Bool:
    ok = value.isBool();
    break;
  case ArgKind::String:
    ok = value.isString();
    break;
  case ArgKind::Tensor:
    ok = false;
    break;
  }
  if (!ok) {
    auto diag = error(range);
    describe(diag);
    diag << " expects " << (kind == ArgKind::Int ? "an " : "a ")
         << getArgKindName(kind) << ", but got " << describeConstant(value);
    return std::nullopt;
  }
  if (kind == ArgKind::Float && value.isInt())
    return Constant::ofFloat(value.getFloat());
  return value;
}

std::optional<llvm::SmallVector<NamedConstant, 6>>
Sema::evalArgs(StringRef what, const SourceRange &whatRange,
               llvm::ArrayRef<ArgSpec> specs, llvm::ArrayRef<Arg> args,
               ModelDecl *model) {
  auto bound = bindArgs(what, whatRange, specs, args);
  if (!bound)
    return std::nullopt;
  llvm::SmallVector<NamedConstant, 6> values;
  for (size_t i = 0; i < specs.size(); ++i) {
    const ArgSpec &spec = specs[i];
    const Arg *arg = (*bound)[i];
    if (!arg) {
      if (spec.defaultValue)
        values.push_back({spec.name, *spec.defaultValue});
      continue;
    }
    std::optional<Constant> value = evalConst(arg->value.get(), model);
    if (!value)
      return std::nullopt;
    value = checkConstKind(*value, spec.kind, arg->value->getRange(),
                           [&](mlir::InFlightDiagnostic &d) {
                             d << "argument '" << spec.name << "' of '" << what
                               << "'";
                           });
    if (!value)
      return std::nullopt;
    values.push_back({spec.name, *value});
  }
  return values;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

std::optional<int64_t> Sema::checkedMul(int64_t a, int64_t b,
                                        const SourceRange &range,
                                        StringRef what) {
  int64_t r;
  if (llvm::MulOverflow(a, b, r)) {
    error(range) << "integer overflow in " << what << ": " << a << " * " << b
                 << " does not fit in 64 bits";
    return std::nullopt;
  }
  return r;
}

std::optional<int64_t> Sema::checkedAdd(int64_t a, int64_t b,
                                        const SourceRange &range,
                                        StringRef what) {
  int64_t r;
  if (llvm::AddOverflow(a, b, r)) {
    error(range) << "integer overflow in " << what << ": " << a << " + " << b
                 << " does not fit in 64 bits";
    return std::nullopt;
  }
  return r;
}

std::optional<Constant> Sema::foldUnary(const Constant &operand,
                                        const SourceRange &range) {
  if (operand.isInt()) {
    if (operand.getInt() == std::numeric_limits<int64_t>::min()) {
      error(range) << "integer overflow in constant expression: -("
                   << operand.getInt() << ") does not fit in 64 bits";
      return std::nullopt;
    }
    return Constant::ofInt(-operand.getInt());
  }
  if (operand.isFloat())
    return Constant::ofFloat(-operand.getFloat());
  error(range) << "operator '-' expects a number, but got "
               << describeConstant(operand);
  return std::nullopt;
}

std::optional<Constant> Sema::foldBinary(BinaryExpr::Op op,
                                         const Constant &lhs,
                                         const Constant &rhs,
                                         const SourceRange &opRange) {
  StringRef spelling = BinaryExpr::getOpSpelling(op);
  if (op == BinaryExpr::Op::MatMul) {
    error(opRange) << "operator '@' is not allowed in a constant expression";
    return std::nullopt;
  }
  bool comparison = op >= BinaryExpr::Op::Lt;
  if ((op == BinaryExpr::Op::Eq || op == BinaryExpr::Op::Ne) &&
      lhs.getKind() == rhs.getKind() && (lhs.isBool() || lhs.isString())) {
    bool eq = lhs.isBool() ? lhs.getBool() == rhs.getBool()
                           : lhs.getString() == rhs.getString();
    return Constant::ofBool(op == BinaryExpr::Op::Eq ? eq : !eq);
  }
  if (!lhs.isNumeric() || !rhs.isNumeric()) {
    error(opRange) << "operator '" << spelling << "' expects numbers, but got "
                   << describeConstant(lhs.isNumeric() ? rhs : lhs);
    return std::nullopt;
  }
  if (comparison) {
    double a = lhs.getFloat(), b = rhs.getFloat();
    bool r = false;
    if (lhs.isInt() && rhs.isInt()) {
      int64_t x = lhs.getInt(), y = rhs.getInt();
      switch (op) {
      case BinaryExpr::Op::Lt: r = x < y; break;
      case BinaryExpr::Op::Le: r = x <= y; break;
      case BinaryExpr::Op::Gt: r = x > y; break;
      case BinaryExpr::Op::Ge: r = x >= y; break;
      case BinaryExpr::Op::Eq: r = x == y; break;
      default: r = x != y; break;
      }
      return Constant::ofBool(r);
    }
    switch (op) {
    case BinaryExpr::Op::Lt: r = a < b; break;
    case BinaryExpr::Op::Le: r = a <= b; break;
    case BinaryExpr::Op::Gt: r = a > b; break;
    case BinaryExpr::Op::Ge: r = a >= b; break;
    case BinaryExpr::Op::Eq: r = a == b; break;
    default: r = a != b; break;
    }
    return Constant::ofBool(r);
  }
  if (lhs.isInt() && rhs.isInt()) {
    int64_t a = lhs.getInt(), b = rhs.getInt(), r = 0;
    switch (op) {
    case BinaryExpr::Op::Add:
      if (llvm::AddOverflow(a, b, r))
        break;
      return Constant::ofInt(r);
    case BinaryExpr::Op::Sub:
      if (llvm::SubOverflow(a, b, r))
        break;
      return Constant::ofInt(r);
    case BinaryExpr::Op::Mul:
      if (llvm::MulOverflow(a, b, r))
        break;
      return Constant::ofInt(r);
    case BinaryExpr::Op::Div:
    case BinaryExpr::Op::Rem:
      if (b == 0) {
        error(opRange) << "division by zero in constant expression";
        return std::nullopt;
      }
      if (a == std::numeric_limits<int64_t>::min() && b == -1)
        break;
      if (op == BinaryExpr::Op::Rem)
        return Constant::ofInt(a % b);
      // Exact integer division stays an int; otherwise the quotient is a
      // float (`1 / 255` is 0.0039..., not 0).
      if (a % b == 0)
        return Constant::ofInt(a / b);
      return Constant::ofFloat(double(a) / double(b));
    default:
      break;
    }
    error(opRange) << "integer overflow in constant expression: " << a << " "
                   << spelling << " " << b << " does not fit in 64 bits";
    return std::nullopt;
  }
  double a = lhs.getFloat(), b = rhs.getFloat(), r = 0;
  switch (op) {
  case BinaryExpr::Op::Add:
    r = a + b;
    break;
  case BinaryExpr::Op::Sub:
    r = a - b;
    break;
  case BinaryExpr::Op::Mul:
    r = a * b;
    break;
  case BinaryExpr::Op::Div:
  case BinaryExpr::Op::Rem:
    if (b == 0.0) {
      error(opRange) << "division by zero in constant expression";
      return std::nullopt;
    }
    r = op == BinaryExpr::Op::Div ? a / b : std::fmod(a, b);
    break;
  default:
    break;
  }
  if (!std::isfinite(r)) {
    error(opRange) << "floating-point overflow in constant expression";
    return std::nullopt;
  }
  return Constant::ofFloat(r);
}

std::optional<Constant> Sema::evalConst(Expr *expr, ModelDecl *model) {
  std::optional<Constant> result;
  if (auto *e = llvm::dyn_cast<IntLitExpr>(expr)) {
    result = Constant::ofInt(e->getValue());
  } else if (auto *e = llvm::dyn_cast<FloatLitExpr>(expr)) {
    result = Constant::ofFloat(e->getValue());
  } else if (auto *e = llvm::dyn_cast<BoolLitExpr>(expr)) {
    result = Constant::ofBool(e->getValue());
  } else if (auto *e = llvm::dyn_cast<StringLitExpr>(expr)) {
    result = Constant::ofString(e->getValue());
  } else if (auto *e = llvm::dyn_cast<NameExpr>(expr)) {
    if (model) {
      for (const auto &param : model->getParams()) {
        if (param->getName() != e->getName())
          continue;
        if (!param->getValue())
          return std::nullopt; // Reported with the parameter.
        e->getResolution().kind = NameResolution::Kind::ModelParam;
        e->getResolution().param = param.get();
        result = *param->getValue();
        break;
      }
    }
    if (!result) {
      if (globals.count(e->getName()) ||
          (model && model->lookupLayer(e->getName())))
        error(e->getRange()) << "'" << e->getName()
                             << "' is not a compile-time constant";
      else {
        auto diag = error(e->getRange())
                    << "use of undeclared name '" << e->getName() << "'";
        llvm::SmallVector<StringRef> names;
        if (model)
          for (const auto &param : model->getParams())
            names.push_back(param->getName());
        suggest(diag, e->getName(), e->getRange(), names);
      }
      return std::nullopt;
    }
  } else if (auto *e = llvm::dyn_cast<UnaryExpr>(expr)) {
    std::optional<Constant> operand = evalConst(e->getOperand(), model);
    if (!operand)
      return std::nullopt;
    result = foldUnary(*operand, e->getRange());
  } else if (auto *e = llvm::dyn_cast<BinaryExpr>(expr)) {
    std::optional<Constant> lhs = evalConst(e->getLHS(), model);
    if (!lhs)
      return std::nullopt;
    std::optional<Constant> rhs = evalConst(e->getRHS(), model);
    if (!rhs)
      return std::nullopt;
    result = foldBinary(e->getOp(), *lhs, *rhs, e->getOpRange());
  } else if (auto *e = llvm::dyn_cast<CallExpr>(expr)) {
    error(e->getRange()) << "expected a compile-time constant, but got a call "
                            "to '"
                         << e->getCallee() << "'";
    return std::nullopt;
  }
  if (result) {
    expr->setType(result->getType());
    expr->setConstant(result);
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

std::optional<Dim> Sema::resolveDim(Expr *dim, ModelDecl *model) {
  if (auto *name = llvm::dyn_cast<NameExpr>(dim)) {
    if (model) {
      for (const auto &param : model->getParams()) {
        if (param->getName() != name->getName())
          continue;
        if (!param->getValue())
          return std::nullopt;
        if (!param->getValue()->isInt()) {
          error(dim->getRange())
              << "dimension '" << name->getName()
              << "' must be an int, but model parameter '" << name->getName()
              << "' is " << describeConstant(*param->getValue());
          return std::nullopt;
        }
        name->getResolution().kind = NameResolution::Kind::ModelParam;
        name->getResolution().param = param.get();
        name->setType(SemaType::intType());
        name->setConstant(*param->getValue());
        int64_t v = param->getValue()->getInt();
        if (v <= 0) {
          error(dim->getRange()) << "dimension must be positive, but '"
                                 << name->getName() << "' is " << v;
          return std::nullopt;
        }
        return Dim::known(v);
      }
    }
    StringRef n = name->getName();
    if (!n.empty() && llvm::isUpper(n.front())) {
      name->setType(SemaType::intType());
      return Dim::symbolic(n);
    }
    auto diag = error(dim->getRange())
                << "unknown dimension '" << n
                << "': not a model parameter, and symbolic dimensions start "
                   "with an upper-case letter";
    llvm::SmallVector<StringRef> names;
    if (model)
      for (const auto &param : model->getParams())
        names.push_back(param->getName());
    suggest(diag, n, dim->getRange(), names);
    return std::nullopt;
  }
  std::optional<Constant> value = evalConst(dim, model);
  if (!value)
    return std::nullopt;
  if (!value->isInt()) {
    error(dim->getRange()) << "dimension must be an integer, but got "
                           << describeConstant(*value);
    return std::nullopt;
  }
  if (value->getInt() <= 0) {
    error(dim->getRange()) << "dimension must be positive, but got "
                           << value->getInt();
    return std::nullopt;
  }
  return Dim::known(value->getInt());
}

std::optional<SemaType> Sema::resolveType(TypeExpr *type, ModelDecl *model,
                                          TypeUse use) {
  StringRef name = type->getName();
  bool hostName = name == "int" || name == "float" ||
                  (name == "bool" && !type->hasDims() &&
                   use == TypeUse::ModelParam);
  if (use == TypeUse::ModelParam) {
    if (!hostName) {
      error(type->getRange())
          << "model parameter type must be int, float or bool, but got '"
          << name << "'";
      return std::nullopt;
    }
  }
  if (hostName) {
    if (use != TypeUse::ModelParam) {
      error(type->getRange())
          << "expected a tensor type such as f32 or f32[B, 4], but got '"
          << name << "'; int and float are for model parameters";
      return std::nullopt;
    }
    if (type->hasDims()) {
      error(type->getRange()) << "type '" << name << "' takes no dimensions";
      return std::nullopt;
    }
    if (name == "int")
      return SemaType::intType();
    if (name == "float")
      return SemaType::floatType();
    return SemaType::boolType();
  }
  if (std::optional<DType> dtype = parseDType(name)) {
    Dims dims;
    for (const auto &d : type->getDims()) {
      std::optional<Dim> dim = resolveDim(d.get(), model);
      if (!dim)
        return std::nullopt;
      dims.push_back(*dim);
    }
    return SemaType::tensor(*dtype, dims);
  }
  if (auto *m = llvm::dyn_cast_or_null<ModelDecl>(globals.lookup(name))) {
    if (use != TypeUse::FuncParam || model) {
      error(type->getRange())
          << "model type '" << name
          << "' is only allowed for parameters of a loss or fn";
      return std::nullopt;
    }
    if (type->hasDims()) {
      error(type->getRange()) << "model type '" << name
                              << "' takes no dimensions";
      return std::nullopt;
    }
    return SemaType::modelType(m);
  }
  auto diag = error(type->getRange())
              << "unknown type '" << name
              << "'; expected a dtype (f32, f16, bf16, f64, i32, i64, bool)"
              << (use == TypeUse::FuncParam && !model ? " or a model name"
                                                      : "");
  llvm::SmallVector<StringRef> names = {"f32", "f16", "bf16", "f64",
                                        "i32", "i64", "bool"};
  if (use == TypeUse::ModelParam)
    names = {"int", "float", "bool"};
  else if (use == TypeUse::FuncParam && !model)
    llvm::append_range(names, globalNames<ModelDecl>());
  SourceRange nameRange = type->getRange();
  nameRange.endLine = nameRange.line;
  nameRange.endCol = nameRange.col + name.size();
  suggest(diag, name, nameRange, names);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Top level
//===----------------------------------------------------------------------===//

void Sema::collectNames() {
  for (const auto &decl : program.getDecls()) {
    StringRef name = decl->getName();
    if (name.empty())
      continue;
    if (isReservedName(name)) {
      error(decl->getNameRange()) << "'" << name
                                  << "' is a built-in name and cannot be "
                                     "redefined";
      failedDecls.insert(decl.get());
      continue;
    }
    auto [it, inserted] = globals.try_emplace(name, decl.get());
    if (!inserted) {
      auto diag = error(decl->getNameRange())
                  << "redefinition of '" << name << "'";
      diag.attachNote(loc(it->second->getNameRange()))
          << "previous definition is here";
      failedDecls.insert(decl.get());
    }
  }
}

void Sema::resolveModelParams(ModelDecl *model) {
  llvm::StringMap<ParamDecl *> seen;
  for (const auto &param : model->getParams()) {
    auto [it, inserted] = seen.try_emplace(param->getName(), param.get());
    if (!inserted) {
      auto diag = error(param->getRange())
                  << "duplicate parameter '" << param->getName()
                  << "' of model '" << model->getName() << "'";
      diag.attachNote(it->second->getLoc()) << "previous parameter is here";
      failedDecls.insert(model);
      return;
    }
    std::optional<SemaType> type =
        resolveType(param->getTypeExpr(), nullptr, TypeUse::ModelParam);
    if (!type) {
      failedDecls.insert(model);
      return;
    }
    param->setType(*type);
    if (Expr *def = param->getDefaultValue()) {
      std::optional<Constant> value = evalConst(def, nullptr);
      if (!value) {
        failedDecls.insert(model);
        return;
      }
      ArgKind kind = type->getKind() == SemaType::Kind::Int     ? ArgKind::Int
                     : type->getKind() == SemaType::Kind::Float ? ArgKind::Float
                                                                : ArgKind::Bool;
      value = checkConstKind(*value, kind, def->getRange(),
                             [&](mlir::InFlightDiagnostic &d) {
                               d << "default of parameter '"
                                 << param->getName() << "'";
                             });
      if (!value) {
        failedDecls.insert(model);
        return;
      }
      param->setValue(*value);
    }
  }
}

void Sema::collectInstantiations() {
  for (TrainDecl *train : program.getTrains()) {
    if (!train->getModelArgs())
      continue;
    auto *model = llvm::dyn_cast_or_null<ModelDecl>(
        globals.lookup(train->getModelName()));
    if (!model || failedDecls.count(model))
      continue; // Reported when the train block is checked.
    std::vector<ArgSpec> specs;
    for (const auto &param : model->getParams()) {
      ArgKind kind = param->getType().getKind() == SemaType::Kind::Int
                         ? ArgKind::Int
                     : param->getType().getKind() == SemaType::Kind::Float
                         ? ArgKind::Float
                         : ArgKind::Bool;
      ArgSpec spec{param->getName(), kind, param->getValue()};
      specs.push_back(spec);
    }
    auto values = evalArgs(model->getName(), train->getModelRange(), specs,
                           *train->getModelArgs(), nullptr);
    if (!values) {
      failedDecls.insert(train);
      continue;
    }
    auto it = instantiations.find(model);
    if (it != instantiations.end()) {
      bool same = it->second.first.size() == values->size();
      for (size_t i = 0; same && i < values->size(); ++i)
        same = it->second.first[i].value.str() == (*values)[i].value.str();
      if (!same) {
        auto diag = error(train->getModelRange())
                    << "model '" << model->getName()
                    << "' is instantiated with different arguments by two "
                       "train blocks";
        diag.attachNote(loc(it->second.second->getModelRange()))
            << "first instantiated here";
        failedDecls.insert(train);
      }
      continue;
    }
    instantiations[model] = {llvm::SmallVector<NamedConstant, 4>(
                                 values->begin(), values->end()),
                             train};
  }
  // Apply: explicit arguments override defaults.
  for (auto &entry : instantiations) {
    ModelDecl *model = entry.first;
    for (const auto &param : model->getParams())
      if (const Constant *v = lookupArg(entry.second.first, param->getName()))
        param->setValue(*v);
  }
}

bool Sema::checkDataset(DatasetDecl *dataset) {
  const DatasetSpec *spec = nullptr;
  for (const DatasetSpec &s : datasetSpecs())
    if (s.name == dataset->getCtor())
      spec = &s;
  if (!spec) {
    auto diag = error(dataset->getCtorRange())
                << "unknown dataset constructor '" << dataset->getCtor()
                << "'; expected synthetic_linear, idx, csv or npy";
    suggest(diag, dataset->getCtor(), dataset->getCtorRange(),
            {"synthetic_linear", "idx", "csv", "npy"});
    return false;
  }
  auto args = evalArgs(spec->name, dataset->getCtorRange(), spec->args,
                       dataset->getArgs(), nullptr);
  if (!args)
    return false;
  auto argRange = [&](StringRef name) {
    for (const Arg &a : dataset->getArgs())
      if (a.name == name)
        return a.value->getRange();
    // Positional: find by position.
    for (size_t i = 0; i < spec->args.size() && i < dataset->getArgs().size();
         ++i)
      if (spec->args[i].name == name && !dataset->getArgs()[i].isNamed())
        return dataset->getArgs()[i].value->getRange();
    return dataset->getCtorRange();
  };
  DatasetInfo info;
  info.kind = spec->kind;
  info.args.assign(args->begin(), args->end());
  switch (spec->kind) {
  case DatasetKind::SyntheticLinear: {
    int64_t samples = lookupArg(info.args, "samples")->getInt();
    int64_t features = lookupArg(info.args, "features")->getInt();
    double noise = lookupArg(info.args, "noise")->getFloat();
    int64_t seed = lookupArg(info.args, "seed")->getInt();
    if (samples <= 0) {
      error(argRange("samples"))
          << "argument 'samples' of 'synthetic_linear' must be positive, but "
             "got "
          << samples;
      return false;
    }
    if (features <= 0) {
      error(argRange("features"))
          << "argument 'features' of 'synthetic_linear' must be positive, but "
             "got "
          << features;
      return false;
    }
    if (noise < 0) {
      auto diag = error(argRange("noise"))
                  << "argument 'noise' of 'synthetic_linear' must not be "
                     "negative, but got ";
      diag << Constant::ofFloat(noise).str();
      return false;
    }
    if (seed < 0) {
      error(argRange("seed"))
          << "argument 'seed' of 'synthetic_linear' must not be negative, but "
             "got "
          << seed;
      return false;
    }
    info.sampleInput = SemaType::tensor(DType::F32, {Dim::known(features)});
    info.sampleTarget = SemaType::tensor(DType::F32, {Dim::known(1)});
    info.numSamples = samples;
    break;
  }
  case DatasetKind::Idx: {
    for (StringRef key : {"images", "labels"}) {
      if (lookupArg(info.args, key)->getString().empty()) {
        error(argRange(key)) << "argument '" << key
                             << "' of 'idx' must not be empty";
        return false;
      }
    }
    info.sampleInput = SemaType::tensor(
        DType::F32, {Dim::known(1), Dim::known(28), Dim::known(28)});
    info.sampleTarget = SemaType::tensor(DType::I32);
    break;
  }
  case DatasetKind::Csv:
  case DatasetKind::Npy: {
    bool isCsv = spec->kind == DatasetKind::Csv;
    StringRef name = spec->name;
    // Exactly one of the class-label and the f32-target arguments.
    StringRef labelKey = isCsv ? "label" : "labels";
    StringRef targetKey = isCsv ? "target" : "targets";
    const Constant *label = lookupArg(info.args, labelKey);
    const Constant *target = lookupArg(info.args, targetKey);
    if (!label == !target) {
      error(label ? argRange(targetKey) : dataset->getCtorRange())
          << "'" << name << "' takes either '" << labelKey
          << "' (class labels) or '" << targetKey << "' (f32 targets)"
          << (label ? ", not both" : "");
      return false;
    }
    for (const NamedConstant &arg : info.args) {
      if (arg.value.isString() && arg.value.getString().empty()) {
        error(argRange(arg.name)) << "argument '" << arg.name << "' of '"
                                  << name << "' must not be empty";
        return false;
      }
    }
    int64_t outputs = lookupArg(info.args, "outputs")
                          ? lookupArg(info.args, "outputs")->getInt()
                          : 1;
    if (outputs <= 0) {
      error(argRange("outputs")) << "argument 'outputs' of '" << name
                                 << "' must be positive, but got " << outputs;
      return false;
    }
    info.sampleTarget = label ? SemaType::tensor(DType::I32)
                              : SemaType::tensor(DType::F32,
                                                 {Dim::known(outputs)});
    if (isCsv) {
      // The feature columns, comma-separated: their number is the input
      // width the model is compiled for.
      llvm::SmallVector<StringRef> columns;
      StringRef list = lookupArg(info.args, "features")->getString();
      list.split(columns, ',');
      llvm::StringSet<> seen;
      StringRef labelName = (label ? label : target)->getString();
      for (StringRef column : columns) {
        column = column.trim(' ');
        const char *problem = column.empty()        ? "an empty column name"
                              : !seen.insert(column).second
                                  ? "a column named twice"
                              : column == labelName ? "the label column"
                                                    : nullptr;
        if (problem) {
          error(argRange("features"))
              << "argument 'features' of 'csv' lists " << problem << " ('"
              << column << "'); expected distinct column names separated by "
              << "commas";
          return false;
        }
      }
      info.sampleInput = SemaType::tensor(
          DType::F32, {Dim::known(static_cast<int64_t>(columns.size()))});
      break;
    }
    // npy: the sample shape is declared, as `features` or as `channels`,
    // `height` and `width`.
    const Constant *features = lookupArg(info.args, "features");
    llvm::SmallVector<int64_t, 3> shape;
    const char *image[] = {"channels", "height", "width"};
    int given = 0;
    for (const char *key : image)
      given += lookupArg(info.args, key) != nullptr;
    if (features ? given != 0 : given != 3) {
      error(dataset->getCtorRange())
          << "'npy' needs the sample shape: 'features' (f32[features]) or "
             "'channels', 'height' and 'width' (f32[channels, height, "
             "width]), not both";
      return false;
    }
    if (features)
      shape.push_back(features->getInt());
    else
      for (const char *key : image)
        shape.push_back(lookupArg(info.args, key)->getInt());
    for (int64_t size : shape) {
      if (size <= 0) {
        error(dataset->getCtorRange())
            << "the sample shape of 'npy' must be positive, but has " << size;
        return false;
      }
    }
    Dims dims;
    for (int64_t size : shape)
      dims.push_back(Dim::known(size));
    info.sampleInput = SemaType::tensor(DType::F32, dims);
    break;
  }
  }
  dataset->setInfo(std::move(info));
  return true;
}

bool Sema::checkEnvironment(EnvironmentDecl *env) {
  if (env->getCtor() != "CartPole") {
    auto diag = error(env->getCtorRange())
                << "unknown environment '" << env->getCtor()
                << "'; expected CartPole";
    suggest(diag, env->getCtor(), env->getCtorRange(), {"CartPole"});
    return false;
  }
  auto args = evalArgs("CartPole", env->getCtorRange(), cartPoleSpec(),
                       env->getArgs(), nullptr);
  if (!args)
    return false;
  EnvInfo info;
  info.kind = EnvKind::CartPole;
  info.args.assign(args->begin(), args->end());
  info.maxSteps = lookupArg(info.args, "max_steps")->getInt();
  if (info.maxSteps <= 0) {
    error(env->getArgs().empty() ? env->getCtorRange()
                                 : env->getArgs().front().value->getRange())
        << "argument 'max_steps' of 'CartPole' must be positive, but got "
        << info.maxSteps;
    return false;
  }
  info.observation = SemaType::tensor(DType::F32, {Dim::known(4)});
  info.numActions = 2;
  env->setInfo(std::move(info));
  return true;
}

bool Sema::checkLayer(ModelDecl *model, LayerDecl *layer) {
  const LayerSpec *spec = nullptr;
  for (const LayerSpec &s : layerSpecs())
    if (s.name == layer->getCtor())
      spec = &s;
  if (!spec) {
    auto diag = error(layer->getCtorRange())
                << "unknown layer '" << layer->getCtor()
                << "'; expected Linear, Conv2d, BatchNorm1d, BatchNorm2d or "
                   "Dropout";
    suggest(diag, layer->getCtor(), layer->getCtorRange(),
            {"Linear", "Conv2d", "BatchNorm1d", "BatchNorm2d", "Dropout"});
    return false;
  }
  auto args = evalArgs(spec->name, layer->getCtorRange(), spec->args,
                       layer->getArgs(), model);
  if (!args)
    return false;
  LayerInfo info;
  info.kind = spec->kind;
  info.args.assign(args->begin(), args->end());
  // Where argument `name` is written (named or positional), else the
  // constructor.
  auto argRange = [&](StringRef name) {
    SourceRange r = layer->getCtorRange();
    for (size_t i = 0; i < layer->getArgs().size(); ++i) {
      const Arg &a = layer->getArgs()[i];
      if (a.name == name || (!a.isNamed() && i < spec->args.size() &&
                             spec->args[i].name == name))
        r = a.value->getRange();
    }
    return r;
  };
  // Every int argument of a built-in layer is a positive size, except
  // padding, which may be zero.
  for (const NamedConstant &arg : info.args) {
    if (!arg.value.isInt())
      continue;
    int64_t min = arg.name == "padding" ? 0 : 1;
    if (arg.value.getInt() >= min)
      continue;
    error(argRange(arg.name))
        << "argument '" << arg.name << "' of '" << spec->name
        << "' must be " << (min == 0 ? "non-negative" : "positive")
             << ", but got " << arg.value.getInt();
    return false;
  }
  // Float arguments: eps > 0, 0 <= momentum <= 1, 0 <= p < 1 (PyTorch's
  // nn.Dropout also allows p = 1, which zeroes everything; not useful).
  for (const NamedConstant &arg : info.args) {
    if (!arg.value.isNumeric())
      continue;
    double v = arg.value.getFloat();
    const char *want = nullptr;
    if (arg.name == "eps" && !(v > 0.0))
      want = "positive";
    else if (arg.name == "momentum" && !(v >= 0.0 && v <= 1.0))
      want = "in [0, 1]";
    else if (arg.name == "p" && !(v >= 0.0 && v < 1.0))
      want = "in [0, 1)";
    if (!want)
      continue;
    error(argRange(arg.name))
        << "argument '" << arg.name << "' of '" << spec->name
        << "' must be " << want << ", but got " << arg.value.str();
    return false;
  }

  auto addParam = [&](StringRef local, llvm::ArrayRef<int64_t> shape,
                      int64_t fanIn, InitKind init = InitKind::Uniform,
                      bool trainable = true) -> bool {
    ParamTensor p;
    p.name = (layer->getName() + "." + local).str();
    p.localName = local;
    p.dtype = DType::F32;
    p.shape.assign(shape.begin(), shape.end());
    p.init = init;
    p.trainable = trainable;
    p.fanIn = fanIn;
    p.bound = init == InitKind::Uniform ? 1.0 / std::sqrt(double(fanIn)) : 0.0;
    int64_t n = 1;
    for (int64_t d : shape) {
      if (llvm::MulOverflow(n, d, n)) {
        auto diag = error(layer->getRange())
                    << "parameter '" << p.name << "' with shape [";
        for (size_t i = 0; i < shape.size(); ++i)
          diag << (i ? ", " : "") << shape[i];
        diag << "] has more elements than fit in 64 bits";
        return false;
      }
    }
    info.params.push_back(std::move(p));
    return true;
  };
  switch (spec->kind) {
  case LayerKind::Linear: {
    int64_t in = info.getInt("in_features"), out = info.getInt("out_features");
    if (!addParam("weight", {out, in}, in))
      return false;
    if (info.hasBias() && !addParam("bias", {out}, in))
      return false;
    break;
  }
  case LayerKind::Conv2d: {
    int64_t in = info.getInt("in_channels"), out = info.getInt("out_channels");
    int64_t k = info.getInt("kernel");
    auto kk = checkedMul(k, k, layer->getRange(), "the fan-in of the layer");
    if (!kk)
      return false;
    auto fanIn = checkedMul(in, *kk, layer->getRange(), "the fan-in of the layer");
    if (!fanIn)
      return false;
    if (!addParam("weight", {out, in, k, k}, *fanIn))
      return false;
    if (info.hasBias() && !addParam("bias", {out}, *fanIn))
      return false;
    break;
  }
  case LayerKind::BatchNorm1d:
  case LayerKind::BatchNorm2d: {
    // nn.BatchNorm's state_dict: affine weight and bias, then the buffers.
    int64_t c = info.getInt("num_features");
    if (!addParam("weight", {c}, 1, InitKind::Ones) ||
        !addParam("bias", {c}, 1, InitKind::Zeros) ||
        !addParam("running_mean", {c}, 1, InitKind::Zeros, false) ||
        !addParam("running_var", {c}, 1, InitKind::Ones, false) ||
        !addParam("num_batches_tracked", {}, 1, InitKind::Zeros, false))
      return false;
    break;
  }
  case LayerKind::Dropout:
    break;
  }
  layer->setInfo(std::move(info));
  return true;
}

bool Sema::checkSignature(FuncDecl *func, ModelDecl *model) {
  llvm::StringMap<ParamDecl *> seen;
  llvm::StringSet<> paramSymbols;
  StringRef what = func->isForward() ? "forward" : func->getName();
  for (const auto &param : func->getParams()) {
    auto [it, inserted] = seen.try_emplace(param->getName(), param.get());
    if (!inserted) {
      auto diag = error(param->getRange())
                  << "duplicate parameter '" << param->getName() << "' of '"
                  << what << "'";
      diag.attachNote(it->second->getLoc()) << "previous parameter is here";
      return false;
    }
    if (param->getDefaultValue()) {
      error(param->getDefaultValue()->getRange())
          << "parameters of '" << what << "' cannot have default values";
      return false;
    }
    std::optional<SemaType> type =
        resolveType(param->getTypeExpr(), model, TypeUse::FuncParam);
    if (!type)
      return false;
    param->setType(*type);
    if (type->isTensor())
      for (const Dim &d : type->getDims())
        if (d.isSymbolic())
          paramSymbols.insert(d.getSymbol());
  }
  std::optional<SemaType> ret =
      resolveType(func->getReturnTypeExpr(), model, TypeUse::Return);
  if (!ret)
    return false;
  for (const Dim &d : ret->getDims()) {
    if (d.isSymbolic() && !paramSymbols.count(d.getSymbol())) {
      error(func->getReturnTypeExpr()->getRange())
          << "symbolic dimension '" << d.getSymbol()
          << "' of the return type of '" << what
          << "' does not appear in any parameter";
      return false;
    }
  }
  func->setReturnType(*ret);
  func->setParentModel(model);
  return true;
}

bool Sema::checkModel(ModelDecl *model) {
  for (const auto &param : model->getParams()) {
    if (param->getValue())
      continue;
    error(param->getRange())
        << "parameter '" << param->getName() << "' of model '"
        << model->getName()
        << "' has no default value, and no train block gives one";
    return false;
  }
  llvm::StringMap<const SourceRange *> names;
  for (const auto &param : model->getParams())
    names[param->getName()] = &param->getRange();
  for (const auto &layer : model->getLayers()) {
    auto [it, inserted] =
        names.try_emplace(layer->getName(), &layer->getNameRange());
    if (!inserted) {
      auto diag = error(layer->getNameRange())
                  << "redefinition of '" << layer->getName() << "' in model '"
                  << model->getName() << "'";
      diag.attachNote(loc(*it->second)) << "previous definition is here";
      return false;
    }
    if (isReservedName(layer->getName())) {
      error(layer->getNameRange()) << "'" << layer->getName()
                                   << "' is a built-in name and cannot name "
                                      "a layer";
      return false;
    }
    if (!checkLayer(model, layer.get()))
      return false;
  }
  if (model->getForwards().empty()) {
    error(model->getNameRange()) << "model '" << model->getName()
                                 << "' has no forward";
    return false;
  }
  if (model->getForwards().size() > 1) {
    auto diag = error(model->getForwards()[1]->getRange())
                << "model '" << model->getName()
                << "' has more than one forward";
    diag.attachNote(model->getForwards()[0]->getLoc())
        << "first forward is here";
    return false;
  }
  if (!checkSignature(model->getForward(), model))
    return false;
  for (const auto &param : model->getForward()->getParams()) {
    if (!param->getType().isTensor()) {
      error(param->getRange())
          << "forward parameter '" << param->getName()
          << "' must be a tensor, but got " << param->getType();
      return false;
    }
  }

  ModelInfo &info = model->getInfo();
  info.paramValues.clear();
  for (const auto &param : model->getParams())
    info.paramValues.push_back({param->getName(), *param->getValue()});
  info.parameters.clear();
  info.numParameterElements = 0;
  info.hasTrainMode = info.hasDropout = false;
  for (const auto &layer : model->getLayers()) {
    LayerKind kind = layer->getInfo()->kind;
    info.hasDropout |= kind == LayerKind::Dropout;
    info.hasTrainMode |= kind == LayerKind::Dropout ||
                         kind == LayerKind::BatchNorm1d ||
                         kind == LayerKind::BatchNorm2d;
    for (const ParamTensor &p : layer->getInfo()->params) {
      info.parameters.push_back(&p);
      // Like PyTorch's parameter count: buffers are not parameters.
      if (!p.trainable)
        continue;
      auto sum = checkedAdd(info.numParameterElements, p.numElements(),
                            model->getNameRange(),
                            "the parameter count of the model");
      if (!sum)
        return false;
      info.numParameterElements = *sum;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

SemaType Sema::checkExpr(Expr *expr, Scope &scope) {
  SemaType type;
  switch (expr->getKind()) {
  case Expr::Kind::IntLit:
    type = SemaType::weakScalar(DType::I64);
    expr->setConstant(Constant::ofInt(llvm::cast<IntLitExpr>(expr)->getValue()));
    break;
  case Expr::Kind::FloatLit:
    type = SemaType::weakScalar(DType::F32);
    expr->setConstant(
        Constant::ofFloat(llvm::cast<FloatLitExpr>(expr)->getValue()));
    break;
  case Expr::Kind::BoolLit:
    type = SemaType::weakScalar(DType::Bool);
    expr->setConstant(
        Constant::ofBool(llvm::cast<BoolLitExpr>(expr)->getValue()));
    break;
  case Expr::Kind::StringLit:
    error(expr->getRange())
        << "string literals are not allowed in tensor expressions";
    break;
  case Expr::Kind::Name:
    type = checkName(llvm::cast<NameExpr>(expr), scope);
    break;
  case Expr::Kind::Unary:
    type = checkUnary(llvm::cast<UnaryExpr>(expr), scope);
    break;
  case Expr::Kind::Binary:
    type = checkBinary(llvm::cast<BinaryExpr>(expr), scope);
    break;
  case Expr::Kind::Call:
    type = checkCall(llvm::cast<CallExpr>(expr), scope);
    break;
  }
  expr->setType(type);
  return type;
}

SemaType Sema::checkName(NameExpr *name, Scope &scope) {
  StringRef n = name->getName();
  auto local = scope.locals.find(n);
  if (local != scope.locals.end()) {
    LocalBinding &b = local->second;
    if (b.param)
      usedParams.insert(b.param);
    NameResolution &res = name->getResolution();
    res.kind = b.param ? NameResolution::Kind::Param : NameResolution::Kind::Let;
    res.param = b.param;
    res.let = b.let;
    if (b.constant)
      name->setConstant(b.constant);
    return b.type;
  }
  if (scope.model) {
    for (const auto &param : scope.model->getParams()) {
      if (param->getName() != n)
        continue;
      NameResolution &res = name->getResolution();
      res.kind = NameResolution::Kind::ModelParam;
      res.param = param.get();
      const Constant &value = *param->getValue();
      name->setConstant(value);
      return SemaType::weakScalar(value.isInt()     ? DType::I64
                                  : value.isFloat() ? DType::F32
                                                    : DType::Bool);
    }
    if (scope.model->lookupLayer(n)) {
      error(name->getRange()) << "layer '" << n
                              << "' must be called, as in '" << n << "(x)'";
      return SemaType::invalid();
    }
  }
  if (Decl *decl = globals.lookup(n)) {
    if (auto *func = llvm::dyn_cast<FuncDecl>(decl))
      error(name->getRange())
          << (func->isLoss() ? "loss" : "fn") << " '" << n
          << "' must be called, as in '" << n << "(x)'";
    else if (llvm::isa<ModelDecl>(decl))
      error(name->getRange())
          << "model '" << n
          << "' cannot be used as a value; declare a loss or fn parameter of "
             "type "
          << n;
    else
      error(name->getRange())
          << "'" << n << "' is "
          << (llvm::isa<DatasetDecl>(decl) ? "a dataset" : "an environment")
          << " and cannot be used in an expression";
    return SemaType::invalid();
  }
  if (lookupBuiltin(n)) {
    error(name->getRange()) << "built-in function '" << n
                            << "' must be called, as in '" << n << "(x)'";
    return SemaType::invalid();
  }
  auto diag = error(name->getRange()) << "use of undeclared name '" << n
                                      << "'";
  suggest(diag, n, name->getRange(), scopeNames(scope, /*calls=*/false));
  return SemaType::invalid();
}

llvm::SmallVector<StringRef> Sema::scopeNames(const Scope &scope,
                                              bool calls) const {
  llvm::SmallVector<StringRef> names;
  for (const auto &local : scope.locals)
    if (!calls || local.second.type.isModel())
      names.push_back(local.getKey());
  if (scope.model) {
    if (!calls)
      for (const auto &param : scope.model->getParams())
        names.push_back(param->getName());
    else
      for (const auto &layer : scope.model->getLayers())
        names.push_back(layer->getName());
  }
  if (calls) {
    for (const BuiltinSpec &spec : builtinSpecs())
      names.push_back(spec.name);
    llvm::append_range(names, globalNames<FuncDecl>());
  }
  // StringMap order is arbitrary: sort, so ties resolve the same way always.
  llvm::sort(names);
  return names;
}

SemaType Sema::checkUnary(UnaryExpr *unary, Scope &scope) {
  SemaType t = checkExpr(unary->getOperand(), scope);
  if (t.isInvalid())
    return t;
  if (!t.isTensor()) {
    error(unary->getRange()) << "operator '-' expects a tensor, but got " << t;
    return SemaType::invalid();
  }
  if (t.getDType() == DType::Bool) {
    error(unary->getRange())
        << "operator '-' is not defined for bool tensors, but got " << t;
    return SemaType::invalid();
  }
  if (const auto &c = unary->getOperand()->getConstant()) {
    std::optional<Constant> folded = foldUnary(*c, unary->getRange());
    if (!folded)
      return SemaType::invalid();
    unary->setConstant(folded);
  }
  return t;
}

void Sema::adoptDType(Expr *expr, DType dtype) {
  if (!expr->getType().isWeak())
    return;
  expr->setType(SemaType::weakScalar(dtype));
  if (auto *u = llvm::dyn_cast<UnaryExpr>(expr))
    adoptDType(u->getOperand(), dtype);
  if (auto *b = llvm::dyn_cast<BinaryExpr>(expr)) {
    if (!b->isComparison()) {
      adoptDType(b->getLHS(), dtype);
      adoptDType(b->getRHS(), dtype);
    }
  }
}

void Sema::strengthen(Expr *expr) {
  const SemaType &t = expr->getType();
  if (t.isWeak())
    expr->setType(SemaType::tensor(t.getDType()));
}

/// The dtype a weak scalar of `weak` takes next to a tensor of `other`;
/// std::nullopt when they do not mix (a float constant with an integer
/// tensor, a number with a bool tensor).
static std::optional<DType> adoptedDType(DType weak, DType other) {
  if (weak == DType::Bool || other == DType::Bool)
    return weak == other ? std::optional<DType>(other) : std::nullopt;
  if (isFloatDType(weak) && !isFloatDType(other))
    return std::nullopt;
  return other;
}

SemaType Sema::checkBinary(BinaryExpr *binary, Scope &scope) {
  SemaType lt = checkExpr(binary->getLHS(), scope);
  if (lt.isInvalid())
    return lt;
  SemaType rt = checkExpr(binary->getRHS(), scope);
  if (rt.isInvalid())
    return rt;
  StringRef op = BinaryExpr::getOpSpelling(binary->getOp());
  for (const SemaType *t : {&lt, &rt}) {
    if (!t->isTensor()) {
      error(binary) << "operator '" << op
                                  << "' expects tensor operands, but got "
                                  << *t;
      return SemaType::invalid();
    }
  }
  if (binary->getOp() == BinaryExpr::Op::MatMul)
    return checkMatMul(binary);

  // Element types, with weak constants adopting the other side's dtype.
  DType dtype;
  bool weak = lt.isWeak() && rt.isWeak();
  if (weak) {
    DType a = lt.getDType(), b = rt.getDType();
    if ((a == DType::Bool) != (b == DType::Bool)) {
      error(binary)
          << "operator '" << op << "' expects operands of the same element "
          << "type, but got " << lt << " and " << rt;
      return SemaType::invalid();
    }
    dtype = (isFloatDType(a) || isFloatDType(b)) ? DType::F32 : a;
  } else if (lt.isWeak() || rt.isWeak()) {
    const SemaType &w = lt.isWeak() ? lt : rt;
    const SemaType &s = lt.isWeak() ? rt : lt;
    std::optional<DType> adopted = adoptedDType(w.getDType(), s.getDType());
    if (!adopted) {
      Expr *weakExpr = lt.isWeak() ? binary->getLHS() : binary->getRHS();
      auto diag = error(binary)
                  << "operator '" << op << "' cannot combine " << s
                  << " with the " << getDTypeName(w.getDType())
                  << " constant";
      if (weakExpr->getConstant())
        diag << " " << *weakExpr->getConstant();
      return SemaType::invalid();
    }
    dtype = *adopted;
  } else {
    if (lt.getDType() != rt.getDType()) {
      error(binary)
          << "operator '" << op << "' expects operands of the same element "
          << "type, but got " << lt << " and " << rt;
      return SemaType::invalid();
    }
    dtype = lt.getDType();
  }
  bool comparison = binary->isComparison();
  bool equality = binary->getOp() == BinaryExpr::Op::Eq ||
                  binary->getOp() == BinaryExpr::Op::Ne;
  if (dtype == DType::Bool && !equality) {
    error(binary) << "operator '" << op
                                << "' is not defined for bool tensors, but "
                                   "got "
                                << lt << " and " << rt;
    return SemaType::invalid();
  }

  std::optional<Dims> dims = broadcastDims(lt.getDims(), rt.getDims());
  if (!dims) {
    error(binary) << "operands of '" << op
                                << "' cannot be broadcast together: " << lt
                                << " and " << rt;
    return SemaType::invalid();
  }
  if (!weak) {
    adoptDType(binary->getLHS(), dtype);
    adoptDType(binary->getRHS(), dtype);
  }
  const auto &lc = binary->getLHS()->getConstant();
  const auto &rc = binary->getRHS()->getConstant();
  if (weak && lc && rc) {
    std::optional<Constant> folded =
        foldBinary(binary->getOp(), *lc, *rc, binary->getOpRange());
    if (!folded)
      return SemaType::invalid();
    binary->setConstant(folded);
  }
  if (comparison)
    return weak ? SemaType::weakScalar(DType::Bool)
                : SemaType::tensor(DType::Bool, *dims);
  return weak ? SemaType::weakScalar(dtype) : SemaType::tensor(dtype, *dims);
}

SemaType Sema::checkMatMul(BinaryExpr *binary) {
  SemaType lt = binary->getLHS()->getType();
  SemaType rt = binary->getRHS()->getType();
  if (lt.getRank() == 0 || rt.getRank() == 0) {
    error(binary)
        << "operator '@' expects tensors of rank 1 or more, but got " << lt
        << " and " << rt;
    return SemaType::invalid();
  }
  if (lt.getDType() != rt.getDType() || !isFloatDType(lt.getDType())) {
    error(binary)
        << "operator '@' expects floating-point operands of the same element "
           "type, but got "
        << lt << " and " << rt;
    return SemaType::invalid();
  }
  llvm::ArrayRef<Dim> a = lt.getDims(), b = rt.getDims();
  Dim ka = a.back();
  Dim kb = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (ka != kb) {
    error(binary)
        << "operator '@' expects matching contraction dimensions, but got "
        << lt << " @ " << rt << " (" << ka << " vs " << kb << ")";
    return SemaType::invalid();
  }
  // Batch dims broadcast; [m, k] @ [k, n] -> [m, n]; rank-1 sides drop.
  llvm::ArrayRef<Dim> batchA = a.size() > 2 ? a.drop_back(2) : llvm::ArrayRef<Dim>();
  llvm::ArrayRef<Dim> batchB = b.size() > 2 ? b.drop_back(2) : llvm::ArrayRef<Dim>();
  std::optional<Dims> batch = broadcastDims(batchA, batchB);
  if (!batch) {
    error(binary)
        << "operands of '@' have batch dimensions that cannot be broadcast "
           "together: "
        << lt << " and " << rt;
    return SemaType::invalid();
  }
  Dims out = *batch;
  if (a.size() >= 2)
    out.push_back(a[a.size() - 2]);
  if (b.size() >= 2)
    out.push_back(b.back());
  return SemaType::tensor(lt.getDType(), out);
}

bool Sema::requireFloat(const SemaType &type, StringRef callee,
                        const SourceRange &range) {
  if (isFloatDType(type.getDType()))
    return true;
  error(range) << "'" << callee << "' expects a floating-point tensor, but got "
               << type;
  return false;
}

std::optional<int64_t> Sema::normalizeAxis(int64_t axis, const SemaType &type,
                                           const SourceRange &range,
                                           StringRef callee) {
  int64_t rank = type.getRank();
  if (rank == 0) {
    error(range) << "'" << callee << "' expects a tensor with an axis " << axis
                 << ", but got the scalar " << type;
    return std::nullopt;
  }
  if (axis < -rank || axis >= rank) {
    error(range) << "axis " << axis << " of '" << callee
                 << "' is out of range for " << type << " (rank " << rank
                 << ")";
    return std::nullopt;
  }
  return axis < 0 ? axis + rank : axis;
}

SemaType Sema::checkCall(CallExpr *call, Scope &scope) {
  StringRef name = call->getCallee();
  CallResolution &res = call->getResolution();
  auto local = scope.locals.find(name);
  if (local != scope.locals.end()) {
    LocalBinding &b = local->second;
    if (b.param)
      usedParams.insert(b.param);
    if (b.type.isModel()) {
      ModelDecl *model = b.type.getModel();
      if (failedDecls.count(model) || !model->getForward() ||
          model->getForward()->getReturnType().isInvalid())
        return SemaType::invalid();
      res.kind = CallResolution::Kind::Model;
      res.modelParam = b.param;
      res.model = model;
      return checkFunctionCall(call, model->getForward(), name, scope);
    }
    error(call->getCalleeRange())
        << "'" << name << "' is " << (b.param ? "a parameter" : "a let binding")
        << " of type " << b.type << " and cannot be called";
    return SemaType::invalid();
  }
  if (scope.model) {
    if (LayerDecl *layer = scope.model->lookupLayer(name))
      return checkLayerCall(call, layer, scope);
    for (const auto &param : scope.model->getParams()) {
      if (param->getName() == name) {
        error(call->getCalleeRange()) << "model parameter '" << name
                                      << "' cannot be called";
        return SemaType::invalid();
      }
    }
  }
  if (Decl *decl = globals.lookup(name)) {
    if (auto *func = llvm::dyn_cast<FuncDecl>(decl)) {
      // A signature that failed leaves the return type invalid; a body that
      // failed does not change how calls are typed.
      if (func->getReturnType().isInvalid())
        return SemaType::invalid();
      // Check the callee first, so a recursive call is found here.
      int &state = bodyState[func];
      if (state == 1) {
        error(call->getCalleeRange())
            << "recursive call to '" << name << "' is not supported";
        return SemaType::invalid();
      }
      if (state == 0 && !checkBody(func))
        failedDecls.insert(func);
      res.kind = CallResolution::Kind::Function;
      res.function = func;
      return checkFunctionCall(call, func, name, scope);
    }
    if (llvm::isa<ModelDecl>(decl)) {
      error(call->getCalleeRange())
          << "model '" << name
          << "' cannot be called directly; declare a loss or fn parameter of "
             "type "
          << name << " and call that";
      return SemaType::invalid();
    }
    error(call->getCalleeRange())
        << "'" << name << "' is "
        << (llvm::isa<DatasetDecl>(decl) ? "a dataset" : "an environment")
        << " and cannot be called";
    return SemaType::invalid();
  }
  if (const BuiltinSpec *spec = lookupBuiltin(name)) {
    res.kind = CallResolution::Kind::Builtin;
    res.builtin = spec->fn;
    return checkBuiltinCall(call, *spec, scope);
  }
  if (!scope.model) {
    for (const LayerSpec &l : layerSpecs()) {
      if (l.name == name) {
        error(call->getCalleeRange())
            << "layer constructor '" << name
            << "' can only be used in a model declaration";
        return SemaType::invalid();
      }
    }
  }
  auto diag = error(call->getCalleeRange())
              << "unknown function '" << name << "'";
  suggest(diag, name, call->getCalleeRange(), scopeNames(scope, /*calls=*/true));
  return SemaType::invalid();
}

SemaType Sema::checkLayerCall(CallExpr *call, LayerDecl *layer, Scope &scope) {
  CallResolution &res = call->getResolution();
  res.kind = CallResolution::Kind::Layer;
  res.layer = layer;
  usedLayers.insert(layer);
  StringRef name = layer->getName();
  llvm::ArrayRef<Arg> args = call->getArgs();
  if (args.size() != 1 || args[0].isNamed()) {
    error(call->getRange()) << "layer '" << name
                            << "' takes one input tensor, but got "
                            << args.size() << " argument"
                            << (args.size() == 1 ? " (named)" : "s");
    return SemaType::invalid();
  }
  Expr *input = args[0].value.get();
  SemaType t = checkExpr(input, scope);
  if (t.isInvalid() || !layer->getInfo())
    return SemaType::invalid();
  res.operands.push_back(input);
  if (!t.isTensor() || t.isWeak()) {
    error(input->getRange()) << "layer '" << name
                             << "' expects a tensor input, but got "
                             << (t.isWeak() ? "a constant" : t.str());
    return SemaType::invalid();
  }
  const LayerInfo &info = *layer->getInfo();
  auto declaredHere = [&](mlir::InFlightDiagnostic &diag) {
    std::string args;
    for (const NamedConstant &a : info.args)
      args += (args.empty() ? "" : ", ") + a.name.str() + "=" + a.value.str();
    diag.attachNote(layer->getLoc())
        << "layer '" << name << "' is declared here as "
        << getLayerKindName(info.kind) << "(" << args << ")";
  };
  if (t.getDType() != DType::F32) {
    auto diag = error(call->getRange())
                << "layer '" << name << "' expects f32 input, but got " << t;
    declaredHere(diag);
    return SemaType::invalid();
  }
  llvm::ArrayRef<Dim> dims = t.getDims();
  switch (info.kind) {
  case LayerKind::Linear: {
    int64_t in = info.getInt("in_features");
    if (dims.empty() || dims.back() != Dim::known(in)) {
      auto diag = error(call->getRange())
                  << "layer '" << name << "' expects input with " << in
                  << " features, but got " << t;
      if (!dims.empty() && dims.back().isKnown())
        diag << " (" << dims.back().getSize() << " features)";
      declaredHere(diag);
      if (!dims.empty() && dims.back().isKnown())
        explainLayerInput(diag, layer, input, "in_features",
                          dims.back().getSize());
      return SemaType::invalid();
    }
    Dims out(dims.begin(), dims.end());
    out.back() = Dim::known(info.getInt("out_features"));
    return SemaType::tensor(DType::F32, out);
  }
  case LayerKind::Conv2d: {
    int64_t in = info.getInt("in_channels");
    if (dims.size() != 4) {
      auto diag = error(call->getRange())
                  << "layer '" << name
                  << "' expects input of rank 4 [N, C, H, W], but got " << t;
      declaredHere(diag);
      return SemaType::invalid();
    }
    if (dims[1] != Dim::known(in)) {
      auto diag = error(call->getRange())
                  << "layer '" << name << "' expects input with " << in
                  << " channels, but got " << t;
      declaredHere(diag);
      if (dims[1].isKnown())
        explainLayerInput(diag, layer, input, "in_channels",
                          dims[1].getSize());
      return SemaType::invalid();
    }
    if (!dims[2].isKnown() || !dims[3].isKnown()) {
      auto diag = error(call->getRange())
                  << "layer '" << name
                  << "' needs static spatial dimensions, but got " << t;
      declaredHere(diag);
      return SemaType::invalid();
    }
    int64_t k = info.getInt("kernel"), s = info.getInt("stride"),
            p = info.getInt("padding"), d = info.getInt("dilation");
    Dims out = {dims[0], Dim::known(info.getInt("out_channels"))};
    for (int i = 2; i < 4; ++i) {
      auto twoP = checkedMul(2, p, call->getRange(), "the output size");
      if (!twoP)
        return SemaType::invalid();
      auto padded = checkedAdd(dims[i].getSize(), *twoP, call->getRange(),
                               "the output size");
      if (!padded)
        return SemaType::invalid();
      // A dilated kernel spans d·(k - 1) + 1 input elements.
      auto reach = checkedMul(d, k - 1, call->getRange(), "the output size");
      if (!reach)
        return SemaType::invalid();
      int64_t span = *padded - *reach - 1;
      if (span < 0) {
        auto diag = error(call->getRange())
                    << "layer '" << name << "' has kernel " << k
                    << (d != 1 ? " (dilation " + std::to_string(d) + ")" : "")
                    << ", larger than its padded input " << t;
        declaredHere(diag);
        return SemaType::invalid();
      }
      out.push_back(Dim::known(span / s + 1));
    }
    return SemaType::tensor(DType::F32, out);
  }
  case LayerKind::BatchNorm1d:
  case LayerKind::BatchNorm2d: {
    bool is2d = info.kind == LayerKind::BatchNorm2d;
    size_t rank = is2d ? 4 : 2;
    int64_t c = info.getInt("num_features");
    if (dims.size() != rank) {
      auto diag = error(call->getRange())
                  << "layer '" << name << "' expects input of rank " << rank
                  << (is2d ? " [N, C, H, W]" : " [N, C]") << ", but got " << t;
      declaredHere(diag);
      return SemaType::invalid();
    }
    if (dims[1] != Dim::known(c)) {
      auto diag = error(call->getRange())
                  << "layer '" << name << "' expects input with " << c
                  << " channels, but got " << t;
      declaredHere(diag);
      return SemaType::invalid();
    }
    for (const Dim &d : dims.drop_front(2)) {
      if (!d.isKnown()) {
        auto diag = error(call->getRange())
                    << "layer '" << name
                    << "' needs static spatial dimensions, but got " << t;
        declaredHere(diag);
        return SemaType::invalid();
      }
    }
    return t;
  }
  case LayerKind::Dropout:
    return t;
  }
  llvm_unreachable("unknown layer kind");
}

/// The number of elements of one sample (all dims but the first), if known
/// and representable.
static std::optional<int64_t> perSampleElements(const SemaType &type) {
  if (!type.isTensor() || type.getRank() < 2)
    return std::nullopt;
  int64_t n = 1;
  for (const Dim &d : type.getDims().drop_front()) {
    if (!d.isKnown() || llvm::MulOverflow(n, d.getSize(), n))
      return std::nullopt;
  }
  return n;
}

void Sema::explainLayerInput(mlir::InFlightDiagnostic &diag, LayerDecl *layer,
                             Expr *input, StringRef sizeArg, int64_t got) {
  // Where the size came from: walk from the input towards its sources
  // through lets and through calls that keep the elements per sample
  // (flatten, relu, ...), and stop at the first call that changes them.
  Expr *e = input;
  for (unsigned steps = 0; e && steps < kMaxExpressionDepth; ++steps) {
    if (auto *name = llvm::dyn_cast<NameExpr>(e)) {
      const NameResolution &res = name->getResolution();
      if (res.kind == NameResolution::Kind::Let && res.let) {
        e = res.let->getValue();
        continue;
      }
      if (res.kind == NameResolution::Kind::Param && res.param &&
          e != input)
        diag.attachNote(res.param->getLoc())
            << "'" << name->getName() << "' is declared here as "
            << res.param->getType();
      break;
    }
    auto *call = llvm::dyn_cast<CallExpr>(e);
    if (!call || call->getResolution().operands.empty())
      break;
    Expr *operand = call->getResolution().operands.front();
    if (!operand->getType().isTensor() || !call->getType().isTensor())
      break;
    std::optional<int64_t> before = perSampleElements(operand->getType());
    std::optional<int64_t> after = perSampleElements(call->getType());
    if (before && after && *before == *after) {
      e = operand;
      continue;
    }
    diag.attachNote(rangeLoc(call->getRange()))
        << "the input gets its shape here: '" << call->getCallee()
        << "' turns " << operand->getType() << " into " << call->getType();
    break;
  }

  // The declaration that would accept this input.
  const Arg *sizeExpr = nullptr;
  llvm::ArrayRef<Arg> args = layer->getArgs();
  for (const Arg &arg : args)
    if (arg.name == sizeArg)
      sizeExpr = &arg;
  if (!sizeExpr && !args.empty() && !args.front().isNamed())
    sizeExpr = &args.front();
  if (!sizeExpr || !sizeExpr->value || !layer->getInfo())
    return;
  const LayerInfo &info = *layer->getInfo();
  std::string decl;
  llvm::raw_string_ostream os(decl);
  if (info.kind == LayerKind::Linear) {
    os << "Linear(" << got << ", " << info.getInt("out_features");
  } else {
    os << "Conv2d(" << got << ", " << info.getInt("out_channels")
       << ", kernel: " << info.getInt("kernel");
    if (info.getInt("stride") != 1)
      os << ", stride: " << info.getInt("stride");
    if (info.getInt("padding") != 0)
      os << ", padding: " << info.getInt("padding");
    if (info.getInt("dilation") != 1)
      os << ", dilation: " << info.getInt("dilation");
  }
  if (!info.hasBias())
    os << ", bias: false";
  os << ")";
  diag.attachNote(fixItLoc(sizeExpr->value->getRange(), std::to_string(got)))
      << "if this input is intended, declare '" << layer->getName()
      << "' as " << decl;
}

SemaType Sema::checkFunctionCall(CallExpr *call, FuncDecl *callee,
                                 StringRef calleeDesc, Scope &scope) {
  CallResolution &res = call->getResolution();
  std::vector<ArgSpec> specs;
  for (const auto &param : callee->getParams())
    specs.push_back(required(param->getName(), ArgKind::Tensor));
  auto bound = bindArgs(calleeDesc, call->getCalleeRange(), specs,
                        call->getArgs());
  if (!bound)
    return SemaType::invalid();
  Bindings bindings;
  for (size_t i = 0; i < specs.size(); ++i) {
    ParamDecl *param = callee->getParams()[i].get();
    Expr *arg = (*bound)[i]->value.get();
    SemaType t = checkExpr(arg, scope);
    if (t.isInvalid())
      return t;
    res.operands.push_back(arg);
    const SemaType &expected = param->getType();
    if (expected.isModel()) {
      if (!t.isModel() || t.getModel() != expected.getModel()) {
        error(arg->getRange()) << "argument '" << param->getName() << "' of '"
                               << calleeDesc << "' expects a model of type "
                               << expected << ", but got " << t;
        return SemaType::invalid();
      }
      continue;
    }
    if (!t.isTensor()) {
      error(arg->getRange()) << "argument '" << param->getName() << "' of '"
                             << calleeDesc << "' expects " << expected
                             << ", but got " << t;
      return SemaType::invalid();
    }
    if (t.isWeak()) {
      std::optional<DType> adopted =
          adoptedDType(t.getDType(), expected.getDType());
      if (!adopted || expected.getRank() != 0) {
        auto diag = error(arg->getRange())
                    << "argument '" << param->getName() << "' of '"
                    << calleeDesc << "' expects " << expected
                    << ", but got the constant";
        if (arg->getConstant())
          diag << " " << *arg->getConstant();
        return SemaType::invalid();
      }
      adoptDType(arg, *adopted);
      continue;
    }
    if (t.getDType() != expected.getDType() ||
        !unifyDims(expected.getDims(), t.getDims(), bindings)) {
      error(arg->getRange()) << "argument '" << param->getName() << "' of '"
                             << calleeDesc << "' expects "
                             << substituteType(expected, bindings)
                             << ", but got " << t;
      return SemaType::invalid();
    }
  }
  res.symbolBindings.assign(bindings.begin(), bindings.end());
  return substituteType(callee->getReturnType(), bindings);
}

/// max_pool2d/avg_pool2d: a float [N, C, H, W] input with static H, W, a
/// window that fits the padded input, padding at most half the kernel (as
/// PyTorch requires). Records the stride (default: the kernel) in `res`.
SemaType Sema::checkPooling(CallResolution &res, const SemaType &x,
                            StringRef callee, const SourceRange &range) {
  if (!requireFloat(x, callee, range))
    return SemaType::invalid();
  if (x.getRank() != 4 || !x.getDims()[2].isKnown() ||
      !x.getDims()[3].isKnown()) {
    error(range) << "'" << callee
                 << "' expects input [N, C, H, W] with static H and W, but got "
                 << x;
    return SemaType::invalid();
  }
  int64_t kernel = lookupArg(res.attrs, "kernel")->getInt();
  const Constant *strideArg = lookupArg(res.attrs, "stride");
  int64_t stride = strideArg ? strideArg->getInt() : kernel;
  int64_t padding = lookupArg(res.attrs, "padding")->getInt();
  for (auto [what, value, min] :
       {std::tuple{"kernel", kernel, int64_t(1)},
        std::tuple{"stride", stride, int64_t(1)},
        std::tuple{"padding", padding, int64_t(0)}}) {
    if (value < min) {
      error(range) << "argument '" << what << "' of '" << callee
                   << "' must be " << (min == 0 ? "non-negative" : "positive")
                   << ", but got " << value;
      return SemaType::invalid();
    }
  }
  if (padding > kernel / 2) {
    error(range) << "argument 'padding' of '" << callee
                 << "' must be at most half the kernel (" << kernel
                 << "), but got " << padding;
    return SemaType::invalid();
  }
  if (!strideArg)
    res.attrs.push_back({"stride", Constant::ofInt(stride)});
  Dims out = {x.getDims()[0], x.getDims()[1]};
  for (int i = 2; i < 4; ++i) {
    auto padded = checkedAdd(x.getDims()[i].getSize(), 2 * padding, range,
                             "the output size");
    if (!padded)
      return SemaType::invalid();
    if (*padded < kernel) {
      error(range) << "'" << callee << "' has kernel " << kernel
                   << ", larger than its padded input " << x;
      return SemaType::invalid();
    }
    out.push_back(Dim::known((*padded - kernel) / stride + 1));
  }
  return x.withDims(out);
}

SemaType Sema::checkBuiltinCall(CallExpr *call, const BuiltinSpec &spec,
                                Scope &scope) {
  CallResolution &res = call->getResolution();
  StringRef name = spec.name;
  auto bound = bindArgs(name, call->getCalleeRange(), spec.args,
                        call->getArgs());
  if (!bound)
    return SemaType::invalid();
  llvm::SmallVector<SemaType, 3> tensors;
  std::optional<int64_t> axisArg;
  for (size_t i = 0; i < spec.args.size(); ++i) {
    const ArgSpec &argSpec = spec.args[i];
    const Arg *arg = (*bound)[i];
    if (argSpec.kind == ArgKind::Tensor) {
      Expr *e = arg->value.get();
      SemaType t = checkExpr(e, scope);
      if (t.isInvalid())
        return t;
      if (!t.isTensor()) {
        error(e->getRange()) << "argument '" << argSpec.name << "' of '"
                             << name << "' expects a tensor, but got " << t;
        return SemaType::invalid();
      }
      res.operands.push_back(e);
      tensors.push_back(t);
      continue;
    }
    std::optional<Constant> value;
    if (!arg) {
      if (!argSpec.defaultValue)
        continue;
      value = argSpec.defaultValue;
    } else {
      SemaType t = checkExpr(arg->value.get(), scope);
      if (t.isInvalid())
        return t;
      if (!arg->value->getConstant()) {
        error(arg->value->getRange())
            << "argument '" << argSpec.name << "' of '" << name
            << "' must be a compile-time constant";
        return SemaType::invalid();
      }
      value = checkConstKind(*arg->value->getConstant(), argSpec.kind,
                             arg->value->getRange(),
                             [&](mlir::InFlightDiagnostic &d) {
                               d << "argument '" << argSpec.name << "' of '"
                                 << name << "'";
                             });
      if (!value)
        return SemaType::invalid();
    }
    if (argSpec.name == "axis")
      axisArg = value->getInt();
    else
      res.attrs.push_back({argSpec.name, *value});
  }

  // Weak constants passed to built-ins become ordinary scalars.
  for (Expr *e : res.operands)
    strengthen(e);
  for (size_t i = 0; i < tensors.size(); ++i)
    tensors[i] = res.operands[i]->getType();
  SourceRange range = call->getRange();
  const SemaType &x = tensors[0];

  switch (spec.fn) {
  case BuiltinFn::Relu:
  case BuiltinFn::Abs:
  case BuiltinFn::StopGradient:
    if (x.getDType() == DType::Bool) {
      error(range) << "'" << name << "' expects a numeric tensor, but got "
                   << x;
      return SemaType::invalid();
    }
    return x;
  case BuiltinFn::Exp:
  case BuiltinFn::Log:
  case BuiltinFn::Tanh:
  case BuiltinFn::Sigmoid:
  case BuiltinFn::Huber:
  case BuiltinFn::LeakyRelu:
  case BuiltinFn::Gelu:
  case BuiltinFn::Pow:
    if (!requireFloat(x, name, range))
      return SemaType::invalid();
    return x;
  case BuiltinFn::Softmax:
  case BuiltinFn::LogSoftmax: {
    if (!requireFloat(x, name, range))
      return SemaType::invalid();
    res.axis = normalizeAxis(*axisArg, x, range, name);
    if (!res.axis)
      return SemaType::invalid();
    return x;
  }
  case BuiltinFn::Flatten: {
    if (x.getRank() == 0) {
      error(range) << "'flatten' expects a tensor of rank 1 or more, but got "
                   << x;
      return SemaType::invalid();
    }
    if (x.getRank() == 1)
      return x;
    int64_t n = 1;
    for (const Dim &d : x.getDims().drop_front()) {
      if (!d.isKnown()) {
        error(range) << "'flatten' needs static dimensions after the first, "
                        "but got "
                     << x;
        return SemaType::invalid();
      }
      auto m = checkedMul(n, d.getSize(), range, "'flatten'");
      if (!m)
        return SemaType::invalid();
      n = *m;
    }
    return x.withDims({x.getDims().front(), Dim::known(n)});
  }
  case BuiltinFn::Mean:
  case BuiltinFn::Sum:
  case BuiltinFn::Max: {
    if (spec.fn == BuiltinFn::Mean ? !requireFloat(x, name, range)
                                   : x.getDType() == DType::Bool) {
      if (spec.fn != BuiltinFn::Mean)
        error(range) << "'" << name << "' expects a numeric tensor, but got "
                     << x;
      return SemaType::invalid();
    }
    if (!axisArg)
      return SemaType::tensor(x.getDType());
    res.axis = normalizeAxis(*axisArg, x, range, name);
    if (!res.axis)
      return SemaType::invalid();
    Dims out(x.getDims().begin(), x.getDims().end());
    out.erase(out.begin() + *res.axis);
    return x.withDims(out);
  }
  case BuiltinFn::Gather: {
    const SemaType &index = tensors[1];
    res.axis = normalizeAxis(*axisArg, x, range, name);
    if (!res.axis)
      return SemaType::invalid();
    if (!isIntegerDType(index.getDType())) {
      error(res.operands[1]->getRange())
          << "'gather' expects an integer index, but got " << index;
      return SemaType::invalid();
    }
    Dims expected(x.getDims().begin(), x.getDims().end());
    expected.erase(expected.begin() + *res.axis);
    if (llvm::ArrayRef<Dim>(expected) != index.getDims()) {
      error(res.operands[1]->getRange())
          << "'gather' expects an index of shape "
          << SemaType::tensor(index.getDType(), expected)
          << " (the source shape without axis " << *res.axis
          << "), but got " << index;
      return SemaType::invalid();
    }
    return x.withDims(expected);
  }
  case BuiltinFn::Where: {
    const SemaType &cond = tensors[0], &a = tensors[1], &b = tensors[2];
    if (cond.getDType() != DType::Bool) {
      error(res.operands[0]->getRange())
          << "'where' expects a bool condition, but got " << cond;
      return SemaType::invalid();
    }
    if (a.getDType() != b.getDType()) {
      error(range) << "'where' expects branches of the same element type, but "
                      "got "
                   << a << " and " << b;
      return SemaType::invalid();
    }
    std::optional<Dims> dims = broadcastDims(cond.getDims(), a.getDims());
    if (dims)
      dims = broadcastDims(*dims, b.getDims());
    if (!dims) {
      error(range) << "arguments of 'where' cannot be broadcast together: "
                   << cond << ", " << a << " and " << b;
      return SemaType::invalid();
    }
    return SemaType::tensor(a.getDType(), *dims);
  }
  case BuiltinFn::MaxPool2d:
  case BuiltinFn::AvgPool2d:
    return checkPooling(res, x, name, range);
  case BuiltinFn::AdaptiveAvgPool2d: {
    if (!requireFloat(x, name, range))
      return SemaType::invalid();
    if (x.getRank() != 4) {
      error(range) << "'adaptive_avg_pool2d' expects input of rank 4 [N, C, "
                      "H, W], but got "
                   << x;
      return SemaType::invalid();
    }
    int64_t o = lookupArg(res.attrs, "output_size")->getInt();
    if (o <= 0) {
      error(range) << "argument 'output_size' of 'adaptive_avg_pool2d' must "
                      "be positive, but got "
                   << o;
      return SemaType::invalid();
    }
    return x.withDims(
        {x.getDims()[0], x.getDims()[1], Dim::known(o), Dim::known(o)});
  }
  case BuiltinFn::Mse:
  case BuiltinFn::Bce: {
    const SemaType &target = tensors[1];
    if (!requireFloat(x, name, range))
      return SemaType::invalid();
    if (x != target) {
      error(range) << "'" << name
                   << "' expects prediction and target of the same type, but "
                      "got "
                   << x << " and " << target;
      return SemaType::invalid();
    }
    return SemaType::tensor(x.getDType());
  }
  case BuiltinFn::CrossEntropy: {
    const SemaType &target = tensors[1];
    if (!requireFloat(x, name, range))
      return SemaType::invalid();
    if (x.getRank() != 2) {
      error(range) << "'cross_entropy' expects logits of rank 2 [N, C], but "
                      "got "
                   << x;
      return SemaType::invalid();
    }
    bool indices = isIntegerDType(target.getDType()) &&
                   target.getDims() == x.getDims().take_front(1);
    if (!indices && target != x) {
      error(range) << "'cross_entropy' expects class indices "
                   << SemaType::tensor(DType::I32, x.getDims().take_front(1))
                   << " or probabilities " << x << " as target, but got "
                   << target;
      return SemaType::invalid();
    }
    return SemaType::tensor(x.getDType());
  }
  }
  llvm_unreachable("unknown builtin");
}

//===----------------------------------------------------------------------===//
// Bodies
//===----------------------------------------------------------------------===//

bool Sema::checkBody(FuncDecl *func) {
  bodyState[func] = 1;
  bool ok = checkBodyImpl(func);
  bodyState[func] = 2;
  return ok;
}

bool Sema::checkBodyImpl(FuncDecl *func) {
  Scope scope;
  scope.func = func;
  scope.model = func->getParentModel();
  for (const auto &param : func->getParams()) {
    LocalBinding b;
    b.param = param.get();
    b.type = param->getType();
    b.range = param->getRange();
    scope.locals[param->getName()] = b;
  }
  std::string what = func->isForward()
                         ? ("forward of model '" +
                            func->getParentModel()->getName() + "'")
                               .str()
                         : ("'" + func->getName() + "'").str();
  llvm::ArrayRef<std::unique_ptr<Stmt>> body = func->getBody();
  if (body.empty() || !llvm::isa<ReturnStmt>(body.back().get())) {
    auto *firstReturn = llvm::find_if(body, [](const auto &s) {
      return llvm::isa<ReturnStmt>(s.get());
    });
    if (firstReturn != body.end()) {
      error((*(firstReturn + 1))->getRange())
          << "statement after the return of " << what;
      return false;
    }
    error(func->getNameRange()) << what << " must end with a return statement";
    return false;
  }
  for (size_t i = 0; i + 1 < body.size(); ++i) {
    if (llvm::isa<ReturnStmt>(body[i].get())) {
      error(body[i + 1]->getRange())
          << "statement after the return of " << what;
      return false;
    }
  }

  for (const auto &stmt : body) {
    if (auto *let = llvm::dyn_cast<LetStmt>(stmt.get())) {
      StringRef n = let->getName();
      const SourceRange *previous = nullptr;
      auto it = scope.locals.find(n);
      if (it != scope.locals.end())
        previous = &it->second.range;
      LayerDecl *layer = scope.model ? scope.model->lookupLayer(n) : nullptr;
      if (layer)
        previous = &layer->getNameRange();
      if (scope.model && !previous)
        for (const auto &param : scope.model->getParams())
          if (param->getName() == n)
            previous = &param->getRange();
      if (previous) {
        auto diag = error(let->getNameRange()) << "redefinition of '" << n
                                               << "'";
        diag.attachNote(loc(*previous)) << "previous definition is here";
        return false;
      }
      SemaType t = checkExpr(let->getValue(), scope);
      if (t.isInvalid())
        return false;
      if (TypeExpr *declared = let->getTypeExpr()) {
        std::optional<SemaType> d =
            resolveType(declared, scope.model, TypeUse::Let);
        if (!d)
          return false;
        if (t.isWeak() && d->isScalar() &&
            adoptedDType(t.getDType(), d->getDType())) {
          adoptDType(let->getValue(), d->getDType());
          t = *d;
        }
        if (t != *d) {
          error(let->getValue()->getRange())
              << "'" << n << "' is declared as " << *d
              << ", but its value is " << t;
          return false;
        }
      }
      LocalBinding b;
      b.let = let;
      b.type = t;
      b.range = let->getNameRange();
      if (t.isWeak())
        b.constant = let->getValue()->getConstant();
      scope.locals[n] = b;
      continue;
    }
    auto *ret = llvm::cast<ReturnStmt>(stmt.get());
    Expr *value = ret->getValue();
    SemaType t = checkExpr(value, scope);
    if (t.isInvalid())
      return false;
    const SemaType &declared = func->getReturnType();
    if (t.isWeak() && declared.isScalar() &&
        adoptedDType(t.getDType(), declared.getDType())) {
      adoptDType(value, declared.getDType());
      t = declared;
    }
    if (t != declared) {
      auto diag = error(value->getRange())
                  << what << " returns " << t
                  << ", but its declared return type is " << declared;
      diag.attachNote(rangeLoc(func->getReturnTypeExpr()->getRange()))
          << "return type declared here";
      return false;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Train blocks
//===----------------------------------------------------------------------===//

std::optional<int64_t> Sema::intOption(const TrainOption &option,
                                       int64_t min) {
  std::optional<Constant> v = evalConst(option.value.get(), nullptr);
  if (!v)
    return std::nullopt;
  if (!v->isInt()) {
    error(option.value->getRange()) << "train option '" << option.name
                                    << "' expects an int, but got "
                                    << describeConstant(*v);
    return std::nullopt;
  }
  if (v->getInt() < min) {
    error(option.value->getRange())
        << "train option '" << option.name << "' must be "
        << (min > 0 ? "positive" : "non-negative") << ", but got "
        << v->getInt();
    return std::nullopt;
  }
  return v->getInt();
}

std::optional<double> Sema::floatOption(const TrainOption &option) {
  std::optional<Constant> v = evalConst(option.value.get(), nullptr);
  if (!v)
    return std::nullopt;
  if (!v->isNumeric()) {
    error(option.value->getRange()) << "train option '" << option.name
                                    << "' expects a float, but got "
                                    << describeConstant(*v);
    return std::nullopt;
  }
  return v->getFloat();
}

std::optional<Period> Sema::periodOf(const TrainOption &option) {
  Period period;
  if (!option.every)
    return period;
  std::optional<Constant> v = evalConst(option.every.get(), nullptr);
  if (!v)
    return std::nullopt;
  if (!v->isInt() || v->getInt() <= 0) {
    error(option.every->getRange())
        << "'every' expects a positive int, but got " << describeConstant(*v);
    return std::nullopt;
  }
  period.every = v->getInt();
  StringRef unit = option.everyUnit;
  if (unit == "epoch" || unit == "epochs") {
    period.unit = PeriodUnit::Epoch;
  } else if (unit == "step" || unit == "steps") {
    period.unit = PeriodUnit::Step;
  } else {
    auto diag = error(option.everyUnitRange) << "unknown unit '" << unit
                                             << "'; expected epoch or step";
    suggest(diag, unit, option.everyUnitRange,
            {"epoch", "epochs", "step", "steps"});
    return std::nullopt;
  }
  return period;
}

/// The range of argument `name` in `args`, or `fallback` when it is not
/// written (a default).
static SourceRange getArgRange(llvm::ArrayRef<Arg> args, StringRef name,
                               const SourceRange &fallback) {
  for (const Arg &arg : args)
    if (arg.name == name)
      return arg.value->getRange();
  return fallback;
}

/// `optimizer = sgd(...) | adam(...) | adamw(...)`, or a bare name for the
/// defaults. Values PyTorch rejects are errors here.
bool Sema::checkOptimizer(Expr *value, OptimizerConfig &opt) {
  StringRef ctor;
  SourceRange ctorRange = value->getRange();
  llvm::ArrayRef<Arg> args;
  if (auto *n = llvm::dyn_cast<NameExpr>(value)) {
    ctor = n->getName();
  } else if (auto *c = llvm::dyn_cast<CallExpr>(value)) {
    ctor = c->getCallee();
    ctorRange = c->getCalleeRange();
    args = c->getArgs();
  } else {
    error(value->getRange()) << "train option 'optimizer' expects sgd(...), "
                                "adam(...) or adamw(...)";
    return false;
  }
  const std::vector<ArgSpec> *spec = nullptr;
  if (ctor == "sgd") {
    opt.kind = OptimizerKind::SGD;
    opt.name = "sgd";
    spec = &sgdSpec();
  } else if (ctor == "adam" || ctor == "adamw") {
    opt.kind = OptimizerKind::Adam;
    opt.decoupledWeightDecay = ctor == "adamw";
    opt.name = opt.decoupledWeightDecay ? "adamw" : "adam";
    spec = opt.decoupledWeightDecay ? &adamwSpec() : &adamSpec();
  } else {
    auto diag = error(ctorRange) << "unknown optimizer '" << ctor
                                 << "'; expected sgd, adam or adamw";
    suggest(diag, ctor, ctorRange, {"sgd", "adam", "adamw"});
    return false;
  }
  auto values = evalArgs(ctor, ctorRange, *spec, args, nullptr);
  if (!values)
    return false;
  opt.args.assign(values->begin(), values->end());
  for (const NamedConstant &a : opt.args) {
    if (a.name == "nesterov") {
      opt.nesterov = a.value.getBool();
      continue;
    }
    double v = a.value.getFloat();
    bool ok = true;
    const char *rule = "";
    if (a.name == "lr" || a.name == "eps") {
      ok = v > 0;
      rule = "positive";
    } else if (a.name == "weight_decay") {
      ok = v >= 0;
      rule = "non-negative";
    } else if (a.name == "dampening") {
      ok = v >= 0 && v <= 1;
      rule = "in [0, 1]";
    } else {
      ok = v >= 0 && v < 1;
      rule = "in [0, 1)";
    }
    if (!ok) {
      error(getArgRange(args, a.name, ctorRange))
          << "argument '" << a.name << "' of '" << ctor << "' must be "
          << rule << ", but got " << a.value;
      return false;
    }
    if (a.name == "lr")
      opt.lr = v;
    else if (a.name == "momentum")
      opt.momentum = v;
    else if (a.name == "dampening")
      opt.dampening = v;
    else if (a.name == "weight_decay")
      opt.weightDecay = v;
    else if (a.name == "beta1")
      opt.beta1 = v;
    else if (a.name == "beta2")
      opt.beta2 = v;
    else if (a.name == "eps")
      opt.eps = v;
  }
  // As torch.optim.SGD: Nesterov needs a momentum and no dampening.
  if (opt.nesterov && (opt.momentum == 0 || opt.dampening != 0)) {
    error(getArgRange(args, "nesterov", ctorRange))
        << "nesterov momentum requires a positive momentum and zero "
           "dampening, but got momentum "
        << Constant::ofFloat(opt.momentum) << " and dampening "
        << Constant::ofFloat(opt.dampening);
    return false;
  }
  return true;
}

/// `lr_schedule = step(...) | cosine(...) | warmup(...)`, or stages joined
/// by `|>` (`warmup(steps: 100) |> cosine(steps: 900)`), which parses as
/// calls whose first argument is the previous stage.
bool Sema::checkLRSchedule(Expr *value, LRSchedule &schedule) {
  llvm::SmallVector<CallExpr *, 2> calls;
  Expr *e = value;
  while (auto *c = llvm::dyn_cast<CallExpr>(e)) {
    calls.insert(calls.begin(), c);
    if (!c->isPipe())
      break;
    e = c->getArgs().front().value.get();
  }
  if (calls.empty() || calls.front()->isPipe()) {
    error(e->getRange()) << "train option 'lr_schedule' expects step(...), "
                            "cosine(...) or warmup(...), or stages joined "
                            "by |>";
    return false;
  }
  for (auto [index, call] : llvm::enumerate(calls)) {
    StringRef name = call->getCallee();
    SourceRange nameRange = call->getCalleeRange();
    const LRStageSpec *spec = nullptr;
    for (const LRStageSpec &s : lrStageSpecs())
      if (s.name == name)
        spec = &s;
    if (!spec) {
      auto diag = error(nameRange) << "unknown learning-rate schedule '"
                                   << name
                                   << "'; expected step, cosine or warmup";
      suggest(diag, name, nameRange, {"step", "cosine", "warmup"});
      return false;
    }
    llvm::ArrayRef<Arg> args = call->getArgs();
    if (call->isPipe())
      args = args.drop_front();
    auto values = evalArgs(name, nameRange, spec->args, args, nullptr);
    if (!values)
      return false;
    LRStage stage;
    stage.kind = spec->kind;
    StringRef lengthName = spec->kind == LRStageKind::Step ? "every" : "steps";
    stage.steps = lookupArg(*values, lengthName)->getInt();
    if (stage.steps <= 0) {
      error(getArgRange(args, lengthName, nameRange))
          << "argument '" << lengthName << "' of '" << name
          << "' must be positive, but got " << stage.steps;
      return false;
    }
    auto reject = [&](StringRef arg, StringRef rule, double v) {
      error(getArgRange(args, arg, nameRange))
          << "argument '" << arg << "' of '" << name << "' must be " << rule
          << ", but got " << Constant::ofFloat(v);
      return false;
    };
    switch (spec->kind) {
    case LRStageKind::Step:
      stage.gamma = lookupArg(*values, "gamma")->getFloat();
      if (!(stage.gamma > 0))
        return reject("gamma", "positive", stage.gamma);
      break;
    case LRStageKind::Cosine:
      stage.minLr = lookupArg(*values, "min_lr")->getFloat();
      if (!(stage.minLr >= 0))
        return reject("min_lr", "non-negative", stage.minLr);
      break;
    case LRStageKind::Warmup:
      stage.startFactor = lookupArg(*values, "start_factor")->getFloat();
      if (!(stage.startFactor > 0 && stage.startFactor <= 1))
        return reject("start_factor", "in (0, 1]", stage.startFactor);
      break;
    }
    if (spec->kind == LRStageKind::Step && index + 1 < calls.size()) {
      error(nameRange) << "a 'step' schedule never ends, so no stage can "
                          "follow it";
      return false;
    }
    schedule.stages.push_back(stage);
  }
  return true;
}

bool Sema::checkSupervisedShapes(TrainDecl *train, TrainConfig &config) {
  ModelDecl *model = config.model;
  FuncDecl *forward = model->getForward();
  DatasetDecl *dataset = config.dataset;
  const DatasetInfo &ds = *dataset->getInfo();
  if (forward->getParams().size() != 1) {
    error(train->getModelRange())
        << "model '" << model->getName() << "' is trained on dataset '"
        << dataset->getName() << "', so its forward must take one input, "
        << "but it takes " << forward->getParams().size();
    return false;
  }
  SemaType input = batched(ds.sampleInput);
  SemaType target = batched(ds.sampleTarget);
  ParamDecl *param = forward->getParams()[0].get();
  Bindings bindings;
  if (param->getType().getDType() != input.getDType() ||
      !unifyDims(param->getType().getDims(), input.getDims(), bindings)) {
    auto diag = error(train->getDataRange())
                << "model '" << model->getName() << "' expects input "
                << param->getType() << ", but dataset '" << dataset->getName()
                << "' provides " << input;
    diag.attachNote(param->getLoc()) << "forward input declared here";
    return false;
  }
  SemaType output = substituteType(forward->getReturnType(), bindings);
  config.inputType = input;
  config.targetType = target;
  config.outputType = output;

  const TrainOption *lossOption = nullptr;
  for (const TrainOption &o : train->getOptions())
    if (o.name == "loss")
      lossOption = &o;
  SourceRange lossRange = lossOption->value->getRange();
  auto mismatch = [&](StringRef what) {
    auto diag = error(lossRange);
    diag << "loss '"
         << (config.userLoss ? config.userLoss->getName()
                             : getLossKindName(config.loss))
         << "' " << what << ", but model '" << model->getName()
         << "' outputs " << output << " and dataset '" << dataset->getName()
         << "' provides targets " << target;
    return false;
  };
  switch (config.loss) {
  case LossKind::MSE:
  case LossKind::Huber:
  case LossKind::BCE:
    if (!isFloatDType(output.getDType()) || output != target)
      return mismatch("expects the model output and the target to have the "
                      "same type");
    break;
  case LossKind::CrossEntropy: {
    bool logits = output.getRank() == 2 && isFloatDType(output.getDType());
    bool indices = isIntegerDType(target.getDType()) &&
                   target.getDims() == output.getDims().take_front(1);
    if (!logits || (!indices && target != output))
      return mismatch("expects logits [B, C] with class-index targets [B] or "
                      "probabilities [B, C]");
    break;
  }
  case LossKind::User: {
    FuncDecl *loss = config.userLoss;
    if (loss->getParams().size() != 2) {
      error(lossRange) << "loss '" << loss->getName()
                       << "' must take (prediction, target) to train on "
                          "dataset '"
                       << dataset->getName() << "', but it takes "
                       << loss->getParams().size() << " parameters";
      return false;
    }
    Bindings lb;
    const SemaType *actual[2] = {&output, &target};
    const char *role[2] = {"model '" , "dataset '"};
    for (int i = 0; i < 2; ++i) {
      ParamDecl *p = loss->getParams()[i].get();
      const SemaType &expected = p->getType();
      if (!expected.isTensor() || expected.getDType() != actual[i]->getDType() ||
          !unifyDims(expected.getDims(), actual[i]->getDims(), lb)) {
        auto diag = error(lossRange)
                    << "loss '" << loss->getName() << "' expects "
                    << (i == 0 ? "prediction " : "target ")
                    << substituteType(expected, lb) << ", but " << role[i]
                    << (i == 0 ? model->getName() : dataset->getName())
                    << (i == 0 ? "' outputs " : "' provides ") << *actual[i];
        diag.attachNote(p->getLoc()) << "parameter declared here";
        return false;
      }
      LossParamBinding b;
      b.param = p;
      b.role = i == 0 ? LossParamRole::Prediction : LossParamRole::Target;
      config.lossBindings.push_back(b);
    }
    break;
  }
  }

  if (config.eval) {
    DatasetDecl *evalSet = config.eval->dataset;
    const DatasetInfo &es = *evalSet->getInfo();
    const TrainOption *evalOption = nullptr;
    for (const TrainOption &o : train->getOptions())
      if (o.name == "eval")
        evalOption = &o;
    if (es.sampleInput != ds.sampleInput || es.sampleTarget != ds.sampleTarget) {
      error(evalOption->value->getRange())
          << "eval dataset '" << evalSet->getName() << "' provides samples "
          << es.sampleInput << " with targets " << es.sampleTarget
          << ", but training dataset '" << dataset->getName() << "' provides "
          << ds.sampleInput << " with targets " << ds.sampleTarget;
      return false;
    }
    for (size_t i = 0; i < config.eval->metrics.size(); ++i) {
      if (config.eval->metrics[i] != Metric::Accuracy)
        continue;
      bool classification =
          output.getRank() == 2 && isIntegerDType(target.getDType()) &&
          target.getRank() == 1;
      if (!classification) {
        error(evalOption->metrics[i].second)
            << "metric 'accuracy' needs a classifier with output [B, C] and "
               "class-index targets [B], but model '"
            << model->getName() << "' outputs " << output
            << " and the targets are " << target;
        return false;
      }
    }
  }
  return true;
}

bool Sema::checkQLearningShapes(
    TrainDecl *train, TrainConfig &config,
    const llvm::StringMap<const TrainOption *> &given) {
  ModelDecl *model = config.model;
  FuncDecl *forward = model->getForward();
  EnvironmentDecl *env = config.environment;
  const EnvInfo &info = *env->getInfo();
  if (forward->getParams().size() != 1) {
    error(train->getModelRange())
        << "model '" << model->getName() << "' is trained on environment '"
        << env->getName() << "', so its forward must take one input, but it "
        << "takes " << forward->getParams().size();
    return false;
  }
  SemaType obs = batched(info.observation);
  ParamDecl *param = forward->getParams()[0].get();
  Bindings bindings;
  if (param->getType().getDType() != obs.getDType() ||
      !unifyDims(param->getType().getDims(), obs.getDims(), bindings)) {
    auto diag = error(train->getDataRange())
                << "model '" << model->getName() << "' expects input "
                << param->getType() << ", but environment '" << env->getName()
                << "' provides observations " << obs;
    diag.attachNote(param->getLoc()) << "forward input declared here";
    return false;
  }
  SemaType output = substituteType(forward->getReturnType(), bindings);
  SemaType expectedOutput = SemaType::tensor(
      DType::F32, {Dim::symbolic("B"), Dim::known(info.numActions)});
  if (output != expectedOutput) {
    error(train->getModelRange())
        << "q_learning needs model '" << model->getName() << "' to output "
        << expectedOutput << " (one value per action of '" << env->getName()
        << "'), but it outputs " << output;
    return false;
  }
  SemaType actions = SemaType::tensor(DType::I32, {Dim::symbolic("B")});
  SemaType perStep = SemaType::tensor(DType::F32, {Dim::symbolic("B")});
  config.inputType = obs;
  config.targetType = actions;
  config.outputType = output;

  SourceRange lossRange = given.lookup("loss")->value->getRange();
  if (config.loss != LossKind::User) {
    error(lossRange) << "q_learning needs a loss declared with 'loss' that "
                        "takes the online and target networks, but got "
                        "built-in '"
                     << getLossKindName(config.loss) << "'";
    return false;
  }
  FuncDecl *loss = config.userLoss;
  Bindings lb;
  unsigned models = 0;
  for (const auto &p : loss->getParams()) {
    LossParamBinding b;
    b.param = p.get();
    const SemaType &type = p->getType();
    if (type.isModel()) {
      if (type.getModel() != model) {
        auto diag = error(lossRange)
                    << "parameter '" << p->getName() << "' of loss '"
                    << loss->getName() << "' has type " << type
                    << ", but the trained model is " << model->getName();
        diag.attachNote(p->getLoc()) << "parameter declared here";
        return false;
      }
      if (models == 2) {
        auto diag = error(lossRange)
                    << "loss '" << loss->getName()
                    << "' has more than two model parameters; q_learning "
                       "passes the online and the target network";
        diag.attachNote(p->getLoc()) << "parameter declared here";
        return false;
      }
      b.role = models++ == 0 ? LossParamRole::OnlineModel
                             : LossParamRole::TargetModel;
      config.lossBindings.push_back(b);
      continue;
    }
    const SemaType *provided = nullptr;
    StringRef n = p->getName();
    SemaType optionType = SemaType::tensor(DType::F32);
    if (n == "s") {
      b.role = LossParamRole::State;
      provided = &obs;
    } else if (n == "a") {
      b.role = LossParamRole::Action;
      provided = &actions;
    } else if (n == "r") {
      b.role = LossParamRole::Reward;
      provided = &perStep;
    } else if (n == "s2") {
      b.role = LossParamRole::NextState;
      provided = &obs;
    } else if (n == "done") {
      b.role = LossParamRole::Done;
      provided = &perStep;
    } else if (n == "gamma") {
      b.role = LossParamRole::Option;
      b.optionValue = config.qlearning.gamma;
      provided = &optionType;
    } else {
      auto diag = error(lossRange)
                  << "parameter '" << n << "' of loss '" << loss->getName()
                  << "' is not bound by q_learning: expected a model, s, a, "
                     "r, s2, done, or the train option gamma";
      diag.attachNote(p->getLoc()) << "parameter declared here";
      return false;
    }
    if (!type.isTensor() || type.getDType() != provided->getDType() ||
        !unifyDims(type.getDims(), provided->getDims(), lb)) {
      auto diag = error(lossRange)
                  << "parameter '" << n << "' of loss '" << loss->getName()
                  << "' expects " << substituteType(type, lb)
                  << ", but q_learning provides " << *provided;
      diag.attachNote(p->getLoc()) << "parameter declared here";
      return false;
    }
    config.lossBindings.push_back(b);
  }
  if (models == 0) {
    error(lossRange) << "loss '" << loss->getName()
                     << "' must take the online network as a parameter of "
                        "type "
                     << model->getName();
    return false;
  }
  return true;
}

bool Sema::checkTrain(TrainDecl *train) {
  if (failedDecls.count(train))
    return false;
  TrainConfig config;
  Decl *modelDecl = globals.lookup(train->getModelName());
  auto *model = llvm::dyn_cast_or_null<ModelDecl>(modelDecl);
  if (!model) {
    if (modelDecl)
      error(train->getModelRange()) << "'" << train->getModelName()
                                    << "' is not a model";
    else {
      auto diag = error(train->getModelRange())
                  << "unknown model '" << train->getModelName() << "'";
      suggest(diag, train->getModelName(), train->getModelRange(),
              globalNames<ModelDecl>());
    }
    return false;
  }
  if (failedDecls.count(model))
    return false;
  config.model = model;

  Decl *data = globals.lookup(train->getDataName());
  if (auto *dataset = llvm::dyn_cast_or_null<DatasetDecl>(data)) {
    config.dataset = dataset;
  } else if (auto *env = llvm::dyn_cast_or_null<EnvironmentDecl>(data)) {
    config.environment = env;
  } else {
    if (data)
      error(train->getDataRange()) << "'" << train->getDataName()
                                   << "' is not a dataset or environment";
    else {
      auto diag = error(train->getDataRange())
                  << "unknown dataset or environment '" << train->getDataName()
                  << "'";
      llvm::SmallVector<StringRef> names = globalNames<DatasetDecl>();
      llvm::append_range(names, globalNames<EnvironmentDecl>());
      suggest(diag, train->getDataName(), train->getDataRange(), names);
    }
    return false;
  }
  if (failedDecls.count(data))
    return false;

  StringRef driver = train->getDriverName();
  if (driver.empty() || driver == "supervised") {
    config.driver = TrainDriver::Supervised;
    if (config.environment) {
      error(driver.empty() ? train->getDataRange() : train->getDriverRange())
          << "training on environment '" << data->getName()
          << "' needs a reinforcement-learning driver, as in 'with "
             "q_learning'";
      return false;
    }
  } else if (driver == "q_learning") {
    config.driver = TrainDriver::QLearning;
    if (config.dataset) {
      error(train->getDriverRange())
          << "driver 'q_learning' trains on an environment, but '"
          << data->getName() << "' is a dataset";
      return false;
    }
  } else {
    auto diag = error(train->getDriverRange())
                << "unknown training driver '" << driver
                << "'; expected q_learning or supervised";
    suggest(diag, driver, train->getDriverRange(),
            {"q_learning", "supervised"});
    return false;
  }
  bool q = config.driver == TrainDriver::QLearning;

  // Option names, drivers, clauses, duplicates.
  llvm::StringMap<const TrainOption *> given;
  for (const TrainOption &option : train->getOptions()) {
    const OptionSpec *spec = nullptr;
    for (const OptionSpec &s : optionSpecs())
      if (s.name == option.name)
        spec = &s;
    if (!spec) {
      auto diag = error(option.nameRange)
                  << "unknown train option '" << option.name << "'";
      llvm::SmallVector<StringRef> names;
      for (const OptionSpec &s : optionSpecs())
        if (q ? s.qlearning : s.supervised)
          names.push_back(s.name);
      suggest(diag, option.name, option.nameRange, names);
      return false;
    }
    if (q ? !spec->qlearning : !spec->supervised) {
      if (!q)
        error(option.nameRange) << "train option '" << option.name
                                << "' is only valid with 'with q_learning'";
      else
        error(option.nameRange) << "train option '" << option.name
                                << "' is not valid with driver 'q_learning'";
      return false;
    }
    auto [it, inserted] = given.try_emplace(option.name, &option);
    if (!inserted) {
      auto diag = error(option.nameRange) << "duplicate train option '"
                                          << option.name << "'";
      diag.attachNote(loc(it->second->nameRange)) << "first set here";
      return false;
    }
    if (option.every && !spec->allowsEvery) {
      error(option.every->getRange()) << "train option '" << option.name
                                      << "' does not take an 'every' clause";
      return false;
    }
    if (option.hasMetrics && !spec->allowsMetrics) {
      error(option.metricsRange) << "train option '" << option.name
                                 << "' does not take a 'metrics' clause";
      return false;
    }
  }
  for (StringRef requiredOption : {"loss", "optimizer"}) {
    if (given.count(requiredOption))
      continue;
    error(train->getRange()) << "train block is missing option '"
                             << requiredOption << "'";
    return false;
  }
  if (q && !given.count("steps")) {
    error(train->getRange())
        << "train block with driver 'q_learning' is missing option 'steps'";
    return false;
  }

  // Values.
  for (const TrainOption &option : train->getOptions()) {
    StringRef name = option.name;
    Expr *value = option.value.get();
    if (name == "loss") {
      auto *n = llvm::dyn_cast<NameExpr>(value);
      if (!n) {
        error(value->getRange()) << "train option 'loss' expects a loss name "
                                    "such as mse or a declared loss";
        return false;
      }
      std::optional<LossKind> builtin =
          llvm::StringSwitch<std::optional<LossKind>>(n->getName())
              .Case("mse", LossKind::MSE)
              .Case("cross_entropy", LossKind::CrossEntropy)
              .Case("huber", LossKind::Huber)
              .Case("bce", LossKind::BCE)
              .Default(std::nullopt);
      if (builtin) {
        config.loss = *builtin;
        continue;
      }
      auto *func = llvm::dyn_cast_or_null<FuncDecl>(globals.lookup(n->getName()));
      if (func && func->isLoss()) {
        if (failedDecls.count(func))
          return false;
        config.loss = LossKind::User;
        config.userLoss = func;
        continue;
      }
      if (func) {
        error(value->getRange()) << "'" << n->getName()
                                 << "' is a fn, not a loss; declare it with "
                                    "'loss'";
        return false;
      }
      auto diag = error(value->getRange())
                  << "unknown loss '" << n->getName()
                  << "'; expected mse, cross_entropy, huber, bce or a "
                     "declared loss";
      llvm::SmallVector<StringRef> names = {"mse", "cross_entropy", "huber",
                                            "bce"};
      for (const auto &decl : program.getDecls())
        if (auto *f = llvm::dyn_cast<FuncDecl>(decl.get()))
          if (f->isLoss())
            names.push_back(f->getName());
      suggest(diag, n->getName(), value->getRange(), names);
      return false;
    }
    if (name == "optimizer") {
      if (!checkOptimizer(value, config.optimizer))
        return false;
      continue;
    }
    if (name == "lr_schedule") {
      if (!checkLRSchedule(value, config.lrSchedule))
        return false;
      continue;
    }
    if (name == "clip_grad_norm") {
      std::optional<double> v = floatOption(option);
      if (!v)
        return false;
      if (!(*v > 0)) {
        error(value->getRange()) << "train option 'clip_grad_norm' must be "
                                    "positive, but got "
                                 << Constant::ofFloat(*v);
        return false;
      }
      config.clipGradNorm = *v;
      continue;
    }
    if (name == "batch" || name == "epochs" || name == "steps" ||
        name == "replay" || name == "target_sync" || name == "warmup" ||
        name == "seed") {
      int64_t min = (name == "warmup" || name == "seed") ? 0 : 1;
      std::optional<int64_t> v = intOption(option, min);
      if (!v)
        return false;
      if (name == "batch")
        config.batch = *v;
      else if (name == "epochs")
        config.epochs = *v;
      else if (name == "steps")
        config.steps = *v;
      else if (name == "replay")
        config.qlearning.replay = *v;
      else if (name == "target_sync")
        config.qlearning.targetSync = *v;
      else if (name == "warmup")
        config.qlearning.warmup = *v;
      else
        config.seed = *v;
      continue;
    }
    if (name == "shuffle") {
      std::optional<Constant> v = evalConst(value, nullptr);
      if (!v)
        return false;
      if (!v->isBool()) {
        error(value->getRange()) << "train option 'shuffle' expects a bool, "
                                    "but got "
                                 << describeConstant(*v);
        return false;
      }
      config.shuffle = v->getBool();
      continue;
    }
    if (name == "gamma") {
      std::optional<double> v = floatOption(option);
      if (!v)
        return false;
      if (*v < 0 || *v > 1) {
        error(value->getRange()) << "train option 'gamma' must be in [0, 1], "
                                    "but got "
                                 << Constant::ofFloat(*v);
        return false;
      }
      config.qlearning.gamma = *v;
      continue;
    }
    if (name == "epsilon") {
      EpsilonSchedule &eps = config.qlearning.epsilon;
      if (auto *c = llvm::dyn_cast<CallExpr>(value)) {
        if (c->getCallee() != "linear") {
          auto diag = error(c->getCalleeRange())
                      << "unknown schedule '" << c->getCallee()
                      << "'; expected linear(from:, to:, steps:) or a "
                         "constant";
          suggest(diag, c->getCallee(), c->getCalleeRange(), {"linear"});
          return false;
        }
        auto values = evalArgs("linear", c->getCalleeRange(),
                               linearScheduleSpec(), c->getArgs(), nullptr);
        if (!values)
          return false;
        eps.isLinear = true;
        eps.from = lookupArg(*values, "from")->getFloat();
        eps.to = lookupArg(*values, "to")->getFloat();
        eps.steps = lookupArg(*values, "steps")->getInt();
        if (eps.steps <= 0) {
          error(c->getRange()) << "argument 'steps' of 'linear' must be "
                                  "positive, but got "
                               << eps.steps;
          return false;
        }
      } else {
        std::optional<double> v = floatOption(option);
        if (!v)
          return false;
        eps.isLinear = false;
        eps.from = eps.to = *v;
        eps.steps = 0;
      }
      for (double v : {eps.from, eps.to}) {
        if (v < 0 || v > 1) {
          error(value->getRange()) << "train option 'epsilon' must stay in "
                                      "[0, 1], but got "
                                   << Constant::ofFloat(v);
          return false;
        }
      }
      continue;
    }
    if (name == "eval") {
      auto *n = llvm::dyn_cast<NameExpr>(value);
      auto *evalSet = n ? llvm::dyn_cast_or_null<DatasetDecl>(
                              globals.lookup(n->getName()))
                        : nullptr;
      if (!evalSet) {
        error(value->getRange()) << "train option 'eval' expects the name of "
                                    "a dataset";
        return false;
      }
      if (failedDecls.count(evalSet))
        return false;
      EvalConfig eval;
      eval.dataset = evalSet;
      std::optional<Period> period = periodOf(option);
      if (!period)
        return false;
      eval.period = *period;
      for (const auto &[metric, range] : option.metrics) {
        if (metric == "accuracy")
          eval.metrics.push_back(Metric::Accuracy);
        else if (metric == "loss")
          eval.metrics.push_back(Metric::Loss);
        else {
          error(range) << "unknown metric '" << metric
                       << "'; expected accuracy or loss";
          return false;
        }
      }
      if (!option.hasMetrics)
        eval.metrics.push_back(Metric::Loss);
      config.eval = std::move(eval);
      continue;
    }
    if (name == "checkpoint") {
      auto *s = llvm::dyn_cast<StringLitExpr>(value);
      if (!s || s->getValue().empty()) {
        error(value->getRange()) << "train option 'checkpoint' expects a "
                                    "non-empty file name string";
        return false;
      }
      s->setType(SemaType::stringType());
      s->setConstant(Constant::ofString(s->getValue()));
      CheckpointConfig ckpt;
      ckpt.path = s->getValue().str();
      std::optional<Period> period = periodOf(option);
      if (!period)
        return false;
      ckpt.period = *period;
      config.checkpoint = std::move(ckpt);
      continue;
    }
    if (name == "parallel") {
      auto *n = llvm::dyn_cast<NameExpr>(value);
      if (n && n->getName() == "data") {
        config.parallel = ParallelKind::Data;
        continue;
      }
      if (n && n->getName() == "none") {
        config.parallel = ParallelKind::None;
        continue;
      }
      error(value->getRange()) << "train option 'parallel' expects data or "
                                  "none";
      return false;
    }
  }
  if (config.epochs && config.steps && !q) {
    error(given.lookup("steps")->nameRange)
        << "train options 'epochs' and 'steps' cannot both be set";
    return false;
  }
  if (!q && !config.steps && !config.epochs)
    config.epochs = 1;
  if (q) {
    if (config.qlearning.warmup > config.qlearning.replay) {
      const TrainOption *o = given.lookup("warmup");
      error(o ? o->value->getRange() : train->getRange())
          << "train option 'warmup' (" << config.qlearning.warmup
          << ") exceeds the replay capacity (" << config.qlearning.replay
          << ")";
      return false;
    }
    if (config.batch > config.qlearning.replay) {
      const TrainOption *o = given.lookup("batch");
      error(o ? o->value->getRange() : train->getRange())
          << "train option 'batch' (" << config.batch
          << ") exceeds the replay capacity (" << config.qlearning.replay
          << ")";
      return false;
    }
  }

  bool ok = q ? checkQLearningShapes(train, config, given)
              : checkSupervisedShapes(train, config);
  if (!ok)
    return false;
  train->setConfig(std::move(config));
  return true;
}

//===----------------------------------------------------------------------===//
// Warnings
//===----------------------------------------------------------------------===//

void Sema::warnUnused() {
  auto warnParams = [&](FuncDecl *func, StringRef what) {
    if (!func || bodyState.lookup(func) != 2)
      return;
    for (const auto &param : func->getParams())
      if (!usedParams.count(param.get()) &&
          !param->getName().starts_with("_"))
        warning(param->getRange())
            << "unused parameter '" << param->getName() << "' of " << what
            << "; rename it to '_" << param->getName()
            << "' if that is intended";
  };
  for (const auto &decl : program.getDecls()) {
    if (failedDecls.count(decl.get()))
      continue;
    if (auto *model = llvm::dyn_cast<ModelDecl>(decl.get())) {
      FuncDecl *forward = model->getForward();
      if (!forward || bodyState.lookup(forward) != 2)
        continue;
      for (const auto &layer : model->getLayers())
        if (!usedLayers.count(layer.get()) &&
            !layer->getName().starts_with("_"))
          warning(layer->getNameRange())
              << "layer '" << layer->getName() << "' of model '"
              << model->getName() << "' is never called in forward";
      warnParams(forward, ("forward of model '" + model->getName() + "'")
                              .str());
    } else if (auto *func = llvm::dyn_cast<FuncDecl>(decl.get())) {
      warnParams(func, ((func->isLoss() ? "loss '" : "fn '") +
                        func->getName() + "'")
                           .str());
    }
  }
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

mlir::LogicalResult Sema::run() {
  collectNames();
  std::vector<ModelDecl *> models = program.getModels();
  for (ModelDecl *model : models)
    if (!failedDecls.count(model))
      resolveModelParams(model);
  collectInstantiations();

  for (const auto &decl : program.getDecls()) {
    if (failedDecls.count(decl.get()))
      continue;
    if (auto *dataset = llvm::dyn_cast<DatasetDecl>(decl.get())) {
      if (!checkDataset(dataset))
        failedDecls.insert(dataset);
    } else if (auto *env = llvm::dyn_cast<EnvironmentDecl>(decl.get())) {
      if (!checkEnvironment(env))
        failedDecls.insert(env);
    }
  }
  for (ModelDecl *model : models)
    if (!failedDecls.count(model) && !checkModel(model))
      failedDecls.insert(model);
  std::vector<FuncDecl *> funcs;
  for (const auto &decl : program.getDecls())
    if (auto *func = llvm::dyn_cast<FuncDecl>(decl.get()))
      if (!failedDecls.count(func)) {
        if (checkSignature(func, nullptr))
          funcs.push_back(func);
        else
          failedDecls.insert(func);
      }
  for (ModelDecl *model : models)
    if (!failedDecls.count(model) && !checkBody(model->getForward()))
      failedDecls.insert(model);
  for (FuncDecl *func : funcs)
    if (bodyState.lookup(func) == 0 && !checkBody(func))
      failedDecls.insert(func);
  for (TrainDecl *train : program.getTrains())
    if (!checkTrain(train))
      failedDecls.insert(train);
  warnUnused();
  return mlir::failure(numErrors != 0);
}

} // namespace

mlir::LogicalResult mdlc::frontend::checkProgram(Program &program,
                                                 mlir::MLIRContext &context) {
  Sema sema(program, context);
  return sema.run();
}
