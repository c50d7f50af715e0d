"""Schemathesis hooks of the API fuzz test (APIFuzzTests), applied to each request before it is sent.
Schemathesis revalidates a case after them, so a case keeps its verdict as valid or invalid input.

Webhooks stay on loopback. The fuzzer invents webhook URLs on any host; the server would resolve
those names and, through `POST /api/webhooks/{id}/test` and job events, deliver to them: traffic off
this machine. The scheme, host and port of a webhook's `url` become the test's receiver on 127.0.0.1
(PRINTCLOUD_FUZZ_WEBHOOK_ORIGIN). The URL keeps its length, padded or cut in its path, so that a URL
made too long stays too long and a valid one stays valid.

An Idempotency-Key is sent as the text it is on the wire. Schemathesis counts an empty one, or one it
drew as a number or a list, as invalid; but HTTP clients drop a header without a value, and send the
others as their text, which may well be a valid key.

The fuzzer's own key stays. It may list the account's keys and revoke the one it signs in with; every
request after would be a 401 and test nothing. A revocation of that key (PRINTCLOUD_FUZZ_OWN_KEY_ID) names
an id that does not exist instead.

Page ranges are in order. The document's pattern for `options.pages` cannot say that a range's start
is not after its end (its description does); `9-3` matches it and the server rightly refuses it. The
two ends of such a range are swapped.
"""

import os
import re

import schemathesis

ORIGIN = os.environ["PRINTCLOUD_FUZZ_WEBHOOK_ORIGIN"]
OWN_KEY_ID = os.environ["PRINTCLOUD_FUZZ_OWN_KEY_ID"]
# scheme://authority, as far as the first /, ? or #.
AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
RANGE = re.compile(r"([0-9]+)-([0-9]+)")


def on_loopback(url):
    match = AUTHORITY.match(url)
    if not match:
        return url
    rest = url[match.end():]
    spare = len(match.group(0)) - len(ORIGIN)
    if spare > 0:
        return ORIGIN + "/" + "x" * (spare - 1) + rest
    if spare < 0 and len(rest) + spare >= 1:
        return ORIGIN + rest[: len(rest) + spare]
    return ORIGIN + rest


def in_order(pages):
    def swap(match):
        start, end = match.group(1), match.group(2)
        return f"{end}-{start}" if int(start) > int(end) else match.group(0)

    return RANGE.sub(swap, pages)


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method.upper() == "DELETE" and case.path_parameters and case.path_parameters.get("id") == OWN_KEY_ID:
        case.path_parameters["id"] = "key_00000000000000000000"
    key = (case.headers or {}).get("Idempotency-Key")
    if key in ("", None):
        (case.headers or {}).pop("Idempotency-Key", None)
    elif not isinstance(key, str):
        case.headers["Idempotency-Key"] = str(key)
    if not isinstance(case.body, dict):
        return
    if case.path.startswith("/api/webhooks") and isinstance(case.body.get("url"), str):
        case.body["url"] = on_loopback(case.body["url"])
    options = case.body.get("options")
    if case.path == "/api/printjobs" and isinstance(options, dict) and isinstance(options.get("pages"), str):
        options["pages"] = in_order(options["pages"])
