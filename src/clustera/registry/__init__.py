"""The registry: regions, taxonomies, organisations, clusters, offers and services."""
