// RUN: mdlc-opt %s --mdl-autodiff -split-input-file -verify-diagnostics
// Errors of mdl-autodiff: callees it cannot differentiate.

// Test: calls in the callee must be inlined first (mdl-grad-pipeline runs
// `inline` before mdl-autodiff).
func.func private @g(%a: tensor<4xf32>) -> tensor<4xf32> {
  %n = mdl.neg %a : tensor<4xf32>
  return %n : tensor<4xf32>
}

func.func private @f_call(%a: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'func.call' op must be inlined before mdl-autodiff runs}}
  %n = func.call @g(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %n dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

func.func @call(%a: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %ga = mdl.value_and_grad @f_call(%a) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %ga : tensor<f32>, tensor<4xf32>
}

// -----

// Test: a non-differentiable op (an optimizer update) on the active path.
func.func private @f_sgd(%w: tensor<4xf32>, %g: tensor<4xf32>, %lr: f32) -> tensor<f32> {
  // expected-error @+1 {{'mdl.sgd' op is not differentiable, but the gradient of @f_sgd depends on it}}
  %u = mdl.sgd %w, %g, %lr : tensor<4xf32>, f32
  %s = mdl.sum %u dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

func.func @sgd(%w: tensor<4xf32>, %g: tensor<4xf32>, %lr: f32) -> (tensor<f32>, tensor<4xf32>) {
  %l, %gw = mdl.value_and_grad @f_sgd(%w, %g, %lr) wrt = [0] : (tensor<4xf32>, tensor<4xf32>, f32) -> (tensor<f32>, tensor<4xf32>)
  return %l, %gw : tensor<f32>, tensor<4xf32>
}

// -----

// Test: the non-differentiable op is reached through the reverse sweep from
// a later differentiable op, not only as the last op.
func.func private @f_sgd_mid(%w: tensor<4xf32>, %g: tensor<4xf32>, %lr: f32) -> tensor<f32> {
  // expected-error @+1 {{'mdl.sgd' op is not differentiable, but the gradient of @f_sgd_mid depends on it}}
  %u = mdl.sgd %w, %g, %lr : tensor<4xf32>, f32
  %n = mdl.neg %u : tensor<4xf32>
  %m = mdl.mul %n, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %m dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

func.func @sgd_mid(%w: tensor<4xf32>, %g: tensor<4xf32>, %lr: f32) -> (tensor<f32>, tensor<4xf32>) {
  %l, %gw = mdl.value_and_grad @f_sgd_mid(%w, %g, %lr) wrt = [0] : (tensor<4xf32>, tensor<4xf32>, f32) -> (tensor<f32>, tensor<4xf32>)
  return %l, %gw : tensor<f32>, tensor<4xf32>
}

// -----

// Test: an external declaration has no body to differentiate.
// expected-error @+1 {{'func.func' op cannot be differentiated: expected a single-block body}}
func.func private @f_external(%a: tensor<4xf32>) -> tensor<f32>

func.func @external(%a: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %ga = mdl.value_and_grad @f_external(%a) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %ga : tensor<f32>, tensor<4xf32>
}

// -----

// Test: max_pool2d_grad is not differentiable (README.md#pooling), so a
// second derivative through max pooling is an error.
func.func private @f_max_pool_grad(%x: tensor<1x1x4x4xf32>, %dy: tensor<1x1x2x2xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.max_pool2d_grad' op is not differentiable, but the gradient of @f_max_pool_grad depends on it}}
  %dx = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %s = mdl.sum %dx dims = [0, 1, 2, 3] : tensor<1x1x4x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

func.func @max_pool_grad(%x: tensor<1x1x4x4xf32>, %dy: tensor<1x1x2x2xf32>) -> (tensor<f32>, tensor<1x1x2x2xf32>) {
  %l, %g = mdl.value_and_grad @f_max_pool_grad(%x, %dy) wrt = [1] : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> (tensor<f32>, tensor<1x1x2x2xf32>)
  return %l, %g : tensor<f32>, tensor<1x1x2x2xf32>
}
