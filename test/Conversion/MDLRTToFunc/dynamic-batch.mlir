// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s
// A program with a dynamic batch: train_begin calls the _dynamic entry,
// mdlrt.train_batch asks the run's batch, and the batch buffers, the eval
// pass and the eval record are sized with it.

// CHECK-DAG: func.func private @mdlrt_train_begin_dynamic(i64, i64, f64, i64){{$}}
// CHECK-DAG: func.func private @mdlrt_train_batch() -> i64{{$}}

// CHECK-LABEL: func.func @train
// CHECK:         call @mdlrt_train_begin_dynamic(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i64, i64, f64, i64) -> ()
// CHECK:         %[[N:.*]] = call @mdlrt_train_batch() : () -> i64
// CHECK:         %[[B:.*]] = arith.index_cast %[[N]] : i64 to index
// CHECK:         %[[X:.*]] = memref.alloc(%[[B]]) : memref<?x784xf32>
// CHECK:         %[[Y:.*]] = memref.alloc(%[[B]]) : memref<?xi32>
// CHECK:         call @mdlrt_next_batch_f32_i32(
func.func @train() -> (tensor<?x784xf32>, tensor<?xi32>) {
  mdlrt.dataset_synthetic_linear {features = 784 : i64, noise = 0.0 : f64, samples = 256 : i64, seed = 0 : i64}
  mdlrt.train_begin {batch = 64 : i64, dynamic_batch, epochs = 2 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
  %b = mdlrt.train_batch : index
  %x, %y = mdlrt.next_batch(%b) : tensor<?x784xf32>, tensor<?xi32>
  return %x, %y : tensor<?x784xf32>, tensor<?xi32>
}

// CHECK-LABEL: func.func @eval
// CHECK-SAME:    (%[[B:.*]]: index,
// CHECK:         %[[N:.*]] = arith.index_cast %[[B]] : index to i64
// CHECK:         call @mdlrt_eval_batches(%[[N]]) : (i64) -> i64
// CHECK:         memref.alloc(%[[B]]) : memref<?x4xf32>
// CHECK:         memref.alloc(%[[B]]) : memref<?x1xf32>
// CHECK:         call @mdlrt_eval_next_batch_f32(
// CHECK:         %[[COUNT:.*]] = arith.index_cast %[[B]] : index to i64
// CHECK:         %[[FCOUNT:.*]] = arith.sitofp %[[COUNT]] : i64 to f64
// CHECK:         %[[SUM:.*]] = arith.mulf %{{.*}}, %[[FCOUNT]] : f64
// CHECK:         call @mdlrt_eval_record(%{{.*}}, %[[COUNT]], %[[SUM]]) : (i64, i64, f64) -> ()
func.func @eval(%b: index, %c: tensor<f32>, %l: tensor<f32>) -> (index, tensor<?x4xf32>, tensor<?x1xf32>) {
  %n = mdlrt.eval_batches(%b) {batch = 64 : i64} : index
  %x, %y = mdlrt.eval_next_batch(%b) : tensor<?x4xf32>, tensor<?x1xf32>
  mdlrt.eval_record %c, %l size(%b) {count = 64 : i64} : tensor<f32>, tensor<f32>
  return %n, %x, %y : index, tensor<?x4xf32>, tensor<?x1xf32>
}
