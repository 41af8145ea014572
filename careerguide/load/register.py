"""The register of roles as it is on disk: data/roles.yaml, a file per role in data/roles/, or both."""

from __future__ import annotations

import os
from pathlib import Path

from careerguide.load.files import required_yaml
from careerguide.load.reader import Reader
from careerguide.load.unread import REGISTER_FOLDER, Holds
from careerguide.model.errors import ContentError
from careerguide.model.raw import RawRegister, RoleFile

TABLE = "roles.yaml"
ROLE_FILES = Holds(f"data/{REGISTER_FOLDER}/", ".yaml", "role files", "data", misnamed=".yml")
MISSING = (
    "data/roles.yaml is missing: the register of roles; write it (each role id with its entry), or a file per role "
    "in data/roles/ (data/roles/<role-id>.yaml)"
)


def load_register(reader: Reader, data: Path) -> RawRegister | None:
    """data/roles.yaml and the files of data/roles/, parsed; None when there is neither, or when data/roles.yaml
    cannot be read (the reader's problem says why, and checking every role against half a register would bury it)."""
    table_path, folder = data / TABLE, data / REGISTER_FOLDER
    has_table = os.path.lexists(table_path)
    has_folder = folder.is_dir()
    names = reader.names(folder, ".yaml", ROLE_FILES) if not has_folder or reader.inside(folder) else []
    if not has_table and not has_folder:
        reader.problems.append(ContentError(reader.source(table_path), MISSING))
        return None
    table = required_yaml(reader, table_path, MISSING) if has_table else None
    if has_table and table is None:
        return None
    files = []
    for name in names:
        path = Path(name)
        files.append(RoleFile(path.name.removesuffix(".yaml"), reader.source(path), required_yaml(reader, path, "")))
    return RawRegister(table, tuple(files))
