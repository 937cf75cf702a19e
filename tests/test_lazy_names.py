"""The packages' lazily loaded names: each is the object its module defines, kept after the
first use; an unknown name is an AttributeError naming the package."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module

import pytest

PACKAGES = ["batchcalls_fuzz", "batchcalls_fuzz.consumer"]


CHECK_NAMES = """
import sys
from importlib import import_module
module = import_module(sys.argv[1])
names = vars(module)["_LAZY"]
assert set(module.__all__) - set(vars(module)) <= set(names) | {"__version__"}
for name in sorted(set(module.__all__) & set(names)):
    value = getattr(module, name)
    assert value is getattr(import_module(names[name]), name), name
    assert vars(module)[name] is value, name
print("checked", len(names))
"""


@pytest.mark.parametrize("package", PACKAGES)
def test_each_lazy_name_is_its_modules_object_and_is_kept(package: str) -> None:
    # A fresh interpreter: other tests reload modules, which makes new objects.
    result = subprocess.run(
        [sys.executable, "-c", CHECK_NAMES, package], capture_output=True, text=True
    )
    assert result.stdout.startswith("checked "), result.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nothing'"):
        import_module(package).nothing  # noqa: B018


def test_importing_the_consumer_package_loads_none_of_its_names() -> None:
    code = (
        "import sys, batchcalls_fuzz.consumer\n"
        "print(sorted(m for m in sys.modules if m.startswith('batchcalls_fuzz.consumer.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
