# -*- Python -*-
# lit configuration for mdlc: .mlir and .mdl tests run through mdlc / mdlc-opt
# and FileCheck; GoogleTest binaries under unit/ run through lit's gtest format.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MDLC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".mdl", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mdlc_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%mdlc_src_root", config.mdlc_src_root))
config.substitutions.append(("%torch_python", config.torch_python_executable))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%stdlib", os.path.join(config.mdlc_src_root, "stdlib_models")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.mdlc_tools_dir, config.llvm_tools_dir]
tools = ["mdlc", "mdlc-opt", ToolSubst("FileCheck", unresolved="fatal"), "not"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.mdlc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
