// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s
// The ops of the compiled program's tool features (checkpoints, --init)
// round-trip through the custom syntax.

// CHECK-LABEL: func.func @checkpoints
func.func @checkpoints(%epoch: index, %w: tensor<2x3xf32>, %m: tensor<2x3xf32>) {
  // CHECK: mdlrt.checkpoint_config "ck.safetensors" {every = 2 : i64}
  mdlrt.checkpoint_config "ck.safetensors" {every = 2 : i64}
  // CHECK: mdlrt.params_ready
  mdlrt.params_ready
  // CHECK: mdlrt.param_final "fc.weight", %{{.*}} : tensor<2x3xf32>
  mdlrt.param_final "fc.weight", %w : tensor<2x3xf32>
  // CHECK: mdlrt.optim_state_final "fc.weight.exp_avg", %{{.*}} : tensor<2x3xf32>
  mdlrt.optim_state_final "fc.weight.exp_avg", %m : tensor<2x3xf32>
  // CHECK: mdlrt.checkpoint_save %{{.*}}
  mdlrt.checkpoint_save %epoch
  return
}

// CHECK-LABEL: func.func @eval
func.func @eval() -> (tensor<8x4xf32>, tensor<8x1xf32>) {
  // CHECK: mdlrt.eval_begin
  mdlrt.eval_begin
  // Regression targets are f32.
  // CHECK: mdlrt.eval_next_batch : tensor<8x4xf32>, tensor<8x1xf32>
  %x, %y = mdlrt.eval_next_batch : tensor<8x4xf32>, tensor<8x1xf32>
  return %x, %y : tensor<8x4xf32>, tensor<8x1xf32>
}

// CHECK-LABEL: func.func @info
func.func @info() {
  // CHECK: mdlrt.info_param "fc.weight" {kind = "Linear", layer = "fc", shape = array<i64: 2, 3>}
  mdlrt.info_param "fc.weight" {kind = "Linear", layer = "fc", shape = array<i64: 2, 3>}
  // CHECK: mdlrt.info_param "bn.running_mean" {buffer, kind = "BatchNorm1d", layer = "bn", shape = array<i64: 3>}
  mdlrt.info_param "bn.running_mean" {buffer, kind = "BatchNorm1d", layer = "bn", shape = array<i64: 3>}
  // CHECK: mdlrt.info_step_cost {batch = 8 : i64, step = @step}
  mdlrt.info_step_cost {batch = 8 : i64, step = @step}
  // CHECK: mdlrt.info_step_cost {batch = 8 : i64, flops = 1000 : i64, peak_bytes = 2048 : i64}
  mdlrt.info_step_cost {batch = 8 : i64, flops = 1000 : i64, peak_bytes = 2048 : i64}
  // CHECK: mdlrt.info_end
  mdlrt.info_end
  return
}

// CHECK-LABEL: func.func @resume_and_stop
func.func @resume_and_stop() -> (tensor<2x3xf32>, index, index, i1) {
  // CHECK: mdlrt.optim_state_init "fc.weight.exp_avg" : tensor<2x3xf32>
  %m = mdlrt.optim_state_init "fc.weight.exp_avg" : tensor<2x3xf32>
  // CHECK: mdlrt.train_first_epoch : index
  %e = mdlrt.train_first_epoch : index
  // CHECK: mdlrt.train_first_step : index
  %s = mdlrt.train_first_step : index
  // CHECK: mdlrt.should_stop
  %stop = mdlrt.should_stop
  return %m, %e, %s, %stop : tensor<2x3xf32>, index, index, i1
}
