// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s --check-prefix=SHARED
// mdl-autodiff: each mdl.value_and_grad becomes a call of a generated
// @<callee>.value_and_grad holding a clone of the callee (the forward sweep),
// the seed 1.0 and the vector-Jacobian products of the reverse sweep.

//===----------------------------------------------------------------------===//
// Layers and contractions
//===----------------------------------------------------------------------===//

// y = x·Wᵀ + b  ⇒  dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy.
func.func private @f_linear(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>, %b: tensor<2xf32>) -> tensor<f32> {
  %y = mdl.linear %x, %w, %b : (tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<8x2xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x2xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_linear.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<8x4xf32>, %[[W:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK-SAME:    -> (tensor<f32>, tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>)
// CHECK:         %[[Y:.*]] = mdl.linear %[[X]], %[[W]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8x2xf32>
// CHECK:         %[[DX:.*]] = mdl.matmul %[[DY]], %[[W]] : (tensor<8x2xf32>, tensor<2x4xf32>) -> tensor<8x4xf32>
// CHECK:         %[[DYT:.*]] = mdl.transpose %[[DY]] permutation = [1, 0] : tensor<8x2xf32> -> tensor<2x8xf32>
// CHECK:         %[[DW:.*]] = mdl.matmul %[[DYT]], %[[X]] : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[DY]] dims = [0] : tensor<8x2xf32> -> tensor<2xf32>
// CHECK:         return %[[S]], %[[DX]], %[[DW]], %[[DB]]

// CHECK-LABEL: func.func @linear
// CHECK-NOT:     mdl.value_and_grad
// CHECK:         %[[R:.*]]:4 = call @f_linear.value_and_grad(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>)
// CHECK:         return %[[R]]#0, %[[R]]#1, %[[R]]#2, %[[R]]#3
func.func @linear(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>, %b: tensor<2xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>) {
  %l, %gx, %gw, %gb = mdl.value_and_grad @f_linear(%x, %w, %b) wrt = [0, 1, 2] : (tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>)
  return %l, %gx, %gw, %gb : tensor<f32>, tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>
}

// Without a bias, and only the weight in wrt: no bias adjoint is built.
func.func private @f_linear_nobias(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>) -> tensor<f32> {
  %y = mdl.linear %x, %w : (tensor<8x4xf32>, tensor<2x4xf32>) -> tensor<8x2xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x2xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_linear_nobias.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<8x4xf32>, %[[W:.*]]: tensor<2x4xf32>) -> (tensor<f32>, tensor<2x4xf32>)
// CHECK:         %[[Y:.*]] = mdl.linear %[[X]], %[[W]] :
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8x2xf32>
// CHECK:         %[[DYT:.*]] = mdl.transpose %[[DY]] permutation = [1, 0]
// CHECK:         %[[DW:.*]] = mdl.matmul %[[DYT]], %[[X]] : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
// CHECK-NOT:     mdl.sum
// CHECK:         return %[[S]], %[[DW]] : tensor<f32>, tensor<2x4xf32>

// CHECK-LABEL: func.func @linear_nobias
// CHECK:         call @f_linear_nobias.value_and_grad(%{{.*}}, %{{.*}}) : (tensor<8x4xf32>, tensor<2x4xf32>) -> (tensor<f32>, tensor<2x4xf32>)
func.func @linear_nobias(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>) -> (tensor<f32>, tensor<2x4xf32>) {
  %l, %gw = mdl.value_and_grad @f_linear_nobias(%x, %w) wrt = [1] : (tensor<8x4xf32>, tensor<2x4xf32>) -> (tensor<f32>, tensor<2x4xf32>)
  return %l, %gw : tensor<f32>, tensor<2x4xf32>
}

// C = A·B  ⇒  dA = dC·Bᵀ, dB = Aᵀ·dC.
func.func private @f_matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<f32> {
  %m = mdl.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %s = mdl.sum %m dims = [0, 1] : tensor<4x5xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_matmul.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3x5xf32>)
// CHECK:         %[[M:.*]] = mdl.matmul %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[M]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DC:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4x5xf32>
// CHECK:         %[[BT:.*]] = mdl.transpose %[[B]] permutation = [1, 0] : tensor<3x5xf32> -> tensor<5x3xf32>
// CHECK:         %[[DA:.*]] = mdl.matmul %[[DC]], %[[BT]] : (tensor<4x5xf32>, tensor<5x3xf32>) -> tensor<4x3xf32>
// CHECK:         %[[AT:.*]] = mdl.transpose %[[A]] permutation = [1, 0] : tensor<4x3xf32> -> tensor<3x4xf32>
// CHECK:         %[[DB:.*]] = mdl.matmul %[[AT]], %[[DC]] : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK:         return %[[S]], %[[DA]], %[[DB]]

// CHECK-LABEL: func.func @matmul
// CHECK:         call @f_matmul.value_and_grad
func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> (tensor<f32>, tensor<4x3xf32>, tensor<3x5xf32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_matmul(%a, %b) wrt = [0, 1] : (tensor<4x3xf32>, tensor<3x5xf32>) -> (tensor<f32>, tensor<4x3xf32>, tensor<3x5xf32>)
  return %l, %ga, %gb : tensor<f32>, tensor<4x3xf32>, tensor<3x5xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

// Broadcasting add: the [4] operand's adjoint sums the stretched rows away.
func.func private @f_add(%a: tensor<8x4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.add %a, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_add.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<4xf32>)
// CHECK:         %[[Y:.*]] = mdl.add %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[DY]] dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
// CHECK:         return %[[S]], %[[DY]], %[[DB]]

// CHECK-LABEL: func.func @add
// CHECK:         call @f_add.value_and_grad
func.func @add(%a: tensor<8x4xf32>, %b: tensor<4xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<4xf32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_add(%a, %b) wrt = [0, 1] : (tensor<8x4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<4xf32>)
  return %l, %ga, %gb : tensor<f32>, tensor<8x4xf32>, tensor<4xf32>
}

// d(a - b) = (dy, -dy).
func.func private @f_sub(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.sub %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_sub.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>)
// CHECK:         %[[Y:.*]] = mdl.sub %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DB:.*]] = mdl.neg %[[DY]] : tensor<4xf32>
// CHECK:         return %[[S]], %[[DY]], %[[DB]]

// CHECK-LABEL: func.func @sub
// CHECK:         call @f_sub.value_and_grad(
func.func @sub(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_sub(%a, %b) wrt = [0, 1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>)
  return %l, %ga, %gb : tensor<f32>, tensor<4xf32>, tensor<4xf32>
}

// d(a * b) = (dy * b, dy * a).
func.func private @f_mul(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_mul.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[Y:.*]] = mdl.mul %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.mul %[[DY]], %[[B]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[DB:.*]] = mdl.mul %[[DY]], %[[A]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %[[S]], %[[DA]], %[[DB]]

// CHECK-LABEL: func.func @mul
// CHECK:         call @f_mul.value_and_grad
func.func @mul(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_mul(%a, %b) wrt = [0, 1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>)
  return %l, %ga, %gb : tensor<f32>, tensor<4xf32>, tensor<4xf32>
}

// Broadcasting mul with a [8, 1] operand: its adjoint is summed over the
// stretched dimension with mdl.sum, then mdl.reshape restores the size-1 dim.
func.func private @f_mul_bcast(%a: tensor<8x4xf32>, %b: tensor<8x1xf32>) -> tensor<f32> {
  %y = mdl.mul %a, %b : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_mul_bcast.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<8x1xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<8x1xf32>)
// CHECK:         %[[Y:.*]] = mdl.mul %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[DA:.*]] = mdl.mul %[[DY]], %[[B]] : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
// CHECK:         %[[DYA:.*]] = mdl.mul %[[DY]], %[[A]] : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK:         %[[SUMMED:.*]] = mdl.sum %[[DYA]] dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
// CHECK:         %[[DB:.*]] = mdl.reshape %[[SUMMED]] : tensor<8xf32> -> tensor<8x1xf32>
// CHECK:         return %[[S]], %[[DA]], %[[DB]]

// CHECK-LABEL: func.func @mul_bcast
// CHECK:         call @f_mul_bcast.value_and_grad
func.func @mul_bcast(%a: tensor<8x4xf32>, %b: tensor<8x1xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<8x1xf32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_mul_bcast(%a, %b) wrt = [0, 1] : (tensor<8x4xf32>, tensor<8x1xf32>) -> (tensor<f32>, tensor<8x4xf32>, tensor<8x1xf32>)
  return %l, %ga, %gb : tensor<f32>, tensor<8x4xf32>, tensor<8x1xf32>
}

// d(a / b) = (dy / b, -(dy * ((a / b) / b))), reusing the forward quotient.
func.func private @f_div(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_div.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[Q:.*]] = mdl.div %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Q]] dims = [0]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.div %[[DY]], %[[B]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[QB:.*]] = mdl.div %[[Q]], %[[B]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[DYQB:.*]] = mdl.mul %[[DY]], %[[QB]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[DB:.*]] = mdl.neg %[[DYQB]] : tensor<4xf32>
// CHECK:         return %[[S]], %[[DA]], %[[DB]]

// CHECK-LABEL: func.func @div
// CHECK:         call @f_div.value_and_grad
func.func @div(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_div(%a, %b) wrt = [0, 1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>)
  return %l, %ga, %gb : tensor<f32>, tensor<4xf32>, tensor<4xf32>
}

// Dividing by a rank-0 tensor: its adjoint sums every dimension; the sum is
// already rank 0, so no reshape follows.
func.func private @f_div_scalar(%a: tensor<8x4xf32>, %b: tensor<f32>) -> tensor<f32> {
  %y = mdl.div %a, %b : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_div_scalar.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<f32>) -> (tensor<f32>, tensor<f32>)
// CHECK:         %[[Q:.*]] = mdl.div %[[A]], %[[B]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Q]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[QB:.*]] = mdl.div %[[Q]], %[[B]] : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
// CHECK:         %[[DYQB:.*]] = mdl.mul %[[DY]], %[[QB]]
// CHECK:         %[[NEG:.*]] = mdl.neg %[[DYQB]] : tensor<8x4xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[NEG]] dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
// CHECK-NOT:     mdl.reshape
// CHECK:         return %[[S]], %[[DB]] : tensor<f32>, tensor<f32>

// CHECK-LABEL: func.func @div_scalar
// CHECK:         call @f_div_scalar.value_and_grad
func.func @div_scalar(%a: tensor<8x4xf32>, %b: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %l, %gb = mdl.value_and_grad @f_div_scalar(%a, %b) wrt = [1] : (tensor<8x4xf32>, tensor<f32>) -> (tensor<f32>, tensor<f32>)
  return %l, %gb : tensor<f32>, tensor<f32>
}

// d(-a) = -dy.
func.func private @f_neg(%a: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.neg %a : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_neg.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[Y:.*]] = mdl.neg %[[A]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.neg %[[DY]] : tensor<4xf32>
// CHECK:         return %[[S]], %[[DA]]

// CHECK-LABEL: func.func @neg
// CHECK:         call @f_neg.value_and_grad
func.func @neg(%a: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %ga = mdl.value_and_grad @f_neg(%a) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %ga : tensor<f32>, tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// Reductions and shape ops
//===----------------------------------------------------------------------===//

// A partial sum's adjoint broadcasts back along the kept dimensions.
func.func private @f_sum(%a: tensor<8x4xf32>) -> tensor<f32> {
  %r = mdl.sum %a dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
  %s = mdl.sum %r dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_sum.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
// CHECK:         %[[R:.*]] = mdl.sum %[[A]] dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
// CHECK:         %[[S:.*]] = mdl.sum %[[R]] dims = [0] : tensor<4xf32> -> tensor<f32>
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DR:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.broadcast %[[DR]] dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
// CHECK:         return %[[S]], %[[DA]]

// CHECK-LABEL: func.func @sum
// CHECK:         call @f_sum.value_and_grad
func.func @sum(%a: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_sum(%a) wrt = [0] : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
  return %l, %ga : tensor<f32>, tensor<8x4xf32>
}

// d mean = broadcast(dy) * 1/count, with count = 8 * 4 = 32.
func.func private @f_mean(%a: tensor<8x4xf32>) -> tensor<f32> {
  %m = mdl.mean %a dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %m : tensor<f32>
}

// CHECK-LABEL: func.func private @f_mean.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
// CHECK:         %[[M:.*]] = mdl.mean %[[A]] dims = [0, 1]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[SPREAD:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[SCALE:.*]] = arith.constant dense<3.125000e-02> : tensor<f32>
// CHECK:         %[[DA:.*]] = mdl.mul %[[SPREAD]], %[[SCALE]] : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
// CHECK:         return %[[M]], %[[DA]]

// CHECK-LABEL: func.func @mean
// CHECK:         call @f_mean.value_and_grad
func.func @mean(%a: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_mean(%a) wrt = [0] : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
  return %l, %ga : tensor<f32>, tensor<8x4xf32>
}

// A partial mean: the adjoint spreads over the reduced dim 1 (count 4).
func.func private @f_mean_rows(%a: tensor<8x4xf32>) -> tensor<f32> {
  %m = mdl.mean %a dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  %s = mdl.sum %m dims = [0] : tensor<8xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_mean_rows.value_and_grad(
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DM:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<8xf32>
// CHECK:         %[[SPREAD:.*]] = mdl.broadcast %[[DM]] dims = [0] : tensor<8xf32> -> tensor<8x4xf32>
// CHECK:         %[[SCALE:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
// CHECK:         %[[DA:.*]] = mdl.mul %[[SPREAD]], %[[SCALE]] : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
// CHECK:         return %{{.*}}, %[[DA]]

// CHECK-LABEL: func.func @mean_rows
// CHECK:         call @f_mean_rows.value_and_grad
func.func @mean_rows(%a: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_mean_rows(%a) wrt = [0] : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
  return %l, %ga : tensor<f32>, tensor<8x4xf32>
}

// Broadcast with a new leading dim and a stretched size-1 dim: both are
// summed, then the size-1 dim is restored with a reshape.
func.func private @f_broadcast(%a: tensor<1x4xf32>) -> tensor<f32> {
  %b = mdl.broadcast %a dims = [1, 2] : tensor<1x4xf32> -> tensor<3x5x4xf32>
  %s = mdl.sum %b dims = [0, 1, 2] : tensor<3x5x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_broadcast.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<1x4xf32>) -> (tensor<f32>, tensor<1x4xf32>)
// CHECK:         %[[B:.*]] = mdl.broadcast %[[A]] dims = [1, 2]
// CHECK:         %[[S:.*]] = mdl.sum %[[B]] dims = [0, 1, 2]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DB:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<3x5x4xf32>
// CHECK:         %[[SUMMED:.*]] = mdl.sum %[[DB]] dims = [0, 1] : tensor<3x5x4xf32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.reshape %[[SUMMED]] : tensor<4xf32> -> tensor<1x4xf32>
// CHECK:         return %[[S]], %[[DA]]

// CHECK-LABEL: func.func @broadcast
// CHECK:         call @f_broadcast.value_and_grad
func.func @broadcast(%a: tensor<1x4xf32>) -> (tensor<f32>, tensor<1x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_broadcast(%a) wrt = [0] : (tensor<1x4xf32>) -> (tensor<f32>, tensor<1x4xf32>)
  return %l, %ga : tensor<f32>, tensor<1x4xf32>
}

// The adjoint of a reshape is the reshape back.
func.func private @f_reshape(%a: tensor<8x4xf32>) -> tensor<f32> {
  %r = mdl.reshape %a : tensor<8x4xf32> -> tensor<32xf32>
  %s = mdl.sum %r dims = [0] : tensor<32xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_reshape.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
// CHECK:         %[[R:.*]] = mdl.reshape %[[A]] : tensor<8x4xf32> -> tensor<32xf32>
// CHECK:         %[[S:.*]] = mdl.sum %[[R]] dims = [0]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DR:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<32xf32>
// CHECK:         %[[DA:.*]] = mdl.reshape %[[DR]] : tensor<32xf32> -> tensor<8x4xf32>
// CHECK:         return %[[S]], %[[DA]]

// CHECK-LABEL: func.func @reshape
// CHECK:         call @f_reshape.value_and_grad
func.func @reshape(%a: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_reshape(%a) wrt = [0] : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
  return %l, %ga : tensor<f32>, tensor<8x4xf32>
}

// The adjoint of a transpose is the inverse permutation: [1, 2, 0]⁻¹ = [2, 0, 1].
func.func private @f_transpose(%a: tensor<2x3x4xf32>) -> tensor<f32> {
  %t = mdl.transpose %a permutation = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %s = mdl.sum %t dims = [0, 1, 2] : tensor<3x4x2xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_transpose.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<2x3x4xf32>) -> (tensor<f32>, tensor<2x3x4xf32>)
// CHECK:         %[[T:.*]] = mdl.transpose %[[A]] permutation = [1, 2, 0]
// CHECK:         %[[S:.*]] = mdl.sum %[[T]] dims = [0, 1, 2]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DT:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<3x4x2xf32>
// CHECK:         %[[DA:.*]] = mdl.transpose %[[DT]] permutation = [2, 0, 1] : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
// CHECK:         return %[[S]], %[[DA]]

// CHECK-LABEL: func.func @transpose
// CHECK:         call @f_transpose.value_and_grad
func.func @transpose(%a: tensor<2x3x4xf32>) -> (tensor<f32>, tensor<2x3x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_transpose(%a) wrt = [0] : (tensor<2x3x4xf32>) -> (tensor<f32>, tensor<2x3x4xf32>)
  return %l, %ga : tensor<f32>, tensor<2x3x4xf32>
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

// d mse = (2/N)(p - t) * dy for p and its negation for t; N = 16 here.
func.func private @f_mse(%p: tensor<8x2xf32>, %t: tensor<8x2xf32>) -> tensor<f32> {
  %l = mdl.mse %p, %t : (tensor<8x2xf32>, tensor<8x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func private @f_mse.value_and_grad(
// CHECK-SAME:    %[[P:.*]]: tensor<8x2xf32>, %[[T:.*]]: tensor<8x2xf32>) -> (tensor<f32>, tensor<8x2xf32>, tensor<8x2xf32>)
// CHECK:         %[[L:.*]] = mdl.mse %[[P]], %[[T]]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DIFF:.*]] = mdl.sub %[[P]], %[[T]] : (tensor<8x2xf32>, tensor<8x2xf32>) -> tensor<8x2xf32>
// CHECK:         %[[SCALE:.*]] = arith.constant dense<1.250000e-01> : tensor<f32>
// CHECK:         %[[SCALED:.*]] = mdl.mul %[[SEED]], %[[SCALE]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK:         %[[DP:.*]] = mdl.mul %[[DIFF]], %[[SCALED]] : (tensor<8x2xf32>, tensor<f32>) -> tensor<8x2xf32>
// CHECK:         %[[DT:.*]] = mdl.neg %[[DP]] : tensor<8x2xf32>
// CHECK:         return %[[L]], %[[DP]], %[[DT]]

// CHECK-LABEL: func.func @mse
// CHECK:         call @f_mse.value_and_grad
func.func @mse(%p: tensor<8x2xf32>, %t: tensor<8x2xf32>) -> (tensor<f32>, tensor<8x2xf32>, tensor<8x2xf32>) {
  %l, %gp, %gt = mdl.value_and_grad @f_mse(%p, %t) wrt = [0, 1] : (tensor<8x2xf32>, tensor<8x2xf32>) -> (tensor<f32>, tensor<8x2xf32>, tensor<8x2xf32>)
  return %l, %gp, %gt : tensor<f32>, tensor<8x2xf32>, tensor<8x2xf32>
}

// f64: the seed and the scale take the element type; 2/3 for N = 3.
func.func private @f_mse_f64(%p: tensor<3xf64>, %t: tensor<3xf64>) -> tensor<f64> {
  %l = mdl.mse %p, %t : (tensor<3xf64>, tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// CHECK-LABEL: func.func private @f_mse_f64.value_and_grad(
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[SCALE:.*]] = arith.constant dense<0.66666666666666663> : tensor<f64>
// CHECK:         mdl.mul %[[SEED]], %[[SCALE]] : (tensor<f64>, tensor<f64>) -> tensor<f64>

// CHECK-LABEL: func.func @mse_f64
// CHECK:         call @f_mse_f64.value_and_grad
func.func @mse_f64(%p: tensor<3xf64>, %t: tensor<3xf64>) -> (tensor<f64>, tensor<3xf64>) {
  %l, %gp = mdl.value_and_grad @f_mse_f64(%p, %t) wrt = [0] : (tensor<3xf64>, tensor<3xf64>) -> (tensor<f64>, tensor<3xf64>)
  return %l, %gp : tensor<f64>, tensor<3xf64>
}

//===----------------------------------------------------------------------===//
// The sweep: accumulation, activity, zero gradients, sharing
//===----------------------------------------------------------------------===//

// One op using %a twice: both adjoints are accumulated with mdl.add.
func.func private @f_square(%a: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.mul %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_square.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[D0:.*]] = mdl.mul %[[DY]], %[[A]]
// CHECK:         %[[D1:.*]] = mdl.mul %[[DY]], %[[A]]
// CHECK:         %[[DA:.*]] = mdl.add %[[D0]], %[[D1]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DA]]

// CHECK-LABEL: func.func @square
// CHECK:         call @f_square.value_and_grad
func.func @square(%a: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %ga = mdl.value_and_grad @f_square(%a) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %ga : tensor<f32>, tensor<4xf32>
}

// %a feeds two different ops: the adjoint from the later use (sum) and the
// one from the earlier use (sub) are added. %x is not in wrt: the negated
// adjoint of sub's rhs is never accumulated into a gradient.
func.func private @f_fanout(%a: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<f32> {
  %d = mdl.sub %a, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s1 = mdl.sum %d dims = [0] : tensor<4xf32> -> tensor<f32>
  %s2 = mdl.sum %a dims = [0] : tensor<4xf32> -> tensor<f32>
  %r = mdl.add %s1, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}

// CHECK-LABEL: func.func private @f_fanout.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32>, %[[X:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[R:.*]] = mdl.add %{{.*}}, %{{.*}} : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[FROM_SUM:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[FROM_SUB:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.add %[[FROM_SUM]], %[[FROM_SUB]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %[[R]], %[[DA]] : tensor<f32>, tensor<4xf32>

// CHECK-LABEL: func.func @fanout
// CHECK:         call @f_fanout.value_and_grad
func.func @fanout(%a: tensor<4xf32>, %x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %ga = mdl.value_and_grad @f_fanout(%a, %x) wrt = [0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %ga : tensor<f32>, tensor<4xf32>
}

// Activity analysis: %x is not in wrt, so the mdl.neg that only depends on
// it is not differentiated (no mdl.neg in the reverse sweep).
func.func private @f_inactive(%w: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<f32> {
  %nx = mdl.neg %x : tensor<4xf32>
  %y = mdl.mul %w, %nx : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_inactive.value_and_grad(
// CHECK-SAME:    %[[W:.*]]: tensor<4xf32>, %[[X:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[NX:.*]] = mdl.neg %[[X]]
// CHECK:         %[[Y:.*]] = mdl.mul %[[W]], %[[NX]]
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DW:.*]] = mdl.mul %[[DY]], %[[NX]]
// CHECK-NOT:     mdl.neg
// CHECK-NOT:     mdl.add
// CHECK:         return %[[S]], %[[DW]] : tensor<f32>, tensor<4xf32>

// CHECK-LABEL: func.func @inactive
// CHECK:         call @f_inactive.value_and_grad
func.func @inactive(%w: tensor<4xf32>, %x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %gw = mdl.value_and_grad @f_inactive(%w, %x) wrt = [0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %gw : tensor<f32>, tensor<4xf32>
}

// A non-differentiable op (mdl.sgd) is fine off the active path.
func.func private @f_sgd_inactive(%w: tensor<4xf32>, %p: tensor<4xf32>, %g: tensor<4xf32>, %lr: f32) -> tensor<f32> {
  %u = mdl.sgd %p, %g, %lr : tensor<4xf32>, f32
  %y = mdl.mul %w, %u : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_sgd_inactive.value_and_grad(
// CHECK:         %[[U:.*]] = mdl.sgd
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]]
// CHECK:         %[[DW:.*]] = mdl.mul %[[DY]], %[[U]]
// CHECK:         return %{{.*}}, %[[DW]]

// CHECK-LABEL: func.func @sgd_inactive
// CHECK:         call @f_sgd_inactive.value_and_grad
func.func @sgd_inactive(%w: tensor<4xf32>, %p: tensor<4xf32>, %g: tensor<4xf32>, %lr: f32) -> (tensor<f32>, tensor<4xf32>) {
  %l, %gw = mdl.value_and_grad @f_sgd_inactive(%w, %p, %g, %lr) wrt = [0] : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, f32) -> (tensor<f32>, tensor<4xf32>)
  return %l, %gw : tensor<f32>, tensor<4xf32>
}

// The loss does not depend on %w: no seed, no reverse sweep, a zero gradient.
func.func private @f_const(%w: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<f32> {
  %s = mdl.sum %x dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_const.value_and_grad(
// CHECK-SAME:    %[[W:.*]]: tensor<4xf32>, %[[X:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[S:.*]] = mdl.sum %[[X]] dims = [0]
// CHECK-NOT:     dense<1.000000e+00>
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT:    return %[[S]], %[[ZERO]] : tensor<f32>, tensor<4xf32>

// CHECK-LABEL: func.func @const
// CHECK:         call @f_const.value_and_grad
func.func @const(%w: tensor<4xf32>, %x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %gw = mdl.value_and_grad @f_const(%w, %x) wrt = [0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %gw : tensor<f32>, tensor<4xf32>
}

// The callee returns its wrt argument: the gradient is the seed itself.
func.func private @f_identity(%a: tensor<f32>) -> tensor<f32> {
  return %a : tensor<f32>
}

// CHECK-LABEL: func.func private @f_identity.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<f32>) -> (tensor<f32>, tensor<f32>)
// CHECK-NEXT:    %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    return %[[A]], %[[SEED]]

// CHECK-LABEL: func.func @identity
// CHECK:         call @f_identity.value_and_grad
func.func @identity(%a: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %l, %ga = mdl.value_and_grad @f_identity(%a) wrt = [0] : (tensor<f32>) -> (tensor<f32>, tensor<f32>)
  return %l, %ga : tensor<f32>, tensor<f32>
}

// Two requests of the same callee and wrt share one generated function;
// the same callee with another wrt list gets a function of its own.
// SHARED-DAG:     func.func private @[[SUB01:f_sub\.value_and_grad[_0-9]*]](%{{[^)]*}}) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
// SHARED-DAG:     func.func private @[[SUB1:f_sub\.value_and_grad[_0-9]*]](%{{[^)]*}}) -> (tensor<f32>, tensor<4xf32>) {
// SHARED:         func.func @sub(
// SHARED-NEXT:      call @[[SUB01]](
// SHARED-COUNT-1: func.func private @f_neg.value_and_grad(
// SHARED-NOT:     func.func private @f_neg.value_and_grad
// SHARED:         func.func @shared(
// SHARED-NEXT:      call @f_neg.value_and_grad(
// SHARED-NEXT:      call @f_neg.value_and_grad(
// SHARED:         func.func @sub_wrt1(
// SHARED-NEXT:      call @[[SUB1]](

// CHECK-LABEL: func.func @shared
// CHECK:         %[[R0:.*]]:2 = call @f_neg.value_and_grad(%{{.*}}) : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[R1:.*]]:2 = call @f_neg.value_and_grad(%{{.*}}) : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         return %[[R0]]#1, %[[R1]]#1
func.func @shared(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %l0, %g0 = mdl.value_and_grad @f_neg(%a) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  %l1, %g1 = mdl.value_and_grad @f_neg(%b) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g0, %g1 : tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @sub_wrt1
// CHECK:         %[[R:.*]]:2 = call @f_sub.value_and_grad{{.*}}(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         return %[[R]]#1
func.func @sub_wrt1(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %l, %gb = mdl.value_and_grad @f_sub(%a, %b) wrt = [1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %gb : tensor<4xf32>
}
