# SPDX-License-Identifier: EUPL-1.2
"""The API tests read the decisions tests' round of themes."""

from tests.decisions.conftest import world  # noqa: F401  (a fixture)
