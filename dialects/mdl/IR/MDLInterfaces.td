//===- MDLInterfaces.td - mdl op interfaces ----------------*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// DifferentiableOpInterface: the per-op vector-Jacobian product rule that
// the mdl-autodiff pass calls during its reverse sweep.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDLINTERFACES_TD
#define DIALECTS_MDL_IR_MDLINTERFACES_TD

include "mlir/IR/OpBase.td"

def MDL_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::mdl";
  let description = [{
    An op whose reverse-mode derivative mdlc knows. `buildVJP` receives the
    adjoint (cotangent) of each result — a null value when nothing uses that
    result — and appends one adjoint per operand, or a null value for an
    operand that gets none (integer operands, or operands the rule declares
    non-differentiable). The builder's insertion point is where the reverse
    sweep is; the rule may use the op's operands and results, which dominate
    it.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"Builds the vector-Jacobian product of this op.",
      /*retTy=*/"::llvm::LogicalResult",
      /*methodName=*/"buildVJP",
      /*args=*/(ins "::mlir::OpBuilder &":$builder,
                    "::mlir::ValueRange":$resultAdjoints,
                    "::llvm::SmallVectorImpl<::mlir::Value> &":$operandAdjoints)>,
  ];
}

#endif // DIALECTS_MDL_IR_MDLINTERFACES_TD
