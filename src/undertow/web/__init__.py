"""The local analyst dashboard (``undertow serve``): overview, posts, authors, queue, corrections.

See docs/dashboard.md. Build the app with :func:`create_app`, run it with :func:`serve`.
"""

from undertow.web.app import bind_socket, create_app, dashboard_url, serve

__all__ = ["bind_socket", "create_app", "dashboard_url", "serve"]
