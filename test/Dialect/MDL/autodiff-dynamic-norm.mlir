// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// The VJP of batch norm on a dynamic batch: the [C] terms are broadcast
// back to the input's shape with its run-time batch (`sizes(%n)` from
// `tensor.dim` of the input), and 1/n, n = N·H·W elements per channel, is
// computed from the run-time batch instead of being a constant.

func.func private @bn(%x: tensor<?x4x5x5xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<?x4x5x5xf32>, tensor<4xf32>
  %l = mdl.mean %y dims = [0, 1, 2, 3] : tensor<?x4x5x5xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func private @bn.value_and_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x4x5x5xf32>
// CHECK:         mdl.batch_norm_train %[[X]]
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x5x5xf32>
// CHECK:         mdl.broadcast %{{.*}} dims = [1] sizes(%[[N]]) : tensor<4xf32> -> tensor<?x4x5x5xf32>
// The per-channel count: N · 25.
// CHECK:         %[[C25:.*]] = arith.constant 25 : index
// CHECK-NEXT:    %[[COUNT:.*]] = arith.muli %[[B:.*]], %[[C25]] : index
// CHECK-NEXT:    %[[WIDE:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK-NEXT:    %[[F:.*]] = arith.sitofp %[[WIDE]] : i64 to f32
// CHECK:         %[[SCALE:.*]] = arith.divf %{{.*}}, %[[F]] : f32
// CHECK:         tensor.from_elements %[[SCALE]] : tensor<f32>
// CHECK:         return
// The gradient request itself.
// CHECK-LABEL: func.func @grad
func.func @grad(%x: tensor<?x4x5x5xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<?x4x5x5xf32>, tensor<4xf32>) {
  %l, %dx, %dw = mdl.value_and_grad @bn(%x, %w, %b) wrt = [0, 1] : (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<?x4x5x5xf32>, tensor<4xf32>)
  return %dx, %dw : tensor<?x4x5x5xf32>, tensor<4xf32>
}
