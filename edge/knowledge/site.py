"""One deployment's own knowledge: the facts the assistant may state and the answers it speaks word for word.

The operator edits a YAML file (see configs/sites/); loading is strict like every other config file, so a typo
is an error that names the file, the key and the fix, never a kiosk that silently answers from half a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge.configfile import ConfigError, build, load_yaml, opt

_ENTRY_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WORD = re.compile(r"^[a-z0-9][a-z0-9'-]*$")


@dataclass(frozen=True)
class Entry:
    """A question customers ask often, with the exact answer to speak."""

    id: str = opt("", "Short stable name (lowercase, digits, _): answer audio and logs are keyed by it.")
    questions: tuple[str, ...] = opt((), "Ways a customer may ask it; several phrasings make matching robust.")
    answer: str = opt("", "The words spoken when a question matches; synthesized once at boot.")
    topic: str = opt("", "What the entry is about, as the kiosk names it when it asks back (\"Are you asking about "
                         "<topic>?\", offers.py); empty = the id in words.")


@dataclass(frozen=True)
class SiteKnowledge:
    """Everything the assistant knows about one site."""

    site: str = opt("", "The site's name, as the assistant says it.")
    kind: str = opt("", "What kind of place this is (hotel lobby, hardware store); it goes into the LLM's prompt.")
    facts: tuple[str, ...] = opt((), "Sentences the assistant may state; the LLM sees the ones closest to a question.")
    entries: tuple[Entry, ...] = opt((), "Frequent questions with their fixed answers.")
    synonyms: dict[str, str] = opt({}, "Words visitors say -> the word the site's knowledge uses (`till: checkout`), "
                                       "for the word half of matching; a general list is built in (lexical.py).")

    def entry(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)

    @property
    def texts(self) -> tuple[str, ...]:
        """Every sentence of site knowledge the assistant may state: the name, facts and answers.

        Not `kind`: it describes the deployment for the prompt ("hotel lobby kiosk"), it is not a fact to state.
        """
        return (self.site, *self.facts, *(e.answer for e in self.entries))


def _require_text(value: str, source: str, key: str, what: str) -> None:
    if not value.strip():
        raise ConfigError(source, key, f"{what} is empty", f"Write the {what}")


def validate(site: SiteKnowledge, source: str) -> SiteKnowledge:
    """Check what the type system cannot: nothing empty, ids unique, no question claimed by two entries."""
    _require_text(site.site, source, "site", "site name")
    if not site.facts and not site.entries:
        raise ConfigError(source, "facts", "the site has neither facts nor entries",
                          "Add at least one fact (a sentence the assistant may state) or one entry")
    for i, fact in enumerate(site.facts):
        _require_text(fact, source, f"facts[{i}]", "fact")
    seen_ids: set[str] = set()
    owner_of: dict[str, str] = {}
    for i, entry in enumerate(site.entries):
        key = f"entries[{i}]"
        if not _ENTRY_ID.match(entry.id):
            raise ConfigError(source, f"{key}.id", f"{entry.id!r} is not a valid id",
                              "Use lowercase letters, digits and _, starting with a letter (e.g. opening_hours)")
        if entry.id in seen_ids:
            raise ConfigError(source, f"{key}.id", f"the id {entry.id!r} is used twice", "Give each entry its own id")
        seen_ids.add(entry.id)
        if not entry.questions:
            raise ConfigError(source, f"{key}.questions", f"entry {entry.id!r} has no questions",
                              "List at least one way a customer may ask it")
        for j, question in enumerate(entry.questions):
            _require_text(question, source, f"{key}.questions[{j}]", "question")
            norm = " ".join(question.lower().split())
            if norm in owner_of and owner_of[norm] != entry.id:
                raise ConfigError(source, f"{key}.questions[{j}]",
                                  f"{question!r} is also a question of entry {owner_of[norm]!r}",
                                  "Keep each question under one entry only")
            owner_of[norm] = entry.id
        _require_text(entry.answer, source, f"{key}.answer", "answer")
    for said, meant in site.synonyms.items():
        if not _WORD.match(said) or not _WORD.match(meant):
            raise ConfigError(source, f"synonyms.{said}", f"{said!r}: {meant!r} is not one word for another",
                              "Write each synonym as `word: word` in lower case (e.g. `loo: toilet`)")
    return site


def parse_site(data: dict[str, Any], source: str) -> SiteKnowledge:
    """Build and validate site knowledge from an already-read YAML mapping."""
    if "site" not in data:
        raise ConfigError(source, "site", "missing", "Add a `site:` key with the site's name (see configs/sites/)")
    return validate(build(SiteKnowledge, data, source), source)


def load_site(path: Path) -> SiteKnowledge:
    """Read and validate a site knowledge file; every problem is a ConfigError naming the file and key."""
    return parse_site(load_yaml(Path(path)), str(path))
