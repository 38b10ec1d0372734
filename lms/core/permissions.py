from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions for viewing; nobody, superusers included, may add, change or delete."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions) - self.WRITE_ACTIONS
        if not actions:
            return self.user_model._default_manager.none()
        return super().users_with_any_permission(actions)
