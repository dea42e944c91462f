// RUN: mdlc-opt %s -split-input-file -verify-diagnostics

// Test: checkpoint_config needs a path.
func.func @empty_path() {
  // expected-error @+1 {{'mdlrt.checkpoint_config' op expected a non-empty path}}
  mdlrt.checkpoint_config "" {every = 1 : i64}
  return
}

// -----

// Test: checkpoint_config needs a positive period.
func.func @zero_period() {
  // expected-error @+1 {{'mdlrt.checkpoint_config' op expected a positive period, but got 0}}
  mdlrt.checkpoint_config "ck.safetensors" {every = 0 : i64}
  return
}
