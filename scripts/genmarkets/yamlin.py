"""Reading YAML the way the C loader does (libyaml, YAML 1.1 syntax): only a plain `true` or
`false` is a bool and plain digits (without a leading 0) an int; every other scalar stays a
string, so `NO`, `ON` or `Y` in a hand-written overlay mean Norway, Ontario and Y, as they do
for csponboard."""

import re

import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool",
                                                  "tag:yaml.org,2002:null",
                                                  "tag:yaml.org,2002:float",
                                                  "tag:yaml.org,2002:int",
                                                  "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                             list("tf"))
Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:0|[1-9][0-9]*)$"),
                             list("0123456789"))


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)  # noqa: S506 (the Loader above is a SafeLoader)
