"""How case study relations appear in API v2 responses."""

from rest_framework import serializers


class CitySerializer(serializers.Field):
    def to_representation(self, city):
        if city is None:
            return None
        return {"id": city.id, "title": city.title, "slug": city.slug, "country": city.country}


class ThemesSerializer(serializers.Field):
    def to_representation(self, themes):
        return [{"id": t.id, "name": t.name, "slug": t.slug} for t in themes.all()]


class TagsSerializer(serializers.Field):
    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())
