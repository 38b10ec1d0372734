import unicodedata

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lms.accounts.roles import STAFF_ROLES, Role


def normalise_email(email):
    """Trim, NFC-normalise and lower-case an e-mail address: one person, one key."""
    return unicodedata.normalize("NFC", (email or "").strip()).lower()


def normalise_name(value):
    return unicodedata.normalize("NFC", (value or "").strip())


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_any_role(*STAFF_ROLES):
            return self
        if user.organisation_id:
            return self.filter(pk=user.organisation_id)
        return self.none()


class Organisation(models.Model):
    """A corporate client. Learners belong to at most one; its managers see only it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive clients keep their history.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_name(self.name)
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Log-in by e-mail is case-insensitive: Ana@X.com and ana@x.com are one person.
        return self.get(email__iexact=normalise_email(email))

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"], validate_unique=False)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, viewer):
        return self.get_queryset().visible_to(viewer)


class UserQuerySet(models.QuerySet):
    def with_role(self, role):
        return self.filter(groups__name=role)

    def learners(self):
        return self.with_role(Role.LEARNER)

    def in_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def visible_to(self, viewer):
        """
        The people a viewer may see. Staff (coordinators, support, administrators)
        see everyone; a corporate manager sees their organisation; anyone else
        sees only themselves. Later apps widen an instructor's view to their
        cohorts through their own QuerySets.
        """
        if not viewer.is_authenticated:
            return self.none()
        if viewer.is_superuser or viewer.has_any_role(*STAFF_ROLES):
            return self
        if viewer.has_role(Role.MANAGER) and viewer.organisation_id:
            return self.filter(organisation_id=viewer.organisation_id)
        return self.filter(pk=viewer.pk)


class User(AbstractUser):
    """A person. The e-mail address is the login and is unique whatever its case."""

    username = None
    # unique=True guards exact duplicates (and satisfies auth.W004); the Lower()
    # constraint below makes the address unique whatever its case.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("The corporate client this person belongs to, if any."),
    )
    department = models.CharField(
        _("department"),
        max_length=120,
        blank=True,
        help_text=_("Learner group within the organisation."),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    employee_id = models.CharField(_("employee id"), max_length=64, blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("A person with this e-mail address already exists."),
            ),
            models.CheckConstraint(condition=~Q(email=""), name="accounts_user_email_not_blank"),
        ]
        permissions = [
            ("invite_user", _("Can invite people by e-mail")),
            ("assign_role", _("Can give and take away roles")),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)
        self.first_name = normalise_name(self.first_name)
        self.last_name = normalise_name(self.last_name)

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        self.first_name = normalise_name(self.first_name)
        self.last_name = normalise_name(self.last_name)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    # Roles ---------------------------------------------------------------
    @property
    def role_names(self):
        """Group names, cached for the life of this instance (one query)."""
        if not hasattr(self, "_role_names"):
            self._role_names = (
                frozenset(self.groups.values_list("name", flat=True)) if self.pk else frozenset()
            )
        return self._role_names

    def forget_roles(self):
        self.__dict__.pop("_role_names", None)

    def has_role(self, role):
        return role in self.role_names

    def has_any_role(self, *roles):
        return bool(self.role_names.intersection(roles))

    @property
    def roles(self):
        return [role for role in Role if role in self.role_names]

    @property
    def can_access_admin(self):
        """Whether to offer the Wagtail admin (from roles: no permission queries)."""
        from lms.accounts.roles import ADMIN_ROLES

        return self.is_superuser or self.is_staff or self.has_any_role(*ADMIN_ROLES)

    @property
    def is_operations_staff(self):
        return self.is_superuser or self.has_any_role(*STAFF_ROLES)
