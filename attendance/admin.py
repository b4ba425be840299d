from django.contrib import admin

from attendance.models import (
    AttendanceChange,
    AttendanceImport,
    AttendancePolicy,
    AttendanceRecord,
    ParticipantAlias,
    SessionSettings,
)


@admin.register(AttendancePolicy)
class AttendancePolicyAdmin(admin.ModelAdmin):
    list_display = ["bootcamp", "present_percent", "late_after_minutes", "opens_minutes_before",
                    "closes_minutes_after"]


@admin.register(SessionSettings)
class SessionSettingsAdmin(admin.ModelAdmin):
    list_display = ["session", "present_percent", "late_after_minutes", "code_rotated_at"]
    readonly_fields = ["check_in_code", "code_rotated_at"]


class ChangeInline(admin.TabularInline):
    model = AttendanceChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "source", "from_status", "to_status",
                       "from_minutes", "to_minutes", "applied", "report"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(admin.ModelAdmin):
    # Records change only through the services (precedence + audit), never by hand here.
    list_display = ["user", "session", "status", "minutes", "source", "changed_at"]
    list_filter = ["status", "source"]
    list_select_related = ["user", "session"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "session", "bootcamp", "status", "minutes", "source",
                       "changed_by", "changed_at"]
    inlines = [ChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(ParticipantAlias)
class ParticipantAliasAdmin(admin.ModelAdmin):
    list_display = ["identifier", "user", "bootcamp", "created_at"]
    search_fields = ["identifier", "user__email"]
    raw_id_fields = ["user"]


@admin.register(AttendanceImport)
class AttendanceImportAdmin(admin.ModelAdmin):
    list_display = ["session", "original_name", "kind", "state", "rows", "uploaded_at"]
    readonly_fields = ["session", "file", "original_name", "sha256", "kind", "state",
                       "uploaded_by", "uploaded_at", "applied_at", "rows"]

    def has_add_permission(self, request):
        return False
