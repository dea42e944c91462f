// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s
// The ops of a program compiled with a dynamic batch round-trip: the
// dynamic_batch flag, mdlrt.train_batch, and the size operands of the batch
// ops.

// CHECK-LABEL: func.func @train
// CHECK:         mdlrt.train_begin {batch = 64 : i64, dynamic_batch, epochs = 2 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
// CHECK:         %[[B:.*]] = mdlrt.train_batch : index
// CHECK:         mdlrt.next_batch(%[[B]]) : tensor<?x784xf32>, tensor<?xi32>
func.func @train() -> (tensor<?x784xf32>, tensor<?xi32>) {
  mdlrt.train_begin {batch = 64 : i64, dynamic_batch, epochs = 2 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
  %b = mdlrt.train_batch : index
  %x, %y = mdlrt.next_batch(%b) : tensor<?x784xf32>, tensor<?xi32>
  return %x, %y : tensor<?x784xf32>, tensor<?xi32>
}

// CHECK-LABEL: func.func @eval
// CHECK-SAME:    (%[[B:.*]]: index, %[[C:.*]]: tensor<f32>, %[[L:.*]]: tensor<f32>)
// CHECK:         mdlrt.eval_batches(%[[B]]) {batch = 64 : i64} : index
// CHECK:         mdlrt.eval_next_batch(%[[B]]) : tensor<?x4xf32>, tensor<?x1xf32>
// CHECK:         mdlrt.eval_record %[[C]], %[[L]] size(%[[B]]) {count = 64 : i64} : tensor<f32>, tensor<f32>
func.func @eval(%b: index, %c: tensor<f32>, %l: tensor<f32>) -> (index, tensor<?x4xf32>, tensor<?x1xf32>) {
  %n = mdlrt.eval_batches(%b) {batch = 64 : i64} : index
  %x, %y = mdlrt.eval_next_batch(%b) : tensor<?x4xf32>, tensor<?x1xf32>
  mdlrt.eval_record %c, %l size(%b) {count = 64 : i64} : tensor<f32>, tensor<f32>
  return %n, %x, %y : index, tensor<?x4xf32>, tensor<?x1xf32>
}
