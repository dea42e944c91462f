//===- Passes.td - mdlc's own transforms on upstream IR ----*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Passes that rewrite upstream dialects (not mdl) for mdlc's pipelines,
// alphabetically.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_TRANSFORMS_PASSES_TD
#define COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseElementwisePass
    : Pass<"mdl-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "linalg-fuse-elementwise-ops that leaves matmuls alone";
  let description = [{
    The patterns of upstream `linalg-fuse-elementwise-ops` (elementwise
    producer/consumer fusion, reshape propagation by expansion, bubbling up
    `tensor.expand_shape`, constant folding, the linalg canonicalisations),
    with one rule more: nothing is fused into or out of a `linalg.matmul`.
    Upstream would fold a flatten (`tensor.collapse_shape`) into a matmul by
    expanding it to a 5-D `linalg.generic` contraction, or pull a ReLU into
    its reduction; either hides the product from
    `convert-linalg-to-ukernels` and leaves it to scalar loops.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ReassociateReductionsPass
    : Pass<"mdl-reassociate-reductions", "::mlir::func::FuncOp"> {
  let summary = "allow reassociation and FMA in the bodies of linalg reductions";
  let description = [{
    Marks the float `arith.addf`, `arith.subf` and `arith.mulf` in the body of
    every linalg op with a reduction loop `fastmath<reassoc, contract>`, so
    that LLVM may vectorise the loops `convert-linalg-to-loops` makes of it
    with several partial sums, and fuse multiply-adds. Without it a
    reduction is one chain of dependent scalar adds. Sums then round
    differently, as they do in any BLAS or framework (DESIGN.md allows it).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def MemRefCopyToLinalgPass
    : Pass<"mdl-memref-copy-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "rewrite strided memref.copy as linalg.copy";
  let description = [{
    `finalize-memref-to-llvm` lowers a `memref.copy` between buffers that are
    not both contiguous to a call of `memrefCopy` from MLIR's C runner
    utilities, a library compiled programs do not link. Bufferizing
    `tensor.pad` and strided `tensor.insert_slice` (convolution and pooling
    lowerings) produces such copies. This pass turns each of them into a
    `linalg.copy`, which `convert-linalg-to-loops` makes plain loops;
    copies between two identity-layout buffers stay `memref.copy` (an
    `llvm.memcpy`).

    Before:
    ```mlir
    memref.copy %src, %view : memref<2x3x8x8xf32> to memref<2x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
    ```
    After:
    ```mlir
    linalg.copy ins(%src : memref<2x3x8x8xf32>) outs(%view : memref<2x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // COMPILER_TRANSFORMS_PASSES_TD
