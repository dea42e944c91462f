# -*- Python -*-
# Runs the GoogleTest unit binaries (test/unit/*) under lit.
import os

import lit.formats

config.name = "MDLC-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.mdlc_obj_root, "test", "unit")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
