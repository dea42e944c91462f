// P0 (WORKLOADS.md) for the runtime's SGEMM, the kernel every f32 matmul of
// mdlc-generated code calls (mdlrt_matmul_f32, runtime/kernels/): square
// products and the W2/W3 layer shapes, GFLOP/s as the median of timed
// calls after one warm-up, on MDLRT_NUM_THREADS threads (default: every
// CPU). Not part of the harness; numbers in bench/README.md. Build and run
// from the repository root after building the runtime:
//
//   c++ -O2 -std=c++17 -Iruntime/include bench/notes/p0_gemm.cpp \
//       build/runtime/libmdlrt.a -lpthread -o /tmp/p0 && /tmp/p0
//
// Each line: M N K, the operand layouts (A or Aᵀ stored, B or Bᵀ stored),
// milliseconds per product and GFLOP/s.
#include "mdlrt/mdlrt.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

struct Case {
  const char *what;
  int64_t m, n, k;
  bool aT, bT;
  int reps;
};

static double run(const Case &c) {
  std::vector<float> a(c.m * c.k), b(c.k * c.n), out(c.m * c.n);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = float(i % 7) - 3.0f;
  for (size_t i = 0; i < b.size(); ++i)
    b[i] = float(i % 5) - 2.0f;
  // A is [M, K]: stored row-major, or as its transpose [K, M].
  mdlrt_memref2d_f32 ad = {a.data(), a.data(), 0, {c.m, c.k},
                           {c.aT ? 1 : c.k, c.aT ? c.m : 1}};
  mdlrt_memref2d_f32 bd = {b.data(), b.data(), 0, {c.k, c.n},
                           {c.bT ? 1 : c.n, c.bT ? c.k : 1}};
  mdlrt_memref2d_f32 cd = {out.data(), out.data(), 0, {c.m, c.n}, {c.n, 1}};
  _mlir_ciface_mdlrt_matmul_f32(&ad, &bd, &cd, 0);
  std::vector<double> times;
  for (int r = 0; r < c.reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    _mlir_ciface_mdlrt_matmul_f32(&ad, &bd, &cd, 0);
    times.push_back(std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - t0)
                        .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int main() {
  const Case cases[] = {
      {"P0 2048^2", 2048, 2048, 2048, false, false, 5},
      {"P0 4096^2", 4096, 4096, 4096, false, false, 3},
      {"W2 fc1 x.W^T", 128, 256, 784, false, true, 50},
      {"W2 fc1 dy^T.x", 256, 784, 128, true, false, 50},
      {"W2 fc2 dy.W", 128, 256, 128, false, false, 50},
      {"W3 fc1 x.W^T", 64, 128, 21632, false, true, 20},
      {"W3 fc1 dy^T.x", 128, 21632, 64, true, false, 20},
      {"W3 fc1 dy.W", 64, 21632, 128, false, false, 20},
  };
  const char *threads = std::getenv("MDLRT_NUM_THREADS");
  std::printf("threads: %s\n", threads ? threads : "all CPUs (default)");
  for (const Case &c : cases) {
    double t = run(c);
    std::printf("%-16s %5lld %5lld %5lld  %s%s  %9.3f ms  %7.1f GFLOP/s\n",
                c.what, (long long)c.m, (long long)c.n, (long long)c.k,
                c.aT ? "A^T" : "A  ", c.bT ? " B^T" : " B  ", t * 1e3,
                2.0 * c.m * c.n * c.k / t / 1e9);
  }
}
