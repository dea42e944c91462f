// RUN: mdlc-opt %s --convert-linalg-to-ukernels | FileCheck %s
// Bufferized f32 linalg.matmuls become calls of the runtime's SGEMM on
// strided views; a transposed operand is a memref.transpose view, and a
// zero fill right before the product turns into "write, don't accumulate".

#mk = affine_map<(m, n, k) -> (m, k)>
#km = affine_map<(m, n, k) -> (k, m)>
#kn = affine_map<(m, n, k) -> (k, n)>
#nk = affine_map<(m, n, k) -> (n, k)>
#mn = affine_map<(m, n, k) -> (m, n)>

// A Linear layer: the [out, in] weight read through (n, k) is passed as its
// transpose; the bias already in C is accumulated onto (flag 1).
// CHECK-LABEL: func.func @linear_forward
// CHECK-SAME:    (%[[X:.*]]: memref<128x784xf32>, %[[W:.*]]: memref<256x784xf32>, %[[C:.*]]: memref<128x256xf32>)
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG:     %[[XC:.*]] = memref.cast %[[X]] : memref<128x784xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-DAG:     %[[WT:.*]] = memref.transpose %[[W]] (d0, d1) -> (d1, d0) : memref<256x784xf32> to memref<784x256xf32, strided<[1, 784]>>
// CHECK-DAG:     %[[WC:.*]] = memref.cast %[[WT]] : memref<784x256xf32, strided<[1, 784]>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-DAG:     %[[CC:.*]] = memref.cast %[[C]] : memref<128x256xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK:         call @mdlrt_matmul_f32(%[[XC]], %[[WC]], %[[CC]], %[[ONE]])
// CHECK-NOT:     linalg.matmul
func.func @linear_forward(%x: memref<128x784xf32>, %w: memref<256x784xf32>, %c: memref<128x256xf32>) {
  linalg.matmul indexing_maps = [#mk, #nk, #mn]
      ins(%x, %w : memref<128x784xf32>, memref<256x784xf32>) outs(%c : memref<128x256xf32>)
  return
}

// A weight gradient dyᵀ·x into a zero-filled buffer: the fill goes and the
// kernel writes C (flag 0).
// CHECK-LABEL: func.func @weight_gradient
// CHECK-SAME:    (%[[DY:.*]]: memref<128x256xf32>, %[[X:.*]]: memref<128x784xf32>, %[[C:.*]]: memref<256x784xf32>)
// CHECK-NOT:     linalg.fill
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG:     %[[DYT:.*]] = memref.transpose %[[DY]] (d0, d1) -> (d1, d0) : memref<128x256xf32> to memref<256x128xf32, strided<[1, 256]>>
// CHECK-DAG:     %[[A:.*]] = memref.cast %[[DYT]]
// CHECK-DAG:     %[[B:.*]] = memref.cast %[[X]]
// CHECK-DAG:     %[[CC:.*]] = memref.cast %[[C]]
// CHECK:         call @mdlrt_matmul_f32(%[[A]], %[[B]], %[[CC]], %[[ZERO]])
func.func @weight_gradient(%dy: memref<128x256xf32>, %x: memref<128x784xf32>, %c: memref<256x784xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<256x784xf32>)
  linalg.matmul indexing_maps = [#km, #kn, #mn]
      ins(%dy, %x : memref<128x256xf32>, memref<128x784xf32>) outs(%c : memref<256x784xf32>)
  return
}

// The default maps (a plain matmul): no transposes. Pure ops between the
// fill and the product do not keep the fill.
// CHECK-LABEL: func.func @plain_matmul
// CHECK-NOT:     linalg.fill
// CHECK-NOT:     memref.transpose
// CHECK:         call @mdlrt_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NOT:     linalg.matmul
func.func @plain_matmul(%a: memref<4x3xf32>, %b: memref<3x5xf32>, %c: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<4x5xf32>)
  %collapsed = memref.collapse_shape %a [[0, 1]] : memref<4x3xf32> into memref<12xf32>
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  return
}

// A fill that is not zero, or one separated from the product by an op that
// touches memory, stays, and the kernel accumulates onto it.
// CHECK-LABEL: func.func @fills_kept
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[C:.*]] : memref<4x5xf32>)
// CHECK:         %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:         call @mdlrt_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]])
// CHECK:         linalg.fill
// CHECK:         memref.store
// CHECK:         call @mdlrt_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[ONE2:.*]])
func.func @fills_kept(%a: memref<4x3xf32>, %b: memref<3x5xf32>, %c: memref<4x5xf32>, %d: memref<4x5xf32>) {
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %i = arith.constant 0 : index
  linalg.fill ins(%one : f32) outs(%c : memref<4x5xf32>)
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  linalg.fill ins(%zero : f32) outs(%d : memref<4x5xf32>)
  memref.store %one, %d[%i, %i] : memref<4x5xf32>
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%d : memref<4x5xf32>)
  return
}

// Not for the kernel: f64 (gradient checks), tensors (not yet bufferized).
// CHECK-LABEL: func.func @left_alone
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x3xf64>, memref<3x5xf64>)
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3x5xf32>)
// CHECK-NOT:     call
func.func @left_alone(%a: memref<4x3xf64>, %b: memref<3x5xf64>, %c: memref<4x5xf64>,
                      %ta: tensor<4x3xf32>, %tb: tensor<3x5xf32>, %tc: tensor<4x5xf32>) -> tensor<4x5xf32> {
  linalg.matmul ins(%a, %b : memref<4x3xf64>, memref<3x5xf64>) outs(%c : memref<4x5xf64>)
  %r = linalg.matmul ins(%ta, %tb : tensor<4x3xf32>, tensor<3x5xf32>) outs(%tc : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// The callee is declared once, with the C interface.
// CHECK-LABEL: func.func private @mdlrt_matmul_f32
// CHECK-SAME:    (memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i64)
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// CHECK-NOT:   func.func
