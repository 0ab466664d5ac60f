"""Which kind of problem a complaint is: a stable complaint type, its department and fix.

The types are data (data/complaint_types.yaml); which one a line names is the language layer's
`problem` cue. The seed and the analytics use the same type names.
"""

from dataclasses import dataclass
from typing import Any

from helpline.engine.packaged import load_yaml
from helpline.language import Intent, Priority, Utterance

_RANK = {Priority.LOW: 0, Priority.MEDIUM: 1, Priority.HIGH: 2}


@dataclass(frozen=True, slots=True)
class ProblemKind:
    complaint_type: str
    label: str
    department: str
    priority: Priority
    fix: str


def _kind(name: str, spec: dict[str, Any]) -> ProblemKind:
    return ProblemKind(
        name,
        spec["label"],
        spec["department"],
        Priority(spec["priority"]),
        (spec.get("fix") or "").strip(),
    )


class Triage:
    """Chooses the complaint type for an issue line; built once from the package data."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        spec = data if data is not None else load_yaml("data/complaint_types.yaml")
        self._kinds: dict[str, ProblemKind] = {}
        self._any: list[ProblemKind] = []
        self._groups: dict[Intent, list[ProblemKind]] = {}
        self._defaults: dict[Intent, ProblemKind] = {}
        for group_name, group in spec.items():
            kinds = [_kind(name, t) for name, t in group["types"].items()]
            self._kinds.update((k.complaint_type, k) for k in kinds)
            if group_name == "any":
                self._any = kinds
            elif group_name in Intent.__members__.values():
                intent = Intent(group_name)
                self._groups[intent] = kinds
                self._defaults[intent] = self._kinds[group["default"]]

    def departments(self) -> dict[str, str]:
        """Each complaint type's department."""
        return {name: k.department for name, k in self._kinds.items()}

    def kind(self, complaint_type: str) -> ProblemKind | None:
        return self._kinds.get(complaint_type)

    def label(self, complaint_type: str) -> str:
        """The Hinglish label of a type, for reading a ticket back."""
        found = self._kinds.get(complaint_type)
        return found.label if found else complaint_type.replace("_", " ")

    def classify(self, utterance: Utterance) -> ProblemKind:
        """The type whose words the line uses; else the usual type of the department the
        language layer triaged it to (for lines under a non-issue intent); else the intent's."""
        found = self.recognise(utterance)
        if found is not None:
            return found
        if utterance.intent not in self._groups and utterance.department is not None:
            by_department = self._for_department(utterance.department.value)
            if by_department is not None:
                return by_department
        return self._defaults[self._intent(utterance)]

    def _for_department(self, department: str) -> ProblemKind | None:
        defaults = [k for k in self._defaults.values() if k.department == department]
        kinds = defaults + [k for k in self._any if k.department == department]
        return kinds[0] if kinds else None

    def recognise(self, utterance: Utterance) -> ProblemKind | None:
        """The type the language layer read in the line, or None when it names no known one."""
        problem = utterance.cues.problem
        return self._kinds.get(problem) if problem is not None else None

    def _intent(self, utterance: Utterance) -> Intent:
        return utterance.intent if utterance.intent in self._groups else Intent.NETWORK_ISSUE

    @staticmethod
    def priority(kind: ProblemKind, utterance: Utterance) -> Priority:
        """The higher of the type's usual priority and the one the language layer heard."""
        heard = utterance.priority
        if heard is not None and _RANK[heard] > _RANK[kind.priority]:
            return heard
        return kind.priority
