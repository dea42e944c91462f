//===- ThreadPoolTest.cpp - Tests of the kernels' fork-join pool -*- C++
//-*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Every part of every call runs exactly once, before run() returns, on at
// most size() threads, for bursts of calls and after the workers slept.
//
//===----------------------------------------------------------------------===//

#include "kernels/ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace mdlrt::kernels;

namespace {

struct Context {
  std::vector<std::atomic<int>> runs;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  explicit Context(int parts) : runs(parts) {}
};

void countPart(void *p, int part) {
  auto &c = *static_cast<Context *>(p);
  c.runs[part].fetch_add(1);
  std::lock_guard<std::mutex> lock(c.mutex);
  c.threads.insert(std::this_thread::get_id());
}

TEST(ThreadPoolTest, EveryPartRunsOncePerCall) {
  ThreadPool &pool = ThreadPool::get();
  ASSERT_GE(pool.size(), 1);
  for (int parts : {1, 2, pool.size(), 7}) {
    Context ctx(parts);
    for (int call = 0; call < 200; ++call) {
      if (call == 100) // long enough for the workers to go to sleep
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      pool.run(parts, countPart, &ctx);
      for (int part = 0; part < parts; ++part)
        ASSERT_EQ(ctx.runs[part].load(), call + 1)
            << "part " << part << " of " << parts << ", call " << call;
    }
    EXPECT_LE(static_cast<int>(ctx.threads.size()), pool.size());
  }
}

TEST(ThreadPoolTest, NoPartsIsANoOp) {
  Context ctx(1);
  ThreadPool::get().run(0, countPart, &ctx);
  EXPECT_EQ(ctx.runs[0].load(), 0);
}

} // namespace
