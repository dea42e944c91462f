// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s
// The calls of the program's tool features: checkpoints and --init.

// CHECK-DAG: func.func private @mdlrt_checkpoint_config(memref<*xi8>, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_params_ready(){{$}}
// CHECK-DAG: func.func private @mdlrt_optim_state_final_f32(memref<*xi8>, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_checkpoint_save(i64){{$}}
// CHECK-DAG: func.func private @mdlrt_eval_begin(){{$}}
// CHECK-DAG: func.func private @mdlrt_info_param(memref<*xi8>, memref<*xi8>, memref<*xi8>, memref<*xi64>, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_info_step_cost(i64, i64, i64){{$}}
// CHECK-DAG: func.func private @mdlrt_info_end(){{$}}
// CHECK-DAG: func.func private @mdlrt_optim_state_init_f32(memref<*xi8>, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_train_first_epoch() -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_train_first_step() -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_should_stop() -> i64{{$}}
// CHECK-DAG: memref.global "private" constant @__mdlrt_i64.2.3 : memref<2xi64> = dense<[2, 3]>
// CHECK-DAG: func.func private @mdlrt_eval_next_batch_f32(memref<*xf32>, memref<*xf32>) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @checkpoints
// CHECK-SAME:    (%[[EPOCH:.*]]: index, %[[M:.*]]: tensor<2x3xf32>)
// CHECK:         %[[PATH:.*]] = memref.get_global @__mdlrt_str.ck.safetensors : memref<14xi8>
// CHECK:         %[[EVERY:.*]] = arith.constant 2 : i64
// CHECK:         memref.alloca_scope {
// CHECK:           %[[PATHU:.*]] = memref.cast %[[PATH]] : memref<14xi8> to memref<*xi8>
// CHECK:         call @mdlrt_checkpoint_config(%[[PATHU]], %[[EVERY]]) : (memref<*xi8>, i64) -> ()
// CHECK:         call @mdlrt_params_ready() : () -> ()
// CHECK:         %[[BUF:.*]] = bufferization.to_buffer %[[M]] read_only : tensor<2x3xf32> to memref<2x3xf32>
// CHECK:         %[[BUFU:.*]] = memref.cast %[[BUF]] : memref<2x3xf32> to memref<*xf32>
// CHECK:         call @mdlrt_optim_state_final_f32(%{{.*}}, %[[BUFU]]) : (memref<*xi8>, memref<*xf32>) -> ()
// CHECK:         %[[E64:.*]] = arith.index_cast %[[EPOCH]] : index to i64
// CHECK:         call @mdlrt_checkpoint_save(%[[E64]]) : (i64) -> ()
func.func @checkpoints(%epoch: index, %m: tensor<2x3xf32>) {
  mdlrt.checkpoint_config "ck.safetensors" {every = 2 : i64}
  mdlrt.params_ready
  mdlrt.optim_state_final "fc.weight.exp_avg", %m : tensor<2x3xf32>
  mdlrt.checkpoint_save %epoch
  return
}

// CHECK-LABEL: func.func @eval
// CHECK:         call @mdlrt_eval_begin() : () -> ()
// CHECK:         %[[X:.*]] = memref.alloc() : memref<8x4xf32>
// CHECK:         %[[Y:.*]] = memref.alloc() : memref<8x1xf32>
// CHECK:         call @mdlrt_eval_next_batch_f32(%{{.*}}, %{{.*}}) : (memref<*xf32>, memref<*xf32>) -> ()
func.func @eval() -> (tensor<8x4xf32>, tensor<8x1xf32>) {
  mdlrt.eval_begin
  %x, %y = mdlrt.eval_next_batch : tensor<8x4xf32>, tensor<8x1xf32>
  return %x, %y : tensor<8x4xf32>, tensor<8x1xf32>
}

// CHECK-LABEL: func.func @info
// CHECK:         %[[SHAPE:.*]] = memref.get_global @__mdlrt_i64.2.3 : memref<2xi64>
// CHECK:         %[[TRAINABLE:.*]] = arith.constant 1 : i64
// CHECK:         %[[SHAPEU:.*]] = memref.cast %[[SHAPE]] : memref<2xi64> to memref<*xi64>
// CHECK:         call @mdlrt_info_param(%{{.*}}, %{{.*}}, %{{.*}}, %[[SHAPEU]], %[[TRAINABLE]])
// CHECK:         %[[BUFFER:.*]] = arith.constant 0 : i64
// CHECK:         call @mdlrt_info_param(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[BUFFER]])
// CHECK-DAG:     %[[FLOPS:.*]] = arith.constant 1000 : i64
// CHECK-DAG:     %[[PEAK:.*]] = arith.constant 2048 : i64
// CHECK-DAG:     %[[BATCH:.*]] = arith.constant 8 : i64
// CHECK:         call @mdlrt_info_step_cost(%[[FLOPS]], %[[PEAK]], %[[BATCH]])
// CHECK:         call @mdlrt_info_end() : () -> ()
func.func @info() {
  mdlrt.info_param "fc.weight" {kind = "Linear", layer = "fc", shape = array<i64: 2, 3>}
  mdlrt.info_param "bn.running_var" {buffer, kind = "BatchNorm1d", layer = "bn", shape = array<i64: 3>}
  mdlrt.info_step_cost {batch = 8 : i64, flops = 1000 : i64, peak_bytes = 2048 : i64}
  mdlrt.info_end
  return
}

// CHECK-LABEL: func.func @resume_and_stop
// CHECK:         %[[M:.*]] = memref.alloc() : memref<2x3xf32>
// CHECK:         call @mdlrt_optim_state_init_f32(%{{.*}}, %{{.*}})
// CHECK:         bufferization.to_tensor %[[M]] restrict writable
// CHECK:         %[[E64:.*]] = call @mdlrt_train_first_epoch() : () -> i64
// CHECK-NEXT:    %[[E:.*]] = arith.index_cast %[[E64]] : i64 to index
// CHECK:         %[[S64:.*]] = call @mdlrt_train_first_step() : () -> i64
// CHECK-NEXT:    %[[S:.*]] = arith.index_cast %[[S64]] : i64 to index
// CHECK:         %[[STOP64:.*]] = call @mdlrt_should_stop() : () -> i64
// CHECK:         %[[STOP:.*]] = arith.cmpi ne, %[[STOP64]], %{{.*}} : i64
// CHECK:         return %{{.*}}, %[[E]], %[[S]], %[[STOP]]
func.func @resume_and_stop() -> (tensor<2x3xf32>, index, index, i1) {
  %m = mdlrt.optim_state_init "fc.weight.exp_avg" : tensor<2x3xf32>
  %e = mdlrt.train_first_epoch : index
  %s = mdlrt.train_first_step : index
  %stop = mdlrt.should_stop
  return %m, %e, %s, %stop : tensor<2x3xf32>, index, index, i1
}
