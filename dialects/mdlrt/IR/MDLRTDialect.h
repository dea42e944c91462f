//===- MDLRTDialect.h - mdlrt dialect ---------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declares the mdlrt dialect and its ops (generated from MDLRTOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDLRT_IR_MDLRTDIALECT_H
#define DIALECTS_MDLRT_IR_MDLRTDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/mdlrt/IR/MDLRTOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/mdlrt/IR/MDLRTOps.h.inc"

#endif // DIALECTS_MDLRT_IR_MDLRTDIALECT_H
