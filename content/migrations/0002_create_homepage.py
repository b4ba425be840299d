"""Replace Wagtail's placeholder "Welcome" page with our HomePage and point the site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("content", "HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="content")
    home = HomePage.objects.create(
        title="Bootcamp LMS",
        draft_title="Bootcamp LMS",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=root.locale_id,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Bootcamp LMS"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("content", "HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
