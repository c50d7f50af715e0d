"""Schemathesis hooks of the API fuzz test (APIFuzzTests), applied to each request before it is sent.
Schemathesis revalidates a case after them, so a case keeps its verdict as valid or invalid input.

Webhooks stay on loopback. The fuzzer invents webhook URLs on any host; the server would resolve
those names and, through `POST /api/webhooks/{id}/test` and job events, deliver to them: traffic off
this machine. The scheme, host and port of a webhook's `url` become the test's receiver on 127.0.0.1
(PRINTCLOUD_FUZZ_WEBHOOK_ORIGIN). The URL keeps its length, padded or cut in its path, so that a URL
made too long stays too long and a valid one stays valid.

Page ranges are in order. The document's pattern for `options.pages` cannot say that a range's start
is not after its end (its description does); `9-3` matches it and the server rightly refuses it. The
two ends of such a range are swapped.
"""

import os
import re

import schemathesis

ORIGIN = os.environ["PRINTCLOUD_FUZZ_WEBHOOK_ORIGIN"]
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
    if not isinstance(case.body, dict):
        return
    if case.path.startswith("/api/webhooks") and isinstance(case.body.get("url"), str):
        case.body["url"] = on_loopback(case.body["url"])
    options = case.body.get("options")
    if case.path == "/api/printjobs" and isinstance(options, dict) and isinstance(options.get("pages"), str):
        options["pages"] = in_order(options["pages"])
