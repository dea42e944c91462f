//===- CartPole.cpp - The classic-control cart-pole -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Barto, Sutton and Anderson's pole on a cart (1983), with the constants,
// equations and Euler integration of Gym's classic-control CartPole
// (LANGUAGE.md §3). State (x, x_dot, theta, theta_dot), all observed.
// Action 0 pushes left with `force`, 1 pushes right. The episode terminates
// once |x| > 2.4 or |theta| > 12 degrees after a step; every step, the last
// included, earns reward 1. The initial state is uniform in [-0.05, 0.05)
// per component, drawn from the episode's stream in the order above.
//
// Arguments: max_steps (default 500, Gym's CartPole-v1 limit). Saved state:
// the four state variables in the order above.
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include <algorithm>
#include <cmath>

namespace mdlrt {

namespace {
constexpr double kGravity = 9.8;
constexpr double kCartMass = 1.0;
constexpr double kPoleMass = 0.1;
constexpr double kTotalMass = kPoleMass + kCartMass;
constexpr double kHalfLength = 0.5; // "length" in Gym: half the pole
constexpr double kPoleMassLength = kPoleMass * kHalfLength;
constexpr double kForce = 10.0;
constexpr double kTau = 0.02; // seconds between state updates
constexpr double kThetaLimit = 12 * 2 * M_PI / 360;
constexpr double kXLimit = 2.4;
constexpr float kInitBound = 0.05f;

class CartPole final : public Environment {
public:
  explicit CartPole(int64_t maxSteps)
      : Environment("CartPole", 4, 2, maxSteps) {}

private:
  void resetState(PhiloxStream &rng) override {
    for (double &value : state)
      value = rng.nextUniform(-kInitBound, kInitBound);
  }

  Transition advance(int64_t action) override {
    auto &[x, xDot, theta, thetaDot] = state;
    double force = action == 1 ? kForce : -kForce;
    double cosTheta = std::cos(theta);
    double sinTheta = std::sin(theta);
    // Gym's form of the equations of motion (frictionless cart and pole).
    double temp =
        (force + kPoleMassLength * thetaDot * thetaDot * sinTheta) / kTotalMass;
    double thetaAcc = (kGravity * sinTheta - cosTheta * temp) /
                      (kHalfLength * (4.0 / 3.0 - kPoleMass * cosTheta *
                                                      cosTheta / kTotalMass));
    double xAcc = temp - kPoleMassLength * thetaAcc * cosTheta / kTotalMass;
    // Euler: positions advance with the old velocities.
    x = x + kTau * xDot;
    xDot = xDot + kTau * xAcc;
    theta = theta + kTau * thetaDot;
    thetaDot = thetaDot + kTau * thetaAcc;
    bool terminated = x < -kXLimit || x > kXLimit || theta < -kThetaLimit ||
                      theta > kThetaLimit;
    return {1.0f, terminated};
  }

  void observe(float *observation) const override {
    for (int i = 0; i < 4; ++i)
      observation[i] = static_cast<float>(state[i]);
  }

  void saveState(std::vector<double> &values) const override {
    values.insert(values.end(), state, state + 4);
  }

  bool loadState(const std::vector<double> &values,
                 std::string &error) override {
    if (!checkStateSize(values, 4, error))
      return false;
    for (double value : values)
      if (!std::isfinite(value)) {
        error = "a state value is not finite";
        return false;
      }
    std::copy(values.begin(), values.end(), state);
    return true;
  }

  double state[4] = {0, 0, 0, 0};
};
} // namespace

std::unique_ptr<Environment> createCartPole(EnvironmentArgs &args) {
  return std::make_unique<CartPole>(
      args.getPositiveInt("CartPole", "max_steps", 500));
}

} // namespace mdlrt
