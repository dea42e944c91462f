// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s
// Round trip of every mdlrt op.

// CHECK-LABEL: func.func @run_control
func.func @run_control(%epoch: index) -> (index, index, f32, f64) {
  // CHECK: mdlrt.train_begin {batch = 256 : i64, epochs = 10 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
  mdlrt.train_begin {batch = 256 : i64, epochs = 10 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
  // CHECK: %[[EPOCHS:.*]] = mdlrt.train_epochs : index
  %epochs = mdlrt.train_epochs : index
  // CHECK: %[[STEPS:.*]] = mdlrt.train_epoch_steps %{{.*}} : index
  %steps = mdlrt.train_epoch_steps %epoch : index
  // CHECK: %[[LR:.*]] = mdlrt.train_lr : f32
  %lr = mdlrt.train_lr : f32
  // CHECK: %[[LR64:.*]] = mdlrt.train_lr : f64
  %lr64 = mdlrt.train_lr : f64
  // CHECK: mdlrt.epoch_end %{{.*}}{{$}}
  mdlrt.epoch_end %epoch
  // CHECK: mdlrt.train_end{{$}}
  mdlrt.train_end
  // CHECK: return %[[EPOCHS]], %[[STEPS]], %[[LR]], %[[LR64]]
  return %epochs, %steps, %lr, %lr64 : index, index, f32, f64
}

// CHECK-LABEL: func.func @data
func.func @data() -> (tensor<256x64xf32>, tensor<256x1xf32>) {
  // CHECK: mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = 1.000000e-02 : f64, samples = 65536 : i64, seed = 7 : i64}
  mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = 1.000000e-02 : f64, samples = 65536 : i64, seed = 7 : i64}
  // CHECK: %[[X:.*]], %[[Y:.*]] = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
  %x, %y = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
  // CHECK: return %[[X]], %[[Y]]
  return %x, %y : tensor<256x64xf32>, tensor<256x1xf32>
}

// CHECK-LABEL: func.func @params_and_logging
func.func @params_and_logging(%loss: tensor<f32>) -> (tensor<1xf32>, tensor<f32>) {
  // CHECK: %[[W:.*]] = mdlrt.param_init "linear.weight" {fan_in = 64 : i64, init = "uniform_fan_in"} : tensor<1x64xf32>
  %w = mdlrt.param_init "linear.weight" {fan_in = 64 : i64, init = "uniform_fan_in"} : tensor<1x64xf32>
  // CHECK: %[[B:.*]] = mdlrt.param_init "linear.bias" {fan_in = 64 : i64, init = "zeros"} : tensor<1xf32>
  %b = mdlrt.param_init "linear.bias" {fan_in = 64 : i64, init = "zeros"} : tensor<1xf32>
  // CHECK: %[[S:.*]] = mdlrt.param_init "scale" {fan_in = 1 : i64, init = "ones"} : tensor<f32>
  %s = mdlrt.param_init "scale" {fan_in = 1 : i64, init = "ones"} : tensor<f32>
  // CHECK: mdlrt.log_step %{{.*}} : tensor<f32>
  mdlrt.log_step %loss : tensor<f32>
  // CHECK: mdlrt.param_final "linear.weight", %[[W]] : tensor<1x64xf32>
  mdlrt.param_final "linear.weight", %w : tensor<1x64xf32>
  // CHECK: return %[[B]], %[[S]]
  return %b, %s : tensor<1xf32>, tensor<f32>
}
