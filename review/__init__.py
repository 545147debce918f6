"""Deciding: reconcile totals across sources, review claims in the browser, export cited tables."""
