//===- MDL.td - mdl dialect umbrella -----------------------*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Includes every part of the mdl dialect; add_mlir_dialect runs on this file.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDL_TD
#define DIALECTS_MDL_IR_MDL_TD

include "dialects/mdl/IR/MDLDialect.td"
include "dialects/mdl/IR/MDLInterfaces.td"
include "dialects/mdl/IR/MDLOps.td"

#endif // DIALECTS_MDL_IR_MDL_TD
