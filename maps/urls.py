from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("<slug:code>/", views.progress_map, name="progress_map"),
    path("<slug:code>/tiles/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tile"),
    path("<slug:code>/counts", views.counts, name="counts"),
    path("<slug:code>/layers", views.layers, name="layers"),
    path("<slug:code>/parcel-at", views.parcel_at, name="parcel_at"),
]
