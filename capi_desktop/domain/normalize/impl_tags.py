"""Models of the implementations that cannot be run here: the PHP SDK and two sGTM tag templates.

Modelled from their published source (commits below), not run: PHP needs composer and the GTM
sandbox is not available. Each RULES entry names the source line it comes from.
"""

from __future__ import annotations

import re

from capi_desktop.domain.normalize.impl_base import Outcome, clear, error, hashed, omitted

PHP_SOURCE = "facebook/facebook-php-business-sdk@38288dd7bb05aeb0516201d5b319556c6b7da149"
META_SGTM_SOURCE = "facebookincubator/ConversionsAPI-Tag-for-GoogleTagManager@95f6cb63a04190688948e246cd8af37cc3a16e38"
STAPE_SOURCE = "stape-io/facebook-tag@1d701371f85a93694dde2b69adf846a091be6ad0"

_PHP_N = "src/FacebookAds/Object/ServerSide/Normalizer.php"
PHP_RULES: tuple[tuple[str, str], ...] = (
    ("64 hex (any case) or 32 lowercase hex → sent as typed", "Util.php:49-52 isHashed"),
    ("otherwise strtolower (ASCII only) then trim (ASCII space, tab, newline)", f"{_PHP_N}:51"),
    ("em: FILTER_SANITIZE_EMAIL then FILTER_VALIDATE_EMAIL, else exception", f"{_PHP_N}:125-133"),
    ("ct: removes 0-9 . whitespace - ( )", f"{_PHP_N}:140-141"),
    ("st: removes every byte that is not a-z (so 'é' disappears)", f"{_PHP_N}:148-149"),
    (
        "country: letters only; exception unless exactly 2 remain (no ISO check)",
        f"{_PHP_N}:156-163",
    ),
    ("zp: removes spaces (not tabs), cut at '-'", f"{_PHP_N}:170-176"),
    (
        "ph: removes a-z ( ) -; when it looks international also '+' and whitespace",
        f"{_PHP_N}:183-190, 298-312",
    ),
    ("fn, ln, ge, db: lowercase + trim only", f"{_PHP_N}:51"),
    ("external_id, fbc, fbp: sent as given; madid and anon_id are hashed", "UserData.php:944-960"),
)
META_SGTM_RULES: tuple[tuple[str, str], ...] = (
    ("64 hex in any case → sent as typed (not lowercased)", "template.tpl:157-159 isAlreadyHashed"),
    ("others: trim + lowercase, hashed; whitespace-only hashes ''", "template.tpl:195-205"),
    (
        "ph: only the FIRST '+', '-', ' ', '(' and ')' are removed (String.replace with a string)",
        "template.tpl:246",
    ),
    ("ge, db, external_id: copied from x-fb-ud-* unhashed", "template.tpl:260-262"),
)
STAPE_RULES: tuple[tuple[str, str], ...] = (
    ("64 hex in any case → sent as typed", "template.tpl:1768-1771 isHashed"),
    ("others: trim + lowercase, hashed; whitespace-only hashes ''", "template.tpl:1311-1341"),
    ("ph: digits 0-9 only (leading zeros kept)", "template.tpl:1778-1785 normalizePhoneNumber"),
    ("ct: spaces removed (other whitespace kept)", "template.tpl:1336-1337"),
    ("external_id is hashed like the other keys", "template.tpl:1343-1357 keysToHash"),
)

_PHP_HASHED = re.compile(r"[A-Fa-f0-9]{64}|[a-f0-9]{32}")
_TAG_HASHED = re.compile(r"[A-Fa-f0-9]{64}")
_PHP_TRIM = " \t\n\r\0\x0b"
_PHP_SPACE = re.compile(r"[ \t\n\r\f\v]")
_PHP_EMAIL_KEEP = re.compile(r"[^A-Za-z0-9!#$%&'*+\-=?^_`{|}~@.\[\]]")
_PHP_EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_PHP_INTL = re.compile(r"[0-9]{1,4}\(?[0-9]{2,3}\)?[0-9]{4,}")


def _php_lower(text: str) -> str:
    return "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in text)


def _php_normalize(key: str, v: str) -> Outcome:
    if key == "em":
        cleaned = _PHP_EMAIL_KEEP.sub("", v)
        if not _PHP_EMAIL.fullmatch(cleaned):
            return error("InvalidArgumentException: Invalid email format (modelled)")
        return hashed(cleaned, "FILTER_SANITIZE_EMAIL + FILTER_VALIDATE_EMAIL (modelled)")
    if key == "ct":
        return hashed(re.sub(r"[0-9.\-() \t\n\r\f\v]", "", v), "removes 0-9 . whitespace - ( )")
    if key == "st":
        return hashed(re.sub(r"[^a-z]", "", v), "removes everything but a-z")
    if key == "country":
        code = re.sub(r"[^a-zA-Z]", "", v)
        if len(code) != 2:
            return error("InvalidArgumentException: Country Code should be two letters")
        return hashed(code, "letters only, exactly 2 (no ISO check)")
    if key == "zp":
        return hashed(v.replace(" ", "").split("-")[0], "spaces removed, cut at '-'")
    if key == "ph":
        phone = re.sub(r"[a-z()\-]", "", v).strip(_PHP_TRIM)
        bare = re.sub(r"^\+?0{0,2}", "", _PHP_SPACE.sub("", phone.replace("-", "")))
        if not bare.startswith("0") and _PHP_INTL.fullmatch(bare):
            phone = re.sub(r"[\-+ \t\n\r\f\v]", "", phone)
        return hashed(phone, "removes a-z ( ) -; '+' and spaces only when international")
    return hashed(v, "lowercase + trim only")


def php_sdk(key: str, raw: str) -> Outcome:
    """Modelled: UserData::normalize() of the PHP business SDK."""
    if key in ("external_id", "fbc", "fbp", "client_ip_address", "client_user_agent"):
        return clear(raw, "sent as given") if raw else omitted("empty → left out")
    if not raw:
        return omitted("empty → left out")
    if _PHP_HASHED.fullmatch(raw):
        return clear(raw, "looks hashed → sent as typed")
    return _php_normalize(key, _php_lower(raw).strip(_PHP_TRIM))


def meta_sgtm(key: str, raw: str) -> Outcome:
    """Modelled: Meta's Conversions API tag for server-side GTM."""
    if key in ("ge", "db", "external_id", "fbc", "fbp", "client_ip_address", "client_user_agent"):
        return clear(raw, "copied from the event data, not hashed") if raw else omitted("empty")
    if key == "ph":
        if not raw:
            return omitted("empty phone → left out")
        for symbol in ("+", "-", " ", "(", ")"):
            raw = raw.replace(symbol, "", 1)
    if _TAG_HASHED.fullmatch(raw):
        return clear(raw, "64 hex → sent as typed, not re-hashed")
    note = (
        "only the first '+', '-', space, '(' and ')' removed" if key == "ph" else "trim + lowercase"
    )
    return hashed(raw.strip().lower(), note)


def stape_sgtm(key: str, raw: str) -> Outcome:
    """Modelled: Stape's Facebook Conversions API tag for server-side GTM."""
    if key in ("fbc", "fbp", "client_ip_address", "client_user_agent"):
        return clear(raw, "sent as given") if raw else omitted("empty")
    if not raw:
        return omitted("empty → sent as an empty value, not hashed")
    if _TAG_HASHED.fullmatch(raw):
        return clear(raw, "64 hex → sent as typed, not re-hashed")
    value = raw.strip().lower()
    if key == "ph":
        return hashed(re.sub(r"[^0-9]", "", value), "digits only (leading zeros kept)")
    if key == "ct":
        return hashed(value.replace(" ", ""), "spaces removed (other whitespace kept)")
    return hashed(value, "trim + lowercase")
