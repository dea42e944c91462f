// W1's training step written as the loops mdlc emits for it today
// (`mdlc stdlib_models/linear_regression.mdl --emit=linalg`), to measure what
// loop order and floating-point reassociation are worth. Not part of the
// harness; see bench/README.md, "Reading the W1 numbers".
//
//   cc -std=gnu11 -O3 -march=native            w1_step_replica.c && ./a.out   # as mdlc: strict FP
//   cc -std=gnu11 -O3 -march=native -DINTERCHANGE w1_step_replica.c ...       # weight gradient j innermost
//   add -ffast-math to either to allow reassociating the reductions
//
// Same shapes and step count as W1 (batch 256, 64 features, 2,560 steps,
// each batch copied out of a 65,536-sample set as mdlrt_next_batch does);
// the data is synthetic filler, only the time matters.
#include <stdio.h>
#include <string.h>
#include <time.h>

#define B 256
#define F 64
#define SAMPLES 65536
static float X[SAMPLES * F], Y[SAMPLES];

__attribute__((noinline)) static float
step(const float *restrict xs, const float *restrict ys, float *restrict xb,
     float *restrict yb, float *restrict w, float *restrict b, float lr) {
  static float pred[B], d[B], gw[F];
  memcpy(xb, xs, sizeof(float) * B * F);  // mdlrt_next_batch
  memcpy(yb, ys, sizeof(float) * B);
  // forward: pred[i] = b + sum_k x[i,k] w[k]   (reduction k innermost)
  for (int i = 0; i < B; ++i) {
    float acc = b[0];
    for (int k = 0; k < F; ++k)
      acc += xb[i * F + k] * w[k];
    pred[i] = acc;
  }
  // loss = mean (pred - y)^2; d = 2 (pred - y) / B
  float loss = 0;
  for (int i = 0; i < B; ++i) {
    float e = pred[i] - yb[i];
    loss += e * e;
  }
  loss *= 1.0f / B;
  for (int i = 0; i < B; ++i)
    d[i] = (pred[i] - yb[i]) * (2.0f / B);
  // weight gradient: gw[j] = sum_i d[i] x[i,j]
#ifndef INTERCHANGE
  for (int j = 0; j < F; ++j) {  // as mdlc: reduction i innermost, x walked by column
    float acc = 0;
    for (int i = 0; i < B; ++i)
      acc += d[i] * xb[i * F + j];
    gw[j] = acc;
  }
#else
  for (int j = 0; j < F; ++j)  // parallel j innermost: rows read in order, 8-wide, no reassociation
    gw[j] = 0;
  for (int i = 0; i < B; ++i)
    for (int j = 0; j < F; ++j)
      gw[j] += d[i] * xb[i * F + j];
#endif
  float gb = 0;
  for (int i = 0; i < B; ++i)
    gb += d[i];
  for (int j = 0; j < F; ++j)  // SGD, in place
    w[j] -= lr * gw[j];
  b[0] -= lr * gb;
  return loss;
}

int main(void) {
  for (long i = 0; i < (long)SAMPLES * F; ++i)
    X[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
  for (long i = 0; i < SAMPLES; ++i)
    Y[i] = 0.1f;
  static float xb[B * F], yb[B], w[F], b[1];
  double sum = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int e = 0; e < 10; ++e)
    for (int s = 0; s < SAMPLES / B; ++s)
      sum += step(X + (long)s * B * F, Y + s * B, xb, yb, w, b, 0.01f);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  printf("%.2f us/step, %.0f samples/s (loss checksum %.6g)\n", sec / 2560 * 1e6,
         2560.0 * B / sec, sum);
  return 0;
}
