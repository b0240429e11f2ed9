"""Rule for ph: E.164 digits without '+', parsed with phonenumbers (own prefix or default country)."""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import CountryCodeSource, NumberParseException, PhoneNumber

from capi_desktop.domain.normalize import phone_fast
from capi_desktop.domain.normalize.geo import region_of
from capi_desktop.domain.normalize.model import NormalizeContext
from capi_desktop.domain.normalize.trace import Trace, show

_TRUNK = re.compile(r"\(\s*0\s*\)")
_NON_DIGITS = re.compile(r"\D+")
_EXTENSION = re.compile(r"(?i)[\s,;]*(?:ext\.?|extension|x|#)\s*(\d{1,7})\s*$")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# What \D matches in ASCII text, deleted by bytes.translate (3x faster than the regex).
_ASCII_NON_DIGITS = bytes(code for code in range(128) if not chr(code).isdigit())
_MAX_PHONE_CHARS = 64  # phonenumbers itself refuses longer input; fail early with our message


def _parse(text: str, region: str | None) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region, keep_raw_input=True)
    except NumberParseException:
        return None


def _valid(number: PhoneNumber | None) -> bool:
    return number is not None and phonenumbers.is_valid_number(number)


def _e164_digits(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def _possible(number: PhoneNumber | None) -> bool:
    return number is not None and phonenumbers.is_possible_number(number)


def _pick(
    national: PhoneNumber | None,
    intl: PhoneNumber | None,
    digits: str,
    region: str,
    trace: Trace,
) -> PhoneNumber | None:
    """Read digits with the default country, unless they only make sense with their own code."""
    trunk = phonenumbers.ndd_prefix_for_region(region, True) or ""
    # National numbers are written with their trunk prefix where the country has one, so
    # digits that already start with the default country's code (our own output, or a number
    # written without its '+') read back as international when that reading is valid.
    own_code = (
        national is not None and intl is not None and intl.country_code == national.country_code
    )
    if (
        own_code
        and _possible(intl)
        and intl is not None
        and national is not None
        and (_valid(intl) or (trunk and not digits.startswith(trunk)))
    ):
        if _valid(national) and _e164_digits(national) != _e164_digits(intl):
            trace.warn(
                "ph.ambiguous_country_code",
                f"The digits start with country code {intl.country_code}: read as "
                f"+{_e164_digits(intl)}, but +{_e164_digits(national)} (a national number) is "
                "also valid. Add the '+' or the trunk prefix to remove the doubt.",
            )
        trace.step(f"read the number as already starting with its country code {intl.country_code}")
        return intl
    if _valid(national):
        return national
    if intl is not None and (
        _valid(intl) or (_possible(intl) and (own_code or not _possible(national)))
    ):
        trace.step(f"read the number as already starting with its country code {intl.country_code}")
        return intl
    return national


def _warn_assumed(country_code: int | None, trace: Trace) -> None:
    trace.warn(
        "ph.country_assumed",
        f"No '+' prefix and no default country: assumed the number starts with country "
        f"code {country_code}. Set a default country if it is a national number.",
    )


def _no_country(digits: str, trace: Trace) -> str | None:
    stripped = digits.lstrip("0")
    if stripped != digits:
        trace.step("removed leading zeros")
    if len(stripped) < 7:
        trace.fail("ph.too_short", f"Too few digits for a phone number: {show(stripped)}.")
        return None
    trace.warn(
        "ph.no_country",
        "No country code: the number has no '+'/'00' prefix and no default country is set. "
        f"Meta would receive {stripped!r}, which matches nobody if the country code is missing.",
    )
    return stripped


def rule_ph(value: str, ctx: NormalizeContext, trace: Trace, *, fast: bool = True) -> str | None:
    """The ph rule; well-formed digits skip phonenumbers' parse (phone_fast, same answer).
    With fast=False (rule_ph_reference) phonenumbers parses every value: what the fast path
    is tested against."""
    region = region_of(ctx.default_country)
    text = value
    if len(text) > _MAX_PHONE_CHARS:
        trace.fail("ph.too_long", "Too long for a phone number.")
        return None
    if "(" in text and _TRUNK.search(text):
        text = _TRUNK.sub("", text)
        trace.step("removed trunk prefix (0)")
    # Every spelling _EXTENSION knows contains an x or a '#': most numbers skip the search.
    extension = _EXTENSION.search(text) if "x" in text or "X" in text or "#" in text else None
    if extension:
        text = text[: extension.start()]
        trace.step(f"dropped extension {extension.group(1)}")
    if "@" in text:
        trace.fail("ph.email", "This looks like an email address, not a phone number.")
        return None
    if _ASCII_LETTER.search(text) if text.isascii() else any(ch.isalpha() for ch in text):
        if sum(ch.isdigit() for ch in text) < 3:
            trace.fail("ph.letters", f"Not a phone number: {show(value)}.")
            return None
        text = phonenumbers.convert_alpha_characters_in_number(text)
        trace.step("converted letters to keypad digits")
    head = text.lstrip()
    if head.startswith("00") and not head.startswith("000"):
        text = "+" + head[2:]
        trace.step("read leading 00 as the international call prefix")
    if text.isascii():
        digits = text.encode("ascii").translate(None, _ASCII_NON_DIGITS).decode("ascii")
    else:
        digits = _NON_DIGITS.sub("", text)
    if not digits:
        trace.fail("ph.no_digits", f"No digits in {show(value)}.")
        return None
    if digits != value:
        trace.step("kept digits only")

    number: PhoneNumber | None = None
    known_valid = False
    if text.lstrip().startswith("+"):
        if fast and phone_fast.international(digits) is not None:
            return digits  # parse would read +<code><rest as-is>: E.164 is the digits
        number = _parse("+" + digits, None)
    elif region is not None:
        code = str(phonenumbers.country_code_for_region(region))
        if fast and not digits.startswith(code) and phone_fast.national(digits, region):
            # parse would read <code><digits as-is> from the default country, valid.
            trace.step(f"added country code {code} from default country {region}")
            return code + digits
        national = _parse(digits, region)
        # Fast path: a valid national reading that cannot be "country code + number".
        if not digits.startswith(code) and _valid(national):
            number, known_valid = national, True
        else:
            number = _pick(national, _parse("+" + digits, None), digits, region, trace)
    else:
        assumed = phone_fast.international(digits) if fast else None
        if assumed is not None:
            _warn_assumed(assumed, trace)
            return digits
        as_intl = _parse("+" + digits, None)
        if not _valid(as_intl) or as_intl is None:
            return _no_country(digits, trace)
        number = as_intl
        _warn_assumed(as_intl.country_code, trace)

    if number is None:
        trace.fail("ph.invalid", f"Not a phone number: {show(value)}.")
        return None
    if number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY:
        trace.step(f"added country code {number.country_code} from default country {region}")
        prefix = phonenumbers.ndd_prefix_for_region(region or "", True) or ""
        significant = str(number.national_number)
        if prefix and digits.startswith(prefix) and not digits.startswith(significant):
            trace.step(f"removed trunk prefix {prefix}")
    if not known_valid and not phonenumbers.is_valid_number(number):
        junk = len(str(number.national_number)) < 4 or (number.number_of_leading_zeros or 0) > 1
        if junk or not phonenumbers.is_possible_number(number) or len(_e164_digits(number)) < 7:
            where = f" for country code {number.country_code}"
            trace.fail("ph.invalid", f"Not a possible phone number{where}: {show(value)}.")
            return None
        trace.warn(
            "ph.not_valid",
            "The number has a possible length but is not in a known number range "
            f"for country code {number.country_code}; check it.",
        )
    return _e164_digits(number)


rule_ph_reference = functools.partial(rule_ph, fast=False)
