// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Batch norm and dropout with a dynamic batch: batch norm's statistics
// divide by the run-time count of elements per channel and its [C] terms
// are broadcast to `tensor.empty(%n)`; dropout's generic is sized by the
// input's batch and hashes a row-major index in which the batch index is
// the leading term, never scaled by the batch size.

// CHECK-LABEL: func.func @batch_norm_train
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x4xf32>
// The batch mean: Σ over the batch (in f64), then times 1/N.
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<?x4xf32>) outs(%{{.*}} : tensor<4xf64>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK-NEXT:    %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT:    %[[NF:.*]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK:         %[[INV:.*]] = arith.divf %{{.*}}, %[[NF]] : f32
// CHECK:           arith.mulf %{{.*}}, %[[INV]] : f32
// The mean spread back over the batch.
// CHECK:         %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK-NEXT:    tensor.empty(%[[B]]) : tensor<?x4xf32>
// CHECK:         return %{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4xf32>
func.func @batch_norm_train(%x: tensor<?x4xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<?x4xf32>, tensor<4xf32>) {
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<?x4xf32>, tensor<4xf32>
  return %y, %v : tensor<?x4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @batch_norm_eval
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x8x3x3xf32>
// CHECK:         %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8x3x3xf32>
// CHECK-NEXT:    tensor.empty(%[[B]]) : tensor<?x8x3x3xf32>
// CHECK-NOT:     tensor<4x8x3x3xf32>
func.func @batch_norm_eval(%x: tensor<?x8x3x3xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>, %rm: tensor<8xf32>, %rv: tensor<8xf32>) -> tensor<?x8x3x3xf32> {
  %y = mdl.batch_norm_eval %x, %w, %b, %rm, %rv {eps = 1.0e-05 : f64} : tensor<?x8x3x3xf32>, tensor<8xf32>
  return %y : tensor<?x8x3x3xf32>
}

// CHECK-LABEL: func.func @dropout
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x3x5xf32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3x5xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3x5xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<?x3x5xf32>) outs(%[[E]] : tensor<?x3x5xf32>)
// (n·3 + c)·5 + w:
// CHECK:           %[[I0:.*]] = linalg.index 0 : index
// CHECK:           %[[C3:.*]] = arith.constant 3 : index
// CHECK:           %[[I1:.*]] = linalg.index 1 : index
// CHECK:           %[[M1:.*]] = arith.muli %[[I0]], %[[C3]] : index
// CHECK:           %[[A1:.*]] = arith.addi %[[M1]], %[[I1]] : index
// CHECK:           %[[C5:.*]] = arith.constant 5 : index
// CHECK:           %[[I2:.*]] = linalg.index 2 : index
// CHECK:           %[[M2:.*]] = arith.muli %[[A1]], %[[C5]] : index
// CHECK:           arith.addi %[[M2]], %[[I2]] : index
func.func @dropout(%x: tensor<?x3x5xf32>, %seed: i64) -> tensor<?x3x5xf32> {
  %y = mdl.dropout %x, %seed {p = 5.000000e-01 : f64} : tensor<?x3x5xf32>
  return %y : tensor<?x3x5xf32>
}
