import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ["hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"]


@pytest.fixture(scope="session")
def checklist():
    from core.checklist import load_checklist

    return load_checklist()


@pytest.fixture(scope="session")
def structure():
    from core.checklist import load_structure

    return load_structure()


@pytest.fixture(scope="session")
def seed_analyses(checklist, structure):
    from core.engine import analyse
    from core.loaders import load_document

    return {name: analyse(load_document(FIXTURES / f"{name}.txt"), checklist, structure) for name in SEEDS}
