//===- ASTDump.cpp - the --emit=ast printer -------------------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Prints a checked Program as an indented tree: one node per line, two
// spaces per level, each with its inferred type and `<file:line:col>`. The
// format is stable (FileCheck tests pin it): declarations print their
// resolved information (layer arguments and parameter tensors, dataset sample
// types, the train configuration); bodies print every expression.
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/Frontend.h"

#include "llvm/ADT/STLExtras.h"

using namespace mdlc::frontend;

namespace {

class ASTDumper {
public:
  explicit ASTDumper(llvm::raw_ostream &os) : os(os) {}

  void dump(const Program &program) {
    for (const auto &decl : program.getDecls())
      dumpDecl(decl.get());
  }

private:
  llvm::raw_ostream &line(unsigned depth) {
    for (unsigned i = 0; i < depth; ++i)
      os << "  ";
    return os;
  }

  void printLoc(const SourceRange &r) {
    os << " <" << (r.file ? r.file.getValue() : llvm::StringRef("?")) << ":"
       << r.line << ":" << r.col << ">\n";
  }

  static void printArgs(llvm::raw_ostream &os,
                        llvm::ArrayRef<NamedConstant> args) {
    os << "(";
    llvm::interleaveComma(args, os, [&](const NamedConstant &a) {
      os << a.name << "=" << a.value;
    });
    os << ")";
  }

  void dumpDecl(const Decl *decl) {
    switch (decl->getKind()) {
    case Decl::Kind::Import: {
      auto *import = llvm::cast<ImportDecl>(decl);
      line(0) << "Import \"";
      os.write_escaped(import->getPath());
      os << "\" -> " << import->getResolvedPath();
      printLoc(import->getRange());
      return;
    }
    case Decl::Kind::Model:
      return dumpModel(llvm::cast<ModelDecl>(decl));
    case Decl::Kind::Dataset: {
      auto *dataset = llvm::cast<DatasetDecl>(decl);
      line(0) << "Dataset " << dataset->getName() << " = "
              << dataset->getCtor();
      if (const auto &info = dataset->getInfo())
        printArgs(os, info->args);
      printLoc(dataset->getRange());
      if (const auto &info = dataset->getInfo()) {
        line(1) << "Sample " << info->sampleInput << " -> "
                << info->sampleTarget;
        if (info->numSamples >= 0)
          os << ", " << info->numSamples << " samples";
        os << "\n";
      }
      return;
    }
    case Decl::Kind::Environment: {
      auto *env = llvm::cast<EnvironmentDecl>(decl);
      line(0) << "Environment " << env->getName() << " = " << env->getCtor();
      if (const auto &info = env->getInfo())
        printArgs(os, info->args);
      printLoc(env->getRange());
      if (const auto &info = env->getInfo())
        line(1) << "Observation " << info->observation << ", "
                << info->numActions << " actions\n";
      return;
    }
    case Decl::Kind::Train:
      return dumpTrain(llvm::cast<TrainDecl>(decl));
    case Decl::Kind::Function:
      return dumpFunc(llvm::cast<FuncDecl>(decl), 0);
    }
  }

  void dumpModel(const ModelDecl *model) {
    line(0) << "Model " << model->getName();
    printLoc(model->getRange());
    for (const auto &param : model->getParams()) {
      line(1) << "Param " << param->getName() << ": " << param->getType();
      if (param->getValue())
        os << " = " << *param->getValue();
      printLoc(param->getRange());
    }
    for (const auto &layer : model->getLayers()) {
      line(1) << "Layer " << layer->getName() << " = ";
      if (const auto &info = layer->getInfo()) {
        os << getLayerKindName(info->kind);
        printArgs(os, info->args);
      } else {
        os << layer->getCtor() << "(...)";
      }
      printLoc(layer->getRange());
      if (!layer->getInfo())
        continue;
      for (const ParamTensor &p : layer->getInfo()->params) {
        line(2) << "Parameter " << p.name << ": "
                << getDTypeName(p.dtype) << "[";
        llvm::interleaveComma(p.shape, os);
        os << "] init=" << getInitKindName(p.init) << "(fan_in=" << p.fanIn
           << ", bound=";
        printFloat(os, p.bound);
        os << (p.trainable ? ")\n" : ") buffer\n");
      }
    }
    for (const auto &forward : model->getForwards())
      dumpFunc(forward.get(), 1);
    const ModelInfo &info = model->getInfo();
    line(1) << "Parameters " << info.parameters.size() << " tensors, "
            << info.numParameterElements << " elements\n";
  }

  void dumpFunc(const FuncDecl *func, unsigned depth) {
    switch (func->getFuncKind()) {
    case FuncDecl::FuncKind::Forward:
      line(depth) << "Forward (";
      break;
    case FuncDecl::FuncKind::Loss:
      line(depth) << "Loss " << func->getName() << " (";
      break;
    case FuncDecl::FuncKind::Fn:
      line(depth) << "Fn " << func->getName() << " (";
      break;
    }
    llvm::interleaveComma(func->getParams(), os, [&](const auto &p) {
      os << p->getName() << ": " << p->getType();
    });
    os << ") -> " << func->getReturnType();
    printLoc(func->getRange());
    for (const auto &stmt : func->getBody()) {
      if (auto *let = llvm::dyn_cast<LetStmt>(stmt.get())) {
        line(depth + 1) << "Let " << let->getName() << " : "
                        << let->getValue()->getType();
        printLoc(let->getRange());
        dumpExpr(let->getValue(), depth + 2);
        continue;
      }
      auto *ret = llvm::cast<ReturnStmt>(stmt.get());
      line(depth + 1) << "Return " << ret->getValue()->getType();
      printLoc(ret->getRange());
      dumpExpr(ret->getValue(), depth + 2);
    }
  }

  void printConstantSuffix(const Expr *e) {
    if (e->getConstant())
      os << " = " << *e->getConstant();
  }

  void dumpExpr(const Expr *e, unsigned depth) {
    switch (e->getKind()) {
    case Expr::Kind::IntLit:
      line(depth) << "Int " << llvm::cast<IntLitExpr>(e)->getValue();
      break;
    case Expr::Kind::FloatLit:
      line(depth) << "Float ";
      printFloat(os, llvm::cast<FloatLitExpr>(e)->getValue());
      break;
    case Expr::Kind::BoolLit:
      line(depth) << "Bool "
                  << (llvm::cast<BoolLitExpr>(e)->getValue() ? "true"
                                                             : "false");
      break;
    case Expr::Kind::StringLit:
      line(depth) << "String \"";
      os.write_escaped(llvm::cast<StringLitExpr>(e)->getValue());
      os << "\"";
      break;
    case Expr::Kind::Name: {
      auto *n = llvm::cast<NameExpr>(e);
      line(depth) << "Name " << n->getName();
      switch (n->getResolution().kind) {
      case NameResolution::Kind::Param:
        os << " (param)";
        break;
      case NameResolution::Kind::Let:
        os << " (let)";
        break;
      case NameResolution::Kind::ModelParam:
        os << " (model-param)";
        break;
      case NameResolution::Kind::Unresolved:
        break;
      }
      printConstantSuffix(e);
      break;
    }
    case Expr::Kind::Unary:
      line(depth) << "Neg";
      printConstantSuffix(e);
      break;
    case Expr::Kind::Binary:
      line(depth) << "Binary "
                  << BinaryExpr::getOpSpelling(
                         llvm::cast<BinaryExpr>(e)->getOp());
      printConstantSuffix(e);
      break;
    case Expr::Kind::Call:
      dumpCallHead(llvm::cast<CallExpr>(e), depth);
      break;
    }
    os << " : " << e->getType();
    // A binary operation is located at its operator.
    if (auto *b = llvm::dyn_cast<BinaryExpr>(e))
      printLoc(b->getOpRange());
    else
      printLoc(e->getRange());

    if (auto *u = llvm::dyn_cast<UnaryExpr>(e))
      dumpExpr(u->getOperand(), depth + 1);
    if (auto *b = llvm::dyn_cast<BinaryExpr>(e)) {
      dumpExpr(b->getLHS(), depth + 1);
      dumpExpr(b->getRHS(), depth + 1);
    }
    if (auto *c = llvm::dyn_cast<CallExpr>(e)) {
      const CallResolution &res = c->getResolution();
      if (res.kind != CallResolution::Kind::Unresolved) {
        for (const Expr *operand : res.operands)
          dumpExpr(operand, depth + 1);
      } else {
        for (const Arg &arg : c->getArgs())
          dumpExpr(arg.value.get(), depth + 1);
      }
    }
  }

  void dumpCallHead(const CallExpr *call, unsigned depth) {
    const CallResolution &res = call->getResolution();
    line(depth) << "Call ";
    switch (res.kind) {
    case CallResolution::Kind::Unresolved:
      os << "unresolved " << call->getCallee();
      break;
    case CallResolution::Kind::Layer:
      os << "layer " << call->getCallee();
      break;
    case CallResolution::Kind::Builtin:
      os << "builtin " << getBuiltinFnName(res.builtin);
      if (res.axis)
        os << " axis=" << *res.axis;
      for (const NamedConstant &a : res.attrs)
        os << " " << a.name << "=" << a.value;
      break;
    case CallResolution::Kind::Function:
      os << (res.function->isLoss() ? "loss " : "fn ") << call->getCallee();
      break;
    case CallResolution::Kind::Model:
      os << "model " << call->getCallee() << " (" << res.model->getName()
         << ")";
      break;
    }
    if (!res.symbolBindings.empty()) {
      os << " [";
      llvm::interleaveComma(res.symbolBindings, os, [&](const auto &b) {
        os << b.first << "=" << b.second;
      });
      os << "]";
    }
    if (call->isPipe())
      os << " (pipe)";
  }

  static llvm::StringRef unitName(PeriodUnit unit) {
    return unit == PeriodUnit::Epoch ? "epoch" : "step";
  }

  void dumpTrain(const TrainDecl *train) {
    line(0) << "Train " << train->getModelName() << " on "
            << train->getDataName();
    if (!train->getDriverName().empty())
      os << " with " << train->getDriverName();
    printLoc(train->getRange());
    const auto &config = train->getConfig();
    if (!config)
      return;
    bool q = config->driver == TrainDriver::QLearning;
    line(1) << "Driver " << getTrainDriverName(config->driver) << "\n";
    line(1) << "Loss ";
    if (config->loss == LossKind::User) {
      os << config->userLoss->getName() << " (";
      llvm::interleaveComma(config->lossBindings, os,
                            [&](const LossParamBinding &b) {
                              os << b.param->getName() << "="
                                 << getLossParamRoleName(b.role);
                              if (b.role == LossParamRole::Option) {
                                os << " ";
                                printFloat(os, b.optionValue);
                              }
                            });
      os << ")\n";
    } else {
      os << getLossKindName(config->loss) << "\n";
    }
    line(1) << "Optimizer " << config->optimizer.name;
    printArgs(os, config->optimizer.args);
    os << "\n";
    if (config->clipGradNorm) {
      line(1) << "ClipGradNorm ";
      printFloat(os, *config->clipGradNorm);
      os << "\n";
    }
    if (!config->lrSchedule.stages.empty()) {
      line(1) << "LRSchedule ";
      llvm::interleave(
          config->lrSchedule.stages, os,
          [&](const LRStage &stage) {
            os << getLRStageKindName(stage.kind) << "(";
            switch (stage.kind) {
            case LRStageKind::Step:
              os << "every=" << stage.steps << ", gamma=";
              printFloat(os, stage.gamma);
              break;
            case LRStageKind::Cosine:
              os << "steps=" << stage.steps << ", min_lr=";
              printFloat(os, stage.minLr);
              break;
            case LRStageKind::Warmup:
              os << "steps=" << stage.steps << ", start_factor=";
              printFloat(os, stage.startFactor);
              break;
            }
            os << ")";
          },
          " |> ");
      os << "\n";
    }
    line(1) << "Batch " << config->batch << "\n";
    if (config->epochs)
      line(1) << "Epochs " << *config->epochs << "\n";
    if (config->steps)
      line(1) << "Steps " << *config->steps << "\n";
    if (!q)
      line(1) << "Shuffle " << (config->shuffle ? "true" : "false") << "\n";
    line(1) << "Seed " << config->seed << "\n";
    if (config->eval) {
      line(1) << "Eval " << config->eval->dataset->getName() << " every "
              << config->eval->period.every << " "
              << unitName(config->eval->period.unit) << " metrics [";
      llvm::interleaveComma(config->eval->metrics, os,
                            [&](Metric m) { os << getMetricName(m); });
      os << "]\n";
    }
    if (config->checkpoint) {
      line(1) << "Checkpoint \"";
      os.write_escaped(config->checkpoint->path);
      os << "\" every " << config->checkpoint->period.every << " "
         << unitName(config->checkpoint->period.unit) << "\n";
    }
    if (config->parallel == ParallelKind::Data)
      line(1) << "Parallel data\n";
    if (q) {
      const QLearningConfig &ql = config->qlearning;
      line(1) << "Gamma ";
      printFloat(os, ql.gamma);
      os << "\n";
      line(1) << "Epsilon ";
      if (ql.epsilon.isLinear) {
        os << "linear(from=";
        printFloat(os, ql.epsilon.from);
        os << ", to=";
        printFloat(os, ql.epsilon.to);
        os << ", steps=" << ql.epsilon.steps << ")\n";
      } else {
        printFloat(os, ql.epsilon.from);
        os << "\n";
      }
      line(1) << "Replay " << ql.replay << "\n";
      line(1) << "Warmup " << ql.warmup << "\n";
      line(1) << "TargetSync " << ql.targetSync << "\n";
      line(1) << "Observation " << config->inputType << "\n";
      line(1) << "Action " << config->targetType << "\n";
      line(1) << "Output " << config->outputType << "\n";
      return;
    }
    line(1) << "Input " << config->inputType << "\n";
    line(1) << "Target " << config->targetType << "\n";
    line(1) << "Output " << config->outputType << "\n";
  }

  llvm::raw_ostream &os;
};

} // namespace

void mdlc::frontend::dumpProgram(const Program &program,
                                 llvm::raw_ostream &os) {
  ASTDumper(os).dump(program);
}
