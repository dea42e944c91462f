//===- MDLDialect.h - mdl dialect declaration -------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declares the mdl dialect class (generated from MDLDialect.td).
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDLDIALECT_H
#define DIALECTS_MDL_IR_MDLDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "dialects/mdl/IR/MDLOpsDialect.h.inc"

#endif // DIALECTS_MDL_IR_MDLDIALECT_H
