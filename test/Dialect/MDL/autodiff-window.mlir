// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// mdl-autodiff of the window ops (README.md#conv2d, #pooling). conv2d and
// its two adjoints form a family closed under differentiation; avg_pool2d
// and avg_pool2d_grad are each other's transpose; max_pool2d's adjoint is
// mdl.max_pool2d_grad.

// A small CNN: conv2d (stride 2, padding 1, bias) → max_pool2d → avg_pool2d.
func.func private @f_cnn(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  %m = mdl.max_pool2d %y {kernel = array<i64: 2, 2>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>} : tensor<2x4x4x4xf32> -> tensor<2x4x3x3xf32>
  %a = mdl.avg_pool2d %m {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x4x3x3xf32> -> tensor<2x4x2x2xf32>
  %s = mdl.sum %a dims = [0, 1, 2, 3] : tensor<2x4x2x2xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_cnn.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-SAME:    -> (tensor<f32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
// CHECK:         %[[Y:.*]] = mdl.conv2d %[[X]], %[[W]], %[[B]]
// CHECK:         %[[M:.*]] = mdl.max_pool2d %[[Y]]
// CHECK:         %[[A:.*]] = mdl.avg_pool2d %[[M]]
// CHECK:         %[[S:.*]] = mdl.sum %[[A]] dims = [0, 1, 2, 3]
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DA:.*]] = mdl.broadcast %[[SEED]] dims = [] : tensor<f32> -> tensor<2x4x2x2xf32>
// CHECK:         %[[DM:.*]] = mdl.avg_pool2d_grad %[[DA]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<2x4x2x2xf32> -> tensor<2x4x3x3xf32>
// CHECK:         %[[DY:.*]] = mdl.max_pool2d_grad %[[Y]], %[[DM]] {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x4x4x4xf32>, tensor<2x4x3x3xf32>) -> tensor<2x4x4x4xf32>
// CHECK:         %[[DX:.*]] = mdl.conv2d_input_grad %[[DY]], %[[W]] {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
// CHECK:         %[[DW:.*]] = mdl.conv2d_weight_grad %[[X]], %[[DY]] {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[DY]] dims = [0, 2, 3] : tensor<2x4x4x4xf32> -> tensor<4xf32>
// CHECK:         return %[[S]], %[[DX]], %[[DW]], %[[DB]]

// CHECK-LABEL: func.func @cnn
// CHECK-NOT:     mdl.value_and_grad
// CHECK:         call @f_cnn.value_and_grad(%{{.*}}, %{{.*}}, %{{.*}})
func.func @cnn(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> (tensor<f32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) {
  %l, %gx, %gw, %gb = mdl.value_and_grad @f_cnn(%x, %w, %b) wrt = [0, 1, 2] : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
  return %l, %gx, %gw, %gb : tensor<f32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>
}

// Second order: the VJPs of the adjoint ops themselves.
func.func private @f_input_grad(%dy: tensor<2x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<f32> {
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  %s = mdl.sum %dx dims = [0, 1, 2, 3] : tensor<2x3x8x8xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// r = convᵀ(dy, w)  ⇒  d(dy) = conv(g, w), dw = convW(g, dy).
// CHECK-LABEL: func.func private @f_input_grad.value_and_grad(
// CHECK-SAME:    %[[DY:.*]]: tensor<2x4x4x4xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[R:.*]] = mdl.conv2d_input_grad %[[DY]], %[[W]]
// CHECK:         %[[S:.*]] = mdl.sum %[[R]]
// CHECK:         %[[G:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<2x3x8x8xf32>
// CHECK:         %[[GDY:.*]] = mdl.conv2d %[[G]], %[[W]] {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
// CHECK:         %[[GW:.*]] = mdl.conv2d_weight_grad %[[G]], %[[DY]] {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
// CHECK:         return %[[S]], %[[GDY]], %[[GW]]

// CHECK-LABEL: func.func @input_grad
// CHECK:         call @f_input_grad.value_and_grad
func.func @input_grad(%dy: tensor<2x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<f32>, tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) {
  %l, %gdy, %gw = mdl.value_and_grad @f_input_grad(%dy, %w) wrt = [0, 1] : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> (tensor<f32>, tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>)
  return %l, %gdy, %gw : tensor<f32>, tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>
}

func.func private @f_weight_grad(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x4x4xf32>) -> tensor<f32> {
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
  %s = mdl.sum %dw dims = [0, 1, 2, 3] : tensor<4x3x3x3xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// r = convW(x, dy)  ⇒  dx = convᵀ(dy, g), d(dy) = conv(x, g).
// CHECK-LABEL: func.func private @f_weight_grad.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x8x8xf32>, %[[DY:.*]]: tensor<2x4x4x4xf32>)
// CHECK:         %[[R:.*]] = mdl.conv2d_weight_grad %[[X]], %[[DY]]
// CHECK:         %[[S:.*]] = mdl.sum %[[R]]
// CHECK:         %[[G:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<4x3x3x3xf32>
// CHECK:         %[[GX:.*]] = mdl.conv2d_input_grad %[[DY]], %[[G]] {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
// CHECK:         %[[GDY:.*]] = mdl.conv2d %[[X]], %[[G]] {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
// CHECK:         return %[[S]], %[[GX]], %[[GDY]]

// CHECK-LABEL: func.func @weight_grad
// CHECK:         call @f_weight_grad.value_and_grad
func.func @weight_grad(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x4x4xf32>) -> (tensor<f32>, tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) {
  %l, %gx, %gdy = mdl.value_and_grad @f_weight_grad(%x, %dy) wrt = [0, 1] : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> (tensor<f32>, tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>)
  return %l, %gx, %gdy : tensor<f32>, tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>
}

func.func private @f_avg_grad(%dy: tensor<2x4x2x2xf32>) -> tensor<f32> {
  %dx = mdl.avg_pool2d_grad %dy {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x4x2x2xf32> -> tensor<2x4x3x3xf32>
  %s = mdl.sum %dx dims = [0, 1, 2, 3] : tensor<2x4x3x3xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// avg_pool2d_grad is linear; its adjoint is avg_pool2d with the same window.
// CHECK-LABEL: func.func private @f_avg_grad.value_and_grad(
// CHECK-SAME:    %[[DY:.*]]: tensor<2x4x2x2xf32>) -> (tensor<f32>, tensor<2x4x2x2xf32>)
// CHECK:         %[[R:.*]] = mdl.avg_pool2d_grad %[[DY]]
// CHECK:         %[[S:.*]] = mdl.sum %[[R]]
// CHECK:         %[[G:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<2x4x3x3xf32>
// CHECK:         %[[GDY:.*]] = mdl.avg_pool2d %[[G]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<2x4x3x3xf32> -> tensor<2x4x2x2xf32>
// CHECK:         return %[[S]], %[[GDY]]

// CHECK-LABEL: func.func @avg_grad
// CHECK:         call @f_avg_grad.value_and_grad
func.func @avg_grad(%dy: tensor<2x4x2x2xf32>) -> (tensor<f32>, tensor<2x4x2x2xf32>) {
  %l, %g = mdl.value_and_grad @f_avg_grad(%dy) wrt = [0] : (tensor<2x4x2x2xf32>) -> (tensor<f32>, tensor<2x4x2x2xf32>)
  return %l, %g : tensor<f32>, tensor<2x4x2x2xf32>
}
