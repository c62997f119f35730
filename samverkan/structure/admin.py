from django.contrib import admin

from samverkan.structure import models


class StandingItemInline(admin.TabularInline):
    model = models.StandingItem
    extra = 0


class TimeBudgetInline(admin.TabularInline):
    model = models.TimeBudget
    extra = 0


@admin.register(models.GroupRule)
class GroupRuleAdmin(admin.ModelAdmin):
    list_display = ("decision", "group_kind", "valid_from", "valid_until")
    inlines = [StandingItemInline, TimeBudgetInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "group", "role", "party", "valid_from", "valid_to")
    list_filter = ("role", "group__kind")
    search_fields = ("person__first_name", "person__last_name", "group__name")


for model in (
    models.Federation,
    models.SubRegion,
    models.Municipality,
    models.Party,
    models.Unit,
    models.Person,
    models.Group,
    models.Decision,
):
    admin.site.register(model)
