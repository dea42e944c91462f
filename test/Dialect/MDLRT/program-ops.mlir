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
