//===- Registry.cpp - Environments by name ----------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The table of Environments.def. It is an explicit list rather than
// self-registering static objects because libmdlrt is a static archive: the
// linker would drop an environment's object file that nothing refers to.
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include "core/Error.h"

namespace mdlrt {

#define MDLRT_ENVIRONMENT(Name)                                                \
  std::unique_ptr<Environment> create##Name(EnvironmentArgs &args);
#include "env/Environments.def"
#undef MDLRT_ENVIRONMENT

namespace {
struct Registration {
  const char *name;
  std::unique_ptr<Environment> (*create)(EnvironmentArgs &args);
};

const Registration kRegistry[] = {
#define MDLRT_ENVIRONMENT(Name) {#Name, create##Name},
#include "env/Environments.def"
#undef MDLRT_ENVIRONMENT
};
} // namespace

std::unique_ptr<Environment> createEnvironment(const std::string &name,
                                               EnvironmentArgs args) {
  for (const Registration &registration : kRegistry) {
    if (name != registration.name)
      continue;
    std::unique_ptr<Environment> env = registration.create(args);
    args.checkAllRead(name);
    return env;
  }
  std::string known;
  for (const Registration &registration : kRegistry)
    known += (known.empty() ? "" : ", ") + std::string(registration.name);
  fatal(formatString("unknown environment '%s'; known environments: %s",
                     printableText(name).c_str(), known.c_str()));
}

std::vector<std::string> environmentNames() {
  std::vector<std::string> names;
  for (const Registration &registration : kRegistry)
    names.push_back(registration.name);
  return names;
}

} // namespace mdlrt
