from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.audit.models import AuditEvent
from lms.audit.viewsets import AuditEventViewSet
from lms.core.permissions import ReadOnlyPermissionPolicy

# Administrators may read the audit log; nobody may add, change or delete it.
register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent), exact_class=True)


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("audit")
