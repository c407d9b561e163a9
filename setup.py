"""Builds the Cython VM; everything else about the package is in pyproject.toml."""

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = [
    Extension(
        "mars._vm",
        ["mars/_vm.pyx"],
        include_dirs=[numpy.get_include()],
        # -O3 makes gcc spill the hot loop's registers: -O2 runs ~10% fewer instructions.
        # Python's CFLAGS bring -fwrapv, which costs the loop sign extensions; without
        # jump tables the opcode dispatch stays compare trees, which predict better.
        extra_compile_args=["-O2", "-fno-wrapv", "-fno-jump-tables"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    )
]

setup(
    ext_modules=cythonize(
        extensions,
        language_level=3,
        compiler_directives={
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
        },
    )
)
