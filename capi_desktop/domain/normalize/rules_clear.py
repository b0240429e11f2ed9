"""Rules for the keys Meta wants in clear text: IP, user agent, fbc/fbp and the ID keys."""

from __future__ import annotations

import functools
import ipaddress
import re

from capi_desktop.domain.normalize.cookies import created_text, findings
from capi_desktop.domain.normalize.hashed import Appendix, looks_like_sha256, split_appendix
from capi_desktop.domain.normalize.model import NormalizeContext
from capi_desktop.domain.normalize.trace import Rule, Trace, show

_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_QUAD = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}")
_IPV4_PORT = re.compile(r"(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})")
_IPV6_PORT = re.compile(r"\[([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\](?::(\d{1,5}))?")
_NOT_BROWSER = re.compile(
    r"curl/|wget/|python-requests|python-urllib|aiohttp|httpx|axios/|node-fetch|undici|"
    r"go-http-client|okhttp|java/|apache-httpclient|postmanruntime|insomnia|guzzlehttp|"
    r"facebookexternalhit|googlebot|bingbot|headlesschrome",
    re.I,
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# RFC 5737 / RFC 3849 example ranges: Meta's own doc example IP (2001:db8:...) is one of them.
_DOC_NETS = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
NUMERIC_ID_KEYS = frozenset(
    {"fb_login_id", "lead_id", "page_id", "page_scoped_user_id", "ig_account_id", "ig_sid"}
)


def _reject_hash(key: str, value: str, trace: Trace) -> bool:
    if looks_like_sha256(value):
        trace.fail(f"{key}.hashed", f"{key} must never be hashed; send the clear value.")
        return True
    return False


def _classify(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """None for a public address, else what it is (documentation, loopback, private, ...)."""
    if address.is_global:
        return None
    return next(
        (
            label
            for label, flag in (
                ("documentation (example)", any(address in net for net in _DOC_NETS)),
                ("loopback", address.is_loopback),
                ("private", address.is_private),
                ("link-local", address.is_link_local),
                ("multicast", address.is_multicast),
                ("unspecified", address.is_unspecified),
            )
            if flag
        ),
        "reserved",
    )


@functools.lru_cache(maxsize=4096)
def _classify_v4_block(block: int) -> str | None:
    return _classify(ipaddress.IPv4Address(block << 8 | 1))


def _v4_kind(packed: int) -> str | None:
    # Every IPv4 special-purpose range is a whole /24 or larger except single addresses in
    # 192.0.0.0/24 and 255.255.255.255 (IANA registry): classify the other /24s once.
    block = packed >> 8
    if block not in (0xC00000, 0xFFFFFF):
        return _classify_v4_block(block)
    return _classify(ipaddress.IPv4Address(packed))


def _dotted_quad(value: str) -> int | None:
    """The address of a plain a.b.c.d (what ipaddress accepts: 0-255, no leading zeros)."""
    found = _QUAD.fullmatch(value)
    if found is None:
        return None
    a, b, c, d = found.groups()
    return int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)


def rule_ip(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    packed = _dotted_quad(value)
    if packed is not None:  # the common case: no hash, appendix, port, bracket or zone to remove
        return _report_ip(value, _v4_kind(packed), True, None, trace)
    if _reject_hash("client_ip_address", value, trace):
        return None
    text, appendix = split_appendix(value)
    if appendix is not None:
        trace.step(f"recognised a parameter-builder appendix ({appendix.describe()}); kept as-is")
    host = text
    v6 = _IPV6_PORT.fullmatch(text)
    v4 = _IPV4_PORT.fullmatch(text)
    if v6:
        host = v6.group(1)
        trace.step("removed brackets" + (f" and port {v6.group(2)}" if v6.group(2) else ""))
    elif v4:
        host = v4.group(1)
        trace.step(f"removed port {v4.group(2)}")
    if "%" in host:
        host = host.split("%", 1)[0]
        trace.step("removed the IPv6 zone index")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        trace.fail("client_ip_address.invalid", f"Not an IPv4 or IPv6 address: {show(host)}.")
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        trace.step(f"note: IPv4-mapped IPv6 address of {address.ipv4_mapped}")
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return _report_ip(host, _v4_kind(int(address)), True, appendix, trace)
    return _report_ip(host, _classify(address), False, appendix, trace)


def _report_ip(
    host: str, kind: str | None, v4: bool, appendix: Appendix | None, trace: Trace
) -> str:
    if kind is not None:
        trace.warn(
            "client_ip_address.not_public",
            f"{host} is a {kind} address: send the visitor's public IP (e.g. from "
            "X-Forwarded-For), not your server's or proxy's.",
        )
    if v4:
        trace.step("note: Meta prefers the IPv6 address when the visitor has one")
    return host if appendix is None else f"{host}.{appendix.token}"


def rule_ua(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    if _reject_hash("client_user_agent", value, trace):
        return None
    hit = _NOT_BROWSER.search(value)
    if hit:
        trace.warn(
            "client_user_agent.not_browser",
            f"{hit.group(0).rstrip('/')!r} is not a visitor's browser: send the user agent of "
            "the browser that triggered the event, not your server's HTTP client.",
        )
    elif "/" not in value or len(value) < 20:
        trace.warn("client_user_agent.suspicious", "This does not look like a browser user agent.")
    return value


def _cookie_rule(value: str, ctx: NormalizeContext, trace: Trace, key: str) -> str | None:
    creation_ms, appendix, problems = findings(key, value, ctx.now)
    valid = not problems or not any(problem.is_error for problem in problems)
    if appendix is not None:
        trace.step(f"decoded parameter-builder appendix: {appendix.describe()}")
    created = None if creation_ms is None or not valid else created_text(creation_ms)
    if created is not None:
        trace.step(f"created {created} UTC")
    for problem in problems:
        (trace.fail if problem.is_error else trace.warn)(problem.id, problem.message)
    return value if valid else None


# partial: the rule table calls _cookie_rule itself, without a Python frame in between.
rule_fbc: Rule = functools.partial(_cookie_rule, key="fbc")
rule_fbp: Rule = functools.partial(_cookie_rule, key="fbp")


def make_id_rule(key: str) -> Rule:
    """Rule for a clear-text ID key: never hashed; numeric IDs and madid shapes checked."""

    def rule(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
        if _reject_hash(key, value, trace):
            return None
        if key in NUMERIC_ID_KEYS and not (value.isascii() and value.isdigit()):
            trace.warn(f"{key}.not_numeric", f"{key} is normally a numeric ID.")
        if key == "madid" and not _UUID.fullmatch(value):
            trace.warn(
                "madid.format", "madid is normally an IDFA / Android advertising ID (a UUID)."
            )
        return value

    return rule
