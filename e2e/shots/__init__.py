"""The guide's documentation pictures: taken while the scenario walks it, checked, rendered."""
