"""Pure functions over facts: no Django, no database (architecture.md, Core design 4)."""
