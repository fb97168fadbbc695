import factory

from members.models import Government, Organisation, Region, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("secret-password")


class GovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Government
        django_get_or_create = ("slug",)

    kind = Government.Kind.NATIONAL
    name = factory.Sequence(lambda n: f"Country {n}")
    iso3 = factory.Sequence(lambda n: f"{chr(65 + n // 676 % 26)}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    slug = factory.LazyAttribute(lambda government: government.iso3.lower())
    region = Region.EUROPE
    status = Government.Status.MEMBER

    class Params:
        local = factory.Trait(
            kind=Government.Kind.LOCAL,
            iso3="",
            parent=factory.SubFactory("members.tests.factories.GovernmentFactory"),
            slug=factory.Sequence(lambda n: f"local-{n}"),
        )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
