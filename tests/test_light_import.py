"""The plain lint path never imports TensorFlow, Keras or NumPy (checked with -X importtime)."""

import subprocess
import sys

from conftest import SOFTMAX_FROM_LOGITS


def test_lint_imports_no_heavy_modules(tmp_path):
    (tmp_path / "x.py").write_text(SOFTMAX_FROM_LOGITS + "import numpy as np\nnp.load('a.npy')\n")
    code = ("import sys\nfrom keraslint.cli import main\n"
            "sys.argv = ['keraslint', 'check', '--exit-zero', 'x.py']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "keraslint" in imported and "libcst" in imported
    assert not imported & {"tensorflow", "keras", "numpy", "tf_keras"}
