//===- Passes.td - mdlc conversion passes ------------------*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Every dialect conversion of mdlc, alphabetically.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_PASSES_TD
#define COMPILER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertLinalgToUKernelsPass
    : Pass<"convert-linalg-to-ukernels", "::mlir::ModuleOp"> {
  let summary = "call the runtime's tuned kernels for f32 matrix products";
  let description = [{
    Replaces each `linalg.matmul` on f32 memrefs (after bufferization) with
    a call of `mdlrt_matmul_f32` (runtime/include/mdlrt/mdlrt.h), libmdlrt's
    packed, vectorised, multi-threaded SGEMM, and declares the callee. An
    operand read transposed by the matmul's indexing maps is passed as a
    `memref.transpose` view, so nothing is copied. When the output buffer
    was just zero-filled (`linalg.fill` of 0.0, with no side-effecting op in
    between), the fill is dropped and the kernel writes `C = A·B` instead of
    accumulating. Other element types (the f64 of gradient checks) stay as
    they are for `convert-linalg-to-loops`.

    Before:
    ```mlir
    linalg.fill ins(%zero : f32) outs(%c : memref<256x784xf32>)
    linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>]
        ins(%dy, %x : memref<128x256xf32>, memref<128x784xf32>)
        outs(%c : memref<256x784xf32>)
    ```
    After:
    ```mlir
    %t = memref.transpose %dy (d0, d1) -> (d1, d0) : memref<128x256xf32> to memref<256x128xf32, strided<[1, 256]>>
    %a = memref.cast %t : ... to memref<?x?xf32, strided<[?, ?], offset: ?>>
    %b = memref.cast %x : ... to memref<?x?xf32, strided<[?, ?], offset: ?>>
    %cc = memref.cast %c : ... to memref<?x?xf32, strided<[?, ?], offset: ?>>
    call @mdlrt_matmul_f32(%a, %b, %cc, %c0_i64) : (...) -> ()
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def ConvertMDLRTToFuncPass : Pass<"convert-mdlrt-to-func", "::mlir::ModuleOp"> {
  let summary = "lower mdlrt ops to calls of the runtime's C ABI";
  let description = [{
    Replaces each `mdlrt` op with a `func.call` of its `mdlrt_*` function
    (runtime/include/mdlrt/mdlrt.h) and declares the callee. Runs on tensor
    IR, before bufferization: buffers the runtime fills are `memref.alloc`s
    wrapped by `bufferization.to_tensor`, tensors passed in are read through
    `bufferization.to_buffer`; memrefs cross as unranked descriptors through
    MLIR's C interface (`llvm.emit_c_interface`), strings as constant
    `memref.global`s of i8.

    Before:
    ```mlir
    %x, %y = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
    ```
    After:
    ```mlir
    %xb = memref.alloc() : memref<256x64xf32>
    %yb = memref.alloc() : memref<256x1xf32>
    %xu = memref.cast %xb : memref<256x64xf32> to memref<*xf32>
    %yu = memref.cast %yb : memref<256x1xf32> to memref<*xf32>
    call @mdlrt_next_batch_f32(%xu, %yu) : (memref<*xf32>, memref<*xf32>) -> ()
    %x = bufferization.to_tensor %xb restrict writable : memref<256x64xf32> to tensor<256x64xf32>
    %y = bufferization.to_tensor %yb restrict writable : memref<256x1xf32> to tensor<256x1xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertMDLToLinalgPass : Pass<"convert-mdl-to-linalg", "::mlir::ModuleOp"> {
  let summary = "lower mdl tensor math to linalg, tensor and arith";
  let description = [{
    Lowers every mdl op to `linalg.generic`s (contractions, elementwise
    maps with broadcasting indexing maps, reductions) on `tensor.empty` /
    `linalg.fill` destinations, and shape ops to `tensor` reshapes. Fails
    on any mdl op left, including an `mdl.value_and_grad` that
    `mdl-autodiff` did not replace.

    Before:
    ```mlir
    %r = mdl.add %a, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<8x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                          affine_map<(d0, d1) -> (d1)>,
                                          affine_map<(d0, d1) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel"]}
        ins(%a, %b : tensor<8x4xf32>, tensor<4xf32>) outs(%e : tensor<8x4xf32>) {
    ^bb0(%x: f32, %y: f32, %out: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    } -> tensor<8x4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // COMPILER_CONVERSION_PASSES_TD
