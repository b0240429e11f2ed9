"""The other implementations the Variants view shows: label, provenance (run or modelled) and rules.

Runnable ones are checked against the real packages by tests/differential (versions pinned in
tests/reference_versions.json); the rest are labelled "modelled from <repo>@<commit>, not run".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from capi_desktop.domain.normalize import impl_node_sdk, impl_param_builder, impl_python_sdk
from capi_desktop.domain.normalize import impl_tags as tags
from capi_desktop.domain.normalize.impl_base import Outcome

Model = Callable[[str, str], Outcome]
PB_NODE_VERSION = "1.3.2"
PB_CLIENT_VERSION = "1.3.1"


@dataclass(frozen=True)
class Implementation:
    """One other tool: what it is, how we know what it does, and its model."""

    id: str
    label: str
    provenance: str
    verified: bool
    rules: tuple[tuple[str, str], ...]
    model: Model


def _run(package: str) -> str:
    return f"checked against {package} by running it (tests/differential)"


def _modelled(source: str) -> str:
    return f"modelled from {source}, not run"


OTHER_IMPLEMENTATIONS: dict[str, Implementation] = {
    impl.id: impl
    for impl in (
        Implementation(
            "python_sdk",
            f"facebook-business Python SDK {impl_python_sdk.VERSION}",
            _run(f"facebook-business=={impl_python_sdk.VERSION} (PyPI)"),
            True,
            impl_python_sdk.RULES,
            impl_python_sdk.model,
        ),
        Implementation(
            "node_sdk",
            f"facebook-nodejs-business-sdk {impl_node_sdk.VERSION}",
            _run(
                f"facebook-nodejs-business-sdk@{impl_node_sdk.VERSION} (npm; GitHub main is ahead)"
            ),
            True,
            impl_node_sdk.RULES,
            impl_node_sdk.model,
        ),
        Implementation(
            "param_builder_node",
            f"Meta parameter builder, Node {PB_NODE_VERSION}",
            _run(f"capi-param-builder-nodejs@{PB_NODE_VERSION} (npm)"),
            True,
            impl_param_builder.RULES,
            partial(impl_param_builder.model, language=4, version=PB_NODE_VERSION),
        ),
        Implementation(
            "param_builder_js",
            f"Meta parameter builder, client JS {PB_CLIENT_VERSION}",
            _run(f"meta-capi-param-builder-clientjs@{PB_CLIENT_VERSION} (npm, bundle under node)"),
            True,
            impl_param_builder.RULES,
            partial(impl_param_builder.model, language=6, version=PB_CLIENT_VERSION),
        ),
        Implementation(
            "php_sdk",
            "facebook-php-business-sdk",
            _modelled(tags.PHP_SOURCE),
            False,
            tags.PHP_RULES,
            tags.php_sdk,
        ),
        Implementation(
            "meta_sgtm",
            "Meta sGTM Conversions API tag",
            _modelled(tags.META_SGTM_SOURCE),
            False,
            tags.META_SGTM_RULES,
            tags.meta_sgtm,
        ),
        Implementation(
            "stape_sgtm",
            "Stape sGTM Facebook tag",
            _modelled(tags.STAPE_SOURCE),
            False,
            tags.STAPE_RULES,
            tags.stape_sgtm,
        ),
    )
}
