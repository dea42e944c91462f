// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s
// Round trip of the optimizer ops; default-valued attributes (weight_decay,
// dampening = 0) are not printed.

// CHECK-LABEL: func.func @sgd
func.func @sgd(%w: tensor<4x3xf32>, %g: tensor<4x3xf32>, %lr: f32) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  // CHECK: mdl.sgd %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x3xf32>, f32
  %0 = mdl.sgd %w, %g, %lr {weight_decay = 0.0 : f64} : tensor<4x3xf32>, f32
  // CHECK: mdl.sgd %{{.*}}, %{{.*}}, %{{.*}} {weight_decay = 5.000000e-04 : f64} : tensor<4x3xf32>, f32
  %1 = mdl.sgd %w, %g, %lr {weight_decay = 5.0e-4 : f64} : tensor<4x3xf32>, f32
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}

// CHECK-LABEL: func.func @sgd_momentum
func.func @sgd_momentum(%p: tensor<10xf64>, %g: tensor<10xf64>, %b: tensor<10xf64>, %t: f64, %lr: f64) -> (tensor<10xf64>, tensor<10xf64>, tensor<10xf64>, tensor<10xf64>) {
  // CHECK: %{{.*}}, %{{.*}} = mdl.sgd_momentum %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {momentum = 9.000000e-01 : f64} : tensor<10xf64>, f64
  %p1, %b1 = mdl.sgd_momentum %p, %g, %b, %t, %lr {momentum = 0.9 : f64, dampening = 0.0 : f64} : tensor<10xf64>, f64
  // CHECK: mdl.sgd_momentum {{.*}} {dampening = 1.000000e-01 : f64, momentum = 5.000000e-01 : f64, weight_decay = 1.000000e-02 : f64} : tensor<10xf64>, f64
  %p2, %b2 = mdl.sgd_momentum %p, %g, %b, %t, %lr {momentum = 0.5 : f64, dampening = 0.1 : f64, weight_decay = 0.01 : f64} : tensor<10xf64>, f64
  // CHECK: mdl.sgd_momentum {{.*}} {momentum = 9.000000e-01 : f64, nesterov} : tensor<10xf64>, f64
  %p3, %b3 = mdl.sgd_momentum %p, %g, %b, %t, %lr {momentum = 0.9 : f64, nesterov} : tensor<10xf64>, f64
  return %p1, %b1, %p2, %p3 : tensor<10xf64>, tensor<10xf64>, tensor<10xf64>, tensor<10xf64>
}

// CHECK-LABEL: func.func @adam_weight_decay
func.func @adam_weight_decay(%p: tensor<10xf32>, %g: tensor<10xf32>, %m: tensor<10xf32>, %v: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>) {
  // CHECK: mdl.adam {{.*}} {beta1 = 9.000000e-01 : f64, beta2 = {{.*}} : f64, eps = 1.000000e-08 : f64, weight_decay = 1.000000e-01 : f64} : tensor<10xf32>, f32
  %p1, %m1, %v1 = mdl.adam %p, %g, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 0.1 : f64} : tensor<10xf32>, f32
  // CHECK: mdl.adam {{.*}} {beta1 = 9.000000e-01 : f64, beta2 = {{.*}} : f64, decoupled_weight_decay, eps = 1.000000e-08 : f64, weight_decay = 1.000000e-02 : f64} : tensor<10xf32>, f32
  %p2, %m2, %v2 = mdl.adam %p, %g, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 0.01 : f64, decoupled_weight_decay} : tensor<10xf32>, f32
  return %p1, %p2 : tensor<10xf32>, tensor<10xf32>
}

// CHECK-LABEL: func.func @clip_grad_norm
func.func @clip_grad_norm(%a: tensor<4x3xf32>, %b: tensor<3xf32>, %c: tensor<f32>) -> (tensor<4x3xf32>, tensor<3xf32>, tensor<f32>) {
  // CHECK: %{{.*}}:3 = mdl.clip_grad_norm %{{.*}}, %{{.*}}, %{{.*}} {max_norm = 1.000000e+00 : f64} : tensor<4x3xf32>, tensor<3xf32>, tensor<f32>
  %r:3 = mdl.clip_grad_norm %a, %b, %c {max_norm = 1.0 : f64} : tensor<4x3xf32>, tensor<3xf32>, tensor<f32>
  return %r#0, %r#1, %r#2 : tensor<4x3xf32>, tensor<3xf32>, tensor<f32>
}
