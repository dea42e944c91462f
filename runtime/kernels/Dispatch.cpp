//===- Dispatch.cpp - Choosing the kernels for this CPU ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#include "kernels/Microkernel.h"

#include <cstdlib>
#include <cstring>

namespace mdlrt::kernels {

KernelSet selectKernels() {
  const char *forced = std::getenv("MDLRT_KERNEL");
  if (forced && std::strcmp(forced, "generic") == 0)
    return genericKernels();
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return avx2Kernels();
#endif
  return genericKernels();
}

} // namespace mdlrt::kernels
