"""Rows stored once and referred to by id: value labels, check rules and check sets, with their ids cached.

A cached id is valid as long as its row exists; rows of these tables are never changed or deleted
once committed. What a rolled-back savepoint or transaction inserted is forgotten again
(``mark``/``forget_since``), so a cached id never points at a row that was rolled back.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from xxgk.store.codec import RuleSpec, as_spec

LabelKey = tuple[str, str, "str | None", "str | None"]  # key, label, section, unit


class Interner:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.labels: dict[LabelKey, int] = {}
        self.label_sets: dict[str, list[int]] = {}  # labels_key (store.codec) -> the ids of its labels
        self.rules: dict[RuleSpec, int] = {}
        self.sets: dict[str, int] = {}  # rules_key (JSON of the specs) -> set id
        self._set_rules: dict[int, list[int]] = {}
        self._set_specs: dict[int, list[RuleSpec]] = {}
        self._rule_specs: dict[int, RuleSpec] = {}
        self._added: list[tuple[dict[Any, Any], Any]] = []

    # -- savepoints --------------------------------------------------------------------------------

    def mark(self) -> int:
        return len(self._added)

    def forget_since(self, mark: int) -> None:
        """Drop the ids of rows inserted after ``mark`` (their savepoint or transaction rolled back)."""
        if len(self._added) > mark:  # a rolled-back id may be reused: drop what was read by id, too
            self._set_rules.clear()
            self._set_specs.clear()
            self._rule_specs.clear()
        for cache, key in self._added[mark:]:
            cache.pop(key, None)
        del self._added[mark:]

    def committed(self) -> None:
        self._added.clear()

    def _remember(self, cache: dict[Any, Any], key: Any, value: int, inserted: bool) -> int:
        cache[key] = value
        if inserted:
            self._added.append((cache, key))
        return value

    # -- value labels ------------------------------------------------------------------------------

    def label_id(self, key: LabelKey) -> int:
        found = self.labels.get(key)
        if found is not None:
            return found
        row = self.conn.execute("SELECT id FROM value_labels WHERE key = ? AND label = ? AND section IS ? "
                                "AND unit IS ?", key).fetchone()
        if row is not None:
            return self._remember(self.labels, key, row[0], False)
        new_id = self.conn.execute("INSERT INTO value_labels (key, label, section, unit) VALUES (?, ?, ?, ?)",
                                   key).lastrowid
        assert new_id is not None
        return self._remember(self.labels, key, new_id, True)

    def label_ids(self, labels_key: str | None, values: Sequence[Sequence[Any]]) -> list[int]:
        """The label id of every value (``values``: rows that start with key, label, section, unit)."""
        if labels_key is not None:
            found = self.label_sets.get(labels_key)
            if found is not None:
                return found
        labels = self.labels
        ids = [labels.get(k) or self.label_id(k) for k in (tuple(v[:4]) for v in values)]
        if labels_key is not None:
            self._remember_set(labels_key, ids)
        return ids

    def _remember_set(self, labels_key: str, ids: list[int]) -> None:
        self.label_sets[labels_key] = ids
        self._added.append((self.label_sets, labels_key))  # forgotten with a rollback, like its labels

    # -- check rules and sets ----------------------------------------------------------------------

    def rule_id(self, spec: RuleSpec) -> int:
        found = self.rules.get(spec)
        if found is not None:
            return found
        row = self.conn.execute("SELECT id FROM check_rules WHERE rule = ? AND scope = ? AND strict = ? AND "
                                "title = ? AND formula = ? AND keys = ?", spec).fetchone()
        if row is not None:
            return self._remember(self.rules, spec, row[0], False)
        new_id = self.conn.execute("INSERT INTO check_rules (rule, scope, strict, title, formula, keys) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", spec).lastrowid
        assert new_id is not None
        return self._remember(self.rules, spec, new_id, True)

    def set_id(self, rules_key: str) -> int:
        """The check set of the rules listed (JSON of their specs, in order); created when new."""
        found = self.sets.get(rules_key)
        if found is not None:
            return found
        rule_ids = [self.rule_id(as_spec(s)) for s in json.loads(rules_key)]
        text = ",".join(map(str, rule_ids))
        row = self.conn.execute("SELECT id FROM check_sets WHERE rule_ids = ?", (text,)).fetchone()
        if row is not None:
            set_id = self._remember(self.sets, rules_key, row[0], False)
        else:
            new_id = self.conn.execute("INSERT INTO check_sets (rule_ids) VALUES (?)", (text,)).lastrowid
            assert new_id is not None
            set_id = self._remember(self.sets, rules_key, new_id, True)
        self._set_rules[set_id] = rule_ids
        return set_id

    # -- reading -----------------------------------------------------------------------------------

    def rule_spec(self, rule_id: int) -> RuleSpec:
        spec = self._rule_specs.get(rule_id)
        if spec is None:
            row = self.conn.execute("SELECT rule, scope, strict, title, formula, keys FROM check_rules "
                                    "WHERE id = ?", (rule_id,)).fetchone()
            if row is None:
                raise LookupError(f"check rule #{rule_id} is missing")
            spec = self._rule_specs[rule_id] = as_spec(row)
        return spec

    def set_rule_ids(self, set_id: int) -> list[int]:
        """The rule ids of a check set, in order (cached: sets never change)."""
        ids = self._set_rules.get(set_id)
        if ids is None:
            row = self.conn.execute("SELECT rule_ids FROM check_sets WHERE id = ?", (set_id,)).fetchone()
            if row is None:
                raise LookupError(f"check set #{set_id} is missing")
            ids = self._set_rules[set_id] = [int(i) for i in row[0].split(",")] if row[0] else []
        return ids

    def set_specs(self, set_id: int) -> list[RuleSpec]:
        """The rules of a check set, in order."""
        specs = self._set_specs.get(set_id)
        if specs is None:
            specs = self._set_specs[set_id] = [self.rule_spec(i) for i in self.set_rule_ids(set_id)]
        return specs
