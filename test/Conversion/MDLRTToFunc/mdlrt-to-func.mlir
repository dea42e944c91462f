// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s
// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s --check-prefix=DECL
// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s --check-prefix=STR
// Each mdlrt op becomes a call of its C function in mdlrt.h. Functions that
// take buffers are declared with llvm.emit_c_interface (they receive
// unranked memrefs); the scalar-only ones are not. Names are i8 globals.

// Declarations and name globals, each once, in no particular order.
// CHECK-DAG: func.func private @mdlrt_train_begin(i64, i64, f64, i64){{$}}
// CHECK-DAG: func.func private @mdlrt_dataset_synthetic_linear(i64, i64, f64, i64){{$}}
// CHECK-DAG: func.func private @mdlrt_train_epochs() -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_train_epoch_steps(i64) -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_train_lr() -> f64{{$}}
// CHECK-DAG: func.func private @mdlrt_epoch_end(i64){{$}}
// CHECK-DAG: func.func private @mdlrt_train_end(){{$}}
// CHECK-DAG: func.func private @mdlrt_log_step(f32){{$}}
// CHECK-DAG: func.func private @mdlrt_next_batch_f32(memref<*xf32>, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_param_init_f32(memref<*xi8>, memref<*xf32>, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_param_final_f32(memref<*xi8>, memref<*xf32>) attributes {llvm.emit_c_interface}
// "linear.weight" and "linear.bias" as bytes, without a terminator.
// CHECK-DAG: memref.global "private" constant @[[$WEIGHT:__mdlrt_str\.linear\.weight]] : memref<13xi8> = dense<[108, 105, 110, 101, 97, 114, 46, 119, 101, 105, 103, 104, 116]>
// CHECK-DAG: memref.global "private" constant @[[$BIAS:__mdlrt_str\.linear\.bias]] : memref<11xi8> = dense<[108, 105, 110, 101, 97, 114, 46, 98, 105, 97, 115]>

// Three param_init ops share one declaration, and the two using the name
// "linear.weight" (plus the param_final) share one global.
// DECL:      func.func private @mdlrt_param_init_f32(
// DECL-NOT:  func.func private @mdlrt_param_init_f32(
// STR:       memref.global "private" constant @__mdlrt_str.linear.weight :
// STR-NOT:   memref.global "private" constant @__mdlrt_str.linear.weight :

//===----------------------------------------------------------------------===//
// Run control: scalars, index casts, truncation
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @run_control
// CHECK-SAME:    (%[[EPOCH:.*]]: index)
// CHECK-DAG:     %[[BATCH:.*]] = arith.constant 256 : i64
// CHECK-DAG:     %[[EPOCHS_DEFAULT:.*]] = arith.constant 10 : i64
// CHECK-DAG:     %[[LR_DEFAULT:.*]] = arith.constant 1.000000e-02 : f64
// CHECK-DAG:     %[[SEED:.*]] = arith.constant 3 : i64
// CHECK:         call @mdlrt_train_begin(%[[BATCH]], %[[EPOCHS_DEFAULT]], %[[LR_DEFAULT]], %[[SEED]]) : (i64, i64, f64, i64) -> ()
// CHECK:         %[[N64:.*]] = call @mdlrt_train_epochs() : () -> i64
// CHECK-NEXT:    %[[N:.*]] = arith.index_cast %[[N64]] : i64 to index
// CHECK-NEXT:    %[[E64:.*]] = arith.index_cast %[[EPOCH]] : index to i64
// CHECK-NEXT:    %[[S64:.*]] = call @mdlrt_train_epoch_steps(%[[E64]]) : (i64) -> i64
// CHECK-NEXT:    %[[S:.*]] = arith.index_cast %[[S64]] : i64 to index
// CHECK-NEXT:    %[[LR64:.*]] = call @mdlrt_train_lr() : () -> f64
// CHECK-NEXT:    %[[LR:.*]] = arith.truncf %[[LR64]] : f64 to f32
// An f64 learning rate needs no conversion.
// CHECK-NEXT:    %[[LR64B:.*]] = call @mdlrt_train_lr() : () -> f64
// CHECK-NEXT:    %[[E64B:.*]] = arith.index_cast %[[EPOCH]] : index to i64
// CHECK-NEXT:    call @mdlrt_epoch_end(%[[E64B]]) : (i64) -> ()
// CHECK-NEXT:    call @mdlrt_train_end() : () -> ()
// CHECK-NEXT:    return %[[N]], %[[S]], %[[LR]], %[[LR64B]] : index, index, f32, f64
func.func @run_control(%epoch: index) -> (index, index, f32, f64) {
  mdlrt.train_begin {batch = 256 : i64, epochs = 10 : i64, lr = 1.000000e-02 : f64, seed = 3 : i64}
  %epochs = mdlrt.train_epochs : index
  %steps = mdlrt.train_epoch_steps %epoch : index
  %lr = mdlrt.train_lr : f32
  %lr64 = mdlrt.train_lr : f64
  mdlrt.epoch_end %epoch
  mdlrt.train_end
  return %epochs, %steps, %lr, %lr64 : index, index, f32, f64
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

// next_batch: two fresh buffers passed as unranked memrefs, then viewed as
// tensors that nothing else aliases (restrict) and that may be updated in
// place (writable).
// CHECK-LABEL: func.func @data
// CHECK-DAG:     %[[SAMPLES:.*]] = arith.constant 65536 : i64
// CHECK-DAG:     %[[FEATURES:.*]] = arith.constant 64 : i64
// CHECK-DAG:     %[[NOISE:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:     %[[DSEED:.*]] = arith.constant 7 : i64
// CHECK:         call @mdlrt_dataset_synthetic_linear(%[[SAMPLES]], %[[FEATURES]], %[[NOISE]], %[[DSEED]]) : (i64, i64, f64, i64) -> ()
// CHECK:         %[[XBUF:.*]] = memref.alloc() : memref<256x64xf32>
// CHECK-NEXT:    %[[YBUF:.*]] = memref.alloc() : memref<256x1xf32>
// The unranked casts and the call in an alloca scope: the stack that holds
// the casts' descriptors is released after the call (a call in a loop
// would grow the stack every iteration otherwise).
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      %[[XU:.*]] = memref.cast %[[XBUF]] : memref<256x64xf32> to memref<*xf32>
// CHECK-NEXT:      %[[YU:.*]] = memref.cast %[[YBUF]] : memref<256x1xf32> to memref<*xf32>
// CHECK-NEXT:      func.call @mdlrt_next_batch_f32(%[[XU]], %[[YU]]) : (memref<*xf32>, memref<*xf32>) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[X:.*]] = bufferization.to_tensor %[[XBUF]] restrict writable : memref<256x64xf32> to tensor<256x64xf32>
// CHECK-NEXT:    %[[Y:.*]] = bufferization.to_tensor %[[YBUF]] restrict writable : memref<256x1xf32> to tensor<256x1xf32>
// CHECK-NEXT:    return %[[X]], %[[Y]]
func.func @data() -> (tensor<256x64xf32>, tensor<256x1xf32>) {
  mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = 5.000000e-01 : f64, samples = 65536 : i64, seed = 7 : i64}
  %x, %y = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
  return %x, %y : tensor<256x64xf32>, tensor<256x1xf32>
}

//===----------------------------------------------------------------------===//
// Parameters and logging
//===----------------------------------------------------------------------===//

// param_init: the name global and a fresh buffer, both unranked; the
// init kind is the value of enum mdlrt_init_kind (uniform_fan_in = 0,
// zeros = 1, ones = 2).
// CHECK-LABEL: func.func @params
// CHECK-SAME:    (%[[LOSS:.*]]: tensor<f32>)
// CHECK:         %[[WBUF:.*]] = memref.alloc() : memref<1x64xf32>
// CHECK-NEXT:    %[[WNAME:.*]] = memref.get_global @[[$WEIGHT]] : memref<13xi8>
// CHECK-NEXT:    %[[UNIFORM:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[FAN_IN:.*]] = arith.constant 64 : i64
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      %[[WNAMEU:.*]] = memref.cast %[[WNAME]] : memref<13xi8> to memref<*xi8>
// CHECK-NEXT:      %[[WU:.*]] = memref.cast %[[WBUF]] : memref<1x64xf32> to memref<*xf32>
// CHECK-NEXT:      func.call @mdlrt_param_init_f32(%[[WNAMEU]], %[[WU]], %[[UNIFORM]], %[[FAN_IN]]) : (memref<*xi8>, memref<*xf32>, i64, i64) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[W:.*]] = bufferization.to_tensor %[[WBUF]] restrict writable : memref<1x64xf32> to tensor<1x64xf32>
// CHECK:         %[[BBUF:.*]] = memref.alloc() : memref<1xf32>
// CHECK-NEXT:    %[[BNAME:.*]] = memref.get_global @[[$BIAS]] : memref<11xi8>
// CHECK:         %[[ZEROS:.*]] = arith.constant 1 : i64
// CHECK:         call @mdlrt_param_init_f32(%{{.*}}, %{{.*}}, %[[ZEROS]], %{{.*}}) : (memref<*xi8>, memref<*xf32>, i64, i64) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[B:.*]] = bufferization.to_tensor %[[BBUF]] restrict writable : memref<1xf32> to tensor<1xf32>
// A rank-0 parameter initialised to ones.
// CHECK:         %[[SBUF:.*]] = memref.alloc() : memref<f32>
// CHECK:         %[[ONES:.*]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[SFAN:.*]] = arith.constant 1 : i64
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      memref.cast
// CHECK-NEXT:      %[[SU:.*]] = memref.cast %[[SBUF]] : memref<f32> to memref<*xf32>
// CHECK-NEXT:      func.call @mdlrt_param_init_f32(%{{.*}}, %[[SU]], %[[ONES]], %[[SFAN]])
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[S:.*]] = bufferization.to_tensor %[[SBUF]] restrict writable : memref<f32> to tensor<f32>
// log_step: the rank-0 loss is extracted to an f32.
// CHECK-NEXT:    %[[L:.*]] = tensor.extract %[[LOSS]][] : tensor<f32>
// CHECK-NEXT:    call @mdlrt_log_step(%[[L]]) : (f32) -> ()
// param_final: a read-only buffer view of the tensor, passed unranked.
// CHECK-NEXT:    %[[WFINAL:.*]] = bufferization.to_buffer %[[W]] read_only : tensor<1x64xf32> to memref<1x64xf32>
// CHECK-NEXT:    %[[WNAME2:.*]] = memref.get_global @[[$WEIGHT]] : memref<13xi8>
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      %[[WNAME2U:.*]] = memref.cast %[[WNAME2]] : memref<13xi8> to memref<*xi8>
// CHECK-NEXT:      %[[WFINALU:.*]] = memref.cast %[[WFINAL]] : memref<1x64xf32> to memref<*xf32>
// CHECK-NEXT:      func.call @mdlrt_param_final_f32(%[[WNAME2U]], %[[WFINALU]]) : (memref<*xi8>, memref<*xf32>) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[B]], %[[S]]
func.func @params(%loss: tensor<f32>) -> (tensor<1xf32>, tensor<f32>) {
  %w = mdlrt.param_init "linear.weight" {fan_in = 64 : i64, init = "uniform_fan_in"} : tensor<1x64xf32>
  %b = mdlrt.param_init "linear.bias" {fan_in = 64 : i64, init = "zeros"} : tensor<1xf32>
  %s = mdlrt.param_init "linear.weight" {fan_in = 1 : i64, init = "ones"} : tensor<f32>
  mdlrt.log_step %loss : tensor<f32>
  mdlrt.param_final "linear.weight", %w : tensor<1x64xf32>
  return %b, %s : tensor<1xf32>, tensor<f32>
}
