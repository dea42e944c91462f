// RUN: sed 's/BATCH/3/g' %s | mdlc-opt --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | mdlc-opt --pass-pipeline="builtin.module(func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:   | mlir-runner -e main -entry-point-result=f32 | FileCheck %s
// RUN: sed 's/BATCH/?/g' %s | mdlc-opt --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | mdlc-opt --pass-pipeline="builtin.module(func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:   | mlir-runner -e main -entry-point-result=f32 | FileCheck %s
//
// The same loss and gradients with a static batch of 3 and with a dynamic
// batch (BATCH is 3 or ?; the inputs are cast to the dynamic type), run
// with mlir-runner: a checksum of the loss (cross-entropy plus a mean over
// the batch) and of every gradient, each weighted differently, agrees.
// The contractions lower to loops here (the SGEMM kernel lives in
// libmdlrt, which mlir-runner does not load).

// CHECK: 1.452859e+01

func.func private @loss(%w1: tensor<3x4xf32>, %b1: tensor<3xf32>, %w2: tensor<2x3xf32>, %b2: tensor<2xf32>, %x: tensor<BATCHx1x2x2xf32>, %y: tensor<BATCHxi32>) -> tensor<f32> {
  %0 = mdl.reshape %x : tensor<BATCHx1x2x2xf32> -> tensor<BATCHx4xf32>
  %1 = mdl.linear %0, %w1, %b1 : (tensor<BATCHx4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<BATCHx3xf32>
  %2 = mdl.tanh %1 : tensor<BATCHx3xf32>
  %3 = mdl.linear %2, %w2, %b2 : (tensor<BATCHx3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<BATCHx2xf32>
  %4 = mdl.cross_entropy %3, %y : (tensor<BATCHx2xf32>, tensor<BATCHxi32>) -> tensor<f32>
  %m = mdl.mean %2 dims = [0, 1] : tensor<BATCHx3xf32> -> tensor<f32>
  %5 = mdl.add %4, %m : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %5 : tensor<f32>
}
func.func @main() -> f32 {
  %w1 = arith.constant dense<[[0.1, -0.2, 0.3, 0.4], [0.5, 0.6, -0.7, 0.8], [-0.9, 1.0, 0.2, -0.3]]> : tensor<3x4xf32>
  %b1 = arith.constant dense<[0.01, -0.02, 0.03]> : tensor<3xf32>
  %w2 = arith.constant dense<[[0.3, -0.1, 0.2], [-0.4, 0.5, 0.6]]> : tensor<2x3xf32>
  %b2 = arith.constant dense<[0.05, -0.05]> : tensor<2xf32>
  %xs = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[-1.0, 0.5], [0.25, 2.0]]], [[[0.0, -2.0], [1.5, -0.5]]]]> : tensor<3x1x2x2xf32>
  %ys = arith.constant dense<[1, 0, 1]> : tensor<3xi32>
  %x = tensor.cast %xs : tensor<3x1x2x2xf32> to tensor<BATCHx1x2x2xf32>
  %y = tensor.cast %ys : tensor<3xi32> to tensor<BATCHxi32>
  %l, %g1, %g2, %g3, %g4 = mdl.value_and_grad @loss(%w1, %b1, %w2, %b2, %x, %y) wrt = [0, 1, 2, 3] : (tensor<3x4xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<BATCHx1x2x2xf32>, tensor<BATCHxi32>) -> (tensor<f32>, tensor<3x4xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2xf32>)
  // A checksum of the loss and every gradient, each weighted differently.
  %c1 = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]]> : tensor<3x4xf32>
  %c2 = arith.constant dense<[13.0, 14.0, 15.0]> : tensor<3xf32>
  %c3 = arith.constant dense<[[16.0, 17.0, 18.0], [19.0, 20.0, 21.0]]> : tensor<2x3xf32>
  %c4 = arith.constant dense<[22.0, 23.0]> : tensor<2xf32>
  %p1 = mdl.mul %g1, %c1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %s1 = mdl.sum %p1 dims = [0, 1] : tensor<3x4xf32> -> tensor<f32>
  %p2 = mdl.mul %g2, %c2 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s2 = mdl.sum %p2 dims = [0] : tensor<3xf32> -> tensor<f32>
  %p3 = mdl.mul %g3, %c3 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %s3 = mdl.sum %p3 dims = [0, 1] : tensor<2x3xf32> -> tensor<f32>
  %p4 = mdl.mul %g4, %c4 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %s4 = mdl.sum %p4 dims = [0] : tensor<2xf32> -> tensor<f32>
  %t1 = mdl.add %l, %s1 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t2 = mdl.add %t1, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t3 = mdl.add %t2, %s3 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t4 = mdl.add %t3, %s4 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %r = tensor.extract %t4[] : tensor<f32>
  return %r : f32
}
