// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// mdl-autodiff with a dynamic batch: a broadcast back to a batched shape
// takes its size from `tensor.dim` of the primal value, and the mean over
// the batch in a loss's VJP divides by the run-time count.

// A dense MLP on a dynamic batch with the cross-entropy loss.
func.func private @mlp(%w1: tensor<32x784xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>, %x: tensor<?x784xf32>, %y: tensor<?xi32>) -> tensor<f32> {
  %h = mdl.linear %x, %w1, %b1 : (tensor<?x784xf32>, tensor<32x784xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %r = mdl.relu %h : tensor<?x32xf32>
  %z = mdl.linear %r, %w2, %b2 : (tensor<?x32xf32>, tensor<10x32xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %l = mdl.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func private @mlp.value_and_grad(
// CHECK-SAME:    %[[W1:[^:]*]]: tensor<32x784xf32>, %[[B1:[^:]*]]: tensor<32xf32>, %[[W2:[^:]*]]: tensor<10x32xf32>, %[[B2:[^:]*]]: tensor<10xf32>, %[[X:[^:]*]]: tensor<?x784xf32>, %[[Y:[^:]*]]: tensor<?xi32>)
// CHECK:         %[[Z:.*]] = mdl.linear %{{.*}}, %[[W2]], %[[B2]]
// CHECK:         %[[L:.*]] = mdl.cross_entropy %[[Z]], %[[Y]]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[SM:.*]] = mdl.softmax %[[Z]] axis = 1 : tensor<?x10xf32>
// CHECK:         %[[OH:.*]] = mdl.one_hot %[[Y]] : tensor<?xi32> -> tensor<?x10xf32>
// CHECK:         %[[DIFF:.*]] = mdl.sub %[[SM]], %[[OH]]
// CHECK:         %[[N:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x10xf32>
// CHECK:         %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:         %[[NF:.*]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK:         %[[INV:.*]] = arith.divf %{{.*}}, %[[NF]] : f32
// CHECK:         %[[SCALE:.*]] = tensor.from_elements %[[INV]] : tensor<f32>
// CHECK:         %[[DL:.*]] = mdl.mul %[[SEED]], %[[SCALE]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK:         %[[DZ:.*]] = mdl.mul %[[DIFF]], %[[DL]] : (tensor<?x10xf32>, tensor<f32>) -> tensor<?x10xf32>
// CHECK:         %[[DR:.*]] = mdl.matmul %[[DZ]], %[[W2]] : (tensor<?x10xf32>, tensor<10x32xf32>) -> tensor<?x32xf32>
// CHECK:         %[[DZT:.*]] = mdl.transpose %[[DZ]] permutation = [1, 0] : tensor<?x10xf32> -> tensor<10x?xf32>
// CHECK:         %[[DW2:.*]] = mdl.matmul %[[DZT]], %{{.*}} : (tensor<10x?xf32>, tensor<?x32xf32>) -> tensor<10x32xf32>
// CHECK:         %[[DB2:.*]] = mdl.sum %[[DZ]] dims = [0] : tensor<?x10xf32> -> tensor<10xf32>
// CHECK:         %[[DH:.*]] = mdl.select %{{.*}}, %[[DR]], %{{.*}} : (tensor<?x32xi1>, tensor<?x32xf32>, tensor<f32>) -> tensor<?x32xf32>
// CHECK:         %[[DHT:.*]] = mdl.transpose %[[DH]] permutation = [1, 0] : tensor<?x32xf32> -> tensor<32x?xf32>
// CHECK:         %[[DW1:.*]] = mdl.matmul %[[DHT]], %[[X]] : (tensor<32x?xf32>, tensor<?x784xf32>) -> tensor<32x784xf32>
// CHECK:         %[[DB1:.*]] = mdl.sum %[[DH]] dims = [0] : tensor<?x32xf32> -> tensor<32xf32>
// CHECK:         return %[[L]], %[[DW1]], %[[DB1]], %[[DW2]], %[[DB2]]
func.func @mlp_grad(%w1: tensor<32x784xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>, %x: tensor<?x784xf32>, %y: tensor<?xi32>) -> (tensor<f32>, tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>) {
  %l, %g1, %g2, %g3, %g4 = mdl.value_and_grad @mlp(%w1, %b1, %w2, %b2, %x, %y) wrt = [0, 1, 2, 3] : (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<?x784xf32>, tensor<?xi32>) -> (tensor<f32>, tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>)
  return %l, %g1, %g2, %g3, %g4 : tensor<f32>, tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>
}

// A sum over the batch: its adjoint broadcasts the scalar seed back to
// [?, 2], sized from the summed value.
func.func private @sum_all(%w: tensor<2x3xf32>, %x: tensor<?x3xf32>) -> tensor<f32> {
  %y = mdl.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<?x2xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @sum_all.value_and_grad(
// CHECK:         %[[Y:.*]] = mdl.linear
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[Y]], %[[C0]] : tensor<?x2xf32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[SEED]] dims = [] sizes(%[[N]]) : tensor<f32> -> tensor<?x2xf32>
// CHECK:         mdl.matmul %{{.*}}, %{{.*}} : (tensor<2x?xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
func.func @sum_all_grad(%w: tensor<2x3xf32>, %x: tensor<?x3xf32>) -> (tensor<f32>, tensor<2x3xf32>) {
  %l, %g = mdl.value_and_grad @sum_all(%w, %x) wrt = [0] : (tensor<2x3xf32>, tensor<?x3xf32>) -> (tensor<f32>, tensor<2x3xf32>)
  return %l, %g : tensor<f32>, tensor<2x3xf32>
}

// mean over the batch, log_softmax and mse: the mean's broadcast and the
// softmax's Σ-broadcast take the batch from their primal values; the
// divisors are run-time counts.
func.func private @mixed(%b: tensor<4xf32>, %x: tensor<?x4xf32>, %t: tensor<?x4xf32>) -> tensor<f32> {
  %y = mdl.add %x, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %p = mdl.log_softmax %y axis = 1 : tensor<?x4xf32>
  %m = mdl.mean %p dims = [1] : tensor<?x4xf32> -> tensor<?xf32>
  %e = mdl.reshape %m : tensor<?xf32> -> tensor<?x1xf32>
  %d = mdl.mul %e, %t : (tensor<?x1xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %l = mdl.mse %d, %t : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func private @mixed.value_and_grad(
// CHECK-SAME:    %[[B:[^:]*]]: tensor<4xf32>, %[[X:[^:]*]]: tensor<?x4xf32>, %[[T:[^:]*]]: tensor<?x4xf32>)
// CHECK:         %[[Y:.*]] = mdl.add %[[X]], %[[B]]
// CHECK:         %[[P:.*]] = mdl.log_softmax %[[Y]]
// CHECK:         %[[D:.*]] = mdl.mul
// mse: 2/N with N = the batch times 4.
// CHECK:         %[[MD:.*]] = tensor.dim %[[D]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[C4:.*]] = arith.constant 4 : index
// CHECK:         arith.muli %[[MD]], %[[C4]] : index
// CHECK:         arith.sitofp
// CHECK:         arith.constant 2.000000e+00 : f32
// CHECK:         arith.divf
// CHECK:         tensor.from_elements
// The product's adjoint is summed back to [?, 1] and reshaped to [?].
// CHECK:         mdl.sum %{{.*}} dims = [1] : tensor<?x4xf32> -> tensor<?xf32>
// CHECK:         mdl.reshape %{{.*}} : tensor<?xf32> -> tensor<?x1xf32>
// CHECK:         mdl.reshape %{{.*}} : tensor<?x1xf32> -> tensor<?xf32>
// The mean along dims [1] is static: 1/4 as a constant; its broadcast
// back to [?, 4] is sized from the log_softmax result.
// CHECK:         %[[PN:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x4xf32>
// CHECK:         mdl.broadcast %{{.*}} dims = [0] sizes(%[[PN]]) : tensor<?xf32> -> tensor<?x4xf32>
// CHECK:         arith.constant dense<2.500000e-01> : tensor<f32>
// log_softmax: Σ_axis dy broadcast back, sized from dy.
// CHECK:         mdl.sum %{{.*}} dims = [1] : tensor<?x4xf32> -> tensor<?xf32>
// CHECK:         %[[SN:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x4xf32>
// CHECK:         mdl.broadcast %{{.*}} dims = [0] sizes(%[[SN]]) : tensor<?xf32> -> tensor<?x4xf32>
// The bias gradient sums over the batch.
// CHECK:         mdl.sum %{{.*}} dims = [0] : tensor<?x4xf32> -> tensor<4xf32>
func.func @mixed_grad(%b: tensor<4xf32>, %x: tensor<?x4xf32>, %t: tensor<?x4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %g = mdl.value_and_grad @mixed(%b, %x, %t) wrt = [0] : (tensor<4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %g : tensor<f32>, tensor<4xf32>
}

// x⁰, and a dynamic wrt operand the value does not depend on: zero
// gradients broadcast to the operands' run-time shapes.
func.func private @constant_in_x(%x: tensor<?x4xf32>, %u: tensor<?x4xf32>, %w: tensor<4xf32>) -> tensor<f32> {
  %p = mdl.pow %x {exponent = 0.000000e+00 : f64} : tensor<?x4xf32>
  %s = mdl.sum %p dims = [0, 1] : tensor<?x4xf32> -> tensor<f32>
  %t = mdl.sum %w dims = [0] : tensor<4xf32> -> tensor<f32>
  %l = mdl.add %s, %t : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func private @constant_in_x.value_and_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x4xf32>, %[[U:[^:]*]]: tensor<?x4xf32>, %[[W:[^:]*]]: tensor<4xf32>)
// CHECK:         %[[XN:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[DX:.*]] = mdl.broadcast %{{.*}} dims = [] sizes(%[[XN]]) : tensor<f32> -> tensor<?x4xf32>
// CHECK:         %[[UN:.*]] = tensor.dim %[[U]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[DU:.*]] = mdl.broadcast %{{.*}} dims = [] sizes(%[[UN]]) : tensor<f32> -> tensor<?x4xf32>
// CHECK:         return %{{.*}}, %[[DX]], %[[DU]], %{{.*}}
func.func @constant_in_x_grad(%x: tensor<?x4xf32>, %u: tensor<?x4xf32>, %w: tensor<4xf32>) -> (tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<4xf32>) {
  %l, %gx, %gu, %gw = mdl.value_and_grad @constant_in_x(%x, %u, %w) wrt = [0, 1, 2] : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<4xf32>)
  return %l, %gx, %gu, %gw : tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<4xf32>
}
