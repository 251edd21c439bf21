"""The session's state and where it is kept between runs.

The draft (profile answers so far, shortlist, filters) is plain data saved as
YAML in the user's data folder after every answer and command, atomically, so
an interrupted session never loses work. FUNDFINDER_DATA_DIR overrides the
folder (tests use it to stay out of the user's home).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fundfinder.errors import FundfinderError, InputFileError
from fundfinder.load.yamlsafe import PROFILE_MAX_BYTES, read_yaml_file
from fundfinder.messages import Msg, msg, table
from fundfinder.output import write_text_atomic
from fundfinder.safetext import strip_unsafe

DATA_DIR_ENV = "FUNDFINDER_DATA_DIR"
FORMAT_VERSION = 1
PHASES = ("interview", "results")

STORE = table(
    "store",
    {
        "not_draft": "{path}: not a fundfinder session draft",
        "not_draft_because": "{path}: not a fundfinder session draft ({wrong})",
        "not_mapping": "{field} is not a mapping",
        "no_name": "profile.organisation.name is not a name",
        "not_word_list": "{field} is not a list of words",
        "not_values": "{field} is neither a value nor a list of values",
        "cannot_resume": "cannot resume: {error}",
        "profile_not_mapping": (
            "{path}: expected a mapping with organisation, themes and regions at the top"
        ),
    },
)


def data_dir() -> Path:
    """The user's fundfinder data folder (or FUNDFINDER_DATA_DIR)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("fundfinder")


def draft_path() -> Path:
    return data_dir() / "session" / "draft.yaml"


@dataclass
class SessionState:
    """Everything a session needs to continue where it stopped; plain data only."""

    profile: dict[str, Any] = field(default_factory=dict)
    phase: str = "interview"
    step: str | None = None  # the interview step to ask next
    want_finances: bool | None = None
    shortlist: list[dict[str, str]] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the profile file the session started from, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "fundfinder_session": FORMAT_VERSION,
            "phase": self.phase,
            "step": self.step,
            "want_finances": self.want_finances,
            "source": self.source,
            "profile": self.profile,
            "shortlist": self.shortlist,
            "filters": self.filters,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> SessionState:
        if not isinstance(data, dict) or not isinstance(data.get("profile", {}), dict):
            raise FundfinderError(msg("store.not_draft", path=where))
        wrong = _misshapen(data.get("profile") or {})
        if wrong:
            raise FundfinderError(msg("store.not_draft_because", path=where, wrong=wrong))
        phase = data.get("phase")
        shortlist = [
            {str(k): strip_unsafe(str(v)) for k, v in item.items() if v is not None}
            for item in data.get("shortlist") or []
            if isinstance(item, dict) and item.get("id")
        ]
        filters = data.get("filters")
        return cls(
            profile=plain(data.get("profile") or {}),
            phase=phase if phase in PHASES else "interview",
            step=str(data["step"]) if data.get("step") else None,
            want_finances=data.get("want_finances")
            if isinstance(data.get("want_finances"), bool)
            else None,
            shortlist=shortlist,
            filters=plain(filters) if isinstance(filters, dict) else {},
            source=str(data["source"]) if data.get("source") else None,
        )


# The shape a draft's profile must have before the session reads it (its values are
# checked later, as any profile's): these parts are mappings, these lists of words.
_MAPPINGS = ("organisation", "need", "finances", "preferences")
_LISTS = ("themes", "regions")


def _misshapen(profile: dict[str, Any]) -> Msg | None:
    """What is of the wrong shape in a draft's profile, or None."""
    for key in _MAPPINGS:
        if profile.get(key) is not None and not isinstance(profile[key], dict):
            return msg("store.not_mapping", field=f"profile.{key}")
    if not _scalar((profile.get("organisation") or {}).get("name")):
        return msg("store.no_name")
    for key in _LISTS:
        items = profile.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(_scalar(item) for item in items):
            return msg("store.not_word_list", field=f"profile.{key}")
    for part in _MAPPINGS:
        for key, value in (profile.get(part) or {}).items():
            if isinstance(value, dict):  # income by source, weights
                value = list(value.values())
            if not (_scalar(value) or (isinstance(value, list) and all(map(_scalar, value)))):
                return msg("store.not_values", field=f"profile.{part}.{key}")
    return None


def _scalar(value: Any) -> bool:
    from datetime import date

    return value is None or isinstance(value, (str, int, float, bool, date))


def plain(value: Any) -> Any:
    """YAML-loaded data (with its line-tracking containers) as plain dicts and lists, its
    strings without terminal controls (`safetext`)."""
    if isinstance(value, str):
        return strip_unsafe(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=100)


def save_state(state: SessionState, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# fundfinder session draft; continue with `fundfinder session --resume`\n"
    write_text_atomic(path, header + dump_yaml(state.to_dict()), force=True)


def load_state(path: Path) -> SessionState | None:
    """The saved state, or None when there is none."""
    if not path.exists():
        return None
    try:
        data = read_yaml_file(path, PROFILE_MAX_BYTES)
    except InputFileError as exc:
        raise FundfinderError(msg("store.cannot_resume", error=exc.message)) from None
    return SessionState.from_dict(data, str(path))


def drafts_dir() -> Path:
    """One draft per organisation, kept until deleted."""
    return data_dir() / "session" / "drafts"


def draft_slug(name: str | None) -> str:
    from fundfinder.textnorm import fold

    words = fold(name or "").replace("+", " ").split()
    return "-".join(words)[:60].strip("-") or "unnamed"


def draft_for(name: str | None) -> Path:
    return drafts_dir() / f"{draft_slug(name)}.yaml"


def list_drafts() -> list[Path]:
    """Every organisation's draft, the most recently saved first (and a draft of an
    earlier version, kept in one file for all organisations, last)."""
    folder = drafts_dir()
    found = []
    if folder.is_dir():
        found = [
            p
            for p in folder.glob("*.yaml")
            if p.is_file() and ".previous" not in p.name and ".unreadable" not in p.name
        ]
    found.sort(key=lambda p: (-p.stat().st_mtime_ns, p.name))
    legacy = draft_path()
    if legacy.is_file():
        found.append(legacy)
    return found


def draft_name(path: Path) -> str:
    """The organisation a draft is for, as its profile names it (or the file's name)."""
    try:
        state = load_state(path)
    except FundfinderError:
        return path.stem
    org = state.profile.get("organisation") if state else None
    name = org.get("name") if isinstance(org, dict) else None
    return str(name) if name else path.stem


def set_aside(path: Path) -> Path:
    """Move a draft that cannot be read out of the way, keeping it for inspection."""
    target = path.with_name(f"{path.stem}.unreadable.yaml")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.unreadable-{n}.yaml")
    os.replace(path, target)
    return target


def keep_previous(path: Path) -> Path | None:
    """Move an existing draft aside before a new session starts; return where it went."""
    if not path.exists():
        return None
    previous = path.with_name(f"{path.stem}.previous.yaml")
    os.replace(path, previous)
    return previous


def load_profile_data(path: Path) -> dict[str, Any]:
    """A profile file as plain data (validation happens in `parse_profile`)."""
    from fundfinder.errors import ProfileError

    try:
        data = read_yaml_file(path, PROFILE_MAX_BYTES)
    except InputFileError as exc:
        raise ProfileError(exc.message, exc.problems) from None
    if not isinstance(data, dict):
        raise ProfileError(msg("store.profile_not_mapping", path=str(path)))
    result = plain(data)
    assert isinstance(result, dict)
    return result
