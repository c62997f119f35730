from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import AccessLogEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Samverkan"), {"fields": ("role",)}))
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_superuser")


# The Django admin is for superusers only; staff status alone opens nothing here.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes access log entries, superusers included."""

    list_display = ("at", "username", "case_code", "action", "what", "page")
    list_filter = ("action",)
    search_fields = ("username", "case_code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
