"""Build the catalog from Microsoft's documentation sources: pages read, facts merged, catalog written."""
