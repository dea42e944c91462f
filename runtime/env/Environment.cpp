//===- Environment.cpp - The environment base class, arguments --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Action validation, step counting and truncation shared by every
// environment, and the checks on constructor arguments.
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include "core/Error.h"

#include <cmath>

namespace mdlrt {

PhiloxStream episodeStream(uint64_t seed, uint32_t episode) {
  return PhiloxStream(seed, StreamDomain::EnvironmentReset, episode);
}

int64_t EnvironmentArgs::getPositiveInt(const std::string &envName,
                                        const std::string &name,
                                        int64_t defaultValue) {
  readNames.push_back(name);
  auto it = values.find(name);
  if (it == values.end())
    return defaultValue;
  double value = it->second;
  // 2^62 keeps the value well inside int64 after the conversion.
  if (!(value >= 1.0 && value <= 0x1.0p62 && std::floor(value) == value))
    fatal(formatString("environment %s: %s must be a positive integer, but "
                       "is %g",
                       envName.c_str(), name.c_str(), value));
  return static_cast<int64_t>(value);
}

void EnvironmentArgs::checkAllRead(const std::string &envName) const {
  for (const auto &[name, value] : values) {
    bool read = false;
    for (const std::string &known : readNames)
      read |= known == name;
    if (read)
      continue;
    std::string takes;
    for (const std::string &known : readNames)
      takes += (takes.empty() ? "" : ", ") + known;
    fatal(formatString("environment %s has no argument '%s'; it takes: %s",
                       envName.c_str(), printableText(name).c_str(),
                       takes.empty() ? "none" : takes.c_str()));
  }
}

Environment::Environment(std::string name, int64_t observationSize,
                         int64_t actionCount, int64_t maxSteps)
    : envName(std::move(name)), obsSize(observationSize),
      numActions(actionCount), stepLimit(maxSteps) {}

Environment::~Environment() = default;

void Environment::reset(PhiloxStream &rng, float *observation) {
  resetState(rng);
  steps = 0;
  phase = Phase::Running;
  observe(observation);
}

StepResult Environment::step(int64_t action, float *observation) {
  if (action < 0 || action >= numActions)
    fatal(formatString("environment %s: action %lld is out of range; valid "
                       "actions are 0 to %lld",
                       envName.c_str(), static_cast<long long>(action),
                       static_cast<long long>(numActions - 1)));
  if (phase != Phase::Running)
    fatal(formatString(
        "environment %s: step %s; call reset first", envName.c_str(),
        phase == Phase::NotStarted ? "before the first episode started"
                                   : "after the episode ended"));
  Transition transition = advance(action);
  ++steps;
  StepResult result;
  result.reward = transition.reward;
  result.terminated = transition.terminated;
  result.truncated = steps >= stepLimit;
  if (result.terminated || result.truncated)
    phase = Phase::Ended;
  observe(observation);
  return result;
}

Environment::Snapshot Environment::snapshot() const {
  if (phase != Phase::Running)
    fatal(formatString("environment %s: snapshot outside an episode",
                       envName.c_str()));
  Snapshot result;
  saveState(result.values);
  result.episodeSteps = steps;
  return result;
}

bool Environment::restore(const Snapshot &snapshot, float *observation,
                          std::string &error) {
  if (snapshot.episodeSteps < 0 || snapshot.episodeSteps >= stepLimit) {
    error = formatString("environment %s: the episode's step %lld is not in "
                         "[0, %lld)",
                         envName.c_str(),
                         static_cast<long long>(snapshot.episodeSteps),
                         static_cast<long long>(stepLimit));
    return false;
  }
  std::string reason;
  if (!loadState(snapshot.values, reason)) {
    error = "environment " + envName + ": " + reason;
    return false;
  }
  steps = snapshot.episodeSteps;
  phase = Phase::Running;
  observe(observation);
  return true;
}

bool checkStateSize(const std::vector<double> &values, size_t expected,
                    std::string &error) {
  if (values.size() == expected)
    return true;
  error =
      formatString("a state of %zu values, not %zu", expected, values.size());
  return false;
}

} // namespace mdlrt
