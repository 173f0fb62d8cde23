#!/usr/bin/env python3
"""Differential oracle for SluicePlan: generate events for tracking plan rules and judge
each one with python-jsonschema's Draft7Validator.

Usage: differential.py SEED EVENTS_PER_PLAN PLAN.json...

Prints one JSON object per line:
  {"plan": PATH, "callType": "track", "event": NAME, "payload": {...}, "valid": BOOL}

"valid" means the payload satisfies the event's rule (oldest version) and every common rule,
read the way Sluice reads plans: a rule schema with "eventMetadata" describes
payload["properties"] directly, any other rule schema describes the whole payload.

Format checks: python-jsonschema only checks a few formats without extra packages, so the
generator never produces a malformed string for a field with "format" (it produces a valid
string or a non-string); the official conformance suite covers format strings instead.
"""
import json
import random
import sys

from jsonschema import Draft7Validator

WRONG_VALUES = [1, 2.5, "text", True, None, {}, [], -7, {"a": 1}, ["x"]]
WORDS = ["Evil Morty", "Lawyer Morty", "FOO", "BAR", "footer", "right-nav", "Rick", "", "x"]


def load_rules(plan):
    """Yields (name, schema, scope) for track rules and (None, schema, None) for common."""
    rules = plan.get("rules")
    if isinstance(rules, list):
        versions = {}
        for rule in rules:
            schema = rule["jsonSchema"]
            scope = "properties" if "eventMetadata" in schema else None
            kind = rule.get("type", "TRACK").upper()
            if kind == "TRACK":
                name = rule.get("key") or schema["eventMetadata"]["name"]
                version = int(rule.get("version", 1))
                if name not in versions or version < versions[name][0]:
                    versions[name] = (version, schema, scope)
            elif kind == "COMMON":
                yield None, schema, scope
        for name, (_, schema, scope) in versions.items():
            yield name, schema, scope
        return
    container = rules if isinstance(rules, dict) else plan
    versions = {}
    for event in container.get("events", []):
        version = int(event.get("version", 1))
        scope = "properties" if "eventMetadata" in event["rules"] else None
        if event["name"] not in versions or version < versions[event["name"]][0]:
            versions[event["name"]] = (version, event["rules"], scope)
    for name, (_, schema, scope) in versions.items():
        yield name, schema, scope
    if isinstance(container.get("global"), dict):
        yield None, container["global"], None


def wrong_value(rng, schema):
    choices = WRONG_VALUES
    if isinstance(schema, dict) and "format" in schema:
        choices = [v for v in WRONG_VALUES if not isinstance(v, str)]
    return rng.choice(choices)


def generate(schema, rng, depth=0, mutation=0.08):
    if not isinstance(schema, dict):
        return rng.choice([1, "x", None, True])
    if rng.random() < mutation:
        return wrong_value(rng, schema)
    if "enum" in schema:
        if rng.random() < mutation:
            return "not-in-enum"
        return rng.choice(schema["enum"])
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = rng.choice(kind)
    if kind is None:
        if "properties" in schema:
            kind = "object"
        elif "items" in schema:
            kind = "array"
        else:
            kind = rng.choice(["string", "number", "integer", "boolean", "null", "object", "array"])
    if kind == "string":
        if schema.get("format") == "date-time":
            return rng.choice(["2024-01-02T03:04:05Z", "1999-12-31T23:59:59.123+01:00"])
        return rng.choice(WORDS)
    if kind == "integer":
        return rng.choice([0, 1, -3, 42, 10**12, 2**53, 7.0])
    if kind == "number":
        return rng.choice([0, 1.5, -2.25, 1e20, 3, 0.1])
    if kind == "boolean":
        return rng.choice([True, False])
    if kind == "null":
        return None
    if kind == "array":
        if depth > 3:
            return []
        return [generate(schema.get("items", {}), rng, depth + 1, mutation) for _ in range(rng.randint(0, 3))]
    return generate_object(schema, rng, depth, mutation)


def generate_object(schema, rng, depth, mutation):
    result = {}
    required = set(schema.get("required", []))
    for key, member in (schema.get("properties") or {}).items():
        keep = key in required or rng.random() < 0.7
        if key in required and rng.random() < mutation:
            keep = False
        if keep and depth <= 4:
            result[key] = generate(member, rng, depth + 1, mutation)
    if rng.random() < mutation * 2:
        result["unplanned_" + str(rng.randint(0, 9))] = rng.choice(WRONG_VALUES)
    return result


def payload_for(name, schema, scope, rng):
    if scope is None:
        props_schema = ((schema.get("properties") or {}).get("properties")) or {}
    else:
        props_schema = schema
    payload = {"type": "track", "event": name, "messageId": "m-%d" % rng.randint(0, 10**9)}
    if rng.random() > 0.04:
        payload["properties"] = generate(props_schema, rng, 1) if isinstance(props_schema, dict) else {}
    if rng.random() < 0.05:
        payload["properties"] = rng.choice(WRONG_VALUES)
    if rng.random() < 0.3:
        payload["context"] = rng.choice([{}, {"ip": "1.2.3.4"}, [], "ctx"])
    return payload


def main():
    seed, per_plan, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    rng = random.Random(seed)
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            plan = json.load(handle)
        rules = list(load_rules(plan))
        events = [(n, s, sc) for n, s, sc in rules if n is not None]
        common = [(Draft7Validator(s, format_checker=Draft7Validator.FORMAT_CHECKER), sc) for n, s, sc in rules if n is None]
        for _ in range(per_plan):
            name, schema, scope = rng.choice(events)
            payload = payload_for(name, schema, scope, rng)
            validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
            valid = validator.is_valid(scoped(payload, scope))
            valid = valid and all(v.is_valid(scoped(payload, sc)) for v, sc in common)
            record = {"plan": path, "callType": "track", "event": name, "payload": payload, "valid": valid}
            print(json.dumps(record))


def scoped(payload, scope):
    if scope is None:
        return payload
    return payload.get(scope, {})


if __name__ == "__main__":
    main()
