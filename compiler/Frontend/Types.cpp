//===- Types.cpp - frontend types, dims and constants ---------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Spelling, comparison and printing of DType, Dim, SemaType and Constant.
// The printed forms are the ones diagnostics and `--emit=ast` use.
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/Types.h"
#include "compiler/Frontend/AST.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mdlc::frontend;

//===----------------------------------------------------------------------===//
// DType
//===----------------------------------------------------------------------===//

llvm::StringRef mdlc::frontend::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F64:
    return "f64";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::Bool:
    return "bool";
  }
  llvm_unreachable("unknown dtype");
}

std::optional<DType> mdlc::frontend::parseDType(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<DType>>(name)
      .Case("f32", DType::F32)
      .Case("f16", DType::F16)
      .Case("bf16", DType::BF16)
      .Case("f64", DType::F64)
      .Case("i32", DType::I32)
      .Case("i64", DType::I64)
      .Case("bool", DType::Bool)
      .Default(std::nullopt);
}

bool mdlc::frontend::isFloatDType(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 ||
         dtype == DType::F64;
}

bool mdlc::frontend::isIntegerDType(DType dtype) {
  return dtype == DType::I32 || dtype == DType::I64;
}

//===----------------------------------------------------------------------===//
// Dim and SemaType
//===----------------------------------------------------------------------===//

void Dim::print(llvm::raw_ostream &os) const {
  if (isKnown())
    os << size;
  else
    os << symbol;
}

bool SemaType::operator==(const SemaType &other) const {
  if (kind != other.kind)
    return false;
  switch (kind) {
  case Kind::Tensor:
    return dtype == other.dtype && dims == other.dims;
  case Kind::Model:
    return model == other.model;
  default:
    return true;
  }
}

void SemaType::print(llvm::raw_ostream &os) const {
  switch (kind) {
  case Kind::Invalid:
    os << "<invalid>";
    return;
  case Kind::Int:
    os << "int";
    return;
  case Kind::Float:
    os << "float";
    return;
  case Kind::Bool:
    os << "bool";
    return;
  case Kind::String:
    os << "string";
    return;
  case Kind::Model:
    os << (model ? model->getName() : llvm::StringRef("<model>"));
    return;
  case Kind::Tensor:
    os << getDTypeName(dtype);
    if (dims.empty())
      return;
    os << '[';
    llvm::interleaveComma(dims, os, [&](const Dim &d) { d.print(os); });
    os << ']';
    return;
  }
}

std::string SemaType::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

SemaType Constant::getType() const {
  switch (kind) {
  case Kind::Int:
    return SemaType::intType();
  case Kind::Float:
    return SemaType::floatType();
  case Kind::Bool:
    return SemaType::boolType();
  case Kind::String:
    return SemaType::stringType();
  }
  llvm_unreachable("unknown constant kind");
}

void mdlc::frontend::printFloat(llvm::raw_ostream &os, double value) {
  if (std::isnan(value)) {
    os << "nan";
    return;
  }
  if (std::isinf(value)) {
    os << (value < 0 ? "-inf" : "inf");
    return;
  }
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  llvm::StringRef text(buf);
  os << text;
  if (text.find_first_of(".eEn") == llvm::StringRef::npos)
    os << ".0";
}

void Constant::print(llvm::raw_ostream &os) const {
  switch (kind) {
  case Kind::Int:
    os << i;
    return;
  case Kind::Float:
    printFloat(os, f);
    return;
  case Kind::Bool:
    os << (b ? "true" : "false");
    return;
  case Kind::String:
    os << '"';
    os.write_escaped(s);
    os << '"';
    return;
  }
}

std::string Constant::str() const {
  std::string out;
  llvm::raw_string_ostream os(out);
  print(os);
  return out;
}
