// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s --check-prefix=ROUND
// RUN: mdlc-opt %s --resolve-ranked-shaped-type-result-dims | FileCheck %s
// Batch norm and dropout with a dynamic batch (README.md#dynamic-batch):
// they parse and print with `?` in dimension 0, and reify the batch of
// their results from the input's (the statistics [C] stay static).

// ROUND-LABEL: func.func @batch_norm_train
// ROUND:         mdl.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}} {eps = 1.000000e-05 : f64} : tensor<?x4x5x5xf32>, tensor<4xf32>
// CHECK-LABEL: func.func @batch_norm_train
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x4x5x5xf32>
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x5x5xf32>
// CHECK:         return %[[D]], %{{.*}} : index, tensor<4xf32>
func.func @batch_norm_train(%x: tensor<?x4x5x5xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> (index, tensor<4xf32>) {
  %c0 = arith.constant 0 : index
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<?x4x5x5xf32>, tensor<4xf32>
  %d = tensor.dim %y, %c0 : tensor<?x4x5x5xf32>
  return %d, %m : index, tensor<4xf32>
}

// ROUND-LABEL: func.func @batch_norm_eval
// ROUND:         mdl.batch_norm_eval {{.*}} : tensor<?x4xf32>, tensor<4xf32>
// CHECK-LABEL: func.func @batch_norm_eval
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x4xf32>
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         return %[[D]] : index
func.func @batch_norm_eval(%x: tensor<?x4xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>, %rm: tensor<4xf32>, %rv: tensor<4xf32>) -> index {
  %c0 = arith.constant 0 : index
  %y = mdl.batch_norm_eval %x, %w, %b, %rm, %rv {eps = 1.0e-05 : f64} : tensor<?x4xf32>, tensor<4xf32>
  %d = tensor.dim %y, %c0 : tensor<?x4xf32>
  return %d : index
}

// ROUND-LABEL: func.func @dropout
// ROUND:         mdl.dropout %{{.*}}, %{{.*}} {p = 5.000000e-01 : f64} : tensor<?x16xf32>
// CHECK-LABEL: func.func @dropout
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x16xf32>
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x16xf32>
// CHECK:         return %[[D]] : index
func.func @dropout(%x: tensor<?x16xf32>, %seed: i64) -> index {
  %c0 = arith.constant 0 : index
  %y = mdl.dropout %x, %seed {p = 5.000000e-01 : f64} : tensor<?x16xf32>
  %d = tensor.dim %y, %c0 : tensor<?x16xf32>
  return %d : index
}
