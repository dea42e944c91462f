// RUN: mdlc-opt %s --convert-mdl-to-linalg -cse | FileCheck %s
// Convolution and pooling with a dynamic batch (README.md#dynamic-batch):
// the same im2col products and pooling generics as with a static batch,
// with every destination, column buffer, slice and expand_shape sized from
// the operand's run-time batch (`tensor.dim`, merged by CSE). The columns
// are [C·K², ?] (N·OH·OW windows) and the products stay linalg.matmul, so
// f32 convolutions reach the SGEMM kernel whatever the batch.

// Forward: y'[O, N·OH·OW] = W[O, C·K²] · cols + b, then back to NCHW.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x2x7x7xf32>, %[[W:[^:]*]]: tensor<3x2x3x3xf32>, %[[B:[^:]*]]: tensor<3xf32>)
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         } : tensor<?x2x7x7xf32> to tensor<?x2x9x9xf32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x2x7x7xf32>
// CHECK:         %[[C16:.*]] = arith.constant 16 : index
// CHECK:         %[[NW:.*]] = arith.muli %[[N]], %[[C16]] : index
// CHECK:         %[[INIT:.*]] = tensor.empty(%[[NW]]) : tensor<3x?xf32>
// CHECK:         %[[BIAS:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<3xf32>) outs(%[[INIT]] : tensor<3x?xf32>)
// CHECK:         %[[WIN:.*]] = tensor.empty(%[[N]]) : tensor<2x3x3x?x4x4xf32>
// CHECK:         %[[G:.*]] = linalg.generic {{.*}} ins(%[[PAD]] : tensor<?x2x9x9xf32>) outs(%[[WIN]] : tensor<2x3x3x?x4x4xf32>)
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %[[G]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<2x3x3x?x4x4xf32> into tensor<18x?xf32>
// CHECK:         %[[WM:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0], [1, 2, 3]] : tensor<3x2x3x3xf32> into tensor<3x18xf32>
// CHECK:         %[[P:.*]] = linalg.matmul ins(%[[WM]], %[[COLS]] : tensor<3x18xf32>, tensor<18x?xf32>) outs(%[[BIAS]] : tensor<3x?xf32>)
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2, 3]] output_shape [3, %[[N]], 4, 4] : tensor<3x?xf32> into tensor<3x?x4x4xf32>
// CHECK:         %[[OUT:.*]] = tensor.empty(%[[N]]) : tensor<?x3x4x4xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[E]] : tensor<3x?x4x4xf32>) outs(%[[OUT]] : tensor<?x3x4x4xf32>)
// CHECK:         return %[[Y]] : tensor<?x3x4x4xf32>
func.func @conv2d(%x: tensor<?x2x7x7xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<?x3x4x4xf32> {
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x7x7xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<?x3x4x4xf32>
  return %y : tensor<?x3x4x4xf32>
}

// Weight gradient: dW[O, C·K²] = dy'[O, ?] · cols[C·K², ?]ᵀ, a contraction
// over the dynamic dimension into a static result.
// CHECK-LABEL: func.func @conv2d_weight_grad
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x2x7x7xf32>, %[[DY:[^:]*]]: tensor<?x3x4x4xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x2x7x7xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<2x3x3x?x4x4xf32>
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %{{.*}} : tensor<2x3x3x?x4x4xf32> into tensor<18x?xf32>
// CHECK:         %[[NDY:.*]] = tensor.dim %[[DY]], %{{.*}} : tensor<?x3x4x4xf32>
// CHECK:         %[[T:.*]] = tensor.empty(%[[NDY]]) : tensor<3x?x4x4xf32>
// CHECK:         %[[DYT:.*]] = linalg.generic {{.*}} ins(%[[DY]] : tensor<?x3x4x4xf32>) outs(%[[T]] : tensor<3x?x4x4xf32>)
// CHECK:         %[[DYM:.*]] = tensor.collapse_shape %[[DYT]] {{\[\[}}0], [1, 2, 3]] : tensor<3x?x4x4xf32> into tensor<3x?xf32>
// CHECK:         %[[DW:.*]] = linalg.matmul {{.*}} ins(%[[DYM]], %[[COLS]] : tensor<3x?xf32>, tensor<18x?xf32>) outs(%{{.*}} : tensor<3x18xf32>)
// CHECK:         tensor.expand_shape %[[DW]] {{\[\[}}0], [1, 2, 3]] output_shape [3, 2, 3, 3] : tensor<3x18xf32> into tensor<3x2x3x3xf32>
func.func @conv2d_weight_grad(%x: tensor<?x2x7x7xf32>, %dy: tensor<?x3x4x4xf32>) -> tensor<3x2x3x3xf32> {
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x2x7x7xf32>, tensor<?x3x4x4xf32>) -> tensor<3x2x3x3xf32>
  return %dw : tensor<3x2x3x3xf32>
}

// Input gradient: dy spread `stride` apart into a run-time sized buffer,
// cropped, gathered and multiplied by the flipped kernel.
// CHECK-LABEL: func.func @conv2d_input_grad
// CHECK-SAME:    (%[[DY:[^:]*]]: tensor<?x3x4x4xf32>, %[[W:[^:]*]]: tensor<3x2x3x3xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[DY]], %{{.*}} : tensor<?x3x4x4xf32>
// CHECK:         %[[SP:.*]] = tensor.empty(%[[N]]) : tensor<?x3x11x11xf32>
// CHECK:         %[[SPF:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[SP]] : tensor<?x3x11x11xf32>)
// CHECK:         %[[INS:.*]] = tensor.insert_slice %[[DY]] into %[[SPF]][0, 0, 2, 2] [%[[N]], 3, 4, 4] [1, 1, 2, 2] : tensor<?x3x4x4xf32> into tensor<?x3x11x11xf32>
// CHECK:         %[[CROP:.*]] = tensor.extract_slice %[[INS]][0, 0, 1, 1] [%[[N]], 3, 9, 9] [1, 1, 1, 1] : tensor<?x3x11x11xf32> to tensor<?x3x9x9xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<3x3x3x?x7x7xf32>
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %{{.*}} : tensor<3x3x3x?x7x7xf32> into tensor<27x?xf32>
// CHECK:         %[[C49:.*]] = arith.constant 49 : index
// CHECK:         %[[NHW:.*]] = arith.muli %[[N]], %[[C49]] : index
// CHECK:         tensor.empty(%[[NHW]]) : tensor<2x?xf32>
// CHECK:         %[[P:.*]] = linalg.matmul ins(%{{.*}}, %[[COLS]] : tensor<2x27xf32>, tensor<27x?xf32>) outs(%{{.*}} : tensor<2x?xf32>)
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2, 3]] output_shape [2, %[[N]], 7, 7] : tensor<2x?xf32> into tensor<2x?x7x7xf32>
// CHECK:         %[[OUT:.*]] = tensor.empty(%[[N]]) : tensor<?x2x7x7xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[E]] : tensor<2x?x7x7xf32>) outs(%[[OUT]] : tensor<?x2x7x7xf32>)
func.func @conv2d_input_grad(%dy: tensor<?x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<?x2x7x7xf32> {
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<?x2x7x7xf32>
  return %dx : tensor<?x2x7x7xf32>
}

// A large layer with a dynamic batch still takes the columns (the rule
// plans for a batch of 256: 16·9 taps × 256·32·32 windows fit 2^26)...
// CHECK-LABEL: func.func @conv2d_planned_batch
// CHECK:         linalg.matmul
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @conv2d_planned_batch(%x: tensor<?x16x32x32xf32>, %w: tensor<8x16x3x3xf32>) -> tensor<?x8x32x32xf32> {
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x16x32x32xf32>, tensor<8x16x3x3xf32>) -> tensor<?x8x32x32xf32>
  return %y : tensor<?x8x32x32xf32>
}

// ... and one past it (64·9 taps × 256·32·32 windows) the direct
// convolution, into a run-time sized accumulator (a static batch of 8
// would still take the columns).
// CHECK-LABEL: func.func @conv2d_past_planned_batch
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x64x32x32xf32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x64x32x32xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x8x32x32xf32>
// CHECK:         %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x8x32x32xf32>)
// CHECK:         linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x64x34x34xf32>, tensor<8x64x3x3xf32>) outs(%[[F]] : tensor<?x8x32x32xf32>)
// CHECK-NOT:     linalg.matmul
func.func @conv2d_past_planned_batch(%x: tensor<?x64x32x32xf32>, %w: tensor<8x64x3x3xf32>) -> tensor<?x8x32x32xf32> {
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x64x32x32xf32>, tensor<8x64x3x3xf32>) -> tensor<?x8x32x32xf32>
  return %y : tensor<?x8x32x32xf32>
}

// Pooling: the result and the padded buffers of the adjoints take the
// batch of the input or of the output gradient.
// CHECK-LABEL: func.func @pooling
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x3x8x8xf32>, %[[DY:[^:]*]]: tensor<?x3x4x4xf32>)
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3x8x8xf32>
// CHECK:         %[[ME:.*]] = tensor.empty(%[[N]]) : tensor<?x3x5x5xf32>
// CHECK:         %[[MF:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ME]] : tensor<?x3x5x5xf32>)
// CHECK:         linalg.generic {{.*}} ins(%[[PAD]], %{{.*}} : tensor<?x3x10x10xf32>, tensor<2x2xf32>) outs(%[[MF]] : tensor<?x3x5x5xf32>)
// CHECK:           arith.maximumf
// CHECK:         tensor.empty(%[[N]]) : tensor<?x3x4x4xf32>
// CHECK:           arith.mulf
// CHECK:         %[[NDY:.*]] = tensor.dim %[[DY]], %{{.*}} : tensor<?x3x4x4xf32>
// CHECK:         tensor.empty(%[[NDY]]) : tensor<?x3x4x4xf32>
// CHECK:         %[[TAPS:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<?x3x4x4xf32>, tensor<?x3x4x4xf32>)
// CHECK:         tensor.empty(%[[NDY]]) : tensor<?x3x9x9xf32>
// CHECK:         tensor.insert_slice %[[DY]] into %{{.*}}[0, 0, 1, 1] [%[[NDY]], 3, 4, 4] [1, 1, 2, 2] : tensor<?x3x4x4xf32> into tensor<?x3x9x9xf32>
// CHECK:         tensor.insert_slice %[[TAPS]]#1 into %{{.*}}[0, 0, 1, 1] [%[[NDY]], 3, 4, 4] [1, 1, 2, 2] : tensor<?x3x4x4xf32> into tensor<?x3x9x9xf32>
// CHECK:         tensor.empty(%[[NDY]]) : tensor<?x3x8x8xf32>
// CHECK:         tensor.empty(%[[NDY]]) : tensor<?x3x12x12xf32>
// CHECK:         tensor.empty(%[[NDY]]) : tensor<?x3x10x10xf32>
// CHECK:         %[[AG:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x3x10x10xf32>)
// CHECK:         tensor.extract_slice %[[AG]][0, 0, 1, 1] [%[[NDY]], 3, 8, 8] [1, 1, 1, 1] : tensor<?x3x10x10xf32> to tensor<?x3x8x8xf32>
func.func @pooling(%x: tensor<?x3x8x8xf32>, %dy: tensor<?x3x4x4xf32>) -> (tensor<?x3x5x5xf32>, tensor<?x3x4x4xf32>, tensor<?x3x8x8xf32>, tensor<?x3x8x8xf32>) {
  %m = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x3x8x8xf32> -> tensor<?x3x5x5xf32>
  %a = mdl.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
  %gm = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x3x8x8xf32>, tensor<?x3x4x4xf32>) -> tensor<?x3x8x8xf32>
  %ga = mdl.avg_pool2d_grad %dy {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<?x3x4x4xf32> -> tensor<?x3x8x8xf32>
  return %m, %a, %gm, %ga : tensor<?x3x5x5xf32>, tensor<?x3x4x4xf32>, tensor<?x3x8x8xf32>, tensor<?x3x8x8xf32>
}
