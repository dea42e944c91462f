// RUN: mdlc-opt %s -split-input-file -verify-diagnostics
// Convolution and pooling with a dynamic batch (README.md#conv2d,
// #pooling): only the batch may be `?` (window_c3), the weight is static,
// and a `?` batch pairs only with `?` (conv2d_c3, pool_c1).

// Test: conv2d_c3, a `?` input batch with a static result batch.
func.func @conv2d_static_result(%x: tensor<?x1x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected output batch and channels [?, 4], but got [2, 4]}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<?x1x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Test: conv2d_c3, a static input batch with a `?` result batch.
func.func @conv2d_dynamic_result(%x: tensor<2x1x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected output batch and channels [2, 4], but got [?, 4]}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x1x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

// Test: window_c3, the weight holds no batch.
func.func @conv2d_dynamic_weight(%x: tensor<?x1x8x8xf32>, %w: tensor<?x1x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected a static weight, but got 'tensor<?x1x3x3xf32>'}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<?x1x8x8xf32>, tensor<?x1x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

// Test: window_c3, nor does the weight gradient.
func.func @conv2d_weight_grad_dynamic(%x: tensor<?x1x8x8xf32>, %dy: tensor<?x4x6x6xf32>) -> tensor<?x1x3x3xf32> {
  // expected-error @+1 {{'mdl.conv2d_weight_grad' op expected a static weight, but got 'tensor<?x1x3x3xf32>'}}
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<?x1x8x8xf32>, tensor<?x4x6x6xf32>) -> tensor<?x1x3x3xf32>
  return %dw : tensor<?x1x3x3xf32>
}

// -----

// Test: conv2d_c3 for the input gradient: its batch is the output
// gradient's.
func.func @conv2d_input_grad_static(%dy: tensor<?x4x6x6xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<2x1x8x8xf32> {
  // expected-error @+1 {{'mdl.conv2d_input_grad' op expected output batch and channels [2, 4], but got [?, 4]}}
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<?x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<2x1x8x8xf32>
  return %dx : tensor<2x1x8x8xf32>
}

// -----

// Test: conv2d_c4, the bias is static.
func.func @conv2d_dynamic_bias(%x: tensor<?x1x8x8xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<?xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected bias of shape [4], but got [?]}}
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<?x1x8x8xf32>, tensor<4x1x3x3xf32>, tensor<?xf32>) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

// Test: pool_c1, a `?` input batch with a static result batch.
func.func @max_pool2d_static_result(%x: tensor<?x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'mdl.max_pool2d' op expected output batch and channels [?, 3], but got [2, 3]}}
  %y = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x3x8x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Test: pool_c1, a static input batch with a `?` result batch.
func.func @avg_pool2d_dynamic_result(%x: tensor<2x3x8x8xf32>) -> tensor<?x3x4x4xf32> {
  // expected-error @+1 {{'mdl.avg_pool2d' op expected output batch and channels [2, 3], but got [?, 3]}}
  %y = mdl.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x8x8xf32> -> tensor<?x3x4x4xf32>
  return %y : tensor<?x3x4x4xf32>
}

// -----

// Test: pool_c1 for the adjoint: the output gradient's batch is the input's.
func.func @max_pool2d_grad_mixed(%x: tensor<?x3x8x8xf32>, %dy: tensor<2x3x4x4xf32>) -> tensor<?x3x8x8xf32> {
  // expected-error @+1 {{'mdl.max_pool2d_grad' op expected output batch and channels [?, 3], but got [2, 3]}}
  %dx = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x3x8x8xf32>, tensor<2x3x4x4xf32>) -> tensor<?x3x8x8xf32>
  return %dx : tensor<?x3x8x8xf32>
}

// -----

// Test: dynamic_c1 still holds: a dynamic spatial size is refused.
func.func @max_pool2d_dynamic_height(%x: tensor<2x3x?x8xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'mdl.max_pool2d' op expected only dimension 0 (the batch) to be dynamic, but got 'tensor<2x3x?x8xf32>'}}
  %y = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x?x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}
