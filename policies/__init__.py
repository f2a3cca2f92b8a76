# Makes policies/ installable as the package `linter.policies` (see pyproject.toml), so the
# shipped YAML files travel inside the wheel. There is no Python code here.
