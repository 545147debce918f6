"""The analyst review app (FastAPI + Jinja2, server-rendered, no JavaScript)."""
