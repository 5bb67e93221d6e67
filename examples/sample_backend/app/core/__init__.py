"""Business logic: pricing rules, order validation and security."""
