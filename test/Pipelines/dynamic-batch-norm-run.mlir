// RUN: sed 's/BATCH/3/g' %s | mdlc-opt --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | mdlc-opt --pass-pipeline="builtin.module(func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:   | mlir-runner -e main -entry-point-result=f32 | FileCheck %s
// RUN: sed 's/BATCH/?/g' %s | mdlc-opt --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | mdlc-opt --pass-pipeline="builtin.module(func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:   | mlir-runner -e main -entry-point-result=f32 | FileCheck %s
//
// Batch norm (training mode, its statistics used too, and evaluation mode)
// and dropout on a static batch of 3 and on a dynamic one (BATCH is 3 or ?;
// the inputs are cast to the dynamic type), run with mlir-runner: a
// checksum of the loss and of every gradient, each weighted differently,
// agrees. Batch norm's per-channel count n and the dropout mask (which
// hashes the row-major index, whatever the batch) are the same either way;
// the sums over a dynamic batch accumulate in f64, so the checksums agree
// to 6 digits, not bit for bit (static 3.000668e+02, dynamic 3.000667e+02).

// CHECK: 3.0006{{6|7}}{{[0-9]}}e+02

func.func private @loss(%w1: tensor<3x4xf32>, %g: tensor<3xf32>, %bt: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<3xf32>, %w2: tensor<2x3xf32>, %x: tensor<BATCHx1x2x2xf32>, %y: tensor<BATCHxi32>, %seed: i64) -> tensor<f32> {
  %0 = mdl.reshape %x : tensor<BATCHx1x2x2xf32> -> tensor<BATCHx4xf32>
  %1 = mdl.linear %0, %w1 : (tensor<BATCHx4xf32>, tensor<3x4xf32>) -> tensor<BATCHx3xf32>
  %2, %m, %v = mdl.batch_norm_train %1, %g, %bt {eps = 1.0e-05 : f64} : tensor<BATCHx3xf32>, tensor<3xf32>
  %3 = mdl.tanh %2 : tensor<BATCHx3xf32>
  %4 = mdl.dropout %3, %seed {p = 3.000000e-01 : f64} : tensor<BATCHx3xf32>
  %5 = mdl.batch_norm_eval %4, %g, %bt, %rm, %rv {eps = 1.0e-05 : f64} : tensor<BATCHx3xf32>, tensor<3xf32>
  %6 = mdl.linear %5, %w2 : (tensor<BATCHx3xf32>, tensor<2x3xf32>) -> tensor<BATCHx2xf32>
  %7 = mdl.cross_entropy %6, %y : (tensor<BATCHx2xf32>, tensor<BATCHxi32>) -> tensor<f32>
  // The statistics feed the loss too, so their adjoints are exercised.
  %sv = mdl.sum %v dims = [0] : tensor<3xf32> -> tensor<f32>
  %sm = mdl.sum %m dims = [0] : tensor<3xf32> -> tensor<f32>
  %8 = mdl.add %7, %sv : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %9 = mdl.add %8, %sm : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %9 : tensor<f32>
}
func.func @main() -> f32 {
  %w1 = arith.constant dense<[[0.1, -0.2, 0.3, 0.4], [0.5, 0.6, -0.7, 0.8], [-0.9, 1.0, 0.2, -0.3]]> : tensor<3x4xf32>
  %g = arith.constant dense<[1.1, 0.9, 1.3]> : tensor<3xf32>
  %bt = arith.constant dense<[0.01, -0.02, 0.03]> : tensor<3xf32>
  %rm = arith.constant dense<[0.1, -0.1, 0.2]> : tensor<3xf32>
  %rv = arith.constant dense<[0.9, 1.2, 0.7]> : tensor<3xf32>
  %w2 = arith.constant dense<[[0.3, -0.1, 0.2], [-0.4, 0.5, 0.6]]> : tensor<2x3xf32>
  %xs = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[-1.0, 0.5], [0.25, 2.0]]], [[[0.0, -2.0], [1.5, -0.5]]]]> : tensor<3x1x2x2xf32>
  %ys = arith.constant dense<[1, 0, 1]> : tensor<3xi32>
  %seed = arith.constant 7 : i64
  %x = tensor.cast %xs : tensor<3x1x2x2xf32> to tensor<BATCHx1x2x2xf32>
  %y = tensor.cast %ys : tensor<3xi32> to tensor<BATCHxi32>
  %l, %d1, %d2, %d3, %d4, %d5, %d6 = mdl.value_and_grad @loss(%w1, %g, %bt, %rm, %rv, %w2, %x, %y, %seed) wrt = [0, 1, 2, 3, 4, 5] : (tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<BATCHx1x2x2xf32>, tensor<BATCHxi32>, i64) -> (tensor<f32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>)
  // A checksum of the loss and every gradient, each weighted differently.
  %c1 = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]]> : tensor<3x4xf32>
  %c2 = arith.constant dense<[13.0, 14.0, 15.0]> : tensor<3xf32>
  %c3 = arith.constant dense<[16.0, 17.0, 18.0]> : tensor<3xf32>
  %c4 = arith.constant dense<[19.0, 20.0, 21.0]> : tensor<3xf32>
  %c5 = arith.constant dense<[22.0, 23.0, 24.0]> : tensor<3xf32>
  %c6 = arith.constant dense<[[25.0, 26.0, 27.0], [28.0, 29.0, 30.0]]> : tensor<2x3xf32>
  %p1 = mdl.mul %d1, %c1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %s1 = mdl.sum %p1 dims = [0, 1] : tensor<3x4xf32> -> tensor<f32>
  %p2 = mdl.mul %d2, %c2 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s2 = mdl.sum %p2 dims = [0] : tensor<3xf32> -> tensor<f32>
  %p3 = mdl.mul %d3, %c3 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s3 = mdl.sum %p3 dims = [0] : tensor<3xf32> -> tensor<f32>
  %p4 = mdl.mul %d4, %c4 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s4 = mdl.sum %p4 dims = [0] : tensor<3xf32> -> tensor<f32>
  %p5 = mdl.mul %d5, %c5 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s5 = mdl.sum %p5 dims = [0] : tensor<3xf32> -> tensor<f32>
  %p6 = mdl.mul %d6, %c6 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %s6 = mdl.sum %p6 dims = [0, 1] : tensor<2x3xf32> -> tensor<f32>
  %t1 = mdl.add %l, %s1 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t2 = mdl.add %t1, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t3 = mdl.add %t2, %s3 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t4 = mdl.add %t3, %s4 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t5 = mdl.add %t4, %s5 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t6 = mdl.add %t5, %s6 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %r = tensor.extract %t6[] : tensor<f32>
  return %r : f32
}
