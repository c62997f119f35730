from django.urls import path

from samverkan.meetings.views import calendar, meetings, minutes, prereads, reports

app_name = "meetings"

urlpatterns = [
    # Groups and series
    path("", meetings.meeting_list, name="list"),
    path("grupp/<int:group_pk>/", meetings.group_meetings, name="group"),
    path("grupp/<int:group_pk>/serie/", meetings.series, name="series"),
    path("grupp/<int:group_pk>/nytt/", meetings.meeting_create, name="create"),
    # One meeting
    path("<int:pk>/", meetings.meeting, name="meeting"),
    path("<int:pk>/andra/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/stall-in/", meetings.meeting_cancel, name="cancel"),
    path("<int:pk>/mote.ics", meetings.meeting_ics, name="ics"),
    # Agenda
    path("<int:pk>/dagordning/", meetings.agenda, name="agenda"),
    path("<int:pk>/dagordning/pdf/", meetings.agenda_pdf, name="agenda_pdf"),
    path("dagordning/<int:item_pk>/andra/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path(
        "dagordning/<int:item_pk>/ta-bort/", meetings.agenda_item_delete, name="agenda_item_delete"
    ),
    path("dagordning/<int:item_pk>/flytta/", meetings.agenda_item_move, name="agenda_item_move"),
    # Pre-reads and invitations
    path("<int:pk>/forhandsinformation/", prereads.pre_reads, name="pre_reads"),
    path(
        "<int:pk>/forhandsinformation/<int:party_pk>/",
        prereads.pre_read_submit,
        name="pre_read_submit",
    ),
    path("<int:pk>/forhandsinformation/paket.pdf", prereads.pack_pdf, name="pack_pdf"),
    path("<int:pk>/paminnelse/", prereads.send_reminders, name="reminders"),
    path("bilaga/<int:attachment_pk>/", prereads.attachment, name="attachment"),
    path("dokument/<int:document_pk>/", prereads.document, name="document"),
    path(
        "dokument/<int:document_pk>/ta-bort/",
        prereads.document_delete,
        name="document_delete",
    ),
    path("<int:pk>/kallelse/", prereads.invitation, name="invitation"),
    # Attendance, minutes and action items
    path("<int:pk>/narvaro/", minutes.attendance, name="attendance"),
    path("<int:pk>/minnesanteckningar/", minutes.minutes, name="minutes"),
    path(
        "<int:pk>/minnesanteckningar/version/<int:number>/",
        minutes.minutes_version,
        name="minutes_version",
    ),
    path(
        "<int:pk>/minnesanteckningar/version/<int:number>/pdf/",
        minutes.minutes_pdf,
        name="minutes_pdf",
    ),
    path(
        "<int:pk>/minnesanteckningar/<str:action>/", minutes.minutes_action, name="minutes_action"
    ),
    path("<int:pk>/atgarder/ny/", minutes.action_item_create, name="action_item_create"),
    path("atgarder/<int:item_pk>/andra/", minutes.action_item_edit, name="action_item_edit"),
    path("atgarder/<int:item_pk>/status/", minutes.action_item_status, name="action_item_status"),
    # Reports
    path("narvaro/", reports.attendance_report, name="attendance_report"),
    path("tid/", reports.time_accounts, name="time_accounts"),
    path("uppfoljning/", reports.follow_up, name="follow_up"),
    # The personal calendar feed's settings (the feed itself is outside /moten/, no sign-in)
    path("kalender/", calendar.calendar_settings, name="calendar_settings"),
]
