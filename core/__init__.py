"""法治报告审查台 core: everything that is not a widget (no Qt imports here)."""
