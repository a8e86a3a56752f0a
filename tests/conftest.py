import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import main  # noqa: E402

main.use_checkout()  # `fzreview.*` is this checkout, whatever else is installed
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
