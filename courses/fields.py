"""A multiple-choice model field stored as text, so it filters the same on SQLite and PostgreSQL.

Values are kept as ``,leaders,document_writers,``: the surrounding commas let
``field__contains=",leaders,"`` match one choice exactly, without a join table for three fixed
choices and without JSON lookups that SQLite lacks.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class MultipleChoiceField(models.CharField):
    def __init__(self, *args, choices=(), **kwargs):
        self.multiple_choices = list(choices)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices"] = self.multiple_choices
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [part for part in value.split(",") if part]

    def get_prep_value(self, value):
        values = self.to_python(value)
        return f",{','.join(values)}," if values else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {key for key, _ in self.multiple_choices}
        unknown = [item for item in self.to_python(value) if item not in allowed]
        if unknown:
            raise ValidationError(f"无效的选项：{'、'.join(unknown)}")
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.multiple_choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        return forms.TypedMultipleChoiceField(
            **{k: v for k, v in defaults.items() if k != "form_class"}
        )

    def get_lookup_value(self, choice):
        """The text to pass to ``__contains`` to find rows holding ``choice``."""
        return f",{choice},"

    def labels(self, values):
        names = dict(self.multiple_choices)
        return [names.get(value, value) for value in values]
