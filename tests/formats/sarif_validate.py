"""sarif_validate.py — SARIF 2.1.0 validation against the official schema
(tests/formats/sarif-schema.sh prints its path) with Debian's
python3-jsonschema, URI formats checked.  Shared by tests/formats_test.sh
and tests/adoption_test.py.

    v = validator(schema_path); problems(v, doc) -> ["path: message", ...]
"""
import json
import re

import jsonschema


def validator(schema_path):
    schema = json.load(open(schema_path))
    fc = jsonschema.FormatChecker()

    @fc.checks("uri")
    def is_uri(s):   # absolute: a scheme, then something
        return isinstance(s, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$", s) is not None

    @fc.checks("uri-reference")
    def is_uri_ref(s):
        return isinstance(s, str) and re.match(r"^[^\s\\]*$", s) is not None

    return jsonschema.Draft4Validator(schema, format_checker=fc)


def problems(v, doc, limit=5):
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    return ["%s: %s" % ("/".join(map(str, e.path)), e.message[:120]) for e in errs[:limit]]
