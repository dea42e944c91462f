// RUN: mdlc-opt %s -split-input-file -verify-diagnostics

// Test: a dynamic batch needs its size.
func.func @missing_size() {
  // expected-error @+1 {{'mdlrt.next_batch' op expected a size operand for the dynamic batch dimension}}
  %x, %y = mdlrt.next_batch : tensor<?x4xf32>, tensor<?xi32>
  return
}

// -----

// Test: a static batch takes no size.
func.func @extra_size(%b: index) {
  // expected-error @+1 {{'mdlrt.eval_next_batch' op expected no size operand for a static batch dimension}}
  %x, %y = mdlrt.eval_next_batch(%b) : tensor<8x4xf32>, tensor<8xi32>
  return
}

// -----

// Test: only the batch dimension may be dynamic.
func.func @dynamic_feature(%b: index) {
  // expected-error @+1 {{'mdlrt.next_batch' op expected only the batch dimension to be dynamic, but got 'tensor<?x?xf32>'}}
  %x, %y = mdlrt.next_batch(%b) : tensor<?x?xf32>, tensor<?xi32>
  return
}

// -----

// Test: inputs and targets share the batch dimension.
func.func @mixed(%b: index) {
  // expected-error @+1 {{'mdlrt.eval_next_batch' op expected inputs and targets with the same leading (batch) dimension}}
  %x, %y = mdlrt.eval_next_batch(%b) : tensor<?x4xf32>, tensor<8xi32>
  return
}
