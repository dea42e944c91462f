//===- EnvTestSupport.h - Helpers of the environment tests ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A fixture under which the runtime's fatal errors throw, and a helper that
// returns the error a call raised.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_TEST_UNIT_ENV_ENVTESTSUPPORT_H
#define MDLRT_TEST_UNIT_ENV_ENVTESTSUPPORT_H

#include "core/Error.h"

#include "gtest/gtest.h"

namespace mdlrt::test {

/// Errors throw `FatalError` instead of ending the test binary.
class EnvFixture : public ::testing::Test {
protected:
  void SetUp() override { detail::setErrorsThrow(true); }
  void TearDown() override { detail::setErrorsThrow(false); }
};

/// The user error `body` raises (a test failure if it raises none).
template <typename Body> FatalError userError(Body body) {
  try {
    body();
  } catch (const FatalError &error) {
    EXPECT_EQ(error.kind(), FatalError::Kind::User) << error.what();
    EXPECT_EQ(error.exitStatus(), 1);
    return error;
  }
  ADD_FAILURE() << "expected a fatal error";
  return FatalError(FatalError::Kind::User, -1, "");
}

} // namespace mdlrt::test

#endif // MDLRT_TEST_UNIT_ENV_ENVTESTSUPPORT_H
