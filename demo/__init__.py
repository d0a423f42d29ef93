"""Demo and benchmark data: generated projects that write through the real services.

- `demo.project`: the demo project's registers (a coastal road in Bình Thuận, real French
  cadastral shapes moved into place), through the landcases services;
- `demo.history`: its consultation histories, through the one door of the case record;
- `demo.bench`: the benchmark project of N parcels (registers in bulk, histories through the
  door), used by `bench/`;
- `demo.data`: the parcel shapes, compressed, with their licence (data/README.md).

Nothing here is imported by the domain apps.
"""
