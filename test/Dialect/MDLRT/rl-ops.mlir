// RUN: mdlc-opt %s | mdlc-opt | FileCheck %s
// The ops of a q_learning run (environment, acting, replay sampling,
// greedy evaluation) round-trip through the custom syntax.

// CHECK-LABEL: func.func @training
func.func @training(%t: index) -> (tensor<1x4xf32>, i64, index, i1) {
  // CHECK: mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
  mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
  // CHECK: mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.000000e+00 : f64, epsilon_steps = 10000 : i64, epsilon_to = 5.000000e-02 : f64, lr = 1.000000e-03 : f64, replay = 10000 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 10000 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
  // CHECK: %{{.*}} = mdlrt.rl_total_steps : index
  %n = mdlrt.rl_total_steps : index
  // CHECK: %{{.*}} = mdlrt.rl_observe : tensor<1x4xf32>
  %s = mdlrt.rl_observe : tensor<1x4xf32>
  // CHECK: %[[A:.*]] = mdlrt.rl_explore %{{.*}} : i64
  %a = mdlrt.rl_explore %t : i64
  // CHECK: mdlrt.rl_act %[[A]] : i64
  mdlrt.rl_act %a : i64
  // CHECK: %{{.*}} = mdlrt.rl_ready
  %ready = mdlrt.rl_ready
  return %s, %a, %n, %ready : tensor<1x4xf32>, i64, index, i1
}

// CHECK-LABEL: func.func @sample
func.func @sample() -> (tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>) {
  // CHECK: %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
  return %s, %a, %r, %s2, %done : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
}

// A run-time replay batch: rl_begin's dynamic_batch flag and rl_sample's
// size operand.
// CHECK-LABEL: func.func @dynamic_sample
// CHECK:         mdlrt.rl_begin {batch = 64 : i64, dynamic_batch, epsilon_from = 1.000000e+00 : f64, epsilon_steps = 10000 : i64, epsilon_to = 5.000000e-02 : f64, lr = 1.000000e-03 : f64, replay = 10000 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
// CHECK:         %[[B:.*]] = mdlrt.train_batch : index
// CHECK:         %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} = mdlrt.rl_sample(%[[B]]) : tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
func.func @dynamic_sample() -> (tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>) {
  mdlrt.rl_begin {batch = 64 : i64, dynamic_batch, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 10000 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
  %b = mdlrt.train_batch : index
  %s, %a, %r, %s2, %done = mdlrt.rl_sample(%b) : tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
  return %s, %a, %r, %s2, %done : tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
}

// The agent's checkpoint ops: the target network's initial value, the
// gradient steps already taken, the target reported and the save.
// CHECK-LABEL: func.func @checkpoint
func.func @checkpoint(%w: tensor<64x4xf32>) -> (tensor<64x4xf32>, index) {
  // CHECK: %[[T:.*]] = mdlrt.rl_target_init "fc1.weight", %{{.*}} : tensor<64x4xf32>
  %t = mdlrt.rl_target_init "fc1.weight", %w : tensor<64x4xf32>
  // CHECK: %{{.*}} = mdlrt.rl_gradient_steps : index
  %u = mdlrt.rl_gradient_steps : index
  // CHECK: mdlrt.rl_target_final "fc1.weight", %[[T]] : tensor<64x4xf32>
  mdlrt.rl_target_final "fc1.weight", %t : tensor<64x4xf32>
  // CHECK: mdlrt.rl_checkpoint_save
  mdlrt.rl_checkpoint_save
  return %t, %u : tensor<64x4xf32>, index
}

// CHECK-LABEL: func.func @evaluation
func.func @evaluation(%a: i64) -> i1 {
  // CHECK: mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 0 : i64, observation_size = 4 : i64}
  mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 0 : i64, observation_size = 4 : i64}
  // CHECK: mdlrt.rl_eval_begin
  mdlrt.rl_eval_begin
  // CHECK: %{{.*}} = mdlrt.rl_eval_act %{{.*}} : i64
  %running = mdlrt.rl_eval_act %a : i64
  // CHECK: mdlrt.rl_eval_end
  mdlrt.rl_eval_end
  return %running : i1
}
