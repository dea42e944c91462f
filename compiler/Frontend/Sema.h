//===- Sema.h - what semantic analysis resolves -----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The resolved information Sema attaches to the AST (see AST.h for where each
// struct hangs). MLIRGen consumes these as they are and never re-derives
// shapes, argument bindings or defaults:
//
//   LayerDecl::getInfo()        LayerInfo: layer kind, evaluated constructor
//                               arguments, parameter tensors (PyTorch names,
//                               layouts and default init)
//   ModelDecl::getInfo()        ModelInfo: instantiated model parameter values
//                               and the model's ordered parameter list
//   Expr::getType()             SemaType of every expression (Types.h)
//   Expr::getConstant()         folded compile-time value, when there is one
//   NameExpr::getResolution()   what a name refers to
//   CallExpr::getResolution()   what a call calls, its operands in callee
//                               parameter order, evaluated attributes
//   DatasetDecl::getInfo()      DatasetInfo: kind, arguments, sample types
//   EnvironmentDecl::getInfo()  EnvInfo: kind, observation type, actions
//   TrainDecl::getConfig()      TrainConfig: everything a train block says
//
// The Sema class itself is private to Sema.cpp; the entry point is
// checkProgram() in Frontend.h.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_FRONTEND_SEMA_H
#define COMPILER_FRONTEND_SEMA_H

#include "compiler/Frontend/Types.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mdlc::frontend {

class DatasetDecl;
class EnvironmentDecl;
class Expr;
class FuncDecl;
class LayerDecl;
class LetStmt;
class ModelDecl;
class ParamDecl;

/// Looks up `name` in an evaluated argument list; nullptr when absent.
const Constant *lookupArg(llvm::ArrayRef<NamedConstant> args,
                          llvm::StringRef name);

//===----------------------------------------------------------------------===//
// Layers and models
//===----------------------------------------------------------------------===//

/// Built-in layer constructors.
///   Linear(in_features: int, out_features: int, bias: bool = true)
///     [..., in_features] -> [..., out_features]
///   Conv2d(in_channels: int, out_channels: int, kernel: int, stride: int = 1,
///          padding: int = 0, bias: bool = true)
///     [N, in_channels, H, W] -> [N, out_channels, Ho, Wo],
///     Ho = (H + 2 * padding - kernel) / stride + 1
///   BatchNorm1d(num_features: int, eps: float = 1e-5, momentum: float = 0.1)
///     [N, num_features] -> same
///   BatchNorm2d(num_features: int, eps: float = 1e-5, momentum: float = 0.1)
///     [N, num_features, H, W] -> same
///   Dropout(p: float = 0.5)
///     any shape -> same
/// Batch norm and dropout behave as PyTorch's modules do in train() mode
/// inside the train step and in eval() mode everywhere else.
enum class LayerKind { Linear, Conv2d, BatchNorm1d, BatchNorm2d, Dropout };
llvm::StringRef getLayerKindName(LayerKind kind);

/// How a parameter tensor is initialised. `Uniform` draws from
/// U(-bound, bound) with bound = 1 / sqrt(fanIn): PyTorch's default for
/// Linear and Conv2d weights (kaiming_uniform_ with a = sqrt(5)) and biases.
enum class InitKind { Uniform, Zeros, Ones };
llvm::StringRef getInitKindName(InitKind kind);

/// One tensor of a layer's state_dict, in PyTorch's name and layout:
/// Linear: `<layer>.weight` f32[out, in], `<layer>.bias` f32[out];
/// Conv2d: `<layer>.weight` f32[out, in, k, k], `<layer>.bias` f32[out];
/// BatchNorm: `<layer>.weight` (ones), `<layer>.bias` f32[C], and the
/// buffers `running_mean` (zeros), `running_var` (ones) f32[C] and
/// `num_batches_tracked` f32[] (PyTorch keeps it in i64; load_state_dict
/// converts).
struct ParamTensor {
  std::string name;            ///< "fc1.weight" (checkpoint/state_dict name)
  llvm::StringRef localName;   ///< "weight" or "bias"
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  InitKind init = InitKind::Uniform;
  int64_t fanIn = 0;           ///< fan_in used for the bound
  double bound = 0.0;          ///< 1 / sqrt(fanIn)
  /// A parameter the optimizer updates; false for a buffer (batch norm's
  /// running statistics), which the train step updates itself.
  bool trainable = true;
  int64_t numElements() const;
};

/// A resolved layer declaration (`fc1 = Linear(32 * 26 * 26, 128)`).
struct LayerInfo {
  LayerKind kind = LayerKind::Linear;
  /// Every constructor argument, evaluated, in declaration order, defaults
  /// filled: Linear -> in_features, out_features, bias.
  llvm::SmallVector<NamedConstant, 6> args;
  /// The parameter tensors, weight first (absent bias omitted).
  llvm::SmallVector<ParamTensor, 2> params;

  int64_t getInt(llvm::StringRef name) const;
  double getFloat(llvm::StringRef name) const;
  bool getBool(llvm::StringRef name) const;
  bool hasBias() const { return getBool("bias"); }
};

/// A model instantiated with its defaults (or with the explicit arguments of
/// the train block that instantiates it: `train M(features: 32) on d`).
/// A program has at most one instance per model.
struct ModelInfo {
  /// The value of each model parameter (`features = 64`), in order.
  llvm::SmallVector<NamedConstant, 4> paramValues;
  /// Every parameter tensor of the model in declaration order (layer by
  /// layer, weight before bias): the state_dict order. Points into the
  /// layers' LayerInfo.
  std::vector<const ParamTensor *> parameters;
  /// Total number of parameter elements.
  int64_t numParameterElements = 0;
  /// The model has layers that behave differently in training (batch
  /// norm, dropout): it gets a train-mode forward besides the eval one.
  bool hasTrainMode = false;
  /// The model has dropout: its train-mode forward takes a seed.
  bool hasDropout = false;
};

//===----------------------------------------------------------------------===//
// Names and calls
//===----------------------------------------------------------------------===//

/// What a NameExpr refers to.
struct NameResolution {
  enum class Kind {
    Unresolved,
    Param,      ///< a parameter of the enclosing forward/loss/fn (`param`)
    Let,        ///< a let binding of the enclosing body (`let`)
    ModelParam, ///< an int/float parameter of the enclosing model; constant
  };
  Kind kind = Kind::Unresolved;
  ParamDecl *param = nullptr; ///< Param and ModelParam
  LetStmt *let = nullptr;     ///< Let
};

/// Built-in functions. Shape rules (x: [d0, ..., dn-1]):
///   relu abs exp log tanh sigmoid stop_gradient   elementwise, shape kept
///   huber(x, delta: 1.0)                          elementwise
///   leaky_relu(x, slope: 0.01), gelu(x), pow(x, exponent) elementwise
///   softmax(x, axis: -1), log_softmax(x, axis: -1) shape kept
///   flatten(x)                [d0, d1, ..., dn-1] -> [d0, d1 * ... * dn-1]
///   mean/sum/max(x, axis: k)  drop axis k; without axis: reduce to a scalar
///   gather(x, idx, axis: k)   idx has x's shape without axis k, integer
///                             dtype; result[i] = x[i with idx[i] at k]
///   where(cond, a, b)         cond bool; all three broadcast
///   adaptive_avg_pool2d(x, output_size) [N, C, H, W] -> [N, C, o, o]
///   max_pool2d/avg_pool2d(x, kernel, stride: kernel, padding: 0)
///                             [N, C, H, W] -> [N, C, (H + 2p - k) / s + 1, …]
///   mse/bce(pred, target)     same shapes -> f32 scalar (mean)
///   cross_entropy(logits, target) logits [N, C], target i32/i64 [N] class
///                             indices or float [N, C] -> f32 scalar (mean)
enum class BuiltinFn {
  Relu,
  Abs,
  Exp,
  Log,
  Tanh,
  Sigmoid,
  LeakyRelu,
  Gelu,
  Pow,
  StopGradient,
  Huber,
  Softmax,
  LogSoftmax,
  Flatten,
  Mean,
  Sum,
  Max,
  Gather,
  Where,
  AdaptiveAvgPool2d,
  MaxPool2d,
  AvgPool2d,
  Mse,
  CrossEntropy,
  Bce,
};
llvm::StringRef getBuiltinFnName(BuiltinFn fn);

/// What a CallExpr calls, with its arguments bound.
struct CallResolution {
  enum class Kind {
    Unresolved,
    Layer,    ///< a layer of the enclosing model: `layer` (one operand)
    Builtin,  ///< a built-in function: `builtin`
    Function, ///< a user `fn` or `loss`: `function`
    Model,    ///< a model-typed parameter called as a function: its forward
  };
  Kind kind = Kind::Unresolved;
  LayerDecl *layer = nullptr;
  BuiltinFn builtin = BuiltinFn::Relu;
  FuncDecl *function = nullptr;
  /// Model: the parameter (`q` in `q(s)`) and its model.
  ParamDecl *modelParam = nullptr;
  ModelDecl *model = nullptr;
  /// Tensor (and model) operands in the callee's parameter order, after
  /// mapping named arguments; the pipe operand of `x |> f` is the first.
  llvm::SmallVector<Expr *, 4> operands;
  /// Evaluated non-tensor arguments of a built-in, defaults filled
  /// (`delta` of huber, `output_size` of adaptive_avg_pool2d).
  llvm::SmallVector<NamedConstant, 2> attrs;
  /// The normalised (non-negative) axis of softmax, log_softmax, mean, sum,
  /// max and gather; std::nullopt for a reduction over all elements.
  std::optional<int64_t> axis;
  /// Function and Model calls: each symbolic dim of the callee's signature
  /// bound to a dim of the caller (`B` -> `B`, `N` -> 256).
  llvm::SmallVector<std::pair<llvm::StringRef, Dim>, 2> symbolBindings;
};

//===----------------------------------------------------------------------===//
// Datasets and environments
//===----------------------------------------------------------------------===//

/// Built-in dataset constructors.
///   synthetic_linear(samples: int, features: int, noise: float = 0.0,
///                    seed: int = 0)   x f32[features], y f32[1]
///   idx(images: string, labels: string, scale: float = 1.0)
///                                     x f32[1, 28, 28], y i32 (class index)
///   csv(path: string, features: string, label: string | target: string)
///                                     x f32[F] (F = the comma-separated
///                                     feature columns), y i32 or f32[1]
///   npy(inputs: string, labels: string | targets: string,
///       features: int | channels, height, width: int, outputs: int = 1)
///                                     x f32[features] or f32[c, h, w],
///                                     y i32 or f32[outputs]
enum class DatasetKind { SyntheticLinear, Idx, Csv, Npy };
llvm::StringRef getDatasetKindName(DatasetKind kind);

struct DatasetInfo {
  DatasetKind kind = DatasetKind::SyntheticLinear;
  /// Every argument, evaluated, in declaration order, defaults filled.
  llvm::SmallVector<NamedConstant, 4> args;
  /// Per-sample types (no batch dim): the model input and the target.
  SemaType sampleInput;
  SemaType sampleTarget;
  /// Number of samples when known at compile time, else -1 (idx files are
  /// not read at compile time).
  int64_t numSamples = -1;

  const Constant &get(llvm::StringRef name) const;
};

/// Built-in environments.
///   CartPole(max_steps: int = 500)    observation f32[4], 2 discrete actions
enum class EnvKind { CartPole };
llvm::StringRef getEnvKindName(EnvKind kind);

struct EnvInfo {
  EnvKind kind = EnvKind::CartPole;
  llvm::SmallVector<NamedConstant, 2> args;
  SemaType observation; ///< per-step observation type (no batch dim)
  int64_t numActions = 0;
  int64_t maxSteps = 0;
};

//===----------------------------------------------------------------------===//
// Training
//===----------------------------------------------------------------------===//

enum class TrainDriver { Supervised, QLearning };
llvm::StringRef getTrainDriverName(TrainDriver driver);

enum class LossKind { MSE, CrossEntropy, Huber, BCE, User };
llvm::StringRef getLossKindName(LossKind kind);

enum class OptimizerKind { SGD, Adam };
llvm::StringRef getOptimizerKindName(OptimizerKind kind);

/// `sgd(lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov:
/// false)`, `adam(lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8,
/// weight_decay: 0)` or `adamw(...)`, the same with `weight_decay: 0.01`;
/// PyTorch's defaults. AdamW is Adam with decoupled weight decay. Every
/// field is filled (unused ones keep their default).
struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::SGD;
  /// The constructor as written: sgd, adam or adamw.
  llvm::StringRef name = "sgd";
  /// The evaluated arguments of the constructor, defaults filled.
  llvm::SmallVector<NamedConstant, 6> args;
  double lr = 1e-3;
  double momentum = 0.0;
  double dampening = 0.0;
  bool nesterov = false;
  double weightDecay = 0.0;
  /// AdamW: the weight decay shrinks the parameter instead of adding to
  /// the gradient.
  bool decoupledWeightDecay = false;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
};

/// One stage of a learning-rate schedule; `t` counts optimizer steps from
/// 0 within the stage, and the rate is a function of the base rate (the
/// optimizer's `lr`, or `--lr`).
enum class LRStageKind {
  /// `step(every: N, gamma: 0.1)`: lr·gamma^floor(t / N) (StepLR).
  Step,
  /// `cosine(steps: N, min_lr: 0)`: min_lr + (lr - min_lr)·(1 +
  /// cos(π·min(t, N) / N)) / 2 (CosineAnnealingLR, held at min_lr after N).
  Cosine,
  /// `warmup(steps: N, start_factor: 1/3)`: lr·(s + (1 - s)·min(t, N) / N)
  /// (LinearLR to 1).
  Warmup,
};
llvm::StringRef getLRStageKindName(LRStageKind kind);

struct LRStage {
  LRStageKind kind = LRStageKind::Step;
  /// Step: `every`; Cosine, Warmup: `steps`, the stage's length.
  int64_t steps = 1;
  double gamma = 0.1;
  double minLr = 0.0;
  double startFactor = 1.0 / 3.0;
};

/// `lr_schedule = warmup(steps: 100) |> cosine(steps: 900)`: stages run one
/// after another (PyTorch's SequentialLR); every stage but the last has a
/// length. Empty: the constant base rate.
struct LRSchedule {
  llvm::SmallVector<LRStage, 2> stages;
};

enum class PeriodUnit { Epoch, Step };
/// `every N epoch` / `every N steps`.
struct Period {
  int64_t every = 1;
  PeriodUnit unit = PeriodUnit::Epoch;
};

enum class Metric { Accuracy, Loss };
llvm::StringRef getMetricName(Metric metric);

/// `eval = fashion_test every 1 epoch metrics [accuracy]`
struct EvalConfig {
  DatasetDecl *dataset = nullptr;
  Period period;
  llvm::SmallVector<Metric, 2> metrics;
};

/// `checkpoint = "convnet.safetensors" every 1 epoch`
struct CheckpointConfig {
  std::string path;
  Period period;
};

enum class ParallelKind { None, Data };

/// `epsilon = linear(from: 1.0, to: 0.05, steps: 10000)` or a constant.
struct EpsilonSchedule {
  bool isLinear = true;
  double from = 1.0;
  double to = 0.05;
  int64_t steps = 10000;
};

struct QLearningConfig {
  double gamma = 0.99;
  EpsilonSchedule epsilon;
  int64_t replay = 10000;
  int64_t warmup = 1000;
  int64_t targetSync = 500;
};

/// How a driver fills one parameter of a user loss.
enum class LossParamRole {
  Prediction,  ///< supervised: the model output
  Target,      ///< supervised: the dataset target
  OnlineModel, ///< q_learning: first model-typed parameter (trained)
  TargetModel, ///< q_learning: second model-typed parameter (held constant)
  State,       ///< q_learning replay batch: s
  Action,      ///< a
  Reward,      ///< r
  NextState,   ///< s2
  Done,        ///< done
  Option,      ///< a train option of the same name (`gamma`)
};
llvm::StringRef getLossParamRoleName(LossParamRole role);

struct LossParamBinding {
  ParamDecl *param = nullptr;
  LossParamRole role = LossParamRole::Prediction;
  /// Option: the value of the train option bound to the parameter.
  double optionValue = 0.0;
};

/// Everything a train block resolves to. Batched types have the symbolic
/// leading dim `B` (the batch is a run-time flag of the compiled program;
/// `batch` is its default).
struct TrainConfig {
  TrainDriver driver = TrainDriver::Supervised;
  ModelDecl *model = nullptr;
  DatasetDecl *dataset = nullptr;         ///< supervised
  EnvironmentDecl *environment = nullptr; ///< q_learning

  LossKind loss = LossKind::MSE;
  FuncDecl *userLoss = nullptr; ///< LossKind::User
  /// LossKind::User: how each parameter of the loss is bound, in parameter
  /// order.
  llvm::SmallVector<LossParamBinding, 8> lossBindings;

  OptimizerConfig optimizer;
  /// `clip_grad_norm = 1.0`: gradients scaled to this global 2-norm at most
  /// before the optimizer (torch.nn.utils.clip_grad_norm_).
  std::optional<double> clipGradNorm;
  LRSchedule lrSchedule;
  int64_t batch = 32;
  std::optional<int64_t> epochs; ///< set unless `steps` is
  std::optional<int64_t> steps;
  bool shuffle = false;
  int64_t seed = 0;
  std::optional<EvalConfig> eval;
  std::optional<CheckpointConfig> checkpoint;
  ParallelKind parallel = ParallelKind::None;
  QLearningConfig qlearning; ///< q_learning only

  /// Supervised: the batched model input (`f32[B, 64]`), target
  /// (`f32[B, 1]`) and model output types. q_learning: the batched
  /// observation, action (`i32[B]`) and Q-value (`f32[B, 2]`) types.
  SemaType inputType;
  SemaType targetType;
  SemaType outputType;
};

} // namespace mdlc::frontend

#endif // COMPILER_FRONTEND_SEMA_H
