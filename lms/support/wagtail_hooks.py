from wagtail import hooks

from lms.support.viewsets import SupportViewSetGroup


@hooks.register("register_admin_viewset")
def register_support_viewsets():
    return SupportViewSetGroup()
