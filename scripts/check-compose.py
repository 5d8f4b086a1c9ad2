#!/usr/bin/env python3
"""Offline checks of docker-compose.yml that a typo would break (no Docker engine needed).

For every service container it checks that the environment sets every variable the service
reads: each ${VAR} its configuration names, and each setting whose default points at this
machine (localhost / 127.0.0.1) and so must be pointed elsewhere in a container. It also refuses
variables that no setting of the service reads (a misspelt name), and checks that the port
variable, the published port and the health-check URL agree.
Run: python3 scripts/check-compose.py [docker-compose.yml]
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVICES = ["inventory", "payment", "shipping", "notification"]
SHARED = ROOT / "shared-events/src/main/resources/META-INF/microprofile-config.properties"


def properties(path):
    """The settings of one properties file, profile-specific ones left out."""
    out = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if not key.startswith("%"):
            out[key.strip()] = value.strip()
    return out


def env_name(key):
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def service_config(service):
    config = properties(SHARED)
    config.update(properties(ROOT / f"{service}-service/src/main/resources/application.properties"))
    return config


def reads(service):
    """Variables the service must be given in a container, with the reason, and all it may read."""
    required, known = {}, set()
    for key, value in service_config(service).items():
        known.add(env_name(key))
        for match in re.finditer(r"\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}", value):
            required[match.group(1)] = f"{key} reads ${{{match.group(1)}}}"
            known.add(match.group(1))
        if re.search(r"localhost|127\.0\.0\.1", value) and "${" not in value:
            required[env_name(key)] = f"{key}={value} points at this machine"
    return required, known


def check(compose_path):
    compose = yaml.safe_load(compose_path.read_text())
    errors = []
    containers = compose.get("services", {})
    for service in SERVICES:
        name = f"{service}-service"
        container = containers.get(name)
        if container is None:
            errors.append(f"{name}: missing from {compose_path.name}")
            continue
        env = {str(k): str(v) for k, v in (container.get("environment") or {}).items()}
        required, known = reads(service)
        for var, why in sorted(required.items()):
            if var not in env:
                errors.append(f"{name}: {var} is not set ({why})")
        for var in sorted(env):
            if var not in known:
                errors.append(f"{name}: {var} is set but no setting of the service reads it")
        port = env.get(f"{service.upper()}_PORT")
        published = [str(p).split(":")[-1] for p in container.get("ports", [])]
        health = " ".join(container.get("healthcheck", {}).get("test", []))
        if port is None or port not in published or f":{port}/q/health/ready" not in health:
            errors.append(f"{name}: port {port}, published {published} and health check '{health}' disagree")
        for dependency in ("postgres", "rabbitmq"):
            condition = (container.get("depends_on") or {}).get(dependency, {}).get("condition")
            if condition != "service_healthy":
                errors.append(f"{name}: depends on {dependency} being healthy, found {condition}")
    return errors


if __name__ == "__main__":
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docker-compose.yml"
    problems = check(path)
    for problem in problems:
        print(f"[check-compose] {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"[check-compose] {path.name}: every service sets what it reads; ports and health checks agree")
