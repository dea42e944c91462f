//===- AST.h - the MDL abstract syntax tree ---------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// AST nodes for `.mdl` programs, with LLVM-style RTTI (`getKind`, `classof`,
// `llvm::isa` / `llvm::dyn_cast`). The builder (ASTBuilder.cpp) creates the
// syntactic part; Sema (Sema.cpp) fills in the resolved part, documented in
// Sema.h: types on every expression, call and name resolution, layer,
// model, dataset, environment and train information.
//
// Every node carries a SourceRange (file, start line/col, end line/col;
// 1-based, columns in bytes). `loc(range)` is the one helper that turns it
// into the mlir::FileLineColLoc all diagnostics use.
//
// Strings (identifiers, file names) are StringRefs into the owning
// Program's storage: the Program must outlive every use of its nodes.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_FRONTEND_AST_H
#define COMPILER_FRONTEND_AST_H

#include "compiler/Frontend/Sema.h"
#include "compiler/Frontend/Types.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/StringSaver.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mdlc::frontend {

//===----------------------------------------------------------------------===//
// SourceRange
//===----------------------------------------------------------------------===//

/// Where a node is written: the file (an identifier of the MLIRContext) and
/// 1-based start/end line and column (columns count bytes). The end is the
/// position just past the node's last character.
struct SourceRange {
  mlir::StringAttr file;
  unsigned line = 0;
  unsigned col = 0;
  unsigned endLine = 0;
  unsigned endCol = 0;
};

/// The location of a node for diagnostics and MLIR ops: a FileLineColLoc at
/// the start of `range`.
mlir::Location loc(const SourceRange &range);

/// A range from the start of `begin` to the end of `end`.
SourceRange joinRanges(const SourceRange &begin, const SourceRange &end);

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

/// Base class of expressions. Sema sets the type (every expression) and the
/// folded constant (literals and constant arithmetic).
class Expr {
public:
  enum class Kind { IntLit, FloatLit, BoolLit, StringLit, Name, Unary, Binary, Call };

  virtual ~Expr();
  Kind getKind() const { return kind; }
  const SourceRange &getRange() const { return range; }
  mlir::Location getLoc() const { return loc(range); }

  /// The inferred type (after Sema).
  const SemaType &getType() const { return type; }
  void setType(SemaType newType) { type = std::move(newType); }
  /// The compile-time value when the expression folds to one.
  const std::optional<Constant> &getConstant() const { return constant; }
  void setConstant(std::optional<Constant> value) {
    constant = std::move(value);
  }

protected:
  Expr(Kind kind, SourceRange range) : kind(kind), range(range) {}

private:
  const Kind kind;
  SourceRange range;
  SemaType type;
  std::optional<Constant> constant;
};

/// An integer literal (`64`); the value fits int64_t.
class IntLitExpr : public Expr {
public:
  IntLitExpr(SourceRange range, int64_t value)
      : Expr(Kind::IntLit, range), value(value) {}
  int64_t getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::IntLit; }

private:
  int64_t value;
};

/// A floating-point literal (`0.01`, `1e-3`); the value is finite.
class FloatLitExpr : public Expr {
public:
  FloatLitExpr(SourceRange range, double value)
      : Expr(Kind::FloatLit, range), value(value) {}
  double getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::FloatLit; }

private:
  double value;
};

/// `true` or `false`.
class BoolLitExpr : public Expr {
public:
  BoolLitExpr(SourceRange range, bool value)
      : Expr(Kind::BoolLit, range), value(value) {}
  bool getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::BoolLit; }

private:
  bool value;
};

/// A string literal; `getValue` has the escapes (\" \\ \n \t) decoded.
class StringLitExpr : public Expr {
public:
  StringLitExpr(SourceRange range, llvm::StringRef value)
      : Expr(Kind::StringLit, range), value(value) {}
  llvm::StringRef getValue() const { return value; }
  static bool classof(const Expr *e) {
    return e->getKind() == Kind::StringLit;
  }

private:
  llvm::StringRef value;
};

/// A use of a name (`x`, `features`, `data`). In tensor bodies Sema resolves
/// it (getResolution); in train options it is read as a word (`mse`, `data`).
class NameExpr : public Expr {
public:
  NameExpr(SourceRange range, llvm::StringRef name)
      : Expr(Kind::Name, range), name(name) {}
  llvm::StringRef getName() const { return name; }
  const NameResolution &getResolution() const { return resolution; }
  NameResolution &getResolution() { return resolution; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }

private:
  llvm::StringRef name;
  NameResolution resolution;
};

/// Prefix minus.
class UnaryExpr : public Expr {
public:
  enum class Op { Neg };
  UnaryExpr(SourceRange range, Op op, std::unique_ptr<Expr> operand)
      : Expr(Kind::Unary, range), op(op), operand(std::move(operand)) {}
  Op getOp() const { return op; }
  Expr *getOperand() const { return operand.get(); }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }

private:
  Op op;
  std::unique_ptr<Expr> operand;
};

/// A binary operator. Arithmetic broadcasts numpy-style and keeps the
/// dtype; comparisons broadcast and give `bool`; `@` is matmul.
class BinaryExpr : public Expr {
public:
  enum class Op { Add, Sub, Mul, Div, Rem, MatMul, Lt, Le, Gt, Ge, Eq, Ne };
  BinaryExpr(SourceRange range, Op op, SourceRange opRange,
             std::unique_ptr<Expr> lhs, std::unique_ptr<Expr> rhs)
      : Expr(Kind::Binary, range), op(op), opRange(opRange),
        lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  Op getOp() const { return op; }
  /// Where the operator token is: the location to give the operation (and
  /// the one `--emit=ast` prints); getRange() spans both operands.
  const SourceRange &getOpRange() const { return opRange; }
  Expr *getLHS() const { return lhs.get(); }
  Expr *getRHS() const { return rhs.get(); }
  bool isComparison() const { return op >= Op::Lt; }
  static llvm::StringRef getOpSpelling(Op op);
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }

private:
  Op op;
  SourceRange opRange;
  std::unique_ptr<Expr> lhs, rhs;
};

/// One argument of a call or constructor: positional (empty name) or named
/// (`axis: 1`).
struct Arg {
  llvm::StringRef name;
  SourceRange nameRange;
  std::unique_ptr<Expr> value;
  bool isNamed() const { return !name.empty(); }
};

/// A call `f(args)`. `x |> f` and `x |> f(a)` are calls too, with `x` as
/// the first positional argument (isPipe()).
class CallExpr : public Expr {
public:
  CallExpr(SourceRange range, llvm::StringRef callee, SourceRange calleeRange,
           std::vector<Arg> args, bool pipe)
      : Expr(Kind::Call, range), callee(callee), calleeRange(calleeRange),
        args(std::move(args)), pipe(pipe) {}
  llvm::StringRef getCallee() const { return callee; }
  const SourceRange &getCalleeRange() const { return calleeRange; }
  llvm::ArrayRef<Arg> getArgs() const { return args; }
  bool isPipe() const { return pipe; }
  const CallResolution &getResolution() const { return resolution; }
  CallResolution &getResolution() { return resolution; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }

private:
  llvm::StringRef callee;
  SourceRange calleeRange;
  std::vector<Arg> args;
  bool pipe;
  CallResolution resolution;
};

//===----------------------------------------------------------------------===//
// Types, parameters, statements
//===----------------------------------------------------------------------===//

/// A written type: `int`, `float`, `bool`, `f32`, `f32[B, features]`, or a
/// model name. Sema resolves it to a SemaType stored by its owner.
class TypeExpr {
public:
  TypeExpr(SourceRange range, llvm::StringRef name,
           std::vector<std::unique_ptr<Expr>> dims, bool hasDims)
      : range(range), name(name), dims(std::move(dims)), dimsWritten(hasDims) {}
  const SourceRange &getRange() const { return range; }
  llvm::StringRef getName() const { return name; }
  /// Dim expressions (integer literals, names, integer arithmetic).
  llvm::ArrayRef<std::unique_ptr<Expr>> getDims() const { return dims; }
  bool hasDims() const { return dimsWritten; }

private:
  SourceRange range;
  llvm::StringRef name;
  std::vector<std::unique_ptr<Expr>> dims;
  bool dimsWritten;
};

/// A parameter of a model (`features: int = 64`), forward, loss or fn
/// (`x: f32[B, 4]`, `q: QNet`).
class ParamDecl {
public:
  ParamDecl(SourceRange range, llvm::StringRef name,
            std::unique_ptr<TypeExpr> typeExpr,
            std::unique_ptr<Expr> defaultValue)
      : range(range), name(name), typeExpr(std::move(typeExpr)),
        defaultValue(std::move(defaultValue)) {}
  const SourceRange &getRange() const { return range; }
  mlir::Location getLoc() const { return loc(range); }
  llvm::StringRef getName() const { return name; }
  TypeExpr *getTypeExpr() const { return typeExpr.get(); }
  Expr *getDefaultValue() const { return defaultValue.get(); }

  /// The resolved type (after Sema). Model parameters are host types (int,
  /// float, bool); other parameters are tensors or models.
  const SemaType &getType() const { return type; }
  void setType(SemaType t) { type = std::move(t); }
  /// Model parameters: the instantiated value.
  const std::optional<Constant> &getValue() const { return value; }
  void setValue(std::optional<Constant> v) { value = std::move(v); }

private:
  SourceRange range;
  llvm::StringRef name;
  std::unique_ptr<TypeExpr> typeExpr;
  std::unique_ptr<Expr> defaultValue;
  SemaType type;
  std::optional<Constant> value;
};

class Stmt {
public:
  enum class Kind { Let, Return };
  virtual ~Stmt();
  Kind getKind() const { return kind; }
  const SourceRange &getRange() const { return range; }
  mlir::Location getLoc() const { return loc(range); }

protected:
  Stmt(Kind kind, SourceRange range) : kind(kind), range(range) {}

private:
  const Kind kind;
  SourceRange range;
};

/// `let name [: type] = value`. The binding's type is the value's type.
class LetStmt : public Stmt {
public:
  LetStmt(SourceRange range, llvm::StringRef name, SourceRange nameRange,
          std::unique_ptr<TypeExpr> typeExpr, std::unique_ptr<Expr> value)
      : Stmt(Kind::Let, range), name(name), nameRange(nameRange),
        typeExpr(std::move(typeExpr)), value(std::move(value)) {}
  llvm::StringRef getName() const { return name; }
  const SourceRange &getNameRange() const { return nameRange; }
  TypeExpr *getTypeExpr() const { return typeExpr.get(); }
  Expr *getValue() const { return value.get(); }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Let; }

private:
  llvm::StringRef name;
  SourceRange nameRange;
  std::unique_ptr<TypeExpr> typeExpr;
  std::unique_ptr<Expr> value;
};

/// `return value`: the last statement of a body.
class ReturnStmt : public Stmt {
public:
  ReturnStmt(SourceRange range, std::unique_ptr<Expr> value)
      : Stmt(Kind::Return, range), value(std::move(value)) {}
  Expr *getValue() const { return value.get(); }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Return; }

private:
  std::unique_ptr<Expr> value;
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

class Decl {
public:
  enum class Kind { Import, Model, Dataset, Environment, Train, Function };
  virtual ~Decl();
  Kind getKind() const { return kind; }
  const SourceRange &getRange() const { return range; }
  mlir::Location getLoc() const { return loc(range); }
  /// The declared name (empty for imports and train blocks).
  llvm::StringRef getName() const { return name; }
  const SourceRange &getNameRange() const { return nameRange; }

protected:
  Decl(Kind kind, SourceRange range, llvm::StringRef name,
       SourceRange nameRange)
      : kind(kind), range(range), name(name), nameRange(nameRange) {}

private:
  const Kind kind;
  SourceRange range;
  llvm::StringRef name;
  SourceRange nameRange;
};

/// `import "other.mdl"`. The imported declarations follow this node in
/// Program::getDecls().
class ImportDecl : public Decl {
public:
  ImportDecl(SourceRange range, llvm::StringRef path, SourceRange pathRange)
      : Decl(Kind::Import, range, {}, {}), path(path), pathRange(pathRange) {}
  /// The path as written.
  llvm::StringRef getPath() const { return path; }
  const SourceRange &getPathRange() const { return pathRange; }
  /// The file the import resolved to (relative to the importing file).
  llvm::StringRef getResolvedPath() const { return resolvedPath; }
  void setResolvedPath(llvm::StringRef p) { resolvedPath = p; }
  static bool classof(const Decl *d) { return d->getKind() == Kind::Import; }

private:
  llvm::StringRef path;
  SourceRange pathRange;
  llvm::StringRef resolvedPath;
};

/// `forward(...) -> T { ... }`, `loss name(...) -> T { ... }`,
/// `fn name(...) -> T { ... }`.
class FuncDecl : public Decl {
public:
  enum class FuncKind { Forward, Loss, Fn };
  FuncDecl(SourceRange range, FuncKind funcKind, llvm::StringRef name,
           SourceRange nameRange,
           std::vector<std::unique_ptr<ParamDecl>> params,
           std::unique_ptr<TypeExpr> returnTypeExpr,
           std::vector<std::unique_ptr<Stmt>> body)
      : Decl(Kind::Function, range, name, nameRange), funcKind(funcKind),
        params(std::move(params)), returnTypeExpr(std::move(returnTypeExpr)),
        body(std::move(body)) {}
  FuncKind getFuncKind() const { return funcKind; }
  bool isForward() const { return funcKind == FuncKind::Forward; }
  bool isLoss() const { return funcKind == FuncKind::Loss; }
  llvm::ArrayRef<std::unique_ptr<ParamDecl>> getParams() const {
    return params;
  }
  TypeExpr *getReturnTypeExpr() const { return returnTypeExpr.get(); }
  llvm::ArrayRef<std::unique_ptr<Stmt>> getBody() const { return body; }
  /// The final `return` (after Sema; nullptr if the body has none).
  ReturnStmt *getReturn() const;

  /// Resolved return type (after Sema).
  const SemaType &getReturnType() const { return returnType; }
  void setReturnType(SemaType t) { returnType = std::move(t); }
  /// For a forward: its model.
  ModelDecl *getParentModel() const { return parentModel; }
  void setParentModel(ModelDecl *model) { parentModel = model; }

  static bool classof(const Decl *d) { return d->getKind() == Kind::Function; }

private:
  FuncKind funcKind;
  std::vector<std::unique_ptr<ParamDecl>> params;
  std::unique_ptr<TypeExpr> returnTypeExpr;
  std::vector<std::unique_ptr<Stmt>> body;
  SemaType returnType;
  ModelDecl *parentModel = nullptr;
};

/// `name = Ctor(args)` inside a model.
class LayerDecl {
public:
  LayerDecl(SourceRange range, llvm::StringRef name, SourceRange nameRange,
            llvm::StringRef ctor, SourceRange ctorRange, std::vector<Arg> args)
      : range(range), name(name), nameRange(nameRange), ctor(ctor),
        ctorRange(ctorRange), args(std::move(args)) {}
  const SourceRange &getRange() const { return range; }
  mlir::Location getLoc() const { return loc(range); }
  llvm::StringRef getName() const { return name; }
  const SourceRange &getNameRange() const { return nameRange; }
  llvm::StringRef getCtor() const { return ctor; }
  const SourceRange &getCtorRange() const { return ctorRange; }
  llvm::ArrayRef<Arg> getArgs() const { return args; }

  /// Resolved layer kind, arguments and parameter tensors (after Sema;
  /// nullopt if the declaration has errors).
  const std::optional<LayerInfo> &getInfo() const { return info; }
  void setInfo(LayerInfo i) { info = std::move(i); }

private:
  SourceRange range;
  llvm::StringRef name;
  SourceRange nameRange;
  llvm::StringRef ctor;
  SourceRange ctorRange;
  std::vector<Arg> args;
  std::optional<LayerInfo> info;
};

/// `model Name(params) { layers... forward }`.
class ModelDecl : public Decl {
public:
  ModelDecl(SourceRange range, llvm::StringRef name, SourceRange nameRange,
            std::vector<std::unique_ptr<ParamDecl>> params,
            std::vector<std::unique_ptr<LayerDecl>> layers,
            std::vector<std::unique_ptr<FuncDecl>> forwards)
      : Decl(Kind::Model, range, name, nameRange), params(std::move(params)),
        layers(std::move(layers)), forwards(std::move(forwards)) {}
  /// Compile-time parameters (`features: int = 64`).
  llvm::ArrayRef<std::unique_ptr<ParamDecl>> getParams() const {
    return params;
  }
  llvm::ArrayRef<std::unique_ptr<LayerDecl>> getLayers() const {
    return layers;
  }
  LayerDecl *lookupLayer(llvm::StringRef name) const;
  /// The forward (Sema requires exactly one).
  FuncDecl *getForward() const {
    return forwards.empty() ? nullptr : forwards.front().get();
  }
  llvm::ArrayRef<std::unique_ptr<FuncDecl>> getForwards() const {
    return forwards;
  }

  /// Instance information (after Sema): parameter values and the ordered
  /// parameter tensors.
  const ModelInfo &getInfo() const { return info; }
  ModelInfo &getInfo() { return info; }

  static bool classof(const Decl *d) { return d->getKind() == Kind::Model; }

private:
  std::vector<std::unique_ptr<ParamDecl>> params;
  std::vector<std::unique_ptr<LayerDecl>> layers;
  std::vector<std::unique_ptr<FuncDecl>> forwards;
  ModelInfo info;
};

/// `dataset name = ctor(named args)`.
class DatasetDecl : public Decl {
public:
  DatasetDecl(SourceRange range, llvm::StringRef name, SourceRange nameRange,
              llvm::StringRef ctor, SourceRange ctorRange,
              std::vector<Arg> args)
      : Decl(Kind::Dataset, range, name, nameRange), ctor(ctor),
        ctorRange(ctorRange), args(std::move(args)) {}
  llvm::StringRef getCtor() const { return ctor; }
  const SourceRange &getCtorRange() const { return ctorRange; }
  llvm::ArrayRef<Arg> getArgs() const { return args; }
  const std::optional<DatasetInfo> &getInfo() const { return info; }
  void setInfo(DatasetInfo i) { info = std::move(i); }
  static bool classof(const Decl *d) { return d->getKind() == Kind::Dataset; }

private:
  llvm::StringRef ctor;
  SourceRange ctorRange;
  std::vector<Arg> args;
  std::optional<DatasetInfo> info;
};

/// `environment name = Ctor(args)`.
class EnvironmentDecl : public Decl {
public:
  EnvironmentDecl(SourceRange range, llvm::StringRef name,
                  SourceRange nameRange, llvm::StringRef ctor,
                  SourceRange ctorRange, std::vector<Arg> args)
      : Decl(Kind::Environment, range, name, nameRange), ctor(ctor),
        ctorRange(ctorRange), args(std::move(args)) {}
  llvm::StringRef getCtor() const { return ctor; }
  const SourceRange &getCtorRange() const { return ctorRange; }
  llvm::ArrayRef<Arg> getArgs() const { return args; }
  const std::optional<EnvInfo> &getInfo() const { return info; }
  void setInfo(EnvInfo i) { info = std::move(i); }
  static bool classof(const Decl *d) {
    return d->getKind() == Kind::Environment;
  }

private:
  llvm::StringRef ctor;
  SourceRange ctorRange;
  std::vector<Arg> args;
  std::optional<EnvInfo> info;
};

/// One `name = value [every N unit] [metrics [a, b]]` line of a train block.
struct TrainOption {
  llvm::StringRef name;
  SourceRange range;
  SourceRange nameRange;
  std::unique_ptr<Expr> value;
  /// `every N unit`.
  std::unique_ptr<Expr> every;
  llvm::StringRef everyUnit;
  SourceRange everyUnitRange;
  /// `metrics [...]`.
  bool hasMetrics = false;
  SourceRange metricsRange;
  std::vector<std::pair<llvm::StringRef, SourceRange>> metrics;
};

/// `train Model[(args)] on data [with driver] { options }`.
class TrainDecl : public Decl {
public:
  TrainDecl(SourceRange range, llvm::StringRef modelName,
            SourceRange modelRange, std::optional<std::vector<Arg>> modelArgs,
            llvm::StringRef dataName, SourceRange dataRange,
            llvm::StringRef driverName, SourceRange driverRange,
            std::vector<TrainOption> options)
      : Decl(Kind::Train, range, {}, {}), modelName(modelName),
        modelRange(modelRange), modelArgs(std::move(modelArgs)),
        dataName(dataName), dataRange(dataRange), driverName(driverName),
        driverRange(driverRange), options(std::move(options)) {}
  llvm::StringRef getModelName() const { return modelName; }
  const SourceRange &getModelRange() const { return modelRange; }
  /// Explicit model arguments (`train M(features: 32) on d`), if written.
  const std::optional<std::vector<Arg>> &getModelArgs() const {
    return modelArgs;
  }
  llvm::StringRef getDataName() const { return dataName; }
  const SourceRange &getDataRange() const { return dataRange; }
  /// The driver after `with`; empty when not written.
  llvm::StringRef getDriverName() const { return driverName; }
  const SourceRange &getDriverRange() const { return driverRange; }
  llvm::ArrayRef<TrainOption> getOptions() const { return options; }

  /// The resolved configuration (after Sema; nullopt on errors).
  const std::optional<TrainConfig> &getConfig() const { return config; }
  void setConfig(TrainConfig c) { config = std::move(c); }

  static bool classof(const Decl *d) { return d->getKind() == Kind::Train; }

private:
  llvm::StringRef modelName;
  SourceRange modelRange;
  std::optional<std::vector<Arg>> modelArgs;
  llvm::StringRef dataName;
  SourceRange dataRange;
  llvm::StringRef driverName;
  SourceRange driverRange;
  std::vector<TrainOption> options;
  std::optional<TrainConfig> config;
};

//===----------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------===//

/// A parsed program: the declarations of the main file with every import
/// expanded in place (an ImportDecl followed by the imported declarations;
/// each file is parsed once). Owns the nodes and the string storage.
class Program {
public:
  Program() : saver(allocator) {}
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  llvm::ArrayRef<std::unique_ptr<Decl>> getDecls() const { return decls; }
  void addDecl(std::unique_ptr<Decl> decl) { decls.push_back(std::move(decl)); }

  /// Typed views (in declaration order).
  std::vector<ModelDecl *> getModels() const;
  std::vector<TrainDecl *> getTrains() const;
  /// Top-level declaration named `name` (model, dataset, environment, loss,
  /// fn); nullptr if none.
  Decl *lookup(llvm::StringRef name) const;

  /// Copies `s` into storage owned by the program.
  llvm::StringRef save(llvm::StringRef s) { return saver.save(s); }

private:
  llvm::BumpPtrAllocator allocator;
  llvm::StringSaver saver;
  std::vector<std::unique_ptr<Decl>> decls;
};

} // namespace mdlc::frontend

#endif // COMPILER_FRONTEND_AST_H
