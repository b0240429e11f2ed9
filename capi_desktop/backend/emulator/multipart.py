"""multipart/form-data request bodies for the emulator (the PHP SDK's curl adapter sends them)."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP


def parse_multipart(content_type: str, raw: bytes) -> dict[str, str] | None:
    """The form fields of a multipart/form-data body (text values, last one wins), or None."""
    head = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        return None
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields[name] = payload.decode(part.get_content_charset() or "utf-8", "replace")
    return fields
