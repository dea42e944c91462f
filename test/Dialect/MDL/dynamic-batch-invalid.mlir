// RUN: mdlc-opt %s -split-input-file -verify-diagnostics
// The dynamic-batch rules (README.md#dynamic-batch): only dimension 0 may
// be `?`, a `?` pairs only with `?` (or 1 when broadcasting), mdl.broadcast
// names one size per `?` of its result.

// Test: dynamic_c1, a dynamic non-batch dimension.
func.func @dynamic_features(%x: tensor<8x?xf32>, %w: tensor<2x4xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'mdl.linear' op expected only dimension 0 (the batch) to be dynamic, but got 'tensor<8x?xf32>'}}
  %y = mdl.linear %x, %w : (tensor<8x?xf32>, tensor<2x4xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

// Test: dynamic_c1 holds for elementwise ops too.
func.func @dynamic_relu(%x: tensor<4x?xf32>) -> tensor<4x?xf32> {
  // expected-error @+1 {{'mdl.relu' op expected only dimension 0 (the batch) to be dynamic, but got 'tensor<4x?xf32>'}}
  %y = mdl.relu %x : tensor<4x?xf32>
  return %y : tensor<4x?xf32>
}

// -----

// Test: linear_c4, a dynamic input batch gives a dynamic result batch.
func.func @linear_static_result(%x: tensor<?x4xf32>, %w: tensor<2x4xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'mdl.linear' op expected result of shape [?, 2], but got [8, 2]}}
  %y = mdl.linear %x, %w : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

// Test: broadcast_c1, `?` does not pair with a static size other than 1.
func.func @add_mismatch(%a: tensor<?x4xf32>, %b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.add' op expected broadcastable operand shapes, but got [?, 4] and [8, 4]}}
  %r = mdl.add %a, %b : (tensor<?x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: broadcast_c1, the result keeps the batch dynamic.
func.func @add_static_result(%a: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.add' op expected result of shape [?, 4], but got [8, 4]}}
  %r = mdl.add %a, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: cross_entropy_c1, a dynamic batch of logits needs dynamic labels.
func.func @cross_entropy_mismatch(%z: tensor<?x10xf32>, %y: tensor<8xi32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.cross_entropy' op expected logits [N, C] and labels [N], but got 'tensor<?x10xf32>' and 'tensor<8xi32>'}}
  %l = mdl.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<8xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Test: matmul_c2, a dynamic contracting dimension pairs only with `?`.
func.func @matmul_contracting(%a: tensor<2x?xf32>, %b: tensor<8x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'mdl.matmul' op expected contracting dimensions to match, but got ? and 8}}
  %c = mdl.matmul %a, %b : (tensor<2x?xf32>, tensor<8x3xf32>) -> tensor<2x3xf32>
  return %c : tensor<2x3xf32>
}

// -----

// Test: broadcast_c4, one size per dynamic result dimension.
func.func @broadcast_missing_size(%s: tensor<f32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'mdl.broadcast' op expected 1 dynamic sizes (one per dynamic result dimension), but got 0}}
  %r = mdl.broadcast %s dims = [] : tensor<f32> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

// Test: broadcast_c4, no size for a static result.
func.func @broadcast_extra_size(%s: tensor<f32>, %n: index) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.broadcast' op expected 0 dynamic sizes (one per dynamic result dimension), but got 1}}
  %r = mdl.broadcast %s dims = [] sizes(%n) : tensor<f32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: broadcast_c3, a dynamic input dimension cannot become a static one.
func.func @broadcast_batch_to_static(%v: tensor<?xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.broadcast' op expected input dimension 0 (?) to be 1 or equal result dimension 0 (8)}}
  %r = mdl.broadcast %v dims = [0] : tensor<?xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: reshape_c2, the batch stays dynamic.
func.func @reshape_to_static(%x: tensor<?x4xf32>) -> tensor<32xf32> {
  // expected-error @+1 {{'mdl.reshape' op expected a dynamic batch in dimension 0 of both input and result and the same number of elements per batch entry, but got 'tensor<?x4xf32>' and 'tensor<32xf32>'}}
  %r = mdl.reshape %x : tensor<?x4xf32> -> tensor<32xf32>
  return %r : tensor<32xf32>
}

// -----

// Test: reshape_c2, each batch entry keeps its number of elements.
func.func @reshape_moves_batch(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'mdl.reshape' op expected a dynamic batch in dimension 0 of both input and result and the same number of elements per batch entry, but got 'tensor<?x4xf32>' and 'tensor<?x2xf32>'}}
  %r = mdl.reshape %x : tensor<?x4xf32> -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// Test: dynamic_c1 holds for dropout: only the batch may be dynamic.
func.func @dropout_dynamic_features(%x: tensor<4x?xf32>, %seed: i64) -> tensor<4x?xf32> {
  // expected-error @+1 {{'mdl.dropout' op expected only dimension 0 (the batch) to be dynamic, but got 'tensor<4x?xf32>'}}
  %y = mdl.dropout %x, %seed {p = 5.000000e-01 : f64} : tensor<4x?xf32>
  return %y : tensor<4x?xf32>
}

// -----

// Test: optimizer_c1, parameters are static.
func.func @adam_dynamic(%p: tensor<?x4xf32>, %lr: f32) -> tensor<?x4xf32> {
  // expected-error @+1 {{'mdl.adam' op expected a statically shaped parameter, but got 'tensor<?x4xf32>'}}
  %p2, %m2, %v2 = mdl.adam %p, %p, %p, %p, %lr, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<?x4xf32>, f32
  return %p2 : tensor<?x4xf32>
}
