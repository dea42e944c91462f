//===- Types.h - frontend types, dims and constants -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The value-level vocabulary Sema annotates the AST with:
//   - DType: a tensor element type (f32 f16 bf16 f64 i32 i64 bool);
//   - Dim: one tensor dimension, a known size or a symbolic name (`B`);
//   - SemaType: the type of an expression or parameter: a tensor (dtype +
//     dims; rank 0 is a scalar), a compile-time host value (int, float, bool,
//     string) or a model (for loss parameters such as `q: QNet`);
//   - Constant: a compile-time value (int, float, bool, string).
// These are plain value types; MLIRGen maps a tensor SemaType to
// `tensor<?x64xf32>`-style MLIR types itself (symbolic dims are dynamic).
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_FRONTEND_TYPES_H
#define COMPILER_FRONTEND_TYPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mdlc::frontend {

class ModelDecl;

//===----------------------------------------------------------------------===//
// DType
//===----------------------------------------------------------------------===//

/// A tensor element type.
enum class DType { F32, F16, BF16, F64, I32, I64, Bool };

/// The spelling used in source and in diagnostics: "f32", "i32", "bool", ...
llvm::StringRef getDTypeName(DType dtype);
/// Parses a dtype spelling; std::nullopt when `name` is not a dtype.
std::optional<DType> parseDType(llvm::StringRef name);
bool isFloatDType(DType dtype);
bool isIntegerDType(DType dtype);

//===----------------------------------------------------------------------===//
// Dim
//===----------------------------------------------------------------------===//

/// One dimension of a tensor type: either a known size (> 0) or a symbolic
/// name such as `B`, fixed when the compiled program starts. Symbol names
/// point into the Program's string storage (or are literals such as "B").
class Dim {
public:
  Dim() = default;
  static Dim known(int64_t size) { return Dim(size, {}); }
  static Dim symbolic(llvm::StringRef name) { return Dim(-1, name); }

  bool isKnown() const { return symbol.empty(); }
  bool isSymbolic() const { return !symbol.empty(); }
  /// The size of a known dim.
  int64_t getSize() const { return size; }
  /// The name of a symbolic dim.
  llvm::StringRef getSymbol() const { return symbol; }

  bool operator==(const Dim &other) const {
    return isKnown() ? other.isKnown() && size == other.size
                     : symbol == other.symbol;
  }
  bool operator!=(const Dim &other) const { return !(*this == other); }

  void print(llvm::raw_ostream &os) const;

private:
  Dim(int64_t size, llvm::StringRef symbol) : size(size), symbol(symbol) {}
  int64_t size = -1;
  llvm::StringRef symbol;
};

//===----------------------------------------------------------------------===//
// SemaType
//===----------------------------------------------------------------------===//

/// The inferred type of an expression, parameter or binding.
///
/// `Tensor` is a runtime tensor with a dtype and dims (no dims: a scalar,
/// printed `f32`). `Int`, `Float`, `Bool` and `String` are compile-time host
/// values (model parameters such as `features: int`, constructor arguments).
/// `Model` is a model used as a value (a loss parameter `q: QNet`).
/// `Invalid` marks an expression whose checking already failed; operations on
/// it stay invalid without further diagnostics.
///
/// A tensor may be *weak*: the type of a numeric literal (or a model int
/// parameter) used inside a tensor expression. A weak scalar adopts the dtype
/// of the other operand (`1.0 - done` is f32 because `done` is); after Sema
/// the weak literal's type already carries the adopted dtype, so MLIRGen
/// materialises it as a constant of exactly that type.
class SemaType {
public:
  enum class Kind { Invalid, Tensor, Int, Float, Bool, String, Model };

  SemaType() = default;
  static SemaType invalid() { return SemaType(); }
  static SemaType tensor(DType dtype, llvm::ArrayRef<Dim> dims = {}) {
    SemaType t(Kind::Tensor);
    t.dtype = dtype;
    t.dims.assign(dims.begin(), dims.end());
    return t;
  }
  static SemaType weakScalar(DType dtype) {
    SemaType t = tensor(dtype);
    t.weak = true;
    return t;
  }
  static SemaType intType() { return SemaType(Kind::Int); }
  static SemaType floatType() { return SemaType(Kind::Float); }
  static SemaType boolType() { return SemaType(Kind::Bool); }
  static SemaType stringType() { return SemaType(Kind::String); }
  static SemaType modelType(ModelDecl *model) {
    SemaType t(Kind::Model);
    t.model = model;
    return t;
  }

  Kind getKind() const { return kind; }
  bool isInvalid() const { return kind == Kind::Invalid; }
  bool isTensor() const { return kind == Kind::Tensor; }
  bool isModel() const { return kind == Kind::Model; }
  bool isHost() const {
    return kind == Kind::Int || kind == Kind::Float || kind == Kind::Bool ||
           kind == Kind::String;
  }
  /// A rank-0 tensor.
  bool isScalar() const { return isTensor() && dims.empty(); }
  bool isWeak() const { return weak; }

  DType getDType() const { return dtype; }
  llvm::ArrayRef<Dim> getDims() const { return dims; }
  unsigned getRank() const { return dims.size(); }
  ModelDecl *getModel() const { return model; }

  /// Same tensor type with another dtype / dims; weakness is dropped.
  SemaType withDType(DType newDType) const {
    return tensor(newDType, dims);
  }
  SemaType withDims(llvm::ArrayRef<Dim> newDims) const {
    return tensor(dtype, newDims);
  }

  /// Structural equality (weakness ignored).
  bool operator==(const SemaType &other) const;
  bool operator!=(const SemaType &other) const { return !(*this == other); }

  /// "f32[B, 64]", "f32", "i32[B]", "int", "float", "bool", "string", the
  /// model name, or "<invalid>".
  void print(llvm::raw_ostream &os) const;
  std::string str() const;

private:
  explicit SemaType(Kind kind) : kind(kind) {}
  Kind kind = Kind::Invalid;
  DType dtype = DType::F32;
  llvm::SmallVector<Dim, 4> dims;
  ModelDecl *model = nullptr;
  bool weak = false;
};

inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os,
                                     const SemaType &type) {
  type.print(os);
  return os;
}
inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os, const Dim &dim) {
  dim.print(os);
  return os;
}

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

/// A compile-time value: the result of constant folding a literal expression
/// (`1.0 / 255.0`, `32 * 26 * 26`) or an evaluated constructor argument.
class Constant {
public:
  enum class Kind { Int, Float, Bool, String };

  static Constant ofInt(int64_t v) {
    Constant c(Kind::Int);
    c.i = v;
    return c;
  }
  static Constant ofFloat(double v) {
    Constant c(Kind::Float);
    c.f = v;
    return c;
  }
  static Constant ofBool(bool v) {
    Constant c(Kind::Bool);
    c.b = v;
    return c;
  }
  static Constant ofString(llvm::StringRef v) {
    Constant c(Kind::String);
    c.s = v.str();
    return c;
  }

  Kind getKind() const { return kind; }
  bool isInt() const { return kind == Kind::Int; }
  bool isFloat() const { return kind == Kind::Float; }
  bool isBool() const { return kind == Kind::Bool; }
  bool isString() const { return kind == Kind::String; }
  /// Int or float.
  bool isNumeric() const { return isInt() || isFloat(); }

  int64_t getInt() const { return i; }
  /// The value as a double; ints convert.
  double getFloat() const { return isInt() ? double(i) : f; }
  bool getBool() const { return b; }
  llvm::StringRef getString() const { return s; }

  /// The host type of this constant (int, float, bool, string).
  SemaType getType() const;
  /// "64", "0.01", "1.0", "true", "\"file.gz\"" (strings quoted).
  void print(llvm::raw_ostream &os) const;
  std::string str() const;

private:
  explicit Constant(Kind kind) : kind(kind) {}
  Kind kind;
  int64_t i = 0;
  double f = 0.0;
  bool b = false;
  std::string s;
};

inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os,
                                     const Constant &c) {
  c.print(os);
  return os;
}

/// Prints a double in the shortest form that reads back exactly, always with
/// a '.' or an exponent ("0.01", "1.0", "1e-08").
void printFloat(llvm::raw_ostream &os, double value);

/// A constant with a name: an evaluated named argument, in canonical
/// (declaration) order with defaults filled in.
struct NamedConstant {
  llvm::StringRef name;
  Constant value;
};

} // namespace mdlc::frontend

#endif // COMPILER_FRONTEND_TYPES_H
