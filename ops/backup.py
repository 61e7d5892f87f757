"""Backup and restore of a whole site: the database content and its media.

A backup is a directory:

- ``manifest.json``: format version, when, the row count of every model, and the media
  manifest (every file a model refers to: storage name, size, sha256);
- ``data/<app_label>.<model>.jsonl``: the rows of each model (Django's serializer, foreign
  keys to content types and permissions by natural key, since a fresh instance numbers
  those differently);
- ``media/<name>``: the media files themselves, unless made with ``--manifest-only`` (when
  the S3 bucket is backed up on its own, e.g. by versioning or replication).

Restoring loads every row with its primary key into an instance that has been migrated but
holds no content, then checks that every model has the recorded number of rows and every
media file is in the media storage. Rows that are derived or transient (search index
entries, sessions, queued tasks) are not kept: the search index is rebuilt after a restore.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.management.color import no_style
from django.core.serializers.jsonl import Serializer as JSONLSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction

from library.progress import no_progress

FORMAT_VERSION = 1

# Recreated by `migrate` (content types, permissions) or derived/transient data.
SKIPPED_APPS = {"contenttypes", "sessions", "wagtailsearch", "django_tasks_database"}
SKIPPED_MODELS = {"auth.permission"}


class BackupSerializer(JSONLSerializer):
    """Django's JSONL serializer, with natural keys only for content types and permissions
    (which a fresh instance numbers differently); every other reference keeps its primary
    key, which also keeps references to deleted rows (log entries of deleted pages) intact."""

    natural_key_models = {"contenttypes.contenttype", "auth.permission"}

    def _use_natural_key(self, field):
        self.use_natural_foreign_keys = (
            field.remote_field.model._meta.label_lower in self.natural_key_models
        )

    def handle_fk_field(self, obj, field):
        self._use_natural_key(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._use_natural_key(field)
        super().handle_m2m_field(obj, field)


class RestoreRefused(Exception):
    """The restore would overwrite content or could not be completed."""


def label_of(model):
    return model._meta.label_lower


def backed_up_models():
    """Concrete, managed models, in dependency order (the order dumpdata uses)."""
    app_list = [
        (config, None)
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in SKIPPED_APPS
    ]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.managed
        and not model._meta.proxy
        and label_of(model) not in SKIPPED_MODELS
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def model_counts():
    return {label_of(model): model._base_manager.count() for model in backed_up_models()}


def media_references():
    """Every stored file a row refers to: {storage name: storage}."""
    files = {}
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names = (
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
                for name in names.iterator():
                    files[name] = field.storage
    return files


def _sha256(handle):
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup(out_dir, *, copy_media=True, progress=None):
    progress = progress or no_progress
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise RestoreRefused(f"备份目录 {out_dir} 不是空的，请换一个目录")
    (out_dir / "data").mkdir(parents=True, exist_ok=True)

    counts = {}
    connection = connections[DEFAULT_DB_ALIAS]
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    # One snapshot: every model read in the same transaction (repeatable on PostgreSQL).
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        ordered = backed_up_models()
        for index, model in enumerate(ordered, 1):
            label = label_of(model)
            queryset = model._base_manager.order_by(model._meta.pk.name)
            counts[label] = queryset.count()
            if counts[label]:
                with open(out_dir / "data" / f"{label}.jsonl", "w", encoding="utf-8") as stream:
                    BackupSerializer().serialize(queryset.iterator(chunk_size=500), stream=stream)
            progress("导出数据", index, len(ordered))

        references = media_references()

    media = []
    missing = []
    for index, (name, storage) in enumerate(sorted(references.items()), 1):
        try:
            with storage.open(name, "rb") as handle:
                if copy_media:
                    target = out_dir / "media" / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha256()
                    with open(target, "wb") as copy:
                        for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):
                            digest.update(chunk)
                            copy.write(chunk)
                    sha256 = digest.hexdigest()
                    size = target.stat().st_size
                else:
                    sha256 = _sha256(handle)
                    size = storage.size(name)
        except (FileNotFoundError, OSError) as error:
            missing.append({"name": name, "error": str(error)})
        else:
            media.append({"name": name, "size": size, "sha256": sha256})
        progress("媒体文件", index, len(references))

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
        "media_copied": copy_media,
        "counts": counts,
        "media": media,
        "media_missing_at_backup": missing,
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def instance_has_content():
    """Whether restoring here would overwrite someone's work.

    A freshly migrated instance has only what Wagtail's migrations create (a root page, a
    welcome page of the base page type, the root collection, a default site).
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    return (
        get_user_model()._base_manager.exists()
        or Page.objects.exclude(content_type__app_label="wagtailcore").exists()
        or get_document_model().objects.exists()
        or get_image_model().objects.exists()
    )


def _clear_content():
    """Empty every backed-up table, keeping content types and permissions from migrate."""
    # Wagtail's database search index is rebuilt after the restore; deleting through the
    # ORM also empties SQLite's full-text table behind it.
    apps.get_model("wagtailsearch", "IndexEntry").objects.all().delete()
    connection = connections[DEFAULT_DB_ALIAS]
    tables = [model._meta.db_table for model in backed_up_models()]
    tables += [
        field.remote_field.through._meta.db_table
        for model in backed_up_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    existing = set(connection.introspection.table_names())
    statements = connection.ops.sql_flush(
        no_style(),
        sorted(t for t in set(tables) if t in existing),
        reset_sequences=True,
        allow_cascade=False,
    )
    connection.ops.execute_sql_flush(statements)


def restore(in_dir, *, force=False, progress=None):
    progress = progress or no_progress
    in_dir = Path(in_dir)
    manifest_path = in_dir / "manifest.json"
    if not manifest_path.is_file():
        raise RestoreRefused(f"{in_dir} 中没有 manifest.json，不是本站的备份目录")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreRefused(f"备份格式 {manifest.get('format')} 与本程序（{FORMAT_VERSION}）不符")
    if instance_has_content() and not force:
        raise RestoreRefused(
            "目标站点已有内容（用户、页面或媒体），拒绝恢复以免覆盖；确认要清空并覆盖时请加 --force"
        )
    known = {label_of(model): model for model in backed_up_models()}
    unknown = sorted(set(manifest["counts"]) - set(known))
    if unknown:
        raise RestoreRefused(
            f"备份中有本站没有的模型：{', '.join(unknown)}（请先部署相同版本并迁移）"
        )

    connection = connections[DEFAULT_DB_ALIAS]
    total = sum(manifest["counts"].values())
    loaded = 0
    with transaction.atomic(), connection.constraint_checks_disabled():
        _clear_content()
        deferred = []
        for label in manifest["counts"]:
            path = in_dir / "data" / f"{label}.jsonl"
            if not path.exists():
                continue
            with open(path, encoding="utf-8") as stream:
                for obj in serializers.deserialize("jsonl", stream, handle_forward_references=True):
                    obj.save()
                    if obj.deferred_fields:
                        deferred.append(obj)
                    loaded += 1
                    if loaded % 200 == 0 or loaded == total:
                        progress("导入数据", loaded, total)
        for obj in deferred:
            obj.save_deferred_fields()
        connection.check_constraints()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), known.values()):
                cursor.execute(statement)

    counts = model_counts()
    wrong = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    if wrong:
        details = "；".join(f"{label} 应为 {e} 实为 {a}" for label, (e, a) in wrong.items())
        raise RestoreRefused(f"恢复后的行数与备份不符：{details}")

    missing = restore_media(in_dir, manifest, progress)
    return {"rows": loaded, "media": len(manifest["media"]), "missing_media": missing}


def restore_media(in_dir, manifest, progress):
    """Put the backed-up files into this instance's storage; list any that are absent."""
    references = media_references()
    missing = []
    entries = manifest["media"]
    for index, entry in enumerate(entries, 1):
        name = entry["name"]
        storage = references.get(name)
        if storage is None:
            from django.core.files.storage import default_storage

            storage = default_storage
        source = in_dir / "media" / name
        if not storage.exists(name) and source.is_file():
            with open(source, "rb") as handle:
                saved = storage.save(name, File(handle, name=Path(name).name))
            if saved != name:
                missing.append(name)
        if not storage.exists(name):
            missing.append(name)
        progress("媒体文件", index, len(entries))
    return sorted(set(missing))
