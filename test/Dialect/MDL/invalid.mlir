// RUN: mdlc-opt %s -split-input-file -verify-diagnostics

// Test: linear_c2, input features must match the weight's in-features.
func.func @linear_features(%x: tensor<8x3xf32>, %w: tensor<2x4xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'mdl.linear' op expected input features to equal weight dimension 1 (4), but got 3}}
  %y = mdl.linear %x, %w : (tensor<8x3xf32>, tensor<2x4xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

// Test: linear_c3, the bias has one entry per output feature.
func.func @linear_bias(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>, %b: tensor<3xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'mdl.linear' op expected bias of shape [2], but got [3]}}
  %y = mdl.linear %x, %w, %b : (tensor<8x4xf32>, tensor<2x4xf32>, tensor<3xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

// Test: linear_c4, the result is [N, out].
func.func @linear_result(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.linear' op expected result of shape [8, 2], but got [8, 4]}}
  %y = mdl.linear %x, %w : (tensor<8x4xf32>, tensor<2x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// -----

// Test: linear_c1, operands are matrices.
func.func @linear_rank(%x: tensor<4xf32>, %w: tensor<2x4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'mdl.linear' op expected rank-2 input, weight and result}}
  %y = mdl.linear %x, %w : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// Test: common_c1, element types agree.
func.func @element_types(%x: tensor<8x4xf32>, %w: tensor<2x4xf64>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'mdl.linear' op expected all element types to be 'f32', but got 'tensor<2x4xf64>'}}
  %y = mdl.linear %x, %w : (tensor<8x4xf32>, tensor<2x4xf64>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

// Test: matmul_c2, contracting dimensions agree.
func.func @matmul_contract(%a: tensor<4x3xf32>, %b: tensor<2x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'mdl.matmul' op expected contracting dimensions to match, but got 3 and 2}}
  %c = mdl.matmul %a, %b : (tensor<4x3xf32>, tensor<2x5xf32>) -> tensor<4x5xf32>
  return %c : tensor<4x5xf32>
}

// -----

// Test: matmul_c3, the result is [M, N].
func.func @matmul_result(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<5x4xf32> {
  // expected-error @+1 {{'mdl.matmul' op expected result of shape [4, 5], but got [5, 4]}}
  %c = mdl.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<5x4xf32>
  return %c : tensor<5x4xf32>
}

// -----

// Test: broadcast_c1, shapes that do not broadcast.
func.func @add_mismatch(%a: tensor<8x4xf32>, %b: tensor<3xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.add' op expected broadcastable operand shapes, but got [8, 4] and [3]}}
  %r = mdl.add %a, %b : (tensor<8x4xf32>, tensor<3xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: broadcast_c1, the result has the broadcast shape.
func.func @mul_result(%a: tensor<8x1xf32>, %b: tensor<4xf32>) -> tensor<8x1xf32> {
  // expected-error @+1 {{'mdl.mul' op expected result of shape [8, 4], but got [8, 1]}}
  %r = mdl.mul %a, %b : (tensor<8x1xf32>, tensor<4xf32>) -> tensor<8x1xf32>
  return %r : tensor<8x1xf32>
}

// -----

// Test: common_c2, reduction dims in range.
func.func @sum_range(%a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.sum' op expected dims in [0, 2), but got 2}}
  %r = mdl.sum %a dims = [2] : tensor<8x4xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: common_c2, reduction dims strictly increasing.
func.func @sum_order(%a: tensor<8x4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.sum' op expected dims to be strictly increasing}}
  %r = mdl.sum %a dims = [1, 0] : tensor<8x4xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// Test: reduce_c2, the result drops exactly the reduced dims.
func.func @mean_result(%a: tensor<8x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.mean' op expected result of shape [8], but got [4]}}
  %r = mdl.mean %a dims = [1] : tensor<8x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: common_c2 for max, reduction dims in range.
func.func @max_range(%a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.max' op expected dims in [0, 2), but got 2}}
  %r = mdl.max %a dims = [2] : tensor<8x4xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: common_c2 for max, reduction dims strictly increasing (no repeats).
func.func @max_repeated(%a: tensor<8x4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.max' op expected dims to be strictly increasing}}
  %r = mdl.max %a dims = [1, 1] : tensor<8x4xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// Test: reduce_c2 for max, the result drops exactly the reduced dims.
func.func @max_result(%a: tensor<8x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.max' op expected result of shape [8], but got [4]}}
  %r = mdl.max %a dims = [1] : tensor<8x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: common_c1 for max, the result keeps the input's element type.
func.func @max_element_type(%a: tensor<8x4xf32>) -> tensor<8xf64> {
  // expected-error @+1 {{'mdl.max' op expected all element types to be 'f32', but got 'tensor<8xf64>'}}
  %r = mdl.max %a dims = [1] : tensor<8x4xf32> -> tensor<8xf64>
  return %r : tensor<8xf64>
}

// -----

// Test: broadcast_c1, one dims entry per input dimension.
func.func @broadcast_dims(%a: tensor<4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.broadcast' op expected one entry in dims per input dimension (1), but got 2}}
  %r = mdl.broadcast %a dims = [0, 1] : tensor<4xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: broadcast_c3, only size-1 dimensions stretch.
func.func @broadcast_stretch(%a: tensor<4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'mdl.broadcast' op expected input dimension 0 (4) to be 1 or equal result dimension 1 (8)}}
  %r = mdl.broadcast %a dims = [1] : tensor<4xf32> -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// Test: reshape_c1, element counts agree.
func.func @reshape_count(%a: tensor<8x4xf32>) -> tensor<30xf32> {
  // expected-error @+1 {{'mdl.reshape' op expected the same number of elements, but got 32 and 30}}
  %r = mdl.reshape %a : tensor<8x4xf32> -> tensor<30xf32>
  return %r : tensor<30xf32>
}

// -----

// Test: transpose_c1, the permutation is a permutation.
func.func @transpose_perm(%a: tensor<8x4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'mdl.transpose' op expected a permutation of [0, 2), but got [1, 1]}}
  %r = mdl.transpose %a permutation = [1, 1] : tensor<8x4xf32> -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// Test: transpose_c2, the result is permuted accordingly.
func.func @transpose_result(%a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.transpose' op expected result dimension 0 to be 4, but got 8}}
  %r = mdl.transpose %a permutation = [1, 0] : tensor<8x4xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: mse_c1, prediction and target agree.
func.func @mse_types(%p: tensor<8x1xf32>, %t: tensor<8xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.mse' op expected prediction and target of the same type, but got 'tensor<8x1xf32>' and 'tensor<8xf32>'}}
  %l = mdl.mse %p, %t : (tensor<8x1xf32>, tensor<8xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Test: the loss is a rank-0 tensor.
func.func @mse_scalar(%p: tensor<8xf32>, %t: tensor<8xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{'mdl.mse' op result #0 must be 0D tensor of floating-point values}}
  %l = mdl.mse %p, %t : (tensor<8xf32>, tensor<8xf32>) -> tensor<1xf32>
  return %l : tensor<1xf32>
}

// -----

// Test: sgd_c1, the learning rate has the parameter's element type.
func.func @sgd_lr(%w: tensor<4xf32>, %g: tensor<4xf32>, %lr: f64) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.sgd' op expected lr of the parameter element type 'f32', but got 'f64'}}
  %r = mdl.sgd %w, %g, %lr : tensor<4xf32>, f64
  return %r : tensor<4xf32>
}

// -----

func.func private @loss(%w: tensor<4xf32>) -> tensor<f32>

// Test: value_and_grad_c2, one gradient per wrt operand.
func.func @vg_count(%w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected 2 results (value and one gradient per wrt operand), but got 1}}
  %l = mdl.value_and_grad @loss(%w) wrt = [0] : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func private @loss(%w: tensor<4xf32>) -> tensor<f32>

// Test: value_and_grad_c1, wrt names operands.
func.func @vg_wrt(%w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected wrt in [0, 1), but got 1}}
  %l, %g = mdl.value_and_grad @loss(%w) wrt = [1] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l : tensor<f32>
}

// -----

func.func private @loss(%w: tensor<4xf32>) -> tensor<f32>

// Test: value_and_grad_c3, a gradient has its operand's type.
func.func @vg_grad_type(%w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected gradient 0 to have the type of operand 0 ('tensor<4xf32>'), but got 'tensor<3xf32>'}}
  %l, %g = mdl.value_and_grad @loss(%w) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %l : tensor<f32>
}

// -----

// Test: value_and_grad_c4, the callee exists.
func.func @vg_callee(%w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected 'missing' to name a func.func in scope}}
  %l, %g = mdl.value_and_grad @missing(%w) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l : tensor<f32>
}

// -----

func.func private @loss(%w: tensor<4xf32>) -> tensor<4xf32>

// Test: value_and_grad_c4, the callee returns the value's type.
func.func @vg_callee_result(%w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected @loss to return one 'tensor<f32>'}}
  %l, %g = mdl.value_and_grad @loss(%w) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l : tensor<f32>
}

// -----

func.func private @loss(%w: tensor<4xf32>, %lr: f32) -> tensor<f32>

// Test: value_and_grad_c1, only float tensors are differentiated.
func.func @vg_wrt_scalar(%w: tensor<4xf32>, %lr: f32) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected wrt operand 1 to be a float tensor, but got 'f32'}}
  %l, %g = mdl.value_and_grad @loss(%w, %lr) wrt = [1] : (tensor<4xf32>, f32) -> (tensor<f32>, f32)
  return %l : tensor<f32>
}

// -----

func.func private @loss(%w: tensor<4xi32>) -> tensor<f32>

// Test: value_and_grad_c1, integer tensors have no gradient.
func.func @vg_wrt_integer(%w: tensor<4xi32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.value_and_grad' op expected wrt operand 0 to be a float tensor, but got 'tensor<4xi32>'}}
  %l, %g = mdl.value_and_grad @loss(%w) wrt = [0] : (tensor<4xi32>) -> (tensor<f32>, tensor<4xi32>)
  return %l : tensor<f32>
}

// -----

// Test: compare_c1, the predicate is known.
func.func @compare_predicate(%a: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'mdl.compare' op expected predicate lt, le, gt, ge, eq or ne, but got "less"}}
  %c = mdl.compare "less", %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Test: compare_c2, operands share an element type.
func.func @compare_types(%a: tensor<4xf32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  // expected-error @+1 {{'mdl.compare' op expected operands of one element type, but got 'tensor<4xf32>' and 'tensor<4xi32>'}}
  %c = mdl.compare "lt", %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Test: broadcast_c1 for compare, the result has the broadcast shape.
func.func @compare_result(%a: tensor<4xf32>, %b: tensor<3x1xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'mdl.compare' op expected result of shape [3, 4], but got [4]}}
  %c = mdl.compare "lt", %a, %b : (tensor<4xf32>, tensor<3x1xf32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Test: select_c1, both values have the result's element type.
func.func @select_types(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.select' op expected values and result of one element type}}
  %r = mdl.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: broadcast_c1 for select, operands broadcast.
func.func @select_shapes(%c: tensor<3xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.select' op expected broadcastable operand shapes}}
  %r = mdl.select %c, %a, %b : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: the unary functions keep their operand's type.
func.func @relu_type(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.relu' op requires the same type for all operands and results}}
  %r = "mdl.relu"(%a) : (tensor<4xf32>) -> tensor<3xf32>
  return %a : tensor<4xf32>
}

// -----

// Test: softmax_c1, the axis is a dimension of the input.
func.func @softmax_axis(%a: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'mdl.log_softmax' op expected axis in [0, 2), but got 2}}
  %r = mdl.log_softmax %a axis = 2 : tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}

// -----

// Test: cross_entropy_c1, logits [N, C] against labels [N].
func.func @cross_entropy_shapes(%z: tensor<4x3xf32>, %y: tensor<5xi32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.cross_entropy' op expected logits [N, C] and labels [N], but got 'tensor<4x3xf32>' and 'tensor<5xi32>'}}
  %l = mdl.cross_entropy %z, %y : (tensor<4x3xf32>, tensor<5xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Test: cross_entropy, labels are integers.
func.func @cross_entropy_labels(%z: tensor<4x3xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.cross_entropy' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %l = mdl.cross_entropy %z, %y : (tensor<4x3xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Test: one_hot_c1, the result adds one class dimension.
func.func @one_hot_shape(%y: tensor<4xi32>) -> tensor<5x3xf32> {
  // expected-error @+1 {{'mdl.one_hot' op expected a result of shape [4] plus one class dimension, but got [5, 3]}}
  %r = mdl.one_hot %y : tensor<4xi32> -> tensor<5x3xf32>
  return %r : tensor<5x3xf32>
}

// -----

// Test: argmax_c1, the axis is dropped from the result.
func.func @argmax_shape(%z: tensor<4x3xf32>) -> tensor<3xi32> {
  // expected-error @+1 {{'mdl.argmax' op expected result of shape [4], but got [3]}}
  %r = mdl.argmax %z axis = 1 : tensor<4x3xf32> -> tensor<3xi32>
  return %r : tensor<3xi32>
}

// -----

// Test: gather_c1, the axis is a dimension of the input.
func.func @gather_axis(%a: tensor<8x4xf32>, %i: tensor<8xi32>) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.gather' op expected axis in [0, 2), but got 2}}
  %r = mdl.gather %a, %i axis = 2 : (tensor<8x4xf32>, tensor<8xi32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Test: gather_c1, negative axes are not normalized in the IR.
func.func @gather_negative_axis(%a: tensor<8x4xf32>, %i: tensor<8xi32>) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.gather' op expected axis in [0, 2), but got -1}}
  %r = mdl.gather %a, %i axis = -1 : (tensor<8x4xf32>, tensor<8xi32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Test: gather_c1 for scatter_add, the axis is a dimension of the result.
func.func @scatter_add_axis(%d: tensor<8xf32>, %i: tensor<8xi32>) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.scatter_add' op expected axis in [0, 1), but got 1}}
  %r = mdl.scatter_add %d, %i axis = 1 : (tensor<8xf32>, tensor<8xi32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Test: gather_c2, the index has the input's shape without the axis.
func.func @gather_index_shape(%a: tensor<8x4xf32>, %i: tensor<4xi32>) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.gather' op expected index of shape [8], but got [4]}}
  %r = mdl.gather %a, %i axis = 1 : (tensor<8x4xf32>, tensor<4xi32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Test: gather_c2, a rank-1 input takes a rank-0 index.
func.func @gather_index_rank(%a: tensor<8xf32>, %i: tensor<8xi32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.gather' op expected index of shape [], but got [8]}}
  %r = mdl.gather %a, %i axis = 0 : (tensor<8xf32>, tensor<8xi32>) -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// Test: gather_c3, the result has the index's shape (the axis is squeezed).
func.func @gather_result_shape(%a: tensor<8x4xf32>, %i: tensor<8xi32>) -> tensor<8x1xf32> {
  // expected-error @+1 {{'mdl.gather' op expected gathered values of shape [8], but got [8, 1]}}
  %r = mdl.gather %a, %i axis = 1 : (tensor<8x4xf32>, tensor<8xi32>) -> tensor<8x1xf32>
  return %r : tensor<8x1xf32>
}

// -----

// Test: gather_c3 for scatter_add, the source has the result's shape without the axis.
func.func @scatter_add_source_shape(%d: tensor<4xf32>, %i: tensor<8xi32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.scatter_add' op expected gathered values of shape [8], but got [4]}}
  %r = mdl.scatter_add %d, %i axis = 1 : (tensor<4xf32>, tensor<8xi32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Test: common_c1 for gather, the result has the input's element type.
func.func @gather_element_type(%a: tensor<8x4xf32>, %i: tensor<8xi32>) -> tensor<8xf64> {
  // expected-error @+1 {{'mdl.gather' op expected result element type 'f32', but got 'f64'}}
  %r = mdl.gather %a, %i axis = 1 : (tensor<8x4xf32>, tensor<8xi32>) -> tensor<8xf64>
  return %r : tensor<8xf64>
}

// -----

// Test: common_c1 for scatter_add, the result has the source's element type.
func.func @scatter_add_element_type(%d: tensor<8xf32>, %i: tensor<8xi32>) -> tensor<8x4xf16> {
  // expected-error @+1 {{'mdl.scatter_add' op expected result element type 'f32', but got 'f16'}}
  %r = mdl.scatter_add %d, %i axis = 1 : (tensor<8xf32>, tensor<8xi32>) -> tensor<8x4xf16>
  return %r : tensor<8x4xf16>
}

// -----

// Test: gather, the index is an integer tensor.
func.func @gather_float_index(%a: tensor<8x4xf32>, %i: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<8xf32>'}}
  %r = mdl.gather %a, %i axis = 1 : (tensor<8x4xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Test: adam_c2, betas are in [0, 1).
func.func @adam_beta(%p: tensor<4xf32>, %t: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.adam' op expected betas in [0, 1), but got 1.000000e+00 and 9.990000e-01}}
  %p2, %m2, %v2 = mdl.adam %p, %p, %p, %p, %t, %t {beta1 = 1.0 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<4xf32>, f32
  return %p2 : tensor<4xf32>
}

// -----

// Test: huber_c1, delta is positive.
func.func @huber_delta(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.huber' op expected a positive finite delta, but got 0.000000e+00}}
  %r = mdl.huber %a {delta = 0.0 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: conv2d_c1, operands are rank-4 NCHW tensors.
func.func @conv2d_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected rank-4 input [N, C, H, W], weight [O, C, KH, KW] and output [N, O, OH, OW], but got 'tensor<3x8x8xf32>', 'tensor<4x3x3x3xf32>' and 'tensor<4x6x6xf32>'}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

// Test: conv2d_c2, input channels match the weight's.
func.func @conv2d_channels(%x: tensor<2x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected input channels to equal weight dimension 1 (2), but got 3}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Test: conv2d_c3, the output is [N, O, ...].
func.func @conv2d_output_channels(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected output batch and channels [2, 4], but got [2, 3]}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x6x6xf32>
  return %y : tensor<2x3x6x6xf32>
}

// -----

// Test: conv2d_c3 for conv2d_input_grad, the output gradient has the input's batch.
func.func @conv2d_input_grad_batch(%dy: tensor<3x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  // expected-error @+1 {{'mdl.conv2d_input_grad' op expected output batch and channels [2, 4], but got [3, 4]}}
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<3x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// -----

// Test: conv2d_c2 for conv2d_weight_grad, the result's channels are the input's.
func.func @conv2d_weight_grad_channels(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x6x6xf32>) -> tensor<4x1x3x3xf32> {
  // expected-error @+1 {{'mdl.conv2d_weight_grad' op expected input channels to equal weight dimension 1 (1), but got 3}}
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>) -> tensor<4x1x3x3xf32>
  return %dw : tensor<4x1x3x3xf32>
}

// -----

// Test: conv2d_c4, the bias has one entry per output channel.
func.func @conv2d_bias(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected bias of shape [4], but got [3]}}
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Test: common_c1 for conv2d, element types agree.
func.func @conv2d_element_types(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf64>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected all element types to be 'f32', but got 'tensor<4x3x3x3xf64>'}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf64>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Test: window_c1, one stride entry per spatial dimension.
func.func @conv2d_stride_entries(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected stride to have 2 entries, but got 1}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Test: window_c1, strides are positive.
func.func @conv2d_stride_zero(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected stride entries >= 1, but got 0}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 0>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Test: window_c1, padding is not negative.
func.func @conv2d_padding_negative(%dy: tensor<2x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  // expected-error @+1 {{'mdl.conv2d_input_grad' op expected padding entries >= 0, but got -1}}
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: -1, 0>, dilation = array<i64: 1, 1>} : (tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// -----

// Test: window_c1, dilations are positive.
func.func @conv2d_dilation_zero(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x6x6xf32>) -> tensor<4x3x3x3xf32> {
  // expected-error @+1 {{'mdl.conv2d_weight_grad' op expected dilation entries >= 1, but got 0}}
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 0, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>) -> tensor<4x3x3x3xf32>
  return %dw : tensor<4x3x3x3xf32>
}

// -----

// Test: window_c1, pooling kernels are positive.
func.func @max_pool2d_kernel_zero(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'mdl.max_pool2d' op expected kernel entries >= 1, but got 0}}
  %y = mdl.max_pool2d %x {kernel = array<i64: 2, 0>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Test: window_c1, pooling padding is at most half the kernel.
func.func @avg_pool2d_padding(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x5x5xf32> {
  // expected-error @+1 {{'mdl.avg_pool2d' op expected padding at most half the kernel, but got padding 2 for kernel 3}}
  %y = mdl.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 2, 2>} : tensor<2x3x8x8xf32> -> tensor<2x3x5x5xf32>
  return %y : tensor<2x3x5x5xf32>
}

// -----

// Test: window_c2, pooling takes rank-4 tensors.
func.func @max_pool2d_rank(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'mdl.max_pool2d' op expected rank-4 [N, C, H, W] tensors, but got 'tensor<3x8x8xf32>' and 'tensor<3x4x4xf32>'}}
  %y = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %y : tensor<3x4x4xf32>
}

// -----

// Test: window_c2, the (dilated) kernel fits the padded input.
func.func @conv2d_kernel_fits(%x: tensor<2x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x1x1xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected the window to fit the padded input [2, 3, 4, 4], but kernel is [3, 3]}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>} : (tensor<2x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x1x1xf32>
  return %y : tensor<2x4x1x1xf32>
}

// -----

// Test: conv2d_c1, the kernel has at least one tap.
func.func @conv2d_empty_kernel(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) -> tensor<2x4x9x6xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected a non-empty kernel, but got weight 'tensor<4x3x0x3xf32>'}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x0x3xf32>) -> tensor<2x4x9x6xf32>
  return %y : tensor<2x4x9x6xf32>
}

// -----

// Test: dynamic_c1, window ops take a dynamic batch only.
func.func @max_pool2d_dynamic(%x: tensor<2x3x?x8xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'mdl.max_pool2d' op expected only dimension 0 (the batch) to be dynamic, but got 'tensor<2x3x?x8xf32>'}}
  %y = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x?x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Test: pool_c3, bf16 numbers at most 256 taps exactly.
func.func @max_pool2d_grad_taps(%x: tensor<1x1x20x20xbf16>, %dy: tensor<1x1x1x1xbf16>) -> tensor<1x1x20x20xbf16> {
  // expected-error @+1 {{'mdl.max_pool2d_grad' op expected at most 256 taps for element type 'bf16', but the kernel has 400}}
  %dx = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 20, 20>, stride = array<i64: 20, 20>, padding = array<i64: 0, 0>} : (tensor<1x1x20x20xbf16>, tensor<1x1x1x1xbf16>) -> tensor<1x1x20x20xbf16>
  return %dx : tensor<1x1x20x20xbf16>
}

// -----

// Test: window_c2, the spatial output size follows from stride, padding and dilation.
func.func @conv2d_output_size(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32> {
  // expected-error @+1 {{'mdl.conv2d' op expected spatial output size [4, 4], but got [8, 8]}}
  %y = mdl.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  return %y : tensor<2x4x8x8xf32>
}

// -----

// Test: window_c2 for avg_pool2d_grad, the output gradient has the pooled size of the result.
func.func @avg_pool2d_grad_size(%dy: tensor<2x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  // expected-error @+1 {{'mdl.avg_pool2d_grad' op expected spatial output size [4, 4], but got [3, 3]}}
  %dx = mdl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// -----

// Test: pool_c1, pooling keeps batch and channels.
func.func @avg_pool2d_channels(%x: tensor<2x3x8x8xf32>) -> tensor<2x4x4x4xf32> {
  // expected-error @+1 {{'mdl.avg_pool2d' op expected output batch and channels [2, 3], but got [2, 4]}}
  %y = mdl.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x8x8xf32> -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// Test: pool_c2, the max_pool2d gradient has the input's type.
func.func @max_pool2d_grad_result(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x3x4x4xf32>) -> tensor<2x3x8x9xf32> {
  // expected-error @+1 {{'mdl.max_pool2d_grad' op expected result type 'tensor<2x3x8x8xf32>', but got 'tensor<2x3x8x9xf32>'}}
  %dx = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>) -> tensor<2x3x8x9xf32>
  return %dx : tensor<2x3x8x9xf32>
}

// -----

// Test: leaky_relu_c1, the slope is finite.
func.func @leaky_relu_slope(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.leaky_relu' op expected a finite slope, but got INF}}
  %r = mdl.leaky_relu %a {slope = 0x7FF0000000000000 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: pow_c1, the exponent is finite.
func.func @pow_exponent(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.pow' op expected a finite exponent, but got nan}}
  %r = mdl.pow %a {exponent = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Test: bce_c1, logits and target have the same type.
func.func @bce_shapes(%z: tensor<8x1xf32>, %t: tensor<8xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.bce_with_logits' op expected logits and target of the same type, but got 'tensor<8x1xf32>' and 'tensor<8xf32>'}}
  %l = mdl.bce_with_logits %z, %t : (tensor<8x1xf32>, tensor<8xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Test: common_c1 for bce_with_logits.
func.func @bce_element_types(%z: tensor<8xf32>, %t: tensor<8xf64>) -> tensor<f32> {
  // expected-error @+1 {{'mdl.bce_with_logits' op expected all element types to be 'f32', but got 'tensor<8xf64>'}}
  %l = mdl.bce_with_logits %z, %t : (tensor<8xf32>, tensor<8xf64>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Test: bce_with_logits returns a rank-0 tensor (ODS).
func.func @bce_result_rank(%z: tensor<8xf32>, %t: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.bce_with_logits' op result #0 must be 0D tensor of floating-point values, but got 'tensor<8xf32>'}}
  %l = mdl.bce_with_logits %z, %t : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %l : tensor<8xf32>
}

// -----

// Test: batch_norm_c1, the input is [N, C] or [N, C, H, W].
func.func @batch_norm_rank(%x: tensor<2x3x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'mdl.batch_norm_train' op expected input [N, C] or [N, C, H, W], but got 'tensor<2x3x4xf32>'}}
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<2x3x4xf32>, tensor<3xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// Test: batch_norm_c1, per-channel tensors are [C].
func.func @batch_norm_channels(%x: tensor<2x3x4x4xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>, %rm: tensor<4xf32>, %rv: tensor<4xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'mdl.batch_norm_eval' op expected per-channel tensors of shape [3], but got [4]}}
  %y = mdl.batch_norm_eval %x, %w, %b, %rm, %rv {eps = 1.0e-05 : f64} : tensor<2x3x4x4xf32>, tensor<4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Test: batch_norm_c1, the input and result have one type (ODS).
func.func @batch_norm_result(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'mdl.batch_norm_train' op failed to verify that all of {input, result} have same type}}
  %y, %m, %v = "mdl.batch_norm_train"(%x, %w, %b) {eps = 1.0e-05 : f64} : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<8x4xf32>
}

// -----

// Test: batch_norm_c1, every per-channel tensor has one type (ODS).
func.func @batch_norm_channel_types(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<4xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'mdl.batch_norm_eval' op failed to verify that all of {weight, bias, mean, var} have same type}}
  %y = "mdl.batch_norm_eval"(%x, %w, %b, %rm, %rv) {eps = 1.0e-05 : f64} : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<8x3xf32>
  return %y : tensor<8x3xf32>
}

// -----

// Test: common_c1 for batch_norm_train.
func.func @batch_norm_element_types(%x: tensor<8x3xf32>, %w: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'mdl.batch_norm_train' op expected all element types to be 'f32', but got 'tensor<3xf64>'}}
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<8x3xf32>, tensor<3xf64>
  return %y : tensor<8x3xf32>
}

// -----

// Test: batch_norm_c2, eps is positive and finite.
func.func @batch_norm_eps(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'mdl.batch_norm_train' op expected a positive finite eps, but got 0.000000e+00}}
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 0.0 : f64} : tensor<8x3xf32>, tensor<3xf32>
  return %y : tensor<8x3xf32>
}

// -----

// Test: dropout_c1, the drop probability is in [0, 1).
func.func @dropout_p(%x: tensor<8xf32>, %seed: i64) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.dropout' op expected a drop probability in [0, 1), but got 1.000000e+00}}
  %y = mdl.dropout %x, %seed {p = 1.0 : f64} : tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Test: dropout keeps its input's type (ODS).
func.func @dropout_result(%x: tensor<8xf32>, %seed: i64) -> tensor<4xf32> {
  // expected-error @+1 {{'mdl.dropout' op failed to verify that all of {input, result} have same type}}
  %y = "mdl.dropout"(%x, %seed) {p = 0.5 : f64} : (tensor<8xf32>, i64) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Test: dropout's seed is an i64 (ODS).
func.func @dropout_seed(%x: tensor<8xf32>, %seed: i32) -> tensor<8xf32> {
  // expected-error @+1 {{'mdl.dropout' op operand #1 must be 64-bit signless integer, but got 'i32'}}
  %y = "mdl.dropout"(%x, %seed) {p = 0.5 : f64} : (tensor<8xf32>, i32) -> tensor<8xf32>
  return %y : tensor<8xf32>
}
