// RUN: mdlc-opt %s --mdl-to-linalg-pipeline --mdl-bufferize-pipeline --convert-linalg-to-ukernels | FileCheck %s --check-prefix=GATHER
// RUN: mdlc-opt %s --mdl-to-linalg-pipeline --mdl-bufferize-pipeline --convert-linalg-to-ukernels | FileCheck %s --check-prefix=KERNEL
// conv-to-kernel.mlir with a dynamic batch: the convolution and its two
// adjoints still become one SGEMM kernel call each on gathered windows
// (two gathers, CSE merging the forward and weight-gradient ones), with no
// contraction left to loops: a run-time batch costs no kernel.

// GATHER-LABEL: func.func @conv_and_grads
// GATHER-COUNT-2: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]
// GATHER-NOT:     iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]
// GATHER-NOT:     "reduction"
// GATHER:         return

// KERNEL-LABEL: func.func @conv_and_grads
// KERNEL-NOT:     linalg.matmul
// KERNEL-COUNT-3: call @mdlrt_matmul_f32
// KERNEL-NOT:     call @mdlrt_matmul_f32
// KERNEL-NOT:     linalg.matmul
// KERNEL:         return
func.func @conv_and_grads(%x: tensor<?x2x9x9xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>, %dy: tensor<?x3x9x9xf32>)
    -> (tensor<?x3x9x9xf32>, tensor<3x2x3x3xf32>, tensor<?x2x9x9xf32>) {
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x9x9xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<?x3x9x9xf32>
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x9x9xf32>, tensor<?x3x9x9xf32>) -> tensor<3x2x3x3xf32>
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x3x9x9xf32>, tensor<3x2x3x3xf32>) -> tensor<?x2x9x9xf32>
  return %y, %dw, %dx : tensor<?x3x9x9xf32>, tensor<3x2x3x3xf32>, tensor<?x2x9x9xf32>
}
