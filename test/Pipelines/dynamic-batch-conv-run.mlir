// RUN: sed 's/BATCH/3/g' %s | mdlc-opt --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | mdlc-opt --pass-pipeline="builtin.module(func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:   | mlir-runner -e main -entry-point-result=f32 | FileCheck %s
// RUN: sed 's/BATCH/?/g' %s | mdlc-opt --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | mdlc-opt --pass-pipeline="builtin.module(func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:   | mlir-runner -e main -entry-point-result=f32 | FileCheck %s
//
// A small convnet loss with a static batch of 3 and with a dynamic batch
// (BATCH is 3 or ?; the inputs are cast to the dynamic type): conv2d
// (stride 2, padding 1, bias) -> relu -> max_pool2d (padding 1) ->
// avg_pool2d (stride 2, padding 1) -> reshape -> linear -> cross_entropy.
// The gradients with respect to every parameter and to the input (so
// conv2d_input_grad runs too) are weighted differently and summed with the
// loss; the checksum agrees for both batches. A float64 Python model of the
// same loss gives loss 1.17246085 and, by central differences along the
// weights, checksum 0.42535166. The products lower to loops here (the SGEMM
// kernel lives in libmdlrt, which mlir-runner does not load).

// CHECK: 4.253498e-01

func.func private @loss(%w: tensor<2x1x3x3xf32>, %b: tensor<2xf32>, %l: tensor<3x18xf32>, %lb: tensor<3xf32>, %x: tensor<BATCHx1x7x7xf32>, %y: tensor<BATCHxi32>) -> tensor<f32> {
  %0 = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<BATCHx1x7x7xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<BATCHx2x4x4xf32>
  %1 = mdl.relu %0 : tensor<BATCHx2x4x4xf32>
  %2 = mdl.max_pool2d %1 {kernel = array<i64: 2, 2>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>} : tensor<BATCHx2x4x4xf32> -> tensor<BATCHx2x5x5xf32>
  %3 = mdl.avg_pool2d %2 {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<BATCHx2x5x5xf32> -> tensor<BATCHx2x3x3xf32>
  %4 = mdl.reshape %3 : tensor<BATCHx2x3x3xf32> -> tensor<BATCHx18xf32>
  %5 = mdl.linear %4, %l, %lb : (tensor<BATCHx18xf32>, tensor<3x18xf32>, tensor<3xf32>) -> tensor<BATCHx3xf32>
  %6 = mdl.cross_entropy %5, %y : (tensor<BATCHx3xf32>, tensor<BATCHxi32>) -> tensor<f32>
  return %6 : tensor<f32>
}
func.func @main() -> f32 {
  %w = arith.constant dense<[[[[-0.565, 0.913, 0.391], [-0.13, -0.652, 0.826], [0.304, -0.217, -0.739]]], [[[0.739, 0.217, -0.304], [-0.826, 0.652, 0.13], [-0.391, -0.913, 0.565]]]]> : tensor<2x1x3x3xf32>
  %b = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %l = arith.constant dense<[[-0.548, 0.29, -0.871, -0.032, 0.806, -0.355, 0.484, -0.677, 0.161, -1.0, -0.161, 0.677, -0.484, 0.355, -0.806, 0.032, 0.871, -0.29], [0.548, -0.613, 0.226, -0.935, -0.097, 0.742, -0.419, 0.419, -0.742, 0.097, 0.935, -0.226, 0.613, -0.548, 0.29, -0.871, -0.032, 0.806], [-0.355, 0.484, -0.677, 0.161, -1.0, -0.161, 0.677, -0.484, 0.355, -0.806, 0.032, 0.871, -0.29, 0.548, -0.613, 0.226, -0.935, -0.097]]> : tensor<3x18xf32>
  %lb = arith.constant dense<[0.05, -0.05, 0.02]> : tensor<3xf32>
  %xs = arith.constant dense<[[[[-0.241, 0.31, 0.862, -0.586, -0.034, 0.517, -0.931], [-0.379, 0.172, 0.724, -0.724, -0.172, 0.379, 0.931], [-0.517, 0.034, 0.586, -0.862, -0.31, 0.241, 0.793], [-0.655, -0.103, 0.448, -1.0, -0.448, 0.103, 0.655], [-0.793, -0.241, 0.31, 0.862, -0.586, -0.034, 0.517], [-0.931, -0.379, 0.172, 0.724, -0.724, -0.172, 0.379], [0.931, -0.517, 0.034, 0.586, -0.862, -0.31, 0.241]]], [[[0.793, -0.655, -0.103, 0.448, -1.0, -0.448, 0.103], [0.655, -0.793, -0.241, 0.31, 0.862, -0.586, -0.034], [0.517, -0.931, -0.379, 0.172, 0.724, -0.724, -0.172], [0.379, 0.931, -0.517, 0.034, 0.586, -0.862, -0.31], [0.241, 0.793, -0.655, -0.103, 0.448, -1.0, -0.448], [0.103, 0.655, -0.793, -0.241, 0.31, 0.862, -0.586], [-0.034, 0.517, -0.931, -0.379, 0.172, 0.724, -0.724]]], [[[-0.172, 0.379, 0.931, -0.517, 0.034, 0.586, -0.862], [-0.31, 0.241, 0.793, -0.655, -0.103, 0.448, -1.0], [-0.448, 0.103, 0.655, -0.793, -0.241, 0.31, 0.862], [-0.586, -0.034, 0.517, -0.931, -0.379, 0.172, 0.724], [-0.724, -0.172, 0.379, 0.931, -0.517, 0.034, 0.586], [-0.862, -0.31, 0.241, 0.793, -0.655, -0.103, 0.448], [-1.0, -0.448, 0.103, 0.655, -0.793, -0.241, 0.31]]]]> : tensor<3x1x7x7xf32>
  %ys = arith.constant dense<[2, 0, 1]> : tensor<3xi32>
  %x = tensor.cast %xs : tensor<3x1x7x7xf32> to tensor<BATCHx1x7x7xf32>
  %y = tensor.cast %ys : tensor<3xi32> to tensor<BATCHxi32>
  %v, %gw, %gb, %gl, %glb, %gx = mdl.value_and_grad @loss(%w, %b, %l, %lb, %x, %y) wrt = [0, 1, 2, 3, 4] : (tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<3x18xf32>, tensor<3xf32>, tensor<BATCHx1x7x7xf32>, tensor<BATCHxi32>) -> (tensor<f32>, tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<3x18xf32>, tensor<3xf32>, tensor<BATCHx1x7x7xf32>)
  %gxs = tensor.cast %gx : tensor<BATCHx1x7x7xf32> to tensor<3x1x7x7xf32>
  // A checksum of the loss and every gradient, each weighted differently.
  %cw = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 1.0], [2.0, 3.0, 4.0]]], [[[5.0, 1.0, 2.0], [3.0, 4.0, 5.0], [1.0, 2.0, 3.0]]]]> : tensor<2x1x3x3xf32>
  %cb = arith.constant dense<[3.0, -2.0]> : tensor<2xf32>
  %cl = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<3x18xf32>
  %clb = arith.constant dense<[1.0, 2.0, -1.0]> : tensor<3xf32>
  %cx = arith.constant dense<[[[[0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5], [2.0, 0.5, 1.0, 1.5, 2.0, 0.5, 1.0], [1.5, 2.0, 0.5, 1.0, 1.5, 2.0, 0.5], [1.0, 1.5, 2.0, 0.5, 1.0, 1.5, 2.0], [0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5], [2.0, 0.5, 1.0, 1.5, 2.0, 0.5, 1.0], [1.5, 2.0, 0.5, 1.0, 1.5, 2.0, 0.5]]], [[[1.0, 1.5, 2.0, 0.5, 1.0, 1.5, 2.0], [0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5], [2.0, 0.5, 1.0, 1.5, 2.0, 0.5, 1.0], [1.5, 2.0, 0.5, 1.0, 1.5, 2.0, 0.5], [1.0, 1.5, 2.0, 0.5, 1.0, 1.5, 2.0], [0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5], [2.0, 0.5, 1.0, 1.5, 2.0, 0.5, 1.0]]], [[[1.5, 2.0, 0.5, 1.0, 1.5, 2.0, 0.5], [1.0, 1.5, 2.0, 0.5, 1.0, 1.5, 2.0], [0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5], [2.0, 0.5, 1.0, 1.5, 2.0, 0.5, 1.0], [1.5, 2.0, 0.5, 1.0, 1.5, 2.0, 0.5], [1.0, 1.5, 2.0, 0.5, 1.0, 1.5, 2.0], [0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5]]]]> : tensor<3x1x7x7xf32>
  %p1 = mdl.mul %gw, %cw : (tensor<2x1x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<2x1x3x3xf32>
  %s1 = mdl.sum %p1 dims = [0, 1, 2, 3] : tensor<2x1x3x3xf32> -> tensor<f32>
  %p2 = mdl.mul %gb, %cb : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %s2 = mdl.sum %p2 dims = [0] : tensor<2xf32> -> tensor<f32>
  %p3 = mdl.mul %gl, %cl : (tensor<3x18xf32>, tensor<3x18xf32>) -> tensor<3x18xf32>
  %s3 = mdl.sum %p3 dims = [0, 1] : tensor<3x18xf32> -> tensor<f32>
  %p4 = mdl.mul %glb, %clb : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s4 = mdl.sum %p4 dims = [0] : tensor<3xf32> -> tensor<f32>
  %p5 = mdl.mul %gxs, %cx : (tensor<3x1x7x7xf32>, tensor<3x1x7x7xf32>) -> tensor<3x1x7x7xf32>
  %s5 = mdl.sum %p5 dims = [0, 1, 2, 3] : tensor<3x1x7x7xf32> -> tensor<f32>
  %t1 = mdl.add %v, %s1 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t2 = mdl.add %t1, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t3 = mdl.add %t2, %s3 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t4 = mdl.add %t3, %s4 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t5 = mdl.add %t4, %s5 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %r = tensor.extract %t5[] : tensor<f32>
  return %r : f32
}
