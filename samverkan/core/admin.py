from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Samverkan"), {"fields": ("role",)}))
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_superuser")


# The Django admin is for superusers only; staff status alone opens nothing here.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
