#!/usr/bin/env python3
"""Checks of flow --export=argo documents, for the tests in tests/e2e/export-argo-*.sh.

  argo.py check FILE...   validate against Argo's Workflow schema (schema/), check that
                          only the keys flow means to emit appear, and that the object is
                          under 1 MB; exit 1 with the problems on stderr
  argo.py run FILE        run the workflow here as Argo would: its DAG tasks in dependency
                          order, each item's container command in its workingDir (the
                          host's shell standing in for the image); a task after a
                          failed one is skipped, as Argo does (the others go on)
"""
import json
import os
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "schema", "argo-workflow-schema.json")
WORKFLOW = "io.argoproj.workflow.v1alpha1.Workflow"
MAX_BYTES = 1000000

ANY = "*"
PARAMS = [{"name": None, "value": None}]
RESOURCES = {"cpu": None, "memory": None, "nvidia.com/gpu": None}
TASK = {"name": None, "template": None, "dependencies": None,
        "arguments": {"parameters": PARAMS}, "withItems": None}
TEMPLATE = {
    "name": None,
    "dag": {"failFast": None, "tasks": [TASK]},
    "metadata": {"annotations": ANY},
    "inputs": {"parameters": [{"name": None}]},
    "container": {
        "image": None, "command": None, "workingDir": None, "env": PARAMS,
        "resources": {"requests": RESOURCES, "limits": RESOURCES},
        "volumeMounts": [{"name": None, "mountPath": None}],
    },
}
# Every key flow emits; None: a value whose keys are not checked (scalars, lists of them).
ALLOWED = {
    "apiVersion": None, "kind": None,
    "metadata": {"generateName": None, "annotations": ANY},
    "spec": {"entrypoint": None, "parallelism": None,
             "volumes": [{"name": None, "persistentVolumeClaim": {"claimName": None}}],
             "templates": [TEMPLATE]},
}


def stray_keys(doc, allowed, where="$"):
    if allowed is None or allowed == ANY:
        return []
    if isinstance(allowed, list):
        if not isinstance(doc, list):
            return ["%s: a list expected" % where]
        return [p for i, d in enumerate(doc) for p in stray_keys(d, allowed[0], "%s[%d]" % (where, i))]
    if not isinstance(doc, dict):
        return ["%s: a mapping expected" % where]
    out = []
    for k, v in doc.items():
        if k not in allowed:
            out.append("%s: key '%s' is not one flow emits" % (where, k))
        else:
            out += stray_keys(v, allowed[k], "%s.%s" % (where, k))
    return out


def validator():
    import jsonschema
    with open(SCHEMA) as f:
        schema = json.load(f)
    sub = {"$schema": schema["$schema"], "definitions": schema["definitions"],
           "$ref": "#/definitions/" + WORKFLOW}
    return jsonschema.Draft202012Validator(sub)


def check(paths):
    v = validator()
    bad = 0
    for path in paths:
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        if not docs:
            print("%s: no document" % path, file=sys.stderr)
            bad += 1
        for doc in docs:
            problems = ["schema: %s at %s" % (e.message, "/".join(map(str, e.absolute_path)))
                        for e in v.iter_errors(doc)]
            problems += stray_keys(doc, ALLOWED)
            size = len(json.dumps(doc, separators=(",", ":")).encode())
            if size >= MAX_BYTES:
                problems.append("object is %d bytes, over %d" % (size, MAX_BYTES))
            for p in problems:
                print("%s: %s" % (path, p), file=sys.stderr)
            bad += len(problems)
    return 1 if bad else 0


def order(tasks):
    """The tasks in an order that puts each after its dependencies (Kahn, stable)."""
    done, out, rest = set(), [], list(tasks)
    while rest:
        ready = [t for t in rest if all(d in done for d in t.get("dependencies", []))]
        if not ready:
            raise SystemExit("dependency cycle among %s" % [t["name"] for t in rest])
        for t in ready:
            out.append(t)
            done.add(t["name"])
            rest.remove(t)
    return out


def run(path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    spec = doc["spec"]
    templates = {t["name"]: t for t in spec["templates"]}
    dag = templates[spec["entrypoint"]]["dag"]
    failed = set()
    for task in order(dag["tasks"]):
        if any(d in failed for d in task.get("dependencies", [])):
            failed.add(task["name"])
            print("%s skipped" % task["name"])
            continue
        c = templates[task["template"]]["container"]
        for item in task["withItems"]:
            argv = [a.replace("{{inputs.parameters.job}}", item) for a in c["command"]]
            env = dict(os.environ, **{e["name"]: e["value"] for e in c.get("env", [])})
            st = subprocess.call(argv, cwd=c["workingDir"], env=env)
            print("%s %s %d" % (task["name"], item, st))
            if st != 0:
                failed.add(task["name"])
    return 1 if failed else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "check":
        return check(argv[2:])
    if len(argv) == 3 and argv[1] == "run":
        return run(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
