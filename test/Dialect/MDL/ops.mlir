// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s
// Round trip of every mdl op.

// CHECK-LABEL: func.func @layers
func.func @layers(%x: tensor<256x64xf32>, %w: tensor<1x64xf32>, %b: tensor<1xf32>,
                  %a: tensor<4x3xf32>, %c: tensor<3x5xf32>) -> (tensor<256x1xf32>, tensor<256x1xf32>, tensor<4x5xf32>) {
  // CHECK: %[[Y:.*]] = mdl.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
  %y = mdl.linear %x, %w, %b : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
  // CHECK: %[[YNB:.*]] = mdl.linear %{{.*}}, %{{.*}} : (tensor<256x64xf32>, tensor<1x64xf32>) -> tensor<256x1xf32>
  %ynb = mdl.linear %x, %w : (tensor<256x64xf32>, tensor<1x64xf32>) -> tensor<256x1xf32>
  // CHECK: %[[M:.*]] = mdl.matmul %{{.*}}, %{{.*}} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %m = mdl.matmul %a, %c : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  // CHECK: return %[[Y]], %[[YNB]], %[[M]]
  return %y, %ynb, %m : tensor<256x1xf32>, tensor<256x1xf32>, tensor<4x5xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<8x4xf32>, %b: tensor<4xf32>, %s: tensor<f32>) -> tensor<8x4xf32> {
  // CHECK: mdl.add %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %0 = mdl.add %a, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  // CHECK: mdl.sub %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %1 = mdl.sub %b, %0 : (tensor<4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  // CHECK: mdl.mul %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
  %2 = mdl.mul %1, %s : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
  // CHECK: mdl.div %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %3 = mdl.div %2, %a : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  // CHECK: mdl.neg %{{.*}} : tensor<8x4xf32>
  %4 = mdl.neg %3 : tensor<8x4xf32>
  return %4 : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%a: tensor<8x4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<32xf32>, tensor<4x8xf32>, tensor<f32>) {
  // CHECK: mdl.sum %{{.*}} dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
  %0 = mdl.sum %a dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
  // CHECK: mdl.mean %{{.*}} dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  %1 = mdl.mean %a dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  // CHECK: mdl.broadcast %{{.*}} dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
  %2 = mdl.broadcast %b dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
  // CHECK: mdl.reshape %{{.*}} : tensor<8x4xf32> -> tensor<32xf32>
  %3 = mdl.reshape %a : tensor<8x4xf32> -> tensor<32xf32>
  // CHECK: mdl.transpose %{{.*}} permutation = [1, 0] : tensor<8x4xf32> -> tensor<4x8xf32>
  %4 = mdl.transpose %a permutation = [1, 0] : tensor<8x4xf32> -> tensor<4x8xf32>
  // CHECK: mdl.sum %{{.*}} dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  %5 = mdl.sum %a dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<32xf32>, tensor<4x8xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @max_and_indexing
func.func @max_and_indexing(%a: tensor<8x4xf32>, %i: tensor<8xi32>, %j: tensor<4xi64>, %d: tensor<8xf32>) -> (tensor<8xf32>, tensor<f32>, tensor<8xf32>, tensor<4xf32>, tensor<8x4xf32>) {
  // CHECK: mdl.max %{{.*}} dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  %0 = mdl.max %a dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  // CHECK: mdl.max %{{.*}} dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  %1 = mdl.max %a dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  // CHECK: mdl.gather %{{.*}}, %{{.*}} axis = 1 : (tensor<8x4xf32>, tensor<8xi32>) -> tensor<8xf32>
  %2 = mdl.gather %a, %i axis = 1 : (tensor<8x4xf32>, tensor<8xi32>) -> tensor<8xf32>
  // CHECK: mdl.gather %{{.*}}, %{{.*}} axis = 0 : (tensor<8x4xf32>, tensor<4xi64>) -> tensor<4xf32>
  %3 = mdl.gather %a, %j axis = 0 : (tensor<8x4xf32>, tensor<4xi64>) -> tensor<4xf32>
  // CHECK: mdl.scatter_add %{{.*}}, %{{.*}} axis = 1 : (tensor<8xf32>, tensor<8xi32>) -> tensor<8x4xf32>
  %4 = mdl.scatter_add %d, %i axis = 1 : (tensor<8xf32>, tensor<8xi32>) -> tensor<8x4xf32>
  return %0, %1, %2, %3, %4 : tensor<8xf32>, tensor<f32>, tensor<8xf32>, tensor<4xf32>, tensor<8x4xf32>
}

// CHECK-LABEL: func.func @loss_and_update
func.func @loss_and_update(%p: tensor<256x1xf32>, %t: tensor<256x1xf32>, %w: tensor<1x64xf32>, %g: tensor<1x64xf32>, %lr: f32) -> (tensor<f32>, tensor<1x64xf32>) {
  // CHECK: mdl.mse %{{.*}}, %{{.*}} : (tensor<256x1xf32>, tensor<256x1xf32>) -> tensor<f32>
  %l = mdl.mse %p, %t : (tensor<256x1xf32>, tensor<256x1xf32>) -> tensor<f32>
  // CHECK: mdl.sgd %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x64xf32>, f32
  %w2 = mdl.sgd %w, %g, %lr : tensor<1x64xf32>, f32
  return %l, %w2 : tensor<f32>, tensor<1x64xf32>
}

func.func private @loss(%w: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<f32> {
  %p = mdl.mul %w, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %p dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func @request
func.func @request(%w: tensor<4xf32>, %x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  // CHECK: %[[R:.*]]:2 = mdl.value_and_grad @loss(%{{.*}}, %{{.*}}) wrt = [0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  %l, %g = mdl.value_and_grad @loss(%w, %x) wrt = [0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %g : tensor<f32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @f64
func.func @f64(%a: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<f64> {
  // CHECK: mdl.mse %{{.*}}, %{{.*}} : (tensor<3xf64>, tensor<3xf64>) -> tensor<f64>
  %l = mdl.mse %a, %b : (tensor<3xf64>, tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// CHECK-LABEL: func.func @functions
func.func @functions(%a: tensor<8x4xf32>, %s: tensor<f32>) -> tensor<8x4xf32> {
  // CHECK: mdl.relu %{{.*}} : tensor<8x4xf32>
  %0 = mdl.relu %a : tensor<8x4xf32>
  // CHECK: mdl.exp %{{.*}} : tensor<8x4xf32>
  %1 = mdl.exp %0 : tensor<8x4xf32>
  // CHECK: mdl.log %{{.*}} : tensor<8x4xf32>
  %2 = mdl.log %1 : tensor<8x4xf32>
  // CHECK: mdl.tanh %{{.*}} : tensor<8x4xf32>
  %3 = mdl.tanh %2 : tensor<8x4xf32>
  // CHECK: mdl.sigmoid %{{.*}} : tensor<8x4xf32>
  %4 = mdl.sigmoid %3 : tensor<8x4xf32>
  // CHECK: mdl.abs %{{.*}} : tensor<8x4xf32>
  %5 = mdl.abs %4 : tensor<8x4xf32>
  // CHECK: mdl.sqrt %{{.*}} : tensor<8x4xf32>
  %6 = mdl.sqrt %5 : tensor<8x4xf32>
  // CHECK: mdl.stop_gradient %{{.*}} : tensor<8x4xf32>
  %7 = mdl.stop_gradient %6 : tensor<8x4xf32>
  // CHECK: %[[C:.*]] = mdl.compare "lt", %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xi1>
  %c = mdl.compare "lt", %7, %s : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xi1>
  // CHECK: mdl.select %[[C]], %{{.*}}, %{{.*}} : (tensor<8x4xi1>, tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
  %8 = mdl.select %c, %7, %s : (tensor<8x4xi1>, tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
  return %8 : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @integer_compare
func.func @integer_compare(%a: tensor<8xi32>, %b: tensor<8xi32>) -> tensor<8xi1> {
  // CHECK: mdl.compare "eq", %{{.*}}, %{{.*}} : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi1>
  %c = mdl.compare "eq", %a, %b : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi1>
  return %c : tensor<8xi1>
}

// CHECK-LABEL: func.func @classification
func.func @classification(%z: tensor<64x10xf32>, %y: tensor<64xi32>) -> (tensor<64x10xf32>, tensor<64x10xf32>, tensor<f32>, tensor<64x10xf32>, tensor<64xi32>) {
  // CHECK: mdl.log_softmax %{{.*}} axis = 1 : tensor<64x10xf32>
  %0 = mdl.log_softmax %z axis = 1 : tensor<64x10xf32>
  // CHECK: mdl.softmax %{{.*}} axis = 1 : tensor<64x10xf32>
  %1 = mdl.softmax %z axis = 1 : tensor<64x10xf32>
  // CHECK: mdl.cross_entropy %{{.*}}, %{{.*}} : (tensor<64x10xf32>, tensor<64xi32>) -> tensor<f32>
  %2 = mdl.cross_entropy %z, %y : (tensor<64x10xf32>, tensor<64xi32>) -> tensor<f32>
  // CHECK: mdl.one_hot %{{.*}} : tensor<64xi32> -> tensor<64x10xf32>
  %3 = mdl.one_hot %y : tensor<64xi32> -> tensor<64x10xf32>
  // CHECK: mdl.argmax %{{.*}} axis = 1 : tensor<64x10xf32> -> tensor<64xi32>
  %4 = mdl.argmax %z axis = 1 : tensor<64x10xf32> -> tensor<64xi32>
  return %0, %1, %2, %3, %4 : tensor<64x10xf32>, tensor<64x10xf32>, tensor<f32>, tensor<64x10xf32>, tensor<64xi32>
}

// CHECK-LABEL: func.func @adam
func.func @adam(%p: tensor<10xf32>, %g: tensor<10xf32>, %m: tensor<10xf32>, %v: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) {
  // CHECK: mdl.adam %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {beta1 = 9.000000e-01 : f64, beta2 = {{.*}} : f64, eps = 1.000000e-08 : f64} : tensor<10xf32>, f32
  %p2, %m2, %v2 = mdl.adam %p, %g, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<10xf32>, f32
  return %p2, %m2, %v2 : tensor<10xf32>, tensor<10xf32>, tensor<10xf32>
}

// CHECK-LABEL: func.func @huber
func.func @huber(%a: tensor<8xf32>) -> tensor<8xf32> {
  // CHECK: mdl.huber %{{.*}} {delta = 1.000000e+00 : f64} : tensor<8xf32>
  %r = mdl.huber %a {delta = 1.0 : f64} : tensor<8xf32>
  return %r : tensor<8xf32>
}

// CHECK-LABEL: func.func @activations
func.func @activations(%a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // CHECK: mdl.erf %{{.*}} : tensor<8x4xf32>
  %0 = mdl.erf %a : tensor<8x4xf32>
  // CHECK: mdl.gelu %{{.*}} : tensor<8x4xf32>
  %1 = mdl.gelu %0 : tensor<8x4xf32>
  // CHECK: mdl.leaky_relu %{{.*}} {slope = 1.000000e-02 : f64} : tensor<8x4xf32>
  %2 = mdl.leaky_relu %1 {slope = 0.01 : f64} : tensor<8x4xf32>
  // CHECK: mdl.pow %{{.*}} {exponent = 3.000000e+00 : f64} : tensor<8x4xf32>
  %3 = mdl.pow %2 {exponent = 3.0 : f64} : tensor<8x4xf32>
  // CHECK: mdl.pow %{{.*}} {exponent = -5.000000e-01 : f64} : tensor<8x4xf32>
  %4 = mdl.pow %3 {exponent = -0.5 : f64} : tensor<8x4xf32>
  return %4 : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @bce_with_logits
func.func @bce_with_logits(%z: tensor<64x1xf32>, %t: tensor<64x1xf32>, %z64: tensor<5xf64>, %t64: tensor<5xf64>) -> (tensor<f32>, tensor<f64>) {
  // CHECK: mdl.bce_with_logits %{{.*}}, %{{.*}} : (tensor<64x1xf32>, tensor<64x1xf32>) -> tensor<f32>
  %l = mdl.bce_with_logits %z, %t : (tensor<64x1xf32>, tensor<64x1xf32>) -> tensor<f32>
  // CHECK: mdl.bce_with_logits %{{.*}}, %{{.*}} : (tensor<5xf64>, tensor<5xf64>) -> tensor<f64>
  %l64 = mdl.bce_with_logits %z64, %t64 : (tensor<5xf64>, tensor<5xf64>) -> tensor<f64>
  return %l, %l64 : tensor<f32>, tensor<f64>
}

// batch_norm_train's per-channel results take weight's type.
// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<3xf32>, %x2: tensor<8x3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x4xf32>, tensor<8x3xf32>, tensor<8x3xf32>) {
  // CHECK: %[[Y:.*]], %[[M:.*]], %[[V:.*]] = mdl.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}} {eps = 1.000000e-05 : f64} : tensor<2x3x4x4xf32>, tensor<3xf32>
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<2x3x4x4xf32>, tensor<3xf32>
  // CHECK: %[[E:.*]] = mdl.batch_norm_eval %{{.*}}, %{{.*}}, %{{.*}}, %[[M]], %[[V]] {eps = 1.000000e-05 : f64} : tensor<2x3x4x4xf32>, tensor<3xf32>
  %e = mdl.batch_norm_eval %x, %w, %b, %m, %v {eps = 1.0e-05 : f64} : tensor<2x3x4x4xf32>, tensor<3xf32>
  // CHECK: %[[Y2:.*]], %{{.*}}, %{{.*}} = mdl.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}} {eps = 1.000000e-03 : f64} : tensor<8x3xf32>, tensor<3xf32>
  %y2, %m2, %v2 = mdl.batch_norm_train %x2, %w, %b {eps = 1.0e-03 : f64} : tensor<8x3xf32>, tensor<3xf32>
  // CHECK: %[[E2:.*]] = mdl.batch_norm_eval %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {eps = 1.000000e-03 : f64} : tensor<8x3xf32>, tensor<3xf32>
  %e2 = mdl.batch_norm_eval %x2, %w, %b, %rm, %rv {eps = 1.0e-03 : f64} : tensor<8x3xf32>, tensor<3xf32>
  // CHECK: return %[[Y]], %[[M]], %[[V]], %[[E]], %[[Y2]], %[[E2]]
  return %y, %m, %v, %e, %y2, %e2 : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x4xf32>, tensor<8x3xf32>, tensor<8x3xf32>
}

// CHECK-LABEL: func.func @dropout
// CHECK-SAME:    (%[[X:.*]]: tensor<64x128xf32>, %[[SEED:.*]]: i64)
func.func @dropout(%x: tensor<64x128xf32>, %seed: i64) -> (tensor<64x128xf32>, tensor<64x128xf32>) {
  // CHECK: mdl.dropout %[[X]], %[[SEED]] {p = 5.000000e-01 : f64} : tensor<64x128xf32>
  %y = mdl.dropout %x, %seed {p = 0.5 : f64} : tensor<64x128xf32>
  // CHECK: mdl.dropout %{{.*}}, %[[SEED]] {p = 0.000000e+00 : f64} : tensor<64x128xf32>
  %z = mdl.dropout %y, %seed {p = 0.0 : f64} : tensor<64x128xf32>
  return %y, %z : tensor<64x128xf32>, tensor<64x128xf32>
}

// CHECK-LABEL: func.func @convolution
func.func @convolution(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %dy: tensor<2x4x4x4xf32>) -> (tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) {
  // CHECK: mdl.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  // CHECK: mdl.conv2d %{{.*}}, %{{.*}} {dilation = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  %ynb = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  // CHECK: mdl.conv2d_input_grad %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  // CHECK: mdl.conv2d_weight_grad %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
  return %y, %ynb, %dx, %dw : tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x3x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<2x3x8x8xf32>, tensor<2x3x5x6xf32>, tensor<2x3x8x8xf32>) {
  // CHECK: mdl.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  %m = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  // CHECK: mdl.max_pool2d_grad %{{.*}}, %{{.*}} {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>) -> tensor<2x3x8x8xf32>
  %dm = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>) -> tensor<2x3x8x8xf32>
  // CHECK: mdl.avg_pool2d %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  %a = mdl.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  // CHECK: mdl.avg_pool2d %{{.*}} {kernel = array<i64: 2, 3>, padding = array<i64: 1, 0>, stride = array<i64: 2, 1>} : tensor<2x3x8x8xf32> -> tensor<2x3x5x6xf32>
  %r = mdl.avg_pool2d %x {kernel = array<i64: 2, 3>, stride = array<i64: 2, 1>, padding = array<i64: 1, 0>} : tensor<2x3x8x8xf32> -> tensor<2x3x5x6xf32>
  // CHECK: mdl.avg_pool2d_grad %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<2x3x4x4xf32> -> tensor<2x3x8x8xf32>
  %da = mdl.avg_pool2d_grad %a {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x3x4x4xf32> -> tensor<2x3x8x8xf32>
  return %m, %dm, %r, %da : tensor<2x3x4x4xf32>, tensor<2x3x8x8xf32>, tensor<2x3x5x6xf32>, tensor<2x3x8x8xf32>
}
