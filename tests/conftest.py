import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import main  # noqa: E402

main.use_checkout()  # `fzreview.*` is this checkout, whatever else is installed
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests never touch the reviewer's own cache folder (core/user_cache.py); entries are kept
# between test runs in the temp folder, as jieba keeps its own cache there.
os.environ.setdefault("FZREVIEW_CACHE_DIR", os.path.join(tempfile.gettempdir(), f"fzreview-test-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"))

FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]


@pytest.fixture(scope="session")
def checklist():
    from fzreview.core.checklist import load_checklist

    return load_checklist()


@pytest.fixture(scope="session")
def structure():
    from fzreview.core.checklist import load_structure

    return load_structure()


@pytest.fixture(scope="session")
def seed_analyses(checklist, structure):
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document

    return {name: analyse(load_document(FIXTURES / f"{name}.txt"), checklist, structure) for name in SEEDS}


@pytest.fixture
def fixtures_or_seed():
    """A short seed report to run `check` on."""
    return FIXTURES / "hongmei-town-2024.txt"
