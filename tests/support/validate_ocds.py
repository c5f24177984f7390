"""Validates an OCDS release package against the official schemas, offline.

usage: validate_ocds.py RELEASE_PACKAGE_SCHEMA RELEASE_SCHEMA PACKAGE

The package schema's $ref to the release schema's URL is mapped to the local
RELEASE_SCHEMA; any other fetch fails. Debian's jsonschema 4.10 checks no
date-time format, so this checks it (a date-time with an offset). Exits 0 when
valid, else 1 with each error's message on its own line.
"""
import datetime
import json
import sys

from jsonschema import Draft4Validator, FormatChecker, RefResolver


def load(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


package_schema, release_schema, document = (load(path) for path in sys.argv[1:4])
Draft4Validator.check_schema(package_schema)
Draft4Validator.check_schema(release_schema)
checker = FormatChecker()


@checker.checks("date-time", raises=ValueError)
def date_time(text):
    return not isinstance(text, str) or ("T" in text and datetime.datetime.fromisoformat(text).tzinfo is not None)


def offline(url):
    raise RuntimeError("no fetching " + url)


resolver = RefResolver.from_schema(package_schema, store={release_schema["id"]: release_schema},
                                   handlers={"http": offline, "https": offline})
validator = Draft4Validator(package_schema, resolver=resolver, format_checker=checker)
errors = sorted(error.message for error in validator.iter_errors(document))
print("\n".join(errors))
sys.exit(1 if errors else 0)
