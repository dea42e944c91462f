// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s
// The calls of a q_learning run (mdlrt.h "Reinforcement learning"): the
// environment's name as an i8 global, scalars for the run's defaults,
// buffers the runtime fills for observations and replay batches, i64
// answers compared with 0 where the op returns an i1.

// CHECK-DAG: func.func private @mdlrt_env_declare(memref<*xi8>, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_rl_begin(i64, f64, i64, i64, i64, i64, f64, f64, i64){{$}}
// CHECK-DAG: func.func private @mdlrt_rl_begin_dynamic(i64, f64, i64, i64, i64, i64, f64, f64, i64){{$}}
// CHECK-DAG: func.func private @mdlrt_rl_total_steps() -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_rl_observe(memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_rl_explore(i64) -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_rl_act(i64){{$}}
// CHECK-DAG: func.func private @mdlrt_rl_ready() -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_rl_sample(memref<*xf32>, memref<*xi32>, memref<*xf32>, memref<*xf32>, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_rl_eval_begin(){{$}}
// CHECK-DAG: func.func private @mdlrt_rl_target_init_f32(memref<*xi8>, memref<*xf32>, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_rl_target_final_f32(memref<*xi8>, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_rl_gradient_steps() -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_rl_checkpoint_save(){{$}}
// CHECK-DAG: func.func private @mdlrt_rl_eval_act(i64) -> i64{{$}}
// CHECK-DAG: func.func private @mdlrt_rl_eval_end(){{$}}
// CHECK-DAG: memref.global "private" constant @__mdlrt_str.CartPole : memref<8xi8> = dense<[67, 97, 114, 116, 80, 111, 108, 101]>

// CHECK-LABEL: func.func @training
// CHECK-SAME:    (%[[T:.*]]: index)
// CHECK:         %[[NAME:.*]] = memref.get_global @__mdlrt_str.CartPole : memref<8xi8>
// CHECK-DAG:     %[[MAX:.*]] = arith.constant 500 : i64
// CHECK-DAG:     %[[OBS:.*]] = arith.constant 4 : i64
// CHECK-DAG:     %[[ACTIONS:.*]] = arith.constant 2 : i64
// The casts to unranked memrefs and the call in an alloca scope (the
// casts' stack descriptors are released after the call).
// CHECK:         memref.alloca_scope {
// CHECK-NEXT:      %[[NAMEU:.*]] = memref.cast %[[NAME]] : memref<8xi8> to memref<*xi8>
// CHECK-NEXT:      func.call @mdlrt_env_declare(%[[NAMEU]], %[[MAX]], %[[OBS]], %[[ACTIONS]]) : (memref<*xi8>, i64, i64, i64) -> ()
// CHECK-DAG:     %[[STEPS:.*]] = arith.constant 50000 : i64
// CHECK-DAG:     %[[LR:.*]] = arith.constant 1.000000e-03 : f64
// CHECK-DAG:     %[[SEED:.*]] = arith.constant 3 : i64
// CHECK-DAG:     %[[REPLAY:.*]] = arith.constant 10000 : i64
// CHECK-DAG:     %[[BATCH:.*]] = arith.constant 64 : i64
// CHECK-DAG:     %[[WARMUP:.*]] = arith.constant 1000 : i64
// CHECK-DAG:     %[[FROM:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[TO:.*]] = arith.constant 5.000000e-02 : f64
// CHECK-DAG:     %[[EPS_STEPS:.*]] = arith.constant 20000 : i64
// CHECK:         call @mdlrt_rl_begin(%[[STEPS]], %[[LR]], %[[SEED]], %[[REPLAY]], %[[BATCH]], %[[WARMUP]], %[[FROM]], %[[TO]], %[[EPS_STEPS]])
// CHECK:         %[[N64:.*]] = call @mdlrt_rl_total_steps() : () -> i64
// CHECK-NEXT:    %[[N:.*]] = arith.index_cast %[[N64]] : i64 to index
// CHECK-NEXT:    %[[S:.*]] = memref.alloc() : memref<1x4xf32>
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      %[[SU:.*]] = memref.cast %[[S]] : memref<1x4xf32> to memref<*xf32>
// CHECK-NEXT:      func.call @mdlrt_rl_observe(%[[SU]]) : (memref<*xf32>) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[ST:.*]] = bufferization.to_tensor %[[S]] restrict writable : memref<1x4xf32> to tensor<1x4xf32>
// CHECK-NEXT:    %[[T64:.*]] = arith.index_cast %[[T]] : index to i64
// CHECK-NEXT:    %[[A:.*]] = call @mdlrt_rl_explore(%[[T64]]) : (i64) -> i64
// CHECK-NEXT:    call @mdlrt_rl_act(%[[A]]) : (i64) -> ()
// CHECK-NEXT:    %[[R64:.*]] = call @mdlrt_rl_ready() : () -> i64
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[READY:.*]] = arith.cmpi ne, %[[R64]], %[[ZERO]] : i64
// CHECK-NEXT:    return %[[ST]], %[[N]], %[[READY]]
func.func @training(%t: index) -> (tensor<1x4xf32>, index, i1) {
  mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.0 : f64, epsilon_steps = 20000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 10000 : i64, seed = 3 : i64, steps = 50000 : i64, warmup = 1000 : i64}
  %n = mdlrt.rl_total_steps : index
  %s = mdlrt.rl_observe : tensor<1x4xf32>
  %a = mdlrt.rl_explore %t : i64
  mdlrt.rl_act %a : i64
  %ready = mdlrt.rl_ready
  return %s, %n, %ready : tensor<1x4xf32>, index, i1
}

// One fresh buffer per replay tensor, filled by one call, viewed as tensors
// in result order.
// CHECK-LABEL: func.func @sample
// CHECK:         %[[S:.*]] = memref.alloc() : memref<64x4xf32>
// CHECK:         %[[A:.*]] = memref.alloc() : memref<64xi32>
// CHECK:         %[[R:.*]] = memref.alloc() : memref<64xf32>
// CHECK:         %[[S2:.*]] = memref.alloc() : memref<64x4xf32>
// CHECK:         %[[D:.*]] = memref.alloc() : memref<64xf32>
// CHECK:         memref.alloca_scope {
// CHECK:           %[[SU:.*]] = memref.cast %[[S]] : memref<64x4xf32> to memref<*xf32>
// CHECK:           %[[AU:.*]] = memref.cast %[[A]] : memref<64xi32> to memref<*xi32>
// CHECK:           %[[RU:.*]] = memref.cast %[[R]]
// CHECK:           %[[S2U:.*]] = memref.cast %[[S2]]
// CHECK:           %[[DU:.*]] = memref.cast %[[D]]
// CHECK:           func.call @mdlrt_rl_sample(%[[SU]], %[[AU]], %[[RU]], %[[S2U]], %[[DU]])
// CHECK:         }
// CHECK:         %[[ST:.*]] = bufferization.to_tensor %[[S]] restrict writable : memref<64x4xf32> to tensor<64x4xf32>
// CHECK:         %[[AT:.*]] = bufferization.to_tensor %[[A]] restrict writable : memref<64xi32> to tensor<64xi32>
// CHECK:         %[[RT:.*]] = bufferization.to_tensor %[[R]] restrict writable
// CHECK:         %[[S2T:.*]] = bufferization.to_tensor %[[S2]] restrict writable
// CHECK:         %[[DT:.*]] = bufferization.to_tensor %[[D]] restrict writable
// CHECK:         return %[[ST]], %[[AT]], %[[RT]], %[[S2T]], %[[DT]]
func.func @sample() -> (tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>) {
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
  return %s, %a, %r, %s2, %done : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
}

// The target network: the parameter's buffer (read only) and a fresh one
// the runtime fills, by name; the gradient steps as an index; the target
// reported by name; the save a plain call.
// CHECK-LABEL: func.func @checkpoint
// CHECK-SAME:    (%[[W:.*]]: tensor<2x4xf32>)
// CHECK:         %[[WB:.*]] = bufferization.to_buffer %[[W]] read_only : tensor<2x4xf32> to memref<2x4xf32>
// CHECK:         %[[TB:.*]] = memref.alloc() : memref<2x4xf32>
// CHECK:         %[[NAME:.*]] = memref.get_global @__mdlrt_str.out.weight : memref<10xi8>
// CHECK:         memref.alloca_scope {
// CHECK:           %[[NAMEU:.*]] = memref.cast %[[NAME]]
// CHECK:           %[[WU:.*]] = memref.cast %[[WB]] : memref<2x4xf32> to memref<*xf32>
// CHECK:           %[[TU:.*]] = memref.cast %[[TB]] : memref<2x4xf32> to memref<*xf32>
// CHECK:           func.call @mdlrt_rl_target_init_f32(%[[NAMEU]], %[[WU]], %[[TU]])
// CHECK:         }
// CHECK:         %[[T:.*]] = bufferization.to_tensor %[[TB]] restrict writable : memref<2x4xf32> to tensor<2x4xf32>
// CHECK:         %[[U64:.*]] = call @mdlrt_rl_gradient_steps() : () -> i64
// CHECK-NEXT:    %[[U:.*]] = arith.index_cast %[[U64]] : i64 to index
// CHECK:         %[[TF:.*]] = bufferization.to_buffer %[[T]] read_only
// CHECK:         func.call @mdlrt_rl_target_final_f32(
// CHECK:         call @mdlrt_rl_checkpoint_save() : () -> ()
// CHECK:         return %[[T]], %[[U]]
func.func @checkpoint(%w: tensor<2x4xf32>) -> (tensor<2x4xf32>, index) {
  %t = mdlrt.rl_target_init "out.weight", %w : tensor<2x4xf32>
  %u = mdlrt.rl_gradient_steps : index
  mdlrt.rl_target_final "out.weight", %t : tensor<2x4xf32>
  mdlrt.rl_checkpoint_save
  return %t, %u : tensor<2x4xf32>, index
}

// CHECK-LABEL: func.func @evaluation
// CHECK-SAME:    (%[[A:.*]]: i64)
// CHECK:         call @mdlrt_rl_eval_begin() : () -> ()
// CHECK-NEXT:    %[[R64:.*]] = call @mdlrt_rl_eval_act(%[[A]]) : (i64) -> i64
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[RUNNING:.*]] = arith.cmpi ne, %[[R64]], %[[ZERO]] : i64
// CHECK-NEXT:    call @mdlrt_rl_eval_end() : () -> ()
// CHECK-NEXT:    return %[[RUNNING]]
func.func @evaluation(%a: i64) -> i1 {
  mdlrt.rl_eval_begin
  %running = mdlrt.rl_eval_act %a : i64
  mdlrt.rl_eval_end
  return %running : i1
}

// A run-time replay batch: rl_begin calls the _dynamic entry, train_batch
// asks the run's batch, and the five replay buffers are allocated with it.
// CHECK-LABEL: func.func @dynamic_sample
// CHECK:         call @mdlrt_rl_begin_dynamic(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i64, f64, i64, i64, i64, i64, f64, f64, i64) -> ()
// CHECK:         %[[N:.*]] = call @mdlrt_train_batch() : () -> i64
// CHECK:         %[[B:.*]] = arith.index_cast %[[N]] : i64 to index
// CHECK:         %[[S:.*]] = memref.alloc(%[[B]]) : memref<?x4xf32>
// CHECK:         %[[A:.*]] = memref.alloc(%[[B]]) : memref<?xi32>
// CHECK:         %[[R:.*]] = memref.alloc(%[[B]]) : memref<?xf32>
// CHECK:         %[[S2:.*]] = memref.alloc(%[[B]]) : memref<?x4xf32>
// CHECK:         %[[D:.*]] = memref.alloc(%[[B]]) : memref<?xf32>
// CHECK:         memref.alloca_scope {
// CHECK:           %[[SU:.*]] = memref.cast %[[S]] : memref<?x4xf32> to memref<*xf32>
// CHECK:           func.call @mdlrt_rl_sample(%[[SU]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK:         }
// CHECK:         %[[ST:.*]] = bufferization.to_tensor %[[S]] restrict writable : memref<?x4xf32> to tensor<?x4xf32>
// CHECK:         %[[AT:.*]] = bufferization.to_tensor %[[A]] restrict writable : memref<?xi32> to tensor<?xi32>
// CHECK:         return %[[ST]], %[[AT]]
func.func @dynamic_sample() -> (tensor<?x4xf32>, tensor<?xi32>) {
  mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
  mdlrt.rl_begin {batch = 64 : i64, dynamic_batch, epsilon_from = 1.0 : f64, epsilon_steps = 20000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 10000 : i64, seed = 3 : i64, steps = 50000 : i64, warmup = 1000 : i64}
  %b = mdlrt.train_batch : index
  %s, %a, %r, %s2, %done = mdlrt.rl_sample(%b) : tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
  return %s, %a : tensor<?x4xf32>, tensor<?xi32>
}

// In a loop, the descriptor of every step's observation lives on the stack
// only for the call: stacksave before the cast's alloca, stackrestore after
// the call (a 50,000-step run overflowed the stack without them).
// RUN: mdlc-opt %s --convert-mdlrt-to-func --mdl-bufferize-pipeline --mdl-to-llvm-pipeline | FileCheck %s --check-prefix=LLVM
// LLVM-LABEL: llvm.func @observe_loop
// LLVM:         %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// LLVM-NEXT:    llvm.br
// LLVM:         llvm.alloca {{.*}} x !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// LLVM:         llvm.call @mdlrt_rl_observe(
// LLVM:         llvm.intr.stackrestore %[[SP]] : !llvm.ptr
func.func @observe_loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %s = mdlrt.rl_observe : tensor<1x4xf32>
    %a = mdlrt.rl_explore %i : i64
    mdlrt.rl_act %a : i64
  }
  return
}
