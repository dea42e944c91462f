// RUN: mdlc-opt %s -split-input-file | mdlc-opt -split-input-file | FileCheck %s --check-prefix=ROUND
// RUN: mdlc-opt %s -split-input-file --resolve-ranked-shaped-type-result-dims -cse | FileCheck %s
// Convolution and pooling with a dynamic batch (README.md#conv2d,
// #pooling, window_c3): dimension 0 of the input, the result and their
// gradients may be `?`, everything else stays static, and each op reifies
// its `?` from the operand that carries the batch (CSE merges the equal
// `tensor.dim`s).

// ROUND-LABEL: func.func @conv2d
// ROUND:         mdl.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<?x2x7x7xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<?x3x4x4xf32>
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x2x7x7xf32>
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x2x7x7xf32>
// CHECK:         return %[[D]] : index
func.func @conv2d(%x: tensor<?x2x7x7xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> index {
  %c0 = arith.constant 0 : index
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x7x7xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<?x3x4x4xf32>
  %d = tensor.dim %y, %c0 : tensor<?x3x4x4xf32>
  return %d : index
}

// -----

// The input gradient takes the batch of the output gradient; the weight
// gradient sums over the batch and is static.
// ROUND-LABEL: func.func @conv2d_grads
// ROUND:         mdl.conv2d_input_grad %{{.*}}, %{{.*}} {{.*}} : (tensor<?x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<?x2x7x7xf32>
// ROUND:         mdl.conv2d_weight_grad %{{.*}}, %{{.*}} {{.*}} : (tensor<?x2x7x7xf32>, tensor<?x3x4x4xf32>) -> tensor<3x2x3x3xf32>
// CHECK-LABEL: func.func @conv2d_grads
// CHECK-SAME:    (%{{[^:]*}}: tensor<?x2x7x7xf32>, %{{[^:]*}}: tensor<3x2x3x3xf32>, %[[DY:[^:]*]]: tensor<?x3x4x4xf32>)
// CHECK:         %[[D:.*]] = tensor.dim %[[DY]], %{{.*}} : tensor<?x3x4x4xf32>
// CHECK:         return %[[D]], %{{.*}} : index, tensor<3x2x3x3xf32>
func.func @conv2d_grads(%x: tensor<?x2x7x7xf32>, %w: tensor<3x2x3x3xf32>, %dy: tensor<?x3x4x4xf32>) -> (index, tensor<3x2x3x3xf32>) {
  %c0 = arith.constant 0 : index
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<?x2x7x7xf32>
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x7x7xf32>, tensor<?x3x4x4xf32>) -> tensor<3x2x3x3xf32>
  %d = tensor.dim %dx, %c0 : tensor<?x2x7x7xf32>
  return %d, %dw : index, tensor<3x2x3x3xf32>
}

// -----

// ROUND-LABEL: func.func @pooling
// ROUND:         mdl.max_pool2d %{{.*}} {{.*}} : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
// ROUND:         mdl.avg_pool2d %{{.*}} {{.*}} : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
// ROUND:         mdl.max_pool2d_grad %{{.*}}, %{{.*}} {{.*}} : (tensor<?x3x8x8xf32>, tensor<?x3x4x4xf32>) -> tensor<?x3x8x8xf32>
// ROUND:         mdl.avg_pool2d_grad %{{.*}} {{.*}} : tensor<?x3x4x4xf32> -> tensor<?x3x8x8xf32>
// CHECK-LABEL: func.func @pooling
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x3x8x8xf32>, %[[DY:[^:]*]]: tensor<?x3x4x4xf32>)
// CHECK-DAG:     %[[DX:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3x8x8xf32>
// CHECK-DAG:     %[[DD:.*]] = tensor.dim %[[DY]], %{{.*}} : tensor<?x3x4x4xf32>
// CHECK:         return %[[DX]], %[[DX]], %[[DX]], %[[DD]] : index, index, index, index
func.func @pooling(%x: tensor<?x3x8x8xf32>, %dy: tensor<?x3x4x4xf32>) -> (index, index, index, index) {
  %c0 = arith.constant 0 : index
  %m = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
  %a = mdl.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
  %gm = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x3x8x8xf32>, tensor<?x3x4x4xf32>) -> tensor<?x3x8x8xf32>
  %ga = mdl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x3x4x4xf32> -> tensor<?x3x8x8xf32>
  %d0 = tensor.dim %m, %c0 : tensor<?x3x4x4xf32>
  %d1 = tensor.dim %a, %c0 : tensor<?x3x4x4xf32>
  %d2 = tensor.dim %gm, %c0 : tensor<?x3x8x8xf32>
  %d3 = tensor.dim %ga, %c0 : tensor<?x3x8x8xf32>
  return %d0, %d1, %d2, %d3 : index, index, index, index
}
