// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// mdl-autodiff through convolution and pooling with a dynamic batch: each
// VJP keeps the `?` of the value it differentiates (window adjoints, the
// input gradient), the weight gradient is static, and the bias gradient
// sums the `?` batch away (mdl.sum over [0, 2, 3]).

// CHECK-LABEL: func.func private @net.value_and_grad(
// CHECK-SAME:    %[[W:[^:]*]]: tensor<2x1x3x3xf32>, %{{[^:]*}}: tensor<2xf32>, %[[X:[^:]*]]: tensor<?x1x7x7xf32>)
// CHECK:         %[[Y:.*]] = mdl.conv2d %[[X]], %[[W]]
// CHECK:         %[[DA:.*]] = mdl.avg_pool2d_grad %{{.*}} {{.*}} : tensor<?x2x3x3xf32> -> tensor<?x2x5x5xf32>
// CHECK:         %[[DM:.*]] = mdl.max_pool2d_grad %[[Y]], %[[DA]] {{.*}} : (tensor<?x2x4x4xf32>, tensor<?x2x5x5xf32>) -> tensor<?x2x4x4xf32>
// CHECK:         %[[DX:.*]] = mdl.conv2d_input_grad %[[DM]], %[[W]] {{.*}} : (tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<?x1x7x7xf32>
// CHECK:         %[[DW:.*]] = mdl.conv2d_weight_grad %[[X]], %[[DM]] {{.*}} : (tensor<?x1x7x7xf32>, tensor<?x2x4x4xf32>) -> tensor<2x1x3x3xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[DM]] dims = [0, 2, 3] : tensor<?x2x4x4xf32> -> tensor<2xf32>
// CHECK:         return %{{.*}}, %[[DW]], %[[DB]], %[[DX]] : tensor<f32>, tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<?x1x7x7xf32>
func.func private @net(%w: tensor<2x1x3x3xf32>, %b: tensor<2xf32>, %x: tensor<?x1x7x7xf32>) -> tensor<f32> {
  %0 = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x1x7x7xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<?x2x4x4xf32>
  %1 = mdl.max_pool2d %0 {kernel = array<i64: 2, 2>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>} : tensor<?x2x4x4xf32> -> tensor<?x2x5x5xf32>
  %2 = mdl.avg_pool2d %1 {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x2x5x5xf32> -> tensor<?x2x3x3xf32>
  %3 = mdl.mean %2 dims = [0, 1, 2, 3] : tensor<?x2x3x3xf32> -> tensor<f32>
  return %3 : tensor<f32>
}
func.func @main(%w: tensor<2x1x3x3xf32>, %b: tensor<2xf32>, %x: tensor<?x1x7x7xf32>) -> (tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<?x1x7x7xf32>) {
  %l, %g0, %g1, %g2 = mdl.value_and_grad @net(%w, %b, %x) wrt = [0, 1, 2] : (tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<?x1x7x7xf32>) -> (tensor<f32>, tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<?x1x7x7xf32>)
  return %g0, %g1, %g2 : tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<?x1x7x7xf32>
}

// The adjoint ops differentiate into each other (README.md#conv2d) with the
// `?` kept: conv2d_input_grad's VJP is conv2d and conv2d_weight_grad,
// conv2d_weight_grad's is conv2d_input_grad and conv2d, avg_pool2d_grad's is
// avg_pool2d.
// CHECK-LABEL: func.func private @adj.value_and_grad(
// CHECK-DAG:     mdl.avg_pool2d %{{.*}} {{.*}} : tensor<?x2x8x8xf32> -> tensor<?x2x4x4xf32>
// CHECK-DAG:     mdl.conv2d_input_grad %{{.*}}, %{{.*}} {{.*}} : (tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<?x1x7x7xf32>
// CHECK-DAG:     mdl.conv2d %{{.*}}, %{{.*}} {{.*}} : (tensor<?x1x7x7xf32>, tensor<2x1x3x3xf32>) -> tensor<?x2x4x4xf32>
// CHECK-DAG:     mdl.conv2d_weight_grad %{{.*}}, %{{.*}} {{.*}} : (tensor<?x1x7x7xf32>, tensor<?x2x4x4xf32>) -> tensor<2x1x3x3xf32>
// CHECK:         return %{{.*}} : tensor<f32>, tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<?x1x7x7xf32>
func.func private @adj(%dy: tensor<?x2x4x4xf32>, %w: tensor<2x1x3x3xf32>, %x: tensor<?x1x7x7xf32>) -> tensor<f32> {
  %0 = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<?x1x7x7xf32>
  %1 = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x1x7x7xf32>, tensor<?x2x4x4xf32>) -> tensor<2x1x3x3xf32>
  %2 = mdl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x2x4x4xf32> -> tensor<?x2x8x8xf32>
  %s0 = mdl.mean %0 dims = [0, 1, 2, 3] : tensor<?x1x7x7xf32> -> tensor<f32>
  %s1 = mdl.sum %1 dims = [0, 1, 2, 3] : tensor<2x1x3x3xf32> -> tensor<f32>
  %s2 = mdl.mean %2 dims = [0, 1, 2, 3] : tensor<?x2x8x8xf32> -> tensor<f32>
  %a = mdl.add %s0, %s1 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %b = mdl.add %a, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %b : tensor<f32>
}
func.func @main_adj(%dy: tensor<?x2x4x4xf32>, %w: tensor<2x1x3x3xf32>, %x: tensor<?x1x7x7xf32>) -> (tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<?x1x7x7xf32>) {
  %l, %g0, %g1, %g2 = mdl.value_and_grad @adj(%dy, %w, %x) wrt = [0, 1, 2] : (tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<?x1x7x7xf32>) -> (tensor<f32>, tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<?x1x7x7xf32>)
  return %g0, %g1, %g2 : tensor<?x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<?x1x7x7xf32>
}
