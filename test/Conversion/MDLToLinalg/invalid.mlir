// RUN: mdlc-opt %s --convert-mdl-to-linalg -split-input-file -verify-diagnostics
// The whole mdl dialect is illegal after convert-mdl-to-linalg; requests
// that mdl-autodiff has not replaced have no lowering.

// Test: an mdl.value_and_grad left in the IR makes the conversion fail.
func.func private @loss(%w: tensor<4xf32>) -> tensor<f32> {
  %s = mdl.sum %w dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

func.func @request(%w: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  // expected-error @+1 {{failed to legalize operation 'mdl.value_and_grad' that was explicitly marked illegal}}
  %l, %g = mdl.value_and_grad @loss(%w) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %g : tensor<f32>, tensor<4xf32>
}
