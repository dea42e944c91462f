// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// A dynamic batch (README.md#dynamic-batch): every result with a `?`
// dimension gets a destination sized at run time, `tensor.empty(%n)` with
// `%n` a `tensor.dim` of the operand the op's reified shape names (or
// mdl.broadcast's explicit size), and a mean over the batch divides by the
// run-time count (tensor.dim, index_cast, sitofp) instead of a constant.

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[X]], %[[B]] : tensor<?x4xf32>, tensor<4xf32>) outs(%[[E]] : tensor<?x4xf32>)
// CHECK:           arith.addf
func.func @add_bias(%x: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %r = mdl.add %x, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// The batch comes from whichever operand has it (here the right one).
// CHECK-LABEL: func.func @mul_row
// CHECK-SAME:    (%[[R:.*]]: tensor<1x4xf32>, %[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK:           arith.mulf
func.func @mul_row(%r: tensor<1x4xf32>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = mdl.mul %r, %x : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK:           arith.maximumf
// CHECK:         tensor.dim %{{.*}}, %{{.*}} : tensor<?x4xf32>
// CHECK:           math.exp
// CHECK:           arith.negf
// CHECK:           math.tanh
// CHECK:           arith.select
func.func @unary(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = mdl.relu %x : tensor<?x4xf32>
  %1 = mdl.sigmoid %0 : tensor<?x4xf32>
  %2 = mdl.neg %1 : tensor<?x4xf32>
  %3 = mdl.tanh %2 : tensor<?x4xf32>
  %4 = mdl.huber %3 {delta = 1.000000e+00 : f64} : tensor<?x4xf32>
  %5 = mdl.stop_gradient %4 : tensor<?x4xf32>
  return %5 : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @compare_select
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[Z:.*]]: tensor<f32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?x4xi1>
// CHECK:           arith.cmpf ogt
// CHECK:         tensor.empty(%{{.*}}) : tensor<?x4xf32>
// CHECK:           arith.select
func.func @compare_select(%x: tensor<?x4xf32>, %z: tensor<f32>) -> tensor<?x4xf32> {
  %c = mdl.compare "gt", %x, %z : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
  %r = mdl.select %c, %x, %z : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// Over the batch: a static result, accumulated in f64 (the batch may be
// large), no sizes needed.
// CHECK-LABEL: func.func @sum_batch
// CHECK-NOT:     tensor.dim
// CHECK:         tensor.empty() : tensor<4xf64>
// CHECK:           arith.extf
// CHECK:           arith.truncf
func.func @sum_batch(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %r = mdl.sum %x dims = [0] : tensor<?x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Along a static dim: the batch stays, sized from the input; a small sum
// stays in f32.
// CHECK-LABEL: func.func @max_rows
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?xf32>)
// CHECK:           arith.maximumf
func.func @max_rows(%x: tensor<?x4xf32>) -> tensor<?xf32> {
  %r = mdl.max %x dims = [1] : tensor<?x4xf32> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// mean over the batch divides by the run-time count.
// CHECK-LABEL: func.func @mean_batch
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:         %[[NF:.*]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[INV:.*]] = arith.divf %[[ONE]], %[[NF]] : f32
// CHECK:         linalg.generic
// CHECK:           arith.mulf %{{.*}}, %[[INV]] : f32
func.func @mean_batch(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %r = mdl.mean %x dims = [0] : tensor<?x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// mean along a static dim keeps its constant divisor; the result is sized
// from the input.
// CHECK-LABEL: func.func @mean_rows
// CHECK-NOT:     arith.sitofp
// CHECK:         tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK:           arith.constant 2.500000e-01 : f32
func.func @mean_rows(%x: tensor<?x4xf32>) -> tensor<?xf32> {
  %r = mdl.mean %x dims = [1] : tensor<?x4xf32> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// A full reduction: the count is the batch times the static rest.
// CHECK-LABEL: func.func @mean_all
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[C4:.*]] = arith.constant 4 : index
// CHECK:         %[[CNT:.*]] = arith.muli %[[N]], %[[C4]] : index
// CHECK:         arith.index_cast %[[CNT]] : index to i64
// CHECK:         arith.sitofp
// CHECK:         arith.divf
func.func @mean_all(%x: tensor<?x4xf32>) -> tensor<f32> {
  %r = mdl.mean %x dims = [0, 1] : tensor<?x4xf32> -> tensor<f32>
  return %r : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

// The batch a broadcast creates comes from its explicit size.
// CHECK-LABEL: func.func @broadcast_scalar
// CHECK-SAME:    (%[[S:.*]]: tensor<f32>, %[[N:.*]]: index)
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[S]] : tensor<f32>) outs(%[[E]] : tensor<?x4xf32>)
func.func @broadcast_scalar(%s: tensor<f32>, %n: index) -> tensor<?x4xf32> {
  %r = mdl.broadcast %s dims = [] sizes(%n) : tensor<f32> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @broadcast_rows
// CHECK-SAME:    (%[[V:.*]]: tensor<?xf32>, %[[N:.*]]: index)
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}]
// CHECK-SAME:      ins(%[[V]] : tensor<?xf32>) outs(%[[E]] : tensor<?x4xf32>)
func.func @broadcast_rows(%v: tensor<?xf32>, %n: index) -> tensor<?x4xf32> {
  %r = mdl.broadcast %v dims = [0] sizes(%n) : tensor<?xf32> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// flatten: collapse to a dynamic rank 1, expand with the input's batch.
// CHECK-LABEL: func.func @flatten
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1x28x28xf32>)
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2, 3]] : tensor<?x1x28x28xf32> into tensor<?xf32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x1x28x28xf32>
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [%[[N]], 784] : tensor<?xf32> into tensor<?x784xf32>
// CHECK:         return %[[R]]
func.func @flatten(%x: tensor<?x1x28x28xf32>) -> tensor<?x784xf32> {
  %r = mdl.reshape %x : tensor<?x1x28x28xf32> -> tensor<?x784xf32>
  return %r : tensor<?x784xf32>
}

// The reshape sumToType builds: [?] to [?, 1].
// CHECK-LABEL: func.func @unsqueeze
// CHECK-SAME:    (%[[V:.*]]: tensor<?xf32>)
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         %[[N:.*]] = tensor.dim %[[V]], %{{.*}} : tensor<?xf32>
// CHECK:         tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [%[[N]], 1] : tensor<?xf32> into tensor<?x1xf32>
func.func @unsqueeze(%v: tensor<?xf32>) -> tensor<?x1xf32> {
  %r = mdl.reshape %v : tensor<?xf32> -> tensor<?x1xf32>
  return %r : tensor<?x1xf32>
}

// The batch moves to dimension 1.
// CHECK-LABEL: func.func @transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<4x?xf32>
func.func @transpose(%x: tensor<?x4xf32>) -> tensor<4x?xf32> {
  %r = mdl.transpose %x permutation = [1, 0] : tensor<?x4xf32> -> tensor<4x?xf32>
  return %r : tensor<4x?xf32>
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// The bias has no batch: the accumulator takes the input's.
// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>, %[[W:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x2xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[B]] : tensor<2xf32>) outs(%[[E]] : tensor<?x2xf32>)
// CHECK:         linalg.matmul
// CHECK-SAME:      ins(%[[X]], %[[W]] : tensor<?x3xf32>, tensor<2x3xf32>) outs(%[[INIT]] : tensor<?x2xf32>) -> tensor<?x2xf32>
func.func @linear(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<?x2xf32> {
  %y = mdl.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// dx = dy·W (batch in M) and dW = dyᵀ·x (batch in K, read through the
// transpose; the result is static).
// CHECK-LABEL: func.func @matmuls
// CHECK-SAME:    (%[[DY:.*]]: tensor<?x2xf32>, %[[W:.*]]: tensor<2x3xf32>, %[[X:.*]]: tensor<?x3xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[DY]], %{{.*}} : tensor<?x2xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x3xf32>)
// CHECK:         linalg.matmul{{.*}} ins(%[[DY]], %[[W]] : tensor<?x2xf32>, tensor<2x3xf32>) outs(%[[Z]] : tensor<?x3xf32>)
// CHECK:         %[[E2:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[Z2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<2x3xf32>)
// CHECK:         linalg.matmul{{.*}} ins(%[[DY]], %[[X]] : tensor<?x2xf32>, tensor<?x3xf32>) outs(%[[Z2]] : tensor<2x3xf32>)
func.func @matmuls(%dy: tensor<?x2xf32>, %w: tensor<2x3xf32>, %x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<2x3xf32>) {
  %dx = mdl.matmul %dy, %w : (tensor<?x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  %t = mdl.transpose %dy permutation = [1, 0] : tensor<?x2xf32> -> tensor<2x?xf32>
  %dw = mdl.matmul %t, %x : (tensor<2x?xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
  return %dx, %dw : tensor<?x3xf32>, tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mse
// CHECK-SAME:    (%[[P:.*]]: tensor<?x1xf32>, %[[T:.*]]: tensor<?x1xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x1xf32>
// CHECK:         arith.index_cast %[[N]] : index to i64
// CHECK:         %[[NF:.*]] = arith.sitofp
// CHECK:         %[[INV:.*]] = arith.divf %{{.*}}, %[[NF]] : f32
// CHECK:           arith.mulf %{{.*}}, %[[INV]] : f32
func.func @mse(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> tensor<f32> {
  %l = mdl.mse %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @bce
// CHECK:         tensor.dim
// CHECK:         arith.sitofp
// CHECK:         arith.divf
func.func @bce(%z: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> tensor<f32> {
  %l = mdl.bce_with_logits %z, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// log_softmax's statistics are [?], sized from the logits; the mean over
// the batch is -1/N at run time.
// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME:    (%[[Z:.*]]: tensor<?x10xf32>, %[[Y:.*]]: tensor<?xi32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x10xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         tensor.empty(%{{.*}}) : tensor<?x10xf32>
// CHECK:         %[[PICKED:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:         %[[B:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x10xf32>
// CHECK:         %[[BI:.*]] = arith.index_cast %[[B]] : index to i64
// CHECK:         %[[BF:.*]] = arith.sitofp %[[BI]] : i64 to f32
// CHECK:         %[[M1:.*]] = arith.constant -1.000000e+00 : f32
// CHECK:         %[[S:.*]] = arith.divf %[[M1]], %[[BF]] : f32
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[PICKED]] : tensor<f32>)
// CHECK:           arith.mulf %{{.*}}, %[[S]] : f32
func.func @cross_entropy(%z: tensor<?x10xf32>, %y: tensor<?xi32>) -> tensor<f32> {
  %l = mdl.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @softmaxes
// CHECK-SAME:    (%[[Z:.*]]: tensor<?x10xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x10xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         math.log
// CHECK:         tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK:         arith.divf
func.func @softmaxes(%z: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  %a = mdl.log_softmax %z axis = 1 : tensor<?x10xf32>
  %b = mdl.softmax %z axis = 1 : tensor<?x10xf32>
  return %a, %b : tensor<?x10xf32>, tensor<?x10xf32>
}

//===----------------------------------------------------------------------===//
// Indices
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @one_hot_argmax
// CHECK-SAME:    (%[[Y:.*]]: tensor<?xi32>, %[[Z:.*]]: tensor<?x10xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[Y]], %{{.*}} : tensor<?xi32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?x10xf32>
// CHECK:         %[[M:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x10xf32>
// CHECK:         tensor.empty(%[[M]]) : tensor<?xf32>
// CHECK:         tensor.empty(%[[M]]) : tensor<?xi32>
func.func @one_hot_argmax(%y: tensor<?xi32>, %z: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?xi32>) {
  %h = mdl.one_hot %y : tensor<?xi32> -> tensor<?x10xf32>
  %a = mdl.argmax %z axis = 1 : tensor<?x10xf32> -> tensor<?xi32>
  return %h, %a : tensor<?x10xf32>, tensor<?xi32>
}

// CHECK-LABEL: func.func @gather_scatter
// CHECK-SAME:    (%[[Q:.*]]: tensor<?x2xf32>, %[[A:.*]]: tensor<?xi32>, %[[G:.*]]: tensor<?xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?xi32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[M:.*]] = tensor.dim %[[G]], %{{.*}} : tensor<?xf32>
// CHECK:         tensor.empty(%[[M]]) : tensor<?x2xf32>
func.func @gather_scatter(%q: tensor<?x2xf32>, %a: tensor<?xi32>, %g: tensor<?xf32>) -> (tensor<?xf32>, tensor<?x2xf32>) {
  %v = mdl.gather %q, %a axis = 1 : (tensor<?x2xf32>, tensor<?xi32>) -> tensor<?xf32>
  %d = mdl.scatter_add %g, %a axis = 1 : (tensor<?xf32>, tensor<?xi32>) -> tensor<?x2xf32>
  return %v, %d : tensor<?xf32>, tensor<?x2xf32>
}
