// RUN: mdlc-opt %s -split-input-file -verify-diagnostics

// Test: env_declare needs a name.
func.func @empty_name() {
  // expected-error @+1 {{'mdlrt.env_declare' op expected a non-empty environment name}}
  mdlrt.env_declare "" {action_count = 2 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
  return
}

// -----

// Test: max_steps is 0 (the default) or positive.
func.func @negative_max_steps() {
  // expected-error @+1 {{'mdlrt.env_declare' op expected max_steps >= 0 (0: the default), but got -1}}
  mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = -1 : i64, observation_size = 4 : i64}
  return
}

// -----

// Test: the model's sizes are positive.
func.func @no_actions() {
  // expected-error @+1 {{'mdlrt.env_declare' op expected a positive observation size and action count, but got 4 and 0}}
  mdlrt.env_declare "CartPole" {action_count = 0 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
  return
}

// -----

// Test: rl_begin needs a positive replay capacity.
func.func @zero_replay() {
  // expected-error @+1 {{'mdlrt.rl_begin' op expected a positive replay, but got 0}}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 0 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
  return
}

// -----

// Test: rl_begin needs warmup >= 0.
func.func @negative_warmup() {
  // expected-error @+1 {{'mdlrt.rl_begin' op expected warmup >= 0, but got -5}}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 100 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = -5 : i64}
  return
}

// -----

// Test: rl_begin needs a positive finite lr.
func.func @zero_lr() {
  // expected-error @+1 {{'mdlrt.rl_begin' op expected a positive finite lr, but got 0}}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 0.05 : f64, lr = 0.0 : f64, replay = 100 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 0 : i64}
  return
}

// -----

// Test: epsilon is a probability.
func.func @epsilon_above_one() {
  // expected-error @+1 {{'mdlrt.rl_begin' op expected epsilon values in [0, 1], but got 1.5}}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.5 : f64, epsilon_steps = 10000 : i64, epsilon_to = 0.05 : f64, lr = 1.0e-3 : f64, replay = 100 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 0 : i64}
  return
}

// -----

// Test: an observation is a batch of one.
func.func @observe_batch() -> tensor<2x4xf32> {
  // expected-error @+1 {{'mdlrt.rl_observe' op expected a [1, observation] tensor, but got 'tensor<2x4xf32>'}}
  %s = mdlrt.rl_observe : tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// -----

// Test: s and s2 have one type.
func.func @sample_next_state() {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected next states of the states' type 'tensor<64x4xf32>', but got 'tensor<64x3xf32>'}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x3xf32>, tensor<64xf32>
  return
}

// -----

// Test: one action, reward and flag per sampled transition.
func.func @sample_batch() {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected actions, rewards and done flags of shape [64], but got 'tensor<32xf32>'}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xi32>, tensor<32xf32>, tensor<64x4xf32>, tensor<64xf32>
  return
}

// -----

// Test: a dynamic replay batch needs its size.
func.func @sample_missing_size() {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected a size operand for the dynamic batch dimension}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
  return
}

// -----

// Test: a static replay batch takes no size.
func.func @sample_extra_size(%b: index) {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected no size operand for a static batch dimension}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample(%b) : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
  return
}

// -----

// Test: only the batch dimension may be dynamic.
func.func @sample_dynamic_observation(%b: index) {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected only the batch dimension to be dynamic, but got 'tensor<?x?xf32>'}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample(%b) : tensor<?x?xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x?xf32>, tensor<?xf32>
  return
}

// -----

// Test: a dynamic batch is dynamic in every replay tensor.
func.func @sample_mixed(%b: index) {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected actions, rewards and done flags of shape [?], but got 'tensor<64xi32>'}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample(%b) : tensor<?x4xf32>, tensor<64xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
  return
}

// -----

// Test: actions are i32 (the ODS type constraint).
func.func @sample_float_actions() {
  // expected-error @+1 {{'mdlrt.rl_sample' op result #1 must be ranked tensor of 32-bit signless integer values}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
  return
}

// -----

// Test: states have rank 2.
func.func @sample_rank() {
  // expected-error @+1 {{'mdlrt.rl_sample' op expected states of rank 2 [batch, observation], but got 'tensor<64xf32>'}}
  %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
  return
}

// -----

// Test: the epsilon schedule's length is 0 (a constant) or positive.
func.func @negative_epsilon_steps() {
  // expected-error @+1 {{'mdlrt.rl_begin' op expected epsilon_steps >= 0, but got -1}}
  mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 0.1 : f64, epsilon_steps = -1 : i64, epsilon_to = 0.1 : f64, lr = 1.0e-3 : f64, replay = 100 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 0 : i64}
  return
}

// -----

// Test: the target network has its parameter's type.
func.func @target_of_another_type(%w: tensor<64x4xf32>) {
  // expected-error @+1 {{'mdlrt.rl_target_init' op failed to verify that all of {online, target} have same type}}
  %t = "mdlrt.rl_target_init"(%w) {name = "fc1.weight"} : (tensor<64x4xf32>) -> tensor<4x64xf32>
  return
}

// -----

// Test: a target tensor is named after its parameter.
func.func @unnamed_target(%w: tensor<2xf32>) {
  // expected-error @+1 {{'mdlrt.rl_target_init' op expected a non-empty parameter name}}
  %t = mdlrt.rl_target_init "", %w : tensor<2xf32>
  return
}

// -----

func.func @unnamed_target_final(%w: tensor<2xf32>) {
  // expected-error @+1 {{'mdlrt.rl_target_final' op expected a non-empty parameter name}}
  mdlrt.rl_target_final "", %w : tensor<2xf32>
  return
}
