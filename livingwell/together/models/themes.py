"""Themes in what people wrote: groups the clustering found, named and merged by a person.

A text (a feedback comment or a published story, already redacted) belongs to at most one theme,
by kind and key: no foreign key, so the grouping needs nothing of voice's tables but `free_texts()`.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ThemeRun(models.Model):
    """One run of the grouping: when, how, over how many texts."""

    ran_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=20)  # tfidf | embeddings
    texts = models.PositiveIntegerField()
    groups = models.PositiveIntegerField()

    class Meta:
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"Grouping of {self.texts} texts at {self.ran_at:%Y-%m-%d %H:%M}"


class Theme(models.Model):
    """A group of texts about the same thing. Until someone names it, its top terms stand in."""

    name = models.CharField(max_length=120, blank=True)
    top_terms = models.JSONField(default=list)
    # The texts nearest the group's centre when last grouped, as [kind, pk] pairs: its examples.
    examples = models.JSONField(default=list)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    decisions = models.ManyToManyField("together.Decision", blank=True, related_name="themes")
    actions = models.ManyToManyField("together.Action", blank=True, related_name="themes")
    found_by = models.ForeignKey(ThemeRun, null=True, on_delete=models.SET_NULL, related_name="themes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The name a person gave, or the top terms until then."""
        return self.name or ", ".join(self.top_terms[:3]) or f"Theme {self.pk}"

    @property
    def kept(self) -> bool:
        """Whether a person has made the theme theirs (named it or linked it), so a re-run keeps it."""
        return bool(self.name) or self.decisions.exists() or self.actions.exists()


class ThemeText(models.Model):
    """A text's place in a theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="texts")
    kind = models.CharField(max_length=10)  # voice.texts.FreeText.kind: feedback | story
    text_pk = models.PositiveIntegerField()
    at = models.DateTimeField()  # when it was written (or the story published): for counts over time

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "text_pk"], name="one_theme_a_text")]

    def __str__(self) -> str:
        return f"{self.kind} {self.text_pk} in theme {self.theme_id}"
