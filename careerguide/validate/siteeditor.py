"""site.yaml's `editor`: which GitHub repository and branch the web editor at /admin/ saves to."""

from __future__ import annotations

import re

from careerguide.model import sitespecs
from careerguide.validate.fields import Fields


def read_editor(site: Fields) -> tuple[str, str, str | None] | None:
    """(repository, branch, sign-in service) from site.yaml's `editor`, or None when the site has no web editor."""
    editor = site.sub("editor", sitespecs.EDITOR.names())
    if editor is None:
        return None
    repo = editor.text("repo", required=True, hint="the guide's repository on GitHub, as owner/name")
    if repo and not re.match(sitespecs.REPO_PATTERN, repo):
        editor.fail(
            ("editor", "repo"),
            f"{repo!r} is not a GitHub repository; write it as owner/name, e.g. karriereguiden/guide",
        )
        return None
    branch = editor.text("branch") or "main"
    auth = editor.text("auth_url")
    if auth and not auth.startswith("https://"):
        editor.fail(("editor", "auth_url"), f"{auth!r}: sign-in goes over https://; give the service's https address")
        return None
    return (repo, branch, auth) if repo else None
