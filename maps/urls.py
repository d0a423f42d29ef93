from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("spike/", views.spike_page, name="spike"),
    path("spike/tiles/<int:z>/<int:x>/<int:y>.pbf", views.spike_tile_view, name="spike-tile"),
    path("spike/at", views.spike_at, name="spike-at"),
]
