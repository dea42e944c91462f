// RUN: mdlc-opt %s -split-input-file -verify-diagnostics
// Verifier errors of the optimizer ops (constraint labels: README.md).

// Test: sgd_c2, weight decay is non-negative.
func.func @sgd_weight_decay(%w: tensor<4xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd' op expected a non-negative weight_decay, but got -1.000000e-02}}
  %r = mdl.sgd %w, %w, %lr {weight_decay = -0.01 : f64} : tensor<4xf32>, f32
  return %r : tensor<4xf32>
}

// -----

// Test: sgd_momentum_c1, step and lr have the parameter's element type.
func.func @sgd_momentum_scalars(%w: tensor<4xf32>, %t: f64) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd_momentum' op expected lr and step of the parameter element type 'f32', but got 'f64'}}
  %p, %b = mdl.sgd_momentum %w, %w, %w, %t, %t {momentum = 0.9 : f64} : tensor<4xf32>, f64
  return %p : tensor<4xf32>
}

// -----

// Test: sgd_momentum, the buffer has the parameter's type.
func.func @sgd_momentum_buffer(%w: tensor<4xf32>, %b: tensor<5xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{all of {param, grad, buf, new_param, new_buf} have same type}}
  %p, %b2 = "mdl.sgd_momentum"(%w, %w, %b, %t, %t) {momentum = 0.9 : f64} : (tensor<4xf32>, tensor<4xf32>, tensor<5xf32>, f32, f32) -> (tensor<4xf32>, tensor<4xf32>)
  return %p : tensor<4xf32>
}

// -----

// Test: sgd_momentum_c2, momentum is in [0, 1).
func.func @sgd_momentum_range(%w: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd_momentum' op expected momentum in [0, 1), but got 1.000000e+00}}
  %p, %b = mdl.sgd_momentum %w, %w, %w, %t, %t {momentum = 1.0 : f64} : tensor<4xf32>, f32
  return %p : tensor<4xf32>
}

// -----

// Test: sgd_momentum_c2, dampening is in [0, 1].
func.func @sgd_dampening_range(%w: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd_momentum' op expected dampening in [0, 1], but got 1.500000e+00}}
  %p, %b = mdl.sgd_momentum %w, %w, %w, %t, %t {momentum = 0.9 : f64, dampening = 1.5 : f64} : tensor<4xf32>, f32
  return %p : tensor<4xf32>
}

// -----

// Test: sgd_momentum_c2, weight decay is non-negative.
func.func @sgd_momentum_weight_decay(%w: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd_momentum' op expected a non-negative weight_decay, but got -1.000000e+00}}
  %p, %b = mdl.sgd_momentum %w, %w, %w, %t, %t {momentum = 0.9 : f64, weight_decay = -1.0 : f64} : tensor<4xf32>, f32
  return %p : tensor<4xf32>
}

// -----

// Test: sgd_momentum_c3, Nesterov needs momentum and no dampening.
func.func @nesterov_dampening(%w: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd_momentum' op expected a positive momentum and zero dampening with nesterov, but got momentum 9.000000e-01 and dampening 1.000000e-01}}
  %p, %b = mdl.sgd_momentum %w, %w, %w, %t, %t {momentum = 0.9 : f64, dampening = 0.1 : f64, nesterov} : tensor<4xf32>, f32
  return %p : tensor<4xf32>
}

// -----

// Test: sgd_momentum_c3, with a zero momentum too.
func.func @nesterov_no_momentum(%w: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd_momentum' op expected a positive momentum and zero dampening with nesterov, but got momentum 0.000000e+00 and dampening 0.000000e+00}}
  %p, %b = mdl.sgd_momentum %w, %w, %w, %t, %t {momentum = 0.0 : f64, nesterov} : tensor<4xf32>, f32
  return %p : tensor<4xf32>
}

// -----

// Test: adam_c3, weight decay is non-negative.
func.func @adam_weight_decay(%p: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.adam' op expected a non-negative weight_decay, but got -1.000000e-02}}
  %p2, %m2, %v2 = mdl.adam %p, %p, %p, %p, %t, %t {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = -0.01 : f64, decoupled_weight_decay} : tensor<4xf32>, f32
  return %p2 : tensor<4xf32>
}

// -----

// Test: clip_grad_norm_c1, at least one gradient.
func.func @clip_none() {
  // expected-error @+1 {{'mdl.clip_grad_norm' op expected at least one gradient}}
  "mdl.clip_grad_norm"() {max_norm = 1.0 : f64} : () -> ()
  return
}

// -----

// Test: clip_grad_norm_c1, one element type.
func.func @clip_element_types(%a: tensor<4xf32>, %b: tensor<3xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.clip_grad_norm' op expected all element types to be 'f32', but got 'tensor<3xf64>'}}
  %r:2 = mdl.clip_grad_norm %a, %b {max_norm = 1.0 : f64} : tensor<4xf32>, tensor<3xf64>
  return %r#0 : tensor<4xf32>
}

// -----

// Test: clip_grad_norm, each result has its operand's type.
func.func @clip_result_types(%a: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+2 {{'mdl.clip_grad_norm' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{'mdl.clip_grad_norm' op failed to infer returned types}}
  %r = "mdl.clip_grad_norm"(%a) {max_norm = 1.0 : f64} : (tensor<4xf32>) -> tensor<5xf32>
  return %r : tensor<5xf32>
}

// -----

// Test: clip_grad_norm_c2, max_norm is positive.
func.func @clip_max_norm(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.clip_grad_norm' op expected a positive max_norm, but got 0.000000e+00}}
  %r = mdl.clip_grad_norm %a {max_norm = 0.0 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}
