// RUN: mdlc-opt %s --mdl-grad-pipeline | FileCheck %s --check-prefix=GRAD
// RUN: mdlc-opt %s --mdl-grad-pipeline | FileCheck %s --check-prefix=INLINED
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline | FileCheck %s --check-prefix=LINALG
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline | FileCheck %s --check-prefix=BUF
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline | FileCheck %s --check-prefix=BATCH
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline \
// RUN:   | grep -oE "memref\.(alloc\(\)|dealloc)" | sort | uniq -c | FileCheck %s --check-prefix=PAIRS
// RUN: mdlc-opt %s --mdlc-cpu-pipeline | FileCheck %s --check-prefix=CPU
// RUN: mdlc-opt %s --mdlc-cpu-pipeline | FileCheck %s --check-prefix=LLVMONLY
//
// A complete linear-regression training program in mdl + mdlrt, as the
// frontend emits it, through each named pipeline.

func.func private @forward(%x: tensor<256x64xf32>, %w: tensor<1x64xf32>, %b: tensor<1xf32>) -> tensor<256x1xf32> {
  %y = mdl.linear %x, %w, %b : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
  return %y : tensor<256x1xf32>
}

func.func private @loss(%w: tensor<1x64xf32>, %b: tensor<1xf32>, %x: tensor<256x64xf32>, %t: tensor<256x1xf32>) -> tensor<f32> {
  %p = func.call @forward(%x, %w, %b) : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
  %l = mdl.mse %p, %t : (tensor<256x1xf32>, tensor<256x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

func.func private @train_step(%w: tensor<1x64xf32>, %b: tensor<1xf32>, %x: tensor<256x64xf32>, %t: tensor<256x1xf32>, %lr: f32) -> (tensor<1x64xf32>, tensor<1xf32>, tensor<f32>) {
  %l, %gw, %gb = mdl.value_and_grad @loss(%w, %b, %x, %t) wrt = [0, 1] : (tensor<1x64xf32>, tensor<1xf32>, tensor<256x64xf32>, tensor<256x1xf32>) -> (tensor<f32>, tensor<1x64xf32>, tensor<1xf32>)
  %w2 = mdl.sgd %w, %gw, %lr : tensor<1x64xf32>, f32
  %b2 = mdl.sgd %b, %gb, %lr : tensor<1xf32>, f32
  return %w2, %b2, %l : tensor<1x64xf32>, tensor<1xf32>, tensor<f32>
}

func.func @mdl_train() {
  mdlrt.train_begin {batch = 256 : i64, epochs = 10 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
  mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = 1.000000e-02 : f64, samples = 65536 : i64, seed = 7 : i64}
  %w0 = mdlrt.param_init "linear.weight" {fan_in = 64 : i64, init = "uniform_fan_in"} : tensor<1x64xf32>
  %b0 = mdlrt.param_init "linear.bias" {fan_in = 64 : i64, init = "uniform_fan_in"} : tensor<1xf32>
  %lr = mdlrt.train_lr : f32
  %epochs = mdlrt.train_epochs : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %wf, %bf = scf.for %e = %c0 to %epochs step %c1 iter_args(%we = %w0, %be = %b0) -> (tensor<1x64xf32>, tensor<1xf32>) {
    %steps = mdlrt.train_epoch_steps %e : index
    %ws, %bs = scf.for %s = %c0 to %steps step %c1 iter_args(%wi = %we, %bi = %be) -> (tensor<1x64xf32>, tensor<1xf32>) {
      %x, %t = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
      %wn, %bn, %l = func.call @train_step(%wi, %bi, %x, %t, %lr) : (tensor<1x64xf32>, tensor<1xf32>, tensor<256x64xf32>, tensor<256x1xf32>, f32) -> (tensor<1x64xf32>, tensor<1xf32>, tensor<f32>)
      mdlrt.log_step %l : tensor<f32>
      scf.yield %wn, %bn : tensor<1x64xf32>, tensor<1xf32>
    }
    mdlrt.epoch_end %e
    scf.yield %ws, %bs : tensor<1x64xf32>, tensor<1xf32>
  }
  mdlrt.param_final "linear.weight", %wf : tensor<1x64xf32>
  mdlrt.param_final "linear.bias", %bf : tensor<1xf32>
  mdlrt.train_end
  return
}

//===----------------------------------------------------------------------===//
// --mdl-grad-pipeline: inline, mdl-autodiff, canonicalize, cse
//===----------------------------------------------------------------------===//

// The forward pass is inlined into the loss before differentiation, so the
// gradient function differentiates mdl.linear directly. d mse/dp =
// (p - t) * (1 * 2/256); dW = dpᵀ·x; db = Σ_rows dp. The input's adjoint
// (dp·W) is dead and removed by canonicalize.
// GRAD-LABEL: func.func private @loss.value_and_grad
// GRAD-SAME:    (%[[W:.*]]: tensor<1x64xf32>, %[[B:.*]]: tensor<1xf32>, %[[X:.*]]: tensor<256x64xf32>, %[[T:.*]]: tensor<256x1xf32>)
// GRAD-SAME:    -> (tensor<f32>, tensor<1x64xf32>, tensor<1xf32>)
// GRAD-DAG:     %[[SCALE:.*]] = arith.constant dense<7.812500e-03> : tensor<f32>
// GRAD-DAG:     %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// GRAD:         %[[P:.*]] = mdl.linear %[[X]], %[[W]], %[[B]] : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
// GRAD:         %[[L:.*]] = mdl.mse %[[P]], %[[T]]
// GRAD:         %[[DIFF:.*]] = mdl.sub %[[P]], %[[T]]
// GRAD:         %[[K:.*]] = mdl.mul %[[SEED]], %[[SCALE]]
// GRAD:         %[[DP:.*]] = mdl.mul %[[DIFF]], %[[K]] : (tensor<256x1xf32>, tensor<f32>) -> tensor<256x1xf32>
// GRAD:         %[[DPT:.*]] = mdl.transpose %[[DP]] permutation = [1, 0] : tensor<256x1xf32> -> tensor<1x256xf32>
// GRAD:         %[[DW:.*]] = mdl.matmul %[[DPT]], %[[X]] : (tensor<1x256xf32>, tensor<256x64xf32>) -> tensor<1x64xf32>
// GRAD:         %[[DB:.*]] = mdl.sum %[[DP]] dims = [0] : tensor<256x1xf32> -> tensor<1xf32>
// GRAD-NOT:     mdl.matmul
// GRAD:         return %[[L]], %[[DW]], %[[DB]]

// The train step is inlined into the loop; the request became a call.
// GRAD-LABEL: func.func @mdl_train()
// GRAD:         %[[LR:.*]] = mdlrt.train_lr : f32
// GRAD:         %[[EPOCHS:.*]] = mdlrt.train_epochs : index
// GRAD:         %{{.*}}:2 = scf.for %[[E:.*]] = %{{.*}} to %[[EPOCHS]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<1x64xf32>, tensor<1xf32>) {
// GRAD:           %[[STEPS:.*]] = mdlrt.train_epoch_steps %[[E]] : index
// GRAD:           scf.for %{{.*}} = %{{.*}} to %[[STEPS]] step %{{.*}} iter_args(%[[WI:.*]] = %{{.*}}, %[[BI:.*]] = %{{.*}}) -> (tensor<1x64xf32>, tensor<1xf32>) {
// GRAD:             %[[X:.*]], %[[T:.*]] = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
// GRAD:             %[[G:.*]]:3 = func.call @loss.value_and_grad(%[[WI]], %[[BI]], %[[X]], %[[T]])
// GRAD:             %[[WN:.*]] = mdl.sgd %[[WI]], %[[G]]#1, %[[LR]] : tensor<1x64xf32>, f32
// GRAD:             %[[BN:.*]] = mdl.sgd %[[BI]], %[[G]]#2, %[[LR]] : tensor<1xf32>, f32
// GRAD:             mdlrt.log_step %[[G]]#0 : tensor<f32>
// GRAD:             scf.yield %[[WN]], %[[BN]]
// GRAD:           mdlrt.epoch_end %[[E]]
// GRAD:         mdlrt.param_final "linear.weight"
// GRAD:         mdlrt.param_final "linear.bias"
// GRAD:         mdlrt.train_end

// INLINED-NOT: @forward
// INLINED-NOT: @train_step
// INLINED-NOT: mdl.value_and_grad
// INLINED-NOT: call @loss(

//===----------------------------------------------------------------------===//
// --mdl-to-linalg-pipeline: one function, linalg on tensors, runtime calls
//===----------------------------------------------------------------------===//

// Both contractions are linalg.matmuls with explicit maps: the forward reads
// the [out, in] weight through (n, k); the weight gradient dpᵀ·x reads dp
// through (k, m), so no transpose is materialised.
// LINALG-DAG:   #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// LINALG-DAG:   #[[$NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// LINALG-DAG:   #[[$KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// LINALG-DAG:   #[[$KN:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// LINALG-DAG:   #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// LINALG-NOT:   @loss
// LINALG-LABEL: func.func @mdl_train()
// LINALG:         call @mdlrt_param_init_f32
// LINALG:         scf.for
// LINALG:           scf.for
// LINALG:             call @mdlrt_next_batch_f32
// LINALG:             %[[X:.*]] = bufferization.to_tensor %{{.*}} restrict writable : memref<256x64xf32> to tensor<256x64xf32>
// LINALG-NOT:         mdl.
// LINALG:             linalg.matmul indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]] ins(%[[X]], %{{.*}} : tensor<256x64xf32>, tensor<1x64xf32>)
// LINALG:             linalg.matmul indexing_maps = [#[[$KM]], #[[$KN]], #[[$MN]]] ins(%{{.*}}, %[[X]] : tensor<256x1xf32>, tensor<256x64xf32>) outs(%{{.*}} : tensor<1x64xf32>)
// LINALG:             call @mdlrt_log_step
// LINALG:           call @mdlrt_epoch_end
// LINALG:         call @mdlrt_param_final_f32
// LINALG:         call @mdlrt_train_end
// LINALG-NOT:   mdl.
// LINALG-NOT:   func.func

//===----------------------------------------------------------------------===//
// + --mdl-bufferize-pipeline: buffers allocated once, outside the loops,
// parameters updated in place, everything freed at the end
//===----------------------------------------------------------------------===//

// BUF-LABEL: func.func @mdl_train()
// BUF:         %[[W:.*]] = memref.alloc() : memref<1x64xf32>
// BUF:         %[[WU:.*]] = memref.cast %[[W]] : memref<1x64xf32> to memref<*xf32>
// BUF:         call @mdlrt_param_init_f32(%[[WNAME:.*]], %[[WU]], %{{.*}}, %{{.*}})
// BUF:         %[[B:.*]] = memref.alloc() : memref<1xf32>
// BUF:         %[[BU:.*]] = memref.cast %[[B]] : memref<1xf32> to memref<*xf32>
// BUF:         call @mdlrt_param_init_f32(%[[BNAME:.*]], %[[BU]], %{{.*}}, %{{.*}})
// The batch buffers are hoisted out of both loops and refilled each step.
// BUF-DAG:     %[[X:.*]] = memref.alloc() : memref<256x64xf32>
// BUF-DAG:     %[[T:.*]] = memref.alloc() : memref<256x1xf32>
// BUF:         scf.for
// BUF-NOT:       memref.alloc{{[( ]}}
// BUF:           scf.for
// BUF-NOT:         memref.alloc{{[( ]}}
// BUF:             call @mdlrt_next_batch_f32(
// BUF-NOT:         memref.alloc{{[( ]}}
// BUF-NOT:         memref.copy
// SGD writes the parameter buffers that param_init filled.
// BUF:             linalg.generic {{.*}} outs(%[[W]] : memref<1x64xf32>)
// BUF:             linalg.generic {{.*}} outs(%[[B]] : memref<1xf32>)
// BUF-NOT:         memref.alloc{{[( ]}}
// BUF:             call @mdlrt_log_step
// BUF:           call @mdlrt_epoch_end
// param_final reports those same buffers.
// BUF:         call @mdlrt_param_final_f32(%[[WNAME]], %[[WU]])
// BUF:         call @mdlrt_param_final_f32(%[[BNAME]], %[[BU]])
// BUF:         call @mdlrt_train_end()
// BUF-DAG:     memref.dealloc %[[W]] : memref<1x64xf32>
// BUF-DAG:     memref.dealloc %[[B]] : memref<1xf32>
// BUF-DAG:     memref.dealloc %[[X]] : memref<256x64xf32>
// BUF-DAG:     memref.dealloc %[[T]] : memref<256x1xf32>
// BUF:         return

// next_batch fills the hoisted batch buffers. Each cast to an unranked
// memref becomes a stack descriptor in LLVM, so the casts and the call sit
// in an alloca scope that releases that stack after the call: a loop does
// not grow the stack by a descriptor per step.
// BATCH-LABEL: func.func @mdl_train()
// BATCH-DAG:     %[[X:.*]] = memref.alloc() : memref<256x64xf32>
// BATCH-DAG:     %[[T:.*]] = memref.alloc() : memref<256x1xf32>
// BATCH:         scf.for
// BATCH:           scf.for
// BATCH:             memref.alloca_scope {
// BATCH-NEXT:          %[[XU:.*]] = memref.cast %[[X]] : memref<256x64xf32> to memref<*xf32>
// BATCH-NEXT:          %[[TU:.*]] = memref.cast %[[T]] : memref<256x1xf32> to memref<*xf32>
// BATCH-NEXT:          func.call @mdlrt_next_batch_f32(%[[XU]], %[[TU]])
// BATCH-NEXT:        }

// As many deallocs as allocs.
// PAIRS:      {{^ *}}[[N:[0-9]+]] memref.alloc()
// PAIRS-NEXT: {{^ *}}[[N]] memref.dealloc

//===----------------------------------------------------------------------===//
// --mdlc-cpu-pipeline: all the way to the llvm dialect
//===----------------------------------------------------------------------===//

// Buffer-taking runtime functions are called through their C-interface
// wrappers, which pass pointers to memref descriptors.
// CPU-DAG:   llvm.func @_mlir_ciface_mdlrt_next_batch_f32(!llvm.ptr, !llvm.ptr)
// CPU-DAG:   llvm.func @_mlir_ciface_mdlrt_param_init_f32(!llvm.ptr, !llvm.ptr, i64, i64)
// CPU-DAG:   llvm.func @_mlir_ciface_mdlrt_param_final_f32(!llvm.ptr, !llvm.ptr)
// CPU-DAG:   llvm.func @mdlrt_log_step(f32)
// CPU-DAG:   llvm.func @mdlrt_train_lr() -> f64
// CPU-DAG:   llvm.mlir.global private constant @__mdlrt_str.linear.weight(dense<[108, 105, 110, 101, 97, 114, 46, 119, 101, 105, 103, 104, 116]> : tensor<13xi8>)
// CPU-LABEL: llvm.func @mdl_train()
// CPU:         llvm.call @mdlrt_train_begin(
// CPU:         llvm.call @mdlrt_dataset_synthetic_linear(
// CPU:         llvm.call @malloc
// CPU:         llvm.call @mdlrt_param_init_f32(
// CPU:         %[[LR64:.*]] = llvm.call @mdlrt_train_lr() : () -> f64
// CPU:         llvm.fptrunc %[[LR64]] : f64 to f32
// CPU:         llvm.call @mdlrt_train_epochs()
// CPU:         llvm.call @mdlrt_train_epoch_steps(
// CPU:         %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CPU:         llvm.alloca
// CPU:         llvm.call @mdlrt_next_batch_f32(
// CPU:         llvm.intr.stackrestore %[[SP]] : !llvm.ptr
// The forward product and the weight gradient are kernel calls.
// CPU:         llvm.call @mdlrt_matmul_f32(
// CPU:         llvm.fmul
// CPU:         llvm.call @mdlrt_matmul_f32(
// CPU:         llvm.call @mdlrt_log_step(
// CPU:         llvm.call @mdlrt_epoch_end(
// CPU:         llvm.call @mdlrt_param_final_f32(
// CPU:         llvm.call @mdlrt_param_final_f32(
// CPU:         llvm.call @mdlrt_train_end()
// CPU:         llvm.call @free
// CPU:         llvm.return
// The kernel takes pointers to ranked descriptors (mdlrt_memref2d_f32).
// CPU:       llvm.func @_mlir_ciface_mdlrt_matmul_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64)

// Nothing but the llvm dialect is left.
// LLVMONLY-NOT: {{ (mdl|mdlrt|tensor|linalg|memref|bufferization|scf|cf|arith|func|affine)\.}}
// LLVMONLY-NOT: unrealized_conversion_cast
