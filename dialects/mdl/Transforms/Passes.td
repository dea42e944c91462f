//===- Passes.td - mdl dialect passes ----------------------*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Passes that transform mdl IR in place (conversions to other dialects live
// in compiler/Conversion/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_TRANSFORMS_PASSES_TD
#define DIALECTS_MDL_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MDLAutodiffPass : Pass<"mdl-autodiff", "::mlir::ModuleOp"> {
  let summary = "reverse-mode differentiation of mdl.value_and_grad requests";
  let description = [{
    For every `mdl.value_and_grad @f(...) wrt = [...]`, generates a function
    `@f.value_and_grad` that re-runs the body of `@f` (the forward sweep),
    then walks it backwards calling each op's `DifferentiableOpInterface`
    rule (the reverse sweep), summing adjoints where a value has several
    uses, and returns the value followed by the requested gradients. The
    request is replaced by a `func.call` of that function. Only values that
    depend on a `wrt` operand are differentiated (activity analysis).

    `@f` must be a single block without calls (run `inline` first).

    Before:
    ```mlir
    func.func @loss(%w: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<f32> {
      %p = mdl.mul %w, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      %s = mdl.sum %p dims = [0] : tensor<4xf32> -> tensor<f32>
      return %s : tensor<f32>
    }
    %l, %g = mdl.value_and_grad @loss(%w, %x) wrt = [0] : ...
    ```
    After:
    ```mlir
    func.func private @loss.value_and_grad(%w: tensor<4xf32>, %x: tensor<4xf32>)
        -> (tensor<f32>, tensor<4xf32>) {
      %p = mdl.mul %w, %x ...
      %s = mdl.sum %p dims = [0] ...
      %one = arith.constant dense<1.0> : tensor<f32>
      %dp = mdl.broadcast %one dims = [] : tensor<f32> -> tensor<4xf32>
      %dw = mdl.mul %dp, %x ...
      return %s, %dw : tensor<f32>, tensor<4xf32>
    }
    %r:2 = call @loss.value_and_grad(%w, %x) : ...
    ```
  }];
  let dependentDialects = [
    "::mlir::mdl::MDLDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect"
  ];
}

#endif // DIALECTS_MDL_TRANSFORMS_PASSES_TD
