// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s --check-prefix=ROUND
// RUN: mdlc-opt %s --resolve-ranked-shaped-type-result-dims | FileCheck %s
// Ops with a dynamic batch: they parse and print with `?` in dimension 0,
// mdl.broadcast prints its explicit sizes, and each op reifies the size of
// a `?` result dimension from its operands (ReifyRankedShapedTypeOpInterface,
// here through the upstream pass that folds `tensor.dim` of results).

// ROUND-LABEL: func.func @broadcast_sizes
// ROUND:         mdl.broadcast %{{.*}} dims = [] sizes(%{{.*}}) : tensor<f32> -> tensor<?x4xf32>
// ROUND:         mdl.broadcast %{{.*}} dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
// CHECK-LABEL: func.func @broadcast_sizes
// CHECK-SAME:    (%{{.*}}: tensor<f32>, %{{.*}}: tensor<4xf32>, %[[N:.*]]: index)
// CHECK:         return %[[N]] : index
func.func @broadcast_sizes(%s: tensor<f32>, %r: tensor<4xf32>, %n: index) -> index {
  %c0 = arith.constant 0 : index
  %a = mdl.broadcast %s dims = [] sizes(%n) : tensor<f32> -> tensor<?x4xf32>
  %b = mdl.broadcast %r dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
  %d = tensor.dim %a, %c0 : tensor<?x4xf32>
  return %d : index
}

// The linear layer's batch is its input's.
// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xf32>
// CHECK:         return %[[D]] : index
func.func @linear(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> index {
  %c0 = arith.constant 0 : index
  %y = mdl.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %d = tensor.dim %y, %c0 : tensor<?x2xf32>
  return %d : index
}

// A broadcasting op takes the batch from the operand that has it.
// CHECK-LABEL: func.func @broadcasting
// CHECK-SAME:    (%{{.*}}: tensor<1x4xf32>, %[[X:.*]]: tensor<?x4xf32>)
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         return %[[D]] : index
func.func @broadcasting(%r: tensor<1x4xf32>, %x: tensor<?x4xf32>) -> index {
  %c0 = arith.constant 0 : index
  %y = mdl.sub %r, %x : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %z = mdl.exp %y : tensor<?x4xf32>
  %d = tensor.dim %z, %c0 : tensor<?x4xf32>
  return %d : index
}

// Reductions, reshape, transpose, one_hot, argmax, gather and
// scatter_add: the batch comes through.
// CHECK-LABEL: func.func @through
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1x28x28xf32>, %[[Y:.*]]: tensor<?xi32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[A:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x1x28x28xf32>
// CHECK:         %[[B:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x1x28x28xf32>
// CHECK:         %[[C:.*]] = tensor.dim %[[Y]], %[[C0]] : tensor<?xi32>
// CHECK:         %[[E:.*]] = tensor.dim %[[Y]], %[[C0]] : tensor<?xi32>
// CHECK:         %[[F:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x1x28x28xf32>
// CHECK:         return %[[A]], %[[B]], %[[C]], %[[E]], %[[F]] :
func.func @through(%x: tensor<?x1x28x28xf32>, %y: tensor<?xi32>) -> (index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = mdl.reshape %x : tensor<?x1x28x28xf32> -> tensor<?x784xf32>
  %m = mdl.mean %f dims = [1] : tensor<?x784xf32> -> tensor<?xf32>
  %t = mdl.transpose %f permutation = [1, 0] : tensor<?x784xf32> -> tensor<784x?xf32>
  %h = mdl.one_hot %y : tensor<?xi32> -> tensor<?x10xf32>
  %a = mdl.argmax %f axis = 1 : tensor<?x784xf32> -> tensor<?xi32>
  %g = mdl.gather %h, %y axis = 1 : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<?xf32>
  %s = mdl.scatter_add %m, %a axis = 1 : (tensor<?xf32>, tensor<?xi32>) -> tensor<?x784xf32>
  %d0 = tensor.dim %m, %c0 : tensor<?xf32>
  %d1 = tensor.dim %t, %c1 : tensor<784x?xf32>
  %d2 = tensor.dim %h, %c0 : tensor<?x10xf32>
  %d3 = tensor.dim %g, %c0 : tensor<?xf32>
  %d4 = tensor.dim %s, %c0 : tensor<?x784xf32>
  return %d0, %d1, %d2, %d3, %d4 : index, index, index, index, index
}
