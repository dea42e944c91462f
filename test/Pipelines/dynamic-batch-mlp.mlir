// RUN: mdlc-opt %s --mdl-grad-pipeline | FileCheck %s --check-prefix=GRAD
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline | FileCheck %s --check-prefix=LINALG
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline | FileCheck %s --check-prefix=NOMDL
// RUN: mdlc-opt %s --mdl-grad-pipeline --mdl-to-linalg-pipeline --mdl-bufferize-pipeline | FileCheck %s --check-prefix=BUF
// RUN: mdlc-opt %s --mdlc-cpu-pipeline | FileCheck %s --check-prefix=CPU
// RUN: mdlc-opt %s --mdlc-cpu-pipeline | FileCheck %s --check-prefix=LLVMONLY
//
// A dense MLP's train step (value_and_grad of the cross-entropy, then Adam)
// on a dynamic batch, written by hand as MLIRGen will emit it once the
// batch is a run-time value: it goes through every named pipeline to the
// llvm dialect. The parameters and optimizer state stay static.

func.func private @forward(%w1: tensor<32x784xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>, %x: tensor<?x1x28x28xf32>) -> tensor<?x10xf32> {
  %0 = mdl.reshape %x : tensor<?x1x28x28xf32> -> tensor<?x784xf32>
  %1 = mdl.linear %0, %w1, %b1 : (tensor<?x784xf32>, tensor<32x784xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %2 = mdl.relu %1 : tensor<?x32xf32>
  %3 = mdl.linear %2, %w2, %b2 : (tensor<?x32xf32>, tensor<10x32xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  return %3 : tensor<?x10xf32>
}

func.func private @loss(%w1: tensor<32x784xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>, %x: tensor<?x1x28x28xf32>, %y: tensor<?xi32>) -> tensor<f32> {
  %z = func.call @forward(%w1, %b1, %w2, %b2, %x) : (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<?x1x28x28xf32>) -> tensor<?x10xf32>
  %l = mdl.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

func.func private @train_step(%w1: tensor<32x784xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>,
                      %mw1: tensor<32x784xf32>, %mb1: tensor<32xf32>, %mw2: tensor<10x32xf32>, %mb2: tensor<10xf32>,
                      %vw1: tensor<32x784xf32>, %vb1: tensor<32xf32>, %vw2: tensor<10x32xf32>, %vb2: tensor<10xf32>,
                      %x: tensor<?x1x28x28xf32>, %y: tensor<?xi32>, %step: f32, %lr: f32)
    -> (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
        tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
        tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<f32>) {
  %l, %g1, %g2, %g3, %g4 = mdl.value_and_grad @loss(%w1, %b1, %w2, %b2, %x, %y) wrt = [0, 1, 2, 3] : (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<?x1x28x28xf32>, tensor<?xi32>) -> (tensor<f32>, tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>)
  %p1, %m1, %v1 = mdl.adam %w1, %g1, %mw1, %vw1, %step, %lr {beta1 = 9.000000e-01 : f64, beta2 = 9.990000e-01 : f64, eps = 1.000000e-08 : f64} : tensor<32x784xf32>, f32
  %p2, %m2, %v2 = mdl.adam %b1, %g2, %mb1, %vb1, %step, %lr {beta1 = 9.000000e-01 : f64, beta2 = 9.990000e-01 : f64, eps = 1.000000e-08 : f64} : tensor<32xf32>, f32
  %p3, %m3, %v3 = mdl.adam %w2, %g3, %mw2, %vw2, %step, %lr {beta1 = 9.000000e-01 : f64, beta2 = 9.990000e-01 : f64, eps = 1.000000e-08 : f64} : tensor<10x32xf32>, f32
  %p4, %m4, %v4 = mdl.adam %b2, %g4, %mb2, %vb2, %step, %lr {beta1 = 9.000000e-01 : f64, beta2 = 9.990000e-01 : f64, eps = 1.000000e-08 : f64} : tensor<10xf32>, f32
  return %p1, %p2, %p3, %p4, %m1, %m2, %m3, %m4, %v1, %v2, %v3, %v4, %l
    : tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
      tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
      tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<f32>
}

// The steps run in a loop that carries the parameters and the optimizer
// state, as in the generated program; only the last loss leaves it.
func.func @run(%w1: tensor<32x784xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>,
               %x: tensor<?x1x28x28xf32>, %y: tensor<?xi32>, %lr: f32, %steps: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.000000e+00 : f32
  %one = arith.constant 1.000000e+00 : f32
  %zw1 = arith.constant dense<0.000000e+00> : tensor<32x784xf32>
  %zb1 = arith.constant dense<0.000000e+00> : tensor<32xf32>
  %zw2 = arith.constant dense<0.000000e+00> : tensor<10x32xf32>
  %zb2 = arith.constant dense<0.000000e+00> : tensor<10xf32>
  %r:14 = scf.for %i = %c0 to %steps step %c1
      iter_args(%p1 = %w1, %p2 = %b1, %p3 = %w2, %p4 = %b2, %m1 = %zw1, %m2 = %zb1, %m3 = %zw2, %m4 = %zb2,
                %v1 = %zw1, %v2 = %zb1, %v3 = %zw2, %v4 = %zb2, %t = %one, %last = %zero)
      -> (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
          tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
          tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, f32, f32) {
    %s:13 = func.call @train_step(%p1, %p2, %p3, %p4, %m1, %m2, %m3, %m4, %v1, %v2, %v3, %v4, %x, %y, %t, %lr)
      : (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
         tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
         tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
         tensor<?x1x28x28xf32>, tensor<?xi32>, f32, f32)
      -> (tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
          tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
          tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<f32>)
    %next = arith.addf %t, %one : f32
    %l = tensor.extract %s#12[] : tensor<f32>
    scf.yield %s#0, %s#1, %s#2, %s#3, %s#4, %s#5, %s#6, %s#7, %s#8, %s#9, %s#10, %s#11, %next, %l
      : tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
        tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>,
        tensor<32x784xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, f32, f32
  }
  return %r#13 : f32
}

// Autodiff: the cross-entropy's mean over the batch divides by the run-time
// count; the weight gradients contract over the batch.
// GRAD-LABEL: func.func private @loss.value_and_grad(
// GRAD:         %[[Z:.*]] = mdl.linear %{{.*}} -> tensor<?x10xf32>
// GRAD:         %[[N:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x10xf32>
// GRAD:         %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// GRAD:         arith.sitofp %[[NI]] : i64 to f32
// GRAD:         mdl.matmul %{{.*}} : (tensor<10x?xf32>, tensor<?x32xf32>) -> tensor<10x32xf32>
// GRAD:         mdl.matmul %{{.*}} : (tensor<32x?xf32>, tensor<?x784xf32>) -> tensor<32x784xf32>
// GRAD-LABEL: func.func @run(
// GRAD:         scf.for
// GRAD:           call @loss.value_and_grad
// GRAD-COUNT-4:   mdl.adam

// linalg on tensors: flatten is one collapse; every batched destination is
// sized from its batch.
// LINALG-LABEL: func.func @run(
// LINALG:         %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<?x1x28x28xf32> into tensor<?x784xf32>
// LINALG:         %[[N:.*]] = tensor.dim %[[FLAT]], %{{.*}} : tensor<?x784xf32>
// LINALG:         tensor.empty(%[[N]]) : tensor<?x32xf32>
// LINALG:         linalg.matmul{{.*}} ins(%[[FLAT]], %{{.*}} : tensor<?x784xf32>, tensor<32x784xf32>)
// LINALG:         tensor.empty(%[[N]]) : tensor<?x10xf32>
// LINALG:         arith.sitofp
// LINALG:         linalg.matmul{{.*}} -> tensor<32x784xf32>
// NOMDL-NOT:     {{ mdl\.}}

// Buffers of the batch are allocated with its run-time size.
// BUF-LABEL: func.func @run(
// BUF:         %[[FLAT:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : memref<?x1x28x28xf32> into memref<?x784xf32>
// BUF:         %[[N:.*]] = memref.dim %[[FLAT]], %{{.*}} : memref<?x784xf32>
// BUF:         memref.alloc(%[[N]]) {alignment = 64 : i64} : memref<?x32xf32>
// BUF:         memref.alloc(%[[N]]) {alignment = 64 : i64} : memref<?x10xf32>
// BUF:         memref.dealloc

// The llvm dialect: the contractions call the SGEMM kernel, with the batch
// among the sizes of their descriptors.
// CPU-LABEL: llvm.func @run(
// CPU-COUNT-5: llvm.call @mdlrt_matmul_f32(
// CPU:         llvm.return

// Nothing but the llvm dialect is left.
// LLVMONLY-NOT: {{ (mdl|mdlrt|tensor|linalg|memref|bufferization|scf|cf|arith|func|affine)\.}}
// LLVMONLY-NOT: unrealized_conversion_cast
