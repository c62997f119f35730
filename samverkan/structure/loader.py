"""Load a förbund's reference structure from a YAML file: idempotent, and all or nothing.

`data/gavleborg.yaml` shows the format. Every object is found by its natural key (a federation
by slug, a party by its code, a rule by its decision, group kind and dates, …), so loading the
same file twice changes nothing and loading an edited file changes only what was edited. Rows
the file no longer mentions are left alone and reported, never deleted: other records may
refer to them. Bad input raises `StructureFileError` naming the file, the line and the problem.
"""

import collections
import dataclasses
import datetime
import decimal
import re
from pathlib import Path

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core.models import VersionedModel
from samverkan.structure.models import (
    Decision,
    Federation,
    Group,
    GroupKind,
    GroupRule,
    Municipality,
    Party,
    StandingItem,
    SubRegion,
    TimeBudget,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The order the summary lists kinds of objects in: the order they are loaded.
SUMMARY_MODELS = (
    Federation,
    SubRegion,
    Municipality,
    Party,
    Group,
    Decision,
    GroupRule,
    StandingItem,
    TimeBudget,
)

TOP_KEYS = ("federation", "sub_regions", "municipalities", "parties", "groups", "decisions")
FEDERATION_KEYS = ("name", "slug", "county", "organisation_number", "founded_on", "description")
SUB_REGION_KEYS = ("name", "order")
MUNICIPALITY_KEYS = ("code", "name", "sub_region")
PARTY_KEYS = ("code", "name", "short_name", "kind", "municipality", "order")
GROUP_KEYS = ("kind", "name", "description", "municipality", "started_on", "ended_on")
DECISION_TEXT_KEYS = ("decided_by", "review_rhythm", "follow_up", "summary", "source")
DECISION_DATE_KEYS = ("decided_on", "effective_from", "effective_until", "follow_up_by")
DECISION_KEYS = ("title", *DECISION_TEXT_KEYS, *DECISION_DATE_KEYS, "rules")
RULE_INTEGER_KEYS = ("meetings_per_year", "meeting_minutes", "pre_read_working_days")
RULE_RESPONSIBLE_KEYS = ("convener", "chair", "minute_taker")
RULE_BOOLEAN_KEYS = (
    "information_items_allowed",
    "pre_reads_required",
    "steering_group_for_funded_work",
    "federation_invited_as_guest",
    "federation_news_slot",
    "requires_own_municipality",
)
RULE_KEYS = (
    "group_kind",
    "valid_from",
    "valid_until",
    *RULE_INTEGER_KEYS,
    *RULE_RESPONSIBLE_KEYS,
    "responsible_party",
    *RULE_BOOLEAN_KEYS,
    "preparation_factor",
    "required_parties",
    "note",
    "standing_items",
    "time_budgets",
)
STANDING_ITEM_KEYS = ("title", "kind")

DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER_PATTERN = re.compile(r"\d+")
DECIMAL_PATTERN = re.compile(r"\d+([.,]\d+)?")
# Swedish words are accepted beside YAML's own, since the people writing these files are Swedish.
TRUE_WORDS = {"true", "yes", "on", "ja"}
FALSE_WORDS = {"false", "no", "off", "nej"}
NULL_TAG = "tag:yaml.org,2002:null"


class StructureFileError(Exception):
    """Bad input in a structure file; the message names the file, the line and the problem."""

    def __init__(self, file_name, line, problem):
        self.file_name = file_name
        self.line = line
        self.problem = problem
        if line:
            message = _("%(file)s, rad %(line)d: %(problem)s") % {
                "file": file_name,
                "line": line,
                "problem": problem,
            }
        else:
            message = _("%(file)s: %(problem)s") % {"file": file_name, "problem": problem}
        super().__init__(message)


@dataclasses.dataclass
class LoadSummary:
    """What one load did: per kind of object, how many were created, updated or unchanged."""

    file_name: str
    counts: dict = dataclasses.field(default_factory=dict)
    left_alone: list = dataclasses.field(default_factory=list)
    # The kinds of objects the summary lists, in order.
    models: tuple = SUMMARY_MODELS

    def add(self, model, status):
        self.counts.setdefault(model, collections.Counter())[status] += 1

    def count(self, model, status):
        return self.counts.get(model, collections.Counter())[status]

    def total(self, status):
        return sum(counter[status] for counter in self.counts.values())

    @property
    def changed(self):
        return bool(self.total(CREATED) or self.total(UPDATED))

    def as_text(self):
        """The summary as the Swedish table an operator reads after a load."""
        headings = (_("Typ"), _("Nya"), _("Ändrade"), _("Oförändrade"))
        rows = [
            (
                str(model._meta.verbose_name_plural),
                *(str(self.count(model, status)) for status in (CREATED, UPDATED, UNCHANGED)),
            )
            for model in self.models
            if model in self.counts
        ]
        widths = [max(len(row[i]) for row in [headings, *rows]) for i in range(len(headings))]

        def format_row(row):
            cells = [row[0].ljust(widths[0])]
            cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
            return "  " + "  ".join(cells)

        lines = [self.file_name, format_row(headings)]
        lines += [format_row(row) for row in rows]
        lines += ["  " + note for note in self.left_alone]
        if self.changed:
            lines.append(
                "  "
                + _("Inläst: %(created)d nya och %(updated)d ändrade poster.")
                % {"created": self.total(CREATED), "updated": self.total(UPDATED)}
            )
        else:
            lines.append("  " + _("Inga ändringar: databasen stämmer redan med filen."))
        return "\n".join(lines)


def load_structure_file(path):
    """Load the structure described in the YAML file at `path` in one transaction.

    Returns a `LoadSummary`; raises `StructureFileError` and changes nothing on bad input.
    """
    path = Path(path)
    source = _Source(path.name)
    document = source.compose(path)
    with transaction.atomic():
        return _Loader(source, document).load()


class _Source:
    """The file being read: turns a YAML node or a line number into a located error."""

    # PyYAML's most common complaints, said in Swedish; others are quoted as PyYAML words them.
    YAML_PROBLEMS = {
        "mapping values are not allowed here": gettext_lazy(
            "kolon på fel ställe; kontrollera indragningen eller sätt värdet inom citattecken"
        ),
        "could not find expected ':'": gettext_lazy("kolon saknas efter nyckeln"),
        "found character '\\t' that cannot start any token": gettext_lazy(
            "tabbtecken får inte användas för indragning"
        ),
        "expected <block end>": gettext_lazy("indragningen stämmer inte med raderna ovanför"),
        "found duplicate anchor": gettext_lazy("samma ankare finns två gånger"),
        "found undefined alias": gettext_lazy("hänvisning till ett ankare som inte finns"),
    }

    def __init__(self, file_name):
        self.file_name = file_name

    def error(self, where, problem):
        line = where.start_mark.line + 1 if isinstance(where, yaml.Node) else where
        return StructureFileError(self.file_name, line, problem)

    def compose(self, path):
        """Parse the file into a YAML node tree, which keeps the line of every value."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise self.error(None, _("filen finns inte")) from None
        except UnicodeDecodeError:
            raise self.error(None, _("filen är inte sparad som UTF-8")) from None
        except OSError as error:
            raise self.error(
                None, _("filen kan inte läsas (%(reason)s)") % {"reason": error.strerror}
            ) from None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = str(error.problem or error.context or "")
            for english, swedish in self.YAML_PROBLEMS.items():
                if problem.startswith(english):
                    problem = str(swedish)
                    break
            raise self.error(
                mark.line + 1 if mark else None,
                _("ogiltig YAML-syntax: %(problem)s") % {"problem": problem},
            ) from None
        except yaml.YAMLError as error:
            raise self.error(
                None, _("ogiltig YAML-syntax: %(problem)s") % {"problem": error}
            ) from None
        if node is None:
            raise self.error(None, _("filen är tom"))
        return node


class _Mapping:
    """One YAML mapping, checked against the keys it may and must have; values read by type."""

    def __init__(self, source, node, allowed, required=()):
        self.source = source
        self.node = node
        self.allowed = allowed
        if not isinstance(node, yaml.MappingNode):
            raise source.error(node, _("här väntades nycklar med värden (nyckel: värde)"))
        self.values = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in allowed:
                raise source.error(
                    key_node,
                    _('okänd nyckel "%(key)s"; tillåtna nycklar här: %(allowed)s')
                    % {"key": key if key is not None else "?", "allowed": ", ".join(allowed)},
                )
            if key in self.values:
                raise source.error(
                    key_node, _('nyckeln "%(key)s" förekommer två gånger') % {"key": key}
                )
            self.values[key] = value_node
        for key in required:
            if not self.has(key):
                raise source.error(node, _('nyckeln "%(key)s" saknas') % {"key": key})

    @property
    def line(self):
        return self.node.start_mark.line + 1

    def has(self, key):
        node = self.values.get(key)
        if node is None or node.tag == NULL_TAG:
            return False
        return not (isinstance(node, yaml.ScalarNode) and not node.value.strip())

    def node_of(self, key):
        return self.values.get(key, self.node)

    def scalar(self, key):
        """The value of `key` as written, stripped; None when absent or empty."""
        if not self.has(key):
            return None
        return _scalar_text(self.source, self.values[key], key)

    def text(self, key):
        return self.scalar(key) or ""

    def integer(self, key):
        value = self.scalar(key)
        if value is None:
            return None
        if not INTEGER_PATTERN.fullmatch(value):
            raise self._invalid(key, value, _("ett heltal, 0 eller större"))
        return int(value)

    def decimal(self, key):
        value = self.scalar(key)
        if value is None:
            return None
        if not DECIMAL_PATTERN.fullmatch(value):
            raise self._invalid(key, value, _("ett tal, t.ex. 2 eller 1.5"))
        return decimal.Decimal(value.replace(",", "."))

    def boolean(self, key):
        value = self.scalar(key)
        if value is None:
            return None
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        raise self._invalid(key, value, _("true eller false"))

    def date(self, key):
        value = self.scalar(key)
        if value is None:
            return None
        try:
            if DATE_PATTERN.fullmatch(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        raise self.source.error(
            self.values[key],
            _('ogiltigt datum "%(value)s" i %(key)s; skriv datum som ÅÅÅÅ-MM-DD')
            % {"value": value, "key": key},
        )

    def choice(self, key, choices):
        value = self.scalar(key)
        if value is None:
            return ""
        allowed = [choice for choice, _label in choices]
        if value not in allowed:
            raise self.source.error(
                self.values[key],
                _('ogiltigt värde "%(value)s" i %(key)s; tillåtna värden: %(allowed)s')
                % {"value": value, "key": key, "allowed": ", ".join(allowed)},
            )
        return value

    def sequence(self, key):
        """The items of the list under `key`; an empty list when the key is absent."""
        if not self.has(key):
            return []
        node = self.values[key]
        if not isinstance(node, yaml.SequenceNode):
            raise self.source.error(
                node, _("%(key)s ska vara en lista (rader som börjar med -)") % {"key": key}
            )
        return node.value

    def _invalid(self, key, value, expected):
        return self.source.error(
            self.values[key],
            _('ogiltigt värde "%(value)s" i %(key)s; här väntades %(expected)s')
            % {"value": value, "key": key, "expected": expected},
        )


def _scalar_text(source, node, key):
    if not isinstance(node, yaml.ScalarNode):
        raise source.error(
            node,
            _("%(key)s ska vara ett enkelt värde, inte en lista eller mappning") % {"key": key},
        )
    return node.value.strip()


def _same(instance, name, value):
    field = instance._meta.get_field(name)
    if field.is_relation:
        return getattr(instance, field.attname) == (value.pk if value is not None else None)
    return getattr(instance, name) == value


class _Loader:
    """Walks the node tree and brings the database in line with it, kind by kind."""

    def __init__(self, source, document):
        self.source = source
        self.document = document
        self.summary = LoadSummary(file_name=source.file_name)
        self.seen = {}  # natural key -> line where the file first gave it

    def load(self):
        root = _Mapping(self.source, self.document, TOP_KEYS, required=("federation",))
        federation = self._federation(root.values["federation"])
        for position, node in enumerate(root.sequence("sub_regions"), start=1):
            self._sub_region(federation, node, position)
        self.sub_regions = {region.name: region for region in federation.sub_regions.all()}
        for node in root.sequence("municipalities"):
            self._municipality(federation, node)
        self.municipalities = {
            municipality.code: municipality for municipality in federation.municipalities.all()
        }
        for node in root.sequence("parties"):
            self._party(federation, node)
        self.parties = {party.code: party for party in federation.parties.all()}
        for node in root.sequence("groups"):
            self._group(federation, node)
        for node in root.sequence("decisions"):
            self._decision(federation, node)
        return self.summary

    def _federation(self, node):
        mapping = _Mapping(self.source, node, FEDERATION_KEYS, required=("name", "slug"))
        values = {
            "name": mapping.text("name"),
            "county": mapping.text("county"),
            "organisation_number": mapping.text("organisation_number"),
            "founded_on": mapping.date("founded_on"),
            "description": mapping.text("description"),
        }
        return self._save(mapping, Federation, {"slug": mapping.text("slug")}, values)

    def _sub_region(self, federation, node, position):
        mapping = _Mapping(self.source, node, SUB_REGION_KEYS, required=("name",))
        name = mapping.text("name")
        self._once(
            mapping, ("sub_region", name), _('delområdet "%(key)s" finns redan på rad %(line)d')
        )
        order = mapping.integer("order")
        values = {"order": position if order is None else order}
        self._save(mapping, SubRegion, {"federation": federation, "name": name}, values)

    def _municipality(self, federation, node):
        mapping = _Mapping(self.source, node, MUNICIPALITY_KEYS, required=("code", "name"))
        code = mapping.text("code")
        self._once(
            mapping, ("municipality", code), _('kommunkoden "%(key)s" finns redan på rad %(line)d')
        )
        existing = Municipality.objects.filter(code=code).select_related("federation").first()
        if existing is not None and existing.federation_id != federation.pk:
            raise self.source.error(
                mapping.node_of("code"),
                _('kommunkoden "%(code)s" hör redan till %(federation)s')
                % {"code": code, "federation": existing.federation},
            )
        sub_region = None
        if mapping.has("sub_region"):
            sub_region = self._reference(
                mapping, "sub_region", self.sub_regions, _('okänt delområde "%(value)s" i %(key)s')
            )
        values = {"federation": federation, "name": mapping.text("name"), "sub_region": sub_region}
        self._save(mapping, Municipality, {"code": code}, values)

    def _party(self, federation, node):
        mapping = _Mapping(self.source, node, PARTY_KEYS, required=("code", "name", "kind"))
        code = mapping.text("code")
        self._once(mapping, ("party", code), _('partkoden "%(key)s" finns redan på rad %(line)d'))
        municipality = self._municipality_of(mapping)
        values = {
            "name": mapping.text("name"),
            "short_name": mapping.text("short_name"),
            "kind": mapping.choice("kind", Party.Kind.choices),
            "municipality": municipality,
            "order": mapping.integer("order") or 0,
        }
        self._save(mapping, Party, {"federation": federation, "code": code}, values)

    def _group(self, federation, node):
        mapping = _Mapping(self.source, node, GROUP_KEYS, required=("kind", "name"))
        kind = mapping.choice("kind", GroupKind.choices)
        name = mapping.text("name")
        self._once(
            mapping, ("group", kind, name), _('gruppen "%(key)s" finns redan på rad %(line)d')
        )
        municipality = self._municipality_of(mapping)
        values = {
            "description": mapping.text("description"),
            "municipality": municipality,
            "started_on": mapping.date("started_on"),
            "ended_on": mapping.date("ended_on"),
        }
        lookup = {"federation": federation, "kind": kind, "name": name}
        self._save(mapping, Group, lookup, values)

    def _decision(self, federation, node):
        mapping = _Mapping(self.source, node, DECISION_KEYS, required=("title", "effective_from"))
        title = mapping.text("title")
        self._once(
            mapping, ("decision", title), _('beslutet "%(key)s" finns redan på rad %(line)d')
        )
        values = {key: mapping.text(key) for key in DECISION_TEXT_KEYS}
        values.update({key: mapping.date(key) for key in DECISION_DATE_KEYS})
        decision = self._save(mapping, Decision, {"federation": federation, "title": title}, values)
        kept = {self._rule(decision, rule_node) for rule_node in mapping.sequence("rules")}
        for rule in decision.rules.exclude(pk__in=kept):
            self._left_alone(
                _('Regeln för %(kind)s (%(period)s) i beslutet "%(decision)s"')
                % {
                    "kind": rule.get_group_kind_display(),
                    "period": _period(rule.valid_from, rule.valid_until),
                    "decision": decision,
                }
            )

    def _rule(self, decision, node):
        mapping = _Mapping(self.source, node, RULE_KEYS, required=("group_kind",))
        lookup = {
            "decision": decision,
            "group_kind": mapping.choice("group_kind", GroupKind.choices),
            "valid_from": mapping.date("valid_from"),
            "valid_until": mapping.date("valid_until"),
        }
        self._once(
            mapping,
            # The group kind last: the duplicate message names it.
            (
                "rule",
                decision.pk,
                lookup["valid_from"],
                lookup["valid_until"],
                lookup["group_kind"],
            ),
            _("en regel för %(key)s med samma giltighetstid finns redan på rad %(line)d"),
        )
        values = {key: mapping.integer(key) for key in RULE_INTEGER_KEYS}
        values.update(
            {
                key: mapping.choice(key, GroupRule.Responsible.choices)
                for key in RULE_RESPONSIBLE_KEYS
            }
        )
        values.update({key: mapping.boolean(key) for key in RULE_BOOLEAN_KEYS})
        values["preparation_factor"] = mapping.decimal("preparation_factor")
        values["note"] = mapping.text("note")
        values["responsible_party"] = None
        if mapping.has("responsible_party"):
            values["responsible_party"] = self._reference(
                mapping, "responsible_party", self.parties, _('okänd part "%(value)s" i %(key)s')
            )
        required_parties = {
            self._item_reference(
                item, "required_parties", self.parties, _('okänd part "%(value)s" i %(key)s')
            )
            for item in mapping.sequence("required_parties")
        }

        existing = GroupRule.objects.filter(**lookup).first()
        parties_changed = existing is not None and set(existing.required_parties.all()) != (
            required_parties
        )
        rule = self._save(mapping, GroupRule, lookup, values, force_update=parties_changed)
        if existing is None or parties_changed:
            rule.required_parties.set(required_parties)
        self._standing_items(rule, mapping)
        self._time_budgets(rule, mapping)
        return rule.pk

    def _standing_items(self, rule, rule_mapping):
        kept = set()
        for position, node in enumerate(rule_mapping.sequence("standing_items"), start=1):
            mapping = _Mapping(self.source, node, STANDING_ITEM_KEYS, required=("title",))
            title = mapping.text("title")
            self._once(
                mapping,
                ("standing_item", rule.pk, title),
                _('den stående punkten "%(key)s" finns redan på rad %(line)d'),
            )
            values = {
                "kind": mapping.choice("kind", StandingItem.Kind.choices)
                or StandingItem.Kind.OTHER,
                "order": position,
            }
            kept.add(self._save(mapping, StandingItem, {"rule": rule, "title": title}, values).pk)
        for item in rule.standing_items.exclude(pk__in=kept):
            self._left_alone(
                _('Den stående punkten "%(title)s" (%(rule)s)') % {"title": item, "rule": rule}
            )

    def _time_budgets(self, rule, rule_mapping):
        kept = set()
        if rule_mapping.has("time_budgets"):
            allowed = [kind for kind, _label in TimeBudget.RepresentativeKind.choices]
            mapping = _Mapping(self.source, rule_mapping.values["time_budgets"], allowed)
            for kind in mapping.values:
                values = {"hours_per_year": mapping.integer(kind)}
                if values["hours_per_year"] is None:
                    raise self.source.error(
                        mapping.node_of(kind), _("antal timmar saknas för %(key)s") % {"key": kind}
                    )
                lookup = {"rule": rule, "representative_kind": kind}
                kept.add(self._save(mapping, TimeBudget, lookup, values).pk)
        for budget in rule.time_budgets.exclude(pk__in=kept):
            self._left_alone(
                _('Tidsåtagandet "%(budget)s" (%(rule)s)') % {"budget": budget, "rule": rule}
            )

    def _save(self, mapping, model, lookup, values, force_update=False):
        """Create or update the object with natural key `lookup`, validated as a form would be."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            status = CREATED
        else:
            changed = [name for name, value in values.items() if not _same(instance, name, value)]
            if not changed and not force_update:
                self.summary.add(model, UNCHANGED)
                return instance
            for name in changed:
                setattr(instance, name, values[name])
            if isinstance(instance, VersionedModel):
                # A form opened before this load must not silently overwrite what it changed.
                instance.version += 1
            status = UPDATED
        self._validate(mapping, instance)
        try:
            instance.save()
        except IntegrityError as error:
            raise self.source.error(
                mapping.node, _("kan inte sparas: %(error)s") % {"error": error}
            ) from None
        self.summary.add(model, status)
        return instance

    def _validate(self, mapping, instance):
        try:
            instance.full_clean()
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            if field == NON_FIELD_ERRORS or field not in mapping.allowed:
                raise self.source.error(mapping.node, messages[0]) from None
            raise self.source.error(
                mapping.node_of(field),
                _("%(key)s: %(message)s") % {"key": field, "message": messages[0]},
            ) from None

    def _municipality_of(self, mapping):
        """The municipality a party or group names by its code, or None when it names none."""
        if not mapping.has("municipality"):
            return None
        return self._reference(
            mapping, "municipality", self.municipalities, _('okänd kommunkod "%(value)s" i %(key)s')
        )

    def _reference(self, mapping, key, known, unknown_message):
        return self._item_reference(mapping.values[key], key, known, unknown_message)

    def _item_reference(self, node, key, known, unknown_message):
        """The object `node` names among `known`; `unknown_message` says it names none."""
        value = _scalar_text(self.source, node, key)
        if value not in known:
            raise self.source.error(node, unknown_message % {"value": value, "key": key})
        return known[value]

    def _once(self, mapping, natural_key, duplicate_message):
        """Refuse a second object with the same natural key: it would overwrite the first."""
        if natural_key in self.seen:
            raise self.source.error(
                mapping.node,
                duplicate_message % {"key": natural_key[-1], "line": self.seen[natural_key]},
            )
        self.seen[natural_key] = mapping.line

    def _left_alone(self, description):
        self.summary.left_alone.append(
            _("%(object)s finns i databasen men inte i filen och lämnades orörd.")
            % {"object": description}
        )


def _period(valid_from, valid_until):
    if not (valid_from or valid_until):
        return _("hela beslutets giltighetstid")
    return f"{valid_from or ''} – {valid_until or ''}"
