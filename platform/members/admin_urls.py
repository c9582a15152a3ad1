from django.urls import path

from .views import admin

app_name = "members_admin"
urlpatterns = [
    path("", admin.index, name="index"),
    path("invite/", admin.invite, name="invite"),
    path("<int:pk>/approve/", admin.approve, name="approve"),
    path("<int:pk>/role/", admin.change_role, name="change_role"),
    path("<int:pk>/remove/", admin.remove, name="remove"),
    path("invitations/<int:pk>/resend/", admin.resend_invitation, name="resend_invitation"),
    path("invitations/<int:pk>/revoke/", admin.revoke_invitation, name="revoke_invitation"),
]
