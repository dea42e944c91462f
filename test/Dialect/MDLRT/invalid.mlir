// RUN: mdlc-opt %s -split-input-file -verify-diagnostics

// Test: next_batch, inputs and targets share the batch dimension.
func.func @next_batch_batch_mismatch() {
  // expected-error @+1 {{'mdlrt.next_batch' op expected inputs and targets with the same leading (batch) dimension, but got 'tensor<256x64xf32>' and 'tensor<128x1xf32>'}}
  %x, %y = mdlrt.next_batch : tensor<256x64xf32>, tensor<128x1xf32>
  return
}

// -----

// Test: next_batch, both results have a batch dimension.
func.func @next_batch_rank0_targets() {
  // expected-error @+1 {{'mdlrt.next_batch' op expected inputs and targets with the same leading (batch) dimension, but got 'tensor<8x4xf32>' and 'tensor<f32>'}}
  %x, %y = mdlrt.next_batch : tensor<8x4xf32>, tensor<f32>
  return
}

// -----

// Test: next_batch, the runtime fills f32 buffers only.
func.func @next_batch_f64() {
  // expected-error @+1 {{'mdlrt.next_batch' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<256x64xf64>'}}
  %x, %y = mdlrt.next_batch : tensor<256x64xf64>, tensor<256x1xf64>
  return
}

// -----

// Test: param_init, init is one of the runtime's initialisers.
func.func @param_init_unknown_init() {
  // expected-error @+1 {{'mdlrt.param_init' op expected init to be "uniform_fan_in", "zeros" or "ones", but got "normal"}}
  %w = mdlrt.param_init "w" {fan_in = 4 : i64, init = "normal"} : tensor<4xf32>
  return
}

// -----

// Test: param_init, fan_in is positive.
func.func @param_init_zero_fan_in() {
  // expected-error @+1 {{'mdlrt.param_init' op expected a positive fan_in, but got 0}}
  %w = mdlrt.param_init "w" {fan_in = 0 : i64, init = "zeros"} : tensor<4xf32>
  return
}

// -----

// Test: param_init, f32 parameters only.
func.func @param_init_f64() {
  // expected-error @+1 {{'mdlrt.param_init' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xf64>'}}
  %w = mdlrt.param_init "w" {fan_in = 4 : i64, init = "zeros"} : tensor<4xf64>
  return
}

// -----

// Test: param_init, the attributes are required.
func.func @param_init_missing_fan_in() {
  // expected-error @+1 {{'mdlrt.param_init' op requires attribute 'fan_in'}}
  %w = mdlrt.param_init "w" {init = "zeros"} : tensor<4xf32>
  return
}

// -----

// Test: param_final, f32 parameters only.
func.func @param_final_f64(%w: tensor<4xf64>) {
  // expected-error @+1 {{'mdlrt.param_final' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xf64>'}}
  mdlrt.param_final "w", %w : tensor<4xf64>
  return
}

// -----

// Test: log_step, the loss is a rank-0 tensor.
func.func @log_step_rank1(%l: tensor<1xf32>) {
  // expected-error @+1 {{'mdlrt.log_step' op operand #0 must be 0D tensor of 32-bit float values, but got 'tensor<1xf32>'}}
  mdlrt.log_step %l : tensor<1xf32>
  return
}

// -----

// Test: log_step, the loss is f32.
func.func @log_step_f64(%l: tensor<f64>) {
  // expected-error @+1 {{'mdlrt.log_step' op operand #0 must be 0D tensor of 32-bit float values, but got 'tensor<f64>'}}
  mdlrt.log_step %l : tensor<f64>
  return
}

// -----

// Test: train_lr, the learning rate is a float.
func.func @train_lr_integer() {
  // expected-error @+1 {{'mdlrt.train_lr' op result #0 must be 16-bit float or bfloat16 type or 32-bit float or 64-bit float, but got 'i32'}}
  %lr = mdlrt.train_lr : i32
  return
}

// -----

// Test: train_epochs, the count is an index.
func.func @train_epochs_i64() {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.index, but found 'i64'}}
  %n = mdlrt.train_epochs : i64
  return
}

// -----

// Test: train_begin, all four attributes are required.
func.func @train_begin_missing_seed() {
  // expected-error @+1 {{'mdlrt.train_begin' op requires attribute 'seed'}}
  mdlrt.train_begin {batch = 256 : i64, epochs = 10 : i64, lr = 1.000000e-02 : f64}
  return
}

// -----

// Test: train_lr, no float wider than f64 (the runtime returns a double).
func.func @train_lr_f128() {
  // expected-error @+1 {{'mdlrt.train_lr' op result #0 must be 16-bit float or bfloat16 type or 32-bit float or 64-bit float, but got 'f128'}}
  %lr = mdlrt.train_lr : f128
  return
}

// -----

// Test: param_init, a negative fan_in (attributes are read as signed).
func.func @param_init_negative_fan_in() {
  // expected-error @+1 {{'mdlrt.param_init' op expected a positive fan_in, but got -3}}
  %w = mdlrt.param_init "w" {fan_in = -3 : i64, init = "uniform_fan_in"} : tensor<4xf32>
  return
}

// -----

// Test: train_begin, the batch is positive.
func.func @train_begin_batch() {
  // expected-error @+1 {{'mdlrt.train_begin' op expected a positive batch, but got 0}}
  mdlrt.train_begin {batch = 0 : i64, epochs = 1 : i64, lr = 1.0e-02 : f64, seed = 0 : i64}
  return
}

// -----

// Test: train_begin, the epochs are positive.
func.func @train_begin_epochs() {
  // expected-error @+1 {{'mdlrt.train_begin' op expected a positive number of epochs, but got -1}}
  mdlrt.train_begin {batch = 8 : i64, epochs = -1 : i64, lr = 1.0e-02 : f64, seed = 0 : i64}
  return
}

// -----

// Test: train_begin, the learning rate is positive.
func.func @train_begin_lr() {
  // expected-error @+1 {{'mdlrt.train_begin' op expected a positive finite lr, but got 0}}
  mdlrt.train_begin {batch = 8 : i64, epochs = 1 : i64, lr = 0.0 : f64, seed = 0 : i64}
  return
}

// -----

// Test: dataset_synthetic_linear, counts are positive.
func.func @synthetic_counts() {
  // expected-error @+1 {{'mdlrt.dataset_synthetic_linear' op expected positive samples and features, but got 0 and 64}}
  mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = 1.0e-02 : f64, samples = 0 : i64, seed = 7 : i64}
  return
}

// -----

// Test: dataset_synthetic_linear, the noise is non-negative.
func.func @synthetic_noise() {
  // expected-error @+1 {{'mdlrt.dataset_synthetic_linear' op expected a finite non-negative noise, but got -1}}
  mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = -1.0 : f64, samples = 8 : i64, seed = 7 : i64}
  return
}
